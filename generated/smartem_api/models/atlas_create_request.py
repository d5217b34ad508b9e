from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.atlas_tile_create_request import AtlasTileCreateRequest


T = TypeVar("T", bound="AtlasCreateRequest")


@_attrs_define
class AtlasCreateRequest:
    """
    Attributes:
        uuid (str):
        grid_uuid (str):
        name (str):
        atlas_id (None | str | Unset):
        acquisition_date (None | str | Unset):
        storage_folder (None | str | Unset):
        description (None | str | Unset):
        tiles (list[AtlasTileCreateRequest] | None | Unset):
    """

    uuid: str
    grid_uuid: str
    name: str
    atlas_id: None | str | Unset = UNSET
    acquisition_date: None | str | Unset = UNSET
    storage_folder: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    tiles: list[AtlasTileCreateRequest] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = self.uuid

        grid_uuid = self.grid_uuid

        name = self.name

        atlas_id: None | str | Unset
        if isinstance(self.atlas_id, Unset):
            atlas_id = UNSET
        else:
            atlas_id = self.atlas_id

        acquisition_date: None | str | Unset
        if isinstance(self.acquisition_date, Unset):
            acquisition_date = UNSET
        else:
            acquisition_date = self.acquisition_date

        storage_folder: None | str | Unset
        if isinstance(self.storage_folder, Unset):
            storage_folder = UNSET
        else:
            storage_folder = self.storage_folder

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

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
                "name": name,
            }
        )
        if atlas_id is not UNSET:
            field_dict["atlas_id"] = atlas_id
        if acquisition_date is not UNSET:
            field_dict["acquisition_date"] = acquisition_date
        if storage_folder is not UNSET:
            field_dict["storage_folder"] = storage_folder
        if description is not UNSET:
            field_dict["description"] = description
        if tiles is not UNSET:
            field_dict["tiles"] = tiles

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.atlas_tile_create_request import AtlasTileCreateRequest  # noqa: PLC0415

        d = dict(src_dict)
        uuid = d.pop("uuid")

        grid_uuid = d.pop("grid_uuid")

        name = d.pop("name")

        def _parse_atlas_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        atlas_id = _parse_atlas_id(d.pop("atlas_id", UNSET))

        def _parse_acquisition_date(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        acquisition_date = _parse_acquisition_date(d.pop("acquisition_date", UNSET))

        def _parse_storage_folder(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        storage_folder = _parse_storage_folder(d.pop("storage_folder", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_tiles(data: object) -> list[AtlasTileCreateRequest] | None | Unset:
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
                    tiles_type_0_item = AtlasTileCreateRequest.from_dict(tiles_type_0_item_data)

                    tiles_type_0.append(tiles_type_0_item)

                return tiles_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[AtlasTileCreateRequest] | None | Unset, data)

        tiles = _parse_tiles(d.pop("tiles", UNSET))

        atlas_create_request = cls(
            uuid=uuid,
            grid_uuid=grid_uuid,
            name=name,
            atlas_id=atlas_id,
            acquisition_date=acquisition_date,
            storage_folder=storage_folder,
            description=description,
            tiles=tiles,
        )

        atlas_create_request.additional_properties = d
        return atlas_create_request

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
