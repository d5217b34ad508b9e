"""A scaled-down EPU session registered through the chaos proxy: nothing lost, nothing twice.

The agent (tests/faults/workload.py) sends each call again after a failure. At the end the
backend must hold exactly the session's entities, every failure the agent saw must have
been a SmartEMError, and every scheduled kind of fault must have been injected.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from smartem_ext import (
    AsyncSmartEMAPIClient,
    BearerToken,
    IdKind,
    PartialFailure,
    RetryPolicy,
    SmartEMAPIClient,
    SmartEMError,
)
from smartem_ext.cli._demo_session import DemoSession
from smartem_ext.testing import FakeSmartEMBackend
from tests.faults.chaos import ChaosProxy, FaultPlan
from tests.faults.report import FIGURES, ChaosFigures
from tests.faults.workload import Agent, expected_entities, link_key, scaled_session
from tests.support.real_backend import RealBackend

SEED = 20250602
TIMEOUT = 0.5
CHUNK_SIZE = 5
RETRY = RetryPolicy(attempts=3, backoff_factor=0.01, max_backoff=0.05, total_timeout=5.0)
# What the ID cache must hold afterwards: every confirmed create and link.
CACHED_KINDS: tuple[IdKind, ...] = (
    "acquisition",
    "grid",
    "atlas",
    "atlas_tile",
    "gridsquare",
    "foilhole",
    "tile_link",
)


def answer_lost_ok(method: str, path: str) -> bool:
    """Whether a request may lose an answer the backend acted on.

    Not tile links: the API cannot read them back, so the client settles a lost link
    answer by resending, halving and reading the tile and square (see the test at the
    end); under chaos those may fail too, and the call then reports the links unknown.
    """
    return not (method == "POST" and path.startswith("/atlas-tiles/"))


def plan(seed: int) -> FaultPlan:
    return FaultPlan(seed=seed, burst=(1, 5), stall=2 * TIMEOUT, answer_lost_ok=answer_lost_ok)


@pytest.fixture
def backend() -> Iterator[FakeSmartEMBackend]:
    with FakeSmartEMBackend() as fake:
        yield fake


def stored_keys(backend: FakeSmartEMBackend, kind: str) -> list[str]:
    rows = backend.entities(kind)
    if kind == "tile_link":
        return [link_key(row["atlastile_uuid"], row["gridsquare_uuid"]) for row in rows]
    return [str(row["uuid"]) for row in rows]


def assert_exactly(expected: dict[str, set[str]], stored: dict[str, list[str]]) -> dict[str, int]:
    """Each expected key stored once, nothing else stored; the counts verified."""
    for kind, keys in expected.items():
        rows = stored[kind]
        duplicated = sorted({key for key in rows if rows.count(key) > 1})
        assert not duplicated, f"{kind}: stored more than once: {duplicated[:5]}"
        assert not keys - set(rows), f"{kind}: missing {sorted(keys - set(rows))[:5]}"
        assert not set(rows) - keys, f"{kind}: unexpected {sorted(set(rows) - keys)[:5]}"
    return {kind: len(keys) for kind, keys in expected.items()}


def check_run(
    name: str,
    agent: Agent,
    proxy: ChaosProxy,
    client: SmartEMAPIClient | AsyncSmartEMAPIClient,
    verified: dict[str, int],
) -> None:
    assert not agent.unfinished, f"gave up on {agent.unfinished}: {agent.failures[-3:]}"
    untyped = [error for error in agent.failures if not isinstance(error, SmartEMError)]
    assert not untyped, f"failures that are not SmartEMError: {untyped!r}"
    injected = proxy.injected()
    missing = [str(kind) for kind in proxy.plan.kinds if injected[str(kind)] == 0]
    assert not missing, f"never injected: {missing}"
    for kind in CACHED_KINDS:
        assert client.id_cache.count(kind) == verified[kind], f"id cache: {kind}"
    counts = proxy.counts()
    FIGURES.append(
        ChaosFigures(
            name=name,
            requests=counts.requests,
            backend_closed=counts.backend_closed,
            injected=injected,
            retries=client.stats.retries,
            recovered_creates=client.stats.recovered_creates,
            repeated_calls=agent.repeated_calls,
            failures_seen=len(agent.failures),
            verified=verified,
        )
    )


def fake_backend_state(backend: FakeSmartEMBackend, session: DemoSession) -> dict[str, int]:
    expected = expected_entities(session)
    return assert_exactly(expected, {kind: stored_keys(backend, kind) for kind in expected})


@pytest.mark.timeout(120)
def test_sync_client_registers_the_session_exactly_once_through_faults(
    backend: FakeSmartEMBackend,
) -> None:
    session = scaled_session(SEED)
    agent = Agent(session)
    with (
        ChaosProxy(backend.url, plan(SEED)) as proxy,
        SmartEMAPIClient(proxy.url, TIMEOUT, retry=RETRY, chunk_size=CHUNK_SIZE) as client,
    ):
        agent.register(client)
    verified = fake_backend_state(backend, session)
    check_run("sync client, fake backend", agent, proxy, client, verified)


@pytest.mark.timeout(120)
def test_async_client_registers_the_session_exactly_once_through_faults(
    backend: FakeSmartEMBackend,
) -> None:
    session = scaled_session(SEED + 1)
    agent = Agent(session)

    async def register(url: str) -> AsyncSmartEMAPIClient:
        async with AsyncSmartEMAPIClient(
            url, TIMEOUT, retry=RETRY, chunk_size=CHUNK_SIZE, max_concurrency=4
        ) as client:
            await agent.register_async(client)
        return client

    with ChaosProxy(backend.url, plan(SEED + 1)) as proxy:
        client = asyncio.run(register(proxy.url))
    verified = fake_backend_state(backend, session)
    check_run("async client, fake backend", agent, proxy, client, verified)


# ---- the real backend ---------------------------------------------------------------------

REAL_TABLES = {
    "acquisition": "select uuid from acquisition where uuid = '{acquisition}'",
    "grid": "select uuid from grid where acquisition_uuid = '{acquisition}'",
    "atlas": "select uuid from atlas where grid_uuid in ({grids})",
    "atlas_tile": "select uuid from atlastile where atlas_uuid in ({atlases})",
    "gridsquare": "select uuid from gridsquare where grid_uuid in ({grids})",
    "tile_link": "select atlastile_uuid || '/' || gridsquare_uuid "
    "from atlastilegridsquareposition where atlastile_uuid in ({tiles})",
    "foilhole": "select uuid from foilhole where gridsquare_uuid in ({squares})",
    "micrograph": "select uuid from micrograph where foilhole_uuid in ({holes})",
}


def real_backend_state(backend: RealBackend, session: DemoSession) -> dict[str, int]:
    expected = expected_entities(session)

    def listed(kind: str) -> str:
        return ", ".join(f"'{key}'" for key in sorted(expected[kind])) or "''"

    scope = {
        "acquisition": session.acquisition.uuid,
        "grids": listed("grid"),
        "atlases": listed("atlas"),
        "tiles": listed("atlas_tile"),
        "squares": listed("gridsquare"),
        "holes": listed("foilhole"),
    }
    stored = {
        kind: [row[0] for row in backend.sql(query.format(**scope))]
        for kind, query in REAL_TABLES.items()
    }
    return assert_exactly(expected, stored)


@pytest.mark.timeout(120)
def test_sync_client_registers_the_session_exactly_once_on_the_real_backend(
    real_backend: RealBackend,
) -> None:
    session = scaled_session(SEED + 2, grids=1, gridsquares=12)
    agent = Agent(session)
    timeout = 2 * TIMEOUT  # PostgreSQL commits take longer than the fake's dictionaries
    faults = FaultPlan(
        seed=SEED + 2, burst=(1, 5), stall=2 * timeout, answer_lost_ok=answer_lost_ok
    )
    auth = BearerToken(real_backend.token())
    with (
        ChaosProxy(real_backend.url, faults) as proxy,
        SmartEMAPIClient(
            proxy.url, timeout, auth=auth, retry=RETRY, chunk_size=CHUNK_SIZE
        ) as client,
    ):
        agent.register(client)
    verified = real_backend_state(real_backend, session)
    check_run("sync client, real backend", agent, proxy, client, verified)


# ---- tile links: no read endpoint, so only confirmed links are known -----------------------


def _register_up_to_gridsquares(client: SmartEMAPIClient, session: DemoSession) -> None:
    g = session.grids[0]
    client.create_acquisition(session.acquisition)
    client.create_acquisition_grid(g.grid)
    client.create_grid_atlas(g.atlas)
    client.create_grid_gridsquares(g.grid.uuid, g.gridsquares)


def test_tile_links_whose_answer_was_lost_are_confirmed_by_the_same_call(
    backend: FakeSmartEMBackend,
) -> None:
    session = scaled_session(SEED + 3, grids=1, gridsquares=6)
    links = list(session.grids[0].tile_links)
    with SmartEMAPIClient(backend.url, 5.0, retry=None, chunk_size=CHUNK_SIZE) as client:
        _register_up_to_gridsquares(client, session)
        backend.drop_after_commit(1, "/atlas-tiles/")
        # The resend is refused (the links are stored); halving and reads settle it.
        answered = client.link_atlas_tile_and_gridsquares(links)
        assert [a.gridsquare_uuid for a in answered] == [link.gridsquare_uuid for link in links]
        assert all(
            client.id_cache.tile_link(str(a.tile_uuid), str(a.gridsquare_uuid)) for a in links
        )
    assert len(backend.entities("tile_link")) == len(links)


def test_repeating_a_partly_failed_tile_link_call_completes_it(
    backend: FakeSmartEMBackend,
) -> None:
    session = scaled_session(SEED + 3, grids=1, gridsquares=6)
    links = list(session.grids[0].tile_links)
    tiles = {link.tile_uuid for link in links}
    assert len(tiles) > 1, "the session must spread its squares over several tiles"
    with SmartEMAPIClient(backend.url, 5.0, retry=None, chunk_size=CHUNK_SIZE) as client:
        _register_up_to_gridsquares(client, session)
        backend.fail_next(1, 503, path_prefix=f"/atlas-tiles/{links[-1].tile_uuid}/")
        with pytest.raises(PartialFailure) as first:
            client.link_atlas_tile_and_gridsquares(links)
        assert first.value.landed, "some links must have landed"
        client.link_atlas_tile_and_gridsquares(links)
    assert len(backend.entities("tile_link")) == len(links)
