"""Smoke tests against the real SmartEM backend, through the generated client (smartem_api).

Checks that need raw HTTP (the token endpoint, the instruction stream, the database) are
in test_real_backend_http.py.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from smartem_api import AuthenticatedClient, Client
from smartem_api.api.acquisitions import (
    create_acquisition,
    create_acquisition_grid,
    get_acquisition,
    list_acquisition_grids,
    list_acquisitions,
)
from smartem_api.api.foilholes import create_foilhole_micrograph, get_foilhole
from smartem_api.api.foilholes import list_foilhole_micrographs as list_micrographs
from smartem_api.api.grids import create_grid_gridsquares_batch, get_grid, list_grid_gridsquares
from smartem_api.api.gridsquares import (
    create_gridsquare_foilholes,
    get_gridsquare,
    list_gridsquare_foilholes,
)
from smartem_api.api.micrographs import get_micrograph
from smartem_api.api.service import get_status
from smartem_api.models import (
    AcquisitionCreateRequest,
    AcquisitionResponse,
    AcquisitionStatus,
    FoilHoleCreateRequest,
    FoilHoleResponse,
    GridCreateRequest,
    GridResponse,
    GridSquareBatchCreateRequest,
    GridSquareBatchCreateResponse,
    GridSquareCreateRequest,
    GridSquareResponse,
    GridSquareStatus,
    GridStatus,
    HTTPValidationError,
    MicrographCreateRequest,
    MicrographResponse,
    MicrographStatus,
)
from smartem_api.types import Response
from tests.support.real_backend import RealBackend

pytestmark = pytest.mark.real_backend

TIMEOUT = httpx.Timeout(30.0)


def _as_sent(value: object) -> object:
    """A value read back, written as requests send it (times as naive ISO 8601 text)."""
    return value.isoformat() if isinstance(value, datetime.datetime) else value


def _uuid() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def api(real_backend: RealBackend) -> Iterator[AuthenticatedClient]:
    with AuthenticatedClient(
        base_url=real_backend.url, token=real_backend.token(), timeout=TIMEOUT
    ) as client:
        yield client


@pytest.fixture
def anonymous(real_backend: RealBackend) -> Iterator[Client]:
    with Client(base_url=real_backend.url, timeout=TIMEOUT) as client:
        yield client


def _on_own_connection(real_backend: RealBackend) -> AuthenticatedClient:
    """A client for a request the backend answers with an unhandled 500.

    The backend drops the connection after such an answer without saying so
    (no ``Connection: close``), so the next request on a pooled connection would fail.
    """
    return AuthenticatedClient(
        base_url=real_backend.url, token=real_backend.token(), timeout=TIMEOUT
    )


def _parsed(response: Response[Any], status: int) -> Any:
    assert response.status_code == status, response.content
    return response.parsed


def _detail(response: Response[Any]) -> Any:
    return json.loads(response.content)["detail"]


# ---------------------------------------------------------------------------- auth


def test_status_needs_no_token(anonymous: Client) -> None:
    response = get_status.sync_detailed(client=anonymous)
    assert response.status_code == 200
    assert json.loads(response.content)["status"] == "ok"


def test_protected_endpoint_without_token_is_401_bearer(anonymous: Client) -> None:
    response = list_acquisitions.sync_detailed(client=anonymous)
    assert response.status_code == 401
    assert response.parsed is None
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert isinstance(_detail(response), str)


def test_expired_and_forged_tokens_are_401(real_backend: RealBackend) -> None:
    for token in (
        real_backend.issuer.mint_expired(real_backend.client_id),
        real_backend.issuer.mint_with_foreign_key(real_backend.client_id),
        "not-a-jwt",
    ):
        with AuthenticatedClient(base_url=real_backend.url, token=token, timeout=TIMEOUT) as client:
            response = list_acquisitions.sync_detailed(client=client)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Bearer"


# ---------------------------------------------------------------------------- entities


def test_create_and_read_the_entity_hierarchy(api: AuthenticatedClient) -> None:
    acquisition = AcquisitionCreateRequest(
        uuid=_uuid(),
        name="smoke acquisition",
        status=AcquisitionStatus.STARTED,
        start_time="2025-01-02T03:04:05",
        storage_path="/data/epu/session",
        atlas_path="/data/epu/atlas",
        instrument_model="Krios",
        instrument_id="m01",
        computer_name="epu-pc",
    )
    created = _parsed(create_acquisition.sync_detailed(client=api, body=acquisition), 201)
    assert isinstance(created, AcquisitionResponse)
    assert created.uuid == acquisition.uuid

    read = _parsed(get_acquisition.sync_detailed(acquisition.uuid, client=api), 200)
    assert isinstance(read, AcquisitionResponse)
    for key in (
        "name",
        "status",
        "start_time",
        "storage_path",
        "atlas_path",
        "instrument_model",
        "instrument_id",
        "computer_name",
    ):
        assert _as_sent(getattr(read, key)) == getattr(acquisition, key), key

    grid = GridCreateRequest(
        uuid=_uuid(),
        name="Grid_1",
        acquisition_uuid=acquisition.uuid,
        data_dir="/data/epu/session/Images-Disc1",
        atlas_dir="/data/epu/atlas/Sample1",
        status=GridStatus.NONE,
    )
    created = _parsed(
        create_acquisition_grid.sync_detailed(acquisition.uuid, client=api, body=grid), 201
    )
    assert isinstance(created, GridResponse)
    read = _parsed(get_grid.sync_detailed(grid.uuid, client=api), 200)
    assert isinstance(read, GridResponse)
    for key in ("acquisition_uuid", "name", "data_dir", "atlas_dir", "status"):
        assert _as_sent(getattr(read, key)) == getattr(grid, key), key
    listed = _parsed(list_acquisition_grids.sync_detailed(acquisition.uuid, client=api), 200)
    assert [g.uuid for g in listed] == [grid.uuid]

    squares = [
        GridSquareCreateRequest(
            uuid=_uuid(),
            gridsquare_id=str(1000 + i),
            grid_uuid=grid.uuid,
            center_x=100 + i,
            center_y=200 + i,
            size_width=50,
            size_height=50,
            atlas_node_id=1000 + i,
            state="Completed",
            rotation=0.5,
            selected=True,
            unusable=False,
            stage_position_x=1.5,
            stage_position_y=-2.5,
            stage_position_z=0.1,
            magnification=2250.0,
            pixel_size=3.7e-9,
            detector_name="EF-CCD",
            acquisition_datetime="2025-01-02T04:00:00",
            status=GridSquareStatus.NONE,
            lowmag=False,
        )
        for i in range(3)
    ]
    batch = _parsed(
        create_grid_gridsquares_batch.sync_detailed(
            grid.uuid, client=api, body=GridSquareBatchCreateRequest(gridsquares=squares)
        ),
        201,
    )
    assert isinstance(batch, GridSquareBatchCreateResponse)
    assert [s.uuid for s in batch.gridsquares] == [s.uuid for s in squares]

    square = squares[0]
    read = _parsed(get_gridsquare.sync_detailed(square.uuid, client=api), 200)
    assert isinstance(read, GridSquareResponse)
    for key in (
        "gridsquare_id",
        "grid_uuid",
        "center_x",
        "center_y",
        "size_width",
        "size_height",
        "atlas_node_id",
        "state",
        "rotation",
        "selected",
        "unusable",
        "stage_position_x",
        "stage_position_y",
        "stage_position_z",
        "magnification",
        "pixel_size",
        "detector_name",
        "acquisition_datetime",
        "status",
    ):
        assert _as_sent(getattr(read, key)) == getattr(square, key), key
    listed = _parsed(list_grid_gridsquares.sync_detailed(grid.uuid, client=api), 200)
    assert {s.uuid for s in listed} == {s.uuid for s in squares}

    holes = [
        FoilHoleCreateRequest(
            uuid=_uuid(),
            foilhole_id=str(5000 + i),
            gridsquare_id=square.gridsquare_id,
            gridsquare_uuid=square.uuid,
            center_x=10.5 + i,
            center_y=20.5,
            quality=0.9,
            rotation=1.0,
            size_width=7.5,
            size_height=7.5,
            x_location=11 + i,
            y_location=22,
            x_stage_position=0.001,
            y_stage_position=0.002,
            diameter=42,
            is_near_grid_bar=i == 1,
        )
        for i in range(2)
    ]
    created = _parsed(
        create_gridsquare_foilholes.sync_detailed(square.uuid, client=api, body=holes), 201
    )
    assert [h.uuid for h in created] == [h.uuid for h in holes]

    hole = holes[0]
    read = _parsed(get_foilhole.sync_detailed(hole.uuid, client=api), 200)
    assert isinstance(read, FoilHoleResponse)
    for key in (
        "foilhole_id",
        "gridsquare_id",
        "center_x",
        "center_y",
        "quality",
        "rotation",
        "size_width",
        "size_height",
        "x_location",
        "y_location",
        "x_stage_position",
        "y_stage_position",
        "diameter",
        "is_near_grid_bar",
    ):
        assert _as_sent(getattr(read, key)) == getattr(hole, key), key
    listed = _parsed(list_gridsquare_foilholes.sync_detailed(square.uuid, client=api), 200)
    by_uuid = {h.uuid: h for h in listed}
    assert set(by_uuid) == {h.uuid for h in holes}
    assert by_uuid[holes[1].uuid].is_near_grid_bar is True
    on_square = _parsed(
        list_gridsquare_foilholes.sync_detailed(square.uuid, client=api, on_square_only=True),
        200,
    )
    assert [h.uuid for h in on_square] == [hole.uuid]

    micrograph = MicrographCreateRequest(
        uuid=_uuid(),
        foilhole_uuid=hole.uuid,
        foilhole_id=hole.foilhole_id,
        location_id="loc-1",
        high_res_path="/data/epu/session/Data/FoilHole_5000_Data_1.mrc",
        manifest_file="/data/epu/session/Data/FoilHole_5000_Data_1.xml",
        acquisition_datetime="2025-01-02T05:00:00",
        defocus=-1.5e-6,
        detector_name="Falcon",
        energy_filter=True,
        phase_plate=False,
        image_size_x=4096,
        image_size_y=4096,
        binning_x=1,
        binning_y=1,
        status=MicrographStatus.NONE,
    )
    created = _parsed(
        create_foilhole_micrograph.sync_detailed(hole.uuid, client=api, body=micrograph), 201
    )
    assert isinstance(created, MicrographResponse)
    read = _parsed(get_micrograph.sync_detailed(micrograph.uuid, client=api), 200)
    assert isinstance(read, MicrographResponse)
    for key in (
        "foilhole_uuid",
        "foilhole_id",
        "location_id",
        "high_res_path",
        "manifest_file",
        "acquisition_datetime",
        "defocus",
        "detector_name",
        "energy_filter",
        "phase_plate",
        "image_size_x",
        "image_size_y",
        "binning_x",
        "binning_y",
        "status",
    ):
        assert _as_sent(getattr(read, key)) == getattr(micrograph, key), key
    listed = _parsed(list_micrographs.sync_detailed(hole.uuid, client=api), 200)
    assert [m.uuid for m in listed] == [micrograph.uuid]


def test_duplicate_creates(api: AuthenticatedClient, real_backend: RealBackend) -> None:
    acquisition = AcquisitionCreateRequest(uuid=_uuid(), name="dup")
    assert create_acquisition.sync_detailed(client=api, body=acquisition).status_code == 201
    with _on_own_connection(real_backend) as client:
        duplicate = create_acquisition.sync_detailed(client=client, body=acquisition)
    # An unhandled integrity error: plain-text 500, nothing parsed.
    assert duplicate.status_code == 500
    assert duplicate.parsed is None
    assert duplicate.headers["content-type"].startswith("text/plain")
    # The first one is intact.
    read = _parsed(get_acquisition.sync_detailed(acquisition.uuid, client=api), 200)
    assert read.name == "dup"

    grid = GridCreateRequest(uuid=_uuid(), name="g", acquisition_uuid=acquisition.uuid)
    created = create_acquisition_grid.sync_detailed(acquisition.uuid, client=api, body=grid)
    assert created.status_code == 201
    squares = [
        GridSquareCreateRequest(uuid=_uuid(), gridsquare_id=str(i), grid_uuid=grid.uuid)
        for i in range(2)
    ]

    def batch(items: list[GridSquareCreateRequest]) -> Response[Any]:
        body = GridSquareBatchCreateRequest(gridsquares=items)
        return create_grid_gridsquares_batch.sync_detailed(grid.uuid, client=api, body=body)

    assert batch(squares).status_code == 201
    conflict = batch(squares)
    assert conflict.status_code == 409
    assert conflict.parsed is None
    assert isinstance(_detail(conflict), str)
    # A batch that is partly new is refused as a whole.
    partly_new = [
        squares[0],
        GridSquareCreateRequest(uuid=_uuid(), gridsquare_id="9", grid_uuid=grid.uuid),
    ]
    assert batch(partly_new).status_code == 409
    listed = _parsed(list_grid_gridsquares.sync_detailed(grid.uuid, client=api), 200)
    assert {s.uuid for s in listed} == {s.uuid for s in squares}


def test_missing_entities_and_invalid_bodies(
    api: AuthenticatedClient, real_backend: RealBackend
) -> None:
    missing = get_acquisition.sync_detailed(_uuid(), client=api)
    assert missing.status_code == 404
    assert missing.parsed is None
    assert isinstance(_detail(missing), str)

    grid_uuid = _uuid()
    body = GridSquareBatchCreateRequest(
        gridsquares=[GridSquareCreateRequest(uuid=_uuid(), gridsquare_id="1", grid_uuid=grid_uuid)]
    )
    batch = create_grid_gridsquares_batch.sync_detailed(grid_uuid, client=api, body=body)
    assert batch.status_code == 404
    assert isinstance(_detail(batch), str)

    # The generated models do not check types, so a null uuid reaches the backend.
    invalid = _parsed(
        create_acquisition.sync_detailed(
            client=api,
            body=AcquisitionCreateRequest(uuid=None, name="no uuid"),  # type: ignore[arg-type]
        ),
        422,
    )
    assert isinstance(invalid, HTTPValidationError)
    assert invalid.detail
    assert invalid.detail[0].loc[-1] == "uuid"

    # The single-entity creates do not check their parent: the foreign-key violation
    # surfaces as an unhandled 500 rather than a 404.
    acquisition_uuid = _uuid()
    orphan = GridCreateRequest(uuid=_uuid(), name="g", acquisition_uuid=acquisition_uuid)
    with _on_own_connection(real_backend) as client:
        response = create_acquisition_grid.sync_detailed(
            acquisition_uuid, client=client, body=orphan
        )
    assert response.status_code == 500
    assert get_grid.sync_detailed(orphan.uuid, client=api).status_code == 404
