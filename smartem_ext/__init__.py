"""Agent-facing layer over the generated SmartEM backend client (``smartem_api``).

Everything an agent needs is importable from here (the EPU model also as ``epu``). Names
load on first use, so a program pays only for the parts it touches.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smartem_ext.auth import *  # noqa: F403
    from smartem_ext.backoff import *  # noqa: F403
    from smartem_ext.client import *  # noqa: F403
    from smartem_ext.converter import *  # noqa: F403
    from smartem_ext.epu import *  # noqa: F403
    from smartem_ext.errors import *  # noqa: F403
    from smartem_ext.http import *  # noqa: F403
    from smartem_ext.ids import *  # noqa: F403
    from smartem_ext.outbox import *  # noqa: F403
    from smartem_ext.sse import *  # noqa: F403

# Where each public name lives; its module is imported when the name is first used. Each
# module's ``__all__`` lists exactly its names here, so the star imports above show type
# checkers what resolves at run time (tests/unit/test_package.py checks both ways).
_HOMES = {
    "smartem_ext.auth": "BearerToken KeycloakAuth",
    "smartem_ext.backoff": "ReconnectPolicy",
    "smartem_ext.client": "AsyncSmartEMAPIClient ClientStats SmartEMAPIClient",
    "smartem_ext.converter": "EntityConverter foilholes_to_requests",
    "smartem_ext.epu": "AcquisitionData AtlasData AtlasTileData AtlasTileGridSquarePosition "
    "AtlasTileGridSquarePositionData AtlasTilePosition FoilHoleData FoilHolePosition GridData "
    "GridSquareData GridSquareManifest GridSquareMetadata GridSquarePosition "
    "GridSquareStagePosition MicrographData MicrographManifest MicroscopeData",
    "smartem_ext.errors": "APIError AnswerTooLarge AuthError CallbackFailed Conflict "
    "ConversionError DeadlineExceeded InstructionStreamError InvalidEPUField InvalidEPUFieldType "
    "InvalidResponse LinkConflict LinkParentsNotFound MalformedEvent NotFound PartialFailure "
    "ServerError SmartEMError TransportError ValidationFailed",
    "smartem_ext.http": "DEFAULT_LIMITS DEFAULT_RETRY AnswerLimits RetryPolicy",
    "smartem_ext.ids": "IdCache IdKind",
    "smartem_ext.outbox": "AsyncOutbox DeadLetter JournalVersionError Outbox OutboxClosed "
    "OutboxError OutboxFull OutboxInUse OutboxStats read_stats",
    "smartem_ext.sse": "SSEAgentClient",
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names.split()}

__all__ = sorted([*_HOME_OF, "epu"])

try:
    from smartem_ext._version import __version__ as __version__
except ImportError:  # a source tree no build has written the version into
    __version__ = "0+unknown"


if not TYPE_CHECKING:  # type checkers read the imports above, and misspelt names fail there

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
