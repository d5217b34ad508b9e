from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong

T = TypeVar("T", bound="AgentLogEntry")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "timestamp",
        "level",
        "logger_name",
        "message",
    }
)


@_attrs_define
class AgentLogEntry:
    """
    Attributes:
        timestamp (str):
        level (str):
        logger_name (str):
        message (str):
    """

    timestamp: str
    level: str
    logger_name: str
    message: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        timestamp = self.timestamp

        level = self.level

        logger_name = self.logger_name

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "timestamp": timestamp,
                "level": level,
                "logger_name": logger_name,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "AgentLogEntry")
        timestamp = _d["timestamp"]
        level = _d["level"]
        logger_name = _d["logger_name"]
        message = _d["message"]
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(timestamp),
            type(level),
            type(logger_name),
            type(message),
        )
        if _types not in _PASSED:
            if type(timestamp) is not str:
                raise InvalidData("AgentLogEntry", "timestamp", wrong("str", timestamp))

            if type(level) is not str:
                raise InvalidData("AgentLogEntry", "level", wrong("str", level))

            if type(logger_name) is not str:
                raise InvalidData("AgentLogEntry", "logger_name", wrong("str", logger_name))

            if type(message) is not str:
                raise InvalidData("AgentLogEntry", "message", wrong("str", message))

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        _built = cls(timestamp, level, logger_name, message)
        if len(_d) != 4 and not _KNOWN_KEYS.issuperset(_d):
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
