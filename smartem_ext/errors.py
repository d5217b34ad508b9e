"""Every failure a caller of ``smartem_ext`` can act on.

Exception tree::

    SmartEMError
    ├── APIError                 the backend answered with an error status
    │   ├── NotFound             404: the entity or its parent does not exist
    │   ├── Conflict             409: the entity exists already
    │   ├── ValidationFailed     422: the backend rejected the body (``.errors`` lists why)
    │   ├── AuthError            401/403: missing, expired or insufficient credentials
    │   └── ServerError          5xx: the backend failed
    ├── InvalidResponse          the backend answered 2xx with a body that breaks the contract
    ├── TransportError           no usable answer: timeout, refused or reset connection
    ├── ConversionError          EPU data that a request cannot carry faithfully (nothing sent)
    ├── LinkConflict             a tile link the backend holds at another position (nothing sent)
    └── PartialFailure           a bulk call where some chunks landed and others did not

Messages name the method, path, status and the backend's detail. They never contain a
token, a client secret or an ``Authorization`` header value.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

__all__ = [
    "APIError",
    "AuthError",
    "Conflict",
    "ConversionError",
    "InvalidResponse",
    "LinkConflict",
    "NotFound",
    "PartialFailure",
    "ServerError",
    "SmartEMError",
    "TransportError",
    "ValidationFailed",
    "api_error_for",
]

_MAX_DETAIL = 500


class SmartEMError(Exception):
    """Base class of every error raised by ``smartem_ext``."""


class APIError(SmartEMError):
    """The backend answered with an error status."""

    def __init__(self, method: str, path: str, status_code: int, detail: Any = None) -> None:
        self.method = method.upper()
        self.path = path
        self.status_code = status_code
        self.detail = detail
        super().__init__(self._message())

    def _message(self) -> str:
        message = f"{self.method} {self.path} -> {self.status_code}"
        if self.detail not in (None, "", [], {}):
            message += f": {_short(self.detail)}"
        return message

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.method, self.path, self.status_code, self.detail))


class NotFound(APIError):
    """404: the entity, or the parent it was created under, does not exist."""


class Conflict(APIError):
    """409: an entity with that identity exists already."""


class ValidationFailed(APIError):
    """422: the backend rejected the request body; ``errors`` holds its detail list."""

    @property
    def errors(self) -> list[dict[str, Any]]:
        if isinstance(self.detail, list):
            return [item for item in self.detail if isinstance(item, dict)]
        return []


class AuthError(APIError):
    """401 or 403: credentials missing, expired or not allowed."""


class ServerError(APIError):
    """5xx: the backend failed to handle the request."""


class InvalidResponse(SmartEMError):
    """A success status with a body that does not match the contract."""

    def __init__(self, method: str, path: str, status_code: int | None, reason: str) -> None:
        self.method = method.upper()
        self.path = path
        self.status_code = status_code
        self.reason = reason
        answered = f" -> {status_code}" if status_code is not None else ""
        super().__init__(f"{self.method} {path}{answered}: unexpected response: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.method, self.path, self.status_code, self.reason))


class TransportError(SmartEMError):
    """No usable answer: timeout, refused, reset or cut-off connection."""

    def __init__(self, method: str, path: str, reason: str) -> None:
        self.method = method.upper()
        self.path = path
        self.reason = reason
        super().__init__(f"{self.method} {path}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.method, self.path, self.reason))


class ConversionError(SmartEMError, ValueError):
    """EPU data that the request model cannot carry faithfully; nothing was sent."""

    def __init__(self, entity: str, field: str, reason: str) -> None:
        self.entity = entity
        self.field = field
        self.reason = reason
        super().__init__(f"{entity}.{field}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.entity, self.field, self.reason))


class LinkConflict(SmartEMError, ValueError):
    """A tile link the backend confirmed at one position, asked for at another; nothing sent."""

    def __init__(self, tile_uuid: str, gridsquare_uuid: str, stored: str, requested: str) -> None:
        self.tile_uuid = tile_uuid
        self.gridsquare_uuid = gridsquare_uuid
        self.stored = stored
        self.requested = requested
        super().__init__(
            f"grid square {gridsquare_uuid} is linked to tile {tile_uuid} at {stored} "
            f"(center x, y, width, height) already; asked for {requested}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.tile_uuid, self.gridsquare_uuid, self.stored, self.requested))


class PartialFailure(SmartEMError):
    """A bulk call where some chunks landed and others did not, or may not have.

    ``landed``, ``failed`` and ``unknown`` hold the uuids (or keys) of each outcome:
    ``failed`` only what the backend refused (4xx), ``unknown`` what may have landed (no
    answer, or a 5xx). ``errors`` holds the error of every chunk not landed. What landed is
    recorded in the ID cache, so repeating the same call completes the job without
    duplicates.
    """

    def __init__(
        self,
        operation: str,
        landed: Sequence[str],
        failed: Sequence[str],
        errors: Sequence[SmartEMError],
        unknown: Sequence[str] = (),
    ) -> None:
        self.operation = operation
        self.landed = list(landed)
        self.failed = list(failed)
        self.errors = list(errors)
        self.unknown = list(unknown)
        first = f"; first error: {errors[0]}" if errors else ""
        counts = f"{len(self.landed)} landed, {len(self.failed)} failed"
        if self.unknown:
            counts += f", {len(self.unknown)} unknown"
        super().__init__(f"{operation}: {counts}{first}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (self.operation, self.landed, self.failed, self.errors, self.unknown),
        )


_BY_STATUS: dict[int, type[APIError]] = {
    401: AuthError,
    403: AuthError,
    404: NotFound,
    409: Conflict,
    422: ValidationFailed,
}


def api_error_for(method: str, path: str, status_code: int, body: bytes) -> APIError:
    """Build the error for an error response, keeping the backend's ``detail`` when it has one."""
    detail: Any
    try:
        parsed = json.loads(body) if body else None
    except ValueError:
        detail = body[:_MAX_DETAIL].decode("utf-8", "replace").strip() or None
    else:
        detail = parsed.get("detail", parsed) if isinstance(parsed, dict) else parsed
    cls = _BY_STATUS.get(status_code)
    if cls is None:
        cls = ServerError if status_code >= 500 else APIError
    return cls(method, path, status_code, detail)


def _short(detail: Any) -> str:
    text = detail if isinstance(detail, str) else json.dumps(detail, default=str)
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 3] + "..."
