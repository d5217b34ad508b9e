from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AtlasTileResponse")


@_attrs_define
class AtlasTileResponse:
    """
    Attributes:
        uuid (str):
        atlas_uuid (str):
        tile_id (str):
        position_x (int | None):
        position_y (int | None):
        size_x (int | None):
        size_y (int | None):
        file_format (None | str):
        base_filename (None | str):
    """

    uuid: str
    atlas_uuid: str
    tile_id: str
    position_x: int | None
    position_y: int | None
    size_x: int | None
    size_y: int | None
    file_format: None | str
    base_filename: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = self.uuid

        atlas_uuid = self.atlas_uuid

        tile_id = self.tile_id

        position_x: int | None
        position_x = self.position_x

        position_y: int | None
        position_y = self.position_y

        size_x: int | None
        size_x = self.size_x

        size_y: int | None
        size_y = self.size_y

        file_format: None | str
        file_format = self.file_format

        base_filename: None | str
        base_filename = self.base_filename

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "atlas_uuid": atlas_uuid,
                "tile_id": tile_id,
                "position_x": position_x,
                "position_y": position_y,
                "size_x": size_x,
                "size_y": size_y,
                "file_format": file_format,
                "base_filename": base_filename,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        uuid = d.pop("uuid")

        atlas_uuid = d.pop("atlas_uuid")

        tile_id = d.pop("tile_id")

        def _parse_position_x(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        position_x = _parse_position_x(d.pop("position_x"))

        def _parse_position_y(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        position_y = _parse_position_y(d.pop("position_y"))

        def _parse_size_x(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        size_x = _parse_size_x(d.pop("size_x"))

        def _parse_size_y(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        size_y = _parse_size_y(d.pop("size_y"))

        def _parse_file_format(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        file_format = _parse_file_format(d.pop("file_format"))

        def _parse_base_filename(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        base_filename = _parse_base_filename(d.pop("base_filename"))

        atlas_tile_response = cls(
            uuid=uuid,
            atlas_uuid=atlas_uuid,
            tile_id=tile_id,
            position_x=position_x,
            position_y=position_y,
            size_x=size_x,
            size_y=size_y,
            file_format=file_format,
            base_filename=base_filename,
        )

        atlas_tile_response.additional_properties = d
        return atlas_tile_response

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
