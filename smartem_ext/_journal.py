"""The outbox's journal: pending writes, dead letters and counters in one SQLite file.

Format 2 (``user_version``): a pending row is a request as the contract names it (see
``_outbox_writes``) in JSON text. Opening a journal for sending rewrites format 1 (pickled
arguments, read back as EPU objects only) as this one; a newer one raises
JournalVersionError, untouched. WAL with ``synchronous=FULL``: a write call is one
transaction and one fsync; the sender commits through a second connection without one (a
lost mark only resends a batch).
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import pickle
import sqlite3
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, Final, Literal

import attrs

from smartem_ext import epu
from smartem_ext._outbox_writes import NewRow, Writes
from smartem_ext.errors import SmartEMError

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

__all__ = [
    "DeadLetter",
    "JournalVersionError",
    "OutboxClosed",
    "OutboxError",
    "OutboxFull",
    "OutboxInUse",
]

Synchronous = Literal["FULL", "NORMAL"]
FORMAT: Final = 2
"""The journal format this release writes (the file's ``user_version``)."""

_COLUMNS: Final = "seq, op, kind, grp, uuid, deps, params, body, written"
_TEXT: Final = ", ".join(f"{name} TEXT NOT NULL" for name in _COLUMNS.split(", ")[1:-1])
_SCHEMA: Final = (
    f"CREATE TABLE IF NOT EXISTS pending (seq INTEGER PRIMARY KEY, {_TEXT}, written REAL NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS dead (seq INTEGER NOT NULL, {_TEXT}, written REAL NOT NULL, "
    "error TEXT NOT NULL, failed REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value) WITHOUT ROWID",
)
_SIZE: Final = "LENGTH(params) + LENGTH(body)"
_INSERT: Final = "INSERT INTO pending (op, kind, grp, uuid, deps, params, body, written) VALUES"
_ONE_STATEMENT_ROWS: Final = 999 // 8  # SQLite builds before 3.32 allow 999 parameters
_CHECKPOINT_PAGES: Final = 1000  # WAL pages before a commit checkpoints (SQLite's default)
_WAL_LIMIT: Final = 64 << 20  # bytes a WAL grown past its usual size is cut back to
_LOGS: Final = "logs"
_json: Final = functools.partial(json.dumps, separators=(",", ":"), allow_nan=False)


class OutboxError(SmartEMError):
    """The outbox cannot take a write, or cannot open its journal."""


class OutboxFull(OutboxError):
    """The journal's size limit or the disk is reached; the write was not kept."""


class OutboxClosed(OutboxError):
    """The outbox was closed; it takes no more writes."""


class OutboxInUse(OutboxError):
    """Another outbox, in this process or another, has the journal open: one sender each."""


class JournalVersionError(OutboxError):
    """The journal was written in a format newer than this release reads; left untouched."""


@attrs.frozen
class Row:
    """A pending row (parameters and body as JSON text); deps as in ``NewRow``."""

    seq: int
    op: str
    kind: str
    group: str
    uuid: str
    deps: tuple[str, ...]
    params: str
    body: str
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


def _encoded(row: NewRow, now: float) -> tuple[Any, ...]:
    deps = " ".join(row.deps)
    return (row.op, row.kind, row.group, row.uuid, deps, _json(row.params), _json(row.body), now)


def _flock(handle: IO[bytes], lock: bool) -> None:
    if sys.platform == "win32":
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK if lock else msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB if lock else fcntl.LOCK_UN)


def _locked(journal: str) -> IO[bytes]:
    """The open ``<journal>.lock``, exclusively locked until :func:`_unlock`."""
    handle = open(journal + ".lock", "a+b")  # noqa: SIM115 - held until _unlock
    try:
        _flock(handle, True)
    except OSError as error:
        handle.close()
        raise OutboxInUse(
            f"outbox journal {journal} is in use by another outbox (in this process or "
            "another); one journal takes one sender"
        ) from error
    return handle


def _unlock(handle: IO[bytes]) -> None:
    try:
        _flock(handle, False)
    finally:
        handle.close()


class Journal:
    """Thread-safe access to one outbox file.

    max_bytes: largest total size (parameters and bodies) of pending writes; past it, log
    records are dropped and then data writes raise OutboxFull.
    read_only: for the stats of a journal another outbox may be sending; takes no lock.
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
        # One write transaction at a time across both connections; one use of the reader.
        self._write_lock = threading.Lock()
        self._read_lock = threading.Lock()
        self._writer: sqlite3.Connection | None = None
        self._lock: IO[bytes] | None = None
        self.pending_bytes = 0  # what the size limit counts; a read-only journal writes none
        if read_only:
            if not os.path.exists(self.path):
                raise FileNotFoundError(f"no outbox journal at {self.path}")
            self._reader = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            _version(self._reader, self.path)  # a newer format raises JournalVersionError
        else:
            self._lock = _locked(self.path)
            try:
                with contextlib.closing(sqlite3.connect(self.path)) as probe:
                    version = _version(probe, self.path)  # before anything is written to it
                self._writer = _connect(self.path, synchronous)
                if version < FORMAT:
                    _migrate(self._writer, version)
                self._reader = _connect(self.path, "NORMAL")
            except BaseException:
                if self._writer is not None:
                    self._writer.close()
                _unlock(self._lock)
                raise
            query = f"SELECT COALESCE(SUM({_SIZE}), 0) FROM pending"
            (self.pending_bytes,) = self._reader.execute(query).fetchone()
        self.appended = 0  # rows stored so far: unchanged across a read, no write landed

    def close(self) -> None:
        with self._write_lock, self._read_lock:
            self._reader.close()
            if self._writer is not None:
                self._writer.close()
            if self._lock is not None:
                _unlock(self._lock)
                self._lock = None

    def append(self, rows: Iterable[NewRow]) -> int:
        """Store rows, all or none; returns how many (0: log records dropped)."""
        now = time.time()
        encoded = [_encoded(row, now) for row in rows]
        if not encoded:
            return 0
        size = sum(len(values[5]) + len(values[6]) for values in encoded)
        db = self._writable()
        with self._write_lock:
            over = self.pending_bytes + size - self.max_bytes
            try:
                if over <= 0 and len(encoded) <= _ONE_STATEMENT_ROWS:
                    # One statement is its own transaction: one commit, one wait for the lock.
                    self._insert(db, encoded)
                else:
                    with _transaction(db):
                        freed = self._drop_logs(db, over) if over > 0 else 0
                        if over > freed:
                            if all(values[1] == _LOGS for values in encoded):
                                _add(db, "dropped_logs", len(encoded))
                                return 0
                            raise OutboxFull(
                                f"outbox journal {self.path} is full: {self.pending_bytes} "
                                f"bytes pending, limit {self.max_bytes}; this write needs "
                                f"{size} more"
                            )
                        for start in range(0, len(encoded), _ONE_STATEMENT_ROWS):
                            self._insert(db, encoded[start : start + _ONE_STATEMENT_ROWS])
                    self.pending_bytes -= freed
            except BaseException as error:
                _rollback(db)
                if isinstance(error, sqlite3.OperationalError) and "full" in str(error).lower():
                    raise OutboxFull(f"outbox journal {self.path}: {error}") from error
                raise
            self.pending_bytes += size
            self.appended += len(encoded)
        return len(encoded)

    @staticmethod
    def _insert(db: sqlite3.Connection, encoded: Sequence[tuple[Any, ...]]) -> None:
        values = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?)"] * len(encoded))
        db.execute(f"{_INSERT} {values}", [v for row in encoded for v in row])

    def _drop_logs(self, db: sqlite3.Connection, needed: int) -> int:
        """Delete the oldest log records to free ``needed`` bytes (none if they cannot)."""
        freed = 0
        dropped: list[int] = []
        for seq, size in db.execute(
            f"SELECT seq, {_SIZE} FROM pending WHERE kind = ? ORDER BY seq", (_LOGS,)
        ):
            if freed >= needed:
                break
            dropped.append(seq)
            freed += size
        if dropped and freed >= needed:
            db.executemany("DELETE FROM pending WHERE seq BETWEEN ? AND ?", _runs(dropped))
            _add(db, "dropped_logs", len(dropped))
        return freed

    def note_error(self, error: str) -> None:
        """Keep the sender's latest failure (and when it happened) for the stats."""
        with self._read_lock, self._write_lock:
            self._reader.executemany(
                "INSERT OR REPLACE INTO counters (name, value) VALUES (?, ?)",
                [("last_error", error), ("last_error_at", time.time())],
            )

    def finish(self, rows: Sequence[Row], error: str | None = None) -> None:
        """Drop delivered rows, or with the ``error`` that refused them move them to dead."""
        if not rows:
            return
        spans = _runs(sorted(row.seq for row in rows))
        db = self._reader
        with self._read_lock, self._write_lock:
            with _transaction(db):
                # Log rows may have been dropped to make room since they were read.
                query = f"SELECT COALESCE(SUM({_SIZE}), 0) FROM pending WHERE seq BETWEEN ? AND ?"
                size = sum(db.execute(query, span).fetchone()[0] for span in spans)
                if error is not None:
                    db.executemany(
                        f"INSERT INTO dead ({_COLUMNS}, error, failed) "
                        f"SELECT {_COLUMNS}, ?, ? FROM pending WHERE seq BETWEEN ? AND ?",
                        [(error, time.time(), first, last) for first, last in spans],
                    )
                db.executemany("DELETE FROM pending WHERE seq BETWEEN ? AND ?", spans)
                _add(db, "delivered" if error is None else "dead", len(rows))
            self.pending_bytes -= size

    def _writable(self) -> sqlite3.Connection:
        if self._writer is None:
            raise sqlite3.OperationalError(f"outbox journal {self.path} is open read-only")
        return self._writer

    def read(self, query: str, parameters: Sequence[Any] = ()) -> list[Any]:
        with self._read_lock:
            return self._reader.execute(query, parameters).fetchall()

    def window(self, limit: int, after: int = 0) -> list[Row]:
        """The oldest ``limit`` pending rows past seq ``after``, oldest first."""
        query = f"SELECT {_COLUMNS} FROM pending WHERE seq > ? ORDER BY seq LIMIT ?"
        found = self.read(query, (after, limit))
        return [
            Row(seq, op, kind, grp, uuid, tuple(deps.split()), params, body, written)
            for seq, op, kind, grp, uuid, deps, params, body, written in found
        ]

    def is_pending(self, uuid: str) -> bool:
        """Whether a pending write creates or changes ``uuid`` (a scan: an index costs writes)."""
        return bool(self.read("SELECT 1 FROM pending WHERE uuid = ? LIMIT 1", (uuid,)))

    def dead_letters(self, limit: int | None = None) -> list[DeadLetter]:
        found = self.read(
            "SELECT seq, op, kind, uuid, error, written, failed FROM dead ORDER BY rowid LIMIT ?",
            (-1 if limit is None else limit,),
        )
        return [DeadLetter(*values) for values in found]


def _version(db: sqlite3.Connection, path: str) -> int:
    """The file's format (0: a new file); JournalVersionError for one newer than FORMAT."""
    (version,) = db.execute("PRAGMA user_version").fetchone()
    if version > FORMAT:
        raise JournalVersionError(
            f"outbox journal {path} has format {version}; this release reads formats up to "
            f"{FORMAT}. Deliver it with the release that wrote it (or a later one); the file "
            "was not changed"
        )
    columns = {row[1] for row in db.execute("PRAGMA table_info(pending)")}
    return 1 if version == 0 and "payload" in columns else int(version)


def _migrate(db: sqlite3.Connection, version: int) -> None:
    """Bring a new file (0) or a format-1 file to this format, in one transaction."""
    with _transaction(db):
        for table in ("pending", "dead") if version == 1 else ():
            db.execute(f"ALTER TABLE {table} RENAME TO {table}_v1")
        for statement in _SCHEMA:
            db.execute(statement)
        if version == 1:
            _from_v1(db)
        db.execute(f"PRAGMA user_version = {FORMAT}")


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


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction: committed if the block ends (or returns), else rolled back."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        _rollback(db)
        raise
    db.execute("COMMIT")


def _rollback(db: sqlite3.Connection) -> None:
    if db.in_transaction:
        db.execute("ROLLBACK")


def _add(db: sqlite3.Connection, counter: str, count: int) -> None:
    db.execute(
        "INSERT INTO counters (name, value) VALUES (?, ?) "
        "ON CONFLICT (name) DO UPDATE SET value = value + excluded.value",
        (counter, count),
    )


def _runs(seqs: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted seqs as (first, last) runs of consecutive numbers, deleted a range at a time."""
    runs: list[tuple[int, int]] = []
    for seq in seqs:
        if runs and runs[-1][1] == seq - 1:
            runs[-1] = (runs[-1][0], seq)
        else:
            runs.append((seq, seq))
    return runs


# Format 1 (releases up to 0.1.0) kept the write method and its pickled arguments: EPU
# objects, or per object of scalar fields a tuple ("\x00compact", (class name, values...)).
# They are unpickled to the EPU data model only (a journal file cannot run code) and given
# to the same write method, which makes the format-2 rows. Methods that stored one item of
# a list did so as (parent uuid, item, flag), or under the name of the list's method.

_V1_MODULES: Final = frozenset({"smartem_ext.epu", "pathlib", "datetime", "copyreg"})
_V1_BUILTINS: Final = frozenset({"tuple", "dict", "list", "set", "frozenset"})
_COMPACT: Final = {  # the classes format 1 stored compactly: every field a scalar
    name: getattr(epu, name)
    for name in ("MicroscopeData", "GridSquareStagePosition", "FoilHolePosition", "FoilHoleData")
}
_LISTED: Final = ("create_grid_gridsquares", "create_gridsquare_foilholes")
_RENAMED: Final = {"link_atlas_tile_and_gridsquares": "link_atlas_tile_and_gridsquare"}


class _EPUUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module in _V1_MODULES or (module == "builtins" and name in _V1_BUILTINS):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"the outbox journal may not hold {module}.{name}")


def decode(payload: bytes) -> tuple[Any, ...]:
    """The arguments a format-1 row stored."""
    args = _EPUUnpickler(io.BytesIO(payload)).load()
    if not isinstance(args, tuple):
        raise pickle.UnpicklingError("an outbox payload is a tuple of arguments")
    if args[:1] != ("\x00compact",):
        return args
    return tuple(_rebuilt(*arg) if type(arg) is tuple else arg for arg in args[1:])


def _rebuilt(name: str, *values: Any) -> Any:
    """The EPU object a compact payload wrote as ``(class name, field values...)``."""
    cls = _COMPACT.get(name)
    if cls is None or len(attrs.fields(cls)) != len(values):
        raise pickle.UnpicklingError(f"the outbox journal may not hold {name!r}")
    entity: Any = object.__new__(cls)
    entity.__setstate__(values)  # as unpickling does: no validators run
    return entity


class _Rows(Writes, list[NewRow]):
    def _put(self, rows: Sequence[NewRow]) -> None:
        self.extend(rows)


def _from_v1(db: sqlite3.Connection) -> None:
    """Format-1 rows as format-2 rows, in order; one that cannot be read becomes a dead letter."""
    insert = f"INSERT INTO pending ({_COLUMNS}) VALUES (?, {', '.join('?' * 8)})"
    bury = f"INSERT INTO dead ({_COLUMNS}, error, failed) VALUES ({', '.join('?' * 11)})"
    for v1 in db.execute("SELECT * FROM pending_v1 ORDER BY seq").fetchall():
        seq, op, *_, payload, written = v1
        try:  # given to the write method it names
            name = _RENAMED.get(op, op)
            if name.startswith("_") or not callable(getattr(Writes, name, None)):
                raise ValueError(f"format 1 has no write {op!r}")
            args = decode(payload)
            if op in _LISTED:
                args = (args[0], [args[1]], *args[2:])
            rows = _Rows()
            getattr(rows, name)(*args)
        except Exception as error:
            reason = f"a format-1 write this release cannot read: {type(error).__name__}: {error}"
            db.execute(bury, (*v1[:6], "{}", "null", written, reason, time.time()))
            continue
        for index, row in enumerate(rows):
            db.execute(insert, (seq if index == 0 else None, *_encoded(row, written)))
    db.execute(
        f"INSERT INTO dead ({_COLUMNS}, error, failed) "
        "SELECT seq, op, kind, grp, uuid, deps, '{}', 'null', written, error, failed FROM dead_v1"
    )
    db.execute("DROP TABLE pending_v1")
    db.execute("DROP TABLE dead_v1")
