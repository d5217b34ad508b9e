"""How the fake answers: JSON like FastAPI, its error bodies, and deliberately broken replies."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send


class HTTPError(Exception):
    """Answer `status` with FastAPI's `{"detail": ...}` body."""

    def __init__(self, status: int, detail: Any, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail
        self.headers = dict(headers or {})


class IntegrityFailure(Exception):
    """A database constraint the backend does not handle: FastAPI answers a bare 500."""


class ConnectionDropped(Exception):
    """Raised after a partial response so that the server aborts the connection."""


def json_response(
    content: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    body = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return Response(body.encode("utf-8"), status, headers, media_type="application/json")


def error_response(error: HTTPError) -> Response:
    return json_response({"detail": error.detail}, error.status, error.headers)


def internal_server_error(linger: float | None = None) -> Response:
    """What FastAPI sends for an unhandled exception (e.g. an IntegrityError).

    uvicorn then closes the connection. By default the answer says so (`Connection: close`)
    so that clients do not reuse it; with `linger` the connection is silently broken that
    many seconds later, as the backend does, resetting a request already sent on it.
    """
    if linger is None:
        return PlainTextResponse("Internal Server Error", 500, {"Connection": "close"})
    return _LingeringFailure(linger)


class _LingeringFailure(Response):
    def __init__(self, linger: float) -> None:
        super().__init__(b"Internal Server Error", 500, media_type="text/plain")
        self.linger = linger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        start = {"type": "http.response.start", "status": 500, "headers": self.raw_headers}
        await send(start)
        # The whole body, yet not "done": the server must not move on to the next request.
        await send({"type": "http.response.body", "body": bytes(self.body), "more_body": True})
        await asyncio.sleep(self.linger)
        raise ConnectionDropped("connection closed after an unhandled error")


class DroppedResponse(Response):
    """Sends the headers and half the body of `response`, then breaks the connection."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.body, response.status_code, media_type=response.media_type)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": self.status_code,
                "headers": self.raw_headers,
            }
        )
        body = bytes(self.body)
        await send(
            {"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True}
        )
        raise ConnectionDropped("response cut short on purpose")
