from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong

T = TypeVar("T", bound="AgentInstructionAcknowledgementResponse")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "status",
        "instruction_id",
        "acknowledged_at",
        "agent_id",
        "session_id",
    }
)


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
        _d = (
            src_dict
            if type(src_dict) is dict
            else as_object(src_dict, "AgentInstructionAcknowledgementResponse")
        )
        status = _d["status"]
        instruction_id = _d["instruction_id"]
        acknowledged_at = _d["acknowledged_at"]
        agent_id = _d["agent_id"]
        session_id = _d["session_id"]
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(status),
            type(instruction_id),
            type(acknowledged_at),
            type(agent_id),
            type(session_id),
        )
        if _types not in _PASSED:
            if type(status) is not str:
                raise InvalidData(
                    "AgentInstructionAcknowledgementResponse", "status", wrong("str", status)
                )

            if type(instruction_id) is not str:
                raise InvalidData(
                    "AgentInstructionAcknowledgementResponse",
                    "instruction_id",
                    wrong("str", instruction_id),
                )

            if type(acknowledged_at) is not str:
                raise InvalidData(
                    "AgentInstructionAcknowledgementResponse",
                    "acknowledged_at",
                    wrong("str", acknowledged_at),
                )

            if type(agent_id) is not str:
                raise InvalidData(
                    "AgentInstructionAcknowledgementResponse", "agent_id", wrong("str", agent_id)
                )

            if type(session_id) is not str:
                raise InvalidData(
                    "AgentInstructionAcknowledgementResponse",
                    "session_id",
                    wrong("str", session_id),
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        _built = cls(status, instruction_id, acknowledged_at, agent_id, session_id)
        if len(_d) != 5 and not _KNOWN_KEYS.issuperset(_d):
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
