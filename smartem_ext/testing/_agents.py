"""Agent sessions, their instructions, stream connections and acknowledgements."""

from __future__ import annotations

import copy
import itertools
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ._responses import HTTPError, IntegrityFailure

# Ranks of the priority words agents know; anything else ranks as "normal".
PRIORITY_RANK: dict[str, int] = {"low": 0, "normal": 1, "high": 2, "urgent": 3, "critical": 4}


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


@dataclass
class Session:
    session_id: str
    agent_id: str
    acquisition_uuid: str | None
    name: str | None
    description: str | None
    experimental_parameters: dict[str, Any]
    status: str
    created_at: datetime
    last_activity_at: datetime
    started_at: datetime | None = None
    ended_at: datetime | None = None


@dataclass
class Instruction:
    instruction_id: str
    session_id: str
    agent_id: str
    instruction_type: str
    payload: dict[str, Any]
    sequence_number: int | None
    priority: str
    status: str
    created_at: datetime
    expires_at: datetime | None
    metadata: dict[str, Any] | None
    order: int
    sent_at: datetime | None = None
    acknowledged_at: datetime | None = None

    def event_data(self) -> dict[str, Any]:
        """The `instruction` event's JSON object, keys in the backend's order."""
        return {
            "type": "instruction",
            "instruction_id": self.instruction_id,
            "agent_id": self.agent_id,
            "session_id": self.session_id,
            "instruction_type": self.instruction_type,
            "payload": self.payload,
            "sequence_number": self.sequence_number,
            "priority": self.priority,
            "created_at": self.created_at.isoformat(),
            "expires_at": _iso(self.expires_at),
            "metadata": self.metadata,
        }


@dataclass
class Connection:
    connection_id: str
    session_id: str
    agent_id: str
    created_at: datetime
    last_heartbeat_at: datetime
    status: str = "active"
    connection_type: str = "sse"
    client_info: dict[str, Any] = field(default_factory=dict)
    closed_at: datetime | None = None
    close_reason: str | None = None


class AgentHub:
    """Thread-safe agent-side state; open streams subscribe to be woken for their session."""

    def __init__(
        self,
        lock: threading.RLock,
        acquisition_exists: Callable[[str], bool],
        mimic_defects: bool = False,
    ) -> None:
        self._lock = lock
        self._acquisition_exists = acquisition_exists
        self._mimic_defects = mimic_defects
        self._sessions: dict[str, Session] = {}
        self._instructions: dict[str, Instruction] = {}
        self._connections: dict[str, Connection] = {}
        self._acks: list[dict[str, Any]] = []
        self._logs: list[dict[str, Any]] = []
        self._order = itertools.count()
        self._subscribers: dict[int, tuple[str | None, Callable[[], None]]] = {}
        self._subscriber_ids = itertools.count()

    # ---- sessions -------------------------------------------------------------------------

    def create_session(
        self,
        agent_id: str = "test-agent",
        *,
        session_id: str | None = None,
        acquisition_uuid: str | None = None,
        name: str | None = "Test Session",
        description: str | None = "Debug session for testing",
        experimental_parameters: Mapping[str, Any] | None = None,
        status: str = "active",
    ) -> Session:
        with self._lock:
            if acquisition_uuid and not self._acquisition_exists(acquisition_uuid):
                raise HTTPError(404, f"Acquisition {acquisition_uuid} not found")
            new_id = session_id or str(uuid.uuid4())
            if new_id in self._sessions:
                raise IntegrityFailure("agentsession")
            now = datetime.now()
            session = Session(
                session_id=new_id,
                agent_id=agent_id,
                acquisition_uuid=acquisition_uuid,
                name=name,
                description=description,
                experimental_parameters=copy.deepcopy(dict(experimental_parameters or {})),
                status=status,
                created_at=now,
                last_activity_at=now,
            )
            self._sessions[new_id] = session
            return session

    def close_session(self, session_id: str) -> None:
        """End the session (status `ended`) and mark its connections closed, like the backend."""
        with self._lock:
            now = datetime.now()
            session = self._sessions.get(session_id)
            if session is not None:
                session.status = "ended"
                session.ended_at = now
            for connection in self._connections.values():
                if connection.session_id == session_id and connection.status == "active":
                    connection.status = "closed"
                    connection.closed_at = now
                    connection.close_reason = "session_closed"

    def session(self, session_id: str) -> Session | None:
        with self._lock:
            return self._sessions.get(session_id)

    # ---- instructions ---------------------------------------------------------------------

    def queue_instruction(
        self,
        session_id: str,
        *,
        instruction_type: str = "test.instruction",
        payload: Mapping[str, Any] | None = None,
        priority: str = "normal",
        sequence_number: int | None = None,
        expires_at: datetime | None = None,
        metadata: Mapping[str, Any] | None = None,
        instruction_id: str | None = None,
    ) -> Instruction:
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                raise HTTPError(404, "Session not found")
            instruction = Instruction(
                instruction_id=instruction_id or str(uuid.uuid4()),
                session_id=session_id,
                agent_id=session.agent_id,
                instruction_type=instruction_type,
                payload=copy.deepcopy(dict(payload if payload is not None else {"test": True})),
                sequence_number=sequence_number,
                priority=priority,
                status="pending",
                created_at=datetime.now(),
                expires_at=expires_at,
                metadata=copy.deepcopy(dict(metadata)) if metadata is not None else {},
                order=next(self._order),
            )
            self._instructions[instruction.instruction_id] = instruction
        self.notify(session_id)
        return instruction

    def next_pending(self, session_id: str) -> dict[str, Any] | None:
        """The next instruction to deliver on the stream, marked `sent`; None when none is due.

        Highest priority first, then by sequence number (unnumbered last), then by age.
        """
        with self._lock:
            now = datetime.now()
            due = [
                i
                for i in self._instructions.values()
                if i.session_id == session_id
                and i.status == "pending"
                and (i.expires_at is None or i.expires_at > now)
            ]
            if not due:
                return None
            due.sort(key=lambda i: (i.sequence_number is None, i.sequence_number or 0, i.order))
            if self._mimic_defects:
                due.sort(key=lambda i: i.priority, reverse=True)
            else:
                due.sort(key=lambda i: PRIORITY_RANK.get(i.priority, 1), reverse=True)
            chosen = due[0]
            chosen.status = "sent"
            chosen.sent_at = now
            return copy.deepcopy(chosen.event_data())

    def instructions(self, session_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return [
                _instruction_view(i)
                for i in self._instructions.values()
                if i.session_id == session_id
            ]

    # ---- stream connections ---------------------------------------------------------------

    def stream_refusal(self, agent_id: str, session_id: str) -> str | None:
        """Why a stream for this agent and session may not open, in the backend's words."""
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return f"Session {session_id} not found"
            if session.agent_id != agent_id:
                return f"Session {session_id} does not belong to agent {agent_id}"
            if session.status != "active":
                return f"Session {session_id} is not active (status: {session.status})"
            return None

    def open_connection(self, agent_id: str, session_id: str) -> Connection:
        with self._lock:
            now = datetime.now()
            connection = Connection(
                connection_id=str(uuid.uuid4()),
                session_id=session_id,
                agent_id=agent_id,
                created_at=now,
                last_heartbeat_at=now,
                client_info={"connected_at": now.isoformat()},
            )
            self._connections[connection.connection_id] = connection
            return connection

    def touch_connection(self, connection_id: str) -> None:
        with self._lock:
            connection = self._connections.get(connection_id)
            if connection is not None and connection.status == "active":
                connection.last_heartbeat_at = datetime.now()

    def close_connection(self, connection_id: str, reason: str) -> None:
        with self._lock:
            connection = self._connections.get(connection_id)
            if connection is not None and connection.status == "active":
                connection.status = "closed"
                connection.closed_at = datetime.now()
                connection.close_reason = reason

    def subscribe(self, session_id: str | None, wake: Callable[[], None]) -> Callable[[], None]:
        """Call `wake` whenever something is queued for the session; returns the unsubscriber."""
        with self._lock:
            token = next(self._subscriber_ids)
            self._subscribers[token] = (session_id, wake)

        def unsubscribe() -> None:
            with self._lock:
                self._subscribers.pop(token, None)

        return unsubscribe

    def notify(self, session_id: str | None = None) -> None:
        """Wake the streams of `session_id` (all streams when None)."""
        with self._lock:
            targets = [
                wake
                for subscribed, wake in self._subscribers.values()
                if session_id is None or subscribed == session_id
            ]
        for wake in targets:
            wake()

    # ---- agent requests -------------------------------------------------------------------

    def acknowledge(
        self, agent_id: str, session_id: str, instruction_id: str, ack: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Record an acknowledgement, with the backend's checks in the backend's order."""
        try:
            return self._acknowledge(agent_id, session_id, instruction_id, ack)
        except HTTPError:
            if self._mimic_defects:  # the backend's blanket `except Exception` hides them
                raise HTTPError(500, "Internal server error") from None
            raise

    def _acknowledge(
        self, agent_id: str, session_id: str, instruction_id: str, ack: Mapping[str, Any]
    ) -> dict[str, Any]:
        with self._lock:
            session = self._check_session(agent_id, session_id)
            if session.status != "active":
                raise HTTPError(400, f"Session {session_id} is not active")
            connections = [
                c
                for c in self._connections.values()
                if c.agent_id == agent_id and c.status == "active"
            ]
            if not connections:
                raise HTTPError(404, "Agent not connected")
            connection = next((c for c in connections if c.session_id == session_id), None)
            if connection is None:
                raise HTTPError(400, "No active connection for this session")
            instruction = self._instructions.get(instruction_id)
            if instruction is None:
                raise HTTPError(404, "Instruction not found")
            if instruction.session_id != session_id:
                raise HTTPError(400, "Instruction does not belong to this session")
            if instruction.agent_id != agent_id:
                raise HTTPError(400, "Instruction does not belong to this agent")
            if instruction.status != "sent":
                raise HTTPError(400, "Instruction cannot be acknowledged (invalid status)")
            now = datetime.now()
            instruction.status = "acknowledged"
            instruction.acknowledged_at = now
            record = {
                "instruction_id": instruction_id,
                "agent_id": agent_id,
                "session_id": session_id,
                "status": ack.get("status"),
                "result": ack.get("result"),
                "error_message": ack.get("error_message"),
                "processing_time_ms": ack.get("processing_time_ms"),
                "processed_at": ack.get("processed_at"),
                "created_at": now.isoformat(),
            }
            self._acks.append(record)
            session.last_activity_at = now
            connection.last_heartbeat_at = now
            return {
                "status": "success",
                "instruction_id": instruction_id,
                "acknowledged_at": now.isoformat(),
                "agent_id": agent_id,
                "session_id": session_id,
            }

    def heartbeat(self, agent_id: str, session_id: str) -> dict[str, Any]:
        with self._lock:
            connection = next(
                (
                    c
                    for c in self._connections.values()
                    if c.agent_id == agent_id
                    and c.session_id == session_id
                    and c.status == "active"
                ),
                None,
            )
            if connection is None:
                raise HTTPError(404, "No active connection found for agent and session")
            now = datetime.now()
            connection.last_heartbeat_at = now
            session = self._sessions.get(session_id)
            if session is not None:
                session.last_activity_at = now
            return {
                "status": "success",
                "agent_id": agent_id,
                "session_id": session_id,
                "heartbeat_timestamp": now.isoformat(),
                "connection_id": connection.connection_id,
            }

    def store_logs(self, agent_id: str, session_id: str, entries: list[Any]) -> int:
        with self._lock:
            self._check_session(agent_id, session_id, detail="Session not found", brief=True)
            kept = entries[:500]
            for entry in kept:
                self._logs.append({"agent_id": agent_id, "session_id": session_id, **entry})
            return len(kept)

    def _check_session(
        self, agent_id: str, session_id: str, detail: str | None = None, brief: bool = False
    ) -> Session:
        session = self._sessions.get(session_id)
        if session is None:
            raise HTTPError(404, detail or f"Session {session_id} not found")
        if session.agent_id != agent_id:
            message = (
                "Session does not belong to agent"
                if brief
                else f"Session {session_id} does not belong to agent {agent_id}"
            )
            raise HTTPError(403, message)
        return session

    # ---- inspection -----------------------------------------------------------------------

    def acks(self, session_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(a) for a in self._acks if a["session_id"] == session_id]

    def logs(self) -> list[dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(self._logs)

    def debug_instructions(self, session_id: str) -> dict[str, Any]:
        with self._lock:
            rows = sorted(
                (i for i in self._instructions.values() if i.session_id == session_id),
                key=lambda i: (i.created_at, i.order),
                reverse=True,
            )
            counts: dict[str, int] = {}
            statistics: dict[str, int] = {}
            for ack in self._acks:
                if ack["session_id"] == session_id:
                    counts[ack["instruction_id"]] = counts.get(ack["instruction_id"], 0) + 1
                    statistics[str(ack["status"])] = statistics.get(str(ack["status"]), 0) + 1
            listed = [
                {**_instruction_view(i), "acknowledgements_count": counts.get(i.instruction_id, 0)}
                for i in rows
            ]
            return {
                "session_id": session_id,
                "instructions": listed,
                "total_instructions": len(listed),
                "acknowledgement_statistics": statistics,
            }

    def debug_sessions(self) -> dict[str, Any]:
        with self._lock:
            active = sorted(
                (s for s in self._sessions.values() if s.status == "active"),
                key=lambda s: s.last_activity_at,
                reverse=True,
            )
            listed = [
                {
                    "session_id": s.session_id,
                    "agent_id": s.agent_id,
                    "acquisition_uuid": s.acquisition_uuid,
                    "name": s.name,
                    "description": s.description,
                    "status": s.status,
                    "created_at": s.created_at.isoformat(),
                    "started_at": _iso(s.started_at),
                    "last_activity_at": s.last_activity_at.isoformat(),
                    "experimental_parameters": copy.deepcopy(s.experimental_parameters),
                }
                for s in active
            ]
            return {"active_sessions": listed, "total_count": len(listed)}

    def debug_connections(self) -> dict[str, Any]:
        with self._lock:
            active = sorted(
                (c for c in self._connections.values() if c.status == "active"),
                key=lambda c: c.last_heartbeat_at,
                reverse=True,
            )
            listed = [
                {
                    "connection_id": c.connection_id,
                    "agent_id": c.agent_id,
                    "session_id": c.session_id,
                    "connection_type": c.connection_type,
                    "status": c.status,
                    "created_at": c.created_at.isoformat(),
                    "last_heartbeat_at": c.last_heartbeat_at.isoformat(),
                    "client_info": dict(c.client_info),
                }
                for c in active
            ]
            return {"active_connections": listed, "total_count": len(listed)}

    def connection_stats(self) -> dict[str, Any]:
        with self._lock:
            pending = sum(1 for i in self._instructions.values() if i.status == "pending")
            sent = sum(1 for i in self._instructions.values() if i.status == "sent")
            return {
                "active_connections": sum(
                    1 for c in self._connections.values() if c.status == "active"
                ),
                "active_sessions": sum(1 for s in self._sessions.values() if s.status == "active"),
                "pending_instructions": pending,
                "sent_instructions": sent,
                "total_instructions_pending": pending + sent,
                "timestamp": datetime.now().isoformat(),
            }

    def active_connections(self, session_id: str | None = None) -> int:
        with self._lock:
            return sum(
                1
                for c in self._connections.values()
                if c.status == "active" and (session_id is None or c.session_id == session_id)
            )


def _instruction_view(instruction: Instruction) -> dict[str, Any]:
    view = asdict(instruction)
    view.pop("order")
    for name in ("created_at", "sent_at", "acknowledged_at", "expires_at"):
        view[name] = _iso(view[name])
    return {
        "instruction_id": view["instruction_id"],
        "agent_id": view["agent_id"],
        "session_id": view["session_id"],
        "instruction_type": view["instruction_type"],
        "payload": view["payload"],
        "sequence_number": view["sequence_number"],
        "priority": view["priority"],
        "status": view["status"],
        "created_at": view["created_at"],
        "sent_at": view["sent_at"],
        "acknowledged_at": view["acknowledged_at"],
        "expires_at": view["expires_at"],
        "metadata": view["metadata"],
    }


def default_expiry(minutes: float | None = 60) -> datetime | None:
    """The debug endpoint's expiry: `minutes` from now, none when 0 or None."""
    if not minutes:
        return None
    return datetime.now() + timedelta(minutes=minutes)
