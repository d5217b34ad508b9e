"""Outbox against the fake backend: journal first, order, batches, outages, restarts, poison."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import attrs
import httpx
import pytest

from smartem_api.models import (
    AgentInstructionAcknowledgement,
    AgentInstructionAcknowledgementStatus,
    AgentLogEntry,
)
from smartem_ext import AsyncSmartEMAPIClient, ConversionError, SmartEMAPIClient
from smartem_ext._journal import Row
from smartem_ext._outbox_send import fold, hold_open, plan
from smartem_ext.outbox import (
    AsyncOutbox,
    Outbox,
    OutboxClosed,
    OutboxFull,
    OutboxStats,
    read_stats,
)
from smartem_ext.testing import FakeSmartEMBackend
from tests.support import epu_data as epu
from tests.support.outbox_writer import _uuid, gridsquare, session

FAST = {"retry_first": 0.02, "retry_cap": 0.1, "linger": 0.0}
NO_RETRY = None  # the outbox does the retrying in these tests


@pytest.fixture
def fake() -> Iterator[FakeSmartEMBackend]:
    with FakeSmartEMBackend() as backend:
        yield backend


@pytest.fixture
def api(fake: FakeSmartEMBackend) -> Iterator[SmartEMAPIClient]:
    with SmartEMAPIClient(fake.url, 5.0, retry=NO_RETRY) as client:
        yield client


@pytest.fixture
def unreachable() -> Iterator[SmartEMAPIClient]:
    """A client whose backend is not there: a free port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with SmartEMAPIClient(f"http://127.0.0.1:{port}", 1.0, retry=NO_RETRY) as client:
        yield client


def _write_session(outbox: Outbox, seed: int, squares: int, holes: int) -> list[tuple[str, str]]:
    written = []
    for table, uuid, write in session(seed, squares, holes):
        write(outbox)
        written.append((table, uuid))
    return written


def _deliver_what_waited(
    unreachable: SmartEMAPIClient,
    api: SmartEMAPIClient,
    fake: FakeSmartEMBackend,
    path: Path,
    seed: int,
    holes: int,
    window: int = 5000,
) -> tuple[OutboxStats, list[str]]:
    """Journal 8 squares while the backend is away, then deliver them: stats, request paths."""
    with Outbox(unreachable, path, drain_timeout=0, **FAST) as outbox:
        written = _write_session(outbox, seed, squares=8, holes=holes)
    before = fake.request_count
    with Outbox(api, path, window=window, **FAST) as outbox:
        assert outbox.flush(20)
        stats = outbox.stats()
    _assert_each_stored_once(fake, written)
    return stats, [record.path for record in fake.request_log[before:]]


_FAKE_KIND = {"atlastilegridsquareposition": "tile_link"}


def _stored(fake: FakeSmartEMBackend, table: str) -> list[str]:
    kind = _FAKE_KIND.get(table, table)
    key = "gridsquare_uuid" if kind == "tile_link" else "uuid"
    return [row[key] for row in fake.entities(kind)]


def _assert_each_stored_once(fake: FakeSmartEMBackend, written: list[tuple[str, str]]) -> None:
    for table in {table for table, _ in written}:
        expected = sorted(uuid for t, uuid in written if t == table)
        assert sorted(_stored(fake, table)) == expected, table


# ---- planning ---------------------------------------------------------------------------------


def _row(seq: int, op: str, group: str, uuid: str, *deps: str, written: float = 0.0) -> Row:
    return Row(seq, op, "k", group, uuid, deps, "{}", "null", written)


def test_plan_coalesces_a_squares_holes_written_one_at_a_time() -> None:
    rows = [_row(1, "create_grid_gridsquares_batch", "g 0", "s1", "grid:g")]
    rows += [
        _row(2 + n, "create_gridsquare_foilholes", "s1 0", f"h{n}", "gridsquare:s1")
        for n in range(5)
    ]
    batches = plan(rows, batch_size=3)
    assert [[row.uuid for row in batch.rows] for batch in batches] == [
        ["s1"],
        ["h0", "h1", "h2"],
        ["h3", "h4"],
    ]


def test_plan_never_sends_a_link_before_the_square_it_needs() -> None:
    link = "link_atlas_tile_to_gridsquares"
    rows = [
        _row(1, "create_grid_gridsquares_batch", "g 0", "s1", "grid:g"),
        _row(2, link, "t", "t/s1", "atlas_tile:t", "gridsquare:s1"),
        _row(3, "create_acquisition_grid", "", "g2", "acquisition:a"),
        _row(4, "create_grid_gridsquares_batch", "g2 0", "s2", "grid:g2"),
        _row(5, link, "t", "t/s2", "atlas_tile:t", "gridsquare:s2"),
    ]
    order = [row.uuid for batch in plan(rows, batch_size=100) for row in batch.rows]
    assert order.index("s2") < order.index("t/s2")
    assert order.index("g2") < order.index("s2")
    assert order.index("s1") < order.index("t/s1")


def test_plan_sends_a_repeated_write_in_a_later_request() -> None:
    holes = "create_gridsquare_foilholes"
    rows = [_row(1, holes, "s 0", "h1"), _row(2, holes, "s 0", "h1")]
    assert [len(batch.rows) for batch in plan(rows, batch_size=10)] == [1, 1]


def test_plan_holds_a_child_written_before_its_parent_until_the_parent() -> None:
    rows = [
        _row(1, "create_gridsquare_foilholes", "s1 0", "h1", "gridsquare:s1"),
        _row(2, "create_acquisition_grid", "", "g", "acquisition:a"),
        _row(3, "create_grid_gridsquares_batch", "g 0", "s1", "grid:g"),
        _row(4, "update_gridsquare", "", "s1", "gridsquare:s1"),
    ]
    order = [row.uuid for batch in plan(rows, batch_size=10) for row in batch.rows]
    assert order == ["g", "s1", "h1", "s1"]


def test_plan_does_not_take_an_update_for_the_create_of_its_entity() -> None:
    rows = [
        _row(1, "create_grid_gridsquares_batch", "g 0", "s1", "grid:g"),
        Row(2, "update_gridsquare", "update", "", "s1", ("gridsquare:s1",), "{}", "null", 0.0),
        Row(3, "mark_grid_registered", "registered", "", "g", ("grid:g",), "{}", "null", 0.0),
    ]
    order = [batch.op for batch in plan(rows, batch_size=10)]
    assert order == ["create_grid_gridsquares_batch", "update_gridsquare", "mark_grid_registered"]


HOLES = "create_gridsquare_foilholes"


def _square_and_holes(square: str, first_seq: int, holes: int, written: float) -> list[Row]:
    rows = [
        _row(first_seq, "create_grid_gridsquares_batch", "g 0", square, "grid:g", written=written)
    ]
    rows += [
        _row(
            first_seq + 1 + n,
            HOLES,
            f"{square} 0",
            f"{square}h{n}",
            f"gridsquare:{square}",
            written=written,
        )
        for n in range(holes)
    ]
    return rows


def test_the_list_being_written_waits_with_what_needs_it() -> None:
    rows = _square_and_holes("s1", 1, 3, written=99.0)
    rows += _square_and_holes("s2", 10, 2, written=99.9)
    rows.append(
        Row(20, "update_foilhole", "update", "", "s2h1", ("foilhole:s2h1",), "{}", "null", 99.9)
    )
    send, held_for = hold_open(plan(rows, batch_size=10), 10, linger=0.5, now=100.0)
    assert [[row.uuid for row in batch.rows] for batch in send] == [
        ["s1", "s2"],
        ["s1h0", "s1h1", "s1h2"],
    ]
    assert held_for == pytest.approx(0.4)


def test_a_delete_is_neither_overtaken_nor_overtakes() -> None:
    rows = _square_and_holes("s1", 1, 2, written=99.0)
    rows.append(
        Row(10, "delete_gridsquare", "delete", "", "s1", ("gridsquare:s1",), "{}", "null", 99.9)
    )
    rows.append(_row(11, HOLES, "s1 0", "s1h9", "gridsquare:s1", written=99.9))
    order = [[row.uuid for row in batch.rows] for batch in plan(rows, batch_size=10)]
    assert order == [["s1"], ["s1h0", "s1h1"], ["s1"], ["s1h9"]]
    # The holes' list waits out its linger, and the delete of their square waits with it.
    rows = _square_and_holes("s1", 1, 2, written=99.9)
    rows.append(
        Row(10, "delete_gridsquare", "delete", "", "s1", ("gridsquare:s1",), "{}", "null", 99.9)
    )
    send, held_for = hold_open(plan(rows, batch_size=10), 10, linger=0.5, now=100.0)
    assert [[row.uuid for row in batch.rows] for batch in send] == [["s1"]]
    assert held_for == pytest.approx(0.4)


def test_a_full_or_quiet_list_is_not_held() -> None:
    full = _square_and_holes("s1", 1, 3, written=99.9)
    assert hold_open(plan(full, batch_size=3), 3, linger=0.5, now=100.0)[1] is None
    quiet = _square_and_holes("s1", 1, 2, written=99.0)
    send, held_for = hold_open(plan(quiet, batch_size=3), 3, linger=0.5, now=100.0)
    assert (len(send), held_for) == (2, None)


# ---- journal first ----------------------------------------------------------------------------


def test_a_write_is_in_the_journal_when_the_call_returns(
    unreachable: SmartEMAPIClient, tmp_path: Path
) -> None:
    path = tmp_path / "outbox.db"
    outbox = Outbox(unreachable, path, **FAST)
    acquisition = epu.acquisition()
    outbox.create_acquisition(acquisition)
    # Another connection sees the committed row while the backend has nothing.
    with sqlite3.connect(path) as db:
        stored = db.execute("SELECT uuid, kind FROM pending").fetchall()
    assert stored == [(acquisition.uuid, "acquisition")]
    assert outbox.flush(0.3) is False
    stats = outbox.stats()
    assert stats.pending == {"acquisition": 1}
    assert stats.oldest_pending_age is not None and stats.oldest_pending_age > 0
    assert stats.last_error is not None and "TransportError" in stats.last_error
    outbox.close()
    with pytest.raises(OutboxClosed):
        outbox.create_acquisition(epu.acquisition())


def test_bad_input_raises_at_the_write_and_keeps_nothing(
    unreachable: SmartEMAPIClient, tmp_path: Path
) -> None:
    with Outbox(unreachable, tmp_path / "o.db", drain_timeout=0, **FAST) as outbox:
        hole = epu.foilhole(epu.new_uuid(), "1", "11")
        with pytest.raises(ConversionError, match="gridsquare_uuid"):
            outbox.create_gridsquare_foilholes(epu.new_uuid(), [hole])
        orphan = attrs.evolve(epu.gridsquare(epu.new_uuid(), "3"), grid_uuid=None)
        with pytest.raises(ConversionError, match="grid_uuid"):
            outbox.create_grid_gridsquare(orphan)
        assert outbox.stats().pending_total == 0


def test_a_write_past_the_size_limit_raises_and_keeps_nothing(
    unreachable: SmartEMAPIClient, tmp_path: Path
) -> None:
    with Outbox(unreachable, tmp_path / "o.db", max_bytes=4000, drain_timeout=0, **FAST) as outbox:
        outbox.create_acquisition(epu.acquisition())
        square = epu.gridsquare(epu.new_uuid(), "1")
        holes = [epu.foilhole(square.uuid, "1", str(n)) for n in range(20)]
        with pytest.raises(OutboxFull, match="limit 4000"):
            outbox.create_gridsquare_foilholes(square.uuid, holes)
        assert outbox.stats().pending == {"acquisition": 1}


def test_a_full_disk_raises_at_the_write(unreachable: SmartEMAPIClient, tmp_path: Path) -> None:
    with Outbox(unreachable, tmp_path / "o.db", drain_timeout=0, **FAST) as outbox:
        # SQLite reports SQLITE_FULL past max_page_count exactly as on a full disk.
        writer = outbox._journal._writable()
        (pages,) = writer.execute("PRAGMA page_count").fetchone()
        writer.execute(f"PRAGMA max_page_count = {pages + 1}")
        square = epu.gridsquare(epu.new_uuid(), "1")
        holes = [epu.foilhole(square.uuid, "1", str(n)) for n in range(200)]
        with pytest.raises(OutboxFull, match="full"):
            outbox.create_gridsquare_foilholes(square.uuid, holes)
        assert outbox.stats().pending_total == 0


# ---- delivery ---------------------------------------------------------------------------------


def test_single_writes_arrive_once_in_parent_order_in_few_requests(
    fake: FakeSmartEMBackend, api: SmartEMAPIClient, tmp_path: Path
) -> None:
    before = fake.request_count
    with Outbox(api, tmp_path / "o.db", **{**FAST, "linger": 0.05}) as outbox:
        written = _write_session(outbox, seed=1, squares=8, holes=40)
        assert outbox.flush(20)
        assert outbox.stats().delivered == len(written)
    _assert_each_stored_once(fake, written)
    requests = fake.request_log[before:]
    assert len(requests) < len(written) / 2
    # Each square's holes are sent after the square itself.
    paths = [record.path for record in requests]
    for table, uuid in written:
        if table == "gridsquare":
            holes_at = [i for i, p in enumerate(paths) if p == f"/gridsquares/{uuid}/foilholes"]
            created_at = next(i for i, p in enumerate(paths) if p.endswith("/gridsquares/batch"))
            assert holes_at and created_at < min(holes_at)


def test_holes_written_one_at_a_time_go_as_one_request_per_square(
    fake: FakeSmartEMBackend, api: SmartEMAPIClient, tmp_path: Path
) -> None:
    before = fake.request_count
    settings = {**FAST, "linger": 0.3, "synchronous": "NORMAL"}
    written = []
    with Outbox(api, tmp_path / "o.db", **settings) as outbox:  # type: ignore[arg-type]
        # Slow enough for rounds to start while a square's holes are still being written.
        for table, uuid, write in session(seed=4, squares=8, holes=30):
            write(outbox)
            written.append((table, uuid))
            time.sleep(0.003)
        assert outbox.flush(20)
    _assert_each_stored_once(fake, written)
    paths = [record.path for record in fake.request_log[before:]]
    assert sum(path.endswith("/foilholes") for path in paths) == 8


def test_a_write_to_another_list_sends_what_came_before_without_waiting_the_linger(
    fake: FakeSmartEMBackend, api: SmartEMAPIClient, tmp_path: Path
) -> None:
    settings = {**FAST, "linger": 60.0, "synchronous": "NORMAL", "drain_timeout": 0.0}
    with Outbox(api, tmp_path / "o.db", **settings) as outbox:  # type: ignore[arg-type]
        written = _write_session(outbox, seed=6, squares=2, holes=5)
        deadline = time.monotonic() + 20
        # The journal marks a batch delivered just after the backend answered it.
        while outbox.stats().pending_total > 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        # All but the list still being written (the second square's holes) is delivered.
        _assert_each_stored_once(fake, written[:-5])
        assert outbox.stats().pending == {"foilhole": 5}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_flush_returns_only_when_writes_made_during_a_backlog_are_delivered(
    fake: FakeSmartEMBackend, tmp_path: Path, seed: int
) -> None:
    # A small window and slow requests while the writes go on: the sender reads windows
    # ahead, and a window read ahead misses the writes made after it.
    settings = {**FAST, "window": 15, "synchronous": "NORMAL"}
    slow = httpx.Client(base_url=fake.url, event_hooks={"request": [lambda _: time.sleep(0.01)]})
    with (
        slow,
        SmartEMAPIClient(fake.url, 5.0, retry=NO_RETRY, httpx_client=slow) as client,
        Outbox(client, tmp_path / "o.db", **settings) as outbox,  # type: ignore[arg-type]
    ):
        written = []
        for table, uuid, write in session(seed=seed, squares=4, holes=30):
            write(outbox)
            written.append((table, uuid))
            time.sleep(0.002)
        assert outbox.flush(20)
        assert outbox.stats().pending_total == 0
        _assert_each_stored_once(fake, written)


def test_what_waited_goes_as_one_request_per_list_endpoint_and_parent(
    unreachable: SmartEMAPIClient, fake: FakeSmartEMBackend, api: SmartEMAPIClient, tmp_path: Path
) -> None:
    _, paths = _deliver_what_waited(unreachable, api, fake, tmp_path / "o.db", seed=9, holes=40)
    # acquisition, grid, atlas, all squares, all links, then one list per square's holes
    assert [path.rsplit("/", 1)[-1] for path in paths] == [
        "acquisitions",
        "grids",
        "atlas",
        "batch",
        "gridsquares",
        *["foilholes"] * 8,
    ]


def test_a_backlog_larger_than_the_window_goes_window_by_window_in_order(
    unreachable: SmartEMAPIClient, fake: FakeSmartEMBackend, api: SmartEMAPIClient, tmp_path: Path
) -> None:
    stats, paths = _deliver_what_waited(
        unreachable, api, fake, tmp_path / "o.db", seed=5, holes=25, window=40
    )
    assert stats.dead_letters == 0  # a hole sent before its square would be one
    assert sum(path.endswith("/gridsquares/batch") for path in paths) > 1  # several windows


def test_a_sender_whose_journal_worker_is_gone_still_delivers(
    fake: FakeSmartEMBackend, api: SmartEMAPIClient, tmp_path: Path
) -> None:
    # As when the interpreter exits under an outbox nobody closed: the work runs inline.
    with Outbox(api, tmp_path / "o.db", **FAST) as outbox:
        outbox._round.close()
        written = _write_session(outbox, seed=6, squares=2, holes=5)
        assert outbox.flush(20)
        assert outbox.stats().delivered == len(written)
    _assert_each_stored_once(fake, written)


def test_an_outage_of_5xx_and_429_delays_but_loses_nothing(
    fake: FakeSmartEMBackend, api: SmartEMAPIClient, tmp_path: Path
) -> None:
    fake.fail_next(6, status=503)
    with Outbox(api, tmp_path / "o.db", **FAST) as outbox:
        written = _write_session(outbox, seed=2, squares=3, holes=10)
        fake.fail_next(4, status=429)
        assert outbox.flush(20)
        assert outbox.stats().last_error is not None
    _assert_each_stored_once(fake, written)


def test_a_reopened_outbox_sends_what_the_last_one_left(
    unreachable: SmartEMAPIClient, fake: FakeSmartEMBackend, api: SmartEMAPIClient, tmp_path: Path
) -> None:
    path = tmp_path / "o.db"
    with Outbox(unreachable, path, drain_timeout=0.1, **FAST) as outbox:
        written = _write_session(outbox, seed=3, squares=2, holes=5)
    assert read_stats(path)[0].pending_total == len(written)
    with Outbox(api, path, **FAST) as outbox:
        assert outbox.flush(20)
    _assert_each_stored_once(fake, written)
    assert read_stats(path)[0].delivered == len(written)


def test_a_resend_of_writes_that_landed_is_no_duplicate(
    fake: FakeSmartEMBackend, api: SmartEMAPIClient, tmp_path: Path
) -> None:
    # The answers of the first creates and links are cut off after the backend stored them.
    fake.drop_after_commit(4)
    with Outbox(api, tmp_path / "o.db", **FAST) as outbox:
        written = _write_session(outbox, seed=4, squares=3, holes=6)
        assert outbox.flush(20)
        assert outbox.stats().dead_letters == 0
    _assert_each_stored_once(fake, written)


def test_a_child_of_a_parent_that_never_comes_is_a_dead_letter(
    fake: FakeSmartEMBackend,
    api: SmartEMAPIClient,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with Outbox(api, tmp_path / "o.db", **FAST) as outbox:
        written = _write_session(outbox, seed=5, squares=2, holes=20)
        missing = epu.new_uuid()
        poison = epu.foilhole(missing, "9", "9001")
        outbox.create_gridsquare_foilholes(missing, [poison])
        written += _write_session(outbox, seed=6, squares=1, holes=5)
        assert outbox.flush(20)
        dead = outbox.dead_letters()
        stats = outbox.stats()
    _assert_each_stored_once(fake, written)
    assert [(d.kind, d.uuid) for d in dead] == [("foilhole", poison.uuid)]
    assert "NotFound" in dead[0].error
    assert stats.dead_letters == 1 and stats.pending_total == 0
    assert poison.uuid in caplog.text


def test_a_link_to_a_square_that_never_comes_is_the_only_dead_letter_of_its_list(
    fake: FakeSmartEMBackend, api: SmartEMAPIClient, tmp_path: Path
) -> None:
    tile = _uuid(8, "tile")
    with Outbox(api, tmp_path / "o.db", **FAST) as outbox:
        written = _write_session(outbox, seed=8, squares=2, holes=0)
        square = gridsquare(_uuid(8, "grid"), "77")
        outbox.create_grid_gridsquare(square)
        good = epu.placement(tile, square.uuid, 77)
        stray = epu.placement(tile, epu.new_uuid(), 78)  # its square is never created
        outbox.link_atlas_tile_and_gridsquares([good, stray])
        assert outbox.flush(20)
        dead = outbox.dead_letters()
    _assert_each_stored_once(
        fake,
        [*written, ("gridsquare", square.uuid), ("atlastilegridsquareposition", square.uuid)],
    )
    assert [(d.kind, d.uuid) for d in dead] == [("tile_link", f"{tile}/{stray.gridsquare_uuid}")]
    assert "LinkParentsNotFound" in dead[0].error and str(stray.gridsquare_uuid) in dead[0].error
    refused = [r for r in fake.request_log if r.path.endswith("/gridsquares") and r.status >= 400]
    assert len(refused) == 1  # the list is not halved: only the stray link is dropped


def test_an_entity_refused_with_500_while_its_parents_exist_is_split_out(
    fake: FakeSmartEMBackend, api: SmartEMAPIClient, tmp_path: Path
) -> None:
    with Outbox(api, tmp_path / "o.db", **FAST) as outbox:
        written = _write_session(outbox, seed=7, squares=1, holes=8)
        assert outbox.flush(20)
        square = next(uuid for table, uuid in written if table == "gridsquare")
        taken = next(uuid for table, uuid in written if table == "foilhole")
        # A new hole that reuses a stored hole's uuid: the backend refuses it with a 500.
        clash = attrs.evolve(epu.foilhole(square, "1", "77777"), uuid=taken)
        fresh = [epu.foilhole(square, "1", f"8888{n}") for n in range(5)]
        outbox.create_gridsquare_foilholes(square, [*fresh[:2], clash, *fresh[2:]])
        assert outbox.flush(20)
        dead = outbox.dead_letters()
    assert [d.uuid for d in dead] == [taken]
    stored = set(_stored(fake, "foilhole"))
    assert {hole.uuid for hole in fresh} <= stored


def test_the_async_outbox_delivers_the_same_session(
    fake: FakeSmartEMBackend, tmp_path: Path
) -> None:
    async def scenario() -> list[tuple[str, str]]:
        async with (
            AsyncSmartEMAPIClient(fake.url, 5.0, retry=NO_RETRY) as client,
            AsyncOutbox(client, tmp_path / "o.db", **FAST) as outbox,
        ):
            fake.fail_next(3, status=503)
            written = []
            for table, uuid, write in session(8, 3, 10):
                write(outbox)  # type: ignore[arg-type]
                written.append((table, uuid))
            assert await outbox.flush(20)
            return written

    written = asyncio.run(asyncio.wait_for(scenario(), 60))
    _assert_each_stored_once(fake, written)


def test_an_async_flush_right_after_a_write_waits_for_that_write(
    fake: FakeSmartEMBackend, tmp_path: Path
) -> None:
    async def scenario() -> OutboxStats:
        async with (
            AsyncSmartEMAPIClient(fake.url, 5.0, retry=NO_RETRY) as client,
            AsyncOutbox(client, tmp_path / "o.db", **FAST) as outbox,
        ):
            assert await outbox.flush(20)  # the sender has settled with nothing to send
            outbox.create_acquisition(epu.acquisition())
            assert await outbox.flush(20)
            return outbox.stats()

    stats = asyncio.run(asyncio.wait_for(scenario(), 60))
    assert (stats.pending_total, stats.delivered) == (0, 1)


def test_updates_and_registered_marks_follow_the_creates_they_change(
    fake: FakeSmartEMBackend, api: SmartEMAPIClient, tmp_path: Path
) -> None:
    acquisition = epu.acquisition()
    grid = epu.grid(acquisition)
    square = epu.gridsquare(grid.uuid, "5")
    moved = attrs.evolve(square, center_x=4321)
    hole = epu.foilhole(square.uuid, "5", "501")
    with Outbox(api, tmp_path / "o.db", **FAST) as outbox:
        outbox.create_acquisition(acquisition)
        outbox.create_acquisition_grid(grid)
        outbox.create_grid_gridsquare(square)
        outbox.update_gridsquare(moved)
        outbox.create_gridsquare_foilholes(square.uuid, [hole])
        outbox.gridsquare_registered(square.uuid, 1)
        outbox.grid_registered(grid.uuid)
        assert outbox.flush(20)
        assert (outbox.stats().delivered, outbox.stats().dead_letters) == (7, 0)
    [stored] = [row for row in fake.entities("gridsquare") if row["uuid"] == square.uuid]
    assert stored["center_x"] == 4321
    paths = [(r.method, r.path) for r in fake.request_log]
    # The update went in the create if both waited together, else as a PUT after it.
    updates = [i for i, sent in enumerate(paths) if sent == ("PUT", f"/gridsquares/{square.uuid}")]
    created_at = next(i for i, (m, p) in enumerate(paths) if p.endswith("/gridsquares/batch"))
    registered_at = next(i for i, (m, p) in enumerate(paths) if p.endswith("/registered"))
    assert len(updates) <= 1 and all(created_at < i < registered_at for i in updates)
    assert created_at < registered_at


# ---- deletes, acknowledgements, logs, and what the operator sees ------------------------------


def _entry(message: str) -> AgentLogEntry:
    return AgentLogEntry(
        timestamp="2026-12-01T10:00:00", level="INFO", logger_name="agent", message=message
    )


def test_a_delete_goes_after_the_create_and_update_of_its_entity(
    fake: FakeSmartEMBackend, api: SmartEMAPIClient, tmp_path: Path
) -> None:
    acquisition = epu.acquisition()
    grid = epu.grid(acquisition)
    square = epu.gridsquare(grid.uuid, "5")
    with Outbox(api, tmp_path / "o.db", **FAST) as outbox:
        outbox.create_acquisition(acquisition)
        outbox.create_acquisition_grid(grid)
        outbox.create_grid_gridsquare(square)
        outbox.update_gridsquare(attrs.evolve(square, center_x=1))
        outbox.delete_gridsquare(square.uuid)
        outbox.delete_gridsquare(square.uuid)  # a second delete meets a 404: still done
        assert outbox.flush(20)
        stats = outbox.stats()
    assert (stats.delivered, stats.dead_letters) == (6, 0)
    assert fake.entities("gridsquare") == []
    writes = [(r.method, r.path) for r in fake.request_log if square.uuid in r.path]
    # The update went in the create if both waited together (see fold), else as a PUT.
    put = [("PUT", f"/gridsquares/{square.uuid}")]
    assert writes[-2:] == [
        ("DELETE", f"/gridsquares/{square.uuid}"),
        ("DELETE", f"/gridsquares/{square.uuid}"),
    ]
    assert writes[:-2] in ([], put)


def test_an_acknowledgement_is_journalled_and_delivered(
    fake: FakeSmartEMBackend, api: SmartEMAPIClient, tmp_path: Path
) -> None:
    from smartem_ext import SSEAgentClient

    session = fake.create_session("scope-9")
    listener = SSEAgentClient(fake.url, "scope-9", session, timeout=5)
    received: list[str] = []

    def on_instruction(data: dict[str, object]) -> None:
        received.append(str(data["instruction_id"]))
        with Outbox(api, tmp_path / "o.db", **FAST) as outbox:
            ack = AgentInstructionAcknowledgement(
                status=AgentInstructionAcknowledgementStatus.PROCESSED, result="done"
            )
            outbox.acknowledge_instruction("scope-9", session, received[0], ack)
            assert outbox.flush(20)
            assert outbox.stats().delivered == 1
        listener.stop()

    fake.queue_instruction(session, instruction_type="agent.info.datastore")
    with listener:
        listener.stream_instructions(on_instruction)
    assert [(a["instruction_id"], a["status"]) for a in fake.acks(session)] == [
        (received[0], "processed")
    ]


def test_log_records_of_a_session_travel_together_in_lists_the_backend_takes_whole(
    fake: FakeSmartEMBackend, api: SmartEMAPIClient, tmp_path: Path
) -> None:
    session = fake.create_session("scope-7")
    with Outbox(api, tmp_path / "o.db", **FAST) as outbox:
        for batch in range(7):  # one call per record, as a log handler ships them
            outbox.send_logs("scope-7", session, [_entry(f"{batch}-{n}") for n in range(100)])
        assert outbox.flush(20)
    messages = [r["message"] for r in fake.agent_logs()]
    assert sorted(messages) == sorted(f"{b}-{n}" for b in range(7) for n in range(100))
    requests = [r for r in fake.request_log if r.path.endswith("/logs")]
    assert len(requests) < 7  # coalesced, and no request over the backend's 500


def test_log_records_make_room_for_data_and_are_counted(
    unreachable: SmartEMAPIClient, tmp_path: Path
) -> None:
    path = tmp_path / "o.db"
    with Outbox(unreachable, path, max_bytes=6000, drain_timeout=0, retry_first=30) as outbox:
        for call in range(10):  # more than fits: the oldest records make room, nothing raises
            outbox.send_logs("scope", "session", [_entry(f"{call}-{n}") for n in range(10)])
        logs = outbox.stats().pending["logs"]
        assert 0 < logs < 100
        assert outbox.stats().dropped_logs == 100 - logs
        kept = [json.loads(row.body)["message"] for row in outbox._journal.window(100)]
        assert kept[-1] == "9-9" and "0-0" not in kept  # the newest are kept
        square = epu.gridsquare(epu.new_uuid(), "1")
        holes = [epu.foilhole(square.uuid, "1", str(n)) for n in range(10)]
        outbox.create_gridsquare_foilholes(square.uuid, holes)  # room made from the logs
        stats = outbox.stats()
        assert stats.pending["foilhole"] == 10
        assert stats.pending.get("logs", 0) < logs
        assert stats.dropped_logs == 100 - stats.pending.get("logs", 0)
        more = [epu.foilhole(square.uuid, "1", str(n)) for n in range(10, 40)]
        with pytest.raises(OutboxFull):  # too big even with every log record gone
            outbox.create_gridsquare_foilholes(square.uuid, more)
        after = outbox.stats()  # the refused write dropped nothing
        assert (after.pending, after.dropped_logs) == (stats.pending, stats.dropped_logs)
    assert f"dropped log records: {stats.dropped_logs}" in read_stats(path)[0].lines()


def test_the_operator_sees_one_line_when_the_backend_goes_and_one_when_caught_up(
    fake: FakeSmartEMBackend,
    api: SmartEMAPIClient,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="smartem_ext.outbox")
    fake.fail_next(6, status=503)
    with Outbox(api, tmp_path / "o.db", **FAST) as outbox:
        _write_session(outbox, seed=11, squares=2, holes=3)
        assert outbox.flush(20)
    lines = [(r.levelname, r.getMessage()) for r in caplog.records]
    away = [m for level, m in lines if level == "WARNING"]
    back = [m for level, m in lines if level == "INFO"]
    assert len(away) == 1 and "not taking writes" in away[0] and "pending: " in away[0]
    assert len(back) == 1 and "caught up" in back[0]
    assert fake.request_count > 6  # several failed attempts, still one line


def test_a_square_deleted_while_its_holes_wait_to_travel_together_leaves_no_dead_letter(
    fake: FakeSmartEMBackend, api: SmartEMAPIClient, tmp_path: Path
) -> None:
    acquisition = epu.acquisition()
    grid = epu.grid(acquisition)
    square = epu.gridsquare(grid.uuid, "5")
    with Outbox(api, tmp_path / "o.db", **{**FAST, "linger": 0.5}) as outbox:  # type: ignore[arg-type]
        outbox.create_acquisition(acquisition)
        outbox.create_acquisition_grid(grid)
        outbox.create_grid_gridsquare(square)
        for n in range(3):  # one call per hole: the list lingers for more
            outbox.create_gridsquare_foilholes(
                square.uuid, [epu.foilhole(square.uuid, "5", str(n))]
            )
        outbox.delete_gridsquare(square.uuid)
        assert outbox.flush(20)
        stats = outbox.stats()
    assert (stats.delivered, stats.dead_letters) == (7, 0)
    paths = [(r.method, r.path) for r in fake.request_log if square.uuid in r.path]
    assert paths[-2:] == [
        ("POST", f"/gridsquares/{square.uuid}/foilholes"),
        ("DELETE", f"/gridsquares/{square.uuid}"),
    ]


def test_updates_waiting_with_their_create_go_in_it() -> None:
    create = Row(
        1, HOLES, "foilhole", "s", "h", ("gridsquare:s",), "{}", '{"uuid":"h","a":1,"b":1}', 0
    )
    first = Row(2, "update_foilhole", "update", "", "h", ("foilhole:h",), "{}", '{"a":2}', 0)
    second = Row(3, "update_foilhole", "update", "", "h", ("foilhole:h",), "{}", '{"b":3}', 0)
    gone = Row(4, "delete_foilhole", "delete", "", "h", ("foilhole:h",), "{}", "null", 0)
    late = Row(5, "update_foilhole", "update", "", "h", ("foilhole:h",), "{}", '{"a":9}', 0)
    rows, absorbed = fold([create, first, second, gone, late])
    assert [row.seq for row in rows] == [1, 4, 5]  # not across the delete
    assert json.loads(rows[0].body) == {"uuid": "h", "a": 2, "b": 3}
    assert absorbed == {1: [first, second]}
    assert fold([first]) == ([first], {})  # its create went earlier: sent as it is


def test_an_outage_folds_updates_into_creates_and_the_backend_ends_the_same(
    unreachable: SmartEMAPIClient,
    fake: FakeSmartEMBackend,
    api: SmartEMAPIClient,
    tmp_path: Path,
) -> None:
    acquisition = epu.acquisition()
    grid = epu.grid(acquisition)
    square = epu.gridsquare(grid.uuid, "5")
    hole = epu.foilhole(square.uuid, "5", "501")
    path = tmp_path / "o.db"
    with Outbox(unreachable, path, drain_timeout=0, **FAST) as outbox:
        outbox.create_acquisition(acquisition)
        outbox.create_acquisition_grid(grid)
        outbox.create_grid_gridsquare(square)
        outbox.create_gridsquare_foilholes(square.uuid, [hole])
        outbox.update_foilhole(attrs.evolve(hole, quality=0.11))
        outbox.update_gridsquare(attrs.evolve(square, center_x=4321))
        outbox.update_foilhole(attrs.evolve(hole, quality=0.22, diameter=80))
    with Outbox(api, path, **FAST) as outbox:
        assert outbox.flush(20)
        stats = outbox.stats()
    assert (stats.delivered, stats.dead_letters, stats.pending_total) == (7, 0, 0)
    [stored_hole] = fake.entities("foilhole")
    assert (stored_hole["quality"], stored_hole["diameter"]) == (0.22, 80)
    [stored_square] = fake.entities("gridsquare")
    assert stored_square["center_x"] == 4321
    assert [r.method for r in fake.request_log if r.method == "PUT"] == []  # no update sent


def test_an_update_folded_into_a_create_that_had_landed_still_lands(
    unreachable: SmartEMAPIClient,
    fake: FakeSmartEMBackend,
    api: SmartEMAPIClient,
    tmp_path: Path,
) -> None:
    # The create reached the backend, but its answer did not (the process died, the
    # backend stopped): it is still pending when the update that renames it is written.
    acquisition = epu.acquisition()
    api.create_acquisition(acquisition)
    renamed = attrs.evolve(acquisition, name="renamed after the create landed")
    path = tmp_path / "o.db"
    with Outbox(unreachable, path, drain_timeout=0, **FAST) as outbox:
        outbox.create_acquisition(acquisition)
        outbox.update_acquisition(renamed)
    with Outbox(api, path, **FAST) as outbox:
        assert outbox.flush(20)
        stats = outbox.stats()
    assert (stats.dead_letters, stats.pending_total) == (0, 0)
    (stored,) = fake.entities("acquisition")
    assert stored["name"] == renamed.name
