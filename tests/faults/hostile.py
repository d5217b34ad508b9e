"""Hostile HTTP servers on loopback: each connection gets one scripted misbehaviour.

    with hostile_server("trickle") as url:
        ...

Every behaviour's loop is bounded: it ends when the client goes away, when the server
stops, or after a fixed number of bytes.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator

__all__ = ["BEHAVIOURS", "bomb", "hostile_server"]

_GiB = 1024**3
_STOP_POLL = 0.05
Behaviour = Callable[[socket.socket, threading.Event, dict[str, object]], None]


@contextlib.contextmanager
def _served(behaviour: Behaviour, host: str, state: dict[str, object]) -> Iterator[str]:
    stop = threading.Event()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, 0))
    listener.listen(16)
    listener.settimeout(_STOP_POLL)
    threads: list[threading.Thread] = []

    def serve(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            head = _read_head(conn)
            state.setdefault("heads", []).append(head)  # type: ignore[union-attr]
            behaviour(conn, stop, state)

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=serve, args=(conn,), daemon=True)
            thread.start()
            threads.append(thread)

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield f"http://{host}:{listener.getsockname()[1]}"
    finally:
        stop.set()
        acceptor.join(timeout=5)
        listener.close()
        for thread in threads:
            thread.join(timeout=5)


def _read_head(conn: socket.socket) -> bytes:
    conn.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 1 << 20:
        piece = conn.recv(65536)
        if not piece:
            break
        data += piece
    return data


def _head(status: str, *headers: str) -> bytes:
    return ("\r\n".join([f"HTTP/1.1 {status}", *headers]) + "\r\n\r\n").encode("latin-1")


def _trickle(conn: socket.socket, stop: threading.Event, state: dict[str, object]) -> None:
    """Promise 2 GB, then send one byte every 0.2 s: never a per-read timeout."""
    conn.sendall(_head("200 OK", "Content-Type: application/json", f"Content-Length: {2 * 10**9}"))
    for _ in range(10_000):
        if stop.wait(0.2):
            return
        conn.sendall(b" ")


def _endless(conn: socket.socket, stop: threading.Event, state: dict[str, object]) -> None:
    """A chunked JSON list that never ends (bounded at 64 GiB)."""
    conn.sendall(_head("200 OK", "Content-Type: application/json", "Transfer-Encoding: chunked"))
    piece = b'{"uuid": "x", "name": "y"}, ' * 2000
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    conn.sendall(b"1\r\n[\r\n")
    for _ in range(64 * _GiB // len(piece)):
        if stop.is_set():
            return
        conn.sendall(chunk)


def _bomb(encoding: str) -> Behaviour:
    """A compression bomb: 1 GiB decoded, or ``state["size"]`` bytes."""

    def send(conn: socket.socket, stop: threading.Event, state: dict[str, object]) -> None:
        body = bomb(encoding, int(state.get("size", _GiB)))  # type: ignore[call-overload]
        conn.sendall(
            _head(
                "200 OK",
                "Content-Type: application/json",
                f"Content-Encoding: {encoding}",
                f"Content-Length: {len(body)}",
            )
        )
        conn.sendall(body)
        stop.wait(5)

    return send


def _huge_header(conn: socket.socket, stop: threading.Event, state: dict[str, object]) -> None:
    conn.sendall(_head("200 OK", "Content-Type: application/json", "X-Big: " + "a" * (1 << 20)))
    conn.sendall(b"Content-Length: 2\r\n\r\n[]")


def _wrong_shape(conn: socket.socket, stop: threading.Event, state: dict[str, object]) -> None:
    body = b'{"items": [1, 2, 3], "uuid": 7}'
    conn.sendall(
        _head("200 OK", "Content-Type: application/json", f"Content-Length: {len(body)}") + body
    )


def _never_answers(conn: socket.socket, stop: threading.Event, state: dict[str, object]) -> None:
    stop.wait(30)


def _redirect(conn: socket.socket, stop: threading.Event, state: dict[str, object]) -> None:
    location = state["location"]
    conn.sendall(_head("302 Found", f"Location: {location}", "Content-Length: 0"))


BEHAVIOURS: dict[str, Behaviour] = {
    "trickled_huge_body": _trickle,
    "endless_chunked_body": _endless,
    "gzip_bomb": _bomb("gzip"),
    "deflate_bomb": _bomb("deflate"),
    "huge_header": _huge_header,
    "wrong_shape_json": _wrong_shape,
    "never_answers": _never_answers,
    "redirect_to_other_host": _redirect,
}


_BOMBS: dict[str, bytes] = {}


def bomb(encoding: str, size: int = _GiB) -> bytes:
    """``[`` and ``size`` spaces, compressed by ``encoding`` (gzip or deflate), about 1000:1.

    After a full flush the compressor starts afresh, so one compressed block repeats; the
    checksum in the trailer is computed over the whole text, as a real encoder would.
    """
    key = f"{encoding}:{size}"
    if key not in _BOMBS:
        block = b" " * min(1 << 24, size)
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        first = packer.compress(b"[") + packer.flush(zlib.Z_FULL_FLUSH)
        repeated = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
        assert packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH) == repeated
        count = size // len(block)
        deflated = first + repeated * count + packer.flush()
        if encoding == "gzip":
            crc = zlib.crc32(b"[")
            for _ in range(count):
                crc = zlib.crc32(block, crc)
            length = (1 + count * len(block)) % 2**32
            header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
            _BOMBS[key] = header + deflated + struct.pack("<II", crc, length)
        else:
            adler = zlib.adler32(b"[")
            for _ in range(count):
                adler = zlib.adler32(block, adler)
            _BOMBS[key] = b"\x78\xda" + deflated + struct.pack(">I", adler)
    return _BOMBS[key]


@contextlib.contextmanager
def hostile_server(
    name: str, host: str = "127.0.0.1", state: dict[str, object] | None = None
) -> Iterator[str]:
    """Serve behaviour ``name`` on a free port of ``host``; yields the base URL."""
    with _served(BEHAVIOURS[name], host, state if state is not None else {}) as url:
        yield url


def wait_until(predicate: Callable[[], bool], seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


def _closes_at_once(conn: socket.socket, stop: threading.Event, state: dict[str, object]) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def _html_error(conn: socket.socket, stop: threading.Event, state: dict[str, object]) -> None:
    body = b"<html><body>\x00 Internal \xff error</body></html>"
    conn.sendall(
        _head("500 Oops", "Content-Type: text/html", f"Content-Length: {len(body)}") + body
    )


BEHAVIOURS["closes_at_once"] = _closes_at_once
BEHAVIOURS["html_error"] = _html_error


def _unavailable(conn: socket.socket, stop: threading.Event, state: dict[str, object]) -> None:
    """503 asking the client to come back in 30 s: a wait longer than any deadline here."""
    conn.sendall(_head("503 Service Unavailable", "Retry-After: 30", "Content-Length: 0"))


BEHAVIOURS["unavailable_retry_after_30s"] = _unavailable
