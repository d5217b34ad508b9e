"""Loopback ports for a backend that is down: a gate that refuses until opened, and a
port whose connections time out.

A gate in front of a backend refuses connections while shut and forwards while open:

    with Gate(backend.url) as gate:       # shut: connecting to gate.url is refused
        client = SmartEMAPIClient(gate.url)
        ...                               # the backend is "down"
        gate.open()                       # now every connection is piped to the backend
        ...
        gate.accepted                     # connections taken while open

Byte-for-byte forwarding, one upstream connection per client connection, so the backend
sees exactly what the client sent. Shutting closes the listener and every piped
connection.

``connects_time_out()`` listens with a full accept queue that is never taken from: the
kernel drops further connection attempts, so a client's connect times out.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from types import TracebackType
from urllib.parse import urlsplit

__all__ = ["Gate", "connects_time_out"]

_CHUNK = 64 * 1024
_JOIN = 5.0


class Gate:
    """A fixed loopback port that is either shut (refusing) or open (forwarding)."""

    def __init__(self, upstream_url: str) -> None:
        parts = urlsplit(upstream_url)
        assert parts.hostname is not None and parts.port is not None
        self._upstream = (parts.hostname, parts.port)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            self.port: int = probe.getsockname()[1]
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self.accepted = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def open(self) -> None:
        """Listen on the gate's port and forward every connection to the upstream."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        self._spawn(self._accept, listener)

    def shut(self) -> None:
        """Stop listening and cut every forwarded connection."""
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, []
            threads, self._threads = self._threads, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        for thread in threads:
            thread.join(_JOIN)

    def __enter__(self) -> Gate:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.shut()

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # shut
                return
            try:
                upstream = socket.create_connection(self._upstream, timeout=_JOIN)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self.accepted += 1
                self._sockets += [client, upstream]
            self._spawn(self._pipe, client, upstream)
            self._spawn(self._pipe, upstream, client)

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(_CHUNK):
                target.sendall(data)
        except OSError:
            pass
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_WR)


@contextlib.contextmanager
def connects_time_out() -> Iterator[str]:
    """The base URL of a loopback port where connecting times out (its queue is full)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        address = listener.getsockname()
        queued = []
        try:
            for _ in range(4):  # more than a backlog of 0 lets in
                waiting = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                waiting.setblocking(False)
                queued.append(waiting)
                with contextlib.suppress(BlockingIOError):
                    waiting.connect(address)
            yield f"http://127.0.0.1:{address[1]}"
        finally:
            for waiting in queued:
                waiting.close()
