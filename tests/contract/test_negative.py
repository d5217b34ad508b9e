"""Requests and answers off the happy path: invalid bodies, error statuses, missing tokens."""

from __future__ import annotations

import json
from typing import Any

import pytest

from smartem_api import AuthenticatedClient
from smartem_api.models import HTTPValidationError
from smartem_ext.errors import (
    AuthError,
    NotFound,
    ServerError,
    ValidationFailed,
    api_error_for,
)
from tests.contract.calls import ClientFactory, Violations, call, raw_body, url_for
from tests.support.spec import Operation, load_spec, operations, without_first_required

ALL_OPERATIONS = list(operations())
OPERATIONS = [op for op in ALL_OPERATIONS if not op.is_stream]
MISSING_FIELD = [
    op
    for op in ALL_OPERATIONS
    if op.request_schema is not None
    and without_first_required(op.request_schema, raw_body(op)) is not None
]
DECLARES_422 = [op for op in ALL_OPERATIONS if "422" in op.responses]
UNDECLARED_STATUSES = [
    code for code in (404, 500) if all(str(code) not in op.responses for op in ALL_OPERATIONS)
]
SECURED = [op for op in ALL_OPERATIONS if op.spec.get("security", load_spec()["security"])]
OPEN = [op for op in ALL_OPERATIONS if not op.spec.get("security", load_spec()["security"])]
IMAGES = [
    op
    for op in OPERATIONS
    if any(media.startswith("image/") for media in op.responses.get("200", {}).get("content", {}))
]


def _violations(header: str | None) -> list[dict[str, Any]]:
    assert header is not None, "Prism sent no sl-violations header"
    parsed: list[dict[str, Any]] = json.loads(header)
    return parsed


@pytest.mark.parametrize("op", MISSING_FIELD, ids=str)
def test_a_body_without_a_required_field_is_rejected(
    op: Operation, client: AuthenticatedClient, violations: Violations
) -> None:
    assert op.request_schema is not None
    broken = without_first_required(op.request_schema, raw_body(op))
    assert broken is not None
    body, field = broken
    with violations.expected():
        response = client.get_httpx_client().request(op.method, url_for(op), json=body)
    assert response.status_code == 422, response.text
    found = _violations(response.headers.get("sl-violations"))
    assert any(
        v["location"][:2] == ["request", "body"] and repr(field.rsplit(".", 1)[-1]) in v["message"]
        for v in found
    ), found


def test_required_fields_are_found_in_object_and_array_bodies() -> None:
    shapes = {type(raw_body(op)).__name__ for op in MISSING_FIELD}
    assert shapes == {"dict", "list"}


@pytest.mark.parametrize("op", DECLARES_422, ids=str)
def test_a_requested_422_parses_into_http_validation_error(
    op: Operation, client_with: ClientFactory
) -> None:
    response = call(op, client_with({"Prefer": "code=422"}))
    assert response.status_code == 422
    assert isinstance(response.parsed, HTTPValidationError)
    error = api_error_for(op.method, op.path, response.status_code, response.content)
    assert isinstance(error, ValidationFailed)
    assert error.errors == response.parsed.to_dict()["detail"]


def test_404_and_500_are_declared_by_no_operation() -> None:
    assert UNDECLARED_STATUSES == [404, 500]


@pytest.mark.parametrize("code", UNDECLARED_STATUSES)
@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_prism_refuses_an_undeclared_status_with_404(
    op: Operation, code: int, client_with: ClientFactory
) -> None:
    """Prism does not invent an undeclared status: it answers 404 with a problem document."""
    response = call(op, client_with({"Prefer": f"code={code}"}))
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = json.loads(response.content)
    assert problem["type"].endswith("#NOT_FOUND")
    assert f"status code {code} is not defined" in problem["detail"]
    assert response.parsed is None
    error = api_error_for(op.method, op.path, response.status_code, response.content)
    assert isinstance(error, NotFound)
    assert error.detail == problem["detail"]


@pytest.mark.parametrize("op", IMAGES, ids=str)
def test_a_5xx_answer_gives_no_parsed_value_and_a_server_error(
    op: Operation, client_with: ClientFactory
) -> None:
    """Prism cannot render image/png without an example and fails with 500 when asked to."""
    response = call(op, client_with({"Accept": "image/png"}))
    assert response.status_code == 500
    assert response.parsed is None
    error = api_error_for(op.method, op.path, response.status_code, response.content)
    assert isinstance(error, ServerError)
    assert "image/png" in json.loads(response.content)["title"]


def test_only_health_and_status_are_open() -> None:
    assert {op.path for op in OPEN} == {"/health", "/status"}


@pytest.mark.parametrize("op", SECURED, ids=str)
def test_a_secured_operation_without_a_token_gets_401(
    op: Operation, client_with: ClientFactory
) -> None:
    response = call(op, client_with({}, token=None))
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.parsed is None
    error = api_error_for(op.method, op.path, response.status_code, response.content)
    assert isinstance(error, AuthError)


@pytest.mark.parametrize("op", OPEN, ids=str)
def test_an_open_operation_without_a_token_succeeds(
    op: Operation, client_with: ClientFactory
) -> None:
    response = call(op, client_with({}, token=None))
    assert response.status_code == 200


def test_a_non_bearer_authorization_gets_401(client_with: ClientFactory) -> None:
    secured = next(op for op in OPERATIONS if op in SECURED and op.method == "get")
    response = call(secured, client_with({"Authorization": "Basic Y29udHJhY3Q6dGVzdA=="}, None))
    assert response.status_code == 401
