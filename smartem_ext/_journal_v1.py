"""Reading journals of format 1, so that a later release delivers what an earlier one kept.

Format 1 (releases up to 0.1.0) stored each write as the client method to call and its
pickled arguments: EPU data-model objects, or a compact tuple of scalars per object whose
fields are all scalars (``("\\x00compact", ("FoilHoleData", field values...), ...)``).
Opening such a journal rewrites it as format 2 (see ``_journal``): each row's arguments
are read here, with an unpickler that only builds the EPU data model and the standard
types it holds (a journal file cannot make the reader run arbitrary code), and turned
into the request it stands for by the same converter checks a new write passes.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable, Mapping
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


def _update(method: str) -> Callable[..., list[NewRow]]:
    return lambda entity, *rest: writes.update(method, entity, *rest)


# Each format-1 method, and the format-2 rows its arguments make.
_ROWS: Final[Mapping[str, Callable[..., list[NewRow]]]] = {
    "create_acquisition": writes.acquisition,
    "create_acquisition_grid": writes.grid,
    "create_grid_atlas": writes.atlas,
    "create_atlas_tile_for_atlas": writes.atlas_tile,
    "create_grid_gridsquares": lambda grid, square, lowmag: writes.gridsquares(
        grid, [square], lowmag
    ),
    "create_gridsquare_foilholes": lambda square, hole, allow: writes.foilholes(
        {square: [hole]}, allow
    ),
    "create_foilhole_micrograph": lambda micrograph: writes.micrographs([micrograph]),
    "link_atlas_tile_and_gridsquares": lambda position: writes.links([position]),
    "grid_registered": writes.grid_registered,
    "gridsquare_registered": writes.gridsquare_registered,
    **{
        f"update_{kind}": _update(f"update_{kind}")
        for kind in ("acquisition", "grid", "atlas", "atlas_tile", "gridsquare", "foilhole")
    },
    "update_micrograph": _update("update_micrograph"),
}


def rows_for(method: str, payload: bytes) -> list[NewRow]:
    """The format-2 rows a format-1 row stands for; raises what makes it undeliverable."""
    try:
        make = _ROWS[method]
    except KeyError:
        raise ValueError(f"format 1 has no write {method!r}") from None
    return make(*decode(payload))
