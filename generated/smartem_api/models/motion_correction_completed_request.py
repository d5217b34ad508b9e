from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MotionCorrectionCompletedRequest")


@_attrs_define
class MotionCorrectionCompletedRequest:
    """Result of motion correction for a micrograph.

    Attributes:
        total_motion (float): Total drift over the exposure.
        average_motion (float): Average drift per frame.
    """

    total_motion: float
    average_motion: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_motion = self.total_motion

        average_motion = self.average_motion

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total_motion": total_motion,
                "average_motion": average_motion,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total_motion = d.pop("total_motion")

        average_motion = d.pop("average_motion")

        motion_correction_completed_request = cls(
            total_motion=total_motion,
            average_motion=average_motion,
        )

        motion_correction_completed_request.additional_properties = d
        return motion_correction_completed_request

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
