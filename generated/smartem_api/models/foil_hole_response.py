from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..models.foil_hole_status import FoilHoleStatus

T = TypeVar("T", bound="FoilHoleResponse")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "uuid",
        "gridsquare_id",
        "foilhole_id",
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
class FoilHoleResponse:
    """
    Attributes:
        uuid (str):
        gridsquare_id (None | str):
        foilhole_id (str):
        status (FoilHoleStatus | None):
        center_x (float | None):
        center_y (float | None):
        quality (float | None):
        rotation (float | None):
        size_width (float | None):
        size_height (float | None):
        x_location (int | None):
        y_location (int | None):
        x_stage_position (float | None):
        y_stage_position (float | None):
        diameter (int | None):
        is_near_grid_bar (bool):
    """

    uuid: str
    gridsquare_id: None | str
    foilhole_id: str
    status: FoilHoleStatus | None
    center_x: float | None
    center_y: float | None
    quality: float | None
    rotation: float | None
    size_width: float | None
    size_height: float | None
    x_location: int | None
    y_location: int | None
    x_stage_position: float | None
    y_stage_position: float | None
    diameter: int | None
    is_near_grid_bar: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = self.uuid

        gridsquare_id: None | str
        gridsquare_id = self.gridsquare_id

        foilhole_id = self.foilhole_id

        status: None | str
        if isinstance(self.status, FoilHoleStatus):
            status = self.status.value
        else:
            status = self.status

        center_x: float | None
        center_x = self.center_x

        center_y: float | None
        center_y = self.center_y

        quality: float | None
        quality = self.quality

        rotation: float | None
        rotation = self.rotation

        size_width: float | None
        size_width = self.size_width

        size_height: float | None
        size_height = self.size_height

        x_location: int | None
        x_location = self.x_location

        y_location: int | None
        y_location = self.y_location

        x_stage_position: float | None
        x_stage_position = self.x_stage_position

        y_stage_position: float | None
        y_stage_position = self.y_stage_position

        diameter: int | None
        diameter = self.diameter

        is_near_grid_bar = self.is_near_grid_bar

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "gridsquare_id": gridsquare_id,
                "foilhole_id": foilhole_id,
                "status": status,
                "center_x": center_x,
                "center_y": center_y,
                "quality": quality,
                "rotation": rotation,
                "size_width": size_width,
                "size_height": size_height,
                "x_location": x_location,
                "y_location": y_location,
                "x_stage_position": x_stage_position,
                "y_stage_position": y_stage_position,
                "diameter": diameter,
                "is_near_grid_bar": is_near_grid_bar,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "FoilHoleResponse")
        uuid = _d["uuid"]
        gridsquare_id = _d["gridsquare_id"]
        foilhole_id = _d["foilhole_id"]
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
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(uuid),
            type(gridsquare_id),
            type(foilhole_id),
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
                raise InvalidData("FoilHoleResponse", "uuid", wrong("str", uuid))

            if type(gridsquare_id) not in _ACCEPTS_str_None:
                raise InvalidData(
                    "FoilHoleResponse", "gridsquare_id", wrong("None | str", gridsquare_id)
                )

            if type(foilhole_id) is not str:
                raise InvalidData("FoilHoleResponse", "foilhole_id", wrong("str", foilhole_id))

            if type(center_x) not in _ACCEPTS_float_int_None:
                raise InvalidData("FoilHoleResponse", "center_x", wrong("float | None", center_x))

            if type(center_y) not in _ACCEPTS_float_int_None:
                raise InvalidData("FoilHoleResponse", "center_y", wrong("float | None", center_y))

            if type(quality) not in _ACCEPTS_float_int_None:
                raise InvalidData("FoilHoleResponse", "quality", wrong("float | None", quality))

            if type(rotation) not in _ACCEPTS_float_int_None:
                raise InvalidData("FoilHoleResponse", "rotation", wrong("float | None", rotation))

            if type(size_width) not in _ACCEPTS_float_int_None:
                raise InvalidData(
                    "FoilHoleResponse", "size_width", wrong("float | None", size_width)
                )

            if type(size_height) not in _ACCEPTS_float_int_None:
                raise InvalidData(
                    "FoilHoleResponse", "size_height", wrong("float | None", size_height)
                )

            if type(x_location) not in _ACCEPTS_int_None:
                raise InvalidData("FoilHoleResponse", "x_location", wrong("int | None", x_location))

            if type(y_location) not in _ACCEPTS_int_None:
                raise InvalidData("FoilHoleResponse", "y_location", wrong("int | None", y_location))

            if type(x_stage_position) not in _ACCEPTS_float_int_None:
                raise InvalidData(
                    "FoilHoleResponse", "x_stage_position", wrong("float | None", x_stage_position)
                )

            if type(y_stage_position) not in _ACCEPTS_float_int_None:
                raise InvalidData(
                    "FoilHoleResponse", "y_stage_position", wrong("float | None", y_stage_position)
                )

            if type(diameter) not in _ACCEPTS_int_None:
                raise InvalidData("FoilHoleResponse", "diameter", wrong("int | None", diameter))

            if type(is_near_grid_bar) is not bool:
                raise InvalidData(
                    "FoilHoleResponse", "is_near_grid_bar", wrong("bool", is_near_grid_bar)
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        if type(status) is str:
            status = FoilHoleStatus._value2member_map_.get(status, status)
        if type(status) not in _ACCEPTS_FoilHoleStatus_str_None:
            raise InvalidData("FoilHoleResponse", "status", wrong("FoilHoleStatus | None", status))

        _built = cls(
            uuid,
            gridsquare_id,
            foilhole_id,
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
        if len(_d) != 16 and not _KNOWN_KEYS.issuperset(_d):
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
_ACCEPTS_float_int_None = frozenset({float, int, type(None)})
_ACCEPTS_int_None = frozenset({int, type(None)})
_ACCEPTS_FoilHoleStatus_str_None = frozenset({FoilHoleStatus, str, type(None)})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
