from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AtlasUpdateRequest")


@_attrs_define
class AtlasUpdateRequest:
    """
    Attributes:
        uuid (None | str | Unset):
        atlas_id (None | str | Unset):
        grid_uuid (None | str | Unset):
        acquisition_date (None | str | Unset):
        storage_folder (None | str | Unset):
        description (None | str | Unset):
        name (None | str | Unset):
    """

    uuid: None | str | Unset = UNSET
    atlas_id: None | str | Unset = UNSET
    grid_uuid: None | str | Unset = UNSET
    acquisition_date: None | str | Unset = UNSET
    storage_folder: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid: None | str | Unset
        if isinstance(self.uuid, Unset):
            uuid = UNSET
        else:
            uuid = self.uuid

        atlas_id: None | str | Unset
        if isinstance(self.atlas_id, Unset):
            atlas_id = UNSET
        else:
            atlas_id = self.atlas_id

        grid_uuid: None | str | Unset
        if isinstance(self.grid_uuid, Unset):
            grid_uuid = UNSET
        else:
            grid_uuid = self.grid_uuid

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

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if uuid is not UNSET:
            field_dict["uuid"] = uuid
        if atlas_id is not UNSET:
            field_dict["atlas_id"] = atlas_id
        if grid_uuid is not UNSET:
            field_dict["grid_uuid"] = grid_uuid
        if acquisition_date is not UNSET:
            field_dict["acquisition_date"] = acquisition_date
        if storage_folder is not UNSET:
            field_dict["storage_folder"] = storage_folder
        if description is not UNSET:
            field_dict["description"] = description
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_uuid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        uuid = _parse_uuid(d.pop("uuid", UNSET))

        def _parse_atlas_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        atlas_id = _parse_atlas_id(d.pop("atlas_id", UNSET))

        def _parse_grid_uuid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        grid_uuid = _parse_grid_uuid(d.pop("grid_uuid", UNSET))

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

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        atlas_update_request = cls(
            uuid=uuid,
            atlas_id=atlas_id,
            grid_uuid=grid_uuid,
            acquisition_date=acquisition_date,
            storage_folder=storage_folder,
            description=description,
            name=name,
        )

        atlas_update_request.additional_properties = d
        return atlas_update_request

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
