"""Benchmark the outbox on the existing agent's pattern: one create call per foil hole.

    python bench/bench_outbox.py [--squares 200]

Against one real backend (PostgreSQL), side by side in one run, each contender in a
process of its own with its own uuids and the tables emptied before it: 1 acquisition,
1 grid, ``--squares`` grid squares with 100 foil holes each, written as the files appear
(one call per square, then one call per hole):

existing           the existing client, one request per square and per hole
smartem_ext        smartem_ext's client, the same one request per square and per hole
outbox             the same calls into an Outbox (``synchronous=FULL``); timed until the
                   backend holds everything, with the time from the last write to
                   "fully delivered" reported apart
outbox-normal      the same with ``synchronous=NORMAL`` (no fsync per write)
smartem_ext bulk   smartem_ext's bulk calls on the same data (all squares, then all holes)

Then ``--pairs`` (5) more rounds of the outbox (FULL) and the bulk calls, back to back in
alternating order; each pair gives a ratio, and the target "within 10% of bulk" is judged
on their median, which a noisy neighbour moving one run does not move.

It also measures the journal's cost per write with each durability policy (no backend:
writes only). Results go to bench/results/outbox.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import socket
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import attrs
from bench_client import _clean_env, _progress, _run_json, settled, table, to_epu
from workload import Shape, Workload, build

from smartem_ext import BearerToken, SmartEMAPIClient
from smartem_ext.outbox import Outbox, Synchronous

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results" / "outbox.json"
TOKEN_ENV = "SMARTEM_BENCH_TOKEN"
SEEDS = {"existing": 21, "ours-per-hole": 22, "outbox": 23, "outbox-normal": 24, "ours-bulk": 25}
KINDS = tuple(SEEDS)
LABELS = {
    "existing": "existing client, per hole",
    "ours-per-hole": "smartem_ext, per hole",
    "outbox": "outbox (FULL), per hole",
    "outbox-normal": "outbox (NORMAL), per hole",
    "ours-bulk": "smartem_ext bulk",
}
TARGET_VS_EXISTING = 5.0
TARGET_VS_BULK = 0.9


def _data(w: Workload) -> dict[str, Any]:
    return settled(to_epu(w))


def run_ours_per_hole(url: str, token: str, w: Workload) -> dict[str, Any]:
    data = _data(w)
    with SmartEMAPIClient(url, auth=BearerToken(token)) as client:
        wall0, cpu0 = time.perf_counter(), time.process_time()
        client.create_acquisition(data["acquisition"])
        client.create_acquisition_grid(data["grid"])
        for square in data["gridsquares"]:
            client.create_grid_gridsquare(square)
            for hole in data["foilholes"][square.uuid]:
                client.create_gridsquare_foilholes(square.uuid, [hole])
        requests = client.stats.requests
    return _result(wall0, cpu0, w, requests)


def run_ours_bulk(url: str, token: str, w: Workload) -> dict[str, Any]:
    data = _data(w)
    with SmartEMAPIClient(url, auth=BearerToken(token)) as client:
        wall0, cpu0 = time.perf_counter(), time.process_time()
        client.create_acquisition(data["acquisition"])
        client.create_acquisition_grid(data["grid"])
        client.create_grid_gridsquares(data["grid"].uuid, data["gridsquares"])
        client.create_foilholes(data["foilholes"])
        requests = client.stats.requests
    return _result(wall0, cpu0, w, requests)


def _run_outbox(url: str, token: str, w: Workload, synchronous: Synchronous) -> dict[str, Any]:
    data = _data(w)
    with (
        tempfile.TemporaryDirectory() as folder,
        SmartEMAPIClient(url, auth=BearerToken(token)) as client,
    ):
        outbox = Outbox(client, Path(folder) / "outbox.db", synchronous=synchronous)
        wall0, cpu0 = time.perf_counter(), time.process_time()
        outbox.create_acquisition(data["acquisition"])
        outbox.create_acquisition_grid(data["grid"])
        for square in data["gridsquares"]:
            outbox.create_grid_gridsquare(square)
            for hole in data["foilholes"][square.uuid]:
                outbox.create_gridsquare_foilholes(square.uuid, [hole])
        last_write = time.perf_counter()
        if not outbox.flush(600):
            raise RuntimeError(f"outbox not drained: {outbox.stats()}")
        result = _result(wall0, cpu0, w, client.stats.requests)
        result["writes_s"] = last_write - wall0
        result["last_write_to_delivered_s"] = time.perf_counter() - last_write
        outbox.close()
    return result


def run_outbox(url: str, token: str, w: Workload) -> dict[str, Any]:
    return _run_outbox(url, token, w, "FULL")


def run_outbox_normal(url: str, token: str, w: Workload) -> dict[str, Any]:
    return _run_outbox(url, token, w, "NORMAL")


def _result(wall0: float, cpu0: float, w: Workload, requests: int) -> dict[str, Any]:
    return {
        "wall_s": time.perf_counter() - wall0,
        "cpu_s": time.process_time() - cpu0,
        "created": _entities(w.shape),
        "requests": requests,
    }


def _entities(shape: Shape) -> int:
    return 2 + shape.gridsquares + shape.foilholes


def journal_cost(writes: int) -> dict[str, float]:
    """Microseconds per single-hole write into the journal, per durability policy."""
    w = build(Shape(tiles=1, gridsquares=max(1, writes // 100), micrographs=0), 31)
    data = _data(w)
    holes = [(s, h) for s, hs in data["foilholes"].items() for h in hs][:writes]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{sock.getsockname()[1]}"
    costs: dict[str, float] = {}
    policies: tuple[Synchronous, ...] = ("FULL", "NORMAL")
    for synchronous in policies:
        with (
            tempfile.TemporaryDirectory() as folder,
            SmartEMAPIClient(nowhere, 0.5, retry=None) as client,
        ):
            outbox = Outbox(
                client, Path(folder) / "o.db", synchronous=synchronous, retry_first=60, retry_cap=60
            )
            started = time.perf_counter()
            for square_uuid, hole in holes:
                outbox.create_gridsquare_foilholes(square_uuid, [hole])
            costs[synchronous] = (time.perf_counter() - started) / len(holes) * 1e6
            outbox.close()
    return costs


def pending_memory(pending: int) -> dict[str, float]:
    """Peak memory of an outbox holding ``pending`` writes while the backend is away.

    The journal is filled 1,000 holes per call; then an outbox opens on it against a closed
    port, its sender tries a round, and stats() counts what waits.
    """
    gc.disable()
    w = build(Shape(tiles=1, gridsquares=1, micrographs=0), 41)
    template = next(iter(_data(w)["foilholes"].values()))[0]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with (
        tempfile.TemporaryDirectory() as folder,
        SmartEMAPIClient(nowhere, 0.5, retry=None) as client,
    ):
        path = Path(folder) / "o.db"
        started = time.perf_counter()
        with Outbox(client, path, synchronous="NORMAL", retry_first=60, retry_cap=60) as filler:
            filler.drain_timeout = 0
            for start in range(0, pending, 1000):
                holes = [
                    attrs.evolve(template, id=str(n), uuid=str(uuid.UUID(int=n + 1)))
                    for n in range(start, min(pending, start + 1000))
                ]
                filler.create_gridsquare_foilholes(str(template.gridsquare_uuid), holes)
        filled_s = time.perf_counter() - started
        gc.enable()
        gc.collect()
        before = _rss_mib()
        outbox = Outbox(client, path, retry_first=60, retry_cap=60)
        outbox.flush(2.0)  # one round: reads a window, fails to connect, backs off
        stats = outbox.stats()
        after = _rss_mib()
        journal_mib = path.stat().st_size / 2**20
        outbox.close()
    return {
        "pending": stats.pending_total,
        "fill_s": filled_s,
        "rss_before_open_mib": before,
        "rss_after_round_and_stats_mib": after,
        "journal_mib": journal_mib,
    }


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


CHILDREN = {
    "ours-per-hole": run_ours_per_hole,
    "outbox": run_outbox,
    "outbox-normal": run_outbox_normal,
    "ours-bulk": run_ours_bulk,
}


def bench(squares: int, kinds: tuple[str, ...] = KINDS, pairs: int = 0) -> dict[str, Any]:
    """Each contender once, then ``pairs`` outbox/bulk pairs; the pairs under "pairs"."""
    from tests.support.real_backend import RealBackend

    tables = "acquisition, grid, gridsquare, foilhole"
    count_rows = "SELECT " + " + ".join(f"(SELECT count(*) FROM {t})" for t in tables.split(", "))
    shape = Shape(tiles=1, gridsquares=squares, micrographs=0)
    entities = _entities(shape)
    results: dict[str, Any] = {}
    _progress("outbox bench: starting PostgreSQL and the backend...")
    with RealBackend(log_level="WARNING") as backend:
        assert backend.venv is not None
        token = backend.token(lifetime=6 * 3600)
        driver = [str(backend.venv.python), str(BENCH / "existing_client_driver.py")]

        def run(kind: str) -> dict[str, Any]:
            backend.sql(f"TRUNCATE {tables} CASCADE")
            _progress(f"outbox bench: {kind}...")
            if kind == "existing":
                cmd = [*driver, "--url", backend.url, "--squares", str(squares)]
                result = _run_json([*cmd, "--seed", str(SEEDS[kind])], _clean_env(token))
            else:
                cmd = [sys.executable, __file__, "--child", kind, "--url", backend.url]
                cmd += ["--squares", str(squares), "--seed", str(SEEDS[kind])]
                result = _run_json(cmd, _clean_env(token))
            stored = int(backend.sql(count_rows)[0][0])
            if stored != entities or result["created"] != entities:
                raise RuntimeError(f"{kind}: {stored} rows stored, expected {entities}")
            result["entities_per_s"] = entities / result["wall_s"]
            _progress(f"outbox bench: {kind}: {result['wall_s']:.1f} s")
            return result

        for kind in kinds:
            results[kind] = run(kind)
        if pairs:
            walls: list[dict[str, float]] = []
            for n in range(pairs):
                order = ("ours-bulk", "outbox") if n % 2 == 0 else ("outbox", "ours-bulk")
                walls.append({kind: run(kind)["wall_s"] for kind in order})
            ratios = [pair["ours-bulk"] / pair["outbox"] for pair in walls]
            results["pairs"] = {
                "wall_s": walls,
                "outbox_vs_bulk": ratios,
                "median_outbox_vs_bulk": statistics.median(ratios),
            }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--squares", type=int, default=200)
    parser.add_argument(
        "--pairs", type=int, default=5, help="outbox/bulk pairs after the first round"
    )
    parser.add_argument("--journal-writes", type=int, default=5000)
    parser.add_argument("--pending", type=int, default=1_000_000, help="rows for the memory part")
    parser.add_argument("--part", choices=("all", "memory"), default="all")
    parser.add_argument(
        "--only",
        help="comma-separated contenders (of " + ", ".join(KINDS) + "); prints, writes no file",
    )
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        w = build(Shape(tiles=1, gridsquares=args.squares, micrographs=0), args.seed)
        print(json.dumps(CHILDREN[args.child](args.url, os.environ.get(TOKEN_ENV, ""), w)))
        return

    started = time.monotonic()
    if args.part == "memory":
        print(json.dumps(pending_memory(args.pending)))
        return
    costs = journal_cost(args.journal_writes)
    if args.only:
        kinds = tuple(kind for kind in KINDS if kind in args.only.split(","))
        real = bench(args.squares, kinds)
        rows = [[LABELS[k], f"{real[k]['requests']:,}", f"{real[k]['wall_s']:.1f}"] for k in kinds]
        for row, kind in zip(rows, kinds, strict=True):
            r = real[kind]
            if "ours-bulk" in real:
                row.append(f"{r['entities_per_s'] / real['ours-bulk']['entities_per_s']:.2f}x")
            row.append(f"{r.get('writes_s', 0):.1f}")
            row.append(f"{r.get('last_write_to_delivered_s', 0):.2f}")
        header = ["per-hole pattern", "requests", "wall s"]
        header += ["vs bulk"] if "ours-bulk" in real else []
        print(table([*header, "writes s", "last write -> delivered s"], rows))
        print("journal cost per write: " + ", ".join(f"{k} {v:.0f} us" for k, v in costs.items()))
        return
    real = bench(args.squares, pairs=args.pairs)
    _progress(f"outbox bench: memory with {args.pending:,} pending writes...")
    command = [sys.executable, __file__, "--part", "memory", "--pending", str(args.pending)]
    memory = _run_json(command, dict(os.environ))
    base, bulk = real["existing"], real["ours-bulk"]
    rows = []
    for kind in KINDS:
        r = real[kind]
        delivered = r.get("last_write_to_delivered_s")
        rows.append(
            [
                LABELS[kind],
                f"{r['requests']:,}",
                f"{r['wall_s']:.1f}",
                f"{r['entities_per_s']:,.0f}",
                f"{r['entities_per_s'] / base['entities_per_s']:.2f}x",
                f"{r['entities_per_s'] / bulk['entities_per_s']:.2f}x",
                "-" if delivered is None else f"{delivered:.2f}",
            ]
        )
    header = ["per-hole pattern", "requests", "wall s", "entities/s", "vs existing", "vs bulk"]
    header.append("last write -> delivered s")
    outbox = real["outbox"]
    pairs = real.get("pairs")
    vs_bulk = outbox["entities_per_s"] / bulk["entities_per_s"]
    if pairs:
        vs_bulk = pairs["median_outbox_vs_bulk"]
    checks = {
        "outbox >= 5x existing": outbox["entities_per_s"] / base["entities_per_s"]
        >= TARGET_VS_EXISTING,
        "outbox within 10% of bulk": vs_bulk >= TARGET_VS_BULK,
    }
    report = {
        "squares": args.squares,
        "holes_per_square": 100,
        "entities": 2 + args.squares * 101,
        "journal_us_per_write": costs,
        "pending_memory": memory,
        "real": real,
        "targets": checks,
        "seconds": round(time.monotonic() - started, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"{args.squares} squares x 100 holes ({report['entities']:,} entities), "
        "one call per square and per hole"
    )
    print("\n" + table(header, rows))
    if pairs:
        print(
            f"\noutbox (FULL) vs bulk, {len(pairs['outbox_vs_bulk'])} more pairs back to back: "
            + ", ".join(f"{ratio:.3f}x" for ratio in pairs["outbox_vs_bulk"])
            + f"; median {pairs['median_outbox_vs_bulk']:.3f}x"
        )
    print(
        "\njournal cost per write (no backend): "
        + ", ".join(f"{k} {v:.0f} us" for k, v in costs.items())
    )
    print(
        f"memory: {memory['pending']:,} pending writes ({memory['journal_mib']:.0f} MiB "
        f"journal): RSS {memory['rss_before_open_mib']:.0f} MiB before opening the outbox, "
        f"{memory['rss_after_round_and_stats_mib']:.0f} MiB after a round and stats()"
    )
    for name, ok in checks.items():
        print(f"{name}: {'met' if ok else 'NOT met'}")
    print(f"\nwritten to {RESULTS} ({report['seconds']:.0f} s)")


if __name__ == "__main__":
    main()
