from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="QualityPredictionModelCreateRequest")


@_attrs_define
class QualityPredictionModelCreateRequest:
    """
    Attributes:
        name (str):
        description (str | Unset):  Default: ''.
        can_train (bool | Unset):  Default: False.
        can_infer (bool | Unset):  Default: True.
        can_update (bool | Unset):  Default: False.
    """

    name: str
    description: str | Unset = ""
    can_train: bool | Unset = False
    can_infer: bool | Unset = True
    can_update: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        can_train = self.can_train

        can_infer = self.can_infer

        can_update = self.can_update

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if can_train is not UNSET:
            field_dict["can_train"] = can_train
        if can_infer is not UNSET:
            field_dict["can_infer"] = can_infer
        if can_update is not UNSET:
            field_dict["can_update"] = can_update

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description", UNSET)

        can_train = d.pop("can_train", UNSET)

        can_infer = d.pop("can_infer", UNSET)

        can_update = d.pop("can_update", UNSET)

        quality_prediction_model_create_request = cls(
            name=name,
            description=description,
            can_train=can_train,
            can_infer=can_infer,
            can_update=can_update,
        )

        quality_prediction_model_create_request.additional_properties = d
        return quality_prediction_model_create_request

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
