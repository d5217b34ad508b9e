"""The outbox journal: what a write stores, its format version, journals of every format
delivered by this release, and one sender per journal."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartem_ext import SmartEMAPIClient
from smartem_ext._journal import FORMAT, decode
from smartem_ext.converter import EntityConverter, foilhole_body
from smartem_ext.epu import FoilHoleData
from smartem_ext.outbox import JournalVersionError, Outbox, OutboxInUse, read_stats
from smartem_ext.testing import FakeSmartEMBackend
from tests.support import epu_data as epu
from tests.support.outbox_writer import _uuid, session

FIXTURES = Path(__file__).with_name("journals")
SEED = 7  # the session every fixture journal holds (journals/README.md)
FAST = {"retry_first": 0.02, "retry_cap": 0.1, "linger": 0.0}
_FINITE = st.floats(allow_nan=False, allow_infinity=False)
_IDS = st.text(alphabet="0123456789", min_size=1, max_size=12)


@pytest.fixture
def fake() -> Iterator[FakeSmartEMBackend]:
    with FakeSmartEMBackend() as backend:
        yield backend


@pytest.fixture
def unreachable() -> Iterator[SmartEMAPIClient]:
    """A client of a port nobody listens on: every write stays in the journal."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with SmartEMAPIClient(f"http://127.0.0.1:{port}", 1.0, retry=None) as client:
        yield client


def _pending(path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT op, params, body FROM pending ORDER BY seq").fetchall()


def _version(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


# ---- what a write stores -----------------------------------------------------------------


@st.composite
def _foilholes(draw: st.DrawFn) -> FoilHoleData:
    optional = st.none() | _FINITE
    whole = st.none() | st.integers(-(2**31), 2**31 - 1)
    return FoilHoleData(
        id=draw(_IDS),
        gridsquare_id=draw(_IDS),
        gridsquare_uuid=draw(st.uuids().map(str)),
        center_x=draw(optional),
        center_y=draw(optional),
        quality=draw(optional),
        rotation=draw(optional),
        size_width=draw(optional),
        size_height=draw(optional),
        x_location=draw(whole),
        y_location=draw(whole),
        x_stage_position=draw(optional),
        y_stage_position=draw(optional),
        diameter=draw(whole),
    )


@given(hole=_foilholes())
def test_a_foil_hole_is_stored_as_the_body_the_request_sends(hole: FoilHoleData) -> None:
    from smartem_ext import _outbox_writes as writes

    [row] = writes.foilholes({str(hole.gridsquare_uuid): [hole]})
    stored = json.loads(json.dumps(row.body))
    assert stored == EntityConverter.foilhole_to_request(hole).to_dict() == foilhole_body(hole)
    assert [type(v) for v in stored.values()] == [type(v) for v in foilhole_body(hole).values()]
    assert (row.op, row.params) == (
        "create_gridsquare_foilholes",
        {"gridsquare_uuid": hole.gridsquare_uuid},
    )


def test_a_journal_holds_requests_as_json_and_its_format_version(
    unreachable: SmartEMAPIClient, tmp_path: Path
) -> None:
    path = tmp_path / "outbox.sqlite"
    acquisition = epu.acquisition()
    grid = epu.grid(acquisition)
    with Outbox(unreachable, path, drain_timeout=0, retry_first=30) as outbox:
        outbox.create_acquisition(acquisition)
        outbox.create_acquisition_grid(grid)
        outbox.grid_registered(grid.uuid)
        outbox.delete_grid(grid.uuid)
    assert _version(path) == FORMAT == 2
    rows = _pending(path)
    assert [op for op, _, _ in rows] == [
        "create_acquisition",
        "create_acquisition_grid",
        "mark_grid_registered",
        "delete_grid",
    ]
    params = [json.loads(text) for _, text, _ in rows]
    bodies = [json.loads(text) for _, _, text in rows]
    assert params == [
        {},
        {"acquisition_uuid": acquisition.uuid},
        {"grid_uuid": grid.uuid},
        {"grid_uuid": grid.uuid},
    ]
    assert bodies == [
        EntityConverter.acquisition_to_request(acquisition).to_dict(),
        EntityConverter.grid_to_request(grid).to_dict(),
        None,
        None,
    ]


def test_a_write_the_converter_refuses_is_not_stored(
    unreachable: SmartEMAPIClient, tmp_path: Path
) -> None:
    from smartem_ext import ConversionError

    path = tmp_path / "outbox.sqlite"
    hole = epu.foilhole(epu.new_uuid(), "1", "1")
    bad = attrs.evolve(hole, id="2", x_location=2**40)
    with Outbox(unreachable, path, drain_timeout=0, retry_first=30) as outbox:
        with pytest.raises(ConversionError, match="x_location"):
            outbox.create_gridsquare_foilholes(str(hole.gridsquare_uuid), [hole, bad])
        assert outbox.stats().pending_total == 0
    assert _pending(path) == []


# ---- journals of every format ---------------------------------------------------------------


def _fixture_session() -> dict[str, list[str]]:
    """uuids by fake-backend kind that delivering a fixture journal must store."""
    tables = {"atlastilegridsquareposition": "tile_link"}
    expected: dict[str, list[str]] = {}
    for table, uuid, _ in session(SEED, 2, 2):
        expected.setdefault(tables.get(table, table), []).append(uuid)
    expected["atlas_tile"] = [_uuid(SEED, "tile"), _uuid(SEED, "tile2")]
    expected["micrograph"] = [_uuid(SEED, "mic")]
    return expected


def _deliver(fake: FakeSmartEMBackend, path: Path) -> None:
    with (
        SmartEMAPIClient(fake.url, 5.0, retry=None) as api,
        Outbox(api, path, **FAST) as outbox,  # type: ignore[arg-type]
    ):
        assert outbox.flush(30)
        stats = outbox.stats()
    assert (stats.pending_total, stats.dead_letters) == (0, 0), outbox.dead_letters()


@pytest.mark.parametrize("version", [1, 2])
def test_a_journal_of_every_format_is_delivered(
    fake: FakeSmartEMBackend, tmp_path: Path, version: int
) -> None:
    path = tmp_path / "journal.sqlite"
    shutil.copy(FIXTURES / f"v{version}.sqlite", path)
    if version >= 2:
        fake.create_session("journal-fixture-agent", session_id="journal-fixture-session")
    _deliver(fake, path)

    expected = _fixture_session()
    if version >= 2:
        expected["foilhole"].remove(_uuid(SEED, "sq1h1"))  # its delete was journalled too
    for kind, uuids in expected.items():
        key = "gridsquare_uuid" if kind == "tile_link" else "uuid"
        assert sorted(row[key] for row in fake.entities(kind)) == sorted(uuids), kind
    [square] = [s for s in fake.entities("gridsquare") if s["uuid"] == _uuid(SEED, "sq0")]
    assert square["center_x"] == 999  # the update came after the create
    logs = [r["message"] for r in fake.agent_logs() if r["agent_id"] == "journal-fixture-agent"]
    assert logs == ([f"record {n}" for n in range(3)] if version >= 2 else [])
    assert _version(path) == FORMAT  # opened for sending: rewritten in this format


def test_a_format_1_row_that_cannot_be_read_becomes_a_dead_letter_and_the_rest_go(
    fake: FakeSmartEMBackend, tmp_path: Path
) -> None:
    path = tmp_path / "journal.sqlite"
    shutil.copy(FIXTURES / "v1.sqlite", path)
    forged = pickle.dumps((os.system, ("true",)))
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO pending (op, kind, grp, uuid, deps, payload, written) "
            "VALUES ('create_acquisition', 'acquisition', '', 'x', '', ?, 0)",
            (forged,),
        )
    with (
        SmartEMAPIClient(fake.url, 5.0, retry=None) as api,
        Outbox(api, path, **FAST) as outbox,  # type: ignore[arg-type]
    ):
        assert outbox.flush(30)
        [dead] = outbox.dead_letters()
    assert dead.uuid == "x" and "may not hold posix.system" in dead.error
    assert len(fake.entities("foilhole")) == 4


def test_format_1_payloads_of_both_forms_read_back() -> None:
    square = epu.gridsquare(epu.new_uuid(), "3")
    assert decode(pickle.dumps((square.grid_uuid, square, False))) == (
        square.grid_uuid,
        square,
        False,
    )
    with pytest.raises(pickle.UnpicklingError, match="may not hold"):
        decode(pickle.dumps(("\x00compact", ("Path", "/etc"))))


def test_a_journal_of_a_newer_format_is_refused_and_left_untouched(
    fake: FakeSmartEMBackend, tmp_path: Path
) -> None:
    path = tmp_path / "journal.sqlite"
    shutil.copy(FIXTURES / "v2.sqlite", path)
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {FORMAT + 1}")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with SmartEMAPIClient(fake.url, 5.0, retry=None) as api:
        with pytest.raises(JournalVersionError, match=f"format {FORMAT + 1}.*up to {FORMAT}"):
            Outbox(api, path)
        with pytest.raises(JournalVersionError):
            read_stats(path)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
        assert fake.request_count == 0
        # The refusal let go of the journal's lock: with a format it reads, it opens.
        with sqlite3.connect(path) as db:
            db.execute(f"PRAGMA user_version = {FORMAT}")
        Outbox(api, path, drain_timeout=0).close()


# ---- one journal, one sender -----------------------------------------------------------------


def test_a_second_outbox_on_a_journal_in_use_is_refused(
    unreachable: SmartEMAPIClient, tmp_path: Path
) -> None:
    path = tmp_path / "outbox.sqlite"
    with Outbox(unreachable, path, drain_timeout=0) as first:
        with pytest.raises(OutboxInUse, match=str(path)):
            Outbox(unreachable, path)
        program = (
            "import sys\n"
            "from smartem_ext import SmartEMAPIClient\n"
            "from smartem_ext.outbox import Outbox, OutboxInUse\n"
            "try:\n"
            "    Outbox(SmartEMAPIClient('http://127.0.0.1:9'), sys.argv[1])\n"
            "except OutboxInUse as error:\n"
            "    print('in use:', error)\n"
            "    sys.exit(3)\n"
        )
        other = subprocess.run(
            [sys.executable, "-c", program, str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert other.returncode == 3, other.stderr
        assert str(path) in other.stdout
        first.create_acquisition(epu.acquisition())  # the first one goes on as before
        assert read_stats(path)[0].pending_total == 1  # reading the stats takes no lock
    with Outbox(unreachable, path, drain_timeout=0) as again:  # closed: free again
        assert again.stats().pending_total == 1
