from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..models.instruction_stream_error_event_type import InstructionStreamErrorEventType

T = TypeVar("T", bound="InstructionStreamErrorEvent")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "type",
        "error",
        "message",
    }
)


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
        _d = (
            src_dict
            if type(src_dict) is dict
            else as_object(src_dict, "InstructionStreamErrorEvent")
        )
        type_ = _d["type"]
        error = _d["error"]
        message = _d["message"]
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(error),
            type(message),
        )
        if _types not in _PASSED:
            if type(error) is not str:
                raise InvalidData("InstructionStreamErrorEvent", "error", wrong("str", error))

            if type(message) is not str:
                raise InvalidData("InstructionStreamErrorEvent", "message", wrong("str", message))

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        if type(type_) is str:
            type_ = InstructionStreamErrorEventType._value2member_map_.get(type_, type_)
        if type(type_) is not InstructionStreamErrorEventType:
            raise InvalidData(
                "InstructionStreamErrorEvent",
                "type_",
                wrong("InstructionStreamErrorEventType", type_),
            )

        _built = cls(type_, error, message)
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


# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
