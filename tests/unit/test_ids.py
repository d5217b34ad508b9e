"""IdCache: scoping, replace semantics, persistence, thread safety and warming."""

from __future__ import annotations

import sqlite3
import threading
import uuid as uuidlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartem_ext.ids import ID_KINDS, GridContentsClient, IdCache, IdKind


def new_uuid() -> str:
    return str(uuidlib.uuid4())


@pytest.fixture(params=["memory", "sqlite"])
def cache(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[IdCache]:
    path = tmp_path / "ids.sqlite" if request.param == "sqlite" else None
    with IdCache(path) as c:
        yield c


# Scoping --------------------------------------------------------------------------------


def test_same_gridsquare_id_under_two_grids_does_not_collide(cache: IdCache) -> None:
    grid_a, grid_b = new_uuid(), new_uuid()
    square_a, square_b = new_uuid(), new_uuid()
    cache.record("gridsquare", grid_a, "1234", square_a)
    cache.record("gridsquare", grid_b, "1234", square_b)
    assert cache.gridsquare(grid_a, "1234") == square_a
    assert cache.gridsquare(grid_b, "1234") == square_b
    assert cache.count("gridsquare") == 2


def test_same_natural_id_of_different_kinds_does_not_collide(cache: IdCache) -> None:
    parent = new_uuid()
    foilhole, micrograph = new_uuid(), new_uuid()
    cache.record("foilhole", parent, "7", foilhole)
    cache.record("micrograph", parent, "7", micrograph)
    assert cache.foilhole(parent, "7") == foilhole
    assert cache.micrograph(parent, "7") == micrograph
    assert cache.gridsquare(parent, "7") is None


def test_every_kind_has_a_lookup(cache: IdCache) -> None:
    acquisition, grid, atlas, tile = new_uuid(), new_uuid(), new_uuid(), new_uuid()
    square, hole, micrograph = new_uuid(), new_uuid(), new_uuid()
    cache.record("acquisition", None, "acq-1", acquisition)
    cache.record("grid", None, Path("/data/grid1"), grid)
    cache.record("atlas", None, grid, atlas)
    cache.record("atlas_tile", atlas, "tile-3", tile)
    cache.record("gridsquare", grid, 1234, square)
    cache.record("foilhole", square, 99, hole)
    cache.record("micrograph", hole, "FoilHole_99_Data_1", micrograph)
    cache.record("tile_link", tile, square, square)

    assert cache.acquisition("acq-1") == acquisition
    assert cache.grid("/data/grid1") == grid
    assert cache.grid(Path("/data/grid1")) == grid
    assert cache.atlas(grid) == atlas
    assert cache.atlas_tile(atlas, "tile-3") == tile
    assert cache.gridsquare(grid, "1234") == square
    assert cache.foilhole(square, "99") == hole
    assert cache.micrograph(hole, "FoilHole_99_Data_1") == micrograph
    assert cache.tile_link(tile, square)
    assert not cache.tile_link(tile, new_uuid())
    assert len(cache) == len(ID_KINDS) == 8
    assert all(cache.count(kind) == 1 for kind in ID_KINDS)


def test_int_and_str_natural_ids_are_the_same_key(cache: IdCache) -> None:
    grid = new_uuid()
    square = new_uuid()
    cache.record("gridsquare", grid, 42, square)
    assert cache.gridsquare(grid, "42") == square
    assert cache.get("gridsquare", grid, 42) == square


def test_missing_keys_return_none(cache: IdCache) -> None:
    assert cache.acquisition("nope") is None
    assert cache.gridsquare(new_uuid(), "1") is None
    assert cache.get("foilhole", new_uuid(), 1) is None
    assert len(cache) == 0


@pytest.mark.parametrize(
    ("kind", "parent"),
    [("grid", "some-uuid"), ("atlas", "some-uuid"), ("gridsquare", None), ("foilhole", "")],
)
def test_wrong_parent_for_the_kind_is_rejected(
    cache: IdCache, kind: IdKind, parent: str | None
) -> None:
    with pytest.raises(ValueError, match=kind):
        cache.record(kind, parent, "1", new_uuid())
    with pytest.raises(ValueError, match=kind):
        cache.get(kind, parent, "1")
    assert len(cache) == 0


def test_bad_kind_uuid_or_natural_id_is_rejected(cache: IdCache) -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        cache.record("square", new_uuid(), "1", new_uuid())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown kind"):
        cache.count("square")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="uuid must be a str"):
        cache.record("gridsquare", new_uuid(), "1", uuidlib.uuid4())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="must not be empty"):
        cache.record("gridsquare", new_uuid(), "1", "")
    with pytest.raises(TypeError, match="not bool"):
        cache.record("gridsquare", new_uuid(), True, new_uuid())
    assert len(cache) == 0


# Replace, forget, record_many, clear ----------------------------------------------------


def test_recording_a_different_uuid_replaces_the_old_one(cache: IdCache) -> None:
    grid = new_uuid()
    first, second = new_uuid(), new_uuid()
    cache.record("gridsquare", grid, "1", first)
    cache.record("gridsquare", grid, "1", second)
    assert cache.gridsquare(grid, "1") == second
    assert cache.count("gridsquare") == 1
    cache.record("gridsquare", grid, "1", second)
    assert len(cache) == 1


def test_forget_drops_only_that_key(cache: IdCache) -> None:
    grid = new_uuid()
    cache.record("gridsquare", grid, "1", new_uuid())
    kept = new_uuid()
    cache.record("gridsquare", grid, "2", kept)
    assert cache.forget("gridsquare", grid, 1) is True
    assert cache.forget("gridsquare", grid, 1) is False
    assert cache.forget("gridsquare", new_uuid(), 2) is False
    assert cache.gridsquare(grid, "1") is None
    assert cache.gridsquare(grid, "2") == kept
    assert len(cache) == cache.count("gridsquare") == 1


def test_record_many_records_every_pair(cache: IdCache) -> None:
    square = new_uuid()
    holes = {str(i): new_uuid() for i in range(500)}
    assert cache.record_many("foilhole", square, holes.items()) == 500
    assert cache.count("foilhole") == 500
    assert all(cache.foilhole(square, i) == u for i, u in holes.items())
    assert cache.record_many("foilhole", square, []) == 0


def test_record_many_last_pair_wins_for_a_repeated_natural_id(cache: IdCache) -> None:
    square = new_uuid()
    first, last = new_uuid(), new_uuid()
    assert cache.record_many("foilhole", square, [(1, first), ("1", last)]) == 1
    assert cache.foilhole(square, 1) == last
    assert cache.count("foilhole") == 1


@pytest.mark.parametrize(
    "bad",
    [("2", ""), ("2", None), ("2", 7), (["2"], new_uuid()), ("2", new_uuid(), "extra")],
    ids=["empty uuid", "no uuid", "int uuid", "unhashable id", "not a pair"],
)
@pytest.mark.parametrize("natural_id", [1, "1"], ids=["int ids", "text ids"])
def test_record_many_with_a_bad_pair_records_nothing(
    cache: IdCache, bad: tuple[Any, ...], natural_id: int | str
) -> None:
    square = new_uuid()
    with pytest.raises((ValueError, TypeError)):
        cache.record_many("foilhole", square, [(natural_id, new_uuid()), bad])  # type: ignore[list-item]
    assert len(cache) == 0
    assert cache.foilhole(square, 1) is None


def test_clear_drops_everything(cache: IdCache) -> None:
    cache.record("acquisition", None, "a", new_uuid())
    cache.record_many("gridsquare", new_uuid(), [(i, new_uuid()) for i in range(10)])
    cache.clear()
    assert len(cache) == 0
    assert cache.count("gridsquare") == 0
    assert cache.acquisition("a") is None


def test_a_closed_cache_refuses_use(cache: IdCache) -> None:
    cache.close()
    cache.close()
    with pytest.raises(ValueError, match="closed"):
        cache.acquisition("a")
    with pytest.raises(ValueError, match="closed"):
        cache.record("acquisition", None, "a", new_uuid())


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["gridsquare", "foilhole", "micrograph"]),
            st.sampled_from(["p1", "p2"]),
            st.integers(0, 5),
            st.sampled_from(["u1", "u2", "u3", None]),
        ),
        max_size=40,
    )
)
def test_cache_behaves_like_a_dict_of_keys(
    operations: list[tuple[IdKind, str, int, str | None]],
) -> None:
    model: dict[tuple[IdKind, str, str], str] = {}
    with IdCache() as cache:
        for kind, parent, natural_id, uuid in operations:
            key = (kind, parent, str(natural_id))
            if uuid is None:
                assert cache.forget(kind, parent, natural_id) is (key in model)
                model.pop(key, None)
            else:
                cache.record(kind, parent, natural_id, uuid)
                model[key] = uuid
        assert len(cache) == len(model)
        for (kind_, parent_, natural_id_), uuid_ in model.items():
            assert cache.get(kind_, parent_, natural_id_) == uuid_


# SQLite ---------------------------------------------------------------------------------


def test_sqlite_file_uses_wal_and_one_table(tmp_path: Path) -> None:
    path = tmp_path / "ids.sqlite"
    with IdCache(path) as cache:
        cache.record("acquisition", None, "a", new_uuid())
        assert cache.path == str(path)
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
            tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            assert tables == [("id_cache",)]
            assert db.execute("SELECT count(*) FROM id_cache").fetchone() == (1,)
        db.close()


def test_reopening_the_file_finds_what_was_recorded(tmp_path: Path) -> None:
    path = tmp_path / "ids.sqlite"
    grid, square, forgotten = new_uuid(), new_uuid(), new_uuid()
    replaced = new_uuid()
    with IdCache(path) as cache:
        cache.record("grid", None, "/data/grid1", grid)
        cache.record("gridsquare", grid, 1, new_uuid())
        cache.record("gridsquare", grid, 1, square)
        cache.record_many("foilhole", square, [(i, new_uuid()) for i in range(100)])
        cache.record("foilhole", square, 0, replaced)
        cache.record("micrograph", square, "m", forgotten)
        cache.forget("micrograph", square, "m")

    with IdCache(path) as reopened:
        assert reopened.grid("/data/grid1") == grid
        assert reopened.gridsquare(grid, "1") == square
        assert reopened.foilhole(square, 0) == replaced
        assert reopened.micrograph(square, "m") is None
        assert reopened.count("foilhole") == 100
        assert len(reopened) == 1 + 1 + 100
        reopened.clear()

    with IdCache(path) as cleared:
        assert len(cleared) == 0


def test_a_batch_that_fails_half_way_leaves_memory_and_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "ids.sqlite"
    square = new_uuid()
    refuse_hole_2 = (
        "CREATE TRIGGER refuse_hole_2 BEFORE INSERT ON id_cache WHEN NEW.natural_id = '2' "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    with IdCache(path) as cache:
        cache.record("foilhole", square, 1, "kept")
        with sqlite3.connect(path, isolation_level=None) as db:
            db.execute(refuse_hole_2)
        db.close()
        with pytest.raises(sqlite3.IntegrityError, match="refused"):
            cache.record_many("foilhole", square, [(1, "new"), (2, "other")])
        assert cache.foilhole(square, 1) == "kept"
        assert cache.foilhole(square, 2) is None
        assert len(cache) == 1
    with IdCache(path) as reopened:
        assert reopened.foilhole(square, 1) == "kept"
        assert len(reopened) == 1


# Threads --------------------------------------------------------------------------------


def test_many_threads_recording_and_reading_lose_nothing(cache: IdCache) -> None:
    threads_n, per_thread = 8, 400
    grid = new_uuid()
    start = threading.Barrier(threads_n)
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            start.wait()
            square = f"square-{t}"
            for i in range(per_thread):
                cache.record("gridsquare", grid, f"{t}-{i}", f"u-{t}-{i}")
                if i % 10 == 0:
                    cache.record_many("foilhole", square, [(f"{i}-{j}", f"h{j}") for j in range(5)])
                # Read back our own entries and race on one shared key.
                assert cache.gridsquare(grid, f"{t}-{i}") == f"u-{t}-{i}"
                cache.record("micrograph", "shared-hole", "shared", f"m-{t}")
                assert cache.micrograph("shared-hole", "shared") is not None
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert cache.count("gridsquare") == threads_n * per_thread
    assert cache.count("foilhole") == threads_n * (per_thread // 10) * 5
    assert cache.count("micrograph") == 1
    assert len(cache) == threads_n * per_thread + threads_n * (per_thread // 10) * 5 + 1
    for t in range(threads_n):
        for i in range(per_thread):
            assert cache.gridsquare(grid, f"{t}-{i}") == f"u-{t}-{i}"
    if cache.path is not None:
        with sqlite3.connect(cache.path) as db:
            assert db.execute("SELECT count(*) FROM id_cache").fetchone() == (len(cache),)
        db.close()


# Warming --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FakeSquare:
    gridsquare_id: str
    uuid: str


@dataclass(frozen=True)
class FakeHole:
    foilhole_id: str
    uuid: str


class FakeBackend:
    """Two squares on one grid, with three and zero foil holes."""

    def __init__(self) -> None:
        self.squares = [FakeSquare("10", new_uuid()), FakeSquare("11", new_uuid())]
        self.holes = {
            self.squares[0].uuid: [FakeHole(str(i), new_uuid()) for i in range(3)],
            self.squares[1].uuid: [],
        }
        self.foilhole_calls = 0

    def get_grid_gridsquares(self, grid_uuid: str) -> list[FakeSquare]:
        return list(self.squares)

    def get_gridsquare_foilholes(self, gridsquare_uuid: str) -> list[FakeHole]:
        self.foilhole_calls += 1
        return self.holes[gridsquare_uuid]


def test_warm_records_the_grids_squares_and_their_foil_holes(cache: IdCache) -> None:
    backend = FakeBackend()
    client: GridContentsClient = backend
    grid = new_uuid()
    assert cache.warm(client, grid) == 2 + 3
    square = backend.squares[0]
    assert cache.gridsquare(grid, 10) == square.uuid
    assert cache.gridsquare(grid, 11) == backend.squares[1].uuid
    for hole in backend.holes[square.uuid]:
        assert cache.foilhole(square.uuid, hole.foilhole_id) == hole.uuid
    assert cache.count("foilhole") == 3
    assert cache.gridsquare(new_uuid(), 10) is None


def test_warm_without_foilholes_asks_only_for_squares(cache: IdCache) -> None:
    backend = FakeBackend()
    grid = new_uuid()
    assert cache.warm(backend, grid, foilholes=False) == 2
    assert backend.foilhole_calls == 0
    assert cache.count("foilhole") == 0
    assert cache.count("gridsquare") == 2
