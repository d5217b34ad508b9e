from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.instruction_stream_error_event_type import InstructionStreamErrorEventType

T = TypeVar("T", bound="InstructionStreamErrorEvent")


@_attrs_define
class InstructionStreamErrorEvent:
    """Data of the `error` event; the server closes the stream after sending it.

    Attributes:
        type_ (InstructionStreamErrorEventType):
        error (str): Machine-readable error code, e.g. `session_validation_failed`.
        message (str): Human-readable explanation.
    """

    type_: InstructionStreamErrorEventType
    error: str
    message: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        error = self.error

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "error": error,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = InstructionStreamErrorEventType(d.pop("type"))

        error = d.pop("error")

        message = d.pop("message")

        instruction_stream_error_event = cls(
            type_=type_,
            error=error,
            message=message,
        )

        instruction_stream_error_event.additional_properties = d
        return instruction_stream_error_event

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
