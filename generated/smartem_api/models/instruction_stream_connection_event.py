from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.instruction_stream_connection_event_type import InstructionStreamConnectionEventType

T = TypeVar("T", bound="InstructionStreamConnectionEvent")


@_attrs_define
class InstructionStreamConnectionEvent:
    """Data of the `connection` event, the first message on the instruction stream.

    Attributes:
        type_ (InstructionStreamConnectionEventType):
        agent_id (str):
        session_id (str):
        connection_id (str): Identifier the server gave this stream connection.
        status (str): Always `connected`.
    """

    type_: InstructionStreamConnectionEventType
    agent_id: str
    session_id: str
    connection_id: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        agent_id = self.agent_id

        session_id = self.session_id

        connection_id = self.connection_id

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "agent_id": agent_id,
                "session_id": session_id,
                "connection_id": connection_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = InstructionStreamConnectionEventType(d.pop("type"))

        agent_id = d.pop("agent_id")

        session_id = d.pop("session_id")

        connection_id = d.pop("connection_id")

        status = d.pop("status")

        instruction_stream_connection_event = cls(
            type_=type_,
            agent_id=agent_id,
            session_id=session_id,
            connection_id=connection_id,
            status=status,
        )

        instruction_stream_connection_event.additional_properties = d
        return instruction_stream_connection_event

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
