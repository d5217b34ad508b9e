"""Hostile servers: every call ends in a typed error within its deadline, memory bounded.

Each case runs the client in a child process (``hostile_probe``) so that its peak memory
is its own; the server runs here. Seconds to the error are reported in the terminal
summary, not asserted: the machine is shared.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field

import pytest

from tests.faults.hostile import hostile_server
from tests.faults.hostile_probe import CAP, LIMITS, TOKEN
from tests.faults.report import FIGURES

# Growth of peak memory allowed during one call: a small multiple of the size cap.
_MEMORY_BOUND_KIB = 6 * CAP // 1024
# Far past the deadline: a child still running then has hung.
_HANG = 60

EXPECTED = {
    "trickled_huge_body": "DeadlineExceeded",
    "never_answers": "DeadlineExceeded",
    # The retry's wait is cut to the deadline; the attempt after it fails at once.
    "unavailable_retry_after_30s": "DeadlineExceeded",
    "endless_chunked_body": "AnswerTooLarge",
    "gzip_bomb": "AnswerTooLarge",
    "deflate_bomb": "AnswerTooLarge",
    # Refused by the HTTP parser and retried: a TransportError (the deadline, often).
    "huge_header": "TransportError",
    "wrong_shape_json": "InvalidResponse",
    "redirect_to_other_host": "APIError",
}


@dataclass
class HostileFigures:
    name: str = "hostile servers"
    rows: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"{self.name} (cap {CAP // 2**20} MiB, deadline {LIMITS.deadline} s):", *self.rows]


_FIGURES = HostileFigures()
FIGURES.append(_FIGURES)  # type: ignore[arg-type]


def _probe(url: str, kind: str) -> tuple[dict[str, object], str]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.faults.hostile_probe", url, kind],
        capture_output=True,
        text=True,
        timeout=_HANG,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stdout + done.stderr


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_hostile_server_ends_in_a_typed_error_with_bounded_memory(case: str, kind: str) -> None:
    state: dict[str, object] = {}
    with hostile_server("wrong_shape_json", host="127.0.0.2", state=state) as elsewhere:
        state["location"] = f"{elsewhere}/acquisitions"
        with hostile_server(case, state=state) as url:
            outcome, output = _probe(url, kind)
    assert EXPECTED[case] in outcome["mro"], outcome  # type: ignore[operator]
    assert "SmartEMError" in outcome["mro"]  # type: ignore[operator]
    assert TOKEN not in output
    grown = int(outcome["peak_kib"]) - int(outcome["baseline_kib"])  # type: ignore[call-overload]
    _FIGURES.rows.append(
        f"  {case} ({kind}): {outcome['error']} after {outcome['seconds']} s, "
        f"peak memory +{grown / 1024:.1f} MiB"
    )
    assert grown < _MEMORY_BOUND_KIB, outcome
    heads = [bytes(h) for h in state.get("heads", [])]  # type: ignore[attr-defined]
    if case == "redirect_to_other_host":
        # One request reached the redirecting server; none followed it elsewhere.
        assert len(heads) == 1
        assert b"authorization: bearer" in heads[0].lower()
