"""Call spec operations through the generated client with spec-derived arguments."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from smartem_api import AuthenticatedClient, Client, models
from smartem_api.types import Response
from tests.support.spec import Operation, declared_parameters, sample

_MODEL_NAMES = sorted(models.__all__, key=len, reverse=True)

ClientFactory = Callable[..., AuthenticatedClient | Client]


def module_for(operation: Operation) -> ModuleType:
    package = operation.tag.replace("-", "_")
    return importlib.import_module(f"smartem_api.api.{package}.{operation.operation_id}")


def path_arguments(operation: Operation) -> dict[str, Any]:
    """A valid value for every path parameter, from its schema."""
    return {
        p["name"]: sample(p["schema"], name=p["name"])
        for p in declared_parameters(operation)
        if p["in"] == "path"
    }


def query_arguments(operation: Operation) -> dict[str, Any]:
    """A valid value for every query parameter, required or optional, from its schema."""
    return {
        p["name"]: sample(p["schema"], name=p["name"])
        for p in declared_parameters(operation)
        if p["in"] == "query"
    }


def raw_body(operation: Operation) -> Any:
    """The JSON request body: required fields only, or ``None`` without a body."""
    schema = operation.request_schema
    return None if schema is None else sample(schema)


def body_argument(module: ModuleType, body: Any) -> Any:
    """``body`` as the generated ``build_request`` expects it: a model or a list of models."""
    annotation = str(inspect.signature(module.build_request).parameters["body"].annotation)
    for name in _MODEL_NAMES:
        if name in annotation:
            model = getattr(models, name)
            if isinstance(body, list):
                return [model.from_dict(item) for item in body]
            return model.from_dict(body)
    return body


def arguments(operation: Operation) -> dict[str, Any]:
    """Keyword arguments for the operation's ``sync_detailed`` (without ``client``)."""
    module = module_for(operation)
    accepted = inspect.signature(module.sync_detailed).parameters
    kwargs = {**path_arguments(operation), **query_arguments(operation)}
    unknown = sorted(set(kwargs) - set(accepted))
    if unknown:
        raise AssertionError(f"{operation}: sync_detailed takes no {unknown}")
    body = raw_body(operation)
    if body is not None:
        kwargs["body"] = body_argument(module, body)
    return kwargs


def call(operation: Operation, client: AuthenticatedClient | Client) -> Response[Any]:
    """Call ``operation`` through its generated ``sync_detailed``."""
    response: Response[Any] = module_for(operation).sync_detailed(
        client=client, **arguments(operation)
    )
    return response


def url_for(operation: Operation) -> str:
    """The operation's path with every path parameter filled in."""
    url = operation.path
    for name, value in path_arguments(operation).items():
        url = url.replace("{" + name + "}", quote(str(value), safe=""))
    return url


class Violations:
    """Fails the test when Prism reports violations on a response it was not expected to."""

    def __init__(self) -> None:
        self._expected = False
        self.last_response: httpx.Response | None = None

    @contextlib.contextmanager
    def expected(self) -> Iterator[None]:
        self._expected = True
        try:
            yield
        finally:
            self._expected = False

    def check(self, response: httpx.Response) -> None:
        self.last_response = response
        header = response.headers.get("sl-violations")
        if header is None or self._expected:
            return
        try:
            shown = json.dumps(json.loads(header), indent=2)
        except ValueError:
            shown = header
        request = response.request
        pytest.fail(
            f"Prism answered {request.method} {request.url} with {response.status_code} "
            f"and these violations:\n{shown}",
            pytrace=False,
        )
