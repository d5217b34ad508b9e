"""The limits the client enforces are the backend's own: each refused kind, sent raw, fails
there (500 or 422) and stores nothing; the client refuses the same before sending.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import attrs
import httpx
import pytest

from smartem_ext import BearerToken, ConversionError, SmartEMAPIClient
from smartem_ext.epu import AcquisitionData, FoilHoleData, GridData, GridSquareData
from tests.support.real_backend import RealBackend

pytestmark = pytest.mark.real_backend


def _uuid() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def client(real_backend: RealBackend) -> Iterator[SmartEMAPIClient]:
    auth = BearerToken(real_backend.token())
    with SmartEMAPIClient(real_backend.url, 30.0, auth=auth, retry=None) as api:
        yield api


@pytest.fixture
def square(client: SmartEMAPIClient) -> GridSquareData:
    acquisition = AcquisitionData(name="limits")
    client.create_acquisition(acquisition)
    grid = GridData(data_dir="/data/limits", acquisition_data=acquisition)
    client.create_acquisition_grid(grid)
    gridsquare = GridSquareData(gridsquare_id="7", grid_uuid=grid.uuid)
    client.create_grid_gridsquare(gridsquare)
    return gridsquare


def _raw_status(backend: RealBackend, path: str, body: Any) -> int | str:
    """Status of one raw POST on a fresh connection (the backend may drop it on a 500)."""
    headers = {"Authorization": f"Bearer {backend.token()}"}
    with httpx.Client(base_url=backend.url, headers=headers, timeout=30.0) as raw:
        try:
            return raw.post(path, json=body).status_code
        except httpx.RemoteProtocolError as error:
            return type(error).__name__


def _hole(square: GridSquareData, **changes: Any) -> FoilHoleData:
    fields: dict[str, Any] = {"id": "fh-1", **changes}
    return FoilHoleData(gridsquare_id=square.gridsquare_id, gridsquare_uuid=square.uuid, **fields)


# Each refused value, and the storable value next to it that the same raw request carries.
REFUSED: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    ("integer beyond int4", "diameter", {"diameter": 2**31}, {"diameter": 2**31 - 1}),
    ("integer below int4", "x_location", {"x_location": -(2**31) - 1}, {"x_location": -(2**31)}),
    ("NUL in text", "id", {"id": "fh\x00-1"}, {"id": "fh-1"}),
]


def _raw_hole(hole: FoilHoleData) -> dict[str, Any]:
    body = attrs.asdict(hole, recurse=False)
    return {
        "uuid": body["uuid"],
        "foilhole_id": body["id"],
        "gridsquare_id": body["gridsquare_id"],
        "gridsquare_uuid": body["gridsquare_uuid"],
        "is_near_grid_bar": False,
        "diameter": body["diameter"],
        "x_location": body["x_location"],
    }


@pytest.mark.parametrize(
    ("field", "changes", "storable"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_what_the_client_refuses_the_backend_cannot_store(
    real_backend: RealBackend,
    client: SmartEMAPIClient,
    square: GridSquareData,
    field: str,
    changes: dict[str, Any],
    storable: dict[str, Any],
) -> None:
    hole = _hole(square, **changes)
    sent = client.stats.requests
    with pytest.raises(ConversionError) as caught:
        client.create_gridsquare_foilholes(square.uuid, [hole])
    assert (caught.value.entity, caught.value.field) == ("FoilHoleData", field)
    assert client.stats.requests == sent

    # The same hole, sent raw past the client, fails at the backend and is not stored;
    # the same request with the storable value next to it lands.
    path = f"/gridsquares/{square.uuid}/foilholes"
    assert _raw_status(real_backend, path, [_raw_hole(hole)]) in (500, 422, "RemoteProtocolError")
    stored = real_backend.sql(f"SELECT count(*) FROM foilhole WHERE uuid = '{hole.uuid}'")
    assert stored == [["0"]]
    fine = _hole(square, **storable)
    assert _raw_status(real_backend, path, [_raw_hole(fine)]) == 201
    stored = real_backend.sql(f"SELECT count(*) FROM foilhole WHERE uuid = '{fine.uuid}'")
    assert stored == [["1"]]


def test_a_storable_hole_at_the_int4_edge_lands(
    real_backend: RealBackend, client: SmartEMAPIClient, square: GridSquareData
) -> None:
    hole = _hole(square, diameter=2**31 - 1, x_location=-(2**31))
    client.create_gridsquare_foilholes(square.uuid, [hole])
    stored = real_backend.sql(
        f"SELECT diameter, x_location FROM foilhole WHERE uuid = '{hole.uuid}'"
    )
    assert stored == [[str(2**31 - 1), str(-(2**31))]]
