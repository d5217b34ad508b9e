from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="QualityPredictionModelUpdateRequest")


@_attrs_define
class QualityPredictionModelUpdateRequest:
    """
    Attributes:
        description (None | str | Unset):
        can_train (bool | None | Unset):
        can_infer (bool | None | Unset):
        can_update (bool | None | Unset):
    """

    description: None | str | Unset = UNSET
    can_train: bool | None | Unset = UNSET
    can_infer: bool | None | Unset = UNSET
    can_update: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        can_train: bool | None | Unset
        if isinstance(self.can_train, Unset):
            can_train = UNSET
        else:
            can_train = self.can_train

        can_infer: bool | None | Unset
        if isinstance(self.can_infer, Unset):
            can_infer = UNSET
        else:
            can_infer = self.can_infer

        can_update: bool | None | Unset
        if isinstance(self.can_update, Unset):
            can_update = UNSET
        else:
            can_update = self.can_update

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
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

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_can_train(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        can_train = _parse_can_train(d.pop("can_train", UNSET))

        def _parse_can_infer(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        can_infer = _parse_can_infer(d.pop("can_infer", UNSET))

        def _parse_can_update(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        can_update = _parse_can_update(d.pop("can_update", UNSET))

        quality_prediction_model_update_request = cls(
            description=description,
            can_train=can_train,
            can_infer=can_infer,
            can_update=can_update,
        )

        quality_prediction_model_update_request.additional_properties = d
        return quality_prediction_model_update_request

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
