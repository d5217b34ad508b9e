"""Fixtures shared by several suites: the real SmartEM backend (tests/support/real_backend.py).

Anything that stops the backend from being provided (no Python >= 3.12, no PostgreSQL,
a failed install) is raised from the fixture, so the tests report an error, not a skip.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import settings

from tests.support.real_backend import RealBackend

# Property tests check behaviour, not speed: on a shared CI machine one slow example must
# not fail a run (hypothesis's default is a 200 ms deadline per example).
settings.register_profile("smartem", deadline=None)
settings.load_profile("smartem")

_started: list[RealBackend] = []


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "real_backend: runs against the real SmartEM backend (PostgreSQL, Python >= 3.12)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "real_backend" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.real_backend)


@pytest.fixture(scope="session")
def real_backend() -> Iterator[RealBackend]:
    """A started real backend, shared by the whole test session."""
    with RealBackend() as backend:
        _started.append(backend)
        yield backend


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for backend in _started:
        timings = backend.timings()
        terminalreporter.write_sep("-", "real SmartEM backend")
        terminalreporter.write_line(
            f"venv {'created' if timings['venv_created'] else 'reused'} in "
            f"{timings['venv_seconds']}s; postgres {timings['postgres_seconds']}s; "
            f"backend {timings['backend_seconds']}s; total start {timings['startup_seconds']}s"
        )
