from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AcquisitionGridCountResponse")


@_attrs_define
class AcquisitionGridCountResponse:
    """
    Attributes:
        acquisition_uuid (str):
        grids_total (int):
        grids_completed (int):
    """

    acquisition_uuid: str
    grids_total: int
    grids_completed: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        acquisition_uuid = self.acquisition_uuid

        grids_total = self.grids_total

        grids_completed = self.grids_completed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "acquisition_uuid": acquisition_uuid,
                "grids_total": grids_total,
                "grids_completed": grids_completed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        acquisition_uuid = d.pop("acquisition_uuid")

        grids_total = d.pop("grids_total")

        grids_completed = d.pop("grids_completed")

        acquisition_grid_count_response = cls(
            acquisition_uuid=acquisition_uuid,
            grids_total=grids_total,
            grids_completed=grids_completed,
        )

        acquisition_grid_count_response.additional_properties = d
        return acquisition_grid_count_response

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
