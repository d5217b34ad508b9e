"""The outbox's journal: pending writes, dead letters and counters in one SQLite file.

Durability policy: WAL mode with ``synchronous=FULL`` by default, one transaction (one
INSERT) and one fdatasync of the WAL per write call, so a call returns only after its
record is on disk; a power cut after that keeps it. ``synchronous="NORMAL"`` skips the
per-commit fsync: a killed process loses nothing (the data is in the OS), a power cut may
lose the last writes.

The writes and the sender use a connection each. The sender's transactions (a batch
delivered, a dead letter, the last error) commit with ``synchronous=NORMAL``: the next
write's fsync carries them to disk, and one lost to a power cut only means a batch is
sent (or refused) again, which the idempotent creates make no duplicate. So the only
fsync on the write path is the write's own, and the sender never holds the writer up on
the disk. A Python lock lets one write transaction run at a time, so neither connection
meets SQLite's busy handler, which sleeps.

A write touches as few pages as it can (about 1.3 WAL frames, against 3.6 with an
AUTOINCREMENT key and a uuid index): rows are keyed by their rowid alone, so a commit
writes the table's last leaf and little else. A rowid may come back once the newest rows
are delivered, which is harmless: dead letters keep their own rowid, and nothing else
refers to a row that is gone. The WAL is checkpointed by the commit that takes it past
``_CHECKPOINT_PAGES`` and then overwritten from its start, so a write's fdatasync
flushes an overwritten region of a file whose size does not change.

Payloads are pickled with an unpickler that only builds the EPU data model and the
standard types it holds, so a journal file cannot make the reader run arbitrary code.
Arguments that are scalars, or EPU objects whose every field is a scalar (a foil hole),
are pickled as a tuple of scalars instead: ``(class name, field values...)`` for each
object. For a foil hole that is half the bytes, less than half the time to write and
about two thirds of the time to read, and the reader never looks a class up for it.
Payloads of either form read back; files written before the compact form still read.
"""

from __future__ import annotations

import io
import operator
import os
import pickle
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any, Final, Literal

import attrs

from smartem_ext import epu

__all__ = ["DeadLetter", "Journal", "JournalFull", "Row", "Synchronous", "decode", "encode"]

Synchronous = Literal["FULL", "NORMAL"]

# Files made before the lean schema keep AUTOINCREMENT (harmless); their index is dropped.
_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS pending (
    seq INTEGER PRIMARY KEY,
    op TEXT NOT NULL,
    kind TEXT NOT NULL,
    grp TEXT NOT NULL,
    uuid TEXT NOT NULL,
    deps TEXT NOT NULL,
    payload BLOB NOT NULL,
    written REAL NOT NULL
);
DROP INDEX IF EXISTS pending_uuid;
CREATE TABLE IF NOT EXISTS dead (
    seq INTEGER NOT NULL,
    op TEXT NOT NULL,
    kind TEXT NOT NULL,
    grp TEXT NOT NULL,
    uuid TEXT NOT NULL,
    deps TEXT NOT NULL,
    payload BLOB NOT NULL,
    written REAL NOT NULL,
    error TEXT NOT NULL,
    failed REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value) WITHOUT ROWID;
"""
_COLUMNS: Final = "seq, op, kind, grp, uuid, deps, payload, written"
_INSERT: Final = "INSERT INTO pending (op, kind, grp, uuid, deps, payload, written) VALUES"
_CHECKPOINT_PAGES: Final = 1000
"""WAL pages after which a commit checkpoints (SQLite's default), then the WAL restarts."""
_WAL_LIMIT: Final = 64 << 20
"""Bytes a WAL grown past its usual size (a large write, a long read) is cut back to."""
_ROW_VALUES: Final = "(?, ?, ?, ?, ?, ?, ?)"
_ONE_STATEMENT_ROWS: Final = 999 // 7
"""Rows stored by one INSERT (SQLite builds before 3.32 allow 999 parameters)."""

_ALLOWED_MODULES: Final = frozenset({"smartem_ext.epu", "pathlib", "datetime", "copyreg"})
_ALLOWED_BUILTINS: Final = frozenset({"tuple", "dict", "list", "set", "frozenset"})


class JournalFull(Exception):
    """The journal cannot take the write: its size limit or the disk is reached."""


@attrs.frozen
class Row:
    """One pending write: the client method to call and its pickled arguments.

    deps: ``kind:uuid`` of every entity the write needs on the backend first.
    """

    seq: int
    op: str
    kind: str
    group: str
    uuid: str
    deps: tuple[str, ...]
    payload: bytes
    written: float


@attrs.frozen
class DeadLetter:
    """A write the backend refused for good, with the reason."""

    seq: int
    op: str
    kind: str
    uuid: str
    error: str
    written: float
    failed: float


@attrs.frozen
class NewRow:
    op: str
    kind: str
    group: str
    uuid: str
    deps: tuple[str, ...]
    args: tuple[Any, ...]


class _EPUUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module in _ALLOWED_MODULES or (module == "builtins" and name in _ALLOWED_BUILTINS):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"the outbox journal may not hold {module}.{name}")


_SCALARS: Final = frozenset({str, int, float, bool, type(None)})
_SCALAR_BASES: Final = (bool, int, float, str)
"""What a subclass of a scalar type is stored as, tried in this order (bool is an int)."""
_SCALAR_NAMES: Final = frozenset({"str", "int", "float", "bool", "None"})
_COMPACT: Final = "\x00compact"
"""First item of a compact payload; an argument is never this text."""


def _scalar_fields(cls: type) -> tuple[str, ...] | None:
    """The field names of an EPU class whose fields are all typed as scalars, else None
    (None too for a single field, whose attrgetter would not give a tuple)."""
    names = []
    for field in attrs.fields(cls):
        written = field.type.__name__ if isinstance(field.type, type) else str(field.type)
        if not {part.strip() for part in written.split("|")} <= _SCALAR_NAMES:
            return None
        names.append(field.name)
    return tuple(names) if len(names) > 1 else None


_FLAT: Final[dict[type, operator.attrgetter[tuple[Any, ...]]]] = {}
_FLAT_BY_NAME: Final[dict[str, tuple[type, tuple[str, ...]]]] = {}
for _cls in vars(epu).values():
    if isinstance(_cls, type) and attrs.has(_cls) and _cls.__module__ == epu.__name__:
        _names = _scalar_fields(_cls)
        if _names is not None:
            _FLAT[_cls] = operator.attrgetter(*_names)
            _FLAT_BY_NAME[_cls.__name__] = (_cls, _names)


def encode(args: tuple[Any, ...]) -> bytes:
    compact: list[Any] = [_COMPACT]
    for arg in args:
        kind = type(arg)
        fields = _FLAT.get(kind)
        if kind in _SCALARS:
            compact.append(arg)
        elif fields is not None:
            values = fields(arg)
            if not _SCALARS.issuperset(map(type, values)):
                values = tuple(map(_plain, values))
            compact.append((kind.__name__, *values))
        elif isinstance(arg, _SCALAR_BASES):
            compact.append(_plain(arg))
        else:
            break
    else:
        return pickle.dumps(tuple(compact), protocol=pickle.HIGHEST_PROTOCOL)
    return pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL)


def _plain(value: Any) -> Any:
    """A value of a subclass of a scalar type (a numpy float, say) as the scalar it is.

    The reader would refuse the subclass; the request sends the same number or text.
    """
    for scalar in _SCALAR_BASES:
        if isinstance(value, scalar):
            return scalar(value)
    return value  # not a scalar at all: pickled as it is, and the reader judges it


def decode(payload: bytes) -> tuple[Any, ...]:
    args = _EPUUnpickler(io.BytesIO(payload)).load()
    if not isinstance(args, tuple):
        raise pickle.UnpicklingError("an outbox payload is a tuple of arguments")
    if args and type(args[0]) is str and args[0] == _COMPACT:
        return tuple(_rebuilt(arg) if type(arg) is tuple else arg for arg in args[1:])
    return args


def _rebuilt(values: tuple[Any, ...], set_field: Any = object.__setattr__) -> Any:
    """The EPU object a compact payload wrote as ``(class name, field values...)``."""
    cls, names = _FLAT_BY_NAME.get(values[0], (None, ()))
    if cls is None or len(names) != len(values) - 1:
        raise pickle.UnpicklingError(f"the outbox journal may not hold {values[0]!r}")
    entity: Any = object.__new__(cls)
    for name, value in zip(names, values[1:], strict=True):
        set_field(entity, name, value)  # as unpickling sets them: no validators run
    return entity


def _row(values: Sequence[Any]) -> Row:
    seq, op, kind, grp, uuid, deps, payload, written = values
    return Row(seq, op, kind, grp, uuid, tuple(deps.split()), payload, written)


class Journal:
    """Thread-safe access to one outbox file.

    max_bytes: largest total payload of pending writes; a write past it raises JournalFull.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        max_bytes: int,
        synchronous: Synchronous = "FULL",
        read_only: bool = False,
    ) -> None:
        if synchronous not in ("FULL", "NORMAL"):
            raise ValueError(f"synchronous must be 'FULL' or 'NORMAL', got {synchronous!r}")
        if max_bytes < 1:
            raise ValueError(f"max_bytes must be positive, got {max_bytes}")
        self.path = os.fspath(path)
        self.max_bytes = max_bytes
        # One write transaction at a time across both connections, so neither meets
        # SQLITE_BUSY and its sleeping retries; the reader's lock guards its connection.
        self._write_lock = threading.Lock()
        self._read_lock = threading.Lock()
        self._writer: sqlite3.Connection | None = None
        if read_only:
            if not os.path.exists(self.path):
                raise FileNotFoundError(f"no outbox journal at {self.path}")
            uri = f"file:{self.path}?mode=ro"
            self._reader = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            self._writer = _connect(self.path, synchronous)
            try:
                self._writer.executescript(_SCHEMA)
                self._reader = _connect(self.path, "NORMAL")
            except BaseException:
                self._writer.close()
                raise
        (total,) = self._reader.execute(
            "SELECT COALESCE(SUM(LENGTH(payload)), 0) FROM pending"
        ).fetchone()
        self.pending_bytes: int = total
        self.appended = 0
        """Rows this journal object stored so far: a reader that saw it unchanged across a
        read knows no write landed in between."""

    def close(self) -> None:
        with self._write_lock, self._read_lock:
            self._reader.close()
            if self._writer is not None:
                self._writer.close()

    # Writing ---------------------------------------------------------------------------

    def append(self, rows: Iterable[NewRow]) -> int:
        """Store rows in one transaction; returns how many. All or none."""
        now = time.time()
        encoded = [
            (row.op, row.kind, row.group, row.uuid, " ".join(row.deps), encode(row.args), now)
            for row in rows
        ]
        size = sum(len(values[5]) for values in encoded)
        db = self._writable()
        with self._write_lock:
            if self.pending_bytes + size > self.max_bytes:
                raise JournalFull(
                    f"outbox journal {self.path} is full: {self.pending_bytes} bytes pending, "
                    f"limit {self.max_bytes}; this write needs {size} more"
                )
            try:
                if len(encoded) <= _ONE_STATEMENT_ROWS:
                    # One statement is its own transaction: one commit, one wait for the lock.
                    values = ", ".join([_ROW_VALUES] * len(encoded))
                    db.execute(f"{_INSERT} {values}", [v for row in encoded for v in row])
                else:
                    db.execute("BEGIN IMMEDIATE")
                    db.executemany(f"{_INSERT} {_ROW_VALUES}", encoded)
                    db.execute("COMMIT")
            except sqlite3.OperationalError as error:
                _rollback(db)
                if "full" in str(error).lower():
                    raise JournalFull(f"outbox journal {self.path}: {error}") from error
                raise
            except BaseException:
                _rollback(db)
                raise
            self.pending_bytes += size
            self.appended += len(encoded)
        return len(encoded)

    def delivered(self, rows: Sequence[Row]) -> None:
        """Drop delivered rows and count them, in one transaction."""
        self._finish(rows, None)

    def dead(self, rows: Sequence[Row], error: str) -> None:
        """Move rows to the dead letters with the error that refused them."""
        self._finish(rows, error)

    def note_error(self, error: str) -> None:
        """Keep the sender's latest failure (and when it happened) for the stats."""
        with self._read_lock, self._write_lock:
            self._reader.executemany(
                "INSERT OR REPLACE INTO counters (name, value) VALUES (?, ?)",
                [("last_error", error), ("last_error_at", time.time())],
            )

    def _finish(self, rows: Sequence[Row], error: str | None) -> None:
        if not rows:
            return
        spans = _runs(sorted(row.seq for row in rows))
        size = sum(len(row.payload) for row in rows)
        db = self._reader
        with self._read_lock, self._write_lock:
            try:
                db.execute("BEGIN IMMEDIATE")
                if error is not None:
                    failed = time.time()
                    db.executemany(
                        f"INSERT INTO dead ({_COLUMNS}, error, failed) "
                        f"SELECT {_COLUMNS}, ?, ? FROM pending WHERE seq BETWEEN ? AND ?",
                        [(error, failed, first, last) for first, last in spans],
                    )
                    counter = "dead"
                else:
                    counter = "delivered"
                db.executemany("DELETE FROM pending WHERE seq BETWEEN ? AND ?", spans)
                db.execute(
                    "INSERT INTO counters (name, value) VALUES (?, ?) "
                    "ON CONFLICT (name) DO UPDATE SET value = value + excluded.value",
                    (counter, len(rows)),
                )
                db.execute("COMMIT")
            except BaseException:
                _rollback(db)
                raise
            self.pending_bytes -= size

    def _writable(self) -> sqlite3.Connection:
        if self._writer is None:
            raise sqlite3.OperationalError(f"outbox journal {self.path} is open read-only")
        return self._writer

    # Reading ---------------------------------------------------------------------------

    def _read(self, query: str, parameters: Sequence[Any] = ()) -> list[Any]:
        with self._read_lock:
            return self._reader.execute(query, parameters).fetchall()

    def window(self, limit: int, after: int = 0) -> list[Row]:
        """The oldest ``limit`` pending rows past seq ``after``, oldest first."""
        found = self._read(
            f"SELECT {_COLUMNS} FROM pending WHERE seq > ? ORDER BY seq LIMIT ?", (after, limit)
        )
        return [_row(values) for values in found]

    def is_pending(self, uuid: str) -> bool:
        """Whether a pending write creates or changes the entity ``uuid``.

        A scan (about 0.3 s for 10^6 pending rows): an index would cost every write a
        page, and only a refusal whose parent the backend lacks asks.
        """
        return bool(self._read("SELECT 1 FROM pending WHERE uuid = ? LIMIT 1", (uuid,)))

    def pending_by_kind(self) -> dict[str, int]:
        found = self._read("SELECT kind, COUNT(*) FROM pending GROUP BY kind")
        return {kind: int(count) for kind, count in found}

    def oldest_written(self) -> float | None:
        found = self._read("SELECT written FROM pending ORDER BY seq LIMIT 1")
        return float(found[0][0]) if found else None

    def counter(self, name: str) -> Any:
        found = self._read("SELECT value FROM counters WHERE name = ?", (name,))
        return found[0][0] if found else None

    def dead_letters(self, limit: int | None = None) -> list[DeadLetter]:
        found = self._read(
            "SELECT seq, op, kind, uuid, error, written, failed FROM dead ORDER BY rowid LIMIT ?",
            (-1 if limit is None else limit,),
        )
        return [DeadLetter(*values) for values in found]

    def dead_count(self) -> int:
        [(count,)] = self._read("SELECT COUNT(*) FROM dead")
        return int(count)


def _connect(path: str, synchronous: Synchronous) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(f"PRAGMA synchronous={synchronous}")
        db.execute(f"PRAGMA wal_autocheckpoint={_CHECKPOINT_PAGES}")
        db.execute(f"PRAGMA journal_size_limit={_WAL_LIMIT}")
    except BaseException:
        db.close()
        raise
    return db


def _runs(seqs: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted seqs as (first, last) runs of consecutive numbers: a batch written in one go
    is one run, deleted by one range instead of a statement per row."""
    runs: list[tuple[int, int]] = []
    for seq in seqs:
        if runs and runs[-1][1] == seq - 1:
            runs[-1] = (runs[-1][0], seq)
        else:
            runs.append((seq, seq))
    return runs


def _rollback(db: sqlite3.Connection) -> None:
    if db.in_transaction:
        db.execute("ROLLBACK")
