from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..types import UNSET, Unset

T = TypeVar("T", bound="GridSquarePositionRequest")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "center_x",
        "center_y",
        "size_width",
        "size_height",
        "gridsquare_uuid",
    }
)


@_attrs_define
class GridSquarePositionRequest:
    """
    Attributes:
        center_x (int):
        center_y (int):
        size_width (int):
        size_height (int):
        gridsquare_uuid (None | str | Unset):
    """

    center_x: int
    center_y: int
    size_width: int
    size_height: int
    gridsquare_uuid: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        center_x = self.center_x

        center_y = self.center_y

        size_width = self.size_width

        size_height = self.size_height

        gridsquare_uuid: None | str | Unset
        if isinstance(self.gridsquare_uuid, Unset):
            gridsquare_uuid = UNSET
        else:
            gridsquare_uuid = self.gridsquare_uuid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "center_x": center_x,
                "center_y": center_y,
                "size_width": size_width,
                "size_height": size_height,
            }
        )
        if gridsquare_uuid is not UNSET:
            field_dict["gridsquare_uuid"] = gridsquare_uuid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = (
            src_dict if type(src_dict) is dict else as_object(src_dict, "GridSquarePositionRequest")
        )
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            center_x = _d["center_x"]
            center_y = _d["center_y"]
            size_width = _d["size_width"]
            size_height = _d["size_height"]
            gridsquare_uuid = _d["gridsquare_uuid"]
            _more = len(_d) != 5
        except KeyError:
            _more = True
            center_x = _d["center_x"]
            center_y = _d["center_y"]
            size_width = _d["size_width"]
            size_height = _d["size_height"]
            gridsquare_uuid = _d.get("gridsquare_uuid", UNSET)
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(center_x),
            type(center_y),
            type(size_width),
            type(size_height),
            type(gridsquare_uuid),
        )
        if _types not in _PASSED:
            if type(center_x) is not int:
                raise InvalidData("GridSquarePositionRequest", "center_x", wrong("int", center_x))

            if type(center_y) is not int:
                raise InvalidData("GridSquarePositionRequest", "center_y", wrong("int", center_y))

            if type(size_width) is not int:
                raise InvalidData(
                    "GridSquarePositionRequest", "size_width", wrong("int", size_width)
                )

            if type(size_height) is not int:
                raise InvalidData(
                    "GridSquarePositionRequest", "size_height", wrong("int", size_height)
                )

            if type(gridsquare_uuid) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "GridSquarePositionRequest",
                    "gridsquare_uuid",
                    wrong("None | str | Unset", gridsquare_uuid),
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        _built = cls(center_x, center_y, size_width, size_height, gridsquare_uuid)
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

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
