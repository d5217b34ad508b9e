from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..errors import InvalidData, as_object, wrong
from ..models.agent_instruction_acknowledgement_status import AgentInstructionAcknowledgementStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="AgentInstructionAcknowledgement")


@_attrs_define
class AgentInstructionAcknowledgement:
    """
    Attributes:
        status (AgentInstructionAcknowledgementStatus):
        result (None | str | Unset):
        error_message (None | str | Unset):
        processing_time_ms (int | None | Unset):
        processed_at (datetime.datetime | None | Unset):
    """

    status: AgentInstructionAcknowledgementStatus
    result: None | str | Unset = UNSET
    error_message: None | str | Unset = UNSET
    processing_time_ms: int | None | Unset = UNSET
    processed_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        result: None | str | Unset
        if isinstance(self.result, Unset):
            result = UNSET
        else:
            result = self.result

        error_message: None | str | Unset
        if isinstance(self.error_message, Unset):
            error_message = UNSET
        else:
            error_message = self.error_message

        processing_time_ms: int | None | Unset
        if isinstance(self.processing_time_ms, Unset):
            processing_time_ms = UNSET
        else:
            processing_time_ms = self.processing_time_ms

        processed_at: None | str | Unset
        if isinstance(self.processed_at, Unset):
            processed_at = UNSET
        elif isinstance(self.processed_at, datetime.datetime):
            processed_at = self.processed_at.isoformat()
        else:
            processed_at = self.processed_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )
        if result is not UNSET:
            field_dict["result"] = result
        if error_message is not UNSET:
            field_dict["error_message"] = error_message
        if processing_time_ms is not UNSET:
            field_dict["processing_time_ms"] = processing_time_ms
        if processed_at is not UNSET:
            field_dict["processed_at"] = processed_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = (
            src_dict
            if type(src_dict) is dict
            else as_object(src_dict, "AgentInstructionAcknowledgement")
        )
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            status = _d["status"]
            result = _d["result"]
            error_message = _d["error_message"]
            processing_time_ms = _d["processing_time_ms"]
            processed_at = _d["processed_at"]
        except KeyError:
            status = _d["status"]
            result = _d.get("result", UNSET)
            error_message = _d.get("error_message", UNSET)
            processing_time_ms = _d.get("processing_time_ms", UNSET)
            processed_at = _d.get("processed_at", UNSET)
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(result),
            type(error_message),
            type(processing_time_ms),
        )
        if _types not in _PASSED:
            if type(result) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AgentInstructionAcknowledgement", "result", wrong("None | str | Unset", result)
                )

            if type(error_message) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AgentInstructionAcknowledgement",
                    "error_message",
                    wrong("None | str | Unset", error_message),
                )

            if type(processing_time_ms) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "AgentInstructionAcknowledgement",
                    "processing_time_ms",
                    wrong("int | None | Unset", processing_time_ms),
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        if type(status) is str:
            status = AgentInstructionAcknowledgementStatus._value2member_map_.get(status, status)
        if type(status) is not AgentInstructionAcknowledgementStatus:
            raise InvalidData(
                "AgentInstructionAcknowledgement",
                "status",
                wrong("AgentInstructionAcknowledgementStatus", status),
            )

        if type(processed_at) is str:
            try:
                processed_at = datetime.datetime.fromisoformat(processed_at)
            except ValueError:
                pass
        if type(processed_at) not in _ACCEPTS_datetime_None_Unset:
            raise InvalidData(
                "AgentInstructionAcknowledgement",
                "processed_at",
                wrong("datetime | None | Unset", processed_at),
            )

        _built = cls(status, result, error_message, processing_time_ms, processed_at)
        return _built


# The types each field takes as they are, where it takes several.
_ACCEPTS_str_None_Unset = frozenset({str, type(None), Unset})
_ACCEPTS_int_None_Unset = frozenset({int, type(None), Unset})
_ACCEPTS_datetime_None_Unset = frozenset({datetime.datetime, type(None), Unset})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
