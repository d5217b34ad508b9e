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

The rules live in :mod:`smartem_ext._sse_core` (events in, effects out); the blocking and
the asyncio driver here only connect, read and perform the effects. Acknowledgements and
heartbeats go through the client's API client, and only its transport retries them.

``stop()`` works from any thread: the blocked read is woken by shutting the stream's
socket down (sync) or by cancelling the streaming task (async). A stop during a TCP
connect waits for that connect to finish or time out.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import math
import socket
import ssl
import threading
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import quote

import attrs
import httpx
from httpx_retries import Retry

from smartem_api.models import (
    AgentInstructionAcknowledgement,
    AgentInstructionAcknowledgementResponse,
    AgentInstructionAcknowledgementStatus,
)
from smartem_api.types import UNSET
from smartem_ext import _calls
from smartem_ext._calls import Call
from smartem_ext._limits import integer_problem, text_problem
from smartem_ext._sse_core import (
    Acknowledge,
    AutoAck,
    Ended,
    Flow,
    Link,
    Notify,
    Report,
    StreamCore,
    parse_instruction,
)
from smartem_ext._sse_decode import SSEDecoder
from smartem_ext.backoff import ReconnectPolicy
from smartem_ext.client import AsyncSmartEMAPIClient, SmartEMAPIClient
from smartem_ext.errors import (
    SESSION_VALIDATION_FAILED,
    CallbackFailed,
    ConversionError,
    InstructionStreamError,
    MalformedEvent,
    SmartEMError,
)
from smartem_ext.http import (
    DEFAULT_LIMITS,
    DEFAULT_RETRY,
    AnswerLimits,
    RetryPolicy,
    aread_prefix,
    build_async_client,
    build_client,
    read_prefix,
)

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

ACK_STATUSES = ("received", "processed", "failed", "declined")

DEFAULT_LOGGER = logging.getLogger("smartem_ext.sse")

_STREAM_HEADERS = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
# The reconnect policy owns stream retries; the transport must not sleep on its own.
_NO_TRANSPORT_RETRY = Retry(total=0)
_NEW_CONNECTION_EVENTS = frozenset(
    {"connection.connect_tcp.complete", "connection.start_tls.complete"}
)
# An explicit acknowledgement or heartbeat retries any server error, not only the
# transport's default statuses.
_ACK_RETRY_STATUSES = frozenset({429, *range(500, 600)})


@attrs.define
class _AsyncRun:
    """A running async stream, so that ``stop()`` can cancel it from any thread."""

    loop: asyncio.AbstractEventLoop
    task: asyncio.Task[Any]
    api: AsyncSmartEMAPIClient
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

    def report(self, error: Exception) -> object:
        """Log ``error`` and pass it on; what the error callback returned (maybe awaitable)."""
        self.logger.warning("instruction stream: %s", error)
        if self.error is None:
            return None
        try:
            return self.error(error)
        except Exception:
            self.logger.exception("error_callback raised")
            return None

    async def areport(self, error: Exception) -> None:
        try:
            await _maybe_await(self.report(error))
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
        limits: Deadline and answer-size caps of the API calls (the stream itself has none).
    """

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
        limits: AnswerLimits = DEFAULT_LIMITS,
    ) -> None:
        if not agent_id or not session_id:
            raise ValueError("agent_id and session_id must not be empty")
        if not (math.isfinite(heartbeat_timeout) and heartbeat_timeout > 0):
            raise ValueError("heartbeat_timeout must be a finite number > 0")
        if seen_capacity < 1:
            raise ValueError("seen_capacity must be at least 1")
        ReconnectPolicy.check(initial_retry_delay, max_retry_delay, max_retries)
        self.base_url = base_url.rstrip("/")
        self.agent_id = agent_id
        self.session_id = session_id
        self.timeout = timeout
        self.max_retries = max_retries
        self.initial_retry_delay = initial_retry_delay
        self.max_retry_delay = max_retry_delay
        self.heartbeat_timeout = heartbeat_timeout
        self.logger = logger or DEFAULT_LOGGER
        self._auth = auth
        self._retry = retry
        self._limits = limits
        self._verify = verify
        stream_path = (
            f"/agent/{quote(agent_id, safe='')}/session/{quote(session_id, safe='')}"
            "/instructions/stream"
        )
        self._core = StreamCore(
            stream_path,
            _auto_ack_mode(auto_ack),
            seen_capacity,
            heartbeat_timeout,
            auth,
            self.logger,
        )
        self._stream_timeout = httpx.Timeout(timeout, read=heartbeat_timeout)
        # One pool for the blocking stream and the blocking API calls.
        self._http = build_client(
            self.base_url, timeout=timeout, auth=auth, retry=retry, verify=verify
        )
        self._api = SmartEMAPIClient(self.base_url, timeout, httpx_client=self._http, limits=limits)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._closed = threading.Event()
        self._running = False
        self._sockets: set[socket.socket] = set()
        self._async_run: _AsyncRun | None = None

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

    @property
    def auto_ack(self) -> AutoAck | None:
        """``"received"``, ``"outcome"`` or None: which acknowledgements the stream sends."""
        return self._core.auto_ack

    @property
    def ack_retry_window(self) -> float:
        """Seconds an automatic acknowledgement is retried after it first failed."""
        return self._core.ack_retry_window

    @ack_retry_window.setter
    def ack_retry_window(self, seconds: float) -> None:
        self._core.ack_retry_window = seconds

    def is_connected(self) -> bool:
        """True between a ``connection`` event and the end of that connection."""
        return self._core.stats.connected

    def get_stats(self) -> dict[str, Any]:
        """Counters since creation or ``reset_stats()``, the connection id and last error."""
        return self._core.stats.snapshot()

    def reset_stats(self) -> None:
        """Zero the counters; the connection state and the seen ids stay."""
        self._core.stats.reset()

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
                    self._core.stats.count("reconnects")
                first = False
                ended = self._connect(callbacks)
                if self._stop.is_set():
                    return
                step = self._core.decide(ended, policy, auto_retry=True)
                if step.report is not None:
                    callbacks.report(step.report)
                    if step.give_up:
                        raise step.report
                if step.wait is None or self._stop.wait(step.wait):
                    return
        finally:
            self._end()

    def _connect(self, callbacks: _Callbacks) -> Ended:
        core = self._core
        core.stats.count("connections")
        link = Link()
        decoder = SSEDecoder()
        error: SmartEMError | None = None
        try:
            with self._http.stream(
                "GET",
                core.stream_path,
                headers=_STREAM_HEADERS,
                timeout=self._stream_timeout,
                extensions={"retry": _NO_TRANSPORT_RETRY, "trace": self._trace},
            ) as response:
                self._watch(response.extensions.get("network_stream"))
                if not core.accepted(response):
                    return core.refused(response, read_prefix(response))
                for chunk in response.iter_bytes():
                    for event in decoder.feed(chunk):
                        self._perform(core.on_event(link, event), callbacks)
                        if link.session_error is not None or self._stop.is_set():
                            return core.ended(link, decoder, None)
        except httpx.HTTPError as failure:
            error = core.transport_error(failure)
        except SmartEMError as failure:  # from the auth: token endpoint refused or unreachable
            error = failure
        finally:
            self._unwatch()
            core.stats.closed()
        return core.ended(link, decoder, error)

    def _perform(self, flow: Flow, callbacks: _Callbacks) -> None:
        """Carry out the effects of one event, sending each outcome back to the core."""
        outcome: BaseException | None = None
        while True:
            try:
                effect = flow.send(outcome)
            except StopIteration:
                return
            outcome = None
            if isinstance(effect, Report):
                callbacks.report(effect.error)
                continue
            if isinstance(effect, Acknowledge):
                try:
                    self._api._perform(self._auto_ack_call(effect))
                except SmartEMError as error:
                    outcome = error
                else:
                    self._core.stats.count("instructions_acknowledged")
                continue
            try:
                if isinstance(effect, Notify):
                    if callbacks.connection is not None:
                        callbacks.connection(effect.data)
                else:
                    callbacks.instruction(effect.data)
            except Exception as error:
                outcome = error

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
        self._begin()
        run: _AsyncRun | None = None
        try:
            # One pool for the stream and the API calls of this run, on this loop.
            async with build_async_client(
                self.base_url,
                timeout=self.timeout,
                auth=self._auth,
                retry=self._retry,
                verify=self._verify,
            ) as http:
                api = AsyncSmartEMAPIClient(
                    self.base_url, self.timeout, httpx_client=http, limits=self._limits
                )
                run = _AsyncRun(asyncio.get_running_loop(), task, api)
                with self._lock:
                    self._async_run = run
                await self._astream(http, callbacks, auto_retry)
        except asyncio.CancelledError:
            if run is not None and run.stopped and task.uncancel() == 0:
                return
            raise
        finally:
            if run is not None:
                run.active = False
            with self._lock:
                self._async_run = None
            self._end()

    async def _astream(
        self, http: httpx.AsyncClient, callbacks: _Callbacks, auto_retry: bool
    ) -> None:
        policy = self._policy()
        first = True
        while not self._stop.is_set():
            if not first:
                self._core.stats.count("reconnects")
            first = False
            ended = await self._aconnect(http, callbacks)
            if self._stop.is_set():
                return
            step = self._core.decide(ended, policy, auto_retry)
            if step.report is not None:
                await callbacks.areport(step.report)
                if step.give_up:
                    raise step.report
            if step.wait is None:
                return
            await asyncio.sleep(step.wait)

    async def _aconnect(self, http: httpx.AsyncClient, callbacks: _Callbacks) -> Ended:
        core = self._core
        core.stats.count("connections")
        link = Link()
        decoder = SSEDecoder()
        error: SmartEMError | None = None
        try:
            async with http.stream(
                "GET",
                core.stream_path,
                headers=_STREAM_HEADERS,
                timeout=self._stream_timeout,
                extensions={"retry": _NO_TRANSPORT_RETRY},
            ) as response:
                if not core.accepted(response):
                    return core.refused(response, await aread_prefix(response))
                async for chunk in response.aiter_bytes():
                    for event in decoder.feed(chunk):
                        await self._aperform(core.on_event(link, event), callbacks)
                        if link.session_error is not None or self._stop.is_set():
                            return core.ended(link, decoder, None)
        except httpx.HTTPError as failure:
            error = core.transport_error(failure)
        except SmartEMError as failure:  # from the auth: token endpoint refused or unreachable
            error = failure
        finally:
            core.stats.closed()
        return core.ended(link, decoder, error)

    async def _aperform(self, flow: Flow, callbacks: _Callbacks) -> None:
        """The asyncio twin of :meth:`_perform`: callbacks may be coroutine functions."""
        outcome: BaseException | None = None
        while True:
            try:
                effect = flow.send(outcome)
            except StopIteration:
                return
            outcome = None
            if isinstance(effect, Report):
                await callbacks.areport(effect.error)
                continue
            if isinstance(effect, Acknowledge):
                try:
                    await self._running_async_api()._perform(self._auto_ack_call(effect))
                except SmartEMError as error:
                    outcome = error
                else:
                    self._core.stats.count("instructions_acknowledged")
                continue
            try:
                if isinstance(effect, Notify):
                    if callbacks.connection is not None:
                        await _maybe_await(callbacks.connection(effect.data))
                else:
                    await _maybe_await(callbacks.instruction(effect.data))
            except Exception as error:
                outcome = error

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

        ``processed_at`` is set to now (UTC). The transport retries a refused or reset
        connection and any 5xx up to ``retry_count`` times with backoff; other errors are
        raised at once. A bad ``status`` raises ``ValueError`` and nothing is sent.
        """
        call = self._ack_call(instruction_id, status, result, error_message, processing_time_ms)
        answer = self._api._perform(self._retried(call, retry_count))
        self._core.stats.count("instructions_acknowledged")
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
        call = self._ack_call(instruction_id, status, result, error_message, processing_time_ms)
        async with self._async_api() as api:
            answer = await api._perform(self._retried(call, retry_count))
        self._core.stats.count("instructions_acknowledged")
        return answer

    def send_heartbeat(self, retry_count: int = 3) -> Any:
        """Tell the backend the agent is alive; returns its JSON answer. Retries as acks do."""
        call = _calls.send_agent_heartbeat(self.agent_id, self.session_id)
        return self._api._perform(self._retried(call, retry_count))

    async def send_heartbeat_async(self, retry_count: int = 3) -> Any:
        """The asyncio twin of :meth:`send_heartbeat`."""
        call = _calls.send_agent_heartbeat(self.agent_id, self.session_id)
        async with self._async_api() as api:
            return await api._perform(self._retried(call, retry_count))

    def _ack_call(
        self,
        instruction_id: str,
        status: str,
        result: str | None = None,
        error_message: str | None = None,
        processing_time_ms: int | None = None,
    ) -> Call[AgentInstructionAcknowledgementResponse]:
        body = _acknowledgement(status, result, error_message, processing_time_ms)
        return _calls.acknowledge_instruction(self.agent_id, self.session_id, instruction_id, body)

    def _auto_ack_call(self, effect: Acknowledge) -> Call[AgentInstructionAcknowledgementResponse]:
        # The transport's usual policy: an ack refused after it waits for the next event.
        ack = effect.ack
        return self._ack_call(
            ack.instruction_id,
            ack.status,
            error_message=ack.error_message,
            processing_time_ms=ack.processing_time_ms,
        )

    def _retried(self, call: Call[T], retry_count: int) -> Call[T]:
        """``call`` with the transport retrying it ``retry_count`` times."""
        if retry_count < 0:
            raise ValueError("retry_count must not be negative")
        policy = RetryPolicy(
            attempts=retry_count,
            backoff_factor=self.initial_retry_delay,
            max_backoff=max(self.max_retry_delay, 0.001),
            statuses=_ACK_RETRY_STATUSES,
        )
        return attrs.evolve(call, extensions={"retry": policy.to_retry()})

    def _running_async_api(self) -> AsyncSmartEMAPIClient:
        with self._lock:
            run = self._async_run
        if run is None:
            raise RuntimeError("automatic acknowledgements are sent by the running async stream")
        return run.api

    @contextlib.asynccontextmanager
    async def _async_api(self) -> AsyncIterator[AsyncSmartEMAPIClient]:
        """The running async stream's API client on this loop, else a short-lived one."""
        loop = asyncio.get_running_loop()
        with self._lock:
            run = self._async_run
        if run is not None and run.loop is loop:
            yield run.api
            return
        async with AsyncSmartEMAPIClient(
            self.base_url,
            self.timeout,
            auth=self._auth,
            retry=self._retry,
            limits=self._limits,
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
        self._core.stats.closed()

    def _policy(self) -> ReconnectPolicy:
        return ReconnectPolicy(self.initial_retry_delay, self.max_retry_delay, self.max_retries)

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
    # ConversionError is a ValueError too: nothing is sent.
    if status not in ACK_STATUSES:
        raise ConversionError(
            "acknowledgement",
            "status",
            f"must be one of {', '.join(ACK_STATUSES)}; got {repr(status)[:80]}",
        )
    if processing_time_ms is not None and processing_time_ms < 0:
        raise ConversionError("acknowledgement", "processing_time_ms", "must not be negative")
    broken = [
        (field, problem)
        for field, problem in (
            (
                "processing_time_ms",
                None if processing_time_ms is None else integer_problem(processing_time_ms),
            ),
            ("result", None if result is None else text_problem(result)),
            ("error_message", None if error_message is None else text_problem(error_message)),
        )
        if problem is not None
    ]
    if broken:
        raise ConversionError("acknowledgement", *broken[0])
    return AgentInstructionAcknowledgement(
        status=AgentInstructionAcknowledgementStatus(status),
        result=UNSET if result is None else result,
        error_message=UNSET if error_message is None else error_message,
        processing_time_ms=UNSET if processing_time_ms is None else processing_time_ms,
        processed_at=datetime.now(UTC),
    )


def _shut_down(sock: socket.socket) -> None:
    # shutdown(), unlike close(), wakes a recv() blocked in another thread.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


async def _maybe_await(result: object) -> None:
    if inspect.isawaitable(result):
        await result
