from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.atlas_tile_response import AtlasTileResponse


T = TypeVar("T", bound="AtlasResponse")


@_attrs_define
class AtlasResponse:
    """
    Attributes:
        uuid (str):
        grid_uuid (str):
        atlas_id (str):
        acquisition_date (datetime.datetime | None):
        storage_folder (None | str):
        description (None | str):
        name (str):
        tiles (list[AtlasTileResponse] | None | Unset):
    """

    uuid: str
    grid_uuid: str
    atlas_id: str
    acquisition_date: datetime.datetime | None
    storage_folder: None | str
    description: None | str
    name: str
    tiles: list[AtlasTileResponse] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = self.uuid

        grid_uuid = self.grid_uuid

        atlas_id = self.atlas_id

        acquisition_date: None | str
        if isinstance(self.acquisition_date, datetime.datetime):
            acquisition_date = self.acquisition_date.isoformat()
        else:
            acquisition_date = self.acquisition_date

        storage_folder: None | str
        storage_folder = self.storage_folder

        description: None | str
        description = self.description

        name = self.name

        tiles: list[dict[str, Any]] | None | Unset
        if isinstance(self.tiles, Unset):
            tiles = UNSET
        elif isinstance(self.tiles, list):
            tiles = []
            for tiles_type_0_item_data in self.tiles:
                tiles_type_0_item = tiles_type_0_item_data.to_dict()
                tiles.append(tiles_type_0_item)

        else:
            tiles = self.tiles

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "grid_uuid": grid_uuid,
                "atlas_id": atlas_id,
                "acquisition_date": acquisition_date,
                "storage_folder": storage_folder,
                "description": description,
                "name": name,
            }
        )
        if tiles is not UNSET:
            field_dict["tiles"] = tiles

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.atlas_tile_response import AtlasTileResponse  # noqa: PLC0415

        d = dict(src_dict)
        uuid = d.pop("uuid")

        grid_uuid = d.pop("grid_uuid")

        atlas_id = d.pop("atlas_id")

        def _parse_acquisition_date(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                acquisition_date_type_0 = datetime.datetime.fromisoformat(data)

                return acquisition_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        acquisition_date = _parse_acquisition_date(d.pop("acquisition_date"))

        def _parse_storage_folder(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        storage_folder = _parse_storage_folder(d.pop("storage_folder"))

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        name = d.pop("name")

        def _parse_tiles(data: object) -> list[AtlasTileResponse] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tiles_type_0 = []
                _tiles_type_0 = data
                for tiles_type_0_item_data in _tiles_type_0:
                    tiles_type_0_item = AtlasTileResponse.from_dict(tiles_type_0_item_data)

                    tiles_type_0.append(tiles_type_0_item)

                return tiles_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[AtlasTileResponse] | None | Unset, data)

        tiles = _parse_tiles(d.pop("tiles", UNSET))

        atlas_response = cls(
            uuid=uuid,
            grid_uuid=grid_uuid,
            atlas_id=atlas_id,
            acquisition_date=acquisition_date,
            storage_folder=storage_folder,
            description=description,
            name=name,
            tiles=tiles,
        )

        atlas_response.additional_properties = d
        return atlas_response

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
