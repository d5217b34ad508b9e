"""The unmodified existing agent over one generated EPU session, on compat and on its own client.

    python bench/bench_agent.py [--gridsquares 222] [--tiles 35] [--acquired 4] [--foilholes 570]

Both runs get the same session shape (tests/support/epu_session.py) on one real backend,
one after the other, each with its own uuids. Reported per client: entities the agent
parsed (its store after the parse), entities PostgreSQL holds for its acquisition,
requests on the wire (by status) and the wall seconds of parse + registration. Results go
to bench/results/agent.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.agent import test_existing_agent as agent
from tests.support.real_backend import RealBackend

RESULTS = Path(__file__).with_name("results") / "agent.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles", type=int, default=35)
    parser.add_argument("--gridsquares", type=int, default=222)
    parser.add_argument("--acquired", type=int, default=4)
    parser.add_argument("--foilholes", type=int, default=570)
    parser.add_argument("--micrographs", type=int, default=1)
    args = parser.parse_args()
    agent.SIZE.update(
        tiles=args.tiles,
        gridsquares=args.gridsquares,
        acquired=args.acquired,
        foilholes=args.foilholes,
        micrographs=args.micrographs,
        near_grid_bar_every=2,
    )
    report: dict[str, Any] = {"session": dict(agent.SIZE)}
    with RealBackend() as backend, tempfile.TemporaryDirectory() as folder:
        for client, extra in (("compat", ()), ("existing", ("--no-remote-logs",))):
            run = agent.run_agent(backend, client, Path(folder) / client, *extra)
            report[client] = {
                "hung": run["hung"],
                "parse_and_register_s": run.get("parse_and_register_s"),
                "requests": run.get("wire_after_parse", {}),
                "parsed": agent.parsed_counts(run) if "store" in run else None,
                "stored": agent.stored_counts(backend, run) if "store" in run else None,
            }
            print(client, json.dumps(report[client]), flush=True)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
