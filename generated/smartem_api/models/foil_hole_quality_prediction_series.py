from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong

T = TypeVar("T", bound="FoilHoleQualityPredictionSeries")

_KNOWN_KEYS: frozenset[str] = frozenset({})


@_attrs_define
class FoilHoleQualityPredictionSeries:
    """Foil-hole prediction time series of a grid square, keyed by prediction model name; each
    value maps the EPU foil hole id to that hole's series.

    """

    additional_properties: dict[str, QualityPredictionSeries] = _attrs_field(
        init=False, factory=dict
    )

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = (
            src_dict
            if type(src_dict) is dict
            else as_object(src_dict, "FoilHoleQualityPredictionSeries")
        )
        _built = cls()
        if len(_d) != 0 and not _KNOWN_KEYS.issuperset(_d):
            _rest: dict[str, Any] = {}
            for _key, _value in _d.items():
                if _key not in _KNOWN_KEYS:
                    if type(_value) is dict:
                        try:
                            _value = QualityPredictionSeries.from_dict(_value)
                        except InvalidData as _error:
                            raise InvalidData(
                                "FoilHoleQualityPredictionSeries", _key, str(_error)
                            ) from None
                    if type(_value) is not QualityPredictionSeries:
                        raise InvalidData(
                            "FoilHoleQualityPredictionSeries",
                            _key,
                            wrong("QualityPredictionSeries", _value),
                        )

                    _rest[_key] = _value
            _built.additional_properties = _rest
        return _built

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> QualityPredictionSeries:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: QualityPredictionSeries) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# The models this one holds are imported last: models that hold each other import each
# other, and from_dict does not pay for an import statement on each call.
from ..models.quality_prediction_series import QualityPredictionSeries  # noqa: E402
