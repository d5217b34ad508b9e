"""EPU model -> generated create requests. Pure functions: they validate, they never send.

What a request cannot carry faithfully (an unset parent uuid, text not encodable as UTF-8,
what the backend cannot store, ``lowmag=True`` for a grid, a foil hole twice in one batch)
raises :class:`~smartem_ext.errors.ConversionError` naming the EPU class and field. Absent
optional values are left out; times go naive in UTC (backend 0.1.3 fails an aware one with a
500). Input is read by attribute only, so the agent's own pydantic models convert as is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from math import isfinite
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from smartem_api import models
from smartem_api.types import UNSET, Unset
from smartem_ext._limits import (
    INT4_MAX,
    INT4_MIN,
    identifier_problem,
    integer_problem,
    is_identifier,
    real_problem,
    text_problem,
)
from smartem_ext.errors import ConversionError

if TYPE_CHECKING:
    from smartem_ext.epu import (
        AcquisitionData,
        AtlasData,
        AtlasTileData,
        AtlasTileGridSquarePositionData,
        FoilHoleData,
        GridData,
        GridSquareData,
        MicrographData,
    )

__all__ = ["EntityConverter", "foilholes_to_requests"]

T = TypeVar("T")


class EntityConverter:
    """Builds the generated create request for each EPU entity."""

    @staticmethod
    def acquisition_to_request(entity: AcquisitionData) -> models.AcquisitionCreateRequest:
        """The create request for an EPU session, with status ``started``."""
        return models.AcquisitionCreateRequest(
            status=models.AcquisitionStatus.STARTED,
            **_fields("AcquisitionData", entity, _ACQUISITION),
        )

    @staticmethod
    def grid_to_request(entity: GridData, lowmag: bool = False) -> models.GridCreateRequest:
        """The grid's create request (named after its acquisition); ``lowmag`` must stay False."""
        name = "GridData"
        if lowmag:
            raise ConversionError(
                name, "lowmag", "the grid create request has no lowmag field to carry it"
            )
        acquisition = entity.acquisition_data
        if acquisition is None:
            raise ConversionError(
                name,
                "acquisition_data",
                f"not set for grid {str(entity.data_dir)!r}; "
                "the request needs the acquisition's uuid",
            )
        return models.GridCreateRequest(
            uuid=_id(name, "uuid", entity.uuid),
            name=_text(name, "acquisition_data.name", acquisition.name),
            acquisition_uuid=_id(name, "acquisition_data.uuid", acquisition.uuid),
            status=models.GridStatus.NONE,
            data_dir=_path(name, "data_dir", entity.data_dir),
            atlas_dir=_optional_path(name, "atlas_dir", entity.atlas_dir),
        )

    @staticmethod
    def gridsquare_to_request(
        entity: GridSquareData, lowmag: bool = False
    ) -> models.GridSquareCreateRequest:
        """A grid square's create request; ``lowmag``: it comes from the low-magnification view."""
        name = "GridSquareData"
        return models.GridSquareCreateRequest(
            grid_uuid=_parent(
                name, "grid_uuid", entity.grid_uuid, "grid square", entity.gridsquare_id
            ),
            status=models.GridSquareStatus.NONE,
            lowmag=lowmag,
            **_fields(name, entity, _GRIDSQUARE),
        )

    @staticmethod
    def foilhole_to_request(entity: FoilHoleData) -> models.FoilHoleCreateRequest:
        """The create request for a foil hole; EPU's ``id`` becomes ``foilhole_id``."""
        return models.FoilHoleCreateRequest(**foilhole_body(entity))

    @staticmethod
    def micrograph_to_request(entity: MicrographData) -> models.MicrographCreateRequest:
        """The create request for a micrograph, with its manifest flattened in."""
        name = "MicrographData"
        return models.MicrographCreateRequest(
            foilhole_uuid=_parent(
                name, "foilhole_uuid", entity.foilhole_uuid, "micrograph", entity.id
            ),
            **_fields(name, entity, _MICROGRAPH),
        )

    @staticmethod
    def atlas_to_request(entity: AtlasData) -> models.AtlasCreateRequest:
        """The create request for an atlas, tiles inline; EPU's ``id`` becomes ``atlas_id``."""
        name = "AtlasData"
        atlas_uuid = _id(name, "uuid", entity.uuid)
        return models.AtlasCreateRequest(
            uuid=atlas_uuid,
            grid_uuid=_parent(name, "grid_uuid", entity.grid_uuid, "atlas", entity.id),
            name=_text(name, "name", entity.name),
            atlas_id=_text(name, "id", entity.id),
            acquisition_date=_moment(name, "acquisition_date", entity.acquisition_date),
            storage_folder=_text(name, "storage_folder", entity.storage_folder),
            description=_optional_text(name, "description", entity.description),
            tiles=[
                _tile_request(tile, atlas_uuid, name, f"tiles[{index}].")
                for index, tile in enumerate(entity.tiles)
            ],
        )

    @staticmethod
    def atlas_tile_to_request(entity: AtlasTileData) -> models.AtlasTileCreateRequest:
        """The create request for one tile of a registered atlas."""
        name = "AtlasTileData"
        atlas_uuid = _parent(name, "atlas_uuid", entity.atlas_uuid, "tile", entity.id)
        return _tile_request(entity, atlas_uuid, name, "")

    @staticmethod
    def gridsquare_position_to_request(
        entity: AtlasTileGridSquarePositionData,
    ) -> models.GridSquarePositionRequest:
        """The body linking a grid square to a tile; the tile's uuid goes in the path."""
        name = "AtlasTileGridSquarePositionData"
        _parent(name, "tile_uuid", entity.tile_uuid, "link at", entity.position)
        center_x, center_y = entity.position
        width, height = entity.size
        return models.GridSquarePositionRequest(
            center_x=_whole(name, "position[0]", center_x),
            center_y=_whole(name, "position[1]", center_y),
            size_width=_whole(name, "size[0]", width),
            size_height=_whole(name, "size[1]", height),
            gridsquare_uuid=_parent(
                name, "gridsquare_uuid", entity.gridsquare_uuid, "link at", entity.position
            ),
        )


def foilholes_to_requests(
    foilholes: Iterable[FoilHoleData], allow_on_grid_bar: bool = False
) -> tuple[list[models.FoilHoleCreateRequest], list[FoilHoleData]]:
    """Requests for the foil holes not near a grid bar (unless allowed), and those holes.

    Both are in input order; the first hole that cannot be converted raises ConversionError.
    """
    bodies, kept = foilhole_bodies(foilholes, allow_on_grid_bar)
    return [models.FoilHoleCreateRequest(**body) for body in bodies], kept


def foilhole_bodies(
    foilholes: Iterable[FoilHoleData], allow_on_grid_bar: bool = False
) -> tuple[list[dict[str, Any]], list[FoilHoleData]]:
    """:func:`foilholes_to_requests` as JSON bodies (no request models kept alive)."""
    kept: list[FoilHoleData] = []
    converted: list[dict[str, Any]] = []
    uuids: set[str] = set()
    keys: set[tuple[str | None, str]] = set()
    name = "FoilHoleData"
    for hole in foilholes:
        if hole.is_near_grid_bar and not allow_on_grid_bar:
            continue
        converted.append(foilhole_body(hole))
        key = (hole.gridsquare_uuid, hole.id)
        if hole.uuid in uuids:
            raise ConversionError(name, "uuid", f"{hole.uuid!r} appears twice in the batch")
        if key in keys:
            raise ConversionError(name, "id", f"foil hole {hole.id!r} appears twice in the batch")
        uuids.add(hole.uuid)
        keys.add(key)
        kept.append(hole)
    return converted, kept


def foilhole_body(entity: FoilHoleData) -> dict[str, Any]:
    """The JSON body of ``foilhole_to_request(entity)``: its ``to_dict()``, key for key."""
    # Each optional field written out: a loop over them costs more than the rest together.
    name = "FoilHoleData"
    if entity.gridsquare_id is None:
        raise ConversionError(
            name,
            "gridsquare_id",
            f"not set for foil hole {entity.id!r}; the request needs the square's EPU id",
        )
    body: dict[str, Any] = {
        "uuid": _id(name, "uuid", entity.uuid),
        "foilhole_id": _text(name, "id", entity.id),
        "gridsquare_id": _text(name, "gridsquare_id", entity.gridsquare_id),
        "gridsquare_uuid": _parent(
            name, "gridsquare_uuid", entity.gridsquare_uuid, "foil hole", entity.id
        ),
    }
    if (v := entity.center_x) is not None:
        body["center_x"] = v if isfinite(v) else _unfit(name, "center_x", v)
    if (v := entity.center_y) is not None:
        body["center_y"] = v if isfinite(v) else _unfit(name, "center_y", v)
    if (v := entity.quality) is not None:
        body["quality"] = v if isfinite(v) else _unfit(name, "quality", v)
    if (v := entity.rotation) is not None:
        body["rotation"] = v if isfinite(v) else _unfit(name, "rotation", v)
    if (v := entity.size_width) is not None:
        body["size_width"] = v if isfinite(v) else _unfit(name, "size_width", v)
    if (v := entity.size_height) is not None:
        body["size_height"] = v if isfinite(v) else _unfit(name, "size_height", v)
    if (v := entity.x_location) is not None:
        body["x_location"] = _whole(name, "x_location", v)
    if (v := entity.y_location) is not None:
        body["y_location"] = _whole(name, "y_location", v)
    if (v := entity.x_stage_position) is not None:
        body["x_stage_position"] = v if isfinite(v) else _unfit(name, "x_stage_position", v)
    if (v := entity.y_stage_position) is not None:
        body["y_stage_position"] = v if isfinite(v) else _unfit(name, "y_stage_position", v)
    if (v := entity.diameter) is not None:
        body["diameter"] = _whole(name, "diameter", v)
    body["is_near_grid_bar"] = entity.is_near_grid_bar
    return body


def misplaced(
    entity: str, field: str, child: str, child_id: str, parent: str, found: object, expected: str
) -> ConversionError:
    """The error for an entity that names another parent than the call it was passed to."""
    return ConversionError(
        entity, field, f"{child} {child_id!r} belongs to {parent} {found!r}, not {expected!r}"
    )


def _fields(entity_name: str, entity: Any, table: _Table) -> dict[str, Any]:
    """A request's fields, by rows of (key, attribute path read, check converting it)."""
    fields = {}
    for key, path, check in table:
        value = entity
        for part in path.split("."):
            value = None if value is None else getattr(value, part)
        fields[key] = check(entity_name, path, value)
    return fields


def _tile_request(
    tile: AtlasTileData, atlas_uuid: str, entity: str, prefix: str
) -> models.AtlasTileCreateRequest:
    position = tile.tile_position.position
    size = tile.tile_position.size
    at = f"{prefix}tile_position."
    return models.AtlasTileCreateRequest(
        uuid=_id(entity, f"{prefix}uuid", tile.uuid),
        atlas_uuid=atlas_uuid,
        tile_id=_text(entity, f"{prefix}id", tile.id),
        position_x=UNSET if position is None else _whole(entity, f"{at}position[0]", position[0]),
        position_y=UNSET if position is None else _whole(entity, f"{at}position[1]", position[1]),
        size_x=UNSET if size is None else _whole(entity, f"{at}size[0]", size[0]),
        size_y=UNSET if size is None else _whole(entity, f"{at}size[1]", size[1]),
        file_format=_optional_text(entity, f"{prefix}file_format", tile.file_format),
        base_filename=_optional_text(entity, f"{prefix}base_filename", tile.base_filename),
    )


# The checks below run for every field of every entity: each tests the common, good case
# inline and asks _limits why only when it fails.


def _whole(entity: str, field: str, value: int) -> int:
    if INT4_MIN <= value <= INT4_MAX:
        return value
    raise ConversionError(entity, field, str(integer_problem(value)))


def _unfit(entity: str, field: str, value: float) -> NoReturn:
    raise ConversionError(entity, field, str(real_problem(value)))


def _id(entity: str, field: str, value: str) -> str:
    if not is_identifier(value):
        raise ConversionError(entity, field, str(identifier_problem(value)))
    # A segment holds no NUL and ASCII always encodes: only other text needs _text.
    return value if value.isascii() else _text(entity, field, value)


_good_parent: list[str | None] = [None]
"""The last parent uuid _parent passed: children come grouped by parent, so most repeat it."""


def _parent(entity: str, field: str, value: str | None, child: str, child_id: object) -> str:
    # The child is named only on failure: formatting it costs more than a foil hole's rest.
    if value is None:
        raise ConversionError(
            entity,
            field,
            f"not set for {child} {child_id!r}; register the parent and set its uuid first",
        )
    if value != _good_parent[0]:
        _good_parent[0] = _id(entity, field, value)
    return value


def _text(entity: str, field: str, value: str) -> str:
    if "\x00" in value:
        raise ConversionError(entity, field, str(text_problem(value)))
    if value.isascii():  # ASCII always encodes; only other text can hold lone surrogates
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ConversionError(entity, field, f"cannot be encoded as UTF-8: {value!r}") from None
    return value


def _path(entity: str, field: str, value: Path) -> str:
    return _text(entity, field, str(value))


def backend_time(value: datetime) -> datetime:
    """The time as the backend stores it: an aware time in UTC without offset; naive as is."""
    return value if value.utcoffset() is None else value.astimezone(UTC).replace(tzinfo=None)


def backend_time_text(value: datetime | str) -> str:
    """A time as requests carry it: naive ISO 8601 in UTC; ValueError for other text."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return backend_time(moment).isoformat()


def _moment(entity: str, field: str, value: datetime) -> str:
    if not isinstance(value, datetime):
        raise ConversionError(
            entity, field, f"expected a datetime, got {type(value).__name__}: {value!r}"
        )
    return backend_time_text(value)


def _maybe(check: Callable[[str, str, Any], T]) -> Callable[[str, str, Any], T | Unset]:
    """``check`` for an optional value: an absent one is left out of the request."""

    def optional(entity: str, field: str, value: Any) -> T | Unset:
        return UNSET if value is None else check(entity, field, value)

    return optional


_int, _as_is = _maybe(_whole), _maybe(lambda _e, _f, value: value)
_real = _maybe(lambda entity, field, v: v if isfinite(v) else _unfit(entity, field, v))
_optional_text, _optional_path, _optional_moment = _maybe(_text), _maybe(_path), _maybe(_moment)


_Table = tuple[tuple[str, str, Callable[[str, str, Any], Any]], ...]
_ACQUISITION: _Table = (
    ("uuid", "uuid", _id),
    ("name", "name", _text),
    ("start_time", "start_time", _optional_moment),
    ("storage_path", "storage_path", _optional_text),
    ("atlas_path", "atlas_path", _optional_text),
    ("clustering_mode", "clustering_mode", _optional_text),
    ("clustering_radius", "clustering_radius", _optional_text),
    ("instrument_model", "instrument.instrument_model", _optional_text),
    ("instrument_id", "instrument.instrument_id", _optional_text),
    ("computer_name", "instrument.computer_name", _optional_text),
)
_GRIDSQUARE: _Table = (
    ("uuid", "uuid", _id),
    ("gridsquare_id", "gridsquare_id", _text),
    ("data_dir", "data_dir", _optional_path),
    ("center_x", "center_x", _int),
    ("center_y", "center_y", _int),
    ("size_width", "size_width", _int),
    ("size_height", "size_height", _int),
    ("atlas_node_id", "metadata.atlas_node_id", _int),
    ("state", "metadata.state", _optional_text),
    ("rotation", "metadata.rotation", _real),
    ("image_path", "metadata.image_path", _optional_path),
    ("selected", "metadata.selected", _as_is),
    ("unusable", "metadata.unusable", _as_is),
    ("stage_position_x", "metadata.stage_position.x", _real),
    ("stage_position_y", "metadata.stage_position.y", _real),
    ("stage_position_z", "metadata.stage_position.z", _real),
    ("acquisition_datetime", "manifest.acquisition_datetime", _optional_moment),
    ("defocus", "manifest.defocus", _real),
    ("magnification", "manifest.magnification", _real),
    ("pixel_size", "manifest.pixel_size", _real),
    ("detector_name", "manifest.detector_name", _optional_text),
    ("applied_defocus", "manifest.applied_defocus", _real),
)
_MICROGRAPH: _Table = (
    ("uuid", "uuid", _id),
    ("foilhole_id", "foilhole_id", _text),
    ("location_id", "location_id", _text),
    ("high_res_path", "high_res_path", _path),
    ("manifest_file", "manifest_file", _path),
    ("acquisition_datetime", "manifest.acquisition_datetime", _moment),
    ("defocus", "manifest.defocus", _real),
    ("detector_name", "manifest.detector_name", _text),
    ("energy_filter", "manifest.energy_filter", _as_is),
    ("phase_plate", "manifest.phase_plate", _as_is),
    ("image_size_x", "manifest.image_size_x", _int),
    ("image_size_y", "manifest.image_size_y", _int),
    ("binning_x", "manifest.binning_x", _int),
    ("binning_y", "manifest.binning_y", _int),
)
