"""The fake's tables: rows by primary key, with foreign keys, indexes and cascades."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Any

from ._entities import CHILDREN, KINDS, EntityKind
from ._responses import HTTPError, IntegrityFailure


class EntityStore:
    """Thread-safe rows of every entity kind, enforcing keys like the backend's database."""

    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._rows: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in KINDS}
        # (kind, foreign-key column) -> referenced key -> keys of the rows pointing at it
        self._index: dict[tuple[str, str], dict[str, dict[str, None]]] = {
            (kind.name, column): {} for kind in KINDS.values() for column, _ in kind.foreign_keys
        }

    def exists(self, kind: str, key: str) -> bool:
        with self._lock:
            return key in self._rows[kind]

    def get(self, kind: str, key: str) -> dict[str, Any]:
        """A copy of the row, or 404 with the backend's "<Kind> not found" detail."""
        with self._lock:
            row = self._rows[kind].get(key)
            if row is None:
                raise HTTPError(404, KINDS[kind].not_found)
            return dict(row)

    def find(self, kind: str, key: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._rows[kind].get(key)
            return dict(row) if row is not None else None

    def all(self, kind: str) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(row) for row in self._rows[kind].values()]

    def count(self, kind: str) -> int:
        with self._lock:
            return len(self._rows[kind])

    def children(self, kind: str, column: str, parent_key: str) -> list[dict[str, Any]]:
        """Rows of `kind` whose `column` points at `parent_key`, oldest first."""
        with self._lock:
            keys = self._index[(kind, column)].get(parent_key, {})
            rows = self._rows[kind]
            return [dict(rows[key]) for key in keys]

    def insert(
        self, kind: str, records: Iterable[Mapping[str, Any]], conflict: Exception | None = None
    ) -> list[dict[str, Any]]:
        """Insert all rows or none; a key or foreign-key violation raises `conflict`.

        By default a violation is an unhandled IntegrityFailure (the backend's bare 500).
        """
        spec = KINDS[kind]
        failure = conflict if conflict is not None else IntegrityFailure(kind)
        rows = [spec.new_record(record) for record in records]
        with self._lock:
            table = self._rows[kind]
            keys: dict[str, None] = {}
            for row in rows:
                key = spec.key(row)
                if key is None or key in table or key in keys:
                    raise failure
                keys[key] = None
                if not self._references_exist(spec, row):
                    raise failure
            for key, row in zip(keys, rows, strict=True):
                table[key] = row
                self._add_to_index(spec, key, row)
            return [dict(row) for row in rows]

    def update(self, kind: str, key: str, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Set the given columns (never the key); 404 when the row is missing."""
        spec = KINDS[kind]
        with self._lock:
            row = self._rows[kind].get(key)
            if row is None:
                raise HTTPError(404, spec.not_found)
            wanted = {
                name: value
                for name, value in changes.items()
                if name in spec.columns and name not in spec.key_fields
            }
            candidate = spec.new_record({**row, **wanted}) if wanted else dict(row)
            for column, default in spec.column_defaults.items():
                if column not in wanted:
                    candidate[column] = row.get(column, default)
            if not self._references_exist(spec, candidate):
                raise IntegrityFailure(kind)
            self._remove_from_index(spec, key, row)
            row.clear()
            row.update(candidate)
            self._add_to_index(spec, key, row)
            return dict(row)

    def delete(self, kind: str, key: str) -> None:
        """Delete the row and, like the backend's cascades, every row below it."""
        with self._lock:
            if key not in self._rows[kind]:
                raise HTTPError(404, KINDS[kind].not_found)
            self._delete(kind, key)

    def _delete(self, kind: str, key: str) -> None:
        row = self._rows[kind].pop(key, None)
        if row is None:
            return
        self._remove_from_index(KINDS[kind], key, row)
        for child_kind, column in CHILDREN[kind]:
            for child_key in list(self._index[(child_kind, column)].get(key, {})):
                self._delete(child_kind, child_key)

    def _references_exist(self, spec: EntityKind, row: Mapping[str, Any]) -> bool:
        for column, target in spec.foreign_keys:
            value = row.get(column)
            if value is not None and value not in self._rows[target]:
                return False
        return True

    def _add_to_index(self, spec: EntityKind, key: str, row: Mapping[str, Any]) -> None:
        for column, _ in spec.foreign_keys:
            value = row.get(column)
            if isinstance(value, str):
                self._index[(spec.name, column)].setdefault(value, {})[key] = None

    def _remove_from_index(self, spec: EntityKind, key: str, row: Mapping[str, Any]) -> None:
        for column, _ in spec.foreign_keys:
            value = row.get(column)
            if isinstance(value, str):
                bucket = self._index[(spec.name, column)].get(value)
                if bucket is not None:
                    bucket.pop(key, None)
                    if not bucket:
                        del self._index[(spec.name, column)][value]
