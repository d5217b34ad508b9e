"""The unmodified existing agent on three clients, on a healthy backend and through an outage.

    python bench/bench_agent.py [--gridsquares 222] [--tiles 35] [--acquired 4]
                                [--foilholes 570] [--micrographs 1] [--outage 30]

Contenders: the agent's own client (``existing``), compat sending directly (``compat``) and
compat with its journal (``outbox``, ``SMARTEM_OUTBOX``). Each runs the same generated
session (tests/support/epu_session.py, every second foil hole near the grid bar) once on a
healthy backend and once through an outage: the backend process is killed right after the
agent created its acquisition and started again ``--outage`` seconds later. One real
backend on PostgreSQL serves all six runs, one after the other; each run has its own uuids.

Per run: the parse (seconds from the go to the end of the agent's parse), the wall time
(go to the last entity stored), the time from the end of the parse to the last entity
stored, requests on the wire (data: everything but the /agent/ heartbeat, stream,
acknowledgement and log requests and the /status and /health probes), the agent process's
CPU seconds (getrusage over the whole process to its exit, its journal's delivery
included, less agent_run.py's own wait for the journal) and the entities lost (those the
session holds, foil holes near the grid bar left out, minus those PostgreSQL holds under
the agent's acquisition). PostgreSQL is polled every POLL_S for the last entity stored,
so times to it are good to about that. Every run leaves out the agent's remote log
handler, which the existing client deadlocks (tests/agent covers log shipping on
compat), so the three clients carry the same traffic.

Results go to bench/results/agent.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.agent.harness import KINDS, AgentProcess, stored_counts
from tests.support.epu_session import EpuSession, write_epu_session
from tests.support.real_backend import RealBackend

RESULTS = Path(__file__).with_name("results") / "agent.json"
POLL_S = 0.25
CONTENDERS = ("existing", "compat", "outbox")
MODES = ("healthy", "outage")


def expected_counts(epu: EpuSession) -> dict[str, int]:
    """What a client must store of the session: all of it but the grid-bar foil holes."""
    holes = sum(len(holes) for holes in epu.foilholes.values())
    return {
        "acquisition": 1,
        "grids": 1,
        "atlases": 1,
        "tiles": len(epu.tiles),
        "gridsquares": len(epu.gridsquares),
        "foilholes": holes - len(epu.near_grid_bar),
        "micrographs": len(epu.micrographs),
        "links": len(epu.gridsquares),
    }


def run(
    backend: RealBackend,
    contender: str,
    mode: str,
    folder: Path,
    size: dict[str, int],
    outage: float,
) -> dict[str, Any]:
    """One agent over a fresh session; PostgreSQL polled until the agent is gone."""
    epu = write_epu_session(folder / "watch", **size)
    extra = [
        "--no-checks",
        "--no-remote-logs",
        "--heartbeat-interval=60",
        "--limit=900",
        "--drain-limit=600",
    ]
    agent = AgentProcess(
        backend,
        folder,
        epu.root,
        client="existing" if contender == "existing" else "compat",
        journal=folder / "outbox.db" if contender == "outbox" else None,
        extra=extra,
        limit=900,
    )
    restarted_at: float | None = None
    try:
        acquisition = agent.wait_ready()
        killed_at = None
        if mode == "outage":
            backend.kill()
            killed_at = time.time()
        # Only entities stored after the go count as stored by the run.
        last_total = sum(stored_counts(backend, acquisition).values())
        agent.go()
        last_change = time.time()
        while True:
            if killed_at is not None and restarted_at is None and time.time() >= killed_at + outage:
                backend.restart()
                restarted_at = time.time()
            total = sum(stored_counts(backend, acquisition).values())
            if total != last_total:
                last_total, last_change = total, time.time()
            gone = agent.process.poll() is not None
            if gone and (killed_at is None or restarted_at is not None):
                break
            time.sleep(POLL_S)
        result = agent.wait(timeout=60)
    finally:
        agent.stop()
        if mode == "outage" and restarted_at is None and not backend.running:
            backend.restart()
    stored = stored_counts(backend, acquisition)
    expected = expected_counts(epu)
    wire = result.get("wire", {})
    go_at, parsed_at = result["go_at"], result.get("parsed_at")
    return {
        "hung": result["hung"],
        "parse_s": result.get("parse_s"),
        "wall_s": round(max(last_change, parsed_at or last_change) - go_at, 2),
        # 0 when the last entity was stored before the parse ended: nothing waited behind it.
        "parsed_to_stored_s": round(max(0.0, last_change - parsed_at), 2) if parsed_at else None,
        "requests": wire.get("backend", 0),
        "data_requests": wire.get("data", 0),
        "wire": wire,
        "cpu_s": result.get("cpu_s"),
        "expected": expected,
        "stored": stored,
        "lost": {kind: expected[kind] - stored[kind] for kind in KINDS},
        "lost_total": sum(expected.values()) - sum(stored.values()),
        "journal": result.get("journal"),
    }


def targets(runs: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """The outbox against the goals: 0 lost; at most half the existing client's data
    requests; no more agent CPU than the existing client."""
    outbox, existing = runs["outbox"], runs["existing"]
    return {
        mode: {
            "outbox_lost_0": outbox[mode]["lost_total"] == 0,
            "outbox_requests_at_most_half_existing": (
                outbox[mode]["data_requests"] <= existing[mode]["data_requests"] / 2
            ),
            "outbox_cpu_at_most_existing": (outbox[mode]["cpu_s"] or 0)
            <= (existing[mode]["cpu_s"] or 0),
        }
        for mode in MODES
        if mode in outbox and mode in existing
    }


def table(runs: dict[str, dict[str, dict[str, Any]]]) -> str:
    header = (
        "client", "backend", "parse s", "wall s", "parse->stored s", "data req", "all req",
        "agent CPU s", "stored/expected", "lost",
    )  # fmt: skip
    rows = [header]
    for contender, by_mode in runs.items():
        for mode, r in by_mode.items():
            rows.append(
                (
                    contender,
                    mode,
                    f"{r['parse_s']}",
                    f"{r['wall_s']:.1f}",
                    f"{r['parsed_to_stored_s']}",
                    f"{r['data_requests']:,}",
                    f"{r['requests']:,}",
                    f"{r['cpu_s']}",
                    f"{sum(r['stored'].values()):,}/{sum(r['expected'].values()):,}",
                    f"{r['lost_total']:,}",
                )
            )
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    return "\n".join(
        "  ".join(str(cell).rjust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles", type=int, default=35)
    parser.add_argument("--gridsquares", type=int, default=222)
    parser.add_argument("--acquired", type=int, default=4)
    parser.add_argument("--foilholes", type=int, default=570)
    parser.add_argument("--micrographs", type=int, default=1)
    parser.add_argument("--outage", type=float, default=30.0, help="seconds the backend is down")
    parser.add_argument(
        "--only", help="comma-separated contenders (of " + ", ".join(CONTENDERS) + ")"
    )
    args = parser.parse_args()
    size = {
        "tiles": args.tiles,
        "gridsquares": args.gridsquares,
        "acquired": args.acquired,
        "foilholes": args.foilholes,
        "micrographs": args.micrographs,
        "near_grid_bar_every": 2,
    }
    contenders = [c for c in CONTENDERS if not args.only or c in args.only.split(",")]
    runs: dict[str, dict[str, dict[str, Any]]] = {c: {} for c in contenders}
    started = time.monotonic()
    with RealBackend() as backend, tempfile.TemporaryDirectory() as folder:
        for mode in MODES:
            for contender in contenders:
                result = run(
                    backend,
                    contender,
                    mode,
                    Path(folder) / f"{contender}-{mode}",
                    size,
                    args.outage,
                )
                runs[contender][mode] = result
                print(
                    f"{contender} {mode}: "
                    + json.dumps({k: v for k, v in result.items() if k not in ("wire", "journal")}),
                    flush=True,
                )
    report = {
        "session": size,
        "outage_s": args.outage,
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cpus",
        "bench_s": round(time.monotonic() - started, 1),
        "runs": runs,
        "targets": targets(runs) if {"outbox", "existing"} <= set(contenders) else None,
    }
    print("\n" + table(runs))
    if report["targets"] is not None:
        for mode, checks in report["targets"].items():
            print(
                f"targets ({mode}): "
                + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in checks.items())
            )
    if args.only:
        return  # a partial run does not replace the recorded results
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
