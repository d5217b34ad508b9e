"""Outbox: a durable write-behind queue, so nothing is lost while the backend is away.

Each write is journalled to a SQLite file and the call returns once it is on disk; a
background sender delivers the journal to the backend in parent-before-child order,
coalescing what waits into the list endpoints, and keeps trying through outages.
A process killed at any moment resumes from the same file: the creates carry
client-made uuids and the client recognises entities that landed before, so a resend
is never a duplicate.

::

    with SmartEMAPIClient(url) as api, Outbox(api, "agent-outbox.db") as outbox:
        outbox.create_acquisition(acquisition)
        outbox.create_grid_gridsquare(square)        # returns when journalled
        ...
    # leaving the block drains for up to drain_timeout seconds, then says what is left

Durability: SQLite in WAL mode with ``synchronous=FULL``: each write call is one
transaction whose commit is one fdatasync of the WAL, and the call returns after it, so
a write survives a power cut once the call returned. The write path holds nothing else:
the sender's bookkeeping commits without an fsync of its own (see ``_journal``). Cost per
one-hole write, measured by ``bench/bench_outbox.py`` on a virtual disk: 0.17-0.24 ms,
most of it the fdatasync. ``synchronous="NORMAL"`` drops the per-write fsync (0.05-0.07
ms per write): a killed process still loses nothing, a power cut may lose the last
writes.

Bounds: the journal refuses writes past ``max_bytes`` of pending requests (default
``DEFAULT_MAX_BYTES``, 1 GiB) and when the disk is full, with :class:`OutboxFull` at the
write; pending log records (``send_logs``) are dropped first to make room, and counted.
The sender reads the journal ``window`` rows at a time, so memory does not grow with the
number of pending rows.

The journal keeps each write as the request it will send (operation, parameters, JSON
body) with a format version; a later release delivers what an earlier one journalled, and
one journal has one sender at a time (:class:`OutboxInUse`). See ``_journal``.

Per entity, writes are delivered in the order made (create, updates, delete), children
after their parents. The operator sees one WARNING when the backend stops taking writes
(with what is pending) and one INFO when the journal has caught up, on the
``smartem_ext.outbox`` logger; nothing per failed attempt.

The write methods have the client's names and arguments and return None: the entity's
uuid is already on the object. They are plain calls on the async outbox too (a local
fsync, nothing to await); ``flush``, ``close`` and the context manager are awaitable there.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Final, Generic, Protocol, TypeVar

import attrs

from smartem_api.models import AgentInstructionAcknowledgement, AgentLogEntry
from smartem_ext import _outbox_writes as writes
from smartem_ext._journal import (
    DeadLetter,
    Journal,
    JournalVersionError,
    OutboxClosed,
    OutboxError,
    OutboxFull,
    OutboxInUse,
    Synchronous,
)
from smartem_ext._outbox_send import Round, drive_async, drive_sync
from smartem_ext._outbox_writes import NewRow
from smartem_ext.backoff import ReconnectPolicy
from smartem_ext.client import AsyncSmartEMAPIClient, SmartEMAPIClient
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

__all__ = [
    "AsyncOutbox",
    "DeadLetter",
    "JournalVersionError",
    "Outbox",
    "OutboxClosed",
    "OutboxError",
    "OutboxFull",
    "OutboxInUse",
    "OutboxStats",
    "read_stats",
]

DEFAULT_MAX_BYTES: Final = 1 << 30
DEFAULT_WINDOW: Final = 5000
DEFAULT_LINGER: Final = 0.25
"""Seconds a write may wait for others to travel with: a round starts once the oldest
write it would send is this old, a full batch waits, or a write goes to another list (or
to none): the list written before it is then complete. Writes made one at a time then go
a square's worth per request rather than a few each (fewer requests, fewer commits of the
backend's database, less disk the journal's fsyncs contend with), while a sender behind
on a backlog never waits."""
logger = logging.getLogger("smartem_ext.outbox")


@attrs.frozen(kw_only=True)
class OutboxStats:
    """What waits, what went, what was refused."""

    pending: Mapping[str, int]
    """Pending writes by kind (acquisition, grid, …, tile_link, update, registered, delete,
    ack, logs: one per log record)."""
    oldest_pending_age: float | None
    """Seconds since the oldest pending write was journalled; None when nothing waits."""
    delivered: int
    dead_letters: int
    last_error: str | None
    last_error_age: float | None
    dropped_logs: int = 0
    """Log records dropped to make room for data (the journal at its size limit)."""

    @property
    def pending_total(self) -> int:
        return sum(self.pending.values())

    def lines(self) -> list[str]:
        """The stats as the ``smartem-ext outbox status`` lines."""
        pending = ", ".join(f"{k} {n}" for k, n in sorted(self.pending.items())) or "none"
        age = "-" if self.oldest_pending_age is None else f"{self.oldest_pending_age:.1f}s"
        error = self.last_error or "none"
        if self.last_error_age is not None:
            error += f" ({self.last_error_age:.0f}s ago)"
        return [
            f"pending: {self.pending_total} ({pending})",
            f"oldest pending: {age}",
            f"delivered: {self.delivered}",
            f"dead letters: {self.dead_letters}",
            f"last error: {error}",
            f"dropped log records: {self.dropped_logs}",
        ]


def _stats(journal: Journal) -> OutboxStats:
    now = time.time()
    oldest = journal.oldest_written()
    error_at = journal.counter("last_error_at")
    return OutboxStats(
        pending=journal.pending_by_kind(),
        oldest_pending_age=None if oldest is None else max(0.0, now - oldest),
        delivered=int(journal.counter("delivered") or 0),
        dead_letters=journal.dead_count(),
        last_error=journal.counter("last_error"),
        last_error_age=None if error_at is None else max(0.0, now - float(error_at)),
        dropped_logs=int(journal.counter("dropped_logs") or 0),
    )


def read_stats(path: str | os.PathLike[str]) -> tuple[OutboxStats, list[DeadLetter]]:
    """The stats and dead letters of an outbox file, read without changing it."""
    journal = Journal(path, max_bytes=DEFAULT_MAX_BYTES, read_only=True)
    try:
        return _stats(journal), journal.dead_letters()
    finally:
        journal.close()


class _ChunkedClient(Protocol):
    chunk_size: int


C = TypeVar("C", bound=_ChunkedClient)


class _Writes(Generic[C]):
    """The write methods and the journal, shared by the sync and async outbox."""

    def __init__(
        self,
        client: C,
        path: str | os.PathLike[str],
        *,
        batch_size: int | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        synchronous: Synchronous = "FULL",
        window: int = DEFAULT_WINDOW,
        retry_first: float = 0.5,
        retry_cap: float = 30.0,
        linger: float = DEFAULT_LINGER,
        drain_timeout: float = 60.0,
    ) -> None:
        batch_size = batch_size or client.chunk_size
        if batch_size < 1 or window < 1:
            raise ValueError("batch_size and window must be at least 1")
        if retry_first <= 0 or retry_cap < retry_first or linger < 0:
            raise ValueError("need 0 < retry_first <= retry_cap and linger >= 0")
        self.client = client
        self.drain_timeout = drain_timeout
        self._journal = Journal(path, max_bytes=max_bytes, synchronous=synchronous)
        self._round = Round(self._journal, batch_size, window, linger)
        self._backoff = ReconnectPolicy(retry_first, retry_cap, None)
        """Waits after failed rounds: the one backoff of the package, with full jitter, so
        agents that lost one backend do not all come back at the same moment."""
        self._linger = linger
        self._batch_size = batch_size
        self._first_new: float | None = None
        """When the first write the sender has not read yet was made (monotonic)."""
        self._new_rows = 0
        self._list: tuple[str, str] | None = None
        """The list endpoint and group the last write went to."""
        self._closed = False
        self._away = False
        """Whether the backend stopped taking writes (said once, until it catches up)."""
        self._start_sender()

    def _start_sender(self) -> None:
        raise NotImplementedError

    @property
    def path(self) -> str:
        return self._journal.path

    def _put(self, rows: Sequence[NewRow]) -> None:
        if self._closed:
            raise OutboxClosed(f"outbox {self.path} is closed")
        if not rows:
            return
        if not self._journal.append(rows):
            return  # log records dropped: the journal is full of data
        if self._first_new is None:
            self._first_new = time.monotonic()
        self._new_rows += len(rows)
        first, last = rows[0], rows[-1]
        moved_on = (
            first.op not in writes.BATCHED_OPS
            or (first.op, first.group) != self._list
            or last.group != first.group
        )
        self._list = (last.op, last.group)
        self._wake(moved_on or self._new_rows >= self._batch_size)

    def _wake(self, batch_ready: bool) -> None:
        raise NotImplementedError

    def _round_starts(self) -> None:
        """What is written from now on is new to the sender."""
        self._first_new = None
        self._new_rows = 0

    def _linger_left(self) -> float:
        """Seconds until the oldest new write has waited ``linger`` (a full batch or a write
        to another list ends the wait sooner: ``_put`` hurries the sender then)."""
        first = self._first_new
        return 0.0 if first is None else max(0.0, first + self._linger - time.monotonic())

    def stats(self) -> OutboxStats:
        """Pending by kind, oldest pending age, delivered, dead letters and the last error."""
        return _stats(self._journal)

    def dead_letters(self, limit: int | None = None) -> list[DeadLetter]:
        """The writes the backend refused for good, oldest first."""
        return self._journal.dead_letters(limit)

    def _round_ended(self, delivered_all: bool) -> None:
        """Tell the operator once when the backend stops taking writes, once when the
        journal has caught up; never per failed attempt."""
        if not delivered_all:
            if not self._away:
                self._away = True
                logger.warning(
                    "outbox %s: the backend is not taking writes (%s); %s, kept in the "
                    "journal until it does",
                    self.path,
                    self._round.last_error or "the sender failed",
                    self.stats().lines()[0],
                )
        elif self._away and self._round.caught_up and self._round.held_for is None:
            self._away = False
            logger.info(
                "outbox %s: caught up; what waited is delivered (%d delivered in all)",
                self.path,
                self.stats().delivered,
            )

    def _report_left(self) -> None:
        stats = self.stats()
        if stats.pending_total:
            logger.warning(
                "outbox %s: %d writes still pending (%s); they are sent when it is opened again",
                self.path,
                stats.pending_total,
                stats.lines()[0],
            )
        if stats.dead_letters:
            logger.warning("outbox %s: %d dead letters", self.path, stats.dead_letters)

    # Creates ---------------------------------------------------------------------------

    def create_acquisition(self, acquisition: AcquisitionData) -> None:
        self._put(writes.acquisition(acquisition))

    def create_acquisition_grid(self, grid: GridData, lowmag: bool = False) -> None:
        self._put(writes.grid(grid, lowmag))

    def create_grid_atlas(self, atlas: AtlasData) -> None:
        self._put(writes.atlas(atlas))

    def create_atlas_tile_for_atlas(self, tile: AtlasTileData) -> None:
        self._put(writes.atlas_tile(tile))

    def create_grid_gridsquare(self, gridsquare: GridSquareData, lowmag: bool = False) -> None:
        self._put(writes.gridsquares(gridsquare.grid_uuid or "", [gridsquare], lowmag))

    def create_grid_gridsquares(
        self, grid_uuid: str, gridsquares: Sequence[GridSquareData], lowmag: bool = False
    ) -> None:
        self._put(writes.gridsquares(grid_uuid, gridsquares, lowmag))

    def create_gridsquare_foilholes(
        self,
        gridsquare_uuid: str,
        foilholes: Sequence[FoilHoleData],
        allow_on_grid_bar: bool = False,
    ) -> None:
        self._put(writes.foilholes({gridsquare_uuid: foilholes}, allow_on_grid_bar))

    def create_foilholes(
        self,
        foilholes_by_gridsquare: Mapping[str, Sequence[FoilHoleData]],
        allow_on_grid_bar: bool = False,
    ) -> None:
        self._put(writes.foilholes(foilholes_by_gridsquare, allow_on_grid_bar))

    def create_foilhole_micrograph(self, micrograph: MicrographData) -> None:
        self._put(writes.micrographs([micrograph]))

    def create_micrographs(self, micrographs: Sequence[MicrographData]) -> None:
        self._put(writes.micrographs(micrographs))

    def link_atlas_tile_and_gridsquare(
        self, gridsquare_position: AtlasTileGridSquarePositionData
    ) -> None:
        self._put(writes.links([gridsquare_position]))

    def link_atlas_tile_and_gridsquares(
        self, gridsquare_positions: Sequence[AtlasTileGridSquarePositionData]
    ) -> None:
        self._put(writes.links(gridsquare_positions))

    # Updates and registered marks --------------------------------------------------------

    def update_acquisition(self, acquisition: AcquisitionData) -> None:
        self._put(writes.update("update_acquisition", acquisition))

    def update_grid(self, grid: GridData) -> None:
        self._put(writes.update("update_grid", grid))

    def update_atlas(self, atlas: AtlasData) -> None:
        self._put(writes.update("update_atlas", atlas))

    def update_atlas_tile(self, tile: AtlasTileData) -> None:
        self._put(writes.update("update_atlas_tile", tile))

    def update_gridsquare(self, gridsquare: GridSquareData, lowmag: bool = False) -> None:
        self._put(writes.update("update_gridsquare", gridsquare, lowmag))

    def update_foilhole(self, foilhole: FoilHoleData) -> None:
        self._put(writes.update("update_foilhole", foilhole))

    def update_micrograph(self, micrograph: MicrographData) -> None:
        self._put(writes.update("update_micrograph", micrograph))

    def grid_registered(self, grid_uuid: str) -> None:
        self._put(writes.grid_registered(grid_uuid))

    def gridsquare_registered(self, gridsquare_uuid: str, count: int | None = None) -> None:
        self._put(writes.gridsquare_registered(gridsquare_uuid, count))

    # Deletes: each after every earlier write of its entity ------------------------------

    def delete_acquisition(self, acquisition_uuid: str) -> None:
        self._put(writes.delete("acquisition", acquisition_uuid))

    def delete_grid(self, grid_uuid: str) -> None:
        self._put(writes.delete("grid", grid_uuid))

    def delete_atlas(self, atlas_uuid: str) -> None:
        self._put(writes.delete("atlas", atlas_uuid))

    def delete_atlas_tile(self, tile_uuid: str) -> None:
        self._put(writes.delete("atlas_tile", tile_uuid))

    def delete_gridsquare(self, gridsquare_uuid: str) -> None:
        self._put(writes.delete("gridsquare", gridsquare_uuid))

    def delete_foilhole(self, foilhole_uuid: str) -> None:
        self._put(writes.delete("foilhole", foilhole_uuid))

    def delete_micrograph(self, micrograph_uuid: str) -> None:
        self._put(writes.delete("micrograph", micrograph_uuid))

    # The agent's own writes ----------------------------------------------------------------

    def acknowledge_instruction(
        self,
        agent_id: str,
        session_id: str,
        instruction_id: str,
        acknowledgement: AgentInstructionAcknowledgement,
    ) -> None:
        """Acknowledge an instruction received over the instruction stream."""
        self._put(writes.acknowledgement(agent_id, session_id, instruction_id, acknowledgement))

    def send_logs(self, agent_id: str, session_id: str, logs: Sequence[AgentLogEntry]) -> None:
        """Ship log records; a session's records travel together. Never raises OutboxFull:
        at the journal's limit log records are dropped (``stats().dropped_logs``)."""
        self._put(writes.logs(agent_id, session_id, logs))


ProgressCallback = Callable[[OutboxStats], None]


class Outbox(_Writes[SmartEMAPIClient]):
    """Durable write-behind queue over a :class:`SmartEMAPIClient`, sent from a thread.

    Args:
        client: Delivers the writes; the outbox does not close it.
        path: The journal file; created if missing, resumed if it holds pending writes.
        batch_size: Largest list request; the client's ``chunk_size`` by default.
        max_bytes: Pending payload the journal may hold before writes raise OutboxFull.
        synchronous: ``"FULL"`` (fsync per write) or ``"NORMAL"``; see the module doc.
        retry_first, retry_cap: Backoff after a failed round, doubling up to the cap.
        linger: Seconds a write may wait for more to travel with it (``DEFAULT_LINGER``);
            a write to another list ends the wait; 0 sends each round's writes at once.
        drain_timeout: How long leaving the ``with`` block waits for delivery.
    """

    def _start_sender(self) -> None:
        self._work = threading.Event()
        self._stop = threading.Event()
        self._hurry = threading.Event()
        """Set when a full batch waits, a write moves to another list or the outbox closes:
        the linger ends."""
        self._idle = threading.Condition()
        self._settled = False
        self._thread = threading.Thread(
            target=self._send_forever, name="smartem-outbox", daemon=True
        )
        self._thread.start()

    def _wake(self, batch_ready: bool) -> None:
        if batch_ready:
            self._hurry.set()
        if self._work.is_set():
            return  # the sender has not started the round that reads this write yet
        with self._idle:
            self._settled = False
        self._work.set()

    def _send_forever(self) -> None:
        while not self._stop.is_set():
            self._work.clear()
            self._hurry.clear()
            self._round_starts()
            try:
                delivered_all = drive_sync(self._round.run(), self.client)
            except Exception:
                logger.exception("outbox %s: the sender failed; trying again", self.path)
                delivered_all = False
            self._round_ended(delivered_all)
            if not delivered_all:
                self._stop.wait(self._backoff.next_delay() or 0.0)
                continue
            self._backoff.healthy()
            if not self._round.caught_up:
                continue
            held = self._round.held_for
            if held is not None:  # the list being written waits for the rest of it
                self._hurry.wait(held)
                continue
            with self._idle:
                if not self._work.is_set():
                    self._settled = True
                    self._idle.notify_all()
            self._work.wait()
            self._hurry.wait(self._linger_left())

    def flush(self, timeout: float | None = None, progress: ProgressCallback | None = None) -> bool:
        """Wait until every pending write is delivered (or dead); False if time ran out.

        progress: called about once a second with the stats while waiting.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._idle:
            while not self._settled:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._idle.wait(1.0 if left is None else min(1.0, left))
                if progress is not None and not self._settled:
                    progress(self.stats())
        return True

    def close(self) -> None:
        """Stop the sender (after its current request) and close the journal."""
        if self._closed:
            return
        self._closed = True
        self._stop.set()
        self._hurry.set()
        self._work.set()
        self._thread.join()
        self._round.close()
        self._journal.close()

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            self.flush(self.drain_timeout)
            self._report_left()
        finally:
            self.close()


class AsyncOutbox(_Writes[AsyncSmartEMAPIClient]):
    """The asyncio twin of :class:`Outbox` over an :class:`AsyncSmartEMAPIClient`.

    The sender is a task started by ``async with`` or :meth:`start`; arguments as Outbox.
    """

    def _start_sender(self) -> None:
        # The task starts with a running loop: in ``async with`` or :meth:`start`.
        self._loop: asyncio.AbstractEventLoop | None = None
        self._work = asyncio.Event()
        self._hurry = asyncio.Event()
        self._settled = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start the sender task on the running loop (``async with`` does this)."""
        if self._task is None:
            self._loop = asyncio.get_running_loop()
            self._task = self._loop.create_task(self._send_forever(), name="smartem-outbox")

    def _wake(self, batch_ready: bool) -> None:
        events = [self._work, self._hurry] if batch_ready else [self._work]
        loop = self._loop
        if loop is None:
            self._settled.clear()
            for event in events:
                event.set()
        else:
            loop.call_soon_threadsafe(self._settled.clear)
            for event in events:
                loop.call_soon_threadsafe(event.set)

    async def _send_forever(self) -> None:
        while True:
            self._work.clear()
            self._hurry.clear()
            self._round_starts()
            try:
                delivered_all = await drive_async(self._round.run(), self.client)
            except Exception:
                logger.exception("outbox %s: the sender failed; trying again", self.path)
                delivered_all = False
            self._round_ended(delivered_all)
            if not delivered_all:
                await asyncio.sleep(self._backoff.next_delay() or 0.0)
                continue
            self._backoff.healthy()
            if not self._round.caught_up:
                continue
            held = self._round.held_for
            if held is None:
                if not self._work.is_set():
                    self._settled.set()
                await self._work.wait()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._hurry.wait(), self._linger_left() if held is None else held
                )

    async def flush(
        self, timeout: float | None = None, progress: ProgressCallback | None = None
    ) -> bool:
        """Wait until every pending write is delivered (or dead); False if time ran out."""
        self.start()
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._settled.is_set():
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return False
            try:
                await asyncio.wait_for(
                    self._settled.wait(), 1.0 if left is None else min(1.0, left)
                )
            except TimeoutError:
                if progress is not None:
                    progress(self.stats())
        return True

    async def close(self) -> None:
        """Stop the sender task and close the journal."""
        if self._closed:
            return
        self._closed = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._round.close()
        self._journal.close()

    async def __aenter__(self) -> AsyncOutbox:
        self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        try:
            await self.flush(self.drain_timeout)
            self._report_left()
        finally:
            await self.close()
