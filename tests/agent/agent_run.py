"""Run the existing SmartEM agent (smartem-decisions 0.1.3, unmodified) over an EPU folder.

Started by tests/agent/test_existing_agent.py with the real backend's Python (3.12, with the
agent's lxml and watchdog). ``--client compat`` resolves ``smartem_backend.api_client`` to
``smartem_ext.compat`` before the agent is imported, which is what the one-line switch does;
``--client existing`` leaves the agent on its own client.

What it does, as ``smartem_agent watch`` does: a RemoteLogHandler on the root logger, a
SmartEMWatcherV2 (persistent store, instruction stream, heartbeats), then the parse of the
folder into the store. Then one instruction through the backend's debug endpoint, which the
watcher must acknowledge, and one rejected token (a 401), which must cost one refresh. It
writes the store, the requests counted on the wire and the timings as JSON.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

_wire: Counter[str] = Counter()
_wire_lock = threading.Lock()


def _count(kind: str, status: int | None) -> None:
    with _wire_lock:
        _wire[kind] += 1
        _wire[f"{kind} {status if status is not None else 'no answer'}"] += 1


def _count_requests(api_url: str) -> None:
    """Count every request on the wire: requests' adapter and httpx's transport."""
    import httpx
    import requests.adapters

    plain_send = requests.adapters.HTTPAdapter.send
    plain_handle = httpx.HTTPTransport.handle_request

    def send(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        kind = "backend" if request.url.startswith(api_url) else "token"
        try:
            response = plain_send(self, request, *args, **kwargs)
        except Exception:
            _count(kind, None)
            raise
        _count(kind, response.status_code)
        return response

    def handle(self: Any, request: Any) -> Any:
        kind = "backend" if str(request.url).startswith(api_url) else "token"
        try:
            response = plain_handle(self, request)
        except Exception:
            _count(kind, None)
            raise
        _count(kind, response.status_code)
        return response

    requests.adapters.HTTPAdapter.send = send
    httpx.HTTPTransport.handle_request = handle


def _wait(condition: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _dump(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--client", choices=["compat", "existing"], required=True)
    parser.add_argument("--watch", type=Path, required=True)
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--config", type=Path, required=True, help="agent.env for Keycloak")
    parser.add_argument("--agent-id", required=True)
    parser.add_argument("--session-id", required=True)
    parser.add_argument("--rejected-token", required=True, help="a token the backend refuses")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--limit", type=float, default=150.0)
    parser.add_argument(
        "--no-remote-logs",
        action="store_true",
        help="leave out the RemoteLogHandler (the existing client deadlocks it on a failed batch)",
    )
    args = parser.parse_args()
    result: dict[str, Any] = {"client": args.client, "hung": False}

    def give_up() -> None:
        result["hung"] = True
        result["wire"] = dict(_wire)
        args.out.write_text(json.dumps(result, indent=1))
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

    started = time.perf_counter()
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
        heartbeat_interval=1,
        keycloak_client=keycloak,
    )
    watcher.datastore = EpuParser.parse_epu_output_dir(watcher.datastore)
    result["parse_and_register_s"] = round(time.perf_counter() - started, 3)
    result["wire_after_parse"] = dict(_wire)
    store = watcher.datastore

    # An instruction for the agent's session, from the backend's side.
    sse = watcher.sse_client
    result["stream_connected"] = _wait(sse.is_connected, 30)
    import requests

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
    grid_uuid = next(iter(store.grids))
    store.grid_registered(grid_uuid)
    _wait(lambda: keycloak.rejected_given, 10)
    time.sleep(0.5)
    result["after_401"] = {
        "rejected_token_used": keycloak.rejected_given,
        "token_requests": _wire["token"] - tokens_before,
        "invalidations": keycloak.invalidations - invalidations_before,
        "backend_401s": _wire["backend 401"],
    }
    result["total_s"] = round(time.perf_counter() - started, 3)
    result["sse_stats"] = {
        key: value for key, value in sse.get_stats().items() if isinstance(value, int | float)
    }
    result["store"] = {
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
    by_natural_id = {square.gridsquare_id: square.uuid for square in store.gridsquares.values()}
    result["links"] = [
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
    ]

    watcher.stop()
    if log_handler is not None:
        log_handler.close()
        logging.getLogger().removeHandler(log_handler)
    result["wire"] = dict(_wire)
    args.out.write_text(json.dumps(result, indent=1))
    # The existing client's stream thread is not a daemon and only notices stop() at the
    # next event; the result is written, so leave without waiting for it.
    os._exit(0)


if __name__ == "__main__":
    main()
