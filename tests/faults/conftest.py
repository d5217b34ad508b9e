"""Fault-tolerance tests: the chaos proxy's figures go into the terminal summary."""

from __future__ import annotations

import pytest

from tests.faults.report import FIGURES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES:
        return
    terminalreporter.write_sep("-", "fault injection")
    for figures in FIGURES:
        for line in figures.lines():
            terminalreporter.write_line(line)
