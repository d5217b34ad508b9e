from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.instruction_stream_heartbeat_event_type import InstructionStreamHeartbeatEventType

T = TypeVar("T", bound="InstructionStreamHeartbeatEvent")


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
        d = dict(src_dict)
        type_ = InstructionStreamHeartbeatEventType(d.pop("type"))

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        connection_id = d.pop("connection_id")

        instruction_stream_heartbeat_event = cls(
            type_=type_,
            timestamp=timestamp,
            connection_id=connection_id,
        )

        instruction_stream_heartbeat_event.additional_properties = d
        return instruction_stream_heartbeat_event

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
