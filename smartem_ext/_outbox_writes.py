"""What each outbox write stores: the requests it will send, checked before they are kept.

Every write becomes one row per entity (or link, update, delete, acknowledgement or log
record): the operation id of the generated endpoint, its path (and query) parameters and
the JSON body (for list operations, one item of the list). A row also says which rows
travel together (its group: the grid's squares, a square's holes, a tile's links, a
session's log records go in one list request) and which entities must be on the backend
first. The converter checks every value before a row is made.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from smartem_api.models import AgentInstructionAcknowledgement, AgentLogEntry
from smartem_ext import _calls, epu
from smartem_ext._stored import DELETE_PLANS, ENTITIES, UPDATES, Stored, stored
from smartem_ext.converter import EntityConverter, foilhole_body, misplaced
from smartem_ext.errors import ConversionError

FOILHOLES: Final = "create_gridsquare_foilholes"
GRIDSQUARES: Final = "create_grid_gridsquares_batch"
LINKS: Final = "link_atlas_tile_to_gridsquares"
LOGS: Final = "ingest_agent_logs"
BATCHED_OPS: Final = frozenset({FOILHOLES, GRIDSQUARES, LINKS, LOGS})
"""Operations whose rows of one group are sent together, as the items of one list body."""
LIST_LIMITS: Final[Mapping[str, int]] = {LOGS: 500}
"""Most items the backend takes in one request (it drops log records past the 500th)."""

CHANGES: Final = frozenset({"update", "registered", "delete", "ack", "logs"})
"""Kinds of rows that create nothing (the rest create the entity named by their uuid)."""

PROBES: Final[Mapping[str, str]] = {kind: f"get_{kind}" for kind in ENTITIES}
"""For each kind a row can depend on: the client read that tells whether it exists."""


@attrs.frozen
class NewRow:
    """A write to journal: the request (operation, parameters, body) and how it is sent.

    deps: ``kind:uuid`` of every entity the request needs on the backend first.
    """

    op: str
    kind: str
    group: str
    uuid: str
    deps: tuple[str, ...]
    params: Mapping[str, Any]
    body: Any


def _dep(kind: str, uuid: str | None) -> tuple[str, ...]:
    return () if uuid is None else (f"{kind}:{uuid}",)


def _needs(entity: str, field: str, value: str | None, what: str) -> str:
    if not value:
        raise ConversionError(entity, field, f"not set for {what}; the outbox needs the parent")
    return value


def _create(op: str, kind: str, body: Any, parent: str | None = None) -> NewRow:
    """The create of one entity, under the ``parent`` kind its body names by uuid."""
    if parent is None:
        return NewRow(op, kind, "", body.uuid, (), {}, body.to_dict())
    uuid = getattr(body, f"{parent}_uuid")
    params = {f"{parent}_uuid": uuid}
    return NewRow(op, kind, "", body.uuid, _dep(parent, uuid), params, body.to_dict())


def acquisition(entity: epu.AcquisitionData) -> list[NewRow]:
    body = EntityConverter.acquisition_to_request(entity)
    return [_create("create_acquisition", "acquisition", body)]


def grid(entity: epu.GridData, lowmag: bool = False) -> list[NewRow]:
    body = EntityConverter.grid_to_request(entity, lowmag)
    return [_create("create_acquisition_grid", "grid", body, "acquisition")]


def atlas(entity: epu.AtlasData) -> list[NewRow]:
    body = EntityConverter.atlas_to_request(entity)
    return [_create("create_grid_atlas", "atlas", body, "grid")]


def atlas_tile(entity: epu.AtlasTileData) -> list[NewRow]:
    _needs("AtlasTileData", "atlas_uuid", entity.atlas_uuid, f"tile {entity.id!r}")
    body = EntityConverter.atlas_tile_to_request(entity)
    return [_create("create_atlas_tile", "atlas_tile", body, "atlas")]


def micrographs(entities: Iterable[epu.MicrographData]) -> list[NewRow]:
    rows = []
    for micrograph in entities:
        body = EntityConverter.micrograph_to_request(micrograph)
        _needs("MicrographData", "foilhole_uuid", micrograph.foilhole_uuid, f"{micrograph.id!r}")
        rows.append(_create("create_foilhole_micrograph", "micrograph", body, "foilhole"))
    return rows


def gridsquares(
    grid_uuid: str, squares: Iterable[epu.GridSquareData], lowmag: bool = False
) -> list[NewRow]:
    rows = []
    params = {"grid_uuid": grid_uuid}
    deps = _dep("grid", grid_uuid)
    for square in squares:
        body = EntityConverter.gridsquare_to_request(square, lowmag=lowmag)
        if body.grid_uuid != grid_uuid:
            raise misplaced(
                "GridSquareData",
                "grid_uuid",
                "grid square",
                square.gridsquare_id,
                "grid",
                body.grid_uuid,
                grid_uuid,
            )
        rows.append(
            NewRow(GRIDSQUARES, "gridsquare", grid_uuid, body.uuid, deps, params, body.to_dict())
        )
    return rows


def foilholes(
    holes_by_gridsquare: Mapping[str, Sequence[epu.FoilHoleData]], allow_on_grid_bar: bool = False
) -> list[NewRow]:
    rows = []
    for gridsquare_uuid, holes in holes_by_gridsquare.items():
        params = {"gridsquare_uuid": gridsquare_uuid}
        deps = _dep("gridsquare", gridsquare_uuid)
        for hole in holes:
            body = foilhole_body(hole)  # checks it as the request does
            if body["gridsquare_uuid"] != gridsquare_uuid:
                raise misplaced(
                    "FoilHoleData",
                    "gridsquare_uuid",
                    "foil hole",
                    hole.id,
                    "grid square",
                    body["gridsquare_uuid"],
                    gridsquare_uuid,
                )
            if hole.is_near_grid_bar and not allow_on_grid_bar:
                continue  # the client drops these too, unless allowed
            rows.append(
                NewRow(FOILHOLES, "foilhole", gridsquare_uuid, body["uuid"], deps, params, body)
            )
    return rows


def links(positions: Iterable[epu.AtlasTileGridSquarePositionData]) -> list[NewRow]:
    rows = []
    for position in positions:
        what = f"the link of grid square {position.gridsquare_uuid!r}"
        name = "AtlasTileGridSquarePositionData"
        tile = _needs(name, "tile_uuid", position.tile_uuid, what)
        square = _needs(name, "gridsquare_uuid", position.gridsquare_uuid, what)
        body = EntityConverter.gridsquare_position_to_request(position).to_dict()
        deps = (*_dep("atlas_tile", tile), *_dep("gridsquare", square))
        rows.append(
            NewRow(LINKS, "tile_link", tile, f"{tile}/{square}", deps, {"tile_uuid": tile}, body)
        )
    return rows


def _change(kind: str, entity_kind: str, uuid: str, request: Stored) -> list[NewRow]:
    """A row that changes an entity: sent after every earlier write of that entity."""
    deps = _dep(entity_kind, uuid)
    return [NewRow(request.op, kind, "", uuid, deps, request.params, request.body)]


def update(method: str, entity: Any, *rest: Any) -> list[NewRow]:
    """An update of an entity, by the client plan of that name (``update_grid``...)."""
    request = stored(UPDATES[method](entity, *rest))
    return _change("update", method.removeprefix("update_"), entity.uuid, request)


def delete(kind: str, uuid: str) -> list[NewRow]:
    """The delete of an entity of ``kind`` (acquisition, grid, ... micrograph)."""
    return _change("delete", kind, uuid, stored(DELETE_PLANS[f"delete_{kind}"](uuid)))


def grid_registered(grid_uuid: str) -> list[NewRow]:
    return _change("registered", "grid", grid_uuid, stored(_calls.mark_grid_registered(grid_uuid)))


def gridsquare_registered(gridsquare_uuid: str, count: int | None = None) -> list[NewRow]:
    request = stored(_calls.mark_gridsquare_registered(gridsquare_uuid, count))
    return _change("registered", "gridsquare", gridsquare_uuid, request)


def acknowledgement(
    agent_id: str,
    session_id: str,
    instruction_id: str,
    acknowledgement: AgentInstructionAcknowledgement,
) -> list[NewRow]:
    if not isinstance(acknowledgement, AgentInstructionAcknowledgement):
        raise TypeError(
            "acknowledgement must be an AgentInstructionAcknowledgement, "
            f"not {type(acknowledgement).__name__}"
        )
    call = _calls.acknowledge_instruction(agent_id, session_id, instruction_id, acknowledgement)
    request = stored(call)
    return [NewRow(request.op, "ack", "", instruction_id, (), request.params, request.body)]


def logs(agent_id: str, session_id: str, entries: Sequence[AgentLogEntry]) -> list[NewRow]:
    """One row per log record; a session's records travel in one list request."""
    request = stored(_calls.ingest_agent_logs(agent_id, session_id, entries))
    group = f"{agent_id} {session_id}"
    return [
        NewRow(LOGS, "logs", group, "", (), request.params, item) for item in request.body["logs"]
    ]
