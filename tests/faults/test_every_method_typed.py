"""Every public method of both clients and the stream client, against hostile servers and
with bad arguments, fails only with a SmartEMError (or TypeError for a wrong type).
"""

from __future__ import annotations

import asyncio
import inspect
import math
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from smartem_ext import (
    AnswerLimits,
    AsyncSmartEMAPIClient,
    BearerToken,
    InvalidResponse,
    SmartEMAPIClient,
    SmartEMError,
    SSEAgentClient,
)
from tests.faults.hostile import hostile_server

SERVERS = ["wrong_shape_json", "closes_at_once", "html_error", "endless_chunked_body"]
LIMITS = AnswerLimits(deadline=2.0, max_received=64 * 1024, max_decoded=64 * 1024)
TOKEN = "walk-token-90d1"

BAD_VALUES: list[Any] = [
    "u" * (1 << 20),  # a 1 MB identifier
    "a\x00b",
    "",
    "../..",
    "fine-id",
    None,
    2**70,
    math.nan,
    object(),
    [object()],
]


def _public(cls: type) -> Iterator[str]:
    for name, member in inspect.getmembers(cls):
        if not name.startswith("_") and inspect.isfunction(member) and name != "close":
            yield name


def _required(method: Callable[..., Any]) -> int:
    parameters = inspect.signature(method).parameters.values()
    return sum(1 for p in parameters if p.default is inspect.Parameter.empty)


def _accepted(error: BaseException) -> bool:
    return isinstance(error, SmartEMError | TypeError)


def _escaped(outcomes: list[tuple[str, object, BaseException | None]]) -> list[str]:
    return [
        f"{name}({value!r:.40}) raised {type(error).__name__}: {error!s:.200}"
        for name, value, error in outcomes
        if error is not None and not _accepted(error)
    ]


def _walk_sync(
    client: Any, names: list[str], **options: Any
) -> list[tuple[str, object, BaseException | None]]:
    outcomes: list[tuple[str, object, BaseException | None]] = []
    for name in names:
        method = getattr(client, name)
        given = {k: v for k, v in options.items() if k in inspect.signature(method).parameters}
        for value in BAD_VALUES:
            try:
                method(*[value] * _required(method), **given)
            except BaseException as error:  # judged by _escaped
                outcomes.append((name, value, error))
            else:
                outcomes.append((name, value, None))
    return outcomes


async def _walk_async(
    client: Any, names: list[str]
) -> list[tuple[str, object, BaseException | None]]:
    outcomes: list[tuple[str, object, BaseException | None]] = []
    for name in names:
        method = getattr(client, name)
        for value in BAD_VALUES:
            try:
                await method(*[value] * _required(method))
            except BaseException as error:  # judged by _escaped
                outcomes.append((name, value, error))
            else:
                outcomes.append((name, value, None))
    return outcomes


@pytest.mark.parametrize("server", SERVERS)
def test_every_sync_client_method_fails_typed(server: str) -> None:
    names = list(_public(SmartEMAPIClient))
    with hostile_server(server) as url:
        auth = BearerToken(TOKEN)
        with SmartEMAPIClient(url, 1.0, auth=auth, retry=None, limits=LIMITS) as client:
            outcomes = _walk_sync(client, names)
    assert len(names) > 50
    assert _escaped(outcomes) == []
    assert all(TOKEN not in str(error) for _, _, error in outcomes)


@pytest.mark.parametrize("server", SERVERS)
def test_every_async_client_method_fails_typed(server: str) -> None:
    names = list(_public(AsyncSmartEMAPIClient))

    async def walk(url: str) -> list[tuple[str, object, BaseException | None]]:
        auth = BearerToken(TOKEN)
        async with AsyncSmartEMAPIClient(url, 1.0, auth=auth, retry=None, limits=LIMITS) as client:
            return await _walk_async(client, names)

    with hostile_server(server) as url:
        outcomes = asyncio.run(walk(url))
    assert len(names) > 50
    assert _escaped(outcomes) == []


_SSE_CALLS = ["acknowledge_instruction", "send_heartbeat", "get_stats", "reset_stats"]


@pytest.mark.parametrize("server", SERVERS)
def test_every_stream_client_method_fails_typed(server: str) -> None:
    with hostile_server(server) as url:
        client = SSEAgentClient(
            url, "agent-1", "session-1", 1.0, max_retries=0, retry=None, limits=LIMITS
        )
        with client:
            # retry_count=0: the acknowledgement's own backoff would only make the walk slow.
            outcomes = _walk_sync(client, _SSE_CALLS, retry_count=0)
            for value in BAD_VALUES:
                try:
                    client.stream_instructions(value)
                except BaseException as error:  # judged by _escaped
                    outcomes.append(("stream_instructions", value, error))
            errors: list[BaseException | None] = []

            async def stream_async() -> None:
                for value in BAD_VALUES[:3]:
                    try:
                        await client.stream_instructions_async(value, auto_retry=False)
                    except BaseException as error:  # judged by _escaped
                        errors.append(error)
                    for name in ("acknowledge_instruction_async", "send_heartbeat_async"):
                        method = getattr(client, name)
                        try:
                            await method(*[value] * _required(method), retry_count=0)
                        except BaseException as error:  # judged by _escaped
                            errors.append(error)

            asyncio.run(stream_async())
            outcomes.extend(("async", None, error) for error in errors)
    assert _escaped(outcomes) == []


def test_a_keyword_argument_called_name_reaches_the_plan() -> None:
    with (
        hostile_server("wrong_shape_json") as url,
        SmartEMAPIClient(url, 1.0, retry=None, limits=LIMITS) as client,
        pytest.raises(InvalidResponse),
    ):
        client.get_quality_prediction_model(name="model-a")
