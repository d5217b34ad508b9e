"""The existing agent as a process (tests/agent/agent_run.py), and what the backend stored of it.

``AgentProcess`` starts one agent over a generated EPU session and steps it through the
hand-offs of agent_run.py (ready, go, parsed, done), so a test can stop the backend or kill
the agent at a known point. PostgreSQL is read, not the client's view: ``stored_ids`` lists
what the backend holds for an acquisition, ``expected_ids`` what the agent parsed and a
correct client must have stored, ``natural_duplicates`` any entity stored twice under two
uuids.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx

from tests.agent.support import AGENT_RUN, run_in_agent_python, start_in_agent_python
from tests.support.epu_session import EpuSession, write_epu_session
from tests.support.real_backend import RealBackend

KINDS = (
    "acquisition",
    "grids",
    "atlases",
    "tiles",
    "gridsquares",
    "foilholes",
    "micrographs",
    "links",
)


class AgentFailed(AssertionError):
    """The agent process ended or stalled before the step a test waited for."""


def new_session(backend: RealBackend, agent_id: str) -> str:
    """An active instruction session for ``agent_id`` (the backend's debug endpoint)."""
    answer = httpx.post(
        f"{backend.url}/debug/sessions/create",
        json={"agent_id": agent_id},
        headers=backend.auth_headers(),
        timeout=30,
    )
    answer.raise_for_status()
    return str(answer.json()["session_id"])


def write_config(backend: RealBackend, folder: Path) -> Path:
    """The agent's dotenv file (backend URL and Keycloak settings)."""
    config = folder / "agent.env"
    config.write_text("".join(f"{k}={v}\n" for k, v in backend.agent_env().items()))
    return config


def tail(path: Path, lines: int = 40) -> str:
    return (
        "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""
    )


def agent_arguments(
    backend: RealBackend, client: str, watch: Path, folder: Path, agent_id: str
) -> list[str]:
    return [
        str(AGENT_RUN),
        f"--client={client}",
        f"--watch={watch}",
        f"--api-url={backend.url}",
        f"--config={write_config(backend, folder)}",
        f"--agent-id={agent_id}",
        f"--session-id={new_session(backend, agent_id)}",
        f"--rejected-token={backend.issuer.mint_expired(backend.client_id)}",
        f"--out={folder / 'result.json'}",
        f"--log={folder / 'agent.log'}",
    ]


def run_agent(
    backend: RealBackend,
    client: str,
    folder: Path,
    size: Mapping[str, int],
    *extra: str,
    env: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Generate a session, run the agent over it with ``client`` to the end; its JSON report."""
    folder.mkdir(parents=True, exist_ok=True)
    epu = write_epu_session(folder / "watch", **size)
    agent_id = f"scope-{client}-{uuid.uuid4().hex[:6]}"
    out, log = folder / "result.json", folder / "agent.log"
    done = run_in_agent_python(
        [*agent_arguments(backend, client, epu.root, folder, agent_id), *extra],
        folder,
        timeout=300,
        env=env,
    )
    assert out.exists(), f"exit {done.returncode}\n{done.stderr[-3000:]}\n{tail(log)}"
    result: dict[str, Any] = json.loads(out.read_text())
    result["epu"] = epu
    result["log_tail"] = tail(log)
    result["agent_id"] = agent_id
    return result


class AgentProcess:
    """One agent process over ``watch``, stepped through ready, go, parsed and done.

    Args:
        journal: the outbox journal (``SMARTEM_OUTBOX``); None runs compat without one.
        extra: more agent_run.py arguments.
    """

    def __init__(
        self,
        backend: RealBackend,
        folder: Path,
        watch: Path,
        *,
        client: str = "compat",
        journal: Path | None = None,
        extra: Sequence[str] = (),
        limit: float = 240.0,
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.agent_id = f"scope-{folder.name}-{uuid.uuid4().hex[:6]}"
        self.ready_file = folder / "ready.json"
        self.go_file = folder / "go"
        self.out = folder / "result.json"
        self.log = folder / "agent.log"
        self.journal = journal
        arguments = [
            *agent_arguments(backend, client, watch, folder, self.agent_id),
            f"--ready-file={self.ready_file}",
            f"--go-file={self.go_file}",
            f"--limit={limit}",
            *extra,
        ]
        env = {"SMARTEM_OUTBOX": str(journal)} if journal is not None else None
        self.process = start_in_agent_python(arguments, folder, env)

    def _failure(self, waited_for: str) -> AgentFailed:
        return AgentFailed(
            f"agent {self.folder.name} (exit {self.process.poll()}) before {waited_for}\n"
            f"--- output ---\n{tail(self.folder / 'output.txt')}\n"
            f"--- agent log ---\n{tail(self.log)}"
        )

    def _await(self, condition: Any, waited_for: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if self.process.poll() is not None and not condition():
                raise self._failure(waited_for)
            if time.monotonic() > deadline:
                raise self._failure(f"{waited_for} (waited {timeout:.0f} s)")
            time.sleep(0.05)

    def wait_ready(self, timeout: float = 90.0) -> str:
        """Wait until the watcher exists (its acquisition created); the acquisition uuid."""
        self._await(self.ready_file.exists, "ready", timeout)
        return str(json.loads(self.ready_file.read_text())["acquisition_uuid"])

    def go(self) -> None:
        self.go_file.write_text("go")

    def phase(self) -> str | None:
        if not self.out.exists():
            return None
        return str(json.loads(self.out.read_text())["phase"])

    def wait_parsed(self, timeout: float = 120.0) -> dict[str, Any]:
        """Wait for the end of the parse; the report written then."""
        self._await(lambda: self.phase() in ("parsed", "done"), "the end of the parse", timeout)
        return self.report()

    def kill(self) -> None:
        """SIGKILL the agent process."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def wait(self, timeout: float = 240.0) -> dict[str, Any]:
        """Wait for the process to end; its last report."""
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise self._failure(f"its end (waited {timeout:.0f} s)") from None
        if self.phase() is None:
            raise self._failure("its report")
        return self.report()

    def report(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.out.read_text())
        result["agent_id"] = self.agent_id
        result["log_tail"] = tail(self.log)
        return result

    def stop(self) -> None:
        """Make sure the process is gone (after a failed test)."""
        if self.process.poll() is None:
            self.kill()


def parsed_counts(result: Mapping[str, Any]) -> dict[str, int]:
    """What the agent's store holds after the parse, entity by entity."""
    store = result["store"]
    return {
        "acquisition": 1,
        **{name: len(store[name]) for name in KINDS[1:-1]},
        "links": len(result["links"]),
    }


def written_counts(epu: EpuSession) -> dict[str, int]:
    """What the generator wrote, as the agent's store holds it after a complete parse."""
    return {
        "acquisition": 1,
        "grids": 1,
        "atlases": 1,
        "tiles": len(epu.tiles),
        "gridsquares": len(epu.gridsquares),
        "foilholes": sum(len(holes) for holes in epu.foilholes.values()),
        "micrographs": len(epu.micrographs),
        "links": len(epu.gridsquares),
    }


def expected_ids(result: Mapping[str, Any], epu: EpuSession) -> dict[str, list[str]]:
    """The uuids a client must have stored for what the agent parsed: all of it, except
    the foil holes near the grid bar, which the client leaves out by design."""
    store = result["store"]
    return {
        "acquisition": [store["acquisition"]["uuid"]],
        **{name: sorted(entity["uuid"] for entity in store[name]) for name in KINDS[1:5]},
        "foilholes": sorted(
            h["uuid"] for h in store["foilholes"] if h["id"] not in epu.near_grid_bar
        ),
        "micrographs": sorted(m["uuid"] for m in store["micrographs"]),
        "links": sorted(
            f"{link['tile_uuid']}/{link['gridsquare_uuid']}" for link in result["links"]
        ),
    }


def _scoped(acquisition: str) -> dict[str, str]:
    grids = f"select uuid from grid where acquisition_uuid = '{acquisition}'"
    atlases = f"select uuid from atlas where grid_uuid in ({grids})"
    tiles = f"select uuid from atlastile where atlas_uuid in ({atlases})"
    squares = f"select uuid from gridsquare where grid_uuid in ({grids})"
    holes = f"select uuid from foilhole where gridsquare_uuid in ({squares})"
    return {
        "acquisition": f"select uuid from acquisition where uuid = '{acquisition}'",
        "grids": grids,
        "atlases": atlases,
        "tiles": tiles,
        "gridsquares": squares,
        "foilholes": holes,
        "micrographs": f"select uuid from micrograph where foilhole_uuid in ({holes})",
        "links": "select atlastile_uuid || '/' || gridsquare_uuid from atlastilegridsquareposition "
        f"where atlastile_uuid in ({tiles})",
    }


def stored_ids(backend: RealBackend, acquisition: str) -> dict[str, list[str]]:
    """The uuids PostgreSQL holds under ``acquisition``, entity by entity (one psql call)."""
    union = " union all ".join(
        f"select '{name}', q.* from ({query}) as q" for name, query in _scoped(acquisition).items()
    )
    found: dict[str, list[str]] = {name: [] for name in KINDS}
    for name, value in backend.sql(union):
        found[name].append(value)
    return {name: sorted(values) for name, values in found.items()}


def stored_counts(backend: RealBackend, acquisition: str) -> dict[str, int]:
    """How many of each entity PostgreSQL holds under ``acquisition`` (one psql call)."""
    columns = ", ".join(
        f"(select count(*) from ({query}) as q) as {name}"
        for name, query in _scoped(acquisition).items()
    )
    [row] = backend.sql(f"select {columns}")
    return dict(zip(KINDS, map(int, row), strict=True))


def natural_duplicates(backend: RealBackend, acquisition: str) -> list[list[str]]:
    """Entities of ``acquisition`` stored more than once under different uuids.

    The uuid is the primary key, so a resent create cannot store a row twice under its
    uuid; a second row would be the same natural entity with a second uuid.
    """
    scoped = _scoped(acquisition)
    keyed = {
        "grids": ("grid", "acquisition_uuid, data_dir", scoped["grids"]),
        "atlases": ("atlas", "grid_uuid", scoped["atlases"]),
        "tiles": ("atlastile", "atlas_uuid, tile_id", scoped["tiles"]),
        "gridsquares": ("gridsquare", "grid_uuid, gridsquare_id", scoped["gridsquares"]),
        "foilholes": ("foilhole", "gridsquare_uuid, foilhole_id", scoped["foilholes"]),
        "micrographs": (
            "micrograph",
            "foilhole_uuid, micrograph_id, location_id",
            scoped["micrographs"],
        ),
    }
    union = " union all ".join(
        f"select '{name}', concat_ws('/', {key}), count(*) from {table} "
        f"where uuid in ({query}) group by {key} having count(*) > 1"
        for name, (table, key, query) in keyed.items()
    )
    return backend.sql(union)


def log_records(backend: RealBackend, agent_id: str) -> int:
    return int(backend.sql(f"select count(*) from agentlog where agent_id = '{agent_id}'")[0][0])
