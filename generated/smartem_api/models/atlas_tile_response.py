from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong

T = TypeVar("T", bound="AtlasTileResponse")

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
class AtlasTileResponse:
    """
    Attributes:
        uuid (str):
        atlas_uuid (str):
        tile_id (str):
        position_x (int | None):
        position_y (int | None):
        size_x (int | None):
        size_y (int | None):
        file_format (None | str):
        base_filename (None | str):
    """

    uuid: str
    atlas_uuid: str
    tile_id: str
    position_x: int | None
    position_y: int | None
    size_x: int | None
    size_y: int | None
    file_format: None | str
    base_filename: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = self.uuid

        atlas_uuid = self.atlas_uuid

        tile_id = self.tile_id

        position_x: int | None
        position_x = self.position_x

        position_y: int | None
        position_y = self.position_y

        size_x: int | None
        size_x = self.size_x

        size_y: int | None
        size_y = self.size_y

        file_format: None | str
        file_format = self.file_format

        base_filename: None | str
        base_filename = self.base_filename

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "atlas_uuid": atlas_uuid,
                "tile_id": tile_id,
                "position_x": position_x,
                "position_y": position_y,
                "size_x": size_x,
                "size_y": size_y,
                "file_format": file_format,
                "base_filename": base_filename,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "AtlasTileResponse")
        uuid = _d["uuid"]
        atlas_uuid = _d["atlas_uuid"]
        tile_id = _d["tile_id"]
        position_x = _d["position_x"]
        position_y = _d["position_y"]
        size_x = _d["size_x"]
        size_y = _d["size_y"]
        file_format = _d["file_format"]
        base_filename = _d["base_filename"]
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
                raise InvalidData("AtlasTileResponse", "uuid", wrong("str", uuid))

            if type(atlas_uuid) is not str:
                raise InvalidData("AtlasTileResponse", "atlas_uuid", wrong("str", atlas_uuid))

            if type(tile_id) is not str:
                raise InvalidData("AtlasTileResponse", "tile_id", wrong("str", tile_id))

            if type(position_x) not in _ACCEPTS_int_None:
                raise InvalidData(
                    "AtlasTileResponse", "position_x", wrong("int | None", position_x)
                )

            if type(position_y) not in _ACCEPTS_int_None:
                raise InvalidData(
                    "AtlasTileResponse", "position_y", wrong("int | None", position_y)
                )

            if type(size_x) not in _ACCEPTS_int_None:
                raise InvalidData("AtlasTileResponse", "size_x", wrong("int | None", size_x))

            if type(size_y) not in _ACCEPTS_int_None:
                raise InvalidData("AtlasTileResponse", "size_y", wrong("int | None", size_y))

            if type(file_format) not in _ACCEPTS_str_None:
                raise InvalidData(
                    "AtlasTileResponse", "file_format", wrong("None | str", file_format)
                )

            if type(base_filename) not in _ACCEPTS_str_None:
                raise InvalidData(
                    "AtlasTileResponse", "base_filename", wrong("None | str", base_filename)
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
        if len(_d) != 9 and not _KNOWN_KEYS.issuperset(_d):
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
_ACCEPTS_int_None = frozenset({int, type(None)})
_ACCEPTS_str_None = frozenset({str, type(None)})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
