from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..models.acquisition_status import AcquisitionStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="AcquisitionUpdateRequest")

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
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "AcquisitionUpdateRequest")
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
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
            _more = len(_d) != 13
        except KeyError:
            _more = True
            uuid = _d.get("uuid", UNSET)
            name = _d.get("name", UNSET)
            status = _d.get("status", UNSET)
            start_time = _d.get("start_time", UNSET)
            end_time = _d.get("end_time", UNSET)
            paused_time = _d.get("paused_time", UNSET)
            storage_path = _d.get("storage_path", UNSET)
            atlas_path = _d.get("atlas_path", UNSET)
            clustering_mode = _d.get("clustering_mode", UNSET)
            clustering_radius = _d.get("clustering_radius", UNSET)
            instrument_model = _d.get("instrument_model", UNSET)
            instrument_id = _d.get("instrument_id", UNSET)
            computer_name = _d.get("computer_name", UNSET)
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(uuid),
            type(name),
            type(start_time),
            type(end_time),
            type(paused_time),
            type(storage_path),
            type(atlas_path),
            type(clustering_mode),
            type(clustering_radius),
            type(instrument_model),
            type(instrument_id),
            type(computer_name),
        )
        if _types not in _PASSED:
            if type(uuid) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AcquisitionUpdateRequest", "uuid", wrong("None | str | Unset", uuid)
                )

            if type(name) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AcquisitionUpdateRequest", "name", wrong("None | str | Unset", name)
                )

            if type(start_time) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AcquisitionUpdateRequest",
                    "start_time",
                    wrong("None | str | Unset", start_time),
                )

            if type(end_time) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AcquisitionUpdateRequest", "end_time", wrong("None | str | Unset", end_time)
                )

            if type(paused_time) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AcquisitionUpdateRequest",
                    "paused_time",
                    wrong("None | str | Unset", paused_time),
                )

            if type(storage_path) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AcquisitionUpdateRequest",
                    "storage_path",
                    wrong("None | str | Unset", storage_path),
                )

            if type(atlas_path) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AcquisitionUpdateRequest",
                    "atlas_path",
                    wrong("None | str | Unset", atlas_path),
                )

            if type(clustering_mode) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AcquisitionUpdateRequest",
                    "clustering_mode",
                    wrong("None | str | Unset", clustering_mode),
                )

            if type(clustering_radius) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AcquisitionUpdateRequest",
                    "clustering_radius",
                    wrong("None | str | Unset", clustering_radius),
                )

            if type(instrument_model) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AcquisitionUpdateRequest",
                    "instrument_model",
                    wrong("None | str | Unset", instrument_model),
                )

            if type(instrument_id) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AcquisitionUpdateRequest",
                    "instrument_id",
                    wrong("None | str | Unset", instrument_id),
                )

            if type(computer_name) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AcquisitionUpdateRequest",
                    "computer_name",
                    wrong("None | str | Unset", computer_name),
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        if type(status) is str:
            status = AcquisitionStatus._value2member_map_.get(status, status)
        if type(status) not in _ACCEPTS_AcquisitionStatus_str_None_Unset:
            raise InvalidData(
                "AcquisitionUpdateRequest",
                "status",
                wrong("AcquisitionStatus | None | Unset", status),
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
_ACCEPTS_AcquisitionStatus_str_None_Unset = frozenset({AcquisitionStatus, str, type(None), Unset})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
