"""What the backend can store, taken from its own tables, and the checks against it.

The installed backend (``smartem_backend/model/database.py`` of smartem-decisions 0.1.3)
declares its columns as SQLModel fields, and PostgreSQL is what refuses a value:

- ``int`` fields are INTEGER columns (int4): a value outside ``INT4_MIN..INT4_MAX`` fails
  the insert, and the request with a 500. Every integer of a request body lands in one.
- ``str`` fields are VARCHAR columns declared without ``max_length``: no length limit,
  but PostgreSQL text cannot hold the NUL character (a 500 again).
- ``float`` fields are DOUBLE PRECISION; JSON has no NaN or infinity to carry there.

Identifiers also travel as URL path segments (``/grids/{grid_uuid}``), where the tables
set no limit but URLs do; ``IDENTIFIER_MAX`` is the client's own bound for a sane segment.
The contract states the integer range and the NUL rule for every request body
(``openapi/overlay.yaml``), so Prism and the fake backend refuse the same values.
"""

from __future__ import annotations

import math
import re

__all__ = [
    "IDENTIFIER_MAX",
    "INT4_MAX",
    "INT4_MIN",
    "identifier_problem",
    "integer_problem",
    "is_identifier",
    "real_problem",
    "text_problem",
]

INT4_MIN = -(2**31)
INT4_MAX = 2**31 - 1
IDENTIFIER_MAX = 255
_UNSAFE_IN_SEGMENT = frozenset("/\\?#") | {chr(code) for code in (*range(32), 127)}


def text_problem(value: str) -> str | None:
    """Why the backend cannot store ``value`` as text, or None when it can."""
    if "\x00" in value:
        return f"holds a NUL character at index {value.index(chr(0))}: PostgreSQL text cannot"
    return None


def integer_problem(value: int) -> str | None:
    """Why ``value`` does not fit the backend's int4 column, or None when it does."""
    if INT4_MIN <= value <= INT4_MAX:
        return None
    return f"{value} is outside the backend's int4 column range {INT4_MIN}..{INT4_MAX}"


def real_problem(value: float) -> str | None:
    """Why ``value`` cannot travel to a float column (NaN, infinity), or None."""
    return None if math.isfinite(value) else f"{value} is not finite; JSON cannot carry it"


_SEGMENT = re.compile(rf"[^/\\?#\x00-\x1f\x7f]{{1,{IDENTIFIER_MAX}}}")


def is_identifier(value: str) -> bool:
    """Whether ``value`` can serve as one URL path segment naming an entity (see below)."""
    return _SEGMENT.fullmatch(value) is not None and value not in (".", "..")


def identifier_problem(value: str) -> str | None:
    """Why ``value`` cannot serve as one URL path segment naming an entity, or None."""
    if not value:
        return "is empty"
    if len(value) > IDENTIFIER_MAX:
        return f"is {len(value)} characters long; identifiers are at most {IDENTIFIER_MAX}"
    if value in (".", ".."):
        return f"{value!r} is not a path segment"
    if not _UNSAFE_IN_SEGMENT.isdisjoint(value):
        return f"{value!r} holds '/', '\\\\', '?', '#' or a control character"
    return None
