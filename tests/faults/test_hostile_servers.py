"""Hostile servers: every call ends in a typed error within its deadline, memory bounded.

Each case runs the client in a child process (``hostile_probe``) so that its peak memory
is its own; the server runs here. Seconds to the error are reported in the terminal
summary, not asserted: the machine is shared.

Two callers: a listing under small explicit limits, and ``GET /status`` as a new user
makes it, every setting at its default: the caps a small answer gets by default bound
what an endless body or a compression bomb costs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field

import pytest

from smartem_ext.http import ENTITY_DECODED_CAP, ENTITY_RECEIVED_CAP
from tests.faults.hostile import bomb, hostile_server
from tests.faults.hostile_probe import CAP, LIMITS, TOKEN
from tests.faults.report import FIGURES

MiB = 2**20

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
    title: str
    rows: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"{self.title}:", *self.rows]


_FIGURES = HostileFigures(
    f"hostile servers, listing (cap {CAP // 2**20} MiB, deadline {LIMITS.deadline} s)"
)
FIGURES.append(_FIGURES)  # type: ignore[arg-type]


def _prepared(case: str, state: dict[str, object]) -> dict[str, object]:
    """``state``, with a bomb the case sends compressed beforehand, not under the deadline."""
    if case.endswith("_bomb"):
        bomb(case.removesuffix("_bomb"), int(state.get("size", 1 << 30)))  # type: ignore[call-overload]
    return state


def _probe(url: str, kind: str, call: str = "listing") -> tuple[dict[str, object], str]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.faults.hostile_probe", url, kind, call],
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
        with hostile_server(case, state=_prepared(case, state)) as url:
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


# What a small read costs at most past its default caps: the decoded cap's 32 MiB in one
# buffer, the decoder's and the connection's, generously (measured: about 50 MiB).
_SMALL_READ_BOUND_KIB = 128 * 1024
_STATUS_FIGURES = HostileFigures(
    f"hostile servers, GET /status with default limits (caps {ENTITY_RECEIVED_CAP // MiB} MiB "
    f"received, {ENTITY_DECODED_CAP // MiB} MiB decoded)"
)
FIGURES.append(_STATUS_FIGURES)  # type: ignore[arg-type]

# (server behaviour, decoded size of a bomb): the error and the cap it names
STATUS_CASES: dict[tuple[str, int | None], tuple[str, str | None, int | None]] = {
    ("endless_chunked_body", None): ("AnswerTooLarge", "max_received", ENTITY_RECEIVED_CAP),
    # Below the caps the body is read whole and is no JSON.
    ("gzip_bomb", MiB): ("InvalidResponse", None, None),
    ("gzip_bomb", 64 * MiB): ("AnswerTooLarge", "max_decoded", ENTITY_DECODED_CAP),
    ("gzip_bomb", 1024 * MiB): ("AnswerTooLarge", "max_decoded", ENTITY_DECODED_CAP),
    ("deflate_bomb", 1024 * MiB): ("AnswerTooLarge", "max_decoded", ENTITY_DECODED_CAP),
}


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize(
    ("case", "size"), sorted(STATUS_CASES, key=lambda c: (c[0], c[1] or 0)), ids=str
)
def test_a_hostile_answer_to_a_status_read_stops_at_the_default_small_caps(
    case: str, size: int | None, kind: str
) -> None:
    state: dict[str, object] = {} if size is None else {"size": size}
    with hostile_server(case, state=_prepared(case, state)) as url:
        outcome, output = _probe(url, kind, "status")
    error, cap, limit = STATUS_CASES[(case, size)]
    assert error in outcome["mro"], outcome  # type: ignore[operator]
    assert (outcome["cap"], outcome["limit"]) == (cap, limit)
    assert TOKEN not in output
    grown = int(outcome["peak_kib"]) - int(outcome["baseline_kib"])  # type: ignore[call-overload]
    shown = "endless" if size is None else f"{size // MiB} MiB decoded"
    _STATUS_FIGURES.rows.append(
        f"  {case} ({shown}, {kind}): {outcome['error']} {cap or ''} after "
        f"{outcome['seconds']} s, peak memory +{grown / 1024:.1f} MiB"
    )
    assert grown < _SMALL_READ_BOUND_KIB, outcome
