"""What the backend's PostgreSQL columns can store (else a 500), and the checks against it.

``int`` is int4, ``str`` VARCHAR without NUL, ``float`` finite (JSON); identifiers are URL
path segments. ``openapi/overlay.yaml`` states the same rules for Prism and the fake backend.
"""

from __future__ import annotations

import math

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
    # Control characters are never printable: a printable text needs only the four tests,
    # each one C pass, where the set test builds a string per character.
    if value.isprintable():
        unsafe = "/" in value or "\\" in value or "?" in value or "#" in value
        return not unsafe and 0 < len(value) <= IDENTIFIER_MAX and value not in (".", "..")
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
