"""scripts/spec_diff.py: contract differences between two OpenAPI documents, and its CLI."""

from __future__ import annotations

import copy
import functools
import http.server
import importlib.util
import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "spec_diff.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("spec_diff", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["spec_diff"] = module
    spec.loader.exec_module(module)
    return module


sd = _load_script()
OVERLAY = Path(__file__).resolve().parents[2] / "openapi" / "overlay.yaml"
# The deviations our overlay declares: the contract's deliberate differences from the backend.
DECLARED = sd.accepted_from_overlay(yaml.safe_load(OVERLAY.read_text()))

Row = tuple[str, str, str]

# --------------------------------------------------------------------------------------------
# Builders


def document(
    paths: dict[str, Any] | None = None,
    schemas: dict[str, Any] | None = None,
    openapi: str = "3.1.0",
    **extra: Any,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "openapi": openapi,
        "info": {"title": "test", "version": "1"},
        "paths": paths or {},
    }
    if schemas:
        doc["components"] = {"schemas": schemas}
    doc.update(extra)
    return doc


def response(schema: Any = None, media: str = "application/json") -> dict[str, Any]:
    return {"description": "ok", "content": {media: {"schema": {} if schema is None else schema}}}


def operation(
    parameters: list[dict[str, Any]] | None = None,
    body: dict[str, Any] | None = None,
    responses: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    op: dict[str, Any] = {"responses": responses or {"200": response()}}
    if parameters is not None:
        op["parameters"] = parameters
    if body is not None:
        op["requestBody"] = body
    op.update(extra)
    return op


def json_body(schema: Any, required: bool = True) -> dict[str, Any]:
    return {"required": required, "content": {"application/json": {"schema": schema}}}


def param(
    name: str, where: str = "query", required: bool = False, schema: Any = None
) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": required,
        "schema": {"type": "string"} if schema is None else schema,
    }


def request_spec(schema: Any, schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    """POST /items whose JSON request body has ``schema``."""
    return document({"/items": {"post": operation(body=json_body(schema))}}, schemas)


def response_spec(schema: Any, schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    """GET /items whose 200 JSON response has ``schema``."""
    return document({"/items": {"get": operation(responses={"200": response(schema)})}}, schemas)


def query_spec(*parameters: dict[str, Any]) -> dict[str, Any]:
    return document({"/items": {"get": operation(parameters=list(parameters))}})


def obj(properties: dict[str, Any], required: list[str] | None = None, **extra: Any) -> Any:
    schema: dict[str, Any] = {"type": "object", "properties": properties, **extra}
    if required:
        schema["required"] = required
    return schema


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
REQ = "POST /items requestBody/application/json"
RESP = "GET /items responses/200/application/json"
QUERY = "GET /items parameters/query"


def rows(base: dict[str, Any], new: dict[str, Any], accepted: Any = ()) -> list[Row]:
    return [(d.classification, d.location, d.kind) for d in sd.compare(base, new, accepted)]


def write(tmp_path: Path, name: str, doc: dict[str, Any]) -> str:
    path = tmp_path / name
    if name.endswith((".yaml", ".yml")):
        path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    else:
        path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


# --------------------------------------------------------------------------------------------
# Equivalences


def test_identical_documents_have_no_difference(tmp_path: Path) -> None:
    doc = request_spec(obj({"a": STRING, "b": {"type": "array", "items": INTEGER}}, ["a"]))
    assert rows(doc, copy.deepcopy(doc)) == []
    path = write(tmp_path, "doc.json", doc)
    assert sd.main([path, path]) == 0


def test_inline_schema_equals_named_component() -> None:
    item = obj({"uuid": STRING, "n": {"anyOf": [INTEGER, {"type": "null"}]}}, ["uuid"])
    named = request_spec(
        {"$ref": "#/components/schemas/Batch"},
        {
            "Batch": obj(
                {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}},
                ["items"],
            ),
            "Item": item,
        },
    )
    inline = request_spec(obj({"items": {"type": "array", "items": item}}, ["items"]))
    assert rows(named, inline) == []
    assert rows(inline, named) == []


def test_allof_wrapper_equals_its_member() -> None:
    schemas = {"Item": obj({"a": STRING}, ["a"])}
    wrapped = response_spec({"allOf": [{"$ref": "#/components/schemas/Item"}]}, schemas)
    assert rows(wrapped, response_spec(obj({"a": STRING}, ["a"]))) == []


NULLABLE_SPELLINGS: dict[str, Any] = {
    "anyOf": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
    "oneOf": {"oneOf": [{"type": "null"}, {"type": "string", "format": "date-time"}]},
    "type-list": {"type": ["string", "null"], "format": "date-time"},
    "nullable": {"type": "string", "format": "date-time", "nullable": True},
}


@pytest.mark.parametrize("left", sorted(NULLABLE_SPELLINGS))
@pytest.mark.parametrize("right", sorted(NULLABLE_SPELLINGS))
def test_nullability_spellings_are_equal(left: str, right: str) -> None:
    base = request_spec(obj({"t": NULLABLE_SPELLINGS[left]}))
    new = response_spec(obj({"t": NULLABLE_SPELLINGS[right]}))
    base_resp = response_spec(obj({"t": NULLABLE_SPELLINGS[left]}))
    new_req = request_spec(obj({"t": NULLABLE_SPELLINGS[right]}))
    assert rows(base, new_req) == []
    assert rows(base_resp, new) == []


def test_nullable_ref_equals_nullable_enum_with_null_value() -> None:
    schemas = {"Status": {"type": "string", "enum": ["a", "b"]}}
    base = response_spec(
        obj({"s": {"anyOf": [{"$ref": "#/components/schemas/Status"}, {"type": "null"}]}}),
        schemas,
    )
    new = response_spec(obj({"s": {"type": "string", "enum": ["a", "b", None], "nullable": True}}))
    assert rows(base, new) == []


def test_descriptive_fields_are_ignored() -> None:
    base = document(
        {
            "/items/{item_id}": {
                "get": operation(
                    [param("item_id", "path", True)],
                    operationId="get_item",
                    summary="Get",
                    description="Get an item",
                    tags=["items"],
                    responses={"200": response(obj({"a": STRING}))},
                )
            }
        },
        tags=[{"name": "items"}],
    )
    new = document(
        {
            "/items/{item_id}": {
                "description": "path item text",
                "get": operation(
                    [
                        {
                            **param("item_id", "path", True),
                            "description": "the id",
                            "example": "x1",
                        }
                    ],
                    operationId="read_item_items__item_id__get",
                    summary="Read Item",
                    description="Something else entirely",
                    tags=["other"],
                    deprecated=True,
                    responses={
                        "200": {
                            "description": "Successful Response",
                            "content": {
                                "application/json": {
                                    "schema": obj(
                                        {"a": {**STRING, "title": "A", "examples": ["x"]}},
                                        title="Item",
                                        description="An item",
                                    )
                                    | {"x-internal": True},
                                    "example": {"a": "x"},
                                }
                            },
                        }
                    },
                )
                | {"x-codegen": "skip"},
            }
        },
        info={"title": "other", "version": "9"},
        servers=[{"url": "http://example"}],
    )
    assert rows(base, new) == []


def test_path_parameter_names_do_not_matter() -> None:
    base = document({"/models/{name}": {"get": operation([param("name", "path", True)])}})
    new = document(
        {"/models/{model_name}": {"get": operation([param("model_name", "path", True)])}}
    )
    assert rows(base, new) == []
    new["paths"]["/models/{model_name}"]["get"]["parameters"][0]["schema"] = INTEGER
    assert rows(base, new) == [
        ("breaking", "GET /models/{name} parameters/path/name/type", "type-changed")
    ]


def test_path_item_parameters_merge_with_operation_parameters() -> None:
    base = document({"/a/{x}": {"parameters": [param("x", "path", True)], "get": operation()}})
    new = document({"/a/{x}": {"get": operation([param("x", "path", True)])}})
    assert rows(base, new) == []


def test_recursive_ref_does_not_loop() -> None:
    def tree(leaf: Any) -> dict[str, Any]:
        return {
            "Node": obj(
                {
                    "value": leaf,
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                    "parent": {"anyOf": [{"$ref": "#/components/schemas/Node"}, {"type": "null"}]},
                },
                ["value"],
            )
        }

    base = response_spec({"$ref": "#/components/schemas/Node"}, tree(STRING))
    assert rows(base, copy.deepcopy(base)) == []
    new = response_spec({"$ref": "#/components/schemas/Node"}, tree(INTEGER))
    assert rows(base, new) == [("breaking", f"{RESP}/properties/value/type", "type-changed")]


def test_ref_cycle_without_schema_does_not_loop() -> None:
    schemas = {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}
    base = response_spec({"$ref": "#/components/schemas/A"}, schemas)
    assert rows(base, copy.deepcopy(base)) == []


# --------------------------------------------------------------------------------------------
# Operations, parameters, bodies, responses


def test_removed_operation_is_breaking() -> None:
    base = document({"/items": {"get": operation(), "delete": operation()}})
    new = document({"/items": {"get": operation()}})
    assert rows(base, new) == [("breaking", "DELETE /items", "operation-removed")]


def test_added_operation_is_compatible() -> None:
    base = document({"/items": {"get": operation()}})
    new = document({"/items": {"get": operation()}, "/other/{id}": {"post": operation()}})
    assert rows(base, new) == [("compatible", "POST /other/{id}", "operation-added")]


def test_removed_parameter_is_breaking() -> None:
    base = query_spec(param("limit"), param("offset"))
    assert rows(base, query_spec(param("limit"))) == [
        ("breaking", f"{QUERY}/offset", "parameter-removed")
    ]


def test_added_parameters_optional_compatible_required_breaking() -> None:
    base = query_spec()
    new = query_spec(param("limit"), param("token", "header", True))
    assert rows(base, new) == [
        ("compatible", f"{QUERY}/limit", "parameter-added"),
        ("breaking", "GET /items parameters/header/token", "parameter-added"),
    ]


def test_parameter_newly_required_is_breaking_and_newly_optional_compatible() -> None:
    optional, required = query_spec(param("limit")), query_spec(param("limit", required=True))
    assert rows(optional, required) == [
        ("breaking", f"{QUERY}/limit/required", "parameter-now-required")
    ]
    assert rows(required, optional) == [
        ("compatible", f"{QUERY}/limit/required", "parameter-now-optional")
    ]


def test_parameter_default_changed_added_removed() -> None:
    def spec(**default: Any) -> dict[str, Any]:
        return query_spec(param("limit", schema={"type": "integer", **default}))

    where = f"{QUERY}/limit/default"
    assert rows(spec(default=10), spec(default=20)) == [("breaking", where, "default-changed")]
    assert rows(spec(default=10), spec()) == [("breaking", where, "default-removed")]
    assert rows(spec(), spec(default=10)) == [("compatible", where, "default-added")]


def test_parameter_enum_and_format() -> None:
    base = query_spec(param("order", schema={"type": "string", "enum": ["asc", "desc"]}))
    new = query_spec(param("order", schema={"type": "string", "enum": ["asc"]}))
    assert rows(base, new) == [("breaking", f"{QUERY}/order/enum", "enum-value-removed")]
    assert rows(new, base) == [("compatible", f"{QUERY}/order/enum", "enum-value-added")]


def test_parameter_nullability_in_request_direction() -> None:
    plain = query_spec(param("q"))
    nullable = query_spec(param("q", schema={"anyOf": [STRING, {"type": "null"}]}))
    assert rows(plain, nullable) == [("compatible", f"{QUERY}/q/nullable", "nullable-added")]
    assert rows(nullable, plain) == [("breaking", f"{QUERY}/q/nullable", "nullable-removed")]


def test_header_parameter_names_are_case_insensitive() -> None:
    base = query_spec(param("X-Trace", "header"))
    assert rows(base, query_spec(param("x-trace", "header"))) == []


def test_parameter_style_change_is_breaking() -> None:
    base = query_spec(param("ids", schema={"type": "array", "items": STRING}))
    new = query_spec({**param("ids", schema={"type": "array", "items": STRING}), "explode": False})
    assert rows(base, new) == [
        ("breaking", f"{QUERY}/ids/explode", "parameter-serialization-changed")
    ]


def test_request_body_required_and_presence() -> None:
    def spec(body: dict[str, Any] | None) -> dict[str, Any]:
        return document({"/items": {"post": operation(body=body)}})

    optional = spec(json_body(STRING, required=False))
    required = spec(json_body(STRING, required=True))
    assert rows(optional, required) == [
        ("breaking", "POST /items requestBody/required", "request-body-now-required")
    ]
    assert rows(required, optional) == [
        ("compatible", "POST /items requestBody/required", "request-body-now-optional")
    ]
    assert rows(required, spec(None)) == [
        ("breaking", "POST /items requestBody", "request-body-removed")
    ]
    assert rows(spec(None), optional) == [
        ("compatible", "POST /items requestBody", "request-body-added")
    ]
    assert rows(spec(None), required) == [
        ("breaking", "POST /items requestBody", "request-body-added")
    ]


def test_removed_status_code_is_breaking_and_added_compatible() -> None:
    both = document(
        {"/items": {"get": operation(responses={"200": response(), "404": response()})}}
    )
    one = document({"/items": {"get": operation(responses={"200": response()})}})
    assert rows(both, one) == [("breaking", "GET /items responses/404", "status-removed")]
    assert rows(one, both) == [("compatible", "GET /items responses/404", "status-added")]


def test_yaml_integer_status_codes_match_strings() -> None:
    by_number: dict[Any, Any] = {200: response()}
    base = document({"/items": {"get": operation(responses=by_number)}})
    new = document({"/items": {"get": operation(responses={"200": response()})}})
    assert rows(base, new) == []


def test_changed_response_media_type() -> None:
    base = document({"/s": {"get": operation(responses={"200": response(STRING, "text/plain")})}})
    new = document({"/s": {"get": operation(responses={"200": response(STRING)})}})
    assert rows(base, new) == [
        ("breaking", "GET /s responses/200/text/plain", "media-type-removed"),
        ("compatible", "GET /s responses/200/application/json", "media-type-added"),
    ]


def test_changed_request_media_type() -> None:
    def spec(media: str) -> dict[str, Any]:
        body = {"required": True, "content": {media: {"schema": obj({"a": STRING})}}}
        return document({"/items": {"post": operation(body=body)}})

    assert rows(spec("application/json"), spec("multipart/form-data")) == [
        ("breaking", "POST /items requestBody/application/json", "media-type-removed"),
        ("compatible", "POST /items requestBody/multipart/form-data", "media-type-added"),
    ]


def test_media_type_parameters_are_ignored() -> None:
    base = response_spec(STRING)
    new = document(
        {
            "/items": {
                "get": operation(
                    responses={"200": response(STRING, "Application/JSON; charset=utf-8")}
                )
            }
        }
    )
    assert rows(base, new) == []


def test_response_headers() -> None:
    def spec(headers: dict[str, Any]) -> dict[str, Any]:
        ok = {**response(), "headers": headers}
        return document({"/items": {"get": operation(responses={"200": ok})}})

    with_header = spec({"X-Total": {"schema": INTEGER}})
    assert rows(with_header, spec({})) == [
        ("breaking", "GET /items responses/200/headers/X-Total", "header-removed")
    ]
    assert rows(spec({}), with_header) == [
        ("compatible", "GET /items responses/200/headers/X-Total", "header-added")
    ]
    assert rows(with_header, spec({"x-total": {"schema": STRING}})) == [
        ("breaking", "GET /items responses/200/headers/X-Total/type", "type-changed")
    ]


# --------------------------------------------------------------------------------------------
# Schemas


def test_type_changed_is_breaking_both_ways() -> None:
    assert rows(request_spec(obj({"n": STRING})), request_spec(obj({"n": INTEGER}))) == [
        ("breaking", f"{REQ}/properties/n/type", "type-changed")
    ]
    assert rows(response_spec(obj({"n": STRING})), response_spec(obj({"n": INTEGER}))) == [
        ("breaking", f"{RESP}/properties/n/type", "type-changed")
    ]


def test_integer_to_number_widens() -> None:
    number = {"type": "number"}
    assert rows(request_spec(INTEGER), request_spec(number)) == [
        ("compatible", f"{REQ}/type", "type-widened")
    ]
    assert rows(response_spec(INTEGER), response_spec(number)) == [
        ("breaking", f"{RESP}/type", "type-widened")
    ]
    assert rows(response_spec(number), response_spec(INTEGER)) == [
        ("compatible", f"{RESP}/type", "type-narrowed")
    ]


def test_anyof_union_of_several_types() -> None:
    union = {"anyOf": [STRING, INTEGER, {"type": "null"}]}
    same_union = {"type": ["integer", "string", "null"]}
    assert rows(request_spec(union), request_spec(same_union)) == []
    nullable_string = {"anyOf": [STRING, {"type": "null"}]}
    assert rows(request_spec(nullable_string), request_spec(union)) == [
        ("compatible", f"{REQ}/type", "type-widened")
    ]
    assert rows(response_spec(nullable_string), response_spec(union)) == [
        ("breaking", f"{RESP}/type", "type-widened")
    ]
    assert rows(request_spec(union), request_spec(nullable_string)) == [
        ("breaking", f"{REQ}/type", "type-narrowed")
    ]


def test_union_members_are_compared_member_by_member() -> None:
    base = response_spec({"anyOf": [{"type": "string", "format": "uuid"}, INTEGER]})
    new = response_spec({"anyOf": [STRING, INTEGER]})
    assert rows(base, new) == [("breaking", f"{RESP}/anyOf/string/format", "format-removed")]


def test_untyped_schema_accepts_anything() -> None:
    assert rows(request_spec({}), request_spec(STRING)) == [
        ("breaking", f"{REQ}/type", "type-narrowed")
    ]
    assert rows(response_spec({}), response_spec(STRING)) == [
        ("compatible", f"{RESP}/type", "type-narrowed")
    ]


def test_format_changed_added_removed() -> None:
    def req(fmt: str | None) -> dict[str, Any]:
        return request_spec(obj({"t": {"type": "string", "format": fmt} if fmt else STRING}))

    def resp(fmt: str | None) -> dict[str, Any]:
        return response_spec(obj({"t": {"type": "string", "format": fmt} if fmt else STRING}))

    assert rows(req("date-time"), req("date")) == [
        ("breaking", f"{REQ}/properties/t/format", "format-changed")
    ]
    assert rows(resp("date-time"), resp("date")) == [
        ("breaking", f"{RESP}/properties/t/format", "format-changed")
    ]
    assert rows(req(None), req("uuid")) == [
        ("breaking", f"{REQ}/properties/t/format", "format-added")
    ]
    assert rows(resp(None), resp("uuid")) == [
        ("compatible", f"{RESP}/properties/t/format", "format-added")
    ]
    assert rows(req("uuid"), req(None)) == [
        ("compatible", f"{REQ}/properties/t/format", "format-removed")
    ]
    assert rows(resp("uuid"), resp(None)) == [
        ("breaking", f"{RESP}/properties/t/format", "format-removed")
    ]


def test_request_field_newly_required_and_newly_optional() -> None:
    optional = request_spec(obj({"a": STRING, "b": STRING}, ["a"]))
    required = request_spec(obj({"a": STRING, "b": STRING}, ["a", "b"]))
    assert rows(optional, required) == [
        ("breaking", f"{REQ}/properties/b/required", "property-now-required")
    ]
    assert rows(required, optional) == [
        ("compatible", f"{REQ}/properties/b/required", "property-now-optional")
    ]


def test_response_field_newly_required_and_newly_optional() -> None:
    optional = response_spec(obj({"a": STRING}))
    required = response_spec(obj({"a": STRING}, ["a"]))
    assert rows(optional, required) == [
        ("compatible", f"{RESP}/properties/a/required", "property-now-required")
    ]
    assert rows(required, optional) == [
        ("breaking", f"{RESP}/properties/a/required", "property-now-optional")
    ]


def test_added_request_fields() -> None:
    base = request_spec(obj({"a": STRING}, ["a"]))
    with_optional = request_spec(obj({"a": STRING, "b": STRING}, ["a"]))
    with_required = request_spec(obj({"a": STRING, "b": STRING}, ["a", "b"]))
    assert rows(base, with_optional) == [("compatible", f"{REQ}/properties/b", "property-added")]
    assert rows(base, with_required) == [("breaking", f"{REQ}/properties/b", "property-added")]


def test_removed_request_field_is_breaking() -> None:
    base = request_spec(obj({"a": STRING, "b": STRING}, ["a"]))
    assert rows(base, request_spec(obj({"a": STRING}, ["a"]))) == [
        ("breaking", f"{REQ}/properties/b", "property-removed")
    ]


def test_response_fields_added_and_removed() -> None:
    base = response_spec(obj({"a": STRING, "b": STRING}, ["a"]))
    assert rows(base, response_spec(obj({"b": STRING}))) == [
        ("breaking", f"{RESP}/properties/a", "property-removed")
    ]
    assert rows(base, response_spec(obj({"a": STRING}, ["a"]))) == [
        ("compatible", f"{RESP}/properties/b", "property-removed")
    ]
    added = response_spec(obj({"a": STRING, "b": STRING, "c": INTEGER}, ["a"]))
    assert rows(base, added) == [("compatible", f"{RESP}/properties/c", "property-added")]
    closed = response_spec(obj({"a": STRING, "b": STRING}, ["a"], additionalProperties=False))
    closed_added = response_spec(
        obj({"a": STRING, "b": STRING, "c": INTEGER}, ["a"], additionalProperties=False)
    )
    assert rows(closed, closed_added) == [("breaking", f"{RESP}/properties/c", "property-added")]


@pytest.mark.parametrize(
    ("builder", "where", "removed", "added"),
    [
        (request_spec, REQ, "breaking", "compatible"),
        (response_spec, RESP, "compatible", "breaking"),
    ],
)
def test_enum_values_added_and_removed(builder: Any, where: str, removed: str, added: str) -> None:
    schemas_ab = {"Status": {"type": "string", "enum": ["a", "b"]}}
    ab = builder(obj({"s": {"$ref": "#/components/schemas/Status"}}), schemas_ab)
    abc = builder(obj({"s": {"type": "string", "enum": ["a", "b", "c"]}}))
    assert rows(abc, ab) == [(removed, f"{where}/properties/s/enum", "enum-value-removed")]
    assert rows(ab, abc) == [(added, f"{where}/properties/s/enum", "enum-value-added")]
    assert rows(ab, builder(obj({"s": STRING}))) == [
        (added, f"{where}/properties/s/enum", "enum-removed")
    ]
    assert rows(builder(obj({"s": STRING})), ab) == [
        (removed, f"{where}/properties/s/enum", "enum-added")
    ]


def test_enum_order_does_not_matter() -> None:
    base = response_spec({"type": "string", "enum": ["a", "b"]})
    assert rows(base, response_spec({"type": "string", "enum": ["b", "a"]})) == []


@pytest.mark.parametrize(
    ("builder", "where", "added", "removed"),
    [
        (request_spec, REQ, "compatible", "breaking"),
        (response_spec, RESP, "breaking", "compatible"),
    ],
)
def test_nullability_added_and_removed(builder: Any, where: str, added: str, removed: str) -> None:
    plain = builder(obj({"n": INTEGER}))
    nullable = builder(obj({"n": {"anyOf": [INTEGER, {"type": "null"}]}}))
    assert rows(plain, nullable) == [(added, f"{where}/properties/n/nullable", "nullable-added")]
    assert rows(nullable, plain) == [
        (removed, f"{where}/properties/n/nullable", "nullable-removed")
    ]


def test_response_default_changes_are_compatible() -> None:
    base = response_spec(obj({"n": {"type": "integer", "default": 1}}))
    new = response_spec(obj({"n": {"type": "integer", "default": 2}}))
    assert rows(base, new) == [("compatible", f"{RESP}/properties/n/default", "default-changed")]


def test_default_outside_a_nullable_union() -> None:
    base = request_spec(obj({"n": {"anyOf": [INTEGER, {"type": "null"}], "default": None}}))
    new = request_spec(obj({"n": {"type": ["integer", "null"], "default": 0}}))
    assert rows(base, new) == [("breaking", f"{REQ}/properties/n/default", "default-changed")]


@pytest.mark.parametrize(
    ("before", "after", "request_class", "response_class", "kind"),
    [
        (False, True, "compatible", "breaking", "additional-properties-widened"),
        (True, False, "breaking", "compatible", "additional-properties-narrowed"),
        (None, False, "breaking", "compatible", "additional-properties-narrowed"),
        (False, STRING, "compatible", "breaking", "additional-properties-widened"),
        (True, STRING, "breaking", "compatible", "additional-properties-narrowed"),
        (STRING, None, "compatible", "breaking", "additional-properties-widened"),
    ],
)
def test_additional_properties_changes(
    before: Any, after: Any, request_class: str, response_class: str, kind: str
) -> None:
    def schema(extra: Any) -> Any:
        return (
            obj({"a": STRING}) if extra is None else obj({"a": STRING}, additionalProperties=extra)
        )

    where = "properties/m/additionalProperties"
    req_rows = rows(
        request_spec(obj({"m": schema(before)})), request_spec(obj({"m": schema(after)}))
    )
    assert req_rows == [(request_class, f"{REQ}/{where}", kind)]
    resp_rows = rows(
        response_spec(obj({"m": schema(before)})), response_spec(obj({"m": schema(after)}))
    )
    assert resp_rows == [(response_class, f"{RESP}/{where}", kind)]


def test_additional_properties_schema_is_compared() -> None:
    base = response_spec({"type": "object", "additionalProperties": INTEGER})
    new = response_spec({"type": "object", "additionalProperties": {"type": "number"}})
    assert rows(base, new) == [("breaking", f"{RESP}/additionalProperties/type", "type-widened")]
    assert rows(base, response_spec({"type": "object", "additionalProperties": {}})) == [
        ("breaking", f"{RESP}/additionalProperties", "additional-properties-widened")
    ]


def test_array_items_type_change() -> None:
    base = request_spec(obj({"ids": {"type": "array", "items": STRING}}))
    new = request_spec(obj({"ids": {"type": "array", "items": INTEGER}}))
    assert rows(base, new) == [("breaking", f"{REQ}/properties/ids/items/type", "type-changed")]


def test_nested_object_change_is_located_precisely() -> None:
    def spec(uuid_type: str) -> dict[str, Any]:
        item = obj({"uuid": {"type": uuid_type}, "pos": obj({"x": INTEGER, "y": INTEGER})})
        body = obj({"gridsquares": {"type": "array", "items": item}}, ["gridsquares"])
        path = "/grids/{grid_uuid}/gridsquares/batch"
        return document(
            {path: {"post": operation([param("grid_uuid", "path", True)], json_body(body))}}
        )

    assert rows(spec("string"), spec("integer")) == [
        (
            "breaking",
            "POST /grids/{grid_uuid}/gridsquares/batch requestBody/application/json"
            "/properties/gridsquares/items/properties/uuid/type",
            "type-changed",
        )
    ]
    deep_base = response_spec(obj({"a": obj({"b": obj({"c": obj({"d": STRING}, ["d"])})})}))
    deep_new = response_spec(obj({"a": obj({"b": obj({"c": obj({})})})}))
    assert rows(deep_base, deep_new) == [
        (
            "breaking",
            f"{RESP}/properties/a/properties/b/properties/c/properties/d",
            "property-removed",
        )
    ]


def test_constraints() -> None:
    base = request_spec({"type": "string", "maxLength": 10})
    assert rows(base, request_spec({"type": "string", "maxLength": 5})) == [
        ("breaking", f"{REQ}/maxLength", "constraint-tightened")
    ]
    assert rows(base, request_spec(STRING)) == [
        ("compatible", f"{REQ}/maxLength", "constraint-relaxed")
    ]
    pattern = response_spec({"type": "string", "pattern": "^a$"})
    assert rows(pattern, response_spec({"type": "string", "pattern": "^b$"})) == [
        ("breaking", f"{RESP}/pattern", "constraint-changed")
    ]
    assert rows(response_spec({"type": "integer", "minimum": 0}), response_spec(INTEGER)) == [
        ("breaking", f"{RESP}/minimum", "constraint-relaxed")
    ]


def test_unknown_schema_keyword_change_is_breaking() -> None:
    base = response_spec({"type": "array", "prefixItems": [STRING]})
    new = response_spec({"type": "array", "prefixItems": [INTEGER]})
    assert rows(base, new) == [("breaking", f"{RESP}/prefixItems", "keyword-changed")]


def test_openapi_30_document_against_31() -> None:
    base = document(
        {
            "/items": {
                "get": operation(
                    responses={"200": response(obj({"t": {**STRING, "nullable": True}}))}
                )
            }
        },
        openapi="3.0.3",
    )
    new = response_spec(obj({"t": {"type": ["string", "null"]}}))
    assert rows(base, new) == []


# --------------------------------------------------------------------------------------------
# Security and accepted deviations

BEARER = {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}


def secured(global_security: bool = True) -> dict[str, Any]:
    doc = document(
        {
            "/health": {"get": operation(security=[])},
            "/items": {"get": operation()},
        },
        components={"securitySchemes": copy.deepcopy(BEARER)},
    )
    if global_security:
        doc["security"] = [{"bearerAuth": []}]
    return doc


def open_doc() -> dict[str, Any]:
    return document({"/health": {"get": operation()}, "/items": {"get": operation()}})


def test_security_removed_and_added() -> None:
    assert rows(secured(), open_doc()) == [
        ("compatible", "components/securitySchemes/bearerAuth", "security-scheme-removed"),
        ("compatible", "security", "security-removed"),
    ]
    assert rows(open_doc(), secured()) == [
        ("compatible", "components/securitySchemes/bearerAuth", "security-scheme-added"),
        ("breaking", "security", "security-added"),
    ]


def test_security_compares_schemes_not_names() -> None:
    renamed = secured()
    renamed["components"]["securitySchemes"] = {"jwt": BEARER["bearerAuth"]}
    renamed["security"] = [{"jwt": []}]
    assert rows(secured(), renamed) == [
        ("compatible", "components/securitySchemes/bearerAuth", "security-scheme-removed"),
        ("compatible", "components/securitySchemes/jwt", "security-scheme-added"),
    ]


def test_operation_security_override() -> None:
    new = secured()
    new["paths"]["/items"]["get"]["security"] = []
    assert rows(secured(), new) == [("compatible", "GET /items security", "security-removed")]
    assert rows(new, secured()) == [("breaking", "GET /items security", "security-added")]


def test_security_scheme_change_is_breaking() -> None:
    new = secured()
    new["components"]["securitySchemes"]["bearerAuth"] = {
        "type": "apiKey",
        "in": "header",
        "name": "X-Key",
    }
    assert rows(secured(), new) == [
        ("breaking", "components/securitySchemes/bearerAuth", "security-scheme-changed"),
        ("breaking", "security", "security-changed"),
    ]


def our_style_spec() -> dict[str, Any]:
    stream = "/agent/{agent_id}/session/{session_id}/instructions/stream"
    events = {"description": "SSE", "content": {"text/event-stream": {"schema": STRING}}}
    doc = secured()
    doc["paths"][stream] = {
        "get": operation(
            [param("agent_id", "path", True), param("session_id", "path", True)],
            responses={"200": events},
        )
    }
    doc["paths"]["/frontend/events/stream"] = {"get": operation(responses={"200": events})}
    return doc


def backend_style_spec() -> dict[str, Any]:
    stream = "/agent/{agent}/session/{session}/instructions/stream"
    doc = open_doc()
    doc["paths"][stream] = {
        "get": operation([param("agent", "path", True), param("session", "path", True)])
    }
    doc["paths"]["/frontend/events/stream"] = {"get": operation()}
    return doc


def test_declared_deviations_are_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stream = "GET /agent/{agent_id}/session/{session_id}/instructions/stream responses/200"
    frontend = "GET /frontend/events/stream responses/200"
    expected = [
        ("accepted", "components/securitySchemes/bearerAuth", "security-scheme-removed"),
        ("accepted", "security", "security-removed"),
        ("accepted", f"{stream}/text/event-stream", "media-type-removed"),
        ("accepted", f"{stream}/application/json", "media-type-added"),
        ("accepted", f"{frontend}/text/event-stream", "media-type-removed"),
        ("accepted", f"{frontend}/application/json", "media-type-added"),
    ]
    assert rows(our_style_spec(), backend_style_spec(), DECLARED) == expected
    differences = sd.compare(our_style_spec(), backend_style_spec(), DECLARED)
    assert all(d.reason for d in differences)
    assert {d.classification for d in sd.compare(our_style_spec(), backend_style_spec())} == {
        "breaking",
        "compatible",
    }
    assert {d.original for d in differences} == {"breaking", "compatible"}

    base = write(tmp_path, "ours.yaml", our_style_spec())
    new = write(tmp_path, "backend.json", backend_style_spec())
    assert sd.main([base, new, "--overlay", str(OVERLAY)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 7
    assert all(line.startswith("accepted  ") and "(reason: " in line for line in lines[:6])
    assert "Server-Sent Events" in lines[2]
    assert lines[-1] == "6 difference(s): 0 breaking, 0 compatible, 6 accepted"


def test_accepted_deviation_does_not_hide_other_kinds() -> None:
    backend = backend_style_spec()
    backend["paths"]["/frontend/events/stream"]["get"]["responses"]["200"] = response(
        STRING, "text/event-stream"
    )
    backend["paths"]["/frontend/events/stream"]["get"]["responses"]["200"]["content"][
        "text/event-stream"
    ]["schema"] = INTEGER
    found = rows(our_style_spec(), backend, DECLARED)
    assert (
        "breaking",
        "GET /frontend/events/stream responses/200/text/event-stream/type",
        "type-changed",
    ) in found
    added_security = rows(open_doc(), secured(), DECLARED)
    assert ("breaking", "security", "security-added") in added_security


def test_accepted_entries_name_known_kinds() -> None:
    doc: str = sd.__doc__ or ""
    known = set(doc.split("Kinds:")[1].split("Accepted deviations")[0].replace(",", " ").split())
    for entry in DECLARED:
        assert entry.reason
        assert entry.kinds <= known


def test_glob_pattern_deviation() -> None:
    deviation = sd.AcceptedDeviation(
        pattern="GET /items responses/*", kinds=frozenset({"status-removed"}), reason="gone"
    )
    both = document(
        {"/items": {"get": operation(responses={"200": response(), "404": response()})}}
    )
    one = document({"/items": {"get": operation(responses={"200": response()})}})
    assert rows(both, one, [deviation]) == [
        ("accepted", "GET /items responses/404", "status-removed")
    ]


# --------------------------------------------------------------------------------------------
# Command line


def test_exit_codes_and_text_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = document({"/items": {"get": operation(), "delete": operation()}})
    grown = document(
        {"/items": {"get": operation(), "delete": operation()}, "/more": {"get": operation()}}
    )
    shrunk = document({"/items": {"get": operation()}, "/more": {"get": operation()}})
    base_path = write(tmp_path, "base.yaml", base)
    assert sd.main([base_path, write(tmp_path, "grown.json", grown)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "compatible  GET /more: operation added",
        "1 difference(s): 0 breaking, 1 compatible, 0 accepted",
    ]
    assert sd.main([base_path, write(tmp_path, "shrunk.json", shrunk)]) == 2
    assert capsys.readouterr().out.splitlines() == [
        "breaking  DELETE /items: operation removed",
        "compatible  GET /more: operation added",
        "2 difference(s): 1 breaking, 1 compatible, 0 accepted",
    ]


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = write(tmp_path, "base.json", query_spec(param("a"), param("b")))
    new = write(tmp_path, "new.json", query_spec(param("b"), param("c")))
    assert sd.main([base, new, "--json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert [(d["class"], d["location"], d["kind"]) for d in data] == [
        ("breaking", f"{QUERY}/a", "parameter-removed"),
        ("compatible", f"{QUERY}/c", "parameter-added"),
    ]
    assert all(d["message"] and d["reason"] is None for d in data)


@pytest.fixture
def http_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Path]]:
    """Serve tmp_path over http on a free 127.0.0.1 port; yields (base URL, folder)."""
    for name in (
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_url_and_path_loading(
    http_dir: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    url, folder = http_dir
    doc = request_spec(obj({"a": STRING}, ["a"]))
    yaml_path = write(folder, "spec.yaml", doc)
    write(folder, "spec.json", doc)
    assert sd.load_document(f"{url}/spec.yaml") == sd.load_document(yaml_path)
    assert sd.main([yaml_path, f"{url}/spec.json"]) == 0
    assert sd.main([f"{url}/spec.yaml", f"{url}/spec.json"]) == 0
    changed = request_spec(obj({"a": INTEGER}, ["a"]))
    write(folder, "changed.json", changed)
    assert sd.main([yaml_path, f"{url}/changed.json"]) == 2
    assert f"breaking  {REQ}/properties/a/type" in capsys.readouterr().out


def test_unreachable_url_exits_2_with_one_line(
    http_dir: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    url, folder = http_dir
    path = write(folder, "spec.json", document())
    assert sd.main([path, f"{url}/missing.json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "HTTP 404" in captured.err


def test_unreadable_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, "good.json", document())
    assert sd.main([good, str(tmp_path / "absent.yaml")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("spec_diff: error: cannot read ")
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    "content", ["openapi: [unclosed\n  paths: {", "just a string", "swagger: '2.0'\n"]
)
def test_unparseable_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    good = write(tmp_path, "good.json", document())
    assert sd.main([str(bad), good]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert captured.err.startswith(f"spec_diff: error: cannot parse {bad}")


def test_yaml_dates_stay_strings(tmp_path: Path) -> None:
    path = tmp_path / "dated.yaml"
    path.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: 2024-01-01}\npaths: {}\n", encoding="utf-8"
    )
    assert sd.load_document(str(path))["info"]["version"] == "2024-01-01"
