from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.grid_status import GridStatus

T = TypeVar("T", bound="GridResponse")


@_attrs_define
class GridResponse:
    """
    Attributes:
        uuid (str):
        acquisition_uuid (None | str):
        status (GridStatus | None):
        name (str):
        data_dir (None | str):
        atlas_dir (None | str):
        scan_start_time (datetime.datetime | None):
        scan_end_time (datetime.datetime | None):
    """

    uuid: str
    acquisition_uuid: None | str
    status: GridStatus | None
    name: str
    data_dir: None | str
    atlas_dir: None | str
    scan_start_time: datetime.datetime | None
    scan_end_time: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = self.uuid

        acquisition_uuid: None | str
        acquisition_uuid = self.acquisition_uuid

        status: None | str
        if isinstance(self.status, GridStatus):
            status = self.status.value
        else:
            status = self.status

        name = self.name

        data_dir: None | str
        data_dir = self.data_dir

        atlas_dir: None | str
        atlas_dir = self.atlas_dir

        scan_start_time: None | str
        if isinstance(self.scan_start_time, datetime.datetime):
            scan_start_time = self.scan_start_time.isoformat()
        else:
            scan_start_time = self.scan_start_time

        scan_end_time: None | str
        if isinstance(self.scan_end_time, datetime.datetime):
            scan_end_time = self.scan_end_time.isoformat()
        else:
            scan_end_time = self.scan_end_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "acquisition_uuid": acquisition_uuid,
                "status": status,
                "name": name,
                "data_dir": data_dir,
                "atlas_dir": atlas_dir,
                "scan_start_time": scan_start_time,
                "scan_end_time": scan_end_time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        uuid = d.pop("uuid")

        def _parse_acquisition_uuid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        acquisition_uuid = _parse_acquisition_uuid(d.pop("acquisition_uuid"))

        def _parse_status(data: object) -> GridStatus | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = GridStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GridStatus | None, data)

        status = _parse_status(d.pop("status"))

        name = d.pop("name")

        def _parse_data_dir(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        data_dir = _parse_data_dir(d.pop("data_dir"))

        def _parse_atlas_dir(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        atlas_dir = _parse_atlas_dir(d.pop("atlas_dir"))

        def _parse_scan_start_time(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                scan_start_time_type_0 = datetime.datetime.fromisoformat(data)

                return scan_start_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        scan_start_time = _parse_scan_start_time(d.pop("scan_start_time"))

        def _parse_scan_end_time(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                scan_end_time_type_0 = datetime.datetime.fromisoformat(data)

                return scan_end_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        scan_end_time = _parse_scan_end_time(d.pop("scan_end_time"))

        grid_response = cls(
            uuid=uuid,
            acquisition_uuid=acquisition_uuid,
            status=status,
            name=name,
            data_dir=data_dir,
            atlas_dir=atlas_dir,
            scan_start_time=scan_start_time,
            scan_end_time=scan_end_time,
        )

        grid_response.additional_properties = d
        return grid_response

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
