from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong

T = TypeVar("T", bound="GridSquareBatchCreateRequest")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "gridsquares",
    }
)


@_attrs_define
class GridSquareBatchCreateRequest:
    """
    Attributes:
        gridsquares (list[GridSquareCreateRequest]):
    """

    gridsquares: list[GridSquareCreateRequest]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        gridsquares = []
        for gridsquares_item_data in self.gridsquares:
            gridsquares_item = gridsquares_item_data.to_dict()
            gridsquares.append(gridsquares_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "gridsquares": gridsquares,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = (
            src_dict
            if type(src_dict) is dict
            else as_object(src_dict, "GridSquareBatchCreateRequest")
        )
        gridsquares = _d["gridsquares"]
        if type(gridsquares) is list:
            _gridsquares_items: list[Any] = []
            for _gridsquares_index, _gridsquares_item in enumerate(gridsquares):
                if type(_gridsquares_item) is dict:
                    try:
                        _gridsquares_item = GridSquareCreateRequest.from_dict(_gridsquares_item)
                    except InvalidData as _error:
                        raise InvalidData(
                            "GridSquareBatchCreateRequest",
                            "gridsquares",
                            f"[{_gridsquares_index}] " + str(_error),
                        ) from None
                if type(_gridsquares_item) is not GridSquareCreateRequest:
                    raise InvalidData(
                        "GridSquareBatchCreateRequest",
                        "gridsquares",
                        f"[{_gridsquares_index}] "
                        + wrong("GridSquareCreateRequest", _gridsquares_item),
                    )

                _gridsquares_items.append(_gridsquares_item)
            gridsquares = _gridsquares_items
        if type(gridsquares) is not list:
            raise InvalidData(
                "GridSquareBatchCreateRequest",
                "gridsquares",
                wrong("list[GridSquareCreateRequest]", gridsquares),
            )

        _built = cls(gridsquares)
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
from ..models.grid_square_create_request import GridSquareCreateRequest  # noqa: E402
