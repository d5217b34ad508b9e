"""The unmodified existing agent over a generated EPU session, against the real backend.

With ``smartem_backend.api_client`` resolved to ``smartem_ext.compat`` the backend must end
up holding what the agent parsed (PostgreSQL is read, not the client's view), the agent
must acknowledge an instruction ``processed``, and a 401 must cost exactly one refresh.
The same session through the agent's own client is measured beside it; its figures are
printed, not held to the checks (it loses what the backend refuses).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.agent.harness import log_records, parsed_counts, run_agent, stored_counts
from tests.support.epu_session import EpuSession
from tests.support.real_backend import RealBackend

pytestmark = pytest.mark.real_backend

SIZE = {"tiles": 3, "gridsquares": 10, "acquired": 4, "foilholes": 10, "micrographs": 2}


def _in(uuids: list[str]) -> str:
    return ", ".join(f"'{value}'" for value in uuids) or "''"


def _utc_text(value: str | None) -> str | None:
    """An aware ISO time (or PostgreSQL's naive text) as the naive UTC time, in one format."""
    if not value:
        return value
    moment = datetime.fromisoformat(value)
    if moment.utcoffset() is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return str(moment)


@pytest.fixture(scope="module", params=["direct", "outbox"])
def compat_run(
    request: pytest.FixtureRequest,
    real_backend: RealBackend,
    tmp_path_factory: pytest.TempPathFactory,
) -> Any:
    """The agent on compat, sending directly or (``SMARTEM_OUTBOX``) through a journal.

    With the journal the agent leaves only once the journal holds nothing pending, so what
    PostgreSQL holds is read after delivery either way.
    """
    folder = tmp_path_factory.mktemp(f"compat-{request.param}")
    env = {"SMARTEM_OUTBOX": str(folder / "outbox.db")} if request.param == "outbox" else None
    run = run_agent(real_backend, "compat", folder, SIZE, env=env)
    run["client"] = f"compat ({request.param})"
    return run


@pytest.fixture(scope="module")
def existing_run(real_backend: RealBackend, tmp_path_factory: pytest.TempPathFactory) -> Any:
    # Without the remote log handler: the existing client logs an error while the handler
    # holds its lock (a failed batch: the backend refuses the records' aware times), which
    # deadlocks the agent's logging and so the whole agent.
    folder = tmp_path_factory.mktemp("existing")
    return run_agent(real_backend, "existing", folder, SIZE, "--no-remote-logs")


@pytest.fixture
def epu(compat_run: dict[str, Any]) -> Iterator[EpuSession]:
    yield compat_run["epu"]


def test_the_agent_parses_everything_the_generator_wrote(
    compat_run: dict[str, Any], epu: EpuSession
) -> None:
    assert not compat_run["hung"], compat_run["log_tail"]
    store = compat_run["store"]
    assert [tile["id"] for tile in store["tiles"]] == epu.tiles
    assert sorted(s["gridsquare_id"] for s in store["gridsquares"]) == sorted(epu.gridsquares)
    holes = sorted(hole for holes in epu.foilholes.values() for hole in holes)
    assert sorted(h["id"] for h in store["foilholes"]) == holes
    assert sorted(m["id"] for m in store["micrographs"]) == sorted(epu.micrographs)
    assert len(compat_run["links"]) == len(epu.gridsquares)


def test_the_backend_holds_every_entity_the_agent_parsed(
    compat_run: dict[str, Any], real_backend: RealBackend
) -> None:
    store, sql = compat_run["store"], real_backend.sql
    acquisition = store["acquisition"]
    [[name, start]] = sql(
        f"select name, start_time from acquisition where uuid = '{acquisition['uuid']}'"
    )
    assert [name, _utc_text(start)] == [acquisition["name"], _utc_text(acquisition["start_time"])]
    [grid] = store["grids"]
    assert sql(f"select acquisition_uuid from grid where uuid = '{grid['uuid']}'") == [
        [acquisition["uuid"]]
    ]
    [atlas] = store["atlases"]
    [[atlas_id, atlas_grid, atlas_date]] = sql(
        f"select atlas_id, grid_uuid, acquisition_date from atlas where uuid = '{atlas['uuid']}'"
    )
    assert [atlas_id, atlas_grid, _utc_text(atlas_date)] == [
        atlas["id"],
        grid["uuid"],
        _utc_text(atlas["acquisition_date"]),
    ]
    tiles = sql(
        f"select uuid, tile_id, position_x, position_y, size_x, size_y from atlastile "
        f"where atlas_uuid = '{atlas['uuid']}' order by uuid"
    )
    assert tiles == sorted(
        [
            t["uuid"],
            t["id"],
            *map(str, t["tile_position"]["position"]),
            *map(str, t["tile_position"]["size"]),
        ]
        for t in store["tiles"]
    )
    squares = {
        row[0]: [*row[1:5], _utc_text(row[5])]
        for row in sql(
            "select uuid, gridsquare_id, center_x, size_width, atlas_node_id, "
            "acquisition_datetime from gridsquare "
            f"where grid_uuid = '{grid['uuid']}'"
        )
    }
    expected_squares = {
        s["uuid"]: [
            s["gridsquare_id"],
            str(s["center_x"]),
            str(s["size_width"]),
            str(s["metadata"]["atlas_node_id"]) if s["metadata"] else "",
            _utc_text(s["manifest"]["acquisition_datetime"]) if s["manifest"] else "",
        ]
        for s in store["gridsquares"]
    }
    assert squares == expected_squares


def test_foil_holes_and_micrographs_are_stored_except_near_the_grid_bar(
    compat_run: dict[str, Any], real_backend: RealBackend, epu: EpuSession
) -> None:
    store = compat_run["store"]
    sent = [h for h in store["foilholes"] if h["id"] not in epu.near_grid_bar]
    rows = real_backend.sql(
        "select uuid, foilhole_id, gridsquare_uuid, center_x, quality, x_location, diameter "
        f"from foilhole where uuid in ({_in([h['uuid'] for h in store['foilholes']])})"
    )
    metadata = {
        str(fh): pos
        for square in store["gridsquares"]
        if square["metadata"]
        for fh, pos in square["metadata"]["foilhole_positions"].items()
    }
    assert {row[0]: row[1:] for row in rows} == {
        h["uuid"]: [
            h["id"],
            h["gridsquare_uuid"],
            str(h["center_x"]),
            str(h["quality"]),
            str(metadata[h["id"]]["x_location"]),
            str(metadata[h["id"]]["diameter"]),
        ]
        for h in sent
    }
    micrographs = real_backend.sql(
        "select uuid, foilhole_uuid, location_id, acquisition_datetime from micrograph "
        f"where uuid in ({_in([m['uuid'] for m in store['micrographs']])})"
    )
    micrographs = [[*row[:3], _utc_text(row[3])] for row in micrographs]
    assert sorted(micrographs) == sorted(
        [
            m["uuid"],
            m["foilhole_uuid"],
            m["location_id"],
            _utc_text(m["manifest"]["acquisition_datetime"]),
        ]
        for m in store["micrographs"]
    )


def test_every_tile_link_is_stored(compat_run: dict[str, Any], real_backend: RealBackend) -> None:
    links = compat_run["links"]
    rows = real_backend.sql(
        "select atlastile_uuid, gridsquare_uuid, center_x, center_y, size_width, size_height "
        f"from atlastilegridsquareposition where atlastile_uuid in "
        f"({_in([link['tile_uuid'] for link in links])})"
    )
    assert sorted(rows) == sorted(
        [link["tile_uuid"], link["gridsquare_uuid"], *map(str, link["position"] + link["size"])]
        for link in links
    )


def test_an_instruction_is_received_and_acknowledged_processed(
    compat_run: dict[str, Any], real_backend: RealBackend
) -> None:
    assert compat_run["stream_connected"] and compat_run["instruction_acknowledged"]
    instruction = compat_run["instruction_id"]
    acks = real_backend.sql(
        "select status, result from agentinstructionacknowledgement "
        f"where instruction_id = '{instruction}'"
    )
    assert acks == [["processed", "Datastore contains 1 grids"]]


def test_a_401_costs_exactly_one_token_refresh(compat_run: dict[str, Any]) -> None:
    assert compat_run["after_401"] == {
        "rejected_token_used": True,
        "token_requests": 1,
        "invalidations": 1,
        "backend_401s": 1,
    }


def test_log_records_are_shipped_without_deadlock(
    compat_run: dict[str, Any], real_backend: RealBackend
) -> None:
    assert not compat_run["hung"]
    shipped = real_backend.sql(
        "select logger_name, count(*) from agentlog "
        f"where agent_id = '{compat_run['agent_id']}' group by logger_name"
    )
    by_logger = {name: int(count) for name, count in shipped}
    assert by_logger.get("smartem_agent", 0) > 0
    assert "httpx" not in by_logger


def test_with_a_journal_every_write_went_through_it_and_was_delivered(
    compat_run: dict[str, Any],
) -> None:
    if compat_run["outbox"] is None:
        assert "journal" not in compat_run
        return
    journal = compat_run["journal"]
    assert journal is not None, "compat kept no journal at SMARTEM_OUTBOX"
    assert compat_run["drained"], journal
    assert (journal["pending_total"], journal["dead_letters"]) == (0, 0), journal
    # Creates, updates, the registered mark, acknowledgement and log batches all went in.
    assert journal["delivered"] >= len(compat_run["store"]["gridsquares"]), journal


def test_the_existing_client_measured_beside_compat(
    compat_run: dict[str, Any],
    existing_run: dict[str, Any],
    real_backend: RealBackend,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = []
    for run in (compat_run, existing_run):
        if "store" in run:
            acquisition = run["store"]["acquisition"]["uuid"]
            stored: dict[str, int] = stored_counts(real_backend, acquisition)
            stored["logs"] = log_records(real_backend, run["agent_id"])
            parsed: dict[str, int] = parsed_counts(run)
        else:
            stored, parsed = {}, {}
        wire = run.get("wire_after_parse", {})
        rows.append(
            f"{run['client']:>8}: hung={run['hung']} parse+register "
            f"{run.get('parse_and_register_s')} s, {wire.get('backend', 0)} backend requests "
            f"({ {k: v for k, v in wire.items() if k.startswith('backend ')} }), "
            f"parsed {parsed}, stored {stored}"
        )
    with capsys.disabled():
        print("\nexisting agent, same generated session:\n" + "\n".join(rows))
    assert "store" in compat_run
