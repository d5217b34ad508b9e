"""Request validation compiled from the OpenAPI document, answering in FastAPI's 422 shape.

Each operation gets precompiled JSON Schema validators for its parameters and JSON body.
Local `$ref`s are inlined and `anyOf: [X, null]` is folded into `type: [X, "null"]` so that
validating a body of a thousand items stays cheap. Problems are reported like FastAPI and
pydantic v2 do: `{"type": ..., "loc": [...], "msg": ..., "input": ...}`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ._fastcheck import Check, compile_check, is_datetime_text
from ._problems import (
    ErrorDetail,
    Loc,
    convert_text,
    details,
    in_field_order,
    json_invalid,
    missing,
)

_SPEC_URI = "urn:smartem-spec"
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_ANNOTATIONS = frozenset(
    {"title", "description", "example", "examples", "default", "deprecated", "externalDocs", "xml"}
)


class RequestInvalid(Exception):
    """A request that does not match its operation; `detail` is FastAPI's error list."""

    def __init__(self, detail: list[ErrorDetail]) -> None:
        super().__init__(f"{len(detail)} validation error(s)")
        self.detail = detail


@dataclass(frozen=True)
class ValidatedRequest:
    """Path and query parameters converted to their schema types, and the parsed JSON body."""

    path: dict[str, str]
    query: dict[str, Any]
    body: Any


_FORMATS = FormatChecker(formats=())
_FORMATS.checks("date-time")(is_datetime_text)


@dataclass(frozen=True)
class _Parameter:
    name: str
    location: str
    required: bool
    schema: dict[str, Any]
    validator: Draft202012Validator
    check: Check
    default: Any

    @property
    def types(self) -> list[str]:
        return _types_of(self.schema)


@dataclass
class OperationValidator:
    """Validates one operation's parameters and JSON body."""

    method: str
    path_template: str
    parameters: list[_Parameter] = field(default_factory=list)
    body_validator: Draft202012Validator | None = None
    body_check: Check | None = None
    body_required: bool = False

    def validate(
        self,
        path_params: Mapping[str, str],
        query: Mapping[str, str],
        body: bytes,
    ) -> ValidatedRequest:
        """Return the converted request, or raise `RequestInvalid` listing every problem."""
        errors: list[ErrorDetail] = []
        path_values = dict(path_params)
        query_values: dict[str, Any] = {}
        for parameter in self.parameters:
            if parameter.location == "path":
                raw = path_params.get(parameter.name)
            elif parameter.location == "query":
                raw = query.get(parameter.name)
            else:
                continue
            value = self._parameter_value(parameter, raw, errors)
            if parameter.location == "query" and value is not _ABSENT:
                query_values[parameter.name] = value
        parsed = self._body_value(body, errors)
        if errors:
            raise RequestInvalid(errors)
        return ValidatedRequest(path=path_values, query=query_values, body=parsed)

    def _parameter_value(
        self, parameter: _Parameter, raw: str | None, errors: list[ErrorDetail]
    ) -> Any:
        loc: Loc = [parameter.location, parameter.name]
        if raw is None:
            if parameter.required:
                errors.append(missing(loc, None))
                return _ABSENT
            return parameter.default if parameter.default is not None else _ABSENT
        value, problem = convert_text(raw, parameter.types)
        if problem is not None:
            errors.append({**problem, "loc": loc, "input": raw})
            return _ABSENT
        if not parameter.check(value):
            problems = details(parameter.validator.iter_errors(value), loc)
            if problems:
                errors.extend(problems)
                return _ABSENT
        return value

    def _body_value(self, body: bytes, errors: list[ErrorDetail]) -> Any:
        if self.body_validator is None or self.body_check is None:
            return _parse_json_quietly(body)
        if not body.strip():
            if self.body_required:
                errors.append(missing(["body"], None))
            return None
        try:
            parsed = json.loads(body)
        except ValueError as exc:
            errors.append(json_invalid(exc))
            return None
        if not self.body_check(parsed):
            problems = details(self.body_validator.iter_errors(parsed), ["body"])
            errors.extend(in_field_order(problems, self.body_validator.schema))
        return parsed


class _Absent:
    def __repr__(self) -> str:
        return "<absent>"


_ABSENT: Any = _Absent()


def compile_operations(document: dict[str, Any]) -> dict[tuple[str, str], OperationValidator]:
    """One validator per (METHOD, path template); LookupError for a $ref that does not resolve."""
    compiler = _SchemaCompiler(document)
    operations: dict[tuple[str, str], OperationValidator] = {}
    for template, path_item in document.get("paths", {}).items():
        path_item = compiler.resolve(path_item)
        shared = [compiler.resolve(p) for p in path_item.get("parameters", [])]
        for method in _METHODS:
            operation = path_item.get(method)
            if not isinstance(operation, dict):
                continue
            own = [compiler.resolve(p) for p in operation.get("parameters", [])]
            merged = {(p["name"], p["in"]): p for p in [*shared, *own]}
            validator = OperationValidator(method=method.upper(), path_template=template)
            for spec in merged.values():
                validator.parameters.append(compiler.parameter(spec))
            body = operation.get("requestBody")
            if body is not None:
                body = compiler.resolve(body)
                media = body.get("content", {}).get("application/json")
                if media is not None and "schema" in media:
                    schema = compiler.prepare(media["schema"])
                    validator.body_validator = compiler.build(schema)
                    validator.body_check = compiler.check(schema)
                    validator.body_required = bool(body.get("required", False))
            operations[(method.upper(), template)] = validator
    return operations


class _SchemaCompiler:
    """Turns the document's schemas into fast, self-contained JSON Schema validators."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._document = document
        self._nullable_keyword = str(document.get("openapi", "3.1")).startswith("3.0")
        self._registry: Registry[Any] = Registry().with_resource(
            _SPEC_URI, Resource.from_contents(document, default_specification=DRAFT202012)
        )

    def resolve(self, node: Any) -> Any:
        seen: set[str] = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                raise LookupError(f"circular $ref {ref}")
            seen.add(ref)
            node = self._pointer(ref)
        return node

    def parameter(self, spec: dict[str, Any]) -> _Parameter:
        schema = self.prepare(spec.get("schema", {}))
        return _Parameter(
            name=spec["name"],
            location=spec["in"],
            required=bool(spec.get("required", spec["in"] == "path")),
            schema=schema,
            validator=self.build(schema),
            check=self.check(schema),
            default=self.resolve(spec.get("schema", {})).get("default"),
        )

    def prepare(self, schema: Any) -> Any:
        return self._prepare(schema, ())

    def build(self, schema: Any) -> Draft202012Validator:
        return Draft202012Validator(schema, registry=self._registry, format_checker=_FORMATS)

    def check(self, schema: Any) -> Check:
        return compile_check(schema, lambda sub: self.build(sub).is_valid)

    def _pointer(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            raise LookupError(f"only local $refs are supported, not {ref!r}")
        node: Any = self._document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise LookupError(f"unresolvable $ref {ref!r}")
        return node

    def _prepare(self, schema: Any, stack: tuple[str, ...]) -> Any:
        if isinstance(schema, list):
            return [self._prepare(item, stack) for item in schema]
        if not isinstance(schema, dict):
            return schema
        if "$ref" in schema and isinstance(schema["$ref"], str):
            ref = schema["$ref"]
            if ref in stack:  # recursive schema: leave the reference to the registry
                return {"$ref": _SPEC_URI + ref}
            target = self._prepare(self._pointer(ref), (*stack, ref))
            siblings = {k: v for k, v in schema.items() if k != "$ref" and k not in _ANNOTATIONS}
            if not siblings:
                return target
            return {"allOf": [target, self._prepare(siblings, stack)]}
        prepared: dict[str, Any] = {}
        for key, value in schema.items():
            if key in _ANNOTATIONS or key == "nullable":
                continue
            if key in ("properties", "patternProperties", "$defs", "definitions"):
                prepared[key] = {name: self._prepare(sub, stack) for name, sub in value.items()}
            else:
                prepared[key] = self._prepare(value, stack)
        if self._nullable_keyword and schema.get("nullable") is True:
            prepared = _allow_null(prepared)
        return _fold_nullable_union(prepared)


def _allow_null(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema.get("type")
    if isinstance(kind, str):
        schema = {**schema, "type": [kind, "null"]}
    elif isinstance(kind, list) and "null" not in kind:
        schema = {**schema, "type": [*kind, "null"]}
    elif kind is None:
        return {"anyOf": [schema, {"type": "null"}]}
    if "enum" in schema and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]
    return schema


def _fold_nullable_union(schema: dict[str, Any]) -> dict[str, Any]:
    """`anyOf: [S, {type: null}]` with a typed S becomes S allowing null: same meaning, faster."""
    branches = schema.get("anyOf")
    if not isinstance(branches, list) or len(branches) != 2 or len(schema) != 1:
        return schema
    nulls = [b for b in branches if b == {"type": "null"}]
    others = [b for b in branches if b != {"type": "null"}]
    if len(nulls) != 1 or len(others) != 1:
        return schema
    other = others[0]
    if not isinstance(other, dict) or not isinstance(other.get("type"), str):
        return schema
    if any(k in other for k in ("anyOf", "oneOf", "allOf", "not", "$ref")):
        return schema
    folded = dict(other)
    if "const" in folded:
        folded["enum"] = [folded.pop("const")]
    return _allow_null(folded)


def _types_of(schema: Mapping[str, Any]) -> list[str]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    for combinator in ("anyOf", "oneOf"):
        branches = schema.get(combinator)
        if isinstance(branches, list):
            return [t for branch in branches if isinstance(branch, dict) for t in _types_of(branch)]
    return []


def _parse_json_quietly(body: bytes) -> Any:
    if not body.strip():
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None
