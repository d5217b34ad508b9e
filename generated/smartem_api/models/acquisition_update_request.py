from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.acquisition_status import AcquisitionStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="AcquisitionUpdateRequest")


@_attrs_define
class AcquisitionUpdateRequest:
    """
    Attributes:
        uuid (None | str | Unset):
        name (None | str | Unset):
        status (AcquisitionStatus | None | Unset):
        start_time (None | str | Unset):
        end_time (None | str | Unset):
        paused_time (None | str | Unset):
        storage_path (None | str | Unset):
        atlas_path (None | str | Unset):
        clustering_mode (None | str | Unset):
        clustering_radius (None | str | Unset):
        instrument_model (None | str | Unset):
        instrument_id (None | str | Unset):
        computer_name (None | str | Unset):
    """

    uuid: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    status: AcquisitionStatus | None | Unset = UNSET
    start_time: None | str | Unset = UNSET
    end_time: None | str | Unset = UNSET
    paused_time: None | str | Unset = UNSET
    storage_path: None | str | Unset = UNSET
    atlas_path: None | str | Unset = UNSET
    clustering_mode: None | str | Unset = UNSET
    clustering_radius: None | str | Unset = UNSET
    instrument_model: None | str | Unset = UNSET
    instrument_id: None | str | Unset = UNSET
    computer_name: None | str | Unset = UNSET
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

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, AcquisitionStatus):
            status = self.status.value
        else:
            status = self.status

        start_time: None | str | Unset
        if isinstance(self.start_time, Unset):
            start_time = UNSET
        else:
            start_time = self.start_time

        end_time: None | str | Unset
        if isinstance(self.end_time, Unset):
            end_time = UNSET
        else:
            end_time = self.end_time

        paused_time: None | str | Unset
        if isinstance(self.paused_time, Unset):
            paused_time = UNSET
        else:
            paused_time = self.paused_time

        storage_path: None | str | Unset
        if isinstance(self.storage_path, Unset):
            storage_path = UNSET
        else:
            storage_path = self.storage_path

        atlas_path: None | str | Unset
        if isinstance(self.atlas_path, Unset):
            atlas_path = UNSET
        else:
            atlas_path = self.atlas_path

        clustering_mode: None | str | Unset
        if isinstance(self.clustering_mode, Unset):
            clustering_mode = UNSET
        else:
            clustering_mode = self.clustering_mode

        clustering_radius: None | str | Unset
        if isinstance(self.clustering_radius, Unset):
            clustering_radius = UNSET
        else:
            clustering_radius = self.clustering_radius

        instrument_model: None | str | Unset
        if isinstance(self.instrument_model, Unset):
            instrument_model = UNSET
        else:
            instrument_model = self.instrument_model

        instrument_id: None | str | Unset
        if isinstance(self.instrument_id, Unset):
            instrument_id = UNSET
        else:
            instrument_id = self.instrument_id

        computer_name: None | str | Unset
        if isinstance(self.computer_name, Unset):
            computer_name = UNSET
        else:
            computer_name = self.computer_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if uuid is not UNSET:
            field_dict["uuid"] = uuid
        if name is not UNSET:
            field_dict["name"] = name
        if status is not UNSET:
            field_dict["status"] = status
        if start_time is not UNSET:
            field_dict["start_time"] = start_time
        if end_time is not UNSET:
            field_dict["end_time"] = end_time
        if paused_time is not UNSET:
            field_dict["paused_time"] = paused_time
        if storage_path is not UNSET:
            field_dict["storage_path"] = storage_path
        if atlas_path is not UNSET:
            field_dict["atlas_path"] = atlas_path
        if clustering_mode is not UNSET:
            field_dict["clustering_mode"] = clustering_mode
        if clustering_radius is not UNSET:
            field_dict["clustering_radius"] = clustering_radius
        if instrument_model is not UNSET:
            field_dict["instrument_model"] = instrument_model
        if instrument_id is not UNSET:
            field_dict["instrument_id"] = instrument_id
        if computer_name is not UNSET:
            field_dict["computer_name"] = computer_name

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

        def _parse_status(data: object) -> AcquisitionStatus | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = AcquisitionStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AcquisitionStatus | None | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_start_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        start_time = _parse_start_time(d.pop("start_time", UNSET))

        def _parse_end_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        end_time = _parse_end_time(d.pop("end_time", UNSET))

        def _parse_paused_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        paused_time = _parse_paused_time(d.pop("paused_time", UNSET))

        def _parse_storage_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        storage_path = _parse_storage_path(d.pop("storage_path", UNSET))

        def _parse_atlas_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        atlas_path = _parse_atlas_path(d.pop("atlas_path", UNSET))

        def _parse_clustering_mode(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        clustering_mode = _parse_clustering_mode(d.pop("clustering_mode", UNSET))

        def _parse_clustering_radius(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        clustering_radius = _parse_clustering_radius(d.pop("clustering_radius", UNSET))

        def _parse_instrument_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        instrument_model = _parse_instrument_model(d.pop("instrument_model", UNSET))

        def _parse_instrument_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        instrument_id = _parse_instrument_id(d.pop("instrument_id", UNSET))

        def _parse_computer_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        computer_name = _parse_computer_name(d.pop("computer_name", UNSET))

        acquisition_update_request = cls(
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

        acquisition_update_request.additional_properties = d
        return acquisition_update_request

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
