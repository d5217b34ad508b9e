from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..models.model_level import ModelLevel

T = TypeVar("T", bound="QualityPredictionModelResponse")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "name",
        "description",
        "level",
        "can_train",
        "can_infer",
        "can_update",
    }
)


@_attrs_define
class QualityPredictionModelResponse:
    """
    Attributes:
        name (str):
        description (str):
        level (ModelLevel):
        can_train (bool):
        can_infer (bool):
        can_update (bool):
    """

    name: str
    description: str
    level: ModelLevel
    can_train: bool
    can_infer: bool
    can_update: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        level = self.level.value

        can_train = self.can_train

        can_infer = self.can_infer

        can_update = self.can_update

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "description": description,
                "level": level,
                "can_train": can_train,
                "can_infer": can_infer,
                "can_update": can_update,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = (
            src_dict
            if type(src_dict) is dict
            else as_object(src_dict, "QualityPredictionModelResponse")
        )
        name = _d["name"]
        description = _d["description"]
        level = _d["level"]
        can_train = _d["can_train"]
        can_infer = _d["can_infer"]
        can_update = _d["can_update"]
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
                raise InvalidData("QualityPredictionModelResponse", "name", wrong("str", name))

            if type(description) is not str:
                raise InvalidData(
                    "QualityPredictionModelResponse", "description", wrong("str", description)
                )

            if type(can_train) is not bool:
                raise InvalidData(
                    "QualityPredictionModelResponse", "can_train", wrong("bool", can_train)
                )

            if type(can_infer) is not bool:
                raise InvalidData(
                    "QualityPredictionModelResponse", "can_infer", wrong("bool", can_infer)
                )

            if type(can_update) is not bool:
                raise InvalidData(
                    "QualityPredictionModelResponse", "can_update", wrong("bool", can_update)
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        if type(level) is str:
            level = ModelLevel._value2member_map_.get(level, level)
        if type(level) is not ModelLevel:
            raise InvalidData("QualityPredictionModelResponse", "level", wrong("ModelLevel", level))

        _built = cls(name, description, level, can_train, can_infer, can_update)
        if len(_d) != 6 and not _KNOWN_KEYS.issuperset(_d):
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
