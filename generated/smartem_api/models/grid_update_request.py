from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.grid_status import GridStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="GridUpdateRequest")


@_attrs_define
class GridUpdateRequest:
    """
    Attributes:
        uuid (None | str | Unset):
        name (None | str | Unset):
        acquisition_uuid (None | str | Unset):
        status (GridStatus | None | Unset):
        data_dir (None | str | Unset):
        atlas_dir (None | str | Unset):
        scan_start_time (None | str | Unset):
        scan_end_time (None | str | Unset):
    """

    uuid: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    acquisition_uuid: None | str | Unset = UNSET
    status: GridStatus | None | Unset = UNSET
    data_dir: None | str | Unset = UNSET
    atlas_dir: None | str | Unset = UNSET
    scan_start_time: None | str | Unset = UNSET
    scan_end_time: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid: None | str | Unset
        if isinstance(self.uuid, Unset):
            uuid = UNSET
        else:
            uuid = self.uuid

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        acquisition_uuid: None | str | Unset
        if isinstance(self.acquisition_uuid, Unset):
            acquisition_uuid = UNSET
        else:
            acquisition_uuid = self.acquisition_uuid

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, GridStatus):
            status = self.status.value
        else:
            status = self.status

        data_dir: None | str | Unset
        if isinstance(self.data_dir, Unset):
            data_dir = UNSET
        else:
            data_dir = self.data_dir

        atlas_dir: None | str | Unset
        if isinstance(self.atlas_dir, Unset):
            atlas_dir = UNSET
        else:
            atlas_dir = self.atlas_dir

        scan_start_time: None | str | Unset
        if isinstance(self.scan_start_time, Unset):
            scan_start_time = UNSET
        else:
            scan_start_time = self.scan_start_time

        scan_end_time: None | str | Unset
        if isinstance(self.scan_end_time, Unset):
            scan_end_time = UNSET
        else:
            scan_end_time = self.scan_end_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if uuid is not UNSET:
            field_dict["uuid"] = uuid
        if name is not UNSET:
            field_dict["name"] = name
        if acquisition_uuid is not UNSET:
            field_dict["acquisition_uuid"] = acquisition_uuid
        if status is not UNSET:
            field_dict["status"] = status
        if data_dir is not UNSET:
            field_dict["data_dir"] = data_dir
        if atlas_dir is not UNSET:
            field_dict["atlas_dir"] = atlas_dir
        if scan_start_time is not UNSET:
            field_dict["scan_start_time"] = scan_start_time
        if scan_end_time is not UNSET:
            field_dict["scan_end_time"] = scan_end_time

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

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_acquisition_uuid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        acquisition_uuid = _parse_acquisition_uuid(d.pop("acquisition_uuid", UNSET))

        def _parse_status(data: object) -> GridStatus | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = GridStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GridStatus | None | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_data_dir(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        data_dir = _parse_data_dir(d.pop("data_dir", UNSET))

        def _parse_atlas_dir(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        atlas_dir = _parse_atlas_dir(d.pop("atlas_dir", UNSET))

        def _parse_scan_start_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        scan_start_time = _parse_scan_start_time(d.pop("scan_start_time", UNSET))

        def _parse_scan_end_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        scan_end_time = _parse_scan_end_time(d.pop("scan_end_time", UNSET))

        grid_update_request = cls(
            uuid=uuid,
            name=name,
            acquisition_uuid=acquisition_uuid,
            status=status,
            data_dir=data_dir,
            atlas_dir=atlas_dir,
            scan_start_time=scan_start_time,
            scan_end_time=scan_end_time,
        )

        grid_update_request.additional_properties = d
        return grid_update_request

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
