"""EPU data model: what an agent parses from EPU's output files, checked where it is made.

Values are frozen attrs classes. Natural ids must be non-empty, numbers finite, image
sizes and binning positive, pairs exactly two ints. A parent's uuid (``grid_uuid``...) may
stay unset until the parent is registered; the converter refuses a request without it.
A bad value raises :class:`InvalidEPUField` (a ``ValueError``), or
:class:`InvalidEPUFieldType` (also a ``TypeError``) for a wrong type, with a message such
as ``GridSquareData.center_x: must be an int, got 1.5``.
"""

from __future__ import annotations

import math
import os
import uuid as _uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

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
_TYPE, _VALUE = InvalidEPUFieldType, InvalidEPUField


# Validators. attrs runs them after every field is set, so each can name its class.


def _fail(
    instance: Any, attribute: Any, reason: str, value: Any, error: type[InvalidEPUField] = _VALUE
) -> NoReturn:
    raise error(type(instance).__name__, attribute.name, f"{reason}, got {value!r}")


def _check(test: Callable[[Any], Any], reason: str, error: type[InvalidEPUField]) -> _Validator:
    """A validator raising ``error`` with ``reason`` for a value that fails ``test``."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not test(value):
            _fail(instance, attribute, reason, value, error)

    return check


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_finite(value: Any) -> bool:
    try:
        return _is_number(value) and math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def _instance_of(cls: type[Any]) -> _Validator:
    return _check(lambda value: isinstance(value, cls), f"must be a {cls.__name__}", _TYPE)


def _pair_of(test: Callable[[Any], bool], what: str) -> _Validator:
    def is_pair(value: Any) -> bool:
        return isinstance(value, tuple) and len(value) == 2 and all(map(test, value))

    return _check(is_pair, f"must be a pair of two {what}", _VALUE)


_text = _instance_of(str)
_boolean = _instance_of(bool)
_moment = _instance_of(datetime)
_integer = _check(_is_int, "must be an int", _TYPE)
_identifier = [_text, _check(str.strip, "must not be empty or blank", _VALUE)]
_positive_integer = [_integer, _check(lambda value: value > 0, "must be positive", _VALUE)]
_finite = [
    _check(_is_number, "must be a number", _TYPE),
    _check(_is_finite, "must be finite", _VALUE),
]
_int_pair = _pair_of(_is_int, "ints")


def _path(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, Path):
        return
    if isinstance(value, str | os.PathLike) and os.fspath(value) in ("", b""):
        _fail(instance, attribute, "must not be empty", value)
    _fail(instance, attribute, "must be a str or os.PathLike of str", value, _TYPE)


def _optional(*validators: _Validator | list[_Validator]) -> _Validator:
    checks = [check for v in validators for check in (v if isinstance(v, list) else [v])]

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            for validate in checks:
                validate(instance, attribute, value)

    return check


def _mapping_of(
    key_type: type[Any], value_type: type[Any], what: str = "", test: Callable[[Any], bool] = bool
) -> _Validator:
    what = what or value_type.__name__

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, dict):
            _fail(instance, attribute, "must be a dict", value, _TYPE)
        for key, item in value.items():
            if not isinstance(key, key_type) or isinstance(key, bool):
                _fail(instance, attribute, f"keys must be {key_type.__name__}", key, _TYPE)
            if not (test(item) if value_type is object else isinstance(item, value_type)):
                _fail(instance, attribute, f"value for {key!r} must be {what}", item, _TYPE)

    return check


# Converters. Values they cannot convert pass through, for the validator to report.


def _to_path(value: str | os.PathLike[str] | None) -> Any:
    if isinstance(value, str | os.PathLike):
        text = os.fspath(value)
        if isinstance(text, str) and text:
            return Path(text)
    return value


def _to_pair(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _to_tuple(items: Any) -> Any:
    if isinstance(items, Iterable) and not isinstance(items, str | Mapping):
        return tuple(items)
    return items


def _to_dict(items: Any) -> Any:
    return dict(items) if isinstance(items, Mapping) else items


def _to_tile_positions(value: Any) -> Any:
    return {k: _to_tuple(v) for k, v in value.items()} if isinstance(value, Mapping) else value


def _tile_positions(value: Any) -> bool:
    return isinstance(value, tuple) and all(
        isinstance(item, AtlasTileGridSquarePosition) for item in value
    )


# Type checkers see fields made by a function as having a default, as these do; a field with
# a converter is written out, so that its __init__ type stays the converter's.


def _uuid_field() -> Any:
    return attrs.field(factory=lambda: str(_uuid.uuid4()), validator=_identifier)


def _opt(check: _Validator | list[_Validator] | type[Any]) -> Any:
    """An optional field (default None) whose value, when set, passes ``check`` (or is one)."""
    return attrs.field(
        default=None, validator=_optional(_instance_of(check) if isinstance(check, type) else check)
    )


_maybe_int_pair = _optional(_int_pair)
_maybe_path = _optional(_path)


# The model, parents before children.


@attrs.define(frozen=True, kw_only=True)
class MicroscopeData:
    """The microscope an acquisition runs on, as EPU describes it."""

    instrument_model: str | None = _opt(_text)
    instrument_id: str | None = _opt(_text)
    computer_name: str | None = _opt(_text)


@attrs.define(frozen=True, kw_only=True)
class AcquisitionData:
    """One EPU session; ``id`` is EPU's session id."""

    id: str | None = _opt(_identifier)
    name: str = attrs.field(default="Unknown", validator=_text)
    start_time: datetime | None = _opt(_moment)
    atlas_path: str | None = _opt(_text)
    storage_path: str | None = _opt(_text)
    clustering_mode: str | None = _opt(_text)
    clustering_radius: str | None = _opt(_text)
    instrument: MicroscopeData | None = _opt(MicroscopeData)
    uuid: str = _uuid_field()


@attrs.define(frozen=True, kw_only=True)
class AtlasTilePosition:
    """Where a tile sits in the atlas mosaic: (x, y) and (width, height) in pixels."""

    position: tuple[int, int] | None = attrs.field(
        default=None, converter=_to_pair, validator=_maybe_int_pair
    )
    size: tuple[int, int] | None = attrs.field(
        default=None, converter=_to_pair, validator=_maybe_int_pair
    )


@attrs.define(frozen=True, kw_only=True)
class AtlasTileGridSquarePosition:
    """Where a grid square appears on an atlas tile: centre and size in pixels."""

    position: tuple[int, int] = attrs.field(converter=_to_pair, validator=_int_pair)
    size: tuple[int, int] = attrs.field(converter=_to_pair, validator=_int_pair)


@attrs.define(frozen=True, kw_only=True)
class AtlasTileData:
    """One tile of an atlas; ``gridsquare_positions``: grid-square id -> where it appears."""

    id: str = attrs.field(validator=_identifier)
    tile_position: AtlasTilePosition = attrs.field(validator=_instance_of(AtlasTilePosition))
    file_format: str | None = _opt(_text)
    base_filename: str | None = _opt(_text)
    atlas_uuid: str | None = _opt(_identifier)
    uuid: str = _uuid_field()
    gridsquare_positions: dict[str, tuple[AtlasTileGridSquarePosition, ...]] = attrs.field(
        factory=dict,
        converter=_to_tile_positions,
        validator=_mapping_of(str, object, "AtlasTileGridSquarePosition items", _tile_positions),
        hash=False,
    )


@attrs.define(frozen=True, kw_only=True)
class GridSquarePosition:
    """Where a grid square sits on the atlas: centre and size in pixels, stage position."""

    center: tuple[int, int] | None = attrs.field(
        default=None, converter=_to_pair, validator=_maybe_int_pair
    )
    physical: tuple[float, float] | None = attrs.field(
        default=None,
        converter=_to_pair,
        validator=_optional(_pair_of(_is_finite, "finite numbers")),
    )
    size: tuple[int, int] | None = attrs.field(
        default=None, converter=_to_pair, validator=_maybe_int_pair
    )
    rotation: float | None = _opt(_finite)


@attrs.define(frozen=True, kw_only=True)
class AtlasData:
    """A grid's atlas (overview) and tiles; ``gridsquare_positions``: by square atlas node id."""

    id: str = attrs.field(validator=_identifier)
    acquisition_date: datetime = attrs.field(validator=_moment)
    storage_folder: str = attrs.field(validator=_text)
    description: str | None = _opt(_text)
    name: str = attrs.field(validator=_text)
    tiles: tuple[AtlasTileData, ...] = attrs.field(default=(), converter=_to_tuple)
    gridsquare_positions: dict[int, GridSquarePosition] | None = attrs.field(
        default=None,
        converter=_to_dict,
        validator=_optional(_mapping_of(int, GridSquarePosition)),
        hash=False,
    )
    grid_uuid: str | None = _opt(_identifier)
    uuid: str = _uuid_field()

    @tiles.validator
    def _tiles_belong_here(self, attribute: attrs.Attribute[Any], tiles: Any) -> None:
        if not isinstance(tiles, tuple):
            _fail(self, attribute, "must be a tuple", tiles, _TYPE)
        for tile in tiles:
            if not isinstance(tile, AtlasTileData):
                _fail(self, attribute, "items must be AtlasTileData", tile, _TYPE)
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
    """One grid (sample); its acquisition must be set to register it."""

    data_dir: Path = attrs.field(converter=_to_path, validator=_path)
    atlas_dir: Path | None = attrs.field(default=None, converter=_to_path, validator=_maybe_path)
    acquisition_data: AcquisitionData | None = _opt(AcquisitionData)
    atlas_data: AtlasData | None = _opt(AtlasData)
    uuid: str = _uuid_field()

    @atlas_data.validator
    def _atlas_belongs_here(self, attribute: attrs.Attribute[Any], atlas: Any) -> None:
        if atlas is not None and atlas.grid_uuid not in (None, self.uuid):
            _fail(self, attribute, f"atlas {atlas.id!r} belongs to grid", atlas.grid_uuid)


@attrs.define(frozen=True, kw_only=True)
class GridSquareStagePosition:
    """Stage coordinates of a grid square."""

    x: float | None = _opt(_finite)
    y: float | None = _opt(_finite)
    z: float | None = _opt(_finite)


@attrs.define(frozen=True, kw_only=True)
class FoilHolePosition:
    """Where a foil hole sits in its grid square: pixels in its image, stage coordinates."""

    x_location: int = attrs.field(validator=_integer)
    y_location: int = attrs.field(validator=_integer)
    x_stage_position: float | None = _opt(_finite)
    y_stage_position: float | None = _opt(_finite)
    diameter: int = attrs.field(validator=_integer)
    is_near_grid_bar: bool = attrs.field(default=False, validator=_boolean)


@attrs.define(frozen=True, kw_only=True)
class GridSquareMetadata:
    """What EPU's grid-square metadata file says; ``foilhole_positions`` is keyed by hole id."""

    atlas_node_id: int = attrs.field(validator=_integer)
    stage_position: GridSquareStagePosition | None = _opt(GridSquareStagePosition)
    state: str | None = _opt(_text)
    rotation: float | None = _opt(_finite)
    image_path: Path | None = attrs.field(default=None, converter=_to_path, validator=_maybe_path)
    selected: bool = attrs.field(validator=_boolean)
    unusable: bool = attrs.field(validator=_boolean)
    foilhole_positions: dict[int, FoilHolePosition] = attrs.field(
        factory=dict,
        converter=_to_dict,
        validator=_mapping_of(int, FoilHolePosition),
        hash=False,
    )


@attrs.define(frozen=True, kw_only=True)
class GridSquareManifest:
    """What EPU's manifest says about a grid square's image."""

    acquisition_datetime: datetime = attrs.field(validator=_moment)
    defocus: float | None = _opt(_finite)
    magnification: float | None = _opt(_finite)
    pixel_size: float | None = _opt(_finite)
    detector_name: str = attrs.field(validator=_text)
    applied_defocus: float | None = _opt(_finite)
    data_dir: Path | None = attrs.field(default=None, converter=_to_path, validator=_maybe_path)


@attrs.define(frozen=True, kw_only=True)
class GridSquareData:
    """One grid square of a grid; centre and size are on the atlas, in pixels.

    ``registered``: whether EPU has registered the square (agent-side state, not sent).
    """

    gridsquare_id: str = attrs.field(validator=_identifier)
    grid_uuid: str | None = _opt(_identifier)
    data_dir: Path | None = attrs.field(default=None, converter=_to_path, validator=_maybe_path)
    metadata: GridSquareMetadata | None = _opt(GridSquareMetadata)
    manifest: GridSquareManifest | None = _opt(GridSquareManifest)
    center_x: int | None = _opt(_integer)
    center_y: int | None = _opt(_integer)
    size_width: int | None = _opt(_integer)
    size_height: int | None = _opt(_integer)
    registered: bool = attrs.field(default=False, validator=_boolean)
    uuid: str = _uuid_field()


@attrs.define(frozen=True, kw_only=True)
class FoilHoleData:
    """One foil hole of a grid square; ``id`` is EPU's, ``gridsquare_id`` its square's."""

    id: str = attrs.field(validator=_identifier)
    gridsquare_id: str | None = _opt(_identifier)
    gridsquare_uuid: str | None = _opt(_identifier)
    center_x: float | None = _opt(_finite)
    center_y: float | None = _opt(_finite)
    quality: float | None = _opt(_finite)
    rotation: float | None = _opt(_finite)
    size_width: float | None = _opt(_finite)
    size_height: float | None = _opt(_finite)
    x_location: int | None = _opt(_integer)
    y_location: int | None = _opt(_integer)
    x_stage_position: float | None = _opt(_finite)
    y_stage_position: float | None = _opt(_finite)
    diameter: int | None = _opt(_integer)
    is_near_grid_bar: bool = attrs.field(default=False, validator=_boolean)
    uuid: str = _uuid_field()


@attrs.define(frozen=True, kw_only=True)
class MicrographManifest:
    """What EPU's manifest says about one exposure (image sizes in pixels)."""

    unique_id: str = attrs.field(validator=_identifier)
    acquisition_datetime: datetime = attrs.field(validator=_moment)
    defocus: float | None = _opt(_finite)
    detector_name: str = attrs.field(validator=_text)
    energy_filter: bool = attrs.field(validator=_boolean)
    phase_plate: bool = attrs.field(validator=_boolean)
    image_size_x: int | None = _opt(_positive_integer)
    image_size_y: int | None = _opt(_positive_integer)
    binning_x: int = attrs.field(validator=_positive_integer)
    binning_y: int = attrs.field(validator=_positive_integer)


@attrs.define(frozen=True, kw_only=True)
class MicrographData:
    """One micrograph (high-magnification exposure) taken in a foil hole."""

    id: str = attrs.field(validator=_identifier)
    gridsquare_id: str = attrs.field(validator=_identifier)
    foilhole_uuid: str | None = _opt(_identifier)
    foilhole_id: str = attrs.field(validator=_identifier)
    location_id: str = attrs.field(validator=_identifier)
    high_res_path: Path = attrs.field(converter=_to_path, validator=_path)
    manifest_file: Path = attrs.field(converter=_to_path, validator=_path)
    manifest: MicrographManifest = attrs.field(validator=_instance_of(MicrographManifest))
    uuid: str = _uuid_field()


@attrs.define(frozen=True, kw_only=True)
class AtlasTileGridSquarePositionData:
    """A grid square placed on an atlas tile (what linking the two sends), in pixels."""

    tile_uuid: str | None = _opt(_identifier)
    gridsquare_uuid: str | None = _opt(_identifier)
    position: tuple[int, int] = attrs.field(converter=_to_pair, validator=_int_pair)
    size: tuple[int, int] = attrs.field(converter=_to_pair, validator=_int_pair)
