from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..types import UNSET, Unset

T = TypeVar("T", bound="AtlasTileCreateRequest")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "uuid",
        "atlas_uuid",
        "tile_id",
        "position_x",
        "position_y",
        "size_x",
        "size_y",
        "file_format",
        "base_filename",
    }
)


@_attrs_define
class AtlasTileCreateRequest:
    """
    Attributes:
        uuid (str):
        atlas_uuid (str):
        tile_id (None | str | Unset):
        position_x (int | None | Unset):
        position_y (int | None | Unset):
        size_x (int | None | Unset):
        size_y (int | None | Unset):
        file_format (None | str | Unset):
        base_filename (None | str | Unset):
    """

    uuid: str
    atlas_uuid: str
    tile_id: None | str | Unset = UNSET
    position_x: int | None | Unset = UNSET
    position_y: int | None | Unset = UNSET
    size_x: int | None | Unset = UNSET
    size_y: int | None | Unset = UNSET
    file_format: None | str | Unset = UNSET
    base_filename: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = self.uuid

        atlas_uuid = self.atlas_uuid

        tile_id: None | str | Unset
        if isinstance(self.tile_id, Unset):
            tile_id = UNSET
        else:
            tile_id = self.tile_id

        position_x: int | None | Unset
        if isinstance(self.position_x, Unset):
            position_x = UNSET
        else:
            position_x = self.position_x

        position_y: int | None | Unset
        if isinstance(self.position_y, Unset):
            position_y = UNSET
        else:
            position_y = self.position_y

        size_x: int | None | Unset
        if isinstance(self.size_x, Unset):
            size_x = UNSET
        else:
            size_x = self.size_x

        size_y: int | None | Unset
        if isinstance(self.size_y, Unset):
            size_y = UNSET
        else:
            size_y = self.size_y

        file_format: None | str | Unset
        if isinstance(self.file_format, Unset):
            file_format = UNSET
        else:
            file_format = self.file_format

        base_filename: None | str | Unset
        if isinstance(self.base_filename, Unset):
            base_filename = UNSET
        else:
            base_filename = self.base_filename

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "atlas_uuid": atlas_uuid,
            }
        )
        if tile_id is not UNSET:
            field_dict["tile_id"] = tile_id
        if position_x is not UNSET:
            field_dict["position_x"] = position_x
        if position_y is not UNSET:
            field_dict["position_y"] = position_y
        if size_x is not UNSET:
            field_dict["size_x"] = size_x
        if size_y is not UNSET:
            field_dict["size_y"] = size_y
        if file_format is not UNSET:
            field_dict["file_format"] = file_format
        if base_filename is not UNSET:
            field_dict["base_filename"] = base_filename

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "AtlasTileCreateRequest")
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            uuid = _d["uuid"]
            atlas_uuid = _d["atlas_uuid"]
            tile_id = _d["tile_id"]
            position_x = _d["position_x"]
            position_y = _d["position_y"]
            size_x = _d["size_x"]
            size_y = _d["size_y"]
            file_format = _d["file_format"]
            base_filename = _d["base_filename"]
            _more = len(_d) != 9
        except KeyError:
            _more = True
            uuid = _d["uuid"]
            atlas_uuid = _d["atlas_uuid"]
            tile_id = _d.get("tile_id", UNSET)
            position_x = _d.get("position_x", UNSET)
            position_y = _d.get("position_y", UNSET)
            size_x = _d.get("size_x", UNSET)
            size_y = _d.get("size_y", UNSET)
            file_format = _d.get("file_format", UNSET)
            base_filename = _d.get("base_filename", UNSET)
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(uuid),
            type(atlas_uuid),
            type(tile_id),
            type(position_x),
            type(position_y),
            type(size_x),
            type(size_y),
            type(file_format),
            type(base_filename),
        )
        if _types not in _PASSED:
            if type(uuid) is not str:
                raise InvalidData("AtlasTileCreateRequest", "uuid", wrong("str", uuid))

            if type(atlas_uuid) is not str:
                raise InvalidData("AtlasTileCreateRequest", "atlas_uuid", wrong("str", atlas_uuid))

            if type(tile_id) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AtlasTileCreateRequest", "tile_id", wrong("None | str | Unset", tile_id)
                )

            if type(position_x) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "AtlasTileCreateRequest", "position_x", wrong("int | None | Unset", position_x)
                )

            if type(position_y) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "AtlasTileCreateRequest", "position_y", wrong("int | None | Unset", position_y)
                )

            if type(size_x) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "AtlasTileCreateRequest", "size_x", wrong("int | None | Unset", size_x)
                )

            if type(size_y) not in _ACCEPTS_int_None_Unset:
                raise InvalidData(
                    "AtlasTileCreateRequest", "size_y", wrong("int | None | Unset", size_y)
                )

            if type(file_format) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AtlasTileCreateRequest",
                    "file_format",
                    wrong("None | str | Unset", file_format),
                )

            if type(base_filename) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AtlasTileCreateRequest",
                    "base_filename",
                    wrong("None | str | Unset", base_filename),
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        _built = cls(
            uuid,
            atlas_uuid,
            tile_id,
            position_x,
            position_y,
            size_x,
            size_y,
            file_format,
            base_filename,
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
_ACCEPTS_int_None_Unset = frozenset({int, type(None), Unset})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
