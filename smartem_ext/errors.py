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
    │   ├── DeadlineExceeded     the request's total deadline passed (retries included)
    │   └── AnswerTooLarge       the answer went past a size cap; the connection was closed
    ├── ConversionError          EPU data that a request cannot carry faithfully (nothing sent)
    ├── LinkConflict             a tile link the backend holds at another position (nothing sent)
    ├── InvalidEPUField          an EPU model value that breaks its invariants (also ValueError)
    │   └── InvalidEPUFieldType  a value of the wrong type (also TypeError)
    ├── PartialFailure           a bulk call where some chunks landed and others did not
    ├── InstructionStreamError   the instruction stream sent an ``error`` event
    ├── MalformedEvent           a stream event the client cannot read (skipped)
    └── CallbackFailed           a callback given to the stream raised

Messages name the method, path, status and the backend's detail. They never contain a
token, a client secret or an ``Authorization`` header value.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

__all__ = [
    "APIError",
    "AnswerTooLarge",
    "AuthError",
    "CallbackFailed",
    "Conflict",
    "ConversionError",
    "DeadlineExceeded",
    "InstructionStreamError",
    "InvalidEPUField",
    "InvalidEPUFieldType",
    "InvalidResponse",
    "LinkConflict",
    "MalformedEvent",
    "NotFound",
    "PartialFailure",
    "ServerError",
    "SmartEMError",
    "TransportError",
    "ValidationFailed",
]

_MAX_DETAIL = 500
_MAX_SHOWN_DATA = 200
SESSION_VALIDATION_FAILED = "session_validation_failed"
"""The stream error code after which reconnecting cannot help."""


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


class DeadlineExceeded(TransportError):
    """The request's deadline (``seconds``, over every attempt and wait) passed."""

    def __init__(self, method: str, path: str, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(method, path, f"no answer within the deadline of {seconds:g} s")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.method, self.path, self.seconds))


class AnswerTooLarge(TransportError):
    """The answer body went past ``cap`` (``max_received`` or ``max_decoded``) bytes."""

    def __init__(self, method: str, path: str, cap: str, limit: int) -> None:
        self.cap = cap
        self.limit = limit
        super().__init__(method, path, f"answer body larger than {cap}={limit} bytes")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.method, self.path, self.cap, self.limit))


class _FieldError(SmartEMError, ValueError):
    """A value of one field of one entity that is wrong; the message names both."""

    def __init__(self, entity: str, field: str, reason: str) -> None:
        self.entity = entity
        self.field = field
        self.reason = reason
        super().__init__(f"{entity}.{field}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.entity, self.field, self.reason))


class ConversionError(_FieldError):
    """EPU data that the request model cannot carry faithfully; nothing was sent."""


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


class InvalidEPUField(_FieldError):
    """An EPU model value that breaks the model's invariants; names the class and field."""


class InvalidEPUFieldType(InvalidEPUField, TypeError):
    """An EPU model value of the wrong type."""


class InstructionStreamError(SmartEMError):
    """The server sent an ``error`` event: ``code`` and ``message`` are its fields.

    ``final`` is true for ``session_validation_failed``: the session does not exist,
    belongs to another agent or is not active, and reconnecting cannot help.
    """

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(f"instruction stream error {code}: {message}")

    @property
    def final(self) -> bool:
        return self.code == SESSION_VALIDATION_FAILED

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.code, self.message))


class MalformedEvent(SmartEMError):
    """An event the client cannot read (not JSON, no ``type``, unknown type, bad fields).

    It is skipped; the stream carries on. ``data`` is the start of the event's data.
    """

    def __init__(self, event: str, reason: str, data: str = "") -> None:
        self.event = event
        self.reason = reason
        self.data = data[:_MAX_SHOWN_DATA]
        super().__init__(f"malformed {event!r} event: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.event, self.reason, self.data))


class CallbackFailed(SmartEMError):
    """A callback given to the stream raised; ``error`` (also ``__cause__``) is what it raised."""

    def __init__(
        self, callback: str, error: BaseException, instruction_id: str | None = None
    ) -> None:
        self.callback = callback
        self.error = error
        self.instruction_id = instruction_id
        about = f" for instruction {instruction_id}" if instruction_id else ""
        super().__init__(f"{callback} callback raised{about}: {describe(error)}")
        self.__cause__ = error

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.callback, self.error, self.instruction_id))


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


def describe(error: BaseException) -> str:
    """The error's class and message, for logs and reports."""
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
