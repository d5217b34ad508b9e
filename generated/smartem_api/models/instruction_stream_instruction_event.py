from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..models.instruction_stream_instruction_event_type import InstructionStreamInstructionEventType

T = TypeVar("T", bound="InstructionStreamInstructionEvent")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "type",
        "instruction_id",
        "agent_id",
        "session_id",
        "instruction_type",
        "payload",
        "sequence_number",
        "priority",
        "created_at",
        "expires_at",
        "metadata",
    }
)


@_attrs_define
class InstructionStreamInstructionEvent:
    """Data of the `instruction` event, one instruction for the agent to carry out and acknowledge.

    Attributes:
        type_ (InstructionStreamInstructionEventType):
        instruction_id (str): Identifier to use when acknowledging the instruction.
        agent_id (str):
        session_id (str):
        instruction_type (str): What kind of instruction this is; determines how `payload` is read.
        payload (InstructionStreamInstructionEventPayload): Instruction-specific parameters.
        sequence_number (int | None): Order of the instruction within the session, when assigned.
        priority (str): Priority such as `normal`; higher priorities are delivered first.
        created_at (datetime.datetime):
        expires_at (datetime.datetime | None): After this moment the instruction should no longer be carried out.
        metadata (InstructionStreamInstructionEventMetadataType0 | None): Optional extra information about the
            instruction.
    """

    type_: InstructionStreamInstructionEventType
    instruction_id: str
    agent_id: str
    session_id: str
    instruction_type: str
    payload: InstructionStreamInstructionEventPayload
    sequence_number: int | None
    priority: str
    created_at: datetime.datetime
    expires_at: datetime.datetime | None
    metadata: InstructionStreamInstructionEventMetadataType0 | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        instruction_id = self.instruction_id

        agent_id = self.agent_id

        session_id = self.session_id

        instruction_type = self.instruction_type

        payload = self.payload.to_dict()

        sequence_number: int | None
        sequence_number = self.sequence_number

        priority = self.priority

        created_at = self.created_at.isoformat()

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        metadata: dict[str, Any] | None
        if isinstance(self.metadata, InstructionStreamInstructionEventMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "instruction_id": instruction_id,
                "agent_id": agent_id,
                "session_id": session_id,
                "instruction_type": instruction_type,
                "payload": payload,
                "sequence_number": sequence_number,
                "priority": priority,
                "created_at": created_at,
                "expires_at": expires_at,
                "metadata": metadata,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = (
            src_dict
            if type(src_dict) is dict
            else as_object(src_dict, "InstructionStreamInstructionEvent")
        )
        type_ = _d["type"]
        instruction_id = _d["instruction_id"]
        agent_id = _d["agent_id"]
        session_id = _d["session_id"]
        instruction_type = _d["instruction_type"]
        payload = _d["payload"]
        sequence_number = _d["sequence_number"]
        priority = _d["priority"]
        created_at = _d["created_at"]
        expires_at = _d["expires_at"]
        metadata = _d["metadata"]
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(instruction_id),
            type(agent_id),
            type(session_id),
            type(instruction_type),
            type(sequence_number),
            type(priority),
        )
        if _types not in _PASSED:
            if type(instruction_id) is not str:
                raise InvalidData(
                    "InstructionStreamInstructionEvent",
                    "instruction_id",
                    wrong("str", instruction_id),
                )

            if type(agent_id) is not str:
                raise InvalidData(
                    "InstructionStreamInstructionEvent", "agent_id", wrong("str", agent_id)
                )

            if type(session_id) is not str:
                raise InvalidData(
                    "InstructionStreamInstructionEvent", "session_id", wrong("str", session_id)
                )

            if type(instruction_type) is not str:
                raise InvalidData(
                    "InstructionStreamInstructionEvent",
                    "instruction_type",
                    wrong("str", instruction_type),
                )

            if type(sequence_number) not in _ACCEPTS_int_None:
                raise InvalidData(
                    "InstructionStreamInstructionEvent",
                    "sequence_number",
                    wrong("int | None", sequence_number),
                )

            if type(priority) is not str:
                raise InvalidData(
                    "InstructionStreamInstructionEvent", "priority", wrong("str", priority)
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        if type(type_) is str:
            type_ = InstructionStreamInstructionEventType._value2member_map_.get(type_, type_)
        if type(type_) is not InstructionStreamInstructionEventType:
            raise InvalidData(
                "InstructionStreamInstructionEvent",
                "type_",
                wrong("InstructionStreamInstructionEventType", type_),
            )

        if type(payload) is dict:
            try:
                payload = InstructionStreamInstructionEventPayload.from_dict(payload)
            except InvalidData as _error:
                raise InvalidData(
                    "InstructionStreamInstructionEvent", "payload", str(_error)
                ) from None
        if type(payload) is not InstructionStreamInstructionEventPayload:
            raise InvalidData(
                "InstructionStreamInstructionEvent",
                "payload",
                wrong("InstructionStreamInstructionEventPayload", payload),
            )

        if type(created_at) is str:
            try:
                created_at = datetime.datetime.fromisoformat(created_at)
            except ValueError:
                pass
        if type(created_at) is not datetime.datetime:
            raise InvalidData(
                "InstructionStreamInstructionEvent", "created_at", wrong("datetime", created_at)
            )

        if type(expires_at) is str:
            try:
                expires_at = datetime.datetime.fromisoformat(expires_at)
            except ValueError:
                pass
        if type(expires_at) not in _ACCEPTS_datetime_None:
            raise InvalidData(
                "InstructionStreamInstructionEvent",
                "expires_at",
                wrong("datetime | None", expires_at),
            )

        if type(metadata) is dict:
            try:
                metadata = InstructionStreamInstructionEventMetadataType0.from_dict(metadata)
            except InvalidData as _error:
                raise InvalidData(
                    "InstructionStreamInstructionEvent", "metadata", str(_error)
                ) from None
        if type(metadata) not in _ACCEPTS_InstructionStreamInstructionEventMetadataType0_None:
            raise InvalidData(
                "InstructionStreamInstructionEvent",
                "metadata",
                wrong("InstructionStreamInstructionEventMetadataType0 | None", metadata),
            )

        _built = cls(
            type_,
            instruction_id,
            agent_id,
            session_id,
            instruction_type,
            payload,
            sequence_number,
            priority,
            created_at,
            expires_at,
            metadata,
        )
        if len(_d) != 11 and not _KNOWN_KEYS.issuperset(_d):
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


# The models this one holds are imported last: models that hold each other import each
# other, and from_dict does not pay for an import statement on each call.
from ..models.instruction_stream_instruction_event_metadata_type_0 import (
    InstructionStreamInstructionEventMetadataType0,  # noqa: E402
)
from ..models.instruction_stream_instruction_event_payload import (
    InstructionStreamInstructionEventPayload,  # noqa: E402
)

# The types each field takes as they are, where it takes several.
_ACCEPTS_int_None = frozenset({int, type(None)})
_ACCEPTS_datetime_None = frozenset({datetime.datetime, type(None)})
_ACCEPTS_InstructionStreamInstructionEventMetadataType0_None = frozenset(
    {InstructionStreamInstructionEventMetadataType0, type(None)}
)

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
