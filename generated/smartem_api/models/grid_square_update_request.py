from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..models.grid_square_status import GridSquareStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="GridSquareUpdateRequest")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "uuid",
        "gridsquare_id",
        "grid_uuid",
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
        "status",
        "lowmag",
    }
)


@_attrs_define
class GridSquareUpdateRequest:
    """
    Attributes:
        uuid (None | str | Unset):
        gridsquare_id (None | str | Unset):
        grid_uuid (None | str | Unset):
        data_dir (None | str | Unset):
        atlas_node_id (int | None | Unset):
        state (None | str | Unset):
        rotation (float | None | Unset):
        image_path (None | str | Unset):
        selected (bool | None | Unset):
        unusable (bool | None | Unset):
        stage_position_x (float | None | Unset):
        stage_position_y (float | None | Unset):
        stage_position_z (float | None | Unset):
        center_x (int | None | Unset):
        center_y (int | None | Unset):
        physical_x (float | None | Unset):
        physical_y (float | None | Unset):
        size_width (int | None | Unset):
        size_height (int | None | Unset):
        acquisition_datetime (None | str | Unset):
        defocus (float | None | Unset):
        magnification (float | None | Unset):
        pixel_size (float | None | Unset):
        detector_name (None | str | Unset):
        applied_defocus (float | None | Unset):
        status (GridSquareStatus | None | Unset):
        lowmag (bool | Unset):  Default: False.
    """

    uuid: None | str | Unset = UNSET
    gridsquare_id: None | str | Unset = UNSET
    grid_uuid: None | str | Unset = UNSET
    data_dir: None | str | Unset = UNSET
    atlas_node_id: int | None | Unset = UNSET
    state: None | str | Unset = UNSET
    rotation: float | None | Unset = UNSET
    image_path: None | str | Unset = UNSET
    selected: bool | None | Unset = UNSET
    unusable: bool | None | Unset = UNSET
    stage_position_x: float | None | Unset = UNSET
    stage_position_y: float | None | Unset = UNSET
    stage_position_z: float | None | Unset = UNSET
    center_x: int | None | Unset = UNSET
    center_y: int | None | Unset = UNSET
    physical_x: float | None | Unset = UNSET
    physical_y: float | None | Unset = UNSET
    size_width: int | None | Unset = UNSET
    size_height: int | None | Unset = UNSET
    acquisition_datetime: None | str | Unset = UNSET
    defocus: float | None | Unset = UNSET
    magnification: float | None | Unset = UNSET
    pixel_size: float | None | Unset = UNSET
    detector_name: None | str | Unset = UNSET
    applied_defocus: float | None | Unset = UNSET
    status: GridSquareStatus | None | Unset = UNSET
    lowmag: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid: None | str | Unset
        if isinstance(self.uuid, Unset):
            uuid = UNSET
        else:
            uuid = self.uuid

        gridsquare_id: None | str | Unset
        if isinstance(self.gridsquare_id, Unset):
            gridsquare_id = UNSET
        else:
            gridsquare_id = self.gridsquare_id

        grid_uuid: None | str | Unset
        if isinstance(self.grid_uuid, Unset):
            grid_uuid = UNSET
        else:
            grid_uuid = self.grid_uuid

        data_dir: None | str | Unset
        if isinstance(self.data_dir, Unset):
            data_dir = UNSET
        else:
            data_dir = self.data_dir

        atlas_node_id: int | None | Unset
        if isinstance(self.atlas_node_id, Unset):
            atlas_node_id = UNSET
        else:
            atlas_node_id = self.atlas_node_id

        state: None | str | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        else:
            state = self.state

        rotation: float | None | Unset
        if isinstance(self.rotation, Unset):
            rotation = UNSET
        else:
            rotation = self.rotation

        image_path: None | str | Unset
        if isinstance(self.image_path, Unset):
            image_path = UNSET
        else:
            image_path = self.image_path

        selected: bool | None | Unset
        if isinstance(self.selected, Unset):
            selected = UNSET
        else:
            selected = self.selected

        unusable: bool | None | Unset
        if isinstance(self.unusable, Unset):
            unusable = UNSET
        else:
            unusable = self.unusable

        stage_position_x: float | None | Unset
        if isinstance(self.stage_position_x, Unset):
            stage_position_x = UNSET
        else:
            stage_position_x = self.stage_position_x

        stage_position_y: float | None | Unset
        if isinstance(self.stage_position_y, Unset):
            stage_position_y = UNSET
        else:
            stage_position_y = self.stage_position_y

        stage_position_z: float | None | Unset
        if isinstance(self.stage_position_z, Unset):
            stage_position_z = UNSET
        else:
            stage_position_z = self.stage_position_z

        center_x: int | None | Unset
        if isinstance(self.center_x, Unset):
            center_x = UNSET
        else:
            center_x = self.center_x

        center_y: int | None | Unset
        if isinstance(self.center_y, Unset):
            center_y = UNSET
        else:
            center_y = self.center_y

        physical_x: float | None | Unset
        if isinstance(self.physical_x, Unset):
            physical_x = UNSET
        else:
            physical_x = self.physical_x

        physical_y: float | None | Unset
        if isinstance(self.physical_y, Unset):
            physical_y = UNSET
        else:
            physical_y = self.physical_y

        size_width: int | None | Unset
        if isinstance(self.size_width, Unset):
            size_width = UNSET
        else:
            size_width = self.size_width

        size_height: int | None | Unset
        if isinstance(self.size_height, Unset):
            size_height = UNSET
        else:
            size_height = self.size_height

        acquisition_datetime: None | str | Unset
        if isinstance(self.acquisition_datetime, Unset):
            acquisition_datetime = UNSET
        else:
            acquisition_datetime = self.acquisition_datetime

        defocus: float | None | Unset
        if isinstance(self.defocus, Unset):
            defocus = UNSET
        else:
            defocus = self.defocus

        magnification: float | None | Unset
        if isinstance(self.magnification, Unset):
            magnification = UNSET
        else:
            magnification = self.magnification

        pixel_size: float | None | Unset
        if isinstance(self.pixel_size, Unset):
            pixel_size = UNSET
        else:
            pixel_size = self.pixel_size

        detector_name: None | str | Unset
        if isinstance(self.detector_name, Unset):
            detector_name = UNSET
        else:
            detector_name = self.detector_name

        applied_defocus: float | None | Unset
        if isinstance(self.applied_defocus, Unset):
            applied_defocus = UNSET
        else:
            applied_defocus = self.applied_defocus

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, GridSquareStatus):
            status = self.status.value
        else:
            status = self.status

        lowmag = self.lowmag

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if uuid is not UNSET:
            field_dict["uuid"] = uuid
        if gridsquare_id is not UNSET:
            field_dict["gridsquare_id"] = gridsquare_id
        if grid_uuid is not UNSET:
            field_dict["grid_uuid"] = grid_uuid
        if data_dir is not UNSET:
            field_dict["data_dir"] = data_dir
        if atlas_node_id is not UNSET:
            field_dict["atlas_node_id"] = atlas_node_id
        if state is not UNSET:
            field_dict["state"] = state
        if rotation is not UNSET:
            field_dict["rotation"] = rotation
        if image_path is not UNSET:
            field_dict["image_path"] = image_path
        if selected is not UNSET:
            field_dict["selected"] = selected
        if unusable is not UNSET:
            field_dict["unusable"] = unusable
        if stage_position_x is not UNSET:
            field_dict["stage_position_x"] = stage_position_x
        if stage_position_y is not UNSET:
            field_dict["stage_position_y"] = stage_position_y
        if stage_position_z is not UNSET:
            field_dict["stage_position_z"] = stage_position_z
        if center_x is not UNSET:
            field_dict["center_x"] = center_x
        if center_y is not UNSET:
            field_dict["center_y"] = center_y
        if physical_x is not UNSET:
            field_dict["physical_x"] = physical_x
        if physical_y is not UNSET:
            field_dict["physical_y"] = physical_y
        if size_width is not UNSET:
            field_dict["size_width"] = size_width
        if size_height is not UNSET:
            field_dict["size_height"] = size_height
        if acquisition_datetime is not UNSET:
            field_dict["acquisition_datetime"] = acquisition_datetime
        if defocus is not UNSET:
            field_dict["defocus"] = defocus
        if magnification is not UNSET:
            field_dict["magnification"] = magnification
        if pixel_size is not UNSET:
            field_dict["pixel_size"] = pixel_size
        if detector_name is not UNSET:
            field_dict["detector_name"] = detector_name
        if applied_defocus is not UNSET:
            field_dict["applied_defocus"] = applied_defocus
        if status is not UNSET:
            field_dict["status"] = status
        if lowmag is not UNSET:
            field_dict["lowmag"] = lowmag

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "GridSquareUpdateRequest")
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            uuid = _d["uuid"]
            gridsquare_id = _d["gridsquare_id"]
            grid_uuid = _d["grid_uuid"]
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
            status = _d["status"]
            lowmag = _d["lowmag"]
            _more = len(_d) != 27
        except KeyError:
            _more = True
            uuid = _d.get("uuid", UNSET)
            gridsquare_id = _d.get("gridsquare_id", UNSET)
            grid_uuid = _d.get("grid_uuid", UNSET)
            data_dir = _d.get("data_dir", UNSET)
            atlas_node_id = _d.get("atlas_node_id", UNSET)
            state = _d.get("state", UNSET)
            rotation = _d.get("rotation", UNSET)
            image_path = _d.get("image_path", UNSET)
            selected = _d.get("selected", UNSET)
            unusable = _d.get("unusable", UNSET)
            stage_position_x = _d.get("stage_position_x", UNSET)
            stage_position_y = _d.get("stage_position_y", UNSET)
            stage_position_z = _d.get("stage_position_z", UNSET)
            center_x = _d.get("center_x", UNSET)
            center_y = _d.get("center_y", UNSET)
            physical_x = _d.get("physical_x", UNSET)
            physical_y = _d.get("physical_y", UNSET)
            size_width = _d.get("size_width", UNSET)
            size_height = _d.get("size_height", UNSET)
            acquisition_datetime = _d.get("acquisition_datetime", UNSET)
            defocus = _d.get("defocus", UNSET)
            magnification = _d.get("magnification", UNSET)
            pixel_size = _d.get("pixel_size", UNSET)
            detector_name = _d.get("detector_name", UNSET)
            applied_defocus = _d.get("applied_defocus", UNSET)
            status = _d.get("status", UNSET)
            lowmag = _d.get("lowmag", UNSET)
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
            type(acquisition_datetime),
            type(defocus),
            type(magnification),
            type(pixel_size),
            type(detector_name),
            type(applied_defocus),
            type(lowmag),
        )
        if _types not in _PASSED:
            if type(uuid) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest", "uuid", wrong("None | str | Unset", uuid)
                )

            if type(gridsquare_id) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest",
                    "gridsquare_id",
                    wrong("None | str | Unset", gridsquare_id),
                )

            if type(grid_uuid) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest", "grid_uuid", wrong("None | str | Unset", grid_uuid)
                )

            if type(data_dir) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest", "data_dir", wrong("None | str | Unset", data_dir)
                )

            if type(atlas_node_id) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest",
                    "atlas_node_id",
                    wrong("int | None | Unset", atlas_node_id),
                )

            if type(state) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest", "state", wrong("None | str | Unset", state)
                )

            if type(rotation) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest", "rotation", wrong("float | None | Unset", rotation)
                )

            if type(image_path) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest", "image_path", wrong("None | str | Unset", image_path)
                )

            if type(selected) not in _ACCEPTS_bool_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest", "selected", wrong("bool | None | Unset", selected)
                )

            if type(unusable) not in _ACCEPTS_bool_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest", "unusable", wrong("bool | None | Unset", unusable)
                )

            if type(stage_position_x) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest",
                    "stage_position_x",
                    wrong("float | None | Unset", stage_position_x),
                )

            if type(stage_position_y) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest",
                    "stage_position_y",
                    wrong("float | None | Unset", stage_position_y),
                )

            if type(stage_position_z) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest",
                    "stage_position_z",
                    wrong("float | None | Unset", stage_position_z),
                )

            if type(center_x) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest", "center_x", wrong("int | None | Unset", center_x)
                )

            if type(center_y) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest", "center_y", wrong("int | None | Unset", center_y)
                )

            if type(physical_x) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest",
                    "physical_x",
                    wrong("float | None | Unset", physical_x),
                )

            if type(physical_y) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest",
                    "physical_y",
                    wrong("float | None | Unset", physical_y),
                )

            if type(size_width) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest", "size_width", wrong("int | None | Unset", size_width)
                )

            if type(size_height) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest",
                    "size_height",
                    wrong("int | None | Unset", size_height),
                )

            if type(acquisition_datetime) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest",
                    "acquisition_datetime",
                    wrong("None | str | Unset", acquisition_datetime),
                )

            if type(defocus) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest", "defocus", wrong("float | None | Unset", defocus)
                )

            if type(magnification) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest",
                    "magnification",
                    wrong("float | None | Unset", magnification),
                )

            if type(pixel_size) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest",
                    "pixel_size",
                    wrong("float | None | Unset", pixel_size),
                )

            if type(detector_name) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest",
                    "detector_name",
                    wrong("None | str | Unset", detector_name),
                )

            if type(applied_defocus) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest",
                    "applied_defocus",
                    wrong("float | None | Unset", applied_defocus),
                )

            if type(lowmag) not in _ACCEPTS_bool_Unset:
                raise InvalidData(
                    "GridSquareUpdateRequest", "lowmag", wrong("bool | Unset", lowmag)
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        if type(status) is str:
            status = GridSquareStatus._value2member_map_.get(status, status)
        if type(status) not in _ACCEPTS_GridSquareStatus_str_None_Unset:
            raise InvalidData(
                "GridSquareUpdateRequest",
                "status",
                wrong("GridSquareStatus | None | Unset", status),
            )

        _built = cls(
            uuid,
            gridsquare_id,
            grid_uuid,
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
            status,
            lowmag,
        )
        if _more and not _KNOWN_KEYS.issuperset(_d):
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
_ACCEPTS_str_None_Unset = frozenset({str, type(None), Unset})
_ACCEPTS_int_None_Unset = frozenset({int, type(None), Unset})
_ACCEPTS_float_int_None_Unset = frozenset({float, int, type(None), Unset})
_ACCEPTS_bool_None_Unset = frozenset({bool, type(None), Unset})
_ACCEPTS_bool_Unset = frozenset({bool, Unset})
_ACCEPTS_GridSquareStatus_str_None_Unset = frozenset({GridSquareStatus, str, type(None), Unset})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
