from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CurrentQualityPredictionResponse")


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
        d = dict(src_dict)
        id = d.pop("id")

        prediction_model_name = d.pop("prediction_model_name")

        value = d.pop("value")

        def _parse_gridsquare_uuid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        gridsquare_uuid = _parse_gridsquare_uuid(d.pop("gridsquare_uuid", UNSET))

        def _parse_foilhole_uuid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        foilhole_uuid = _parse_foilhole_uuid(d.pop("foilhole_uuid", UNSET))

        current_quality_prediction_response = cls(
            id=id,
            prediction_model_name=prediction_model_name,
            value=value,
            gridsquare_uuid=gridsquare_uuid,
            foilhole_uuid=foilhole_uuid,
        )

        current_quality_prediction_response.additional_properties = d
        return current_quality_prediction_response

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
