"""IdCache: EPU natural keys to backend uuids, in memory or in a SQLite file.

Each kind of entity is keyed by its EPU natural id within the scope of its parent, so two
grids with the same square id never collide:

    kind          parent               natural id
    acquisition   None                 EPU acquisition id
    grid          None                 data_dir (str of the path)
    atlas         None                 grid uuid (a grid has one atlas)
    atlas_tile    atlas uuid           tile id
    gridsquare    grid uuid            gridsquare id
    foilhole      gridsquare uuid      foil hole id
    micrograph    foilhole uuid        micrograph id

Record only what the backend confirmed; a newer uuid for a key replaces the older one.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final, Literal, Protocol, cast, get_args

if TYPE_CHECKING:
    import sqlite3

__all__ = ["IdCache", "IdKind"]

IdKind = Literal[
    "acquisition",
    "grid",
    "atlas",
    "atlas_tile",
    "gridsquare",
    "foilhole",
    "micrograph",
    "tile_link",
]
ID_KINDS: Final[tuple[IdKind, ...]] = get_args(IdKind)

NaturalId = str | int | os.PathLike[str]
"""An EPU identifier: ints are stored as their decimal string, paths as ``os.fspath``."""

_SCOPED: Final[dict[str, bool]] = {
    kind: kind not in {"acquisition", "grid", "atlas"} for kind in ID_KINDS
}

# SQLite primary key columns cannot usefully hold NULL (NULLs never collide), so an
# unscoped key is stored with the empty string as its parent.
_NO_PARENT: Final = ""
_EMPTY: Final[dict[str, str]] = {}
_TEXT: Final = frozenset({str})

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS id_cache (
    kind TEXT NOT NULL,
    parent TEXT NOT NULL,
    natural_id TEXT NOT NULL,
    uuid TEXT NOT NULL,
    PRIMARY KEY (kind, parent, natural_id)
) WITHOUT ROWID
"""
_UPSERT: Final = (
    "INSERT OR REPLACE INTO id_cache (kind, parent, natural_id, uuid) VALUES (?, ?, ?, ?)"
)
_DELETE: Final = "DELETE FROM id_cache WHERE kind = ? AND parent = ? AND natural_id = ?"


class _GridSquareRef(Protocol):
    @property
    def gridsquare_id(self) -> str | int: ...
    @property
    def uuid(self) -> str: ...


class _FoilHoleRef(Protocol):
    @property
    def foilhole_id(self) -> str | int: ...
    @property
    def uuid(self) -> str: ...


class GridContentsClient(Protocol):
    """What `IdCache.warm` needs from a backend client."""

    def get_grid_gridsquares(self, grid_uuid: str, /) -> Iterable[_GridSquareRef]: ...
    def get_gridsquare_foilholes(self, gridsquare_uuid: str, /) -> Iterable[_FoilHoleRef]: ...


def _natural_key(natural_id: NaturalId) -> str:
    if isinstance(natural_id, str):
        return natural_id
    if isinstance(natural_id, bool):
        # bool is an int; True would silently become the key "True".
        raise TypeError(f"natural id must be str, int or a path, not bool: {natural_id!r}")
    if isinstance(natural_id, int):
        return str(natural_id)
    return os.fspath(natural_id)


def _scope_key(kind: IdKind, parent: str | None) -> tuple[str, str]:
    scoped = _SCOPED.get(kind)
    if scoped is None:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(ID_KINDS)}")
    if not scoped:
        if parent is not None:
            raise ValueError(f"{kind} is not scoped by a parent; pass parent=None, got {parent!r}")
        return kind, _NO_PARENT
    if not parent or not isinstance(parent, str):
        raise ValueError(f"{kind} needs the uuid of its parent, got {parent!r}")
    return kind, parent


def _check_uuid(kind: IdKind, uuid: str) -> str:
    if not isinstance(uuid, str):
        raise TypeError(f"{kind} uuid must be a str, got {type(uuid).__name__}: {uuid!r}")
    if not uuid:
        raise ValueError(f"{kind} uuid must not be empty")
    return uuid


class IdCache:
    """Maps EPU natural keys to backend uuids; thread-safe, optionally persisted to SQLite.

    path: SQLite file to load at open and write through to; None keeps the cache in
        memory only. Lookups are always served from memory. One process should own a file:
        entries another process writes to it later are not seen until reopening.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._lock = threading.Lock()
        # (kind, parent) -> {natural_id: uuid}; nesting keeps one copy of each parent uuid.
        self._scopes: dict[tuple[str, str], dict[str, str]] = {}
        self._counts: dict[str, int] = dict.fromkeys(ID_KINDS, 0)
        self._closed = False
        self._path = None if path is None else os.fspath(path)
        self._db: sqlite3.Connection | None = None if self._path is None else self._open(self._path)

    def _open(self, path: str) -> sqlite3.Connection:
        import sqlite3  # only a cache kept in a file needs it

        # Autocommit mode: transactions are explicit, so record_many is one BEGIN/COMMIT.
        db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(_SCHEMA)
            for kind, parent, natural_id, uuid in db.execute(
                "SELECT kind, parent, natural_id, uuid FROM id_cache"
            ):
                self._scopes.setdefault((kind, parent), {})[natural_id] = uuid
                self._counts[kind] = self._counts.get(kind, 0) + 1
        except BaseException:
            db.close()
            raise
        return db

    @property
    def path(self) -> str | None:
        """The SQLite file, or None for an in-memory cache."""
        return self._path

    def get(self, kind: IdKind, parent: str | None, natural_id: NaturalId) -> str | None:
        """The uuid recorded for the key, or None."""
        scope_key = _scope_key(kind, parent)
        key = natural_id if type(natural_id) is str else _natural_key(natural_id)
        with self._lock:
            self._check_open()
            return self._scopes.get(scope_key, _EMPTY).get(key)

    def acquisition(self, acquisition_id: NaturalId) -> str | None:
        """The uuid of the acquisition with EPU id ``acquisition_id``, or None."""
        return self.get("acquisition", None, acquisition_id)

    def grid(self, data_dir: str | os.PathLike[str]) -> str | None:
        """The uuid of the grid whose EPU data directory is ``data_dir``, or None."""
        return self.get("grid", None, data_dir)

    def atlas(self, grid_uuid: str) -> str | None:
        """The uuid of the grid's atlas, or None."""
        return self.get("atlas", None, grid_uuid)

    def atlas_tile(self, atlas_uuid: str, tile_id: NaturalId) -> str | None:
        """The uuid of the atlas's tile with EPU id ``tile_id``, or None."""
        return self.get("atlas_tile", atlas_uuid, tile_id)

    def gridsquare(self, grid_uuid: str, gridsquare_id: NaturalId) -> str | None:
        """The uuid of the grid's square with EPU id ``gridsquare_id``, or None."""
        return self.get("gridsquare", grid_uuid, gridsquare_id)

    def foilhole(self, gridsquare_uuid: str, foilhole_id: NaturalId) -> str | None:
        """The uuid of the square's foil hole with EPU id ``foilhole_id``, or None."""
        return self.get("foilhole", gridsquare_uuid, foilhole_id)

    def tile_link(self, tile_uuid: str, gridsquare_uuid: str) -> bool:
        """Whether the backend confirmed placing the grid square on the tile."""
        return self.get("tile_link", tile_uuid, gridsquare_uuid) is not None

    def micrograph(self, foilhole_uuid: str, micrograph_id: NaturalId) -> str | None:
        """The uuid of the foil hole's micrograph with EPU id ``micrograph_id``, or None."""
        return self.get("micrograph", foilhole_uuid, micrograph_id)

    def __len__(self) -> int:
        with self._lock:
            return sum(self._counts.values())

    def count(self, kind: IdKind) -> int:
        """Number of entries of one kind."""
        if kind not in _SCOPED:
            raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(ID_KINDS)}")
        with self._lock:
            return self._counts[kind]

    def record(self, kind: IdKind, parent: str | None, natural_id: NaturalId, uuid: str) -> None:
        """Remember the uuid the backend confirmed for the key, replacing any earlier one."""
        if type(natural_id) is str and type(uuid) is str and uuid:  # the common case, at once
            return self._store(kind, _scope_key(kind, parent), {natural_id: uuid})
        self.record_many(kind, parent, [(natural_id, uuid)])

    def record_many(
        self, kind: IdKind, parent: str | None, pairs: Iterable[tuple[NaturalId, str]]
    ) -> int:
        """Record (natural_id, uuid) pairs under one parent, all or none (later win); how many."""
        scope_key = _scope_key(kind, parent)
        # Validated before touching state, so a bad pair records nothing. Plain text, the
        # common case, is taken whole: a dict of the pairs, its types checked in one pass.
        pairs = list(pairs)
        try:
            batch: dict[str, str] = dict(cast("list[tuple[str, str]]", pairs))  # checked next
            plain = _TEXT.issuperset(map(type, [*batch, *batch.values()]))
        except (TypeError, ValueError):  # not pairs of hashables: the loop below says why
            plain = False
        if not (plain and "" not in batch.values()):
            batch = {}
            for natural_id, uuid in pairs:
                key = natural_id if type(natural_id) is str else _natural_key(natural_id)
                batch[key] = uuid if type(uuid) is str and uuid else _check_uuid(kind, uuid)
        if batch:
            self._store(kind, scope_key, batch)
        return len(batch)

    def forget(self, kind: IdKind, parent: str | None, natural_id: NaturalId) -> bool:
        """Drop the key; returns whether it was there."""
        scope_key = _scope_key(kind, parent)
        key = _natural_key(natural_id)
        with self._lock:
            self._check_open()
            scope = self._scopes.get(scope_key)
            if scope is None or key not in scope:
                return False
            if self._db is not None:
                self._write(_DELETE, [(kind, scope_key[1], key)])
            del scope[key]
            if not scope:
                del self._scopes[scope_key]
            self._counts[kind] -= 1
            return True

    def clear(self) -> None:
        """Drop every entry (and, with a file, every row)."""
        with self._lock:
            self._check_open()
            if self._db is not None:
                self._db.execute("DELETE FROM id_cache")
            self._scopes.clear()
            self._counts = dict.fromkeys(ID_KINDS, 0)

    def warm(self, client: GridContentsClient, grid_uuid: str, *, foilholes: bool = True) -> int:
        """Record a grid's squares (and their foil holes) from the backend; returns how many."""
        squares = [(s.gridsquare_id, s.uuid) for s in client.get_grid_gridsquares(grid_uuid)]
        recorded = self.record_many("gridsquare", grid_uuid, squares)
        if foilholes:
            for _, square_uuid in squares:
                holes = client.get_gridsquare_foilholes(square_uuid)
                recorded += self.record_many(
                    "foilhole", square_uuid, ((h.foilhole_id, h.uuid) for h in holes)
                )
        return recorded

    def close(self) -> None:
        """Close the file (if any); later use raises ValueError. Closing twice is fine."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._scopes.clear()
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> IdCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = "memory" if self._path is None else repr(self._path)
        state = "closed" if self._closed else f"{len(self)} entries"
        return f"<IdCache {where}, {state}>"

    def _check_open(self) -> None:
        """Raise if closed; call with the lock held."""
        if self._closed:
            raise ValueError("IdCache is closed")

    def _store(self, kind: IdKind, scope_key: tuple[str, str], batch: dict[str, str]) -> None:
        with self._lock:
            self._check_open()
            scope = self._scopes.get(scope_key, _EMPTY)
            if self._db is not None:
                # Rows already stored with the same uuid need no disk write.
                rows = [
                    (kind, scope_key[1], natural_id, uuid)
                    for natural_id, uuid in batch.items()
                    if scope.get(natural_id) != uuid
                ]
                if rows:
                    self._write(_UPSERT, rows)
            scope = self._scopes.setdefault(scope_key, {})
            before = len(scope)
            scope.update(batch)
            self._counts[kind] += len(scope) - before

    def _write(self, sql: str, rows: Sequence[tuple[str, ...]]) -> None:
        """Run sql for every row in one transaction; call with the lock held."""
        assert self._db is not None
        if len(rows) > 1:  # autocommit wraps a single statement in its own transaction
            self._db.execute("BEGIN")
        with self._db:  # commits, or rolls back what a failure left open
            self._db.executemany(sql, rows)
