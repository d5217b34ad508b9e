"""Client instructions per entity on workload W, counted by valgrind: no machine noise.

    python bench/bench_instructions.py [--scale 0.1] [--mode sync|async ...] [--inproc]

CPU seconds on a shared machine vary by a third between identical runs; an instruction
count does not. Each canned contender of bench_client.py runs under ``valgrind
--tool=cachegrind`` twice: whole, and stopped where its clock would start; the difference
is the instructions of the clocked part (user space only: the kernel's share of the
loopback work is not counted). ``--inproc`` answers in process as bench_client's inproc part.
Needs valgrind (without it, says so and does nothing); about a minute per mode at scale
0.1, two runs at a time. Results go to bench/results/instructions.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_client import BENCH, CANNED_SEED, INPROC, SETUP_ONLY_ENV, TOKEN_ENV, canned_server
from workload import Shape

_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(kind: str, url: str, scale: float, setup_only: bool) -> int:
    """User-space instructions of one child run of ``kind``."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", SETUP_ONLY_ENV)}
    env[TOKEN_ENV] = "canned-token"
    if setup_only:
        env[SETUP_ONLY_ENV] = "1"
    child = [sys.executable, str(Path(__file__).with_name("bench_client.py")), "--child", kind]
    child += ["--url", url, "--scale", str(scale), "--seed", str(CANNED_SEED)]
    valgrind = ["valgrind", "--tool=cachegrind", "--cache-sim=no"]
    valgrind.append("--cachegrind-out-file=/dev/null")
    done = subprocess.run(valgrind + child, env=env, capture_output=True, text=True, check=False)
    found = _REFS.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"{kind}: valgrind run failed:\n{done.stderr[-3000:]}")
    return int(found.group(1).replace(",", ""))


def measure(mode: str, scale: float, inproc: bool) -> dict[str, int]:
    """Instructions of the clocked part of each canned contender of ``mode``."""
    kinds = [f"{base}-{mode}" for base in ("raw", "floor", "ours")]
    serving = contextlib.nullcontext(INPROC) if inproc else canned_server(None)
    with serving as url, ThreadPoolExecutor(2) as pool:
        runs = {
            (kind, setup): pool.submit(instructions, kind, url, scale, setup)
            for kind in kinds
            for setup in (False, True)
        }
        return {k: runs[k, False].result() - runs[k, True].result() for k in kinds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--mode", choices=("sync", "async"), action="append")
    parser.add_argument("--inproc", action="store_true", help="answer in process, no socket")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: no instruction counts")
        return
    entities = Shape.scaled(args.scale).entities
    where = "in process" if args.inproc else "canned server"
    report: dict[str, object] = {"scale": args.scale, "entities": entities, "where": where}
    for mode in args.mode or ["sync", "async"]:
        clocked = measure(mode, args.scale, args.inproc)
        report[mode] = clocked
        raw, floor, _ = clocked.values()
        print(f"W (scale {args.scale}, {entities:,} entities), {where}, {mode}:")
        for kind, count in clocked.items():
            print(
                f"  {kind:12} {count / 1e6:9,.1f} M instructions  {count / entities:9,.0f} /entity"
                f"  {count / raw:.3f}x raw  {count / floor:.3f}x floor"
            )
    results = BENCH / "results" / "instructions.json"
    results.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {results}")


if __name__ == "__main__":
    main()
