from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..types import UNSET, Unset

T = TypeVar("T", bound="CurrentQualityPredictionResponse")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "prediction_model_name",
        "value",
        "gridsquare_uuid",
        "foilhole_uuid",
    }
)


@_attrs_define
class CurrentQualityPredictionResponse:
    """
    Attributes:
        id (int):
        prediction_model_name (str):
        value (float):
        gridsquare_uuid (None | str | Unset):
        foilhole_uuid (None | str | Unset):
    """

    id: int
    prediction_model_name: str
    value: float
    gridsquare_uuid: None | str | Unset = UNSET
    foilhole_uuid: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        prediction_model_name = self.prediction_model_name

        value = self.value

        gridsquare_uuid: None | str | Unset
        if isinstance(self.gridsquare_uuid, Unset):
            gridsquare_uuid = UNSET
        else:
            gridsquare_uuid = self.gridsquare_uuid

        foilhole_uuid: None | str | Unset
        if isinstance(self.foilhole_uuid, Unset):
            foilhole_uuid = UNSET
        else:
            foilhole_uuid = self.foilhole_uuid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "prediction_model_name": prediction_model_name,
                "value": value,
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
            else as_object(src_dict, "CurrentQualityPredictionResponse")
        )
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            id = _d["id"]
            prediction_model_name = _d["prediction_model_name"]
            value = _d["value"]
            gridsquare_uuid = _d["gridsquare_uuid"]
            foilhole_uuid = _d["foilhole_uuid"]
            _more = len(_d) != 5
        except KeyError:
            _more = True
            id = _d["id"]
            prediction_model_name = _d["prediction_model_name"]
            value = _d["value"]
            gridsquare_uuid = _d.get("gridsquare_uuid", UNSET)
            foilhole_uuid = _d.get("foilhole_uuid", UNSET)
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(id),
            type(prediction_model_name),
            type(value),
            type(gridsquare_uuid),
            type(foilhole_uuid),
        )
        if _types not in _PASSED:
            if type(id) is not int:
                raise InvalidData("CurrentQualityPredictionResponse", "id", wrong("int", id))

            if type(prediction_model_name) is not str:
                raise InvalidData(
                    "CurrentQualityPredictionResponse",
                    "prediction_model_name",
                    wrong("str", prediction_model_name),
                )

            if type(value) not in _ACCEPTS_float_int:
                raise InvalidData(
                    "CurrentQualityPredictionResponse", "value", wrong("float", value)
                )

            if type(gridsquare_uuid) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "CurrentQualityPredictionResponse",
                    "gridsquare_uuid",
                    wrong("None | str | Unset", gridsquare_uuid),
                )

            if type(foilhole_uuid) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "CurrentQualityPredictionResponse",
                    "foilhole_uuid",
                    wrong("None | str | Unset", foilhole_uuid),
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        _built = cls(id, prediction_model_name, value, gridsquare_uuid, foilhole_uuid)
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
_ACCEPTS_str_None_Unset = frozenset({str, type(None), Unset})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
