from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong

T = TypeVar("T", bound="GridModelWeights")

_KNOWN_KEYS: frozenset[str] = frozenset({})


@_attrs_define
class GridModelWeights:
    """Model weights on a grid, keyed by prediction model name; each value is that model's weight history."""

    additional_properties: dict[str, list[QualityPredictionModelWeight]] = _attrs_field(
        init=False, factory=dict
    )

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = []
            for additional_property_item_data in prop:
                additional_property_item = additional_property_item_data.to_dict()
                field_dict[prop_name].append(additional_property_item)

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "GridModelWeights")
        _built = cls()
        if len(_d) != 0 and not _KNOWN_KEYS.issuperset(_d):
            _rest: dict[str, Any] = {}
            for _key, _value in _d.items():
                if _key not in _KNOWN_KEYS:
                    if type(_value) is list:
                        _rest_items: list[Any] = []
                        for _rest_index, _rest_item in enumerate(_value):
                            if type(_rest_item) is dict:
                                try:
                                    _rest_item = QualityPredictionModelWeight.from_dict(_rest_item)
                                except InvalidData as _error:
                                    raise InvalidData(
                                        "GridModelWeights", _key, f"[{_rest_index}] " + str(_error)
                                    ) from None
                            if type(_rest_item) is not QualityPredictionModelWeight:
                                raise InvalidData(
                                    "GridModelWeights",
                                    _key,
                                    f"[{_rest_index}] "
                                    + wrong("QualityPredictionModelWeight", _rest_item),
                                )

                            _rest_items.append(_rest_item)
                        _value = _rest_items
                    if type(_value) is not list:
                        raise InvalidData(
                            "GridModelWeights",
                            _key,
                            wrong("list[QualityPredictionModelWeight]", _value),
                        )

                    _rest[_key] = _value
            _built.additional_properties = _rest
        return _built

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> list[QualityPredictionModelWeight]:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: list[QualityPredictionModelWeight]) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# The models this one holds are imported last: models that hold each other import each
# other, and from_dict does not pay for an import statement on each call.
from ..models.quality_prediction_model_weight import QualityPredictionModelWeight  # noqa: E402
