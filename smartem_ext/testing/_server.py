"""Running an ASGI app with uvicorn on a free loopback port in a background thread."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Callable

import uvicorn
from starlette.types import ASGIApp

from ._responses import ConnectionDropped

_STARTUP_TIMEOUT = 15.0


class _HideDeliberateDrops(logging.Filter):
    """uvicorn logs every aborted response as an error; ours are aborted on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, BaseExceptionGroup):
            return not all(isinstance(e, ConnectionDropped) for e in error.exceptions)
        return not isinstance(error, ConnectionDropped)


def _install_log_filter() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _HideDeliberateDrops) for f in logger.filters):
        logger.addFilter(_HideDeliberateDrops())


class ServerThread:
    """One uvicorn server, started and stopped from any thread."""

    def __init__(self, app: ASGIApp, host: str = "127.0.0.1") -> None:
        self._app = app
        self._host = host
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port: int | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> int:
        """Bind a free port, serve in a daemon thread, return the port once it accepts."""
        if self.running:
            assert self.port is not None
            return self.port
        _install_log_filter()
        # proto=TCP matters: asyncio only sets TCP_NODELAY on sockets that say they are TCP
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.bind((self._host, 0))
        port = int(sock.getsockname()[1])
        config = uvicorn.Config(
            self._app,
            host=self._host,
            port=port,
            lifespan="off",
            log_config=None,
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=3,
        )
        server = uvicorn.Server(config)
        failure: list[BaseException] = []

        def serve() -> None:
            try:
                asyncio.run(server.serve(sockets=[sock]))
            except BaseException as exc:  # reported by start()
                failure.append(exc)
            finally:
                sock.close()

        thread = threading.Thread(target=serve, name=f"fake-smartem-{port}", daemon=True)
        thread.start()
        _wait_until(lambda: server.started or not thread.is_alive(), _STARTUP_TIMEOUT)
        if not server.started:
            server.should_exit = True
            raise RuntimeError(f"fake SmartEM backend did not start: {failure or 'timeout'}")
        self._server, self._thread, self.port = server, thread, port
        return port

    def stop(self, timeout: float = 10.0) -> None:
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(timeout)
        if thread.is_alive():
            server.force_exit = True
            thread.join(timeout)
        self._server = self._thread = None


def _wait_until(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.005)
