"""Benchmark IdCache: inserts, lookups and memory, in memory and with a SQLite file.

    python bench/bench_idcache.py [--n 1000000]

Keys look like foil holes: a grid square uuid as parent, the EPU foil hole id as natural
id, 1000 holes per square. Every measurement runs in a fresh child process so that one
run's freed memory does not flatter the next one's RSS. Results go to
bench/results/idcache.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smartem_ext.ids import IdCache

BATCH = 1000
RESULTS = Path(__file__).resolve().parent / "results" / "idcache.json"


def batches(n: int, seed: int) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(parent uuid, [(foil hole id, uuid)] * BATCH) until n entries, made on the fly."""
    rng = random.Random(seed)
    for start in range(0, n, BATCH):
        parent = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        yield (
            parent,
            [
                (str(i), str(uuid.UUID(int=rng.getrandbits(128), version=4)))
                for i in range(start, min(start + BATCH, n))
            ],
        )


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def fill(cache: IdCache, n: int) -> None:
    for parent, pairs in batches(n, seed=1):
        cache.record_many("foilhole", parent, pairs)


def open_cache(backend: str, directory: str) -> IdCache:
    return IdCache(None if backend == "memory" else Path(directory) / "ids.sqlite")


# Child measurements: each prints one JSON object --------------------------------------


def measure_speed(backend: str, n: int) -> dict[str, Any]:
    data = list(batches(n, seed=1))
    singles = [(parent, nid, u) for parent, pairs in data for nid, u in pairs]
    lookups = [(parent, nid) for parent, nid, _ in singles]
    random.Random(2).shuffle(lookups)
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as directory:
        with open_cache(backend, directory) as cache:
            t = time.perf_counter()
            for parent, pairs in data:
                cache.record_many("foilhole", parent, pairs)
            out["record_many_ops_s"] = n / (time.perf_counter() - t)
            assert len(cache) == n

            t = time.perf_counter()
            for parent, nid in lookups:
                cache.foilhole(parent, nid)
            out["lookup_ops_s"] = n / (time.perf_counter() - t)
            assert cache.foilhole(*lookups[0]) is not None

        if backend == "sqlite":
            path = Path(directory) / "ids.sqlite"
            out["file_bytes_per_entry"] = path.stat().st_size / n
            t = time.perf_counter()
            with IdCache(path) as reopened:
                out["reopen_s"] = time.perf_counter() - t
                assert len(reopened) == n
            out["indexed_query_lookup_ops_s"] = query_lookups(path, lookups)
            path.unlink()

        with open_cache(backend, directory) as cache:
            t = time.perf_counter()
            for parent, nid, u in singles:
                cache.record("foilhole", parent, nid, u)
            out["record_ops_s"] = n / (time.perf_counter() - t)
            assert len(cache) == n
    return out


def query_lookups(path: Path, lookups: list[tuple[str, str]]) -> float:
    """The alternative to the in-memory mirror: one indexed query per lookup."""
    db = sqlite3.connect(path, check_same_thread=False)
    sql = "SELECT uuid FROM id_cache WHERE kind = ? AND parent = ? AND natural_id = ?"
    t = time.perf_counter()
    for parent, nid in lookups:
        db.execute(sql, ("foilhole", parent, nid)).fetchone()
    rate = len(lookups) / (time.perf_counter() - t)
    db.close()
    return rate


def measure_rss(backend: str, n: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as directory:
        gc.collect()
        before = rss_bytes()
        with open_cache(backend, directory) as cache:
            fill(cache, n)
            gc.collect()
            built = rss_bytes() - before
        if backend == "memory":
            return {"rss_bytes_per_entry": built / n}
        # Reopening loads the mirror from the file: what a restarted agent pays.
        gc.collect()
        before = rss_bytes()
        with open_cache(backend, directory) as cache:
            gc.collect()
            reopened = rss_bytes() - before
        return {"rss_bytes_per_entry": built / n, "reopen_rss_bytes_per_entry": reopened / n}


def measure_tracemalloc(backend: str, n: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as directory:
        tracemalloc.start()
        with open_cache(backend, directory) as cache:
            fill(cache, n)
            gc.collect()
            retained, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {"traced_bytes_per_entry": retained / n, "traced_peak_bytes_per_entry": peak / n}


CHILDREN = {"speed": measure_speed, "rss": measure_rss, "tracemalloc": measure_tracemalloc}


# Parent: run children, write JSON, print a table ----------------------------------------


def run_child(what: str, backend: str, n: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--n", str(n), "--child", what, backend]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def table(results: dict[str, dict[str, Any]]) -> str:
    columns = [
        ("record_many ops/s", "record_many_ops_s", "{:,.0f}"),
        ("record ops/s", "record_ops_s", "{:,.0f}"),
        ("lookup ops/s", "lookup_ops_s", "{:,.0f}"),
        ("B/entry traced", "traced_bytes_per_entry", "{:.0f}"),
        ("B/entry RSS", "rss_bytes_per_entry", "{:.0f}"),
        ("B/entry file", "file_bytes_per_entry", "{:.0f}"),
        ("reopen s", "reopen_s", "{:.2f}"),
    ]
    header = ["backend"] + [title for title, _, _ in columns]
    rows = [
        [backend] + [fmt.format(r[key]) if key in r else "-" for _, key, fmt in columns]
        for backend, r in results.items()
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        " | ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True))
        for row in [header, *rows]
    ]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="entries (default 1,000,000)")
    parser.add_argument("--child", nargs=2, metavar=("WHAT", "BACKEND"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, backend = args.child
        print(json.dumps(CHILDREN[what](backend, args.n)))
        return

    results: dict[str, dict[str, Any]] = {}
    for backend in ("memory", "sqlite"):
        results[backend] = {}
        for what in CHILDREN:
            print(f"{backend}: {what}...", file=sys.stderr, flush=True)
            results[backend].update(run_child(what, backend, args.n))
    report = {
        "n": args.n,
        "batch": BATCH,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cpus",
        "results": results,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(table(results))
    sq = results["sqlite"]
    print(
        f"\nsqlite lookups by indexed query instead of the mirror: "
        f"{sq['indexed_query_lookup_ops_s']:,.0f} ops/s; "
        f"reopen RSS {sq['reopen_rss_bytes_per_entry']:.0f} B/entry"
    )
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
