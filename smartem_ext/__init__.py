"""Agent-facing layer over the generated SmartEM backend client (``smartem_api``).

Everything an agent needs is importable from here: the EPU data model (also as the
``epu`` namespace), the converter, the ID cache, the sync and async API clients, the
instruction stream, auth, retries and the error tree. Names load on first use, so a
program pays only for the parts it touches.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smartem_ext.auth import (
        BearerToken,
        KeycloakAuth,
    )
    from smartem_ext.backoff import (
        ReconnectPolicy,
    )
    from smartem_ext.client import (
        AsyncSmartEMAPIClient,
        ClientStats,
        SmartEMAPIClient,
    )
    from smartem_ext.converter import (
        EntityConverter,
        foilholes_to_requests,
    )
    from smartem_ext.epu import (
        AcquisitionData,
        AtlasData,
        AtlasTileData,
        AtlasTileGridSquarePosition,
        AtlasTileGridSquarePositionData,
        AtlasTilePosition,
        FoilHoleData,
        FoilHolePosition,
        GridData,
        GridSquareData,
        GridSquareManifest,
        GridSquareMetadata,
        GridSquarePosition,
        GridSquareStagePosition,
        MicrographData,
        MicrographManifest,
        MicroscopeData,
    )
    from smartem_ext.errors import (
        APIError,
        AuthError,
        CallbackFailed,
        Conflict,
        ConversionError,
        InstructionStreamError,
        InvalidEPUField,
        InvalidEPUFieldType,
        InvalidResponse,
        MalformedEvent,
        NotFound,
        PartialFailure,
        ServerError,
        SmartEMError,
        TransportError,
        ValidationFailed,
    )
    from smartem_ext.http import (
        DEFAULT_RETRY,
        RetryPolicy,
    )
    from smartem_ext.ids import (
        IdCache,
        IdKind,
    )
    from smartem_ext.sse import (
        SSEAgentClient,
    )

# Where each public name lives; the package imports that module when the name is first used.
_HOMES = {
    "smartem_ext.auth": (
        "BearerToken",
        "KeycloakAuth",
    ),
    "smartem_ext.backoff": ("ReconnectPolicy",),
    "smartem_ext.client": (
        "AsyncSmartEMAPIClient",
        "ClientStats",
        "SmartEMAPIClient",
    ),
    "smartem_ext.converter": (
        "EntityConverter",
        "foilholes_to_requests",
    ),
    "smartem_ext.epu": (
        "AcquisitionData",
        "AtlasData",
        "AtlasTileData",
        "AtlasTileGridSquarePosition",
        "AtlasTileGridSquarePositionData",
        "AtlasTilePosition",
        "FoilHoleData",
        "FoilHolePosition",
        "GridData",
        "GridSquareData",
        "GridSquareManifest",
        "GridSquareMetadata",
        "GridSquarePosition",
        "GridSquareStagePosition",
        "MicrographData",
        "MicrographManifest",
        "MicroscopeData",
    ),
    "smartem_ext.errors": (
        "APIError",
        "AuthError",
        "CallbackFailed",
        "Conflict",
        "ConversionError",
        "InstructionStreamError",
        "InvalidEPUField",
        "InvalidEPUFieldType",
        "InvalidResponse",
        "MalformedEvent",
        "NotFound",
        "PartialFailure",
        "ServerError",
        "SmartEMError",
        "TransportError",
        "ValidationFailed",
    ),
    "smartem_ext.http": (
        "DEFAULT_RETRY",
        "RetryPolicy",
    ),
    "smartem_ext.ids": (
        "IdCache",
        "IdKind",
    ),
    "smartem_ext.sse": ("SSEAgentClient",),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "DEFAULT_RETRY",
    "APIError",
    "AcquisitionData",
    "AsyncSmartEMAPIClient",
    "AtlasData",
    "AtlasTileData",
    "AtlasTileGridSquarePosition",
    "AtlasTileGridSquarePositionData",
    "AtlasTilePosition",
    "AuthError",
    "BearerToken",
    "CallbackFailed",
    "ClientStats",
    "Conflict",
    "ConversionError",
    "EntityConverter",
    "FoilHoleData",
    "FoilHolePosition",
    "GridData",
    "GridSquareData",
    "GridSquareManifest",
    "GridSquareMetadata",
    "GridSquarePosition",
    "GridSquareStagePosition",
    "IdCache",
    "IdKind",
    "InstructionStreamError",
    "InvalidEPUField",
    "InvalidEPUFieldType",
    "InvalidResponse",
    "KeycloakAuth",
    "MalformedEvent",
    "MicrographData",
    "MicrographManifest",
    "MicroscopeData",
    "NotFound",
    "PartialFailure",
    "ReconnectPolicy",
    "RetryPolicy",
    "SSEAgentClient",
    "ServerError",
    "SmartEMAPIClient",
    "SmartEMError",
    "TransportError",
    "ValidationFailed",
    "epu",
    "foilholes_to_requests",
]


def __getattr__(name: str) -> Any:
    try:
        home = _HOME_OF[name]
    except KeyError:
        if name == "epu":
            return importlib.import_module("smartem_ext.epu")
        raise AttributeError(f"module 'smartem_ext' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
