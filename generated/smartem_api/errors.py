"""Contains shared errors types that can be raised from API functions"""

from collections.abc import Mapping
from typing import Any


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class InvalidData(ValueError):
    """A value that the declared type of a model's field cannot hold (raised by ``from_dict``)."""

    def __init__(self, model: str, field: str, problem: str):
        self.model = model
        self.field = field
        self.problem = problem
        super().__init__(f"{model}.{field}: {problem}")


def describe(value: object) -> str:
    """A value's type and a short repr of it."""
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:37] + '...'}"


def wrong(expected: str, value: object) -> str:
    """What is wrong with a value that is not of the ``expected`` type."""
    return f"expected {expected}, got {describe(value)}"


def as_object(value: object, model: str) -> Mapping[str, Any]:
    """A mapping ``from_dict`` reads as ``model``; TypeError for any other value."""
    if isinstance(value, Mapping):
        return value
    raise TypeError(f"expected a {model} object, got {describe(value)}")


__all__ = ["InvalidData", "UnexpectedStatus", "as_object", "describe", "wrong"]
