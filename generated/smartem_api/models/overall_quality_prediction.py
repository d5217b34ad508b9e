from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..types import UNSET, Unset

T = TypeVar("T", bound="OverallQualityPrediction")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "value",
        "suggested_acquisition_index",
        "foilhole_uuid",
        "grid_uuid",
        "gridsquare_uuid",
        "id",
    }
)


@_attrs_define
class OverallQualityPrediction:
    """
    Attributes:
        value (float):
        suggested_acquisition_index (int):
        foilhole_uuid (str):
        grid_uuid (str):
        gridsquare_uuid (str):
        id (int | None | Unset):
    """

    value: float
    suggested_acquisition_index: int
    foilhole_uuid: str
    grid_uuid: str
    gridsquare_uuid: str
    id: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        value = self.value

        suggested_acquisition_index = self.suggested_acquisition_index

        foilhole_uuid = self.foilhole_uuid

        grid_uuid = self.grid_uuid

        gridsquare_uuid = self.gridsquare_uuid

        id: int | None | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "value": value,
                "suggested_acquisition_index": suggested_acquisition_index,
                "foilhole_uuid": foilhole_uuid,
                "grid_uuid": grid_uuid,
                "gridsquare_uuid": gridsquare_uuid,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "OverallQualityPrediction")
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            value = _d["value"]
            suggested_acquisition_index = _d["suggested_acquisition_index"]
            foilhole_uuid = _d["foilhole_uuid"]
            grid_uuid = _d["grid_uuid"]
            gridsquare_uuid = _d["gridsquare_uuid"]
            id = _d["id"]
            _more = len(_d) != 6
        except KeyError:
            _more = True
            value = _d["value"]
            suggested_acquisition_index = _d["suggested_acquisition_index"]
            foilhole_uuid = _d["foilhole_uuid"]
            grid_uuid = _d["grid_uuid"]
            gridsquare_uuid = _d["gridsquare_uuid"]
            id = _d.get("id", UNSET)
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(value),
            type(suggested_acquisition_index),
            type(foilhole_uuid),
            type(grid_uuid),
            type(gridsquare_uuid),
            type(id),
        )
        if _types not in _PASSED:
            if type(value) not in _ACCEPTS_float_int:
                raise InvalidData("OverallQualityPrediction", "value", wrong("float", value))

            if type(suggested_acquisition_index) is not int:
                raise InvalidData(
                    "OverallQualityPrediction",
                    "suggested_acquisition_index",
                    wrong("int", suggested_acquisition_index),
                )

            if type(foilhole_uuid) is not str:
                raise InvalidData(
                    "OverallQualityPrediction", "foilhole_uuid", wrong("str", foilhole_uuid)
                )

            if type(grid_uuid) is not str:
                raise InvalidData("OverallQualityPrediction", "grid_uuid", wrong("str", grid_uuid))

            if type(gridsquare_uuid) is not str:
                raise InvalidData(
                    "OverallQualityPrediction", "gridsquare_uuid", wrong("str", gridsquare_uuid)
                )

            if type(id) not in _ACCEPTS_int_None_Unset:
                raise InvalidData("OverallQualityPrediction", "id", wrong("int | None | Unset", id))

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        _built = cls(
            value, suggested_acquisition_index, foilhole_uuid, grid_uuid, gridsquare_uuid, id
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
_ACCEPTS_float_int = frozenset({float, int})
_ACCEPTS_int_None_Unset = frozenset({int, type(None), Unset})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
