"""Tile links whose answers were lost: a re-run settles them and tells the truth (fake)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from smartem_ext import IdCache, LinkConflict, NotFound, PartialFailure, SmartEMAPIClient
from smartem_ext.errors import LinkParentsNotFound
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


def _made_since(fake: FakeSmartEMBackend, before: int) -> list[tuple[str, str]]:
    return [(record.method, record.path) for record in fake.request_log[before:]]


def test_a_list_naming_a_square_the_backend_lacks_fails_at_once_naming_it(
    fake: FakeSmartEMBackend,
) -> None:
    with SmartEMAPIClient(fake.url, retry=None) as api:
        tile, squares = _tile_and_squares(api, 6)
        stranger = epu.new_uuid()
        positions = [epu.placement(tile, s, n) for n, s in enumerate([*squares, stranger])]
        before = len(fake.request_log)
        with pytest.raises(NotFound) as raised:
            api.link_atlas_tile_and_gridsquares(positions)
        made = _made_since(fake, before)
        # The same list without the stranger lands whole.
        links = api.link_atlas_tile_and_gridsquares(positions[:-1])
    failure = raised.value
    assert isinstance(failure, LinkParentsNotFound)
    assert (failure.tiles, failure.gridsquares) == ([], [stranger])
    assert stranger in str(failure) and "1 grid square not found" in str(failure)
    # One list request, then one round of reads: the tile, its atlas, the grid's squares
    # and the one square not listed there. No halving.
    assert [method for method, _ in made] == ["POST", "GET", "GET", "GET", "GET"]
    assert made[-1] == ("GET", f"/gridsquares/{stranger}")
    assert [link.gridsquare_uuid for link in links] == squares
    assert _links_of(fake, tile) == Counter(squares)


def test_a_list_on_a_tile_the_backend_lacks_fails_at_once_naming_the_tile(
    fake: FakeSmartEMBackend,
) -> None:
    with SmartEMAPIClient(fake.url, retry=None) as api:
        _, squares = _tile_and_squares(api, 5)
        ghost = epu.new_uuid()
        before = len(fake.request_log)
        with pytest.raises(LinkParentsNotFound) as raised:
            api.link_atlas_tile_and_gridsquares(
                [epu.placement(ghost, s, n) for n, s in enumerate(squares)]
            )
        made = _made_since(fake, before)
    assert (raised.value.tiles, raised.value.gridsquares) == ([ghost], [])
    assert ghost in str(raised.value)
    assert made == [("POST", f"/atlas-tiles/{ghost}/gridsquares"), ("GET", f"/atlas-tiles/{ghost}")]
    assert _links_of(fake, ghost) == Counter()


def test_the_single_link_call_names_the_square_the_backend_lacks(
    fake: FakeSmartEMBackend,
) -> None:
    with SmartEMAPIClient(fake.url, retry=None) as api:
        tile, _ = _tile_and_squares(api, 1)
        stranger = epu.new_uuid()
        before = len(fake.request_log)
        with pytest.raises(LinkParentsNotFound) as raised:
            api.link_atlas_tile_and_gridsquare(epu.placement(tile, stranger, 0))
        made = _made_since(fake, before)
    assert raised.value.gridsquares == [stranger]
    assert raised.value.path == f"/atlas-tiles/{tile}/gridsquares/{stranger}"
    assert [path for _, path in made[1:]] == [f"/atlas-tiles/{tile}", f"/gridsquares/{stranger}"]


def test_lists_of_several_tiles_lacking_parents_fail_together_and_one_that_lands_is_kept(
    fake: FakeSmartEMBackend,
) -> None:
    with SmartEMAPIClient(fake.url, retry=None) as api:
        tile, squares = _tile_and_squares(api, 4)
        ghost, stranger = epu.new_uuid(), epu.new_uuid()
        on_ghost = [epu.placement(ghost, s, n) for n, s in enumerate(squares[:2])]
        strangers = [epu.placement(tile, stranger, 9)]
        with pytest.raises(LinkParentsNotFound) as missing:
            api.link_atlas_tile_and_gridsquares([*on_ghost, *strangers])
        fine = [epu.placement(tile, s, n) for n, s in enumerate(squares[2:])]
        with pytest.raises(PartialFailure) as partial:
            api.link_atlas_tile_and_gridsquares([*on_ghost, *fine])
    # Nothing landed: one NotFound names every tile and square that is missing.
    assert (missing.value.tiles, missing.value.gridsquares) == ([ghost], [stranger])
    # The other tile's list landed: a PartialFailure, its cause the missing tile.
    failure = partial.value
    assert failure.landed == [f"{tile}/{s}" for s in squares[2:]]
    assert failure.failed == [f"{ghost}/{s}" for s in squares[:2]]
    assert failure.unknown == []
    assert isinstance(failure.errors[0], LinkParentsNotFound)
    assert ghost in str(failure)
    assert _links_of(fake, tile) == Counter(squares[2:])


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


class _CountingCache(IdCache):
    """An ID cache that counts the links recorded in it, pair by pair."""

    def __init__(self) -> None:
        super().__init__()
        self.link_pairs = 0

    def record_many(self, kind: Any, parent: Any, pairs: Any) -> int:
        pairs = list(pairs)
        if kind == "tile_link":
            self.link_pairs += len(pairs)
        return super().record_many(kind, parent, pairs)


def test_each_answered_link_is_recorded_once_and_a_stored_one_too(
    fake: FakeSmartEMBackend,
) -> None:
    cache = _CountingCache()
    with SmartEMAPIClient(fake.url, retry=None, id_cache=cache) as api:
        tile, squares = _tile_and_squares(api, 12)
        api.link_atlas_tile_and_gridsquares(
            [epu.placement(tile, square, n) for n, square in enumerate(squares[:8])]
        )
        assert cache.link_pairs == 8
    # A new process that never saw those answers: 8 links are found stored, 4 are answered.
    again = _CountingCache()
    with SmartEMAPIClient(fake.url, retry=None, id_cache=again) as rerun:
        rerun.link_atlas_tile_and_gridsquares(
            [epu.placement(tile, square, n) for n, square in enumerate(squares)]
        )
    assert again.link_pairs == 12
    assert all(again.tile_link(tile, square) for square in squares)
