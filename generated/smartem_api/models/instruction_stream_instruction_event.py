from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.instruction_stream_instruction_event_type import InstructionStreamInstructionEventType

if TYPE_CHECKING:
    from ..models.instruction_stream_instruction_event_metadata_type_0 import (
        InstructionStreamInstructionEventMetadataType0,
    )
    from ..models.instruction_stream_instruction_event_payload import (
        InstructionStreamInstructionEventPayload,
    )


T = TypeVar("T", bound="InstructionStreamInstructionEvent")


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
        from ..models.instruction_stream_instruction_event_metadata_type_0 import (
            InstructionStreamInstructionEventMetadataType0,  # noqa: PLC0415
        )

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
        from ..models.instruction_stream_instruction_event_metadata_type_0 import (
            InstructionStreamInstructionEventMetadataType0,  # noqa: PLC0415
        )
        from ..models.instruction_stream_instruction_event_payload import (
            InstructionStreamInstructionEventPayload,  # noqa: PLC0415
        )

        d = dict(src_dict)
        type_ = InstructionStreamInstructionEventType(d.pop("type"))

        instruction_id = d.pop("instruction_id")

        agent_id = d.pop("agent_id")

        session_id = d.pop("session_id")

        instruction_type = d.pop("instruction_type")

        payload = InstructionStreamInstructionEventPayload.from_dict(d.pop("payload"))

        def _parse_sequence_number(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        sequence_number = _parse_sequence_number(d.pop("sequence_number"))

        priority = d.pop("priority")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        def _parse_metadata(data: object) -> InstructionStreamInstructionEventMetadataType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = InstructionStreamInstructionEventMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InstructionStreamInstructionEventMetadataType0 | None, data)

        metadata = _parse_metadata(d.pop("metadata"))

        instruction_stream_instruction_event = cls(
            type_=type_,
            instruction_id=instruction_id,
            agent_id=agent_id,
            session_id=session_id,
            instruction_type=instruction_type,
            payload=payload,
            sequence_number=sequence_number,
            priority=priority,
            created_at=created_at,
            expires_at=expires_at,
            metadata=metadata,
        )

        instruction_stream_instruction_event.additional_properties = d
        return instruction_stream_instruction_event

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
