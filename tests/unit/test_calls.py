"""smartem_ext._calls: update plans send what a JSON round trip of the create request sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from smartem_api import models
from smartem_ext import _calls, _stored
from smartem_ext.converter import EntityConverter
from smartem_ext.errors import ConversionError
from tests.support import epu_data as epu

SESSION = epu.acquisition()
GRID = epu.grid(SESSION)
ATLAS = epu.atlas(GRID.uuid, tiles=2)
TILE = epu.atlas_tile(3, atlas_uuid=ATLAS.uuid)
SQUARE = epu.gridsquare(GRID.uuid, "1234")
HOLE = epu.foilhole(SQUARE.uuid, SQUARE.gridsquare_id, "5678")
SHOT = epu.micrograph(HOLE.uuid, SQUARE.gridsquare_id, HOLE.id, 1)

# (update plan, its EPU data, the create request, the update model)
CASES: dict[str, tuple[Callable[[Any], Any], Any, Any, type]] = {
    "acquisition": (
        _calls.update_acquisition,
        SESSION,
        EntityConverter.acquisition_to_request(SESSION),
        models.AcquisitionUpdateRequest,
    ),
    "grid": (
        _calls.update_grid,
        GRID,
        EntityConverter.grid_to_request(GRID),
        models.GridUpdateRequest,
    ),
    "atlas": (
        _calls.update_atlas,
        ATLAS,
        EntityConverter.atlas_to_request(ATLAS),
        models.AtlasUpdateRequest,
    ),
    "atlas tile": (
        _calls.update_atlas_tile,
        TILE,
        EntityConverter.atlas_tile_to_request(TILE),
        models.AtlasTileUpdateRequest,
    ),
    "grid square": (
        _calls.update_gridsquare,
        SQUARE,
        EntityConverter.gridsquare_to_request(SQUARE),
        models.GridSquareUpdateRequest,
    ),
    "foil hole": (
        _calls.update_foilhole,
        HOLE,
        EntityConverter.foilhole_to_request(HOLE),
        models.FoilHoleUpdateRequest,
    ),
    "micrograph": (
        _calls.update_micrograph,
        SHOT,
        EntityConverter.micrograph_to_request(SHOT),
        models.MicrographUpdateRequest,
    ),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_update_body_is_the_create_request_without_a_json_round_trip(kind: str) -> None:
    plan, data, create, update_model = CASES[kind]
    fields = create.to_dict()
    fields.pop("tiles", None)
    round_trip = update_model.from_dict(fields)
    call = plan(data)
    body = call.kwargs["body"]
    assert type(body) is update_model
    assert body == round_trip
    assert call.request["json"] == round_trip.to_dict()
    assert len(call.request["json"]) > 3


@pytest.mark.parametrize("bad", ["a/b", "..", "", "x" * 256])
def test_a_create_whose_uuid_cannot_name_it_in_a_read_is_refused_before_sending(bad: str) -> None:
    # The create's recovery reads the entity by uuid; it is made only after a failure, but
    # a uuid that cannot be one path segment is refused when the create is planned.
    body = EntityConverter.acquisition_to_request(SESSION).to_dict() | {"uuid": bad}
    with pytest.raises(ConversionError) as refused:
        _stored.replay("create_acquisition", {}, body)
    assert (refused.value.entity, refused.value.field) == ("get_acquisition", "acquisition_uuid")

    good = _stored.replay("create_acquisition", {}, body | {"uuid": SESSION.uuid})
    assert isinstance(good, _calls.Call) and good.recover is not None
    lookup = good.recover()
    assert (lookup.method, lookup.path) == ("GET", f"/acquisitions/{SESSION.uuid}")
