"""The caller's controls against the real SmartEM backend, checked in PostgreSQL:
``with_options`` headers and deadlines for some calls, and the answer's headers on errors.
"""

from __future__ import annotations

import asyncio
import threading
import uuid

import httpx
import pytest

from smartem_ext import (
    AcquisitionData,
    AnswerLimits,
    AsyncSmartEMAPIClient,
    AuthError,
    BearerToken,
    DeadlineExceeded,
    SmartEMAPIClient,
)
from tests.support.real_backend import RealBackend

pytestmark = pytest.mark.real_backend

TIMEOUT = 30.0


def _stored(backend: RealBackend, acquisition_uuid: str) -> list[list[str]]:
    return backend.sql(f"select uuid, name from acquisition where uuid = '{acquisition_uuid}'")


def test_headers_of_a_derived_client_carry_its_calls_and_a_refusal_shows_the_answers_headers(
    real_backend: RealBackend,
) -> None:
    session = AcquisitionData(name=f"options {uuid.uuid4().hex[:8]}")
    with SmartEMAPIClient(real_backend.url, TIMEOUT, retry=None) as anonymous:
        with pytest.raises(AuthError) as refused:
            anonymous.create_acquisition(session)
        assert refused.value.status_code == 401
        assert refused.value.headers["WWW-Authenticate"].lower().startswith("bearer")
        assert _stored(real_backend, session.uuid) == []

        signed = anonymous.with_options(headers=real_backend.auth_headers())
        assert signed.create_acquisition(session).uuid == session.uuid
        assert _stored(real_backend, session.uuid) == [[session.uuid, session.name]]
        assert signed.get_acquisition(session.uuid).name == session.name
        # The header went with the derived client's calls only.
        with pytest.raises(AuthError):
            anonymous.get_acquisition(session.uuid)
        assert anonymous.stats.requests == 4


def test_an_async_derived_client_writes_with_its_headers(real_backend: RealBackend) -> None:
    session = AcquisitionData(name=f"options async {uuid.uuid4().hex[:8]}")

    async def create() -> str:
        async with AsyncSmartEMAPIClient(real_backend.url, TIMEOUT, retry=None) as anonymous:
            signed = anonymous.with_options(headers=real_backend.auth_headers())
            return (await signed.create_acquisition(session)).uuid

    assert asyncio.run(create()) == session.uuid
    assert _stored(real_backend, session.uuid) == [[session.uuid, session.name]]


def test_a_per_call_deadline_ends_a_call_the_paused_backend_holds_and_the_rerun_stores_once(
    real_backend: RealBackend,
) -> None:
    session = AcquisitionData(name=f"options deadline {uuid.uuid4().hex[:8]}")
    auth = BearerToken(real_backend.token())
    with SmartEMAPIClient(real_backend.url, TIMEOUT, auth=auth, retry=None) as client:
        client.get_status()  # a connection open before the pause
        hasty = client.with_options(limits=AnswerLimits(deadline=1.0))
        real_backend.pause()
        resume = threading.Timer(4.0, real_backend.resume)
        resume.start()
        try:
            with pytest.raises(DeadlineExceeded) as late:
                hasty.create_acquisition(session)
        finally:
            resume.join()
        assert (late.value.seconds, late.value.reached) == (1.0, True)
        assert client.deadline == 6 * TIMEOUT

        # The same create on the client's own deadline: stored once, whether or not the
        # request the paused backend held landed when it woke.
        assert client.create_acquisition(session).uuid == session.uuid
    assert _stored(real_backend, session.uuid) == [[session.uuid, session.name]]


def test_a_given_httpx_client_keeps_the_user_agent_and_the_deadline(
    real_backend: RealBackend,
) -> None:
    agents: list[str] = []
    hooks = {"request": [lambda request: agents.append(request.headers["user-agent"])]}
    session = AcquisitionData(name=f"options borrowed {uuid.uuid4().hex[:8]}")
    with (
        httpx.Client(
            base_url=real_backend.url,
            headers=real_backend.auth_headers(),
            event_hooks=hooks,
        ) as http,
        SmartEMAPIClient(real_backend.url, TIMEOUT, httpx_client=http) as client,
    ):
        client.create_acquisition(session)
        assert client.stats.requests == 1
        assert client.deadline == 6 * TIMEOUT
    assert _stored(real_backend, session.uuid) == [[session.uuid, session.name]]
    assert agents and all(agent.startswith("smartem-client/") for agent in agents)
