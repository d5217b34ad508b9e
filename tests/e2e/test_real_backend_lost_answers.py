"""Lost answers on the real backend: the re-run completes, PostgreSQL holds each entity once.

Premises checked here: a link list request is one transaction (all of it lands or none),
and the backend answers a re-sent stored link with a bare 500 (the pair is the key).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smartem_ext import (
    FoilHoleData,
    KeycloakAuth,
    LinkConflict,
    NotFound,
    PartialFailure,
    SmartEMAPIClient,
)
from smartem_ext.errors import LinkParentsNotFound
from tests.support import epu_data as epu
from tests.support import killed_after_answer as killed
from tests.support import outbox_writer as writer
from tests.support.real_backend import RealBackend

LINKS = 200
REPO = Path(__file__).resolve().parents[2]


def _auth(backend: RealBackend) -> KeycloakAuth:
    return KeycloakAuth(backend.issuer.url, backend.realm, backend.client_id, backend.client_secret)


@pytest.fixture
def api(real_backend: RealBackend) -> Iterator[SmartEMAPIClient]:
    with SmartEMAPIClient(real_backend.url, 10.0, auth=_auth(real_backend), retry=None) as client:
        yield client


def _tile_and_squares(api: SmartEMAPIClient, squares: int) -> tuple[str, list[str]]:
    acquisition = writer.acquisition(random.randrange(1 << 30))
    api.create_acquisition(acquisition)
    grid = epu.grid(acquisition)
    api.create_acquisition_grid(grid)
    atlas = writer.atlas_with(grid.uuid, [epu.atlas_tile(0)])
    api.create_grid_atlas(atlas)
    made = api.create_grid_gridsquares(
        grid.uuid, [writer.gridsquare(grid.uuid, str(n + 1)) for n in range(squares)]
    )
    return atlas.tiles[0].uuid, [square.uuid for square in made]


def _stored_links(backend: RealBackend, tile: str) -> dict[str, int]:
    rows = backend.sql(
        "select gridsquare_uuid, count(*) from atlastilegridsquareposition "
        f"where atlastile_uuid = '{tile}' group by 1"
    )
    return {square: int(count) for square, count in rows}


def _wait_for_links(backend: RealBackend, tile: str, count: int) -> None:
    deadline = time.monotonic() + 30
    while len(_stored_links(backend, tile)) < count and time.monotonic() < deadline:
        time.sleep(0.2)


def test_a_link_call_whose_answer_was_lost_completes_on_the_rerun(
    real_backend: RealBackend, api: SmartEMAPIClient
) -> None:
    tile, squares = _tile_and_squares(api, LINKS)
    positions = [epu.placement(tile, square, n) for n, square in enumerate(squares)]
    impatient = SmartEMAPIClient(real_backend.url, 1.5, auth=_auth(real_backend), retry=None)
    impatient.get_status()  # token and connection before the pause
    real_backend.pause()
    resume = threading.Timer(5.0, real_backend.resume)
    resume.start()
    try:
        with pytest.raises(PartialFailure) as raised:
            impatient.link_atlas_tile_and_gridsquares(positions)
    finally:
        resume.join()
        impatient.close()
    # Nothing is called failed that may have landed.
    failure = raised.value
    keys = [f"{tile}/{square}" for square in squares]
    assert (failure.landed, failure.failed, failure.unknown) == ([], [], keys)
    _wait_for_links(real_backend, tile, LINKS)
    assert _stored_links(real_backend, tile) == dict.fromkeys(squares, 1)  # it did land, whole

    # The same call again, by a client that never saw an answer (the agent was restarted).
    links = api.link_atlas_tile_and_gridsquares(positions)
    assert [link.gridsquare_uuid for link in links] == squares
    assert _stored_links(real_backend, tile) == dict.fromkeys(squares, 1)

    # Now confirmed: the same pair and position costs no request, another position is refused.
    before = api.stats.requests
    again = api.link_atlas_tile_and_gridsquare(positions[0])
    assert (again.gridsquare_uuid, api.stats.requests) == (squares[0], before)
    with pytest.raises(LinkConflict, match=squares[1]):
        api.link_atlas_tile_and_gridsquare(epu.placement(tile, squares[1], 99))
    assert api.stats.requests == before


def test_a_link_call_killed_when_its_answer_arrived_completes_on_the_rerun(
    real_backend: RealBackend, api: SmartEMAPIClient
) -> None:
    tile, squares = _tile_and_squares(api, LINKS)
    command = [sys.executable, "-m", "tests.support.killed_after_answer", real_backend.url]
    command += [real_backend.token(), tile, *squares]
    env = {**os.environ, killed.KILL_ON: "POST /atlas-tiles/"}
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (-signal.SIGKILL, "")
    assert _stored_links(real_backend, tile) == dict.fromkeys(squares, 1)

    positions = [epu.placement(tile, square, n) for n, square in enumerate(squares)]
    links = api.link_atlas_tile_and_gridsquares(positions)
    assert [link.gridsquare_uuid for link in links] == squares
    assert _stored_links(real_backend, tile) == dict.fromkeys(squares, 1)


def test_a_rerun_naming_a_square_the_backend_lacks_fails_at_once_and_without_it_completes(
    real_backend: RealBackend, api: SmartEMAPIClient
) -> None:
    tile, squares = _tile_and_squares(api, 30)
    positions = [epu.placement(tile, square, n) for n, square in enumerate(squares)]
    api.link_atlas_tile_and_gridsquares(positions[5:17])
    stranger = epu.new_uuid()
    everything = [*positions, epu.placement(tile, stranger, 77)]
    with SmartEMAPIClient(real_backend.url, 10.0, auth=_auth(real_backend), retry=None) as rerun:
        before = rerun.stats.requests
        with pytest.raises(NotFound) as raised:
            rerun.link_atlas_tile_and_gridsquares(everything)
        # The 500 stands for a stored link and a missing square alike: one round of reads
        # (tile, atlas, the grid's squares, the stranger) finds the stranger; no halving.
        assert rerun.stats.requests - before <= 1 + 2 * 4  # a read after a 500 may be resent
        assert _stored_links(real_backend, tile) == dict.fromkeys(squares[5:17], 1)
        links = rerun.link_atlas_tile_and_gridsquares(positions)
    failure = raised.value
    assert isinstance(failure, LinkParentsNotFound)
    assert (failure.tiles, failure.gridsquares) == ([], [stranger])
    assert stranger in str(failure)
    assert [link.gridsquare_uuid for link in links] == squares
    assert _stored_links(real_backend, tile) == dict.fromkeys(squares, 1)


def _squares_and_their_holes(
    api: SmartEMAPIClient, squares: int, holes: int
) -> dict[str, list[FoilHoleData]]:
    """A new grid with ``squares`` squares stored, and ``holes`` unsent holes for each."""
    acquisition = writer.acquisition(random.randrange(1 << 30))
    api.create_acquisition(acquisition)
    grid = epu.grid(acquisition)
    api.create_acquisition_grid(grid)
    made = api.create_grid_gridsquares(
        grid.uuid, [writer.gridsquare(grid.uuid, str(n + 1)) for n in range(squares)]
    )
    return {
        square.uuid: [
            epu.foilhole(square.uuid, square.gridsquare_id, f"{n}{h:03d}") for h in range(holes)
        ]
        for n, square in enumerate(made)
    }


def test_a_rerun_after_an_unknown_outcome_reads_before_it_resends(
    real_backend: RealBackend,
) -> None:
    with SmartEMAPIClient(real_backend.url, 1.5, auth=_auth(real_backend), retry=None) as api:
        holes = _squares_and_their_holes(api, 4, 50)
        real_backend.pause()
        # Long enough for the read of the first square and a few creates to go unanswered.
        resume = threading.Timer(8.0, real_backend.resume)
        resume.start()
        try:
            with pytest.raises(PartialFailure) as raised:
                api.create_foilholes(holes)
        finally:
            resume.join()
        every = [hole.uuid for square_holes in holes.values() for hole in square_holes]
        unknown = set(raised.value.unknown)
        assert raised.value.failed == []
        assert unknown and sorted(raised.value.landed + raised.value.unknown) == sorted(every)
        deadline = time.monotonic() + 30
        while _stored_holes(real_backend, every) < len(every) and time.monotonic() < deadline:
            time.sleep(0.2)

        before = api.stats.requests
        created = api.create_foilholes(holes)
        # One read of each square (its holes were confirmed or unknown), and no resend.
        assert api.stats.requests - before == len(holes)
    assert {uuid: [h.uuid for h in hs] for uuid, hs in created.items()} == {
        uuid: [h.uuid for h in hs] for uuid, hs in holes.items()
    }
    assert _stored_holes(real_backend, every) == len(every)


def _stored_holes(backend: RealBackend, uuids: list[str]) -> int:
    listed = ", ".join(f"'{uuid}'" for uuid in uuids)
    [[count]] = backend.sql(f"select count(*) from foilhole where uuid in ({listed})")
    return int(count)


class _SentHoles:
    """Counts the foil holes each list create carries, and the reads of squares' holes."""

    def __init__(self) -> None:
        self.sent: Counter[str] = Counter()
        self.reads: Counter[str] = Counter()

    def __call__(self, request: httpx.Request) -> None:
        if not request.url.path.endswith("/foilholes"):
            return
        square = request.url.path.split("/")[-2]
        if request.method == "POST":
            self.sent.update(hole["uuid"] for hole in json.loads(request.content))
        else:
            self.reads[square] += 1


def test_a_fresh_client_rerun_sends_only_the_holes_missing(real_backend: RealBackend) -> None:
    with SmartEMAPIClient(real_backend.url, 10.0, auth=_auth(real_backend)) as earlier:
        holes = _squares_and_their_holes(earlier, 6, 20)
        landed = dict(list(holes.items())[:3])
        earlier.create_foilholes(landed)
    counted = _SentHoles()
    with (
        httpx.Client(
            base_url=real_backend.url, auth=_auth(real_backend), event_hooks={"request": [counted]}
        ) as http,
        SmartEMAPIClient(real_backend.url, httpx_client=http) as rerun,
    ):
        created = rerun.create_foilholes(holes)
    missing = [hole.uuid for square_holes in list(holes.values())[3:] for hole in square_holes]
    assert counted.sent == Counter(missing)
    assert {square: counted.reads[square] for square in landed} == dict.fromkeys(landed, 1)
    assert {uuid: [h.uuid for h in hs] for uuid, hs in created.items()} == {
        uuid: [h.uuid for h in hs] for uuid, hs in holes.items()
    }
    every = [hole.uuid for square_holes in holes.values() for hole in square_holes]
    rows = real_backend.sql(
        "select uuid, count(*) from foilhole where uuid in ("
        + ", ".join(f"'{uuid}'" for uuid in every)
        + ") group by 1"
    )
    assert {uuid: int(count) for uuid, count in rows} == dict.fromkeys(every, 1)
