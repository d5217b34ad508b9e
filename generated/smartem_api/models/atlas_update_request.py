from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..types import UNSET, Unset

T = TypeVar("T", bound="AtlasUpdateRequest")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "uuid",
        "atlas_id",
        "grid_uuid",
        "acquisition_date",
        "storage_folder",
        "description",
        "name",
    }
)


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
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "AtlasUpdateRequest")
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            uuid = _d["uuid"]
            atlas_id = _d["atlas_id"]
            grid_uuid = _d["grid_uuid"]
            acquisition_date = _d["acquisition_date"]
            storage_folder = _d["storage_folder"]
            description = _d["description"]
            name = _d["name"]
            _more = len(_d) != 7
        except KeyError:
            _more = True
            uuid = _d.get("uuid", UNSET)
            atlas_id = _d.get("atlas_id", UNSET)
            grid_uuid = _d.get("grid_uuid", UNSET)
            acquisition_date = _d.get("acquisition_date", UNSET)
            storage_folder = _d.get("storage_folder", UNSET)
            description = _d.get("description", UNSET)
            name = _d.get("name", UNSET)
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(uuid),
            type(atlas_id),
            type(grid_uuid),
            type(acquisition_date),
            type(storage_folder),
            type(description),
            type(name),
        )
        if _types not in _PASSED:
            if type(uuid) not in _ACCEPTS_str_None_Unset:
                raise InvalidData("AtlasUpdateRequest", "uuid", wrong("None | str | Unset", uuid))

            if type(atlas_id) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AtlasUpdateRequest", "atlas_id", wrong("None | str | Unset", atlas_id)
                )

            if type(grid_uuid) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AtlasUpdateRequest", "grid_uuid", wrong("None | str | Unset", grid_uuid)
                )

            if type(acquisition_date) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AtlasUpdateRequest",
                    "acquisition_date",
                    wrong("None | str | Unset", acquisition_date),
                )

            if type(storage_folder) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AtlasUpdateRequest",
                    "storage_folder",
                    wrong("None | str | Unset", storage_folder),
                )

            if type(description) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AtlasUpdateRequest", "description", wrong("None | str | Unset", description)
                )

            if type(name) not in _ACCEPTS_str_None_Unset:
                raise InvalidData("AtlasUpdateRequest", "name", wrong("None | str | Unset", name))

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        _built = cls(uuid, atlas_id, grid_uuid, acquisition_date, storage_folder, description, name)
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

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
