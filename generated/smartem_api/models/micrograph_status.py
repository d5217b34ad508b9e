from enum import StrEnum


class MicrographStatus(StrEnum):
    CTF_COMPLETED = "ctf completed"
    CTF_STARTED = "ctf started"
    MOTION_CORRECTION_COMPLETED = "motion correction completed"
    MOTION_CORRECTION_STARTED = "motion correction started"
    NONE = "none"
    PARTICLE_PICKING_COMPLETED = "particle picking completed"
    PARTICLE_PICKING_STARTED = "particle picking started"
    PARTICLE_SELECTION_COMPLETED = "particle selection completed"
    PARTICLE_SELECTION_STARTED = "particle selection started"

    def __str__(self) -> str:
        return str(self.value)
