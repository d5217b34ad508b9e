from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..models.grid_status import GridStatus

T = TypeVar("T", bound="GridResponse")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "uuid",
        "acquisition_uuid",
        "status",
        "name",
        "data_dir",
        "atlas_dir",
        "scan_start_time",
        "scan_end_time",
    }
)


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
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "GridResponse")
        uuid = _d["uuid"]
        acquisition_uuid = _d["acquisition_uuid"]
        status = _d["status"]
        name = _d["name"]
        data_dir = _d["data_dir"]
        atlas_dir = _d["atlas_dir"]
        scan_start_time = _d["scan_start_time"]
        scan_end_time = _d["scan_end_time"]
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(uuid),
            type(acquisition_uuid),
            type(name),
            type(data_dir),
            type(atlas_dir),
        )
        if _types not in _PASSED:
            if type(uuid) is not str:
                raise InvalidData("GridResponse", "uuid", wrong("str", uuid))

            if type(acquisition_uuid) not in _ACCEPTS_str_None:
                raise InvalidData(
                    "GridResponse", "acquisition_uuid", wrong("None | str", acquisition_uuid)
                )

            if type(name) is not str:
                raise InvalidData("GridResponse", "name", wrong("str", name))

            if type(data_dir) not in _ACCEPTS_str_None:
                raise InvalidData("GridResponse", "data_dir", wrong("None | str", data_dir))

            if type(atlas_dir) not in _ACCEPTS_str_None:
                raise InvalidData("GridResponse", "atlas_dir", wrong("None | str", atlas_dir))

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        if type(status) is str:
            status = GridStatus._value2member_map_.get(status, status)
        if type(status) not in _ACCEPTS_GridStatus_str_None:
            raise InvalidData("GridResponse", "status", wrong("GridStatus | None", status))

        if type(scan_start_time) is str:
            try:
                scan_start_time = datetime.datetime.fromisoformat(scan_start_time)
            except ValueError:
                pass
        if type(scan_start_time) not in _ACCEPTS_datetime_None:
            raise InvalidData(
                "GridResponse", "scan_start_time", wrong("datetime | None", scan_start_time)
            )

        if type(scan_end_time) is str:
            try:
                scan_end_time = datetime.datetime.fromisoformat(scan_end_time)
            except ValueError:
                pass
        if type(scan_end_time) not in _ACCEPTS_datetime_None:
            raise InvalidData(
                "GridResponse", "scan_end_time", wrong("datetime | None", scan_end_time)
            )

        _built = cls(
            uuid,
            acquisition_uuid,
            status,
            name,
            data_dir,
            atlas_dir,
            scan_start_time,
            scan_end_time,
        )
        if len(_d) != 8 and not _KNOWN_KEYS.issuperset(_d):
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
_ACCEPTS_GridStatus_str_None = frozenset({GridStatus, str, type(None)})
_ACCEPTS_datetime_None = frozenset({datetime.datetime, type(None)})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
