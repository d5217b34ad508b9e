from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong

T = TypeVar("T", bound="AtlasTileGridSquarePositionResponse")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "atlastile_uuid",
        "gridsquare_uuid",
        "center_x",
        "center_y",
        "size_width",
        "size_height",
    }
)


@_attrs_define
class AtlasTileGridSquarePositionResponse:
    """
    Attributes:
        atlastile_uuid (str):
        gridsquare_uuid (str):
        center_x (int):
        center_y (int):
        size_width (int):
        size_height (int):
    """

    atlastile_uuid: str
    gridsquare_uuid: str
    center_x: int
    center_y: int
    size_width: int
    size_height: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        atlastile_uuid = self.atlastile_uuid

        gridsquare_uuid = self.gridsquare_uuid

        center_x = self.center_x

        center_y = self.center_y

        size_width = self.size_width

        size_height = self.size_height

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "atlastile_uuid": atlastile_uuid,
                "gridsquare_uuid": gridsquare_uuid,
                "center_x": center_x,
                "center_y": center_y,
                "size_width": size_width,
                "size_height": size_height,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = (
            src_dict
            if type(src_dict) is dict
            else as_object(src_dict, "AtlasTileGridSquarePositionResponse")
        )
        atlastile_uuid = _d["atlastile_uuid"]
        gridsquare_uuid = _d["gridsquare_uuid"]
        center_x = _d["center_x"]
        center_y = _d["center_y"]
        size_width = _d["size_width"]
        size_height = _d["size_height"]
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(atlastile_uuid),
            type(gridsquare_uuid),
            type(center_x),
            type(center_y),
            type(size_width),
            type(size_height),
        )
        if _types not in _PASSED:
            if type(atlastile_uuid) is not str:
                raise InvalidData(
                    "AtlasTileGridSquarePositionResponse",
                    "atlastile_uuid",
                    wrong("str", atlastile_uuid),
                )

            if type(gridsquare_uuid) is not str:
                raise InvalidData(
                    "AtlasTileGridSquarePositionResponse",
                    "gridsquare_uuid",
                    wrong("str", gridsquare_uuid),
                )

            if type(center_x) is not int:
                raise InvalidData(
                    "AtlasTileGridSquarePositionResponse", "center_x", wrong("int", center_x)
                )

            if type(center_y) is not int:
                raise InvalidData(
                    "AtlasTileGridSquarePositionResponse", "center_y", wrong("int", center_y)
                )

            if type(size_width) is not int:
                raise InvalidData(
                    "AtlasTileGridSquarePositionResponse", "size_width", wrong("int", size_width)
                )

            if type(size_height) is not int:
                raise InvalidData(
                    "AtlasTileGridSquarePositionResponse", "size_height", wrong("int", size_height)
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        _built = cls(atlastile_uuid, gridsquare_uuid, center_x, center_y, size_width, size_height)
        if len(_d) != 6 and not _KNOWN_KEYS.issuperset(_d):
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


# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
