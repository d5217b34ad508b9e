from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AtlasTileCreateRequest")


@_attrs_define
class AtlasTileCreateRequest:
    """
    Attributes:
        uuid (str):
        atlas_uuid (str):
        tile_id (None | str | Unset):
        position_x (int | None | Unset):
        position_y (int | None | Unset):
        size_x (int | None | Unset):
        size_y (int | None | Unset):
        file_format (None | str | Unset):
        base_filename (None | str | Unset):
    """

    uuid: str
    atlas_uuid: str
    tile_id: None | str | Unset = UNSET
    position_x: int | None | Unset = UNSET
    position_y: int | None | Unset = UNSET
    size_x: int | None | Unset = UNSET
    size_y: int | None | Unset = UNSET
    file_format: None | str | Unset = UNSET
    base_filename: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = self.uuid

        atlas_uuid = self.atlas_uuid

        tile_id: None | str | Unset
        if isinstance(self.tile_id, Unset):
            tile_id = UNSET
        else:
            tile_id = self.tile_id

        position_x: int | None | Unset
        if isinstance(self.position_x, Unset):
            position_x = UNSET
        else:
            position_x = self.position_x

        position_y: int | None | Unset
        if isinstance(self.position_y, Unset):
            position_y = UNSET
        else:
            position_y = self.position_y

        size_x: int | None | Unset
        if isinstance(self.size_x, Unset):
            size_x = UNSET
        else:
            size_x = self.size_x

        size_y: int | None | Unset
        if isinstance(self.size_y, Unset):
            size_y = UNSET
        else:
            size_y = self.size_y

        file_format: None | str | Unset
        if isinstance(self.file_format, Unset):
            file_format = UNSET
        else:
            file_format = self.file_format

        base_filename: None | str | Unset
        if isinstance(self.base_filename, Unset):
            base_filename = UNSET
        else:
            base_filename = self.base_filename

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "atlas_uuid": atlas_uuid,
            }
        )
        if tile_id is not UNSET:
            field_dict["tile_id"] = tile_id
        if position_x is not UNSET:
            field_dict["position_x"] = position_x
        if position_y is not UNSET:
            field_dict["position_y"] = position_y
        if size_x is not UNSET:
            field_dict["size_x"] = size_x
        if size_y is not UNSET:
            field_dict["size_y"] = size_y
        if file_format is not UNSET:
            field_dict["file_format"] = file_format
        if base_filename is not UNSET:
            field_dict["base_filename"] = base_filename

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        uuid = d.pop("uuid")

        atlas_uuid = d.pop("atlas_uuid")

        def _parse_tile_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tile_id = _parse_tile_id(d.pop("tile_id", UNSET))

        def _parse_position_x(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        position_x = _parse_position_x(d.pop("position_x", UNSET))

        def _parse_position_y(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        position_y = _parse_position_y(d.pop("position_y", UNSET))

        def _parse_size_x(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        size_x = _parse_size_x(d.pop("size_x", UNSET))

        def _parse_size_y(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        size_y = _parse_size_y(d.pop("size_y", UNSET))

        def _parse_file_format(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_format = _parse_file_format(d.pop("file_format", UNSET))

        def _parse_base_filename(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        base_filename = _parse_base_filename(d.pop("base_filename", UNSET))

        atlas_tile_create_request = cls(
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

        atlas_tile_create_request.additional_properties = d
        return atlas_tile_create_request

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
