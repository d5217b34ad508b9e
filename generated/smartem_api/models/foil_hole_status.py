from enum import StrEnum


class FoilHoleStatus(StrEnum):
    MICROGRAPHS_DETECTED = "micrographs detected"
    NONE = "none"

    def __str__(self) -> str:
        return str(self.value)
