"""The limits the converter enforces are the ones the contract states, and the backend's."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartem_ext import _limits
from tests.support.spec import load_spec, resolve


def _request_properties() -> list[tuple[str, str, dict[str, object]]]:
    spec = load_spec()
    found = []
    for name, schema in spec["components"]["schemas"].items():
        if not (
            name.endswith("Request") or name in ("AgentLogEntry", "AgentInstructionAcknowledgement")
        ):
            continue
        for prop, value in resolve(schema, spec).get("properties", {}).items():
            for option in value.get("anyOf", [value]):
                found.append((name, prop, option))
    return found


def test_every_request_integer_has_the_int4_range_in_the_contract() -> None:
    integers = [(n, p, o) for n, p, o in _request_properties() if o.get("type") == "integer"]
    assert len(integers) > 30
    for name, prop, option in integers:
        assert (option.get("minimum"), option.get("maximum")) == (
            _limits.INT4_MIN,
            _limits.INT4_MAX,
        ), f"{name}.{prop}"


def test_every_free_request_text_refuses_nul_in_the_contract() -> None:
    texts = [
        (n, p, o)
        for n, p, o in _request_properties()
        if o.get("type") == "string" and "enum" not in o and "format" not in o
    ]
    assert len(texts) > 50
    for name, prop, option in texts:
        assert "pattern" in option, f"{name}.{prop}"


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        (_limits.INT4_MAX, False),
        (_limits.INT4_MAX + 1, True),
        (_limits.INT4_MIN, False),
        (_limits.INT4_MIN - 1, True),
    ],
)
def test_integer_problem_marks_the_int4_edges(value: int, refused: bool) -> None:
    assert (_limits.integer_problem(value) is not None) is refused


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        ("ok", False),
        ("", True),
        ("a/b", True),
        ("..", True),
        ("a\x00", True),
        ("u" * 255, False),
        ("u" * 256, True),
    ],
)
def test_identifier_problem_refuses_what_cannot_be_one_path_segment(
    value: str, refused: bool
) -> None:
    assert (_limits.identifier_problem(value) is not None) is refused


@given(
    st.text(st.sampled_from("ab./\\?#\x00\x1f\x7f\x80é "), max_size=4)
    | st.text(min_size=250, max_size=260, alphabet="u")
)
def test_the_quick_identifier_test_agrees_with_the_explained_one(value: str) -> None:
    assert _limits.is_identifier(value) is (_limits.identifier_problem(value) is None)
