"""The EPU data model checks itself where it is made, naming the class and field it rejects."""

from __future__ import annotations

import math
import pickle
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import attrs
import pytest

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
    InvalidEPUFieldType,
    MicrographData,
    MicrographManifest,
    MicroscopeData,
)

WHEN = datetime(2025, 3, 4, 5, 6, 7)
NAN = math.nan
INF = math.inf


def micrograph_manifest(**changes: Any) -> MicrographManifest:
    fields: dict[str, Any] = {
        "unique_id": "FoilHole_1_Data_2",
        "acquisition_datetime": WHEN,
        "detector_name": "Falcon",
        "energy_filter": True,
        "phase_plate": False,
        "binning_x": 1,
        "binning_y": 1,
    }
    return MicrographManifest(**{**fields, **changes})


def tile(**changes: Any) -> AtlasTileData:
    return AtlasTileData(**{"id": "Tile_1", "tile_position": AtlasTilePosition(), **changes})


# The smallest valid arguments of every class; each row of INVALID changes one of them.
MINIMAL: dict[type[Any], Callable[[], dict[str, Any]]] = {
    MicroscopeData: dict,
    AcquisitionData: dict,
    AtlasTilePosition: dict,
    AtlasTileGridSquarePosition: lambda: {"position": (1, 2), "size": (3, 4)},
    AtlasTileData: lambda: {"id": "Tile_1", "tile_position": AtlasTilePosition()},
    GridSquarePosition: dict,
    AtlasData: lambda: {
        "id": "Atlas_1",
        "acquisition_date": WHEN,
        "storage_folder": "/atlas",
        "name": "Atlas",
    },
    GridData: lambda: {"data_dir": "/grid"},
    GridSquareStagePosition: dict,
    FoilHolePosition: lambda: {"x_location": 1, "y_location": 2, "diameter": 3},
    GridSquareMetadata: lambda: {"atlas_node_id": 7, "selected": True, "unusable": False},
    GridSquareManifest: lambda: {"acquisition_datetime": WHEN, "detector_name": "EF-CCD"},
    GridSquareData: lambda: {"gridsquare_id": "1234"},
    FoilHoleData: lambda: {"id": "5678"},
    MicrographManifest: lambda: attrs.asdict(micrograph_manifest(), recurse=False),
    MicrographData: lambda: {
        "id": "FoilHole_5678_Data_1",
        "gridsquare_id": "1234",
        "foilhole_id": "5678",
        "location_id": "9",
        "high_res_path": "/data/a.tiff",
        "manifest_file": "/data/a.xml",
        "manifest": micrograph_manifest(),
    },
    AtlasTileGridSquarePositionData: lambda: {"position": (1, 2), "size": (3, 4)},
}

VALUE, TYPE = InvalidEPUField, InvalidEPUFieldType

INVALID: list[tuple[type[Any], str, Any, type[InvalidEPUField]]] = [
    (MicroscopeData, "instrument_model", 5, TYPE),
    (MicroscopeData, "instrument_id", b"K3", TYPE),
    (MicroscopeData, "computer_name", 1.0, TYPE),
    (AcquisitionData, "id", "", VALUE),
    (AcquisitionData, "id", "  ", VALUE),
    (AcquisitionData, "id", 3, TYPE),
    (AcquisitionData, "name", None, TYPE),
    (AcquisitionData, "start_time", "2025-03-04T05:06:07", TYPE),
    (AcquisitionData, "start_time", date(2025, 3, 4), TYPE),
    (AcquisitionData, "atlas_path", Path("/atlas"), TYPE),
    (AcquisitionData, "storage_path", 1, TYPE),
    (AcquisitionData, "clustering_mode", 1, TYPE),
    (AcquisitionData, "clustering_radius", 1.5, TYPE),
    (AcquisitionData, "instrument", {"instrument_model": "Krios"}, TYPE),
    (AcquisitionData, "uuid", "", VALUE),
    (AcquisitionData, "uuid", None, TYPE),
    (AtlasTilePosition, "position", (1,), VALUE),
    (AtlasTilePosition, "position", [1, 2, 3], VALUE),
    (AtlasTilePosition, "position", (1.0, 2), VALUE),
    (AtlasTilePosition, "position", (True, 2), VALUE),
    (AtlasTilePosition, "size", "12", VALUE),
    (AtlasTilePosition, "size", [1, "2"], VALUE),
    (AtlasTileGridSquarePosition, "position", None, VALUE),
    (AtlasTileGridSquarePosition, "size", (1, 2, 3), VALUE),
    (AtlasTileData, "id", "", VALUE),
    (AtlasTileData, "id", None, TYPE),
    (AtlasTileData, "tile_position", None, TYPE),
    (AtlasTileData, "tile_position", (1, 2), TYPE),
    (AtlasTileData, "file_format", 1, TYPE),
    (AtlasTileData, "base_filename", 1, TYPE),
    (AtlasTileData, "atlas_uuid", "", VALUE),
    (AtlasTileData, "uuid", "", VALUE),
    (AtlasTileData, "gridsquare_positions", [], TYPE),
    (AtlasTileData, "gridsquare_positions", {1: []}, TYPE),
    (AtlasTileData, "gridsquare_positions", {"5": [((1, 2), (3, 4))]}, TYPE),
    (
        AtlasTileData,
        "gridsquare_positions",
        {"5": AtlasTileGridSquarePosition(position=(1, 2), size=(3, 4))},
        TYPE,
    ),
    (GridSquarePosition, "center", (1, 2, 3), VALUE),
    (GridSquarePosition, "physical", (NAN, 1.0), VALUE),
    (GridSquarePosition, "physical", (1.0,), VALUE),
    (GridSquarePosition, "size", (0.5, 1), VALUE),
    (GridSquarePosition, "rotation", INF, VALUE),
    (GridSquarePosition, "rotation", "1", TYPE),
    (AtlasData, "id", "", VALUE),
    (AtlasData, "acquisition_date", None, TYPE),
    (AtlasData, "acquisition_date", date(2025, 3, 4), TYPE),
    (AtlasData, "storage_folder", None, TYPE),
    (AtlasData, "description", 1, TYPE),
    (AtlasData, "name", None, TYPE),
    (AtlasData, "tiles", [object()], TYPE),
    (AtlasData, "tiles", 5, TYPE),
    (AtlasData, "gridsquare_positions", {"1": GridSquarePosition()}, TYPE),
    (AtlasData, "gridsquare_positions", {1: (1, 2)}, TYPE),
    (AtlasData, "gridsquare_positions", [], TYPE),
    (AtlasData, "grid_uuid", "", VALUE),
    (AtlasData, "uuid", "", VALUE),
    (GridData, "data_dir", "", VALUE),
    (GridData, "data_dir", None, TYPE),
    (GridData, "data_dir", 5, TYPE),
    (GridData, "data_dir", b"/grid", TYPE),
    (GridData, "atlas_dir", "", VALUE),
    (GridData, "acquisition_data", MicroscopeData(), TYPE),
    (GridData, "atlas_data", object(), TYPE),
    (GridData, "uuid", "", VALUE),
    (GridSquareStagePosition, "x", NAN, VALUE),
    (GridSquareStagePosition, "y", -INF, VALUE),
    (GridSquareStagePosition, "z", "1", TYPE),
    (GridSquareStagePosition, "x", True, TYPE),
    (FoilHolePosition, "x_location", 1.5, TYPE),
    (FoilHolePosition, "y_location", None, TYPE),
    (FoilHolePosition, "x_stage_position", NAN, VALUE),
    (FoilHolePosition, "y_stage_position", INF, VALUE),
    (FoilHolePosition, "diameter", "3", TYPE),
    (FoilHolePosition, "is_near_grid_bar", None, TYPE),
    (FoilHolePosition, "is_near_grid_bar", 1, TYPE),
    (GridSquareMetadata, "atlas_node_id", True, TYPE),
    (GridSquareMetadata, "stage_position", (1.0, 2.0, 3.0), TYPE),
    (GridSquareMetadata, "state", 1, TYPE),
    (GridSquareMetadata, "rotation", NAN, VALUE),
    (GridSquareMetadata, "image_path", "", VALUE),
    (GridSquareMetadata, "selected", None, TYPE),
    (GridSquareMetadata, "unusable", "no", TYPE),
    (
        GridSquareMetadata,
        "foilhole_positions",
        {"1": FoilHolePosition(**MINIMAL[FoilHolePosition]())},
        TYPE,
    ),
    (GridSquareMetadata, "foilhole_positions", {1: {}}, TYPE),
    (GridSquareManifest, "acquisition_datetime", "2025-03-04", TYPE),
    (GridSquareManifest, "defocus", NAN, VALUE),
    (GridSquareManifest, "magnification", INF, VALUE),
    (GridSquareManifest, "pixel_size", "1", TYPE),
    (GridSquareManifest, "detector_name", None, TYPE),
    (GridSquareManifest, "applied_defocus", -INF, VALUE),
    (GridSquareManifest, "data_dir", "", VALUE),
    (GridSquareData, "gridsquare_id", "", VALUE),
    (GridSquareData, "grid_uuid", "", VALUE),
    (GridSquareData, "data_dir", 5, TYPE),
    (GridSquareData, "metadata", {}, TYPE),
    (GridSquareData, "manifest", {}, TYPE),
    (GridSquareData, "center_x", 1.5, TYPE),
    (GridSquareData, "center_y", "1", TYPE),
    (GridSquareData, "size_width", True, TYPE),
    (GridSquareData, "size_height", 2.0, TYPE),
    (GridSquareData, "registered", None, TYPE),
    (GridSquareData, "uuid", " ", VALUE),
    (FoilHoleData, "id", "", VALUE),
    (FoilHoleData, "gridsquare_id", "", VALUE),
    (FoilHoleData, "gridsquare_uuid", "", VALUE),
    (FoilHoleData, "center_x", NAN, VALUE),
    (FoilHoleData, "center_y", INF, VALUE),
    (FoilHoleData, "quality", "good", TYPE),
    (FoilHoleData, "rotation", -INF, VALUE),
    (FoilHoleData, "size_width", NAN, VALUE),
    (FoilHoleData, "size_height", True, TYPE),
    (FoilHoleData, "x_location", 1.5, TYPE),
    (FoilHoleData, "y_location", "2", TYPE),
    (FoilHoleData, "x_stage_position", NAN, VALUE),
    (FoilHoleData, "y_stage_position", 10**400, VALUE),
    (FoilHoleData, "diameter", 2.5, TYPE),
    (FoilHoleData, "is_near_grid_bar", 0, TYPE),
    (FoilHoleData, "uuid", "", VALUE),
    (MicrographManifest, "unique_id", "", VALUE),
    (MicrographManifest, "acquisition_datetime", None, TYPE),
    (MicrographManifest, "defocus", NAN, VALUE),
    (MicrographManifest, "detector_name", 1, TYPE),
    (MicrographManifest, "energy_filter", None, TYPE),
    (MicrographManifest, "phase_plate", 1, TYPE),
    (MicrographManifest, "image_size_x", 0, VALUE),
    (MicrographManifest, "image_size_y", -1, VALUE),
    (MicrographManifest, "image_size_x", 1.5, TYPE),
    (MicrographManifest, "binning_x", 0, VALUE),
    (MicrographManifest, "binning_y", -2, VALUE),
    (MicrographManifest, "binning_x", None, TYPE),
    (MicrographData, "id", "", VALUE),
    (MicrographData, "gridsquare_id", "", VALUE),
    (MicrographData, "foilhole_uuid", "", VALUE),
    (MicrographData, "foilhole_id", " ", VALUE),
    (MicrographData, "location_id", "", VALUE),
    (MicrographData, "high_res_path", "", VALUE),
    (MicrographData, "manifest_file", None, TYPE),
    (MicrographData, "manifest", None, TYPE),
    (MicrographData, "uuid", "", VALUE),
    (AtlasTileGridSquarePositionData, "tile_uuid", "", VALUE),
    (AtlasTileGridSquarePositionData, "gridsquare_uuid", "", VALUE),
    (AtlasTileGridSquarePositionData, "position", (1,), VALUE),
    (AtlasTileGridSquarePositionData, "size", None, VALUE),
]


@pytest.mark.parametrize(
    ("cls", "field", "value", "error"),
    INVALID,
    ids=[f"{cls.__name__}.{field}={value!r}" for cls, field, value, _ in INVALID],
)
def test_invalid_value_is_rejected_naming_class_and_field(
    cls: type[Any], field: str, value: Any, error: type[InvalidEPUField]
) -> None:
    with pytest.raises(error) as caught:
        cls(**{**MINIMAL[cls](), field: value})
    assert caught.value.entity == cls.__name__
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{cls.__name__}.{field}: ")


def test_every_validated_class_has_invalid_cases() -> None:
    covered = {cls for cls, *_ in INVALID}
    assert covered == set(MINIMAL)


def test_every_field_with_a_validator_is_covered() -> None:
    covered = {(cls, field) for cls, field, *_ in INVALID}
    validated = {
        (cls, field.name)
        for cls in MINIMAL
        for field in attrs.fields(cls)
        if field.validator is not None
    }
    assert validated - covered == set()


@pytest.mark.parametrize("cls", list(MINIMAL), ids=lambda cls: cls.__name__)
def test_minimal_arguments_build_a_valid_value(cls: type[Any]) -> None:
    cls(**MINIMAL[cls]())


def test_messages_name_class_field_and_value() -> None:
    with pytest.raises(
        InvalidEPUField, match=r"^GridSquareData\.center_x: must be an int, got 1\.5$"
    ):
        GridSquareData(gridsquare_id="1", center_x=1.5)
    with pytest.raises(InvalidEPUField, match=r"^FoilHoleData\.center_x: must be finite, got nan$"):
        FoilHoleData(id="1", center_x=NAN)
    with pytest.raises(
        InvalidEPUField, match=r"^MicrographManifest\.binning_y: must be positive, got 0$"
    ):
        micrograph_manifest(binning_y=0)


def test_type_errors_are_value_errors_too() -> None:
    assert issubclass(InvalidEPUFieldType, TypeError)
    assert issubclass(InvalidEPUFieldType, ValueError)
    assert issubclass(InvalidEPUField, ValueError)
    assert not issubclass(InvalidEPUField, TypeError)


def test_errors_survive_pickling() -> None:
    error = InvalidEPUFieldType("FoilHoleData", "diameter", "must be an int, got 2.5")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is InvalidEPUFieldType
    assert (copy.entity, copy.field, copy.reason) == (error.entity, error.field, error.reason)
    assert str(copy) == str(error)


def test_entities_get_distinct_uuid4_by_default() -> None:
    first, second = FoilHoleData(id="1"), FoilHoleData(id="1")
    assert first.uuid != second.uuid
    assert len(first.uuid) == 36 and first.uuid[14] == "4"


def test_defaults_follow_epu() -> None:
    acquisition = AcquisitionData()
    assert acquisition.name == "Unknown"
    assert acquisition.id is None and acquisition.instrument is None
    assert FoilHoleData(id="1").is_near_grid_bar is False
    assert GridSquareData(gridsquare_id="1").registered is False
    assert GridSquareMetadata(**MINIMAL[GridSquareMetadata]()).foilhole_positions == {}
    assert tile().gridsquare_positions == {}
    assert AtlasData(**MINIMAL[AtlasData]()).tiles == ()


def test_paths_accept_str_and_pathlike() -> None:
    grid = GridData(data_dir="/data/grid1", atlas_dir=PurePosixPath("/data/atlas"))
    assert grid.data_dir == Path("/data/grid1")
    assert grid.atlas_dir == Path("/data/atlas")
    assert isinstance(grid.data_dir, Path) and isinstance(grid.atlas_dir, Path)
    micrograph = MicrographData(**MINIMAL[MicrographData]())
    assert micrograph.high_res_path == Path("/data/a.tiff")
    assert micrograph.manifest_file == Path("/data/a.xml")


def test_pairs_accept_lists_and_are_stored_as_tuples() -> None:
    position = AtlasTilePosition(position=[10, 20], size=[30, 40])
    assert position.position == (10, 20) and position.size == (30, 40)
    link = AtlasTileGridSquarePositionData(position=[1, 2], size=[3, 4])
    assert (link.position, link.size) == ((1, 2), (3, 4))
    square = GridSquarePosition(center=[1, 2], physical=[0.5, 1], size=[3, 4], rotation=0)
    assert (square.center, square.physical, square.size) == ((1, 2), (0.5, 1), (3, 4))


def test_collections_are_copied_into_immutable_containers() -> None:
    seen = AtlasTileGridSquarePosition(position=(1, 2), size=(3, 4))
    positions = {"1234": [seen]}
    tile_data = tile(gridsquare_positions=positions)
    positions["1234"].append(seen)
    assert tile_data.gridsquare_positions == {"1234": (seen,)}
    tiles = [tile_data]
    atlas = AtlasData(**MINIMAL[AtlasData](), tiles=tiles)
    tiles.append(tile(id="Tile_2"))
    assert atlas.tiles == (tile_data,)


def test_values_are_frozen_and_hashable() -> None:
    hole = FoilHoleData(id="1")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        hole.id = "2"  # type: ignore[misc]
    atlas = AtlasData(
        **MINIMAL[AtlasData](), tiles=[tile()], gridsquare_positions={1: GridSquarePosition()}
    )
    grid = GridData(data_dir="/grid", atlas_data=atlas)
    assert len({grid, grid, hole}) == 2


def test_numbers_accept_ints_where_floats_are_expected() -> None:
    hole = FoilHoleData(id="1", center_x=12, size_width=3)
    assert (hole.center_x, hole.size_width) == (12, 3)


def test_naive_and_aware_datetimes_are_kept_as_given() -> None:
    aware = datetime.fromisoformat("2025-03-04T05:06:07+02:00")
    assert AcquisitionData(start_time=WHEN).start_time is WHEN
    assert AcquisitionData(start_time=aware).start_time is aware


def test_atlas_tiles_must_belong_to_the_atlas() -> None:
    with pytest.raises(InvalidEPUField, match=r"^AtlasData\.tiles: tile 'Tile_1' belongs to atlas"):
        AtlasData(**MINIMAL[AtlasData](), uuid="atlas-a", tiles=[tile(atlas_uuid="atlas-b")])
    atlas = AtlasData(**MINIMAL[AtlasData](), uuid="atlas-a", tiles=[tile(atlas_uuid="atlas-a")])
    assert atlas.tiles[0].atlas_uuid == "atlas-a"


def test_atlas_tile_ids_and_uuids_are_unique() -> None:
    with pytest.raises(InvalidEPUField, match=r"^AtlasData\.tiles: tile ids must be unique"):
        AtlasData(**MINIMAL[AtlasData](), tiles=[tile(), tile()])
    with pytest.raises(InvalidEPUField, match=r"^AtlasData\.tiles: tile uuids must be unique"):
        AtlasData(**MINIMAL[AtlasData](), tiles=[tile(uuid="u"), tile(id="Tile_2", uuid="u")])


def test_grid_atlas_must_belong_to_the_grid() -> None:
    atlas = AtlasData(**MINIMAL[AtlasData](), grid_uuid="grid-b")
    with pytest.raises(InvalidEPUField, match=r"^GridData\.atlas_data: atlas 'Atlas_1' belongs to"):
        GridData(data_dir="/grid", uuid="grid-a", atlas_data=atlas)
    assert GridData(data_dir="/grid", uuid="grid-b", atlas_data=atlas).atlas_data is atlas


def test_parent_uuids_may_stay_unset_until_the_parent_is_registered() -> None:
    assert GridSquareData(gridsquare_id="1").grid_uuid is None
    assert FoilHoleData(id="1").gridsquare_uuid is None
    assert MicrographData(**MINIMAL[MicrographData]()).foilhole_uuid is None
    assert AtlasData(**MINIMAL[AtlasData]()).grid_uuid is None
    assert tile().atlas_uuid is None
    link = AtlasTileGridSquarePositionData(position=(1, 2), size=(3, 4))
    assert (link.tile_uuid, link.gridsquare_uuid) == (None, None)


def test_evolve_validates_too() -> None:
    hole = FoilHoleData(id="1")
    with pytest.raises(InvalidEPUField, match=r"^FoilHoleData\.quality: must be finite"):
        attrs.evolve(hole, quality=NAN)
