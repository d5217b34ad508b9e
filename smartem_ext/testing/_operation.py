"""An operation the fake serves: a method, a path template and the function that answers it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response


@dataclass(frozen=True)
class Call:
    """A validated request: path parameters, converted query parameters, parsed JSON body."""

    path: Mapping[str, str]
    query: Mapping[str, Any]
    body: Any

    def object_body(self) -> dict[str, Any]:
        return dict(self.body) if isinstance(self.body, dict) else {}

    def list_body(self) -> list[Any]:
        return list(self.body) if isinstance(self.body, list) else []


Handler = Callable[[Call], Response]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    handler: Handler


def flag(value: Any) -> bool:
    """A query flag that may arrive converted by the spec (bool) or as text."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "on", "t", "true", "y", "yes"}
    return bool(value)
