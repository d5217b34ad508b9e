from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..models.grid_square_status import GridSquareStatus

T = TypeVar("T", bound="GridSquareResponse")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "uuid",
        "gridsquare_id",
        "grid_uuid",
        "status",
        "data_dir",
        "atlas_node_id",
        "state",
        "rotation",
        "image_path",
        "selected",
        "unusable",
        "stage_position_x",
        "stage_position_y",
        "stage_position_z",
        "center_x",
        "center_y",
        "physical_x",
        "physical_y",
        "size_width",
        "size_height",
        "acquisition_datetime",
        "defocus",
        "magnification",
        "pixel_size",
        "detector_name",
        "applied_defocus",
    }
)


@_attrs_define
class GridSquareResponse:
    """
    Attributes:
        uuid (str):
        gridsquare_id (str):
        grid_uuid (None | str):
        status (GridSquareStatus | None):
        data_dir (None | str):
        atlas_node_id (int | None):
        state (None | str):
        rotation (float | None):
        image_path (None | str):
        selected (bool | None):
        unusable (bool | None):
        stage_position_x (float | None):
        stage_position_y (float | None):
        stage_position_z (float | None):
        center_x (int | None):
        center_y (int | None):
        physical_x (float | None):
        physical_y (float | None):
        size_width (int | None):
        size_height (int | None):
        acquisition_datetime (datetime.datetime | None):
        defocus (float | None):
        magnification (float | None):
        pixel_size (float | None):
        detector_name (None | str):
        applied_defocus (float | None):
    """

    uuid: str
    gridsquare_id: str
    grid_uuid: None | str
    status: GridSquareStatus | None
    data_dir: None | str
    atlas_node_id: int | None
    state: None | str
    rotation: float | None
    image_path: None | str
    selected: bool | None
    unusable: bool | None
    stage_position_x: float | None
    stage_position_y: float | None
    stage_position_z: float | None
    center_x: int | None
    center_y: int | None
    physical_x: float | None
    physical_y: float | None
    size_width: int | None
    size_height: int | None
    acquisition_datetime: datetime.datetime | None
    defocus: float | None
    magnification: float | None
    pixel_size: float | None
    detector_name: None | str
    applied_defocus: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = self.uuid

        gridsquare_id = self.gridsquare_id

        grid_uuid: None | str
        grid_uuid = self.grid_uuid

        status: None | str
        if isinstance(self.status, GridSquareStatus):
            status = self.status.value
        else:
            status = self.status

        data_dir: None | str
        data_dir = self.data_dir

        atlas_node_id: int | None
        atlas_node_id = self.atlas_node_id

        state: None | str
        state = self.state

        rotation: float | None
        rotation = self.rotation

        image_path: None | str
        image_path = self.image_path

        selected: bool | None
        selected = self.selected

        unusable: bool | None
        unusable = self.unusable

        stage_position_x: float | None
        stage_position_x = self.stage_position_x

        stage_position_y: float | None
        stage_position_y = self.stage_position_y

        stage_position_z: float | None
        stage_position_z = self.stage_position_z

        center_x: int | None
        center_x = self.center_x

        center_y: int | None
        center_y = self.center_y

        physical_x: float | None
        physical_x = self.physical_x

        physical_y: float | None
        physical_y = self.physical_y

        size_width: int | None
        size_width = self.size_width

        size_height: int | None
        size_height = self.size_height

        acquisition_datetime: None | str
        if isinstance(self.acquisition_datetime, datetime.datetime):
            acquisition_datetime = self.acquisition_datetime.isoformat()
        else:
            acquisition_datetime = self.acquisition_datetime

        defocus: float | None
        defocus = self.defocus

        magnification: float | None
        magnification = self.magnification

        pixel_size: float | None
        pixel_size = self.pixel_size

        detector_name: None | str
        detector_name = self.detector_name

        applied_defocus: float | None
        applied_defocus = self.applied_defocus

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "gridsquare_id": gridsquare_id,
                "grid_uuid": grid_uuid,
                "status": status,
                "data_dir": data_dir,
                "atlas_node_id": atlas_node_id,
                "state": state,
                "rotation": rotation,
                "image_path": image_path,
                "selected": selected,
                "unusable": unusable,
                "stage_position_x": stage_position_x,
                "stage_position_y": stage_position_y,
                "stage_position_z": stage_position_z,
                "center_x": center_x,
                "center_y": center_y,
                "physical_x": physical_x,
                "physical_y": physical_y,
                "size_width": size_width,
                "size_height": size_height,
                "acquisition_datetime": acquisition_datetime,
                "defocus": defocus,
                "magnification": magnification,
                "pixel_size": pixel_size,
                "detector_name": detector_name,
                "applied_defocus": applied_defocus,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "GridSquareResponse")
        uuid = _d["uuid"]
        gridsquare_id = _d["gridsquare_id"]
        grid_uuid = _d["grid_uuid"]
        status = _d["status"]
        data_dir = _d["data_dir"]
        atlas_node_id = _d["atlas_node_id"]
        state = _d["state"]
        rotation = _d["rotation"]
        image_path = _d["image_path"]
        selected = _d["selected"]
        unusable = _d["unusable"]
        stage_position_x = _d["stage_position_x"]
        stage_position_y = _d["stage_position_y"]
        stage_position_z = _d["stage_position_z"]
        center_x = _d["center_x"]
        center_y = _d["center_y"]
        physical_x = _d["physical_x"]
        physical_y = _d["physical_y"]
        size_width = _d["size_width"]
        size_height = _d["size_height"]
        acquisition_datetime = _d["acquisition_datetime"]
        defocus = _d["defocus"]
        magnification = _d["magnification"]
        pixel_size = _d["pixel_size"]
        detector_name = _d["detector_name"]
        applied_defocus = _d["applied_defocus"]
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(uuid),
            type(gridsquare_id),
            type(grid_uuid),
            type(data_dir),
            type(atlas_node_id),
            type(state),
            type(rotation),
            type(image_path),
            type(selected),
            type(unusable),
            type(stage_position_x),
            type(stage_position_y),
            type(stage_position_z),
            type(center_x),
            type(center_y),
            type(physical_x),
            type(physical_y),
            type(size_width),
            type(size_height),
            type(defocus),
            type(magnification),
            type(pixel_size),
            type(detector_name),
            type(applied_defocus),
        )
        if _types not in _PASSED:
            if type(uuid) is not str:
                raise InvalidData("GridSquareResponse", "uuid", wrong("str", uuid))

            if type(gridsquare_id) is not str:
                raise InvalidData(
                    "GridSquareResponse", "gridsquare_id", wrong("str", gridsquare_id)
                )

            if type(grid_uuid) not in _ACCEPTS_str_None:
                raise InvalidData("GridSquareResponse", "grid_uuid", wrong("None | str", grid_uuid))

            if type(data_dir) not in _ACCEPTS_str_None:
                raise InvalidData("GridSquareResponse", "data_dir", wrong("None | str", data_dir))

            if type(atlas_node_id) not in _ACCEPTS_int_None:
                raise InvalidData(
                    "GridSquareResponse", "atlas_node_id", wrong("int | None", atlas_node_id)
                )

            if type(state) not in _ACCEPTS_str_None:
                raise InvalidData("GridSquareResponse", "state", wrong("None | str", state))

            if type(rotation) not in _ACCEPTS_float_int_None:
                raise InvalidData("GridSquareResponse", "rotation", wrong("float | None", rotation))

            if type(image_path) not in _ACCEPTS_str_None:
                raise InvalidData(
                    "GridSquareResponse", "image_path", wrong("None | str", image_path)
                )

            if type(selected) not in _ACCEPTS_bool_None:
                raise InvalidData("GridSquareResponse", "selected", wrong("bool | None", selected))

            if type(unusable) not in _ACCEPTS_bool_None:
                raise InvalidData("GridSquareResponse", "unusable", wrong("bool | None", unusable))

            if type(stage_position_x) not in _ACCEPTS_float_int_None:
                raise InvalidData(
                    "GridSquareResponse",
                    "stage_position_x",
                    wrong("float | None", stage_position_x),
                )

            if type(stage_position_y) not in _ACCEPTS_float_int_None:
                raise InvalidData(
                    "GridSquareResponse",
                    "stage_position_y",
                    wrong("float | None", stage_position_y),
                )

            if type(stage_position_z) not in _ACCEPTS_float_int_None:
                raise InvalidData(
                    "GridSquareResponse",
                    "stage_position_z",
                    wrong("float | None", stage_position_z),
                )

            if type(center_x) not in _ACCEPTS_int_None:
                raise InvalidData("GridSquareResponse", "center_x", wrong("int | None", center_x))

            if type(center_y) not in _ACCEPTS_int_None:
                raise InvalidData("GridSquareResponse", "center_y", wrong("int | None", center_y))

            if type(physical_x) not in _ACCEPTS_float_int_None:
                raise InvalidData(
                    "GridSquareResponse", "physical_x", wrong("float | None", physical_x)
                )

            if type(physical_y) not in _ACCEPTS_float_int_None:
                raise InvalidData(
                    "GridSquareResponse", "physical_y", wrong("float | None", physical_y)
                )

            if type(size_width) not in _ACCEPTS_int_None:
                raise InvalidData(
                    "GridSquareResponse", "size_width", wrong("int | None", size_width)
                )

            if type(size_height) not in _ACCEPTS_int_None:
                raise InvalidData(
                    "GridSquareResponse", "size_height", wrong("int | None", size_height)
                )

            if type(defocus) not in _ACCEPTS_float_int_None:
                raise InvalidData("GridSquareResponse", "defocus", wrong("float | None", defocus))

            if type(magnification) not in _ACCEPTS_float_int_None:
                raise InvalidData(
                    "GridSquareResponse", "magnification", wrong("float | None", magnification)
                )

            if type(pixel_size) not in _ACCEPTS_float_int_None:
                raise InvalidData(
                    "GridSquareResponse", "pixel_size", wrong("float | None", pixel_size)
                )

            if type(detector_name) not in _ACCEPTS_str_None:
                raise InvalidData(
                    "GridSquareResponse", "detector_name", wrong("None | str", detector_name)
                )

            if type(applied_defocus) not in _ACCEPTS_float_int_None:
                raise InvalidData(
                    "GridSquareResponse", "applied_defocus", wrong("float | None", applied_defocus)
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        if type(status) is str:
            status = GridSquareStatus._value2member_map_.get(status, status)
        if type(status) not in _ACCEPTS_GridSquareStatus_str_None:
            raise InvalidData(
                "GridSquareResponse", "status", wrong("GridSquareStatus | None", status)
            )

        if type(acquisition_datetime) is str:
            try:
                acquisition_datetime = datetime.datetime.fromisoformat(acquisition_datetime)
            except ValueError:
                pass
        if type(acquisition_datetime) not in _ACCEPTS_datetime_None:
            raise InvalidData(
                "GridSquareResponse",
                "acquisition_datetime",
                wrong("datetime | None", acquisition_datetime),
            )

        _built = cls(
            uuid,
            gridsquare_id,
            grid_uuid,
            status,
            data_dir,
            atlas_node_id,
            state,
            rotation,
            image_path,
            selected,
            unusable,
            stage_position_x,
            stage_position_y,
            stage_position_z,
            center_x,
            center_y,
            physical_x,
            physical_y,
            size_width,
            size_height,
            acquisition_datetime,
            defocus,
            magnification,
            pixel_size,
            detector_name,
            applied_defocus,
        )
        if len(_d) != 26 and not _KNOWN_KEYS.issuperset(_d):
            _built.additional_properties = {
                _key: _value for _key, _value in _d.items() if _key not in _KNOWN_KEYS
            }
        return _built

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# The types each field takes as they are, where it takes several.
_ACCEPTS_str_None = frozenset({str, type(None)})
_ACCEPTS_int_None = frozenset({int, type(None)})
_ACCEPTS_float_int_None = frozenset({float, int, type(None)})
_ACCEPTS_bool_None = frozenset({bool, type(None)})
_ACCEPTS_GridSquareStatus_str_None = frozenset({GridSquareStatus, str, type(None)})
_ACCEPTS_datetime_None = frozenset({datetime.datetime, type(None)})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
