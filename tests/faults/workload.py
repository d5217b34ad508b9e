"""The agent's registration of a synthetic EPU session, repeated until it is complete.

An agent that meets an error sends the call again, with the same data and uuids, until it
succeeds or the agent gives up; after a PartialFailure only what failed is sent again.
Every failure it saw is kept, so tests can check that each was a typed ``SmartEMError``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from smartem_ext import (
    AsyncSmartEMAPIClient,
    AtlasTileGridSquarePositionData,
    FoilHoleData,
    PartialFailure,
    SmartEMAPIClient,
)
from smartem_ext.cli._demo_session import DemoSession, DemoSizes, GridSession, generate_session

__all__ = [
    "Agent",
    "Step",
    "expected_entities",
    "link_key",
    "scaled_session",
]


def scaled_session(seed: int, grids: int = 2, gridsquares: int = 30) -> DemoSession:
    """A small demo session: 4 atlas tiles, 10 foil holes per square, 20 micrographs per grid."""
    sizes = DemoSizes(grids=grids, tiles=4, gridsquares=gridsquares, foilholes=10, micrographs=20)
    return generate_session(sizes, seed=seed)


def link_key(tile_uuid: str | None, gridsquare_uuid: str | None) -> str:
    """How PartialFailure names a tile link, and how the tests key link rows."""
    return f"{tile_uuid}/{gridsquare_uuid}"


def expected_entities(session: DemoSession) -> dict[str, set[str]]:
    """The keys of every entity the session registers, per entity kind of the fake backend."""
    expected: dict[str, set[str]] = {
        "acquisition": {session.acquisition.uuid},
        "grid": set(),
        "atlas": set(),
        "atlas_tile": set(),
        "gridsquare": set(),
        "tile_link": set(),
        "foilhole": set(),
        "micrograph": set(),
    }
    for g in session.grids:
        expected["grid"].add(g.grid.uuid)
        expected["atlas"].add(g.atlas.uuid)
        expected["atlas_tile"].update(tile.uuid for tile in g.tiles)
        expected["gridsquare"].update(square.uuid for square in g.gridsquares)
        expected["tile_link"].update(
            link_key(link.tile_uuid, link.gridsquare_uuid) for link in g.tile_links
        )
        for holes in g.registered_foilholes().values():
            expected["foilhole"].update(hole.uuid for hole in holes)
        expected["micrograph"].update(m.uuid for m in g.micrographs)
    for kind, count in session.counts().items():
        assert len(expected[kind]) == count, f"the demo session repeats a {kind} key"
    return expected


@dataclass
class Step:
    """One client call of the registration, sent again after a failure.

    ``items`` are what the call registers and ``args`` builds the call's arguments from
    them. After a PartialFailure the agent sends again only the items it names as failed:
    what landed is confirmed, and a bulk call repeated whole under steady faults would
    meet as many failures in every round as in the first.
    """

    name: str
    method: str
    items: list[Any]
    args: Callable[[list[Any]], tuple[Any, ...]]
    key: Callable[[Any], str]

    def call_args(self) -> tuple[Any, ...]:
        return self.args(self.items)

    def narrow(self, error: BaseException) -> None:
        if isinstance(error, PartialFailure):
            failed = set(error.failed) | set(error.unknown)
            self.items = [item for item in self.items if self.key(item) in failed]


def _one(name: str, method: str, entity: Any) -> Step:
    return Step(name, method, [entity], lambda items: (items[0],), lambda item: str(item.uuid))


def _holes_by_square(holes: list[FoilHoleData]) -> tuple[Any, ...]:
    by_square: dict[str, list[FoilHoleData]] = {}
    for hole in holes:
        by_square.setdefault(str(hole.gridsquare_uuid), []).append(hole)
    return (by_square,)


def _alone(items: list[Any]) -> tuple[Any, ...]:
    return (items,)


def _uuid(item: Any) -> str:
    return str(item.uuid)


def _link(item: AtlasTileGridSquarePositionData) -> str:
    return link_key(item.tile_uuid, item.gridsquare_uuid)


def acquisition_step(session: DemoSession) -> Step:
    return _one("acquisition", "create_acquisition", session.acquisition)


def grid_steps(g: GridSession) -> list[Step]:
    holes = [hole for holes in g.foilholes.values() for hole in holes]
    return [
        _one("grid", "create_acquisition_grid", g.grid),
        _one("atlas", "create_grid_atlas", g.atlas),
        Step(
            "gridsquares",
            "create_grid_gridsquares",
            list(g.gridsquares),
            lambda items: (g.grid.uuid, items),
            _uuid,
        ),
        Step("tile links", "link_atlas_tile_and_gridsquares", list(g.tile_links), _alone, _link),
        Step("foil holes", "create_foilholes", holes, _holes_by_square, _uuid),
        Step("micrographs", "create_micrographs", list(g.micrographs), _alone, _uuid),
    ]


@dataclass
class Agent:
    """Registers a session, sending each call again (up to ``rounds`` times) until it lands."""

    session: DemoSession
    rounds: int = 12
    failures: list[BaseException] = field(default_factory=list)
    steps: int = 0
    calls: int = 0
    unfinished: list[str] = field(default_factory=list)

    def register(self, client: SmartEMAPIClient) -> None:
        self._run_sync(client, acquisition_step(self.session))
        for g in self.session.grids:
            for step in grid_steps(g):
                self._run_sync(client, step)

    async def register_async(self, client: AsyncSmartEMAPIClient) -> None:
        await self._run_async(client, acquisition_step(self.session))

        async def one_grid(g: GridSession) -> None:
            for step in grid_steps(g):
                await self._run_async(client, step)

        await asyncio.gather(*(one_grid(g) for g in self.session.grids))

    def _run_sync(self, client: SmartEMAPIClient, step: Step) -> None:
        self.steps += 1
        for _ in range(self.rounds):
            self.calls += 1
            try:
                getattr(client, step.method)(*step.call_args())
                return
            except Exception as error:  # every failure is kept and checked by the test
                self._failed(step, error)
        self.unfinished.append(step.name)

    async def _run_async(self, client: AsyncSmartEMAPIClient, step: Step) -> None:
        self.steps += 1
        for _ in range(self.rounds):
            self.calls += 1
            try:
                await getattr(client, step.method)(*step.call_args())
                return
            except Exception as error:  # every failure is kept and checked by the test
                self._failed(step, error)
        self.unfinished.append(step.name)

    def _failed(self, step: Step, error: Exception) -> None:
        self.failures.append(error)
        if isinstance(error, PartialFailure):
            self.failures.extend(error.errors)
        step.narrow(error)

    @property
    def repeated_calls(self) -> int:
        """Calls the agent had to send again."""
        return self.calls - self.steps
