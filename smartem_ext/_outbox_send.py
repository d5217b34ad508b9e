"""The outbox sender: delivery rounds as an I/O-free flow (see ``_effects``).

A round plans the oldest pending rows into batches (parents first) and yields each as a
``("replay", (operation, parameters, body))`` client call, sent back its result or thrown
the SmartEMError it raised. Decoding the next batch, marking the last delivered and reading the
next window run on a worker thread while a request is in flight.

Failures: transport errors, 5xx, 401/403, 408 and 429 mean "not now" (the sender backs
off); other 4xx mean "never" (a batch is halved until the refused rows, alone, become dead
letters; a delete's 404 is delivered). A bare 500 and a refused acknowledgement may be
either: rows whose parent the backend lacks and no pending write creates are dead letters,
and so is a row refused ``REFUSALS`` times while its parents exist.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Container, Generator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Final, TypeVar

import attrs

from smartem_ext import _outbox_writes as writes
from smartem_ext import errors
from smartem_ext._journal import Journal, Row
from smartem_ext.errors import NotFound, PartialFailure, SmartEMError

ClientCall = tuple[str, tuple[Any, ...]]  # a client method's name and its arguments
Flow = Generator[ClientCall, Any, bool]  # returns whether the round delivered all it planned
# Rows read, their plan, the journal's ``appended`` when read, and what fold absorbed.
Window = tuple[list[Row], list["Bundle"], int, dict[int, list[Row]]]

T = TypeVar("T")
REFUSALS: Final = 3
logger = logging.getLogger("smartem_ext.outbox")


@attrs.define
class Bundle:
    """Journal rows sent together: one request of ``op`` (a list operation's items)."""

    op: str
    group: str
    rows: list[Row]


def plan(rows: Sequence[Row], batch_size: int) -> list[Bundle]:
    """Rows in batches, parents before children, each list at most ``batch_size`` long.

    A row written before the parent it needs (both in ``rows``) waits for that parent. A
    delete closes the open lists: what was written before it goes before it, what was
    written after it goes after it (a delete of a grid square removes its foil holes).
    """
    batches: list[Bundle] = []
    open_batch: dict[tuple[str, str], int] = {}
    created_in: dict[str, int] = {}
    members: dict[int, set[str]] = {}
    coming = {row.uuid for row in rows if _creates(row)}
    waiting: dict[str, list[Row]] = {}

    def place(row: Row) -> None:
        key = (row.op, row.group)
        index = open_batch.get(key) if row.op in writes.BATCHED_OPS else None
        if index is not None:
            ready = all(created_in.get(_uuid_of(dep), -1) < index for dep in row.deps)
            repeated = _creates(row) and row.uuid in members[index]
            if not ready or repeated or len(batches[index].rows) >= _limit(row.op, batch_size):
                index = None
        if index is None:
            index = len(batches)
            batches.append(Bundle(row.op, row.group, []))
            members[index] = set()
            open_batch[key] = index
        batches[index].rows.append(row)
        members[index].add(row.uuid)
        if _creates(row) and row.uuid not in created_in:
            created_in[row.uuid] = index
            for child in waiting.pop(row.uuid, []):
                settle(child)

    def settle(row: Row) -> None:
        for dep in row.deps:
            parent = _uuid_of(dep)
            if parent != row.uuid and parent in coming and parent not in created_in:
                waiting.setdefault(parent, []).append(row)
                return
        place(row)

    for row in rows:
        if row.kind == "delete":
            open_batch.clear()
        settle(row)
    for stuck in list(waiting.values()):  # only a row that (oddly) needs its own child
        for row in stuck:
            place(row)
    return batches


def fold(rows: Sequence[Row], apart: Container[int] = ()) -> tuple[list[Row], dict[int, list[Row]]]:
    """Updates folded into the pending create of their entity (not across a delete of it).

    Returns the rows to plan (a create that took updates carries the merged body) and, by
    the create's seq, the update rows it took, which are delivered or refused with it.
    Creates whose seq is in ``apart`` take none.
    """
    creates: dict[str, Row] = {}
    bodies: dict[int, dict[str, Any]] = {}
    absorbed: dict[int, list[Row]] = {}
    kept: list[Row] = []
    for row in rows:
        create = creates.get(row.uuid) if row.kind == "update" else None
        if create is not None:
            if create.seq not in bodies:
                bodies[create.seq] = json.loads(create.body)
            bodies[create.seq].update(json.loads(row.body))
            absorbed.setdefault(create.seq, []).append(row)
            continue
        if row.kind == "delete":
            creates.pop(row.uuid, None)
        elif _creates(row) and row.kind != "tile_link" and row.seq not in apart:
            creates[row.uuid] = row
        kept.append(row)
    for index, row in enumerate(kept):
        if row.seq in bodies:
            kept[index] = attrs.evolve(row, body=json.dumps(bodies[row.seq], separators=(",", ":")))
    return kept, absorbed


def hold_open(
    batches: Sequence[Bundle], batch_size: int, linger: float, now: float
) -> tuple[list[Bundle], float | None]:
    """The batches to send now, and in how many seconds the held ones may go (None: none).

    The list batch with the newest list row waits while it is not full and that row is
    younger than ``linger``: its group is likely still being written, and sent now it would
    take two requests. Batches that need an entity it creates wait with it, and so does
    everything from the first delete after it on.
    """
    lists = [batch for batch in batches if batch.op in writes.BATCHED_OPS]
    if not lists or linger <= 0:
        return list(batches), None
    newest = max(lists, key=lambda batch: max(row.seq for row in batch.rows))
    age = now - max(row.written for row in newest.rows)
    if len(newest.rows) >= _limit(newest.op, batch_size) or not 0 <= age < linger:
        return list(batches), None
    waiting = {row.uuid for row in newest.rows if _creates(row)}
    send: list[Bundle] = []
    later = batches[batches.index(newest) + 1 :]
    barrier = next((i for i, b in enumerate(later) if b.rows[0].kind == "delete"), len(later))
    for batch in later[:barrier]:
        if any(_uuid_of(dep) in waiting for row in batch.rows for dep in row.deps):
            waiting.update(row.uuid for row in batch.rows if _creates(row))
        else:
            send.append(batch)
    return [*batches[: batches.index(newest)], *send], linger - age


def _limit(op: str, batch_size: int) -> int:
    return min(batch_size, writes.LIST_LIMITS.get(op, batch_size))


def _creates(row: Row) -> bool:
    """Whether the row creates its entity (updates and registered marks share its uuid)."""
    return row.kind not in writes.CHANGES


def _uuid_of(dep: str) -> str:
    return dep.partition(":")[2]


def _arguments(batch: Bundle) -> tuple[Any, ...]:
    """The ``replay`` arguments of a batch (a list operation's body: its rows' bodies)."""
    params = json.loads(batch.rows[0].params)
    if batch.op in writes.BATCHED_OPS:
        return (batch.op, params, [json.loads(row.body) for row in batch.rows])
    (only,) = batch.rows
    return (batch.op, params, json.loads(only.body))


def _cause(error: SmartEMError) -> SmartEMError:
    """The error behind a one-request PartialFailure, which is how bulk calls report."""
    if isinstance(error, PartialFailure) and len(error.errors) == 1 and not error.landed:
        return error.errors[0]
    return error


class Round:
    """Delivery rounds over the journal's oldest rows; ``close`` when done with it."""

    def __init__(self, journal: Journal, batch_size: int, window: int, linger: float) -> None:
        self.journal = journal
        self.batch_size = batch_size
        self.window = window
        self.linger = linger
        self.refusals: dict[int, int] = {}
        self.last_error: str | None = None
        self.caught_up = False  # the last round read every row pending when it started
        self.held_for: float | None = None  # seconds until the list held back may go
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="smartem-outbox-journal")
        self._marking: list[Future[None]] = []
        self._next: Future[Window] | None = None  # read while the last (full) window was sent
        self._absorbed: dict[int, list[Row]] = {}  # the updates each create took (see fold)
        self._apart: set[int] = set()  # creates refused with updates in them: sent alone

    def close(self) -> None:
        """Let the journal work in flight finish and stop the worker thread."""
        self._worker.shutdown(wait=True)

    def run(self) -> Flow:
        self._settle()
        ahead, self._next = self._next, None
        if ahead is None:
            rows, batches, _, self._absorbed = self._read_ahead(0)
            current = True  # a write after this read wakes the sender for another round
        else:
            rows, batches, appended, self._absorbed = ahead.result()
            # A window read ahead misses the writes made since, which woke the sender for
            # this round: it is all there is only if nothing was written.
            current = self.journal.appended == appended
        self.caught_up = len(rows) < self.window and current
        self.held_for = None
        if self.caught_up:  # the newest rows are in the window: the last list may be open
            batches, self.held_for = hold_open(batches, self.batch_size, self.linger, time.time())
        upcoming = self._decoding(batches, 0)
        # Behind a full window, the next one (after its last seq) is read while this round
        # sends; otherwise the next round reads from the start, finding what was held back.
        full = len(rows) == self.window
        following = self._later(self._read_ahead, rows[-1].seq) if full else None
        try:
            for index, batch in enumerate(batches):
                arguments, upcoming = upcoming, self._decoding(batches, index + 1)
                if not (yield from self._deliver(batch, arguments)):
                    return False
            self._next = following
            return True
        finally:
            self._settle()

    def _read_ahead(self, after: int) -> Window:
        appended = self.journal.appended
        rows = self.journal.window(self.window, after)
        folded, absorbed = fold(rows, self._apart)
        return rows, plan(folded, self.batch_size), appended, absorbed

    def _decoding(self, batches: Sequence[Bundle], index: int) -> Future[tuple[Any, ...]] | None:
        return self._later(_arguments, batches[index]) if index < len(batches) else None

    def _later(self, work: Callable[..., T], *args: Any) -> Future[T]:
        """``work`` on the worker thread; at once if the worker is gone (closed, exiting)."""
        try:
            return self._worker.submit(work, *args)
        except RuntimeError:
            done: Future[T] = Future()
            try:
                done.set_result(work(*args))
            except Exception as error:
                done.set_exception(error)
            return done

    def _settle(self) -> None:
        """Wait for the delivered marks in flight; raises what a mark raised."""
        marking, self._marking = self._marking, []
        for mark in marking:
            mark.result()

    def _deliver(self, batch: Bundle, decoded: Future[tuple[Any, ...]] | None = None) -> Flow:
        try:
            arguments = _arguments(batch) if decoded is None else decoded.result()
        except Exception as unreadable:  # a payload this version cannot read
            self._bury(batch.rows, unreadable)
            return True
        try:
            outcome = yield ("replay", arguments)
        except SmartEMError as failure:
            outcome = failure
        gone = batch.rows[0].kind == "delete" and isinstance(_cause(outcome), NotFound)
        if not isinstance(outcome, SmartEMError) or gone:  # a delete's 404: what it wanted
            self._marking.append(self._later(self.journal.finish, self._with_absorbed(batch.rows)))
            self._forget(batch.rows)
            return True
        self._settle()
        error = _cause(outcome)
        if isinstance(error, PartialFailure):
            # A list split by the client into several requests: keep what landed.
            landed = set(error.landed)
            done = [row for row in batch.rows if row.uuid in landed]
            self.journal.finish(self._with_absorbed(done))
            self._forget(done)
            rest = [row for row in batch.rows if row.uuid not in landed]
            error = error.errors[0]
            batch = Bundle(batch.op, batch.group, rest)
        if isinstance(error, errors.LinkParentsNotFound):
            # Links whose tile or square the backend lacks: dead letters, unless a pending
            # write still creates that parent; the other links of the list go on.
            parents = (*error.tiles, *error.gridsquares)
            missing = {uuid for uuid in parents if not self.journal.is_pending(uuid)}
            if not missing:
                return self._stopped(error)
            return (yield from self._without_orphans(batch, missing, error))
        # A bare 500, or an acknowledgement refused as one sent before the agent's stream is.
        status = error.status_code if isinstance(error, errors.APIError) else None
        bare_500 = status == 500 and isinstance(error, errors.ServerError)
        if bare_500 or (status in (400, 404) and batch.rows[0].kind == "ack"):
            return (yield from self._after_500(batch, error))
        if isinstance(error, errors.TransportError | errors.AuthError) or (
            status is not None and (status >= 500 or status in (408, 429))
        ):
            return self._stopped(error)  # "not now" (see the module docstring)
        return (yield from self._refused(batch, error))

    def _without_orphans(self, batch: Bundle, missing: set[str], error: SmartEMError) -> Flow:
        """Bury the rows that need a ``missing`` parent; deliver the rest."""
        orphans = [row for row in batch.rows if any(_uuid_of(d) in missing for d in row.deps)]
        self._bury(orphans, error)
        rest = [row for row in batch.rows if row not in orphans]
        return (yield from self._deliver(Bundle(batch.op, batch.group, rest))) if rest else True

    def _refused(self, batch: Bundle, error: SmartEMError) -> Flow:
        if len(batch.rows) == 1:
            self._bury(batch.rows, error)
            return True
        half = len(batch.rows) // 2
        for part in (batch.rows[:half], batch.rows[half:]):
            if not (yield from self._deliver(Bundle(batch.op, batch.group, part))):
                return False
        return True

    def _after_500(self, batch: Bundle, error: SmartEMError) -> Flow:
        missing: dict[str, NotFound] = {}
        for dep in sorted({dep for row in batch.rows for dep in row.deps}):
            kind, _, uuid = dep.partition(":")
            try:
                yield (f"get_{kind}", (uuid,))  # the client's read of that kind
            except NotFound as gone:
                if not self.journal.is_pending(uuid):
                    missing[uuid] = gone
            except SmartEMError:
                return self._stopped(error)  # the backend cannot even read: an outage
        if missing:
            first = next(iter(missing.values()))
            return (yield from self._without_orphans(batch, set(missing), first))
        for row in batch.rows:
            self.refusals[row.seq] = self.refusals.get(row.seq, 0) + 1
        if min(self.refusals[row.seq] for row in batch.rows) < REFUSALS:
            return self._stopped(error)
        return (yield from self._refused(batch, error))

    def _with_absorbed(self, rows: Sequence[Row]) -> list[Row]:
        return [*rows, *(update for row in rows for update in self._absorbed.get(row.seq, ()))]

    def _forget(self, rows: Sequence[Row]) -> None:
        for row in rows:
            self.refusals.pop(row.seq, None)

    def _bury(self, rows: Sequence[Row], error: Exception) -> None:
        # A create refused with updates in it is tried again alone, its updates after it:
        # it may have landed before they were made, and then only its own body is recognised.
        merged = {row.seq for row in rows if row.seq in self._absorbed}
        if merged:
            self._apart |= merged
            self.caught_up = False  # another round sends them at once
        self._forget([row for row in rows if row.seq in merged])
        rows = self._with_absorbed([row for row in rows if row.seq not in merged])
        reason = f"{type(error).__name__}: {error}"
        self.journal.finish(rows, reason)
        self._forget(rows)
        for row in rows:
            logger.error("outbox: %s %s refused for good: %s", row.kind, row.uuid, reason)

    def _stopped(self, error: SmartEMError) -> bool:
        """Keep ``error`` as the last one; the round stops (delivered not all)."""
        self.last_error = f"{type(error).__name__}: {error}"
        self.journal.note_error(self.last_error)
        return False
