"""Where the project's OpenAPI document lives, and loading it once per process."""

from __future__ import annotations

import importlib.resources
import json
import threading
from pathlib import Path
from typing import Any

import yaml

from ._validation import OperationValidator, compile_operations

SPEC_RESOURCE = "smartem-backend.yaml"

_cache: dict[tuple[str, int], CompiledSpec] = {}
_cache_lock = threading.Lock()


class SpecError(RuntimeError):
    """The OpenAPI document is missing or cannot be used to validate requests."""


class CompiledSpec:
    """Request validators for every operation of one OpenAPI document."""

    def __init__(self, document: dict[str, Any], source: Path) -> None:
        self.source = source
        self.version = str(document.get("info", {}).get("version", "unknown"))
        try:
            self.operations: dict[tuple[str, str], OperationValidator] = compile_operations(
                document
            )
        except LookupError as exc:
            raise SpecError(f"{source}: {exc}") from exc

    def validator(self, method: str, path_template: str) -> OperationValidator | None:
        return self.operations.get((method.upper(), path_template))


def default_spec_path() -> Path:
    """The packaged copy of the spec when installed from a wheel, else the repository's."""
    try:
        resource = importlib.resources.files("smartem_ext.testing").joinpath(SPEC_RESOURCE)
        if isinstance(resource, Path) and resource.is_file():
            return resource
    except (ModuleNotFoundError, FileNotFoundError):
        pass
    return Path(__file__).resolve().parents[2] / "openapi" / SPEC_RESOURCE


def load_spec(path: Path | str | None = None) -> CompiledSpec:
    """Parse and compile the spec at `path` (default: `default_spec_path()`), cached."""
    source = Path(path) if path is not None else default_spec_path()
    try:
        stat = source.stat()
    except OSError as exc:
        raise SpecError(f"OpenAPI document not found: {source}") from exc
    key = (str(source.resolve()), stat.st_mtime_ns)
    with _cache_lock:
        compiled = _cache.get(key)
        if compiled is None:
            compiled = CompiledSpec(_read_document(source), source)
            _cache[key] = compiled
        return compiled


def _read_document(source: Path) -> dict[str, Any]:
    text = source.read_text(encoding="utf-8")
    try:
        if source.suffix == ".json":
            document = json.loads(text)
        else:
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            document = yaml.load(text, Loader=loader)
    except (ValueError, yaml.YAMLError) as exc:
        raise SpecError(f"{source} is not a readable OpenAPI document: {exc}") from exc
    if not isinstance(document, dict) or "paths" not in document:
        raise SpecError(f"{source} is not an OpenAPI document (no 'paths')")
    return document
