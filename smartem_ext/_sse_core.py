"""The instruction stream's rules without I/O: the SSE decoder and one generator of effects.

:class:`~smartem_ext.sse.SSEAgentClient` is a :class:`StreamCore` that performs the effects
(:class:`Io`, :class:`Invoke`, :class:`Send`, :class:`Wait`) its ``_run`` yields. The decoder
follows the WHATWG event stream rules; ``id`` is ignored (the backend sets none). httpx-sse
0.4.3 fails tests/unit/test_sse_decode.py (CR line ends, events without data, ``retry``, BOM).
"""

from __future__ import annotations

import codecs
import enum
import json
import logging
import math
import re
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Generator
from datetime import UTC, datetime
from typing import Any, Literal, NamedTuple, TypeVar

import attrs
import httpx
from httpx_retries import Retry

from smartem_api import api as ep
from smartem_api.models import (
    AgentInstructionAcknowledgement,
    AgentInstructionAcknowledgementResponse,
    AgentInstructionAcknowledgementStatus,
    InstructionStreamConnectionEvent,
    InstructionStreamErrorEvent,
    InstructionStreamHeartbeatEvent,
    InstructionStreamInstructionEvent,
)
from smartem_api.types import UNSET
from smartem_ext import _calls
from smartem_ext._calls import Call
from smartem_ext._limits import integer_problem, text_problem
from smartem_ext.backoff import ReconnectPolicy
from smartem_ext.errors import (
    CallbackFailed,
    ConversionError,
    InstructionStreamError,
    InvalidResponse,
    MalformedEvent,
    SmartEMError,
    TransportError,
    api_error_for,
    describe,
)
from smartem_ext.http import REFUSAL_READ

T = TypeVar("T")
ACK_STATUSES = ("received", "processed", "failed", "declined")
AutoAck = Literal["received", "outcome"]

_LINE_END = re.compile(r"\r\n|\r|\n")
# Each event type's generated model, and the field naming its connection or instruction.
_MODELS: dict[str, tuple[Any, str | None]] = {
    "connection": (InstructionStreamConnectionEvent, "connection_id"),
    "instruction": (InstructionStreamInstructionEvent, "instruction_id"),
    "heartbeat": (InstructionStreamHeartbeatEvent, None),
    "error": (InstructionStreamErrorEvent, None),
}
COUNTERS = (
    "connections",
    "successful_connections",
    "failures",
    "reconnects",
    "instructions_received",
    "instructions_acknowledged",
    "duplicates_skipped",
)


@attrs.frozen(kw_only=True)
class ServerSentEvent:
    """One dispatched event."""

    event: str = "message"
    data: str = ""
    retry: int | None = None
    """The reconnection time in milliseconds in force when the event was dispatched."""


class SSEDecoder:
    """Incremental decoder: ``feed`` byte chunks of any size, get the completed events.

    ``retry`` holds the last valid ``retry:`` value (ms) seen, dispatched with an event or not.
    """

    def __init__(self) -> None:
        self._text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._at_start = True
        self._partial = ""  # text of the line being read
        self._skip_lf = False  # the previous chunk ended in CR: an LF first is part of it
        self._event_type = ""
        self._data: list[str] = []
        self.retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Decode ``chunk``; return the events it completed, in order."""
        text = self._text.decode(chunk)
        if self._at_start and text:
            self._at_start = False
            text = text.removeprefix("\ufeff")
        if self._skip_lf and text:
            self._skip_lf = False
            text = text.removeprefix("\n")
        if not text:
            return []
        lines = _LINE_END.split(text)
        lines[0] = self._partial + lines[0]
        self._partial = lines.pop()
        self._skip_lf = text.endswith("\r")
        return [event for line in lines if (event := self._line(line)) is not None]

    def end(self) -> None:
        """The stream ended: drop the half-read line and event, as the rules require."""
        self._text.decode(b"", final=True)
        self._partial = ""
        self._skip_lf = False
        self._event_type = ""
        self._data = []

    def _line(self, line: str) -> ServerSentEvent | None:
        if not line:
            data, event_type = self._data, self._event_type
            self._data, self._event_type = [], ""
            if not data:
                return None
            return ServerSentEvent(
                event=event_type or "message", data="\n".join(data), retry=self.retry
            )
        if line[0] == ":":
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._event_type = value
        elif name == "data":
            self._data.append(value)
        elif name == "retry" and value.isascii() and value.isdigit():
            self.retry = int(value)
        return None


class _Event(NamedTuple):
    """A ``connection``, ``instruction`` or ``heartbeat`` event, with the id it names."""

    kind: str
    data: dict[str, Any]
    key: str = ""


def _interpret(event: ServerSentEvent) -> _Event | InstructionStreamError | MalformedEvent:
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
    if kind not in _MODELS:
        return MalformedEvent(event.event, f"unknown event type {kind!r}", event.data)
    model, key_field = _MODELS[kind]
    try:
        parsed = model.from_dict(data)
        key = "" if key_field is None else getattr(parsed, key_field)
        if kind == "instruction" and not (isinstance(key, str) and key):
            raise ValueError("instruction_id is not a non-empty string")
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return MalformedEvent(event.event, f"{kind} event: {describe(error)}", event.data)
    if kind == "error":
        return InstructionStreamError(str(parsed.error), str(parsed.message))
    return _Event(kind, data, str(key))


@attrs.define
class PendingAck:
    instruction_id: str
    status: str
    error_message: str | None = None
    processing_time_ms: int | None = None
    result: str | None = None
    first_failed_at: float | None = None  # time.monotonic()


@attrs.define
class _Connection:
    """What one connection showed, and how it ended."""

    connected: bool = False
    healthy: bool = False  # something came after its ``connection`` event
    session_error: InstructionStreamError | None = None
    error: SmartEMError | None = None  # None: a clean end, or a stop
    final: bool = False  # refused for good: no reconnect
    advised_delay: float | None = None  # the server's ``retry:`` or ``Retry-After``


class Io(enum.Enum):
    """The stream's own I/O, each answered as its comment says."""

    OPEN = "open"  # open the stream: the response, headers read and body not
    READ = "read"  # the open stream's next chunk of bytes: None at its end
    CLOSE = "close"  # close the open stream


class Wait(NamedTuple):
    """Wait ``seconds``; the driver sends back True when ``stop()`` came first."""

    seconds: float


class Invoke(NamedTuple):
    """Call a callback of the caller's; the asyncio driver awaits what it returns."""

    callback: Callable[[Any], object]
    argument: Any


class Send(NamedTuple):
    """Make an API call through the API client; the driver sends back its result."""

    call: Call[Any]


OPEN, READ, CLOSE = Io
Effect = Io | Wait | Invoke | Send
Flow = Generator[Effect, Any, T]
"""Yields effects; each is answered with its result or has its exception raised there."""


class Callbacks(NamedTuple):
    """The callbacks of one stream (plain or, on the asyncio stream, coroutine functions)."""

    instruction: Callable[[dict[str, Any]], object]
    connection: Callable[[dict[str, Any]], object] | None = None
    error: Callable[[Exception], object] | None = None


class StreamCore:
    """What an SSE client remembers across connections, and its stream's rules, without I/O."""

    ack_retry_window: float

    def __init__(
        self,
        agent_id: str,
        session_id: str,
        auto_ack: bool | str,
        seen_capacity: int,
        heartbeat_timeout: float,
        auth: httpx.Auth | None,
        logger: logging.Logger | None,
    ) -> None:
        self.agent_id = agent_id
        self.session_id = session_id
        self.heartbeat_timeout = heartbeat_timeout
        self.logger = logger or logging.getLogger("smartem_ext.sse")
        self._stream_path = ep.stream_instructions.build_request(agent_id, session_id)["url"]
        self._auto_ack = _auto_ack_mode(auto_ack)
        self._auth = auth
        self._seen: OrderedDict[str, None] = OrderedDict()  # the latest instruction ids
        self._seen_capacity = seen_capacity
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._pending_acks: deque[PendingAck] = deque()
        self._connected = False
        self._connection_id: str | None = None
        self._counts = dict.fromkeys(COUNTERS, 0)
        self._last_error: str | None = None
        self._last_heartbeat_at: datetime | None = None
        self._callbacks = Callbacks(lambda _data: None)  # those of the running stream

    def _count(self, counter: str | None, **state: Any) -> None:
        """Add one to ``counter`` (if any) and set the ``state`` attributes, at once."""
        with self._lock:
            if counter is not None:
                self._counts[counter] += 1
            vars(self).update(state)

    def _run(self, callbacks: Callbacks, policy: ReconnectPolicy, auto_retry: bool) -> Flow[None]:
        """A whole stream: its connections, their events and the waits between them."""
        self._callbacks = callbacks
        while not self._stop.is_set():
            ended = yield from self._connection()
            if self._stop.is_set() or not (yield from self._after(ended, policy, auto_retry)):
                return
            if not self._stop.is_set():
                self._count("reconnects")

    def _connection(self) -> Flow[_Connection]:
        self._count("connections")
        link, decoder = _Connection(), SSEDecoder()
        try:
            yield from self._read(link, decoder)
        except httpx.HTTPError as failure:
            reason = describe(failure)
            if isinstance(failure, httpx.ReadTimeout):
                reason = f"no data for {self.heartbeat_timeout:g} s (heartbeat watchdog)"
            link.error = TransportError("GET", self._stream_path, reason)
        except SmartEMError as failure:  # from the auth: token endpoint refused or unreachable
            link.error = failure
        finally:
            self._count(None, _connected=False)
        yield CLOSE
        if decoder.retry is not None:
            link.advised_delay = decoder.retry / 1000
        return link

    def _read(self, link: _Connection, decoder: SSEDecoder) -> Flow[None]:
        response: httpx.Response = yield OPEN
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if response.status_code != 200 or kind != "text/event-stream":
            body = b""  # enough of it for an error's detail
            while len(body) < REFUSAL_READ and (chunk := (yield READ)) is not None:
                body += chunk
            return self._refused(link, response, body[:REFUSAL_READ])
        while (chunk := (yield READ)) is not None:
            for event in decoder.feed(chunk):
                yield from self._on_event(link, event)
                if link.session_error is not None or self._stop.is_set():
                    return

    def _on_event(self, link: _Connection, event: ServerSentEvent) -> Flow[None]:
        if link.connected:
            link.healthy = True
        item = _interpret(event)
        if not isinstance(item, _Event):
            if isinstance(item, InstructionStreamError) and item.final:
                link.session_error = item
            yield from self._report(item)
        elif item.kind == "connection":
            link.connected = True
            self._count("successful_connections", _connection_id=item.key, _connected=True)
            self.logger.info("instruction stream connected (connection %s)", item.key)
            if self._callbacks.connection is not None:
                try:
                    yield Invoke(self._callbacks.connection, item.data)
                except Exception as failed:
                    yield from self._report(CallbackFailed("connection", failed))
            yield from self._flush_acks()
        elif item.kind == "heartbeat":
            self._count(None, _last_heartbeat_at=datetime.now(UTC))
            yield from self._flush_acks()
        elif self._admit(item.key):
            yield from self._deliver(item)

    def _admit(self, instruction_id: str) -> bool:
        """True the first time an instruction id arrives (of the last ``seen_capacity``)."""
        with self._lock:
            new = instruction_id not in self._seen
            self._seen[instruction_id] = None
            self._seen.move_to_end(instruction_id)
            if len(self._seen) > self._seen_capacity:
                self._seen.popitem(last=False)
        self._count("instructions_received" if new else "duplicates_skipped")
        if not new:
            self.logger.debug("instruction %s delivered already; skipped", instruction_id)
        return new

    def _deliver(self, item: _Event) -> Flow[None]:
        if self._auto_ack == "received":
            yield from self._acknowledge(PendingAck(item.key, "received"))
        started, message = time.perf_counter(), None
        try:
            yield Invoke(self._callbacks.instruction, item.data)
        except Exception as error:
            message = describe(error)
            yield from self._report(CallbackFailed("instruction", error, item.key))
        if self._auto_ack == "outcome":
            elapsed_ms = int((time.perf_counter() - started) * 1000)
            status = "processed" if message is None else "failed"
            yield from self._acknowledge(PendingAck(item.key, status, message, elapsed_ms))

    def _report(self, error: Exception) -> Flow[None]:
        """Log ``error`` and hand it to the error callback, whose own failure is only logged."""
        self.logger.warning("instruction stream: %s", error)
        if self._callbacks.error is not None:
            try:
                yield Invoke(self._callbacks.error, error)
            except Exception:
                self.logger.exception("error_callback raised")

    def _ack_call(self, ack: PendingAck) -> Call[AgentInstructionAcknowledgementResponse]:
        """The acknowledgement call; a bad ``status`` or field raises and nothing is sent."""
        body = _acknowledgement(ack.status, ack.result, ack.error_message, ack.processing_time_ms)
        ids = self.agent_id, self.session_id, ack.instruction_id
        return _calls.acknowledge_instruction(*ids, body)

    def _acknowledge(self, ack: PendingAck) -> Flow[bool]:
        """Send an automatic acknowledgement; False when it was kept for later."""
        try:
            # The transport's usual policy: an ack refused after it waits for the next event.
            yield Send(self._ack_call(ack))
        except SmartEMError as error:
            now = time.monotonic()
            if ack.first_failed_at is None:
                ack.first_failed_at = now
            if now - ack.first_failed_at >= self.ack_retry_window:
                yield from self._report(error)
                return True
            self.logger.debug(
                "acknowledgement of %s kept for later (%s)", ack.instruction_id, describe(error)
            )
            with self._lock:
                self._pending_acks.append(ack)
            return False
        self._count("instructions_acknowledged")
        return True

    def _flush_acks(self) -> Flow[None]:
        with self._lock:
            pending, self._pending_acks = list(self._pending_acks), deque()
        for index, ack in enumerate(pending):
            if not (yield from self._acknowledge(ack)):
                # Refused again: the connection is likely gone, so the rest would be too.
                with self._lock:
                    self._pending_acks.extendleft(reversed(pending[index + 1 :]))
                return

    def _refused(self, link: _Connection, response: httpx.Response, body: bytes) -> None:
        """Record the end of a connection the server did not accept as a stream."""
        status, headers = response.status_code, response.headers
        if status == 200:
            kind = response.headers.get("content-type", "")
            reason = f"content type {kind!r}, not text/event-stream"
            link.error = InvalidResponse("GET", self._stream_path, status, reason)
            return
        link.error = api_error_for("GET", self._stream_path, status, body, headers.multi_items())
        if status == 401:
            invalidate = getattr(self._auth, "invalidate", None)
            if callable(invalidate):
                invalidate()
        link.final = 400 <= status < 500 and status not in (401, 408, 429)
        link.advised_delay = _retry_after(headers.get("retry-after"))

    def _after(self, ended: _Connection, policy: ReconnectPolicy, auto_retry: bool) -> Flow[bool]:
        """Count a connection's end; report it, then reconnect (True), return or raise."""
        if ended.session_error is not None:
            self._count("failures", _last_error=describe(ended.session_error))
            self.logger.error("instruction stream refused for good: %s", ended.session_error)
            return False
        if ended.error is None and not auto_retry:
            return False
        if ended.healthy or (ended.connected and ended.error is None):
            policy.healthy()
        if ended.advised_delay is not None:
            policy.advise(ended.advised_delay)
        error = ended.error or TransportError(
            "GET", self._stream_path, "the server ended the stream"
        )
        self._count("failures", _last_error=describe(error))
        delay = policy.next_delay() if auto_retry and not ended.final else None
        if delay is not None:
            self.logger.info("instruction stream: reconnecting in %.3f s", delay)
        elif not ended.final:
            self.logger.error("instruction stream: giving up after %d failures", policy.failures)
        yield from self._report(error)
        if delay is None:
            raise error
        return not (yield Wait(delay))


def _auto_ack_mode(auto_ack: bool | str) -> AutoAck | None:
    if auto_ack is False:
        return None
    if auto_ack is True or auto_ack == "received":
        return "received"
    if auto_ack == "outcome":
        return "outcome"
    raise ValueError("auto_ack must be False, True, 'received' or 'outcome'")


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header: any number, or an HTTP date as retries read it."""
    try:
        seconds = float(value or "nan")
    except ValueError:
        try:
            seconds = Retry().parse_retry_after(value or "")
        except ValueError:
            return None
    return max(0.0, seconds) if math.isfinite(seconds) else None


def _acknowledgement(
    status: str, result: str | None, error_message: str | None, processing_time_ms: int | None
) -> AgentInstructionAcknowledgement:
    # ConversionError is a ValueError too: nothing is sent.
    ms = processing_time_ms
    if status not in ACK_STATUSES:
        reason = f"must be one of {', '.join(ACK_STATUSES)}; got {status!r:.80}"
        raise ConversionError("acknowledgement", "status", reason)
    if ms is not None and ms < 0:
        raise ConversionError("acknowledgement", "processing_time_ms", "must not be negative")
    for field, problem in (
        ("processing_time_ms", ms is not None and integer_problem(ms)),
        ("result", result is not None and text_problem(result)),
        ("error_message", error_message is not None and text_problem(error_message)),
    ):
        if problem:
            raise ConversionError("acknowledgement", field, problem)
    return AgentInstructionAcknowledgement(
        status=AgentInstructionAcknowledgementStatus(status),
        result=UNSET if result is None else result,
        error_message=UNSET if error_message is None else error_message,
        processing_time_ms=UNSET if ms is None else ms,
        processed_at=datetime.now(UTC),
    )
