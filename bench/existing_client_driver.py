"""Drive workload W through the existing hand-written client, the way its agent does.

Runs under the backend's own Python (where ``smartem_backend`` and ``smartem_common`` are
installed), started by ``bench_client.py``::

    SMARTEM_BENCH_TOKEN=... python bench/existing_client_driver.py --url URL --scale S --seed N

W is registered as ``smartem_agent`` registers it: one request per grid square
(``create_grid_gridsquare``), one link request per tile with that tile's positions
(``link_atlas_tile_and_gridsquares``), one list request per square for its foil holes
(``create_gridsquare_foilholes``) and one request per micrograph. Authentication goes
through the client's own ``keycloak_client`` hook (an object with ``get_token()`` and
``invalidate()``), which adds ``Authorization: Bearer`` to every request. Prints one JSON
object: wall and CPU seconds (``time.process_time`` of this process) per phase.

With ``--squares N`` it drives the per-hole pattern instead (bench_outbox.py): N squares
of 100 holes, one request per square and one per hole, as the files appear.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from smartem_backend.api_client import SmartEMAPIClient  # type: ignore[import-not-found]
from smartem_common.schemas import (  # type: ignore[import-not-found]
    AcquisitionData,
    AtlasData,
    AtlasTileGridSquarePositionData,
    FoilHoleData,
    GridData,
    GridSquareData,
    MicrographData,
)
from workload import Shape, Workload, build


class StaticToken:
    """The part of ``KeycloakClient`` the existing client calls: a fixed bearer token."""

    def __init__(self, token: str) -> None:
        self._token = token

    def get_token(self) -> str:
        return self._token

    def invalidate(self) -> None:
        """A fixed token cannot be refreshed; the retried request fails again."""


def to_models(w: Workload) -> dict[str, Any]:
    """The existing client's own EPU data classes (pydantic, from smartem_common)."""
    acquisition = AcquisitionData.model_validate(w.acquisition)
    grid = GridData.model_validate({**w.grid, "acquisition_data": acquisition})
    atlas = AtlasData.model_validate(
        {
            **w.atlas,
            "grid_uuid": grid.uuid,
            "gridsquare_positions": None,
            "tiles": [{**tile, "atlas_uuid": w.atlas["uuid"]} for tile in w.atlas["tiles"]],
        }
    )
    return {
        "acquisition": acquisition,
        "grid": grid,
        "atlas": atlas,
        "gridsquares": [
            GridSquareData.model_validate({**square, "grid_uuid": grid.uuid})
            for square in w.gridsquares
        ],
        "links": [
            [AtlasTileGridSquarePositionData.model_validate(link) for link in links]
            for links in w.links.values()
            if links
        ],
        "foilholes": {
            square: [FoilHoleData.model_validate(hole) for hole in holes]
            for square, holes in w.foilholes.items()
        },
        "micrographs": [MicrographData.model_validate(m) for m in w.micrographs],
    }


def run(url: str, token: str, w: Workload) -> dict[str, Any]:
    data = to_models(w)
    gc.collect()
    gc.freeze()  # W's inputs are not the client's: keep collections from walking them
    phases: dict[str, dict[str, float]] = {}
    client = SmartEMAPIClient(base_url=url, keycloak_client=StaticToken(token))
    created = 0
    requests = 0

    def phase(name: str, wall0: float, cpu0: float) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        phases[name] = {"wall_s": wall - wall0, "cpu_s": cpu - cpu0}
        return wall, cpu

    wall_start, cpu_start = time.perf_counter(), time.process_time()
    wall0, cpu0 = wall_start, cpu_start
    assert client.create_acquisition(data["acquisition"]) is not None
    assert client.create_acquisition_grid(data["grid"]) is not None
    assert client.create_grid_atlas(data["atlas"]) is not None
    created += 3 + len(data["atlas"].tiles)  # the tiles are created inline with the atlas
    requests += 3
    wall0, cpu0 = phase("setup", wall0, cpu0)

    for square in data["gridsquares"]:
        assert client.create_grid_gridsquare(square) is not None
        created += 1
        requests += 1
    wall0, cpu0 = phase("gridsquares", wall0, cpu0)

    for positions in data["links"]:
        created += len(client.link_atlas_tile_and_gridsquares(positions))
        requests += 1
    wall0, cpu0 = phase("tile_links", wall0, cpu0)

    for square_uuid, holes in data["foilholes"].items():
        created += len(client.create_gridsquare_foilholes(square_uuid, holes))
        requests += 1
    wall0, cpu0 = phase("foilholes", wall0, cpu0)

    for micrograph in data["micrographs"]:
        assert client.create_foilhole_micrograph(micrograph) is not None
        created += 1
        requests += 1
    phase("micrographs", wall0, cpu0)

    wall, cpu = time.perf_counter() - wall_start, time.process_time() - cpu_start
    client.close()
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "created": created,
        "requests": requests,
        "phases": phases,
        "python": sys.version.split()[0],
    }


def run_per_hole(url: str, token: str, w: Workload) -> dict[str, Any]:
    """The agent's pattern as files appear: one request per grid square and per foil hole."""
    data = to_models(w)
    gc.collect()
    gc.freeze()
    client = SmartEMAPIClient(base_url=url, keycloak_client=StaticToken(token))
    wall0, cpu0 = time.perf_counter(), time.process_time()
    assert client.create_acquisition(data["acquisition"]) is not None
    assert client.create_acquisition_grid(data["grid"]) is not None
    created = requests = 2
    for square in data["gridsquares"]:
        assert client.create_grid_gridsquare(square) is not None
        created += 1
        requests += 1
        for hole in data["foilholes"][square.uuid]:
            created += len(client.create_gridsquare_foilholes(square.uuid, [hole]))
            requests += 1
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    client.close()
    return {"wall_s": wall, "cpu_s": cpu, "created": created, "requests": requests}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument(
        "--squares", type=int, help="per-hole pattern: this many squares (of 100 holes), only"
    )
    args = parser.parse_args()
    token = os.environ.get("SMARTEM_BENCH_TOKEN", "")
    if not token:
        parser.error("SMARTEM_BENCH_TOKEN is not set")
    if args.squares:
        shape = Shape(tiles=1, gridsquares=args.squares, micrographs=0)
        result = run_per_hole(args.url, token, build(shape, args.seed))
    else:
        result = run(args.url, token, build(Shape.scaled(args.scale), args.seed))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
