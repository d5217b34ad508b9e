"""The one backoff of the package: exponential with full jitter, no I/O and no clock."""

from __future__ import annotations

import math
import random

__all__ = ["ReconnectPolicy"]

_MAX_EXPONENT = 62


def full_jitter(
    initial: float, cap: float, failures: int, rng: random.Random | None = None
) -> float:
    """A wait after ``failures`` in a row: uniform in ``[0, min(cap, initial * 2**(n-1))]``."""
    exponent = min(max(failures - 1, 0), _MAX_EXPONENT)
    return (rng or random).uniform(0.0, min(cap, initial * 2.0**exponent))


class ReconnectPolicy:
    """How long to wait (``full_jitter``, or as advised) before the next attempt; when to stop."""

    def __init__(
        self,
        initial_delay: float,
        max_delay: float,
        max_failures: int | None,
        rng: random.Random | None = None,
    ) -> None:
        self.check(initial_delay, max_delay, max_failures)
        self.initial_delay = initial_delay
        self.max_delay = max_delay
        self.max_failures = max_failures
        self.failures = 0
        self._advised: float | None = None
        self._rng = rng or random.Random()

    @staticmethod
    def check(initial_delay: float, max_delay: float, max_failures: int | None) -> None:
        """Raise ValueError for settings no policy can follow."""
        if not (math.isfinite(initial_delay) and initial_delay >= 0):
            raise ValueError("initial_delay must be a finite number >= 0")
        if not (math.isfinite(max_delay) and max_delay >= initial_delay):
            raise ValueError("max_delay must be a finite number >= initial_delay")
        if max_failures is not None and max_failures < 0:
            raise ValueError("max_failures must be None or >= 0")

    def healthy(self) -> None:
        """A connection proved itself: start counting failures afresh."""
        self.failures = 0

    def advise(self, seconds: float) -> None:
        """Wait this long (capped at ``max_delay``) after the next failure."""
        self._advised = min(max(seconds, 0.0), self.max_delay)

    def next_delay(self) -> float | None:
        """Count a failure; the seconds to wait before retrying, or None to give up."""
        self.failures += 1
        if self.max_failures is not None and self.failures > self.max_failures:
            return None
        if self._advised is not None:
            advised, self._advised = self._advised, None
            return advised
        return full_jitter(self.initial_delay, self.max_delay, self.failures, self._rng)
