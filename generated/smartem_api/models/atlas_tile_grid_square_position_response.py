from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AtlasTileGridSquarePositionResponse")


@_attrs_define
class AtlasTileGridSquarePositionResponse:
    """
    Attributes:
        atlastile_uuid (str):
        gridsquare_uuid (str):
        center_x (int):
        center_y (int):
        size_width (int):
        size_height (int):
    """

    atlastile_uuid: str
    gridsquare_uuid: str
    center_x: int
    center_y: int
    size_width: int
    size_height: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        atlastile_uuid = self.atlastile_uuid

        gridsquare_uuid = self.gridsquare_uuid

        center_x = self.center_x

        center_y = self.center_y

        size_width = self.size_width

        size_height = self.size_height

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "atlastile_uuid": atlastile_uuid,
                "gridsquare_uuid": gridsquare_uuid,
                "center_x": center_x,
                "center_y": center_y,
                "size_width": size_width,
                "size_height": size_height,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        atlastile_uuid = d.pop("atlastile_uuid")

        gridsquare_uuid = d.pop("gridsquare_uuid")

        center_x = d.pop("center_x")

        center_y = d.pop("center_y")

        size_width = d.pop("size_width")

        size_height = d.pop("size_height")

        atlas_tile_grid_square_position_response = cls(
            atlastile_uuid=atlastile_uuid,
            gridsquare_uuid=gridsquare_uuid,
            center_x=center_x,
            center_y=center_y,
            size_width=size_width,
            size_height=size_height,
        )

        atlas_tile_grid_square_position_response.additional_properties = d
        return atlas_tile_grid_square_position_response

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
