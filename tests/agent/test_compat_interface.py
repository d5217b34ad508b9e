"""smartem_ext.compat next to the installed existing client (smartem-decisions 0.1.3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.agent.support import run_in_agent_python

pytestmark = pytest.mark.real_backend
HERE = Path(__file__).parent


def test_compat_has_every_public_method_of_the_existing_client_with_its_signature(
    tmp_path: Path,
) -> None:
    done = run_in_agent_python([str(HERE / "check_signatures.py")], tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["differences"] == []
    assert result["checked"]["SmartEMAPIClient"] > 50
    assert result["self_check"] == [
        "SmartEMAPIClient.get_grid: [('self', 'POSITIONAL_OR_KEYWORD', '<required>'), "
        "('grid_uuid', 'POSITIONAL_OR_KEYWORD', '<required>')] != "
        "[('self', 'POSITIONAL_OR_KEYWORD', '<required>'), "
        "('uuid', 'POSITIONAL_OR_KEYWORD', '<required>')]"
    ]
    assert result["extension_check"] == ["SmartEMAPIClient.__init__"]


CONVERT = """
import json
from datetime import datetime, timedelta, timezone
from smartem_common.schemas import (
    AtlasData, AtlasTileData, AtlasTilePosition, GridSquareData, GridSquareManifest,
    GridSquareMetadata, MicrographData, MicrographManifest,
)
from smartem_ext.compat import EntityConverter as convert

local = timezone(timedelta(hours=1))
square = GridSquareData(
    gridsquare_id="1801", grid_uuid="r3hi0ja1QDuOQp1B1bmmRQ",
    manifest=GridSquareManifest(
        acquisition_datetime=None, defocus=None, magnification=None, pixel_size=None,
        detector_name="EF-CCD", applied_defocus=None,
    ),
    metadata=GridSquareMetadata(
        atlas_node_id=4, stage_position=None, state=None, rotation=None, image_path=None,
        selected=True, unusable=False,
    ),
)
square.center_x = 12  # the agent's models are mutable; the converter reads what is there
atlas = AtlasData(
    id="A1", acquisition_date=datetime(2024, 4, 6, 10, 24, 20, tzinfo=local),
    storage_folder="f", name="Atlas", gridsquare_positions=None, grid_uuid=square.grid_uuid,
    tiles=[],
)
atlas.tiles.append(AtlasTileData(
    id="1", tile_position=AtlasTilePosition(position=(0, 0), size=(10, 10)),
    file_format=None, base_filename=None, atlas_uuid=atlas.uuid,
))
micrograph = MicrographData(
    id="m", gridsquare_id="1801", foilhole_uuid="GVEFovYuTNyXtJc3-lYHpw", foilhole_id="1",
    location_id="2", high_res_path=".", manifest_file="m.xml",
    manifest=MicrographManifest(
        unique_id="m", acquisition_datetime=datetime(2024, 4, 6, 11, 0, tzinfo=local),
        defocus=None, detector_name="F", energy_filter=False, phase_plate=False,
        image_size_x=None, image_size_y=None, binning_x=1, binning_y=1,
    ),
)
print(json.dumps({
    "square": convert.gridsquare_to_request(square).to_dict(),
    "square_uuid": square.uuid,
    "atlas": convert.atlas_to_request(atlas).to_dict(),
    "micrograph": convert.micrograph_to_request(micrograph).to_dict(),
}))
"""


def test_the_agents_own_pydantic_models_convert_as_they_are(tmp_path: Path) -> None:
    done = run_in_agent_python(["-c", CONVERT], tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    square = result["square"]
    assert "acquisition_datetime" not in square
    assert (square["uuid"], square["grid_uuid"]) == (
        result["square_uuid"],
        "r3hi0ja1QDuOQp1B1bmmRQ",
    )
    assert len(square["uuid"]) == 22
    assert (square["center_x"], square["atlas_node_id"], square["detector_name"]) == (
        12,
        4,
        "EF-CCD",
    )
    assert result["atlas"]["acquisition_date"] == "2024-04-06T09:24:20"
    assert [tile["tile_id"] for tile in result["atlas"]["tiles"]] == ["1"]
    assert result["micrograph"]["acquisition_datetime"] == "2024-04-06T10:00:00"
    assert result["micrograph"]["foilhole_uuid"] == "GVEFovYuTNyXtJc3-lYHpw"
