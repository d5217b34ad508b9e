"""The existing SmartEM client's interface (``smartem_backend.api_client`` 0.1.3) on smartem_ext.

An agent switches with one import: same classes, constructors, methods and return
conventions. Errors are both the ``requests`` exception and the smartem_ext one; requests are
retried briefly (:data:`RETRY`). With ``SMARTEM_OUTBOX=<journal file>`` (or ``outbox=``) a
write returns once it is on disk, answered as the backend answers a success.
"""

from __future__ import annotations

import atexit
import contextlib
import inspect
import io
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any, Concatenate, Final, ParamSpec, Protocol, TypeVar

import attrs
import httpx
import requests

from smartem_api import models
from smartem_ext import client as _client
from smartem_ext import errors
from smartem_ext import sse as _sse
from smartem_ext._calls import confirmed_link
from smartem_ext._sse_core import _acknowledgement as _acknowledgement_body
from smartem_ext.converter import EntityConverter, backend_time_text, foilhole_bodies
from smartem_ext.epu import AtlasTileGridSquarePositionData, FoilHoleData, GridData
from smartem_ext.http import AnswerLimits, RetryPolicy
from smartem_ext.outbox import Outbox, OutboxClosed, OutboxError, OutboxInUse

__all__ = [
    "OUTBOX_ENV",
    "RETRY",
    "APIError",
    "AuthError",
    "Conflict",
    "EntityConverter",
    "InvalidResponse",
    "NotFound",
    "PartialFailure",
    "PartialTransportFailure",
    "SSEAgentClient",
    "ServerError",
    "SmartEMAPIClient",
    "TransportError",
    "TransportTimeout",
    "ValidationFailed",
]

P = ParamSpec("P")
T = TypeVar("T")

OUTBOX_ENV: Final = "SMARTEM_OUTBOX"
"""The environment variable naming the outbox journal every compat client writes through."""
RETRY: Final = RetryPolicy(attempts=2, backoff_factor=0.5, max_backoff=1.0, total_timeout=2.0)
"""Compat's transport retries (the existing agent drops what fails; an outbox never does)."""
CLOSE_FLUSH: Final = 5.0
"""Seconds the last compat client of a journal (or the exiting process) waits for delivery."""


class KeycloakClientLike(Protocol):
    """What the existing agent's ``KeycloakClient`` offers and compat uses."""

    def get_token(self) -> str: ...
    def invalidate(self) -> None: ...


class APIError(errors.APIError, requests.HTTPError):
    """An error status, as smartem_ext reports it and as ``requests`` would."""

    response: requests.Response


class NotFound(errors.NotFound, APIError):
    """404, catchable as ``requests.HTTPError`` and ``smartem_ext.NotFound``."""


class Conflict(errors.Conflict, APIError):
    """409, catchable as ``requests.HTTPError`` and ``smartem_ext.Conflict``."""


class ValidationFailed(errors.ValidationFailed, APIError):
    """422, catchable as ``requests.HTTPError`` and ``smartem_ext.ValidationFailed``."""


class AuthError(errors.AuthError, APIError):
    """401/403, catchable as ``requests.HTTPError`` and ``smartem_ext.AuthError``."""


class ServerError(errors.ServerError, APIError):
    """5xx, catchable as ``requests.HTTPError`` and ``smartem_ext.ServerError``."""


class TransportError(errors.TransportError, requests.ConnectionError):
    """No answer, catchable as ``requests.ConnectionError`` and ``smartem_ext.TransportError``."""


class TransportTimeout(TransportError, requests.Timeout):
    """A timeout: also catchable as ``requests.Timeout``."""


class InvalidResponse(errors.InvalidResponse, ValueError):
    """A 2xx body that breaks the contract; a ``ValueError`` as the existing client raised."""


class PartialFailure(errors.PartialFailure, requests.HTTPError):
    """Some chunks of a bulk call failed with an error status (``.response``: the first)."""

    response: requests.Response


class PartialTransportFailure(errors.PartialFailure, requests.ConnectionError):
    """Some chunks of a bulk call got no answer."""


_BY_STATUS = (NotFound, Conflict, ValidationFailed, AuthError, ServerError)
"""The compat classes of the error statuses; each one's first base is smartem_ext's class."""


def _response(base_url: str, error: errors.APIError) -> requests.Response:
    """A ``requests.Response`` standing for the error answer: status, url and detail body."""
    response = requests.Response()
    response.status_code = error.status_code
    with contextlib.suppress(ValueError):
        response.reason = HTTPStatus(error.status_code).phrase
    response.url = base_url + error.path
    response.headers["Content-Type"] = "application/json"
    response.encoding = "utf-8"
    response.raw = io.BytesIO(json.dumps({"detail": error.detail}, default=str).encode())
    return response


def translate(error: errors.SmartEMError, base_url: str = "") -> Exception:
    """The compat error for a smartem_ext error; errors without one are returned as they are."""
    if isinstance(error, APIError | TransportError | InvalidResponse | PartialFailure):
        return error
    if isinstance(error, errors.APIError):
        cls = next((c for c in _BY_STATUS if isinstance(error, c.__bases__[0])), APIError)
        translated = cls(
            error.method, error.path, error.status_code, error.detail, headers=error.headers.pairs()
        )
        translated.response = _response(base_url, error)
        return translated
    if isinstance(error, errors.TransportError):
        kind = TransportTimeout if "Timeout" in error.reason.split(":")[0] else TransportError
        return kind(error.method, error.path, error.reason, error.reached)
    if isinstance(error, errors.InvalidResponse):
        return InvalidResponse(error.method, error.path, error.status_code, error.reason)
    if isinstance(error, errors.PartialFailure):
        first = next((e for e in error.errors if isinstance(e, errors.APIError)), None)
        args = (error.operation, error.landed, error.failed, error.errors, error.unknown)
        if first is None:
            return PartialTransportFailure(*args)
        partial = PartialFailure(*args)
        partial.response = _response(base_url, first)
        return partial
    return error


class KeycloakClientAuth(httpx.Auth):
    """Bearer tokens from a ``KeycloakClient``; a 401: ``invalidate()`` and one more try.

    Its failures become ``AuthError`` (an error answer), ``TransportError`` or ``InvalidResponse``.
    """

    def __init__(self, keycloak_client: KeycloakClientLike) -> None:
        self._keycloak = keycloak_client

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._token()}"
        response = yield request
        if response.status_code == 401:
            self.invalidate()
            request.headers["Authorization"] = f"Bearer {self._token()}"
            yield request

    def invalidate(self) -> None:
        self._keycloak.invalidate()

    def _token(self) -> str:
        try:
            return self._keycloak.get_token()
        except requests.HTTPError as failure:
            status = failure.response.status_code if failure.response is not None else 0
            raise errors.AuthError("POST", "<token endpoint>", status, str(failure)) from failure
        except requests.RequestException as failure:
            reason = f"token request failed: {type(failure).__name__}: {failure}"
            raise errors.TransportError("POST", "<token endpoint>", reason) from failure
        except Exception as failure:
            reason = f"token client failed: {type(failure).__name__}: {failure}"
            raise errors.InvalidResponse("POST", "<token endpoint>", None, reason) from failure


_shipping = threading.local()
# Loggers that can write while a batch is shipped: the HTTP stack, smartem_ext itself and
# the token client (its module's logger, which KeycloakClient uses by default).
_QUIET_WHILE_SHIPPING = (
    *("httpx", "httpcore", "httpx_retries"),
    *(f"smartem_ext{module}" for module in ("", ".auth", ".client", ".http")),
)


def _filter(record: logging.LogRecord) -> bool:
    """Drops the records of the thread that is shipping logs, and httpx's INFO line per request."""
    if getattr(_shipping, "active", False):
        return False
    return record.name != "httpx" or record.levelno > logging.INFO


def _log_entry(record: Mapping[str, Any]) -> models.AgentLogEntry:
    # send_logs writes the time as the backend stores it; here it only becomes text.
    stamp = record["timestamp"]
    return models.AgentLogEntry(
        timestamp=stamp.isoformat() if isinstance(stamp, datetime) else str(stamp),
        level=str(record["level"]),
        logger_name=str(record["logger_name"]),
        message=str(record["message"]),
    )


@attrs.define(eq=False)
class _Shared:
    """One journal's Outbox in this process; ``users``: the compat clients writing to it."""

    key: str
    outbox: Outbox
    closing: contextlib.ExitStack | None
    """Closes the Outbox compat opened, and its client; None for a given one (its owner's)."""
    users: int = 0


_journals: dict[str, _Shared] = {}
"""The shared outboxes of this process by journal path (resolved, case-folded on Windows)."""
# Held while a journal is opened, counted or closed: a new client never meets a closing one.
_journals_lock = threading.Lock()


def _open_journal(key: str, base_url: str, timeout: float, auth: httpx.Auth | None) -> _Shared:
    """The journal's Outbox, with a client of its own: closing a compat client never stops it."""
    with contextlib.ExitStack() as stack:
        delivery = _client.SmartEMAPIClient(base_url, timeout, auth=auth, retry=RETRY)
        stack.enter_context(delivery)
        try:
            Path(key).parent.mkdir(parents=True, exist_ok=True)
            # Leaving it flushes for CLOSE_FLUSH seconds at most and reports what is left.
            outbox = stack.enter_context(Outbox(delivery, key, drain_timeout=CLOSE_FLUSH))
        except (OSError, sqlite3.Error) as error:
            raise OutboxError(f"cannot open the outbox journal {key}: {error}") from error
        # The existing agent never closes its log handler's client: a normal exit gives the
        # journal a short while to deliver and closes nothing (logging's exit still ships).
        atexit.register(outbox.flush, CLOSE_FLUSH)
        stack.callback(atexit.unregister, outbox.flush)
        return _Shared(key, outbox, stack.pop_all())


_Target = str | os.PathLike[str] | Outbox | None


def _share(
    outbox: _Target, base_url: str, timeout: float, auth: httpx.Auth | None
) -> _Shared | None:
    """A share of the outbox on the journal ``outbox`` (or SMARTEM_OUTBOX) names, if any."""
    target = outbox if outbox is not None else os.environ.get(OUTBOX_ENV) or None
    if target is None:
        return None
    if not isinstance(target, str | os.PathLike | Outbox):
        raise TypeError(f"outbox must be a path or an Outbox, not {type(target).__name__}")
    given = target if isinstance(target, Outbox) else None
    path = target.path if isinstance(target, Outbox) else target
    key = os.path.normcase(str(Path(path).expanduser().resolve()))
    with _journals_lock:
        journal = _journals.get(key)
        if journal is None and given is not None:
            journal = _Shared(key, given, None)
        elif journal is None:
            journal = _open_journal(key, base_url, timeout, auth)
        elif given is not None and given is not journal.outbox:
            raise OutboxInUse(f"the outbox journal {key} is open by another Outbox")
        delivers_to = journal.outbox.client.base_url
        if delivers_to != base_url:
            raise OutboxInUse(
                f"the outbox journal {key} is open delivering to {delivers_to}, not to {base_url}"
            )
        _journals[key] = journal
        journal.users += 1
        return journal


class _Journalled:
    """A compat client over ``_inner``: its writes go through the shared journal, if any."""

    _inner: _client.SmartEMAPIClient | _sse.SSEAgentClient
    _journal: _Shared | None = None
    _let_go = False

    def _take_journal(self, outbox: _Target, timeout: float, auth: httpx.Auth | None) -> None:
        try:
            self._journal = _share(outbox, self._inner.base_url, timeout, auth)
        except BaseException:
            self._inner.close()
            raise

    def __repr__(self) -> str:
        return f"compat.{self._inner!r}"

    @property
    def outbox(self) -> Outbox | None:
        """The outbox this client's writes go through; None when they go to the backend."""
        return None if self._journal is None else self._journal.outbox

    def _outbox(self) -> Outbox | None:
        """The outbox to write to; None when writes go to the backend directly."""
        if self._journal is None:
            return None
        if self._let_go:
            raise OutboxClosed(f"this client is closed; its outbox was {self._journal.key}")
        return self._journal.outbox

    def close(self) -> None:
        """Let go of the outbox (the last user closes it) and close the connection pool."""
        try:
            with _journals_lock:
                journal = None if self._let_go else self._journal
                self._let_go = True
                if journal is not None:
                    journal.users -= 1
                    if not journal.users:
                        del _journals[journal.key]
                        if journal.closing is not None:
                            journal.closing.close()
        finally:
            self._inner.close()


def _echo(cls: Any, request: Any, **defaults: Any) -> Any:
    """``cls`` holding what a request (or its JSON body) says, else ``defaults``, else None."""
    body = {**defaults, **(request if isinstance(request, Mapping) else request.to_dict())}
    fields = [f for f in attrs.fields(cls) if f.init]
    given = [f.name for f in fields if f.name in body or f.default is attrs.NOTHING]
    return cls.from_dict({name: body.get(name) for name in given})


def _echoes(cls: Any, convert: Callable[..., Any], **defaults: Any) -> Callable[..., Any]:
    """The answer to a create or update of one entity: ``cls`` echoing its request."""
    return lambda entity, *rest: _echo(cls, convert(entity, *rest), **defaults)


def _links(
    positions: Sequence[AtlasTileGridSquarePositionData],
) -> list[models.AtlasTileGridSquarePositionResponse]:
    """The confirmed links; a position without a tile is refused by the outbox's write."""
    return [
        confirmed_link(p.tile_uuid or "", EntityConverter.gridsquare_position_to_request(p))
        for p in positions
    ]


def _foilholes(
    gridsquare_uuid: str, foilholes: Sequence[FoilHoleData], allow_on_grid_bar: bool
) -> list[models.FoilHoleResponse]:
    bodies, _kept = foilhole_bodies(foilholes, allow_on_grid_bar=allow_on_grid_bar)
    return [_echo(models.FoilHoleResponse, body) for body in bodies]


def _acknowledged(
    agent_id: str, session_id: str, instruction_id: str, *_body: object
) -> models.AgentInstructionAcknowledgementResponse:
    """The backend's answer to an acknowledgement it stored now."""
    return models.AgentInstructionAcknowledgementResponse(
        status="success",
        instruction_id=instruction_id,
        acknowledged_at=backend_time_text(datetime.now(UTC)),
        agent_id=agent_id,
        session_id=session_id,
    )


_ACQUISITION = _echoes(models.AcquisitionResponse, EntityConverter.acquisition_to_request)
_GRID = _echoes(models.GridResponse, EntityConverter.grid_to_request)
_ATLAS = _echoes(models.AtlasResponse, EntityConverter.atlas_to_request)
_TILE = _echoes(models.AtlasTileResponse, EntityConverter.atlas_tile_to_request)
_GRIDSQUARE = _echoes(models.GridSquareResponse, EntityConverter.gridsquare_to_request)
_FOILHOLE = _echoes(models.FoilHoleResponse, EntityConverter.foilhole_to_request)
_MICROGRAPH = _echoes(
    models.MicrographResponse, EntityConverter.micrograph_to_request, status="none"
)


def _method(
    row: _client.operation[P, T], answer: Callable[..., T] | None = None
) -> Callable[Concatenate[SmartEMAPIClient, P], T]:
    """The compat method calling smartem_ext's method of the same name (its signature too).

    answer: for a write, what it returns when it goes through the outbox, made from its
    arguments before anything is stored (so bad input raises first); None for a read.
    """
    name = row.name
    signature = inspect.signature(getattr(_client.SmartEMAPIClient, name))

    def method(self: SmartEMAPIClient, /, *args: P.args, **kwargs: P.kwargs) -> T:
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        arguments = bound.args[1:]
        if answer is None or (outbox := self._outbox()) is None:
            try:
                return getattr(self._api, name)(*arguments)  # type: ignore[no-any-return]
            except errors.SmartEMError as error:
                raise translate(error, self.base_url) from error
        reply = answer(*arguments)
        getattr(outbox, name)(*arguments)
        return reply

    method.__signature__ = signature  # type: ignore[attr-defined]
    method.__annotations__ = {}  # the signature's, not the generic function's
    method.__name__ = name
    method.__qualname__ = f"SmartEMAPIClient.{name}"
    method.__doc__ = row.__doc__
    return method


_api = _client._Operations


class SmartEMAPIClient(_Journalled):
    """The existing ``SmartEMAPIClient`` interface over :class:`smartem_ext.SmartEMAPIClient`.

    Args:
        outbox: A journal file, or an :class:`~smartem_ext.outbox.Outbox`, that every write
            goes through; ``SMARTEM_OUTBOX`` names the file when this is None.

    Compat clients naming one journal share one Outbox; the last closed, or a normal exit,
    waits up to :data:`CLOSE_FLUSH` seconds for delivery. ``OutboxInUse``: the journal is open
    elsewhere (another process or Outbox, another base URL); ``OutboxError``: it cannot be
    opened. A given Outbox is left to its owner to close.
    """

    def __init__(
        self,
        base_url: str,
        timeout: float = 10.0,
        logger: logging.Logger | None = None,
        keycloak_client: KeycloakClientLike | None = None,
        *,
        outbox: str | os.PathLike[str] | Outbox | None = None,
    ) -> None:
        auth = None if keycloak_client is None else KeycloakClientAuth(keycloak_client)
        self._inner = self._api = _client.SmartEMAPIClient(
            base_url, timeout, logger, auth=auth, retry=RETRY
        )
        self.base_url = self._api.base_url
        self.timeout = timeout
        # send_logs: one attempt, over within ``timeout`` seconds.
        self._logs_api = self._api.with_options(retry=None, limits=AnswerLimits(deadline=timeout))
        self._take_journal(outbox, timeout, auth)
        # The token client's module logs a refresh; so may those of its base classes.
        token_modules = {cls.__module__ for cls in type(keycloak_client).__mro__} - {"builtins"}
        for name in (*_QUIET_WHILE_SHIPPING, self._api.logger.name, *token_modules):
            logging.getLogger(name).addFilter(_filter)  # once: a logger keeps no duplicates

    @property
    def client(self) -> _client.SmartEMAPIClient:
        """The smartem_ext client underneath, for its other methods and its stats."""
        return self._api

    def __enter__(self) -> SmartEMAPIClient:
        return self

    def __exit__(self, exc_type: object, exc_val: object, exc_tb: object) -> None:
        self.close()

    def send_logs(self, agent_id: str, session_id: str, logs: list[dict[str, Any]]) -> bool:
        """Ship log records; True when the backend (or the outbox) stored them. Never raises.

        One attempt within ``timeout``: the agent's log handler holds its lock meanwhile.
        """
        _shipping.active = True
        try:
            entries = [_log_entry(log) for log in logs]
            outbox = self._outbox()
            if outbox is None:
                self._logs_api.send_logs(agent_id, session_id, entries)
            else:
                outbox.send_logs(agent_id, session_id, entries)
        except Exception:
            return False
        finally:
            _shipping.active = False
        return True

    def acknowledge_instruction(
        self, agent_id: str, session_id: str, instruction_id: str, acknowledgement: Any
    ) -> models.AgentInstructionAcknowledgementResponse:
        """Acknowledge an instruction; ``acknowledgement``: the agent's model or a mapping."""
        body = acknowledgement
        if not isinstance(body, models.AgentInstructionAcknowledgement):
            if hasattr(body, "model_dump"):
                body = body.model_dump(mode="json", exclude_none=True)
            body = models.AgentInstructionAcknowledgement.from_dict(dict(body))
        return self._acknowledge_instruction(agent_id, session_id, instruction_id, body)

    # The existing client's signatures where they differ from smartem_ext's.
    def create_acquisition_grid(self, grid: GridData) -> models.GridResponse:
        return self._create_acquisition_grid(grid)

    def get_gridsquare_foilholes(self, gridsquare_uuid: str) -> list[models.FoilHoleResponse]:
        return self._get_gridsquare_foilholes(gridsquare_uuid)

    def delete_micrograph(self, micrograph_id: str) -> None:
        return self._delete_micrograph(micrograph_id)

    _acknowledge_instruction = _method(_api.acknowledge_instruction, _acknowledged)
    _create_acquisition_grid = _method(_api.create_acquisition_grid, _GRID)
    _get_gridsquare_foilholes = _method(_api.get_gridsquare_foilholes)
    _delete_micrograph = _method(_api.delete_micrograph, lambda *_: None)
    get_status = _method(_api.get_status)
    get_health = _method(_api.get_health)
    get_active_connections = _method(_api.get_active_connections)
    get_session_instructions = _method(_api.get_session_instructions)
    get_acquisitions = _method(_api.get_acquisitions)
    get_acquisition = _method(_api.get_acquisition)
    create_acquisition = _method(_api.create_acquisition, _ACQUISITION)
    update_acquisition = _method(_api.update_acquisition, _ACQUISITION)
    delete_acquisition = _method(_api.delete_acquisition, lambda *_: None)
    get_grids = _method(_api.get_grids)
    get_grid = _method(_api.get_grid)
    get_acquisition_grids = _method(_api.get_acquisition_grids)
    update_grid = _method(_api.update_grid, _GRID)
    delete_grid = _method(_api.delete_grid, lambda *_: None)
    grid_registered = _method(_api.grid_registered, lambda *_: True)
    get_atlases = _method(_api.get_atlases)
    get_atlas = _method(_api.get_atlas)
    get_grid_atlas = _method(_api.get_grid_atlas)
    create_grid_atlas = _method(_api.create_grid_atlas, _ATLAS)
    update_atlas = _method(_api.update_atlas, _ATLAS)
    delete_atlas = _method(_api.delete_atlas, lambda *_: None)
    get_atlas_tiles = _method(_api.get_atlas_tiles)
    get_atlas_tile = _method(_api.get_atlas_tile)
    get_atlas_tiles_by_atlas = _method(_api.get_atlas_tiles_by_atlas)
    create_atlas_tile_for_atlas = _method(_api.create_atlas_tile_for_atlas, _TILE)
    update_atlas_tile = _method(_api.update_atlas_tile, _TILE)
    delete_atlas_tile = _method(_api.delete_atlas_tile, lambda *_: None)
    link_atlas_tile_and_gridsquare = _method(
        _api.link_atlas_tile_and_gridsquare, lambda position: _links([position])[0]
    )
    link_atlas_tile_and_gridsquares = _method(_api.link_atlas_tile_and_gridsquares, _links)
    get_gridsquares = _method(_api.get_gridsquares)
    get_gridsquare = _method(_api.get_gridsquare)
    get_grid_gridsquares = _method(_api.get_grid_gridsquares)
    create_grid_gridsquare = _method(_api.create_grid_gridsquare, _GRIDSQUARE)
    update_gridsquare = _method(_api.update_gridsquare, _GRIDSQUARE)
    delete_gridsquare = _method(_api.delete_gridsquare, lambda *_: None)
    gridsquare_registered = _method(_api.gridsquare_registered, lambda *_: True)
    get_foilholes = _method(_api.get_foilholes)
    get_foilhole = _method(_api.get_foilhole)
    create_gridsquare_foilholes = _method(_api.create_gridsquare_foilholes, _foilholes)
    update_foilhole = _method(_api.update_foilhole, _FOILHOLE)
    delete_foilhole = _method(_api.delete_foilhole, lambda *_: None)
    get_micrographs = _method(_api.get_micrographs)
    get_micrograph = _method(_api.get_micrograph)
    get_foilhole_micrographs = _method(_api.get_foilhole_micrographs)
    create_foilhole_micrograph = _method(_api.create_foilhole_micrograph, _MICROGRAPH)
    update_micrograph = _method(_api.update_micrograph, _MICROGRAPH)
    get_quality_prediction_models = _method(_api.get_quality_prediction_models)
    get_quality_prediction_model = _method(_api.get_quality_prediction_model)
    get_grid_quality_predictions = _method(_api.get_grid_quality_predictions)
    get_grid_current_quality_predictions = _method(_api.get_grid_current_quality_predictions)


Callback = Callable[[dict[str, Any]], Any]


class SSEAgentClient(_Journalled):
    """The existing ``SSEAgentClient`` interface over :class:`smartem_ext.SSEAgentClient`.

    ``stream_instructions`` reconnects by itself until ``stop()``, a final error event, or
    more than ``max_retries`` consecutive failures (raised). ``outbox=`` (or
    ``SMARTEM_OUTBOX``) sends acknowledgements as :class:`SmartEMAPIClient` sends writes.
    """

    def __init__(
        self,
        base_url: str,
        agent_id: str,
        session_id: str,
        timeout: int = 30,
        max_retries: int = 10,
        initial_retry_delay: float = 1.0,
        max_retry_delay: float = 60.0,
        keycloak_client: KeycloakClientLike | None = None,
        *,
        outbox: str | os.PathLike[str] | Outbox | None = None,
    ) -> None:
        auth = None if keycloak_client is None else KeycloakClientAuth(keycloak_client)
        retries = (max_retries, initial_retry_delay, max_retry_delay)
        self._inner = self._sse = _sse.SSEAgentClient(
            base_url, agent_id, session_id, timeout, *retries, auth=auth
        )
        self._take_journal(outbox, timeout, auth)
        self._journalled_acks = 0
        self.base_url = self._sse.base_url
        self.agent_id = agent_id
        self.session_id = session_id
        self.timeout = timeout
        self.max_retries = max_retries
        self.initial_retry_delay = initial_retry_delay
        self.max_retry_delay = max_retry_delay
        self.logger = logging.getLogger(f"SSEAgentClient-{agent_id}")
        self._last_connection_time: str | None = None
        self._last_instruction_time: str | None = None
        self._streams = 0

    @property
    def client(self) -> _sse.SSEAgentClient:
        """The smartem_ext SSE client underneath."""
        return self._sse

    @contextlib.contextmanager
    def _streaming(
        self, instruction: Callback, connection: Callback | None
    ) -> Iterator[tuple[Callback, Callback]]:
        """The callbacks, noting when they are called, for the duration of one stream."""

        def on_instruction(data: dict[str, Any]) -> Any:
            self._last_instruction_time = datetime.now().isoformat()
            return instruction(data)

        def on_connection(data: dict[str, Any]) -> Any:
            self._last_connection_time = datetime.now().isoformat()
            return connection(data) if connection is not None else None

        self._streams += 1
        try:
            yield on_instruction, on_connection
        except errors.SmartEMError as error:
            raise translate(error, self.base_url) from error
        finally:
            self._streams -= 1

    def stream_instructions(
        self,
        instruction_callback: Callable[[dict[str, Any]], None],
        connection_callback: Callable[[dict[str, Any]], None] | None = None,
        error_callback: Callable[[Exception], None] | None = None,
    ) -> None:
        """Stream instructions (blocking) until ``stop()``; see the class for reconnects."""
        with self._streaming(instruction_callback, connection_callback) as callbacks:
            self._sse.stream_instructions(*callbacks, error_callback)

    async def stream_instructions_async(
        self,
        instruction_callback: Callable[[dict[str, Any]], None],
        connection_callback: Callable[[dict[str, Any]], None] | None = None,
        error_callback: Callable[[Exception], None] | None = None,
        auto_retry: bool = True,
    ) -> None:
        with self._streaming(instruction_callback, connection_callback) as callbacks:
            await self._sse.stream_instructions_async(*callbacks, error_callback, auto_retry)

    def acknowledge_instruction(
        self,
        instruction_id: str,
        status: str,
        result: str | None = None,
        error_message: str | None = None,
        processing_time_ms: int | None = None,
        retry_count: int = 3,
    ) -> models.AgentInstructionAcknowledgementResponse:
        """Acknowledge an instruction; ``status``: received, processed, failed or declined."""
        outbox = self._outbox()
        if outbox is None:
            try:
                return self._sse.acknowledge_instruction(
                    instruction_id, status, result, error_message, processing_time_ms, retry_count
                )
            except errors.SmartEMError as error:
                raise translate(error, self.base_url) from error
        body = _acknowledgement_body(status, result, error_message, processing_time_ms)
        outbox.acknowledge_instruction(self.agent_id, self.session_id, instruction_id, body)
        self._journalled_acks += 1
        return _acknowledged(self.agent_id, self.session_id, instruction_id)

    def send_heartbeat(self, retry_count: int = 3) -> bool:
        """Send a heartbeat; True when the backend took it. Never raises."""
        try:
            self._sse.send_heartbeat(retry_count)
        except Exception as error:
            self.logger.error("Failed to send heartbeat: %s", error)
            return False
        return True

    def get_stats(self) -> dict[str, Any]:
        """The existing client's statistics keys (``success_rate`` in percent)."""
        stats = self._sse.get_stats()
        return {
            "total_connections": stats["connections"],
            "successful_connections": stats["successful_connections"],
            "failed_connections": stats["failures"],
            "instructions_received": stats["instructions_received"],
            "instructions_acknowledged": stats["instructions_acknowledged"] + self._journalled_acks,
            "last_connection_time": self._last_connection_time,
            "last_instruction_time": self._last_instruction_time,
            "agent_id": self.agent_id,
            "session_id": self.session_id,
            "connection_id": stats["connection_id"],
            "is_running": self._streams > 0,
            "max_retries": self.max_retries,
            "success_rate": stats["success_rate"] * 100,
        }

    def reset_stats(self) -> None:
        self._sse.reset_stats()
        self._journalled_acks = 0
        self._last_connection_time = None
        self._last_instruction_time = None

    def is_connected(self) -> bool:
        return self._sse.is_connected()

    def stop(self) -> None:
        self._sse.stop()
