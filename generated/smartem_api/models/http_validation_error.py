from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..types import UNSET, Unset

T = TypeVar("T", bound="HTTPValidationError")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "detail",
    }
)


@_attrs_define
class HTTPValidationError:
    """
    Attributes:
        detail (list[ValidationError] | Unset):
    """

    detail: list[ValidationError] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        detail: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.detail, Unset):
            detail = []
            for detail_item_data in self.detail:
                detail_item = detail_item_data.to_dict()
                detail.append(detail_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if detail is not UNSET:
            field_dict["detail"] = detail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "HTTPValidationError")
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            detail = _d["detail"]
            _more = len(_d) != 1
        except KeyError:
            _more = True
            detail = _d.get("detail", UNSET)
        if type(detail) is list:
            _detail_items: list[Any] = []
            for _detail_index, _detail_item in enumerate(detail):
                if type(_detail_item) is dict:
                    try:
                        _detail_item = ValidationError.from_dict(_detail_item)
                    except InvalidData as _error:
                        raise InvalidData(
                            "HTTPValidationError", "detail", f"[{_detail_index}] " + str(_error)
                        ) from None
                if type(_detail_item) is not ValidationError:
                    raise InvalidData(
                        "HTTPValidationError",
                        "detail",
                        f"[{_detail_index}] " + wrong("ValidationError", _detail_item),
                    )

                _detail_items.append(_detail_item)
            detail = _detail_items
        if type(detail) not in _ACCEPTS_list_Unset:
            raise InvalidData(
                "HTTPValidationError", "detail", wrong("list[ValidationError] | Unset", detail)
            )

        _built = cls(detail)
        if _more and not _KNOWN_KEYS.issuperset(_d):
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
from ..models.validation_error import ValidationError  # noqa: E402

# The types each field takes as they are, where it takes several.
_ACCEPTS_list_Unset = frozenset({list, Unset})
