"""Every failure a caller of ``smartem_ext`` can act on: :class:`SmartEMError` and its subclasses.

An error status raises an :class:`APIError` subclass chosen by status; errors about an
answer carry its ``.headers``. Messages name the method, path, status and the backend's
detail, never a token, a client secret or an ``Authorization`` value.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
    "LinkParentsNotFound",
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
_MAX_SHOWN_UUIDS = 5
SESSION_VALIDATION_FAILED = "session_validation_failed"
"""The stream error code after which reconnecting cannot help."""


class SmartEMError(Exception):
    """Base class of every error raised by ``smartem_ext``."""

    def __reduce__(self) -> str | tuple[Any, ...]:
        # Rebuilt from the attributes named as its __init__ arguments: every error here
        # keeps each argument under its own name.
        code = getattr(type(self).__init__, "__code__", None)
        if code is None:
            return super().__reduce__()
        names = code.co_varnames[1 : code.co_argcount + code.co_kwonlyargcount]
        return (_rebuilt, (type(self), {name: getattr(self, name) for name in names}))


def _rebuilt(cls: type[SmartEMError], arguments: dict[str, Any]) -> SmartEMError:
    return cls(**arguments)


Pairs = Iterable[tuple[str, str]] | Mapping[str, str]


class AnswerHeaders(Mapping[str, str]):
    """An answer's headers, read-only: names are case-insensitive, and a header sent more
    than once reads as its values joined by ``", "`` (:meth:`get_list` gives them apart)."""

    def __init__(self, pairs: Pairs | None = ()) -> None:
        if isinstance(pairs, AnswerHeaders):
            pairs = pairs.pairs()
        items = pairs.items() if isinstance(pairs, Mapping) else pairs or ()
        self._pairs = tuple((str(name), str(value)) for name, value in items)
        self._joined: dict[str, tuple[str, str]] = {}
        for name, value in self._pairs:
            seen = self._joined.get(key := name.lower())
            self._joined[key] = (name, value) if seen is None else (seen[0], f"{seen[1]}, {value}")

    def __getitem__(self, name: str) -> str:
        return self._joined[name.lower()][1]

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._joined.values())

    def __len__(self) -> int:
        return len(self._joined)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._joined

    def get_list(self, name: str) -> list[str]:
        """Every value of the header ``name``, in the order the answer gave them."""
        return [value for found, value in self._pairs if found.lower() == name.lower()]

    def pairs(self) -> tuple[tuple[str, str], ...]:
        """Every header as (name, value), in the order the answer gave them."""
        return self._pairs

    def __repr__(self) -> str:
        return f"AnswerHeaders({dict(self.items())!r})"


class APIError(SmartEMError):
    """The backend answered with an error status; ``headers`` are the answer's."""

    def __init__(
        self,
        method: str,
        path: str,
        status_code: int,
        detail: Any = None,
        *,
        headers: Pairs | None = None,
    ) -> None:
        self.method, self.path, self.status_code = method.upper(), path, status_code
        self.detail = detail
        self.headers = AnswerHeaders(headers)
        shown = "" if detail in (None, "", [], {}) else f": {_short(detail)}"
        super().__init__(f"{self.method} {path} -> {status_code}{shown}")


class NotFound(APIError):
    """404: the entity, or the parent it was created under, does not exist."""


class LinkParentsNotFound(NotFound):
    """A tile-link list names atlas tiles or grid squares the backend lacks; none was stored.

    ``tiles`` and ``gridsquares``: the uuids found missing (a missing tile's squares unread).
    """

    def __init__(
        self, method: str, path: str, tiles: Sequence[str] = (), gridsquares: Sequence[str] = ()
    ) -> None:
        self.tiles, self.gridsquares = list(tiles), list(gridsquares)
        found = []
        for what, uuids in (("atlas tile", self.tiles), ("grid square", self.gridsquares)):
            if uuids:
                shown = ", ".join(uuids[:_MAX_SHOWN_UUIDS])
                if len(uuids) > _MAX_SHOWN_UUIDS:
                    shown += f" and {len(uuids) - _MAX_SHOWN_UUIDS} more"
                plural = "s" if len(uuids) > 1 else ""
                found.append(f"{len(uuids)} {what}{plural} not found: {shown}")
        detail = "; ".join(found) + "; no link of the list was stored"
        super().__init__(method, path, 404, detail)


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
    """A success status with a body that breaks the contract; ``headers`` are the answer's."""

    def __init__(
        self,
        method: str,
        path: str,
        status_code: int | None,
        reason: str,
        *,
        headers: Pairs | None = None,
    ) -> None:
        self.method, self.path, self.status_code = method.upper(), path, status_code
        self.reason = reason
        self.headers = AnswerHeaders(headers)
        answered = f" -> {status_code}" if status_code is not None else ""
        super().__init__(f"{self.method} {path}{answered}: unexpected response: {reason}")


class TransportError(SmartEMError):
    """No usable answer: timeout, refused, reset or cut-off connection.

    ``reached`` is False when no attempt sent the request, so nothing of it was stored.
    """

    def __init__(self, method: str, path: str, reason: str, reached: bool = True) -> None:
        self.method, self.path, self.reason, self.reached = method.upper(), path, reason, reached
        unsent = "" if reached else " (the request never reached the backend: nothing stored)"
        super().__init__(f"{self.method} {path}: {reason}{unsent}")


class DeadlineExceeded(TransportError):
    """The request's deadline (``seconds``, over every attempt and wait) passed."""

    def __init__(self, method: str, path: str, seconds: float, reached: bool = True) -> None:
        self.seconds = seconds
        super().__init__(method, path, f"no answer within the deadline of {seconds:g} s", reached)


class AnswerTooLarge(TransportError):
    """The answer body went past ``cap`` (``max_received`` or ``max_decoded``) bytes."""

    def __init__(self, method: str, path: str, cap: str, limit: int) -> None:
        self.cap, self.limit = cap, limit
        super().__init__(method, path, f"answer body larger than {cap}={limit} bytes")


class _FieldError(SmartEMError, ValueError):
    """A value of one field of one entity that is wrong; the message names both."""

    def __init__(self, entity: str, field: str, reason: str) -> None:
        self.entity, self.field, self.reason = entity, field, reason
        super().__init__(f"{entity}.{field}: {reason}")


class ConversionError(_FieldError):
    """EPU data that the request model cannot carry faithfully; nothing was sent."""


class LinkConflict(SmartEMError, ValueError):
    """A tile link the backend confirmed at one position, asked for at another; nothing sent."""

    def __init__(self, tile_uuid: str, gridsquare_uuid: str, stored: str, requested: str) -> None:
        self.tile_uuid, self.gridsquare_uuid = tile_uuid, gridsquare_uuid
        self.stored, self.requested = stored, requested
        super().__init__(
            f"grid square {gridsquare_uuid} is linked to tile {tile_uuid} at {stored} "
            f"(center x, y, width, height) already; asked for {requested}"
        )


class PartialFailure(SmartEMError):
    """A bulk call where some chunks landed and others did not, or may not have.

    ``landed``, ``failed`` (surely not stored) and ``unknown`` (may have landed) hold the
    uuids or keys of each outcome; ``errors`` the error of every chunk not landed. What
    landed is in the ID cache, so repeating the call completes without duplicates.
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
        self.landed, self.failed, self.unknown = list(landed), list(failed), list(unknown)
        self.errors = list(errors)
        total = len(self.landed) + len(self.failed) + len(self.unknown)
        if self.landed:
            counts = [f"{len(self.landed)} of {total} landed"]
        elif total:
            counts = [f"none of {total} landed"]
        else:  # the keys were not handed on: nothing is known to have landed
            counts = ["nothing confirmed landed"]
        if self.failed:
            counts.append(f"{len(self.failed)} failed")
        if self.unknown:
            counts.append(f"{len(self.unknown)} unknown (may have landed)")
        message = f"{operation}: {', '.join(counts)}"
        if errors:
            message += f"; first cause: {describe(errors[0])}"
            if len(errors) > 1:
                message += f" (1 of {len(errors)} errors)"
        super().__init__(message)


class InvalidEPUField(_FieldError):
    """An EPU model value that breaks the model's invariants; names the class and field."""


class InvalidEPUFieldType(InvalidEPUField, TypeError):
    """An EPU model value of the wrong type."""


class InstructionStreamError(SmartEMError):
    """The server sent an ``error`` event (``code``, ``message``).

    ``final``: the session is missing, another agent's or not active; reconnecting cannot help.
    """

    def __init__(self, code: str, message: str) -> None:
        self.code, self.message = code, message
        super().__init__(f"instruction stream error {code}: {message}")

    @property
    def final(self) -> bool:
        return self.code == SESSION_VALIDATION_FAILED


class MalformedEvent(SmartEMError):
    """An event the client cannot read, and skips; ``data`` is the start of its data."""

    def __init__(self, event: str, reason: str, data: str = "") -> None:
        self.event, self.reason, self.data = event, reason, data[:_MAX_SHOWN_DATA]
        super().__init__(f"malformed {event!r} event: {reason}")


class CallbackFailed(SmartEMError):
    """A callback given to the stream raised; ``error`` (also ``__cause__``) is what it raised."""

    def __init__(
        self, callback: str, error: BaseException, instruction_id: str | None = None
    ) -> None:
        self.callback, self.error, self.instruction_id = callback, error, instruction_id
        about = f" for instruction {instruction_id}" if instruction_id else ""
        super().__init__(f"{callback} callback raised{about}: {describe(error)}")
        self.__cause__ = error


_BY_STATUS: dict[int, type[APIError]] = {
    401: AuthError,
    403: AuthError,
    404: NotFound,
    409: Conflict,
    422: ValidationFailed,
}


def may_have_landed(error: BaseException) -> bool:
    """Whether a failed write may have been stored all the same, so that a read can tell.

    True for no answer to a request that may have reached the backend, a 5xx, a 409 and a
    2xx whose body breaks the contract.
    """
    if isinstance(error, TransportError):
        return error.reached
    return isinstance(error, ServerError | Conflict | InvalidResponse)


def api_error_for(
    method: str, path: str, status_code: int, body: bytes, headers: Pairs | None = None
) -> APIError:
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
    return cls(method, path, status_code, detail, headers=headers)


def _short(detail: Any) -> str:
    text = detail if isinstance(detail, str) else json.dumps(detail, default=str)
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 3] + "..."


def describe(error: BaseException) -> str:
    """The error's class and message, for logs and reports."""
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
