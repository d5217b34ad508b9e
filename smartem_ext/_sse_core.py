"""The instruction stream's rules without I/O: events in, effects out.

:class:`StreamCore` reads each server-sent event and says what to do as effects, which
a driver performs: :class:`Report` an error, :class:`Notify` the connection callback,
:class:`Run` the instruction callback, :class:`Acknowledge` an instruction. Like
``httpx.Auth.auth_flow``, :meth:`StreamCore.on_event` is a generator: it yields an
effect and receives what came of it (the exception a callback raised, the error an
acknowledgement met), so deduplication, when automatic acknowledgements go out and which
refused ones wait for the next ``connection`` or ``heartbeat`` event are written once for
the blocking and the asyncio driver. :meth:`StreamCore.decide` judges how a connection
ended: wait and reconnect, return, or give up.
"""

from __future__ import annotations

import email.utils
import json
import logging
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Generator, Mapping
from datetime import UTC, datetime
from typing import Any, Literal

import attrs
import httpx

from smartem_api.models import (
    InstructionStreamConnectionEvent,
    InstructionStreamErrorEvent,
    InstructionStreamHeartbeatEvent,
    InstructionStreamInstructionEvent,
)
from smartem_ext._sse_decode import ServerSentEvent, SSEDecoder
from smartem_ext.backoff import ReconnectPolicy
from smartem_ext.errors import (
    CallbackFailed,
    InstructionStreamError,
    InvalidResponse,
    MalformedEvent,
    SmartEMError,
    TransportError,
    api_error_for,
    describe,
)

__all__ = [
    "Acknowledge",
    "AutoAck",
    "Effect",
    "Ended",
    "Link",
    "Notify",
    "PendingAck",
    "Report",
    "Run",
    "Step",
    "StreamCore",
    "parse_instruction",
]

AutoAck = Literal["received", "outcome"]

_RETRYABLE_CLIENT_STATUSES = frozenset({401, 408, 429})
_PARSE_ERRORS = (KeyError, TypeError, ValueError, AttributeError)


# ---------------------------------------------------------------------------- events


@attrs.frozen
class _Connected:
    data: dict[str, Any]
    connection_id: str


@attrs.frozen
class _Instruction:
    data: dict[str, Any]
    instruction_id: str


@attrs.frozen
class _Heartbeat:
    data: dict[str, Any]


_StreamItem = _Connected | _Instruction | _Heartbeat | InstructionStreamError | MalformedEvent


def _interpret(event: ServerSentEvent) -> _StreamItem:
    """What one SSE event means for the agent; never raises."""
    try:
        data = json.loads(event.data)
    except ValueError as error:
        return MalformedEvent(event.event, f"data is not JSON ({error})", event.data)
    if not isinstance(data, dict):
        return MalformedEvent(event.event, "data is not a JSON object", event.data)
    kind = data.get("type")
    if not isinstance(kind, str) or not kind:
        return MalformedEvent(event.event, "data has no type", event.data)
    if event.event not in ("message", kind):
        return MalformedEvent(event.event, f"the event carries type {kind!r}", event.data)
    try:
        if kind == "instruction":
            instruction = InstructionStreamInstructionEvent.from_dict(data)
            if not isinstance(instruction.instruction_id, str) or not instruction.instruction_id:
                raise ValueError("instruction_id is not a non-empty string")
            return _Instruction(data, instruction.instruction_id)
        if kind == "heartbeat":
            InstructionStreamHeartbeatEvent.from_dict(data)
            return _Heartbeat(data)
        if kind == "connection":
            connection = InstructionStreamConnectionEvent.from_dict(data)
            return _Connected(data, str(connection.connection_id))
        if kind == "error":
            failure = InstructionStreamErrorEvent.from_dict(data)
            return InstructionStreamError(str(failure.error), str(failure.message))
    except _PARSE_ERRORS as error:
        return MalformedEvent(event.event, f"{kind} event: {describe(error)}", event.data)
    return MalformedEvent(event.event, f"unknown event type {kind!r}", event.data)


def parse_instruction(data: Mapping[str, Any]) -> InstructionStreamInstructionEvent:
    """The generated model of an instruction as the callback receives it (a dict)."""
    try:
        return InstructionStreamInstructionEvent.from_dict(data)
    except _PARSE_ERRORS as error:
        data_text = json.dumps(data, default=str)
        raise MalformedEvent("instruction", describe(error), data_text) from error


# ---------------------------------------------------------------------------- state


class _SeenIds:
    """The most recent instruction ids, oldest forgotten first (thread-safe)."""

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, key: str) -> bool:
        """Remember ``key``; False when it was remembered already."""
        with self._lock:
            if key in self._ids:
                self._ids.move_to_end(key)
                return False
            self._ids[key] = None
            if len(self._ids) > self._capacity:
                self._ids.popitem(last=False)
            return True


class _Stats:
    """Counters behind ``get_stats`` (thread-safe)."""

    _COUNTERS = (
        "connections",
        "successful_connections",
        "failures",
        "reconnects",
        "instructions_received",
        "instructions_acknowledged",
        "duplicates_skipped",
    )

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.connected = False
        self.connection_id: str | None = None
        self._counts = dict.fromkeys(self._COUNTERS, 0)
        self._last_error: str | None = None
        self._last_heartbeat_at: datetime | None = None

    def reset(self) -> None:
        with self._lock:
            self._counts = dict.fromkeys(self._COUNTERS, 0)
            self._last_error = None
            self._last_heartbeat_at = None

    def count(self, name: str) -> None:
        with self._lock:
            self._counts[name] += 1

    def opened(self, connection_id: str) -> None:
        with self._lock:
            self._counts["successful_connections"] += 1
            self.connection_id = connection_id
            self.connected = True

    def closed(self) -> None:
        with self._lock:
            self.connected = False

    def failed(self, error: BaseException) -> None:
        with self._lock:
            self._counts["failures"] += 1
            self._last_error = describe(error)

    def heartbeat(self) -> None:
        with self._lock:
            self._last_heartbeat_at = datetime.now(UTC)

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            counts = dict(self._counts)
            attempts = counts["connections"]
            return {
                **counts,
                "last_error": self._last_error,
                "connection_id": self.connection_id,
                "success_rate": counts["successful_connections"] / attempts if attempts else 0.0,
                "last_heartbeat_at": (
                    self._last_heartbeat_at.isoformat() if self._last_heartbeat_at else None
                ),
            }


@attrs.define
class PendingAck:
    instruction_id: str
    status: str
    error_message: str | None = None
    processing_time_ms: int | None = None
    first_failed_at: float | None = None  # time.monotonic()


@attrs.define
class Link:
    """What one connection has shown so far."""

    connected: bool = False
    healthy: bool = False
    session_error: InstructionStreamError | None = None


@attrs.frozen
class Ended:
    """Why a connection ended and what the server asked for."""

    error: SmartEMError | None = None  # None: a clean end, or a stop
    final: bool = False
    healthy: bool = False
    session_error: InstructionStreamError | None = None
    advised_delay: float | None = None


@attrs.frozen
class Step:
    """What the stream does after a connection ended."""

    report: SmartEMError | None = None
    wait: float | None = None  # None: the call ends
    give_up: bool = False


# ---------------------------------------------------------------------------- effects


@attrs.frozen
class Report:
    """Give ``error`` to the error callback (and the log)."""

    error: Exception


@attrs.frozen
class Notify:
    """Call the connection callback with the ``connection`` event's data."""

    data: dict[str, Any]


@attrs.frozen
class Run:
    """Call the instruction callback; the driver sends back what it raised, or None."""

    data: dict[str, Any]


@attrs.frozen
class Acknowledge:
    """Send an automatic acknowledgement; the driver sends back the error it met, or None."""

    ack: PendingAck


Effect = Report | Notify | Run | Acknowledge
Flow = Generator[Effect, BaseException | None, None]


# ---------------------------------------------------------------------------- core


class StreamCore:
    """What one SSE client remembers across connections, and the rules applied to events."""

    def __init__(
        self,
        stream_path: str,
        auto_ack: AutoAck | None,
        seen_capacity: int,
        heartbeat_timeout: float,
        auth: httpx.Auth | None,
        logger: logging.Logger,
    ) -> None:
        self.stream_path = stream_path
        self.auto_ack = auto_ack
        self.heartbeat_timeout = heartbeat_timeout
        self.ack_retry_window = 300.0
        self.stats = _Stats()
        self._seen = _SeenIds(seen_capacity)
        self._auth = auth
        self._logger = logger
        self._lock = threading.Lock()
        self._pending_acks: deque[PendingAck] = deque()

    def on_event(self, link: Link, event: ServerSentEvent) -> Flow:
        """The effects of one event, in order."""
        item = self._take(link, event)
        if isinstance(item, _Connected):
            failed = yield Notify(item.data)
            if failed is not None:
                yield Report(CallbackFailed("connection", failed))
            yield from self._flush_acks()
        elif isinstance(item, _Instruction):
            if self._admit(item):
                yield from self._deliver(item)
        elif isinstance(item, _Heartbeat):
            yield from self._flush_acks()
        else:
            yield Report(item)

    def _deliver(self, item: _Instruction) -> Flow:
        if self.auto_ack == "received":
            yield from self._acknowledge(PendingAck(item.instruction_id, "received"))
        started = time.perf_counter()
        failed = yield Run(item.data)
        if failed is not None:
            yield Report(CallbackFailed("instruction", failed, item.instruction_id))
        if self.auto_ack == "outcome":
            status, message = (
                ("processed", None) if failed is None else ("failed", describe(failed))
            )
            yield from self._acknowledge(
                PendingAck(item.instruction_id, status, message, _ms(started))
            )

    def _acknowledge(self, ack: PendingAck) -> Generator[Effect, Any, bool]:
        """Send an automatic acknowledgement; False when it was kept for later."""
        error = yield Acknowledge(ack)
        if error is None:
            return True
        expired = self._defer(ack, error)
        if expired is not None:
            yield Report(expired)
        return expired is not None

    def _flush_acks(self) -> Flow:
        with self._lock:
            pending = list(self._pending_acks)
            self._pending_acks.clear()
        for index, ack in enumerate(pending):
            if not (yield from self._acknowledge(ack)):
                # Refused again: the connection is likely gone, so the rest would be too.
                with self._lock:
                    self._pending_acks.extendleft(reversed(pending[index + 1 :]))
                return

    def _defer(self, ack: PendingAck, error: SmartEMError) -> SmartEMError | None:
        """Keep a refused automatic ack for later; the error once its window has passed."""
        now = time.monotonic()
        if ack.first_failed_at is None:
            ack.first_failed_at = now
        if now - ack.first_failed_at >= self.ack_retry_window:
            return error
        self._logger.debug(
            "acknowledgement of %s kept for later (%s)", ack.instruction_id, describe(error)
        )
        with self._lock:
            self._pending_acks.append(ack)
        return None

    def _take(self, link: Link, event: ServerSentEvent) -> _StreamItem:
        """Interpret an event and record what it says about the connection."""
        if link.connected:
            link.healthy = True
        item = _interpret(event)
        if isinstance(item, _Connected):
            link.connected = True
            self.stats.opened(item.connection_id)
            self._logger.info("instruction stream connected (connection %s)", item.connection_id)
        elif isinstance(item, _Heartbeat):
            self.stats.heartbeat()
        elif isinstance(item, InstructionStreamError) and item.final:
            link.session_error = item
        return item

    def _admit(self, item: _Instruction) -> bool:
        """True the first time an instruction id arrives."""
        if self._seen.add(item.instruction_id):
            self.stats.count("instructions_received")
            return True
        self.stats.count("duplicates_skipped")
        self._logger.debug("instruction %s delivered already; skipped", item.instruction_id)
        return False

    # -------------------------------------------------------------- how connections end

    def accepted(self, response: httpx.Response) -> bool:
        kind = response.headers.get("content-type", "")
        return response.status_code == 200 and _media_type(kind) == "text/event-stream"

    def refused(self, response: httpx.Response, body: bytes) -> Ended:
        """The end of a connection the server did not accept as a stream."""
        status = response.status_code
        if status == 200:
            kind = response.headers.get("content-type", "")
            reason = f"content type {kind!r}, not text/event-stream"
            return Ended(InvalidResponse("GET", self.stream_path, status, reason))
        error = api_error_for("GET", self.stream_path, status, body)
        if status == 401:
            invalidate = getattr(self._auth, "invalidate", None)
            if callable(invalidate):
                invalidate()
        final = 400 <= status < 500 and status not in _RETRYABLE_CLIENT_STATUSES
        advised = _retry_after(response.headers.get("retry-after"))
        return Ended(error, final=final, advised_delay=advised)

    def ended(self, link: Link, decoder: SSEDecoder, error: SmartEMError | None) -> Ended:
        advised = decoder.retry / 1000 if decoder.retry is not None else None
        return Ended(
            error,
            healthy=link.healthy or (link.connected and error is None),
            session_error=link.session_error,
            advised_delay=advised,
        )

    def transport_error(self, failure: httpx.HTTPError) -> TransportError:
        if isinstance(failure, httpx.ReadTimeout):
            reason = f"no data for {self.heartbeat_timeout:g} s (heartbeat watchdog)"
        else:
            reason = describe(failure)
        return TransportError("GET", self.stream_path, reason)

    def decide(self, ended: Ended, policy: ReconnectPolicy, auto_retry: bool) -> Step:
        """Count the end of a connection and choose between waiting, returning and raising."""
        if ended.session_error is not None:
            self.stats.failed(ended.session_error)
            self._logger.error("instruction stream refused for good: %s", ended.session_error)
            return Step()
        if ended.final:
            assert ended.error is not None
            self.stats.failed(ended.error)
            return Step(ended.error, give_up=True)
        if ended.error is None and not auto_retry:
            return Step()
        if ended.healthy:
            policy.healthy()
        if ended.advised_delay is not None:
            policy.advise(ended.advised_delay)
        error = ended.error or TransportError(
            "GET", self.stream_path, "the server ended the stream"
        )
        self.stats.failed(error)
        delay = policy.next_delay() if auto_retry else None
        if delay is None:
            self._logger.error("instruction stream: giving up after %d failures", policy.failures)
            return Step(error, give_up=True)
        self._logger.info("instruction stream: reconnecting in %.3f s", delay)
        return Step(error, wait=delay)


# ---------------------------------------------------------------------------- helpers


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (a number or an HTTP date)."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        seconds = (moment - datetime.now(UTC)).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None


def _media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
