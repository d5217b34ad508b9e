"""A synthetic EPU session for the demo: realistic shapes, deterministic per seed, no I/O.

One acquisition; per grid an atlas of tiles laid out in a square mosaic, grid squares placed
on it (each linked to the tile under its centre, and to a neighbouring tile when it straddles
a tile edge), foil holes on a hexagonal lattice in each square (about 5 % of them, those
closest to the square's edge, near the grid bar) and micrographs spread over the holes an
agent registers. Every uuid comes from the seeded generator, so one seed is one session.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import PurePosixPath

import attrs

from smartem_ext.epu import (
    AcquisitionData,
    AtlasData,
    AtlasTileData,
    AtlasTileGridSquarePosition,
    AtlasTileGridSquarePositionData,
    AtlasTilePosition,
    FoilHoleData,
    FoilHolePosition,
    GridData,
    GridSquareData,
    GridSquareManifest,
    GridSquareMetadata,
    GridSquarePosition,
    GridSquareStagePosition,
    MicrographData,
    MicrographManifest,
    MicroscopeData,
)

__all__ = [
    "NEAR_GRID_BAR_SHARE",
    "DemoSession",
    "DemoSizes",
    "GridSession",
    "generate_session",
]

NEAR_GRID_BAR_SHARE = 0.05
"""Expected share of foil holes near a grid bar."""

TILE_PIXELS = 4096
"""Width and height of an atlas tile image."""
SQUARE_IMAGE_PIXELS = 4096
"""Width and height of a grid-square image, where foil holes are located."""

_START = datetime(2025, 6, 2, 9, 0, 0)
_STORAGE = PurePosixPath("/dls/m02/data/2025/bi37708-12")


@attrs.frozen(kw_only=True)
class DemoSizes:
    """How big the session is: per grid, per atlas, per grid square."""

    grids: int = attrs.field(default=2, validator=attrs.validators.ge(1))
    tiles: int = attrs.field(default=16, validator=attrs.validators.ge(1))
    """Tiles per atlas (one atlas per grid)."""
    gridsquares: int = attrs.field(default=200, validator=attrs.validators.ge(0))
    """Grid squares per grid."""
    foilholes: int = attrs.field(default=50, validator=attrs.validators.ge(0))
    """Foil holes per grid square."""
    micrographs: int = attrs.field(default=200, validator=attrs.validators.ge(0))
    """Micrographs per grid."""


@attrs.frozen(kw_only=True)
class GridSession:
    """One grid with everything an agent registers for it."""

    grid: GridData
    atlas: AtlasData
    gridsquares: tuple[GridSquareData, ...]
    tile_links: tuple[AtlasTileGridSquarePositionData, ...]
    foilholes: Mapping[str, tuple[FoilHoleData, ...]]
    """Every foil hole found, by grid-square uuid, near-grid-bar ones included."""
    micrographs: tuple[MicrographData, ...]

    @property
    def tiles(self) -> tuple[AtlasTileData, ...]:
        return self.atlas.tiles

    def registered_foilholes(self) -> dict[str, tuple[FoilHoleData, ...]]:
        """The foil holes an agent registers, by grid-square uuid: those off the grid bar."""
        return {
            square: tuple(hole for hole in holes if not hole.is_near_grid_bar)
            for square, holes in self.foilholes.items()
        }


@attrs.frozen(kw_only=True)
class DemoSession:
    """A whole synthetic EPU session."""

    seed: int
    sizes: DemoSizes
    acquisition: AcquisitionData
    grids: tuple[GridSession, ...]

    def counts(self) -> dict[str, int]:
        """Entities an agent registers, per kind (near-grid-bar holes left out)."""
        return {
            "acquisition": 1,
            "grid": len(self.grids),
            "atlas": len(self.grids),
            "atlas_tile": sum(len(g.tiles) for g in self.grids),
            "gridsquare": sum(len(g.gridsquares) for g in self.grids),
            "tile_link": sum(len(g.tile_links) for g in self.grids),
            "foilhole": sum(
                len(holes) for g in self.grids for holes in g.registered_foilholes().values()
            ),
            "micrograph": sum(len(g.micrographs) for g in self.grids),
        }

    def near_grid_bar(self) -> int:
        """Foil holes found near a grid bar (found, not registered)."""
        return sum(
            hole.is_near_grid_bar
            for g in self.grids
            for holes in g.foilholes.values()
            for hole in holes
        )


def generate_session(sizes: DemoSizes | None = None, seed: int = 0) -> DemoSession:
    """The synthetic session for ``sizes``; the same seed always gives the same session."""
    sizes = sizes or DemoSizes()
    rng = random.Random(seed)
    ids = _EpuIds(rng)
    acquisition = AcquisitionData(
        id=f"{ids.next(7)}",
        name=f"Demo session {seed}",
        start_time=_START,
        atlas_path=str(_STORAGE / "atlas" / "Supervisor_20250602_090000_Atlas"),
        storage_path=str(_STORAGE / "raw"),
        clustering_mode="Hexagonal",
        clustering_radius="6",
        instrument=MicroscopeData(
            instrument_model="Titan Krios G4", instrument_id="3593", computer_name="EPU-PC-M02"
        ),
        uuid=_uuid(rng),
    )
    grids = tuple(
        _grid_session(rng, ids, sizes, acquisition, number) for number in range(1, sizes.grids + 1)
    )
    return DemoSession(seed=seed, sizes=sizes, acquisition=acquisition, grids=grids)


class _EpuIds:
    """EPU-style numeric ids, unique within the session."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def next(self, digits: int) -> str:
        while True:
            candidate = str(self._rng.randrange(10 ** (digits - 1), 10**digits))
            if candidate not in self._used:
                self._used.add(candidate)
                return candidate


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _grid_session(
    rng: random.Random,
    ids: _EpuIds,
    sizes: DemoSizes,
    acquisition: AcquisitionData,
    number: int,
) -> GridSession:
    started = _START + timedelta(hours=6 * (number - 1))
    data_dir = _STORAGE / "raw" / f"Supervisor_{started:%Y%m%d_%H%M%S}_Grid{number}"
    atlas_dir = _STORAGE / "atlas" / f"Supervisor_{started:%Y%m%d_%H%M%S}_Atlas{number}"
    grid_uuid = _uuid(rng)
    atlas_uuid = _uuid(rng)
    columns = math.ceil(math.sqrt(sizes.tiles))
    rows = math.ceil(sizes.tiles / columns)
    tile_uuids = [_uuid(rng) for _ in range(sizes.tiles)]

    squares: list[GridSquareData] = []
    square_positions: dict[int, GridSquarePosition] = {}
    links: list[AtlasTileGridSquarePositionData] = []
    on_tile: dict[int, dict[str, tuple[AtlasTileGridSquarePosition, ...]]] = {}
    foilholes: dict[str, tuple[FoilHoleData, ...]] = {}
    for index in range(sizes.gridsquares):
        square_id = ids.next(7)
        side = rng.randint(110, 140)
        tile_index = rng.randrange(sizes.tiles)
        tile_x = (tile_index % columns) * TILE_PIXELS
        tile_y = (tile_index // columns) * TILE_PIXELS
        center = (
            tile_x + rng.randrange(side // 2, TILE_PIXELS - side // 2),
            tile_y + rng.randrange(side // 2, TILE_PIXELS - side // 2),
        )
        # About one square in eight straddles an edge shared with a neighbouring tile.
        neighbour = None
        if rng.random() < 0.125:
            neighbour = _neighbour(tile_index, columns, sizes.tiles, rng)
        if neighbour is not None:
            center = _onto_edge(center, tile_index, neighbour, columns, rng)
        square_uuid = _uuid(rng)
        physical = ((center[0] - 8000) * 1.3e-7, (center[1] - 8000) * 1.3e-7)
        rotation = round(rng.uniform(-2.0, 2.0), 3)
        holes = _foilholes(rng, ids, sizes.foilholes, square_id, square_uuid)
        square_time = started + timedelta(minutes=30 + 2 * index)
        squares.append(
            GridSquareData(
                gridsquare_id=square_id,
                grid_uuid=grid_uuid,
                data_dir=data_dir / "Images-Disc1" / f"GridSquare_{square_id}",
                metadata=GridSquareMetadata(
                    atlas_node_id=int(square_id),
                    stage_position=GridSquareStagePosition(
                        x=physical[0], y=physical[1], z=round(rng.uniform(-2e-6, 2e-6), 9)
                    ),
                    state="Defined" if rng.random() < 0.6 else "Completed",
                    rotation=rotation,
                    image_path=data_dir
                    / "Images-Disc1"
                    / f"GridSquare_{square_id}"
                    / f"GridSquare_{square_time:%Y%m%d_%H%M%S}.jpg",
                    selected=rng.random() < 0.6,
                    unusable=rng.random() < 0.05,
                    foilhole_positions={
                        int(hole.id): FoilHolePosition(
                            x_location=int(hole.x_location or 0),
                            y_location=int(hole.y_location or 0),
                            x_stage_position=hole.x_stage_position,
                            y_stage_position=hole.y_stage_position,
                            diameter=int(hole.diameter or 0),
                            is_near_grid_bar=hole.is_near_grid_bar,
                        )
                        for hole in holes
                    },
                ),
                manifest=GridSquareManifest(
                    acquisition_datetime=square_time,
                    defocus=-1.5e-6,
                    magnification=2250.0,
                    pixel_size=3.6e-8,
                    detector_name="EF-CCD",
                    applied_defocus=-1.5e-6,
                    data_dir=data_dir / "Images-Disc1" / f"GridSquare_{square_id}",
                ),
                center_x=center[0],
                center_y=center[1],
                size_width=side,
                size_height=side,
                uuid=square_uuid,
            )
        )
        square_positions[int(square_id)] = GridSquarePosition(
            center=center, physical=physical, size=(side, side), rotation=rotation
        )
        for tile in (tile_index, neighbour):
            if tile is None:
                continue
            origin = ((tile % columns) * TILE_PIXELS, (tile // columns) * TILE_PIXELS)
            position = (center[0] - origin[0], center[1] - origin[1])
            links.append(
                AtlasTileGridSquarePositionData(
                    tile_uuid=tile_uuids[tile],
                    gridsquare_uuid=square_uuid,
                    position=position,
                    size=(side, side),
                )
            )
            on_tile.setdefault(tile, {})[square_id] = (
                AtlasTileGridSquarePosition(position=position, size=(side, side)),
            )
        foilholes[square_uuid] = holes

    tiles = tuple(
        AtlasTileData(
            id=f"{number}{index:03d}",
            tile_position=AtlasTilePosition(
                position=((index % columns) * TILE_PIXELS, (index // columns) * TILE_PIXELS),
                size=(TILE_PIXELS, TILE_PIXELS),
            ),
            file_format="mrc",
            base_filename=f"Tile_{index // columns}-{index % columns}",
            atlas_uuid=atlas_uuid,
            uuid=tile_uuids[index],
            gridsquare_positions=on_tile.get(index, {}),
        )
        for index in range(sizes.tiles)
    )
    atlas = AtlasData(
        id=f"Atlas_{started:%Y%m%d_%H%M%S}",
        acquisition_date=started,
        storage_folder=str(atlas_dir),
        description=f"{rows}x{columns} atlas of grid {number}",
        name=f"Atlas grid {number}",
        tiles=tiles,
        gridsquare_positions=square_positions,
        grid_uuid=grid_uuid,
        uuid=atlas_uuid,
    )
    grid = GridData(
        data_dir=str(data_dir),
        atlas_dir=str(atlas_dir),
        acquisition_data=acquisition,
        atlas_data=atlas,
        uuid=grid_uuid,
    )
    session = GridSession(
        grid=grid,
        atlas=atlas,
        gridsquares=tuple(squares),
        tile_links=tuple(links),
        foilholes=foilholes,
        micrographs=(),
    )
    micrographs = _micrographs(rng, sizes.micrographs, session, squares, started)
    return attrs.evolve(session, micrographs=micrographs)


def _neighbour(tile: int, columns: int, count: int, rng: random.Random) -> int | None:
    """A tile sharing an edge with ``tile``, if it has one."""
    row, column = divmod(tile, columns)
    candidates = [
        r * columns + c
        for r, c in ((row, column - 1), (row, column + 1), (row - 1, column), (row + 1, column))
        if 0 <= c < columns and r >= 0 and r * columns + c < count
    ]
    return rng.choice(candidates) if candidates else None


def _onto_edge(
    center: tuple[int, int], tile: int, neighbour: int, columns: int, rng: random.Random
) -> tuple[int, int]:
    """Move ``center`` onto the edge ``tile`` shares with ``neighbour`` (within 40 px)."""
    row, column = divmod(tile, columns)
    other_row, other_column = divmod(neighbour, columns)
    offset = rng.randint(-40, 40)
    if other_row == row:  # left or right neighbour: a vertical edge
        edge = max(column, other_column) * TILE_PIXELS
        return (edge + offset, center[1])
    edge = max(row, other_row) * TILE_PIXELS
    return (center[0], edge + offset)


def _foilholes(
    rng: random.Random, ids: _EpuIds, count: int, square_id: str, square_uuid: str
) -> tuple[FoilHoleData, ...]:
    """``count`` holes on a hexagonal lattice; those nearest the square's edge are on the bar."""
    if count == 0:
        return ()
    per_row = math.ceil(math.sqrt(count))
    rows = math.ceil(count / per_row)
    pitch = SQUARE_IMAGE_PIXELS * 0.8 / max(per_row, rows)
    margin = (SQUARE_IMAGE_PIXELS - pitch * (per_row - 0.5)) / 2
    diameter = max(8, round(pitch * 0.45))
    spots: list[tuple[float, float]] = []
    for index in range(count):
        row, column = divmod(index, per_row)
        x = margin + pitch * (column + (0.5 if row % 2 else 0.0)) + rng.uniform(-3, 3)
        y = margin + pitch * row + rng.uniform(-3, 3)
        spots.append((x, y))
    # Expected share NEAR_GRID_BAR_SHARE, whatever the count: round randomly up or down.
    near = min(count, math.floor(count * NEAR_GRID_BAR_SHARE + rng.random()))
    by_edge = sorted(range(count), key=lambda i: _edge_distance(spots[i]))
    on_bar = set(by_edge[:near])
    holes: list[FoilHoleData] = []
    for index, (x, y) in enumerate(spots):
        holes.append(
            FoilHoleData(
                id=ids.next(8),
                gridsquare_id=square_id,
                gridsquare_uuid=square_uuid,
                center_x=round(x, 2),
                center_y=round(y, 2),
                quality=round(rng.uniform(0.2, 1.0), 3),
                rotation=0.0,
                size_width=float(diameter),
                size_height=float(diameter),
                x_location=round(x),
                y_location=round(y),
                x_stage_position=round((x - SQUARE_IMAGE_PIXELS / 2) * 3.6e-8, 12),
                y_stage_position=round((y - SQUARE_IMAGE_PIXELS / 2) * 3.6e-8, 12),
                diameter=diameter,
                is_near_grid_bar=index in on_bar,
                uuid=_uuid(rng),
            )
        )
    return tuple(holes)


def _edge_distance(spot: tuple[float, float]) -> float:
    x, y = spot
    return min(x, y, SQUARE_IMAGE_PIXELS - x, SQUARE_IMAGE_PIXELS - y)


def _micrographs(
    rng: random.Random,
    count: int,
    session: GridSession,
    squares: list[GridSquareData],
    started: datetime,
) -> tuple[MicrographData, ...]:
    """``count`` exposures, a few per hole, over randomly chosen registered holes."""
    if count == 0:
        return ()
    off_bar = session.registered_foilholes()
    registered = [hole for square in squares for hole in off_bar[square.uuid]]
    if not registered:
        raise ValueError("micrographs need foil holes off the grid bar; raise --foilholes")
    exposures_per_hole = 4
    holes_needed = math.ceil(count / exposures_per_hole)
    chosen = (
        rng.sample(registered, holes_needed)
        if holes_needed <= len(registered)
        else [rng.choice(registered) for _ in range(holes_needed)]
    )
    data_dir = PurePosixPath(str(session.grid.data_dir))
    taken: dict[str, int] = {}
    micrographs: list[MicrographData] = []
    moment = started + timedelta(hours=1)
    for index in range(count):
        hole = chosen[index // exposures_per_hole]
        location = taken.get(hole.uuid, 0) + 1
        taken[hole.uuid] = location
        moment += timedelta(seconds=rng.randint(15, 25))
        name = f"FoilHole_{hole.id}_Data_{location}_{index + 1}_{moment:%Y%m%d_%H%M%S}"
        folder = data_dir / "Images-Disc1" / f"GridSquare_{hole.gridsquare_id}" / "Data"
        micrographs.append(
            MicrographData(
                id=name,
                gridsquare_id=str(hole.gridsquare_id),
                foilhole_uuid=hole.uuid,
                foilhole_id=hole.id,
                location_id=str(location),
                high_res_path=str(folder / f"{name}_fractions.tiff"),
                manifest_file=str(folder / f"{name}.xml"),
                manifest=MicrographManifest(
                    unique_id=f"{hole.id}-{location}-{index + 1}",
                    acquisition_datetime=moment,
                    defocus=round(rng.choice((-0.8, -1.0, -1.2, -1.5, -1.8, -2.0)) * 1e-6, 9),
                    detector_name="EF-Falcon",
                    energy_filter=True,
                    phase_plate=False,
                    image_size_x=4096,
                    image_size_y=4096,
                    binning_x=1,
                    binning_y=1,
                ),
                uuid=_uuid(rng),
            )
        )
    return tuple(micrographs)
