"""What each outbox write stores: journal rows, checked with the converter before they are kept.

Every write becomes one row per entity (or link, or update). A row names the client
method that delivers it, a group (rows of one group travel in one list request), the
entities it needs on the backend first, and the arguments to call with.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from smartem_ext._journal import NewRow
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
    "PROBES",
    "acquisition",
    "atlas",
    "atlas_tile",
    "foilholes",
    "grid",
    "gridsquares",
    "links",
    "micrographs",
    "registered",
    "update",
]

FOILHOLES: Final = "create_gridsquare_foilholes"
GRIDSQUARES: Final = "create_grid_gridsquares"
LINKS: Final = "link_atlas_tile_and_gridsquares"
BATCHED_OPS: Final = frozenset({FOILHOLES, GRIDSQUARES, LINKS})
"""Ops whose rows of one group are sent together in one list request."""

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


def _dep(kind: str, uuid: str | None) -> tuple[str, ...]:
    return () if uuid is None else (f"{kind}:{uuid}",)


def _needs(entity: str, field: str, value: str | None, what: str) -> str:
    if not value:
        raise ConversionError(entity, field, f"not set for {what}; the outbox needs the parent")
    return value


def acquisition(entity: AcquisitionData) -> list[NewRow]:
    EntityConverter.acquisition_to_request(entity)
    return [NewRow("create_acquisition", "acquisition", "", entity.uuid, (), (entity,))]


def grid(entity: GridData, lowmag: bool) -> list[NewRow]:
    request = EntityConverter.grid_to_request(entity, lowmag)
    deps = _dep("acquisition", request.acquisition_uuid)
    return [NewRow("create_acquisition_grid", "grid", "", entity.uuid, deps, (entity, lowmag))]


def atlas(entity: AtlasData) -> list[NewRow]:
    request = EntityConverter.atlas_to_request(entity)
    deps = _dep("grid", request.grid_uuid)
    return [NewRow("create_grid_atlas", "atlas", "", entity.uuid, deps, (entity,))]


def atlas_tile(entity: AtlasTileData) -> list[NewRow]:
    EntityConverter.atlas_tile_to_request(entity)
    parent = _needs("AtlasTileData", "atlas_uuid", entity.atlas_uuid, f"tile {entity.id!r}")
    deps = _dep("atlas", parent)
    return [NewRow("create_atlas_tile_for_atlas", "atlas_tile", "", entity.uuid, deps, (entity,))]


def gridsquares(grid_uuid: str, squares: Iterable[GridSquareData], lowmag: bool) -> list[NewRow]:
    rows = []
    for square in squares:
        request = EntityConverter.gridsquare_to_request(square, lowmag=lowmag)
        if request.grid_uuid != grid_uuid:
            raise misplaced(
                "GridSquareData",
                "grid_uuid",
                "grid square",
                square.gridsquare_id,
                "grid",
                request.grid_uuid,
                grid_uuid,
            )
        rows.append(
            NewRow(
                GRIDSQUARES,
                "gridsquare",
                f"{grid_uuid} {int(lowmag)}",
                square.uuid,
                _dep("grid", grid_uuid),
                (grid_uuid, square, lowmag),
            )
        )
    return rows


def foilholes(
    holes_by_gridsquare: Mapping[str, Sequence[FoilHoleData]], allow_on_grid_bar: bool
) -> list[NewRow]:
    rows = []
    for gridsquare_uuid, holes in holes_by_gridsquare.items():
        for hole in holes:
            parent = foilhole_body(hole)["gridsquare_uuid"]  # checks it as the request does
            if parent != gridsquare_uuid:
                raise misplaced(
                    "FoilHoleData",
                    "gridsquare_uuid",
                    "foil hole",
                    hole.id,
                    "grid square",
                    parent,
                    gridsquare_uuid,
                )
            if hole.is_near_grid_bar and not allow_on_grid_bar:
                continue  # the client drops these too, unless allowed
            rows.append(
                NewRow(
                    FOILHOLES,
                    "foilhole",
                    f"{gridsquare_uuid} {int(allow_on_grid_bar)}",
                    hole.uuid,
                    _dep("gridsquare", gridsquare_uuid),
                    (gridsquare_uuid, hole, allow_on_grid_bar),
                )
            )
    return rows


def micrographs(entities: Iterable[MicrographData]) -> list[NewRow]:
    rows = []
    for micrograph in entities:
        EntityConverter.micrograph_to_request(micrograph)
        parent = _needs(
            "MicrographData", "foilhole_uuid", micrograph.foilhole_uuid, f"{micrograph.id!r}"
        )
        rows.append(
            NewRow(
                "create_foilhole_micrograph",
                "micrograph",
                "",
                micrograph.uuid,
                _dep("foilhole", parent),
                (micrograph,),
            )
        )
    return rows


def links(positions: Iterable[AtlasTileGridSquarePositionData]) -> list[NewRow]:
    rows = []
    for position in positions:
        EntityConverter.gridsquare_position_to_request(position)
        what = f"the link of grid square {position.gridsquare_uuid!r}"
        tile = _needs("AtlasTileGridSquarePositionData", "tile_uuid", position.tile_uuid, what)
        square = _needs(
            "AtlasTileGridSquarePositionData", "gridsquare_uuid", position.gridsquare_uuid, what
        )
        rows.append(
            NewRow(
                LINKS,
                "tile_link",
                tile,
                f"{tile}/{square}",
                (*_dep("atlas_tile", tile), *_dep("gridsquare", square)),
                (position,),
            )
        )
    return rows


def update(method: str, kind: str, uuid: str, *args: object) -> list[NewRow]:
    """An update (or a registered mark) of an entity, delivered after the entity itself."""
    return [NewRow(method, "update", "", uuid, _dep(kind, uuid), tuple(args))]


def registered(method: str, kind: str, uuid: str, *args: object) -> list[NewRow]:
    return [NewRow(method, "registered", "", uuid, _dep(kind, uuid), (uuid, *args))]
