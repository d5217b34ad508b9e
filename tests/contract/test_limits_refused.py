"""Prism and the fake backend refuse what the real backend cannot store, as the contract says.

A foil hole whose integer is beyond PostgreSQL's int4, or whose text holds a NUL, is a 422
on both test servers (the real backend fails on them with a 500: tests/e2e).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from smartem_ext.testing import FakeSmartEMBackend
from tests.contract.calls import Violations

SQUARE = "a-grid-square"
TOKEN = "test-token"
REFUSED = [
    ("diameter", 2**31),
    ("x_location", -(2**31) - 1),
    ("foilhole_id", "17\x0042"),
]


def hole(**change: Any) -> dict[str, Any]:
    return {
        "uuid": str(uuid.uuid4()),
        "foilhole_id": "1742",
        "gridsquare_id": "17",
        "gridsquare_uuid": SQUARE,
        **change,
    }


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSmartEMBackend]:
    with FakeSmartEMBackend() as backend:
        yield backend


def post_holes(base_url: str, holes: list[dict[str, Any]]) -> httpx.Response:
    return httpx.post(
        f"{base_url}/gridsquares/{SQUARE}/foilholes",
        json=holes,
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=30,
    )


@pytest.mark.parametrize(("field", "value"), REFUSED, ids=[field for field, _ in REFUSED])
def test_prism_refuses_what_the_backend_cannot_store(
    prism: str, violations: Violations, field: str, value: Any
) -> None:
    with violations.expected():
        refused = post_holes(prism, [hole(**{field: value})])
    assert refused.status_code == 422, refused.text
    assert field in refused.headers.get("sl-violations", "")
    edge = 2**31 - 1 if isinstance(value, int) and value > 0 else -(2**31)
    storable = hole(**({field: edge} if isinstance(value, int) else {field: "1742"}))
    assert post_holes(prism, [storable]).status_code == 201


@pytest.mark.parametrize(("field", "value"), REFUSED, ids=[field for field, _ in REFUSED])
def test_the_fake_backend_refuses_what_the_backend_cannot_store(
    fake: FakeSmartEMBackend, field: str, value: Any
) -> None:
    refused = post_holes(fake.url, [hole(**{field: value})])
    assert refused.status_code == 422, refused.text
    [problem] = refused.json()["detail"]
    assert problem["loc"][-1] == field
