"""Outbox against the real backend: outage, crashes and poison, checked in PostgreSQL."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from smartem_ext import KeycloakAuth, SmartEMAPIClient
from smartem_ext.outbox import Outbox
from smartem_ext.testing import FakeSmartEMBackend
from tests.support import epu_data as epu
from tests.support import outbox_writer as writer
from tests.support.outbox_writer import session
from tests.support.real_backend import RealBackend

REPO = Path(__file__).resolve().parents[2]
FAST = {"retry_first": 0.05, "retry_cap": 1.0}
CRASH_RUNS = 20
"""SIGKILLs of a writer, spread over seeded sessions of a few dozen entities each."""
CRASH_SQUARES, CRASH_HOLES = 3, 8


def _auth(backend: RealBackend) -> KeycloakAuth:
    return KeycloakAuth(backend.issuer.url, backend.realm, backend.client_id, backend.client_secret)


def _key_column(table: str) -> str:
    return "gridsquare_uuid" if table == "atlastilegridsquareposition" else "uuid"


def _counts_in_postgres(
    backend: RealBackend, written: Sequence[tuple[str, str]]
) -> Counter[tuple[str, str]]:
    """How often each written (table, uuid) is stored."""
    found: Counter[tuple[str, str]] = Counter()
    for table in {table for table, _ in written}:
        listed = ", ".join(f"'{uuid}'" for t, uuid in written if t == table)
        column = _key_column(table)
        rows = backend.sql(
            f"select {column}, count(*) from {table} where {column} in ({listed}) group by 1"
        )
        found.update({(table, uuid): int(count) for uuid, count in rows})
    return found


def _assert_each_stored_once(backend: RealBackend, written: Sequence[tuple[str, str]]) -> None:
    counts = _counts_in_postgres(backend, written)
    lost = [entry for entry in written if counts[entry] == 0]
    doubled = [entry for entry in written if counts[entry] > 1]
    assert (len(written), lost, doubled) == (len(set(written)), [], [])


# ---- outage -----------------------------------------------------------------------------------


def test_a_session_through_an_outage_is_stored_exactly_once(
    real_backend: RealBackend, tmp_path: Path
) -> None:
    writes = list(session(seed=random.randrange(1 << 30), squares=24, holes=40))
    thirds = len(writes) // 3
    # No transport retries: the outbox's own retrying must carry the session through.
    with (
        SmartEMAPIClient(real_backend.url, 2.0, auth=_auth(real_backend), retry=None) as api,
        Outbox(api, tmp_path / "o.db", drain_timeout=120, **FAST) as outbox,
    ):
        for _, _, write in writes[:thirds]:
            write(outbox)
        real_backend.pause()
        try:
            paused_at = time.monotonic()
            for _, _, write in writes[thirds : 2 * thirds]:
                write(outbox)  # the agent goes on writing while the backend is away
            time.sleep(max(0.0, 20 - (time.monotonic() - paused_at)))
            assert outbox.stats().pending_total > 0
        finally:
            real_backend.kill_and_restart()
        for _, _, write in writes[2 * thirds :]:
            write(outbox)
        assert outbox.flush(120)
        stats = outbox.stats()
    assert stats.dead_letters == 0
    assert stats.last_error is not None
    _assert_each_stored_once(real_backend, [(table, uuid) for table, uuid, _ in writes])


# ---- crashes ----------------------------------------------------------------------------------


def _writer(
    url: str, outbox: Path, seed: int, start: int, token: str | None
) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        "-m",
        "tests.support.outbox_writer",
        url,
        str(outbox),
        str(seed),
        str(CRASH_SQUARES),
        str(CRASH_HOLES),
        "--from",
        str(start),
    ]
    if token:
        command += ["--token", token]
    return subprocess.Popen(
        command,
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def _last_written(output: str) -> int:
    done = [int(line.split()[1]) for line in output.splitlines() if line.startswith("written ")]
    return max(done, default=-1)


def _crash_and_resume(url: str, outbox: Path, seed: int, token: str | None, kills: int) -> int:
    """Kill the writer ``kills`` times at random moments (seeded), each time restarting it
    from the last write it confirmed, then let it finish; returns the kills that hit it."""
    chance = random.Random(seed)
    start, hit = 0, 0
    for _ in range(kills):
        process = _writer(url, outbox, seed, start, token)
        try:
            process.wait(timeout=chance.uniform(0.4, 1.6))
        except subprocess.TimeoutExpired:
            process.kill()
            hit += 1
        output, _ = process.communicate(timeout=60)
        if "drained" in output.splitlines():
            return hit
        start = max(start, _last_written(output) + 1)
    process = _writer(url, outbox, seed, start, token)
    output, _ = process.communicate(timeout=180)
    assert output.splitlines()[-1] == "drained", output
    return hit


def test_writers_killed_at_random_moments_store_every_entity_once(
    real_backend: RealBackend, tmp_path: Path
) -> None:
    base = random.randrange(1 << 20)
    written: list[tuple[str, str]] = []
    kills = 0
    seed = base
    while kills < CRASH_RUNS:
        kills += _crash_and_resume(
            real_backend.url, tmp_path / f"o{seed}.db", seed, real_backend.token(), kills=4
        )
        written += [(t, u) for t, u, _ in session(seed, CRASH_SQUARES, CRASH_HOLES)]
        seed += 1
    print(f"crash: {kills} kills over {seed - base} sessions, {len(written)} entities")
    _assert_each_stored_once(real_backend, written)


def test_writers_killed_at_random_moments_lose_nothing_on_the_fake(tmp_path: Path) -> None:
    with FakeSmartEMBackend() as fake:
        for seed in range(2):
            _crash_and_resume(fake.url, tmp_path / f"o{seed}.db", seed, None, kills=3)
            for table, uuid, _ in session(seed, CRASH_SQUARES, CRASH_HOLES):
                kind = {"atlastilegridsquareposition": "tile_link"}.get(table, table)
                key = "gridsquare_uuid" if kind == "tile_link" else "uuid"
                assert [row[key] for row in fake.entities(kind)].count(uuid) == 1


# ---- poison -----------------------------------------------------------------------------------


@pytest.fixture
def outbox_api(real_backend: RealBackend) -> Iterator[SmartEMAPIClient]:
    with SmartEMAPIClient(real_backend.url, 10.0, auth=_auth(real_backend)) as api:
        yield api


def test_one_invalid_entity_among_ten_thousand_is_the_one_dead_letter(
    real_backend: RealBackend, outbox_api: SmartEMAPIClient, tmp_path: Path
) -> None:
    acquisition = writer.acquisition(random.randrange(1 << 30))
    grid = epu.grid(acquisition)
    squares = [writer.gridsquare(grid.uuid, str(n + 1)) for n in range(100)]
    holes = {
        square.uuid: [epu.foilhole(square.uuid, str(n + 1), f"{n + 1}{h:04d}") for h in range(100)]
        for n, square in enumerate(squares)
    }
    holes[squares[0].uuid].pop()  # 9,999 valid holes and one that can never land
    missing = epu.new_uuid()
    poison = epu.foilhole(missing, "999", "9990001")
    with Outbox(outbox_api, tmp_path / "o.db", **FAST) as outbox:
        outbox.create_acquisition(acquisition)
        outbox.create_acquisition_grid(grid)
        outbox.create_grid_gridsquares(grid.uuid, squares)
        for n, square in enumerate(squares):
            if n == 50:
                outbox.create_gridsquare_foilholes(missing, [poison])
            outbox.create_gridsquare_foilholes(square.uuid, holes[square.uuid])
        assert outbox.flush(180)
        dead = outbox.dead_letters()
    assert [d.uuid for d in dead] == [poison.uuid]
    [[stored]] = real_backend.sql(
        "select count(*) from foilhole f join gridsquare g on f.gridsquare_uuid = g.uuid "
        f"where g.grid_uuid = '{grid.uuid}'"
    )
    assert int(stored) == 9_999
    [[orphans]] = real_backend.sql(f"select count(*) from foilhole where uuid = '{poison.uuid}'")
    assert int(orphans) == 0
