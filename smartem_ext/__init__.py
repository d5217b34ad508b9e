"""Agent-facing layer over the generated SmartEM backend client (``smartem_api``).

Everything an agent needs is importable from here: the EPU data model, the converter,
the ID cache, the sync and async API clients, auth, retries and the error tree.
"""

from smartem_ext.auth import BearerToken, KeycloakAuth
from smartem_ext.client import AsyncSmartEMAPIClient, ClientStats, SmartEMAPIClient
from smartem_ext.converter import EntityConverter, foilholes_to_requests
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
    InvalidEPUField,
    InvalidEPUFieldType,
    MicrographData,
    MicrographManifest,
    MicroscopeData,
)
from smartem_ext.errors import (
    APIError,
    AuthError,
    Conflict,
    ConversionError,
    InvalidResponse,
    NotFound,
    PartialFailure,
    ServerError,
    SmartEMError,
    TransportError,
    ValidationFailed,
)
from smartem_ext.http import DEFAULT_RETRY, RetryPolicy
from smartem_ext.ids import IdCache, IdKind

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
    "InvalidEPUField",
    "InvalidEPUFieldType",
    "InvalidResponse",
    "KeycloakAuth",
    "MicrographData",
    "MicrographManifest",
    "MicroscopeData",
    "NotFound",
    "PartialFailure",
    "RetryPolicy",
    "ServerError",
    "SmartEMAPIClient",
    "SmartEMError",
    "TransportError",
    "ValidationFailed",
    "foilholes_to_requests",
]
