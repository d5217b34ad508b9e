"""The unmodified existing agent through compat with ``SMARTEM_OUTBOX``, across backend outages.

The backend is killed at a known point (right after an agent created its acquisition, and
before it parses) and started again later; PostgreSQL is the truth. What the agent parsed
must be stored once: every uuid the agent made is a row, no other row sits under its
acquisition, and no entity is stored twice under two uuids. The agent's own store is also
held to what the session generator wrote, so that a client which made the agent drop what
failed cannot pass by making it parse less.

These tests run on a backend of their own, since they stop it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smartem_ext import KeycloakAuth, SmartEMAPIClient
from smartem_ext.outbox import Outbox
from tests.agent.harness import (
    AgentProcess,
    expected_ids,
    natural_duplicates,
    parsed_counts,
    stored_ids,
    write_config,
    written_counts,
)
from tests.agent.support import REPO, run_in_agent_python
from tests.support.epu_session import EpuSession, write_epu_session
from tests.support.real_backend import RealBackend

pytestmark = pytest.mark.real_backend

OUTAGE_S = 30.0
"""How long the backend stays down (from the kill to the start of the new process)."""
SIZE = {"tiles": 4, "gridsquares": 40, "acquired": 8, "foilholes": 24, "micrographs": 1}
"""40 grid squares, 192 foil holes (48 near the grid bar), 144 micrographs, 40 tile links:
about 500 writes in the parse (the agent updates each imaged foil hole twice)."""
PACE_FLOOR_S = 2.0
"""The healthy parse is held to at least this in the pace check (see that test)."""
FLEET = 8
FLEET_SIZE = {"tiles": 2, "gridsquares": 6, "acquired": 2, "foilholes": 6, "micrographs": 1}
FLEET_OUTAGE_S = 15.0
SPREAD_S = 1.0
"""The least spread of the fleet's first deliveries after a restart (see that test)."""


@pytest.fixture(scope="module")
def backend() -> Iterator[RealBackend]:
    with RealBackend() as started:
        yield started


class _Outage:
    """The backend killed now; :meth:`end` starts it again (also on leaving the block)."""

    def __init__(self, backend: RealBackend) -> None:
        self.backend = backend
        backend.kill()
        self.killed_at = time.time()  # from here on, nothing reaches the backend
        self.restarted_at: float | None = None

    def end(self) -> float:
        """Start the backend again; the time it answered."""
        if self.restarted_at is None:
            self.backend.restart()
            self.restarted_at = time.time()
        return self.restarted_at

    def __enter__(self) -> _Outage:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.end()


def _session(folder: Path, size: dict[str, int]) -> EpuSession:
    return write_epu_session(folder / "watch", **size)


def _start(backend: RealBackend, folder: Path, epu: EpuSession, journal: Path) -> AgentProcess:
    """An agent over ``epu`` with its journal at ``journal``, without the instruction checks."""
    return AgentProcess(backend, folder, epu.root, journal=journal, extra=["--no-checks"])


def _assert_stored_once(
    backend: RealBackend, result: dict[str, Any], epu: EpuSession
) -> dict[str, int]:
    """The agent parsed the whole session, and PostgreSQL holds all of it, once."""
    assert parsed_counts(result) == written_counts(epu), "the agent's parse is incomplete"
    acquisition = result["acquisition_uuid"]
    assert stored_ids(backend, acquisition) == expected_ids(result, epu)
    assert natural_duplicates(backend, acquisition) == []
    return {name: len(ids) for name, ids in expected_ids(result, epu).items()}


def _assert_journal_delivered(result: dict[str, Any]) -> None:
    journal = result.get("journal")
    assert journal is not None, "compat kept no journal at SMARTEM_OUTBOX"
    assert result["drained"], journal
    assert (journal["pending_total"], journal["dead_letters"]) == (0, 0), journal


# ---- a, b: one 30 s outage; an agent parsing through it, and one killed in it ------------


@pytest.fixture(scope="module")
def outage(backend: RealBackend, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A healthy run for the pace, then one outage for the parse (a) and the kill (b).

    a: ``parsing`` parses the whole session while the backend is down, then leaves once
    its journal is delivered. b: ``killed`` parses its session in the same outage, after
    ``parsing`` (so the two parses never share the CPU), and is SIGKILLed; once the
    backend is back ``resumed`` starts on the same journal and the same folder.
    """
    root = tmp_path_factory.mktemp("outage")
    healthy_epu = _session(root / "healthy", SIZE)
    healthy = _start(backend, root / "healthy", healthy_epu, root / "healthy" / "outbox.db")
    try:
        healthy.wait_ready()
        healthy.go()
        healthy_result = healthy.wait()
    finally:
        healthy.stop()

    parsing_epu = _session(root / "parsing", SIZE)
    killed_epu = _session(root / "killed", SIZE)
    killed_journal = root / "killed" / "outbox.db"
    parsing = _start(backend, root / "parsing", parsing_epu, root / "parsing" / "outbox.db")
    killed = _start(backend, root / "killed", killed_epu, killed_journal)
    resumed: AgentProcess | None = None
    try:
        parsing.wait_ready()
        killed.wait_ready()
        with _Outage(backend) as down:
            parsing.go()
            killed_report: dict[str, Any] | None = None
            while time.time() < down.killed_at + OUTAGE_S:
                if (
                    killed_report is None
                    and parsing.phase() is not None
                    and not killed.go_file.exists()
                ):
                    killed.go()
                if killed_report is None and killed.phase() is not None:
                    killed.kill()
                    killed_report = killed.report()
                    killed_report["killed_at"] = time.time()
                time.sleep(0.05)
            restarted_at = down.end()
        if killed_report is None:  # it had not finished parsing while the backend was down
            killed.kill()
            killed_report = killed.report() if killed.phase() is not None else {}
        resumed = AgentProcess(
            backend,
            root / "resumed",
            killed_epu.root,
            journal=killed_journal,
            extra=["--no-checks"],
        )
        resumed.wait_ready()
        resumed.go()
        resumed_result = resumed.wait()
        parsing_result = parsing.wait()
    finally:
        for process in (parsing, killed, resumed):
            if process is not None:
                process.stop()
    return {
        "healthy": healthy_result,
        "healthy_epu": healthy_epu,
        "parsing": parsing_result,
        "parsing_epu": parsing_epu,
        "killed": killed_report,
        "killed_epu": killed_epu,
        "resumed": resumed_result,
        "killed_at": down.killed_at,
        "restarted_at": restarted_at,
    }


def test_a_healthy_run_stores_the_session_once(
    outage: dict[str, Any], backend: RealBackend
) -> None:
    _assert_stored_once(backend, outage["healthy"], outage["healthy_epu"])
    _assert_journal_delivered(outage["healthy"])


def test_the_agent_parses_through_the_outage_and_everything_lands_once(
    outage: dict[str, Any], backend: RealBackend
) -> None:
    result = outage["parsing"]
    assert result["parsed_at"] < outage["restarted_at"], "the parse waited for the backend"
    counts = _assert_stored_once(backend, result, outage["parsing_epu"])
    assert counts["foilholes"] < len(result["store"]["foilholes"])  # the grid-bar holes
    _assert_journal_delivered(result)
    # The outage was seen: writes failed on the wire while the backend was down.
    assert result["wire"].get("data no answer", 0) > 0, result["wire"]


def test_the_parse_during_the_outage_keeps_the_healthy_pace(
    outage: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's acceptance check: parsing with the backend down takes at most twice the
    parse of the same-sized session on a healthy backend.

    Both runs are the same agent on the same client (compat with its journal), one after
    the other on this machine. The parse of this session is mostly its ~500 journal
    commits, each waiting for the disk: 0.7-2.1 s per parse, healthy or not, in trial
    runs on a shared two-core machine with a virtual disk. So the healthy parse is
    floored at PACE_FLOOR_S, which puts the bound at 4 s or more and lets one slow run
    of the disk not fail the check. What the check is there to catch stays far past it:
    a client that waits for the backend spends the outage (30 s) in the parse, and one
    that only tries the network once per write before journalling spends at least
    ~10 ms per write (5 s here).
    """
    healthy, down = outage["healthy"]["parse_s"], outage["parsing"]["parse_s"]
    with capsys.disabled():
        print(f"\nagent parse of the same session: healthy {healthy} s, backend down {down} s")
    assert down <= 2 * max(healthy, PACE_FLOOR_S), (down, healthy)


def test_a_killed_agents_journal_is_delivered_by_the_next_agent(
    outage: dict[str, Any], backend: RealBackend
) -> None:
    killed, resumed = outage["killed"], outage["resumed"]
    assert killed.get("phase") == "parsed", "the agent did not finish parsing during the outage"
    assert killed["killed_at"] < outage["restarted_at"]
    assert resumed["acquisition_uuid"] != killed["acquisition_uuid"]
    # What the killed agent parsed was delivered by the next process on its journal,
    # and the next process's own session too.
    _assert_stored_once(backend, killed, outage["killed_epu"])
    _assert_stored_once(backend, resumed, outage["killed_epu"])
    _assert_journal_delivered(resumed)


# ---- d: an update the backend refuses for good -------------------------------------------

_UPDATE_UNKNOWN_GRID = """
import json, sys, time
from pathlib import Path

from smartem_backend.keycloak_client import KeycloakClient, load_keycloak_config
from smartem_common.schemas import AcquisitionData, GridData
from smartem_ext.compat import SmartEMAPIClient

url, config, grid_uuid = sys.argv[1:4]
client = SmartEMAPIClient(url, keycloak_client=KeycloakClient(load_keycloak_config(Path(config))))
grid = GridData(data_dir=Path("/nowhere"), acquisition_data=AcquisitionData(), uuid=grid_uuid)
client.update_grid(grid)
outbox = client.outbox
deadline = time.monotonic() + 60
while outbox is not None and not outbox.stats().dead_letters and time.monotonic() < deadline:
    time.sleep(0.1)
stats = outbox.stats() if outbox is not None else None
client.close()
print(json.dumps({
    "journal": outbox is not None,
    "stats": None if stats is None else [stats.pending_total, stats.dead_letters],
}))
"""


def _smartem_ext(*args: str) -> subprocess.CompletedProcess[str]:
    """The ``smartem-ext`` command of this checkout."""
    script = Path(sys.executable).with_name("smartem-ext")
    command = (
        [str(script)]
        if script.exists()
        else [
            sys.executable,
            "-c",
            "import sys; from smartem_ext.cli import main; sys.exit(main())",
        ]
    )
    path = os.pathsep.join([str(REPO), str(REPO / "generated"), os.environ.get("PYTHONPATH", "")])
    return subprocess.run(
        [*command, *args],
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_an_update_the_backend_never_gets_ends_as_a_dead_letter(
    backend: RealBackend, tmp_path: Path
) -> None:
    journal, grid_uuid = tmp_path / "outbox.db", str(uuid.uuid4())
    done = run_in_agent_python(
        [
            "-c",
            _UPDATE_UNKNOWN_GRID,
            backend.url,
            str(write_config(backend, tmp_path)),
            grid_uuid,
        ],
        tmp_path,
        timeout=120,
        env={"SMARTEM_OUTBOX": str(journal)},
    )
    assert done.returncode == 0, done.stderr[-3000:]  # the update returned without an error
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["journal"], "compat kept no journal at SMARTEM_OUTBOX"
    # The agent's outbox, live: nothing pending, one dead letter.
    assert seen["stats"] == [0, 1], seen

    # The journal, opened again after the agent's process ended.

    auth = KeycloakAuth(backend.issuer.url, backend.realm, backend.client_id, backend.client_secret)
    with SmartEMAPIClient(backend.url, auth=auth) as api:
        outbox = Outbox(api, journal)
        try:
            stats, letters = outbox.stats(), outbox.dead_letters()
        finally:
            outbox.close()
    assert (stats.pending_total, stats.dead_letters) == (0, 1), stats
    [letter] = letters
    assert (letter.op, letter.uuid) == ("update_grid", grid_uuid), letter
    assert "404" in letter.error or "not found" in letter.error.lower(), letter

    status = _smartem_ext("outbox", "status", str(journal))
    assert status.returncode == 1, status.stdout + status.stderr  # something was refused
    lines = status.stdout.splitlines()
    assert "dead letters: 1" in lines, status.stdout
    assert any(line.startswith("dead letter ") and grid_uuid in line for line in lines), lines


# ---- e: eight agents, each with its journal, through one outage --------------------------


@pytest.fixture(scope="module")
def fleet(backend: RealBackend, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """FLEET agents started together; the backend killed once all created their
    acquisitions, then the agents parse; the backend starts FLEET_OUTAGE_S after the kill."""
    root = tmp_path_factory.mktemp("fleet")
    sessions = [_session(root / f"agent{n}", FLEET_SIZE) for n in range(FLEET)]
    agents = [
        _start(backend, root / f"agent{n}", epu, root / f"agent{n}" / "outbox.db")
        for n, epu in enumerate(sessions)
    ]
    try:
        for agent in agents:
            agent.wait_ready(timeout=180)
        with _Outage(backend) as down:
            for agent in agents:
                agent.go()
            time.sleep(max(0.0, down.killed_at + FLEET_OUTAGE_S - time.time()))
            restarted_at = down.end()
        results = [agent.wait(timeout=180) for agent in agents]
    finally:
        for agent in agents:
            agent.stop()
    return {
        "results": results,
        "sessions": sessions,
        "killed_at": down.killed_at,
        "restarted_at": restarted_at,
    }


def test_every_agent_of_the_fleet_stores_its_session_once(
    fleet: dict[str, Any], backend: RealBackend
) -> None:
    for result, epu in zip(fleet["results"], fleet["sessions"], strict=True):
        assert result["parsed_at"] < fleet["restarted_at"]
        _assert_stored_once(backend, result, epu)
        _assert_journal_delivered(result)


def test_the_fleet_comes_back_spread_out_not_in_one_burst(fleet: dict[str, Any]) -> None:
    """Each agent's first delivered write after the restart, from its own wire log (the
    start of its first data request other than a read that the backend answered 2xx).

    All eight lost the backend at the same instant and held writes when it came back.
    Their first failed sends fall within a few hundred ms of each other (they started
    parsing together), and a sender retrying on a fixed schedule keeps them in step, so
    they would come back as one burst. The outbox draws each wait at random (full
    jitter: uniform up to a step that doubles per failure), and by the restart (~18 s into
    the outage: 15 s down, ~3 s for the backend to start) the steps are several seconds
    long, so the first deliveries spread over seconds (3 to 23 s in trial runs).
    Requiring SPREAD_S of spread fails a burst while leaving a jittered fleet a wide
    margin: all eight of its independent draws would have to land within that second.
    """
    firsts = []
    for result in fleet["results"]:
        delivered = [
            started
            for started, method, _path, status, _thread in result["timeline"]
            if started >= fleet["killed_at"]
            and method != "GET"
            and status is not None
            and 200 <= status < 300
        ]
        assert delivered, "no write was delivered after the restart"
        firsts.append(min(delivered))
    after_restart = sorted(round(first - fleet["restarted_at"], 3) for first in firsts)
    assert max(firsts) - min(firsts) >= SPREAD_S, after_restart
