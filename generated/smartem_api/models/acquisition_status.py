from enum import StrEnum


class AcquisitionStatus(StrEnum):
    ABANDONED = "abandoned"
    COMPLETED = "completed"
    PAUSED = "paused"
    PLANNED = "planned"
    STARTED = "started"

    def __str__(self) -> str:
        return str(self.value)
