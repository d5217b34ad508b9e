from enum import StrEnum


class GridSquareStatus(StrEnum):
    ALL_FOIL_HOLES_REGISTERED = "all foil holes registered"
    FOIL_HOLES_DECISION_COMPLETED = "foil holes decision completed"
    FOIL_HOLES_DECISION_STARTED = "foil holes decision started"
    NONE = "none"

    def __str__(self) -> str:
        return str(self.value)
