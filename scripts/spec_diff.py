#!/usr/bin/env python3
"""Compare two OpenAPI documents as contracts: see ``smartem_ext._spec_diff``."""

from __future__ import annotations

import sys

from smartem_ext import _spec_diff
from smartem_ext._spec_diff import (
    ACCEPTED,
    ACCEPTED_DEVIATIONS,
    BREAKING,
    CLASSES,
    COMPATIBLE,
    AcceptedDeviation,
    Difference,
    SpecError,
    compare,
    exit_status,
    load_document,
    main,
    render,
)

# The usage, classification table and kinds are documented once, with the code.
__doc__ = _spec_diff.__doc__

__all__ = [
    "ACCEPTED",
    "ACCEPTED_DEVIATIONS",
    "BREAKING",
    "CLASSES",
    "COMPATIBLE",
    "AcceptedDeviation",
    "Difference",
    "SpecError",
    "compare",
    "exit_status",
    "load_document",
    "main",
    "render",
]

if __name__ == "__main__":
    sys.exit(main())
