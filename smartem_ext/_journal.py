"""The outbox's journal: pending writes, dead letters and counters in one SQLite file.

Durability policy: WAL mode with ``synchronous=FULL`` by default, one transaction per
write call, so a call returns only after SQLite has fsynced its record; a power cut
after that keeps it. ``synchronous="NORMAL"`` skips the per-commit fsync: a killed
process loses nothing (the data is in the OS), a power cut may lose the last writes.

Payloads are pickled with an unpickler that only builds the EPU data model and the
standard types it holds, so a journal file cannot make the reader run arbitrary code.
"""

from __future__ import annotations

import io
import os
import pickle
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any, Final, Literal

import attrs

__all__ = ["DeadLetter", "Journal", "JournalFull", "Row", "Synchronous", "decode", "encode"]

Synchronous = Literal["FULL", "NORMAL"]

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS pending (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    op TEXT NOT NULL,
    kind TEXT NOT NULL,
    grp TEXT NOT NULL,
    uuid TEXT NOT NULL,
    deps TEXT NOT NULL,
    payload BLOB NOT NULL,
    written REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS pending_uuid ON pending (uuid);
CREATE TABLE IF NOT EXISTS dead (
    seq INTEGER PRIMARY KEY,
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


def encode(args: tuple[Any, ...]) -> bytes:
    return pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL)


def decode(payload: bytes) -> tuple[Any, ...]:
    args = _EPUUnpickler(io.BytesIO(payload)).load()
    if not isinstance(args, tuple):
        raise pickle.UnpicklingError("an outbox payload is a tuple of arguments")
    return args


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
        self._lock = threading.Lock()
        if read_only:
            if not os.path.exists(self.path):
                raise FileNotFoundError(f"no outbox journal at {self.path}")
            uri = f"file:{self.path}?mode=ro"
            self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute(f"PRAGMA synchronous={synchronous}")
                self._db.executescript(_SCHEMA)
            except BaseException:
                self._db.close()
                raise
        (total,) = self._db.execute(
            "SELECT COALESCE(SUM(LENGTH(payload)), 0) FROM pending"
        ).fetchone()
        self.pending_bytes: int = total

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # Writing ---------------------------------------------------------------------------

    def append(self, rows: Iterable[NewRow]) -> int:
        """Store rows in one transaction; returns how many. All or none."""
        now = time.time()
        encoded = [
            (row.op, row.kind, row.group, row.uuid, " ".join(row.deps), encode(row.args), now)
            for row in rows
        ]
        size = sum(len(values[5]) for values in encoded)
        with self._lock:
            if self.pending_bytes + size > self.max_bytes:
                raise JournalFull(
                    f"outbox journal {self.path} is full: {self.pending_bytes} bytes pending, "
                    f"limit {self.max_bytes}; this write needs {size} more"
                )
            try:
                if len(encoded) <= _ONE_STATEMENT_ROWS:
                    # One statement is its own transaction: one commit, one wait for the lock.
                    values = ", ".join([_ROW_VALUES] * len(encoded))
                    self._db.execute(f"{_INSERT} {values}", [v for row in encoded for v in row])
                else:
                    self._db.execute("BEGIN IMMEDIATE")
                    self._db.executemany(f"{_INSERT} {_ROW_VALUES}", encoded)
                    self._db.execute("COMMIT")
            except sqlite3.OperationalError as error:
                self._rollback()
                if "full" in str(error).lower():
                    raise JournalFull(f"outbox journal {self.path}: {error}") from error
                raise
            except BaseException:
                self._rollback()
                raise
            self.pending_bytes += size
        return len(encoded)

    def delivered(self, seqs: Sequence[int]) -> None:
        """Drop delivered rows and count them, in one transaction."""
        self._finish(seqs, None)

    def dead(self, seqs: Sequence[int], error: str) -> None:
        """Move rows to the dead letters with the error that refused them."""
        self._finish(seqs, error)

    def note_error(self, error: str) -> None:
        """Keep the sender's latest failure (and when it happened) for the stats."""
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO counters (name, value) VALUES (?, ?)",
                [("last_error", error), ("last_error_at", time.time())],
            )

    def _finish(self, seqs: Sequence[int], error: str | None) -> None:
        if not seqs:
            return
        keys = [(seq,) for seq in seqs]
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                (size,) = self._db.execute(
                    f"SELECT COALESCE(SUM(LENGTH(payload)), 0) FROM pending WHERE seq IN "
                    f"({','.join('?' * len(seqs))})",
                    list(seqs),
                ).fetchone()
                if error is not None:
                    self._db.executemany(
                        f"INSERT OR REPLACE INTO dead ({_COLUMNS}, error, failed) "
                        f"SELECT {_COLUMNS}, ?, ? FROM pending WHERE seq = ?",
                        [(error, time.time(), seq) for seq in seqs],
                    )
                    counter = "dead"
                else:
                    counter = "delivered"
                self._db.executemany("DELETE FROM pending WHERE seq = ?", keys)
                self._db.execute(
                    "INSERT INTO counters (name, value) VALUES (?, ?) "
                    "ON CONFLICT (name) DO UPDATE SET value = value + excluded.value",
                    (counter, len(seqs)),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
            self.pending_bytes -= size

    def _rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    # Reading ---------------------------------------------------------------------------

    def window(self, limit: int) -> list[Row]:
        """The oldest ``limit`` pending rows, oldest first."""
        with self._lock:
            cursor = self._db.execute(
                f"SELECT {_COLUMNS} FROM pending ORDER BY seq LIMIT ?", (limit,)
            )
            return [_row(values) for values in cursor]

    def is_pending(self, uuid: str) -> bool:
        """Whether a pending write creates or changes the entity ``uuid``."""
        with self._lock:
            found = self._db.execute("SELECT 1 FROM pending WHERE uuid = ? LIMIT 1", (uuid,))
            return found.fetchone() is not None

    def pending_count(self) -> int:
        with self._lock:
            (count,) = self._db.execute("SELECT COUNT(*) FROM pending").fetchone()
            return int(count)

    def pending_by_kind(self) -> dict[str, int]:
        with self._lock:
            cursor = self._db.execute("SELECT kind, COUNT(*) FROM pending GROUP BY kind")
            return {kind: int(count) for kind, count in cursor}

    def oldest_written(self) -> float | None:
        with self._lock:
            (written,) = self._db.execute(
                "SELECT written FROM pending ORDER BY seq LIMIT 1"
            ).fetchone() or (None,)
            return None if written is None else float(written)

    def counter(self, name: str) -> Any:
        with self._lock:
            found = self._db.execute("SELECT value FROM counters WHERE name = ?", (name,))
            value = found.fetchone()
            return None if value is None else value[0]

    def dead_letters(self, limit: int | None = None) -> list[DeadLetter]:
        with self._lock:
            cursor = self._db.execute(
                "SELECT seq, op, kind, uuid, error, written, failed FROM dead ORDER BY seq LIMIT ?",
                (-1 if limit is None else limit,),
            )
            return [DeadLetter(*values) for values in cursor]

    def dead_count(self) -> int:
        with self._lock:
            (count,) = self._db.execute("SELECT COUNT(*) FROM dead").fetchone()
            return int(count)
