"""SSEAgentClient: the agent's instruction stream: connect, read, reconnect, dedupe, ack.

:class:`_Driver` performs :mod:`smartem_ext._sse_core`'s effects on the given API client or
on ones made here (one blocking, one asyncio per event loop: an httpx pool belongs to its
loop). ``stop()`` shuts the stream's socket down (blocking) or cancels its task (asyncio).
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
from collections.abc import Callable, Coroutine, Iterator, Mapping
from typing import Any, Concatenate, ParamSpec, TypeVar

import attrs
import httpx
from httpx_retries import Retry

from smartem_api.models import AgentInstructionAcknowledgementResponse
from smartem_ext import _calls
from smartem_ext import _sse_core as core
from smartem_ext._effects import arun, run
from smartem_ext.backoff import ReconnectPolicy
from smartem_ext.client import AsyncSmartEMAPIClient, SmartEMAPIClient
from smartem_ext.http import DEFAULT_LIMITS, DEFAULT_RETRY, AnswerLimits, RetryPolicy

__all__ = ["SSEAgentClient"]

P = ParamSpec("P")
T = TypeVar("T")
A = TypeVar("A", SmartEMAPIClient, AsyncSmartEMAPIClient)

InstructionCallback = Callable[[dict[str, Any]], object]
ConnectionCallback = Callable[[dict[str, Any]], object]
ErrorCallback = Callable[[Exception], object]
APIClient = SmartEMAPIClient | AsyncSmartEMAPIClient

_STREAM_HEADERS = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
# The reconnect policy owns stream retries; the transport must not sleep on its own.
_NO_TRANSPORT_RETRY = Retry(total=0)
_NEW_CONNECTION_EVENTS = {"connection.connect_tcp.complete", "connection.start_tls.complete"}
# An explicit acknowledgement or heartbeat retries any server error, not only the usual ones.
_ACK_RETRY_STATUSES = frozenset({429, *range(500, 600)})


@attrs.define
class _AsyncRun:
    """A running async stream, so that ``stop()`` can cancel it from any thread."""

    loop: asyncio.AbstractEventLoop
    task: asyncio.Task[Any]
    stopped: bool = False  # stop() cancelled the task


def _driven(
    flow: Callable[Concatenate[SSEAgentClient, P], core.Flow[T]],
) -> tuple[
    Callable[Concatenate[SSEAgentClient, P], T],
    Callable[Concatenate[SSEAgentClient, P], Coroutine[Any, Any, T]],
]:
    """The blocking method running ``flow`` and its asyncio twin, named after ``flow``."""

    def blocking(self: SSEAgentClient, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return _Driver(self, False).run(flow(self, *args, **kwargs))

    async def awaitable(self: SSEAgentClient, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return await _Driver(self, True).arun(flow(self, *args, **kwargs))

    name = flow.__name__.lstrip("_")
    signature = inspect.signature(flow)  # returns "core.Flow[X]": the methods give X
    returns = signature.return_annotation.removeprefix("core.Flow[")[:-1]
    signature = signature.replace(return_annotation=returns)
    for method, suffix in ((blocking, ""), (awaitable, "_async")):
        target: Any = method
        target.__signature__ = signature
        target.__name__ = name + suffix
        target.__qualname__ = f"SSEAgentClient.{name}{suffix}"
        target.__doc__ = f"The asyncio twin of :meth:`{name}`." if suffix else flow.__doc__
    return blocking, awaitable


class SSEAgentClient(core.StreamCore):
    """Receives an agent's instructions over SSE, with reconnects, dedupe and acknowledgement.

    Args:
        base_url: The backend's root URL (the API client's, when ``api`` is given).
        timeout: Seconds to connect, write and read each ordinary request (with ``api``:
            the stream's connect and write only).
        max_retries: Consecutive failed connections tolerated; None retries forever.
        initial_retry_delay: Upper bound of the first reconnect wait (full jitter).
        max_retry_delay: Longest reconnect wait.
        auth: ``KeycloakAuth``, ``BearerToken`` or any ``httpx.Auth``.
        heartbeat_timeout: Seconds of silence from the server before reconnecting (the
            backend sends a heartbeat after 30 s without instructions).
        auto_ack: False: none (see :meth:`SSEAgentClient.acknowledge_instruction`); True or
            ``"received"``: ``received`` before the callback; ``"outcome"``: ``processed``
            (with the time taken) or ``failed`` (with the exception) after it. One refused
            (the backend takes none while the agent has no open stream) is resent after each
            ``connection`` or ``heartbeat`` event for ``ack_retry_window`` s, then reported.
        retry: Transport retry policy for acknowledgements and heartbeats.
        verify: TLS verification; on unless switched off explicitly.
        seen_capacity: How many instruction ids are remembered for deduplication.
        logger: Where the stream logs; ``smartem_ext.sse`` by default.
        limits: Deadline and answer-size caps of the API calls (the stream has none).
        api: The API client carrying the stream, acks and heartbeats (blocking or asyncio,
            for the methods of its kind), with its own ``auth``, ``retry``, ``verify`` and
            ``limits``; never closed here. Without it, ``close()`` closes the ones made here.
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
        auto_ack: bool | core.AutoAck = False,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        verify: bool | ssl.SSLContext = True,
        seen_capacity: int = 10000,
        logger: logging.Logger | None = None,
        limits: AnswerLimits = DEFAULT_LIMITS,
        api: APIClient | None = None,
    ) -> None:
        if not agent_id or not session_id:
            raise ValueError("agent_id and session_id must not be empty")
        if not (math.isfinite(heartbeat_timeout) and heartbeat_timeout > 0):
            raise ValueError("heartbeat_timeout must be a finite number > 0")
        if seen_capacity < 1:
            raise ValueError("seen_capacity must be at least 1")
        ReconnectPolicy.check(initial_retry_delay, max_retry_delay, max_retries)
        self.base_url = base_url.rstrip("/")
        # What the API clients the SSE client makes are made of.
        self._settings: dict[str, Any] = dict(auth=auth, retry=retry, verify=verify, limits=limits)
        if api is not None:  # refuse settings that would be silently ignored
            if not isinstance(api, SmartEMAPIClient | AsyncSmartEMAPIClient):
                kind = type(api).__name__
                raise TypeError(
                    f"api must be a SmartEMAPIClient or an AsyncSmartEMAPIClient, not {kind}"
                )
            if api.base_url != self.base_url:
                raise ValueError(
                    f"base_url {self.base_url!r} is not the API client's ({api.base_url!r})"
                )
            defaults = dict(auth=None, retry=DEFAULT_RETRY, verify=True, limits=DEFAULT_LIMITS)
            given = [name for name, value in self._settings.items() if value is not defaults[name]]
            if given:
                raise ValueError(
                    f"{', '.join(given)}: set on the API client given as api, not here"
                )
            auth = api._http.auth
        super().__init__(
            agent_id, session_id, auto_ack, seen_capacity, heartbeat_timeout, auth, logger
        )
        self.timeout = timeout
        self.max_retries = max_retries
        self.initial_retry_delay = initial_retry_delay
        self.max_retry_delay = max_retry_delay
        self.ack_retry_window = 300.0
        """Seconds an automatic acknowledgement is retried after it first failed."""
        self._given = api
        # The blocking one under None, an asyncio one per event loop (its pool's loop).
        self._own: dict[asyncio.AbstractEventLoop | None, APIClient] = {}
        self._closed = threading.Event()
        self._running = False
        self._sockets: set[socket.socket] = set()
        self._async_run: _AsyncRun | None = None

    def __repr__(self) -> str:
        ids = f"agent_id={self.agent_id!r}, session_id={self.session_id!r}"
        return f"SSEAgentClient(base_url={self.base_url!r}, {ids})"

    def __enter__(self) -> SSEAgentClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    async def __aenter__(self) -> SSEAgentClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def close(self) -> None:
        """Stop any stream; close the API clients made here (asyncio ones on their open loop)."""
        self.stop()
        with self._lock:
            self._closed.set()
            own, self._own = self._own, {}
        for loop, api in own.items():
            if isinstance(api, SmartEMAPIClient):
                api.close()
            elif loop is not None and not loop.is_closed():  # else its pool went with it
                with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                    asyncio.run_coroutine_threadsafe(api.close(), loop)

    async def aclose(self) -> None:
        """:meth:`close`, awaiting the close of the asyncio API client made on this loop."""
        with self._lock:
            api = self._own.pop(asyncio.get_running_loop(), None)
        self.close()
        if isinstance(api, AsyncSmartEMAPIClient):
            await api.close()

    def stop(self) -> None:
        """End the running stream promptly, from any thread; a stream started later runs."""
        self._stop.set()
        with self._lock:
            sockets = list(self._sockets)
            run = self._async_run
        for sock in sockets:
            _shut_down(sock)
        if run is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed: nothing runs
                run.loop.call_soon_threadsafe(self._cancel, run)

    def _cancel(self, run: _AsyncRun) -> None:
        # On the loop: once the stream has returned, the task is the caller's again.
        if self._async_run is run and not run.task.done():
            run.stopped = True
            run.task.cancel()

    @property
    def auto_ack(self) -> core.AutoAck | None:
        """``"received"``, ``"outcome"`` or None: which acknowledgements the stream sends."""
        return self._auto_ack

    def is_connected(self) -> bool:
        """True between a ``connection`` event and the end of that connection."""
        return self._connected

    def get_stats(self) -> dict[str, Any]:
        """Counters since creation or ``reset_stats()``, the connection id and last error."""
        with self._lock:
            counts, heartbeat_at = self._counts, self._last_heartbeat_at
            attempts = counts["connections"]
            return {
                **counts,
                "last_error": self._last_error,
                "connection_id": self._connection_id,
                "success_rate": counts["successful_connections"] / attempts if attempts else 0.0,
                "last_heartbeat_at": heartbeat_at.isoformat() if heartbeat_at else None,
            }

    def reset_stats(self) -> None:
        """Zero the counters; the connection state and the seen ids stay."""
        with self._lock:
            self._counts = dict.fromkeys(core.COUNTERS, 0)
            self._last_error = self._last_heartbeat_at = None

    def stream_instructions(
        self,
        instruction_callback: InstructionCallback,
        connection_callback: ConnectionCallback | None = None,
        error_callback: ErrorCallback | None = None,
    ) -> None:
        """Stream instructions until ``stop()``, a final error, or too many failures (raised).

        ``instruction_callback`` gets each instruction's data as a dict (typed model:
        :class:`~smartem_api.models.InstructionStreamInstructionEvent`), once per id across
        reconnects; ``connection_callback`` the ``connection`` event's data; ``error_callback``
        every problem as an exception, each reason to reconnect and unreadable events too.
        Reconnects follow a :class:`ReconnectPolicy`, reset by a connection that sent its
        ``connection`` event and more or ended cleanly; ``retry:`` or ``Retry-After`` sets the
        next wait. An ``error`` event ``session_validation_failed`` ends the call; a 401 makes
        the auth forget its token first; another 4xx on connect (but 408 and 429) is raised.
        """
        callbacks = core.Callbacks(instruction_callback, connection_callback, error_callback)
        with self._streaming(callbacks, True, None) as flow:
            _Driver(self, False).run(flow)

    async def stream_instructions_async(
        self,
        instruction_callback: InstructionCallback,
        connection_callback: ConnectionCallback | None = None,
        error_callback: ErrorCallback | None = None,
        auto_retry: bool = True,
    ) -> None:
        """The asyncio twin of :meth:`stream_instructions`; callbacks may be coroutine functions.

        Cancelling the task closes the connection and ``CancelledError`` propagates; ``stop()``
        returns normally. ``auto_retry=False`` makes one connection: a clean end returns, a
        failure is reported and raised.
        """
        task = asyncio.current_task()
        if task is None:
            raise RuntimeError("stream_instructions_async must run inside an asyncio task")
        callbacks = core.Callbacks(instruction_callback, connection_callback, error_callback)
        run = _AsyncRun(asyncio.get_running_loop(), task)
        with self._streaming(callbacks, auto_retry, run) as flow:
            try:
                await _Driver(self, True).arun(flow)
            except asyncio.CancelledError:
                if not run.stopped or task.uncancel() > 0:
                    raise

    def _acknowledge_instruction(
        self,
        instruction_id: str,
        status: str,
        result: str | None = None,
        error_message: str | None = None,
        processing_time_ms: int | None = None,
        retry_count: int = 3,
    ) -> core.Flow[AgentInstructionAcknowledgementResponse]:
        """Acknowledge an instruction; ``status``: received, processed, failed or declined.

        ``processed_at`` is set to now (UTC). The transport retries a refused or reset
        connection and any 5xx up to ``retry_count`` times with backoff; other errors are
        raised at once. A bad ``status`` raises ``ValueError`` and nothing is sent.
        """
        ack = core.PendingAck(instruction_id, status, error_message, processing_time_ms, result)
        call = self._retried(self._ack_call(ack), retry_count)
        answer: AgentInstructionAcknowledgementResponse = yield core.Send(call)
        self._count("instructions_acknowledged")
        return answer

    def _send_heartbeat(self, retry_count: int = 3) -> core.Flow[Any]:
        """Tell the backend the agent is alive; returns its JSON answer. Retries as acks do."""
        call = _calls.send_agent_heartbeat(self.agent_id, self.session_id)
        return (yield core.Send(self._retried(call, retry_count)))

    acknowledge_instruction, acknowledge_instruction_async = _driven(_acknowledge_instruction)
    send_heartbeat, send_heartbeat_async = _driven(_send_heartbeat)

    def _retried(self, call: _calls.Call[T], retry_count: int) -> _calls.Call[T]:
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

    def _api(self, kind: type[A]) -> A:
        """The API client of ``kind`` (blocking or asyncio): the given one, or one made here."""
        with self._lock:
            if self._closed.is_set():
                raise RuntimeError("the client is closed")
            if isinstance(self._given, kind):
                return self._given
            if self._given is not None:
                methods = "blocking" if kind is AsyncSmartEMAPIClient else "asyncio"
                raise TypeError(
                    f"this SSEAgentClient was given {self._given!r}: use its {methods} methods"
                )
            loop = None if kind is SmartEMAPIClient else asyncio.get_running_loop()
            for ended in [other for other in self._own if other and other.is_closed()]:
                del self._own[ended]  # its connections went with its loop
            if loop not in self._own:
                self._own[loop] = kind(self.base_url, self.timeout, **self._settings)
            return self._own[loop]  # type: ignore[return-value]

    @contextlib.contextmanager
    def _streaming(
        self, callbacks: core.Callbacks, auto_retry: bool, run: _AsyncRun | None
    ) -> Iterator[core.Flow[None]]:
        """The stream's flow, while no other stream runs on this client."""
        with self._lock:
            if self._running:
                raise RuntimeError("an instruction stream is already running on this client")
            self._running = True
            self._async_run = run
            self._stop.clear()
        policy = ReconnectPolicy(self.initial_retry_delay, self.max_retry_delay, self.max_retries)
        try:
            yield self._run(callbacks, policy, auto_retry)
        finally:
            with self._lock:
                self._running = False
                self._async_run = None

    def _trace(self, event: str, info: Mapping[str, Any]) -> None:
        # A connection opened for the stream is known before its response headers arrive.
        if event in _NEW_CONNECTION_EVENTS:
            self._watch(info.get("return_value"))

    def _watch(self, network_stream: Any) -> None:
        """Remember the stream's socket, for ``stop()`` to shut down."""
        get_extra_info = getattr(network_stream, "get_extra_info", None)
        sock = get_extra_info("socket") if callable(get_extra_info) else None
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._sockets.add(sock)
        if self._stop.is_set():
            _shut_down(sock)


class _Driver:
    """Performs a flow's effects on the blocking or the asyncio API client, holding its stream."""

    def __init__(self, sse: SSEAgentClient, is_async: bool) -> None:
        self._sse = sse
        self._async = is_async
        self._api: Any = sse._api(AsyncSmartEMAPIClient) if is_async else sse._api(SmartEMAPIClient)
        self._response: httpx.Response | None = None  # the open stream
        self._chunks: Any = None
        self._watching = False

    def run(self, flow: core.Flow[T]) -> T:
        try:
            return run(flow, self._perform)
        finally:
            self._perform(core.CLOSE)

    async def arun(self, flow: core.Flow[T]) -> T:
        try:
            return await arun(flow, self._aperform)
        finally:
            await self._aperform(core.CLOSE)

    async def _aperform(self, effect: core.Effect) -> Any:
        if isinstance(effect, core.Wait):
            await asyncio.sleep(effect.seconds)
            return self._sse._stop.is_set()
        result = self._perform(effect)
        if inspect.isawaitable(result):
            result = await result
        return self._opened(result) if effect is core.OPEN else result

    def _perform(self, effect: core.Effect) -> Any:
        """What ``effect`` gives; on the asyncio client, maybe an awaitable of it."""
        if effect is core.READ:
            return anext(self._chunks, None) if self._async else next(self._chunks, None)
        if isinstance(effect, core.Invoke):
            return effect.callback(effect.argument)
        if isinstance(effect, core.Send):
            return self._api._perform(effect.call)
        if isinstance(effect, core.Wait):
            return self._sse._stop.wait(effect.seconds)
        if effect is core.OPEN:
            sse = self._sse
            ext: dict[str, Any] = {"retry": _NO_TRANSPORT_RETRY}
            if not self._async:  # its socket is known from the TCP connect on (see _trace)
                self._watching = True
                ext["trace"] = sse._trace
            timeout = httpx.Timeout(sse.timeout, read=sse.heartbeat_timeout)
            request = self._api._http.build_request(
                "GET", sse._stream_path, headers=_STREAM_HEADERS, timeout=timeout, extensions=ext
            )
            sent = self._api._http.send(request, stream=True)
            return sent if self._async else self._opened(sent)
        assert effect is core.CLOSE
        response, self._response = self._response, None
        if self._watching:  # only the stream's driver: an ack's must not forget its socket
            self._watching = False
            with self._sse._lock:
                self._sse._sockets.clear()
        if response is not None:
            return response.aclose() if self._async else response.close()

    def _opened(self, response: httpx.Response) -> httpx.Response:
        self._response = response
        self._chunks = response.aiter_bytes() if self._async else response.iter_bytes()
        if not self._async:
            self._sse._watch(response.extensions.get("network_stream"))
        return response


def _shut_down(sock: socket.socket) -> None:
    # shutdown(), unlike close(), wakes a recv() blocked in another thread.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
