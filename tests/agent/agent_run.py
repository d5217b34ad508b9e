"""Run the existing SmartEM agent (smartem-decisions 0.1.3, unmodified) over an EPU folder.

Started by the tests in tests/agent and by bench/bench_agent.py with the real backend's
Python (3.12, with the agent's lxml and watchdog). ``--client compat`` resolves
``smartem_backend.api_client`` to ``smartem_ext.compat`` before the agent is imported, which
is what the one-line switch does; ``--client existing`` leaves the agent on its own client.
``SMARTEM_OUTBOX`` in the environment reaches compat unchanged.

What it does, as ``smartem_agent watch`` does: a RemoteLogHandler on the root logger, a
SmartEMWatcherV2 (persistent store, which creates the acquisition, instruction stream,
heartbeats), then the parse of the folder into the store. Then, unless ``--no-checks``, one
instruction through the backend's debug endpoint, which the watcher must acknowledge, and
one rejected token (a 401), which must cost one refresh. With ``SMARTEM_OUTBOX`` set it
waits, before leaving, until the journal holds nothing pending (the agent itself never
closes its client, so leaving earlier would strand what the journal holds).

Hand-offs with the caller, so that an outage can start at a known point:
``--ready-file`` is written once the watcher exists (the acquisition is created), and
``--go-file`` is then awaited before the parse. ``--out`` is written (atomically) once the
parse is done, with what the agent parsed, and again at the end; a process killed after
the parse leaves the first. Every write of ``--out`` carries the requests counted on the
wire, wall times (``time.time()``) and the process's CPU seconds.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

_wire: Counter[str] = Counter()
_timeline: list[list[Any]] = []
_wire_lock = threading.Lock()
_AGENT_PATHS = "/agent/"
"""Heartbeats, the instruction stream, acknowledgements and logs."""
_PROBES = ("/status", "/health")
"""Everything but these and the agent paths is data: the entities' writes and reads."""


def _count(kind: str, status: int | None, started: float, method: str, path: str) -> None:
    answer = status if status is not None else "no answer"
    with _wire_lock:
        _wire[kind] += 1
        _wire[f"{kind} {answer}"] += 1
        if kind == "backend" and not path.startswith(_AGENT_PATHS) and path not in _PROBES:
            _wire["data"] += 1
            _wire[f"data {answer}"] += 1
            _timeline.append(
                [round(started, 4), method, path, status, threading.current_thread().name]
            )


def _count_requests(api_url: str) -> None:
    """Count every request on the wire: requests' adapter and httpx's transport."""
    import httpx
    import requests.adapters

    plain_send = requests.adapters.HTTPAdapter.send
    plain_handle = httpx.HTTPTransport.handle_request
    prefix = urlsplit(api_url).path.rstrip("/")

    def path_of(url: str) -> str:
        return urlsplit(url).path[len(prefix) :] or "/"

    def send(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        kind = "backend" if request.url.startswith(api_url) else "token"
        started = time.time()
        try:
            response = plain_send(self, request, *args, **kwargs)
        except Exception:
            _count(kind, None, started, request.method, path_of(request.url))
            raise
        _count(kind, response.status_code, started, request.method, path_of(request.url))
        return response

    def handle(self: Any, request: Any) -> Any:
        url = str(request.url)
        kind = "backend" if url.startswith(api_url) else "token"
        started = time.time()
        try:
            response = plain_handle(self, request)
        except Exception:
            _count(kind, None, started, request.method, path_of(url))
            raise
        _count(kind, response.status_code, started, request.method, path_of(url))
        return response

    requests.adapters.HTTPAdapter.send = send
    httpx.HTTPTransport.handle_request = handle


def _wait(condition: Any, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return round(usage.ru_utime + usage.ru_stime, 3)


def _write_json(path: Path, value: dict[str, Any]) -> None:
    """Write ``value`` so that a reader never sees half of it."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(value, indent=1))
    os.replace(partial, path)


def _dump(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json")


def _store(store: Any) -> dict[str, Any]:
    return {
        "acquisition": _dump(store.acquisition),
        "grids": [
            {**_dump(grid), "atlas_data": None, "acquisition_data": None}
            for grid in store.grids.values()
        ],
        "atlases": [{**_dump(atlas), "tiles": []} for atlas in store.atlases.values()],
        "tiles": [_dump(tile) for atlas in store.atlases.values() for tile in atlas.tiles],
        "gridsquares": [_dump(square) for square in store.gridsquares.values()],
        "foilholes": [_dump(hole) for hole in store.foilholes.values()],
        "micrographs": [_dump(micrograph) for micrograph in store.micrographs.values()],
    }


def _links(store: Any) -> list[dict[str, Any]]:
    by_natural_id = {square.gridsquare_id: square.uuid for square in store.gridsquares.values()}
    return [
        {
            "tile_uuid": tile.uuid,
            "gridsquare_uuid": by_natural_id[square_id],
            "position": list(position.position),
            "size": list(position.size),
        }
        for atlas in store.atlases.values()
        for tile in atlas.tiles
        for square_id, positions in tile.gridsquare_positions.items()
        for position in positions
        if square_id in by_natural_id
    ]


def _journal(path: str) -> dict[str, Any]:
    from smartem_ext.outbox import read_stats

    stats, dead = read_stats(path)
    return {
        "pending": dict(stats.pending),
        "pending_total": stats.pending_total,
        "delivered": stats.delivered,
        "dead_letters": stats.dead_letters,
        "last_error": stats.last_error,
        "dead": [[letter.kind, letter.uuid, letter.error] for letter in dead],
    }


def _drain(journal: str, limit: float) -> tuple[bool, float, float]:
    """Wait until the journal holds nothing pending.

    Returns (drained, seconds waited, CPU seconds the waiting itself took).
    """
    from smartem_ext.outbox import read_stats

    started, cpu_before = time.perf_counter(), time.thread_time()
    drained = _wait(lambda: read_stats(journal)[0].pending_total == 0, limit, 0.25)
    return drained, round(time.perf_counter() - started, 3), time.thread_time() - cpu_before


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--client", choices=["compat", "existing"], required=True)
    parser.add_argument("--watch", type=Path, required=True)
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--config", type=Path, required=True, help="agent.env for Keycloak")
    parser.add_argument("--agent-id", required=True)
    parser.add_argument("--session-id", required=True)
    parser.add_argument("--rejected-token", help="a token the backend refuses (the 401 check)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--limit", type=float, default=150.0, help="give up after this long")
    parser.add_argument("--ready-file", type=Path, help="written once the watcher exists")
    parser.add_argument("--go-file", type=Path, help="awaited before the parse")
    parser.add_argument("--no-checks", action="store_true", help="no instruction, no 401")
    parser.add_argument("--heartbeat-interval", type=int, default=1)
    parser.add_argument(
        "--drain-limit",
        type=float,
        default=120.0,
        help="with SMARTEM_OUTBOX: how long to wait for the journal to empty before leaving",
    )
    parser.add_argument(
        "--no-remote-logs",
        action="store_true",
        help="leave out the RemoteLogHandler (the existing client deadlocks it on a failed batch)",
    )
    args = parser.parse_args()
    journal = os.environ.get("SMARTEM_OUTBOX") or None
    result: dict[str, Any] = {
        "client": args.client,
        "outbox": journal,
        "hung": False,
        "phase": "started",
        "pid": os.getpid(),
    }

    def snapshot(phase: str) -> None:
        with _wire_lock:
            result["wire"] = dict(_wire)
            result["timeline"] = list(_timeline)
        result["phase"] = phase
        # The agent's CPU: the process's, less this script's wait for the journal to empty.
        result["cpu_s"] = round(_cpu_seconds() - result.get("harness_cpu_s", 0.0), 3)
        _write_json(args.out, result)

    def give_up() -> None:
        result["hung"] = True
        snapshot(result["phase"])
        os._exit(3)

    watchdog = threading.Timer(args.limit, give_up)
    watchdog.daemon = True
    watchdog.start()

    if args.client == "compat":
        import smartem_ext.compat

        sys.modules["smartem_backend.api_client"] = smartem_ext.compat
    _count_requests(args.api_url.rstrip("/"))
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(threadName)s %(name)s %(levelname)s %(message)s",
        filename=str(args.log),
        force=True,
    )

    from smartem_agent.fs_parser import EpuParser
    from smartem_agent.fs_watcher import SmartEMWatcherV2
    from smartem_agent.remote_log_handler import RemoteLogHandler
    from smartem_backend.api_client import SmartEMAPIClient
    from smartem_backend.keycloak_client import KeycloakClient, load_keycloak_config

    class CountingKeycloakClient(KeycloakClient):
        """The agent's token client, counting invalidations; can hand out one bad token."""

        def __init__(self, *a: Any, **kw: Any) -> None:
            super().__init__(*a, **kw)
            self.invalidations = 0
            self.rejected: str | None = None
            self.rejected_given = False

        def get_token(self) -> str:
            if self.rejected is not None:
                token, self.rejected = self.rejected, None
                self.rejected_given = True
                return token
            return super().get_token()

        def invalidate(self) -> None:
            self.invalidations += 1
            super().invalidate()

    # The agent's token client is KeycloakClient itself, whose module compat quiets while
    # logs ship (a token fetched then logs, and the log handler holds its lock); this
    # stand-in must look the same, or a refresh during a flush deadlocks the agent.
    CountingKeycloakClient.__module__ = KeycloakClient.__module__

    started = time.perf_counter()
    result["started_at"] = time.time()
    keycloak = CountingKeycloakClient(load_keycloak_config(args.config))
    log_handler: RemoteLogHandler | None = None
    if not args.no_remote_logs:
        log_client = SmartEMAPIClient(args.api_url, keycloak_client=keycloak)
        log_handler = RemoteLogHandler(
            log_client, args.agent_id, args.session_id, flush_interval=1.0
        )
        logging.getLogger().addHandler(log_handler)
    watcher = SmartEMWatcherV2(
        watch_dir=args.watch,
        api_url=args.api_url,
        agent_id=args.agent_id,
        session_id=args.session_id,
        heartbeat_interval=args.heartbeat_interval,
        keycloak_client=keycloak,
    )
    store = watcher.datastore
    result["acquisition_uuid"] = store.acquisition.uuid
    result["ready_at"] = time.time()
    if args.ready_file is not None:
        _write_json(args.ready_file, {"acquisition_uuid": store.acquisition.uuid})
    if args.go_file is not None:
        go_file = args.go_file
        _wait(go_file.exists, args.limit)
    result["go_at"] = time.time()
    parse_started, cpu_before_parse = time.perf_counter(), _cpu_seconds()
    watcher.datastore = EpuParser.parse_epu_output_dir(watcher.datastore)
    result["parsed_at"] = time.time()
    result["parse_s"] = round(time.perf_counter() - parse_started, 3)
    result["parse_cpu_s"] = round(_cpu_seconds() - cpu_before_parse, 3)
    result["parse_and_register_s"] = round(time.perf_counter() - started, 3)
    result["wire_after_parse"] = dict(_wire)
    store = watcher.datastore
    result["store"] = _store(store)
    result["links"] = _links(store)
    snapshot("parsed")

    if not args.no_checks:
        _instruction_and_401(args, watcher, keycloak, result)
    result["total_s"] = round(time.perf_counter() - started, 3)
    if watcher.sse_client is not None:
        result["sse_stats"] = {
            key: value
            for key, value in watcher.sse_client.get_stats().items()
            if isinstance(value, int | float)
        }

    watcher.stop()
    if log_handler is not None:
        log_handler.close()
        logging.getLogger().removeHandler(log_handler)
    if journal is not None and Path(journal).exists():
        result["drained"], result["drain_s"], waiting_cpu = _drain(journal, args.drain_limit)
        result["harness_cpu_s"] = round(waiting_cpu, 3)
        result["drained_at"] = time.time()
        result["journal"] = _journal(journal)
    elif journal is not None:
        result["journal"] = None  # compat kept no journal there
    snapshot("done")
    # The existing client's stream thread is not a daemon and only notices stop() at the
    # next event; the result is written, so leave without waiting for it.
    os._exit(0)


def _instruction_and_401(
    args: argparse.Namespace, watcher: Any, keycloak: Any, result: dict[str, Any]
) -> None:
    """An instruction from the backend's side, acknowledged; then one rejected token."""
    import requests

    sse = watcher.sse_client
    result["stream_connected"] = _wait(sse.is_connected, 30)
    created = requests.post(
        f"{args.api_url}/debug/session/{args.session_id}/create-instruction",
        json={"instruction_type": "agent.info.datastore", "payload": {}},
        headers={"Authorization": f"Bearer {keycloak.get_token()}"},
        timeout=30,
    )
    result["instruction_id"] = created.json().get("instruction_id") if created.ok else None
    result["instruction_acknowledged"] = _wait(
        lambda: sse.get_stats()["instructions_acknowledged"] >= 1, 30
    )
    time.sleep(1.5)  # at least one heartbeat and one log flush

    # One rejected token: the next request gets a 401 and must refresh exactly once.
    tokens_before, invalidations_before = _wire["token"], keycloak.invalidations
    keycloak.rejected = args.rejected_token
    store = watcher.datastore
    store.grid_registered(next(iter(store.grids)))
    _wait(lambda: keycloak.rejected_given, 10)
    time.sleep(0.5)
    result["after_401"] = {
        "rejected_token_used": keycloak.rejected_given,
        "token_requests": _wire["token"] - tokens_before,
        "invalidations": keycloak.invalidations - invalidations_before,
        "backend_401s": _wire["backend 401"],
    }


if __name__ == "__main__":
    main()
