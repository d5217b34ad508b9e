"""The existing SmartEM client's interface (``smartem_backend.api_client`` 0.1.3) on smartem_ext.

An agent written for the existing client switches with one import::

    from smartem_ext.compat import EntityConverter, SmartEMAPIClient, SSEAgentClient

Same classes, constructors, method names, parameters and return conventions; underneath,
every request goes through :class:`smartem_ext.SmartEMAPIClient` and
:class:`smartem_ext.SSEAgentClient` (retries, idempotent creates, typed errors).

- ``keycloak_client`` is the existing agent's duck type (``get_token()``,
  ``invalidate()``): its token goes on every request, and a 401 makes it invalidate once
  and the request is sent again once.
- Errors are catchable the old way and the new: an error status raises a class that is
  both ``requests.HTTPError`` (with ``.response.status_code``) and the smartem_ext error
  (``NotFound``, ``Conflict``...); no answer raises both ``requests.ConnectionError`` and
  ``smartem_ext.TransportError``.
- ``send_logs`` never raises, and records logged while it ships are dropped rather than
  shipped again: the existing agent's log handler holds a lock while it ships, so shipping
  them would deadlock it.
- httpx's line per request (INFO) is dropped once a compat client exists: the existing
  client's ``requests`` logs none at INFO, and an agent shipping its INFO records would
  otherwise send the backend one record per request it makes.
- ``send_logs`` makes one attempt and never holds the caller past ``timeout``; other
  requests are retried briefly (:data:`RETRY`), so a write made while the backend is away
  fails within a few seconds instead of holding the agent.

With ``SMARTEM_OUTBOX=<journal file>`` in the environment, or ``outbox=`` (a path or an
:class:`~smartem_ext.outbox.Outbox`), every write goes through a durable outbox instead:
creates, updates, deletes, tile links, registered marks, acknowledgements and log
records return as soon as they are on disk, answered as the backend answers a success
(the response built from the request, ``True`` for the marks and ``send_logs``), and
reach the backend in parent-before-child order whenever it can take them. Reads go to
the backend as before. See :class:`SmartEMAPIClient` for how clients share the journal.

``requests`` is imported here only: ``import smartem_ext`` does not need it.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any, Concatenate, Final, ParamSpec, Protocol, Self, TypeVar

import attrs
import httpx
import requests
from attrs import AttrsInstance

from smartem_api.models import (
    AcquisitionResponse,
    AgentInstructionAcknowledgement,
    AgentInstructionAcknowledgementResponse,
    AgentLogEntry,
    AtlasResponse,
    AtlasTileGridSquarePositionResponse,
    AtlasTileResponse,
    CurrentQualityPredictionResponse,
    FoilHoleResponse,
    GridResponse,
    GridSquareResponse,
    MicrographResponse,
    QualityPredictionModelResponse,
    QualityPredictionResponse,
)
from smartem_ext import client as _client
from smartem_ext import errors
from smartem_ext import sse as _sse
from smartem_ext._calls import confirmed_link
from smartem_ext._sse_core import _acknowledgement as _acknowledgement_body
from smartem_ext.converter import EntityConverter, backend_time_text, foilhole_bodies
from smartem_ext.epu import (
    AcquisitionData,
    AtlasData,
    AtlasTileData,
    AtlasTileGridSquarePositionData,
    FoilHoleData,
    GridData,
    GridSquareData,
    MicrographData,
)
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
"""Compat's transport retries: the first retry at once, the second within a second. The
existing agent drops what fails and goes on, so a long wait only holds it up; with an
outbox, delivery retries for as long as it takes."""
CLOSE_FLUSH: Final = 5.0
"""Seconds the last compat client of a journal waits for delivery when it is closed (and
the process for its open journals when it exits); what is left stays in the journal for
the next process that opens it."""
logger = logging.getLogger("smartem_ext.compat")


class KeycloakClientLike(Protocol):
    """What the existing agent's ``KeycloakClient`` offers and compat uses."""

    def get_token(self) -> str: ...

    def invalidate(self) -> None: ...


# ---------------------------------------------------------------------------- errors


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


_BY_CLASS: tuple[tuple[type[errors.APIError], type[APIError]], ...] = (
    (errors.NotFound, NotFound),
    (errors.Conflict, Conflict),
    (errors.ValidationFailed, ValidationFailed),
    (errors.AuthError, AuthError),
    (errors.ServerError, ServerError),
)


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
        cls = next((new for old, new in _BY_CLASS if isinstance(error, old)), APIError)
        translated = cls(
            error.method, error.path, error.status_code, error.detail, headers=error.headers.pairs()
        )
        translated.response = _response(base_url, error)
        return translated
    if isinstance(error, errors.TransportError):
        kind = error.reason.split(":", 1)[0]
        timeout_cls = TransportTimeout if "Timeout" in kind else TransportError
        return timeout_cls(error.method, error.path, error.reason, error.reached)
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


# ---------------------------------------------------------------------------- auth


class KeycloakClientAuth(httpx.Auth):
    """Bearer tokens from the existing agent's ``KeycloakClient`` (or anything shaped like it).

    A 401 makes the client ``invalidate()`` its token and the request is sent once more
    with a fresh one. The token client's own failures (it raises ``requests`` exceptions)
    become smartem_ext's ``AuthError`` (it answered with an error), ``TransportError`` (it
    could not be reached) or ``InvalidResponse`` (anything else).
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


def _auth(keycloak_client: KeycloakClientLike | None) -> httpx.Auth | None:
    return None if keycloak_client is None else KeycloakClientAuth(keycloak_client)


# ---------------------------------------------------------------------------- log shipping

_shipping = threading.local()
# Loggers that can write while a batch is shipped: the HTTP stack, smartem_ext itself and
# the token client (its module's logger, which KeycloakClient uses by default).
_QUIET_WHILE_SHIPPING = (
    "httpx",
    "httpcore",
    "httpx_retries",
    "smartem_ext",
    "smartem_ext.auth",
    "smartem_ext.client",
    "smartem_ext.http",
)


class _NotWhileShipping(logging.Filter):
    """Drops records made by the thread that is shipping logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(_shipping, "active", False)


_FILTER = _NotWhileShipping()


class _NoRequestLines(logging.Filter):
    """Drops httpx's INFO line per request; its warnings and errors pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.INFO


_REQUEST_LINES = _NoRequestLines()


def _quiet_while_shipping(*names: str) -> None:
    for name in names:
        target = logging.getLogger(name)
        if _FILTER not in target.filters:
            target.addFilter(_FILTER)
    httpx_logger = logging.getLogger("httpx")
    if _REQUEST_LINES not in httpx_logger.filters:
        httpx_logger.addFilter(_REQUEST_LINES)


@contextlib.contextmanager
def _shipping_logs() -> Iterator[None]:
    _shipping.active = True
    try:
        yield
    finally:
        _shipping.active = False


def _log_entry(record: Mapping[str, Any]) -> AgentLogEntry:
    # send_logs writes the time as the backend stores it; here it only becomes text.
    stamp = record["timestamp"]
    return AgentLogEntry(
        timestamp=stamp.isoformat() if isinstance(stamp, datetime) else str(stamp),
        level=str(record["level"]),
        logger_name=str(record["logger_name"]),
        message=str(record["message"]),
    )


# ---------------------------------------------------------------------------- outbox


@attrs.define(eq=False)
class _SharedOutbox:
    """One journal file's Outbox in this process, and how many compat clients write to it."""

    key: str
    outbox: Outbox
    delivery: _client.SmartEMAPIClient | None
    """The client the registry made to deliver; None for an Outbox given by its owner."""
    users: int = 0


_journals: dict[str, _SharedOutbox] = {}
"""The shared outboxes of this process by journal path (resolved, case-folded on Windows)."""
# Held while a journal is opened, counted or closed: a client made while the last one
# closes then opens the file again instead of meeting the closing Outbox.
_journals_lock = threading.Lock()


def _journal_key(path: str | os.PathLike[str]) -> str:
    return os.path.normcase(str(Path(path).expanduser().resolve()))


def _open_journal(
    key: str, base_url: str, timeout: float, auth: httpx.Auth | None
) -> _SharedOutbox:
    delivery = _client.SmartEMAPIClient(base_url, timeout, auth=auth, retry=RETRY)
    try:
        Path(key).parent.mkdir(parents=True, exist_ok=True)
        return _SharedOutbox(key, Outbox(delivery, key), delivery)
    except (OSError, sqlite3.Error) as error:
        delivery.close()
        raise OutboxError(f"cannot open the outbox journal {key}: {error}") from error
    except BaseException:
        delivery.close()
        raise


def _lease(
    target: str | os.PathLike[str] | Outbox,
    base_url: str,
    timeout: float,
    auth: httpx.Auth | None,
) -> _SharedOutbox:
    """The process's outbox on ``target``'s journal, counted as used once more.

    The first client of a journal path opens it with a delivering client of its own (this
    client's base URL, timeout and token), so closing any one compat client never stops
    delivery; an Outbox given by its owner delivers with its own client.
    """
    given = target if isinstance(target, Outbox) else None
    if given is None and not isinstance(target, str | os.PathLike):
        raise TypeError(f"outbox must be a path or an Outbox, not {type(target).__name__}")
    key = _journal_key(target.path if isinstance(target, Outbox) else target)
    with _journals_lock:
        journal = _journals.get(key)
        if journal is None:
            if given is not None:
                journal = _SharedOutbox(key, given, None)
            else:
                journal = _open_journal(key, base_url, timeout, auth)
            _journals[key] = journal
        elif given is not None and given is not journal.outbox:
            raise OutboxInUse(f"the outbox journal {key} is open by another Outbox")
        delivers_to = journal.outbox.client.base_url
        if delivers_to != base_url:
            if not journal.users:
                del _journals[key]
            raise OutboxInUse(
                f"the outbox journal {key} is open delivering to {delivers_to}, not to {base_url}"
            )
        journal.users += 1
        return journal


def _release(journal: _SharedOutbox) -> None:
    """One user less; the last one flushes for up to CLOSE_FLUSH seconds and closes."""
    with _journals_lock:
        journal.users -= 1
        if journal.users:
            return
        del _journals[journal.key]
        if journal.delivery is None:
            return  # its owner closes it
        try:
            journal.outbox.flush(CLOSE_FLUSH)
            left = journal.outbox.stats().pending_total
            if left:
                logger.warning(
                    "outbox %s: %d writes not delivered yet; the next process that opens "
                    "it delivers them",
                    journal.key,
                    left,
                )
        finally:
            journal.outbox.close()
            journal.delivery.close()


def _flush_at_exit() -> None:
    """Give the journals still open a short while to deliver before the process ends.

    The existing agent never closes its log handler's client, so its last records would
    otherwise wait in the journal for the next start. Nothing is closed here: the logging
    module ships what its handlers still hold after this runs, into the open journal.
    """
    with _journals_lock:
        still_open = [journal for journal in _journals.values() if journal.delivery is not None]
    deadline = time.monotonic() + CLOSE_FLUSH
    for journal in still_open:
        journal.outbox.flush(max(0.0, deadline - time.monotonic()))


atexit.register(_flush_at_exit)


def _outbox_target(
    outbox: str | os.PathLike[str] | Outbox | None,
) -> str | os.PathLike[str] | Outbox | None:
    """``outbox`` if given, else the journal named by SMARTEM_OUTBOX, else None."""
    if outbox is not None:
        return outbox
    return os.environ.get(OUTBOX_ENV) or None


class _Writer:
    """What a compat client writes through: its journal's shared outbox, or nothing."""

    def __init__(
        self,
        target: str | os.PathLike[str] | Outbox | None,
        base_url: str,
        timeout: float,
        auth: httpx.Auth | None,
    ) -> None:
        self._journal = None if target is None else _lease(target, base_url, timeout, auth)
        self._closed = False
        self._lock = threading.Lock()

    @property
    def outbox(self) -> Outbox | None:
        return None if self._journal is None else self._journal.outbox

    def current(self) -> Outbox | None:
        """The outbox to write to; None when writes go to the backend directly."""
        if self._journal is None:
            return None
        if self._closed:
            raise OutboxClosed(f"this client is closed; its outbox was {self._journal.key}")
        return self._journal.outbox

    def close(self) -> None:
        with self._lock:
            if self._closed or self._journal is None:
                return
            self._closed = True
        _release(self._journal)


def _queued(write: Callable[P, None], answer: T, /, *args: P.args, **kwargs: P.kwargs) -> T:
    """``write(*args, **kwargs)`` into the outbox, then ``answer``: built before, so bad
    input raises before anything is stored."""
    write(*args, **kwargs)
    return answer


class _Request(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


class _Response(AttrsInstance, Protocol):
    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self: ...


R = TypeVar("R", bound=_Response)


def _echo(cls: type[R], request: _Request | Mapping[str, Any], **defaults: Any) -> R:
    """The response model ``cls`` holding what a create request (or its JSON body) says.

    defaults: what the backend stores for a field the request leaves out (else None).
    """
    body = {**defaults, **(request if isinstance(request, Mapping) else request.to_dict())}
    fields = {field.name: field for field in attrs.fields(cls) if field.init}
    return cls.from_dict(
        {
            name: body.get(name)
            for name, field in fields.items()
            if name in body or field.default is attrs.NOTHING
        }
    )


def _links(
    positions: Sequence[AtlasTileGridSquarePositionData],
) -> list[AtlasTileGridSquarePositionResponse]:
    """The confirmed links; a position without a tile is refused by the outbox's write."""
    return [
        confirmed_link(p.tile_uuid or "", EntityConverter.gridsquare_position_to_request(p))
        for p in positions
    ]


def _acknowledged(
    agent_id: str, session_id: str, instruction_id: str
) -> AgentInstructionAcknowledgementResponse:
    """The backend's answer to an acknowledgement it stored now."""
    return AgentInstructionAcknowledgementResponse(
        status="success",
        instruction_id=instruction_id,
        acknowledged_at=backend_time_text(datetime.now(UTC)),
        agent_id=agent_id,
        session_id=session_id,
    )


# ---------------------------------------------------------------------------- API client


def _acknowledgement(value: Any) -> AgentInstructionAcknowledgement:
    """The generated acknowledgement from the agent's pydantic model, a mapping or itself."""
    if isinstance(value, AgentInstructionAcknowledgement):
        return value
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json", exclude_none=True)
    return AgentInstructionAcknowledgement.from_dict(dict(value))


class SmartEMAPIClient:
    """The existing ``SmartEMAPIClient`` interface over :class:`smartem_ext.SmartEMAPIClient`.

    Args:
        outbox: A journal file, or an :class:`~smartem_ext.outbox.Outbox`, that every write
            goes through (see the module); ``SMARTEM_OUTBOX`` names the file when this is
            None, and without either, writes go to the backend directly.

    The compat clients of one process that name the same journal file share one Outbox
    (a journal has one sender). The first of them opens it with a delivering client of its
    own, made with that client's base URL, timeout and token, so closing any one compat
    client never stops delivery; the last one closed waits up to :data:`CLOSE_FLUSH`
    seconds for delivery, then closes the journal, and the next process to open it
    delivers what is left. A process that ends without closing loses nothing either; on a
    normal exit it too waits up to CLOSE_FLUSH seconds for delivery.
    ``OutboxInUse`` is raised for a journal that another process, or an Outbox this
    process opened by other means, has open, and for one open delivering to another base
    URL. An Outbox given as ``outbox=`` is shared the same way and left to its owner to
    close. A journal that cannot be opened raises ``OutboxError`` naming it.
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
        auth = _auth(keycloak_client)
        self._api = _client.SmartEMAPIClient(base_url, timeout, logger, auth=auth, retry=RETRY)
        self.base_url = self._api.base_url
        self.timeout = timeout
        self._auth = auth
        self._logger = logger
        self._logs_api: _client.SmartEMAPIClient | None = None
        self._logs_lock = threading.Lock()
        try:
            self._writer = _Writer(_outbox_target(outbox), self.base_url, timeout, auth)
        except BaseException:
            self._api.close()
            raise
        _quiet_while_shipping(*_QUIET_WHILE_SHIPPING, self._api.logger.name)
        if keycloak_client is not None:
            # The token client's module logs a refresh; so may those of its base classes.
            modules = {cls.__module__ for cls in type(keycloak_client).__mro__} - {"builtins"}
            _quiet_while_shipping(*modules)

    @property
    def client(self) -> _client.SmartEMAPIClient:
        """The smartem_ext client underneath, for its other methods and its stats."""
        return self._api

    @property
    def outbox(self) -> Outbox | None:
        """The outbox this client's writes go through; None when they go to the backend."""
        return self._writer.outbox

    def __repr__(self) -> str:
        return f"compat.SmartEMAPIClient(base_url={self.base_url!r})"

    def __enter__(self) -> SmartEMAPIClient:
        return self

    def __exit__(self, exc_type: object, exc_val: object, exc_tb: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool and let go of the outbox (see the class)."""
        try:
            self._writer.close()
        finally:
            self._api.close()
            with self._logs_lock:
                logs_api, self._logs_api = self._logs_api, None
            if logs_api is not None:
                logs_api.close()

    def _do(self, method: Callable[..., T], *args: Any) -> T:
        try:
            return method(*args)
        except errors.SmartEMError as error:
            raise translate(error, self.base_url) from error

    def _logs_client(self) -> _client.SmartEMAPIClient:
        """The client that ships logs: one attempt, done within ``timeout`` seconds."""
        with self._logs_lock:
            if self._logs_api is None:
                self._logs_api = _client.SmartEMAPIClient(
                    self.base_url,
                    self.timeout,
                    self._logger,
                    auth=self._auth,
                    retry=None,
                    limits=AnswerLimits(deadline=self.timeout),
                )
            return self._logs_api

    # Agent log shipping
    def send_logs(self, agent_id: str, session_id: str, logs: list[dict[str, Any]]) -> bool:
        """Ship log records; True when the backend stored them (or the outbox did). Never raises.

        One attempt, over within ``timeout`` seconds: the agent's log handler holds its
        lock meanwhile.
        """
        with _shipping_logs():
            try:
                entries = [_log_entry(log) for log in logs]
                outbox = self._writer.current()
                if outbox is None:
                    self._logs_client().send_logs(agent_id, session_id, entries)
                else:
                    outbox.send_logs(agent_id, session_id, entries)
            except Exception:
                return False
            return True

    # Status and health
    def get_status(self) -> dict[str, object]:
        return self._do(self._api.get_status)

    def get_health(self) -> dict[str, object]:
        return self._do(self._api.get_health)

    # Acquisitions
    def get_acquisitions(self) -> list[AcquisitionResponse]:
        return self._do(self._api.get_acquisitions)

    def create_acquisition(self, acquisition: AcquisitionData) -> AcquisitionResponse:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.create_acquisition, acquisition)
        answer = _echo(AcquisitionResponse, EntityConverter.acquisition_to_request(acquisition))
        return _queued(outbox.create_acquisition, answer, acquisition)

    def get_acquisition(self, acquisition_uuid: str) -> AcquisitionResponse:
        return self._do(self._api.get_acquisition, acquisition_uuid)

    def update_acquisition(self, acquisition: AcquisitionData) -> AcquisitionResponse:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.update_acquisition, acquisition)
        answer = _echo(AcquisitionResponse, EntityConverter.acquisition_to_request(acquisition))
        return _queued(outbox.update_acquisition, answer, acquisition)

    def delete_acquisition(self, acquisition_uuid: str) -> None:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.delete_acquisition, acquisition_uuid)
        return _queued(outbox.delete_acquisition, None, acquisition_uuid)

    # Grids
    def get_grids(self) -> list[GridResponse]:
        return self._do(self._api.get_grids)

    def get_grid(self, grid_uuid: str) -> GridResponse:
        return self._do(self._api.get_grid, grid_uuid)

    def update_grid(self, grid: GridData) -> GridResponse:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.update_grid, grid)
        answer = _echo(GridResponse, EntityConverter.grid_to_request(grid))
        return _queued(outbox.update_grid, answer, grid)

    def delete_grid(self, grid_uuid: str) -> None:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.delete_grid, grid_uuid)
        return _queued(outbox.delete_grid, None, grid_uuid)

    def get_acquisition_grids(self, acquisition_uuid: str) -> list[GridResponse]:
        return self._do(self._api.get_acquisition_grids, acquisition_uuid)

    def create_acquisition_grid(self, grid: GridData) -> GridResponse:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.create_acquisition_grid, grid)
        answer = _echo(GridResponse, EntityConverter.grid_to_request(grid))
        return _queued(outbox.create_acquisition_grid, answer, grid)

    def grid_registered(self, grid_uuid: str) -> bool:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.grid_registered, grid_uuid)
        return _queued(outbox.grid_registered, True, grid_uuid)

    # Atlases
    def get_atlases(self) -> list[AtlasResponse]:
        return self._do(self._api.get_atlases)

    def get_atlas(self, atlas_uuid: str) -> AtlasResponse:
        return self._do(self._api.get_atlas, atlas_uuid)

    def update_atlas(self, atlas: AtlasData) -> AtlasResponse:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.update_atlas, atlas)
        answer = _echo(AtlasResponse, EntityConverter.atlas_to_request(atlas))
        return _queued(outbox.update_atlas, answer, atlas)

    def delete_atlas(self, atlas_uuid: str) -> None:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.delete_atlas, atlas_uuid)
        return _queued(outbox.delete_atlas, None, atlas_uuid)

    def get_grid_atlas(self, grid_uuid: str) -> AtlasResponse:
        return self._do(self._api.get_grid_atlas, grid_uuid)

    def create_grid_atlas(self, atlas: AtlasData) -> AtlasResponse:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.create_grid_atlas, atlas)
        answer = _echo(AtlasResponse, EntityConverter.atlas_to_request(atlas))
        return _queued(outbox.create_grid_atlas, answer, atlas)

    # Atlas tiles
    def get_atlas_tiles(self) -> list[AtlasTileResponse]:
        return self._do(self._api.get_atlas_tiles)

    def get_atlas_tile(self, tile_uuid: str) -> AtlasTileResponse:
        return self._do(self._api.get_atlas_tile, tile_uuid)

    def update_atlas_tile(self, tile: AtlasTileData) -> AtlasTileResponse:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.update_atlas_tile, tile)
        answer = _echo(AtlasTileResponse, EntityConverter.atlas_tile_to_request(tile))
        return _queued(outbox.update_atlas_tile, answer, tile)

    def delete_atlas_tile(self, tile_uuid: str) -> None:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.delete_atlas_tile, tile_uuid)
        return _queued(outbox.delete_atlas_tile, None, tile_uuid)

    def get_atlas_tiles_by_atlas(self, atlas_uuid: str) -> list[AtlasTileResponse]:
        return self._do(self._api.get_atlas_tiles_by_atlas, atlas_uuid)

    def create_atlas_tile_for_atlas(self, tile: AtlasTileData) -> AtlasTileResponse:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.create_atlas_tile_for_atlas, tile)
        answer = _echo(AtlasTileResponse, EntityConverter.atlas_tile_to_request(tile))
        return _queued(outbox.create_atlas_tile_for_atlas, answer, tile)

    def link_atlas_tile_and_gridsquare(
        self, gridsquare_position: AtlasTileGridSquarePositionData
    ) -> AtlasTileGridSquarePositionResponse:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.link_atlas_tile_and_gridsquare, gridsquare_position)
        [answer] = _links([gridsquare_position])
        return _queued(outbox.link_atlas_tile_and_gridsquare, answer, gridsquare_position)

    def link_atlas_tile_and_gridsquares(
        self, gridsquare_positions: list[AtlasTileGridSquarePositionData]
    ) -> list[AtlasTileGridSquarePositionResponse]:
        """Link grid squares to tiles; positions on several tiles are accepted too."""
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.link_atlas_tile_and_gridsquares, gridsquare_positions)
        answer = _links(gridsquare_positions)
        return _queued(outbox.link_atlas_tile_and_gridsquares, answer, gridsquare_positions)

    # Grid squares
    def get_gridsquares(self) -> list[GridSquareResponse]:
        return self._do(self._api.get_gridsquares)

    def get_gridsquare(self, gridsquare_uuid: str) -> GridSquareResponse:
        return self._do(self._api.get_gridsquare, gridsquare_uuid)

    def update_gridsquare(
        self, gridsquare: GridSquareData, lowmag: bool = False
    ) -> GridSquareResponse:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.update_gridsquare, gridsquare, lowmag)
        answer = _echo(
            GridSquareResponse, EntityConverter.gridsquare_to_request(gridsquare, lowmag=lowmag)
        )
        return _queued(outbox.update_gridsquare, answer, gridsquare, lowmag)

    def delete_gridsquare(self, gridsquare_uuid: str) -> None:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.delete_gridsquare, gridsquare_uuid)
        return _queued(outbox.delete_gridsquare, None, gridsquare_uuid)

    def get_grid_gridsquares(self, grid_uuid: str) -> list[GridSquareResponse]:
        return self._do(self._api.get_grid_gridsquares, grid_uuid)

    def create_grid_gridsquare(
        self, gridsquare: GridSquareData, lowmag: bool = False
    ) -> GridSquareResponse:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.create_grid_gridsquare, gridsquare, lowmag)
        answer = _echo(
            GridSquareResponse, EntityConverter.gridsquare_to_request(gridsquare, lowmag=lowmag)
        )
        return _queued(outbox.create_grid_gridsquare, answer, gridsquare, lowmag)

    def gridsquare_registered(self, gridsquare_uuid: str, count: int | None = None) -> bool:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.gridsquare_registered, gridsquare_uuid, count)
        return _queued(outbox.gridsquare_registered, True, gridsquare_uuid, count)

    # Foil holes
    def get_foilholes(self) -> list[FoilHoleResponse]:
        return self._do(self._api.get_foilholes)

    def get_foilhole(self, foilhole_uuid: str) -> FoilHoleResponse:
        return self._do(self._api.get_foilhole, foilhole_uuid)

    def update_foilhole(self, foilhole: FoilHoleData) -> FoilHoleResponse:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.update_foilhole, foilhole)
        answer = _echo(FoilHoleResponse, EntityConverter.foilhole_to_request(foilhole))
        return _queued(outbox.update_foilhole, answer, foilhole)

    def delete_foilhole(self, foilhole_uuid: str) -> None:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.delete_foilhole, foilhole_uuid)
        return _queued(outbox.delete_foilhole, None, foilhole_uuid)

    def get_gridsquare_foilholes(self, gridsquare_uuid: str) -> list[FoilHoleResponse]:
        return self._do(self._api.get_gridsquare_foilholes, gridsquare_uuid)

    def create_gridsquare_foilholes(
        self, gridsquare_uuid: str, foilholes: list[FoilHoleData], allow_on_grid_bar: bool = False
    ) -> list[FoilHoleResponse]:
        if (outbox := self._writer.current()) is None:
            return self._do(
                self._api.create_gridsquare_foilholes, gridsquare_uuid, foilholes, allow_on_grid_bar
            )
        bodies, _kept = foilhole_bodies(foilholes, allow_on_grid_bar=allow_on_grid_bar)
        answer = [_echo(FoilHoleResponse, body) for body in bodies]
        return _queued(
            outbox.create_gridsquare_foilholes,
            answer,
            gridsquare_uuid,
            foilholes,
            allow_on_grid_bar,
        )

    # Micrographs
    def get_micrographs(self) -> list[MicrographResponse]:
        return self._do(self._api.get_micrographs)

    def get_micrograph(self, micrograph_uuid: str) -> MicrographResponse:
        return self._do(self._api.get_micrograph, micrograph_uuid)

    def update_micrograph(self, micrograph: MicrographData) -> MicrographResponse:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.update_micrograph, micrograph)
        answer = _echo(
            MicrographResponse, EntityConverter.micrograph_to_request(micrograph), status="none"
        )
        return _queued(outbox.update_micrograph, answer, micrograph)

    def delete_micrograph(self, micrograph_id: str) -> None:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.delete_micrograph, micrograph_id)
        return _queued(outbox.delete_micrograph, None, micrograph_id)

    def get_foilhole_micrographs(self, foilhole_id: str) -> list[MicrographResponse]:
        return self._do(self._api.get_foilhole_micrographs, foilhole_id)

    def create_foilhole_micrograph(self, micrograph: MicrographData) -> MicrographResponse:
        if (outbox := self._writer.current()) is None:
            return self._do(self._api.create_foilhole_micrograph, micrograph)
        answer = _echo(
            MicrographResponse, EntityConverter.micrograph_to_request(micrograph), status="none"
        )
        return _queued(outbox.create_foilhole_micrograph, answer, micrograph)

    # Quality prediction models
    def get_quality_prediction_models(self) -> list[QualityPredictionModelResponse]:
        return self._do(self._api.get_quality_prediction_models)

    def get_quality_prediction_model(self, name: str) -> QualityPredictionModelResponse:
        return self._do(self._api.get_quality_prediction_model, name)

    def get_grid_quality_predictions(
        self, model_name: str, grid_uuid: str
    ) -> list[QualityPredictionResponse]:
        return self._do(self._api.get_grid_quality_predictions, model_name, grid_uuid)

    def get_grid_current_quality_predictions(
        self, model_name: str, grid_uuid: str
    ) -> list[CurrentQualityPredictionResponse]:
        return self._do(self._api.get_grid_current_quality_predictions, model_name, grid_uuid)

    # Agent communication
    def acknowledge_instruction(
        self, agent_id: str, session_id: str, instruction_id: str, acknowledgement: Any
    ) -> AgentInstructionAcknowledgementResponse:
        body = _acknowledgement(acknowledgement)
        if (outbox := self._writer.current()) is None:
            return self._do(
                self._api.acknowledge_instruction, agent_id, session_id, instruction_id, body
            )
        answer = _acknowledged(agent_id, session_id, instruction_id)
        return _queued(
            outbox.acknowledge_instruction, answer, agent_id, session_id, instruction_id, body
        )

    def get_active_connections(self) -> dict[str, Any]:
        return self._do(self._api.get_active_connections)

    def get_session_instructions(self, session_id: str) -> dict[str, Any]:
        return self._do(self._api.get_session_instructions, session_id)


# ---------------------------------------------------------------------------- SSE client


def _translating(
    method: Callable[Concatenate[_sse.SSEAgentClient, P], T],
) -> Callable[Concatenate[SSEAgentClient, P], T]:
    """``method`` of the SSE client underneath, raising the existing client's errors."""

    @functools.wraps(method)  # the signature too: the existing client's
    def translated(self: SSEAgentClient, /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(self._sse, *args, **kwargs)
        except errors.SmartEMError as error:
            raise translate(error, self.base_url) from error

    return translated


class SSEAgentClient:
    """The existing ``SSEAgentClient`` interface over :class:`smartem_ext.SSEAgentClient`.

    ``stream_instructions`` reconnects by itself (backoff with jitter) until ``stop()``, a
    final error event, or more than ``max_retries`` consecutive failures (then raised);
    each instruction id reaches the callback once. ``outbox=`` (or ``SMARTEM_OUTBOX``)
    sends acknowledgements through the outbox, shared as :class:`SmartEMAPIClient` says.
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
        auth = _auth(keycloak_client)
        self._sse = _sse.SSEAgentClient(
            base_url,
            agent_id,
            session_id,
            timeout,
            max_retries,
            initial_retry_delay,
            max_retry_delay,
            auth=auth,
        )
        try:
            self._writer = _Writer(_outbox_target(outbox), self._sse.base_url, timeout, auth)
        except BaseException:
            self._sse.close()
            raise
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

    def __repr__(self) -> str:
        return (
            f"compat.SSEAgentClient(base_url={self.base_url!r}, agent_id={self.agent_id!r}, "
            f"session_id={self.session_id!r})"
        )

    @property
    def outbox(self) -> Outbox | None:
        """The outbox acknowledgements go through; None when they go to the backend."""
        return self._writer.outbox

    def close(self) -> None:
        """Stop any stream, close the connection pool and let go of the outbox."""
        try:
            self._writer.close()
        finally:
            self._sse.close()

    def _timed(
        self, instruction: Callable[[dict[str, Any]], Any], connection: Any
    ) -> tuple[Callable[[dict[str, Any]], Any], Callable[[dict[str, Any]], Any]]:
        def on_instruction(data: dict[str, Any]) -> Any:
            self._last_instruction_time = datetime.now().isoformat()
            return instruction(data)

        def on_connection(data: dict[str, Any]) -> Any:
            self._last_connection_time = datetime.now().isoformat()
            return connection(data) if connection is not None else None

        return on_instruction, on_connection

    def stream_instructions(
        self,
        instruction_callback: Callable[[dict[str, Any]], None],
        connection_callback: Callable[[dict[str, Any]], None] | None = None,
        error_callback: Callable[[Exception], None] | None = None,
    ) -> None:
        """Stream instructions (blocking) until ``stop()``; see the class for reconnects."""
        on_instruction, on_connection = self._timed(instruction_callback, connection_callback)
        self._streams += 1
        try:
            self._sse.stream_instructions(on_instruction, on_connection, error_callback)
        except errors.SmartEMError as error:
            raise translate(error, self.base_url) from error
        finally:
            self._streams -= 1

    async def stream_instructions_async(
        self,
        instruction_callback: Callable[[dict[str, Any]], None],
        connection_callback: Callable[[dict[str, Any]], None] | None = None,
        error_callback: Callable[[Exception], None] | None = None,
        auto_retry: bool = True,
    ) -> None:
        on_instruction, on_connection = self._timed(instruction_callback, connection_callback)
        self._streams += 1
        try:
            await self._sse.stream_instructions_async(
                on_instruction, on_connection, error_callback, auto_retry
            )
        except errors.SmartEMError as error:
            raise translate(error, self.base_url) from error
        finally:
            self._streams -= 1

    def acknowledge_instruction(
        self,
        instruction_id: str,
        status: str,
        result: str | None = None,
        error_message: str | None = None,
        processing_time_ms: int | None = None,
        retry_count: int = 3,
    ) -> AgentInstructionAcknowledgementResponse:
        """Acknowledge an instruction (``status``: received, processed, failed, declined).

        Without an outbox it is sent at once, retried ``retry_count`` times.
        """
        outbox = self._writer.current()
        if outbox is None:
            return self._acknowledge_now(
                instruction_id, status, result, error_message, processing_time_ms, retry_count
            )
        body = _acknowledgement_body(status, result, error_message, processing_time_ms)
        outbox.acknowledge_instruction(self.agent_id, self.session_id, instruction_id, body)
        self._journalled_acks += 1
        return _acknowledged(self.agent_id, self.session_id, instruction_id)

    _acknowledge_now = _translating(_sse.SSEAgentClient.acknowledge_instruction)

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
