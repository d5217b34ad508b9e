from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong

T = TypeVar("T", bound="AgentLogBatchRequest")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "logs",
    }
)


@_attrs_define
class AgentLogBatchRequest:
    """
    Attributes:
        logs (list[AgentLogEntry]):
    """

    logs: list[AgentLogEntry]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        logs = []
        for logs_item_data in self.logs:
            logs_item = logs_item_data.to_dict()
            logs.append(logs_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "logs": logs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "AgentLogBatchRequest")
        logs = _d["logs"]
        if type(logs) is list:
            _logs_items: list[Any] = []
            for _logs_index, _logs_item in enumerate(logs):
                if type(_logs_item) is dict:
                    try:
                        _logs_item = AgentLogEntry.from_dict(_logs_item)
                    except InvalidData as _error:
                        raise InvalidData(
                            "AgentLogBatchRequest", "logs", f"[{_logs_index}] " + str(_error)
                        ) from None
                if type(_logs_item) is not AgentLogEntry:
                    raise InvalidData(
                        "AgentLogBatchRequest",
                        "logs",
                        f"[{_logs_index}] " + wrong("AgentLogEntry", _logs_item),
                    )

                _logs_items.append(_logs_item)
            logs = _logs_items
        if type(logs) is not list:
            raise InvalidData("AgentLogBatchRequest", "logs", wrong("list[AgentLogEntry]", logs))

        _built = cls(logs)
        if len(_d) != 1 and not _KNOWN_KEYS.issuperset(_d):
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
from ..models.agent_log_entry import AgentLogEntry  # noqa: E402
