"""Print, as JSON, how smartem_ext.compat's public interface differs from the existing client's.

Run with the real backend's Python (where smartem-decisions 0.1.3 is installed).
"""

from __future__ import annotations

import inspect
import json
import sys
from typing import Any

import smartem_backend.api_client as existing

import smartem_ext.compat as compat

# The one addition compat makes to a signature: its constructors' ``outbox`` keyword.
ADDED = {"__init__": ("outbox", "KEYWORD_ONLY", "None")}


def _shape(signature: inspect.Signature) -> list[tuple[str, str, Any]]:
    return [
        (p.name, p.kind.name, repr(p.default) if p.default is not p.empty else "<required>")
        for p in signature.parameters.values()
    ]


def _without_addition(name: str, shape: list[tuple[str, str, Any]]) -> list[tuple[str, str, Any]]:
    added = ADDED.get(name)
    return shape[:-1] if shape and shape[-1] == added else shape


def differences(old: type, new: type) -> list[str]:
    found = []
    for name, member in inspect.getmembers(old):
        if name.startswith("_") and name not in ("__init__", "__enter__", "__exit__"):
            continue
        if not callable(member):
            continue
        replacement = getattr(new, name, None)
        if replacement is None:
            found.append(f"{old.__name__}.{name}: missing")
            continue
        if inspect.iscoroutinefunction(member) != inspect.iscoroutinefunction(replacement):
            found.append(f"{old.__name__}.{name}: sync/async differs")
        before = _shape(inspect.signature(member))
        after = _without_addition(name, _shape(inspect.signature(replacement)))
        if before != after:
            found.append(f"{old.__name__}.{name}: {before} != {after}")
    return found


def main() -> None:
    pairs = [
        (existing.SmartEMAPIClient, compat.SmartEMAPIClient),
        (existing.SSEAgentClient, compat.SSEAgentClient),
        (existing.EntityConverter, compat.EntityConverter),
    ]
    result = {
        "differences": [line for old, new in pairs for line in differences(old, new)],
        "checked": {
            old.__name__: sum(callable(m) for _, m in inspect.getmembers(old)) for old, _ in pairs
        },
    }

    class Altered(compat.SmartEMAPIClient):
        def get_grid(self, uuid: str) -> Any:  # a renamed parameter must be caught
            return None

    class Extended(compat.SmartEMAPIClient):
        # Only ``outbox`` may be added: another keyword must be caught.
        def __init__(
            self,
            base_url: str,
            timeout: float = 10.0,
            logger: Any = None,
            keycloak_client: Any = None,
            *,
            outbox: Any = None,
            other: Any = None,
        ) -> None:
            super().__init__(base_url, timeout, logger, keycloak_client, outbox=outbox)

    result["self_check"] = differences(existing.SmartEMAPIClient, Altered)
    result["extension_check"] = [
        line.split(":", 1)[0] for line in differences(existing.SmartEMAPIClient, Extended)
    ]
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
