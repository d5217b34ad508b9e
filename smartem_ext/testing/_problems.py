"""Validation problems in the shape FastAPI and pydantic v2 report them.

Each problem is `{"type": ..., "loc": [...], "msg": ..., "input": ..., "ctx"?: ...}`, the
items of an `HTTPValidationError`'s `detail`. jsonschema's errors are translated to the
pydantic error type the backend would have given for the same mistake.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from jsonschema.exceptions import ValidationError

ErrorDetail = dict[str, Any]
Loc = list[str | int]

_TRUE_WORDS = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE_WORDS = frozenset({"0", "off", "f", "false", "n", "no"})


def convert_text(raw: str, types: list[str]) -> tuple[Any, ErrorDetail | None]:
    """Convert a parameter's text the way FastAPI does for the schema's (first non-null) type."""
    wanted = [t for t in types if t != "null"]
    kind = wanted[0] if wanted else "string"
    if kind == "boolean":
        word = raw.strip().lower()
        if word in _TRUE_WORDS:
            return True, None
        if word in _FALSE_WORDS:
            return False, None
        return None, {
            "type": "bool_parsing",
            "msg": "Input should be a valid boolean, unable to interpret input",
        }
    if kind == "integer":
        try:
            return int(raw.strip()), None
        except ValueError:
            return None, {
                "type": "int_parsing",
                "msg": "Input should be a valid integer, unable to parse string as an integer",
            }
    if kind == "number":
        try:
            return float(raw.strip()), None
        except ValueError:
            return None, {
                "type": "float_parsing",
                "msg": "Input should be a valid number, unable to parse string as a number",
            }
    return raw, None


def missing(loc: Loc, value: Any) -> ErrorDetail:
    return {"type": "missing", "loc": loc, "msg": "Field required", "input": value}


def json_invalid(exc: ValueError) -> ErrorDetail:
    position = getattr(exc, "pos", 0)
    message = getattr(exc, "msg", str(exc))
    return {
        "type": "json_invalid",
        "loc": ["body", position],
        "msg": "JSON decode error",
        "input": {},
        "ctx": {"error": message},
    }


def details(errors: Iterable[ValidationError], root: Loc) -> list[ErrorDetail]:
    found: list[ErrorDetail] = []
    seen: set[tuple[str, str]] = set()
    for error in errors:
        for detail in _translate(error, root):
            key = (str(detail["type"]), json.dumps(detail["loc"]))
            if key not in seen:
                seen.add(key)
                found.append(detail)
    return found


def in_field_order(problems: list[ErrorDetail], schema: Any, skip: int = 1) -> list[ErrorDetail]:
    """Sort problems as pydantic reports them: by the position of each field in its model."""

    def position(problem: ErrorDetail) -> list[int]:
        node, key = schema, []
        for part in problem["loc"][skip:]:
            if isinstance(part, int):
                key.append(part)
                node = node.get("items", {}) if isinstance(node, dict) else {}
                continue
            names = list(node.get("properties", {})) if isinstance(node, dict) else []
            key.append(names.index(part) if part in names else len(names))
            node = node.get("properties", {}).get(part, {}) if isinstance(node, dict) else {}
        return key

    return sorted(problems, key=position)


def _translate(error: ValidationError, root: Loc) -> list[ErrorDetail]:
    loc: Loc = [*root, *error.absolute_path]
    keyword = str(error.validator)
    value = error.validator_value
    instance = error.instance
    translator = _TRANSLATORS.get(keyword)
    if translator is not None:
        return translator(error, loc, value, instance, root)
    return [{"type": "value_error", "loc": loc, "msg": error.message, "input": instance}]


def _required(
    error: ValidationError, loc: Loc, value: Any, instance: Any, root: Loc
) -> list[ErrorDetail]:
    present = instance if isinstance(instance, dict) else {}
    return [missing([*loc, name], instance) for name in value if name not in present]


def _type(
    error: ValidationError, loc: Loc, value: Any, instance: Any, root: Loc
) -> list[ErrorDetail]:
    wanted = [value] if isinstance(value, str) else [t for t in value if t != "null"]
    kind = wanted[0] if wanted else "null"
    problem = _type_problem(kind, instance, error.schema)
    return [{**problem, "loc": loc, "input": instance}]


def _type_problem(kind: str, instance: Any, schema: Any) -> ErrorDetail:
    if kind == "string":
        return {"type": "string_type", "msg": "Input should be a valid string"}
    if kind == "integer":
        if isinstance(instance, str):
            return convert_text(instance, ["integer"])[1] or {
                "type": "int_type",
                "msg": "Input should be a valid integer",
            }
        if isinstance(instance, float):
            return {
                "type": "int_from_float",
                "msg": "Input should be a valid integer, got a number with a fractional part",
            }
        return {"type": "int_type", "msg": "Input should be a valid integer"}
    if kind == "number":
        if isinstance(instance, str):
            return {
                "type": "float_parsing",
                "msg": "Input should be a valid number, unable to parse string as a number",
            }
        return {"type": "float_type", "msg": "Input should be a valid number"}
    if kind == "boolean":
        if isinstance(instance, str):
            return {
                "type": "bool_parsing",
                "msg": "Input should be a valid boolean, unable to interpret input",
            }
        return {"type": "bool_type", "msg": "Input should be a valid boolean"}
    if kind == "array":
        return {"type": "list_type", "msg": "Input should be a valid list"}
    if kind == "object":
        if isinstance(schema, dict) and "properties" in schema:
            return {
                "type": "model_attributes_type",
                "msg": "Input should be a valid dictionary or object to extract fields from",
            }
        return {"type": "dict_type", "msg": "Input should be a valid dictionary"}
    return {"type": "none_required", "msg": "Input should be None"}


def _enum(
    error: ValidationError, loc: Loc, value: Any, instance: Any, root: Loc
) -> list[ErrorDetail]:
    options = [v for v in value if v is not None] if isinstance(value, list) else [value]
    expected = _or_list([repr(v) if isinstance(v, str) else json.dumps(v) for v in options])
    return [
        {
            "type": "enum",
            "loc": loc,
            "msg": f"Input should be {expected}",
            "input": instance,
            "ctx": {"expected": expected},
        }
    ]


def _extra(
    error: ValidationError, loc: Loc, value: Any, instance: Any, root: Loc
) -> list[ErrorDetail]:
    if value is not False or not isinstance(instance, dict):
        return [{"type": "value_error", "loc": loc, "msg": error.message, "input": instance}]
    known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    return [
        {
            "type": "extra_forbidden",
            "loc": [*loc, name],
            "msg": "Extra inputs are not permitted",
            "input": instance[name],
        }
        for name in instance
        if name not in known
    ]


def _union(
    error: ValidationError, loc: Loc, value: Any, instance: Any, root: Loc
) -> list[ErrorDetail]:
    relevant = [
        sub
        for sub in error.context or []
        if not (sub.validator == "type" and sub.validator_value == "null")
    ]
    if not relevant:
        return [{"type": "value_error", "loc": loc, "msg": error.message, "input": instance}]
    return details(relevant, root)


def _format(
    error: ValidationError, loc: Loc, value: Any, instance: Any, root: Loc
) -> list[ErrorDetail]:
    if value == "date-time":
        return [
            {
                "type": "datetime_from_date_parsing",
                "loc": loc,
                "msg": "Input should be a valid datetime or date, invalid value",
                "input": instance,
            }
        ]
    return [{"type": "value_error", "loc": loc, "msg": error.message, "input": instance}]


def _bound(type_: str, message: str, ctx_key: str) -> _Translator:
    def translate(
        error: ValidationError, loc: Loc, value: Any, instance: Any, root: Loc
    ) -> list[ErrorDetail]:
        return [
            {
                "type": type_,
                "loc": loc,
                "msg": message.format(value),
                "input": instance,
                "ctx": {ctx_key: value},
            }
        ]

    return translate


def _or_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


_Translator = Callable[[ValidationError, Loc, Any, Any, Loc], list[ErrorDetail]]

_TRANSLATORS: dict[str, _Translator] = {
    "required": _required,
    "type": _type,
    "enum": _enum,
    "const": lambda e, loc, v, i, r: _enum(e, loc, [v], i, r),
    "additionalProperties": _extra,
    "anyOf": _union,
    "oneOf": _union,
    "format": _format,
    "minimum": _bound("greater_than_equal", "Input should be greater than or equal to {}", "ge"),
    "maximum": _bound("less_than_equal", "Input should be less than or equal to {}", "le"),
    "exclusiveMinimum": _bound("greater_than", "Input should be greater than {}", "gt"),
    "exclusiveMaximum": _bound("less_than", "Input should be less than {}", "lt"),
    "minLength": _bound(
        "string_too_short", "String should have at least {} characters", "min_length"
    ),
    "maxLength": _bound(
        "string_too_long", "String should have at most {} characters", "max_length"
    ),
    "pattern": _bound("string_pattern_mismatch", "String should match pattern '{}'", "pattern"),
    "minItems": _bound("too_short", "List should have at least {} items", "min_length"),
    "maxItems": _bound("too_long", "List should have at most {} items", "max_length"),
}
