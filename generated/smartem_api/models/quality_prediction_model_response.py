from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.model_level import ModelLevel

T = TypeVar("T", bound="QualityPredictionModelResponse")


@_attrs_define
class QualityPredictionModelResponse:
    """
    Attributes:
        name (str):
        description (str):
        level (ModelLevel):
        can_train (bool):
        can_infer (bool):
        can_update (bool):
    """

    name: str
    description: str
    level: ModelLevel
    can_train: bool
    can_infer: bool
    can_update: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        level = self.level.value

        can_train = self.can_train

        can_infer = self.can_infer

        can_update = self.can_update

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "description": description,
                "level": level,
                "can_train": can_train,
                "can_infer": can_infer,
                "can_update": can_update,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description")

        level = ModelLevel(d.pop("level"))

        can_train = d.pop("can_train")

        can_infer = d.pop("can_infer")

        can_update = d.pop("can_update")

        quality_prediction_model_response = cls(
            name=name,
            description=description,
            level=level,
            can_train=can_train,
            can_infer=can_infer,
            can_update=can_update,
        )

        quality_prediction_model_response.additional_properties = d
        return quality_prediction_model_response

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
