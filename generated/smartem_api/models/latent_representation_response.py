from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..types import UNSET, Unset

T = TypeVar("T", bound="LatentRepresentationResponse")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "x",
        "y",
        "index",
        "gridsquare_uuid",
        "foilhole_uuid",
    }
)


@_attrs_define
class LatentRepresentationResponse:
    """
    Attributes:
        x (float | None):
        y (float | None):
        index (int | None):
        gridsquare_uuid (str | Unset):  Default: ''.
        foilhole_uuid (str | Unset):  Default: ''.
    """

    x: float | None
    y: float | None
    index: int | None
    gridsquare_uuid: str | Unset = ""
    foilhole_uuid: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        x: float | None
        x = self.x

        y: float | None
        y = self.y

        index: int | None
        index = self.index

        gridsquare_uuid = self.gridsquare_uuid

        foilhole_uuid = self.foilhole_uuid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "x": x,
                "y": y,
                "index": index,
            }
        )
        if gridsquare_uuid is not UNSET:
            field_dict["gridsquare_uuid"] = gridsquare_uuid
        if foilhole_uuid is not UNSET:
            field_dict["foilhole_uuid"] = foilhole_uuid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = (
            src_dict
            if type(src_dict) is dict
            else as_object(src_dict, "LatentRepresentationResponse")
        )
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            x = _d["x"]
            y = _d["y"]
            index = _d["index"]
            gridsquare_uuid = _d["gridsquare_uuid"]
            foilhole_uuid = _d["foilhole_uuid"]
            _more = len(_d) != 5
        except KeyError:
            _more = True
            x = _d["x"]
            y = _d["y"]
            index = _d["index"]
            gridsquare_uuid = _d.get("gridsquare_uuid", UNSET)
            foilhole_uuid = _d.get("foilhole_uuid", UNSET)
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(x),
            type(y),
            type(index),
            type(gridsquare_uuid),
            type(foilhole_uuid),
        )
        if _types not in _PASSED:
            if type(x) not in _ACCEPTS_float_int_None:
                raise InvalidData("LatentRepresentationResponse", "x", wrong("float | None", x))

            if type(y) not in _ACCEPTS_float_int_None:
                raise InvalidData("LatentRepresentationResponse", "y", wrong("float | None", y))

            if type(index) not in _ACCEPTS_int_None:
                raise InvalidData(
                    "LatentRepresentationResponse", "index", wrong("int | None", index)
                )

            if type(gridsquare_uuid) not in _ACCEPTS_str_Unset:
                raise InvalidData(
                    "LatentRepresentationResponse",
                    "gridsquare_uuid",
                    wrong("str | Unset", gridsquare_uuid),
                )

            if type(foilhole_uuid) not in _ACCEPTS_str_Unset:
                raise InvalidData(
                    "LatentRepresentationResponse",
                    "foilhole_uuid",
                    wrong("str | Unset", foilhole_uuid),
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        _built = cls(x, y, index, gridsquare_uuid, foilhole_uuid)
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
_ACCEPTS_float_int_None = frozenset({float, int, type(None)})
_ACCEPTS_int_None = frozenset({int, type(None)})
_ACCEPTS_str_Unset = frozenset({str, Unset})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
