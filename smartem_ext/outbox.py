"""Outbox: a durable write-behind queue, so nothing is lost while the backend is away.

Each write is journalled (``_journal``) and returns once on disk; a background sender
delivers the journal parents first, coalescing what waits into list requests, through
outages and restarts, never twice (client-made uuids, creates that recognise what landed).
The ``smartem_ext.outbox`` logger says once when the backend stops taking writes (WARNING)
and once when the journal has caught up (INFO).

::

    with SmartEMAPIClient(url) as api, Outbox(api, "agent-outbox.db") as outbox:
        outbox.create_acquisition(acquisition)  # returns when journalled
    # leaving the block drains for up to drain_timeout seconds, then says what is left
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import math
import os
import threading
import time
from collections.abc import Callable, Generator, Mapping, Sequence
from typing import Any, ClassVar, Final, Generic, TypeVar

import attrs

from smartem_ext._effects import arun, run
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
from smartem_ext._outbox_send import ClientCall, Round
from smartem_ext._outbox_writes import BATCHED_OPS, NewRow, Writes
from smartem_ext.backoff import ReconnectPolicy
from smartem_ext.client import AsyncSmartEMAPIClient, SmartEMAPIClient

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
"""Seconds a write may wait for more to travel with it, so one-at-a-time writes share requests."""
logger = logging.getLogger("smartem_ext.outbox")


@attrs.frozen(kw_only=True)
class OutboxStats:
    """What waits, what went, what was refused."""

    pending: Mapping[str, int]
    """Pending writes by kind (acquisition, …, tile_link, update, registered, delete, ack, logs)."""
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
    pending = dict(journal.read("SELECT kind, COUNT(*) FROM pending GROUP BY kind"))
    oldest = journal.read("SELECT written FROM pending ORDER BY seq LIMIT 1")
    counters = dict(journal.read("SELECT name, value FROM counters"))
    error_at = counters.get("last_error_at")
    return OutboxStats(
        pending=pending,
        oldest_pending_age=max(0.0, now - float(oldest[0][0])) if oldest else None,
        delivered=int(counters.get("delivered", 0)),
        dead_letters=int(journal.read("SELECT COUNT(*) FROM dead")[0][0]),
        last_error=counters.get("last_error"),
        last_error_age=None if error_at is None else max(0.0, now - float(error_at)),
        dropped_logs=int(counters.get("dropped_logs", 0)),
    )


def read_stats(path: str | os.PathLike[str]) -> tuple[OutboxStats, list[DeadLetter]]:
    """The stats and dead letters of an outbox file, read without changing it."""
    with contextlib.closing(Journal(path, max_bytes=DEFAULT_MAX_BYTES, read_only=True)) as journal:
        return _stats(journal), journal.dead_letters()


@attrs.frozen
class _Wait:
    """An effect: wait for ``event`` at most ``timeout`` seconds; gives whether it is set."""

    event: Any  # a threading.Event or an asyncio.Event, waited for as its kind is
    timeout: float | None


Effect = ClientCall | _Wait
C = TypeVar("C", bound=SmartEMAPIClient | AsyncSmartEMAPIClient)
ProgressCallback = Callable[[OutboxStats], None]


class _Outbox(Writes, Generic[C]):
    """The write methods, the journal and the sender's flow, shared by both outboxes."""

    _new_event: ClassVar[type[threading.Event] | type[asyncio.Event]]

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
        # Full jitter: agents that lost one backend do not all come back at the same moment.
        self._backoff = ReconnectPolicy(retry_first, retry_cap, None)
        self._first_new: float | None = None  # monotonic time of the first write not yet read
        self._new_rows = 0
        self._list: tuple[str, str] | None = None  # the list and group last written to
        self._closed = False
        self._away = False  # the backend stopped taking writes (said once, until caught up)
        # Set when: a write waits; the linger ends; all is delivered; the sender stops.
        self._work, self._hurry, self._settled, self._stop = (self._new_event() for _ in "1234")
        self._lock = threading.Lock()  # a write never finds the sender settling past it
        self._start()

    def _start(self) -> None:
        """Start the sender if it can start with the outbox (an async one waits for a loop)."""

    def _signal(self, change: Callable[[], None]) -> None:
        """Run ``change`` to the events where the sender can see it."""
        change()

    @property
    def path(self) -> str:
        return self._journal.path

    def _put(self, rows: Sequence[NewRow]) -> None:
        if self._closed:
            raise OutboxClosed(f"outbox {self.path} is closed")
        if not rows or not self._journal.append(rows):
            return  # nothing to write, or log records dropped: the journal is full of data
        if self._first_new is None:
            self._first_new = time.monotonic()
        self._new_rows += len(rows)
        first, last = rows[0], rows[-1]
        moved_on = (
            first.op not in BATCHED_OPS
            or (first.op, first.group) != self._list
            or last.group != first.group
        )
        self._list = (last.op, last.group)
        hurry = moved_on or self._new_rows >= self._round.batch_size
        self._signal(functools.partial(self._woken, hurry))

    def _woken(self, hurry: bool) -> None:
        if hurry:
            self._hurry.set()
        with self._lock:
            self._settled.clear()
            self._work.set()

    def _sender(self) -> Generator[Effect, Any, None]:
        """Delivery rounds, each followed by a backoff, a linger or the wait for a write."""
        while not self._stop.is_set():
            self._work.clear()
            self._hurry.clear()
            self._first_new, self._new_rows = None, 0  # what is written from now on is new
            try:
                delivered_all = yield from self._round.run()
            except Exception:
                logger.exception("outbox %s: the sender failed; trying again", self.path)
                delivered_all = False
            self._round_ended(delivered_all)
            if not delivered_all:
                yield _Wait(self._stop, self._backoff.next_delay() or 0.0)
                continue
            self._backoff.healthy()
            if not self._round.caught_up:
                continue
            held = self._round.held_for  # the list being written waits for the rest of it
            if held is None:
                with self._lock:
                    if not self._work.is_set():
                        self._settled.set()
                yield _Wait(self._work, None)
                first = self._first_new  # the linger runs from the oldest new write
                held = 0.0 if first is None else first + self._round.linger - time.monotonic()
            yield _Wait(self._hurry, max(0.0, held))

    def _flushing(
        self, timeout: float | None, progress: ProgressCallback | None
    ) -> Generator[_Wait, bool, bool]:
        deadline = time.monotonic() + (math.inf if timeout is None else timeout)
        while (left := deadline - time.monotonic()) > 0:
            if (yield _Wait(self._settled, min(1.0, left))):
                return True
            if progress is not None:
                progress(self.stats())
        return self._settled.is_set()

    def stats(self) -> OutboxStats:
        """Pending by kind, oldest pending age, delivered, dead letters and the last error."""
        return _stats(self._journal)

    def dead_letters(self, limit: int | None = None) -> list[DeadLetter]:
        """The writes the backend refused for good, oldest first."""
        return self._journal.dead_letters(limit)

    def _round_ended(self, delivered_all: bool) -> None:
        """Tell the operator once when the backend stops taking writes, once when caught up."""
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


class Outbox(_Outbox[SmartEMAPIClient]):
    """Durable write-behind queue over a :class:`SmartEMAPIClient`, sent from a thread.

    Args:
        client: Delivers the writes; the outbox does not close it.
        path: The journal file; created if missing, resumed if it holds pending writes.
        batch_size: Largest list request; the client's ``chunk_size`` by default.
        max_bytes: Pending payload the journal may hold before writes raise OutboxFull.
        synchronous: ``"FULL"`` (fsync per write) or ``"NORMAL"`` (a power cut may lose the
            last writes, a killed process nothing).
        retry_first, retry_cap: Backoff after a failed round, doubling up to the cap.
        linger: Seconds a write may wait for more to travel with it (``DEFAULT_LINGER``);
            a write to another list ends the wait; 0 sends each round's writes at once.
        drain_timeout: How long leaving the ``with`` block waits for delivery.
    """

    _new_event = threading.Event

    def _start(self) -> None:
        flow = (self._sender(), self._perform)
        self._thread = threading.Thread(target=run, args=flow, name="smartem-outbox", daemon=True)
        self._thread.start()

    def _perform(self, effect: Effect) -> Any:
        if isinstance(effect, _Wait):
            return effect.event.wait(effect.timeout)
        method, args = effect
        return getattr(self.client, method)(*args)

    def flush(self, timeout: float | None = None, progress: ProgressCallback | None = None) -> bool:
        """Wait until every pending write is delivered (or dead); False if time ran out.

        progress: called about once a second with the stats while waiting.
        """
        return run(self._flushing(timeout, progress), self._perform)

    def close(self) -> None:
        """Stop the sender (after its current request) and close the journal."""
        if self._closed:
            return
        self._closed = True
        for event in (self._stop, self._hurry, self._work):
            event.set()
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


class AsyncOutbox(_Outbox[AsyncSmartEMAPIClient]):
    """:class:`Outbox` over an :class:`AsyncSmartEMAPIClient`, sent from a task (``start``)."""

    _new_event = asyncio.Event
    _loop: asyncio.AbstractEventLoop | None = None
    _loop_thread: int | None = None
    _task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start the sender task on the running loop (``async with`` does this)."""
        if self._task is None:
            self._loop = asyncio.get_running_loop()
            self._loop_thread = threading.get_ident()
            flow = arun(self._sender(), self._perform)
            self._task = self._loop.create_task(flow, name="smartem-outbox")

    def _signal(self, change: Callable[[], None]) -> None:
        loop = self._loop
        if loop is None or threading.get_ident() == self._loop_thread:
            change()
        else:  # asyncio events are not thread-safe
            loop.call_soon_threadsafe(change)

    async def _perform(self, effect: Effect) -> Any:
        if isinstance(effect, _Wait):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(effect.event.wait(), effect.timeout)
            return effect.event.is_set()
        method, args = effect
        return await getattr(self.client, method)(*args)

    async def flush(
        self, timeout: float | None = None, progress: ProgressCallback | None = None
    ) -> bool:
        """Wait until every pending write is delivered (or dead); False if time ran out."""
        self.start()
        return await arun(self._flushing(timeout, progress), self._perform)

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
