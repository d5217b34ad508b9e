"""AsyncSmartEMAPIClient is the twin of SmartEMAPIClient: same methods, same answers, awaitable."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

import attrs
import pytest

from smartem_api.models import (
    AcquisitionResponse,
    AtlasResponse,
    AtlasTileResponse,
    FoilHoleResponse,
    GridResponse,
    GridSquareResponse,
    MicrographResponse,
)
from smartem_ext import (
    AnswerLimits,
    AsyncSmartEMAPIClient,
    BearerToken,
    DeadlineExceeded,
    InvalidResponse,
    NotFound,
    RetryPolicy,
    ServerError,
    SmartEMAPIClient,
    TransportError,
)
from smartem_ext.errors import LinkParentsNotFound
from smartem_ext.testing import FakeSmartEMBackend
from tests.faults.gate import connects_time_out
from tests.support import epu_data as epu
from tests.support.stub_servers import canned_server, closed_port, silent_server

WAIT = 10.0
NO_BACKOFF = RetryPolicy(backoff_factor=0.0)
T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(asyncio.wait_for(coroutine, WAIT * 3))


def public_methods(cls: type) -> dict[str, Callable[..., Any]]:
    return {
        name: member
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    }


ASYNC_METHODS = public_methods(AsyncSmartEMAPIClient)
SYNC_METHODS = public_methods(SmartEMAPIClient)


@pytest.fixture(scope="module")
def backend() -> Iterator[FakeSmartEMBackend]:
    with FakeSmartEMBackend(ping_interval=None) as started:
        yield started


# ---- the two clients mirror each other --------------------------------------------------------


def test_both_clients_have_the_same_public_methods() -> None:
    assert set(ASYNC_METHODS) == set(SYNC_METHODS)
    assert len(ASYNC_METHODS) > 40


@pytest.mark.parametrize("name", sorted(ASYNC_METHODS))
def test_every_coroutine_method_has_a_sync_twin_with_the_same_parameters(name: str) -> None:
    twin, method = SYNC_METHODS.get(name), ASYNC_METHODS[name]
    assert inspect.iscoroutinefunction(method), f"{name} is not a coroutine function"
    assert twin is not None, f"SmartEMAPIClient has no {name}"
    assert not inspect.iscoroutinefunction(twin)
    ours, theirs = inspect.signature(method), inspect.signature(twin)
    assert list(ours.parameters.values()) == list(theirs.parameters.values())
    assert ours.return_annotation == theirs.return_annotation


def test_constructors_differ_only_in_the_async_concurrency_bound() -> None:
    ours = dict(inspect.signature(AsyncSmartEMAPIClient.__init__).parameters)
    theirs = dict(inspect.signature(SmartEMAPIClient.__init__).parameters)
    assert ours.pop("max_concurrency").default == 8
    assert list(ours) == list(theirs)
    for name, parameter in ours.items():
        assert (parameter.kind, parameter.default) == (theirs[name].kind, theirs[name].default)
    assert "AsyncClient" in str(ours["httpx_client"].annotation)


def test_context_managers_match_their_flavour() -> None:
    assert inspect.iscoroutinefunction(AsyncSmartEMAPIClient.__aenter__)
    assert inspect.iscoroutinefunction(AsyncSmartEMAPIClient.__aexit__)
    assert not hasattr(AsyncSmartEMAPIClient, "__enter__")
    assert hasattr(SmartEMAPIClient, "__enter__")
    assert not hasattr(SmartEMAPIClient, "__aenter__")


# ---- a registration flow over real HTTP -------------------------------------------------------


def test_a_session_registers_end_to_end_with_the_async_client(
    backend: FakeSmartEMBackend,
) -> None:
    session = epu.acquisition()
    grid = epu.grid(session)
    atlas = epu.atlas(grid.uuid, tiles=2)
    squares = [epu.gridsquare(grid.uuid, str(n)) for n in (11, 12, 13)]
    holes = [epu.foilhole(squares[1].uuid, "12", str(1847020 + n)) for n in range(5)]

    async def register() -> dict[str, Any]:
        async with AsyncSmartEMAPIClient(
            backend.url, timeout=WAIT, retry=NO_BACKOFF, chunk_size=2
        ) as api:
            answers: dict[str, Any] = {
                "acquisition": await api.create_acquisition(session),
                "grid": await api.create_acquisition_grid(grid),
                "atlas": await api.create_grid_atlas(atlas),
                "tiles": await api.get_atlas_tiles_by_atlas(atlas.uuid),
                "squares": await api.create_grid_gridsquares(grid.uuid, squares),
            }
            positions = [
                epu.placement(atlas.tiles[n % 2].uuid, square.uuid, n)
                for n, square in enumerate(squares)
            ]
            answers["links"] = await api.link_atlas_tile_and_gridsquares(positions)
            answers["holes"] = await api.create_gridsquare_foilholes(squares[1].uuid, holes)
            shot = epu.micrograph(holes[0].uuid, "12", holes[0].id, 1)
            answers["micrograph"] = await api.create_foilhole_micrograph(shot)
            answers["registered"] = await api.gridsquare_registered(squares[1].uuid, len(holes))
            moved = attrs.evolve(squares[0], center_x=1999)
            answers["updated"] = await api.update_gridsquare(moved)
            answers["listed"] = await api.get_grid_gridsquares(grid.uuid)
            answers["health"] = await api.get_health()
            answers["cache"] = api.id_cache
            answers["shot"] = shot
            return answers

    answers = run(register())

    assert isinstance(answers["acquisition"], AcquisitionResponse)
    assert isinstance(answers["grid"], GridResponse)
    assert isinstance(answers["atlas"], AtlasResponse)
    assert [tile.uuid for tile in answers["tiles"]] == [tile.uuid for tile in atlas.tiles]
    assert all(isinstance(tile, AtlasTileResponse) for tile in answers["tiles"])
    assert [s.uuid for s in answers["squares"]] == [s.uuid for s in squares]
    assert all(isinstance(s, GridSquareResponse) for s in answers["squares"])
    assert [link.gridsquare_uuid for link in answers["links"]] == [s.uuid for s in squares]
    assert [h.uuid for h in answers["holes"]] == [h.uuid for h in holes]
    assert all(isinstance(h, FoilHoleResponse) for h in answers["holes"])
    assert isinstance(answers["micrograph"], MicrographResponse)
    assert answers["registered"] is True
    assert answers["updated"].center_x == 1999
    assert {s.uuid for s in answers["listed"]} == {s.uuid for s in squares}
    assert answers["health"]["status"] == "ok"

    cache = answers["cache"]
    assert cache.grid(grid.data_dir) == grid.uuid
    assert cache.atlas_tile(atlas.uuid, "Tile_1") == atlas.tiles[1].uuid
    assert cache.gridsquare(grid.uuid, "12") == squares[1].uuid
    assert cache.foilhole(squares[1].uuid, "1847024") == holes[4].uuid
    assert cache.micrograph(holes[0].uuid, answers["shot"].id) == answers["shot"].uuid
    linked = {r["gridsquare_uuid"] for r in backend.entities("tile_link")}
    assert {s.uuid for s in squares} <= linked
    [square] = [r for r in backend.entities("gridsquare") if r["uuid"] == squares[1].uuid]
    assert square["status"] == "all foil holes registered"


def test_a_create_whose_answer_was_lost_is_recovered(backend: FakeSmartEMBackend) -> None:
    session = epu.acquisition()

    async def create() -> tuple[AcquisitionResponse, int, str | None]:
        async with AsyncSmartEMAPIClient(backend.url, timeout=WAIT, retry=NO_BACKOFF) as api:
            backend.drop_after_commit(1, "/acquisitions")
            answer = await api.create_acquisition(session)
            return answer, api.stats.recovered_creates, api.id_cache.acquisition(str(session.id))

    answer, recovered, cached = run(create())

    assert (answer.uuid, recovered, cached) == (session.uuid, 1, session.uuid)
    assert [r["uuid"] for r in backend.entities("acquisition")].count(session.uuid) == 1


# ---- errors -----------------------------------------------------------------------------------


def test_a_missing_entity_is_not_found(backend: FakeSmartEMBackend) -> None:
    missing = epu.new_uuid()

    async def fetch() -> None:
        async with AsyncSmartEMAPIClient(backend.url, timeout=WAIT) as api:
            await api.get_foilhole(missing)

    with pytest.raises(NotFound) as raised:
        run(fetch())
    assert str(raised.value) == f"GET /foilholes/{missing} -> 404: Foil Hole not found"


def test_a_refused_connection_is_transport_error_after_retries() -> None:
    url = closed_port()
    policy = RetryPolicy(attempts=1, backoff_factor=0.0)

    async def fetch() -> int:
        async with AsyncSmartEMAPIClient(url, timeout=WAIT, retry=policy) as api:
            with pytest.raises(TransportError, match="GET /grids: ConnectError"):
                await api.get_grids()
            return api.stats.retries

    assert run(fetch()) == 1


def test_a_create_that_never_reached_the_backend_is_not_read_back() -> None:
    policy = RetryPolicy(attempts=2, backoff_factor=0.0)

    async def create() -> tuple[TransportError, int, int]:
        async with AsyncSmartEMAPIClient(closed_port(), timeout=WAIT, retry=policy) as api:
            with pytest.raises(TransportError) as raised:
                await api.create_acquisition(epu.acquisition())
            return raised.value, api.stats.requests, api.stats.retries

    error, requests, retries = run(create())

    assert (error.method, error.reached, requests, retries) == ("POST", False, 1, 2)
    assert "never reached the backend" in str(error)


def test_a_deadline_spent_connecting_is_not_read_back() -> None:
    limits = AnswerLimits(deadline=0.5)

    async def create(url: str) -> tuple[TransportError, int]:
        async with AsyncSmartEMAPIClient(url, timeout=WAIT, retry=None, limits=limits) as api:
            with pytest.raises(TransportError) as raised:
                await api.create_acquisition(epu.acquisition())
            return raised.value, api.stats.requests

    with connects_time_out() as url:
        error, requests = run(create(url))

    assert (type(error), error.reached, requests) == (DeadlineExceeded, False, 1)


def test_a_tile_link_list_naming_a_square_the_backend_lacks_fails_naming_it(
    backend: FakeSmartEMBackend,
) -> None:
    grid = epu.grid(epu.acquisition())
    atlas = epu.atlas(grid.uuid, tiles=1)
    squares = [epu.gridsquare(grid.uuid, str(n)) for n in range(4)]
    stranger = epu.new_uuid()
    tile = atlas.tiles[0].uuid

    async def link() -> tuple[int, int]:
        async with AsyncSmartEMAPIClient(backend.url, timeout=WAIT, retry=None) as api:
            await api.create_acquisition(grid.acquisition_data)
            await api.create_acquisition_grid(grid)
            await api.create_grid_atlas(atlas)
            await api.create_grid_gridsquares(grid.uuid, squares)
            before = api.stats.requests
            positions = [epu.placement(tile, s.uuid, n) for n, s in enumerate(squares)]
            with pytest.raises(LinkParentsNotFound) as raised:
                await api.link_atlas_tile_and_gridsquares(
                    [*positions, epu.placement(tile, stranger, 9)]
                )
            assert raised.value.gridsquares == [stranger]
            return api.stats.requests - before, len(
                await api.link_atlas_tile_and_gridsquares(positions)
            )

    requests, linked = run(link())

    assert requests == 5  # the list, then the tile, its atlas, the grid's squares, the stranger
    assert linked == len(squares)


def test_a_read_timeout_is_transport_error() -> None:
    async def fetch(url: str) -> None:
        async with AsyncSmartEMAPIClient(url, timeout=0.3, retry=None) as api:
            await api.get_acquisitions()

    with silent_server() as url, pytest.raises(TransportError, match="ReadTimeout"):
        run(fetch(url))


def test_without_retries_a_503_is_server_error(backend: FakeSmartEMBackend) -> None:
    missing = epu.new_uuid()
    backend.fail_next(1, 503, path_prefix=f"/grids/{missing}")

    async def fetch() -> int:
        async with AsyncSmartEMAPIClient(backend.url, timeout=WAIT, retry=None) as api:
            with pytest.raises(ServerError, match="503"):
                await api.get_grid(missing)
            return api.stats.retries

    assert run(fetch()) == 0


def test_a_malformed_success_body_is_invalid_response() -> None:
    async def create(url: str) -> None:
        async with AsyncSmartEMAPIClient(url, timeout=WAIT, retry=None) as api:
            await api.create_acquisition(epu.acquisition())

    with (
        canned_server(201, b"<html>created</html>", "text/html") as url,
        pytest.raises(InvalidResponse, match="POST /acquisitions"),
    ):
        run(create(url))


def test_repr_shows_no_token() -> None:
    async def show() -> str:
        async with AsyncSmartEMAPIClient(
            "http://127.0.0.1:9", auth=BearerToken("eyJ.secret.sig")
        ) as api:
            return f"{api!r} {api.stats!r}"

    shown = run(show())
    assert "http://127.0.0.1:9" in shown
    assert "secret" not in shown
