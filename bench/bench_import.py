"""Import time: ``from smartem_ext import SmartEMAPIClient`` against ``import httpx``.

Each import runs in a fresh interpreter, the two alternating so that drift in the
machine's speed touches both alike; the figure is the time the import statement takes
(interpreter start-up excluded), least of ``--runs`` per contender. Two settings:
``compiled`` (bytecode written beforehand, as an installed package has it) and ``source``
(``PYTHONDONTWRITEBYTECODE`` with no bytecode: every module of this checkout is compiled
on import, as in a fresh checkout run without writing bytecode).

Target: smartem_ext at most 1.5x httpx (compiled, least of 5 runs each).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "import.json"
CONTENDERS = {
    "httpx": "import httpx",
    "smartem_ext": "from smartem_ext import SmartEMAPIClient",
}
TARGET = 1.5
_TIMED = "import time\nt = time.perf_counter()\n{statement}\nprint(time.perf_counter() - t)\n"


def _ours() -> list[Path]:
    return [REPO / "smartem_ext", REPO / "generated" / "smartem_api"]


def _forget_bytecode() -> None:
    for root in _ours():
        for cache in root.rglob("__pycache__"):
            shutil.rmtree(cache)


def _compile() -> None:
    for root in _ours():
        compileall.compile_dir(str(root), quiet=1)


def _once(statement: str, env: dict[str, str]) -> float:
    done = subprocess.run(
        [sys.executable, "-c", _TIMED.format(statement=statement)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return float(done.stdout.strip()) * 1000


def measure(runs: int, compiled: bool) -> dict[str, Any]:
    """Milliseconds per contender, runs alternating; bytecode as the setting says."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(REPO / "generated")])
    if compiled:
        _compile()
    else:
        _forget_bytecode()
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    times: dict[str, list[float]] = {name: [] for name in CONTENDERS}
    for statement in CONTENDERS.values():  # one unmeasured warm-up each (page cache)
        _once(statement, env)
    for _ in range(runs):
        for name, statement in CONTENDERS.items():
            times[name].append(_once(statement, env))
    least = {name: min(values) for name, values in times.items()}
    return {
        "ms": {name: [round(value, 2) for value in values] for name, values in times.items()},
        "least_ms": {name: round(value, 2) for name, value in least.items()},
        "median_ms": {name: round(statistics.median(v), 2) for name, v in times.items()},
        "ratio_least": round(least["smartem_ext"] / least["httpx"], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh interpreters per contender")
    args = parser.parse_args()
    report: dict[str, Any] = {
        "python": platform.python_version(),
        "httpx": httpx.__version__,
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cpus",
        "runs": args.runs,
    }
    for setting in ("compiled", "source"):
        report[setting] = measure(args.runs, compiled=setting == "compiled")
    _compile()  # leave the checkout as an installed package would be
    met = report["compiled"]["ratio_least"] <= TARGET
    report["target"] = {"needed": TARGET, "measured": report["compiled"]["ratio_least"], "met": met}
    print(
        f"{'setting':>9} | {'httpx ms':>8} | {'smartem_ext ms':>14} | ratio (least of {args.runs})"
    )
    for setting in ("compiled", "source"):
        least = report[setting]["least_ms"]
        print(
            f"{setting:>9} | {least['httpx']:8.1f} | {least['smartem_ext']:14.1f} | "
            f"{report[setting]['ratio_least']:.2f}x"
        )
    print(f"target: smartem_ext <= {TARGET}x httpx (compiled): {'MET' if met else 'MISS'}")
    RESULTS.write_text(json.dumps(report, indent=1) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
