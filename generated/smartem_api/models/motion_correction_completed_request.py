from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MotionCorrectionCompletedRequest")


@_attrs_define
class MotionCorrectionCompletedRequest:
    """
    Attributes:
        total_motion (float):
        average_motion (float):
        motion_corrected_image_path (None | str | Unset):
        motion_corrected_snapshot_path (None | str | Unset):
    """

    total_motion: float
    average_motion: float
    motion_corrected_image_path: None | str | Unset = UNSET
    motion_corrected_snapshot_path: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_motion = self.total_motion

        average_motion = self.average_motion

        motion_corrected_image_path: None | str | Unset
        if isinstance(self.motion_corrected_image_path, Unset):
            motion_corrected_image_path = UNSET
        else:
            motion_corrected_image_path = self.motion_corrected_image_path

        motion_corrected_snapshot_path: None | str | Unset
        if isinstance(self.motion_corrected_snapshot_path, Unset):
            motion_corrected_snapshot_path = UNSET
        else:
            motion_corrected_snapshot_path = self.motion_corrected_snapshot_path

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total_motion": total_motion,
                "average_motion": average_motion,
            }
        )
        if motion_corrected_image_path is not UNSET:
            field_dict["motion_corrected_image_path"] = motion_corrected_image_path
        if motion_corrected_snapshot_path is not UNSET:
            field_dict["motion_corrected_snapshot_path"] = motion_corrected_snapshot_path

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total_motion = d.pop("total_motion")

        average_motion = d.pop("average_motion")

        def _parse_motion_corrected_image_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        motion_corrected_image_path = _parse_motion_corrected_image_path(
            d.pop("motion_corrected_image_path", UNSET)
        )

        def _parse_motion_corrected_snapshot_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        motion_corrected_snapshot_path = _parse_motion_corrected_snapshot_path(
            d.pop("motion_corrected_snapshot_path", UNSET)
        )

        motion_correction_completed_request = cls(
            total_motion=total_motion,
            average_motion=average_motion,
            motion_corrected_image_path=motion_corrected_image_path,
            motion_corrected_snapshot_path=motion_corrected_snapshot_path,
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
