"""Liveness and version endpoints: `/health`, `/status`, `/version`."""

from __future__ import annotations

from datetime import datetime

from starlette.responses import Response

from ._operation import Call, Operation
from ._responses import json_response
from ._state import BackendState


class ServiceAPI:
    def __init__(self, state: BackendState) -> None:
        self.version = state.spec.version

    def operations(self) -> list[Operation]:
        return [
            Operation("GET", "/health", self.health),
            Operation("GET", "/status", self.status),
            Operation("GET", "/version", self.version_info),
        ]

    def health(self, call: Call) -> Response:
        ok = {"status": "ok", "details": "In-memory fake backend"}
        return json_response(
            {
                "status": "ok",
                "timestamp": datetime.now().isoformat(),
                "services": {
                    "database": ok,
                    "event_broker": ok,
                    "log_aggregator": {
                        "status": "not_configured",
                        "details": "Log aggregation service not configured",
                    },
                },
                "version": self.version,
            }
        )

    def status(self, call: Call) -> Response:
        return json_response(
            {
                "status": "ok",
                "service": "SmartEM Decisions API",
                "version": self.version,
                "timestamp": datetime.now().isoformat(),
                "configuration": {"log_level": "ERROR", "environment": "fake"},
                "endpoints": {
                    "health": "/health",
                    "status": "/status",
                    "docs": "/docs",
                    "openapi": "/openapi.json",
                },
                "uptime_seconds": None,
                "features": {
                    "database_operations": True,
                    "message_queue_publishing": False,
                    "direct_db_writes": True,
                },
            }
        )

    def version_info(self, call: Call) -> Response:
        return json_response({"service": "smartem-decisions", "version": self.version})
