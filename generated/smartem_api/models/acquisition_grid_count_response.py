from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong

T = TypeVar("T", bound="AcquisitionGridCountResponse")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "acquisition_uuid",
        "grids_total",
        "grids_completed",
    }
)


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
        _d = (
            src_dict
            if type(src_dict) is dict
            else as_object(src_dict, "AcquisitionGridCountResponse")
        )
        acquisition_uuid = _d["acquisition_uuid"]
        grids_total = _d["grids_total"]
        grids_completed = _d["grids_completed"]
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(acquisition_uuid),
            type(grids_total),
            type(grids_completed),
        )
        if _types not in _PASSED:
            if type(acquisition_uuid) is not str:
                raise InvalidData(
                    "AcquisitionGridCountResponse",
                    "acquisition_uuid",
                    wrong("str", acquisition_uuid),
                )

            if type(grids_total) is not int:
                raise InvalidData(
                    "AcquisitionGridCountResponse", "grids_total", wrong("int", grids_total)
                )

            if type(grids_completed) is not int:
                raise InvalidData(
                    "AcquisitionGridCountResponse", "grids_completed", wrong("int", grids_completed)
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        _built = cls(acquisition_uuid, grids_total, grids_completed)
        if len(_d) != 3 and not _KNOWN_KEYS.issuperset(_d):
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


# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
