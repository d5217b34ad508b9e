"""What the backend can store, from its own tables, and the checks against it.

The backend's SQLModel fields become PostgreSQL columns, which refuse a value with a 500:
``int`` is int4 (``INT4_MIN..INT4_MAX``), ``str`` is unbounded VARCHAR that cannot hold NUL,
``float`` is DOUBLE PRECISION (JSON has no NaN or infinity). Identifiers also travel as URL
path segments, bounded by ``IDENTIFIER_MAX``. The contract (``openapi/overlay.yaml``) states
the same rules, so Prism and the fake backend refuse the same values.
"""

from __future__ import annotations

import math

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


def is_identifier(value: str) -> bool:
    """Whether ``value`` can serve as one URL path segment naming an entity."""
    return identifier_problem(value) is None


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
