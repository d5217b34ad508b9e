from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..models.grid_status import GridStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="GridCreateRequest")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "uuid",
        "name",
        "acquisition_uuid",
        "status",
        "data_dir",
        "atlas_dir",
        "scan_start_time",
        "scan_end_time",
    }
)


@_attrs_define
class GridCreateRequest:
    """
    Attributes:
        uuid (str):
        name (str):
        acquisition_uuid (str):
        status (GridStatus | None | Unset):
        data_dir (None | str | Unset):
        atlas_dir (None | str | Unset):
        scan_start_time (None | str | Unset):
        scan_end_time (None | str | Unset):
    """

    uuid: str
    name: str
    acquisition_uuid: str
    status: GridStatus | None | Unset = UNSET
    data_dir: None | str | Unset = UNSET
    atlas_dir: None | str | Unset = UNSET
    scan_start_time: None | str | Unset = UNSET
    scan_end_time: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = self.uuid

        name = self.name

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
        field_dict.update(
            {
                "uuid": uuid,
                "name": name,
                "acquisition_uuid": acquisition_uuid,
            }
        )
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
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "GridCreateRequest")
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            uuid = _d["uuid"]
            name = _d["name"]
            acquisition_uuid = _d["acquisition_uuid"]
            status = _d["status"]
            data_dir = _d["data_dir"]
            atlas_dir = _d["atlas_dir"]
            scan_start_time = _d["scan_start_time"]
            scan_end_time = _d["scan_end_time"]
            _more = len(_d) != 8
        except KeyError:
            _more = True
            uuid = _d["uuid"]
            name = _d["name"]
            acquisition_uuid = _d["acquisition_uuid"]
            status = _d.get("status", UNSET)
            data_dir = _d.get("data_dir", UNSET)
            atlas_dir = _d.get("atlas_dir", UNSET)
            scan_start_time = _d.get("scan_start_time", UNSET)
            scan_end_time = _d.get("scan_end_time", UNSET)
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(uuid),
            type(name),
            type(acquisition_uuid),
            type(data_dir),
            type(atlas_dir),
            type(scan_start_time),
            type(scan_end_time),
        )
        if _types not in _PASSED:
            if type(uuid) is not str:
                raise InvalidData("GridCreateRequest", "uuid", wrong("str", uuid))

            if type(name) is not str:
                raise InvalidData("GridCreateRequest", "name", wrong("str", name))

            if type(acquisition_uuid) is not str:
                raise InvalidData(
                    "GridCreateRequest", "acquisition_uuid", wrong("str", acquisition_uuid)
                )

            if type(data_dir) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "GridCreateRequest", "data_dir", wrong("None | str | Unset", data_dir)
                )

            if type(atlas_dir) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "GridCreateRequest", "atlas_dir", wrong("None | str | Unset", atlas_dir)
                )

            if type(scan_start_time) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "GridCreateRequest",
                    "scan_start_time",
                    wrong("None | str | Unset", scan_start_time),
                )

            if type(scan_end_time) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "GridCreateRequest", "scan_end_time", wrong("None | str | Unset", scan_end_time)
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        if type(status) is str:
            status = GridStatus._value2member_map_.get(status, status)
        if type(status) not in _ACCEPTS_GridStatus_str_None_Unset:
            raise InvalidData(
                "GridCreateRequest", "status", wrong("GridStatus | None | Unset", status)
            )

        _built = cls(
            uuid,
            name,
            acquisition_uuid,
            status,
            data_dir,
            atlas_dir,
            scan_start_time,
            scan_end_time,
        )
        if _more and not _KNOWN_KEYS.issuperset(_d):
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
_ACCEPTS_str_None_Unset = frozenset({str, type(None), Unset})
_ACCEPTS_GridStatus_str_None_Unset = frozenset({GridStatus, str, type(None), Unset})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
