from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GridSquarePositionRequest")


@_attrs_define
class GridSquarePositionRequest:
    """
    Attributes:
        center_x (int):
        center_y (int):
        size_width (int):
        size_height (int):
        gridsquare_uuid (None | str | Unset):
    """

    center_x: int
    center_y: int
    size_width: int
    size_height: int
    gridsquare_uuid: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        center_x = self.center_x

        center_y = self.center_y

        size_width = self.size_width

        size_height = self.size_height

        gridsquare_uuid: None | str | Unset
        if isinstance(self.gridsquare_uuid, Unset):
            gridsquare_uuid = UNSET
        else:
            gridsquare_uuid = self.gridsquare_uuid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "center_x": center_x,
                "center_y": center_y,
                "size_width": size_width,
                "size_height": size_height,
            }
        )
        if gridsquare_uuid is not UNSET:
            field_dict["gridsquare_uuid"] = gridsquare_uuid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        center_x = d.pop("center_x")

        center_y = d.pop("center_y")

        size_width = d.pop("size_width")

        size_height = d.pop("size_height")

        def _parse_gridsquare_uuid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        gridsquare_uuid = _parse_gridsquare_uuid(d.pop("gridsquare_uuid", UNSET))

        grid_square_position_request = cls(
            center_x=center_x,
            center_y=center_y,
            size_width=size_width,
            size_height=size_height,
            gridsquare_uuid=gridsquare_uuid,
        )

        grid_square_position_request.additional_properties = d
        return grid_square_position_request

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
