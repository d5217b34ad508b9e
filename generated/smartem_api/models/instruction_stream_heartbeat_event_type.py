from enum import StrEnum


class InstructionStreamHeartbeatEventType(StrEnum):
    HEARTBEAT = "heartbeat"

    def __str__(self) -> str:
        return str(self.value)
