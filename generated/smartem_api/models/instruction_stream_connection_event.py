from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..models.instruction_stream_connection_event_type import InstructionStreamConnectionEventType

T = TypeVar("T", bound="InstructionStreamConnectionEvent")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "type",
        "agent_id",
        "session_id",
        "connection_id",
        "status",
    }
)


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
        _d = (
            src_dict
            if type(src_dict) is dict
            else as_object(src_dict, "InstructionStreamConnectionEvent")
        )
        type_ = _d["type"]
        agent_id = _d["agent_id"]
        session_id = _d["session_id"]
        connection_id = _d["connection_id"]
        status = _d["status"]
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(agent_id),
            type(session_id),
            type(connection_id),
            type(status),
        )
        if _types not in _PASSED:
            if type(agent_id) is not str:
                raise InvalidData(
                    "InstructionStreamConnectionEvent", "agent_id", wrong("str", agent_id)
                )

            if type(session_id) is not str:
                raise InvalidData(
                    "InstructionStreamConnectionEvent", "session_id", wrong("str", session_id)
                )

            if type(connection_id) is not str:
                raise InvalidData(
                    "InstructionStreamConnectionEvent", "connection_id", wrong("str", connection_id)
                )

            if type(status) is not str:
                raise InvalidData(
                    "InstructionStreamConnectionEvent", "status", wrong("str", status)
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        if type(type_) is str:
            type_ = InstructionStreamConnectionEventType._value2member_map_.get(type_, type_)
        if type(type_) is not InstructionStreamConnectionEventType:
            raise InvalidData(
                "InstructionStreamConnectionEvent",
                "type_",
                wrong("InstructionStreamConnectionEventType", type_),
            )

        _built = cls(type_, agent_id, session_id, connection_id, status)
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
