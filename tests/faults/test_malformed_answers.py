"""Answers that break the contract: each is a typed SmartEMError, never a crash or a hang.

A tiny local HTTP server answers one client call with a broken answer; the sync and the
async client must both turn it into the documented error.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from smartem_ext import (
    AsyncSmartEMAPIClient,
    InvalidResponse,
    RetryPolicy,
    ServerError,
    SmartEMAPIClient,
    SmartEMError,
    TransportError,
)
from smartem_ext.cli._demo_session import generate_session

ACQUISITION = generate_session(seed=5).acquisition
TIMEOUT = 5.0
RETRY = RetryPolicy(attempts=2, backoff_factor=0.01, max_backoff=0.05)
HUGE_BYTES = 50 * 1024 * 1024


def acquisition_body(**changes: Any) -> dict[str, Any]:
    """A well-formed AcquisitionResponse body, with ``changes`` applied."""
    body: dict[str, Any] = {
        "uuid": ACQUISITION.uuid,
        "name": ACQUISITION.name,
        "status": "started",
        "start_time": "2025-06-02T09:00:00",
        "end_time": None,
        "paused_time": None,
        "storage_path": ACQUISITION.storage_path,
        "atlas_path": ACQUISITION.atlas_path,
        "clustering_mode": None,
        "clustering_radius": None,
        "instrument_model": None,
        "instrument_id": None,
        "computer_name": None,
    }
    body.update(changes)
    return body


@functools.cache
def huge_json_array() -> bytes:
    """About 50 MB of JSON: one array of numbers, where acquisitions are expected."""
    return b"[" + b"0," * (HUGE_BYTES // 2 - 1) + b"0]"


Answer = Callable[[BaseHTTPRequestHandler], None]


def answer(status: int, body: bytes, content_type: str = "application/json") -> Answer:
    def send(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return send


def cut_short(status: int, body: bytes) -> Answer:
    """Announce the whole body, send half of it, close the connection."""

    def send(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body[: len(body) // 2])
        handler.wfile.flush()
        handler.close_connection = True
        with contextlib.suppress(OSError):
            handler.connection.shutdown(socket.SHUT_WR)

    return send


@contextlib.contextmanager
def answering(respond: Answer) -> Iterator[str]:
    """A loopback server answering every request with ``respond``; yields its URL."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            respond(self)

        do_GET = do_POST = _answer

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass(frozen=True)
class Case:
    respond: Callable[[], Answer]
    call: str
    error: type[SmartEMError]
    status: int | None
    """The status the error carries (None for a TransportError)."""
    says: str
    """Text the error message must contain."""


GET_ONE = ("GET", f"/acquisitions/{ACQUISITION.uuid}")
CALLS: dict[str, tuple[str, str]] = {
    "get_acquisition": GET_ONE,
    "get_acquisitions": ("GET", "/acquisitions"),
    "create_acquisition": ("POST", "/acquisitions"),
}

CASES = {
    "wrong type (uuid: 5)": Case(
        lambda: answer(200, json.dumps(acquisition_body(uuid=5)).encode()),
        "get_acquisition",
        InvalidResponse,
        200,
        "AcquisitionResponse.uuid: expected str, got int",
    ),
    "wrong type (status: 7)": Case(
        lambda: answer(200, json.dumps(acquisition_body(status=7)).encode()),
        "get_acquisition",
        InvalidResponse,
        200,
        "AcquisitionResponse.status",
    ),
    "unparsable datetime": Case(
        lambda: answer(200, json.dumps(acquisition_body(start_time="soon")).encode()),
        "get_acquisition",
        InvalidResponse,
        200,
        "AcquisitionResponse.start_time",
    ),
    "missing required fields": Case(
        lambda: answer(200, json.dumps({"uuid": ACQUISITION.uuid}).encode()),
        "get_acquisition",
        InvalidResponse,
        200,
        "KeyError",
    ),
    "truncated JSON": Case(
        lambda: answer(200, json.dumps(acquisition_body()).encode()[:60]),
        "get_acquisition",
        InvalidResponse,
        200,
        "JSONDecodeError",
    ),
    "body shorter than announced": Case(
        lambda: cut_short(200, json.dumps(acquisition_body()).encode()),
        "get_acquisition",
        TransportError,
        None,
        "RemoteProtocolError",
    ),
    "HTML error page with 200": Case(
        lambda: answer(
            200,
            b"<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>",
            "text/html",
        ),
        "get_acquisitions",
        InvalidResponse,
        200,
        "JSONDecodeError",
    ),
    # The client sets no size limit: it reads the whole body, then rejects its items.
    "50 MB JSON array of the wrong items": Case(
        lambda: answer(200, huge_json_array()),
        "get_acquisitions",
        InvalidResponse,
        200,
        "TypeError",
    ),
    "empty body with 201": Case(
        lambda: answer(201, b""),
        "create_acquisition",
        InvalidResponse,
        201,
        "JSONDecodeError",
    ),
    "status 599": Case(
        lambda: answer(599, b'{"detail": "network read timeout"}'),
        "get_acquisition",
        ServerError,
        599,
        "network read timeout",
    ),
}


def call_sync(url: str, call: str) -> SmartEMError:
    with SmartEMAPIClient(url, TIMEOUT, retry=RETRY) as client:
        try:
            invoke(client, call)
        except SmartEMError as error:
            assert len(client.id_cache) == 0, "a broken answer reached the ID cache"
            return error
    raise AssertionError(f"{call} accepted the answer")


def call_async(url: str, call: str) -> SmartEMError:
    async def run() -> SmartEMError:
        async with AsyncSmartEMAPIClient(url, TIMEOUT, retry=RETRY) as client:
            try:
                await invoke(client, call)
            except SmartEMError as error:
                assert len(client.id_cache) == 0, "a broken answer reached the ID cache"
                return error
        raise AssertionError(f"{call} accepted the answer")

    return asyncio.run(run())


def invoke(client: SmartEMAPIClient | AsyncSmartEMAPIClient, call: str) -> Any:
    if call == "get_acquisition":
        return client.get_acquisition(ACQUISITION.uuid)
    if call == "get_acquisitions":
        return client.get_acquisitions()
    return client.create_acquisition(ACQUISITION)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_broken_answer_is_a_typed_error(case: Case, flavour: str) -> None:
    with answering(case.respond()) as url:
        error = (call_sync if flavour == "sync" else call_async)(url, case.call)
    assert type(error) is case.error, f"{type(error).__name__}: {error}"
    method, path = CALLS[case.call]
    assert str(error).startswith(f"{method} {path}")
    assert case.says in str(error)
    if case.status is not None:
        assert getattr(error, "status_code", None) == case.status
    # Messages stay short even when the answer is not.
    assert len(str(error)) < 1000
