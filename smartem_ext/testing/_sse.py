"""Server-Sent Events as the backend sends them (sse-starlette framing), with stream faults."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import threading
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import anyio
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from smartem_api.models import InstructionStreamInstructionEvent
from smartem_ext.errors import MalformedEvent, describe

from ._agents import AgentHub
from ._faults import Faults, StreamPlan
from ._responses import ConnectionDropped

CRLF = "\r\n"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

SendBytes = Callable[[bytes], Awaitable[None]]


def encode_event(event: str, data: str, *, sep: str = CRLF, event_id: str | None = None) -> bytes:
    """One SSE message: optional `id:`, `event:`, a `data:` line per line of data, blank line."""
    lines = [] if event_id is None else [f"id: {event_id}"]
    lines.append(f"event: {event}")
    lines.extend(f"data: {chunk}" for chunk in _LINE_BREAK.split(data))
    return (sep.join(lines) + sep + sep).encode("utf-8")


def parse_instruction(data: Mapping[str, Any]) -> InstructionStreamInstructionEvent:
    """The generated model of an instruction as the callback receives it (a dict)."""
    try:
        return InstructionStreamInstructionEvent.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        data_text = json.dumps(data, default=str)
        raise MalformedEvent("instruction", describe(error), data_text) from error


def encode_comment(text: str, *, sep: str = CRLF) -> bytes:
    return "".join(f": {chunk}{sep}" for chunk in _LINE_BREAK.split(text)).encode() + sep.encode()


def waker(event: asyncio.Event) -> Callable[[], None]:
    """A function any thread may call to set `event` on the running loop."""
    loop = asyncio.get_running_loop()

    def wake() -> None:
        # A loop already closed has no stream left to wake.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(event.set)

    return wake


@dataclass(frozen=True)
class StreamSettings:
    hub: AgentHub
    faults: Faults
    heartbeat_interval: float
    ping_interval: float | None
    closing: threading.Event


class _EventStream(Response):
    """An endless `text/event-stream` response that ends on disconnect or server shutdown."""

    media_type = "text/event-stream"

    def __init__(self, settings: StreamSettings) -> None:
        self.status_code = 200
        self.background = None
        self.body = b""
        self.settings = settings
        self.raw_headers = [
            (b"content-type", b"text/event-stream; charset=utf-8"),
            (b"cache-control", b"no-store"),
            (b"connection", b"keep-alive"),
            (b"x-accel-buffering", b"no"),
        ]

    async def produce(self, send_bytes: SendBytes, wake: asyncio.Event) -> str:
        """Write the stream; return "close" to end it cleanly or "abort" to break it."""
        raise NotImplementedError

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        wake = asyncio.Event()
        unsubscribe = self.settings.hub.subscribe(None, waker(wake))
        disconnected = False
        outcome = "close"

        async def send_bytes(data: bytes) -> None:
            await send({"type": "http.response.body", "body": data, "more_body": True})

        try:
            async with anyio.create_task_group() as group:

                async def watch_disconnect() -> None:
                    nonlocal disconnected
                    while (await receive())["type"] != "http.disconnect":
                        pass
                    disconnected = True
                    group.cancel_scope.cancel()

                group.start_soon(watch_disconnect)
                outcome = await self.produce(send_bytes, wake)
                group.cancel_scope.cancel()
        finally:
            unsubscribe()
            self.finished(disconnected)
        if outcome == "abort" and not disconnected:
            raise ConnectionDropped("stream broken on purpose")
        if not disconnected:
            await send({"type": "http.response.body", "body": b"", "more_body": False})

    def finished(self, disconnected: bool) -> None:
        """Called once the stream is over, whichever way it ended."""

    async def hold(self, wake: asyncio.Event) -> str:
        """Send nothing until the server shuts down (or the client goes away)."""
        while not self.settings.closing.is_set():
            wake.clear()
            await wake.wait()
        return "close"


class InstructionStream(_EventStream):
    """`GET /agent/{agent_id}/session/{session_id}/instructions/stream`."""

    def __init__(self, settings: StreamSettings, agent_id: str, session_id: str) -> None:
        super().__init__(settings)
        self.agent_id = agent_id
        self.session_id = session_id
        self.connection_id: str | None = None
        self._plan: StreamPlan | None = None
        self._events_sent = 0

    async def produce(self, send_bytes: SendBytes, wake: asyncio.Event) -> str:
        hub = self.settings.hub
        refusal = hub.stream_refusal(self.agent_id, self.session_id)
        if refusal is not None:
            error = {"type": "error", "error": "session_validation_failed", "message": refusal}
            await send_bytes(encode_event("error", json.dumps(error)))
            return "close"
        self._plan = self.settings.faults.take_stream_plan()
        connection = hub.open_connection(self.agent_id, self.session_id)
        self.connection_id = connection.connection_id
        unsubscribe = hub.subscribe(self.session_id, waker(wake))
        try:
            return await self._run(send_bytes, wake, asyncio.get_running_loop())
        finally:
            unsubscribe()

    async def _run(
        self, send_bytes: SendBytes, wake: asyncio.Event, loop: asyncio.AbstractEventLoop
    ) -> str:
        due = await self._plan_due(wake)
        if due is not None:
            return due
        connected = {
            "type": "connection",
            "agent_id": self.agent_id,
            "session_id": self.session_id,
            "connection_id": self.connection_id,
            "status": "connected",
        }
        due = await self._emit(send_bytes, wake, "connection", connected)
        if due is not None:
            return due
        heartbeat_interval = self.settings.heartbeat_interval
        ping_interval = self.settings.ping_interval
        heartbeat_at = loop.time() + heartbeat_interval
        ping_at = loop.time() + ping_interval if ping_interval else None
        while True:
            wake.clear()
            if self.settings.closing.is_set():
                return "close"
            due = await self._deliver(send_bytes, wake)
            if due is not None:
                return due
            deadline = heartbeat_at if ping_at is None else min(heartbeat_at, ping_at)
            try:
                await asyncio.wait_for(wake.wait(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                pass
            else:
                heartbeat_at = loop.time() + heartbeat_interval
                continue
            now = loop.time()
            if ping_at is not None and now >= ping_at:
                await send_bytes(encode_comment(f"ping - {datetime.now(UTC)}"))
                ping_at = now + (ping_interval or 0.0)
            if now >= heartbeat_at:
                if self.connection_id is not None:
                    self.settings.hub.touch_connection(self.connection_id)
                beat = {
                    "type": "heartbeat",
                    "timestamp": datetime.now().isoformat(),
                    "connection_id": self.connection_id,
                }
                due = await self._emit(send_bytes, wake, "heartbeat", beat)
                if due is not None:
                    return due
                heartbeat_at = loop.time() + heartbeat_interval

    async def _deliver(self, send_bytes: SendBytes, wake: asyncio.Event) -> str | None:
        """Send injected bytes and every instruction that is due, one at a time."""
        while True:
            raw = self.settings.faults.take_raw(self.session_id)
            if raw is not None:
                await send_bytes(raw)
                continue
            instruction = self.settings.hub.next_pending(self.session_id)
            if instruction is None:
                return None
            due = await self._emit(send_bytes, wake, "instruction", instruction)
            if due is not None:
                return due

    async def _emit(
        self, send_bytes: SendBytes, wake: asyncio.Event, event: str, data: dict[str, Any]
    ) -> str | None:
        await send_bytes(encode_event(event, json.dumps(data)))
        self._events_sent += 1
        return await self._plan_due(wake)

    async def _plan_due(self, wake: asyncio.Event) -> str | None:
        plan = self._plan
        if plan is None or self._events_sent < plan.after:
            return None
        if plan.action == "stall":
            return await self.hold(wake)
        return "abort" if plan.action == "abort" else "close"

    def finished(self, disconnected: bool) -> None:
        if self.connection_id is not None:
            reason = "client_disconnect" if disconnected else "server_closed"
            self.settings.hub.close_connection(self.connection_id, reason)


class FrontendStream(_EventStream):
    """`GET /frontend/events/stream`: one heartbeat event, then silence until closed."""

    async def produce(self, send_bytes: SendBytes, wake: asyncio.Event) -> str:
        beat = {"timestamp": datetime.now().isoformat(), "connection_time_s": 0.0}
        await send_bytes(encode_event("heartbeat", json.dumps(beat), event_id="1"))
        return await self.hold(wake)
