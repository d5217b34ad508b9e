"""A fault-injecting HTTP/1.1 proxy on loopback, between a client and a backend.

    plan = FaultPlan(seed=7, kinds=ALL_FAULTS)
    with ChaosProxy(backend.url, plan) as proxy:
        client = SmartEMAPIClient(proxy.url, timeout=0.5)
        ...
        proxy.injected()   # {"reset_before_forward": 4, ...}

The proxy runs its own asyncio loop in a background thread. Each client connection gets
one upstream connection, kept alive as long as both sides allow. Requests and responses
are parsed just enough to frame them (Content-Length, chunked, read-to-close), so faults
land on request boundaries:

* ``reset_before_forward``: the request is read, then the connection is reset; the
  backend never sees it.
* ``reset_after_forward``: the backend answers (and commits), then the client's
  connection is reset: the answer is lost.
* ``cut_mid_body``: the status line, headers and half the body reach the client, then
  the connection closes.
* ``unavailable``: 503 with ``Retry-After`` for a burst of consecutive requests, which
  are not forwarded.
* ``latency``: the answer is held back for a moment shorter than the client's timeout.
* ``stall``: the backend answers, but the client hears nothing until well after its
  timeout, then the connection is reset.

Which request gets which fault comes from a seeded plan: every block of ``every``
requests holds each chosen fault once, at positions drawn from ``random.Random(seed)``.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import random
import socket
import struct
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType

import httpx

__all__ = ["ALL_FAULTS", "ChaosProxy", "Fault", "FaultPlan", "ProxyCounts"]

_HEAD_LIMIT = 64 * 1024
_STOP_TIMEOUT = 10.0


class Fault(enum.StrEnum):
    RESET_BEFORE_FORWARD = "reset_before_forward"
    RESET_AFTER_FORWARD = "reset_after_forward"
    CUT_MID_BODY = "cut_mid_body"
    UNAVAILABLE = "unavailable"
    LATENCY = "latency"
    STALL = "stall"


ALL_FAULTS: frozenset[Fault] = frozenset(Fault)

# Faults after which the backend may have acted on the request although the client
# never got the answer.
_AFTER_FORWARD = frozenset({Fault.RESET_AFTER_FORWARD, Fault.CUT_MID_BODY, Fault.STALL})


@dataclass
class FaultPlan:
    """Which requests get which fault: seeded, each chosen fault once per block.

    Args:
        seed: Seed of the plan's random generator.
        kinds: The faults to inject.
        every: Block length in requests; each fault in ``kinds`` hits one request per block.
        burst: Smallest and largest number of consecutive 503 answers of one burst.
        retry_after: ``Retry-After`` seconds sent with each 503.
        latency: Shortest and longest extra delay of a latency spike, in seconds.
        stall: How long a stalled answer is held before the connection is reset.
        answer_lost_ok: Whether a request may get a fault that loses an answer the
            backend acted on (``method``, ``path``); when not, such a fault is skipped for
            it, and a stall holds the request without forwarding it.
    """

    seed: int
    kinds: frozenset[Fault] = ALL_FAULTS
    every: int = 20
    burst: tuple[int, int] = (1, 3)
    retry_after: int = 0
    latency: tuple[float, float] = (0.05, 0.2)
    stall: float = 1.0
    answer_lost_ok: Callable[[str, str], bool] = field(default=lambda method, path: True)

    def __post_init__(self) -> None:
        self._kinds = sorted(self.kinds)
        if len(self._kinds) > self.every:
            raise ValueError("a block must have room for every fault")
        self._rng = random.Random(self.seed)
        self._block: list[Fault | None] = []
        self._burst_left = 0

    def next(self, method: str, path: str) -> Fault | None:
        """The fault for the next request (None: pass it through untouched)."""
        if self._burst_left:
            self._burst_left -= 1
            return Fault.UNAVAILABLE
        if not self._block:
            self._block = [*self._kinds, *[None] * (self.every - len(self._kinds))]
            self._rng.shuffle(self._block)
        fault = self._block.pop()
        if fault is Fault.UNAVAILABLE:
            self._burst_left = self._rng.randint(*self.burst) - 1
        if fault in _AFTER_FORWARD - {Fault.STALL} and not self.answer_lost_ok(method, path):
            return None
        return fault

    def delay(self) -> float:
        return self._rng.uniform(*self.latency)


@dataclass(frozen=True)
class ProxyCounts:
    """What the proxy saw and did."""

    connections: int
    requests: int
    forwarded: int
    backend_closed: int
    """Answers after which the backend closed its connection (or that it never sent)."""
    injected: dict[str, int]


@dataclass
class _Message:
    """One framed HTTP/1.1 message: its head as received, and its body bytes as received."""

    start_line: str
    headers: dict[str, str]
    head: bytes
    body: bytes
    """The body as framed on the wire (chunk sizes included when chunked)."""
    payload_size: int
    until_close: bool = False

    @property
    def raw(self) -> bytes:
        return self.head + self.body

    def wants_close(self) -> bool:
        return self.until_close or "close" in self.headers.get("connection", "").lower()


class _Closed(Exception):
    """The peer closed the connection between messages."""


async def _read_head(reader: asyncio.StreamReader) -> tuple[bytes, str, dict[str, str]]:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as error:
        if not error.partial:
            raise _Closed from None
        raise
    except asyncio.LimitOverrunError as error:
        raise ConnectionError("message head too long") from error
    lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    return head, lines[0], headers


async def _read_chunked(reader: asyncio.StreamReader) -> tuple[bytes, int]:
    raw = bytearray()
    size_total = 0
    while True:
        line = await reader.readuntil(b"\r\n")
        raw += line
        size = int(line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            while True:  # trailers, up to the empty line
                trailer = await reader.readuntil(b"\r\n")
                raw += trailer
                if trailer == b"\r\n":
                    return bytes(raw), size_total
        raw += await reader.readexactly(size + 2)
        size_total += size


async def _read_body(
    reader: asyncio.StreamReader, headers: dict[str, str], *, may_read_to_close: bool
) -> tuple[bytes, int, bool]:
    """The framed body, its payload size, and whether it ended with the connection."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body, size = await _read_chunked(reader)
        return body, size, False
    if "content-length" in headers:
        length = int(headers["content-length"])
        body = await reader.readexactly(length)
        return body, length, False
    if may_read_to_close:
        body = await reader.read()
        return body, len(body), True
    return b"", 0, False


async def read_request(reader: asyncio.StreamReader) -> _Message:
    head, start, headers = await _read_head(reader)
    body, size, _ = await _read_body(reader, headers, may_read_to_close=False)
    return _Message(start, headers, head, body, size)


async def read_response(reader: asyncio.StreamReader, method: str) -> _Message:
    head, start, headers = await _read_head(reader)
    parts = start.split(" ", 2)
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return _Message(start, headers, head, b"", 0)
    body, size, until_close = await _read_body(reader, headers, may_read_to_close=True)
    return _Message(start, headers, head, body, size, until_close)


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP reset instead of an orderly shutdown."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def _unavailable(retry_after: int) -> bytes:
    body = b'{"detail":"Service temporarily unavailable"}'
    return (
        b"HTTP/1.1 503 Service Unavailable\r\n"
        b"Content-Type: application/json\r\n"
        + f"Retry-After: {retry_after}\r\n".encode()
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )


class _Upstream:
    """The backend side of one client connection, opened when first needed."""

    def __init__(self, host: str, port: int) -> None:
        self._host, self._port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def exchange(self, request: _Message, method: str) -> _Message | None:
        """Send the request and read the answer; None when the backend dropped the connection."""
        if self.reader is None or self.writer is None or self.reader.at_eof():
            self.close()
            self.reader, self.writer = await asyncio.open_connection(self._host, self._port)
        self.writer.write(request.raw)
        try:
            await self.writer.drain()
            response = await read_response(self.reader, method)
        except (OSError, asyncio.IncompleteReadError, _Closed):
            self.close()
            return None
        if response.wants_close():
            self.close()
        return response

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


class ChaosProxy:
    """The proxy: a context manager serving on a free 127.0.0.1 port (``url``)."""

    def __init__(self, upstream_url: str, plan: FaultPlan) -> None:
        upstream = httpx.URL(upstream_url)
        if upstream.scheme != "http" or upstream.port is None:
            raise ValueError("the upstream must be an http URL with a port")
        self._upstream = (upstream.host, upstream.port)
        self.plan = plan
        self._lock = threading.Lock()
        self._injected: Counter[str] = Counter()
        self._connections = 0
        self._requests = 0
        self._forwarded = 0
        self._backend_closed = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.port: int | None = None

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("the proxy is not running")
        return f"http://127.0.0.1:{self.port}"

    # ---- counters ---------------------------------------------------------------------

    def injected(self) -> dict[str, int]:
        """Faults injected so far, per kind (every kind present, zero when never)."""
        with self._lock:
            return {fault.value: self._injected[fault.value] for fault in Fault}

    def counts(self) -> ProxyCounts:
        injected = self.injected()
        with self._lock:
            return ProxyCounts(
                self._connections, self._requests, self._forwarded, self._backend_closed, injected
            )

    def _count(self, fault: Fault) -> None:
        with self._lock:
            self._injected[fault.value] += 1

    # ---- lifecycle --------------------------------------------------------------------

    def start(self) -> ChaosProxy:
        if self._thread is not None:
            return self
        loop = asyncio.new_event_loop()
        started = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                self._server = loop.run_until_complete(
                    asyncio.start_server(self._serve, "127.0.0.1", 0, limit=_HEAD_LIMIT)
                )
                self.port = int(self._server.sockets[0].getsockname()[1])
            except BaseException as error:  # reported by start()
                failure.append(error)
                started.set()
                loop.close()
                return
            started.set()
            loop.run_forever()
            loop.close()

        self._loop = loop
        self._thread = threading.Thread(target=run, name="chaos-proxy", daemon=True)
        self._thread.start()
        if not started.wait(_STOP_TIMEOUT) or failure:
            raise RuntimeError(f"the chaos proxy did not start: {failure or 'timeout'}")
        return self

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if loop.is_running():
            future = asyncio.run_coroutine_threadsafe(self._shutdown(), loop)
            with contextlib.suppress(Exception):
                future.result(_STOP_TIMEOUT)
            loop.call_soon_threadsafe(loop.stop)
        thread.join(_STOP_TIMEOUT)
        self._loop = self._thread = None
        self.port = None

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=_STOP_TIMEOUT)

    def __enter__(self) -> ChaosProxy:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # ---- one client connection --------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        with self._lock:
            self._connections += 1
        upstream = _Upstream(*self._upstream)
        try:
            while await self._one_exchange(reader, writer, upstream):
                pass
        except (_Closed, OSError, asyncio.IncompleteReadError, ValueError):
            pass
        except asyncio.CancelledError:
            _reset(writer)
        finally:
            upstream.close()
            if not writer.is_closing():
                writer.close()
            self._tasks.discard(task)

    async def _one_exchange(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, upstream: _Upstream
    ) -> bool:
        """Relay one request and its answer, faults included; whether to keep going."""
        request = await read_request(reader)
        method, _, rest = request.start_line.partition(" ")
        path = rest.partition(" ")[0].split("?", 1)[0]
        with self._lock:
            self._requests += 1
            fault = self.plan.next(method, path)
        if fault is Fault.UNAVAILABLE:
            self._count(fault)
            writer.write(_unavailable(self.plan.retry_after))
            await writer.drain()
            return not request.wants_close()
        if fault is Fault.RESET_BEFORE_FORWARD:
            self._count(fault)
            _reset(writer)
            return False
        if fault is Fault.STALL and not self.plan.answer_lost_ok(method, path):
            self._count(fault)
            await asyncio.sleep(self.plan.stall)
            _reset(writer)
            return False

        response = await upstream.exchange(request, method)
        with self._lock:
            self._forwarded += 1
            self._backend_closed += response is None or response.wants_close()
        if response is None:  # the backend dropped the connection: so does the proxy
            _reset(writer)
            return False
        if fault is Fault.CUT_MID_BODY and response.payload_size < 2:
            fault = Fault.RESET_AFTER_FORWARD  # nothing to cut: lose the whole answer
        if fault is Fault.RESET_AFTER_FORWARD:
            self._count(fault)
            upstream.close()
            _reset(writer)
            return False
        if fault is Fault.STALL:
            self._count(fault)
            upstream.close()
            await asyncio.sleep(self.plan.stall)
            _reset(writer)
            return False
        if fault is Fault.CUT_MID_BODY:
            self._count(fault)
            upstream.close()
            writer.write(response.head + response.body[: len(response.body) // 2])
            await writer.drain()
            writer.close()
            return False
        if fault is Fault.LATENCY:
            self._count(fault)
            await asyncio.sleep(self.plan.delay())
        writer.write(response.raw)
        await writer.drain()
        return not (response.wants_close() or request.wants_close())
