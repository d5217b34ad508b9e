"""Agent endpoints (instruction stream, acks, heartbeats, logs) and the `/debug` helpers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.responses import Response

from ._agents import default_expiry
from ._operation import Call, Operation
from ._responses import json_response
from ._sse import InstructionStream
from ._state import BackendState

_AGENT = "/agent/{agent_id}/session/{session_id}"


class AgentAPI:
    def __init__(self, state: BackendState) -> None:
        self.state = state
        self.hub = state.hub

    def operations(self) -> list[Operation]:
        return [
            Operation("GET", f"{_AGENT}/instructions/stream", self.stream),
            Operation("POST", f"{_AGENT}/instructions/{{instruction_id}}/ack", self.acknowledge),
            Operation("POST", f"{_AGENT}/heartbeat", self.heartbeat),
            Operation("POST", f"{_AGENT}/logs", self.logs),
            Operation("GET", "/debug/agent-connections", self.debug_connections),
            Operation("GET", "/debug/connection-stats", self.connection_stats),
            Operation("GET", "/debug/sessions", self.debug_sessions),
            Operation("POST", "/debug/sessions/create", self.create_session),
            Operation("POST", "/debug/sessions/create-managed", self.create_managed_session),
            Operation("DELETE", "/debug/sessions/{session_id}/close", self.close_session),
            Operation(
                "POST", "/debug/session/{session_id}/create-instruction", self.create_instruction
            ),
            Operation("GET", "/debug/session/{session_id}/instructions", self.instructions),
        ]

    def stream(self, call: Call) -> Response:
        return InstructionStream(self.state.streams, call.path["agent_id"], call.path["session_id"])

    def acknowledge(self, call: Call) -> Response:
        path = call.path
        answer = self.hub.acknowledge(
            path["agent_id"], path["session_id"], path["instruction_id"], call.object_body()
        )
        return json_response(answer)

    def heartbeat(self, call: Call) -> Response:
        return json_response(self.hub.heartbeat(call.path["agent_id"], call.path["session_id"]))

    def logs(self, call: Call) -> Response:
        entries = [e for e in call.object_body().get("logs") or [] if isinstance(e, dict)]
        stored = self.hub.store_logs(call.path["agent_id"], call.path["session_id"], entries)
        return json_response({"stored": stored})

    def debug_connections(self, call: Call) -> Response:
        return json_response(self.hub.debug_connections())

    def connection_stats(self, call: Call) -> Response:
        return json_response(self.hub.connection_stats())

    def debug_sessions(self, call: Call) -> Response:
        return json_response(self.hub.debug_sessions())

    def create_session(self, call: Call) -> Response:
        body = call.object_body()
        session = self.hub.create_session(
            str(body.get("agent_id", "test-agent")),
            session_id=_text(body.get("session_id")),
            acquisition_uuid=_text(body.get("acquisition_uuid")),
            name=_text(body.get("name", "Test Session")),
            description=_text(body.get("description", "Debug session for testing")),
            experimental_parameters=_object(body.get("experimental_parameters")),
        )
        return json_response(
            {
                "session_id": session.session_id,
                "agent_id": session.agent_id,
                "status": "created",
                "created_at": session.created_at.isoformat(),
            }
        )

    def create_managed_session(self, call: Call) -> Response:
        body = call.object_body()
        name = _text(body.get("name")) or f"Session-{datetime.now():%Y%m%d-%H%M%S}"
        session = self.hub.create_session(
            str(body.get("agent_id", "test-agent")),
            acquisition_uuid=_text(body.get("acquisition_uuid")),
            name=name,
            description=_text(body.get("description")),
            experimental_parameters=_object(body.get("experimental_parameters")),
        )
        return json_response(
            {
                "session_id": session.session_id,
                "status": "created",
                "created_via": "connection_manager",
                "timestamp": datetime.now().isoformat(),
            }
        )

    def close_session(self, call: Call) -> Response:
        session_id = call.path["session_id"]
        self.hub.close_session(session_id)
        return json_response(
            {
                "session_id": session_id,
                "status": "closed",
                "closed_via": "connection_manager",
                "timestamp": datetime.now().isoformat(),
            }
        )

    def create_instruction(self, call: Call) -> Response:
        body = call.object_body()
        minutes = body.get("expires_in_minutes", 60)
        sequence = body.get("sequence_number")
        instruction = self.hub.queue_instruction(
            call.path["session_id"],
            instruction_type=str(body.get("instruction_type", "test.instruction")),
            payload=_object(body.get("payload", {"test": True})),
            priority=str(body.get("priority", "normal")),
            sequence_number=sequence if isinstance(sequence, int) else None,
            expires_at=default_expiry(minutes if isinstance(minutes, int | float) else 60),
            metadata=_object(body.get("metadata")),
        )
        return json_response(
            {
                "instruction_id": instruction.instruction_id,
                "status": "created",
                "created_at": instruction.created_at.isoformat(),
            }
        )

    def instructions(self, call: Call) -> Response:
        return json_response(self.hub.debug_instructions(call.path["session_id"]))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _object(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}
