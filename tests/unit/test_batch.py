"""Bulk registration: grouping, chunking, input order and partial failures, sync and async.

The first half tests the pure job builders and ``settle``; the second half runs the bulk
client methods against the fake backend and checks what it stored and how many requests
it was sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import attrs
import httpx
import pytest

from smartem_api.models import GridSquareBatchCreateRequest
from smartem_ext import (
    AsyncSmartEMAPIClient,
    AtlasTileGridSquarePositionData,
    ConversionError,
    FoilHoleData,
    GridSquareData,
    InvalidResponse,
    MicrographData,
    PartialFailure,
    RetryPolicy,
    ServerError,
    SmartEMAPIClient,
    ValidationFailed,
    _calls,
    batch,
)
from smartem_ext.testing import FakeSmartEMBackend, RequestRecord
from tests.support import epu_data as epu
from tests.support.stub_servers import canned_server

WAIT = 10.0
NO_BACKOFF = RetryPolicy(backoff_factor=0.0)
T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion, bounded in time."""
    return asyncio.run(asyncio.wait_for(coroutine, WAIT * 3))


def job(indices: list[int], keys: list[str], single: bool = False) -> batch.Job[Any]:
    return batch.Job(_calls.get_health(), indices, keys, single)


# ---- chunks and settle ------------------------------------------------------------------------


def test_chunks_are_consecutive_slices_of_at_most_the_size() -> None:
    assert batch.chunks(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert batch.chunks(list(range(6)), 3) == [[0, 1, 2], [3, 4, 5]]
    assert batch.chunks([1, 2], 5) == [[1, 2]]
    assert batch.chunks([], 3) == []


@pytest.mark.parametrize("size", [0, -2])
def test_a_chunk_size_below_one_is_refused(size: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        batch.chunks([1, 2, 3], size)


@pytest.mark.parametrize(
    ("landed", "failed", "unknown", "counts"),
    [
        (0, 0, 279, "none of 279 landed, 279 unknown (may have landed)"),
        (0, 2, 0, "none of 2 landed, 2 failed"),
        (0, 0, 0, "nothing confirmed landed"),  # a copy that was not handed the keys
        (5, 0, 1, "5 of 6 landed, 1 unknown (may have landed)"),
    ],
)
def test_a_partial_failure_names_its_counts_and_first_cause_never_zero_landed_zero_failed(
    landed: int, failed: int, unknown: int, counts: str
) -> None:
    cause = ServerError("POST", "/gridsquares/s/foilholes", 500, "Internal Server Error")
    keys = [f"k{n}" for n in range(landed + failed + unknown)]
    failure = PartialFailure(
        "create_gridsquare_foilholes",
        keys[:landed],
        keys[landed : landed + failed],
        [cause],
        keys[landed + failed :],
    )
    assert str(failure) == (
        f"create_gridsquare_foilholes: {counts}; first cause: ServerError: "
        "POST /gridsquares/s/foilholes -> 500: Internal Server Error"
    )
    assert "0 landed" not in str(failure) and "0 failed" not in str(failure)


def test_settle_puts_results_back_in_input_order() -> None:
    jobs = [job([1, 3], ["b", "d"]), job([4], ["e"], single=True), job([0, 2], ["a", "c"])]
    assert batch.settle("op", 5, jobs, [["B", "D"], "E", ["A", "C"]]) == ["A", "B", "C", "D", "E"]


def test_settle_names_what_landed_what_failed_and_what_may_have_landed() -> None:
    refused = ValidationFailed("POST", "/grids/g/gridsquares/batch", 422, "bad square")
    unanswered = ServerError("POST", "/grids/g/gridsquares/batch", 503, "Service Unavailable")
    jobs = [job([0, 1], ["a", "b"]), job([2, 3], ["c", "d"]), job([4], ["e"]), job([5], ["f"])]

    with pytest.raises(PartialFailure) as raised:
        batch.settle("create_grid_gridsquares", 6, jobs, [["A", "B"], refused, ["E"], unanswered])

    failure = raised.value
    assert (failure.operation, failure.landed, failure.failed, failure.unknown) == (
        "create_grid_gridsquares",
        ["a", "b", "e"],
        ["c", "d"],
        ["f"],
    )
    assert failure.errors == [refused, unanswered]
    assert str(failure) == (
        "create_grid_gridsquares: 3 of 6 landed, 2 failed, 1 unknown (may have landed); "
        "first cause: ValidationFailed: POST /grids/g/gridsquares/batch -> 422: bad square "
        "(1 of 2 errors)"
    )


# ---- job builders -----------------------------------------------------------------------------


def test_link_jobs_group_by_tile_then_chunk_and_remember_input_positions() -> None:
    tiles = [epu.new_uuid() for _ in range(3)]
    squares = [epu.new_uuid() for _ in range(10)]
    positions = [epu.placement(tiles[n % 3], squares[n], n) for n in range(10)]

    jobs, known = batch.link_jobs(positions, chunk_size=2)
    assert known == {}

    assert [(j.call.kwargs["tile_uuid"], j.indices) for j in jobs] == [
        (tiles[0], [0, 3]),
        (tiles[0], [6, 9]),
        (tiles[1], [1, 4]),
        (tiles[1], [7]),
        (tiles[2], [2, 5]),
        (tiles[2], [8]),
    ]
    for each in jobs:
        tile = each.call.kwargs["tile_uuid"]
        sent = each.call.kwargs["body"]
        assert [link.gridsquare_uuid for link in sent] == [squares[i] for i in each.indices]
        assert [link.center_x for link in sent] == [positions[i].position[0] for i in each.indices]
        assert each.keys == [f"{tile}/{squares[i]}" for i in each.indices]


def test_a_link_without_a_tile_is_a_conversion_error() -> None:
    positions = [epu.placement(epu.new_uuid(), epu.new_uuid(), 0)]
    positions.append(
        AtlasTileGridSquarePositionData(
            gridsquare_uuid=epu.new_uuid(), position=(1, 2), size=(52, 52)
        )
    )
    with pytest.raises(ConversionError, match="tile_uuid"):
        batch.link_jobs(positions, chunk_size=10)


def near_bar(number: int, every: int) -> bool:
    return every > 0 and number % every == 3


def _holes(square: str, count: int, near_bar_every: int = 10) -> list[FoilHoleData]:
    """``count`` holes of a square; every ``near_bar_every``-th one near the grid bar (0: none)."""
    return [
        epu.foilhole(
            square,
            "12",
            str(1847000 + n),
            near_grid_bar=bool(near_bar_every) and n % near_bar_every == 3,
        )
        for n in range(count)
    ]


def test_a_foilhole_list_goes_as_the_json_text_httpx_would_send() -> None:
    square = epu.new_uuid()
    holes = [epu.foilhole(square, "Quadrat 12", f"Loch-Ä{n}") for n in range(3)]
    holes[1] = attrs.evolve(holes[1], x_stage_position=1e-7, quality=None)

    _, [job] = batch.foilhole_jobs(square, holes, False, 10)

    content = job.call.request["content"]
    sent = json.loads(content)
    assert [hole["foilhole_id"] for hole in sent] == ["Loch-Ä0", "Loch-Ä1", "Loch-Ä2"]
    assert "quality" not in sent[1] and sent[1]["x_stage_position"] == 1e-7
    assert content == httpx.Request("POST", "http://backend", json=sent).content
    assert "Ä".encode() in content  # UTF-8 as is, not \u escapes


def test_foilhole_jobs_leave_out_holes_near_the_grid_bar_and_chunk_the_rest() -> None:
    square = epu.new_uuid()
    holes = _holes(square, 50)
    on_square = [hole for hole in holes if not hole.is_near_grid_bar]

    kept, jobs = batch.foilhole_jobs(square, holes, False, 7)

    assert kept == len(on_square) == 45
    assert [len(each.keys) for each in jobs] == [7, 7, 7, 7, 7, 7, 3]
    assert [key for each in jobs for key in each.keys] == [hole.uuid for hole in on_square]
    assert [index for each in jobs for index in each.indices] == list(range(45))
    for each in jobs:
        assert each.call.kwargs["gridsquare_uuid"] == square
        sent = json.loads(each.call.request["content"])
        assert [hole["uuid"] for hole in sent] == each.keys
        # The body goes as JSON text made at planning, byte for byte what json= would send.
        as_httpx = httpx.Request("POST", "http://backend", json=sent).content
        assert each.call.request["content"] == as_httpx

    kept_all, jobs_all = batch.foilhole_jobs(square, holes, True, 7)
    assert (kept_all, len(jobs_all)) == (50, 8)


def test_a_foilhole_of_another_square_is_a_conversion_error() -> None:
    square, other = epu.new_uuid(), epu.new_uuid()
    holes = [*_holes(square, 3), epu.foilhole(other, "13", "1849999")]
    with pytest.raises(ConversionError, match="belongs to grid square") as raised:
        batch.foilhole_jobs(square, holes, False, 7)
    assert (raised.value.entity, raised.value.field) == ("FoilHoleData", "gridsquare_uuid")


@pytest.mark.parametrize(
    ("chunk_size", "sizes"),
    [(5000, [1000, 1000, 500]), (1000, [1000, 1000, 500]), (600, [600, 600, 600, 600, 100])],
)
def test_gridsquare_batches_never_exceed_the_backends_limit(
    chunk_size: int, sizes: list[int]
) -> None:
    grid = epu.new_uuid()
    squares = [GridSquareData(gridsquare_id=str(n), grid_uuid=grid) for n in range(2500)]

    jobs = batch.gridsquare_jobs(grid, squares, False, chunk_size)

    bodies = [each.call.kwargs["body"] for each in jobs]
    assert all(isinstance(body, GridSquareBatchCreateRequest) for body in bodies)
    assert [len(body.gridsquares) for body in bodies] == sizes
    assert [index for each in jobs for index in each.indices] == list(range(2500))
    assert [key for each in jobs for key in each.keys] == [square.uuid for square in squares]


def test_micrograph_jobs_are_one_single_create_each() -> None:
    hole = epu.new_uuid()
    shots = [epu.micrograph(hole, "12", "1847020", n) for n in range(3)]
    jobs = batch.micrograph_jobs(shots)
    assert [(each.indices, each.keys, each.single) for each in jobs] == [
        ([n], [shot.uuid], True) for n, shot in enumerate(shots)
    ]


def test_foilholes_of_many_squares_share_one_index_space() -> None:
    squares = [epu.new_uuid() for _ in range(3)]
    holes = {square: _holes(square, n + 4, near_bar_every=4) for n, square in enumerate(squares)}

    total, jobs, spans = batch.foilhole_jobs_by_gridsquare(holes, False, 2)

    kept = {s: [h for h in holes[s] if not h.is_near_grid_bar] for s in squares}
    assert total == sum(len(k) for k in kept.values()) == 3 + 4 + 5
    assert spans == {squares[0]: range(0, 3), squares[1]: range(3, 7), squares[2]: range(7, 12)}
    assert sorted(index for each in jobs for index in each.indices) == list(range(total))
    by_index = {i: k for each in jobs for i, k in zip(each.indices, each.keys, strict=True)}
    assert batch.split([by_index[i] for i in range(total)], spans) == {
        square: [hole.uuid for hole in kept[square]] for square in squares
    }


# ---- against the fake backend -----------------------------------------------------------------


@pytest.fixture(scope="module")
def backend() -> Iterator[FakeSmartEMBackend]:
    with FakeSmartEMBackend(ping_interval=None) as started:
        yield started


@contextlib.contextmanager
def requests_made(backend: FakeSmartEMBackend) -> Iterator[list[RequestRecord]]:
    before = len(backend.request_log)
    made: list[RequestRecord] = []
    yield made
    made.extend(backend.request_log[before:])


def client_of(backend: FakeSmartEMBackend, **options: Any) -> SmartEMAPIClient:
    options.setdefault("retry", NO_BACKOFF)
    return SmartEMAPIClient(backend.url, timeout=WAIT, **options)


def new_grid(backend: FakeSmartEMBackend) -> str:
    with client_of(backend) as api:
        session = epu.acquisition()
        api.create_acquisition(session)
        grid = epu.grid(session)
        api.create_acquisition_grid(grid)
    return grid.uuid


def new_squares(backend: FakeSmartEMBackend, count: int) -> tuple[str, list[GridSquareData]]:
    grid = new_grid(backend)
    squares = [epu.gridsquare(grid, str(n)) for n in range(1, count + 1)]
    with client_of(backend) as api:
        api.create_grid_gridsquares(grid, squares)
    return grid, squares


def new_tiles(backend: FakeSmartEMBackend, grid: str, count: int) -> list[str]:
    atlas = epu.atlas(grid, tiles=count)
    with client_of(backend) as api:
        api.create_grid_atlas(atlas)
    return [tile.uuid for tile in atlas.tiles]


def stored_links(backend: FakeSmartEMBackend, tiles: list[str]) -> set[tuple[str, str]]:
    return {
        (row["atlastile_uuid"], row["gridsquare_uuid"])
        for row in backend.entities("tile_link")
        if row["atlastile_uuid"] in tiles
    }


def holes_of(backend: FakeSmartEMBackend, square: str) -> list[str]:
    return [row["uuid"] for row in backend.entities("foilhole") if row["gridsquare_uuid"] == square]


def posts_to(made: list[RequestRecord], suffix: str) -> list[RequestRecord]:
    return [r for r in made if r.method == "POST" and r.path.endswith(suffix)]


def test_links_across_tiles_in_small_chunks_answer_in_input_order(
    backend: FakeSmartEMBackend,
) -> None:
    grid, squares = new_squares(backend, 11)
    tiles = new_tiles(backend, grid, 3)
    positions = [epu.placement(tiles[n % 3], square.uuid, n) for n, square in enumerate(squares)]

    with client_of(backend, chunk_size=2) as api, requests_made(backend) as made:
        linked = api.link_atlas_tile_and_gridsquares(positions)

    assert [(link.atlastile_uuid, link.gridsquare_uuid) for link in linked] == [
        (p.tile_uuid, p.gridsquare_uuid) for p in positions
    ]
    assert [link.center_x for link in linked] == [p.position[0] for p in positions]
    assert stored_links(backend, tiles) == {(p.tile_uuid, p.gridsquare_uuid) for p in positions}
    # 4, 4 and 3 squares per tile in chunks of 2.
    assert len(posts_to(made, "/gridsquares")) == 2 + 2 + 2


def test_foilholes_in_chunks_of_seven_skip_the_grid_bar_and_keep_input_order(
    backend: FakeSmartEMBackend,
) -> None:
    _, [square] = new_squares(backend, 1)
    holes = _holes(square.uuid, 50)
    on_square = [hole for hole in holes if not hole.is_near_grid_bar]

    with client_of(backend, chunk_size=7) as api, requests_made(backend) as made:
        created = api.create_gridsquare_foilholes(square.uuid, holes)
        cache = api.id_cache

    assert len(posts_to(made, f"/gridsquares/{square.uuid}/foilholes")) == math.ceil(45 / 7)
    assert [hole.uuid for hole in created] == [hole.uuid for hole in on_square]
    assert sorted(holes_of(backend, square.uuid)) == sorted(hole.uuid for hole in on_square)
    assert all(cache.foilhole(square.uuid, hole.id) == hole.uuid for hole in on_square)
    assert cache.count("foilhole") == 45


def test_2500_gridsquares_go_in_three_batches(backend: FakeSmartEMBackend) -> None:
    grid = new_grid(backend)
    squares = [epu.gridsquare(grid, str(100_000 + n)) for n in range(2500)]

    with client_of(backend, chunk_size=5000) as api, requests_made(backend) as made:
        created = api.create_grid_gridsquares(grid, squares)
        assert api.id_cache.count("gridsquare") == 2500

    # The fake refuses batches above 1000 (its default limit), so three 201s mean <= 1000 each.
    assert (
        posts_to(made, "/gridsquares/batch")
        == [RequestRecord("POST", f"/grids/{grid}/gridsquares/batch", 201)] * 3
    )
    assert [square.uuid for square in created] == [square.uuid for square in squares]
    assert sum(row["grid_uuid"] == grid for row in backend.entities("gridsquare")) == 2500


@pytest.mark.parametrize(
    ("policy", "failures"),
    [(None, 1), (RetryPolicy(attempts=1, backoff_factor=0.0), 2)],
    ids=["retries off", "retries exhausted"],
)
def test_a_failed_gridsquare_chunk_is_reported_and_a_rerun_completes_the_job(
    backend: FakeSmartEMBackend, policy: RetryPolicy | None, failures: int
) -> None:
    grid = new_grid(backend)
    squares = [epu.gridsquare(grid, str(n)) for n in range(25)]
    uuids = [square.uuid for square in squares]
    backend.fail_next(failures, 503, path_prefix=f"/grids/{grid}/gridsquares/batch")

    with client_of(backend, chunk_size=10, retry=policy) as api:
        with pytest.raises(PartialFailure) as raised:
            api.create_grid_gridsquares(grid, squares)

        failure = raised.value
        # A 503 does not tell whether the chunk landed: unknown, never failed.
        assert (failure.landed, failure.failed, failure.unknown) == (uuids[10:], [], uuids[:10])
        [error] = failure.errors
        assert isinstance(error, ServerError)
        assert error.status_code == 503
        assert all(api.id_cache.gridsquare(grid, s.gridsquare_id) is None for s in squares[:10])
        assert all(api.id_cache.gridsquare(grid, s.gridsquare_id) == s.uuid for s in squares[10:])

        created = api.create_grid_gridsquares(grid, squares)

        assert [square.uuid for square in created] == uuids
        assert api.stats.recovered_creates == 2  # the two chunks that had landed before
    stored = [row["uuid"] for row in backend.entities("gridsquare") if row["grid_uuid"] == grid]
    assert sorted(stored) == sorted(uuids)


def test_a_failed_square_of_create_foilholes_is_reported_and_a_rerun_completes_the_job(
    backend: FakeSmartEMBackend,
) -> None:
    _, squares = new_squares(backend, 3)
    holes = {s.uuid: _holes(s.uuid, 6, near_bar_every=0) for s in squares}
    middle = squares[1].uuid
    backend.fail_next(1, 503, path_prefix=f"/gridsquares/{middle}/foilholes")

    with client_of(backend, chunk_size=4, retry=None) as api:
        with pytest.raises(PartialFailure) as raised:
            api.create_foilholes(holes)

        first, last = squares[0].uuid, squares[2].uuid
        landed = (*holes[first], *holes[middle][4:], *holes[last])
        assert raised.value.landed == [h.uuid for h in landed]
        assert raised.value.unknown == [h.uuid for h in holes[middle][:4]]  # only one chunk
        assert holes_of(backend, middle) == [h.uuid for h in holes[middle][4:]]
        assert api.id_cache.foilhole(middle, holes[middle][0].id) is None

        created = api.create_foilholes(holes)

    for square in squares:
        expected = [hole.uuid for hole in holes[square.uuid]]
        assert [hole.uuid for hole in created[square.uuid]] == expected
        assert sorted(holes_of(backend, square.uuid)) == sorted(expected)


def test_a_list_nothing_of_which_landed_says_so_and_why(backend: FakeSmartEMBackend) -> None:
    _, [square] = new_squares(backend, 1)
    holes = _holes(square.uuid, 279, near_bar_every=0)
    backend.fail_next(1, 500, path_prefix=f"/gridsquares/{square.uuid}/foilholes")

    with client_of(backend, retry=None) as api, pytest.raises(PartialFailure) as raised:
        api.create_gridsquare_foilholes(square.uuid, holes)

    failure = raised.value
    assert (len(failure.landed), len(failure.failed), len(failure.unknown)) == (0, 0, 279)
    assert str(failure) == (
        "create_gridsquare_foilholes: none of 279 landed, 279 unknown (may have landed); "
        f"first cause: ServerError: POST /gridsquares/{square.uuid}/foilholes -> 500: "
        "Internal Server Error"
    )


def test_a_failed_tile_of_a_link_call_is_reported_exactly(backend: FakeSmartEMBackend) -> None:
    grid, squares = new_squares(backend, 6)
    tiles = new_tiles(backend, grid, 2)
    positions = [epu.placement(tiles[n % 2], s.uuid, n) for n, s in enumerate(squares)]
    backend.fail_next(1, 502, path_prefix=f"/atlas-tiles/{tiles[1]}/gridsquares")

    with client_of(backend, retry=None) as api, pytest.raises(PartialFailure) as raised:
        api.link_atlas_tile_and_gridsquares(positions)

    keys = [f"{p.tile_uuid}/{p.gridsquare_uuid}" for p in positions]
    assert raised.value.landed == keys[0::2]
    assert (raised.value.failed, raised.value.unknown) == ([], keys[1::2])
    assert stored_links(backend, tiles) == {
        (p.tile_uuid, p.gridsquare_uuid) for p in positions[::2]
    }


def test_a_link_answer_that_does_not_list_the_squares_sent_is_invalid_response() -> None:
    tile = epu.new_uuid()
    positions = [epu.placement(tile, epu.new_uuid(), n) for n in range(3)]
    stranger = {
        "atlastile_uuid": tile,
        "gridsquare_uuid": epu.new_uuid(),
        "center_x": 1,
        "center_y": 2,
        "size_width": 52,
        "size_height": 52,
    }
    with (
        canned_server(201, json.dumps([stranger]).encode()) as url,
        SmartEMAPIClient(url, timeout=WAIT, retry=None) as api,
        pytest.raises(PartialFailure) as raised,
    ):
        api.link_atlas_tile_and_gridsquares(positions)
    [error] = raised.value.errors
    assert isinstance(error, InvalidResponse)
    assert "grid squares sent" in str(error)
    # A broken 2xx answer may stand for stored links: unknown.
    assert raised.value.unknown == [f"{tile}/{p.gridsquare_uuid}" for p in positions]


def test_rerunning_a_partly_failed_link_call_completes_the_job(
    backend: FakeSmartEMBackend,
) -> None:
    grid, squares = new_squares(backend, 4)
    tiles = new_tiles(backend, grid, 2)
    positions = [epu.placement(tiles[n % 2], s.uuid, n) for n, s in enumerate(squares)]
    backend.fail_next(1, 502, path_prefix=f"/atlas-tiles/{tiles[1]}/gridsquares")
    with client_of(backend, retry=None) as api:
        with pytest.raises(PartialFailure):
            api.link_atlas_tile_and_gridsquares(positions)
        api.link_atlas_tile_and_gridsquares(positions)
    assert stored_links(backend, tiles) == {(p.tile_uuid, p.gridsquare_uuid) for p in positions}


# ---- the async client -------------------------------------------------------------------------


def _shape(backend: FakeSmartEMBackend, grid: str) -> dict[str, Any]:
    """What the fake holds under a grid, without the uuids."""
    squares = {r["uuid"]: r for r in backend.entities("gridsquare") if r["grid_uuid"] == grid}
    holes = {r["uuid"]: r for r in backend.entities("foilhole") if r["gridsquare_uuid"] in squares}
    return {
        "squares": sorted(r["gridsquare_id"] for r in squares.values()),
        "holes": sorted(
            (squares[r["gridsquare_uuid"]]["gridsquare_id"], r["foilhole_id"])
            for r in holes.values()
        ),
        "links": sorted(
            squares[r["gridsquare_uuid"]]["gridsquare_id"]
            for r in backend.entities("tile_link")
            if r["gridsquare_uuid"] in squares
        ),
        "micrographs": sorted(
            r["location_id"] for r in backend.entities("micrograph") if r["foilhole_uuid"] in holes
        ),
    }


def _register_bulk(grid: str, tiles: list[str]) -> dict[str, Any]:
    """The bulk calls of one grid's registration, as data."""
    squares = [epu.gridsquare(grid, str(n)) for n in range(1, 26)]
    positions = [epu.placement(tiles[n % 2], s.uuid, n) for n, s in enumerate(squares)]
    holes = {
        s.uuid: [
            epu.foilhole(s.uuid, s.gridsquare_id, f"{s.gridsquare_id}{n:02}", n == 5)
            for n in range(9)
        ]
        for s in squares[:4]
    }
    return {"squares": squares, "positions": positions, "holes": holes}


def test_async_bulk_calls_store_what_the_sync_ones_store(backend: FakeSmartEMBackend) -> None:
    grids = [new_grid(backend) for _ in range(2)]
    plans = [_register_bulk(grid, new_tiles(backend, grid, 2)) for grid in grids]
    options: dict[str, Any] = {"timeout": WAIT, "retry": NO_BACKOFF, "chunk_size": 4}

    def micrographs(created: dict[str, list[Any]]) -> list[MicrographData]:
        first_holes = [holes[0] for holes in created.values()]
        return [
            epu.micrograph(h.uuid, "1", h.foilhole_id, n) for n in range(3) for h in first_holes
        ]

    with SmartEMAPIClient(backend.url, **options) as api:
        plan = plans[0]
        sync_squares = api.create_grid_gridsquares(grids[0], plan["squares"])
        sync_links = api.link_atlas_tile_and_gridsquares(plan["positions"])
        sync_holes = api.create_foilholes(plan["holes"])
        sync_shots = api.create_micrographs(micrographs(sync_holes))

    async def register() -> tuple[Any, ...]:
        async with AsyncSmartEMAPIClient(backend.url, max_concurrency=3, **options) as api:
            plan = plans[1]
            squares = await api.create_grid_gridsquares(grids[1], plan["squares"])
            links = await api.link_atlas_tile_and_gridsquares(plan["positions"])
            holes = await api.create_foilholes(plan["holes"])
            shots = await api.create_micrographs(micrographs(holes))
            return squares, links, holes, shots

    async_squares, async_links, async_holes, async_shots = run(register())

    assert _shape(backend, grids[0]) == _shape(backend, grids[1])
    assert len(async_shots) == len(sync_shots) == 12
    for plan, squares, links, holes in (
        (plans[0], sync_squares, sync_links, sync_holes),
        (plans[1], async_squares, async_links, async_holes),
    ):
        assert [s.uuid for s in squares] == [s.uuid for s in plan["squares"]]
        assert [link.gridsquare_uuid for link in links] == [
            p.gridsquare_uuid for p in plan["positions"]
        ]
        assert {square: [h.uuid for h in answer] for square, answer in holes.items()} == {
            square: [h.uuid for h in sent if not h.is_near_grid_bar]
            for square, sent in plan["holes"].items()
        }


class InFlight(httpx.AsyncBaseTransport):
    """Counts the requests between being sent and their body being read."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.now = 0
        self.most = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            response = await self._inner.handle_async_request(request)
            await response.aread()
            return response
        finally:
            self.now -= 1

    async def aclose(self) -> None:
        await self._inner.aclose()


def test_async_bulk_calls_keep_input_order_with_bounded_concurrency(
    backend: FakeSmartEMBackend,
) -> None:
    _, squares = new_squares(backend, 8)
    holes = {s.uuid: _holes(s.uuid, 7, near_bar_every=0) for s in squares}
    transport = InFlight()

    async def register() -> tuple[dict[str, list[Any]], list[Any]]:
        async with (
            httpx.AsyncClient(base_url=backend.url, transport=transport, timeout=WAIT) as http,
            AsyncSmartEMAPIClient(
                backend.url, httpx_client=http, chunk_size=3, max_concurrency=3
            ) as api,
        ):
            created = await api.create_foilholes(holes)
            shots = [
                epu.micrograph(answer[n % 7].uuid, "1", answer[n % 7].foilhole_id, shot)
                for n, answer in enumerate(created.values())
                for shot in range(4)
            ]
            return created, await api.create_micrographs(shots)

    created, shots = run(register())

    assert list(created) == [square.uuid for square in squares]
    for square in squares:
        assert [h.uuid for h in created[square.uuid]] == [h.uuid for h in holes[square.uuid]]
        assert sorted(holes_of(backend, square.uuid)) == sorted(h.uuid for h in holes[square.uuid])
    assert len(shots) == 32
    assert [shot.foilhole_uuid for shot in shots] == [
        answer[n % 7].uuid for n, answer in enumerate(created.values()) for _ in range(4)
    ]
    # Measured at the transport: the fake does not report how many requests it serves at once.
    assert 1 < transport.most <= 3


def test_async_partial_failure_names_the_one_failed_chunk(backend: FakeSmartEMBackend) -> None:
    grid = new_grid(backend)
    squares = [epu.gridsquare(grid, str(n)) for n in range(30)]
    chunks = [[s.uuid for s in squares[start : start + 10]] for start in (0, 10, 20)]
    backend.fail_next(1, 503, path_prefix=f"/grids/{grid}/gridsquares/batch")

    async def register() -> PartialFailure:
        async with AsyncSmartEMAPIClient(
            backend.url, timeout=WAIT, retry=None, chunk_size=10
        ) as api:
            with pytest.raises(PartialFailure) as raised:
                await api.create_grid_gridsquares(grid, squares)
            await api.create_grid_gridsquares(grid, squares)
            assert api.stats.recovered_creates == 2
            return raised.value

    failure = run(register())

    # Which chunk meets the failure depends on scheduling; exactly one does.
    assert failure.unknown in chunks
    assert sorted(failure.landed + failure.unknown) == sorted(s.uuid for s in squares)
    stored = [row["uuid"] for row in backend.entities("gridsquare") if row["grid_uuid"] == grid]
    assert sorted(stored) == sorted(s.uuid for s in squares)


def test_grid_squares_of_another_grid_in_a_batch_are_refused_before_sending() -> None:
    from smartem_ext import ConversionError
    from smartem_ext.batch import gridsquare_jobs
    from smartem_ext.epu import GridSquareData

    ours = GridSquareData(gridsquare_id="1", grid_uuid="grid-a")
    theirs = GridSquareData(gridsquare_id="2", grid_uuid="grid-b")
    assert len(gridsquare_jobs("grid-a", [ours], False, 10)) == 1
    with pytest.raises(ConversionError) as caught:
        gridsquare_jobs("grid-a", [ours, theirs], False, 10)
    assert (caught.value.entity, caught.value.field) == ("GridSquareData", "grid_uuid")
    assert "'2'" in str(caught.value)
