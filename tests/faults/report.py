"""Figures the fault tests gather, printed in the terminal summary (see conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["FIGURES", "ChaosFigures"]


@dataclass
class ChaosFigures:
    """What one chaos run injected, retried, recovered and verified."""

    name: str
    requests: int = 0
    backend_closed: int = 0
    injected: dict[str, int] = field(default_factory=dict)
    retries: int = 0
    recovered_creates: int = 0
    repeated_calls: int = 0
    failures_seen: int = 0
    verified: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        faults = ", ".join(f"{kind} {count}" for kind, count in self.injected.items() if count)
        entities = ", ".join(f"{kind} {count}" for kind, count in self.verified.items())
        return [
            f"{self.name}: {self.requests} requests through the proxy; "
            f"{sum(self.injected.values())} faults injected ({faults}); "
            f"backend closed the connection {self.backend_closed} times",
            f"  client: {self.retries} requests retried, {self.recovered_creates} creates "
            f"recovered; agent: {self.repeated_calls} calls repeated, "
            f"{self.failures_seen} typed failures seen",
            f"  verified {sum(self.verified.values())} entities, exactly once each ({entities})",
        ]


FIGURES: list[ChaosFigures] = []
