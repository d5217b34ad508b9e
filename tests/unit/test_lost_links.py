"""Tile links whose answers were lost: a re-run settles them and tells the truth (fake)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from smartem_ext import LinkConflict, PartialFailure, SmartEMAPIClient
from smartem_ext.testing import FakeSmartEMBackend
from tests.support import epu_data as epu


@pytest.fixture
def fake() -> Iterator[FakeSmartEMBackend]:
    with FakeSmartEMBackend() as backend:
        yield backend


def _tile_and_squares(api: SmartEMAPIClient, squares: int) -> tuple[str, list[str]]:
    acquisition = epu.acquisition()
    api.create_acquisition(acquisition)
    grid = epu.grid(acquisition)
    api.create_acquisition_grid(grid)
    atlas = epu.atlas(grid.uuid, tiles=1)
    api.create_grid_atlas(atlas)
    made = api.create_grid_gridsquares(
        grid.uuid, [epu.gridsquare(grid.uuid, str(n + 1)) for n in range(squares)]
    )
    return atlas.tiles[0].uuid, [square.uuid for square in made]


def _links_of(fake: FakeSmartEMBackend, tile: str) -> Counter[str]:
    return Counter(
        row["gridsquare_uuid"]
        for row in fake.entities("tile_link")
        if row["atlastile_uuid"] == tile
    )


def test_a_rerun_by_a_client_that_never_saw_the_answers_completes(fake: FakeSmartEMBackend) -> None:
    with SmartEMAPIClient(fake.url, retry=None) as first:
        tile, squares = _tile_and_squares(first, 40)
        landed = [epu.placement(tile, square, n) for n, square in enumerate(squares[:32])]
        first.link_atlas_tile_and_gridsquares(landed)
    everything = [epu.placement(tile, square, n) for n, square in enumerate(squares)]
    # A new process: its IdCache knows none of the 32 links the backend holds.
    with SmartEMAPIClient(fake.url, retry=None) as rerun:
        before = fake.request_count
        links = rerun.link_atlas_tile_and_gridsquares(everything)
        requests = fake.request_count - before
    assert [link.gridsquare_uuid for link in links] == squares
    assert _links_of(fake, tile) == Counter(squares)
    # Halving: at most 2n - 1 link requests, one read of the tile and one per stored link.
    assert requests <= (2 * 40 - 1) + 1 + 32


def test_a_link_to_a_square_that_does_not_exist_fails_and_the_rest_land(
    fake: FakeSmartEMBackend,
) -> None:
    with SmartEMAPIClient(fake.url, retry=None) as api:
        tile, squares = _tile_and_squares(api, 6)
        stranger = epu.new_uuid()
        positions = [epu.placement(tile, s, n) for n, s in enumerate([*squares, stranger])]
        with pytest.raises(PartialFailure) as raised:
            api.link_atlas_tile_and_gridsquares(positions)
    failure = raised.value
    assert failure.failed == [f"{tile}/{stranger}"]
    assert failure.unknown == []
    assert sorted(failure.landed) == sorted(f"{tile}/{s}" for s in squares)
    assert _links_of(fake, tile) == Counter(squares)


def test_the_single_link_call_answers_a_confirmed_pair_without_a_request(
    fake: FakeSmartEMBackend,
) -> None:
    with SmartEMAPIClient(fake.url, retry=None) as api:
        tile, [square] = _tile_and_squares(api, 1)
        position = epu.placement(tile, square, 3)
        first = api.link_atlas_tile_and_gridsquare(position)
        before = fake.request_count
        again = api.link_atlas_tile_and_gridsquare(position)
        assert fake.request_count == before
        assert again == first
        moved = epu.placement(tile, square, 4)
        with pytest.raises(LinkConflict, match=square) as raised:
            api.link_atlas_tile_and_gridsquare(moved)
        with pytest.raises(LinkConflict):
            api.link_atlas_tile_and_gridsquares([moved])
        assert fake.request_count == before
    assert raised.value.tile_uuid == tile
    assert _links_of(fake, tile) == Counter([square])


def test_the_single_link_call_settles_a_link_it_never_heard_back_about(
    fake: FakeSmartEMBackend,
) -> None:
    with SmartEMAPIClient(fake.url, retry=None) as first:
        tile, [square] = _tile_and_squares(first, 1)
        first.link_atlas_tile_and_gridsquare(epu.placement(tile, square, 1))
    with SmartEMAPIClient(fake.url, retry=None) as rerun:
        link = rerun.link_atlas_tile_and_gridsquare(epu.placement(tile, square, 1))
        assert rerun.id_cache.tile_link(tile, square)
    assert (link.atlastile_uuid, link.gridsquare_uuid) == (tile, square)
    assert _links_of(fake, tile) == Counter([square])
