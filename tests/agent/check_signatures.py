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


def _shape(signature: inspect.Signature) -> list[tuple[str, str, Any]]:
    return [
        (p.name, p.kind.name, repr(p.default) if p.default is not p.empty else "<required>")
        for p in signature.parameters.values()
    ]


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
        before, after = _shape(inspect.signature(member)), _shape(inspect.signature(replacement))
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

    result["self_check"] = differences(existing.SmartEMAPIClient, Altered)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
