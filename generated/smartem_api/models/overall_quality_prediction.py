from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OverallQualityPrediction")


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
        d = dict(src_dict)
        value = d.pop("value")

        suggested_acquisition_index = d.pop("suggested_acquisition_index")

        foilhole_uuid = d.pop("foilhole_uuid")

        grid_uuid = d.pop("grid_uuid")

        gridsquare_uuid = d.pop("gridsquare_uuid")

        def _parse_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        overall_quality_prediction = cls(
            value=value,
            suggested_acquisition_index=suggested_acquisition_index,
            foilhole_uuid=foilhole_uuid,
            grid_uuid=grid_uuid,
            gridsquare_uuid=gridsquare_uuid,
            id=id,
        )

        overall_quality_prediction.additional_properties = d
        return overall_quality_prediction

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
