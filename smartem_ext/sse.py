"""SSEAgentClient: the agent's instruction stream: connect, read, reconnect, dedupe, ack.

::

    with SSEAgentClient(url, agent_id, session_id, auth=auth, auto_ack=True) as client:
        client.stream_instructions(run_instruction, error_callback=log_problem)

Lifecycle, shared by ``stream_instructions`` (blocking) and ``stream_instructions_async``:

- One ``GET /agent/{agent_id}/session/{session_id}/instructions/stream`` at a time. The
  read timeout is ``heartbeat_timeout``: a server silent for that long (no event, no
  comment) counts as lost and the client reconnects.
- Every reason to reconnect is reported to ``error_callback`` once. Reconnects follow one
  :class:`ReconnectPolicy`: exponential backoff with full jitter, reset by a healthy
  connection (one that sent its ``connection`` event and then anything else, or ended
  cleanly); a server's ``retry:`` field or ``Retry-After`` header sets the next delay.
  After more than ``max_retries`` consecutive failures the last error is raised.
- Final, without reconnecting: an ``error`` event ``session_validation_failed`` (reported,
  then the call returns), and a 403, 404, 422 or other client error on connect (reported,
  then raised). A 401 makes the auth forget its token (``invalidate()``) before the retry.
- Each instruction id reaches the callback at most once per client, across reconnects
  (the last ``seen_capacity`` ids are remembered). Events the client cannot read and
  exceptions raised by callbacks go to ``error_callback``; the stream carries on.

Auto-acknowledgement (the backend records one acknowledgement per instruction and refuses
any later one, so each mode sends exactly one):

- ``auto_ack=False``: nothing is sent; call :meth:`SSEAgentClient.acknowledge_instruction`.
- ``auto_ack=True`` or ``"received"``: ``received`` is sent when the instruction arrives,
  before the callback runs. If the callback then raises, ``error_callback`` gets a
  :class:`CallbackFailed`; no ``failed`` acknowledgement can follow.
- ``auto_ack="outcome"``: one acknowledgement after the callback returns: ``processed``
  (with the processing time), or ``failed`` with the exception's message if it raised.

An automatic acknowledgement the backend does not take (it refuses any while the agent has
no open stream, e.g. between a drop and the reconnect) is kept and sent again after each
later ``connection`` or ``heartbeat`` event, until it lands or ``ack_retry_window`` seconds
have passed since it first failed; then ``error_callback`` gets its last error.

``stop()`` works from any thread: the blocked read is woken by shutting the stream's
socket down (sync) or by cancelling the streaming task (async). A stop during a TCP
connect waits for that connect to finish or time out.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import inspect
import json
import logging
import math
import socket
import ssl
import threading
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar
from urllib.parse import quote

import attrs
import httpx
from httpx_retries import Retry

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
from smartem_ext._sse_decode import ServerSentEvent, SSEDecoder
from smartem_ext.backoff import ReconnectPolicy
from smartem_ext.client import AsyncSmartEMAPIClient, SmartEMAPIClient
from smartem_ext.errors import (
    SESSION_VALIDATION_FAILED,
    CallbackFailed,
    InstructionStreamError,
    InvalidResponse,
    MalformedEvent,
    ServerError,
    SmartEMError,
    TransportError,
    api_error_for,
)
from smartem_ext.http import DEFAULT_RETRY, RetryPolicy, build_async_client, build_client

__all__ = [
    "ACK_STATUSES",
    "SESSION_VALIDATION_FAILED",
    "CallbackFailed",
    "InstructionStreamError",
    "MalformedEvent",
    "ReconnectPolicy",
    "SSEAgentClient",
    "parse_instruction",
]

T = TypeVar("T")

InstructionCallback = Callable[[dict[str, Any]], object]
ConnectionCallback = Callable[[dict[str, Any]], object]
ErrorCallback = Callable[[Exception], object]
AutoAck = Literal["received", "outcome"]

ACK_STATUSES = ("received", "processed", "failed", "declined")

DEFAULT_LOGGER = logging.getLogger("smartem_ext.sse")

_STREAM_HEADERS = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
# The reconnect policy owns stream retries; the transport must not sleep on its own.
_NO_TRANSPORT_RETRY = Retry(total=0)
_NEW_CONNECTION_EVENTS = frozenset(
    {"connection.connect_tcp.complete", "connection.start_tls.complete"}
)
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
        return MalformedEvent(event.event, f"{kind} event: {_describe(error)}", event.data)
    return MalformedEvent(event.event, f"unknown event type {kind!r}", event.data)


def parse_instruction(data: Mapping[str, Any]) -> InstructionStreamInstructionEvent:
    """The generated model of an instruction as the callback receives it (a dict)."""
    try:
        return InstructionStreamInstructionEvent.from_dict(data)
    except _PARSE_ERRORS as error:
        data_text = json.dumps(data, default=str)
        raise MalformedEvent("instruction", _describe(error), data_text) from error


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
            self._last_error = _describe(error)

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
class _PendingAck:
    instruction_id: str
    status: str
    error_message: str | None = None
    processing_time_ms: int | None = None
    first_failed_at: float | None = None  # time.monotonic()


@attrs.define
class _Link:
    """What one connection has shown so far."""

    connected: bool = False
    healthy: bool = False
    session_error: InstructionStreamError | None = None


@attrs.frozen
class _Ended:
    """Why a connection ended and what the server asked for."""

    error: SmartEMError | None = None  # None: a clean end, or a stop
    final: bool = False
    healthy: bool = False
    session_error: InstructionStreamError | None = None
    advised_delay: float | None = None


@attrs.frozen
class _Step:
    """What the stream does after a connection ended."""

    report: SmartEMError | None = None
    wait: float | None = None  # None: the call ends
    give_up: bool = False


@attrs.define
class _AsyncRun:
    """A running async stream, so that ``stop()`` can cancel it from any thread."""

    loop: asyncio.AbstractEventLoop
    task: asyncio.Task[Any]
    active: bool = True
    stopped: bool = False

    def cancel(self) -> None:
        # Runs on the loop: once the stream has returned, the task is the caller's again.
        if self.active and not self.task.done():
            self.stopped = True
            self.task.cancel()


@attrs.frozen
class _Callbacks:
    instruction: InstructionCallback
    connection: ConnectionCallback | None
    error: ErrorCallback | None
    logger: logging.Logger

    def report(self, error: Exception) -> None:
        self.logger.warning("instruction stream: %s", error)
        if self.error is None:
            return
        try:
            self.error(error)
        except Exception:
            self.logger.exception("error_callback raised")

    async def areport(self, error: Exception) -> None:
        self.logger.warning("instruction stream: %s", error)
        if self.error is None:
            return
        try:
            await _maybe_await(self.error(error))
        except Exception:
            self.logger.exception("error_callback raised")


# ---------------------------------------------------------------------------- client


class SSEAgentClient:
    """Receives an agent's instructions over SSE, with reconnects, dedupe and acknowledgement.

    Args:
        base_url: The backend's root URL.
        timeout: Seconds for connecting, writing and each read of ordinary requests.
        max_retries: Consecutive failed connections tolerated; None retries forever.
        initial_retry_delay: Upper bound of the first reconnect wait (full jitter).
        max_retry_delay: Longest reconnect wait.
        auth: ``KeycloakAuth``, ``BearerToken`` or any ``httpx.Auth``.
        heartbeat_timeout: Seconds without a byte from the server before reconnecting
            (the backend sends a heartbeat after 30 s without instructions).
        auto_ack: False, True (same as ``"received"``) or ``"outcome"``; see the module.
        retry: Transport retry policy for acknowledgements and heartbeats.
        verify: TLS verification; on unless switched off explicitly.
        seen_capacity: How many instruction ids are remembered for deduplication.
        logger: Where the stream logs; ``smartem_ext.sse`` by default.
    """

    ack_retry_window = 300.0
    """Seconds an automatic acknowledgement is retried after it first failed."""

    def __init__(
        self,
        base_url: str,
        agent_id: str,
        session_id: str,
        timeout: float = 30,
        max_retries: int | None = 10,
        initial_retry_delay: float = 1.0,
        max_retry_delay: float = 60.0,
        *,
        auth: httpx.Auth | None = None,
        heartbeat_timeout: float = 65.0,
        auto_ack: bool | AutoAck = False,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        verify: bool | ssl.SSLContext = True,
        seen_capacity: int = 10000,
        logger: logging.Logger | None = None,
    ) -> None:
        if not agent_id or not session_id:
            raise ValueError("agent_id and session_id must not be empty")
        if not (math.isfinite(heartbeat_timeout) and heartbeat_timeout > 0):
            raise ValueError("heartbeat_timeout must be a finite number > 0")
        if seen_capacity < 1:
            raise ValueError("seen_capacity must be at least 1")
        # Checks the delays and max_retries once, where they are given.
        ReconnectPolicy(initial_retry_delay, max_retry_delay, max_retries)
        self.base_url = base_url.rstrip("/")
        self.agent_id = agent_id
        self.session_id = session_id
        self.timeout = timeout
        self.max_retries = max_retries
        self.initial_retry_delay = initial_retry_delay
        self.max_retry_delay = max_retry_delay
        self.heartbeat_timeout = heartbeat_timeout
        self.auto_ack: AutoAck | None = _auto_ack_mode(auto_ack)
        self.logger = logger or DEFAULT_LOGGER
        self._auth = auth
        self._retry = retry
        self._verify = verify
        self._stream_path = (
            f"/agent/{quote(agent_id, safe='')}/session/{quote(session_id, safe='')}"
            "/instructions/stream"
        )
        self._stream_timeout = httpx.Timeout(timeout, read=heartbeat_timeout)
        self._http = build_client(
            self.base_url, timeout=timeout, auth=auth, retry=retry, verify=verify
        )
        self._api = SmartEMAPIClient(self.base_url, timeout, httpx_client=self._http)
        self._stats = _Stats()
        self._seen = _SeenIds(seen_capacity)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._closed = threading.Event()
        self._running = False
        self._sockets: set[socket.socket] = set()
        self._async_run: _AsyncRun | None = None
        self._async_api: tuple[asyncio.AbstractEventLoop, AsyncSmartEMAPIClient] | None = None
        self._pending_acks: deque[_PendingAck] = deque()

    def __repr__(self) -> str:
        return (
            f"SSEAgentClient(base_url={self.base_url!r}, agent_id={self.agent_id!r}, "
            f"session_id={self.session_id!r})"
        )

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> SSEAgentClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    async def __aenter__(self) -> SSEAgentClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop any running stream and close the connection pool."""
        self.stop()
        self._closed.set()
        self._http.close()

    def stop(self) -> None:
        """End the running stream: the blocked call returns promptly. Callable from any thread.

        A stream started after ``stop()`` runs normally.
        """
        self._stop.set()
        with self._lock:
            sockets = list(self._sockets)
            run = self._async_run
        for sock in sockets:
            _shut_down(sock)
        if run is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed: nothing runs
                run.loop.call_soon_threadsafe(run.cancel)

    def is_connected(self) -> bool:
        """True between a ``connection`` event and the end of that connection."""
        return self._stats.connected

    def get_stats(self) -> dict[str, Any]:
        """Counters since creation or ``reset_stats()``, the connection id and last error."""
        return self._stats.snapshot()

    def reset_stats(self) -> None:
        """Zero the counters; the connection state and the seen ids stay."""
        self._stats.reset()

    # ------------------------------------------------------------------ sync stream

    def stream_instructions(
        self,
        instruction_callback: InstructionCallback,
        connection_callback: ConnectionCallback | None = None,
        error_callback: ErrorCallback | None = None,
    ) -> None:
        """Stream instructions until ``stop()``, a final error, or too many failures (raised).

        ``instruction_callback`` gets each instruction's data as a dict (see
        :func:`parse_instruction` for the typed model); ``connection_callback`` the
        ``connection`` event's data; ``error_callback`` every problem, as an exception.
        """
        callbacks = _Callbacks(
            instruction_callback, connection_callback, error_callback, self.logger
        )
        self._begin()
        policy = self._policy()
        try:
            first = True
            while not self._stop.is_set():
                if not first:
                    self._stats.count("reconnects")
                first = False
                ended = self._connect(callbacks)
                if self._stop.is_set():
                    return
                step = self._decide(ended, policy, auto_retry=True)
                if step.report is not None:
                    callbacks.report(step.report)
                    if step.give_up:
                        raise step.report
                if step.wait is None or self._stop.wait(step.wait):
                    return
        finally:
            self._end()

    def _connect(self, callbacks: _Callbacks) -> _Ended:
        self._stats.count("connections")
        link = _Link()
        decoder = SSEDecoder()
        error: SmartEMError | None = None
        try:
            with self._http.stream(
                "GET",
                self._stream_path,
                headers=_STREAM_HEADERS,
                timeout=self._stream_timeout,
                extensions={"retry": _NO_TRANSPORT_RETRY, "trace": self._trace},
            ) as response:
                self._watch(response.extensions.get("network_stream"))
                if not self._accepted(response):
                    return self._refused(response, response.read())
                for chunk in response.iter_bytes():
                    for event in decoder.feed(chunk):
                        self._dispatch(link, event, callbacks)
                        if link.session_error is not None or self._stop.is_set():
                            return self._ended(link, decoder, None)
        except httpx.HTTPError as failure:
            error = self._transport_error(failure)
        except SmartEMError as failure:  # from the auth: token endpoint refused or unreachable
            error = failure
        finally:
            self._unwatch()
            self._stats.closed()
        return self._ended(link, decoder, error)

    def _dispatch(self, link: _Link, event: ServerSentEvent, callbacks: _Callbacks) -> None:
        item = self._take(link, event)
        if isinstance(item, _Connected):
            if callbacks.connection is not None:
                try:
                    callbacks.connection(item.data)
                except Exception as error:
                    callbacks.report(CallbackFailed("connection", error))
            self._flush_acks(callbacks)
        elif isinstance(item, _Instruction):
            if self._admit(item):
                self._deliver(item, callbacks)
        elif isinstance(item, _Heartbeat):
            self._flush_acks(callbacks)
        else:
            callbacks.report(item)

    def _deliver(self, item: _Instruction, callbacks: _Callbacks) -> None:
        if self.auto_ack == "received":
            self._auto_acknowledge(_PendingAck(item.instruction_id, "received"), callbacks)
        started = time.perf_counter()
        try:
            callbacks.instruction(item.data)
        except Exception as error:
            callbacks.report(CallbackFailed("instruction", error, item.instruction_id))
            if self.auto_ack == "outcome":
                ack = _PendingAck(item.instruction_id, "failed", _describe(error), _ms(started))
                self._auto_acknowledge(ack, callbacks)
            return
        if self.auto_ack == "outcome":
            ack = _PendingAck(item.instruction_id, "processed", None, _ms(started))
            self._auto_acknowledge(ack, callbacks)

    def _auto_acknowledge(self, ack: _PendingAck, callbacks: _Callbacks) -> bool:
        """Send an automatic acknowledgement; False when it was kept for later."""
        try:
            self.acknowledge_instruction(
                ack.instruction_id,
                ack.status,
                error_message=ack.error_message,
                processing_time_ms=ack.processing_time_ms,
                retry_count=0,
            )
        except SmartEMError as error:
            expired = self._defer(ack, error)
            if expired is not None:
                callbacks.report(expired)
            return expired is not None
        return True

    def _flush_acks(self, callbacks: _Callbacks) -> None:
        pending = self._take_pending_acks()
        for index, ack in enumerate(pending):
            if not self._auto_acknowledge(ack, callbacks):
                # Refused again: the connection is likely gone, so the rest would be too.
                self._requeue(pending[index + 1 :])
                return

    # ------------------------------------------------------------------ async stream

    async def stream_instructions_async(
        self,
        instruction_callback: InstructionCallback,
        connection_callback: ConnectionCallback | None = None,
        error_callback: ErrorCallback | None = None,
        auto_retry: bool = True,
    ) -> None:
        """The asyncio twin of :meth:`stream_instructions`, on ``httpx.AsyncClient``.

        Callbacks may be plain functions or coroutine functions. Cancelling the task ends
        the stream (the connection is closed, ``CancelledError`` propagates); ``stop()``
        ends it with a normal return. With ``auto_retry=False`` one connection is made: a
        clean end returns, a failure is reported and raised.
        """
        task = asyncio.current_task()
        if task is None:
            raise RuntimeError("stream_instructions_async must run inside an asyncio task")
        callbacks = _Callbacks(
            instruction_callback, connection_callback, error_callback, self.logger
        )
        run = _AsyncRun(asyncio.get_running_loop(), task)
        self._begin()
        try:
            async with build_async_client(
                self.base_url,
                timeout=self.timeout,
                auth=self._auth,
                retry=self._retry,
                verify=self._verify,
            ) as http:
                api = AsyncSmartEMAPIClient(self.base_url, self.timeout, httpx_client=http)
                with self._lock:
                    self._async_run = run
                    self._async_api = (run.loop, api)
                await self._astream(http, callbacks, auto_retry)
        except asyncio.CancelledError:
            if run.stopped and task.uncancel() == 0:
                return
            raise
        finally:
            run.active = False
            with self._lock:
                self._async_run = None
                self._async_api = None
            self._end()

    async def _astream(
        self, http: httpx.AsyncClient, callbacks: _Callbacks, auto_retry: bool
    ) -> None:
        policy = self._policy()
        first = True
        while not self._stop.is_set():
            if not first:
                self._stats.count("reconnects")
            first = False
            ended = await self._aconnect(http, callbacks)
            if self._stop.is_set():
                return
            step = self._decide(ended, policy, auto_retry)
            if step.report is not None:
                await callbacks.areport(step.report)
                if step.give_up:
                    raise step.report
            if step.wait is None:
                return
            await asyncio.sleep(step.wait)

    async def _aconnect(self, http: httpx.AsyncClient, callbacks: _Callbacks) -> _Ended:
        self._stats.count("connections")
        link = _Link()
        decoder = SSEDecoder()
        error: SmartEMError | None = None
        try:
            async with http.stream(
                "GET",
                self._stream_path,
                headers=_STREAM_HEADERS,
                timeout=self._stream_timeout,
                extensions={"retry": _NO_TRANSPORT_RETRY},
            ) as response:
                if not self._accepted(response):
                    return self._refused(response, await response.aread())
                async for chunk in response.aiter_bytes():
                    for event in decoder.feed(chunk):
                        await self._adispatch(link, event, callbacks)
                        if link.session_error is not None or self._stop.is_set():
                            return self._ended(link, decoder, None)
        except httpx.HTTPError as failure:
            error = self._transport_error(failure)
        except SmartEMError as failure:  # from the auth: token endpoint refused or unreachable
            error = failure
        finally:
            self._stats.closed()
        return self._ended(link, decoder, error)

    async def _adispatch(self, link: _Link, event: ServerSentEvent, callbacks: _Callbacks) -> None:
        item = self._take(link, event)
        if isinstance(item, _Connected):
            if callbacks.connection is not None:
                try:
                    await _maybe_await(callbacks.connection(item.data))
                except Exception as error:
                    await callbacks.areport(CallbackFailed("connection", error))
            await self._aflush_acks(callbacks)
        elif isinstance(item, _Instruction):
            if self._admit(item):
                await self._adeliver(item, callbacks)
        elif isinstance(item, _Heartbeat):
            await self._aflush_acks(callbacks)
        else:
            await callbacks.areport(item)

    async def _adeliver(self, item: _Instruction, callbacks: _Callbacks) -> None:
        if self.auto_ack == "received":
            await self._aauto_acknowledge(_PendingAck(item.instruction_id, "received"), callbacks)
        started = time.perf_counter()
        try:
            await _maybe_await(callbacks.instruction(item.data))
        except Exception as error:
            await callbacks.areport(CallbackFailed("instruction", error, item.instruction_id))
            if self.auto_ack == "outcome":
                ack = _PendingAck(item.instruction_id, "failed", _describe(error), _ms(started))
                await self._aauto_acknowledge(ack, callbacks)
            return
        if self.auto_ack == "outcome":
            ack = _PendingAck(item.instruction_id, "processed", None, _ms(started))
            await self._aauto_acknowledge(ack, callbacks)

    async def _aauto_acknowledge(self, ack: _PendingAck, callbacks: _Callbacks) -> bool:
        try:
            await self.acknowledge_instruction_async(
                ack.instruction_id,
                ack.status,
                error_message=ack.error_message,
                processing_time_ms=ack.processing_time_ms,
                retry_count=0,
            )
        except SmartEMError as error:
            expired = self._defer(ack, error)
            if expired is not None:
                await callbacks.areport(expired)
            return expired is not None
        return True

    async def _aflush_acks(self, callbacks: _Callbacks) -> None:
        pending = self._take_pending_acks()
        for index, ack in enumerate(pending):
            if not await self._aauto_acknowledge(ack, callbacks):
                self._requeue(pending[index + 1 :])
                return

    # ------------------------------------------------------------------ acknowledgements

    def acknowledge_instruction(
        self,
        instruction_id: str,
        status: str,
        result: str | None = None,
        error_message: str | None = None,
        processing_time_ms: int | None = None,
        retry_count: int = 3,
    ) -> AgentInstructionAcknowledgementResponse:
        """Acknowledge an instruction; ``status`` is one of :data:`ACK_STATUSES`.

        ``processed_at`` is set to now (UTC). After the transport's own retries, a
        ``TransportError`` or ``ServerError`` is retried up to ``retry_count`` more times
        with backoff; other errors are raised at once. A bad ``status`` raises
        ``ValueError`` and nothing is sent.
        """
        body = _acknowledgement(status, result, error_message, processing_time_ms)
        _check_retry_count(retry_count)
        answer = self._retrying(
            lambda: self._api.acknowledge_instruction(
                self.agent_id, self.session_id, instruction_id, body
            ),
            retry_count,
        )
        self._stats.count("instructions_acknowledged")
        return answer

    async def acknowledge_instruction_async(
        self,
        instruction_id: str,
        status: str,
        result: str | None = None,
        error_message: str | None = None,
        processing_time_ms: int | None = None,
        retry_count: int = 3,
    ) -> AgentInstructionAcknowledgementResponse:
        """The asyncio twin of :meth:`acknowledge_instruction`."""
        body = _acknowledgement(status, result, error_message, processing_time_ms)
        _check_retry_count(retry_count)
        async with self._async_api_client() as api:
            answer = await self._aretrying(
                lambda: api.acknowledge_instruction(
                    self.agent_id, self.session_id, instruction_id, body
                ),
                retry_count,
            )
        self._stats.count("instructions_acknowledged")
        return answer

    def send_heartbeat(self, retry_count: int = 3) -> Any:
        """Tell the backend the agent is alive; returns its JSON answer. Retries as acks do."""
        _check_retry_count(retry_count)
        return self._retrying(
            lambda: self._api.send_heartbeat(self.agent_id, self.session_id), retry_count
        )

    async def send_heartbeat_async(self, retry_count: int = 3) -> Any:
        """The asyncio twin of :meth:`send_heartbeat`."""
        _check_retry_count(retry_count)
        async with self._async_api_client() as api:
            return await self._aretrying(
                lambda: api.send_heartbeat(self.agent_id, self.session_id), retry_count
            )

    def _retrying(self, send: Callable[[], T], retry_count: int) -> T:
        policy = ReconnectPolicy(self.initial_retry_delay, self.max_retry_delay, retry_count)
        while True:
            try:
                return send()
            except (TransportError, ServerError):
                delay = policy.next_delay()
                if delay is None or self._closed.wait(delay):
                    raise

    async def _aretrying(self, send: Callable[[], Awaitable[T]], retry_count: int) -> T:
        policy = ReconnectPolicy(self.initial_retry_delay, self.max_retry_delay, retry_count)
        while True:
            try:
                return await send()
            except (TransportError, ServerError):
                delay = policy.next_delay()
                if delay is None or self._closed.is_set():
                    raise
                await asyncio.sleep(delay)

    @contextlib.asynccontextmanager
    async def _async_api_client(self) -> AsyncIterator[AsyncSmartEMAPIClient]:
        """The running async stream's API client on this loop, else a short-lived one."""
        loop = asyncio.get_running_loop()
        with self._lock:
            current = self._async_api
        if current is not None and current[0] is loop:
            yield current[1]
            return
        async with AsyncSmartEMAPIClient(
            self.base_url,
            self.timeout,
            auth=self._auth,
            retry=self._retry,
            verify=self._verify,
        ) as api:
            yield api

    # ------------------------------------------------------------------ shared steps

    def _begin(self) -> None:
        with self._lock:
            if self._closed.is_set():
                raise RuntimeError("the client is closed")
            if self._running:
                raise RuntimeError("an instruction stream is already running on this client")
            self._running = True
            self._stop.clear()

    def _end(self) -> None:
        with self._lock:
            self._running = False
        self._stats.closed()

    def _policy(self) -> ReconnectPolicy:
        return ReconnectPolicy(self.initial_retry_delay, self.max_retry_delay, self.max_retries)

    def _take(self, link: _Link, event: ServerSentEvent) -> _StreamItem:
        """Interpret an event and record what it says about the connection."""
        if link.connected:
            link.healthy = True
        item = _interpret(event)
        if isinstance(item, _Connected):
            link.connected = True
            self._stats.opened(item.connection_id)
            self.logger.info("instruction stream connected (connection %s)", item.connection_id)
        elif isinstance(item, _Heartbeat):
            self._stats.heartbeat()
        elif isinstance(item, InstructionStreamError) and item.final:
            link.session_error = item
        return item

    def _admit(self, item: _Instruction) -> bool:
        """True the first time an instruction id arrives."""
        if self._seen.add(item.instruction_id):
            self._stats.count("instructions_received")
            return True
        self._stats.count("duplicates_skipped")
        self.logger.debug("instruction %s delivered already; skipped", item.instruction_id)
        return False

    def _accepted(self, response: httpx.Response) -> bool:
        kind = response.headers.get("content-type", "")
        return response.status_code == 200 and _media_type(kind) == "text/event-stream"

    def _refused(self, response: httpx.Response, body: bytes) -> _Ended:
        """The end of a connection the server did not accept as a stream."""
        status = response.status_code
        if status == 200:
            kind = response.headers.get("content-type", "")
            reason = f"content type {kind!r}, not text/event-stream"
            return _Ended(InvalidResponse("GET", self._stream_path, status, reason))
        error = api_error_for("GET", self._stream_path, status, body)
        if status == 401:
            invalidate = getattr(self._auth, "invalidate", None)
            if callable(invalidate):
                invalidate()
        final = 400 <= status < 500 and status not in _RETRYABLE_CLIENT_STATUSES
        advised = _retry_after(response.headers.get("retry-after"))
        return _Ended(error, final=final, advised_delay=advised)

    def _ended(self, link: _Link, decoder: SSEDecoder, error: SmartEMError | None) -> _Ended:
        advised = decoder.retry / 1000 if decoder.retry is not None else None
        return _Ended(
            error,
            healthy=link.healthy or (link.connected and error is None),
            session_error=link.session_error,
            advised_delay=advised,
        )

    def _transport_error(self, failure: httpx.HTTPError) -> TransportError:
        if isinstance(failure, httpx.ReadTimeout):
            reason = f"no data for {self.heartbeat_timeout:g} s (heartbeat watchdog)"
        else:
            reason = _describe(failure)
        return TransportError("GET", self._stream_path, reason)

    def _decide(self, ended: _Ended, policy: ReconnectPolicy, auto_retry: bool) -> _Step:
        """Count the end of a connection and choose between waiting, returning and raising."""
        if ended.session_error is not None:
            self._stats.failed(ended.session_error)
            self.logger.error("instruction stream refused for good: %s", ended.session_error)
            return _Step()
        if ended.final:
            assert ended.error is not None
            self._stats.failed(ended.error)
            return _Step(ended.error, give_up=True)
        if ended.error is None and not auto_retry:
            return _Step()
        if ended.healthy:
            policy.healthy()
        if ended.advised_delay is not None:
            policy.advise(ended.advised_delay)
        error = ended.error or TransportError(
            "GET", self._stream_path, "the server ended the stream"
        )
        self._stats.failed(error)
        delay = policy.next_delay() if auto_retry else None
        if delay is None:
            self.logger.error("instruction stream: giving up after %d failures", policy.failures)
            return _Step(error, give_up=True)
        self.logger.info("instruction stream: reconnecting in %.3f s", delay)
        return _Step(error, wait=delay)

    def _defer(self, ack: _PendingAck, error: SmartEMError) -> SmartEMError | None:
        """Keep a refused automatic ack for later; the error once its window has passed."""
        now = time.monotonic()
        if ack.first_failed_at is None:
            ack.first_failed_at = now
        if now - ack.first_failed_at >= self.ack_retry_window:
            return error
        self.logger.debug(
            "acknowledgement of %s kept for later (%s)", ack.instruction_id, _describe(error)
        )
        with self._lock:
            self._pending_acks.append(ack)
        return None

    def _requeue(self, acks: list[_PendingAck]) -> None:
        with self._lock:
            self._pending_acks.extendleft(reversed(acks))

    def _take_pending_acks(self) -> list[_PendingAck]:
        with self._lock:
            pending = list(self._pending_acks)
            self._pending_acks.clear()
        return pending

    # ------------------------------------------------------------------ stop support (sync)

    def _trace(self, event: str, info: Mapping[str, Any]) -> None:
        # A connection opened for the stream is known before its response headers arrive.
        if event in _NEW_CONNECTION_EVENTS:
            self._watch(info.get("return_value"))

    def _watch(self, network_stream: Any) -> None:
        get_extra_info = getattr(network_stream, "get_extra_info", None)
        sock = get_extra_info("socket") if callable(get_extra_info) else None
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._sockets.add(sock)
        if self._stop.is_set():
            _shut_down(sock)

    def _unwatch(self) -> None:
        with self._lock:
            self._sockets.clear()


# ---------------------------------------------------------------------------- helpers


def _auto_ack_mode(auto_ack: bool | str) -> AutoAck | None:
    if auto_ack is False:
        return None
    if auto_ack is True or auto_ack == "received":
        return "received"
    if auto_ack == "outcome":
        return "outcome"
    raise ValueError("auto_ack must be False, True, 'received' or 'outcome'")


def _acknowledgement(
    status: str,
    result: str | None,
    error_message: str | None,
    processing_time_ms: int | None,
) -> AgentInstructionAcknowledgement:
    if status not in ACK_STATUSES:
        raise ValueError(f"status must be one of {', '.join(ACK_STATUSES)}; got {status!r}")
    if processing_time_ms is not None and processing_time_ms < 0:
        raise ValueError("processing_time_ms must not be negative")
    return AgentInstructionAcknowledgement(
        status=AgentInstructionAcknowledgementStatus(status),
        result=UNSET if result is None else result,
        error_message=UNSET if error_message is None else error_message,
        processing_time_ms=UNSET if processing_time_ms is None else processing_time_ms,
        processed_at=datetime.now(UTC),
    )


def _check_retry_count(retry_count: int) -> None:
    if retry_count < 0:
        raise ValueError("retry_count must not be negative")


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


def _shut_down(sock: socket.socket) -> None:
    # shutdown(), unlike close(), wakes a recv() blocked in another thread.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


async def _maybe_await(result: object) -> None:
    if inspect.isawaitable(result):
        await result


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


def _describe(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
