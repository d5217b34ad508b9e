"""FakeSmartEMBackend: a stateful, in-memory SmartEM backend served over real HTTP."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

from ._app import build_app
from ._entities import KINDS
from ._faults import StreamPlan
from ._responses import HTTPError, IntegrityFailure
from ._server import ServerThread
from ._spec import load_spec
from ._state import BackendState, RequestRecord, Settings

_ONE_HOUR = timedelta(hours=1)


class FakeSmartEMBackend:
    """A SmartEM backend stand-in for tests: real HTTP, real SSE, state in memory.

    Requests are validated against the project's OpenAPI document (422 like FastAPI);
    entities, sessions, instructions and acknowledgements behave like the backend's.
    Hooks inject faults (failed requests, lost responses, broken streams). Every instance
    has its own state and port.

    Args:
        heartbeat_interval: seconds without instructions before the stream sends `heartbeat`.
        require_auth: demand `Authorization: Bearer <token>` everywhere but /health, /status.
        token_validator: decides whether a token is good; any non-empty token when None.
        spec_path: the OpenAPI document to validate against (default: `default_spec_path()`).
        gridsquare_batch_max: the batch create limit (the backend's
            SMARTEM_GRIDSQUARE_CREATE_BATCH_MAX).
        ping_interval: seconds between the `: ping` comments sse-starlette sends; None: never.
        mimic_defects: reproduce backend 0.1.3 where it departs from its documented contract:
            creates under a missing parent fail with a bare 500 (unchecked foreign key) and
            lists under one are empty instead of 404, every acknowledgement error is a 500,
            instructions drain in alphabetical order of their priority word, and after a
            bare 500 the connection is dropped unannounced (a request already sent on it is
            reset; by default the 500 carries `Connection: close` instead).
    """

    def __init__(
        self,
        heartbeat_interval: float = 30.0,
        require_auth: bool = False,
        token_validator: Callable[[str], bool] | None = None,
        *,
        spec_path: Path | str | None = None,
        gridsquare_batch_max: int = 1000,
        ping_interval: float | None = 15.0,
        mimic_defects: bool = False,
    ) -> None:
        if heartbeat_interval <= 0:
            raise ValueError("heartbeat_interval must be positive")
        settings = Settings(
            heartbeat_interval=heartbeat_interval,
            ping_interval=ping_interval,
            require_auth=require_auth,
            token_validator=token_validator,
            gridsquare_batch_max=gridsquare_batch_max,
            mimic_defects=mimic_defects,
        )
        self._state = BackendState(settings=settings, spec=load_spec(spec_path))
        self._server: ServerThread | None = None
        self._port: int | None = None

    # ---- lifecycle -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:53211``; only while started."""
        if self._port is None:
            raise RuntimeError("the fake backend is not running; call start() first")
        return f"http://127.0.0.1:{self._port}"

    def start(self) -> FakeSmartEMBackend:
        """Serve on a free 127.0.0.1 port in a background thread (no-op when running)."""
        if self._server is None or not self._server.running:
            self._state.closing.clear()
            server = ServerThread(build_app(self._state))
            self._port = server.start()
            self._server = server
        return self

    def stop(self) -> None:
        """Close open streams and stop serving; returns once the server thread is gone."""
        server = self._server
        if server is None:
            return
        self._state.closing.set()
        self._state.hub.notify(None)
        server.stop()
        self._server = None
        self._port = None

    def __enter__(self) -> FakeSmartEMBackend:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # ---- agent sessions and instructions ---------------------------------------------------

    def create_session(
        self,
        agent_id: str = "test-agent",
        *,
        session_id: str | None = None,
        acquisition_uuid: str | None = None,
        status: str = "active",
    ) -> str:
        """Create an agent session (active unless `status` says otherwise); its id.

        Raises ValueError for a session id in use or an acquisition that does not exist.
        """
        try:
            session = self._state.hub.create_session(
                agent_id, session_id=session_id, acquisition_uuid=acquisition_uuid, status=status
            )
        except (HTTPError, IntegrityFailure) as exc:
            raise ValueError(f"cannot create session: {exc}") from None
        return session.session_id

    def close_session(self, session_id: str) -> None:
        """End a session as the backend's close endpoint does (status `ended`)."""
        self._state.hub.close_session(session_id)

    def queue_instruction(
        self,
        session_id: str,
        instruction_type: str = "test.instruction",
        payload: Mapping[str, Any] | None = None,
        priority: str = "normal",
        sequence_number: int | None = None,
        expires_at: datetime | timedelta | None = _ONE_HOUR,
        metadata: Mapping[str, Any] | None = None,
    ) -> str:
        """Queue an instruction for the session and wake its open streams; its id.

        `expires_at` is a moment, a delay from now (default one hour, as the debug
        endpoint sets), or None for never. `payload` defaults to `{"test": true}`.
        Raises KeyError for an unknown session.
        """
        if isinstance(expires_at, timedelta):
            expires_at = datetime.now() + expires_at
        try:
            instruction = self._state.hub.queue_instruction(
                session_id,
                instruction_type=instruction_type,
                payload=payload,
                priority=priority,
                sequence_number=sequence_number,
                expires_at=expires_at,
                metadata=metadata,
            )
        except HTTPError:
            raise KeyError(f"no session {session_id!r}") from None
        return instruction.instruction_id

    def instructions(self, session_id: str) -> list[dict[str, Any]]:
        """The session's instructions with status (pending/sent/acknowledged) and times."""
        return self._state.hub.instructions(session_id)

    def acks(self, session_id: str) -> list[dict[str, Any]]:
        """The acknowledgements received for the session, oldest first."""
        return self._state.hub.acks(session_id)

    def active_streams(self, session_id: str | None = None) -> int:
        """How many instruction streams are open (for the session, or in all)."""
        return self._state.hub.active_connections(session_id)

    def agent_logs(self) -> list[dict[str, Any]]:
        """Log records agents uploaded."""
        return self._state.hub.logs()

    # ---- inspection ------------------------------------------------------------------------

    def entities(self, kind: str) -> list[dict[str, Any]]:
        """Copies of the stored rows of one kind: acquisition, grid, atlas, atlas_tile,
        gridsquare, foilhole, micrograph or tile_link."""
        if kind not in KINDS:
            raise ValueError(f"unknown entity kind {kind!r}; one of {', '.join(KINDS)}")
        return copy.deepcopy(self._state.store.all(kind))

    @property
    def request_log(self) -> list[RequestRecord]:
        """(method, path, status) of every answered request, in order."""
        return self._state.log.records()

    @property
    def request_count(self) -> int:
        """Requests received so far (including any still being answered)."""
        return self._state.log.count

    # ---- fault hooks -----------------------------------------------------------------------

    def fail_next(
        self,
        n: int,
        status: int = 503,
        retry_after: float | str | None = None,
        path_prefix: str | None = None,
    ) -> None:
        """Answer the next `n` requests (whose path starts with `path_prefix`) with `status`
        and `{"detail": <reason>}`, plus `Retry-After` when given; nothing is processed."""
        self._state.faults.fail_next(n, status, retry_after, path_prefix)

    def drop_after_commit(self, n: int = 1, path_prefix: str | None = None) -> None:
        """For the next `n` successful creates (201): store the entity, then send the
        headers and half the body and break the connection."""
        self._state.faults.drop_after_commit(n, path_prefix)

    def sse_close_after(self, k: int, *, abrupt: bool = False) -> None:
        """End the next instruction stream after it has sent `k` events (the `connection`
        event counts). `abrupt` breaks the connection instead of ending the body cleanly."""
        self._state.faults.plan_stream(StreamPlan(k, "abort" if abrupt else "close"))

    def sse_stall_after(self, k: int) -> None:
        """After `k` events, the next instruction stream sends nothing more (no heartbeats,
        no pings) but keeps the connection open until the client leaves or the server stops."""
        self._state.faults.plan_stream(StreamPlan(k, "stall"))

    def sse_raw(self, data: bytes | str, session_id: str | None = None) -> None:
        """Write `data` verbatim into an instruction stream (of `session_id`, or any): for
        malformed events, other line endings, comments, multi-line data. An open stream
        sends it at once; otherwise the next stream sends it after its `connection` event."""
        raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        self._state.faults.push_raw(raw, session_id)
        self._state.hub.notify(session_id)
