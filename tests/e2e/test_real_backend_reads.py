"""On the real backend: times with local offsets are stored as their UTC instant, and the
listing, log-shipping and debug reads answer with what PostgreSQL holds.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from smartem_api.models import AgentLogEntry
from smartem_ext import (
    AcquisitionData,
    AsyncSmartEMAPIClient,
    AtlasData,
    AtlasTileData,
    AtlasTilePosition,
    FoilHoleData,
    GridData,
    GridSquareData,
    GridSquareManifest,
    KeycloakAuth,
    MicrographData,
    MicrographManifest,
    ServerError,
    SmartEMAPIClient,
    compat,
)
from tests.support.real_backend import RealBackend

pytestmark = pytest.mark.real_backend

TIMEOUT = 30.0
# What EPU writes: local time with its offset (British Summer Time here).
LOCAL = timezone(timedelta(hours=1))


def _auth(backend: RealBackend) -> KeycloakAuth:
    return KeycloakAuth(backend.issuer.url, backend.realm, backend.client_id, backend.client_secret)


@pytest.fixture
def client(real_backend: RealBackend) -> Iterator[SmartEMAPIClient]:
    with SmartEMAPIClient(real_backend.url, TIMEOUT, auth=_auth(real_backend)) as api:
        yield api


def _one(backend: RealBackend, query: str) -> str:
    [[value]] = backend.sql(query)
    return value


def _session(backend: RealBackend, agent_id: str) -> str:
    answer = httpx.post(
        f"{backend.url}/debug/sessions/create",
        json={"agent_id": agent_id},
        headers=backend.auth_headers(),
        timeout=TIMEOUT,
    )
    answer.raise_for_status()
    return str(answer.json()["session_id"])


def _tree(tag: str) -> tuple[AcquisitionData, GridData, AtlasData, GridSquareData]:
    acquisition = AcquisitionData(
        name=f"Session {tag}", start_time=datetime(2024, 4, 6, 10, 24, 20, tzinfo=LOCAL)
    )
    grid = GridData(data_dir=f"/epu/{tag}/Images-Disc1", acquisition_data=acquisition)
    atlas = AtlasData(
        id=f"Atlas-{tag}",
        acquisition_date=datetime(2024, 4, 6, 9, 0, 0, tzinfo=LOCAL),
        storage_folder=f"/epu/{tag}/Atlas",
        name="Atlas",
        tiles=[
            AtlasTileData(
                id=f"Tile_{n}",
                tile_position=AtlasTilePosition(position=(n * 4096, 0), size=(4096, 4096)),
                file_format="mrc",
                base_filename=f"Tile_{n}",
            )
            for n in range(2)
        ],
        grid_uuid=grid.uuid,
    )
    square = GridSquareData(
        gridsquare_id="1801",
        grid_uuid=grid.uuid,
        manifest=GridSquareManifest(
            acquisition_datetime=datetime(2024, 4, 6, 11, 0, 5, tzinfo=LOCAL),
            detector_name="EF-CCD",
        ),
    )
    return acquisition, grid, atlas, square


def _register(
    client: SmartEMAPIClient, hole_id: str
) -> tuple[AcquisitionData, AtlasData, GridSquareData, FoilHoleData]:
    """Register a fresh acquisition, grid, atlas, square and one foil hole."""
    acquisition, grid, atlas, square = _tree(uuid.uuid4().hex[:8])
    client.create_acquisition(acquisition)
    client.create_acquisition_grid(grid)
    client.create_grid_atlas(atlas)
    client.create_grid_gridsquare(square)
    hole = FoilHoleData(id=hole_id, gridsquare_id="1801", gridsquare_uuid=square.uuid)
    client.create_gridsquare_foilholes(square.uuid, [hole])
    return acquisition, atlas, square, hole


def test_times_with_local_offsets_are_stored_as_their_utc_instant(
    client: SmartEMAPIClient, real_backend: RealBackend
) -> None:
    acquisition, atlas, square, hole = _register(client, "1801001")
    micrograph = MicrographData(
        id="FoilHole_1801001_Data_1",
        gridsquare_id="1801",
        foilhole_uuid=hole.uuid,
        foilhole_id=hole.id,
        location_id="1",
        high_res_path="/epu/Data/FoilHole_1801001_Data_1.tiff",
        manifest_file="/epu/Data/FoilHole_1801001_Data_1.xml",
        manifest=MicrographManifest(
            unique_id="m1",
            acquisition_datetime=datetime(2024, 4, 6, 11, 30, 0, tzinfo=LOCAL),
            detector_name="Falcon",
            energy_filter=False,
            phase_plate=False,
            binning_x=1,
            binning_y=1,
        ),
    )
    client.create_foilhole_micrograph(micrograph)

    sql = real_backend.sql
    [[start]] = sql(f"select start_time from acquisition where uuid = '{acquisition.uuid}'")
    [[atlas_date]] = sql(f"select acquisition_date from atlas where uuid = '{atlas.uuid}'")
    [[square_time]] = sql(
        f"select acquisition_datetime from gridsquare where uuid = '{square.uuid}'"
    )
    [[micrograph_time]] = sql(
        f"select acquisition_datetime from micrograph where uuid = '{micrograph.uuid}'"
    )
    assert [start, atlas_date, square_time, micrograph_time] == [
        "2024-04-06 09:24:20",
        "2024-04-06 08:00:00",
        "2024-04-06 10:00:05",
        "2024-04-06 10:30:00",
    ]
    tiles = sql(f"select count(*) from atlastile where atlas_uuid = '{atlas.uuid}'")
    assert tiles == [["2"]]


def test_a_square_whose_manifest_has_no_time_is_stored_without_it(
    client: SmartEMAPIClient, real_backend: RealBackend
) -> None:
    acquisition, grid, _, _ = _tree(uuid.uuid4().hex[:8])
    untimed = GridSquareData(gridsquare_id="1802", grid_uuid=grid.uuid, manifest=None)
    client.create_acquisition(acquisition)
    client.create_acquisition_grid(grid)
    client.create_grid_gridsquare(untimed)
    stored = real_backend.sql(
        f"select gridsquare_id, acquisition_datetime is null from gridsquare "
        f"where uuid = '{untimed.uuid}'"
    )
    assert stored == [["1802", "t"]]


def test_listings_hold_what_was_created(client: SmartEMAPIClient) -> None:
    _, atlas, square, hole = _register(client, "1801002")

    assert atlas.uuid in {found.uuid for found in client.get_atlases()}
    tile_uuids = {tile.uuid for tile in atlas.tiles}
    assert tile_uuids <= {found.uuid for found in client.get_atlas_tiles()}
    assert square.uuid in {found.uuid for found in client.get_gridsquares()}
    assert hole.uuid in {found.uuid for found in client.get_foilholes()}
    assert isinstance(client.get_micrographs(), list)


def test_shipped_logs_are_stored_with_utc_times(
    client: SmartEMAPIClient, real_backend: RealBackend
) -> None:
    agent = f"scope-{uuid.uuid4().hex[:6]}"
    session = _session(real_backend, agent)
    entry = AgentLogEntry(
        timestamp=datetime(2024, 4, 6, 10, 24, 20, tzinfo=LOCAL),
        level="INFO",
        logger_name="smartem_agent",
        message="grid square registered",
    )
    assert client.send_logs(agent, session, [entry]) == 1
    stored = real_backend.sql(
        f"select timestamp, level, message from agentlog where session_id = '{session}'"
    )
    assert stored == [["2024-04-06 09:24:20", "INFO", "grid square registered"]]


def test_compat_send_logs_stores_what_the_existing_agent_hands_it(
    real_backend: RealBackend,
) -> None:
    agent = f"scope-{uuid.uuid4().hex[:6]}"
    session = _session(real_backend, agent)
    records = [
        {
            "timestamp": "2024-04-06T09:24:20.250000+00:00",
            "level": "WARNING",
            "logger_name": "smartem_agent",
            "message": f"record {n}",
        }
        for n in range(3)
    ]
    token = real_backend.token()

    class Keycloak:
        def get_token(self) -> str:
            return token

        def invalidate(self) -> None:
            return None

    with compat.SmartEMAPIClient(real_backend.url, keycloak_client=Keycloak()) as api:
        assert api.send_logs(agent, session, records) is True
        assert api.send_logs(agent, "no-such-session", records) is False
    stored = real_backend.sql(
        f"select timestamp, message from agentlog where session_id = '{session}' order by id"
    )
    assert stored == [["2024-04-06 09:24:20.25", f"record {n}"] for n in range(3)]


def test_debug_reads_answer_with_the_backends_json(
    client: SmartEMAPIClient, real_backend: RealBackend
) -> None:
    agent = f"scope-{uuid.uuid4().hex[:6]}"
    session = _session(real_backend, agent)
    listed = client.get_session_instructions(session)
    assert (listed["session_id"], listed["instructions"]) == (session, [])
    connections = client.get_active_connections()
    active = _one(real_backend, "select count(*) from agentconnection where status = 'active'")
    assert connections["total_count"] == len(connections["active_connections"]) == int(active)


def test_listing_a_session_with_an_instruction_fails_on_backend_0_1_3(
    client: SmartEMAPIClient, real_backend: RealBackend
) -> None:
    # The backend puts the model's SQLAlchemy MetaData (not the instruction's metadata)
    # into its answer, which cannot be serialised: any instruction makes the read a 500.
    session = _session(real_backend, f"scope-{uuid.uuid4().hex[:6]}")
    created = httpx.post(
        f"{real_backend.url}/debug/session/{session}/create-instruction",
        json={"instruction_type": "agent.info.datastore", "payload": {}},
        headers=real_backend.auth_headers(),
        timeout=TIMEOUT,
    )
    created.raise_for_status()
    with pytest.raises(ServerError):
        client.get_session_instructions(session)


def test_async_reads_answer_as_the_sync_ones(
    client: SmartEMAPIClient, real_backend: RealBackend
) -> None:
    async def read() -> tuple[int, int]:
        async with AsyncSmartEMAPIClient(
            real_backend.url, TIMEOUT, auth=_auth(real_backend)
        ) as api:
            return len(await api.get_gridsquares()), len(await api.get_atlases())

    squares, atlases = asyncio.run(read())
    assert squares == len(client.get_gridsquares())
    assert atlases == len(client.get_atlases())


def _post(backend: RealBackend, path: str, body: dict[str, object]) -> dict[str, object]:
    answer = httpx.post(
        f"{backend.url}{path}", json=body, headers=backend.auth_headers(), timeout=TIMEOUT
    )
    answer.raise_for_status()
    result: dict[str, object] = answer.json()
    return result


def test_prediction_getters_read_what_postgresql_holds(
    client: SmartEMAPIClient, real_backend: RealBackend
) -> None:
    """The four prediction reads of the existing client: paths and shapes on backend 0.1.3."""
    _, _, square, _ = _register(client, "1801002")
    model = f"model-{uuid.uuid4().hex[:6]}"
    _post(real_backend, "/prediction_models", {"name": model, "description": "test model"})
    _post(
        real_backend,
        "/quality_predictions",
        {"value": 0.25, "prediction_model_name": model, "gridsquare_uuid": square.uuid},
    )
    # Current predictions are written by the backend's message consumer, which these tests
    # do not run; the row goes into its table directly.
    real_backend.sql(
        "insert into currentqualityprediction (grid_uuid, value, prediction_model_name,"
        f" gridsquare_uuid) values ('{square.grid_uuid}', 0.75, '{model}', '{square.uuid}')"
    )

    models = {m.name: m for m in client.get_quality_prediction_models()}
    stored_level = _one(
        real_backend, f"select level from qualitypredictionmodel where name = '{model}'"
    )
    assert models[model].level.value == stored_level.lower()  # the column holds the enum name
    one = client.get_quality_prediction_model(model)
    assert (one.name, one.description, one.level) == (model, "test model", models[model].level)

    history = client.get_grid_quality_predictions(model, square.grid_uuid)
    stored = real_backend.sql(
        f"select id, value from qualityprediction where prediction_model_name = '{model}'"
    )
    assert [(p.id, p.value, p.gridsquare_uuid) for p in history] == [
        (int(row[0]), float(row[1]), square.uuid) for row in stored
    ]

    current = client.get_grid_current_quality_predictions(model, square.grid_uuid)
    [[current_id]] = real_backend.sql(
        f"select id from currentqualityprediction where prediction_model_name = '{model}'"
    )
    assert [(p.id, p.value, p.gridsquare_uuid) for p in current] == [
        (int(current_id), 0.75, square.uuid)
    ]
    token = real_backend.token()

    class Keycloak:
        def get_token(self) -> str:
            return token

        def invalidate(self) -> None:
            return None

    with compat.SmartEMAPIClient(real_backend.url, keycloak_client=Keycloak()) as legacy:
        through_compat = legacy.get_grid_current_quality_predictions(model, square.grid_uuid)
    assert [(p.id, p.value) for p in through_compat] == [(int(current_id), 0.75)]
