"""A fast yes/no check for the JSON Schema subset the spec uses, compiled to closures.

jsonschema walks every keyword of every item through its generic machinery, which costs
~15 ms for a 100-item foil-hole list. Request validation asks "is it valid?" first and only
asks jsonschema for the detailed errors when the answer is no. Keywords outside the subset
delegate that part of the schema to jsonschema, so the answer never differs from it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

Check = Callable[[Any], bool]
Fallback = Callable[[Any], Check]

_ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "default",
        "example",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$comment",
        "$schema",
        "$id",
        "$defs",
        "definitions",
        "contentMediaType",
        "contentEncoding",
    }
)
_SUPPORTED = _ANNOTATIONS | {
    "type",
    "properties",
    "required",
    "items",
    "additionalProperties",
    "enum",
    "const",
    "format",
    "anyOf",
    "allOf",
    "oneOf",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "pattern",
}


def compile_check(schema: Any, fallback: Fallback) -> Check:
    """A predicate equivalent to validating against `schema` (Draft 2020-12, date-time format)."""
    if schema is True or schema == {}:
        return _always
    if schema is False:
        return _never
    if not isinstance(schema, dict) or set(schema) - _SUPPORTED:
        return fallback(schema)
    checks: list[Check] = []
    if "type" in schema:
        checks.append(_type_check(schema["type"]))
    if "enum" in schema:
        checks.append(_enum_check(list(schema["enum"])))
    if "const" in schema:
        checks.append(_enum_check([schema["const"]]))
    if schema.get("format") == "date-time":
        checks.append(is_datetime_text)
    checks.extend(_number_checks(schema))
    checks.extend(_length_checks(schema))
    if "pattern" in schema:
        checks.append(_pattern_check(schema["pattern"]))
    if any(k in schema for k in ("properties", "required", "additionalProperties")):
        checks.append(_object_check(schema, fallback))
    if "items" in schema:
        checks.append(_items_check(compile_check(schema["items"], fallback)))
    for key in ("anyOf", "allOf", "oneOf"):
        if key in schema:
            checks.append(_combinator(key, [compile_check(s, fallback) for s in schema[key]]))
    return _all_of(checks)


def _always(value: Any) -> bool:
    return True


def _never(value: Any) -> bool:
    return False


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# JSON types by the Python types json.loads produces; "integer" also takes 3.0 (jsonschema does).
_PYTHON_TYPES: dict[str, frozenset[type]] = {
    "string": frozenset({str}),
    "integer": frozenset({int}),
    "number": frozenset({int, float}),
    "boolean": frozenset({bool}),
    "null": frozenset({type(None)}),
    "array": frozenset({list}),
    "object": frozenset({dict}),
}


def _type_check(kind: Any) -> Check:
    kinds = [kind] if isinstance(kind, str) else list(kind)
    if any(k not in _PYTHON_TYPES for k in kinds):
        return _never
    allowed = frozenset().union(*(_PYTHON_TYPES[k] for k in kinds))
    if "integer" in kinds and float not in allowed:
        return lambda v: type(v) in allowed or (type(v) is float and v.is_integer())
    return lambda v: type(v) in allowed


def _simple_types(schema: Any) -> frozenset[type] | None:
    """The Python types a type-only schema (`{type: ...}`) accepts, when a set says it all."""
    if not isinstance(schema, dict) or set(schema) - _ANNOTATIONS != {"type"}:
        return None
    kind = schema["type"]
    kinds = [kind] if isinstance(kind, str) else list(kind)
    if "integer" in kinds or any(k not in _PYTHON_TYPES for k in kinds):
        return None
    return frozenset().union(*(_PYTHON_TYPES[k] for k in kinds))


def _enum_check(options: list[Any]) -> Check:
    if all(isinstance(o, str) or o is None for o in options):
        allowed = frozenset(options)
        return lambda v: (v is None or isinstance(v, str)) and v in allowed
    return lambda v: any(_equal(v, o) for o in options)


def _equal(left: Any, right: Any) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(
            _equal(a, b) for a, b in zip(left, right, strict=True)
        )
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(_equal(left[k], right[k]) for k in left)
    return bool(left == right)


def is_datetime_text(value: Any) -> bool:
    """The `date-time` format as pydantic reads it: any ISO 8601 text (non-strings pass)."""
    if not isinstance(value, str):
        return True
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _number_checks(schema: dict[str, Any]) -> list[Check]:
    bounds: dict[str, Callable[[float, float], bool]] = {
        "minimum": lambda v, b: v >= b,
        "maximum": lambda v, b: v <= b,
        "exclusiveMinimum": lambda v, b: v > b,
        "exclusiveMaximum": lambda v, b: v < b,
    }
    return [
        _bound_check(float(schema[key]), compare)
        for key, compare in bounds.items()
        if key in schema and _is_number(schema[key])
    ]


def _bound_check(bound: float, compare: Callable[[float, float], bool]) -> Check:
    def check(value: Any) -> bool:
        return not _is_number(value) or (not math.isnan(value) and compare(float(value), bound))

    return check


def _pattern_check(pattern: str) -> Check:
    # jsonschema searches with Python's ``re`` too, so both agree on every string.
    search = re.compile(pattern).search

    def check(value: Any) -> bool:
        return not isinstance(value, str) or search(value) is not None

    return check


def _length_checks(schema: dict[str, Any]) -> list[Check]:
    limits = {
        "minLength": (str, True),
        "maxLength": (str, False),
        "minItems": (list, True),
        "maxItems": (list, False),
    }
    return [
        _length_check(int(schema[key]), kind, at_least)
        for key, (kind, at_least) in limits.items()
        if key in schema
    ]


def _length_check(limit: int, kind: type, at_least: bool) -> Check:
    def check(value: Any) -> bool:
        if not isinstance(value, kind):
            return True
        size = len(value)  # type: ignore[arg-type]
        return size >= limit if at_least else size <= limit

    return check


def _object_check(schema: dict[str, Any], fallback: Fallback) -> Check:
    declared = schema.get("properties", {})
    simple = {name: t for name, sub in declared.items() if (t := _simple_types(sub)) is not None}
    properties = {
        name: compile_check(sub, fallback) for name, sub in declared.items() if name not in simple
    }
    required = tuple(schema.get("required", ()))
    additional = schema.get("additionalProperties", True)
    extra: Check | None = None
    if additional is not True and additional != {}:
        extra = compile_check(additional, fallback)

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for name in required:
            if name not in value:
                return False
        for name, item in value.items():
            allowed = simple.get(name)
            if allowed is not None:
                if type(item) not in allowed:
                    return False
                continue
            property_check = properties.get(name)
            if property_check is not None:
                if not property_check(item):
                    return False
            elif extra is not None and not extra(item):
                return False
        return True

    return check


def _items_check(item_check: Check) -> Check:
    def check(value: Any) -> bool:
        if not isinstance(value, list):
            return True
        return all(item_check(item) for item in value)

    return check


def _combinator(key: str, checks: list[Check]) -> Check:
    if key == "allOf":
        return _all_of(checks)
    if key == "anyOf":
        return lambda v: any(check(v) for check in checks)
    return lambda v: sum(1 for check in checks if check(v)) == 1
