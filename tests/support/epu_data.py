"""Realistic EPU data for the client tests: a session's grid, atlas, squares, holes, micrographs.

Values look like what an agent parses from an EPU session directory on a Krios. Every
builder makes fresh uuids, so tests sharing one backend never collide.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import PurePosixPath

from smartem_ext.epu import (
    AcquisitionData,
    AtlasData,
    AtlasTileData,
    AtlasTileGridSquarePositionData,
    AtlasTilePosition,
    FoilHoleData,
    GridData,
    GridSquareData,
    GridSquareManifest,
    GridSquareMetadata,
    GridSquareStagePosition,
    MicrographData,
    MicrographManifest,
    MicroscopeData,
)

SESSION_START = datetime(2024, 5, 1, 9, 30, 12, tzinfo=UTC)
VISIT = PurePosixPath("/dls/m06/data/2024/bi23047-106")


def new_uuid() -> str:
    return str(uuid.uuid4())


def acquisition(name: str = "bi23047-106") -> AcquisitionData:
    """One EPU session on a Titan Krios."""
    return AcquisitionData(
        id=f"EPU-{uuid.uuid4().hex[:12]}",
        name=name,
        start_time=SESSION_START,
        storage_path=str(VISIT),
        atlas_path=str(VISIT / "atlas" / "Supervisor_20240501_093012_Atlas" / "Atlas.dm"),
        clustering_mode="Clustering",
        clustering_radius="6",
        instrument=MicroscopeData(
            instrument_model="TITAN KRIOS G4", instrument_id="3593", computer_name="m06-epu"
        ),
    )


def grid(session: AcquisitionData, sample: str = "Sample1") -> GridData:
    """A grid of ``session``; its data folder is unique per call."""
    folder = f"Supervisor_20240501_{uuid.uuid4().hex[:6]}_{sample}"
    return GridData(
        data_dir=VISIT / "raw" / folder / "Images-Disc1",
        atlas_dir=VISIT / "atlas" / folder,
        acquisition_data=session,
    )


def atlas_tile(number: int, atlas_uuid: str | None = None) -> AtlasTileData:
    """Tile ``number`` of a 5x5 atlas mosaic of 4005x4005 px tiles."""
    return AtlasTileData(
        id=f"Tile_{number}",
        tile_position=AtlasTilePosition(
            position=((number % 5) * 4005, (number // 5) * 4005), size=(4005, 4005)
        ),
        file_format="mrc",
        base_filename=f"Tile_{number}.mrc",
        atlas_uuid=atlas_uuid,
    )


def atlas(grid_uuid: str, tiles: int = 2) -> AtlasData:
    """The grid's atlas with ``tiles`` tiles inline."""
    return AtlasData(
        id=f"Atlas_{uuid.uuid4().hex[:6]}",
        acquisition_date=SESSION_START - timedelta(minutes=40),
        storage_folder=str(VISIT / "atlas" / "Supervisor_20240501_085201_Atlas"),
        description="Atlas of grid 1",
        name="Atlas_1",
        tiles=[atlas_tile(number) for number in range(tiles)],
        grid_uuid=grid_uuid,
    )


def gridsquare(grid_uuid: str, gridsquare_id: str) -> GridSquareData:
    """A square with its metadata and manifest, as EPU's GridSquare_*.xml/.dm describe it."""
    number = int(gridsquare_id) if gridsquare_id.isdigit() else 7
    return GridSquareData(
        gridsquare_id=gridsquare_id,
        grid_uuid=grid_uuid,
        data_dir=VISIT / "raw" / "Images-Disc1" / f"GridSquare_{gridsquare_id}",
        metadata=GridSquareMetadata(
            atlas_node_id=number,
            stage_position=GridSquareStagePosition(
                x=-0.000412 + number * 1e-6, y=0.000187, z=-2e-6
            ),
            state="Defined",
            rotation=-0.0524,
            image_path=VISIT / f"GridSquare_{gridsquare_id}" / "GridSquare_20240501_101214.jpg",
            selected=True,
            unusable=False,
        ),
        manifest=GridSquareManifest(
            acquisition_datetime=SESSION_START + timedelta(minutes=number % 600),
            defocus=-3e-06,
            magnification=2250.0,
            pixel_size=3.77e-08,
            detector_name="EF-CCD",
            applied_defocus=-2.8e-06,
        ),
        center_x=1200 + number % 400,
        center_y=2300,
        size_width=52,
        size_height=52,
    )


def foilhole(
    gridsquare_uuid: str,
    gridsquare_id: str,
    foilhole_id: str,
    near_grid_bar: bool = False,
) -> FoilHoleData:
    """A foil hole as listed in its square's metadata."""
    offset = int(foilhole_id) % 997 if foilhole_id.isdigit() else 3
    return FoilHoleData(
        id=foilhole_id,
        gridsquare_id=gridsquare_id,
        gridsquare_uuid=gridsquare_uuid,
        center_x=812.5 + offset,
        center_y=1034.25,
        quality=0.83,
        rotation=0.0,
        size_width=74.0,
        size_height=74.0,
        x_location=812 + offset,
        y_location=1034,
        x_stage_position=-0.000401,
        y_stage_position=0.000192,
        diameter=74,
        is_near_grid_bar=near_grid_bar,
    )


def micrograph(
    foilhole_uuid: str, gridsquare_id: str, foilhole_id: str, number: int
) -> MicrographData:
    """One exposure in a foil hole, with its manifest."""
    name = f"FoilHole_{foilhole_id}_Data_{gridsquare_id}_{number}_20240501_103344"
    folder = VISIT / "raw" / "Images-Disc1" / f"GridSquare_{gridsquare_id}" / "Data"
    return MicrographData(
        id=f"{foilhole_id}-{number}",
        gridsquare_id=gridsquare_id,
        foilhole_uuid=foilhole_uuid,
        foilhole_id=foilhole_id,
        location_id=str(number),
        high_res_path=folder / f"{name}_fractions.tiff",
        manifest_file=folder / f"{name}.xml",
        manifest=MicrographManifest(
            unique_id=f"{name}-uid",
            acquisition_datetime=SESSION_START + timedelta(hours=1, seconds=number),
            defocus=-1.6e-06,
            detector_name="BM-Falcon",
            energy_filter=True,
            phase_plate=False,
            image_size_x=4096,
            image_size_y=4096,
            binning_x=1,
            binning_y=1,
        ),
    )


def placement(tile_uuid: str, gridsquare_uuid: str, number: int) -> AtlasTileGridSquarePositionData:
    """Where a square appears on an atlas tile."""
    return AtlasTileGridSquarePositionData(
        tile_uuid=tile_uuid,
        gridsquare_uuid=gridsquare_uuid,
        position=(100 + 37 * number, 220 + 11 * number),
        size=(52, 52),
    )
