"""EPU data model: what an agent parses from EPU's output files, checked where it is made.

Values are frozen attrs classes. Natural ids (EPU's own identifiers) must be non-empty;
numbers must be finite; image sizes and binning positive; pairs exactly two ints. The uuid of
a parent entity (``grid_uuid``, ``gridsquare_uuid``...) may be left unset until the parent
is registered; the converter refuses to build a request without it.

A bad value raises :class:`InvalidEPUField` (a ``ValueError``), or
:class:`InvalidEPUFieldType` (also a ``TypeError``) when the value has the wrong type, with
a message such as ``GridSquareData.center_x: must be an int, got 1.5``.
"""

from __future__ import annotations

import math
import os
import uuid as _uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn, cast

import attrs

from smartem_ext.errors import InvalidEPUField, InvalidEPUFieldType

__all__ = [
    "AcquisitionData",
    "AtlasData",
    "AtlasTileData",
    "AtlasTileGridSquarePosition",
    "AtlasTileGridSquarePositionData",
    "AtlasTilePosition",
    "FoilHoleData",
    "FoilHolePosition",
    "GridData",
    "GridSquareData",
    "GridSquareManifest",
    "GridSquareMetadata",
    "GridSquarePosition",
    "GridSquareStagePosition",
    "MicrographData",
    "MicrographManifest",
    "MicroscopeData",
]

_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _new_uuid() -> str:
    """A fresh random uuid as text: the default identity of every entity."""
    return str(_uuid.uuid4())


# Validators. attrs runs them after every field is set, so each can name its class.


def _fail(instance: Any, attribute: attrs.Attribute[Any], reason: str, value: Any) -> NoReturn:
    raise InvalidEPUField(type(instance).__name__, attribute.name, f"{reason}, got {value!r}")


def _fail_type(instance: Any, attribute: attrs.Attribute[Any], reason: str, value: Any) -> NoReturn:
    raise InvalidEPUFieldType(type(instance).__name__, attribute.name, f"{reason}, got {value!r}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_finite(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def _text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        _fail_type(instance, attribute, "must be a str", value)


def _identifier(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _text(instance, attribute, value)
    if not value.strip():
        _fail(instance, attribute, "must not be empty or blank", value)


def _integer(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not _is_int(value):
        _fail_type(instance, attribute, "must be an int", value)


def _positive_integer(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _integer(instance, attribute, value)
    if value <= 0:
        _fail(instance, attribute, "must be positive", value)


def _finite(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fail_type(instance, attribute, "must be a number", value)
    if not _is_finite(value):
        _fail(instance, attribute, "must be finite", value)


def _boolean(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        _fail_type(instance, attribute, "must be a bool", value)


def _moment(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, datetime):
        _fail_type(instance, attribute, "must be a datetime", value)


def _path(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, Path):
        return
    if isinstance(value, str | os.PathLike) and os.fspath(value) in ("", b""):
        _fail(instance, attribute, "must not be empty", value)
    _fail_type(instance, attribute, "must be a str or os.PathLike of str", value)


def _int_pair(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not (isinstance(value, tuple) and len(value) == 2 and all(map(_is_int, value))):
        _fail(instance, attribute, "must be a pair of two ints", value)


def _finite_pair(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not (isinstance(value, tuple) and len(value) == 2 and all(map(_is_finite, value))):
        _fail(instance, attribute, "must be a pair of two finite numbers", value)


def _optional(validator: _Validator) -> _Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            validator(instance, attribute, value)

    return check


def _instance_of(cls: type[Any]) -> _Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            _fail_type(instance, attribute, f"must be a {cls.__name__}", value)

    return check


def _items_of(cls: type[Any]) -> _Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        for item in value:
            if not isinstance(item, cls):
                _fail_type(instance, attribute, f"items must be {cls.__name__}", item)

    return check


def _mapping_of(key_type: type[Any], value_check: Callable[[Any], bool], what: str) -> _Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        for key, item in value.items():
            if not isinstance(key, key_type) or isinstance(key, bool):
                _fail_type(instance, attribute, f"keys must be {key_type.__name__}", key)
            if not value_check(item):
                _fail_type(instance, attribute, f"value for {key!r} must be {what}", item)

    return check


# Converters. Values they cannot convert pass through unchanged, so that the validator
# reports them with the class and field name.


def _to_path(value: str | os.PathLike[str]) -> Path:
    if isinstance(value, str | os.PathLike):
        text = os.fspath(value)
        if isinstance(text, str) and text:
            return Path(text)
    return cast(Path, value)


def _to_optional_path(value: str | os.PathLike[str] | None) -> Path | None:
    return None if value is None else _to_path(value)


def _to_int_pair(value: Sequence[int]) -> tuple[int, int]:
    return cast(tuple[int, int], tuple(value) if isinstance(value, list) else value)


def _to_optional_int_pair(value: Sequence[int] | None) -> tuple[int, int] | None:
    return None if value is None else _to_int_pair(value)


def _to_optional_float_pair(value: Sequence[float] | None) -> tuple[float, float] | None:
    return cast(tuple[float, float] | None, tuple(value) if isinstance(value, list) else value)


def _to_tuple(items: Iterable[Any]) -> Any:
    if isinstance(items, Iterable) and not isinstance(items, str | Mapping):
        return tuple(items)
    return items


def _to_dict(items: Mapping[Any, Any] | None) -> Any:
    return dict(items) if isinstance(items, Mapping) else items


def _uuid_field() -> Any:
    return attrs.field(factory=_new_uuid, validator=_identifier)


# The model, parents before children.


@attrs.define(frozen=True, kw_only=True)
class MicroscopeData:
    """The microscope an acquisition runs on, as EPU describes it."""

    instrument_model: str | None = attrs.field(default=None, validator=_optional(_text))
    instrument_id: str | None = attrs.field(default=None, validator=_optional(_text))
    computer_name: str | None = attrs.field(default=None, validator=_optional(_text))


@attrs.define(frozen=True, kw_only=True)
class AcquisitionData:
    """One EPU session.

    Args:
        id: EPU's session id.
        clustering_mode, clustering_radius: EPU's foil-hole clustering settings, as text.
    """

    id: str | None = attrs.field(default=None, validator=_optional(_identifier))
    name: str = attrs.field(default="Unknown", validator=_text)
    start_time: datetime | None = attrs.field(default=None, validator=_optional(_moment))
    atlas_path: str | None = attrs.field(default=None, validator=_optional(_text))
    storage_path: str | None = attrs.field(default=None, validator=_optional(_text))
    clustering_mode: str | None = attrs.field(default=None, validator=_optional(_text))
    clustering_radius: str | None = attrs.field(default=None, validator=_optional(_text))
    instrument: MicroscopeData | None = attrs.field(
        default=None, validator=_optional(_instance_of(MicroscopeData))
    )
    uuid: str = _uuid_field()


@attrs.define(frozen=True, kw_only=True)
class AtlasTilePosition:
    """Where a tile sits in the atlas mosaic.

    Args:
        position: (x, y) of the tile in the mosaic, in pixels.
        size: (width, height) of the tile, in pixels.
    """

    position: tuple[int, int] | None = attrs.field(
        default=None, converter=_to_optional_int_pair, validator=_optional(_int_pair)
    )
    size: tuple[int, int] | None = attrs.field(
        default=None, converter=_to_optional_int_pair, validator=_optional(_int_pair)
    )


@attrs.define(frozen=True, kw_only=True)
class AtlasTileGridSquarePosition:
    """Where one grid square appears on an atlas tile.

    Args:
        position: (x, y) of the square's centre on the tile, in pixels.
        size: (width, height) of the square on the tile, in pixels.
    """

    position: tuple[int, int] = attrs.field(converter=_to_int_pair, validator=_int_pair)
    size: tuple[int, int] = attrs.field(converter=_to_int_pair, validator=_int_pair)


def _is_tile_position_list(value: Any) -> bool:
    return isinstance(value, tuple) and all(
        isinstance(item, AtlasTileGridSquarePosition) for item in value
    )


def _to_tile_positions(
    value: Mapping[str, Iterable[AtlasTileGridSquarePosition]],
) -> dict[str, tuple[AtlasTileGridSquarePosition, ...]]:
    if not isinstance(value, Mapping):
        return cast(dict[str, tuple[AtlasTileGridSquarePosition, ...]], value)
    return {key: _to_tuple(items) for key, items in value.items()}


def _to_tiles(value: Iterable[AtlasTileData]) -> tuple[AtlasTileData, ...]:
    return cast(tuple[AtlasTileData, ...], _to_tuple(value))


def _to_gridsquare_positions(
    value: Mapping[int, GridSquarePosition] | None,
) -> dict[int, GridSquarePosition] | None:
    return cast(dict[int, GridSquarePosition] | None, _to_dict(value))


def _to_foilhole_positions(value: Mapping[int, FoilHolePosition]) -> dict[int, FoilHolePosition]:
    return cast(dict[int, FoilHolePosition], _to_dict(value))


@attrs.define(frozen=True, kw_only=True)
class AtlasTileData:
    """One tile of an atlas.

    Args:
        id: EPU's tile id.
        atlas_uuid: the atlas's uuid; may stay unset while the tile is part of an AtlasData.
        gridsquare_positions: grid-square id -> where that square appears on this tile
            (a square may appear more than once).
    """

    id: str = attrs.field(validator=_identifier)
    tile_position: AtlasTilePosition = attrs.field(validator=_instance_of(AtlasTilePosition))
    file_format: str | None = attrs.field(default=None, validator=_optional(_text))
    base_filename: str | None = attrs.field(default=None, validator=_optional(_text))
    atlas_uuid: str | None = attrs.field(default=None, validator=_optional(_identifier))
    uuid: str = _uuid_field()
    gridsquare_positions: dict[str, tuple[AtlasTileGridSquarePosition, ...]] = attrs.field(
        factory=dict,
        converter=_to_tile_positions,
        validator=[
            _instance_of(dict),
            _mapping_of(str, _is_tile_position_list, "AtlasTileGridSquarePosition items"),
        ],
        hash=False,
    )


@attrs.define(frozen=True, kw_only=True)
class GridSquarePosition:
    """Where a grid square sits on the atlas, as the atlas file records it.

    Args:
        center: (x, y) of the square's centre on the atlas image, in pixels.
        physical: (x, y) of the square's centre in stage coordinates.
        size: (width, height) of the square on the atlas image, in pixels.
        rotation: rotation of the square, as EPU records it.
    """

    center: tuple[int, int] | None = attrs.field(
        default=None, converter=_to_optional_int_pair, validator=_optional(_int_pair)
    )
    physical: tuple[float, float] | None = attrs.field(
        default=None, converter=_to_optional_float_pair, validator=_optional(_finite_pair)
    )
    size: tuple[int, int] | None = attrs.field(
        default=None, converter=_to_optional_int_pair, validator=_optional(_int_pair)
    )
    rotation: float | None = attrs.field(default=None, validator=_optional(_finite))


@attrs.define(frozen=True, kw_only=True)
class AtlasData:
    """The atlas (low-magnification overview) of a grid, with its tiles.

    Args:
        id: EPU's atlas id.
        tiles: the atlas's tiles; each tile's atlas_uuid is unset or this atlas's uuid.
        gridsquare_positions: grid-square atlas node id -> where the square sits.
        grid_uuid: the grid's uuid; may stay unset until the grid is registered.
    """

    id: str = attrs.field(validator=_identifier)
    acquisition_date: datetime = attrs.field(validator=_moment)
    storage_folder: str = attrs.field(validator=_text)
    description: str | None = attrs.field(default=None, validator=_optional(_text))
    name: str = attrs.field(validator=_text)
    tiles: tuple[AtlasTileData, ...] = attrs.field(
        default=(), converter=_to_tiles, validator=[_instance_of(tuple), _items_of(AtlasTileData)]
    )
    gridsquare_positions: dict[int, GridSquarePosition] | None = attrs.field(
        default=None,
        converter=_to_gridsquare_positions,
        validator=_optional(
            attrs.validators.and_(
                _instance_of(dict),
                _mapping_of(
                    int, lambda item: isinstance(item, GridSquarePosition), "GridSquarePosition"
                ),
            )
        ),
        hash=False,
    )
    grid_uuid: str | None = attrs.field(default=None, validator=_optional(_identifier))
    uuid: str = _uuid_field()

    @tiles.validator
    def _tiles_belong_here(self, attribute: attrs.Attribute[Any], tiles: Any) -> None:
        seen_ids: set[str] = set()
        seen_uuids: set[str] = set()
        for tile in tiles:
            if tile.atlas_uuid is not None and tile.atlas_uuid != self.uuid:
                _fail(self, attribute, f"tile {tile.id!r} belongs to atlas", tile.atlas_uuid)
            if tile.id in seen_ids:
                _fail(self, attribute, "tile ids must be unique", tile.id)
            if tile.uuid in seen_uuids:
                _fail(self, attribute, "tile uuids must be unique", tile.uuid)
            seen_ids.add(tile.id)
            seen_uuids.add(tile.uuid)


@attrs.define(frozen=True, kw_only=True)
class GridData:
    """One grid (sample) of an acquisition.

    Args:
        data_dir: EPU's data folder for the grid.
        atlas_dir: the folder holding the grid's atlas.
        acquisition_data: the acquisition the grid belongs to; needed to register the grid.
        atlas_data: the grid's atlas; its grid_uuid is unset or this grid's uuid.
    """

    data_dir: Path = attrs.field(converter=_to_path, validator=_path)
    atlas_dir: Path | None = attrs.field(
        default=None, converter=_to_optional_path, validator=_optional(_path)
    )
    acquisition_data: AcquisitionData | None = attrs.field(
        default=None, validator=_optional(_instance_of(AcquisitionData))
    )
    atlas_data: AtlasData | None = attrs.field(
        default=None, validator=_optional(_instance_of(AtlasData))
    )
    uuid: str = _uuid_field()

    @atlas_data.validator
    def _atlas_belongs_here(self, attribute: attrs.Attribute[Any], atlas: Any) -> None:
        if atlas is not None and atlas.grid_uuid not in (None, self.uuid):
            _fail(self, attribute, f"atlas {atlas.id!r} belongs to grid", atlas.grid_uuid)


@attrs.define(frozen=True, kw_only=True)
class GridSquareStagePosition:
    """Stage coordinates of a grid square."""

    x: float | None = attrs.field(default=None, validator=_optional(_finite))
    y: float | None = attrs.field(default=None, validator=_optional(_finite))
    z: float | None = attrs.field(default=None, validator=_optional(_finite))


@attrs.define(frozen=True, kw_only=True)
class FoilHolePosition:
    """Where a foil hole sits in its grid square, as the square's metadata records it.

    Args:
        x_location, y_location: the hole's centre in the grid-square image, in pixels.
        x_stage_position, y_stage_position: the hole's centre in stage coordinates.
        diameter: the hole's diameter, in pixels.
    """

    x_location: int = attrs.field(validator=_integer)
    y_location: int = attrs.field(validator=_integer)
    x_stage_position: float | None = attrs.field(default=None, validator=_optional(_finite))
    y_stage_position: float | None = attrs.field(default=None, validator=_optional(_finite))
    diameter: int = attrs.field(validator=_integer)
    is_near_grid_bar: bool = attrs.field(default=False, validator=_boolean)


@attrs.define(frozen=True, kw_only=True)
class GridSquareMetadata:
    """What EPU's grid-square metadata file says about a square.

    Args:
        atlas_node_id: the square's node id in the atlas.
        state: EPU's state for the square, as text.
        selected: whether the square is selected for acquisition.
        unusable: whether EPU marked the square unusable.
        foilhole_positions: foil-hole id -> where the hole sits.
    """

    atlas_node_id: int = attrs.field(validator=_integer)
    stage_position: GridSquareStagePosition | None = attrs.field(
        default=None, validator=_optional(_instance_of(GridSquareStagePosition))
    )
    state: str | None = attrs.field(default=None, validator=_optional(_text))
    rotation: float | None = attrs.field(default=None, validator=_optional(_finite))
    image_path: Path | None = attrs.field(
        default=None, converter=_to_optional_path, validator=_optional(_path)
    )
    selected: bool = attrs.field(validator=_boolean)
    unusable: bool = attrs.field(validator=_boolean)
    foilhole_positions: dict[int, FoilHolePosition] = attrs.field(
        factory=dict,
        converter=_to_foilhole_positions,
        validator=[
            _instance_of(dict),
            _mapping_of(int, lambda item: isinstance(item, FoilHolePosition), "FoilHolePosition"),
        ],
        hash=False,
    )


@attrs.define(frozen=True, kw_only=True)
class GridSquareManifest:
    """What EPU's manifest says about a grid square's image."""

    acquisition_datetime: datetime = attrs.field(validator=_moment)
    defocus: float | None = attrs.field(default=None, validator=_optional(_finite))
    magnification: float | None = attrs.field(default=None, validator=_optional(_finite))
    pixel_size: float | None = attrs.field(default=None, validator=_optional(_finite))
    detector_name: str = attrs.field(validator=_text)
    applied_defocus: float | None = attrs.field(default=None, validator=_optional(_finite))
    data_dir: Path | None = attrs.field(
        default=None, converter=_to_optional_path, validator=_optional(_path)
    )


@attrs.define(frozen=True, kw_only=True)
class GridSquareData:
    """One grid square of a grid.

    Args:
        gridsquare_id: EPU's grid-square id.
        grid_uuid: the grid's uuid; may stay unset until the grid is registered.
        center_x, center_y: the square's centre on the atlas, in pixels.
        size_width, size_height: the square's size on the atlas, in pixels.
        registered: whether EPU has registered the square (agent-side state, not sent).
    """

    gridsquare_id: str = attrs.field(validator=_identifier)
    grid_uuid: str | None = attrs.field(default=None, validator=_optional(_identifier))
    data_dir: Path | None = attrs.field(
        default=None, converter=_to_optional_path, validator=_optional(_path)
    )
    metadata: GridSquareMetadata | None = attrs.field(
        default=None, validator=_optional(_instance_of(GridSquareMetadata))
    )
    manifest: GridSquareManifest | None = attrs.field(
        default=None, validator=_optional(_instance_of(GridSquareManifest))
    )
    center_x: int | None = attrs.field(default=None, validator=_optional(_integer))
    center_y: int | None = attrs.field(default=None, validator=_optional(_integer))
    size_width: int | None = attrs.field(default=None, validator=_optional(_integer))
    size_height: int | None = attrs.field(default=None, validator=_optional(_integer))
    registered: bool = attrs.field(default=False, validator=_boolean)
    uuid: str = _uuid_field()


@attrs.define(frozen=True, kw_only=True)
class FoilHoleData:
    """One foil hole of a grid square.

    Args:
        id: EPU's foil-hole id.
        gridsquare_id: EPU's id of the parent grid square.
        gridsquare_uuid: the grid square's uuid; may stay unset until it is registered.
        center_x, center_y, size_width, size_height: the hole in the grid-square image.
        quality: EPU's quality score for the hole.
        x_location, y_location: the hole's pixel location.
        x_stage_position, y_stage_position: the hole's centre in stage coordinates.
    """

    id: str = attrs.field(validator=_identifier)
    gridsquare_id: str | None = attrs.field(default=None, validator=_optional(_identifier))
    gridsquare_uuid: str | None = attrs.field(default=None, validator=_optional(_identifier))
    center_x: float | None = attrs.field(default=None, validator=_optional(_finite))
    center_y: float | None = attrs.field(default=None, validator=_optional(_finite))
    quality: float | None = attrs.field(default=None, validator=_optional(_finite))
    rotation: float | None = attrs.field(default=None, validator=_optional(_finite))
    size_width: float | None = attrs.field(default=None, validator=_optional(_finite))
    size_height: float | None = attrs.field(default=None, validator=_optional(_finite))
    x_location: int | None = attrs.field(default=None, validator=_optional(_integer))
    y_location: int | None = attrs.field(default=None, validator=_optional(_integer))
    x_stage_position: float | None = attrs.field(default=None, validator=_optional(_finite))
    y_stage_position: float | None = attrs.field(default=None, validator=_optional(_finite))
    diameter: int | None = attrs.field(default=None, validator=_optional(_integer))
    is_near_grid_bar: bool = attrs.field(default=False, validator=_boolean)
    uuid: str = _uuid_field()


@attrs.define(frozen=True, kw_only=True)
class MicrographManifest:
    """What EPU's manifest says about one exposure.

    Args:
        unique_id: EPU's id of the exposure.
        energy_filter, phase_plate: whether each was in use.
        image_size_x, image_size_y: image size in pixels.
    """

    unique_id: str = attrs.field(validator=_identifier)
    acquisition_datetime: datetime = attrs.field(validator=_moment)
    defocus: float | None = attrs.field(default=None, validator=_optional(_finite))
    detector_name: str = attrs.field(validator=_text)
    energy_filter: bool = attrs.field(validator=_boolean)
    phase_plate: bool = attrs.field(validator=_boolean)
    image_size_x: int | None = attrs.field(default=None, validator=_optional(_positive_integer))
    image_size_y: int | None = attrs.field(default=None, validator=_optional(_positive_integer))
    binning_x: int = attrs.field(validator=_positive_integer)
    binning_y: int = attrs.field(validator=_positive_integer)


@attrs.define(frozen=True, kw_only=True)
class MicrographData:
    """One micrograph (high-magnification exposure) taken in a foil hole.

    Args:
        id: EPU's micrograph id.
        gridsquare_id, foilhole_id: EPU's ids of the grid square and foil hole.
        foilhole_uuid: the foil hole's uuid; may stay unset until it is registered.
        location_id: EPU's id of the exposure's location within the hole.
        high_res_path: the high-resolution image file.
        manifest_file: the EPU manifest describing the exposure.
    """

    id: str = attrs.field(validator=_identifier)
    gridsquare_id: str = attrs.field(validator=_identifier)
    foilhole_uuid: str | None = attrs.field(default=None, validator=_optional(_identifier))
    foilhole_id: str = attrs.field(validator=_identifier)
    location_id: str = attrs.field(validator=_identifier)
    high_res_path: Path = attrs.field(converter=_to_path, validator=_path)
    manifest_file: Path = attrs.field(converter=_to_path, validator=_path)
    manifest: MicrographManifest = attrs.field(validator=_instance_of(MicrographManifest))
    uuid: str = _uuid_field()


@attrs.define(frozen=True, kw_only=True)
class AtlasTileGridSquarePositionData:
    """A grid square placed on an atlas tile: what linking the two sends.

    Args:
        tile_uuid, gridsquare_uuid: the registered tile and grid square.
        position: (x, y) of the square's centre on the tile, in pixels.
        size: (width, height) of the square on the tile, in pixels.
    """

    tile_uuid: str | None = attrs.field(default=None, validator=_optional(_identifier))
    gridsquare_uuid: str | None = attrs.field(default=None, validator=_optional(_identifier))
    position: tuple[int, int] = attrs.field(converter=_to_int_pair, validator=_int_pair)
    size: tuple[int, int] = attrs.field(converter=_to_int_pair, validator=_int_pair)
