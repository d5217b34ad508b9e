"""An agent that writes a seeded EPU session through an Outbox: the subject of crash tests.

``python -m tests.support.outbox_writer URL OUTBOX SEED SQUARES HOLES [--from N] [--token T]``

Every entity's uuid is derived from the seed, so a restarted writer makes the same
session. Writes go one entity per call (the existing agent's pattern) in the order
:func:`session` lists them, starting at index ``--from``; after each write returns the
writer prints ``written <index>`` and flushes, so a test knows what the outbox took
before the process was killed. At the end it drains the outbox and prints ``drained``.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import attrs

from smartem_ext import (
    AcquisitionData,
    AtlasData,
    AtlasTileData,
    BearerToken,
    GridSquareData,
    SmartEMAPIClient,
)
from smartem_ext.outbox import Outbox
from tests.support import epu_data as epu

Write = tuple[str, str, Callable[[Outbox], None]]
"""(table, uuid, the write)."""


def _uuid(seed: int, name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"outbox-writer/{seed}/{name}"))


def _local(moment: datetime) -> datetime:
    # The backend stores naive timestamps and answers 500 to an aware one.
    return moment.replace(tzinfo=None)


def acquisition(seed: int) -> AcquisitionData:
    """The session's acquisition, its uuid derived from the seed."""
    entity = epu.acquisition()
    assert entity.start_time is not None
    return attrs.evolve(
        entity,
        id=f"EPU-{seed}",
        uuid=_uuid(seed, "acquisition"),
        start_time=_local(entity.start_time),
    )


def gridsquare(grid_uuid: str, gridsquare_id: str, uuid: str | None = None) -> GridSquareData:
    """A grid square whose manifest time the backend can store."""
    square = epu.gridsquare(grid_uuid, gridsquare_id)
    assert square.manifest is not None
    manifest = attrs.evolve(
        square.manifest, acquisition_datetime=_local(square.manifest.acquisition_datetime)
    )
    return attrs.evolve(square, manifest=manifest, uuid=uuid or square.uuid)


def atlas_with(grid_uuid: str, tiles: list[AtlasTileData]) -> AtlasData:
    """The grid's atlas holding ``tiles``, with a time the backend can store."""
    atlas = epu.atlas(grid_uuid, tiles=0)
    return attrs.evolve(atlas, tiles=tiles, acquisition_date=_local(atlas.acquisition_date))


def session(seed: int, squares: int, holes: int) -> Iterator[Write]:
    """The session's writes in agent order: acquisition, grid, atlas, then square by square."""
    first = acquisition(seed)
    grid = attrs.evolve(
        epu.grid(first),
        data_dir=epu.VISIT / "raw" / f"seed-{seed}" / "Images-Disc1",
        uuid=_uuid(seed, "grid"),
    )
    tile = attrs.evolve(epu.atlas_tile(0), uuid=_uuid(seed, "tile"))
    atlas = attrs.evolve(atlas_with(grid.uuid, [tile]), uuid=_uuid(seed, "atlas"))
    tile = atlas.tiles[0]
    yield "acquisition", first.uuid, lambda o: o.create_acquisition(first)
    yield "grid", grid.uuid, lambda o: o.create_acquisition_grid(grid)
    yield "atlas", atlas.uuid, lambda o: o.create_grid_atlas(atlas)
    for s in range(squares):
        square = gridsquare(grid.uuid, str(s + 1), _uuid(seed, f"sq{s}"))
        yield "gridsquare", square.uuid, _bind("create_grid_gridsquare", square)
        link = epu.placement(tile.uuid, square.uuid, s)
        yield (
            "atlastilegridsquareposition",
            square.uuid,
            _bind("link_atlas_tile_and_gridsquare", link),
        )
        for h in range(holes):
            hole = attrs.evolve(
                epu.foilhole(square.uuid, str(s + 1), f"{s + 1}{h:04d}"),
                uuid=_uuid(seed, f"sq{s}h{h}"),
            )
            yield "foilhole", hole.uuid, _bind_holes(square.uuid, hole)


def _bind(method: str, entity: Any) -> Callable[[Outbox], None]:
    return lambda outbox: getattr(outbox, method)(entity)


def _bind_holes(gridsquare_uuid: str, hole: Any) -> Callable[[Outbox], None]:
    return lambda outbox: outbox.create_gridsquare_foilholes(gridsquare_uuid, [hole])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("outbox")
    parser.add_argument("seed", type=int)
    parser.add_argument("squares", type=int)
    parser.add_argument("holes", type=int)
    parser.add_argument("--from", dest="start", type=int, default=0)
    parser.add_argument("--token")
    args = parser.parse_args(argv)
    auth = BearerToken(args.token) if args.token else None
    with (
        SmartEMAPIClient(args.url, 5.0, auth=auth) as api,
        Outbox(api, args.outbox, retry_first=0.05, retry_cap=0.5, drain_timeout=120) as outbox,
    ):
        for index, (_, _, write) in enumerate(session(args.seed, args.squares, args.holes)):
            if index < args.start:
                continue
            write(outbox)
            print(f"written {index}", flush=True)
        drained = outbox.flush(120)
    print("drained" if drained else "not drained", flush=True)
    return 0 if drained else 1


if __name__ == "__main__":
    sys.exit(main())
