"""Faults a test asks for: failed requests, lost responses, broken or stalled streams."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass


@dataclass
class FailureRule:
    remaining: int
    status: int
    retry_after: float | str | None
    path_prefix: str | None

    def matches(self, path: str) -> bool:
        return self.remaining > 0 and (
            self.path_prefix is None or path.startswith(self.path_prefix)
        )


@dataclass
class _DropRule:
    remaining: int
    path_prefix: str | None


@dataclass(frozen=True)
class StreamPlan:
    """What happens to one instruction stream after it has sent `after` events."""

    after: int
    action: str  # "close", "abort" or "stall"


@dataclass(frozen=True)
class RawChunk:
    data: bytes
    session_id: str | None


class Faults:
    """Thread-safe queue of injected faults, each consumed by the request it hits."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: list[FailureRule] = []
        self._drops: list[_DropRule] = []
        self._stream_plans: deque[StreamPlan] = deque()
        self._raw: list[RawChunk] = []

    def fail_next(
        self, n: int, status: int, retry_after: float | str | None, path_prefix: str | None
    ) -> None:
        if n < 1:
            raise ValueError("n must be at least 1")
        with self._lock:
            self._failures.append(FailureRule(n, status, retry_after, path_prefix))

    def take_failure(self, path: str) -> FailureRule | None:
        with self._lock:
            for rule in self._failures:
                if rule.matches(path):
                    rule.remaining -= 1
                    self._failures = [r for r in self._failures if r.remaining > 0]
                    return rule
            return None

    def drop_after_commit(self, n: int, path_prefix: str | None) -> None:
        if n < 1:
            raise ValueError("n must be at least 1")
        with self._lock:
            self._drops.append(_DropRule(n, path_prefix))

    def take_drop(self, path: str) -> bool:
        with self._lock:
            for rule in self._drops:
                if rule.remaining > 0 and (
                    rule.path_prefix is None or path.startswith(rule.path_prefix)
                ):
                    rule.remaining -= 1
                    self._drops = [r for r in self._drops if r.remaining > 0]
                    return True
            return False

    def plan_stream(self, plan: StreamPlan) -> None:
        if plan.after < 0:
            raise ValueError("the event count must not be negative")
        with self._lock:
            self._stream_plans.append(plan)

    def take_stream_plan(self) -> StreamPlan | None:
        with self._lock:
            return self._stream_plans.popleft() if self._stream_plans else None

    def push_raw(self, data: bytes, session_id: str | None) -> None:
        with self._lock:
            self._raw.append(RawChunk(data, session_id))

    def take_raw(self, session_id: str) -> bytes | None:
        with self._lock:
            for index, chunk in enumerate(self._raw):
                if chunk.session_id is None or chunk.session_id == session_id:
                    del self._raw[index]
                    return chunk.data
            return None
