"""SmartEMAPIClient and AsyncSmartEMAPIClient: the agent-facing API over generated endpoints.

Both clients execute the same :mod:`smartem_ext._calls` plans; only the I/O differs. Each
request is built by its generated endpoint module (``_get_kwargs``) and each answer parsed
by it (``_build_response``), on one pooled httpx client; the status is judged in between,
so statuses the spec does not list and non-JSON error bodies still map to typed errors.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import httpx

from smartem_api.api.agent import ingest_agent_logs
from smartem_api.api.atlas_tiles import list_atlas_tiles
from smartem_api.api.atlases import list_atlases
from smartem_api.api.debug import list_agent_connections, list_session_instructions
from smartem_api.api.foilholes import list_foilholes
from smartem_api.api.gridsquares import list_gridsquares
from smartem_api.api.micrographs import list_micrographs
from smartem_api.api.prediction_models import get_prediction_model, list_prediction_models
from smartem_api.api.predictions import get_grid_current_prediction, get_grid_prediction
from smartem_api.client import Client
from smartem_api.models import (
    AcquisitionResponse,
    AgentInstructionAcknowledgement,
    AgentInstructionAcknowledgementResponse,
    AgentLogBatchRequest,
    AgentLogBatchResponse,
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
from smartem_ext import _calls, _conform, batch
from smartem_ext._calls import Call, UnexpectedAnswer
from smartem_ext.converter import backend_time_text
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
from smartem_ext.errors import (
    Conflict,
    ConversionError,
    InvalidResponse,
    ServerError,
    SmartEMError,
    TransportError,
    api_error_for,
)
from smartem_ext.http import (
    DEFAULT_RETRY,
    RetryPolicy,
    TransportStats,
    build_async_client,
    build_client,
)
from smartem_ext.ids import IdCache

__all__ = ["AsyncSmartEMAPIClient", "ClientStats", "SmartEMAPIClient"]

T = TypeVar("T")

DEFAULT_LOGGER = logging.getLogger("smartem_ext.client")
# Generated parsers raise these when a success body breaks the contract.
_PARSE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, UnexpectedAnswer)
# Failures after which a create may still have landed.
_MAYBE_LANDED = (TransportError, ServerError, Conflict)
# A failed create may leave a dead keep-alive connection behind; the lookup gets a second try.
_LOOKUP_ATTEMPTS = 2


def _read(endpoint: Any, cls: type[T], **kwargs: Any) -> Call[T]:
    return Call(endpoint, kwargs, _calls.one(cls))


def _read_all(endpoint: Any, cls: type[T], **kwargs: Any) -> Call[list[T]]:
    return Call(endpoint, kwargs, _calls.many(cls))


def _grid_predictions(
    endpoint: Any, cls: type[T], model_name: str, grid_uuid: str
) -> Call[list[T]]:
    return _read_all(endpoint, cls, prediction_model_name=model_name, grid_uuid=grid_uuid)


def _log_batch(agent_id: str, session_id: str, logs: Sequence[AgentLogEntry]) -> Call[int]:
    """Ship log records; their times go as the backend stores them (naive UTC)."""
    entries = []
    for entry in logs:
        try:
            stamp = backend_time_text(entry.timestamp)
        except (TypeError, ValueError):
            raise ConversionError(
                "AgentLogEntry", "timestamp", f"not an ISO 8601 time: {entry.timestamp!r}"
            ) from None
        entries.append(
            AgentLogEntry(
                timestamp=stamp,
                level=entry.level,
                logger_name=entry.logger_name,
                message=entry.message,
            )
        )
    return Call(
        ingest_agent_logs,
        {"agent_id": agent_id, "session_id": session_id, "body": AgentLogBatchRequest(entries)},
        lambda response: _calls.one(AgentLogBatchResponse)(response).stored,
    )


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


class ClientStats:
    """What a client has done so far: requests, retries and creates recovered."""

    def __init__(self, transport: TransportStats) -> None:
        self._transport = transport
        self.recovered_creates = 0

    @property
    def requests(self) -> int:
        return self._transport.requests

    @property
    def retries(self) -> int:
        return self._transport.retries

    def __repr__(self) -> str:
        return (
            f"ClientStats(requests={self.requests}, retries={self.retries}, "
            f"recovered_creates={self.recovered_creates})"
        )


class _Core:
    """State and pure answer handling shared by the sync and async clients."""

    def __init__(
        self,
        base_url: str,
        timeout: float,
        logger: logging.Logger | None,
        id_cache: IdCache | None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.logger = logger or DEFAULT_LOGGER
        self.id_cache = id_cache if id_cache is not None else IdCache()
        self._transport_stats = TransportStats()
        self.stats = ClientStats(self._transport_stats)
        self._api = Client(base_url=self.base_url, raise_on_unexpected_status=False)
        # Uuids of bulk creates whose outcome is unknown: a repeat reads before it resends.
        self._unsure: set[str] = set()

    def _answer(self, call: Call[T], response: httpx.Response) -> T:
        """The call's result from its answer, or the error the answer stands for.

        The status is judged before the generated layer parses the body: that layer only
        knows the statuses of ``http.HTTPStatus`` and the bodies the spec documents.
        """
        status = response.status_code
        if not 200 <= status < 300:
            method, path = call.method_and_path()
            raise api_error_for(method, path, status, response.content)
        try:
            result = call.parse(call.endpoint._build_response(client=self._api, response=response))
            broken = _conform.problem(result)
        except _PARSE_ERRORS as error:
            broken = str(error) if isinstance(error, UnexpectedAnswer) else _reason(error)
        if broken is not None:
            method, path = call.method_and_path()
            raise InvalidResponse(method, path, status, broken)
        if call.record is not None:
            call.record(self.id_cache, result)
        return result

    def _failure(self, call: Call[Any], error: httpx.HTTPError) -> SmartEMError:
        method, path = call.method_and_path()
        return TransportError(method, path, _reason(error))

    def _log(self, call: Call[Any], started: float, outcome: str) -> None:
        if self.logger.isEnabledFor(logging.DEBUG):
            method, path = call.method_and_path()
            elapsed = (time.perf_counter() - started) * 1000
            self.logger.debug("%s %s -> %s (%.1f ms)", method, path, outcome, elapsed)

    def _look_first(self, job: batch.Job[Any]) -> Call[Any] | None:
        """The read to make instead of sending a job that may have landed already.

        That is a job whose earlier outcome was unknown, or whose entities the ID cache
        holds: resending them costs a refused request and then the same read.
        """
        if job.call.recover is None:
            return None
        if not self._unsure.isdisjoint(job.keys):
            return job.call.recover
        if job.confirmed is not None and job.confirmed(self.id_cache):
            return job.call.recover
        return None

    def _remember(self, job: batch.Job[Any], outcome: Any) -> Any:
        if isinstance(outcome, batch.MAY_HAVE_LANDED) and job.call.recover is not None:
            self._unsure.update(job.keys)
        else:
            self._unsure.difference_update(job.keys)
        return outcome

    def _settle_links(
        self, settled: Sequence[tuple[batch.Job[Any], Any]]
    ) -> tuple[list[batch.Job[Any]], list[Any]]:
        """Jobs and outcomes apart again, with links found stored recorded as confirmed."""
        for job, outcome in settled:
            if job.links is not None and not isinstance(outcome, SmartEMError):
                _calls.record_links(
                    self.id_cache, outcome if isinstance(outcome, list) else [outcome]
                )
        return [job for job, _ in settled], [outcome for _, outcome in settled]

    def _one_link(
        self, position: AtlasTileGridSquarePositionData
    ) -> tuple[batch.Job[Any] | None, Any]:
        """The single-link job to run, or (None, the link the cache confirmed already)."""
        tile_uuid, entries = next(iter(_calls.group_by_tile([position]).items()))
        confirmed = batch.confirmed_link(self.id_cache, tile_uuid, entries[0][1])
        if confirmed is not None:
            return None, confirmed
        job: batch.Job[Any] = batch.Job(
            _calls.link_atlas_tile_and_gridsquare(position),
            [0],
            [f"{tile_uuid}/{position.gridsquare_uuid}"],
            single=True,
            links=(tile_uuid, [entries[0][1]]),
        )
        return job, None

    def _recovered(self, call: Call[T], found: T) -> T:
        self.stats.recovered_creates += 1
        method, path = call.method_and_path()
        self.logger.info("%s %s: the entity was already stored; using it", method, path)
        if call.record is not None:
            call.record(self.id_cache, found)
        return found


class SmartEMAPIClient(_Core):
    """Synchronous SmartEM API client on one pooled ``httpx.Client``.

    Args:
        base_url: The backend's root URL.
        timeout: Seconds for connecting and for each read.
        logger: Where request logs go (DEBUG); ``smartem_ext.client`` by default.
        auth: ``KeycloakAuth``, ``BearerToken`` or any ``httpx.Auth``.
        retry: Retry policy of the transport; None switches retries off.
        id_cache: Where confirmed creates are recorded; a fresh in-memory cache by default.
        httpx_client: Use this client instead of building one (its owner closes it).
        verify: TLS verification; on unless switched off explicitly.
        chunk_size: Largest list sent in one request by the bulk helpers.
    """

    def __init__(
        self,
        base_url: str,
        timeout: float = 10.0,
        logger: logging.Logger | None = None,
        *,
        auth: httpx.Auth | None = None,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        id_cache: IdCache | None = None,
        httpx_client: httpx.Client | None = None,
        verify: bool | ssl.SSLContext = True,
        chunk_size: int = batch.DEFAULT_CHUNK_SIZE,
    ) -> None:
        super().__init__(base_url, timeout, logger, id_cache)
        self.chunk_size = chunk_size
        self._owns_http = httpx_client is None
        self._http = httpx_client or build_client(
            self.base_url,
            timeout=timeout,
            auth=auth,
            retry=retry,
            verify=verify,
            stats=self._transport_stats,
        )
        self._api.set_httpx_client(self._http)

    def __repr__(self) -> str:
        return f"SmartEMAPIClient(base_url={self.base_url!r})"

    def __enter__(self) -> SmartEMAPIClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool (unless the httpx client was passed in)."""
        if self._owns_http:
            self._http.close()

    def _send(self, call: Call[T]) -> T:
        started = time.perf_counter()
        try:
            response = self._http.request(**call.endpoint._get_kwargs(**call.kwargs))
        except httpx.HTTPError as error:
            self._log(call, started, type(error).__name__)
            raise self._failure(call, error) from error
        self._log(call, started, str(response.status_code))
        return self._answer(call, response)

    def _execute(self, call: Call[T]) -> T:
        try:
            return self._send(call)
        except _MAYBE_LANDED:
            if call.recover is None:
                raise
            found = self._look_up(call.recover)
            if found is None:
                raise
            return self._recovered(call, found)

    def _look_up(self, lookup: Call[T | None]) -> T | None:
        """The entity a failed create may have stored, or None when it is not there."""
        for attempt in range(_LOOKUP_ATTEMPTS):
            try:
                return self._send(lookup)
            except TransportError:
                if attempt + 1 == _LOOKUP_ATTEMPTS:
                    return None
            except SmartEMError:
                return None
        return None

    def _run(
        self,
        operation: str,
        total: int,
        jobs: Sequence[batch.Job[Any]],
        known: Mapping[int, Any] | None = None,
    ) -> list[Any]:
        outcomes = [self._job(job) for job in jobs]
        jobs, outcomes = self._settle_links(self._drive(batch.resolve_links(jobs, outcomes)))
        return batch.settle(operation, total, jobs, outcomes, known)

    def _job(self, job: batch.Job[Any]) -> Any:
        """A bulk job's outcome; after an unknown one, read what landed before resending."""
        lookup = self._look_first(job)
        if lookup is not None:
            found = self._look_up(lookup)
            if found is not None:
                return self._remember(job, self._recovered(job.call, found))
        return self._remember(job, self._outcome(job.call))

    def _outcome(self, call: Call[Any]) -> Any:
        try:
            return self._execute(call)
        except SmartEMError as error:
            return error

    def _drive(self, resolution: batch.Resolution) -> list[tuple[batch.Job[Any], Any]]:
        """Make the calls a resolution asks for, one after another."""
        outcome: Any = None
        try:
            while True:
                outcome = self._outcome(resolution.send(outcome))
        except StopIteration as done:
            settled: list[tuple[batch.Job[Any], Any]] = done.value
            return settled

    # Acquisitions
    def create_acquisition(self, acquisition: AcquisitionData) -> AcquisitionResponse:
        """Create an acquisition."""
        return self._execute(_calls.create_acquisition(acquisition))

    def get_acquisitions(self) -> list[AcquisitionResponse]:
        return self._execute(_calls.list_acquisitions())

    def get_acquisition(self, acquisition_uuid: str) -> AcquisitionResponse:
        return self._execute(_calls.get_acquisition(acquisition_uuid))

    def update_acquisition(self, acquisition: AcquisitionData) -> AcquisitionResponse:
        return self._execute(_calls.update_acquisition(acquisition))

    def delete_acquisition(self, acquisition_uuid: str) -> None:
        return self._execute(_calls.delete_acquisition(acquisition_uuid))

    # Grids
    def get_acquisition_grids(self, acquisition_uuid: str) -> list[GridResponse]:
        """All grids of an acquisition."""
        return self._execute(_calls.list_acquisition_grids(acquisition_uuid))

    def create_acquisition_grid(self, grid: GridData, lowmag: bool = False) -> GridResponse:
        """Create a grid under the acquisition named by ``grid.acquisition_data``."""
        return self._execute(_calls.create_acquisition_grid(grid, lowmag))

    def get_grids(self) -> list[GridResponse]:
        return self._execute(_calls.list_grids())

    def get_grid(self, grid_uuid: str) -> GridResponse:
        return self._execute(_calls.get_grid(grid_uuid))

    def update_grid(self, grid: GridData) -> GridResponse:
        return self._execute(_calls.update_grid(grid))

    def delete_grid(self, grid_uuid: str) -> None:
        return self._execute(_calls.delete_grid(grid_uuid))

    def grid_registered(self, grid_uuid: str) -> bool:
        """Tell the backend every grid square of the grid is registered."""
        return self._execute(_calls.grid_registered(grid_uuid))

    # Atlases and tiles
    def create_grid_atlas(self, atlas: AtlasData) -> AtlasResponse:
        """Create the atlas of ``atlas.grid_uuid`` with its tiles inline."""
        return self._execute(_calls.create_grid_atlas(atlas))

    def get_atlas(self, atlas_uuid: str) -> AtlasResponse:
        return self._execute(_calls.get_atlas(atlas_uuid))

    def get_grid_atlas(self, grid_uuid: str) -> AtlasResponse:
        return self._execute(_calls.get_grid_atlas(grid_uuid))

    def update_atlas(self, atlas: AtlasData) -> AtlasResponse:
        return self._execute(_calls.update_atlas(atlas))

    def delete_atlas(self, atlas_uuid: str) -> None:
        return self._execute(_calls.delete_atlas(atlas_uuid))

    def get_atlas_tiles_by_atlas(self, atlas_uuid: str) -> list[AtlasTileResponse]:
        """All tiles of an atlas."""
        return self._execute(_calls.list_atlas_tiles(atlas_uuid))

    def create_atlas_tile_for_atlas(self, tile: AtlasTileData) -> AtlasTileResponse:
        """Create one tile of the atlas named by ``tile.atlas_uuid``."""
        return self._execute(_calls.create_atlas_tile(tile))

    def get_atlas_tile(self, tile_uuid: str) -> AtlasTileResponse:
        return self._execute(_calls.get_atlas_tile(tile_uuid))

    def update_atlas_tile(self, tile: AtlasTileData) -> AtlasTileResponse:
        return self._execute(_calls.update_atlas_tile(tile))

    def delete_atlas_tile(self, tile_uuid: str) -> None:
        return self._execute(_calls.delete_atlas_tile(tile_uuid))

    def link_atlas_tile_and_gridsquare(
        self, gridsquare_position: AtlasTileGridSquarePositionData
    ) -> AtlasTileGridSquarePositionResponse:
        """Place one grid square on one atlas tile.

        A pair the ID cache holds as confirmed is answered from it (no request); at another
        position it raises LinkConflict. A 500 is settled as in the list call.
        """
        job, confirmed = self._one_link(gridsquare_position)
        link: AtlasTileGridSquarePositionResponse
        if job is None:
            link = confirmed
            return link
        [(_, outcome)] = self._drive(batch.resolve_links([job], [self._outcome(job.call)]))
        self._settle_links([(job, outcome)])
        if isinstance(outcome, SmartEMError):
            raise outcome
        link = outcome
        return link

    def link_atlas_tile_and_gridsquares(
        self, gridsquare_positions: Sequence[AtlasTileGridSquarePositionData]
    ) -> list[AtlasTileGridSquarePositionResponse]:
        """Place grid squares on any number of tiles: one list request per tile and chunk.

        Answers come back in input order. If some requests fail, the others still land
        and one PartialFailure says which links did not.
        """
        jobs, known = batch.link_jobs(gridsquare_positions, self.chunk_size, self.id_cache)
        total = len(gridsquare_positions)
        return self._run("link_atlas_tile_and_gridsquares", total, jobs, known)

    # Grid squares
    def get_grid_gridsquares(self, grid_uuid: str) -> list[GridSquareResponse]:
        """All grid squares of a grid."""
        return self._execute(_calls.list_grid_gridsquares(grid_uuid))

    def create_grid_gridsquare(
        self, gridsquare: GridSquareData, lowmag: bool = False
    ) -> GridSquareResponse:
        """Create one grid square of ``gridsquare.grid_uuid``."""
        return self._execute(_calls.create_grid_gridsquare(gridsquare, lowmag))

    def create_grid_gridsquares(
        self, grid_uuid: str, gridsquares: Sequence[GridSquareData], lowmag: bool = False
    ) -> list[GridSquareResponse]:
        """Create many grid squares with the batch endpoint, in chunks of at most 1000."""
        jobs = batch.gridsquare_jobs(grid_uuid, gridsquares, lowmag, self.chunk_size)
        return self._run("create_grid_gridsquares", len(gridsquares), jobs)

    def get_gridsquare(self, gridsquare_uuid: str) -> GridSquareResponse:
        return self._execute(_calls.get_gridsquare(gridsquare_uuid))

    def update_gridsquare(
        self, gridsquare: GridSquareData, lowmag: bool = False
    ) -> GridSquareResponse:
        """Update a grid square from its EPU data."""
        return self._execute(_calls.update_gridsquare(gridsquare, lowmag))

    def delete_gridsquare(self, gridsquare_uuid: str) -> None:
        return self._execute(_calls.delete_gridsquare(gridsquare_uuid))

    def gridsquare_registered(self, gridsquare_uuid: str, count: int | None = None) -> bool:
        """Tell the backend every foil hole of the square is registered."""
        return self._execute(_calls.gridsquare_registered(gridsquare_uuid, count))

    # Foil holes
    def get_gridsquare_foilholes(
        self, gridsquare_uuid: str, on_square_only: bool = False
    ) -> list[FoilHoleResponse]:
        """All foil holes of a grid square."""
        return self._execute(_calls.list_gridsquare_foilholes(gridsquare_uuid, on_square_only))

    def create_gridsquare_foilholes(
        self,
        gridsquare_uuid: str,
        foilholes: Sequence[FoilHoleData],
        allow_on_grid_bar: bool = False,
    ) -> list[FoilHoleResponse]:
        """Create a grid square's foil holes in chunks; near-grid-bar holes need allowing."""
        kept, jobs = batch.foilhole_jobs(
            gridsquare_uuid, foilholes, allow_on_grid_bar, self.chunk_size
        )
        return self._run("create_gridsquare_foilholes", kept, jobs)

    def create_foilholes(
        self,
        foilholes_by_gridsquare: Mapping[str, Sequence[FoilHoleData]],
        allow_on_grid_bar: bool = False,
    ) -> dict[str, list[FoilHoleResponse]]:
        """Create the foil holes of many grid squares (keyed by grid square uuid)."""
        total, jobs, spans = batch.foilhole_jobs_by_gridsquare(
            foilholes_by_gridsquare, allow_on_grid_bar, self.chunk_size
        )
        return batch.split(self._run("create_foilholes", total, jobs), spans)

    def get_foilhole(self, foilhole_uuid: str) -> FoilHoleResponse:
        return self._execute(_calls.get_foilhole(foilhole_uuid))

    def update_foilhole(self, foilhole: FoilHoleData) -> FoilHoleResponse:
        return self._execute(_calls.update_foilhole(foilhole))

    def delete_foilhole(self, foilhole_uuid: str) -> None:
        return self._execute(_calls.delete_foilhole(foilhole_uuid))

    # Micrographs
    def get_foilhole_micrographs(self, foilhole_id: str) -> list[MicrographResponse]:
        """All micrographs of the foil hole whose backend uuid is ``foilhole_id``."""
        return self._execute(_calls.list_foilhole_micrographs(foilhole_id))

    def create_foilhole_micrograph(self, micrograph: MicrographData) -> MicrographResponse:
        """Create a micrograph of ``micrograph.foilhole_uuid``."""
        return self._execute(_calls.create_foilhole_micrograph(micrograph))

    def create_micrographs(self, micrographs: Sequence[MicrographData]) -> list[MicrographResponse]:
        """Create many micrographs; answers in input order, failures reported together."""
        return self._run("create_micrographs", len(micrographs), batch.micrograph_jobs(micrographs))

    def get_micrograph(self, micrograph_uuid: str) -> MicrographResponse:
        return self._execute(_calls.get_micrograph(micrograph_uuid))

    def update_micrograph(self, micrograph: MicrographData) -> MicrographResponse:
        return self._execute(_calls.update_micrograph(micrograph))

    def delete_micrograph(self, micrograph_uuid: str) -> None:
        return self._execute(_calls.delete_micrograph(micrograph_uuid))

    # Agent and service
    def acknowledge_instruction(
        self,
        agent_id: str,
        session_id: str,
        instruction_id: str,
        acknowledgement: AgentInstructionAcknowledgement,
    ) -> AgentInstructionAcknowledgementResponse:
        """Acknowledge an instruction received over the instruction stream."""
        return self._execute(
            _calls.acknowledge_instruction(agent_id, session_id, instruction_id, acknowledgement)
        )

    def send_heartbeat(self, agent_id: str, session_id: str) -> Any:
        """Tell the backend the agent's session is alive; returns the backend's JSON answer."""
        return self._execute(_calls.send_heartbeat(agent_id, session_id))

    def get_health(self) -> Any:
        return self._execute(_calls.get_health())

    def get_status(self) -> Any:
        return self._execute(_calls.get_status())

    # Listings, log shipping, predictions and debug reads
    def get_atlases(self) -> list[AtlasResponse]:
        return self._execute(_read_all(list_atlases, AtlasResponse))

    def get_atlas_tiles(self) -> list[AtlasTileResponse]:
        return self._execute(_read_all(list_atlas_tiles, AtlasTileResponse))

    def get_gridsquares(self) -> list[GridSquareResponse]:
        return self._execute(_read_all(list_gridsquares, GridSquareResponse))

    def get_foilholes(self) -> list[FoilHoleResponse]:
        return self._execute(_read_all(list_foilholes, FoilHoleResponse))

    def get_micrographs(self) -> list[MicrographResponse]:
        return self._execute(_read_all(list_micrographs, MicrographResponse))

    def send_logs(self, agent_id: str, session_id: str, logs: Sequence[AgentLogEntry]) -> int:
        """Store log records under the agent's session; returns how many the backend kept."""
        return self._execute(_log_batch(agent_id, session_id, logs))

    def get_quality_prediction_models(self) -> list[QualityPredictionModelResponse]:
        return self._execute(_read_all(list_prediction_models, QualityPredictionModelResponse))

    def get_quality_prediction_model(self, name: str) -> QualityPredictionModelResponse:
        return self._execute(_read(get_prediction_model, QualityPredictionModelResponse, name=name))

    def get_grid_quality_predictions(
        self, model_name: str, grid_uuid: str
    ) -> list[QualityPredictionResponse]:
        """The model's latest prediction for each grid square of the grid (its holes' if none)."""
        call = _grid_predictions(
            get_grid_prediction, QualityPredictionResponse, model_name, grid_uuid
        )
        return self._execute(call)

    def get_grid_current_quality_predictions(
        self, model_name: str, grid_uuid: str
    ) -> list[CurrentQualityPredictionResponse]:
        """The model's current prediction for each grid square of the grid (its holes' if none)."""
        call = _grid_predictions(
            get_grid_current_prediction, CurrentQualityPredictionResponse, model_name, grid_uuid
        )
        return self._execute(call)

    def get_active_connections(self) -> Any:
        """The backend's active agent connections (debug endpoint), as its JSON answer."""
        return self._execute(Call(list_agent_connections, {}, _calls.json_body))

    def get_session_instructions(self, session_id: str) -> Any:
        """Every instruction of a session (debug endpoint), as the backend's JSON answer."""
        call = Call(list_session_instructions, {"session_id": session_id}, _calls.json_body)
        return self._execute(call)


class AsyncSmartEMAPIClient(_Core):
    """The asyncio twin of :class:`SmartEMAPIClient`: same methods, awaitable.

    ``max_concurrency`` bounds how many requests the bulk helpers have in flight at once.
    """

    def __init__(
        self,
        base_url: str,
        timeout: float = 10.0,
        logger: logging.Logger | None = None,
        *,
        auth: httpx.Auth | None = None,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        id_cache: IdCache | None = None,
        httpx_client: httpx.AsyncClient | None = None,
        verify: bool | ssl.SSLContext = True,
        chunk_size: int = batch.DEFAULT_CHUNK_SIZE,
        max_concurrency: int = 8,
    ) -> None:
        super().__init__(base_url, timeout, logger, id_cache)
        self.chunk_size = chunk_size
        self.max_concurrency = max_concurrency
        self._owns_http = httpx_client is None
        self._http = httpx_client or build_async_client(
            self.base_url,
            timeout=timeout,
            auth=auth,
            retry=retry,
            verify=verify,
            stats=self._transport_stats,
            limits=httpx.Limits(max_connections=max(max_concurrency, 10)),
        )
        self._api.set_async_httpx_client(self._http)

    def __repr__(self) -> str:
        return f"AsyncSmartEMAPIClient(base_url={self.base_url!r})"

    async def __aenter__(self) -> AsyncSmartEMAPIClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the connection pool (unless the httpx client was passed in)."""
        if self._owns_http:
            await self._http.aclose()

    async def _send(self, call: Call[T]) -> T:
        started = time.perf_counter()
        try:
            response = await self._http.request(**call.endpoint._get_kwargs(**call.kwargs))
        except httpx.HTTPError as error:
            self._log(call, started, type(error).__name__)
            raise self._failure(call, error) from error
        self._log(call, started, str(response.status_code))
        return self._answer(call, response)

    async def _execute(self, call: Call[T]) -> T:
        try:
            return await self._send(call)
        except _MAYBE_LANDED:
            if call.recover is None:
                raise
            found = await self._look_up(call.recover)
            if found is None:
                raise
            return self._recovered(call, found)

    async def _look_up(self, lookup: Call[T | None]) -> T | None:
        """The entity a failed create may have stored, or None when it is not there."""
        for attempt in range(_LOOKUP_ATTEMPTS):
            try:
                return await self._send(lookup)
            except TransportError:
                if attempt + 1 == _LOOKUP_ATTEMPTS:
                    return None
            except SmartEMError:
                return None
        return None

    async def _run(
        self,
        operation: str,
        total: int,
        jobs: Sequence[batch.Job[Any]],
        known: Mapping[int, Any] | None = None,
    ) -> list[Any]:
        """Run jobs with at most ``max_concurrency`` in flight, then settle them."""
        gate = asyncio.Semaphore(self.max_concurrency)

        async def run(job: batch.Job[Any]) -> Any:
            async with gate:
                return await self._job(job)

        outcomes = await asyncio.gather(*(run(job) for job in jobs))
        resolved = await self._drive(batch.resolve_links(jobs, outcomes))
        jobs, settled = self._settle_links(resolved)
        return batch.settle(operation, total, jobs, settled, known)

    async def _job(self, job: batch.Job[Any]) -> Any:
        """A bulk job's outcome; after an unknown one, read what landed before resending."""
        lookup = self._look_first(job)
        if lookup is not None:
            found = await self._look_up(lookup)
            if found is not None:
                return self._remember(job, self._recovered(job.call, found))
        return self._remember(job, await self._outcome(job.call))

    async def _outcome(self, call: Call[Any]) -> Any:
        try:
            return await self._execute(call)
        except SmartEMError as error:
            return error

    async def _drive(self, resolution: batch.Resolution) -> list[tuple[batch.Job[Any], Any]]:
        """Make the calls a resolution asks for, one after another."""
        outcome: Any = None
        try:
            while True:
                outcome = await self._outcome(resolution.send(outcome))
        except StopIteration as done:
            settled: list[tuple[batch.Job[Any], Any]] = done.value
            return settled

    # Acquisitions
    async def create_acquisition(self, acquisition: AcquisitionData) -> AcquisitionResponse:
        """Create an acquisition."""
        return await self._execute(_calls.create_acquisition(acquisition))

    async def get_acquisitions(self) -> list[AcquisitionResponse]:
        return await self._execute(_calls.list_acquisitions())

    async def get_acquisition(self, acquisition_uuid: str) -> AcquisitionResponse:
        return await self._execute(_calls.get_acquisition(acquisition_uuid))

    async def update_acquisition(self, acquisition: AcquisitionData) -> AcquisitionResponse:
        return await self._execute(_calls.update_acquisition(acquisition))

    async def delete_acquisition(self, acquisition_uuid: str) -> None:
        return await self._execute(_calls.delete_acquisition(acquisition_uuid))

    # Grids
    async def get_acquisition_grids(self, acquisition_uuid: str) -> list[GridResponse]:
        """All grids of an acquisition."""
        return await self._execute(_calls.list_acquisition_grids(acquisition_uuid))

    async def create_acquisition_grid(self, grid: GridData, lowmag: bool = False) -> GridResponse:
        """Create a grid under the acquisition named by ``grid.acquisition_data``."""
        return await self._execute(_calls.create_acquisition_grid(grid, lowmag))

    async def get_grids(self) -> list[GridResponse]:
        return await self._execute(_calls.list_grids())

    async def get_grid(self, grid_uuid: str) -> GridResponse:
        return await self._execute(_calls.get_grid(grid_uuid))

    async def update_grid(self, grid: GridData) -> GridResponse:
        return await self._execute(_calls.update_grid(grid))

    async def delete_grid(self, grid_uuid: str) -> None:
        return await self._execute(_calls.delete_grid(grid_uuid))

    async def grid_registered(self, grid_uuid: str) -> bool:
        """Tell the backend every grid square of the grid is registered."""
        return await self._execute(_calls.grid_registered(grid_uuid))

    # Atlases and tiles
    async def create_grid_atlas(self, atlas: AtlasData) -> AtlasResponse:
        """Create the atlas of ``atlas.grid_uuid`` with its tiles inline."""
        return await self._execute(_calls.create_grid_atlas(atlas))

    async def get_atlas(self, atlas_uuid: str) -> AtlasResponse:
        return await self._execute(_calls.get_atlas(atlas_uuid))

    async def get_grid_atlas(self, grid_uuid: str) -> AtlasResponse:
        return await self._execute(_calls.get_grid_atlas(grid_uuid))

    async def update_atlas(self, atlas: AtlasData) -> AtlasResponse:
        return await self._execute(_calls.update_atlas(atlas))

    async def delete_atlas(self, atlas_uuid: str) -> None:
        return await self._execute(_calls.delete_atlas(atlas_uuid))

    async def get_atlas_tiles_by_atlas(self, atlas_uuid: str) -> list[AtlasTileResponse]:
        """All tiles of an atlas."""
        return await self._execute(_calls.list_atlas_tiles(atlas_uuid))

    async def create_atlas_tile_for_atlas(self, tile: AtlasTileData) -> AtlasTileResponse:
        """Create one tile of the atlas named by ``tile.atlas_uuid``."""
        return await self._execute(_calls.create_atlas_tile(tile))

    async def get_atlas_tile(self, tile_uuid: str) -> AtlasTileResponse:
        return await self._execute(_calls.get_atlas_tile(tile_uuid))

    async def update_atlas_tile(self, tile: AtlasTileData) -> AtlasTileResponse:
        return await self._execute(_calls.update_atlas_tile(tile))

    async def delete_atlas_tile(self, tile_uuid: str) -> None:
        return await self._execute(_calls.delete_atlas_tile(tile_uuid))

    async def link_atlas_tile_and_gridsquare(
        self, gridsquare_position: AtlasTileGridSquarePositionData
    ) -> AtlasTileGridSquarePositionResponse:
        """Place one grid square on one atlas tile (see the sync client)."""
        job, confirmed = self._one_link(gridsquare_position)
        link: AtlasTileGridSquarePositionResponse
        if job is None:
            link = confirmed
            return link
        outcomes = [await self._outcome(job.call)]
        [(_, outcome)] = await self._drive(batch.resolve_links([job], outcomes))
        self._settle_links([(job, outcome)])
        if isinstance(outcome, SmartEMError):
            raise outcome
        link = outcome
        return link

    async def link_atlas_tile_and_gridsquares(
        self, gridsquare_positions: Sequence[AtlasTileGridSquarePositionData]
    ) -> list[AtlasTileGridSquarePositionResponse]:
        """Place grid squares on any number of tiles; list requests run concurrently."""
        jobs, known = batch.link_jobs(gridsquare_positions, self.chunk_size, self.id_cache)
        total = len(gridsquare_positions)
        return await self._run("link_atlas_tile_and_gridsquares", total, jobs, known)

    # Grid squares
    async def get_grid_gridsquares(self, grid_uuid: str) -> list[GridSquareResponse]:
        """All grid squares of a grid."""
        return await self._execute(_calls.list_grid_gridsquares(grid_uuid))

    async def create_grid_gridsquare(
        self, gridsquare: GridSquareData, lowmag: bool = False
    ) -> GridSquareResponse:
        """Create one grid square of ``gridsquare.grid_uuid``."""
        return await self._execute(_calls.create_grid_gridsquare(gridsquare, lowmag))

    async def create_grid_gridsquares(
        self, grid_uuid: str, gridsquares: Sequence[GridSquareData], lowmag: bool = False
    ) -> list[GridSquareResponse]:
        """Create many grid squares with the batch endpoint, in chunks of at most 1000."""
        jobs = batch.gridsquare_jobs(grid_uuid, gridsquares, lowmag, self.chunk_size)
        return await self._run("create_grid_gridsquares", len(gridsquares), jobs)

    async def get_gridsquare(self, gridsquare_uuid: str) -> GridSquareResponse:
        return await self._execute(_calls.get_gridsquare(gridsquare_uuid))

    async def update_gridsquare(
        self, gridsquare: GridSquareData, lowmag: bool = False
    ) -> GridSquareResponse:
        """Update a grid square from its EPU data."""
        return await self._execute(_calls.update_gridsquare(gridsquare, lowmag))

    async def delete_gridsquare(self, gridsquare_uuid: str) -> None:
        return await self._execute(_calls.delete_gridsquare(gridsquare_uuid))

    async def gridsquare_registered(self, gridsquare_uuid: str, count: int | None = None) -> bool:
        """Tell the backend every foil hole of the square is registered."""
        return await self._execute(_calls.gridsquare_registered(gridsquare_uuid, count))

    # Foil holes
    async def get_gridsquare_foilholes(
        self, gridsquare_uuid: str, on_square_only: bool = False
    ) -> list[FoilHoleResponse]:
        """All foil holes of a grid square."""
        return await self._execute(
            _calls.list_gridsquare_foilholes(gridsquare_uuid, on_square_only)
        )

    async def create_gridsquare_foilholes(
        self,
        gridsquare_uuid: str,
        foilholes: Sequence[FoilHoleData],
        allow_on_grid_bar: bool = False,
    ) -> list[FoilHoleResponse]:
        """Create a grid square's foil holes in chunks; near-grid-bar holes need allowing."""
        kept, jobs = batch.foilhole_jobs(
            gridsquare_uuid, foilholes, allow_on_grid_bar, self.chunk_size
        )
        return await self._run("create_gridsquare_foilholes", kept, jobs)

    async def create_foilholes(
        self,
        foilholes_by_gridsquare: Mapping[str, Sequence[FoilHoleData]],
        allow_on_grid_bar: bool = False,
    ) -> dict[str, list[FoilHoleResponse]]:
        """Create the foil holes of many grid squares concurrently (keyed by square uuid)."""
        total, jobs, spans = batch.foilhole_jobs_by_gridsquare(
            foilholes_by_gridsquare, allow_on_grid_bar, self.chunk_size
        )
        return batch.split(await self._run("create_foilholes", total, jobs), spans)

    async def get_foilhole(self, foilhole_uuid: str) -> FoilHoleResponse:
        return await self._execute(_calls.get_foilhole(foilhole_uuid))

    async def update_foilhole(self, foilhole: FoilHoleData) -> FoilHoleResponse:
        return await self._execute(_calls.update_foilhole(foilhole))

    async def delete_foilhole(self, foilhole_uuid: str) -> None:
        return await self._execute(_calls.delete_foilhole(foilhole_uuid))

    # Micrographs
    async def get_foilhole_micrographs(self, foilhole_id: str) -> list[MicrographResponse]:
        """All micrographs of the foil hole whose backend uuid is ``foilhole_id``."""
        return await self._execute(_calls.list_foilhole_micrographs(foilhole_id))

    async def create_foilhole_micrograph(self, micrograph: MicrographData) -> MicrographResponse:
        """Create a micrograph of ``micrograph.foilhole_uuid``."""
        return await self._execute(_calls.create_foilhole_micrograph(micrograph))

    async def create_micrographs(
        self, micrographs: Sequence[MicrographData]
    ) -> list[MicrographResponse]:
        """Create many micrographs concurrently; answers in input order."""
        jobs = batch.micrograph_jobs(micrographs)
        return await self._run("create_micrographs", len(micrographs), jobs)

    async def get_micrograph(self, micrograph_uuid: str) -> MicrographResponse:
        return await self._execute(_calls.get_micrograph(micrograph_uuid))

    async def update_micrograph(self, micrograph: MicrographData) -> MicrographResponse:
        return await self._execute(_calls.update_micrograph(micrograph))

    async def delete_micrograph(self, micrograph_uuid: str) -> None:
        return await self._execute(_calls.delete_micrograph(micrograph_uuid))

    # Agent and service
    async def acknowledge_instruction(
        self,
        agent_id: str,
        session_id: str,
        instruction_id: str,
        acknowledgement: AgentInstructionAcknowledgement,
    ) -> AgentInstructionAcknowledgementResponse:
        """Acknowledge an instruction received over the instruction stream."""
        return await self._execute(
            _calls.acknowledge_instruction(agent_id, session_id, instruction_id, acknowledgement)
        )

    async def send_heartbeat(self, agent_id: str, session_id: str) -> Any:
        """Tell the backend the agent's session is alive; returns the backend's JSON answer."""
        return await self._execute(_calls.send_heartbeat(agent_id, session_id))

    async def get_health(self) -> Any:
        return await self._execute(_calls.get_health())

    async def get_status(self) -> Any:
        return await self._execute(_calls.get_status())

    # Listings, log shipping, predictions and debug reads
    async def get_atlases(self) -> list[AtlasResponse]:
        return await self._execute(_read_all(list_atlases, AtlasResponse))

    async def get_atlas_tiles(self) -> list[AtlasTileResponse]:
        return await self._execute(_read_all(list_atlas_tiles, AtlasTileResponse))

    async def get_gridsquares(self) -> list[GridSquareResponse]:
        return await self._execute(_read_all(list_gridsquares, GridSquareResponse))

    async def get_foilholes(self) -> list[FoilHoleResponse]:
        return await self._execute(_read_all(list_foilholes, FoilHoleResponse))

    async def get_micrographs(self) -> list[MicrographResponse]:
        return await self._execute(_read_all(list_micrographs, MicrographResponse))

    async def send_logs(self, agent_id: str, session_id: str, logs: Sequence[AgentLogEntry]) -> int:
        """Store log records under the agent's session; returns how many the backend kept."""
        return await self._execute(_log_batch(agent_id, session_id, logs))

    async def get_quality_prediction_models(self) -> list[QualityPredictionModelResponse]:
        return await self._execute(
            _read_all(list_prediction_models, QualityPredictionModelResponse)
        )

    async def get_quality_prediction_model(self, name: str) -> QualityPredictionModelResponse:
        return await self._execute(
            _read(get_prediction_model, QualityPredictionModelResponse, name=name)
        )

    async def get_grid_quality_predictions(
        self, model_name: str, grid_uuid: str
    ) -> list[QualityPredictionResponse]:
        """The model's latest prediction for each grid square of the grid (its holes' if none)."""
        call = _grid_predictions(
            get_grid_prediction, QualityPredictionResponse, model_name, grid_uuid
        )
        return await self._execute(call)

    async def get_grid_current_quality_predictions(
        self, model_name: str, grid_uuid: str
    ) -> list[CurrentQualityPredictionResponse]:
        """The model's current prediction for each grid square of the grid (its holes' if none)."""
        call = _grid_predictions(
            get_grid_current_prediction, CurrentQualityPredictionResponse, model_name, grid_uuid
        )
        return await self._execute(call)

    async def get_active_connections(self) -> Any:
        """The backend's active agent connections (debug endpoint), as its JSON answer."""
        return await self._execute(Call(list_agent_connections, {}, _calls.json_body))

    async def get_session_instructions(self, session_id: str) -> Any:
        """Every instruction of a session (debug endpoint), as the backend's JSON answer."""
        call = Call(list_session_instructions, {"session_id": session_id}, _calls.json_body)
        return await self._execute(call)
