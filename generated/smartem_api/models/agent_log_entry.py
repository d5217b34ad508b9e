from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AgentLogEntry")


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
        d = dict(src_dict)
        timestamp = d.pop("timestamp")

        level = d.pop("level")

        logger_name = d.pop("logger_name")

        message = d.pop("message")

        agent_log_entry = cls(
            timestamp=timestamp,
            level=level,
            logger_name=logger_name,
            message=message,
        )

        agent_log_entry.additional_properties = d
        return agent_log_entry

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
