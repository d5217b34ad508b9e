"""The ASGI application: routing, bearer auth, spec validation, injected faults, request log."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ._api_agent import AgentAPI
from ._api_entities import EntityAPI
from ._api_extras import ExtrasAPI
from ._api_service import ServiceAPI
from ._operation import Call, Operation
from ._responses import (
    DroppedResponse,
    HTTPError,
    IntegrityFailure,
    error_response,
    internal_server_error,
    json_response,
)
from ._state import BackendState
from ._validation import OperationValidator, RequestInvalid

# How long the backend takes to drop a connection after an unhandled error (it logs first).
_LINGER = 0.2

# Paths the backend serves without a token.
PUBLIC_PATHS = frozenset({"/health", "/status", "/openapi.json", "/docs", "/redoc"})


def build_app(state: BackendState) -> ASGIApp:
    operations = [
        *ServiceAPI(state).operations(),
        *EntityAPI(state).operations(),
        *AgentAPI(state).operations(),
        *ExtrasAPI(state).operations(),
    ]
    # Literal path segments before parameters, so `/acquisitions/grid-counts` wins.
    operations.sort(key=lambda op: [(part.startswith("{"), part) for part in op.path.split("/")])
    routes = [
        Route(
            op.path,
            _endpoint(state, op, state.spec.validator(op.method, op.path)),
            methods=[op.method],
        )
        for op in operations
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: _http_exception})
    return _Gate(app, state)


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return json_response({"detail": exc.detail}, exc.status_code, exc.headers)


def _endpoint(state: BackendState, op: Operation, validator: OperationValidator | None) -> Any:
    async def endpoint(request: Request) -> Response:
        if state.settings.require_auth and request.url.path not in PUBLIC_PATHS:
            refusal = _auth_refusal(state, request.headers.get("authorization", ""))
            if refusal is not None:
                return error_response(HTTPError(401, refusal, {"WWW-Authenticate": "Bearer"}))
        body = await request.body()
        try:
            call = _call(request, body, validator)
        except RequestInvalid as invalid:
            return json_response({"detail": invalid.detail}, 422)
        try:
            response = op.handler(call)
        except HTTPError as error:
            return error_response(error)
        except IntegrityFailure:
            return internal_server_error(_LINGER if state.settings.mimic_defects else None)
        if response.status_code == 201 and state.faults.take_drop(request.url.path):
            return DroppedResponse(response)
        return response

    return endpoint


def _call(request: Request, body: bytes, validator: OperationValidator | None) -> Call:
    path = {k: str(v) for k, v in request.path_params.items()}
    if validator is None:  # an operation the spec does not (yet) describe
        checked = OperationValidator(request.method, "").validate(path, {}, body)
        return Call(path, dict(request.query_params), checked.body)
    checked = validator.validate(path, request.query_params, body)
    return Call(checked.path, {**request.query_params, **checked.query}, checked.body)


def _auth_refusal(state: BackendState, header: str) -> str | None:
    if not header.lower().startswith("bearer "):
        return "Missing or malformed Authorization header"
    token = header.split(" ", 1)[1].strip()
    if not token:
        return "Empty bearer token"
    validator = state.settings.token_validator
    if validator is not None and not validator(token):
        return "Invalid token"
    return None


class _Gate:
    """Outermost layer: counts and logs requests and fails them on demand."""

    def __init__(self, app: ASGIApp, state: BackendState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = str(scope["method"]), str(scope["path"])
        log = self.state.log
        log.received()
        answered = False

        async def logged_send(message: Message) -> None:
            nonlocal answered
            if message["type"] == "http.response.start" and not answered:
                answered = True
                log.answered(method, path, int(message["status"]))
            await send(message)

        rule = self.state.faults.take_failure(path)
        if rule is not None:
            headers = {}
            if rule.retry_after is not None:
                headers["Retry-After"] = _header_number(rule.retry_after)
            phrase = _phrase(rule.status)
            await json_response({"detail": phrase}, rule.status, headers)(
                scope, receive, logged_send
            )
            return
        try:
            await self.app(scope, receive, logged_send)
        except BaseException:
            if not answered:
                log.answered(method, path, 500)
            raise


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _header_number(value: float | str) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
