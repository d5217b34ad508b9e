from enum import StrEnum


class AgentInstructionAcknowledgementStatus(StrEnum):
    DECLINED = "declined"
    FAILED = "failed"
    PROCESSED = "processed"
    RECEIVED = "received"

    def __str__(self) -> str:
        return str(self.value)
