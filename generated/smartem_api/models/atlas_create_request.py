from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import InvalidData, as_object, wrong
from ..types import UNSET, Unset

T = TypeVar("T", bound="AtlasCreateRequest")

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "uuid",
        "grid_uuid",
        "name",
        "atlas_id",
        "acquisition_date",
        "storage_folder",
        "description",
        "tiles",
    }
)


@_attrs_define
class AtlasCreateRequest:
    """
    Attributes:
        uuid (str):
        grid_uuid (str):
        name (str):
        atlas_id (None | str | Unset):
        acquisition_date (None | str | Unset):
        storage_folder (None | str | Unset):
        description (None | str | Unset):
        tiles (list[AtlasTileCreateRequest] | None | Unset):
    """

    uuid: str
    grid_uuid: str
    name: str
    atlas_id: None | str | Unset = UNSET
    acquisition_date: None | str | Unset = UNSET
    storage_folder: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    tiles: list[AtlasTileCreateRequest] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uuid = self.uuid

        grid_uuid = self.grid_uuid

        name = self.name

        atlas_id: None | str | Unset
        if isinstance(self.atlas_id, Unset):
            atlas_id = UNSET
        else:
            atlas_id = self.atlas_id

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

        tiles: list[dict[str, Any]] | None | Unset
        if isinstance(self.tiles, Unset):
            tiles = UNSET
        elif isinstance(self.tiles, list):
            tiles = []
            for tiles_type_0_item_data in self.tiles:
                tiles_type_0_item = tiles_type_0_item_data.to_dict()
                tiles.append(tiles_type_0_item)

        else:
            tiles = self.tiles

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uuid": uuid,
                "grid_uuid": grid_uuid,
                "name": name,
            }
        )
        if atlas_id is not UNSET:
            field_dict["atlas_id"] = atlas_id
        if acquisition_date is not UNSET:
            field_dict["acquisition_date"] = acquisition_date
        if storage_folder is not UNSET:
            field_dict["storage_folder"] = storage_folder
        if description is not UNSET:
            field_dict["description"] = description
        if tiles is not UNSET:
            field_dict["tiles"] = tiles

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = src_dict if type(src_dict) is dict else as_object(src_dict, "AtlasCreateRequest")
        # The backend writes every field: only an answer that leaves one out looks each up.
        try:
            uuid = _d["uuid"]
            grid_uuid = _d["grid_uuid"]
            name = _d["name"]
            atlas_id = _d["atlas_id"]
            acquisition_date = _d["acquisition_date"]
            storage_folder = _d["storage_folder"]
            description = _d["description"]
            tiles = _d["tiles"]
            _more = len(_d) != 8
        except KeyError:
            _more = True
            uuid = _d["uuid"]
            grid_uuid = _d["grid_uuid"]
            name = _d["name"]
            atlas_id = _d.get("atlas_id", UNSET)
            acquisition_date = _d.get("acquisition_date", UNSET)
            storage_folder = _d.get("storage_folder", UNSET)
            description = _d.get("description", UNSET)
            tiles = _d.get("tiles", UNSET)
        # A model's plain fields take their types from a few combinations: a combination
        # that passed once passes again, tested by one lookup instead of a test per field.
        _types = (
            type(uuid),
            type(grid_uuid),
            type(name),
            type(atlas_id),
            type(acquisition_date),
            type(storage_folder),
            type(description),
        )
        if _types not in _PASSED:
            if type(uuid) is not str:
                raise InvalidData("AtlasCreateRequest", "uuid", wrong("str", uuid))

            if type(grid_uuid) is not str:
                raise InvalidData("AtlasCreateRequest", "grid_uuid", wrong("str", grid_uuid))

            if type(name) is not str:
                raise InvalidData("AtlasCreateRequest", "name", wrong("str", name))

            if type(atlas_id) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AtlasCreateRequest", "atlas_id", wrong("None | str | Unset", atlas_id)
                )

            if type(acquisition_date) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AtlasCreateRequest",
                    "acquisition_date",
                    wrong("None | str | Unset", acquisition_date),
                )

            if type(storage_folder) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AtlasCreateRequest",
                    "storage_folder",
                    wrong("None | str | Unset", storage_folder),
                )

            if type(description) not in _ACCEPTS_str_None_Unset:
                raise InvalidData(
                    "AtlasCreateRequest", "description", wrong("None | str | Unset", description)
                )

            if len(_PASSED) < 256:
                _PASSED.add(_types)
        if type(tiles) is list:
            _tiles_items: list[Any] = []
            for _tiles_index, _tiles_item in enumerate(tiles):
                if type(_tiles_item) is dict:
                    try:
                        _tiles_item = AtlasTileCreateRequest.from_dict(_tiles_item)
                    except InvalidData as _error:
                        raise InvalidData(
                            "AtlasCreateRequest", "tiles", f"[{_tiles_index}] " + str(_error)
                        ) from None
                if type(_tiles_item) is not AtlasTileCreateRequest:
                    raise InvalidData(
                        "AtlasCreateRequest",
                        "tiles",
                        f"[{_tiles_index}] " + wrong("AtlasTileCreateRequest", _tiles_item),
                    )

                _tiles_items.append(_tiles_item)
            tiles = _tiles_items
        if type(tiles) not in _ACCEPTS_list_None_Unset:
            raise InvalidData(
                "AtlasCreateRequest",
                "tiles",
                wrong("list[AtlasTileCreateRequest] | None | Unset", tiles),
            )

        _built = cls(
            uuid, grid_uuid, name, atlas_id, acquisition_date, storage_folder, description, tiles
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


# The models this one holds are imported last: models that hold each other import each
# other, and from_dict does not pay for an import statement on each call.
from ..models.atlas_tile_create_request import AtlasTileCreateRequest  # noqa: E402

# The types each field takes as they are, where it takes several.
_ACCEPTS_str_None_Unset = frozenset({str, type(None), Unset})
_ACCEPTS_list_None_Unset = frozenset({list, type(None), Unset})

# The combinations of the plain fields' types that from_dict found valid (a few at most).
_PASSED: set[tuple[type, ...]] = set()
