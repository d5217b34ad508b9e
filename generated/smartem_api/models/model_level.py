from enum import StrEnum


class ModelLevel(StrEnum):
    FOILHOLE = "foilhole"
    FOILHOLEGROUP = "foilholegroup"
    GRIDSQUARE = "gridsquare"

    def __str__(self) -> str:
        return str(self.value)
