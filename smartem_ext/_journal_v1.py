"""Reading journals of format 1 (releases up to 0.1.0), so that this release delivers them.

A format-1 row kept the outbox method written and its pickled arguments: EPU objects, or
per object of scalar fields a compact tuple (``("\\x00compact", ("FoilHoleData", field
values...), ...)``). Opening such a journal rewrites it as format 2 (``_journal``): the
arguments are read with an unpickler that builds only the EPU data model and the standard
types it holds (a journal file cannot run code), and given to the same write method.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Sequence
from typing import Any, Final

import attrs

from smartem_ext import _outbox_writes as writes
from smartem_ext import epu
from smartem_ext._outbox_writes import NewRow

__all__ = ["decode", "rows_for"]

_ALLOWED_MODULES: Final = frozenset({"smartem_ext.epu", "pathlib", "datetime", "copyreg"})
_ALLOWED_BUILTINS: Final = frozenset({"tuple", "dict", "list", "set", "frozenset"})
_COMPACT: Final = "\x00compact"
_SCALAR_NAMES: Final = frozenset({"str", "int", "float", "bool", "None"})


class _EPUUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module in _ALLOWED_MODULES or (module == "builtins" and name in _ALLOWED_BUILTINS):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"the outbox journal may not hold {module}.{name}")


def _scalar_fields(cls: type) -> tuple[str, ...] | None:
    """The field names of an EPU class that format 1 stored compactly, else None."""
    names = []
    for field in attrs.fields(cls):
        written = field.type.__name__ if isinstance(field.type, type) else str(field.type)
        if not {part.strip() for part in written.split("|")} <= _SCALAR_NAMES:
            return None
        names.append(field.name)
    return tuple(names) if len(names) > 1 else None


def _compact_classes() -> dict[str, tuple[type, tuple[str, ...]]]:
    found = {}
    for cls in vars(epu).values():
        if isinstance(cls, type) and attrs.has(cls) and cls.__module__ == epu.__name__:
            names = _scalar_fields(cls)
            if names is not None:
                found[cls.__name__] = (cls, names)
    return found


_COMPACT_CLASSES: Final = _compact_classes()


def decode(payload: bytes) -> tuple[Any, ...]:
    """The arguments a format-1 row stored."""
    args = _EPUUnpickler(io.BytesIO(payload)).load()
    if not isinstance(args, tuple):
        raise pickle.UnpicklingError("an outbox payload is a tuple of arguments")
    if args and type(args[0]) is str and args[0] == _COMPACT:
        return tuple(_rebuilt(arg) if type(arg) is tuple else arg for arg in args[1:])
    return args


def _rebuilt(values: tuple[Any, ...]) -> Any:
    """The EPU object a compact payload wrote as ``(class name, field values...)``."""
    cls, names = _COMPACT_CLASSES.get(values[0], (None, ()))
    if cls is None or len(names) != len(values) - 1:
        raise pickle.UnpicklingError(f"the outbox journal may not hold {values[0]!r}")
    entity: Any = object.__new__(cls)
    for name, value in zip(names, values[1:], strict=True):
        object.__setattr__(entity, name, value)  # as unpickling sets them: no validators run
    return entity


class _Rows(writes.Writes):
    """The outbox's write methods, keeping the rows they make."""

    def __init__(self) -> None:
        self.rows: list[NewRow] = []

    def _put(self, rows: Sequence[NewRow]) -> None:
        self.rows.extend(rows)


_LISTED: Final = ("create_grid_gridsquares", "create_gridsquare_foilholes")
"""Format-1 methods that stored one item of a list: (parent uuid, item, flag)."""
_RENAMED: Final = {"link_atlas_tile_and_gridsquares": "link_atlas_tile_and_gridsquare"}
"""Format-1 methods that stored one item under the name of the list's method."""


def rows_for(method: str, payload: bytes) -> list[NewRow]:
    """The format-2 rows of a format-1 row (given to the write method it names)."""
    name = _RENAMED.get(method, method)
    if name.startswith("_") or not callable(getattr(writes.Writes, name, None)):
        raise ValueError(f"format 1 has no write {method!r}")
    args = decode(payload)
    if method in _LISTED:
        args = (args[0], [args[1]], *args[2:])
    rows = _Rows()
    getattr(rows, name)(*args)
    return rows.rows
