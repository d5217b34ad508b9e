from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..models.foil_hole_status import FoilHoleStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="FoilHole")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "uuid",
        "foilhole_id",
        "gridsquare_uuid",
        "gridsquare_id",
        "status",
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
    }
)


@_attrs_define
class FoilHole:
    """
    Attributes:
        uuid (str):
        foilhole_id (str | Unset):  Default: ''.
        gridsquare_uuid (None | str | Unset):
        gridsquare_id (None | str | Unset):
        status (FoilHoleStatus | Unset):
        center_x (float | None | Unset):
        center_y (float | None | Unset):
        quality (float | None | Unset):
        rotation (float | None | Unset):
        size_width (float | None | Unset):
        size_height (float | None | Unset):
        x_location (int | None | Unset):
        y_location (int | None | Unset):
        x_stage_position (float | None | Unset):
        y_stage_position (float | None | Unset):
        diameter (int | None | Unset):
        is_near_grid_bar (bool | Unset):  Default: False.
    """

    uuid: str
    foilhole_id: str | Unset = ""
    gridsquare_uuid: None | str | Unset = UNSET
    gridsquare_id: None | str | Unset = UNSET
    status: FoilHoleStatus | Unset = UNSET
    center_x: float | None | Unset = UNSET
    center_y: float | None | Unset = UNSET
    quality: float | None | Unset = UNSET
    rotation: float | None | Unset = UNSET
    size_width: float | None | Unset = UNSET
    size_height: float | None | Unset = UNSET
    x_location: int | None | Unset = UNSET
    y_location: int | None | Unset = UNSET
    x_stage_position: float | None | Unset = UNSET
    y_stage_position: float | None | Unset = UNSET
    diameter: int | None | Unset = UNSET
    is_near_grid_bar: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = self.uuid

        foilhole_id = self.foilhole_id

        gridsquare_uuid: None | str | Unset
        if isinstance(self.gridsquare_uuid, Unset):
            gridsquare_uuid = UNSET
        else:
            gridsquare_uuid = self.gridsquare_uuid

        gridsquare_id: None | str | Unset
        if isinstance(self.gridsquare_id, Unset):
            gridsquare_id = UNSET
        else:
            gridsquare_id = self.gridsquare_id

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        center_x: float | None | Unset
        if isinstance(self.center_x, Unset):
            center_x = UNSET
        else:
            center_x = self.center_x

        center_y: float | None | Unset
        if isinstance(self.center_y, Unset):
            center_y = UNSET
        else:
            center_y = self.center_y

        quality: float | None | Unset
        if isinstance(self.quality, Unset):
            quality = UNSET
        else:
            quality = self.quality

        rotation: float | None | Unset
        if isinstance(self.rotation, Unset):
            rotation = UNSET
        else:
            rotation = self.rotation

        size_width: float | None | Unset
        if isinstance(self.size_width, Unset):
            size_width = UNSET
        else:
            size_width = self.size_width

        size_height: float | None | Unset
        if isinstance(self.size_height, Unset):
            size_height = UNSET
        else:
            size_height = self.size_height

        x_location: int | None | Unset
        if isinstance(self.x_location, Unset):
            x_location = UNSET
        else:
            x_location = self.x_location

        y_location: int | None | Unset
        if isinstance(self.y_location, Unset):
            y_location = UNSET
        else:
            y_location = self.y_location

        x_stage_position: float | None | Unset
        if isinstance(self.x_stage_position, Unset):
            x_stage_position = UNSET
        else:
            x_stage_position = self.x_stage_position

        y_stage_position: float | None | Unset
        if isinstance(self.y_stage_position, Unset):
            y_stage_position = UNSET
        else:
            y_stage_position = self.y_stage_position

        diameter: int | None | Unset
        if isinstance(self.diameter, Unset):
            diameter = UNSET
        else:
            diameter = self.diameter

        is_near_grid_bar = self.is_near_grid_bar

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
            }
        )
        if foilhole_id is not UNSET:
            field_dict["foilhole_id"] = foilhole_id
        if gridsquare_uuid is not UNSET:
            field_dict["gridsquare_uuid"] = gridsquare_uuid
        if gridsquare_id is not UNSET:
            field_dict["gridsquare_id"] = gridsquare_id
        if status is not UNSET:
            field_dict["status"] = status
        if center_x is not UNSET:
            field_dict["center_x"] = center_x
        if center_y is not UNSET:
            field_dict["center_y"] = center_y
        if quality is not UNSET:
            field_dict["quality"] = quality
        if rotation is not UNSET:
            field_dict["rotation"] = rotation
        if size_width is not UNSET:
            field_dict["size_width"] = size_width
        if size_height is not UNSET:
            field_dict["size_height"] = size_height
        if x_location is not UNSET:
            field_dict["x_location"] = x_location
        if y_location is not UNSET:
            field_dict["y_location"] = y_location
        if x_stage_position is not UNSET:
            field_dict["x_stage_position"] = x_stage_position
        if y_stage_position is not UNSET:
            field_dict["y_stage_position"] = y_stage_position
        if diameter is not UNSET:
            field_dict["diameter"] = diameter
        if is_near_grid_bar is not UNSET:
            field_dict["is_near_grid_bar"] = is_near_grid_bar

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "FoilHole")
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            uuid = _d["uuid"]
            foilhole_id = _d["foilhole_id"]
            gridsquare_uuid = _d["gridsquare_uuid"]
            gridsquare_id = _d["gridsquare_id"]
            status = _d["status"]
            center_x = _d["center_x"]
            center_y = _d["center_y"]
            quality = _d["quality"]
            rotation = _d["rotation"]
            size_width = _d["size_width"]
            size_height = _d["size_height"]
            x_location = _d["x_location"]
            y_location = _d["y_location"]
            x_stage_position = _d["x_stage_position"]
            y_stage_position = _d["y_stage_position"]
            diameter = _d["diameter"]
            is_near_grid_bar = _d["is_near_grid_bar"]
            _more = len(_d) != 17
        except KeyError:
            _more = True
            uuid = _d["uuid"]
            foilhole_id = _d.get("foilhole_id", UNSET)
            gridsquare_uuid = _d.get("gridsquare_uuid", UNSET)
            gridsquare_id = _d.get("gridsquare_id", UNSET)
            status = _d.get("status", UNSET)
            center_x = _d.get("center_x", UNSET)
            center_y = _d.get("center_y", UNSET)
            quality = _d.get("quality", UNSET)
            rotation = _d.get("rotation", UNSET)
            size_width = _d.get("size_width", UNSET)
            size_height = _d.get("size_height", UNSET)
            x_location = _d.get("x_location", UNSET)
            y_location = _d.get("y_location", UNSET)
            x_stage_position = _d.get("x_stage_position", UNSET)
            y_stage_position = _d.get("y_stage_position", UNSET)
            diameter = _d.get("diameter", UNSET)
            is_near_grid_bar = _d.get("is_near_grid_bar", UNSET)
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(uuid),
            type(foilhole_id),
            type(gridsquare_uuid),
            type(gridsquare_id),
            type(center_x),
            type(center_y),
            type(quality),
            type(rotation),
            type(size_width),
            type(size_height),
            type(x_location),
            type(y_location),
            type(x_stage_position),
            type(y_stage_position),
            type(diameter),
            type(is_near_grid_bar),
        )
        if _types not in _PASSED:
            if type(uuid) is not str:
                raise InvalidData("FoilHole", "uuid", wrong("str", uuid))

            if type(foilhole_id) not in _ACCEPTS_str_Unset:
                raise InvalidData("FoilHole", "foilhole_id", wrong("str | Unset", foilhole_id))

            if type(gridsquare_uuid) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "FoilHole", "gridsquare_uuid", wrong("None | str | Unset", gridsquare_uuid)
                )

            if type(gridsquare_id) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "FoilHole", "gridsquare_id", wrong("None | str | Unset", gridsquare_id)
                )

            if type(center_x) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData("FoilHole", "center_x", wrong("float | None | Unset", center_x))

            if type(center_y) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData("FoilHole", "center_y", wrong("float | None | Unset", center_y))

            if type(quality) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData("FoilHole", "quality", wrong("float | None | Unset", quality))

            if type(rotation) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData("FoilHole", "rotation", wrong("float | None | Unset", rotation))

            if type(size_width) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "FoilHole", "size_width", wrong("float | None | Unset", size_width)
                )

            if type(size_height) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "FoilHole", "size_height", wrong("float | None | Unset", size_height)
                )

            if type(x_location) not in _ACCEPTS_int_None_Unset:
                raise InvalidData("FoilHole", "x_location", wrong("int | None | Unset", x_location))

            if type(y_location) not in _ACCEPTS_int_None_Unset:
                raise InvalidData("FoilHole", "y_location", wrong("int | None | Unset", y_location))

            if type(x_stage_position) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "FoilHole", "x_stage_position", wrong("float | None | Unset", x_stage_position)
                )

            if type(y_stage_position) not in _ACCEPTS_float_int_None_Unset:
                raise InvalidData(
                    "FoilHole", "y_stage_position", wrong("float | None | Unset", y_stage_position)
                )

            if type(diameter) not in _ACCEPTS_int_None_Unset:
                raise InvalidData("FoilHole", "diameter", wrong("int | None | Unset", diameter))

            if type(is_near_grid_bar) not in _ACCEPTS_bool_Unset:
                raise InvalidData(
                    "FoilHole", "is_near_grid_bar", wrong("bool | Unset", is_near_grid_bar)
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        if type(status) is str:
            status = FoilHoleStatus._value2member_map_.get(status, status)
        if type(status) not in _ACCEPTS_FoilHoleStatus_Unset:
            raise InvalidData("FoilHole", "status", wrong("FoilHoleStatus | Unset", status))

        _built = cls(
            uuid,
            foilhole_id,
            gridsquare_uuid,
            gridsquare_id,
            status,
            center_x,
            center_y,
            quality,
            rotation,
            size_width,
            size_height,
            x_location,
            y_location,
            x_stage_position,
            y_stage_position,
            diameter,
            is_near_grid_bar,
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
_ACCEPTS_str_Unset = frozenset({str, Unset})
_ACCEPTS_str_None_Unset = frozenset({str, type(None), Unset})
_ACCEPTS_float_int_None_Unset = frozenset({float, int, type(None), Unset})
_ACCEPTS_int_None_Unset = frozenset({int, type(None), Unset})
_ACCEPTS_bool_Unset = frozenset({bool, Unset})
_ACCEPTS_FoilHoleStatus_Unset = frozenset({FoilHoleStatus, Unset})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
