from enum import StrEnum


class InstructionStreamInstructionEventType(StrEnum):
    INSTRUCTION = "instruction"

    def __str__(self) -> str:
        return str(self.value)
