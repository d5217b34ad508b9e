from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..types import UNSET, Unset

T = TypeVar("T", bound="QualityPredictionModelCreateRequest")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "name",
        "description",
        "can_train",
        "can_infer",
        "can_update",
    }
)


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
        _d = (
            src_dict
            if type(src_dict) is dict
            else as_object(src_dict, "QualityPredictionModelCreateRequest")
        )
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            name = _d["name"]
            description = _d["description"]
            can_train = _d["can_train"]
            can_infer = _d["can_infer"]
            can_update = _d["can_update"]
            _more = len(_d) != 5
        except KeyError:
            _more = True
            name = _d["name"]
            description = _d.get("description", UNSET)
            can_train = _d.get("can_train", UNSET)
            can_infer = _d.get("can_infer", UNSET)
            can_update = _d.get("can_update", UNSET)
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(name),
            type(description),
            type(can_train),
            type(can_infer),
            type(can_update),
        )
        if _types not in _PASSED:
            if type(name) is not str:
                raise InvalidData("QualityPredictionModelCreateRequest", "name", wrong("str", name))

            if type(description) not in _ACCEPTS_str_Unset:
                raise InvalidData(
                    "QualityPredictionModelCreateRequest",
                    "description",
                    wrong("str | Unset", description),
                )

            if type(can_train) not in _ACCEPTS_bool_Unset:
                raise InvalidData(
                    "QualityPredictionModelCreateRequest",
                    "can_train",
                    wrong("bool | Unset", can_train),
                )

            if type(can_infer) not in _ACCEPTS_bool_Unset:
                raise InvalidData(
                    "QualityPredictionModelCreateRequest",
                    "can_infer",
                    wrong("bool | Unset", can_infer),
                )

            if type(can_update) not in _ACCEPTS_bool_Unset:
                raise InvalidData(
                    "QualityPredictionModelCreateRequest",
                    "can_update",
                    wrong("bool | Unset", can_update),
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        _built = cls(name, description, can_train, can_infer, can_update)
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
_ACCEPTS_str_Unset = frozenset({str, Unset})
_ACCEPTS_bool_Unset = frozenset({bool, Unset})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
