"""Everything one fake backend instance keeps; nothing here is shared between instances."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from ._agents import AgentHub
from ._faults import Faults
from ._spec import CompiledSpec
from ._sse import StreamSettings
from ._store import EntityStore


class RequestRecord(NamedTuple):
    """One answered request, as `backend.request_log` lists it."""

    method: str
    path: str
    status: int


class RequestLog:
    """Thread-safe log of answered requests and a count of the requests received."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: list[RequestRecord] = []
        self._received = 0

    def received(self) -> None:
        with self._lock:
            self._received += 1

    def answered(self, method: str, path: str, status: int) -> None:
        with self._lock:
            self._records.append(RequestRecord(method, path, status))

    @property
    def count(self) -> int:
        with self._lock:
            return self._received

    def records(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._records)


@dataclass(frozen=True)
class Settings:
    heartbeat_interval: float = 30.0
    ping_interval: float | None = 15.0
    require_auth: bool = False
    token_validator: Callable[[str], bool] | None = None
    gridsquare_batch_max: int = 1000
    mimic_defects: bool = False


@dataclass
class BackendState:
    settings: Settings
    spec: CompiledSpec
    lock: threading.RLock = field(default_factory=threading.RLock)
    faults: Faults = field(default_factory=Faults)
    log: RequestLog = field(default_factory=RequestLog)
    closing: threading.Event = field(default_factory=threading.Event)
    store: EntityStore = field(init=False)
    hub: AgentHub = field(init=False)
    streams: StreamSettings = field(init=False)

    def __post_init__(self) -> None:
        self.store = EntityStore(self.lock)
        self.hub = AgentHub(
            self.lock,
            acquisition_exists=lambda key: self.store.exists("acquisition", key),
            mimic_defects=self.settings.mimic_defects,
        )
        self.streams = StreamSettings(
            hub=self.hub,
            faults=self.faults,
            heartbeat_interval=self.settings.heartbeat_interval,
            ping_interval=self.settings.ping_interval,
            closing=self.closing,
        )

    def require_parent(self, kind: str, key: str) -> None:
        """404 for a missing parent, unless reproducing the backend's unchecked creates."""
        if not self.settings.mimic_defects:
            self.store.get(kind, key)
