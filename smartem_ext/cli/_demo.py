"""The ``smartem-ext demo`` run: upload a synthetic EPU session, listen, verify.

Data generation lives in :mod:`smartem_ext.cli._demo_session`; this module runs it against a backend
(an embedded fake, or any backend by URL) and reports what happened.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import random
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import attrs
import httpx

from smartem_ext.batch import chunks
from smartem_ext.cli._demo_session import DemoSession, DemoSizes, GridSession, generate_session
from smartem_ext.cli._program import EXIT_FAILED, EXIT_OK, PROG
from smartem_ext.client import AsyncSmartEMAPIClient, ClientStats, SmartEMAPIClient
from smartem_ext.epu import (
    AtlasTileGridSquarePositionData,
    FoilHoleData,
    GridSquareData,
    MicrographData,
)
from smartem_ext.errors import (
    InvalidResponse,
    NotFound,
)
from smartem_ext.sse import SSEAgentClient

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from smartem_ext.testing import FakeSmartEMBackend

__all__ = ["run_demo"]

T = TypeVar("T")
AnyClient = SmartEMAPIClient | AsyncSmartEMAPIClient
Send = Callable[[AnyClient], object]

# Kinds in the order an agent registers them, with the words the summary uses.
KIND_LABELS: dict[str, str] = {
    "acquisition": "acquisitions",
    "grid": "grids",
    "atlas": "atlases",
    "atlas_tile": "atlas tiles",
    "gridsquare": "grid squares",
    "tile_link": "tile links",
    "foilhole": "foil holes",
    "micrograph": "micrographs",
}


# ---------------------------------------------------------------------------- demo: the plan


@attrs.frozen
class _Step:
    """One client call of the upload: what it creates, per kind."""

    kind: str
    counts: Mapping[str, int]
    send: Send


@attrs.frozen
class _Hook:
    """Something the agent does between two calls (start the listener, queue an instruction)."""

    run: Callable[[], object]


_PlanItem = _Step | _Hook


def _upload_plan(
    session: DemoSession,
    start_listener: Callable[[], object],
    checkpoint: Callable[[str, Mapping[str, Any]], object],
) -> list[_PlanItem]:
    """Every call of the upload in agent order, with the hooks where they belong."""
    acquisition = session.acquisition
    plan: list[_PlanItem] = [
        _Step("acquisition", {"acquisition": 1}, lambda c: c.create_acquisition(acquisition)),
        _Hook(start_listener),
    ]
    for g in session.grids:
        plan.append(_Step("grid", {"grid": 1}, _send_grid(g)))
    plan.append(_Hook(lambda: checkpoint("grids registered", {"grids": len(session.grids)})))
    for g in session.grids:
        plan.append(_Step("atlas", {"atlas": 1, "atlas_tile": len(g.tiles)}, _send_atlas(g)))
    for g in session.grids:
        for squares in chunks(g.gridsquares, 100):
            plan.append(
                _Step("gridsquare", {"gridsquare": len(squares)}, _send_squares(g, squares))
            )
    squares_total = sum(len(g.gridsquares) for g in session.grids)
    plan.append(
        _Hook(lambda: checkpoint("grid squares registered", {"gridsquares": squares_total}))
    )
    for g in session.grids:
        for links in chunks(g.tile_links, 100):
            plan.append(_Step("tile_link", {"tile_link": len(links)}, _send_links(links)))
    holes_per_step = max(1, 500 // max(1, session.sizes.foilholes))
    for g in session.grids:
        registered = list(g.registered_foilholes().items())
        for group in chunks(registered, holes_per_step):
            by_square = dict(group)
            count = sum(len(holes) for holes in by_square.values())
            plan.append(_Step("foilhole", {"foilhole": count}, _send_holes(by_square)))
    holes_total = session.counts()["foilhole"]
    plan.append(_Hook(lambda: checkpoint("foil holes registered", {"foilholes": holes_total})))
    for g in session.grids:
        for micrographs in chunks(g.micrographs, 20):
            plan.append(
                _Step(
                    "micrograph", {"micrograph": len(micrographs)}, _send_micrographs(micrographs)
                )
            )
    return plan


# Each returns a function of the client; the sync client answers, the async one awaits.
def _send_grid(g: GridSession) -> Send:
    return lambda c: c.create_acquisition_grid(g.grid)


def _send_atlas(g: GridSession) -> Send:
    return lambda c: c.create_grid_atlas(g.atlas)


def _send_squares(g: GridSession, squares: Sequence[GridSquareData]) -> Send:
    return lambda c: c.create_grid_gridsquares(g.grid.uuid, squares)


def _send_links(links: Sequence[AtlasTileGridSquarePositionData]) -> Send:
    return lambda c: c.link_atlas_tile_and_gridsquares(links)


def _send_holes(by_square: Mapping[str, Sequence[FoilHoleData]]) -> Send:
    return lambda c: c.create_foilholes(by_square)


def _send_micrographs(micrographs: Sequence[MicrographData]) -> Send:
    return lambda c: c.create_micrographs(micrographs)


@attrs.frozen
class _Read:
    """One read of the verification: what it should find, per kind."""

    kind: str
    expected: frozenset[str]
    send: Send


def _verification_reads(session: DemoSession) -> list[_Read]:
    """Reads that together show every entity the demo sent, scoped by parent."""
    acquisition = session.acquisition.uuid
    reads = [
        _Read("acquisition", frozenset({acquisition}), lambda c: c.get_acquisition(acquisition)),
        _Read(
            "grid",
            frozenset(g.grid.uuid for g in session.grids),
            lambda c: c.get_acquisition_grids(acquisition),
        ),
    ]
    for g in session.grids:
        reads.append(_Read("atlas", frozenset({g.atlas.uuid}), _get_atlas(g.grid.uuid)))
        reads.append(
            _Read("atlas_tile", frozenset(t.uuid for t in g.tiles), _get_tiles(g.atlas.uuid))
        )
        reads.append(
            _Read("gridsquare", frozenset(s.uuid for s in g.gridsquares), _get_squares(g.grid.uuid))
        )
        for square, holes in g.registered_foilholes().items():
            reads.append(_Read("foilhole", frozenset(h.uuid for h in holes), _get_holes(square)))
        # Each hole that was sent micrographs is read. A micrograph create names its hole,
        # so a lost or duplicated one shows up in exactly these lists.
        by_hole: dict[str, set[str]] = {}
        for micrograph in g.micrographs:
            by_hole.setdefault(str(micrograph.foilhole_uuid), set()).add(micrograph.uuid)
        for hole, micrographs in by_hole.items():
            reads.append(_Read("micrograph", frozenset(micrographs), _get_micrographs(hole)))
    return reads


def _get_atlas(grid_uuid: str) -> Send:
    return lambda c: c.get_grid_atlas(grid_uuid)


def _get_tiles(atlas_uuid: str) -> Send:
    return lambda c: c.get_atlas_tiles_by_atlas(atlas_uuid)


def _get_squares(grid_uuid: str) -> Send:
    return lambda c: c.get_grid_gridsquares(grid_uuid)


def _get_holes(gridsquare_uuid: str) -> Send:
    return lambda c: c.get_gridsquare_foilholes(gridsquare_uuid)


def _get_micrographs(foilhole_uuid: str) -> Send:
    return lambda c: c.get_foilhole_micrographs(foilhole_uuid)


def _uuids(answer: object) -> set[str]:
    items = answer if isinstance(answer, list) else [answer]
    return {str(getattr(item, "uuid", None)) for item in items if item is not None}


def _link_keys(answer: object) -> set[str]:
    items = answer if isinstance(answer, list) else [answer]
    return {
        f"{getattr(item, 'atlastile_uuid', None)}/{getattr(item, 'gridsquare_uuid', None)}"
        for item in items
    }


# ---------------------------------------------------------------------------- demo: targets


class _Target(Protocol):
    """Where the demo runs: how it makes a test session and queues instructions."""

    url: str
    description: str

    def create_session(self, acquisition_uuid: str) -> tuple[str, str]: ...

    def queue_instruction(
        self, session_id: str, instruction_type: str, payload: Mapping[str, Any]
    ) -> str: ...

    def stored_tile_links(self, tile_uuids: set[str]) -> set[str] | None: ...

    def close(self) -> None: ...


class _FakeTarget:
    """The embedded FakeSmartEMBackend, driven through its own test hooks."""

    def __init__(self, backend: FakeSmartEMBackend) -> None:
        self.backend = backend
        self.url = backend.url
        self.description = f"embedded fake backend at {self.url}"

    def create_session(self, acquisition_uuid: str) -> tuple[str, str]:
        agent_id = "demo-agent"
        return agent_id, self.backend.create_session(agent_id, acquisition_uuid=acquisition_uuid)

    def queue_instruction(
        self, session_id: str, instruction_type: str, payload: Mapping[str, Any]
    ) -> str:
        return self.backend.queue_instruction(session_id, instruction_type, payload)

    def stored_tile_links(self, tile_uuids: set[str]) -> set[str] | None:
        return {
            f"{row['atlastile_uuid']}/{row['gridsquare_uuid']}"
            for row in self.backend.entities("tile_link")
            if row["atlastile_uuid"] in tile_uuids
        }

    def close(self) -> None:
        self.backend.stop()


class _DebugEndpoints:
    """A real backend: test sessions and instructions through its /debug endpoints."""

    def __init__(self, url: str, auth: httpx.Auth | None, verify: bool, timeout: float) -> None:
        self.url = url
        self.description = f"backend at {url}"
        self._client = SmartEMAPIClient(url, timeout, auth=auth, verify=verify)

    def create_session(self, acquisition_uuid: str) -> tuple[str, str]:
        answer = self._client.create_debug_session(
            acquisition_uuid,
            name="smartem-ext demo",
            description="Synthetic EPU session registered by smartem-ext demo",
        )
        path = "/debug/sessions/create"
        return _named(answer, "agent_id", path), _named(answer, "session_id", path)

    def queue_instruction(
        self, session_id: str, instruction_type: str, payload: Mapping[str, Any]
    ) -> str:
        answer = self._client.create_debug_instruction(session_id, instruction_type, payload)
        return _named(answer, "instruction_id", f"/debug/session/{session_id}/create-instruction")

    def stored_tile_links(self, tile_uuids: set[str]) -> set[str] | None:
        return None  # the API has no read for tile links

    def close(self) -> None:
        self._client.close()


def _named(answer: Any, key: str, path: str) -> str:
    """``answer[key]`` of a debug endpoint's free-form JSON answer, or a clear error."""
    if not isinstance(answer, Mapping) or not answer.get(key):
        raise InvalidResponse("POST", path, 200, f"the answer names no {key}")
    return str(answer[key])


class _Listener:
    """The agent's instruction stream on a background thread; acknowledges each as processed."""

    def __init__(
        self,
        url: str,
        agent_id: str,
        session_id: str,
        auth: httpx.Auth | None,
        verify: bool,
        say: Callable[[str], None],
    ) -> None:
        self.client = SSEAgentClient(
            url, agent_id, session_id, max_retries=None, auth=auth, verify=verify
        )
        self._say = say
        self._changed = threading.Condition()
        self._connected = False
        self.acknowledged: set[str] = set()
        self.errors: list[Exception] = []
        self._thread = threading.Thread(target=self._run, name="smartem-ext-listener", daemon=True)

    def start(self, timeout: float = 30.0) -> None:
        self._thread.start()
        with self._changed:
            if not self._changed.wait_for(
                lambda: self._connected or not self._thread.is_alive(), timeout
            ):
                last = f": {self.errors[-1]}" if self.errors else ""
                raise TimeoutError(
                    f"the instruction stream did not connect in {timeout:.0f} s{last}"
                )
        if not self._connected:
            raise self.errors[-1] if self.errors else ConnectionError("the stream ended at once")

    def wait_acknowledged(self, instruction_ids: frozenset[str], timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: instruction_ids <= self.acknowledged, timeout)

    def stop(self) -> None:
        self.client.stop()
        self._thread.join(timeout=10)
        self.client.close()

    def _run(self) -> None:
        try:
            self.client.stream_instructions(
                self._on_instruction, self._on_connection, self._on_error
            )
        except Exception as error:
            self._on_error(error)
        finally:
            with self._changed:
                self._changed.notify_all()

    def _on_connection(self, data: dict[str, Any]) -> None:
        with self._changed:
            self._connected = True
            self._changed.notify_all()

    def _on_instruction(self, data: dict[str, Any]) -> None:
        instruction_id = str(data["instruction_id"])
        self.client.acknowledge_instruction(instruction_id, "processed", result="noted")
        with self._changed:
            self.acknowledged.add(instruction_id)
            self._changed.notify_all()
        payload = data.get("payload") or {}
        about = payload.get("checkpoint", "") if isinstance(payload, Mapping) else ""
        self._say(
            f"instruction {data.get('instruction_type')} ({about}) received, acknowledged processed"
        )

    def _on_error(self, error: Exception) -> None:
        with self._changed:
            self.errors.append(error)
            self._changed.notify_all()


# ---------------------------------------------------------------------------- demo: running


@attrs.frozen
class _Tally:
    """What became of the instructions queued during the upload."""

    queued: frozenset[str] = frozenset()
    received: int = 0
    acknowledged: frozenset[str] = frozenset()


@attrs.define
class _Outcome:
    """What the demo did: the upload's counts and client stats, then the instructions."""

    created: dict[str, int] = attrs.field(factory=dict)
    link_keys: set[str] = attrs.field(factory=set)
    seconds: float = 0.0
    requests: int = 0
    retries: int = 0
    recovered: int = 0
    instructions: _Tally = _Tally()
    verify_seconds: float = 0.0


class _Display:
    """Progress bars per kind (or nothing), and lines printed above them."""

    def __init__(self, console: Console, show: bool, totals: Mapping[str, int]) -> None:
        self.console = console
        self._progress: Progress | None = None
        self._tasks: dict[str, Any] = {}
        if show:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._progress = Progress(
                TextColumn("{task.description:>14}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
            )
            for kind, total in totals.items():
                self._tasks[kind] = self._progress.add_task(KIND_LABELS[kind], total=total)

    def __enter__(self) -> _Display:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, counts: Mapping[str, int]) -> None:
        if self._progress is None:
            return
        for kind, count in counts.items():
            self._progress.advance(self._tasks[kind], count)

    def say(self, text: str) -> None:
        self.console.print(text, highlight=False, markup=False)


def _run_plan_sync(
    client: SmartEMAPIClient, plan: Sequence[_PlanItem], outcome: _Outcome, display: _Display
) -> None:
    for item in plan:
        if isinstance(item, _Hook):
            item.run()
            continue
        _settle(item, item.send(client), outcome, display)


async def _run_plan_async(
    client: AsyncSmartEMAPIClient, plan: Sequence[_PlanItem], outcome: _Outcome, display: _Display
) -> None:
    for item in plan:
        if isinstance(item, _Hook):
            await asyncio.to_thread(item.run)
            continue
        answer = item.send(client)
        if inspect.isawaitable(answer):
            answer = await answer
        _settle(item, answer, outcome, display)


def _settle(step: _Step, answer: object, outcome: _Outcome, display: _Display) -> None:
    if step.kind == "tile_link":
        outcome.link_keys |= _link_keys(answer)
    for kind, count in step.counts.items():
        outcome.created[kind] = outcome.created.get(kind, 0) + count
    display.advance(step.counts)


def _read_sync(client: SmartEMAPIClient, reads: Sequence[_Read]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for read in reads:
        try:
            answer = read.send(client)
        except NotFound:
            answer = []
        found.setdefault(read.kind, set()).update(_uuids(answer))
    return found


async def _read_async(
    client: AsyncSmartEMAPIClient, reads: Sequence[_Read], concurrency: int = 8
) -> dict[str, set[str]]:
    gate = asyncio.Semaphore(concurrency)

    async def one(read: _Read) -> set[str]:
        async with gate:
            answer = read.send(client)
            try:
                if inspect.isawaitable(answer):
                    answer = await answer
            except NotFound:
                answer = []
            return _uuids(answer)

    found: dict[str, set[str]] = {}
    for read, uuids in zip(reads, await asyncio.gather(*map(one, reads)), strict=True):
        found.setdefault(read.kind, set()).update(uuids)
    return found


class _Agent:
    """The agent side of the demo: its test session, instruction listener and checkpoints."""

    def __init__(
        self, target: _Target, auth: httpx.Auth | None, verify: bool, say: Callable[[str], None]
    ) -> None:
        self.target = target
        self._auth = auth
        self._verify = verify
        self._say = say
        self.listener: _Listener | None = None
        self.session_id: str | None = None
        self.queued: list[str] = []

    def listen(self, acquisition_uuid: str) -> None:
        """Open a test session for the acquisition and start listening on it."""
        agent_id, session_id = self.target.create_session(acquisition_uuid)
        self.session_id = session_id
        self.listener = _Listener(
            self.target.url, agent_id, session_id, self._auth, self._verify, self._say
        )
        self.listener.start()
        self._say(f"agent {agent_id}, session {session_id}: listening for instructions")

    def checkpoint(self, what: str, details: Mapping[str, Any]) -> None:
        """Queue an instruction for the agent, as the backend's decision side would."""
        if self.session_id is None:
            raise RuntimeError("no agent session yet")
        payload = {"checkpoint": what, **details}
        self.queued.append(
            self.target.queue_instruction(self.session_id, "demo.checkpoint", payload)
        )

    def finish(self, timeout: float) -> _Tally:
        """Wait until every queued instruction is acknowledged, then stop listening."""
        queued = frozenset(self.queued)
        listener = self.listener
        if listener is None:
            return _Tally(queued=queued)
        listener.wait_acknowledged(queued, timeout)
        stats = listener.client.get_stats()
        listener.stop()
        return _Tally(
            queued=queued,
            received=int(stats.get("instructions_received", 0)),
            acknowledged=frozenset(listener.acknowledged),
        )

    def close(self) -> None:
        if self.listener is not None:
            self.listener.stop()


def _target(
    args: argparse.Namespace, base_url: str | None, auth: httpx.Auth | None, verify: bool
) -> _Target:
    if base_url:
        return _DebugEndpoints(base_url, auth, verify, args.timeout)
    try:
        from smartem_ext.testing import FakeSmartEMBackend
    except ImportError as error:
        raise ValueError(
            f"without --base-url the demo starts a fake backend, which needs the 'testing' "
            f"extra ({error}); install 'smartem-client[testing]'"
        ) from None
    return _FakeTarget(FakeSmartEMBackend().start())


def _upload_and_read(
    args: argparse.Namespace,
    url: str,
    auth: httpx.Auth | None,
    plan: Sequence[_PlanItem],
    reads: Sequence[_Read],
    outcome: _Outcome,
    display: _Display,
    between: Callable[[], None],
) -> dict[str, set[str]]:
    """Run the upload, then ``between()``, then the reads, on one client of the chosen kind."""
    options: dict[str, Any] = {"timeout": args.timeout, "auth": auth, "verify": not args.insecure}

    def uploaded(stats: ClientStats, started: float) -> None:
        outcome.seconds = time.perf_counter() - started
        outcome.requests, outcome.retries = stats.requests, stats.retries
        outcome.recovered = stats.recovered_creates

    if not args.use_async:
        with SmartEMAPIClient(url, **options) as client:
            started = time.perf_counter()
            with display:
                _run_plan_sync(client, plan, outcome, display)
            uploaded(client.stats, started)
            between()
            started = time.perf_counter()
            found = _read_sync(client, reads)
            outcome.verify_seconds = time.perf_counter() - started
            return found

    async def run() -> dict[str, set[str]]:
        async with AsyncSmartEMAPIClient(url, **options) as client:
            started = time.perf_counter()
            with display:
                await _run_plan_async(client, plan, outcome, display)
            uploaded(client.stats, started)
            await asyncio.to_thread(between)
            started = time.perf_counter()
            found = await _read_async(client, reads)
            outcome.verify_seconds = time.perf_counter() - started
            return found

    return asyncio.run(run())


def run_demo(args: argparse.Namespace, auth: httpx.Auth | None, base_url: str | None) -> int:
    """Run the demo the parsed ``smartem-ext demo`` arguments describe."""
    try:
        from rich.console import Console
    except ImportError:
        raise ValueError("the demo needs rich: install 'smartem-client[cli]'") from None
    sizes = DemoSizes(
        grids=args.grids,
        tiles=args.tiles,
        gridsquares=args.gridsquares,
        foilholes=args.foilholes,
        micrographs=args.micrographs,
    )
    seed: int = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    console = Console(highlight=False)
    console.print(
        f"{PROG} demo: seed {seed}; {sizes.grids} grid(s), {sizes.tiles} atlas tiles and "
        f"{sizes.gridsquares} grid squares per grid, {sizes.foilholes} foil holes per square, "
        f"{sizes.micrographs} micrographs per grid"
    )
    session = generate_session(sizes, seed)
    verify = not args.insecure
    with ExitStack() as stack:
        target = _target(args, base_url, auth, verify)
        stack.callback(target.close)
        console.print(f"target: {target.description}")
        display = _Display(console, not args.no_progress, session.counts())
        agent = _Agent(target, auth, verify, display.say)
        stack.callback(agent.close)
        outcome = _Outcome()
        plan = _upload_plan(
            session, lambda: agent.listen(session.acquisition.uuid), agent.checkpoint
        )
        reads = _verification_reads(session)

        def between() -> None:
            outcome.instructions = agent.finish(timeout=30.0)
            _print_summary(console, session, outcome, args.use_async)
            console.print(f"verifying: reading back through {len(reads)} list and get calls")

        found = _upload_and_read(args, target.url, auth, plan, reads, outcome, display, between)
        rows = _verification_rows(session, reads, found, outcome, target)
        _print_verification(console, rows, outcome.verify_seconds)
    differences = _differences(rows, outcome.instructions)
    if differences:
        for line in differences:
            print(f"{PROG}: difference: {line}", file=sys.stderr)
        console.print("NOT verified: the backend's state differs from what was sent")
        return EXIT_FAILED
    console.print("verified: backend state equals what was sent")
    return EXIT_OK


# ---------------------------------------------------------------------------- demo: reporting


@attrs.frozen
class _Row:
    """One kind in the verification: what was sent and what the backend has."""

    kind: str
    expected: frozenset[str]
    found: frozenset[str]
    source: str

    @property
    def missing(self) -> list[str]:
        return sorted(self.expected - self.found)

    @property
    def extra(self) -> list[str]:
        return sorted(self.found - self.expected)


def _verification_rows(
    session: DemoSession,
    reads: Sequence[_Read],
    found: Mapping[str, set[str]],
    outcome: _Outcome,
    target: _Target,
) -> list[_Row]:
    expected: dict[str, set[str]] = {kind: set() for kind in KIND_LABELS}
    for read in reads:
        expected[read.kind] |= read.expected
    links = {f"{k.tile_uuid}/{k.gridsquare_uuid}" for g in session.grids for k in g.tile_links}
    tiles = {t.uuid for g in session.grids for t in g.tiles}
    stored = target.stored_tile_links(tiles)
    rows = []
    for kind in KIND_LABELS:
        if kind == "tile_link":
            rows.append(
                _Row(
                    kind,
                    frozenset(links),
                    frozenset(outcome.link_keys if stored is None else stored),
                    "create answers" if stored is None else "stored rows",
                )
            )
        else:
            rows.append(
                _Row(kind, frozenset(expected[kind]), frozenset(found.get(kind, set())), "read")
            )
    return rows


def _differences(rows: Sequence[_Row], instructions: _Tally) -> list[str]:
    lines = []
    for row in rows:
        for what, uuids in (("missing", row.missing), ("extra", row.extra)):
            if uuids:
                shown = ", ".join(uuids[:5]) + (", ..." if len(uuids) > 5 else "")
                lines.append(f"{KIND_LABELS[row.kind]}: {len(uuids)} {what}: {shown}")
    unacknowledged = sorted(instructions.queued - instructions.acknowledged)
    if unacknowledged:
        lines.append(
            f"instructions: {len(unacknowledged)} of {len(instructions.queued)} "
            "not acknowledged: " + ", ".join(unacknowledged)
        )
    return lines


def _print_summary(
    console: Console,
    session: DemoSession,
    outcome: _Outcome,
    use_async: bool,
) -> None:
    from rich.table import Table

    table = Table(title=f"Demo summary (seed {session.seed})", title_justify="left")
    table.add_column("created", style="bold")
    table.add_column("count", justify="right")
    table.add_column("", style="dim")
    for kind, label in KIND_LABELS.items():
        note = ""
        if kind == "foilhole":
            note = f"{session.near_grid_bar():,} near the grid bar left out"
        table.add_row(label, f"{outcome.created.get(kind, 0):,}", note)
    total = sum(outcome.created.values())
    table.add_section()
    table.add_row("total entities", f"{total:,}", "")
    table.add_row(
        "requests",
        f"{outcome.requests:,}",
        "AsyncSmartEMAPIClient" if use_async else "SmartEMAPIClient",
    )
    table.add_row("retries", f"{outcome.retries:,}", f"{outcome.recovered} create(s) recovered")
    instructions = outcome.instructions
    table.add_row(
        "instructions",
        f"{len(instructions.queued)} queued",
        f"{instructions.received} received, "
        f"{len(instructions.acknowledged)} acknowledged (processed)",
    )
    table.add_row("elapsed", f"{outcome.seconds:.2f} s", "upload")
    rate = total / outcome.seconds if outcome.seconds > 0 else 0.0
    table.add_row("entities/s", f"{rate:,.0f}", "")
    console.print(table)


def _print_verification(console: Console, rows: Sequence[_Row], seconds: float) -> None:
    from rich.table import Table

    table = Table(title=f"Verification ({seconds:.2f} s)", title_justify="left")
    for name, justify in (
        ("kind", "left"),
        ("sent", "right"),
        ("on backend", "right"),
        ("missing", "right"),
        ("extra", "right"),
        ("from", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(
            KIND_LABELS[row.kind],
            f"{len(row.expected):,}",
            f"{len(row.found):,}",
            str(len(row.missing)),
            str(len(row.extra)),
            row.source,
        )
    console.print(table)
