"""The generated package matches the spec: one module per operation, models that round-trip."""

from __future__ import annotations

import ast
import enum
import importlib
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

import smartem_api
from smartem_api import AuthenticatedClient, models
from tests.support.spec import inline_refs, instances, load_spec, operations, sample
from tests.support.stub_servers import canned_server

PACKAGE_DIR = Path(smartem_api.__file__).parent
ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = list(operations())
SCHEMAS: dict[str, Any] = load_spec()["components"]["schemas"]
OBJECT_SCHEMAS = sorted(
    name for name, schema in SCHEMAS.items() if hasattr(models, name) and "properties" in schema
)
ENUM_SCHEMAS = sorted(name for name, schema in SCHEMAS.items() if "enum" in schema)


def module_for(operation_id: str, tag: str) -> Any:
    package = tag.replace("-", "_")
    return importlib.import_module(f"smartem_api.api.{package}.{operation_id}")


def test_spec_has_every_backend_operation() -> None:
    stored = json.loads((ROOT / "openapi" / "backend" / "openapi.json").read_text())
    backend = {(m, p) for p, item in stored["paths"].items() for m in item}
    assert {(op.method, op.path) for op in OPERATIONS} == backend
    assert len({op.operation_id for op in OPERATIONS}) == len(OPERATIONS)


def test_one_module_per_operation_and_nothing_else() -> None:
    written = {
        (path.parent.name, path.stem)
        for path in (PACKAGE_DIR / "api").glob("*/*.py")
        if path.name != "__init__.py"
    }
    expected = {(op.tag.replace("-", "_"), op.operation_id) for op in OPERATIONS}
    assert written == expected


def test_no_generated_name_is_longer_than_60_characters() -> None:
    too_long = [
        str(path.relative_to(PACKAGE_DIR))
        for path in PACKAGE_DIR.rglob("*.py")
        if len(path.stem) > 60
    ]
    assert too_long == []
    long_classes = [name for name in models.__all__ if len(name) > 60]
    assert long_classes == []


@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_endpoint_module_builds_the_request_the_spec_describes(op: Any) -> None:
    module = module_for(op.operation_id, op.tag)
    for function in ("sync_detailed", "asyncio_detailed"):
        assert inspect.isfunction(getattr(module, function))
    assert inspect.iscoroutinefunction(module.asyncio_detailed)

    signature = inspect.signature(module.build_request)
    arguments: dict[str, Any] = {name: f"v-{name}" for name in op.path_parameters}
    if "body" in signature.parameters:
        body_type = op.request_schema
        assert body_type is not None
        arguments["body"] = _body_argument(module, op)
    kwargs = module.build_request(**arguments)

    expected_url = op.path
    for name in op.path_parameters:
        expected_url = expected_url.replace("{" + name + "}", f"v-{name}")
    assert kwargs["method"] == op.method
    assert kwargs["url"] == expected_url
    if "body" in arguments:
        assert kwargs["json"] == sample(op.request_schema)


def _body_argument(module: Any, op: Any) -> Any:
    """Build the generated body value (model or list of models) from a spec sample."""
    raw = sample(op.request_schema)
    annotation = inspect.signature(module.build_request).parameters["body"].annotation
    text = str(annotation)
    for name in sorted(models.__all__, key=len, reverse=True):
        if name in text:
            model = getattr(models, name)
            if isinstance(raw, list):
                return [model.from_dict(item) for item in raw]
            return model.from_dict(raw)
    return raw


@pytest.mark.parametrize("name", ENUM_SCHEMAS)
def test_enum_accepts_exactly_the_spec_values(name: str) -> None:
    enum_class = getattr(models, name)
    assert issubclass(enum_class, enum.Enum)
    assert sorted(member.value for member in enum_class) == sorted(SCHEMAS[name]["enum"])


@pytest.mark.parametrize("name", OBJECT_SCHEMAS)
def test_model_round_trips_instances_of_its_schema(name: str) -> None:
    model = getattr(models, name)
    validator = jsonschema.Draft202012Validator(inline_refs(SCHEMAS[name]))

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(instances(SCHEMAS[name]))
    def check(instance: Any) -> None:
        parsed = model.from_dict(instance)
        dumped = parsed.to_dict()
        validator.validate(dumped)
        assert model.from_dict(dumped) == parsed
        assert set(dumped) == set(instance)

    check()


def test_round_trip_keeps_unset_and_null_apart() -> None:
    request = models.AcquisitionCreateRequest.from_dict({"uuid": "a", "name": None})
    dumped = request.to_dict()
    assert dumped == {"uuid": "a", "name": None}
    assert "storage_path" not in dumped


@pytest.mark.parametrize(
    "endpoint",
    [
        ("grids", "get_grid_atlas_image", {"grid_uuid": "g"}),
        ("gridsquares", "get_gridsquare_image", {"gridsquare_uuid": "s"}),
    ],
)
def test_image_answers_are_raw_bytes_never_parsed_as_json(
    endpoint: tuple[str, str, dict[str, str]],
) -> None:
    tag, operation_id, arguments = endpoint
    module = module_for(operation_id, tag)
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    with (
        canned_server(200, png, content_type="image/png") as url,
        AuthenticatedClient(base_url=url, token="t") as client,
    ):
        response = module.sync_detailed(client=client, **arguments)
    assert response.status_code == 200
    assert response.content == png
    assert response.parsed is None


@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_endpoint_module_states_its_path_parameters_and_documented_successes(op: Any) -> None:
    module = module_for(op.operation_id, op.tag)
    described = load_spec()["paths"][op.path][op.method]
    assert tuple(re.findall(r"{(\w+)}", op.path)) == module.PATH_PARAMETERS
    assert {
        int(code) for code in described["responses"] if code.isdigit() and code.startswith("2")
    } == module.SUCCESS_STATUSES
    assert module.SUCCESS_STATUSES  # every operation documents a success
    assert list(inspect.signature(module.build_request).parameters)[
        : len(module.PATH_PARAMETERS)
    ] == list(module.PATH_PARAMETERS)


def test_models_load_on_first_use_and_every_listed_name_resolves() -> None:
    program = (
        "import sys\n"
        "from smartem_api.models import GridResponse\n"
        "print(sorted(n for n in sys.modules if n.startswith('smartem_api.models.')))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(ast.literal_eval(found.stdout))
    assert "smartem_api.models.grid_response" in loaded
    assert len(loaded) < len(models.__all__) / 4  # the grid's answer and what it holds
    for name in models.__all__:
        assert getattr(models, name).__name__ == name
    assert sorted(set(dir(models)) & set(models.__all__)) == sorted(models.__all__)
    with pytest.raises(AttributeError, match="NoSuchModel"):
        models.NoSuchModel  # noqa: B018
