from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.grid_square_create_request import GridSquareCreateRequest


T = TypeVar("T", bound="GridSquareBatchCreateRequest")


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
        from ..models.grid_square_create_request import GridSquareCreateRequest  # noqa: PLC0415

        d = dict(src_dict)
        gridsquares = []
        _gridsquares = d.pop("gridsquares")
        for gridsquares_item_data in _gridsquares:
            gridsquares_item = GridSquareCreateRequest.from_dict(gridsquares_item_data)

            gridsquares.append(gridsquares_item)

        grid_square_batch_create_request = cls(
            gridsquares=gridsquares,
        )

        grid_square_batch_create_request.additional_properties = d
        return grid_square_batch_create_request

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
