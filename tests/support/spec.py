"""Read the project's OpenAPI spec for tests: operations, resolved schemas, sample values."""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO / "openapi" / "smartem-backend.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


@functools.cache
def load_spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def resolve(node: Any, spec: dict[str, Any] | None = None) -> Any:
    """Follow a local ``$ref`` (repeatedly) and return the target node."""
    spec = spec or load_spec()
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def inline_refs(node: Any, spec: dict[str, Any] | None = None) -> Any:
    """Return a copy of ``node`` with every local ``$ref`` replaced by its target."""
    spec = spec or load_spec()
    if isinstance(node, dict):
        if "$ref" in node:
            return inline_refs(copy.deepcopy(resolve(node, spec)), spec)
        return {key: inline_refs(value, spec) for key, value in node.items()}
    if isinstance(node, list):
        return [inline_refs(item, spec) for item in node]
    return node


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    tag: str
    spec: dict[str, Any]

    @property
    def parameters(self) -> list[dict[str, Any]]:
        return [resolve(p) for p in self.spec.get("parameters", [])]

    @property
    def path_parameters(self) -> list[str]:
        return re.findall(r"{([^}]+)}", self.path)

    @property
    def request_schema(self) -> dict[str, Any] | None:
        body = resolve(self.spec.get("requestBody")) if "requestBody" in self.spec else None
        if not body:
            return None
        schema: dict[str, Any] = body["content"]["application/json"]["schema"]
        return schema

    @property
    def responses(self) -> dict[str, dict[str, Any]]:
        return {code: resolve(resp) for code, resp in self.spec["responses"].items()}

    @property
    def is_stream(self) -> bool:
        return any(
            "text/event-stream" in resp.get("content", {}) for resp in self.responses.values()
        )

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


def operations() -> Iterator[Operation]:
    spec = load_spec()
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                op = item[method]
                yield Operation(method, path, op["operationId"], op["tags"][0], op)


# Strings the contract's patterns are meant for: a naive time (what the backend stores).
PATTERN_SAMPLES = ("2026-01-02T03:04:05",)


def schema_type(schema: dict[str, Any]) -> set[str]:
    """The JSON types a schema admits (``anyOf``/``oneOf`` and type lists flattened)."""
    schema = resolve(schema)
    types: set[str] = set()
    declared = schema.get("type")
    if isinstance(declared, list):
        types.update(declared)
    elif isinstance(declared, str):
        types.add(declared)
    for key in ("anyOf", "oneOf"):
        for option in schema.get(key, []):
            types |= schema_type(option)
    if "enum" in schema and not types:
        types.add("string")
    return types


def sample(schema: dict[str, Any], *, name: str = "x") -> Any:
    """A small valid instance of ``schema``: required fields only, non-null where possible."""
    schema = resolve(schema)
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if resolve(o).get("type") != "null"]
            return sample(options[0], name=name)
    types = schema_type(schema) - {"null"}
    kind = sorted(types)[0] if types else "object"
    if kind == "object":
        props = schema.get("properties", {})
        return {key: sample(props[key], name=key) for key in schema.get("required", [])}
    if kind == "array":
        return [sample(schema.get("items", {}), name=name)]
    if kind == "string":
        if schema.get("format") == "date-time":
            return "2026-01-02T03:04:05+00:00"
        if "pattern" in schema:
            for candidate in (*PATTERN_SAMPLES, f"sample-{name}"):
                if re.fullmatch(schema["pattern"], candidate):
                    return candidate
            raise ValueError(f"no sample matches the pattern {schema['pattern']!r}")
        return f"sample-{name}"
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    raise ValueError(f"cannot build a sample for {schema!r}")


def instances(schema: dict[str, Any]) -> Any:
    """A hypothesis strategy for JSON instances of ``schema`` (the subset the spec uses).

    Optional properties are sometimes left out, nullable ones are sometimes null, and objects
    that admit additional properties sometimes carry extra keys.
    """
    from hypothesis import strategies as st

    schema = resolve(schema)
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return st.one_of([instances(option) for option in schema[key]])
    declared = schema.get("type")
    if declared is None:
        return st.one_of(st.none(), st.integers(), st.text(max_size=5), st.booleans())
    if isinstance(declared, list):
        return st.one_of([instances({**schema, "type": kind}) for kind in declared])
    if declared == "null":
        return st.none()
    if declared == "boolean":
        return st.booleans()
    if declared == "integer":
        return st.integers(
            min_value=schema.get("minimum", -(2**31)), max_value=schema.get("maximum", 2**31)
        )
    if declared == "number":
        return st.floats(allow_nan=False, allow_infinity=False, width=32)
    if declared == "string":
        if schema.get("format") == "date-time":
            return st.datetimes(timezones=st.timezones()).map(lambda value: value.isoformat())
        if "pattern" in schema:
            ascii_text = st.characters(codec="ascii")
            return st.from_regex(schema["pattern"], fullmatch=True, alphabet=ascii_text)
        return st.text(max_size=12)
    if declared == "array":
        return st.lists(instances(schema.get("items", {})), max_size=3)
    if declared == "object":
        return _object_instances(schema)
    raise ValueError(f"no strategy for {schema!r}")


def _object_instances(schema: dict[str, Any]) -> Any:
    from hypothesis import strategies as st

    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    fixed = st.fixed_dictionaries(
        {name: instances(properties[name]) for name in properties if name in required},
        optional={name: instances(properties[name]) for name in properties if name not in required},
    )
    extra = schema.get("additionalProperties", True)
    if extra is False:
        return fixed
    values = instances(extra) if isinstance(extra, dict) else st.integers()
    extras = st.dictionaries(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8).filter(
            lambda key: key not in properties
        ),
        values,
        max_size=2,
    )
    return st.tuples(fixed, extras).map(lambda pair: {**pair[1], **pair[0]})


def success_response(operation: Operation) -> tuple[int, dict[str, Any]]:
    """The lowest 2xx status ``operation`` declares, with its resolved response object."""
    codes = sorted(int(code) for code in operation.responses if code.startswith("2"))
    if not codes:
        raise ValueError(f"{operation} declares no success response")
    return codes[0], operation.responses[str(codes[0])]


def declared_parameters(operation: Operation) -> list[dict[str, Any]]:
    """Every resolved parameter of ``operation``: its path item's, then its own."""
    item = load_spec()["paths"][operation.path]
    return [resolve(p) for p in item.get("parameters", [])] + operation.parameters


def ref_name(schema: Any) -> str | None:
    """The component name a ``{"$ref": "#/components/schemas/Name"}`` schema points to."""
    if isinstance(schema, dict) and "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    return None


def without_first_required(schema: dict[str, Any], instance: Any) -> tuple[Any, str] | None:
    """``instance`` with the first required field of ``schema`` removed, and that field's name.

    For an array body the field is removed from its first item. ``None`` when the schema
    requires no field.
    """
    schema = resolve(schema)
    if "array" in schema_type(schema) and isinstance(instance, list) and instance:
        inner = without_first_required(schema.get("items", {}), instance[0])
        if inner is None:
            return None
        return [inner[0], *copy.deepcopy(instance[1:])], f"[0].{inner[1]}"
    required = schema.get("required", [])
    if not required or not isinstance(instance, dict):
        return None
    field = required[0]
    return {key: value for key, value in instance.items() if key != field}, field
