"""Workload W for the client benchmarks: deterministic synthetic EPU data as plain dicts.

One acquisition, one grid, one atlas with its tiles, grid squares each placed on one tile,
foil holes per square and micrographs spread over the squares' first holes. Records use the
field names of the EPU data model, so both the project's attrs model and the existing
client's pydantic model can be built from them. Only the standard library is used: the
existing client's driver imports this module from the backend's own virtual environment.

The same ``seed`` gives the same data, uuids included; a different seed gives the same
shape with different uuids (one seed per contender keeps their rows apart).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

Record = dict[str, Any]

FULL_TILES = 64
FULL_GRIDSQUARES = 1000
FOILHOLES_PER_SQUARE = 100
FULL_MICROGRAPHS = 2000


@dataclass(frozen=True)
class Shape:
    """How many of each entity W has; ``scaled`` keeps request sizes and shrinks counts."""

    tiles: int = FULL_TILES
    gridsquares: int = FULL_GRIDSQUARES
    foilholes_per_square: int = FOILHOLES_PER_SQUARE
    micrographs: int = FULL_MICROGRAPHS

    @classmethod
    def scaled(cls, scale: float) -> Shape:
        if not 0 < scale <= 1:
            raise ValueError(f"scale must be in (0, 1], got {scale}")
        squares = max(1, round(FULL_GRIDSQUARES * scale))
        return cls(
            tiles=min(FULL_TILES, squares),
            gridsquares=squares,
            micrographs=max(1, round(FULL_MICROGRAPHS * scale)),
        )

    @property
    def foilholes(self) -> int:
        return self.gridsquares * self.foilholes_per_square

    @property
    def entities(self) -> int:
        """Everything W creates: acquisition, grid, atlas, tiles, squares, links, holes, images."""
        links = self.gridsquares
        return 3 + self.tiles + self.gridsquares + links + self.foilholes + self.micrographs

    def counts(self) -> dict[str, int]:
        return {
            "acquisitions": 1,
            "grids": 1,
            "atlases": 1,
            "atlas_tiles": self.tiles,
            "gridsquares": self.gridsquares,
            "tile_links": self.gridsquares,
            "foilholes": self.foilholes,
            "micrographs": self.micrographs,
            "entities": self.entities,
        }


@dataclass
class Workload:
    """W as records; ``links`` and ``foilholes`` are grouped by tile and by square uuid."""

    shape: Shape
    acquisition: Record
    grid: Record
    atlas: Record
    gridsquares: list[Record]
    links: dict[str, list[Record]]
    foilholes: dict[str, list[Record]]
    micrographs: list[Record]


def _uuids(rng: random.Random) -> Iterator[str]:
    while True:
        yield str(uuid.UUID(int=rng.getrandbits(128), version=4))


def build(shape: Shape, seed: int) -> Workload:
    """W for ``shape``; the same seed always gives the same records."""
    rng = random.Random(seed)
    ids = _uuids(rng)
    started = datetime(2025, 3, 14, 9, 30, 0)
    root = f"/data/epu/session-{seed}"

    acquisition: Record = {
        "id": f"epu-session-{seed}",
        "name": f"Bench session {seed}",
        "start_time": started,
        "atlas_path": f"{root}/atlas",
        "storage_path": root,
        "clustering_mode": "hexagonal",
        "clustering_radius": "6",
        "instrument": {
            "instrument_model": "Krios G4",
            "instrument_id": "KRIOS-1",
            "computer_name": "EPU-PC-01",
        },
        "uuid": next(ids),
    }
    grid: Record = {
        "data_dir": f"{root}/Grid1",
        "atlas_dir": f"{root}/atlas/Grid1",
        "uuid": next(ids),
    }
    atlas_uuid = next(ids)
    tiles: list[Record] = []
    for index in range(shape.tiles):
        tiles.append(
            {
                "id": f"tile-{index}",
                "tile_position": {
                    "position": ((index % 8) * 4096, (index // 8) * 4096),
                    "size": (4096, 4096),
                },
                "file_format": "mrc",
                "base_filename": f"Tile_{index:03d}",
                "uuid": next(ids),
                "gridsquare_positions": {},
            }
        )
    atlas: Record = {
        "id": f"atlas-{seed}",
        "acquisition_date": started - timedelta(hours=1),
        "storage_folder": f"{root}/atlas",
        "description": "benchmark atlas",
        "name": "Atlas_1",
        "tiles": tiles,
        "uuid": atlas_uuid,
    }

    gridsquares: list[Record] = []
    links: dict[str, list[Record]] = {tile["uuid"]: [] for tile in tiles}
    foilholes: dict[str, list[Record]] = {}
    for index in range(shape.gridsquares):
        square_id = str(1_000_000 + index)
        square_uuid = next(ids)
        cx, cy = rng.randrange(200, 32_000), rng.randrange(200, 32_000)
        gridsquares.append(
            {
                "gridsquare_id": square_id,
                "data_dir": f"{root}/Grid1/Images-Disc1/GridSquare_{square_id}",
                "metadata": {
                    "atlas_node_id": index,
                    "stage_position": {
                        "x": rng.uniform(-1e-3, 1e-3),
                        "y": rng.uniform(-1e-3, 1e-3),
                        "z": rng.uniform(-1e-5, 1e-5),
                    },
                    "state": "Defined",
                    "rotation": rng.uniform(-3.1, 3.1),
                    "image_path": f"{root}/Grid1/GridSquare_{square_id}/GridSquare.jpg",
                    "selected": index % 3 == 0,
                    "unusable": False,
                },
                "manifest": {
                    "acquisition_datetime": started + timedelta(seconds=index),
                    "defocus": -2.0e-6,
                    "magnification": 2250.0,
                    "pixel_size": 3.8e-8,
                    "detector_name": "Falcon 4i",
                    "applied_defocus": -2.1e-6,
                },
                "center_x": cx,
                "center_y": cy,
                "size_width": 180,
                "size_height": 180,
                "uuid": square_uuid,
            }
        )
        tile = tiles[index % shape.tiles]
        position = (rng.randrange(0, 4096), rng.randrange(0, 4096))
        tile["gridsquare_positions"][square_id] = [{"position": position, "size": (45, 45)}]
        links[tile["uuid"]].append(
            {
                "tile_uuid": tile["uuid"],
                "gridsquare_uuid": square_uuid,
                "position": position,
                "size": (45, 45),
            }
        )
        holes: list[Record] = []
        for hole in range(shape.foilholes_per_square):
            holes.append(
                {
                    "id": str(30_000_000 + index * 1000 + hole),
                    "gridsquare_id": square_id,
                    "gridsquare_uuid": square_uuid,
                    "center_x": rng.uniform(0, 4096),
                    "center_y": rng.uniform(0, 4096),
                    "quality": rng.random(),
                    "rotation": 0.0,
                    "size_width": 92.5,
                    "size_height": 92.5,
                    "x_location": rng.randrange(0, 4096),
                    "y_location": rng.randrange(0, 4096),
                    "x_stage_position": rng.uniform(-1e-3, 1e-3),
                    "y_stage_position": rng.uniform(-1e-3, 1e-3),
                    "diameter": 93,
                    "is_near_grid_bar": False,
                    "uuid": next(ids),
                }
            )
        foilholes[square_uuid] = holes

    micrographs: list[Record] = []
    for index in range(shape.micrographs):
        square = gridsquares[index % shape.gridsquares]
        foilhole = foilholes[square["uuid"]][
            (index // shape.gridsquares) % shape.foilholes_per_square
        ]
        name = f"FoilHole_{foilhole['id']}_Data_{index}"
        micrographs.append(
            {
                "id": f"micrograph-{index}",
                "gridsquare_id": square["gridsquare_id"],
                "foilhole_uuid": foilhole["uuid"],
                "foilhole_id": foilhole["id"],
                "location_id": str(index % 4),
                "high_res_path": f"{square['data_dir']}/Data/{name}.tiff",
                "manifest_file": f"{square['data_dir']}/Data/{name}.xml",
                "manifest": {
                    "unique_id": f"exposure-{index}",
                    "acquisition_datetime": started + timedelta(minutes=30, seconds=index),
                    "defocus": -1.8e-6,
                    "detector_name": "Falcon 4i",
                    "energy_filter": True,
                    "phase_plate": False,
                    "image_size_x": 4096,
                    "image_size_y": 4096,
                    "binning_x": 1,
                    "binning_y": 1,
                },
                "uuid": next(ids),
            }
        )
    return Workload(shape, acquisition, grid, atlas, gridsquares, links, foilholes, micrographs)
