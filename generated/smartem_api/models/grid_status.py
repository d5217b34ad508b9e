from enum import StrEnum


class GridStatus(StrEnum):
    GRID_SQUARES_DECISION_COMPLETED = "grid squares decision completed"
    GRID_SQUARES_DECISION_STARTED = "grid squares decision started"
    NONE = "none"
    SCAN_COMPLETED = "scan completed"
    SCAN_STARTED = "scan started"

    def __str__(self) -> str:
        return str(self.value)
