"""smartem_ext.cli._demo_session: the synthetic EPU session behind `smartem-ext demo`."""

from __future__ import annotations

import pytest

from smartem_ext.cli._demo_session import (
    NEAR_GRID_BAR_SHARE,
    TILE_PIXELS,
    DemoSession,
    DemoSizes,
    generate_session,
)
from smartem_ext.converter import EntityConverter

SMALL = DemoSizes(grids=2, tiles=6, gridsquares=30, foilholes=12, micrographs=25)


@pytest.fixture(scope="module")
def default_session() -> DemoSession:
    return generate_session(DemoSizes(), seed=2024)


def test_same_seed_gives_the_same_session() -> None:
    assert generate_session(SMALL, seed=5) == generate_session(SMALL, seed=5)


def test_other_seed_gives_other_uuids_and_ids() -> None:
    first, second = generate_session(SMALL, seed=5), generate_session(SMALL, seed=6)
    assert first.acquisition.uuid != second.acquisition.uuid
    assert {s.gridsquare_id for g in first.grids for s in g.gridsquares} != {
        s.gridsquare_id for g in second.grids for s in g.gridsquares
    }


def test_sizes_match_the_flags() -> None:
    session = generate_session(SMALL, seed=1)
    assert len(session.grids) == SMALL.grids
    for grid in session.grids:
        assert len(grid.tiles) == SMALL.tiles
        assert len(grid.gridsquares) == SMALL.gridsquares
        assert len(grid.foilholes) == SMALL.gridsquares
        assert all(len(holes) == SMALL.foilholes for holes in grid.foilholes.values())
        assert len(grid.micrographs) == SMALL.micrographs
    counts = session.counts()
    assert counts["grid"] == counts["atlas"] == SMALL.grids
    assert counts["atlas_tile"] == SMALL.grids * SMALL.tiles
    assert counts["gridsquare"] == SMALL.grids * SMALL.gridsquares
    assert counts["micrograph"] == SMALL.grids * SMALL.micrographs
    found = SMALL.grids * SMALL.gridsquares * SMALL.foilholes
    assert counts["foilhole"] + session.near_grid_bar() == found


def test_default_sizes(default_session: DemoSession) -> None:
    counts = default_session.counts()
    assert counts["gridsquare"] == 400
    assert counts["foilhole"] + default_session.near_grid_bar() == 20_000
    assert counts["micrograph"] == 400


def test_about_five_percent_of_foil_holes_are_near_the_grid_bar(
    default_session: DemoSession,
) -> None:
    share = default_session.near_grid_bar() / 20_000
    assert abs(share - NEAR_GRID_BAR_SHARE) < 0.01


def test_every_grid_square_is_on_one_or_two_tiles(default_session: DemoSession) -> None:
    for grid in default_session.grids:
        tiles = {tile.uuid: tile for tile in grid.tiles}
        links_per_square: dict[str, int] = {}
        for link in grid.tile_links:
            assert link.tile_uuid in tiles
            links_per_square[str(link.gridsquare_uuid)] = (
                links_per_square.get(str(link.gridsquare_uuid), 0) + 1
            )
        assert set(links_per_square) == {square.uuid for square in grid.gridsquares}
        assert set(links_per_square.values()) <= {1, 2}
        assert 2 in links_per_square.values()  # some squares straddle a tile edge


def test_link_positions_are_the_square_centre_relative_to_the_tile() -> None:
    session = generate_session(SMALL, seed=9)
    for grid in session.grids:
        tiles = {tile.uuid: tile for tile in grid.tiles}
        squares = {square.uuid: square for square in grid.gridsquares}
        for link in grid.tile_links:
            origin = tiles[str(link.tile_uuid)].tile_position.position
            square = squares[str(link.gridsquare_uuid)]
            assert origin is not None
            assert (origin[0] + link.position[0], origin[1] + link.position[1]) == (
                square.center_x,
                square.center_y,
            )
            assert abs(link.position[0]) < TILE_PIXELS + 100
            assert abs(link.position[1]) < TILE_PIXELS + 100


def test_micrographs_are_on_holes_off_the_grid_bar() -> None:
    session = generate_session(SMALL, seed=3)
    for grid in session.grids:
        registered = {h.uuid for holes in grid.registered_foilholes().values() for h in holes}
        near_bar = {h.uuid for holes in grid.foilholes.values() for h in holes} - registered
        assert near_bar or session.near_grid_bar() == 0
        assert {m.foilhole_uuid for m in grid.micrographs} <= registered


def test_uuids_are_unique_and_parents_are_set() -> None:
    session = generate_session(SMALL, seed=4)
    uuids = [session.acquisition.uuid]
    for grid in session.grids:
        assert grid.grid.acquisition_data == session.acquisition
        assert grid.atlas.grid_uuid == grid.grid.uuid
        uuids += [grid.grid.uuid, grid.atlas.uuid]
        uuids += [tile.uuid for tile in grid.tiles]
        for square in grid.gridsquares:
            assert square.grid_uuid == grid.grid.uuid
            holes = grid.foilholes[square.uuid]
            assert all(hole.gridsquare_uuid == square.uuid for hole in holes)
            assert square.metadata is not None
            assert set(square.metadata.foilhole_positions) == {int(hole.id) for hole in holes}
            uuids.append(square.uuid)
            uuids += [hole.uuid for hole in holes]
        uuids += [m.uuid for m in grid.micrographs]
    assert len(uuids) == len(set(uuids))


def test_every_entity_converts_to_a_request() -> None:
    session = generate_session(SMALL, seed=8)
    EntityConverter.acquisition_to_request(session.acquisition)
    for grid in session.grids:
        EntityConverter.grid_to_request(grid.grid)
        EntityConverter.atlas_to_request(grid.atlas)
        for square in grid.gridsquares:
            EntityConverter.gridsquare_to_request(square)
            for hole in grid.foilholes[square.uuid]:
                EntityConverter.foilhole_to_request(hole)
        for link in grid.tile_links:
            EntityConverter.gridsquare_position_to_request(link)
        for micrograph in grid.micrographs:
            EntityConverter.micrograph_to_request(micrograph)


def test_empty_levels_are_allowed_but_micrographs_need_holes() -> None:
    empty = generate_session(DemoSizes(grids=1, tiles=1, gridsquares=0, micrographs=0), seed=1)
    assert empty.counts()["gridsquare"] == 0
    assert empty.grids[0].tile_links == ()
    with pytest.raises(ValueError, match="foil holes"):
        generate_session(DemoSizes(grids=1, gridsquares=2, foilholes=0, micrographs=1), seed=1)


def test_sizes_are_checked() -> None:
    with pytest.raises(ValueError, match="grids"):
        DemoSizes(grids=0)
