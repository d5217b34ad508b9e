from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..models.acquisition_status import AcquisitionStatus

T = TypeVar("T", bound="AcquisitionResponse")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "uuid",
        "name",
        "status",
        "start_time",
        "end_time",
        "paused_time",
        "storage_path",
        "atlas_path",
        "clustering_mode",
        "clustering_radius",
        "instrument_model",
        "instrument_id",
        "computer_name",
    }
)


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
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "AcquisitionResponse")
        uuid = _d["uuid"]
        name = _d["name"]
        status = _d["status"]
        start_time = _d["start_time"]
        end_time = _d["end_time"]
        paused_time = _d["paused_time"]
        storage_path = _d["storage_path"]
        atlas_path = _d["atlas_path"]
        clustering_mode = _d["clustering_mode"]
        clustering_radius = _d["clustering_radius"]
        instrument_model = _d["instrument_model"]
        instrument_id = _d["instrument_id"]
        computer_name = _d["computer_name"]
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(uuid),
            type(name),
            type(storage_path),
            type(atlas_path),
            type(clustering_mode),
            type(clustering_radius),
            type(instrument_model),
            type(instrument_id),
            type(computer_name),
        )
        if _types not in _PASSED:
            if type(uuid) is not str:
                raise InvalidData("AcquisitionResponse", "uuid", wrong("str", uuid))

            if type(name) is not str:
                raise InvalidData("AcquisitionResponse", "name", wrong("str", name))

            if type(storage_path) not in _ACCEPTS_str_None:
                raise InvalidData(
                    "AcquisitionResponse", "storage_path", wrong("None | str", storage_path)
                )

            if type(atlas_path) not in _ACCEPTS_str_None:
                raise InvalidData(
                    "AcquisitionResponse", "atlas_path", wrong("None | str", atlas_path)
                )

            if type(clustering_mode) not in _ACCEPTS_str_None:
                raise InvalidData(
                    "AcquisitionResponse", "clustering_mode", wrong("None | str", clustering_mode)
                )

            if type(clustering_radius) not in _ACCEPTS_str_None:
                raise InvalidData(
                    "AcquisitionResponse",
                    "clustering_radius",
                    wrong("None | str", clustering_radius),
                )

            if type(instrument_model) not in _ACCEPTS_str_None:
                raise InvalidData(
                    "AcquisitionResponse", "instrument_model", wrong("None | str", instrument_model)
                )

            if type(instrument_id) not in _ACCEPTS_str_None:
                raise InvalidData(
                    "AcquisitionResponse", "instrument_id", wrong("None | str", instrument_id)
                )

            if type(computer_name) not in _ACCEPTS_str_None:
                raise InvalidData(
                    "AcquisitionResponse", "computer_name", wrong("None | str", computer_name)
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        if type(status) is str:
            status = AcquisitionStatus._value2member_map_.get(status, status)
        if type(status) not in _ACCEPTS_AcquisitionStatus_str_None:
            raise InvalidData(
                "AcquisitionResponse", "status", wrong("AcquisitionStatus | None", status)
            )

        if type(start_time) is str:
            try:
                start_time = datetime.datetime.fromisoformat(start_time)
            except ValueError:
                pass
        if type(start_time) not in _ACCEPTS_datetime_None:
            raise InvalidData(
                "AcquisitionResponse", "start_time", wrong("datetime | None", start_time)
            )

        if type(end_time) is str:
            try:
                end_time = datetime.datetime.fromisoformat(end_time)
            except ValueError:
                pass
        if type(end_time) not in _ACCEPTS_datetime_None:
            raise InvalidData("AcquisitionResponse", "end_time", wrong("datetime | None", end_time))

        if type(paused_time) is str:
            try:
                paused_time = datetime.datetime.fromisoformat(paused_time)
            except ValueError:
                pass
        if type(paused_time) not in _ACCEPTS_datetime_None:
            raise InvalidData(
                "AcquisitionResponse", "paused_time", wrong("datetime | None", paused_time)
            )

        _built = cls(
            uuid,
            name,
            status,
            start_time,
            end_time,
            paused_time,
            storage_path,
            atlas_path,
            clustering_mode,
            clustering_radius,
            instrument_model,
            instrument_id,
            computer_name,
        )
        if len(_d) != 13 and not _KNOWN_KEYS.issuperset(_d):
            _built.additional_properties = {
                _key: _value for _key, _value in _d.items() if _key not in _KNOWN_KEYS
            }
        return _built

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


# The types each field takes as they are, where it takes several.
_ACCEPTS_str_None = frozenset({str, type(None)})
_ACCEPTS_AcquisitionStatus_str_None = frozenset({AcquisitionStatus, str, type(None)})
_ACCEPTS_datetime_None = frozenset({datetime.datetime, type(None)})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
