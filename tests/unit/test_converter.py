"""EntityConverter maps the EPU model onto the generated create requests, or refuses."""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from smartem_api.models import (
    AcquisitionStatus,
    FoilHoleCreateRequest,
    GridSquareStatus,
    GridStatus,
)
from smartem_api.types import UNSET
from smartem_ext.converter import (
    EntityConverter,
    backend_time_text,
    foilhole_bodies,
    foilhole_body,
    foilholes_to_requests,
)
from smartem_ext.epu import (
    AcquisitionData,
    AtlasData,
    AtlasTileData,
    AtlasTileGridSquarePosition,
    AtlasTileGridSquarePositionData,
    AtlasTilePosition,
    FoilHoleData,
    FoilHolePosition,
    GridData,
    GridSquareData,
    GridSquareManifest,
    GridSquareMetadata,
    GridSquarePosition,
    GridSquareStagePosition,
    InvalidEPUField,
    MicrographData,
    MicrographManifest,
    MicroscopeData,
)
from smartem_ext.errors import ConversionError
from tests.support.spec import inline_refs, load_spec

convert = EntityConverter

# Hand-written EPU entities with every field set, and the bodies they must become.

WHEN = datetime(2025, 3, 4, 5, 6, 7, 890000)
WHEN_AWARE = datetime(2025, 3, 4, 5, 6, 7, tzinfo=timezone(timedelta(hours=-5, minutes=-30)))
WHEN_AWARE_IN_UTC = datetime(2025, 3, 4, 10, 36, 7)
UNDECODABLE = "/data/\udcff.tiff"  # what os.fsdecode makes of a non-UTF-8 file name
ODD_OFFSET = datetime(2025, 3, 4, 5, 6, 7, tzinfo=timezone(timedelta(minutes=1, seconds=15)))


def acquisition(**changes: Any) -> AcquisitionData:
    fields: dict[str, Any] = {
        "id": "9015527",
        "name": "Session_A",
        "start_time": WHEN,
        "atlas_path": r"D:\Atlas\Atlas.dm",
        "storage_path": r"D:\EPU\Session_A",
        "clustering_mode": "ClusteringWithImageBeamShift",
        "clustering_radius": "6",
        "instrument": MicroscopeData(
            instrument_model="TITAN KRIOS", instrument_id="3777", computer_name="M12-PC"
        ),
        "uuid": "acq-uuid",
    }
    return AcquisitionData(**{**fields, **changes})


def grid(**changes: Any) -> GridData:
    fields: dict[str, Any] = {
        "data_dir": Path("/epu/Session_A/Images-Disc1"),
        "atlas_dir": "/epu/Atlas",
        "acquisition_data": acquisition(),
        "uuid": "grid-uuid",
    }
    return GridData(**{**fields, **changes})


def gridsquare(**changes: Any) -> GridSquareData:
    fields: dict[str, Any] = {
        "gridsquare_id": "1832513",
        "grid_uuid": "grid-uuid",
        "data_dir": "/epu/Session_A/Images-Disc1/GridSquare_1832513",
        "metadata": GridSquareMetadata(
            atlas_node_id=42,
            stage_position=GridSquareStagePosition(x=-0.000123, y=0.000456, z=1.5e-6),
            state="Completed",
            rotation=1.25,
            image_path="/epu/Session_A/Images-Disc1/GridSquare_1832513/GridSquare_1.jpg",
            selected=True,
            unusable=False,
            foilhole_positions={7: FoilHolePosition(x_location=1, y_location=2, diameter=30)},
        ),
        "manifest": GridSquareManifest(
            acquisition_datetime=WHEN_AWARE,
            defocus=-2.5e-6,
            magnification=2250.0,
            pixel_size=3.6e-8,
            detector_name="EF-CCD",
            applied_defocus=-1.0e-6,
            data_dir="/epu/Session_A/Images-Disc1/GridSquare_1832513/Data",
        ),
        "center_x": 1024,
        "center_y": -17,
        "size_width": 90,
        "size_height": 91,
        "registered": True,
        "uuid": "gs-uuid",
    }
    return GridSquareData(**{**fields, **changes})


def foilhole(**changes: Any) -> FoilHoleData:
    fields: dict[str, Any] = {
        "id": "1843762",
        "gridsquare_id": "1832513",
        "gridsquare_uuid": "gs-uuid",
        "center_x": 512.5,
        "center_y": 256.25,
        "quality": 0.75,
        "rotation": -3.5,
        "size_width": 20.5,
        "size_height": 21,
        "x_location": 700,
        "y_location": 800,
        "x_stage_position": 1.5e-5,
        "y_stage_position": -2.5e-5,
        "diameter": 33,
        "is_near_grid_bar": False,
        "uuid": "fh-uuid",
    }
    return FoilHoleData(**{**fields, **changes})


def micrograph(**changes: Any) -> MicrographData:
    fields: dict[str, Any] = {
        "id": "FoilHole_1843762_Data_1832528_1832530_20250304_050607",
        "gridsquare_id": "1832513",
        "foilhole_uuid": "fh-uuid",
        "foilhole_id": "1843762",
        "location_id": "1832528",
        "high_res_path": "/epu/Data/FoilHole_1843762_Data_1.tiff",
        "manifest_file": Path("/epu/Data/FoilHole_1843762_Data_1.xml"),
        "manifest": MicrographManifest(
            unique_id="c0ffee",
            acquisition_datetime=WHEN,
            defocus=-1.8e-6,
            detector_name="EF-Falcon",
            energy_filter=True,
            phase_plate=False,
            image_size_x=4096,
            image_size_y=4097,
            binning_x=1,
            binning_y=2,
        ),
        "uuid": "mic-uuid",
    }
    return MicrographData(**{**fields, **changes})


def tile(**changes: Any) -> AtlasTileData:
    fields: dict[str, Any] = {
        "id": "Tile_3_4",
        "tile_position": AtlasTilePosition(position=(4096, 8192), size=(2048, 2049)),
        "file_format": "mrc",
        "base_filename": "Tile_3_4.mrc",
        "atlas_uuid": "atlas-uuid",
        "uuid": "tile-uuid",
        "gridsquare_positions": {
            "1832513": [AtlasTileGridSquarePosition(position=(10, 20), size=(30, 40))]
        },
    }
    return AtlasTileData(**{**fields, **changes})


def atlas(**changes: Any) -> AtlasData:
    fields: dict[str, Any] = {
        "id": "Atlas_1",
        "acquisition_date": WHEN_AWARE,
        "storage_folder": "/epu/Atlas",
        "description": "Grid 1 atlas",
        "name": "Atlas 1",
        "tiles": [
            tile(),
            AtlasTileData(id="Tile_0_0", uuid="tile-2", tile_position=AtlasTilePosition()),
        ],
        "gridsquare_positions": {
            42: GridSquarePosition(center=(1024, -17), physical=(0.1, 0.2), size=(90, 91))
        },
        "grid_uuid": "grid-uuid",
        "uuid": "atlas-uuid",
    }
    return AtlasData(**{**fields, **changes})


def unchecked(entity: Any, **changes: Any) -> Any:
    """``entity`` with ``changes`` its validators would refuse, read by attribute as the
    converter reads the agent's own models (which do not check them)."""
    return SimpleNamespace(**{**attrs.asdict(entity, recurse=False), **changes})


def link(**changes: Any) -> AtlasTileGridSquarePositionData:
    fields: dict[str, Any] = {
        "tile_uuid": "tile-uuid",
        "gridsquare_uuid": "gs-uuid",
        "position": (10, 20),
        "size": (30, 40),
    }
    return AtlasTileGridSquarePositionData(**{**fields, **changes})


# Every mapped field, checked one by one against the JSON body.


def test_acquisition_copies_its_fields_flattens_the_instrument_and_starts() -> None:
    request = convert.acquisition_to_request(acquisition())
    assert request.status is AcquisitionStatus.STARTED
    assert request.start_time == WHEN.isoformat()  # naive, as the backend stores it
    assert request.to_dict() == {
        "uuid": "acq-uuid",
        "name": "Session_A",
        "status": "started",
        "start_time": "2025-03-04T05:06:07.890000",
        "storage_path": r"D:\EPU\Session_A",
        "atlas_path": r"D:\Atlas\Atlas.dm",
        "clustering_mode": "ClusteringWithImageBeamShift",
        "clustering_radius": "6",
        "instrument_model": "TITAN KRIOS",
        "instrument_id": "3777",
        "computer_name": "M12-PC",
    }


def test_acquisition_without_optional_values_leaves_them_out() -> None:
    request = convert.acquisition_to_request(AcquisitionData(uuid="acq-uuid"))
    assert request.to_dict() == {"uuid": "acq-uuid", "name": "Unknown", "status": "started"}


def test_acquisition_with_partial_instrument_sends_what_is_known() -> None:
    entity = acquisition(instrument=MicroscopeData(computer_name="M12-PC"))
    request = convert.acquisition_to_request(entity)
    assert request.computer_name == "M12-PC"
    assert request.instrument_model is UNSET and request.instrument_id is UNSET


def test_grid_takes_name_and_acquisition_uuid_from_its_acquisition() -> None:
    request = convert.grid_to_request(grid())
    assert request.status is GridStatus.NONE
    assert request.to_dict() == {
        "uuid": "grid-uuid",
        "name": "Session_A",
        "acquisition_uuid": "acq-uuid",
        "status": "none",
        "data_dir": "/epu/Session_A/Images-Disc1",
        "atlas_dir": "/epu/Atlas",
    }


def test_grid_of_an_unnamed_acquisition_is_named_unknown() -> None:
    entity = grid(acquisition_data=AcquisitionData(uuid="acq-2"), atlas_dir=None)
    assert convert.grid_to_request(entity).to_dict() == {
        "uuid": "grid-uuid",
        "name": "Unknown",
        "acquisition_uuid": "acq-2",
        "status": "none",
        "data_dir": "/epu/Session_A/Images-Disc1",
    }


def test_windows_paths_are_sent_as_written() -> None:
    entity = grid(data_dir=r"D:\EPU\Session_A\Images-Disc1")
    assert convert.grid_to_request(entity).data_dir == r"D:\EPU\Session_A\Images-Disc1"


def test_gridsquare_copies_ids_geometry_metadata_and_manifest() -> None:
    request = convert.gridsquare_to_request(gridsquare())
    assert request.status is GridSquareStatus.NONE
    assert request.acquisition_datetime == WHEN_AWARE_IN_UTC.isoformat()
    assert request.to_dict() == {
        "uuid": "gs-uuid",
        "gridsquare_id": "1832513",
        "grid_uuid": "grid-uuid",
        "status": "none",
        "data_dir": "/epu/Session_A/Images-Disc1/GridSquare_1832513",
        "atlas_node_id": 42,
        "state": "Completed",
        "rotation": 1.25,
        "image_path": "/epu/Session_A/Images-Disc1/GridSquare_1832513/GridSquare_1.jpg",
        "selected": True,
        "unusable": False,
        "stage_position_x": -0.000123,
        "stage_position_y": 0.000456,
        "stage_position_z": 1.5e-6,
        "center_x": 1024,
        "center_y": -17,
        "size_width": 90,
        "size_height": 91,
        "acquisition_datetime": "2025-03-04T10:36:07",
        "defocus": -2.5e-6,
        "magnification": 2250.0,
        "pixel_size": 3.6e-8,
        "detector_name": "EF-CCD",
        "applied_defocus": -1.0e-6,
        "lowmag": False,
    }


def test_gridsquare_from_the_atlas_is_flagged_lowmag() -> None:
    assert convert.gridsquare_to_request(gridsquare(), lowmag=True).lowmag is True
    assert convert.gridsquare_to_request(gridsquare()).lowmag is False


def test_gridsquare_without_metadata_or_manifest_sends_ids_and_geometry_only() -> None:
    entity = GridSquareData(gridsquare_id="7", grid_uuid="grid-uuid", uuid="gs-7", center_x=3)
    assert convert.gridsquare_to_request(entity).to_dict() == {
        "uuid": "gs-7",
        "gridsquare_id": "7",
        "grid_uuid": "grid-uuid",
        "status": "none",
        "center_x": 3,
        "lowmag": False,
    }


def test_gridsquare_metadata_without_stage_position_or_optional_values() -> None:
    metadata = GridSquareMetadata(atlas_node_id=1, selected=False, unusable=True)
    manifest = GridSquareManifest(acquisition_datetime=WHEN, detector_name="EF-CCD")
    entity = gridsquare(metadata=metadata, manifest=manifest, data_dir=None, center_x=None)
    body = convert.gridsquare_to_request(entity).to_dict()
    assert body == {
        "uuid": "gs-uuid",
        "gridsquare_id": "1832513",
        "grid_uuid": "grid-uuid",
        "status": "none",
        "atlas_node_id": 1,
        "selected": False,
        "unusable": True,
        "center_y": -17,
        "size_width": 90,
        "size_height": 91,
        "acquisition_datetime": "2025-03-04T05:06:07.890000",
        "detector_name": "EF-CCD",
        "lowmag": False,
    }


def test_gridsquare_stage_position_with_missing_axes_sends_the_others() -> None:
    metadata = attrs.evolve(
        gridsquare().metadata, stage_position=GridSquareStagePosition(x=1.0, z=-2.0)
    )
    request = convert.gridsquare_to_request(gridsquare(metadata=metadata))
    assert (request.stage_position_x, request.stage_position_z) == (1.0, -2.0)
    assert request.stage_position_y is UNSET


def test_foilhole_id_becomes_foilhole_id_and_geometry_is_copied() -> None:
    request = convert.foilhole_to_request(foilhole())
    assert request.to_dict() == {
        "uuid": "fh-uuid",
        "foilhole_id": "1843762",
        "gridsquare_id": "1832513",
        "gridsquare_uuid": "gs-uuid",
        "center_x": 512.5,
        "center_y": 256.25,
        "quality": 0.75,
        "rotation": -3.5,
        "size_width": 20.5,
        "size_height": 21,
        "x_location": 700,
        "y_location": 800,
        "x_stage_position": 1.5e-5,
        "y_stage_position": -2.5e-5,
        "diameter": 33,
        "is_near_grid_bar": False,
    }


def test_foilhole_with_only_ids_sends_only_ids() -> None:
    entity = FoilHoleData(id="1", gridsquare_id="2", gridsquare_uuid="gs", uuid="fh")
    assert convert.foilhole_to_request(entity).to_dict() == {
        "uuid": "fh",
        "foilhole_id": "1",
        "gridsquare_id": "2",
        "gridsquare_uuid": "gs",
        "is_near_grid_bar": False,
    }


def test_foilhole_near_grid_bar_keeps_its_flag() -> None:
    assert convert.foilhole_to_request(foilhole(is_near_grid_bar=True)).is_near_grid_bar is True


def test_micrograph_copies_ids_paths_and_manifest() -> None:
    request = convert.micrograph_to_request(micrograph())
    assert request.status is UNSET
    assert request.to_dict() == {
        "uuid": "mic-uuid",
        "foilhole_id": "1843762",
        "foilhole_uuid": "fh-uuid",
        "location_id": "1832528",
        "high_res_path": "/epu/Data/FoilHole_1843762_Data_1.tiff",
        "manifest_file": "/epu/Data/FoilHole_1843762_Data_1.xml",
        "acquisition_datetime": "2025-03-04T05:06:07.890000",
        "defocus": -1.8e-6,
        "detector_name": "EF-Falcon",
        "energy_filter": True,
        "phase_plate": False,
        "image_size_x": 4096,
        "image_size_y": 4097,
        "binning_x": 1,
        "binning_y": 2,
    }


def test_micrograph_manifest_without_optional_values_leaves_them_out() -> None:
    manifest = attrs.evolve(
        micrograph().manifest, defocus=None, image_size_x=None, image_size_y=None
    )
    request = convert.micrograph_to_request(micrograph(manifest=manifest))
    assert request.defocus is UNSET
    assert request.image_size_x is UNSET and request.image_size_y is UNSET
    assert (request.binning_x, request.binning_y) == (1, 2)


def test_atlas_id_becomes_atlas_id_and_tiles_go_inline() -> None:
    request = convert.atlas_to_request(atlas())
    assert request.acquisition_date == WHEN_AWARE_IN_UTC.isoformat()
    assert request.to_dict() == {
        "uuid": "atlas-uuid",
        "grid_uuid": "grid-uuid",
        "name": "Atlas 1",
        "atlas_id": "Atlas_1",
        "acquisition_date": "2025-03-04T10:36:07",
        "storage_folder": "/epu/Atlas",
        "description": "Grid 1 atlas",
        "tiles": [
            {
                "uuid": "tile-uuid",
                "atlas_uuid": "atlas-uuid",
                "tile_id": "Tile_3_4",
                "position_x": 4096,
                "position_y": 8192,
                "size_x": 2048,
                "size_y": 2049,
                "file_format": "mrc",
                "base_filename": "Tile_3_4.mrc",
            },
            {"uuid": "tile-2", "atlas_uuid": "atlas-uuid", "tile_id": "Tile_0_0"},
        ],
    }


def test_atlas_without_tiles_or_description() -> None:
    request = convert.atlas_to_request(atlas(tiles=[], description=None))
    assert request.tiles == []
    assert request.description is UNSET


def test_atlas_tile_unpacks_position_and_size() -> None:
    assert convert.atlas_tile_to_request(tile()).to_dict() == {
        "uuid": "tile-uuid",
        "atlas_uuid": "atlas-uuid",
        "tile_id": "Tile_3_4",
        "position_x": 4096,
        "position_y": 8192,
        "size_x": 2048,
        "size_y": 2049,
        "file_format": "mrc",
        "base_filename": "Tile_3_4.mrc",
    }


def test_atlas_tile_with_position_but_no_size() -> None:
    entity = tile(tile_position=AtlasTilePosition(position=(1, 2)), file_format=None)
    assert convert.atlas_tile_to_request(entity).to_dict() == {
        "uuid": "tile-uuid",
        "atlas_uuid": "atlas-uuid",
        "tile_id": "Tile_3_4",
        "position_x": 1,
        "position_y": 2,
        "base_filename": "Tile_3_4.mrc",
    }


def test_tile_link_unpacks_position_and_size_and_names_the_gridsquare() -> None:
    assert convert.gridsquare_position_to_request(link()).to_dict() == {
        "center_x": 10,
        "center_y": 20,
        "size_width": 30,
        "size_height": 40,
        "gridsquare_uuid": "gs-uuid",
    }


# What the requests cannot carry.

CONVERSION_ERRORS: list[tuple[str, Callable[[], object], str, str]] = [
    (
        "grid without acquisition",
        lambda: convert.grid_to_request(grid(acquisition_data=None)),
        "GridData",
        "acquisition_data",
    ),
    (
        "grid flagged lowmag",
        lambda: convert.grid_to_request(grid(), lowmag=True),
        "GridData",
        "lowmag",
    ),
    (
        "gridsquare without grid uuid",
        lambda: convert.gridsquare_to_request(gridsquare(grid_uuid=None)),
        "GridSquareData",
        "grid_uuid",
    ),
    (
        "foilhole without gridsquare uuid",
        lambda: convert.foilhole_to_request(foilhole(gridsquare_uuid=None)),
        "FoilHoleData",
        "gridsquare_uuid",
    ),
    (
        "foilhole without gridsquare id",
        lambda: convert.foilhole_to_request(foilhole(gridsquare_id=None)),
        "FoilHoleData",
        "gridsquare_id",
    ),
    (
        "micrograph without foilhole uuid",
        lambda: convert.micrograph_to_request(micrograph(foilhole_uuid=None)),
        "MicrographData",
        "foilhole_uuid",
    ),
    (
        "atlas without grid uuid",
        lambda: convert.atlas_to_request(atlas(grid_uuid=None)),
        "AtlasData",
        "grid_uuid",
    ),
    (
        "tile without atlas uuid",
        lambda: convert.atlas_tile_to_request(tile(atlas_uuid=None)),
        "AtlasTileData",
        "atlas_uuid",
    ),
    (
        "link without tile uuid",
        lambda: convert.gridsquare_position_to_request(link(tile_uuid=None)),
        "AtlasTileGridSquarePositionData",
        "tile_uuid",
    ),
    (
        "link without gridsquare uuid",
        lambda: convert.gridsquare_position_to_request(link(gridsquare_uuid=None)),
        "AtlasTileGridSquarePositionData",
        "gridsquare_uuid",
    ),
    (
        "acquisition name not UTF-8",
        lambda: convert.acquisition_to_request(acquisition(name="Session\udc80")),
        "AcquisitionData",
        "name",
    ),
    (
        "instrument computer name not UTF-8",
        lambda: convert.acquisition_to_request(
            acquisition(instrument=MicroscopeData(computer_name="\ud800"))
        ),
        "AcquisitionData",
        "instrument.computer_name",
    ),
    (
        "grid data dir not UTF-8",
        lambda: convert.grid_to_request(grid(data_dir=UNDECODABLE)),
        "GridData",
        "data_dir",
    ),
    (
        "grid acquisition uuid not UTF-8",
        lambda: convert.grid_to_request(grid(acquisition_data=acquisition(uuid="\udcff"))),
        "GridData",
        "acquisition_data.uuid",
    ),
    (
        "gridsquare image path not UTF-8",
        lambda: convert.gridsquare_to_request(
            gridsquare(metadata=attrs.evolve(gridsquare().metadata, image_path=UNDECODABLE))
        ),
        "GridSquareData",
        "metadata.image_path",
    ),
    (
        "foilhole id not UTF-8",
        lambda: convert.foilhole_to_request(foilhole(id="17\udc80")),
        "FoilHoleData",
        "id",
    ),
    (
        "micrograph path not UTF-8",
        lambda: convert.micrograph_to_request(micrograph(high_res_path=UNDECODABLE)),
        "MicrographData",
        "high_res_path",
    ),
    (
        "inline tile file name not UTF-8",
        lambda: convert.atlas_to_request(
            atlas(tiles=[tile(), tile(id="T2", uuid="t2", base_filename="\udcff.mrc")])
        ),
        "AtlasData",
        "tiles[1].base_filename",
    ),
    (
        "tile file format not UTF-8",
        lambda: convert.atlas_tile_to_request(tile(file_format="\udcff")),
        "AtlasTileData",
        "file_format",
    ),
    (
        "link gridsquare uuid not UTF-8",
        lambda: convert.gridsquare_position_to_request(link(gridsquare_uuid="\udcff")),
        "AtlasTileGridSquarePositionData",
        "gridsquare_uuid",
    ),
    (
        "NUL in an acquisition name",
        lambda: convert.acquisition_to_request(acquisition(name="Session\x00")),
        "AcquisitionData",
        "name",
    ),
    (
        "NUL in a micrograph path",
        lambda: convert.micrograph_to_request(micrograph(high_res_path=Path("/d/a\x00.mrc"))),
        "MicrographData",
        "high_res_path",
    ),
    (
        "foil hole diameter beyond int4",
        lambda: convert.foilhole_to_request(foilhole(diameter=2**31)),
        "FoilHoleData",
        "diameter",
    ),
    (
        "grid square center below int4",
        lambda: convert.gridsquare_to_request(gridsquare(center_x=-(2**31) - 1)),
        "GridSquareData",
        "center_x",
    ),
    (
        "micrograph binning beyond int4",
        lambda: convert.micrograph_to_request(
            micrograph(manifest=attrs.evolve(micrograph().manifest, binning_x=2**40))
        ),
        "MicrographData",
        "manifest.binning_x",
    ),
    (
        "tile position beyond int4",
        lambda: convert.atlas_tile_to_request(
            tile(tile_position=AtlasTilePosition(position=(2**31, 0), size=(1, 1)))
        ),
        "AtlasTileData",
        "tile_position.position[0]",
    ),
    (
        "link size beyond int4",
        lambda: convert.gridsquare_position_to_request(link(size=(1, 2**31))),
        "AtlasTileGridSquarePositionData",
        "size[1]",
    ),
    (
        "foil hole quality not finite",
        lambda: convert.foilhole_to_request(unchecked(foilhole(), quality=float("nan"))),
        "FoilHoleData",
        "quality",
    ),
    (
        "grid square stage position infinite",
        lambda: convert.gridsquare_to_request(
            unchecked(
                gridsquare(),
                metadata=unchecked(
                    gridsquare().metadata,
                    stage_position=unchecked(GridSquareStagePosition(x=0.0), x=float("inf")),
                ),
            )
        ),
        "GridSquareData",
        "metadata.stage_position.x",
    ),
    (
        "uuid too long for a path segment",
        lambda: convert.grid_to_request(grid(uuid="u" * 256)),
        "GridData",
        "uuid",
    ),
    (
        "parent uuid with a slash",
        lambda: convert.foilhole_to_request(foilhole(gridsquare_uuid="a/b")),
        "FoilHoleData",
        "gridsquare_uuid",
    ),
    (
        "empty uuid",
        lambda: convert.acquisition_to_request(unchecked(acquisition(), uuid="")),
        "AcquisitionData",
        "uuid",
    ),
    (
        "same foil hole uuid twice in a batch",
        lambda: foilholes_to_requests([foilhole(), foilhole(id="2")]),
        "FoilHoleData",
        "uuid",
    ),
    (
        "same foil hole id twice in a batch",
        lambda: foilholes_to_requests([foilhole(), foilhole(uuid="fh-2")]),
        "FoilHoleData",
        "id",
    ),
    (
        "one bad foil hole in a batch",
        lambda: foilholes_to_requests(
            [foilhole(), foilhole(id="2", uuid="b", gridsquare_uuid=None)]
        ),
        "FoilHoleData",
        "gridsquare_uuid",
    ),
]


@pytest.mark.parametrize(
    ("make", "entity", "field"),
    [case[1:] for case in CONVERSION_ERRORS],
    ids=[case[0] for case in CONVERSION_ERRORS],
)
def test_what_a_request_cannot_carry_raises_conversion_error(
    make: Callable[[], object], entity: str, field: str
) -> None:
    with pytest.raises(ConversionError) as caught:
        make()
    assert (caught.value.entity, caught.value.field) == (entity, field)
    assert str(caught.value).startswith(f"{entity}.{field}: ")


def test_missing_parent_message_names_the_child() -> None:
    with pytest.raises(ConversionError, match=r"foil hole '1843762'"):
        convert.foilhole_to_request(foilhole(gridsquare_uuid=None))


def test_conversion_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="acquisition_data"):
        convert.grid_to_request(grid(acquisition_data=None))


# Batches of foil holes.


def test_batch_leaves_out_holes_near_a_grid_bar_keeping_input_order() -> None:
    holes = [
        foilhole(id="1", uuid="a"),
        foilhole(id="2", uuid="b", is_near_grid_bar=True),
        foilhole(id="3", uuid="c"),
    ]
    requests, kept = foilholes_to_requests(holes)
    assert [request.foilhole_id for request in requests] == ["1", "3"]
    assert kept == [holes[0], holes[2]]
    assert all(isinstance(request, FoilHoleCreateRequest) for request in requests)


def test_batch_keeps_holes_near_a_grid_bar_when_allowed() -> None:
    holes = [foilhole(id="1", uuid="a", is_near_grid_bar=True), foilhole(id="2", uuid="b")]
    requests, kept = foilholes_to_requests(holes, allow_on_grid_bar=True)
    assert [(r.foilhole_id, r.is_near_grid_bar) for r in requests] == [("1", True), ("2", False)]
    assert kept == holes


def test_batch_accepts_any_iterable_and_an_empty_one() -> None:
    requests, kept = foilholes_to_requests(foilhole(id=str(n), uuid=str(n)) for n in range(3))
    assert [r.uuid for r in requests] == ["0", "1", "2"] and len(kept) == 3
    assert foilholes_to_requests([]) == ([], [])


def test_batch_ignores_problems_of_holes_it_leaves_out() -> None:
    left_out = foilhole(uuid="x", gridsquare_uuid=None, is_near_grid_bar=True)
    requests, _ = foilholes_to_requests([foilhole(), left_out])
    assert [r.uuid for r in requests] == ["fh-uuid"]


@pytest.mark.parametrize(
    ("holes", "field"),
    [
        # A repeat before the hole that cannot be converted is the first problem ...
        ([foilhole(), foilhole(id="2"), foilhole(id="3", uuid="c", gridsquare_uuid=None)], "uuid"),
        ([foilhole(), foilhole(uuid="b"), foilhole(id="3", uuid="c", gridsquare_uuid=None)], "id"),
        # ... and the hole that cannot be converted comes before a later repeat, or its own.
        (
            [foilhole(), foilhole(id="2", uuid="b", gridsquare_uuid=None), foilhole(id="3")],
            "gridsquare_uuid",
        ),
        ([foilhole(), foilhole(id="2", gridsquare_uuid=None)], "gridsquare_uuid"),
    ],
    ids=["repeated uuid first", "repeated id first", "bad hole first", "bad hole repeats"],
)
def test_a_batch_names_its_first_problem_in_input_order(holes: list[Any], field: str) -> None:
    with pytest.raises(ConversionError) as caught:
        foilholes_to_requests(holes)
    assert caught.value.field == field


def test_a_parent_uuid_is_checked_whenever_it_differs_from_the_last_good_one() -> None:
    good = foilhole(gridsquare_uuid="gs-good")
    assert foilholes_to_requests([good, foilhole(uuid="fh-2", id="2", gridsquare_uuid="gs-good")])
    for _ in range(2):  # a refused uuid is never remembered as good
        with pytest.raises(ConversionError, match="gridsquare_uuid"):
            convert.foilhole_to_request(foilhole(gridsquare_uuid="gs/bad"))
    with pytest.raises(ConversionError, match="gridsquare_uuid"):
        foilholes_to_requests([good, foilhole(uuid="fh-3", id="3", gridsquare_uuid="..")])
    assert convert.foilhole_to_request(good).gridsquare_uuid == "gs-good"


def test_same_hole_id_under_different_squares_is_no_duplicate() -> None:
    holes = [foilhole(), foilhole(uuid="fh-2", gridsquare_uuid="gs-2")]
    requests, _ = foilholes_to_requests(holes)
    assert len(requests) == 2


# Properties over the whole EPU model.

SCHEMAS: dict[str, Any] = load_spec()["components"]["schemas"]
# Date-time without offset: the backend stores naive times (UTC), and an aware one fails.
DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?")
FORMATS = FormatChecker(formats=())
FORMATS.checks("date-time")(
    lambda value: not isinstance(value, str) or bool(DATE_TIME.fullmatch(value))
)


@functools.cache
def validator_for(schema_name: str) -> Draft202012Validator:
    return Draft202012Validator(inline_refs(SCHEMAS[schema_name]), format_checker=FORMATS)


def body_of(request: Any) -> Any:
    """The JSON the transport sends: no NaN, UTF-8 encoded."""
    text = json.dumps(request.to_dict(), ensure_ascii=False, allow_nan=False)
    return json.loads(text.encode("utf-8"))


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


# What the backend can store (smartem_ext._limits): text without NUL, int4 integers.
storable = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
texts = st.text(storable, max_size=12)
ids = st.text(storable, min_size=1, max_size=12).filter(str.strip)
uuids = st.uuids().map(str)
ints = st.integers(min_value=-(2**31), max_value=2**31 - 1)
positives = st.integers(min_value=1, max_value=2**20)
numbers = st.floats(allow_nan=False, allow_infinity=False) | ints
pairs = st.tuples(ints, ints)
paths = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1, max_size=24
).map(Path)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
datetimes = st.datetimes(timezones=st.none() | st.just(UTC) | offsets)

microscopes = st.builds(
    MicroscopeData,
    instrument_model=optional(texts),
    instrument_id=optional(texts),
    computer_name=optional(texts),
)
acquisitions = st.builds(
    AcquisitionData,
    id=optional(ids),
    name=texts,
    start_time=optional(datetimes),
    atlas_path=optional(texts),
    storage_path=optional(texts),
    clustering_mode=optional(texts),
    clustering_radius=optional(texts),
    instrument=optional(microscopes),
    uuid=uuids,
)
tile_positions = st.builds(AtlasTilePosition, position=optional(pairs), size=optional(pairs))
tile_gridsquare_positions = st.dictionaries(
    ids, st.lists(st.builds(AtlasTileGridSquarePosition, position=pairs, size=pairs), max_size=2)
)


def tiles(atlas_uuid: st.SearchStrategy[str | None]) -> st.SearchStrategy[AtlasTileData]:
    return st.builds(
        AtlasTileData,
        id=ids,
        tile_position=tile_positions,
        file_format=optional(texts),
        base_filename=optional(texts),
        atlas_uuid=atlas_uuid,
        uuid=uuids,
        gridsquare_positions=tile_gridsquare_positions,
    )


gridsquare_positions = st.builds(
    GridSquarePosition,
    center=optional(pairs),
    physical=optional(st.tuples(numbers, numbers)),
    size=optional(pairs),
    rotation=optional(numbers),
)


@st.composite
def atlases(draw: st.DrawFn) -> AtlasData:
    uuid = draw(uuids)
    return AtlasData(
        id=draw(ids),
        acquisition_date=draw(datetimes),
        storage_folder=draw(texts),
        description=draw(optional(texts)),
        name=draw(texts),
        tiles=draw(
            st.lists(
                tiles(st.sampled_from([None, uuid])),
                max_size=4,
                unique_by=(lambda t: t.id, lambda t: t.uuid),
            )
        ),
        gridsquare_positions=draw(optional(st.dictionaries(ints, gridsquare_positions))),
        grid_uuid=draw(uuids),
        uuid=uuid,
    )


grids = st.builds(
    GridData,
    data_dir=paths,
    atlas_dir=optional(paths),
    acquisition_data=acquisitions,
    uuid=uuids,
)
foilhole_positions = st.builds(
    FoilHolePosition,
    x_location=ints,
    y_location=ints,
    x_stage_position=optional(numbers),
    y_stage_position=optional(numbers),
    diameter=ints,
    is_near_grid_bar=st.booleans(),
)
metadatas = st.builds(
    GridSquareMetadata,
    atlas_node_id=ints,
    stage_position=optional(
        st.builds(
            GridSquareStagePosition, x=optional(numbers), y=optional(numbers), z=optional(numbers)
        )
    ),
    state=optional(texts),
    rotation=optional(numbers),
    image_path=optional(paths),
    selected=st.booleans(),
    unusable=st.booleans(),
    foilhole_positions=st.dictionaries(ints, foilhole_positions, max_size=3),
)
gridsquare_manifests = st.builds(
    GridSquareManifest,
    acquisition_datetime=datetimes,
    defocus=optional(numbers),
    magnification=optional(numbers),
    pixel_size=optional(numbers),
    detector_name=texts,
    applied_defocus=optional(numbers),
    data_dir=optional(paths),
)
gridsquares = st.builds(
    GridSquareData,
    gridsquare_id=ids,
    grid_uuid=uuids,
    data_dir=optional(paths),
    metadata=optional(metadatas),
    manifest=optional(gridsquare_manifests),
    center_x=optional(ints),
    center_y=optional(ints),
    size_width=optional(ints),
    size_height=optional(ints),
    registered=st.booleans(),
    uuid=uuids,
)
foilholes = st.builds(
    FoilHoleData,
    id=ids,
    gridsquare_id=ids,
    gridsquare_uuid=uuids,
    center_x=optional(numbers),
    center_y=optional(numbers),
    quality=optional(numbers),
    rotation=optional(numbers),
    size_width=optional(numbers),
    size_height=optional(numbers),
    x_location=optional(ints),
    y_location=optional(ints),
    x_stage_position=optional(numbers),
    y_stage_position=optional(numbers),
    diameter=optional(ints),
    is_near_grid_bar=st.booleans(),
    uuid=uuids,
)
micrograph_manifests = st.builds(
    MicrographManifest,
    unique_id=ids,
    acquisition_datetime=datetimes,
    defocus=optional(numbers),
    detector_name=texts,
    energy_filter=st.booleans(),
    phase_plate=st.booleans(),
    image_size_x=optional(positives),
    image_size_y=optional(positives),
    binning_x=positives,
    binning_y=positives,
)
micrographs = st.builds(
    MicrographData,
    id=ids,
    gridsquare_id=ids,
    foilhole_uuid=uuids,
    foilhole_id=ids,
    location_id=ids,
    high_res_path=paths,
    manifest_file=paths,
    manifest=micrograph_manifests,
    uuid=uuids,
)
links = st.builds(
    AtlasTileGridSquarePositionData,
    tile_uuid=uuids,
    gridsquare_uuid=uuids,
    position=pairs,
    size=pairs,
)

# Kinds of invalid value. Each is refused when the entity is made or when it is converted.
non_finite = st.sampled_from([math.nan, math.inf, -math.inf])
blank = st.text(alphabet=" \t\r\n", max_size=3)
non_positive = st.integers(max_value=0)
not_int = st.floats(allow_nan=False) | st.booleans() | st.text(max_size=3)
not_bool = st.integers(min_value=0, max_value=1) | st.none() | st.text(max_size=1)
bad_pair = st.lists(ints, max_size=4).filter(lambda items: len(items) != 2) | st.tuples(
    st.floats(allow_nan=False).filter(lambda value: not value.is_integer()), ints
)
unencodable = st.tuples(texts, st.text(st.characters(categories=["Cs"]), min_size=1)).map("".join)
missing = st.none()
# What the backend cannot store (smartem_ext._limits): beyond int4, NUL, unsafe identifiers.
beyond_int4 = st.integers(min_value=2**31, max_value=2**63) | st.integers(
    min_value=-(2**63), max_value=-(2**31) - 1
)
with_nul = st.tuples(texts, texts).map("\x00".join)
unsafe_id = st.text("abc", min_size=256, max_size=300) | st.tuples(ids, ids).map("/".join)


@attrs.frozen
class Case:
    """One converter with valid inputs, its spec schema, and ways to break its input."""

    name: str
    entities: st.SearchStrategy[Any]
    to_request: Callable[[Any], Any]
    schema: str
    breakages: list[tuple[str, st.SearchStrategy[Any]]]


CASES = [
    Case(
        "acquisition",
        acquisitions,
        convert.acquisition_to_request,
        "AcquisitionCreateRequest",
        [
            ("uuid", blank | unencodable),
            ("id", blank),
            ("name", unencodable),
            ("storage_path", unencodable),
            ("instrument.computer_name", unencodable | with_nul),
            ("clustering_mode", with_nul),
        ],
    ),
    Case(
        "grid",
        grids,
        convert.grid_to_request,
        "GridCreateRequest",
        [
            ("acquisition_data", missing),
            ("data_dir", unencodable | st.just("")),
            ("atlas_dir", unencodable),
            ("uuid", blank | unsafe_id),
            ("data_dir", with_nul),
        ],
    ),
    Case(
        "atlas",
        atlases(),
        convert.atlas_to_request,
        "AtlasCreateRequest",
        [
            ("id", blank | unencodable),
            ("grid_uuid", missing | blank),
            ("storage_folder", unencodable | with_nul),
            ("grid_uuid", unsafe_id),
        ],
    ),
    Case(
        "atlas tile",
        tiles(uuids),
        convert.atlas_tile_to_request,
        "AtlasTileCreateRequest",
        [
            ("atlas_uuid", missing),
            ("id", blank),
            ("base_filename", unencodable),
            ("tile_position.position", bad_pair),
            ("tile_position.size", bad_pair),
        ],
    ),
    Case(
        "gridsquare",
        st.tuples(gridsquares, st.booleans()),
        lambda pair: convert.gridsquare_to_request(pair[0], lowmag=pair[1]),
        "GridSquareCreateRequest",
        [
            ("0.grid_uuid", missing),
            ("0.gridsquare_id", blank),
            ("0.center_x", not_int | beyond_int4),
            ("0.metadata.atlas_node_id", beyond_int4),
            ("0.manifest.detector_name", with_nul),
            ("0.size_height", not_int),
            ("0.registered", not_bool),
            ("0.metadata.rotation", non_finite),
            ("0.metadata.image_path", unencodable),
            ("0.metadata.stage_position.z", non_finite),
            ("0.manifest.pixel_size", non_finite),
        ],
    ),
    Case(
        "foilhole",
        foilholes,
        convert.foilhole_to_request,
        "FoilHoleCreateRequest",
        [
            ("gridsquare_uuid", missing),
            ("gridsquare_id", missing | blank),
            ("id", blank | unencodable),
            ("center_x", non_finite),
            ("quality", non_finite),
            ("x_location", not_int | beyond_int4),
            ("diameter", not_int | beyond_int4),
            ("gridsquare_uuid", unsafe_id),
            ("is_near_grid_bar", not_bool),
        ],
    ),
    Case(
        "micrograph",
        micrographs,
        convert.micrograph_to_request,
        "MicrographCreateRequest",
        [
            ("foilhole_uuid", missing),
            ("location_id", blank),
            ("high_res_path", unencodable),
            ("manifest.image_size_x", non_positive | not_int),
            ("manifest.binning_y", non_positive | beyond_int4),
            ("manifest.image_size_y", beyond_int4),
            ("location_id", with_nul),
            ("manifest.defocus", non_finite),
        ],
    ),
    Case(
        "tile link",
        links,
        convert.gridsquare_position_to_request,
        "GridSquarePositionRequest",
        [
            ("tile_uuid", missing),
            ("gridsquare_uuid", missing | unencodable),
            ("position", bad_pair),
            ("size", bad_pair),
        ],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@given(data=st.data())
def test_every_valid_entity_converts_to_a_body_the_spec_accepts(case: Case, data: Any) -> None:
    entity = data.draw(case.entities)
    body = body_of(case.to_request(entity))
    validator_for(case.schema).validate(body)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@given(data=st.data())
def test_every_invalid_value_is_refused_before_anything_is_sent(case: Case, data: Any) -> None:
    entity = data.draw(case.entities)
    path, values = data.draw(st.sampled_from(case.breakages))
    value = data.draw(values)
    with pytest.raises((ConversionError, InvalidEPUField)) as caught:
        case.to_request(replaced(entity, path.split("."), value))
    field = path.removeprefix("0.")
    assert caught.value.field in (field, field.rsplit(".", 1)[-1])


def replaced(entity: Any, path: list[str], value: Any) -> Any:
    """A copy of ``entity`` with the field at ``path`` set to ``value``, made anew.

    A nested value that is absent is made from the first valid example, so the breakage
    always lands.
    """
    head, *rest = path
    if isinstance(entity, tuple):
        index = int(head)
        return (*entity[:index], replaced(entity[index], rest, value), *entity[index + 1 :])
    if not rest:
        return attrs.evolve(entity, **{head: value})
    inner = getattr(entity, head)
    if inner is None:
        inner = NESTED_EXAMPLES[(type(entity), head)]
    return attrs.evolve(entity, **{head: replaced(inner, rest, value)})


NESTED_EXAMPLES: dict[tuple[type[Any], str], Any] = {
    (AcquisitionData, "instrument"): MicroscopeData(),
    (GridSquareData, "metadata"): GridSquareMetadata(
        atlas_node_id=1, selected=False, unusable=False
    ),
    (GridSquareData, "manifest"): GridSquareManifest(
        acquisition_datetime=WHEN, detector_name="EF-CCD"
    ),
    (GridSquareMetadata, "stage_position"): GridSquareStagePosition(),
}


@given(hole=foilholes)
def test_a_foil_hole_body_is_its_request_to_dict_key_for_key(hole: FoilHoleData) -> None:
    request = convert.foilhole_to_request(hole).to_dict()
    assert list(foilhole_body(hole).items()) == list(request.items())


def _refusal(convert_one: Callable[[], Any]) -> tuple[type, str] | None:
    try:
        convert_one()
    except (ConversionError, InvalidEPUField) as error:
        return type(error), str(error)
    return None


@given(data=st.data())
def test_a_foil_hole_body_refuses_exactly_what_its_request_refuses(data: Any) -> None:
    [case] = [case for case in CASES if case.name == "foilhole"]
    hole = data.draw(case.entities)
    path, values = data.draw(st.sampled_from(case.breakages))
    value = data.draw(values)
    refused = _refusal(lambda: convert.foilhole_to_request(replaced(hole, path.split("."), value)))
    assert refused is not None
    assert _refusal(lambda: foilhole_body(replaced(hole, path.split("."), value))) == refused


@given(
    holes=st.lists(foilholes, max_size=8).flatmap(
        lambda drawn: st.just(drawn) | st.just(drawn + drawn[:1])  # the same hole twice
    ),
    allowed=st.booleans(),
)
def test_a_batch_of_bodies_keeps_what_a_batch_of_requests_keeps(
    holes: list[FoilHoleData], allowed: bool
) -> None:
    refused = _refusal(lambda: foilholes_to_requests(holes, allow_on_grid_bar=allowed))
    assert _refusal(lambda: foilhole_bodies(holes, allow_on_grid_bar=allowed)) == refused
    if refused is None:
        requests, kept = foilholes_to_requests(holes, allow_on_grid_bar=allowed)
        bodies, kept_bodies = foilhole_bodies(holes, allow_on_grid_bar=allowed)
        assert kept_bodies == kept
        assert bodies == [request.to_dict() for request in requests]


@given(
    holes=st.lists(foilholes, max_size=8, unique_by=(lambda h: h.uuid, lambda h: h.id)),
    allow_on_grid_bar=st.booleans(),
)
def test_batch_keeps_exactly_the_allowed_holes_in_order(
    holes: list[FoilHoleData], allow_on_grid_bar: bool
) -> None:
    requests, kept = foilholes_to_requests(holes, allow_on_grid_bar=allow_on_grid_bar)
    expected = [hole for hole in holes if allow_on_grid_bar or not hole.is_near_grid_bar]
    assert kept == expected
    assert [request.uuid for request in requests] == [hole.uuid for hole in expected]
    assert [request.foilhole_id for request in requests] == [hole.id for hole in expected]
    for request in requests:
        validator_for("FoilHoleCreateRequest").validate(body_of(request))


def test_the_date_time_check_refuses_what_the_backend_refuses() -> None:
    body = {"uuid": "acq-uuid", "start_time": "2025-03-04T05:06:07+01:00"}
    assert not validator_for("AcquisitionCreateRequest").is_valid(body)
    assert validator_for("AcquisitionCreateRequest").is_valid(
        {**body, "start_time": WHEN.isoformat()}
    )


# Times: the backend stores naive UTC, so aware times are sent as their UTC instant.

any_offset = st.tuples(
    st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(9999, 12, 30)),
    st.integers(min_value=-23 * 60, max_value=23 * 60),
    st.integers(0, 59),
).map(lambda t: t[0].replace(tzinfo=timezone(timedelta(minutes=t[1], seconds=t[2]))))


@given(moment=any_offset)
def test_an_aware_time_is_sent_as_its_utc_instant_without_offset(moment: datetime) -> None:
    request = convert.acquisition_to_request(acquisition(start_time=moment))
    sent = request.to_dict()["start_time"]
    assert DATE_TIME.fullmatch(sent)
    assert datetime.fromisoformat(sent).replace(tzinfo=UTC) == moment


def test_a_naive_time_is_sent_as_it_is() -> None:
    request = convert.acquisition_to_request(acquisition(start_time=WHEN))
    assert request.to_dict()["start_time"] == "2025-03-04T05:06:07.890000"


def test_an_offset_with_seconds_is_converted_not_refused() -> None:
    request = convert.atlas_to_request(atlas(acquisition_date=ODD_OFFSET))
    assert request.to_dict()["acquisition_date"] == "2025-03-04T05:04:52"


def test_every_time_field_is_sent_without_offset() -> None:
    local = timezone(timedelta(hours=1))
    moment = datetime(2024, 4, 6, 10, 24, 20, tzinfo=local)
    sent = [
        convert.acquisition_to_request(acquisition(start_time=moment)).to_dict()["start_time"],
        convert.atlas_to_request(atlas(acquisition_date=moment)).to_dict()["acquisition_date"],
        convert.gridsquare_to_request(
            gridsquare(manifest=attrs.evolve(gridsquare().manifest, acquisition_datetime=moment))
        ).to_dict()["acquisition_datetime"],
        convert.micrograph_to_request(
            micrograph(manifest=attrs.evolve(micrograph().manifest, acquisition_datetime=moment))
        ).to_dict()["acquisition_datetime"],
    ]
    assert sent == ["2024-04-06T09:24:20"] * 4


def test_a_time_that_is_not_a_datetime_names_the_field() -> None:
    entity = attrs.evolve(acquisition(), start_time=None)
    object.__setattr__(entity, "start_time", "2024-04-06T10:24:20")
    with pytest.raises(ConversionError) as caught:
        convert.acquisition_to_request(entity)
    assert (caught.value.entity, caught.value.field) == ("AcquisitionData", "start_time")


REQUEST_TIME = load_spec()["components"]["schemas"]["AcquisitionCreateRequest"]["properties"][
    "start_time"
]["anyOf"][0]


@given(st.datetimes(timezones=st.none() | st.timezones()))
def test_every_time_is_sent_in_the_format_the_contract_states(moment: datetime) -> None:
    text = backend_time_text(moment)
    assert re.fullmatch(REQUEST_TIME["pattern"], text)
    sent = datetime.fromisoformat(text)
    if moment.utcoffset() is None:
        assert sent == moment
    else:
        # The same instant, written in UTC: the wall time less its offset. (Comparing aware
        # values would not do: a time in a DST gap equals no time of another zone.)
        offset = moment.utcoffset()
        assert offset is not None
        assert sent == moment.replace(tzinfo=None) - offset
