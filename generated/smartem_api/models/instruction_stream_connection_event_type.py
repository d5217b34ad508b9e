from enum import StrEnum


class InstructionStreamConnectionEventType(StrEnum):
    CONNECTION = "connection"

    def __str__(self) -> str:
        return str(self.value)
