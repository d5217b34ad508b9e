"""The agent's flow through smartem_ext (SmartEMAPIClient, AsyncSmartEMAPIClient) against
the real SmartEM backend: registration, read-back, recovered duplicate creates, errors.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

import httpx
import pytest

from smartem_api.models import (
    AcquisitionResponse,
    AtlasTileResponse,
    FoilHoleResponse,
    GridResponse,
    GridSquareResponse,
    MicrographResponse,
)
from smartem_ext import (
    AcquisitionData,
    AsyncSmartEMAPIClient,
    AtlasData,
    AtlasTileData,
    AtlasTileGridSquarePositionData,
    AtlasTilePosition,
    AuthError,
    BearerToken,
    FoilHoleData,
    GridData,
    GridSquareData,
    GridSquareManifest,
    GridSquareMetadata,
    GridSquareStagePosition,
    IdCache,
    KeycloakAuth,
    MicrographData,
    MicrographManifest,
    MicroscopeData,
    NotFound,
    PartialFailure,
    RetryPolicy,
    ServerError,
    SmartEMAPIClient,
    SmartEMError,
    SSEAgentClient,
    TransportError,
)
from smartem_ext.errors import LinkParentsNotFound
from tests.faults.gate import Gate
from tests.support.real_backend import RealBackend

pytestmark = pytest.mark.real_backend

TIMEOUT = 30.0


def _uuid() -> str:
    return str(uuid.uuid4())


def _auth(backend: RealBackend) -> KeycloakAuth:
    return KeycloakAuth(backend.issuer.url, backend.realm, backend.client_id, backend.client_secret)


@pytest.fixture
def client(real_backend: RealBackend) -> Iterator[SmartEMAPIClient]:
    with SmartEMAPIClient(real_backend.url, TIMEOUT, auth=_auth(real_backend)) as api:
        yield api


def _count(backend: RealBackend, table: str, uuids: Sequence[str]) -> int:
    listed = ", ".join(f"'{value}'" for value in uuids)
    [[count]] = backend.sql(f"select count(*) from {table} where uuid in ({listed})")
    return int(count)


# ---------------------------------------------------------------------------- EPU data


def _acquisition() -> AcquisitionData:
    session = _uuid()[:8]
    return AcquisitionData(
        id=f"EPU-{session}",
        name=f"Session {session}",
        start_time=datetime(2025, 3, 4, 5, 6, 7),
        atlas_path=f"/data/{session}/atlas",
        storage_path=f"/data/{session}",
        clustering_mode="Auto",
        clustering_radius="6",
        instrument=MicroscopeData(
            instrument_model="Titan Krios G4", instrument_id="m12", computer_name="EPU-PC-12"
        ),
    )


def _grid(acquisition: AcquisitionData) -> GridData:
    return GridData(
        data_dir=f"{acquisition.storage_path}/Images-Disc1",
        atlas_dir=f"{acquisition.atlas_path}/Sample1",
        acquisition_data=acquisition,
    )


def _tile(number: int, atlas_uuid: str | None = None) -> AtlasTileData:
    return AtlasTileData(
        id=f"Tile_{number}",
        tile_position=AtlasTilePosition(position=(number * 4096, 2048), size=(4096, 4096)),
        file_format="mrc",
        base_filename=f"Atlas_1_Tile_{number}",
        atlas_uuid=atlas_uuid,
    )


def _atlas(grid: GridData, tiles: int) -> AtlasData:
    return AtlasData(
        id="Atlas_1",
        acquisition_date=datetime(2025, 3, 4, 4, 0, 0),
        storage_folder=f"{grid.atlas_dir}",
        description="atlas of grid 1",
        name="Atlas_1",
        tiles=[_tile(number) for number in range(tiles)],
        grid_uuid=grid.uuid,
    )


def _square(grid: GridData, number: int) -> GridSquareData:
    return GridSquareData(
        gridsquare_id=str(1800 + number),
        grid_uuid=grid.uuid,
        data_dir=f"{grid.data_dir}/GridSquare_{1800 + number}",
        metadata=GridSquareMetadata(
            atlas_node_id=40 + number,
            stage_position=GridSquareStagePosition(x=1.25e-4 * number, y=-3.5e-5, z=2.0e-6),
            state="Completed",
            rotation=0.75,
            image_path=f"{grid.data_dir}/GridSquare_{1800 + number}/GridSquare.jpg",
            selected=number % 2 == 0,
            unusable=number == 3,
        ),
        manifest=GridSquareManifest(
            acquisition_datetime=datetime(2025, 3, 4, 6, number, 0),
            defocus=-2.0e-6,
            magnification=2250.0,
            pixel_size=3.7e-9,
            detector_name="EF-CCD",
            applied_defocus=-1.8e-6,
        ),
        center_x=500 + 100 * number,
        center_y=700 - 50 * number,
        size_width=64,
        size_height=60,
    )


def _hole(square: GridSquareData, number: int, near_grid_bar: bool = False) -> FoilHoleData:
    return FoilHoleData(
        id=f"{square.gridsquare_id}{number:03d}",
        gridsquare_id=square.gridsquare_id,
        gridsquare_uuid=square.uuid,
        center_x=100.5 + number,
        center_y=200.25,
        quality=0.5 + number / 100,
        rotation=1.5,
        size_width=30.0,
        size_height=30.5,
        x_location=1000 + number,
        y_location=2000,
        x_stage_position=1.0e-5 * number,
        y_stage_position=-2.0e-5,
        diameter=31,
        is_near_grid_bar=near_grid_bar,
    )


def _micrograph(hole: FoilHoleData, number: int = 1) -> MicrographData:
    name = f"FoilHole_{hole.id}_Data_{number}"
    return MicrographData(
        id=name,
        gridsquare_id=str(hole.gridsquare_id),
        foilhole_uuid=hole.uuid,
        foilhole_id=hole.id,
        location_id=f"loc-{number}",
        high_res_path=f"/data/Images-Disc1/Data/{name}.tiff",
        manifest_file=f"/data/Images-Disc1/Data/{name}.xml",
        manifest=MicrographManifest(
            unique_id=name,
            acquisition_datetime=datetime(2025, 3, 4, 7, 0, number),
            defocus=-1.5e-6,
            detector_name="Falcon 4i",
            energy_filter=True,
            phase_plate=False,
            image_size_x=4096,
            image_size_y=4096,
            binning_x=1,
            binning_y=1,
        ),
    )


# ---------------------------------------------------------------------------- what came back


def _check_acquisition(found: AcquisitionResponse, sent: AcquisitionData) -> None:
    assert sent.instrument is not None
    assert found.uuid == sent.uuid
    assert (found.name, found.start_time) == (sent.name, sent.start_time)
    assert (found.storage_path, found.atlas_path) == (sent.storage_path, sent.atlas_path)
    assert (found.clustering_mode, found.clustering_radius) == (
        sent.clustering_mode,
        sent.clustering_radius,
    )
    assert (found.instrument_model, found.instrument_id, found.computer_name) == (
        sent.instrument.instrument_model,
        sent.instrument.instrument_id,
        sent.instrument.computer_name,
    )


def _check_grid(found: GridResponse, sent: GridData) -> None:
    assert sent.acquisition_data is not None
    assert found.uuid == sent.uuid
    assert found.acquisition_uuid == sent.acquisition_data.uuid
    assert found.name == sent.acquisition_data.name
    assert found.data_dir == str(sent.data_dir)
    assert found.atlas_dir == str(sent.atlas_dir)


def _check_tile(found: AtlasTileResponse, sent: AtlasTileData, atlas_uuid: str) -> None:
    position, size = sent.tile_position.position, sent.tile_position.size
    assert position is not None and size is not None
    assert (found.uuid, found.atlas_uuid, found.tile_id) == (sent.uuid, atlas_uuid, sent.id)
    assert (found.position_x, found.position_y, found.size_x, found.size_y) == (*position, *size)
    assert (found.file_format, found.base_filename) == (sent.file_format, sent.base_filename)


def _check_square(found: GridSquareResponse, sent: GridSquareData) -> None:
    metadata, manifest = sent.metadata, sent.manifest
    assert metadata is not None and manifest is not None and metadata.stage_position is not None
    assert (found.uuid, found.gridsquare_id, found.grid_uuid) == (
        sent.uuid,
        sent.gridsquare_id,
        sent.grid_uuid,
    )
    assert found.data_dir == str(sent.data_dir)
    assert (found.center_x, found.center_y, found.size_width, found.size_height) == (
        sent.center_x,
        sent.center_y,
        sent.size_width,
        sent.size_height,
    )
    assert (found.atlas_node_id, found.state, found.rotation) == (
        metadata.atlas_node_id,
        metadata.state,
        metadata.rotation,
    )
    assert found.image_path == str(metadata.image_path)
    assert (found.selected, found.unusable) == (metadata.selected, metadata.unusable)
    stage = metadata.stage_position
    assert (found.stage_position_x, found.stage_position_y, found.stage_position_z) == (
        stage.x,
        stage.y,
        stage.z,
    )
    assert found.acquisition_datetime == manifest.acquisition_datetime
    assert (found.defocus, found.magnification, found.pixel_size) == (
        manifest.defocus,
        manifest.magnification,
        manifest.pixel_size,
    )
    assert (found.detector_name, found.applied_defocus) == (
        manifest.detector_name,
        manifest.applied_defocus,
    )


def _check_hole(found: FoilHoleResponse, sent: FoilHoleData) -> None:
    for field in (
        "uuid",
        "gridsquare_id",
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
    ):
        assert getattr(found, field) == getattr(sent, field), field
    assert found.foilhole_id == sent.id


def _check_micrograph(found: MicrographResponse, sent: MicrographData) -> None:
    manifest = sent.manifest
    assert (found.uuid, found.foilhole_uuid, found.foilhole_id, found.location_id) == (
        sent.uuid,
        sent.foilhole_uuid,
        sent.foilhole_id,
        sent.location_id,
    )
    assert (found.high_res_path, found.manifest_file) == (
        str(sent.high_res_path),
        str(sent.manifest_file),
    )
    for field in (
        "acquisition_datetime",
        "defocus",
        "detector_name",
        "energy_filter",
        "phase_plate",
        "image_size_x",
        "image_size_y",
        "binning_x",
        "binning_y",
    ):
        assert getattr(found, field) == getattr(manifest, field), field


def _by_uuid(items: Sequence[Any]) -> dict[str, Any]:
    found = {item.uuid: item for item in items}
    assert len(found) == len(items)
    return found


# ---------------------------------------------------------------------------- the flow


def test_agent_flow(real_backend: RealBackend) -> None:
    auth = _auth(real_backend)
    # Small chunks, so that the bulk calls are split over several requests.
    api = SmartEMAPIClient(real_backend.url, TIMEOUT, auth=auth, chunk_size=3)
    with api:
        acquisition = _acquisition()
        _check_acquisition(api.create_acquisition(acquisition), acquisition)
        grid = _grid(acquisition)
        _check_grid(api.create_acquisition_grid(grid), grid)

        atlas = _atlas(grid, tiles=3)
        created_atlas = api.create_grid_atlas(atlas)
        assert (created_atlas.uuid, created_atlas.grid_uuid) == (atlas.uuid, grid.uuid)
        assert (created_atlas.atlas_id, created_atlas.name) == (atlas.id, atlas.name)
        assert created_atlas.storage_folder == atlas.storage_folder
        assert created_atlas.description == atlas.description
        assert created_atlas.acquisition_date == atlas.acquisition_date
        extra = _tile(3, atlas_uuid=atlas.uuid)
        _check_tile(api.create_atlas_tile_for_atlas(extra), extra, atlas.uuid)
        tiles = [*atlas.tiles, extra]

        squares = [_square(grid, number) for number in range(10)]
        created_squares = api.create_grid_gridsquares(grid.uuid, squares)
        assert [s.uuid for s in created_squares] == [s.uuid for s in squares]
        for found, sent in zip(created_squares, squares, strict=True):
            _check_square(found, sent)

        # Squares on all four tiles, tiles interleaved; one square on two tiles, and one
        # tile with more links than fit in one request.
        links = [
            AtlasTileGridSquarePositionData(
                tile_uuid=tiles[number % len(tiles)].uuid,
                gridsquare_uuid=square.uuid,
                position=(300 + number, 400 - number),
                size=(40 + number, 41),
            )
            for number, square in enumerate(squares)
        ]
        links.insert(
            2,
            AtlasTileGridSquarePositionData(
                tile_uuid=tiles[1].uuid,
                gridsquare_uuid=squares[0].uuid,
                position=(4000, 10),
                size=(40, 41),
            ),
        )
        linked = api.link_atlas_tile_and_gridsquares(links)
        assert [
            (r.atlastile_uuid, r.gridsquare_uuid, r.center_x, r.center_y, r.size_width)
            for r in linked
        ] == [(lk.tile_uuid, lk.gridsquare_uuid, *lk.position, lk.size[0]) for lk in links]
        assert [r.size_height for r in linked] == [lk.size[1] for lk in links]
        stored_links = real_backend.sql(
            "select atlastile_uuid, gridsquare_uuid, center_x, center_y, size_width, size_height"
            " from atlastilegridsquareposition where atlastile_uuid in ("
            + ", ".join(f"'{tile.uuid}'" for tile in tiles)
            + ")"
        )
        assert sorted(tuple(row) for row in stored_links) == sorted(
            (str(lk.tile_uuid), str(lk.gridsquare_uuid), *map(str, (*lk.position, *lk.size)))
            for lk in links
        )

        square, other = squares[0], squares[1]
        holes = [_hole(square, number, near_grid_bar=number in (1, 4)) for number in range(7)]
        kept = [hole for hole in holes if not hole.is_near_grid_bar]
        created_holes = api.create_gridsquare_foilholes(square.uuid, holes)
        assert [h.uuid for h in created_holes] == [h.uuid for h in kept]
        for found_hole, sent_hole in zip(created_holes, kept, strict=True):
            _check_hole(found_hole, sent_hole)
        other_holes = [_hole(other, number) for number in range(2)]
        assert [h.uuid for h in api.create_gridsquare_foilholes(other.uuid, other_holes)] == [
            h.uuid for h in other_holes
        ]
        assert _count(real_backend, "foilhole", [h.uuid for h in holes]) == len(kept)

        micrographs = [_micrograph(hole) for hole in kept]
        created_micrographs = api.create_micrographs(micrographs)
        assert [m.uuid for m in created_micrographs] == [m.uuid for m in micrographs]
        single = _micrograph(other_holes[0], number=2)
        _check_micrograph(api.create_foilhole_micrograph(single), single)

        # Read everything back.
        _check_acquisition(api.get_acquisition(acquisition.uuid), acquisition)
        [found_grid] = api.get_acquisition_grids(acquisition.uuid)
        _check_grid(found_grid, grid)
        found_tiles = _by_uuid(api.get_atlas_tiles_by_atlas(atlas.uuid))
        assert set(found_tiles) == {tile.uuid for tile in tiles}
        for tile in tiles:
            _check_tile(found_tiles[tile.uuid], tile, atlas.uuid)
        found_squares = _by_uuid(api.get_grid_gridsquares(grid.uuid))
        assert set(found_squares) == {s.uuid for s in squares}
        for sent_square in squares:
            _check_square(found_squares[sent_square.uuid], sent_square)
        found_holes = _by_uuid(api.get_gridsquare_foilholes(square.uuid))
        assert set(found_holes) == {h.uuid for h in kept}
        for hole in kept:
            _check_hole(found_holes[hole.uuid], hole)
        assert {h.uuid for h in api.get_gridsquare_foilholes(other.uuid)} == {
            h.uuid for h in other_holes
        }
        for micrograph in [*micrographs, single]:
            assert micrograph.foilhole_uuid is not None
            [found_micrograph] = api.get_foilhole_micrographs(micrograph.foilhole_uuid)
            _check_micrograph(found_micrograph, micrograph)

        assert api.stats.recovered_creates == 0

    # The ID cache holds every entity created, under its natural key.
    cache = api.id_cache
    assert acquisition.id is not None
    assert cache.acquisition(acquisition.id) == acquisition.uuid
    assert cache.grid(grid.data_dir) == grid.uuid
    assert cache.atlas(grid.uuid) == atlas.uuid
    for tile in tiles:
        assert cache.atlas_tile(atlas.uuid, tile.id) == tile.uuid
    for sent_square in squares:
        assert cache.gridsquare(grid.uuid, sent_square.gridsquare_id) == sent_square.uuid
    for hole in [*kept, *other_holes]:
        assert cache.foilhole(str(hole.gridsquare_uuid), hole.id) == hole.uuid
    for hole in holes:
        if hole.is_near_grid_bar:
            assert cache.foilhole(square.uuid, hole.id) is None
    for micrograph in [*micrographs, single]:
        assert cache.micrograph(str(micrograph.foilhole_uuid), micrograph.id) == micrograph.uuid
    assert (cache.count("acquisition"), cache.count("grid"), cache.count("atlas")) == (1, 1, 1)
    assert cache.count("atlas_tile") == len(tiles)
    assert cache.count("gridsquare") == len(squares)
    assert cache.count("foilhole") == len(kept) + len(other_holes)
    assert cache.count("micrograph") == len(micrographs) + 1
    # One token served the whole flow.
    assert auth.token_requests == 1


def test_async_agent_flow(real_backend: RealBackend) -> None:
    auth = _auth(real_backend)
    cache = IdCache()
    acquisition = _acquisition()
    grid = _grid(acquisition)
    atlas = _atlas(grid, tiles=2)
    squares = [_square(grid, number) for number in range(4)]
    holes = {
        square.uuid: [_hole(square, number, near_grid_bar=number == 2) for number in range(4)]
        for square in squares[:2]
    }
    kept = {key: [h for h in value if not h.is_near_grid_bar] for key, value in holes.items()}
    micrographs = [_micrograph(hole) for value in kept.values() for hole in value]
    links = [
        AtlasTileGridSquarePositionData(
            tile_uuid=atlas.tiles[number % 2].uuid,
            gridsquare_uuid=square.uuid,
            position=(10 * number, 20),
            size=(30, 30),
        )
        for number, square in enumerate(squares)
    ]

    async def flow() -> None:
        async with AsyncSmartEMAPIClient(
            real_backend.url, TIMEOUT, auth=auth, id_cache=cache, chunk_size=2
        ) as api:
            _check_acquisition(await api.create_acquisition(acquisition), acquisition)
            _check_grid(await api.create_acquisition_grid(grid), grid)
            assert (await api.create_grid_atlas(atlas)).uuid == atlas.uuid
            created = await api.create_grid_gridsquares(grid.uuid, squares)
            assert [s.uuid for s in created] == [s.uuid for s in squares]
            linked = await api.link_atlas_tile_and_gridsquares(links)
            assert [(r.atlastile_uuid, r.gridsquare_uuid, r.center_x) for r in linked] == [
                (lk.tile_uuid, lk.gridsquare_uuid, lk.position[0]) for lk in links
            ]
            created_holes = await api.create_foilholes(holes)
            assert {key: [h.uuid for h in value] for key, value in created_holes.items()} == {
                key: [h.uuid for h in value] for key, value in kept.items()
            }
            created_micrographs = await api.create_micrographs(micrographs)
            assert [m.uuid for m in created_micrographs] == [m.uuid for m in micrographs]

            # A foil-hole list sent again: an unhandled 500 per chunk (three holes kept,
            # chunks of two), each recognised as landed.
            first = squares[0].uuid
            again = await api.create_gridsquare_foilholes(first, holes[first])
            assert [h.uuid for h in again] == [h.uuid for h in kept[first]]
            assert api.stats.recovered_creates == 2

            found_tiles = await api.get_atlas_tiles_by_atlas(atlas.uuid)
            assert {t.uuid for t in found_tiles} == {t.uuid for t in atlas.tiles}
            found_squares = _by_uuid(await api.get_grid_gridsquares(grid.uuid))
            for square in squares:
                _check_square(found_squares[square.uuid], square)
            found_holes = await asyncio.gather(*(api.get_gridsquare_foilholes(key) for key in kept))
            for found, sent in zip(found_holes, kept.values(), strict=True):
                by_uuid = _by_uuid(found)
                assert set(by_uuid) == {h.uuid for h in sent}
                for hole in sent:
                    _check_hole(by_uuid[hole.uuid], hole)
            found_micrographs = await asyncio.gather(
                *(api.get_foilhole_micrographs(str(m.foilhole_uuid)) for m in micrographs)
            )
            for listed, micrograph in zip(found_micrographs, micrographs, strict=True):
                [found_micrograph] = listed
                _check_micrograph(found_micrograph, micrograph)

    asyncio.run(flow())

    assert cache.grid(grid.data_dir) == grid.uuid
    assert cache.count("atlas_tile") == len(atlas.tiles)
    assert cache.count("gridsquare") == len(squares)
    assert cache.count("foilhole") == sum(map(len, kept.values()))
    assert cache.count("micrograph") == len(micrographs)
    hole_uuids = [h.uuid for value in holes.values() for h in value]
    assert _count(real_backend, "foilhole", hole_uuids) == sum(map(len, kept.values()))
    assert auth.token_requests == 1


# ---------------------------------------------------------------------------- duplicates


def _registered_grid(api: SmartEMAPIClient) -> GridData:
    acquisition = _acquisition()
    api.create_acquisition(acquisition)
    grid = _grid(acquisition)
    api.create_acquisition_grid(grid)
    return grid


def test_duplicate_acquisition_create_returns_the_stored_one(
    client: SmartEMAPIClient, real_backend: RealBackend
) -> None:
    acquisition = _acquisition()
    first = client.create_acquisition(acquisition)
    # The backend answers the second create with an unhandled 500 (integrity error).
    second = client.create_acquisition(acquisition)
    assert second.to_dict() == first.to_dict()
    _check_acquisition(second, acquisition)
    assert client.stats.recovered_creates == 1
    assert _count(real_backend, "acquisition", [acquisition.uuid]) == 1
    assert client.id_cache.acquisition(str(acquisition.id)) == acquisition.uuid
    # That 500 also dropped the connection; the next calls still go through.
    grid = _grid(acquisition)
    _check_grid(client.create_acquisition_grid(grid), grid)
    assert [g.uuid for g in client.get_acquisition_grids(acquisition.uuid)] == [grid.uuid]


def test_duplicate_create_is_recognised_with_retries_switched_off(
    real_backend: RealBackend,
) -> None:
    # The 500 for the duplicate drops the keep-alive connection, so the lookup that
    # recognises the stored entity must survive a reset without the retry transport.
    acquisition = _acquisition()
    with SmartEMAPIClient(real_backend.url, auth=_auth(real_backend), retry=None) as api:
        first = api.create_acquisition(acquisition)
        second = api.create_acquisition(acquisition)
        assert second.to_dict() == first.to_dict()
        assert api.stats.recovered_creates == 1
        assert api.stats.retries == 0
    assert _count(real_backend, "acquisition", [acquisition.uuid]) == 1


def test_duplicate_gridsquare_batch_returns_the_stored_ones(
    client: SmartEMAPIClient, real_backend: RealBackend
) -> None:
    grid = _registered_grid(client)
    squares = [_square(grid, number) for number in range(5)]
    first = client.create_grid_gridsquares(grid.uuid, squares)
    # The batch endpoint answers 409 for uuids it holds already.
    second = client.create_grid_gridsquares(grid.uuid, squares)
    assert [s.to_dict() for s in second] == [s.to_dict() for s in first]
    assert [s.uuid for s in second] == [s.uuid for s in squares]
    assert client.stats.recovered_creates == 1
    assert _count(real_backend, "gridsquare", [s.uuid for s in squares]) == len(squares)
    assert client.id_cache.count("gridsquare") == len(squares)


def test_duplicate_foilhole_list_returns_the_stored_ones(
    client: SmartEMAPIClient, real_backend: RealBackend
) -> None:
    grid = _registered_grid(client)
    square = _square(grid, 0)
    client.create_grid_gridsquares(grid.uuid, [square])
    holes = [_hole(square, number, near_grid_bar=number == 1) for number in range(4)]
    first = client.create_gridsquare_foilholes(square.uuid, holes)
    # The foil-hole list create answers an unhandled 500 for uuids it holds already.
    second = client.create_gridsquare_foilholes(square.uuid, holes)
    # The create answer says status "none" but the backend stores no status, so the
    # stored holes read back with status null; everything else is the same.
    assert [h.status for h in second] == [None] * len(first)
    assert [{**h.to_dict(), "status": None} for h in second] == [
        {**h.to_dict(), "status": None} for h in first
    ]
    assert client.stats.recovered_creates == 1
    assert _count(real_backend, "foilhole", [h.uuid for h in holes]) == 3
    # The connection the 500 dropped does not stop the next call.
    assert {h.uuid for h in client.get_gridsquare_foilholes(square.uuid)} == {h.uuid for h in first}


def test_every_single_create_sent_twice_returns_the_stored_entity(
    client: SmartEMAPIClient, real_backend: RealBackend
) -> None:
    grid = _registered_grid(client)
    atlas = _atlas(grid, tiles=1)
    tile = _tile(7, atlas_uuid=atlas.uuid)
    square = _square(grid, 0)
    hole = _hole(square, 0)
    micrograph = _micrograph(hole)
    creates: list[tuple[Callable[[], Any], str, str]] = [
        (lambda: client.create_grid_atlas(atlas), "atlas", atlas.uuid),
        (lambda: client.create_atlas_tile_for_atlas(tile), "atlastile", tile.uuid),
        (lambda: client.create_grid_gridsquare(square), "gridsquare", square.uuid),
        (lambda: client.create_gridsquare_foilholes(square.uuid, [hole]), "foilhole", hole.uuid),
        (lambda: client.create_foilhole_micrograph(micrograph), "micrograph", micrograph.uuid),
    ]
    # The grid exists already: this is its second create.
    assert client.create_acquisition_grid(grid).uuid == grid.uuid
    assert _count(real_backend, "grid", [grid.uuid]) == 1
    for create, table, key in creates:
        create()
        again = create()
        found = again[0] if isinstance(again, list) else again
        assert found.uuid == key, table
        assert _count(real_backend, table, [key]) == 1, table
    assert client.stats.recovered_creates == 1 + len(creates)
    cache = client.id_cache
    assert cache.grid(grid.data_dir) == grid.uuid
    assert cache.atlas(grid.uuid) == atlas.uuid
    assert cache.atlas_tile(atlas.uuid, tile.id) == tile.uuid
    assert cache.gridsquare(grid.uuid, square.gridsquare_id) == square.uuid
    assert cache.foilhole(square.uuid, hole.id) == hole.uuid
    assert cache.micrograph(hole.uuid, micrograph.id) == micrograph.uuid


# ---------------------------------------------------------------------------- errors


def test_get_of_an_unknown_uuid_is_not_found(client: SmartEMAPIClient) -> None:
    for get in (
        client.get_acquisition,
        client.get_grid,
        client.get_atlas,
        client.get_gridsquare,
        client.get_foilhole,
        client.get_micrograph,
    ):
        missing = _uuid()
        with pytest.raises(NotFound) as caught:
            get(missing)
        assert caught.value.status_code == 404
        assert missing in caught.value.path
        assert isinstance(caught.value.detail, str)


def test_invalid_tokens_raise_auth_error(real_backend: RealBackend) -> None:
    for token in ("not-a-jwt", real_backend.issuer.mint_expired(real_backend.client_id)):
        api = SmartEMAPIClient(real_backend.url, TIMEOUT, auth=BearerToken(token))
        with api, pytest.raises(AuthError) as caught:
            api.get_acquisitions()
        assert caught.value.status_code == 401
        assert token not in str(caught.value)

    # A wrong client secret is refused by the token endpoint before the backend is asked.
    wrong = KeycloakAuth(
        real_backend.issuer.url, real_backend.realm, real_backend.client_id, "wrong-secret"
    )
    api = SmartEMAPIClient(real_backend.url, TIMEOUT, auth=wrong)
    with api, pytest.raises(AuthError) as caught:
        api.get_acquisitions()
    assert caught.value.status_code == 401
    assert "invalid_client" in str(caught.value)
    assert "wrong-secret" not in str(caught.value)


def test_missing_parents(client: SmartEMAPIClient, real_backend: RealBackend) -> None:
    # Single creates do not check their parent: the foreign-key violation is an unhandled
    # 500, so the client raises ServerError (not NotFound) once its recovery read has found
    # nothing.
    unregistered = _acquisition()
    orphan = _grid(unregistered)
    with pytest.raises(SmartEMError) as caught:
        client.create_acquisition_grid(orphan)
    assert type(caught.value) is ServerError
    assert caught.value.status_code == 500

    hole = _hole(_square(orphan, 0), 0)
    with pytest.raises(SmartEMError) as caught:
        client.create_foilhole_micrograph(_micrograph(hole))
    assert type(caught.value) is ServerError

    # The grid-square batch does check: 404, reported per chunk in a PartialFailure.
    squares = [_square(orphan, number) for number in range(2)]
    with pytest.raises(PartialFailure) as failed:
        client.create_grid_gridsquares(orphan.uuid, squares)
    assert failed.value.landed == []
    assert failed.value.failed == [s.uuid for s in squares]
    assert [type(error) for error in failed.value.errors] == [NotFound]

    assert client.stats.recovered_creates == 0
    assert _count(real_backend, "grid", [orphan.uuid]) == 0
    # The 500s dropped their connections; the client carries on.
    acquisition = _acquisition()
    _check_acquisition(client.create_acquisition(acquisition), acquisition)


class _Requests:
    """The (method, path) of every request an httpx client sends to the backend."""

    def __init__(self, backend: RealBackend) -> None:
        self.backend = httpx.URL(backend.url)
        self.made: list[tuple[str, str]] = []

    def __call__(self, request: httpx.Request) -> None:
        if request.url.port == self.backend.port:  # not the token endpoint
            self.made.append((request.method, request.url.path))


def _placement(tile: str, square: str, number: int) -> AtlasTileGridSquarePositionData:
    return AtlasTileGridSquarePositionData(
        tile_uuid=tile, gridsquare_uuid=square, position=(300 + number, 400), size=(40, 41)
    )


def test_tile_links_to_a_tile_or_squares_the_backend_lacks_fail_at_once_naming_them(
    client: SmartEMAPIClient, real_backend: RealBackend
) -> None:
    grid = _registered_grid(client)
    atlas = _atlas(grid, tiles=1)
    client.create_grid_atlas(atlas)
    squares = [_square(grid, number) for number in range(6)]
    client.create_grid_gridsquares(grid.uuid, squares)
    tile, stranger, ghost = atlas.tiles[0].uuid, _uuid(), _uuid()
    positions = [_placement(tile, square.uuid, n) for n, square in enumerate(squares)]
    counted = _Requests(real_backend)
    with (
        httpx.Client(
            base_url=real_backend.url, auth=_auth(real_backend), event_hooks={"request": [counted]}
        ) as http,
        SmartEMAPIClient(real_backend.url, httpx_client=http) as api,
    ):
        with pytest.raises(LinkParentsNotFound) as no_square:
            api.link_atlas_tile_and_gridsquares([*positions, _placement(tile, stranger, 9)])
        for_square = list(counted.made)
        counted.made.clear()
        on_ghost = [_placement(ghost, square.uuid, n) for n, square in enumerate(squares)]
        with pytest.raises(NotFound) as no_tile:
            api.link_atlas_tile_and_gridsquares(on_ghost)
        for_tile = list(counted.made)
        links = api.link_atlas_tile_and_gridsquares(positions)

    # The backend answers both lists with a bare 500. One list request, then one round of
    # reads (a read the dropped connection cut off is sent again); no halving.
    assert (no_square.value.tiles, no_square.value.gridsquares) == ([], [stranger])
    assert stranger in str(no_square.value)
    assert [made for made in for_square if made[0] == "POST"] == [
        ("POST", f"/atlas-tiles/{tile}/gridsquares")
    ]
    assert {path for method, path in for_square if method == "GET"} == {
        f"/atlas-tiles/{tile}",
        f"/atlases/{atlas.uuid}",
        f"/grids/{grid.uuid}/gridsquares",
        f"/gridsquares/{stranger}",
    }
    assert isinstance(no_tile.value, LinkParentsNotFound)
    assert (no_tile.value.tiles, no_tile.value.gridsquares) == ([ghost], [])
    assert dict.fromkeys(for_tile) == dict.fromkeys(
        [("POST", f"/atlas-tiles/{ghost}/gridsquares"), ("GET", f"/atlas-tiles/{ghost}")]
    )
    # PostgreSQL holds nothing of the refused lists; the list without the stranger lands.
    assert [link.gridsquare_uuid for link in links] == [square.uuid for square in squares]
    rows = real_backend.sql(
        "select atlastile_uuid, gridsquare_uuid from atlastilegridsquareposition "
        f"where atlastile_uuid in ('{tile}', '{ghost}')"
    )
    assert sorted(map(tuple, rows)) == sorted((tile, square.uuid) for square in squares)


def test_a_create_while_the_backend_is_unreachable_fails_at_once_and_lands_once_later(
    real_backend: RealBackend,
) -> None:
    acquisition = _acquisition()
    auth = _auth(real_backend)
    with SmartEMAPIClient(real_backend.url, TIMEOUT, auth=auth) as direct:
        direct.get_acquisitions()  # the token, so that only the creates are counted below
    policy = RetryPolicy(attempts=2, backoff_factor=0.05)
    with (
        Gate(real_backend.url) as gate,
        SmartEMAPIClient(gate.url, TIMEOUT, auth=auth, retry=policy) as api,
    ):
        with pytest.raises(TransportError) as down:
            api.create_acquisition(acquisition)
        # Refused three times, and no read of what cannot have been stored.
        assert (api.stats.requests, api.stats.retries) == (1, 2)
        assert _count(real_backend, "acquisition", [acquisition.uuid]) == 0
        gate.open()
        _check_acquisition(api.create_acquisition(acquisition), acquisition)
        assert (api.stats.requests, api.stats.recovered_creates) == (2, 0)
        assert gate.accepted == 1
    assert (down.value.method, down.value.reached) == ("POST", False)
    assert "never reached the backend" in str(down.value)
    assert _count(real_backend, "acquisition", [acquisition.uuid]) == 1


# ---------------------------------------------------------------------------- instructions


def test_the_stream_its_ack_and_a_heartbeat_go_through_the_callers_api_client(
    real_backend: RealBackend,
) -> None:
    with SmartEMAPIClient(real_backend.url, TIMEOUT, auth=_auth(real_backend)) as api:
        acquisition = _acquisition()
        api.create_acquisition(acquisition)
        session = api.create_debug_session(acquisition.uuid, "stream over the caller's client")
        session_id, agent_id = session["session_id"], session["agent_id"]
        queued = api.create_debug_instruction(session_id, "pause", {"reason": "test"})
        before = api.stats.requests
        beats: list[Any] = []
        with SSEAgentClient(
            real_backend.url, agent_id, session_id, api=api, auto_ack="outcome"
        ) as listener:

            def on_instruction(data: dict[str, Any]) -> None:
                beats.append(listener.send_heartbeat())
                listener.stop()  # the outcome is acknowledged before the stream closes

            listener.stream_instructions(on_instruction)
        assert listener.get_stats()["instructions_acknowledged"] == 1
        # The stream, the heartbeat and the acknowledgement, on the caller's client, which
        # is still open after the listener closed.
        assert api.stats.requests - before == 3
        assert api.get_status()["status"] is not None

    assert beats and beats[0]["connection_id"] == listener.get_stats()["connection_id"]
    rows = real_backend.sql(
        "select i.status, a.status from agentinstruction i "
        "join agentinstructionacknowledgement a using (instruction_id) "
        f"where i.instruction_id = '{queued['instruction_id']}'"
    )
    assert rows == [["acknowledged", "processed"]]
