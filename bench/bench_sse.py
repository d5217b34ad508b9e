"""Benchmark SSEAgentClient against the fake backend on loopback.

    python bench/bench_sse.py [--n 1000] [--drops 200]

Delivery latency runs from the fake's ``sent_at`` stamp (taken as the instruction leaves
the queue for the stream, just before it is written) to the start of the instruction
callback; both clocks are the same process's ``datetime.now()``. Two runs:

- paced: one instruction queued at a time, the next once the previous arrived (no ack);
- burst: all instructions queued at once while streaming, with ``auto_ack=True``
  (the ``received`` ack is sent before each callback, so it adds to the queueing).

Reconnect time runs from the drop to the next ``connection`` event, with
``initial_retry_delay=0.05`` (full jitter: waits are uniform in [0, 0.05] s after a
healthy connection). Each stream is closed by the fake right after its ``connection``
event (half of them cleanly, half by breaking the connection), so the drop is taken as
the arrival of that event; the time from the client noticing the drop (its
``error_callback``) to the next ``connection`` event is given as well.

Results go to bench/results/sse.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import platform
import statistics
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smartem_ext.sse import SSEAgentClient
from smartem_ext.testing import FakeSmartEMBackend

RESULTS = Path(__file__).resolve().parent / "results" / "sse.json"
AGENT = "bench-agent"
TIMEOUT = 120.0


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]

    return {
        "n": len(ordered),
        "p50_ms": at(0.50),
        "p99_ms": at(0.99),
        "max_ms": ordered[-1],
        "mean_ms": statistics.fmean(ordered),
    }


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.001)


def start_stream(
    client: SSEAgentClient,
    on_instruction: Callable[[dict[str, Any]], None],
    on_connection: Callable[[dict[str, Any]], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
) -> threading.Thread:
    thread = threading.Thread(
        target=client.stream_instructions,
        args=(on_instruction, on_connection, on_error),
        daemon=True,
    )
    thread.start()
    wait_for(client.is_connected, "the stream to connect")
    return thread


def sent_at(backend: FakeSmartEMBackend, session: str) -> dict[str, datetime]:
    return {
        row["instruction_id"]: datetime.fromisoformat(row["sent_at"])
        for row in backend.instructions(session)
        if row["sent_at"]
    }


def delivery_paced(n: int) -> dict[str, Any]:
    with FakeSmartEMBackend(ping_interval=None) as backend:
        session = backend.create_session(AGENT)
        arrived: dict[str, datetime] = {}
        ready = threading.Event()

        def on_instruction(data: dict[str, Any]) -> None:
            arrived[data["instruction_id"]] = datetime.now()
            ready.set()

        with SSEAgentClient(backend.url, AGENT, session) as client:
            thread = start_stream(client, on_instruction)
            queue_to_callback: list[float] = []
            for _ in range(n):
                ready.clear()
                queued = time.perf_counter()
                backend.queue_instruction(session)
                if not ready.wait(TIMEOUT):
                    raise SystemExit("an instruction did not arrive")
                queue_to_callback.append((time.perf_counter() - queued) * 1000)
            client.stop()
            thread.join(TIMEOUT)
        sends = sent_at(backend, session)
    latencies = [(arrived[i] - sends[i]).total_seconds() * 1000 for i in arrived]
    return {
        "send_to_callback": percentiles(latencies),
        "queue_to_callback": percentiles(queue_to_callback),
    }


def delivery_burst(n: int) -> dict[str, Any]:
    with FakeSmartEMBackend(ping_interval=None) as backend:
        session = backend.create_session(AGENT)
        arrived: dict[str, datetime] = {}

        def on_instruction(data: dict[str, Any]) -> None:
            arrived[data["instruction_id"]] = datetime.now()

        with SSEAgentClient(backend.url, AGENT, session, auto_ack=True) as client:
            thread = start_stream(client, on_instruction)
            started = time.perf_counter()
            for _ in range(n):
                backend.queue_instruction(session)
            wait_for(lambda: len(arrived) == n, "the burst to arrive")
            elapsed = time.perf_counter() - started
            wait_for(lambda: len(backend.acks(session)) == n, "the acks")
            client.stop()
            thread.join(TIMEOUT)
        sends = sent_at(backend, session)
    latencies = [(arrived[i] - sends[i]).total_seconds() * 1000 for i in arrived]
    return {
        "send_to_callback": percentiles(latencies),
        "instructions_per_s": n / elapsed,
        "acknowledged": n,
    }


def reconnects(drops: int, initial_retry_delay: float) -> dict[str, Any]:
    with FakeSmartEMBackend(ping_interval=None) as backend:
        session = backend.create_session(AGENT)
        for drop in range(drops):
            backend.sse_close_after(1, abrupt=drop % 2 == 1)
        connected: list[float] = []
        noticed: list[float] = []

        def on_connection(_data: dict[str, Any]) -> None:
            connected.append(time.perf_counter())

        def on_error(_error: Exception) -> None:
            noticed.append(time.perf_counter())

        client = SSEAgentClient(
            backend.url,
            AGENT,
            session,
            initial_retry_delay=initial_retry_delay,
            max_retry_delay=initial_retry_delay,
        )
        with client:
            thread = threading.Thread(
                target=client.stream_instructions,
                args=(lambda _data: None, on_connection, on_error),
                daemon=True,
            )
            thread.start()
            wait_for(lambda: len(connected) == drops + 1, "the reconnects")
            client.stop()
            thread.join(TIMEOUT)
            stats = client.get_stats()
    drop_to_connection = [(b - a) * 1000 for a, b in itertools.pairwise(connected)]
    noticed_to_connection = [(c - e) * 1000 for e, c in zip(noticed, connected[1:], strict=True)]
    return {
        "initial_retry_delay_s": initial_retry_delay,
        "drops": drops,
        "drop_to_connection": percentiles(drop_to_connection),
        "noticed_to_connection": percentiles(noticed_to_connection),
        "reconnects": stats["reconnects"],
    }


def row(name: str, p: dict[str, float]) -> str:
    return f"{name:<44} {p['n']:>6} {p['p50_ms']:>9.2f} {p['p99_ms']:>9.2f} {p['max_ms']:>9.2f}"


def table(report: dict[str, Any]) -> str:
    lines = [
        f"{'measurement (ms)':<44} {'n':>6} {'p50':>9} {'p99':>9} {'max':>9}",
        row("paced: server send -> callback", report["paced"]["send_to_callback"]),
        row("paced: queue_instruction() -> callback", report["paced"]["queue_to_callback"]),
        row("burst + auto-ack: server send -> callback", report["burst"]["send_to_callback"]),
        row("drop -> next connection event", report["reconnect"]["drop_to_connection"]),
        row("drop noticed -> next connection event", report["reconnect"]["noticed_to_connection"]),
        f"burst throughput: {report['burst']['instructions_per_s']:.0f} instructions/s "
        "(each acknowledged on arrival)",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="instructions per delivery run")
    parser.add_argument("--drops", type=int, default=200, help="forced drops")
    args = parser.parse_args()
    logging.getLogger("smartem_ext.sse").setLevel(logging.CRITICAL)

    print("paced delivery...", file=sys.stderr, flush=True)
    paced = delivery_paced(args.n)
    print("burst delivery...", file=sys.stderr, flush=True)
    burst = delivery_burst(args.n)
    print("reconnects...", file=sys.stderr, flush=True)
    reconnect = reconnects(args.drops, initial_retry_delay=0.05)
    report = {
        "n": args.n,
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "latency_from": "fake backend sent_at stamp (same process clock)",
        "paced": paced,
        "burst": burst,
        "reconnect": reconnect,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(table(report))
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
