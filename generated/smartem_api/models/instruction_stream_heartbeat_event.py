from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..models.instruction_stream_heartbeat_event_type import InstructionStreamHeartbeatEventType

T = TypeVar("T", bound="InstructionStreamHeartbeatEvent")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "type",
        "timestamp",
        "connection_id",
    }
)


@_attrs_define
class InstructionStreamHeartbeatEvent:
    """Data of the `heartbeat` event, sent after 30 seconds without instructions to keep the stream alive.

    Attributes:
        type_ (InstructionStreamHeartbeatEventType):
        timestamp (datetime.datetime):
        connection_id (str):
    """

    type_: InstructionStreamHeartbeatEventType
    timestamp: datetime.datetime
    connection_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        timestamp = self.timestamp.isoformat()

        connection_id = self.connection_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "timestamp": timestamp,
                "connection_id": connection_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = (
            src_dict
            if type(src_dict) is dict
            else as_object(src_dict, "InstructionStreamHeartbeatEvent")
        )
        type_ = _d["type"]
        timestamp = _d["timestamp"]
        connection_id = _d["connection_id"]
        if type(type_) is str:
            type_ = InstructionStreamHeartbeatEventType._value2member_map_.get(type_, type_)
        if type(type_) is not InstructionStreamHeartbeatEventType:
            raise InvalidData(
                "InstructionStreamHeartbeatEvent",
                "type_",
                wrong("InstructionStreamHeartbeatEventType", type_),
            )

        if type(timestamp) is str:
            try:
                timestamp = datetime.datetime.fromisoformat(timestamp)
            except ValueError:
                pass
        if type(timestamp) is not datetime.datetime:
            raise InvalidData(
                "InstructionStreamHeartbeatEvent", "timestamp", wrong("datetime", timestamp)
            )

        if type(connection_id) is not str:
            raise InvalidData(
                "InstructionStreamHeartbeatEvent", "connection_id", wrong("str", connection_id)
            )

        _built = cls(type_, timestamp, connection_id)
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
