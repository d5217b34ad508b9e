"""Benchmark a re-run after an outage: a bulk call whose data partly landed already.

    python bench/bench_rerun.py [--squares 200] [--landed 0.5]

Against one real backend (PostgreSQL), side by side in one run, on ``--squares`` grid
squares with 100 foil holes each, registered with ``create_foilholes`` (one list request
per square):

fresh (all)        a fresh run of every square's holes, for scale
fresh (missing)    a fresh run of only as many squares as the re-run is missing, on data
                   of its own: what the re-run should cost
re-run             the first ``--landed`` share of the squares' holes landed earlier
                   (sent by another client); a fresh client, whose ID cache knows none of
                   it, calls ``create_foilholes`` with every square's holes

The re-run's ratio to "fresh (missing)" is the figure: the target is at most 1.5x.
PostgreSQL is checked to hold every hole exactly once after each run.
Results go to bench/results/rerun.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_client import _progress, settled, table, to_epu
from workload import Shape, build

from smartem_ext import BearerToken, SmartEMAPIClient

RESULTS = Path(__file__).resolve().parent / "results" / "rerun.json"
TARGET = 1.5
SEEDS = {"fresh-all": 51, "fresh-missing": 52, "rerun": 53}


def _session(url: str, token: str, squares: int, seed: int) -> dict[str, Any]:
    """A workload's acquisition, grid and squares on the backend; its holes by square."""
    data = settled(to_epu(build(Shape(tiles=1, gridsquares=squares, micrographs=0), seed)))
    with SmartEMAPIClient(url, auth=BearerToken(token)) as client:
        client.create_acquisition(data["acquisition"])
        client.create_acquisition_grid(data["grid"])
        client.create_grid_gridsquares(data["grid"].uuid, data["gridsquares"])
    return data


def _timed_holes(url: str, token: str, holes: dict[str, Any]) -> dict[str, Any]:
    with SmartEMAPIClient(url, auth=BearerToken(token)) as client:
        started = time.perf_counter()
        client.create_foilholes(holes)
        wall = time.perf_counter() - started
        return {
            "wall_s": wall,
            "requests": client.stats.requests,
            "recovered_creates": client.stats.recovered_creates,
            "holes": sum(len(h) for h in holes.values()),
        }


def bench(squares: int, landed_share: float) -> dict[str, Any]:
    from tests.support.real_backend import RealBackend

    landed_squares = round(squares * landed_share)
    missing_squares = squares - landed_squares
    results: dict[str, Any] = {}
    _progress("rerun bench: starting PostgreSQL and the backend...")
    with RealBackend(log_level="WARNING") as backend:
        url, token = backend.url, backend.token(lifetime=6 * 3600)

        def stored(data: dict[str, Any]) -> tuple[int, int]:
            uuids = ", ".join(f"'{s}'" for s in data["foilholes"])
            rows = backend.sql(
                "select count(*), count(distinct uuid) from foilhole "
                f"where gridsquare_uuid in ({uuids})"
            )
            return int(rows[0][0]), int(rows[0][1])

        def check(kind: str, data: dict[str, Any], expected: int) -> None:
            if stored(data) != (expected, expected):
                raise RuntimeError(f"{kind}: {stored(data)} holes stored, expected {expected}")

        _progress("rerun bench: fresh (all)...")
        data = _session(url, token, squares, SEEDS["fresh-all"])
        results["fresh-all"] = _timed_holes(url, token, data["foilholes"])
        check("fresh-all", data, squares * 100)

        _progress("rerun bench: fresh (missing)...")
        data = _session(url, token, missing_squares, SEEDS["fresh-missing"])
        results["fresh-missing"] = _timed_holes(url, token, data["foilholes"])
        check("fresh-missing", data, missing_squares * 100)

        _progress(f"rerun bench: re-run with {landed_squares} of {squares} squares landed...")
        data = _session(url, token, squares, SEEDS["rerun"])
        landed = dict(list(data["foilholes"].items())[:landed_squares])
        with SmartEMAPIClient(url, auth=BearerToken(token)) as earlier:
            earlier.create_foilholes(landed)
        check("rerun (landed part)", data | {"foilholes": landed}, landed_squares * 100)
        results["rerun"] = _timed_holes(url, token, data["foilholes"])
        check("rerun", data, squares * 100)
    return {
        "squares": squares,
        "landed_squares": landed_squares,
        "missing_squares": missing_squares,
        "runs": results,
        "rerun_vs_missing": results["rerun"]["wall_s"] / results["fresh-missing"]["wall_s"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--squares", type=int, default=200)
    parser.add_argument("--landed", type=float, default=0.5, help="share of squares landed")
    args = parser.parse_args()
    if not 0 <= args.landed < 1:
        parser.error("--landed is a share in [0, 1)")
    started = time.monotonic()
    report = bench(args.squares, args.landed)
    report["seconds"] = round(time.monotonic() - started, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    labels = {
        "fresh-all": f"fresh, all {report['squares']} squares",
        "fresh-missing": f"fresh, {report['missing_squares']} squares (the missing part)",
        "rerun": f"re-run, {report['landed_squares']} of {report['squares']} squares landed",
    }
    rows = [
        [
            labels[kind],
            f"{run['holes']:,}",
            f"{run['requests']:,}",
            f"{run['recovered_creates']:,}",
            f"{run['wall_s']:.2f}",
        ]
        for kind, run in report["runs"].items()
    ]
    header = ["create_foilholes", "holes", "requests", "recovered", "wall s"]
    print(table(header, rows))
    ratio = report["rerun_vs_missing"]
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"\nre-run / missing part: {ratio:.2f}x (target <= {TARGET}x: {verdict})")
    print(f"written to {RESULTS} ({report['seconds']:.0f} s)")


if __name__ == "__main__":
    main()
