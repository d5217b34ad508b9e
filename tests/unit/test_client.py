"""SmartEMAPIClient against the stateful fake backend (and tiny local servers for failures).

Every public method is called over real HTTP; the fake's stored rows, request log and
fault hooks show what each call did. Error tests use real error answers, never mocks.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any, cast

import attrs
import httpx
import httpx_retries.retry
import pytest

from smartem_api.models import (
    AcquisitionResponse,
    AcquisitionStatus,
    AgentInstructionAcknowledgement,
    AgentInstructionAcknowledgementResponse,
    AgentInstructionAcknowledgementStatus,
    AtlasResponse,
    AtlasTileGridSquarePositionResponse,
    AtlasTileResponse,
    FoilHoleResponse,
    GridResponse,
    GridSquareResponse,
    GridSquareStatus,
    MicrographResponse,
)
from smartem_ext import (
    AcquisitionData,
    AsyncSmartEMAPIClient,
    AuthError,
    BearerToken,
    Conflict,
    ConversionError,
    FoilHoleData,
    GridData,
    GridSquareData,
    IdCache,
    InvalidResponse,
    KeycloakAuth,
    NotFound,
    PartialFailure,
    RetryPolicy,
    ServerError,
    SmartEMAPIClient,
    SmartEMError,
    TransportError,
    ValidationFailed,
)
from smartem_ext.errors import may_have_landed
from smartem_ext.testing import FakeSmartEMBackend, RequestRecord
from tests.faults.gate import Gate, connects_time_out
from tests.support import epu_data as epu
from tests.support.stub_servers import canned_server, closed_port, silent_server
from tests.support.token_issuer import TokenIssuer

WAIT = 10.0  # bound on any single wait in these tests
AGENT = "epu-agent-m06"
NO_BACKOFF = RetryPolicy(backoff_factor=0.0)  # retries at once unless Retry-After says otherwise


# ---- fixtures and helpers ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def backend() -> Iterator[FakeSmartEMBackend]:
    with FakeSmartEMBackend(ping_interval=None) as started:
        yield started


@pytest.fixture
def client(backend: FakeSmartEMBackend) -> Iterator[SmartEMAPIClient]:
    with SmartEMAPIClient(backend.url, timeout=WAIT, retry=NO_BACKOFF) as api:
        yield api


def rows(backend: FakeSmartEMBackend, kind: str, **match: Any) -> list[dict[str, Any]]:
    """The fake's stored rows of ``kind`` whose columns equal ``match``."""
    return [
        row
        for row in backend.entities(kind)
        if all(row.get(name) == value for name, value in match.items())
    ]


def stored(backend: FakeSmartEMBackend, kind: str, uuid: str) -> dict[str, Any]:
    [row] = rows(backend, kind, uuid=uuid)
    return row


@contextlib.contextmanager
def requests_made(backend: FakeSmartEMBackend) -> Iterator[list[RequestRecord]]:
    """Collects the requests the fake answers inside the block (filled in on exit)."""
    before = len(backend.request_log)
    made: list[RequestRecord] = []
    yield made
    made.extend(backend.request_log[before:])


def register_grid(client: SmartEMAPIClient) -> tuple[AcquisitionData, GridData]:
    session = epu.acquisition()
    client.create_acquisition(session)
    grid = epu.grid(session)
    client.create_acquisition_grid(grid)
    return session, grid


def register_square(client: SmartEMAPIClient, gridsquare_id: str = "12") -> GridSquareData:
    _, grid = register_grid(client)
    square = epu.gridsquare(grid.uuid, gridsquare_id)
    client.create_grid_gridsquare(square)
    return square


def register_hole(client: SmartEMAPIClient) -> FoilHoleData:
    square = register_square(client)
    hole = epu.foilhole(square.uuid, square.gridsquare_id, "1847020")
    client.create_gridsquare_foilholes(square.uuid, [hole])
    return hole


def _events(lines: Iterator[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    name, data = "", ""
    for line in lines:
        if line.startswith(":"):
            continue
        if not line:
            if name:
                yield name, json.loads(data)
            name, data = "", ""
        elif line.startswith("event: "):
            name = line.removeprefix("event: ")
        elif line.startswith("data: "):
            data += line.removeprefix("data: ")


@contextlib.contextmanager
def instruction_stream(
    backend: FakeSmartEMBackend, session_id: str
) -> Iterator[Iterator[tuple[str, dict[str, Any]]]]:
    """An open instruction stream of the session, read as (event, data) pairs."""
    path = f"/agent/{AGENT}/session/{session_id}/instructions/stream"
    with (
        httpx.Client(base_url=backend.url, timeout=WAIT) as http,
        http.stream("GET", path) as response,
    ):
        assert response.status_code == 200
        yield _events(response.iter_lines())


# ---- every method changes or reads state as expected ------------------------------------------


def test_acquisition_create_read_list_update_delete(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend
) -> None:
    session = epu.acquisition()

    created = client.create_acquisition(session)

    assert isinstance(created, AcquisitionResponse)
    assert (created.uuid, created.name, created.status) == (
        session.uuid,
        "bi23047-106",
        AcquisitionStatus.STARTED,
    )
    # Sent as the backend stores times: the UTC instant without offset.
    assert created.start_time == epu.SESSION_START.replace(tzinfo=None)
    assert created.instrument_model == "TITAN KRIOS G4"
    assert stored(backend, "acquisition", session.uuid)["storage_path"] == session.storage_path
    assert client.id_cache.acquisition(str(session.id)) == session.uuid

    assert client.get_acquisition(session.uuid) == created
    listed = client.get_acquisitions()
    assert all(isinstance(item, AcquisitionResponse) for item in listed)
    assert session.uuid in {item.uuid for item in listed}

    updated = client.update_acquisition(attrs.evolve(session, name="bi23047-106 screening"))
    assert isinstance(updated, AcquisitionResponse)
    assert updated.name == "bi23047-106 screening"
    assert stored(backend, "acquisition", session.uuid)["name"] == "bi23047-106 screening"

    client.delete_acquisition(session.uuid)
    assert rows(backend, "acquisition", uuid=session.uuid) == []
    with pytest.raises(NotFound):
        client.get_acquisition(session.uuid)


def test_grid_create_read_list_update_register_delete(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend
) -> None:
    session = epu.acquisition()
    client.create_acquisition(session)
    grid = epu.grid(session)

    created = client.create_acquisition_grid(grid)

    assert isinstance(created, GridResponse)
    assert (created.uuid, created.acquisition_uuid, created.name, created.data_dir) == (
        grid.uuid,
        session.uuid,
        session.name,
        str(grid.data_dir),
    )
    assert client.id_cache.grid(grid.data_dir) == grid.uuid
    assert client.get_acquisition_grids(session.uuid) == [created]
    assert grid.uuid in {item.uuid for item in client.get_grids()}
    assert client.get_grid(grid.uuid) == created

    moved = attrs.evolve(grid, atlas_dir=epu.VISIT / "atlas" / "moved")
    updated = client.update_grid(moved)
    assert isinstance(updated, GridResponse)
    assert updated.atlas_dir == str(epu.VISIT / "atlas" / "moved")
    assert stored(backend, "grid", grid.uuid)["atlas_dir"] == updated.atlas_dir

    assert client.grid_registered(grid.uuid) is True

    client.delete_grid(grid.uuid)
    assert rows(backend, "grid", uuid=grid.uuid) == []
    with pytest.raises(NotFound):
        client.get_grid(grid.uuid)


def test_grid_with_lowmag_is_refused_before_anything_is_sent(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend
) -> None:
    session = epu.acquisition()
    with requests_made(backend) as made, pytest.raises(ConversionError, match="lowmag"):
        client.create_acquisition_grid(epu.grid(session), lowmag=True)
    assert made == []


def test_atlas_and_tiles_create_read_update_delete(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend
) -> None:
    _, grid = register_grid(client)
    atlas = epu.atlas(grid.uuid, tiles=2)

    created = client.create_grid_atlas(atlas)

    assert isinstance(created, AtlasResponse)
    assert (created.uuid, created.grid_uuid, created.atlas_id) == (atlas.uuid, grid.uuid, atlas.id)
    assert client.id_cache.atlas(grid.uuid) == atlas.uuid
    assert client.id_cache.atlas_tile(atlas.uuid, "Tile_0") == atlas.tiles[0].uuid
    assert client.id_cache.atlas_tile(atlas.uuid, "Tile_1") == atlas.tiles[1].uuid
    assert client.get_atlas(atlas.uuid).uuid == atlas.uuid
    assert client.get_grid_atlas(grid.uuid).uuid == atlas.uuid

    described = client.update_atlas(attrs.evolve(atlas, description="re-collected"))
    assert isinstance(described, AtlasResponse)
    assert described.description == "re-collected"
    assert stored(backend, "atlas", atlas.uuid)["description"] == "re-collected"

    tiles = client.get_atlas_tiles_by_atlas(atlas.uuid)
    assert all(isinstance(tile, AtlasTileResponse) for tile in tiles)
    assert [tile.uuid for tile in tiles] == [tile.uuid for tile in atlas.tiles]

    extra = epu.atlas_tile(7, atlas_uuid=atlas.uuid)
    made = client.create_atlas_tile_for_atlas(extra)
    assert isinstance(made, AtlasTileResponse)
    assert (made.uuid, made.tile_id, made.position_x, made.size_x) == (
        extra.uuid,
        "Tile_7",
        8010,
        4005,
    )
    assert client.id_cache.atlas_tile(atlas.uuid, "Tile_7") == extra.uuid
    assert client.get_atlas_tile(extra.uuid) == made

    retyped = client.update_atlas_tile(attrs.evolve(extra, file_format="tiff"))
    assert isinstance(retyped, AtlasTileResponse)
    assert retyped.file_format == "tiff"
    assert stored(backend, "atlas_tile", extra.uuid)["file_format"] == "tiff"

    client.delete_atlas_tile(extra.uuid)
    with pytest.raises(NotFound):
        client.get_atlas_tile(extra.uuid)
    client.delete_atlas(atlas.uuid)
    assert rows(backend, "atlas", uuid=atlas.uuid) == []
    assert rows(backend, "atlas_tile", atlas_uuid=atlas.uuid) == []


def test_gridsquare_create_read_update_register_delete(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend
) -> None:
    _, grid = register_grid(client)
    square = epu.gridsquare(grid.uuid, "12")

    created = client.create_grid_gridsquare(square)

    assert isinstance(created, GridSquareResponse)
    assert (created.uuid, created.gridsquare_id, created.grid_uuid, created.status) == (
        square.uuid,
        "12",
        grid.uuid,
        GridSquareStatus.NONE,
    )
    assert (created.atlas_node_id, created.selected, created.detector_name) == (12, True, "EF-CCD")
    assert client.id_cache.gridsquare(grid.uuid, "12") == square.uuid
    assert client.get_grid_gridsquares(grid.uuid) == [created]
    assert client.get_gridsquare(square.uuid) == created

    updated = client.update_gridsquare(attrs.evolve(square, center_x=1500))
    assert isinstance(updated, GridSquareResponse)
    assert updated.center_x == 1500
    assert stored(backend, "gridsquare", square.uuid)["center_x"] == 1500

    assert client.gridsquare_registered(square.uuid, count=3) is True
    assert stored(backend, "gridsquare", square.uuid)["status"] == "all foil holes registered"

    client.delete_gridsquare(square.uuid)
    with pytest.raises(NotFound):
        client.get_gridsquare(square.uuid)


def test_foilhole_create_list_read_update_delete(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend
) -> None:
    square = register_square(client)
    holes = [
        epu.foilhole(square.uuid, "12", str(1847020 + n), near_grid_bar=n == 2) for n in range(4)
    ]

    created = client.create_gridsquare_foilholes(square.uuid, holes)

    on_square = [hole for hole in holes if not hole.is_near_grid_bar]
    assert all(isinstance(hole, FoilHoleResponse) for hole in created)
    assert [hole.uuid for hole in created] == [hole.uuid for hole in on_square]
    assert [hole.foilhole_id for hole in created] == ["1847020", "1847021", "1847023"]
    for hole in on_square:
        assert client.id_cache.foilhole(square.uuid, hole.id) == hole.uuid
    assert client.id_cache.foilhole(square.uuid, holes[2].id) is None

    [bar] = client.create_gridsquare_foilholes(square.uuid, [holes[2]], allow_on_grid_bar=True)
    assert (bar.uuid, bar.is_near_grid_bar) == (holes[2].uuid, True)
    assert len(rows(backend, "foilhole", gridsquare_uuid=square.uuid)) == 4

    listed = client.get_gridsquare_foilholes(square.uuid)
    assert [hole.uuid for hole in listed] == [*(h.uuid for h in on_square), holes[2].uuid]
    only_on_square = client.get_gridsquare_foilholes(square.uuid, on_square_only=True)
    assert [hole.uuid for hole in only_on_square] == [hole.uuid for hole in on_square]
    assert client.get_foilhole(holes[0].uuid) == created[0]

    updated = client.update_foilhole(attrs.evolve(holes[0], quality=0.21))
    assert isinstance(updated, FoilHoleResponse)
    assert updated.quality == 0.21
    assert stored(backend, "foilhole", holes[0].uuid)["quality"] == 0.21

    client.delete_foilhole(holes[0].uuid)
    with pytest.raises(NotFound):
        client.get_foilhole(holes[0].uuid)


def test_create_foilholes_answers_per_square_in_input_order(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend
) -> None:
    _, grid = register_grid(client)
    squares = [epu.gridsquare(grid.uuid, str(n)) for n in (31, 32)]
    client.create_grid_gridsquares(grid.uuid, squares)
    holes = {
        square.uuid: [
            epu.foilhole(square.uuid, square.gridsquare_id, f"{square.gridsquare_id}0{n}")
            for n in range(3)
        ]
        for square in squares
    }

    created = client.create_foilholes(holes)

    assert list(created) == [square.uuid for square in squares]
    for square in squares:
        assert [hole.uuid for hole in created[square.uuid]] == [h.uuid for h in holes[square.uuid]]
        assert len(rows(backend, "foilhole", gridsquare_uuid=square.uuid)) == 3
        assert client.id_cache.foilhole(square.uuid, f"{square.gridsquare_id}01") == (
            holes[square.uuid][1].uuid
        )


def test_micrograph_create_list_read_update_delete(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend
) -> None:
    hole = register_hole(client)
    shots = [epu.micrograph(hole.uuid, "12", hole.id, number) for number in range(3)]

    first = client.create_foilhole_micrograph(shots[0])

    assert isinstance(first, MicrographResponse)
    assert (first.uuid, first.foilhole_uuid, first.location_id, first.high_res_path) == (
        shots[0].uuid,
        hole.uuid,
        "0",
        str(shots[0].high_res_path),
    )
    assert client.id_cache.micrograph(hole.uuid, shots[0].id) == shots[0].uuid

    rest = client.create_micrographs(shots[1:])
    assert all(isinstance(shot, MicrographResponse) for shot in rest)
    assert [shot.uuid for shot in rest] == [shot.uuid for shot in shots[1:]]
    assert client.id_cache.micrograph(hole.uuid, shots[2].id) == shots[2].uuid
    listed = client.get_foilhole_micrographs(hole.uuid)
    assert [shot.uuid for shot in listed] == [shot.uuid for shot in shots]
    assert client.get_micrograph(shots[0].uuid) == first

    updated = client.update_micrograph(attrs.evolve(shots[0], location_id="9"))
    assert isinstance(updated, MicrographResponse)
    assert updated.location_id == "9"
    assert stored(backend, "micrograph", shots[0].uuid)["location_id"] == "9"

    client.delete_micrograph(shots[0].uuid)
    with pytest.raises(NotFound):
        client.get_micrograph(shots[0].uuid)


def test_tile_links_single_and_many(client: SmartEMAPIClient, backend: FakeSmartEMBackend) -> None:
    _, grid = register_grid(client)
    atlas = epu.atlas(grid.uuid, tiles=2)
    client.create_grid_atlas(atlas)
    squares = [epu.gridsquare(grid.uuid, str(n)) for n in (41, 42, 43)]
    client.create_grid_gridsquares(grid.uuid, squares)
    tile_a, tile_b = (tile.uuid for tile in atlas.tiles)

    single = client.link_atlas_tile_and_gridsquare(epu.placement(tile_a, squares[0].uuid, 0))

    assert isinstance(single, AtlasTileGridSquarePositionResponse)
    assert (single.atlastile_uuid, single.gridsquare_uuid, single.center_x) == (
        tile_a,
        squares[0].uuid,
        100,
    )
    positions = [
        epu.placement(tile_b, squares[1].uuid, 1),
        epu.placement(tile_a, squares[2].uuid, 2),
    ]
    linked = client.link_atlas_tile_and_gridsquares(positions)
    assert [(link.atlastile_uuid, link.gridsquare_uuid) for link in linked] == [
        (tile_b, squares[1].uuid),
        (tile_a, squares[2].uuid),
    ]
    stored_links = {
        (row["atlastile_uuid"], row["gridsquare_uuid"]) for row in backend.entities("tile_link")
    }
    assert {(tile_a, squares[0].uuid), (tile_b, squares[1].uuid), (tile_a, squares[2].uuid)} <= (
        stored_links
    )


def test_health_and_status_answer_the_backends_json(client: SmartEMAPIClient) -> None:
    health = client.get_health()
    assert health["status"] == "ok"
    assert "database" in health["services"]
    assert client.get_status()["service"] == "SmartEM Decisions API"


def test_heartbeat_and_acknowledgement_reach_the_agents_session(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend
) -> None:
    session = backend.create_session(AGENT)
    instruction = backend.queue_instruction(session, "microscope.pause", {"reason": "ice"})
    with instruction_stream(backend, session) as events:
        name, connected = next(events)
        assert name == "connection"
        name, sent = next(events)
        assert (name, sent["instruction_id"]) == ("instruction", instruction)

        beat = client.send_heartbeat(AGENT, session)
        assert (beat["status"], beat["session_id"]) == ("success", session)
        assert beat["connection_id"] == connected["connection_id"]

        answer = client.acknowledge_instruction(
            AGENT,
            session,
            instruction,
            AgentInstructionAcknowledgement(
                status=AgentInstructionAcknowledgementStatus.PROCESSED,
                result="paused",
                processing_time_ms=12,
            ),
        )

    assert isinstance(answer, AgentInstructionAcknowledgementResponse)
    assert (answer.instruction_id, answer.session_id, answer.agent_id) == (
        instruction,
        session,
        AGENT,
    )
    [ack] = backend.acks(session)
    assert (ack["instruction_id"], ack["status"], ack["result"]) == (
        instruction,
        "processed",
        "paused",
    )
    assert backend.instructions(session)[0]["status"] == "acknowledged"


def test_id_cache_scopes_natural_ids_by_parent(client: SmartEMAPIClient) -> None:
    trees = []
    for _ in range(2):
        _, grid = register_grid(client)
        square = epu.gridsquare(grid.uuid, "12")
        client.create_grid_gridsquare(square)
        hole = epu.foilhole(square.uuid, "12", "1847020")
        client.create_gridsquare_foilholes(square.uuid, [hole])
        shot = epu.micrograph(hole.uuid, "12", hole.id, 1)
        client.create_foilhole_micrograph(shot)
        trees.append((grid, square, hole, shot))

    (grid_a, square_a, hole_a, shot_a), (grid_b, square_b, hole_b, shot_b) = trees
    assert shot_a.id == shot_b.id  # the same EPU ids under different parents
    cache = client.id_cache
    assert cache.gridsquare(grid_a.uuid, "12") == square_a.uuid
    assert cache.gridsquare(grid_b.uuid, "12") == square_b.uuid
    assert cache.foilhole(square_a.uuid, "1847020") == hole_a.uuid
    assert cache.foilhole(square_b.uuid, "1847020") == hole_b.uuid
    assert cache.micrograph(hole_a.uuid, shot_a.id) == shot_a.uuid
    assert cache.micrograph(hole_b.uuid, shot_b.id) == shot_b.uuid
    assert cache.count("gridsquare") == cache.count("foilhole") == cache.count("micrograph") == 2


def test_context_manager_closes_the_pool(backend: FakeSmartEMBackend) -> None:
    with SmartEMAPIClient(backend.url, timeout=WAIT) as api:
        assert api.get_health()["status"] == "ok"
    with pytest.raises(RuntimeError, match="closed"):
        api.get_health()


def test_a_borrowed_httpx_client_is_left_open(backend: FakeSmartEMBackend) -> None:
    with httpx.Client(base_url=backend.url, timeout=WAIT) as http:
        with SmartEMAPIClient(backend.url, httpx_client=http) as api:
            assert api.get_health()["status"] == "ok"
        assert not http.is_closed
        assert http.get("/health").status_code == 200


def test_repr_shows_no_secret() -> None:
    secret, token = "s3cr3t-client-secret", "eyJ.secret-token.sig"
    keycloak = KeycloakAuth("http://127.0.0.1:9", "smartem", "agent", secret)
    for auth in (keycloak, BearerToken(token)):
        api = SmartEMAPIClient("http://127.0.0.1:9/", auth=auth)
        try:
            shown = f"{api!r} {api} {api.stats!r} {auth!r}"
        finally:
            api.close()
        assert "http://127.0.0.1:9" in shown
        assert secret not in shown
        assert token not in shown


# ---- errors from real answers -----------------------------------------------------------------


def test_missing_entity_is_not_found_naming_method_path_status_and_detail(
    client: SmartEMAPIClient,
) -> None:
    missing = epu.new_uuid()
    with pytest.raises(NotFound) as raised:
        client.get_gridsquare(missing)
    error = raised.value
    assert (error.method, error.path, error.status_code) == ("GET", f"/gridsquares/{missing}", 404)
    assert error.detail == "Grid Square not found"
    assert str(error) == f"GET /gridsquares/{missing} -> 404: Grid Square not found"


def test_create_under_a_missing_parent_is_not_found_and_stores_nothing(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend
) -> None:
    never_registered = epu.acquisition()
    grid = epu.grid(never_registered)
    with pytest.raises(NotFound) as raised:
        client.create_acquisition_grid(grid)
    assert raised.value.path == f"/acquisitions/{never_registered.uuid}/grids"
    assert raised.value.detail == "Acquisition not found"
    assert rows(backend, "grid", uuid=grid.uuid) == []
    assert client.id_cache.grid(grid.data_dir) is None
    assert client.stats.recovered_creates == 0


def test_the_same_entity_created_twice_is_recognised_not_duplicated(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend
) -> None:
    square = register_square(client)
    again = client.create_grid_gridsquare(square)
    session = epu.acquisition()
    client.create_acquisition(session)
    client.create_acquisition(session)

    assert isinstance(again, GridSquareResponse)
    assert again.uuid == square.uuid
    assert len(rows(backend, "gridsquare", uuid=square.uuid)) == 1
    assert len(rows(backend, "acquisition", uuid=session.uuid)) == 1
    assert client.stats.recovered_creates == 2


def _another_identity_with_the_same_uuid(
    client: SmartEMAPIClient, kind: str
) -> tuple[Callable[[], object], type[SmartEMError], Callable[[IdCache], str | None]]:
    """Register one entity of ``kind``; return a create of another one under the same uuid,
    the error it must raise and a lookup of the other one's natural key in the cache."""
    if kind == "acquisition":
        session = epu.acquisition()
        client.create_acquisition(session)
        other = attrs.evolve(epu.acquisition(name="another session"), uuid=session.uuid)
        return (
            lambda: client.create_acquisition(other),
            ServerError,
            lambda cache: cache.acquisition(str(other.id)),
        )
    if kind == "grid":
        session, grid = register_grid(client)
        moved = attrs.evolve(epu.grid(session), uuid=grid.uuid)
        return (
            lambda: client.create_acquisition_grid(moved),
            ServerError,
            lambda cache: cache.grid(moved.data_dir),
        )
    if kind == "atlas_tile":
        _, grid = register_grid(client)
        atlas = epu.atlas(grid.uuid, tiles=1)
        client.create_grid_atlas(atlas)
        tile = attrs.evolve(epu.atlas_tile(9, atlas.uuid), uuid=atlas.tiles[0].uuid)
        return (
            lambda: client.create_atlas_tile_for_atlas(tile),
            ServerError,
            lambda cache: cache.atlas_tile(atlas.uuid, "Tile_9"),
        )
    square = register_square(client)
    assert square.grid_uuid is not None
    grid_uuid = square.grid_uuid
    if kind == "gridsquare":
        other_square = attrs.evolve(epu.gridsquare(grid_uuid, "13"), uuid=square.uuid)
        return (
            lambda: client.create_grid_gridsquare(other_square),
            ServerError,
            lambda cache: cache.gridsquare(grid_uuid, "13"),
        )
    if kind == "gridsquare batch":
        other_square = attrs.evolve(epu.gridsquare(grid_uuid, "13"), uuid=square.uuid)
        return (
            lambda: client.create_grid_gridsquares(grid_uuid, [other_square]),
            Conflict,
            lambda cache: cache.gridsquare(grid_uuid, "13"),
        )
    hole = epu.foilhole(square.uuid, "12", "1847020")
    client.create_gridsquare_foilholes(square.uuid, [hole])
    other_hole = attrs.evolve(epu.foilhole(square.uuid, "12", "1847099"), uuid=hole.uuid)
    return (
        lambda: client.create_gridsquare_foilholes(square.uuid, [other_hole]),
        ServerError,
        lambda cache: cache.foilhole(square.uuid, "1847099"),
    )


@pytest.mark.parametrize(
    "kind", ["acquisition", "grid", "atlas_tile", "gridsquare", "gridsquare batch", "foilhole"]
)
def test_same_uuid_with_another_identity_is_not_taken_for_success(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend, kind: str
) -> None:
    create, expected, cached = _another_identity_with_the_same_uuid(client, kind)
    before = {k: len(backend.entities(k)) for k in ("acquisition", "grid", "gridsquare")}

    with pytest.raises(SmartEMError) as raised:
        create()

    error = raised.value
    if isinstance(error, PartialFailure):  # the bulk calls report the chunk's error
        assert error.landed == []
        [error] = error.errors
    assert type(error) is expected
    assert client.stats.recovered_creates == 0
    assert cached(client.id_cache) is None
    assert {k: len(backend.entities(k)) for k in before} == before


def test_invalid_body_is_validation_failed_with_the_backends_errors(
    client: SmartEMAPIClient,
) -> None:
    session, instruction = epu.new_uuid(), epu.new_uuid()
    acknowledgement = AgentInstructionAcknowledgement(
        status=AgentInstructionAcknowledgementStatus.PROCESSED,
        processing_time_ms=cast(Any, "twelve"),
    )
    with pytest.raises(ValidationFailed) as raised:
        client.acknowledge_instruction(AGENT, session, instruction, acknowledgement)
    error = raised.value
    assert (error.method, error.status_code) == ("POST", 422)
    assert error.path == f"/agent/{AGENT}/session/{session}/instructions/{instruction}/ack"
    [problem] = error.errors
    assert (problem["type"], problem["loc"]) == ("int_parsing", ["body", "processing_time_ms"])
    assert "processing_time_ms" in str(error)


def test_missing_or_refused_token_is_auth_error() -> None:
    with FakeSmartEMBackend(
        require_auth=True, token_validator=lambda token: token == "good", ping_interval=None
    ) as guarded:
        with SmartEMAPIClient(guarded.url, timeout=WAIT) as anonymous:
            assert anonymous.get_health()["status"] == "ok"  # public
            with pytest.raises(AuthError) as raised:
                anonymous.get_acquisitions()
        assert (raised.value.status_code, raised.value.path) == (401, "/acquisitions")
        assert "Authorization" in str(raised.value.detail)
        with (
            SmartEMAPIClient(guarded.url, timeout=WAIT, auth=BearerToken("bad")) as refused,
            pytest.raises(AuthError, match="Invalid token"),
        ):
            refused.create_acquisition(epu.acquisition())
        assert guarded.entities("acquisition") == []
        with SmartEMAPIClient(guarded.url, timeout=WAIT, auth=BearerToken("good")) as allowed:
            assert allowed.get_acquisitions() == []


def test_server_error_after_exhausted_retries_is_server_error(
    backend: FakeSmartEMBackend,
) -> None:
    missing = epu.new_uuid()
    backend.fail_next(3, 503, path_prefix=f"/acquisitions/{missing}")
    policy = RetryPolicy(attempts=2, backoff_factor=0.0)
    with (
        SmartEMAPIClient(backend.url, timeout=WAIT, retry=policy) as api,
        requests_made(backend) as made,
        pytest.raises(ServerError) as raised,
    ):
        api.get_acquisition(missing)
    assert (raised.value.status_code, raised.value.detail) == (503, "Service Unavailable")
    assert api.stats.retries == 2
    assert [record.status for record in made] == [503, 503, 503]


def test_refused_connection_is_transport_error_after_retries() -> None:
    url = closed_port()
    policy = RetryPolicy(attempts=2, backoff_factor=0.0)
    with SmartEMAPIClient(url, timeout=WAIT, retry=policy) as api:
        with pytest.raises(TransportError) as raised:
            api.get_acquisitions()
        assert (raised.value.method, raised.value.path) == ("GET", "/acquisitions")
        assert "ConnectError" in str(raised.value)
        assert api.stats.retries == 2


@contextlib.contextmanager
def answers_once_then_refuses(status: int) -> Iterator[tuple[str, list[str]]]:
    """A port that answers its first request with ``status``, then refuses connections.

    Yields the base URL and the methods of the requests it read.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    methods: list[str] = []

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            data = b""
            while b"\r\n\r\n" not in data and (chunk := connection.recv(65536)):
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = next(
                (
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ),
                0,
            )
            while len(body) < length and (chunk := connection.recv(65536)):
                body += chunk
            methods.append(head.split(b" ", 1)[0].decode())
            listener.close()  # before answering: the retry finds the port refusing
            connection.sendall(
                f"HTTP/1.1 {status} Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode()
            )

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", methods
    finally:
        listener.close()
        thread.join(WAIT)


def test_a_create_that_never_reached_the_backend_is_not_read_back() -> None:
    policy = RetryPolicy(attempts=2, backoff_factor=0.0)
    with SmartEMAPIClient(closed_port(), timeout=WAIT, retry=policy) as api:
        with pytest.raises(TransportError) as raised:
            api.create_acquisition(epu.acquisition())
        # The create and its two retries, each refused; no read of the acquisition.
        assert (api.stats.requests, api.stats.retries) == (1, 2)
        assert api.stats.recovered_creates == 0
    error = raised.value
    assert (error.method, error.path, error.reached) == ("POST", "/acquisitions", False)
    assert "ConnectError" in str(error) and "never reached the backend" in str(error)
    assert not may_have_landed(error)


def test_a_create_whose_connects_timed_out_is_not_read_back() -> None:
    policy = RetryPolicy(attempts=1, backoff_factor=0.0)
    with connects_time_out() as url, SmartEMAPIClient(url, timeout=0.2, retry=policy) as api:
        with pytest.raises(TransportError, match="ConnectTimeout") as raised:
            api.create_acquisition(epu.acquisition())
        assert (api.stats.requests, api.stats.retries) == (1, 1)
    assert raised.value.reached is False


def test_a_create_answered_once_is_read_back_though_its_retry_was_refused() -> None:
    policy = RetryPolicy(attempts=1, backoff_factor=0.0)
    with (
        answers_once_then_refuses(503) as (url, methods),
        SmartEMAPIClient(url, timeout=WAIT, retry=policy) as api,
    ):
        with pytest.raises(TransportError) as raised:
            api.create_acquisition(epu.acquisition())
        # The 503 came from a backend that had the request: the create is read back.
        assert api.stats.requests == 2
    assert methods == ["POST"]
    assert (raised.value.method, raised.value.reached) == ("POST", True)
    assert "never reached" not in str(raised.value)


def test_a_create_answered_with_an_unusable_success_is_read_back() -> None:
    with (
        answers_once_then_refuses(200) as (url, methods),
        SmartEMAPIClient(url, timeout=WAIT, retry=None) as api,
    ):
        with pytest.raises(InvalidResponse):  # a 200 without a body: sent, answer unusable
            api.create_acquisition(epu.acquisition())
        assert api.stats.requests == 2  # the create, then the read of what it may have stored
    assert methods == ["POST"]


def test_writes_to_a_backend_that_is_down_fail_at_once_and_are_sent_whole_when_it_is_back(
    backend: FakeSmartEMBackend,
) -> None:
    with SmartEMAPIClient(backend.url, timeout=WAIT) as direct:
        square = register_square(direct)
    holes = [epu.foilhole(square.uuid, square.gridsquare_id, str(1847020 + n)) for n in range(3)]
    session = epu.acquisition()
    policy = RetryPolicy(attempts=1, backoff_factor=0.0)
    with Gate(backend.url) as gate, SmartEMAPIClient(gate.url, WAIT, retry=policy) as api:
        with pytest.raises(PartialFailure) as down:
            api.create_gridsquare_foilholes(square.uuid, holes)
        with pytest.raises(TransportError) as single:
            api.create_acquisition(session)
        assert api.stats.requests == 2  # the two creates; nothing read back
        gate.open()
        with requests_made(backend) as made:
            created = api.create_gridsquare_foilholes(square.uuid, holes)
            api.create_acquisition(session)
    # Never sent, so surely not stored: failed, not unknown, and not read first on the repeat.
    failure = down.value
    uuids = [hole.uuid for hole in holes]
    assert (failure.landed, failure.failed, failure.unknown) == ([], uuids, [])
    assert str(failure).startswith("create_gridsquare_foilholes: none of 3 landed, 3 failed; ")
    assert "never reached the backend" in str(failure)
    assert single.value.reached is False
    assert [(r.method, r.status) for r in made] == [("POST", 201), ("POST", 201)]
    assert [hole.uuid for hole in created] == uuids
    assert len(rows(backend, "foilhole", gridsquare_uuid=square.uuid)) == 3
    assert len(rows(backend, "acquisition", uuid=session.uuid)) == 1


def test_read_timeout_is_transport_error_and_records_nothing() -> None:
    session = epu.acquisition()
    with silent_server() as url, SmartEMAPIClient(url, timeout=0.3, retry=None) as api:
        with pytest.raises(TransportError, match="ReadTimeout"):
            api.get_acquisitions()
        # The lookup after the lost create times out too; the create's own error surfaces.
        with pytest.raises(TransportError) as raised:
            api.create_acquisition(session)
        assert (raised.value.method, raised.value.path) == ("POST", "/acquisitions")
        assert raised.value.reached
        assert api.stats.requests == 3  # the list, the create and the read of what it stored
        assert len(api.id_cache) == 0
        assert api.stats.recovered_creates == 0


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"name": "bi23047-106", "status": "started"}', "application/json"),
        (b"created", "text/plain"),
        (b"<html><body><h1>201 Created</h1></body></html>", "text/html"),
        (b"[]", "application/json"),
    ],
    ids=["missing required fields", "not JSON", "HTML", "list instead of object"],
)
def test_malformed_success_body_is_invalid_response(body: bytes, content_type: str) -> None:
    with (
        canned_server(201, body, content_type) as url,
        SmartEMAPIClient(url, timeout=WAIT, retry=None) as api,
        pytest.raises(InvalidResponse) as raised,
    ):
        api.create_acquisition(epu.acquisition())
    assert (raised.value.method, raised.value.path) == ("POST", "/acquisitions")
    assert "unexpected response" in str(raised.value)
    assert len(api.id_cache) == 0


def test_success_body_of_the_wrong_shape_is_invalid_response() -> None:
    html = b"<!doctype html><title>SmartEM</title>"
    with canned_server(200, html, "text/html") as url, SmartEMAPIClient(url, retry=None) as api:
        with pytest.raises(InvalidResponse, match="GET /health"):
            api.get_health()
        with pytest.raises(InvalidResponse, match="GET /grids"):
            api.get_grids()
    with (
        canned_server(200, b'{"uuid": "x"}') as url,
        SmartEMAPIClient(url, retry=None) as api,
        pytest.raises(InvalidResponse, match="GET /grids -> 200: unexpected response"),
    ):
        api.get_grids()


@pytest.mark.parametrize("base", ["/smartem", "/smartem/"])
def test_a_base_url_with_a_path_prefixes_every_request(base: str) -> None:
    # A backend behind a proxy at /smartem: each path joins the base's, its ids quoted.
    seen: list[str] = []
    natural = "épu 1%"
    with canned_server(404, b'{"detail": "Not Found"}', seen=seen) as url:
        with SmartEMAPIClient(url + base, retry=None) as api:
            with pytest.raises(NotFound):
                api.get_acquisition(natural)
            with pytest.raises(NotFound):
                api.with_options(timeout=WAIT).create_acquisition(epu.acquisition())

        async def asynchronous() -> None:
            async with AsyncSmartEMAPIClient(url + base, retry=None) as api:
                with pytest.raises(NotFound):
                    await api.get_acquisition(natural)

        asyncio.run(asynchronous())
    quoted = urllib.parse.quote(natural, safe="")
    get = f"GET /smartem/acquisitions/{quoted}"
    assert seen == [get, "POST /smartem/acquisitions", get]


# ---- retries ----------------------------------------------------------------------------------


def test_503_with_retry_after_is_retried_until_the_create_lands(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = epu.acquisition()
    backend.fail_next(2, 503, retry_after=7, path_prefix="/acquisitions")
    # Record the waits the retry transport asks for instead of sleeping through them.
    waits: list[float] = []
    monkeypatch.setattr(httpx_retries.retry, "time", SimpleNamespace(sleep=waits.append))
    with requests_made(backend) as made:
        created = client.create_acquisition(session)

    assert created.uuid == session.uuid
    assert client.stats.retries == 2
    assert [(r.method, r.path, r.status) for r in made] == [
        ("POST", "/acquisitions", 503),
        ("POST", "/acquisitions", 503),
        ("POST", "/acquisitions", 201),
    ]
    assert len(rows(backend, "acquisition", uuid=session.uuid)) == 1
    # The policy has no backoff of its own: each wait is the server's Retry-After.
    assert waits == [7.0, 7.0]


@pytest.mark.parametrize(("status", "retried"), [(429, 1), (502, 1), (503, 1), (504, 1), (500, 0)])
def test_only_transient_statuses_are_retried(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend, status: int, retried: int
) -> None:
    session = epu.acquisition()
    client.create_acquisition(session)
    backend.fail_next(1, status, path_prefix=f"/acquisitions/{session.uuid}")
    if retried:
        assert client.get_acquisition(session.uuid).uuid == session.uuid
    else:
        with pytest.raises(ServerError):
            client.get_acquisition(session.uuid)
    assert client.stats.retries == retried


def test_without_retries_a_503_surfaces_at_once(backend: FakeSmartEMBackend) -> None:
    session = epu.acquisition()
    with SmartEMAPIClient(backend.url, timeout=WAIT, retry=None) as api:
        api.create_acquisition(session)
        backend.fail_next(1, 503, retry_after=1, path_prefix=f"/acquisitions/{session.uuid}")
        with requests_made(backend) as made, pytest.raises(ServerError) as raised:
            api.get_acquisition(session.uuid)
        assert raised.value.status_code == 503
        assert api.stats.retries == 0
        assert made == [RequestRecord("GET", f"/acquisitions/{session.uuid}", 503)]
        assert api.get_acquisition(session.uuid).uuid == session.uuid


# ---- idempotent creates -----------------------------------------------------------------------


def _create_with_lost_answer(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend, kind: str
) -> tuple[object, str, str | None]:
    """Create one ``kind`` whose 201 is cut off; returns (answer, uuid, uuid in the cache)."""
    cache = client.id_cache
    if kind == "acquisition":
        session = epu.acquisition()
        backend.drop_after_commit(1, "/acquisitions")
        return client.create_acquisition(session), session.uuid, cache.acquisition(str(session.id))
    session = epu.acquisition()
    client.create_acquisition(session)
    if kind == "grid":
        grid = epu.grid(session)
        backend.drop_after_commit(1, f"/acquisitions/{session.uuid}/grids")
        return client.create_acquisition_grid(grid), grid.uuid, cache.grid(grid.data_dir)
    grid = epu.grid(session)
    client.create_acquisition_grid(grid)
    if kind == "atlas":
        atlas = epu.atlas(grid.uuid)
        backend.drop_after_commit(1, f"/grids/{grid.uuid}/atlas")
        return client.create_grid_atlas(atlas), atlas.uuid, cache.atlas(grid.uuid)
    if kind == "atlas_tile":
        atlas = epu.atlas(grid.uuid, tiles=0)
        client.create_grid_atlas(atlas)
        tile = epu.atlas_tile(3, atlas.uuid)
        backend.drop_after_commit(1, f"/atlases/{atlas.uuid}/tiles")
        made_tile = client.create_atlas_tile_for_atlas(tile)
        return made_tile, tile.uuid, cache.atlas_tile(atlas.uuid, "Tile_3")
    square = epu.gridsquare(grid.uuid, "12")
    if kind == "gridsquare":
        backend.drop_after_commit(1, f"/grids/{grid.uuid}/gridsquares")
        made_square = client.create_grid_gridsquare(square)
        return made_square, square.uuid, cache.gridsquare(grid.uuid, "12")
    client.create_grid_gridsquare(square)
    hole = epu.foilhole(square.uuid, "12", "1847020")
    client.create_gridsquare_foilholes(square.uuid, [hole])
    shot = epu.micrograph(hole.uuid, "12", hole.id, 1)
    backend.drop_after_commit(1, f"/foilholes/{hole.uuid}/micrographs")
    return client.create_foilhole_micrograph(shot), shot.uuid, cache.micrograph(hole.uuid, shot.id)


@pytest.mark.parametrize(
    ("kind", "model"),
    [
        ("acquisition", AcquisitionResponse),
        ("grid", GridResponse),
        ("atlas", AtlasResponse),
        ("atlas_tile", AtlasTileResponse),
        ("gridsquare", GridSquareResponse),
        ("micrograph", MicrographResponse),
    ],
)
def test_create_whose_answer_was_lost_is_recovered(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend, kind: str, model: type
) -> None:
    answer, uuid, cached = _create_with_lost_answer(client, backend, kind)

    assert isinstance(answer, model)
    assert getattr(answer, "uuid") == uuid  # noqa: B009
    assert len(rows(backend, kind, uuid=uuid)) == 1
    assert client.stats.recovered_creates == 1
    assert cached == uuid


def test_foilhole_list_whose_answer_was_lost_is_recovered(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend
) -> None:
    square = register_square(client)
    holes = [epu.foilhole(square.uuid, "12", str(1847020 + n)) for n in range(6)]
    backend.drop_after_commit(1, f"/gridsquares/{square.uuid}/foilholes")

    created = client.create_gridsquare_foilholes(square.uuid, holes)

    assert [hole.uuid for hole in created] == [hole.uuid for hole in holes]
    stored_holes = rows(backend, "foilhole", gridsquare_uuid=square.uuid)
    assert sorted(row["uuid"] for row in stored_holes) == sorted(hole.uuid for hole in holes)
    assert client.stats.recovered_creates == 1
    for hole in holes:
        assert client.id_cache.foilhole(square.uuid, hole.id) == hole.uuid


def test_gridsquare_batch_whose_answer_was_lost_is_recovered(
    client: SmartEMAPIClient, backend: FakeSmartEMBackend
) -> None:
    _, grid = register_grid(client)
    squares = [epu.gridsquare(grid.uuid, str(n)) for n in range(100, 140)]
    backend.drop_after_commit(1, f"/grids/{grid.uuid}/gridsquares/batch")

    created = client.create_grid_gridsquares(grid.uuid, squares)

    assert [square.uuid for square in created] == [square.uuid for square in squares]
    assert len(rows(backend, "gridsquare", grid_uuid=grid.uuid)) == 40
    assert client.stats.recovered_creates == 1
    for square in squares:
        assert client.id_cache.gridsquare(grid.uuid, square.gridsquare_id) == square.uuid


# ---- logging never shows credentials ----------------------------------------------------------


def test_logs_errors_and_reprs_show_no_token_and_no_client_secret(
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = "agent-secret-8f2c1d"
    with TokenIssuer(clients={"epu-agent": secret}) as issuer:
        presented: list[str] = []

        def valid(token: str) -> bool:
            # Refuse the first token once, so that the refresh path runs and logs too.
            presented.append(token)
            if len(presented) == 1:
                return False
            try:
                issuer.decode(token)
            except Exception:
                return False
            return True

        auth = KeycloakAuth(issuer.url, "smartem", "epu-agent", secret, timeout=WAIT)
        messages: list[str] = []
        caplog.set_level(logging.DEBUG)
        with (
            FakeSmartEMBackend(
                require_auth=True, token_validator=valid, ping_interval=None
            ) as fake,
            SmartEMAPIClient(fake.url, timeout=WAIT, auth=auth, retry=NO_BACKOFF) as api,
        ):
            session = epu.acquisition()
            api.create_acquisition(session)
            assert api.get_acquisition(session.uuid).uuid == session.uuid
            fake.fail_next(1, 503, path_prefix="/acquisitions")
            api.get_acquisitions()
            failures: list[Exception] = []
            with pytest.raises(NotFound) as missing:
                api.get_grid(epu.new_uuid())
            failures.append(missing.value)
            wrong = KeycloakAuth(issuer.url, "smartem", "epu-agent", secret + "-old", timeout=WAIT)
            with (
                SmartEMAPIClient(fake.url, timeout=WAIT, auth=wrong, retry=None) as refused,
                pytest.raises(SmartEMError) as denied,
            ):
                refused.get_acquisitions()
            failures.append(denied.value)
            messages += [f"{error} {error!r} {error.args!r}" for error in failures]
            messages += [repr(api), repr(auth), repr(wrong), repr(api.stats)]

        tokens = [issued.access_token for issued in issuer.issued]
        assert len(tokens) >= 2  # the first token was refused and replaced
        assert any(r.name == "smartem_ext.client" for r in caplog.records)
        assert any("refreshing token" in r.getMessage() for r in caplog.records)
        logged = [caplog.text, *(r.getMessage() for r in caplog.records), *messages]
        for text in logged:
            assert secret not in text
            for token in tokens:
                assert token not in text
                assert token.split(".")[2] not in text  # not even the signature part


def test_a_read_back_replaces_the_connection_a_refused_create_left_dead_at_once() -> None:
    from smartem_ext.http import AnswerLimits, lookup_retry
    from smartem_ext.http import RetryPolicy as Policy

    slow = Policy(attempts=3, backoff_factor=30.0, max_backoff=60.0, total_timeout=None)
    first = lookup_retry(slow, None).increment()
    assert first.backoff_strategy() == 0.0  # the dead connection is replaced without a wait
    assert lookup_retry(None, None).total == 1
    # The backend drops the connection after a bare 500: the read-back after a create it
    # refused (a square under a grid it lacks) finds it dead and asks again on a new one.
    with FakeSmartEMBackend(mimic_defects=True) as backend:
        # A backoff wait would be cut at the 5 s deadline and the read never sent.
        limits = AnswerLimits(deadline=5.0)
        with SmartEMAPIClient(backend.url, 5.0, retry=slow, limits=limits) as client:
            square = epu.gridsquare(epu.new_uuid(), "1")
            with pytest.raises(SmartEMError) as raised:
                client.create_grid_gridsquare(square)
            reads = [r for r in backend.request_log if r.method == "GET"]
    assert "500" in str(raised.value) or isinstance(raised.value, NotFound)
    assert [r.path for r in reads] == [f"/gridsquares/{square.uuid}"]
