"""The entity kinds the fake stores: their columns, parents and how they are answered."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class EntityKind:
    """One table of the backend as the fake keeps it."""

    name: str
    label: str
    """How the backend names it in 404 details ("Grid Square not found")."""
    response_fields: tuple[str, ...]
    parent_kind: str | None = None
    parent_field: str | None = None
    key_fields: tuple[str, ...] = ("uuid",)
    foreign_keys: tuple[tuple[str, str], ...] = ()
    """(column, kind it points at); the parent's column comes first."""
    extra_columns: tuple[str, ...] = ()
    datetime_fields: frozenset[str] = frozenset()
    column_defaults: Mapping[str, Any] = field(default_factory=dict)

    columns: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        columns = tuple(dict.fromkeys((*self.response_fields, *self.extra_columns)))
        object.__setattr__(self, "columns", columns)

    def key(self, record: Mapping[str, Any]) -> str | None:
        """The primary key as one string, or None when part of it is missing."""
        parts = [record.get(name) for name in self.key_fields]
        if any(not isinstance(part, str) for part in parts):
            return None
        return "\x1f".join(str(part) for part in parts)

    @property
    def not_found(self) -> str:
        return f"{self.label} not found"

    def new_record(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """A stored row: every column, the request's values, the table's defaults for nulls."""
        record = {column: values.get(column) for column in self.columns}
        for column, default in self.column_defaults.items():
            if record[column] is None:
                record[column] = default
        if self.datetime_fields:
            normalise_datetimes(self, record)
        return record

    def response(self, record: Mapping[str, Any]) -> dict[str, Any]:
        return {name: record.get(name) for name in self.response_fields}


def normalise_datetimes(kind: EntityKind, record: dict[str, Any]) -> dict[str, Any]:
    """Datetimes come back as `datetime.isoformat()` text, as pydantic serialises them."""
    for name in kind.datetime_fields:
        value = record.get(name)
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                record[name] = datetime.fromisoformat(value).isoformat()
    return record


ACQUISITION = EntityKind(
    name="acquisition",
    label="Acquisition",
    response_fields=(
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
    ),
    extra_columns=("id",),
    datetime_fields=frozenset({"start_time", "end_time", "paused_time"}),
    column_defaults={"name": "Unknown", "status": "planned"},
)

GRID = EntityKind(
    name="grid",
    label="Grid",
    response_fields=(
        "uuid",
        "acquisition_uuid",
        "status",
        "name",
        "data_dir",
        "atlas_dir",
        "scan_start_time",
        "scan_end_time",
    ),
    parent_kind="acquisition",
    parent_field="acquisition_uuid",
    foreign_keys=(("acquisition_uuid", "acquisition"),),
    datetime_fields=frozenset({"scan_start_time", "scan_end_time"}),
    column_defaults={"status": "none"},
)

ATLAS = EntityKind(
    name="atlas",
    label="Atlas",
    response_fields=(
        "uuid",
        "grid_uuid",
        "atlas_id",
        "acquisition_date",
        "storage_folder",
        "description",
        "name",
    ),
    parent_kind="grid",
    parent_field="grid_uuid",
    foreign_keys=(("grid_uuid", "grid"),),
    datetime_fields=frozenset({"acquisition_date"}),
    column_defaults={"atlas_id": "", "name": ""},
)

ATLAS_TILE = EntityKind(
    name="atlas_tile",
    label="Atlas tile",
    response_fields=(
        "uuid",
        "atlas_uuid",
        "tile_id",
        "position_x",
        "position_y",
        "size_x",
        "size_y",
        "file_format",
        "base_filename",
    ),
    parent_kind="atlas",
    parent_field="atlas_uuid",
    foreign_keys=(("atlas_uuid", "atlas"),),
    column_defaults={"tile_id": ""},
)

GRIDSQUARE = EntityKind(
    name="gridsquare",
    label="Grid Square",
    response_fields=(
        "uuid",
        "gridsquare_id",
        "grid_uuid",
        "status",
        "data_dir",
        "atlas_node_id",
        "state",
        "rotation",
        "image_path",
        "selected",
        "unusable",
        "stage_position_x",
        "stage_position_y",
        "stage_position_z",
        "center_x",
        "center_y",
        "physical_x",
        "physical_y",
        "size_width",
        "size_height",
        "acquisition_datetime",
        "defocus",
        "magnification",
        "pixel_size",
        "detector_name",
        "applied_defocus",
    ),
    parent_kind="grid",
    parent_field="grid_uuid",
    foreign_keys=(("grid_uuid", "grid"),),
    datetime_fields=frozenset({"acquisition_datetime"}),
    column_defaults={"gridsquare_id": "", "status": "none"},
)

FOILHOLE = EntityKind(
    name="foilhole",
    label="Foil Hole",
    response_fields=(
        "uuid",
        "gridsquare_id",
        "foilhole_id",
        "status",
        "center_x",
        "center_y",
        "quality",
        "rotation",
        "size_width",
        "size_height",
        "x_location",
        "y_location",
        "x_stage_position",
        "y_stage_position",
        "diameter",
        "is_near_grid_bar",
    ),
    parent_kind="gridsquare",
    parent_field="gridsquare_uuid",
    foreign_keys=(("gridsquare_uuid", "gridsquare"),),
    extra_columns=("gridsquare_uuid",),
    column_defaults={"foilhole_id": "", "status": "none", "is_near_grid_bar": False},
)

MICROGRAPH = EntityKind(
    name="micrograph",
    label="Micrograph",
    response_fields=(
        "uuid",
        "foilhole_uuid",
        "foilhole_id",
        "micrograph_id",
        "location_id",
        "status",
        "high_res_path",
        "manifest_file",
        "acquisition_datetime",
        "defocus",
        "detector_name",
        "energy_filter",
        "phase_plate",
        "image_size_x",
        "image_size_y",
        "binning_x",
        "binning_y",
        "total_motion",
        "average_motion",
        "ctf_max_resolution_estimate",
        "number_of_particles_selected",
        "number_of_particles_rejected",
        "selection_distribution",
        "number_of_particles_picked",
        "pick_distribution",
    ),
    parent_kind="foilhole",
    parent_field="foilhole_uuid",
    foreign_keys=(("foilhole_uuid", "foilhole"),),
    extra_columns=("motion_corrected_image_path", "motion_corrected_snapshot_path"),
    datetime_fields=frozenset({"acquisition_datetime"}),
    column_defaults={"micrograph_id": "", "foilhole_id": "", "status": "none"},
)

TILE_LINK = EntityKind(
    name="tile_link",
    label="Atlas tile grid square position",
    response_fields=(
        "atlastile_uuid",
        "gridsquare_uuid",
        "center_x",
        "center_y",
        "size_width",
        "size_height",
    ),
    parent_kind="atlas_tile",
    parent_field="atlastile_uuid",
    key_fields=("atlastile_uuid", "gridsquare_uuid"),
    foreign_keys=(("atlastile_uuid", "atlas_tile"), ("gridsquare_uuid", "gridsquare")),
)

KINDS: dict[str, EntityKind] = {
    kind.name: kind
    for kind in (ACQUISITION, GRID, ATLAS, ATLAS_TILE, GRIDSQUARE, FOILHOLE, MICROGRAPH, TILE_LINK)
}
ENTITY_KINDS: tuple[str, ...] = tuple(KINDS)

# Deleting a row deletes the rows that point at it (the backend's cascades).
CHILDREN: dict[str, tuple[tuple[str, str], ...]] = {
    target: tuple(
        (kind.name, column)
        for kind in KINDS.values()
        for column, points_at in kind.foreign_keys
        if points_at == target
    )
    for target in KINDS
}
