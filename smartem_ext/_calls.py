"""What each client method sends and how its answer is read, as plain data.

A :class:`Call` names a generated endpoint module, the arguments for it, how to read the
parsed answer, what to record in the ID cache, and, for creates, how to recognise a create
that landed although its answer was lost. The sync and async clients execute the same
calls; only the I/O differs.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from types import ModuleType
from typing import Any, Generic, TypeVar

import attrs

from smartem_api.models import (
    AcquisitionResponse,
    AcquisitionUpdateRequest,
    AgentInstructionAcknowledgement,
    AgentInstructionAcknowledgementResponse,
    AtlasResponse,
    AtlasTileGridSquarePositionResponse,
    AtlasTileResponse,
    AtlasTileUpdateRequest,
    AtlasUpdateRequest,
    FoilHoleCreateRequest,
    FoilHoleResponse,
    FoilHoleUpdateRequest,
    GridResponse,
    GridSquareBatchCreateRequest,
    GridSquareBatchCreateResponse,
    GridSquareCreateRequest,
    GridSquarePositionRequest,
    GridSquareResponse,
    GridSquareUpdateRequest,
    GridUpdateRequest,
    MicrographResponse,
    MicrographUpdateRequest,
)
from smartem_api.types import UNSET, Response
from smartem_ext import _endpoints as ep
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
from smartem_ext.ids import IdCache

T = TypeVar("T")
M = TypeVar("M")


class UnexpectedAnswer(Exception):
    """A success status whose body is not what the contract promises."""


@attrs.frozen
class Call(Generic[T]):
    """One request to the backend and how to read its answer."""

    endpoint: ModuleType
    kwargs: dict[str, Any]
    parse: Callable[[Response[Any]], T]
    record: Callable[[IdCache, T], None] | None = None
    recover: Call[T | None] | None = None
    """For creates: a read that returns the entity if the create landed earlier, else None."""

    def method_and_path(self) -> tuple[str, str]:
        built = self.endpoint._get_kwargs(**self.kwargs)
        return str(built["method"]).upper(), str(built["url"])


# Reading answers -------------------------------------------------------------------------


def one(cls: type[M]) -> Callable[[Response[Any]], M]:
    def parse(response: Response[Any]) -> M:
        if isinstance(response.parsed, cls):
            return response.parsed
        raise UnexpectedAnswer(f"expected {cls.__name__}, got {type(response.parsed).__name__}")

    return parse


def many(cls: type[M]) -> Callable[[Response[Any]], list[M]]:
    def parse(response: Response[Any]) -> list[M]:
        value = response.parsed
        if isinstance(value, list) and all(isinstance(item, cls) for item in value):
            return value
        raise UnexpectedAnswer(f"expected a list of {cls.__name__}")

    return parse


def json_body(response: Response[Any]) -> Any:
    try:
        return json.loads(response.content) if response.content else None
    except ValueError as error:
        raise UnexpectedAnswer(f"body is not JSON: {error}") from None


def boolean(response: Response[Any]) -> bool:
    if isinstance(response.parsed, bool):
        return response.parsed
    raise UnexpectedAnswer(f"expected a boolean, got {type(response.parsed).__name__}")


def nothing(response: Response[Any]) -> None:
    return None


# Identity checks for recovered creates ----------------------------------------------------


def _same(found: Any, **expected: Any) -> bool:
    return all(getattr(found, name, UNSET) == value for name, value in expected.items())


def _found_if(check: Callable[[Any], bool], cls: type[M]) -> Callable[[Response[Any]], M | None]:
    read = one(cls)

    def parse(response: Response[Any]) -> M | None:
        found = read(response)
        return found if check(found) else None

    return parse


def _all_found(
    uuids: Sequence[str], cls: type[M], check: Callable[[M], bool]
) -> Callable[[Response[Any]], list[M] | None]:
    """From a list answer: the entities with ``uuids`` in that order, if all are there."""
    read = many(cls)

    def parse(response: Response[Any]) -> list[M] | None:
        by_uuid = {getattr(item, "uuid", None): item for item in read(response)}
        found = [by_uuid.get(uuid) for uuid in uuids]
        if any(item is None or not check(item) for item in found):
            return None
        return [item for item in found if item is not None]

    return parse


# Acquisitions ----------------------------------------------------------------------------


def create_acquisition(acquisition: AcquisitionData) -> Call[AcquisitionResponse]:
    body = EntityConverter.acquisition_to_request(acquisition)

    def record(cache: IdCache, created: AcquisitionResponse) -> None:
        if acquisition.id:
            cache.record("acquisition", None, acquisition.id, created.uuid)

    return Call(
        ep.create_acquisition,
        {"body": body},
        one(AcquisitionResponse),
        record,
        recover=Call(
            ep.get_acquisition,
            {"acquisition_uuid": body.uuid},
            _found_if(lambda found: _same(found, name=body.name), AcquisitionResponse),
        ),
    )


def list_acquisitions() -> Call[list[AcquisitionResponse]]:
    return Call(ep.list_acquisitions, {}, many(AcquisitionResponse))


def get_acquisition(acquisition_uuid: str) -> Call[AcquisitionResponse]:
    return Call(
        ep.get_acquisition, {"acquisition_uuid": acquisition_uuid}, one(AcquisitionResponse)
    )


def update_acquisition(acquisition: AcquisitionData) -> Call[AcquisitionResponse]:
    request = EntityConverter.acquisition_to_request(acquisition)
    body = AcquisitionUpdateRequest.from_dict(request.to_dict())
    return Call(
        ep.update_acquisition,
        {"acquisition_uuid": acquisition.uuid, "body": body},
        one(AcquisitionResponse),
    )


def delete_acquisition(acquisition_uuid: str) -> Call[None]:
    return Call(ep.delete_acquisition, {"acquisition_uuid": acquisition_uuid}, nothing)


# Grids -----------------------------------------------------------------------------------


def create_acquisition_grid(grid: GridData, lowmag: bool = False) -> Call[GridResponse]:
    body = EntityConverter.grid_to_request(grid, lowmag=lowmag)

    def record(cache: IdCache, created: GridResponse) -> None:
        cache.record("grid", None, str(grid.data_dir), created.uuid)

    return Call(
        ep.create_acquisition_grid,
        {"acquisition_uuid": body.acquisition_uuid, "body": body},
        one(GridResponse),
        record,
        recover=Call(
            ep.get_grid,
            {"grid_uuid": body.uuid},
            _found_if(
                lambda found: _same(
                    found, acquisition_uuid=body.acquisition_uuid, data_dir=body.data_dir
                ),
                GridResponse,
            ),
        ),
    )


def list_acquisition_grids(acquisition_uuid: str) -> Call[list[GridResponse]]:
    return Call(
        ep.list_acquisition_grids, {"acquisition_uuid": acquisition_uuid}, many(GridResponse)
    )


def list_grids() -> Call[list[GridResponse]]:
    return Call(ep.list_grids, {}, many(GridResponse))


def get_grid(grid_uuid: str) -> Call[GridResponse]:
    return Call(ep.get_grid, {"grid_uuid": grid_uuid}, one(GridResponse))


def update_grid(grid: GridData) -> Call[GridResponse]:
    body = GridUpdateRequest.from_dict(EntityConverter.grid_to_request(grid).to_dict())
    return Call(ep.update_grid, {"grid_uuid": grid.uuid, "body": body}, one(GridResponse))


def delete_grid(grid_uuid: str) -> Call[None]:
    return Call(ep.delete_grid, {"grid_uuid": grid_uuid}, nothing)


def grid_registered(grid_uuid: str) -> Call[bool]:
    return Call(ep.mark_grid_registered, {"grid_uuid": grid_uuid}, boolean)


# Atlases and tiles -----------------------------------------------------------------------


def create_grid_atlas(atlas: AtlasData) -> Call[AtlasResponse]:
    body = EntityConverter.atlas_to_request(atlas)

    def record(cache: IdCache, created: AtlasResponse) -> None:
        cache.record("atlas", None, body.grid_uuid, created.uuid)
        cache.record_many(
            "atlas_tile", created.uuid, [(tile.id, tile.uuid) for tile in atlas.tiles]
        )

    return Call(
        ep.create_grid_atlas,
        {"grid_uuid": body.grid_uuid, "body": body},
        one(AtlasResponse),
        record,
        recover=Call(
            ep.get_atlas,
            {"atlas_uuid": body.uuid},
            _found_if(lambda found: _same(found, grid_uuid=body.grid_uuid), AtlasResponse),
        ),
    )


def get_atlas(atlas_uuid: str) -> Call[AtlasResponse]:
    return Call(ep.get_atlas, {"atlas_uuid": atlas_uuid}, one(AtlasResponse))


def get_grid_atlas(grid_uuid: str) -> Call[AtlasResponse]:
    return Call(ep.get_grid_atlas, {"grid_uuid": grid_uuid}, one(AtlasResponse))


def update_atlas(atlas: AtlasData) -> Call[AtlasResponse]:
    fields = EntityConverter.atlas_to_request(atlas).to_dict()
    fields.pop("tiles", None)
    body = AtlasUpdateRequest.from_dict(fields)
    return Call(ep.update_atlas, {"atlas_uuid": atlas.uuid, "body": body}, one(AtlasResponse))


def delete_atlas(atlas_uuid: str) -> Call[None]:
    return Call(ep.delete_atlas, {"atlas_uuid": atlas_uuid}, nothing)


def create_atlas_tile(tile: AtlasTileData) -> Call[AtlasTileResponse]:
    body = EntityConverter.atlas_tile_to_request(tile)

    def record(cache: IdCache, created: AtlasTileResponse) -> None:
        cache.record("atlas_tile", body.atlas_uuid, tile.id, created.uuid)

    return Call(
        ep.create_atlas_tile,
        {"atlas_uuid": body.atlas_uuid, "body": body},
        one(AtlasTileResponse),
        record,
        recover=Call(
            ep.get_atlas_tile,
            {"tile_uuid": body.uuid},
            _found_if(
                lambda found: _same(found, atlas_uuid=body.atlas_uuid, tile_id=body.tile_id),
                AtlasTileResponse,
            ),
        ),
    )


def list_atlas_tiles(atlas_uuid: str) -> Call[list[AtlasTileResponse]]:
    return Call(ep.list_atlas_tiles_by_atlas, {"atlas_uuid": atlas_uuid}, many(AtlasTileResponse))


def get_atlas_tile(tile_uuid: str) -> Call[AtlasTileResponse]:
    return Call(ep.get_atlas_tile, {"tile_uuid": tile_uuid}, one(AtlasTileResponse))


def update_atlas_tile(tile: AtlasTileData) -> Call[AtlasTileResponse]:
    body = AtlasTileUpdateRequest.from_dict(EntityConverter.atlas_tile_to_request(tile).to_dict())
    return Call(
        ep.update_atlas_tile, {"tile_uuid": tile.uuid, "body": body}, one(AtlasTileResponse)
    )


def delete_atlas_tile(tile_uuid: str) -> Call[None]:
    return Call(ep.delete_atlas_tile, {"tile_uuid": tile_uuid}, nothing)


def link_atlas_tile_and_gridsquare(
    position: AtlasTileGridSquarePositionData,
) -> Call[AtlasTileGridSquarePositionResponse]:
    body = EntityConverter.gridsquare_position_to_request(position)
    return Call(
        ep.link_atlas_tile_to_gridsquare,
        {
            "tile_uuid": position.tile_uuid,
            "gridsquare_uuid": position.gridsquare_uuid,
            "body": body,
        },
        one(AtlasTileGridSquarePositionResponse),
        lambda cache, link: record_links(cache, [link]),
    )


def link_position(link: AtlasTileGridSquarePositionResponse | GridSquarePositionRequest) -> str:
    """A link's place as the ID cache keeps it: ``"center_x,center_y,width,height"``."""
    return f"{link.center_x},{link.center_y},{link.size_width},{link.size_height}"


def record_links(cache: IdCache, links: Iterable[AtlasTileGridSquarePositionResponse]) -> None:
    """Remember confirmed links and where: the backend refuses a link it holds, and cannot
    list them."""
    by_tile: dict[str, list[tuple[str, str]]] = {}
    for link in links:
        by_tile.setdefault(link.atlastile_uuid, []).append(
            (link.gridsquare_uuid, link_position(link))
        )
    for tile_uuid, pairs in by_tile.items():
        cache.record_many("tile_link", tile_uuid, pairs)


def confirmed_link(
    tile_uuid: str, request: GridSquarePositionRequest
) -> AtlasTileGridSquarePositionResponse:
    """The answer for a link the backend confirmed earlier, rebuilt from its request."""
    return AtlasTileGridSquarePositionResponse(
        atlastile_uuid=tile_uuid,
        gridsquare_uuid=str(request.gridsquare_uuid),
        center_x=request.center_x,
        center_y=request.center_y,
        size_width=request.size_width,
        size_height=request.size_height,
    )


def link_atlas_tile_to_gridsquares(
    tile_uuid: str, body: list[GridSquarePositionRequest]
) -> Call[list[AtlasTileGridSquarePositionResponse]]:
    """One list request; the answer's links come back in the order they were sent."""
    squares: list[object] = [request.gridsquare_uuid for request in body]

    def parse(response: Response[Any]) -> list[AtlasTileGridSquarePositionResponse]:
        linked = many(AtlasTileGridSquarePositionResponse)(response)
        # One link per position; a square may sit on a tile more than once.
        by_square: dict[object, list[AtlasTileGridSquarePositionResponse]] = {}
        for link in linked:
            by_square.setdefault(link.gridsquare_uuid, []).append(link)
        if Counter(squares) != Counter({key: len(links) for key, links in by_square.items()}):
            raise UnexpectedAnswer("the answer does not list the grid squares sent")
        return [by_square[square].pop(0) for square in squares]

    return Call(
        ep.link_atlas_tile_to_gridsquares,
        {"tile_uuid": tile_uuid, "body": body},
        parse,
        record_links,
    )


# Grid squares ----------------------------------------------------------------------------


def _gridsquare_matches(request: GridSquareCreateRequest) -> Callable[[GridSquareResponse], bool]:
    return lambda found: _same(
        found, gridsquare_id=request.gridsquare_id, grid_uuid=request.grid_uuid
    )


def create_grid_gridsquare(
    gridsquare: GridSquareData, lowmag: bool = False
) -> Call[GridSquareResponse]:
    body = EntityConverter.gridsquare_to_request(gridsquare, lowmag=lowmag)

    def record(cache: IdCache, created: GridSquareResponse) -> None:
        cache.record("gridsquare", body.grid_uuid, body.gridsquare_id, created.uuid)

    return Call(
        ep.create_grid_gridsquare,
        {"grid_uuid": body.grid_uuid, "body": body},
        one(GridSquareResponse),
        record,
        recover=Call(
            ep.get_gridsquare,
            {"gridsquare_uuid": body.uuid},
            _found_if(_gridsquare_matches(body), GridSquareResponse),
        ),
    )


def create_grid_gridsquares_batch(
    grid_uuid: str, requests: list[GridSquareCreateRequest]
) -> Call[list[GridSquareResponse]]:
    """One batch request; the answer's squares come back in the order they were sent."""
    uuids = [request.uuid for request in requests]
    body = GridSquareBatchCreateRequest(gridsquares=requests)

    def parse(response: Response[Any]) -> list[GridSquareResponse]:
        created = one(GridSquareBatchCreateResponse)(response).gridsquares
        by_uuid = {square.uuid: square for square in created}
        if set(by_uuid) != set(uuids):
            raise UnexpectedAnswer("the batch answer does not list the squares sent")
        return [by_uuid[uuid] for uuid in uuids]

    def record(cache: IdCache, created: list[GridSquareResponse]) -> None:
        cache.record_many("gridsquare", grid_uuid, [(s.gridsquare_id, s.uuid) for s in created])

    checks = {request.uuid: _gridsquare_matches(request) for request in requests}
    return Call(
        ep.create_grid_gridsquares_batch,
        {"grid_uuid": grid_uuid, "body": body},
        parse,
        record,
        recover=Call(
            ep.list_grid_gridsquares,
            {"grid_uuid": grid_uuid},
            _all_found(uuids, GridSquareResponse, lambda found: checks[found.uuid](found)),
        ),
    )


def list_grid_gridsquares(grid_uuid: str) -> Call[list[GridSquareResponse]]:
    return Call(ep.list_grid_gridsquares, {"grid_uuid": grid_uuid}, many(GridSquareResponse))


def get_gridsquare(gridsquare_uuid: str) -> Call[GridSquareResponse]:
    return Call(ep.get_gridsquare, {"gridsquare_uuid": gridsquare_uuid}, one(GridSquareResponse))


def update_gridsquare(gridsquare: GridSquareData, lowmag: bool = False) -> Call[GridSquareResponse]:
    request = EntityConverter.gridsquare_to_request(gridsquare, lowmag=lowmag)
    body = GridSquareUpdateRequest.from_dict(request.to_dict())
    return Call(
        ep.update_gridsquare,
        {"gridsquare_uuid": gridsquare.uuid, "body": body},
        one(GridSquareResponse),
    )


def delete_gridsquare(gridsquare_uuid: str) -> Call[None]:
    return Call(ep.delete_gridsquare, {"gridsquare_uuid": gridsquare_uuid}, nothing)


def gridsquare_registered(gridsquare_uuid: str, count: int | None = None) -> Call[bool]:
    kwargs: dict[str, Any] = {"gridsquare_uuid": gridsquare_uuid}
    if count is not None:
        kwargs["count"] = count
    return Call(ep.mark_gridsquare_registered, kwargs, boolean)


# Foil holes ------------------------------------------------------------------------------


def create_gridsquare_foilholes(
    gridsquare_uuid: str, requests: list[FoilHoleCreateRequest]
) -> Call[list[FoilHoleResponse]]:
    """One list request; the answer's holes come back in the order they were sent."""
    uuids = [request.uuid for request in requests]
    ids = {request.uuid: request.foilhole_id for request in requests}

    def parse(response: Response[Any]) -> list[FoilHoleResponse]:
        created = many(FoilHoleResponse)(response)
        by_uuid = {hole.uuid: hole for hole in created}
        if set(by_uuid) != set(uuids):
            raise UnexpectedAnswer("the answer does not list the foil holes sent")
        return [by_uuid[uuid] for uuid in uuids]

    def record(cache: IdCache, created: list[FoilHoleResponse]) -> None:
        cache.record_many("foilhole", gridsquare_uuid, [(h.foilhole_id, h.uuid) for h in created])

    return Call(
        ep.create_gridsquare_foilholes,
        {"gridsquare_uuid": gridsquare_uuid, "body": requests},
        parse,
        record,
        recover=Call(
            ep.list_gridsquare_foilholes,
            {"gridsquare_uuid": gridsquare_uuid},
            _all_found(uuids, FoilHoleResponse, lambda h: h.foilhole_id == ids[h.uuid]),
        ),
    )


def list_gridsquare_foilholes(
    gridsquare_uuid: str, on_square_only: bool = False
) -> Call[list[FoilHoleResponse]]:
    return Call(
        ep.list_gridsquare_foilholes,
        {"gridsquare_uuid": gridsquare_uuid, "on_square_only": on_square_only},
        many(FoilHoleResponse),
    )


def get_foilhole(foilhole_uuid: str) -> Call[FoilHoleResponse]:
    return Call(ep.get_foilhole, {"foilhole_uuid": foilhole_uuid}, one(FoilHoleResponse))


def update_foilhole(foilhole: FoilHoleData) -> Call[FoilHoleResponse]:
    body = FoilHoleUpdateRequest.from_dict(EntityConverter.foilhole_to_request(foilhole).to_dict())
    return Call(
        ep.update_foilhole, {"foilhole_uuid": foilhole.uuid, "body": body}, one(FoilHoleResponse)
    )


def delete_foilhole(foilhole_uuid: str) -> Call[None]:
    return Call(ep.delete_foilhole, {"foilhole_uuid": foilhole_uuid}, nothing)


# Micrographs -----------------------------------------------------------------------------


def create_foilhole_micrograph(micrograph: MicrographData) -> Call[MicrographResponse]:
    body = EntityConverter.micrograph_to_request(micrograph)
    foilhole_uuid = micrograph.foilhole_uuid

    def record(cache: IdCache, created: MicrographResponse) -> None:
        cache.record("micrograph", foilhole_uuid, micrograph.id, created.uuid)

    return Call(
        ep.create_foilhole_micrograph,
        {"foilhole_uuid": foilhole_uuid, "body": body},
        one(MicrographResponse),
        record,
        recover=Call(
            ep.get_micrograph,
            {"micrograph_uuid": body.uuid},
            _found_if(lambda found: _same(found, foilhole_uuid=foilhole_uuid), MicrographResponse),
        ),
    )


def list_foilhole_micrographs(foilhole_uuid: str) -> Call[list[MicrographResponse]]:
    return Call(
        ep.list_foilhole_micrographs, {"foilhole_uuid": foilhole_uuid}, many(MicrographResponse)
    )


def get_micrograph(micrograph_uuid: str) -> Call[MicrographResponse]:
    return Call(ep.get_micrograph, {"micrograph_uuid": micrograph_uuid}, one(MicrographResponse))


def update_micrograph(micrograph: MicrographData) -> Call[MicrographResponse]:
    request = EntityConverter.micrograph_to_request(micrograph)
    body = MicrographUpdateRequest.from_dict(request.to_dict())
    return Call(
        ep.update_micrograph,
        {"micrograph_uuid": micrograph.uuid, "body": body},
        one(MicrographResponse),
    )


def delete_micrograph(micrograph_uuid: str) -> Call[None]:
    return Call(ep.delete_micrograph, {"micrograph_uuid": micrograph_uuid}, nothing)


# Agent and service -----------------------------------------------------------------------


def acknowledge_instruction(
    agent_id: str,
    session_id: str,
    instruction_id: str,
    acknowledgement: AgentInstructionAcknowledgement,
) -> Call[AgentInstructionAcknowledgementResponse]:
    return Call(
        ep.acknowledge_instruction,
        {
            "agent_id": agent_id,
            "session_id": session_id,
            "instruction_id": instruction_id,
            "body": acknowledgement,
        },
        one(AgentInstructionAcknowledgementResponse),
    )


def send_heartbeat(agent_id: str, session_id: str) -> Call[Any]:
    return Call(
        ep.send_agent_heartbeat, {"agent_id": agent_id, "session_id": session_id}, json_body
    )


def get_health() -> Call[Any]:
    return Call(ep.get_health, {}, json_body)


def get_status() -> Call[Any]:
    return Call(ep.get_status, {}, json_body)


def group_by_tile(
    positions: Iterable[AtlasTileGridSquarePositionData],
) -> dict[str, list[tuple[int, GridSquarePositionRequest]]]:
    """Link requests grouped by tile uuid, each with its index in the input."""
    groups: dict[str, list[tuple[int, GridSquarePositionRequest]]] = {}
    for index, position in enumerate(positions):
        # Conversion refuses a position without a tile, so the uuid is a string here.
        request = EntityConverter.gridsquare_position_to_request(position)
        groups.setdefault(str(position.tile_uuid), []).append((index, request))
    return groups
