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

``requests`` is imported here only: ``import smartem_ext`` does not need it.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import logging
import threading
from collections.abc import Callable, Generator, Iterator, Mapping
from datetime import datetime
from http import HTTPStatus
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

import httpx
import requests

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
from smartem_ext.converter import EntityConverter
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

__all__ = [
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
        translated = cls(error.method, error.path, error.status_code, error.detail)
        translated.response = _response(base_url, error)
        return translated
    if isinstance(error, errors.TransportError):
        kind = error.reason.split(":", 1)[0]
        timeout_cls = TransportTimeout if "Timeout" in kind else TransportError
        return timeout_cls(error.method, error.path, error.reason)
    if isinstance(error, errors.InvalidResponse):
        return InvalidResponse(error.method, error.path, error.status_code, error.reason)
    if isinstance(error, errors.PartialFailure):
        first = next((e for e in error.errors if isinstance(e, errors.APIError)), None)
        args = (error.operation, error.landed, error.failed, error.errors)
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


# ---------------------------------------------------------------------------- API client


def _acknowledgement(value: Any) -> AgentInstructionAcknowledgement:
    """The generated acknowledgement from the agent's pydantic model, a mapping or itself."""
    if isinstance(value, AgentInstructionAcknowledgement):
        return value
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json", exclude_none=True)
    return AgentInstructionAcknowledgement.from_dict(dict(value))


class SmartEMAPIClient:
    """The existing ``SmartEMAPIClient`` interface over :class:`smartem_ext.SmartEMAPIClient`."""

    def __init__(
        self,
        base_url: str,
        timeout: float = 10.0,
        logger: logging.Logger | None = None,
        keycloak_client: KeycloakClientLike | None = None,
    ) -> None:
        self._api = _client.SmartEMAPIClient(base_url, timeout, logger, auth=_auth(keycloak_client))
        self.base_url = self._api.base_url
        self.timeout = timeout
        _quiet_while_shipping(*_QUIET_WHILE_SHIPPING, self._api.logger.name)
        if keycloak_client is not None:
            _quiet_while_shipping(type(keycloak_client).__module__)

    @property
    def client(self) -> _client.SmartEMAPIClient:
        """The smartem_ext client underneath, for its other methods and its stats."""
        return self._api

    def __repr__(self) -> str:
        return f"compat.SmartEMAPIClient(base_url={self.base_url!r})"

    def __enter__(self) -> SmartEMAPIClient:
        return self

    def __exit__(self, exc_type: object, exc_val: object, exc_tb: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._api.close()

    def _do(self, method: Callable[..., T], *args: Any) -> T:
        try:
            return method(*args)
        except errors.SmartEMError as error:
            raise translate(error, self.base_url) from error

    # Agent log shipping
    def send_logs(self, agent_id: str, session_id: str, logs: list[dict[str, Any]]) -> bool:
        """Ship log records; True when the backend stored them. Never raises."""
        with _shipping_logs():
            try:
                self._api.send_logs(agent_id, session_id, [_log_entry(log) for log in logs])
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
        return self._do(self._api.create_acquisition, acquisition)

    def get_acquisition(self, acquisition_uuid: str) -> AcquisitionResponse:
        return self._do(self._api.get_acquisition, acquisition_uuid)

    def update_acquisition(self, acquisition: AcquisitionData) -> AcquisitionResponse:
        return self._do(self._api.update_acquisition, acquisition)

    def delete_acquisition(self, acquisition_uuid: str) -> None:
        self._do(self._api.delete_acquisition, acquisition_uuid)

    # Grids
    def get_grids(self) -> list[GridResponse]:
        return self._do(self._api.get_grids)

    def get_grid(self, grid_uuid: str) -> GridResponse:
        return self._do(self._api.get_grid, grid_uuid)

    def update_grid(self, grid: GridData) -> GridResponse:
        return self._do(self._api.update_grid, grid)

    def delete_grid(self, grid_uuid: str) -> None:
        self._do(self._api.delete_grid, grid_uuid)

    def get_acquisition_grids(self, acquisition_uuid: str) -> list[GridResponse]:
        return self._do(self._api.get_acquisition_grids, acquisition_uuid)

    def create_acquisition_grid(self, grid: GridData) -> GridResponse:
        return self._do(self._api.create_acquisition_grid, grid)

    def grid_registered(self, grid_uuid: str) -> bool:
        return self._do(self._api.grid_registered, grid_uuid)

    # Atlases
    def get_atlases(self) -> list[AtlasResponse]:
        return self._do(self._api.get_atlases)

    def get_atlas(self, atlas_uuid: str) -> AtlasResponse:
        return self._do(self._api.get_atlas, atlas_uuid)

    def update_atlas(self, atlas: AtlasData) -> AtlasResponse:
        return self._do(self._api.update_atlas, atlas)

    def delete_atlas(self, atlas_uuid: str) -> None:
        self._do(self._api.delete_atlas, atlas_uuid)

    def get_grid_atlas(self, grid_uuid: str) -> AtlasResponse:
        return self._do(self._api.get_grid_atlas, grid_uuid)

    def create_grid_atlas(self, atlas: AtlasData) -> AtlasResponse:
        return self._do(self._api.create_grid_atlas, atlas)

    # Atlas tiles
    def get_atlas_tiles(self) -> list[AtlasTileResponse]:
        return self._do(self._api.get_atlas_tiles)

    def get_atlas_tile(self, tile_uuid: str) -> AtlasTileResponse:
        return self._do(self._api.get_atlas_tile, tile_uuid)

    def update_atlas_tile(self, tile: AtlasTileData) -> AtlasTileResponse:
        return self._do(self._api.update_atlas_tile, tile)

    def delete_atlas_tile(self, tile_uuid: str) -> None:
        self._do(self._api.delete_atlas_tile, tile_uuid)

    def get_atlas_tiles_by_atlas(self, atlas_uuid: str) -> list[AtlasTileResponse]:
        return self._do(self._api.get_atlas_tiles_by_atlas, atlas_uuid)

    def create_atlas_tile_for_atlas(self, tile: AtlasTileData) -> AtlasTileResponse:
        return self._do(self._api.create_atlas_tile_for_atlas, tile)

    def link_atlas_tile_and_gridsquare(
        self, gridsquare_position: AtlasTileGridSquarePositionData
    ) -> AtlasTileGridSquarePositionResponse:
        return self._do(self._api.link_atlas_tile_and_gridsquare, gridsquare_position)

    def link_atlas_tile_and_gridsquares(
        self, gridsquare_positions: list[AtlasTileGridSquarePositionData]
    ) -> list[AtlasTileGridSquarePositionResponse]:
        """Link grid squares to tiles; positions on several tiles are accepted too."""
        return self._do(self._api.link_atlas_tile_and_gridsquares, gridsquare_positions)

    # Grid squares
    def get_gridsquares(self) -> list[GridSquareResponse]:
        return self._do(self._api.get_gridsquares)

    def get_gridsquare(self, gridsquare_uuid: str) -> GridSquareResponse:
        return self._do(self._api.get_gridsquare, gridsquare_uuid)

    def update_gridsquare(
        self, gridsquare: GridSquareData, lowmag: bool = False
    ) -> GridSquareResponse:
        return self._do(self._api.update_gridsquare, gridsquare, lowmag)

    def delete_gridsquare(self, gridsquare_uuid: str) -> None:
        self._do(self._api.delete_gridsquare, gridsquare_uuid)

    def get_grid_gridsquares(self, grid_uuid: str) -> list[GridSquareResponse]:
        return self._do(self._api.get_grid_gridsquares, grid_uuid)

    def create_grid_gridsquare(
        self, gridsquare: GridSquareData, lowmag: bool = False
    ) -> GridSquareResponse:
        return self._do(self._api.create_grid_gridsquare, gridsquare, lowmag)

    def gridsquare_registered(self, gridsquare_uuid: str, count: int | None = None) -> bool:
        return self._do(self._api.gridsquare_registered, gridsquare_uuid, count)

    # Foil holes
    def get_foilholes(self) -> list[FoilHoleResponse]:
        return self._do(self._api.get_foilholes)

    def get_foilhole(self, foilhole_uuid: str) -> FoilHoleResponse:
        return self._do(self._api.get_foilhole, foilhole_uuid)

    def update_foilhole(self, foilhole: FoilHoleData) -> FoilHoleResponse:
        return self._do(self._api.update_foilhole, foilhole)

    def delete_foilhole(self, foilhole_uuid: str) -> None:
        self._do(self._api.delete_foilhole, foilhole_uuid)

    def get_gridsquare_foilholes(self, gridsquare_uuid: str) -> list[FoilHoleResponse]:
        return self._do(self._api.get_gridsquare_foilholes, gridsquare_uuid)

    def create_gridsquare_foilholes(
        self, gridsquare_uuid: str, foilholes: list[FoilHoleData], allow_on_grid_bar: bool = False
    ) -> list[FoilHoleResponse]:
        return self._do(
            self._api.create_gridsquare_foilholes, gridsquare_uuid, foilholes, allow_on_grid_bar
        )

    # Micrographs
    def get_micrographs(self) -> list[MicrographResponse]:
        return self._do(self._api.get_micrographs)

    def get_micrograph(self, micrograph_uuid: str) -> MicrographResponse:
        return self._do(self._api.get_micrograph, micrograph_uuid)

    def update_micrograph(self, micrograph: MicrographData) -> MicrographResponse:
        return self._do(self._api.update_micrograph, micrograph)

    def delete_micrograph(self, micrograph_id: str) -> None:
        self._do(self._api.delete_micrograph, micrograph_id)

    def get_foilhole_micrographs(self, foilhole_id: str) -> list[MicrographResponse]:
        return self._do(self._api.get_foilhole_micrographs, foilhole_id)

    def create_foilhole_micrograph(self, micrograph: MicrographData) -> MicrographResponse:
        return self._do(self._api.create_foilhole_micrograph, micrograph)

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
        return self._do(
            self._api.acknowledge_instruction, agent_id, session_id, instruction_id, body
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
    each instruction id reaches the callback once.
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
    ) -> None:
        self._sse = _sse.SSEAgentClient(
            base_url,
            agent_id,
            session_id,
            timeout,
            max_retries,
            initial_retry_delay,
            max_retry_delay,
            auth=_auth(keycloak_client),
        )
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

    def close(self) -> None:
        """Stop any stream and close the connection pool."""
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

    acknowledge_instruction = _translating(_sse.SSEAgentClient.acknowledge_instruction)

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
            "instructions_acknowledged": stats["instructions_acknowledged"],
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
        self._last_connection_time = None
        self._last_instruction_time = None

    def is_connected(self) -> bool:
        return self._sse.is_connected()

    def stop(self) -> None:
        self._sse.stop()
