from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.acquisition_status import AcquisitionStatus

T = TypeVar("T", bound="AcquisitionResponse")


@_attrs_define
class AcquisitionResponse:
    """
    Attributes:
        uuid (str):
        name (str):
        status (AcquisitionStatus | None):
        start_time (datetime.datetime | None):
        end_time (datetime.datetime | None):
        paused_time (datetime.datetime | None):
        storage_path (None | str):
        atlas_path (None | str):
        clustering_mode (None | str):
        clustering_radius (None | str):
        instrument_model (None | str):
        instrument_id (None | str):
        computer_name (None | str):
    """

    uuid: str
    name: str
    status: AcquisitionStatus | None
    start_time: datetime.datetime | None
    end_time: datetime.datetime | None
    paused_time: datetime.datetime | None
    storage_path: None | str
    atlas_path: None | str
    clustering_mode: None | str
    clustering_radius: None | str
    instrument_model: None | str
    instrument_id: None | str
    computer_name: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = self.uuid

        name = self.name

        status: None | str
        if isinstance(self.status, AcquisitionStatus):
            status = self.status.value
        else:
            status = self.status

        start_time: None | str
        if isinstance(self.start_time, datetime.datetime):
            start_time = self.start_time.isoformat()
        else:
            start_time = self.start_time

        end_time: None | str
        if isinstance(self.end_time, datetime.datetime):
            end_time = self.end_time.isoformat()
        else:
            end_time = self.end_time

        paused_time: None | str
        if isinstance(self.paused_time, datetime.datetime):
            paused_time = self.paused_time.isoformat()
        else:
            paused_time = self.paused_time

        storage_path: None | str
        storage_path = self.storage_path

        atlas_path: None | str
        atlas_path = self.atlas_path

        clustering_mode: None | str
        clustering_mode = self.clustering_mode

        clustering_radius: None | str
        clustering_radius = self.clustering_radius

        instrument_model: None | str
        instrument_model = self.instrument_model

        instrument_id: None | str
        instrument_id = self.instrument_id

        computer_name: None | str
        computer_name = self.computer_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "name": name,
                "status": status,
                "start_time": start_time,
                "end_time": end_time,
                "paused_time": paused_time,
                "storage_path": storage_path,
                "atlas_path": atlas_path,
                "clustering_mode": clustering_mode,
                "clustering_radius": clustering_radius,
                "instrument_model": instrument_model,
                "instrument_id": instrument_id,
                "computer_name": computer_name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        uuid = d.pop("uuid")

        name = d.pop("name")

        def _parse_status(data: object) -> AcquisitionStatus | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = AcquisitionStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AcquisitionStatus | None, data)

        status = _parse_status(d.pop("status"))

        def _parse_start_time(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_time_type_0 = datetime.datetime.fromisoformat(data)

                return start_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        start_time = _parse_start_time(d.pop("start_time"))

        def _parse_end_time(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_time_type_0 = datetime.datetime.fromisoformat(data)

                return end_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        end_time = _parse_end_time(d.pop("end_time"))

        def _parse_paused_time(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paused_time_type_0 = datetime.datetime.fromisoformat(data)

                return paused_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paused_time = _parse_paused_time(d.pop("paused_time"))

        def _parse_storage_path(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        storage_path = _parse_storage_path(d.pop("storage_path"))

        def _parse_atlas_path(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        atlas_path = _parse_atlas_path(d.pop("atlas_path"))

        def _parse_clustering_mode(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        clustering_mode = _parse_clustering_mode(d.pop("clustering_mode"))

        def _parse_clustering_radius(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        clustering_radius = _parse_clustering_radius(d.pop("clustering_radius"))

        def _parse_instrument_model(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        instrument_model = _parse_instrument_model(d.pop("instrument_model"))

        def _parse_instrument_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        instrument_id = _parse_instrument_id(d.pop("instrument_id"))

        def _parse_computer_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        computer_name = _parse_computer_name(d.pop("computer_name"))

        acquisition_response = cls(
            uuid=uuid,
            name=name,
            status=status,
            start_time=start_time,
            end_time=end_time,
            paused_time=paused_time,
            storage_path=storage_path,
            atlas_path=atlas_path,
            clustering_mode=clustering_mode,
            clustering_radius=clustering_radius,
            instrument_model=instrument_model,
            instrument_id=instrument_id,
            computer_name=computer_name,
        )

        acquisition_response.additional_properties = d
        return acquisition_response

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
