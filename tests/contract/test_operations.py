"""Every operation of the spec, called through the generated client against Prism."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from smartem_api import AuthenticatedClient, models
from tests.contract.calls import ClientFactory, call
from tests.support.spec import Operation, inline_refs, operations, ref_name, success_response

STREAM_EXCLUSION_REASON = (
    "text/event-stream endpoints are left out: the real ones keep the connection open and "
    "send events, while Prism answers once with a static placeholder string, so a call "
    "through sync_detailed would check nothing of the stream contract."
)
ALL_OPERATIONS = list(operations())
STREAMS = [op for op in ALL_OPERATIONS if op.is_stream]
OPERATIONS = [op for op in ALL_OPERATIONS if not op.is_stream]
JSON = "application/json"
PNG = "image/png"
PRIMITIVES: dict[str, type | tuple[type, ...]] = {
    "boolean": bool,
    "integer": int,
    "number": (int, float),
    "string": str,
}


def test_only_the_two_event_streams_are_left_out() -> None:
    assert {op.operation_id for op in STREAMS} == {"stream_instructions", "stream_frontend_events"}
    assert len(OPERATIONS) == len(ALL_OPERATIONS) - 2, STREAM_EXCLUSION_REASON


@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_operation_answers_what_the_spec_declares(
    op: Operation, client: AuthenticatedClient, client_with: ClientFactory
) -> None:
    status, declared = success_response(op)
    content: dict[str, Any] = declared.get("content", {})
    if PNG in content:
        # Prism cannot render a PNG without an example, so ask for the JSON alternative.
        # The generated client never parses these answers: the image is the raw content.
        response = call(op, client_with({"Accept": JSON}))
        assert response.status_code == status, response.content[:500]
        assert response.parsed is None
        assert response.headers["content-type"].startswith(JSON)
        return

    response = call(op, client)
    assert response.status_code == status, response.content[:500]
    if not content:
        assert response.content == b""
        assert response.parsed is None
        return
    media = response.headers.get("content-type", "").split(";")[0].strip()
    assert media in content, f"{op}: answered {media!r}, the spec declares {sorted(content)}"
    assert media == JSON
    schema = content[JSON].get("schema", {})
    body = json.loads(response.content)
    jsonschema.Draft202012Validator(inline_refs(schema)).validate(body)
    _assert_parsed(schema, response.parsed, body)


def _assert_parsed(schema: dict[str, Any], parsed: Any, body: Any) -> None:
    """``parsed`` is what the generated client should make of ``body`` under ``schema``."""
    name = ref_name(schema)
    if name is not None:
        model = getattr(models, name)
        assert isinstance(parsed, model), f"expected {name}, got {type(parsed).__name__}"
        assert set(parsed.to_dict()) == set(body), "the model lost or invented fields"
        return
    kind = schema.get("type")
    if kind == "array":
        assert isinstance(parsed, list)
        assert len(parsed) == len(body)
        for item, raw in zip(parsed, body, strict=True):
            _assert_parsed(schema.get("items", {}), item, raw)
        return
    if isinstance(kind, str) and kind in PRIMITIVES:
        assert isinstance(parsed, PRIMITIVES[kind])
        assert parsed == body
        return
    assert schema == {}, f"no expectation for schema {schema!r}"
    # Any JSON value: the generated client hands it over as decoded.
    assert parsed == body
