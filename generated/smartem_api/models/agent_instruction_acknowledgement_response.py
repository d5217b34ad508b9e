from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AgentInstructionAcknowledgementResponse")


@_attrs_define
class AgentInstructionAcknowledgementResponse:
    """
    Attributes:
        status (str):
        instruction_id (str):
        acknowledged_at (str):
        agent_id (str):
        session_id (str):
    """

    status: str
    instruction_id: str
    acknowledged_at: str
    agent_id: str
    session_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        instruction_id = self.instruction_id

        acknowledged_at = self.acknowledged_at

        agent_id = self.agent_id

        session_id = self.session_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "instruction_id": instruction_id,
                "acknowledged_at": acknowledged_at,
                "agent_id": agent_id,
                "session_id": session_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = d.pop("status")

        instruction_id = d.pop("instruction_id")

        acknowledged_at = d.pop("acknowledged_at")

        agent_id = d.pop("agent_id")

        session_id = d.pop("session_id")

        agent_instruction_acknowledgement_response = cls(
            status=status,
            instruction_id=instruction_id,
            acknowledged_at=acknowledged_at,
            agent_id=agent_id,
            session_id=session_id,
        )

        agent_instruction_acknowledgement_response.additional_properties = d
        return agent_instruction_acknowledgement_response

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
