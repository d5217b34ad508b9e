from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..types import UNSET, Unset

T = TypeVar("T", bound="MotionCorrectionCompletedRequest")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "total_motion",
        "average_motion",
        "motion_corrected_image_path",
        "motion_corrected_snapshot_path",
    }
)


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
        _d = (
            src_dict
            if type(src_dict) is dict
            else as_object(src_dict, "MotionCorrectionCompletedRequest")
        )
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            total_motion = _d["total_motion"]
            average_motion = _d["average_motion"]
            motion_corrected_image_path = _d["motion_corrected_image_path"]
            motion_corrected_snapshot_path = _d["motion_corrected_snapshot_path"]
            _more = len(_d) != 4
        except KeyError:
            _more = True
            total_motion = _d["total_motion"]
            average_motion = _d["average_motion"]
            motion_corrected_image_path = _d.get("motion_corrected_image_path", UNSET)
            motion_corrected_snapshot_path = _d.get("motion_corrected_snapshot_path", UNSET)
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(total_motion),
            type(average_motion),
            type(motion_corrected_image_path),
            type(motion_corrected_snapshot_path),
        )
        if _types not in _PASSED:
            if type(total_motion) not in _ACCEPTS_float_int:
                raise InvalidData(
                    "MotionCorrectionCompletedRequest", "total_motion", wrong("float", total_motion)
                )

            if type(average_motion) not in _ACCEPTS_float_int:
                raise InvalidData(
                    "MotionCorrectionCompletedRequest",
                    "average_motion",
                    wrong("float", average_motion),
                )

            if type(motion_corrected_image_path) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "MotionCorrectionCompletedRequest",
                    "motion_corrected_image_path",
                    wrong("None | str | Unset", motion_corrected_image_path),
                )

            if type(motion_corrected_snapshot_path) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "MotionCorrectionCompletedRequest",
                    "motion_corrected_snapshot_path",
                    wrong("None | str | Unset", motion_corrected_snapshot_path),
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        _built = cls(
            total_motion,
            average_motion,
            motion_corrected_image_path,
            motion_corrected_snapshot_path,
        )
        if _more and not _KNOWN_KEYS.issuperset(_d):
            _built.additional_properties = {
                _key: _value for _key, _value in _d.items() if _key not in _KNOWN_KEYS
            }
        return _built

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


# The types each field takes as they are, where it takes several.
_ACCEPTS_float_int = frozenset({float, int})
_ACCEPTS_str_None_Unset = frozenset({str, type(None), Unset})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
