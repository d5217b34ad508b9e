from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..types import UNSET, Unset

T = TypeVar("T", bound="CtfEstimationRegisteredRequest")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "quality",
        "metric_name",
    }
)


@_attrs_define
class CtfEstimationRegisteredRequest:
    """
    Attributes:
        quality (bool):
        metric_name (None | str | Unset):
    """

    quality: bool
    metric_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        quality = self.quality

        metric_name: None | str | Unset
        if isinstance(self.metric_name, Unset):
            metric_name = UNSET
        else:
            metric_name = self.metric_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "quality": quality,
            }
        )
        if metric_name is not UNSET:
            field_dict["metric_name"] = metric_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = (
            src_dict
            if type(src_dict) is dict
            else as_object(src_dict, "CtfEstimationRegisteredRequest")
        )
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            quality = _d["quality"]
            metric_name = _d["metric_name"]
            _more = len(_d) != 2
        except KeyError:
            _more = True
            quality = _d["quality"]
            metric_name = _d.get("metric_name", UNSET)
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(quality),
            type(metric_name),
        )
        if _types not in _PASSED:
            if type(quality) is not bool:
                raise InvalidData(
                    "CtfEstimationRegisteredRequest", "quality", wrong("bool", quality)
                )

            if type(metric_name) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "CtfEstimationRegisteredRequest",
                    "metric_name",
                    wrong("None | str | Unset", metric_name),
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        _built = cls(quality, metric_name)
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
_ACCEPTS_str_None_Unset = frozenset({str, type(None), Unset})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
