"""What each outbox write stores: the requests it will send, checked before they are kept.

Every write becomes one row per entity (or link, update, delete, acknowledgement or log
record). A row is what will be sent, as the contract names it: the operation id of the
generated endpoint, its path (and query) parameters and the JSON body (for list
operations, one item of the list). It also says which rows travel together (a group: the
grid's squares, a square's holes, a tile's links, a session's log records go in one list
request) and which entities must be on the backend first. The converter checks every
value before a row is made, so what the journal holds is what the backend will be sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from smartem_api.models import AgentInstructionAcknowledgement, AgentLogEntry
from smartem_ext import _stored
from smartem_ext._calls import acknowledge_instruction as _acknowledgement
from smartem_ext._calls import ingest_agent_logs, mark_grid_registered, mark_gridsquare_registered
from smartem_ext.converter import EntityConverter, foilhole_body, misplaced
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
from smartem_ext.errors import ConversionError

__all__ = [
    "BATCHED_OPS",
    "CHANGES",
    "DELETES",
    "LIST_LIMITS",
    "LOGS",
    "PROBES",
    "NewRow",
    "acknowledgement",
    "acquisition",
    "atlas",
    "atlas_tile",
    "delete",
    "foilholes",
    "grid",
    "grid_registered",
    "gridsquare_registered",
    "gridsquares",
    "links",
    "logs",
    "micrographs",
    "update",
]

FOILHOLES: Final = "create_gridsquare_foilholes"
GRIDSQUARES: Final = "create_grid_gridsquares_batch"
LINKS: Final = "link_atlas_tile_to_gridsquares"
LOGS: Final = "ingest_agent_logs"
BATCHED_OPS: Final = frozenset({FOILHOLES, GRIDSQUARES, LINKS, LOGS})
"""Operations whose rows of one group are sent together, as the items of one list body."""
LIST_LIMITS: Final[Mapping[str, int]] = {LOGS: 500}
"""Most items the backend takes in one request of these operations (it keeps the first
500 log records of a request and drops the rest)."""

CHANGES: Final = frozenset({"update", "registered", "delete", "ack", "logs"})
"""Kinds of rows that create nothing (the rest create the entity named by their uuid)."""

PROBES: Final[Mapping[str, str]] = {
    "acquisition": "get_acquisition",
    "grid": "get_grid",
    "atlas": "get_atlas",
    "atlas_tile": "get_atlas_tile",
    "gridsquare": "get_gridsquare",
    "foilhole": "get_foilhole",
    "micrograph": "get_micrograph",
}
"""For each kind a row can depend on: the client read that tells whether it exists."""

DELETES: Final[Mapping[str, str]] = {kind: f"delete_{kind}" for kind in PROBES}
"""For each kind of entity: the operation that deletes one."""


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


def acquisition(entity: AcquisitionData) -> list[NewRow]:
    body = EntityConverter.acquisition_to_request(entity)
    return [NewRow("create_acquisition", "acquisition", "", body.uuid, (), {}, body.to_dict())]


def grid(entity: GridData, lowmag: bool = False) -> list[NewRow]:
    body = EntityConverter.grid_to_request(entity, lowmag)
    parent = body.acquisition_uuid
    return [
        NewRow(
            "create_acquisition_grid",
            "grid",
            "",
            body.uuid,
            _dep("acquisition", parent),
            {"acquisition_uuid": parent},
            body.to_dict(),
        )
    ]


def atlas(entity: AtlasData) -> list[NewRow]:
    body = EntityConverter.atlas_to_request(entity)
    parent = body.grid_uuid
    return [
        NewRow(
            "create_grid_atlas",
            "atlas",
            "",
            body.uuid,
            _dep("grid", parent),
            {"grid_uuid": parent},
            body.to_dict(),
        )
    ]


def atlas_tile(entity: AtlasTileData) -> list[NewRow]:
    _needs("AtlasTileData", "atlas_uuid", entity.atlas_uuid, f"tile {entity.id!r}")
    body = EntityConverter.atlas_tile_to_request(entity)
    parent = body.atlas_uuid
    return [
        NewRow(
            "create_atlas_tile",
            "atlas_tile",
            "",
            body.uuid,
            _dep("atlas", parent),
            {"atlas_uuid": parent},
            body.to_dict(),
        )
    ]


def gridsquares(
    grid_uuid: str, squares: Iterable[GridSquareData], lowmag: bool = False
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
    holes_by_gridsquare: Mapping[str, Sequence[FoilHoleData]], allow_on_grid_bar: bool = False
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


def micrographs(entities: Iterable[MicrographData]) -> list[NewRow]:
    rows = []
    for micrograph in entities:
        body = EntityConverter.micrograph_to_request(micrograph)
        parent = _needs(
            "MicrographData", "foilhole_uuid", micrograph.foilhole_uuid, f"{micrograph.id!r}"
        )
        rows.append(
            NewRow(
                "create_foilhole_micrograph",
                "micrograph",
                "",
                body.uuid,
                _dep("foilhole", parent),
                {"foilhole_uuid": parent},
                body.to_dict(),
            )
        )
    return rows


def links(positions: Iterable[AtlasTileGridSquarePositionData]) -> list[NewRow]:
    rows = []
    for position in positions:
        what = f"the link of grid square {position.gridsquare_uuid!r}"
        tile = _needs("AtlasTileGridSquarePositionData", "tile_uuid", position.tile_uuid, what)
        square = _needs(
            "AtlasTileGridSquarePositionData", "gridsquare_uuid", position.gridsquare_uuid, what
        )
        body = EntityConverter.gridsquare_position_to_request(position)
        rows.append(
            NewRow(
                LINKS,
                "tile_link",
                tile,
                f"{tile}/{square}",
                (*_dep("atlas_tile", tile), *_dep("gridsquare", square)),
                {"tile_uuid": tile},
                body.to_dict(),
            )
        )
    return rows


def _change(kind: str, entity_kind: str, uuid: str, stored: _stored.Stored) -> list[NewRow]:
    """A row that changes an entity: sent after every earlier write of that entity."""
    return [NewRow(stored.op, kind, "", uuid, _dep(entity_kind, uuid), stored.params, stored.body)]


def update(method: str, entity: Any, *rest: Any) -> list[NewRow]:
    """An update of an entity, by the client plan of that name (``update_grid``...)."""
    stored = _stored.stored(_stored.UPDATES[method](entity, *rest))
    return _change("update", method.removeprefix("update_"), entity.uuid, stored)


def delete(kind: str, uuid: str) -> list[NewRow]:
    """The delete of an entity of ``kind`` (acquisition, grid, ... micrograph)."""
    stored = _stored.stored(_stored.DELETE_PLANS[DELETES[kind]](uuid))
    return _change("delete", kind, uuid, stored)


def grid_registered(grid_uuid: str) -> list[NewRow]:
    return _change("registered", "grid", grid_uuid, _stored.stored(mark_grid_registered(grid_uuid)))


def gridsquare_registered(gridsquare_uuid: str, count: int | None = None) -> list[NewRow]:
    stored = _stored.stored(mark_gridsquare_registered(gridsquare_uuid, count))
    return _change("registered", "gridsquare", gridsquare_uuid, stored)


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
    call = _acknowledgement(agent_id, session_id, instruction_id, acknowledgement)
    stored = _stored.stored(call)
    return [NewRow(stored.op, "ack", "", instruction_id, (), stored.params, stored.body)]


def logs(agent_id: str, session_id: str, entries: Sequence[AgentLogEntry]) -> list[NewRow]:
    """One row per log record; a session's records travel in one list request."""
    stored = _stored.stored(ingest_agent_logs(agent_id, session_id, entries))
    group = f"{agent_id} {session_id}"
    return [
        NewRow(LOGS, "logs", group, "", (), stored.params, item) for item in stored.body["logs"]
    ]
