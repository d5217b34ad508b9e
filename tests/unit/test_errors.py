"""smartem_ext.errors: which failures may hide a stored write, and errors that travel whole."""

from __future__ import annotations

import pickle

import pytest

from smartem_ext.errors import (
    AnswerTooLarge,
    AuthError,
    Conflict,
    DeadlineExceeded,
    InvalidResponse,
    LinkParentsNotFound,
    NotFound,
    ServerError,
    SmartEMError,
    TransportError,
    ValidationFailed,
    may_have_landed,
)

PATH = "/gridsquares/s/foilholes"


@pytest.mark.parametrize(
    ("error", "landed"),
    [
        (TransportError("POST", PATH, "ReadTimeout: timed out"), True),
        (TransportError("POST", PATH, "ConnectError: refused", reached=False), False),
        (DeadlineExceeded("POST", PATH, 60.0), True),
        (DeadlineExceeded("POST", PATH, 60.0, reached=False), False),
        (AnswerTooLarge("POST", PATH, "max_received", 10), True),
        (ServerError("POST", PATH, 500, "Internal Server Error"), True),
        (ServerError("POST", PATH, 503, None), True),
        (Conflict("POST", PATH, 409, "exists"), True),
        (InvalidResponse("POST", PATH, 201, "not JSON"), True),
        (NotFound("POST", PATH, 404, "Grid square not found"), False),
        (LinkParentsNotFound("POST", PATH, gridsquares=["s"]), False),
        (ValidationFailed("POST", PATH, 422, []), False),
        (AuthError("POST", PATH, 401, "Invalid token"), False),
    ],
)
def test_may_have_landed_is_false_only_for_refusals_and_requests_never_sent(
    error: SmartEMError, landed: bool
) -> None:
    assert may_have_landed(error) is landed


def test_a_link_list_lacking_parents_names_them_and_stays_a_not_found() -> None:
    squares = [f"square-{n}" for n in range(7)]
    error = LinkParentsNotFound("POST", "/atlas-tiles/t/gridsquares", ["t"], squares)
    assert isinstance(error, NotFound) and error.status_code == 404
    assert str(error) == (
        "POST /atlas-tiles/t/gridsquares -> 404: 1 atlas tile not found: t; "
        "7 grid squares not found: square-0, square-1, square-2, square-3, square-4 "
        "and 2 more; no link of the list was stored"
    )


@pytest.mark.parametrize(
    "error",
    [
        TransportError("POST", PATH, "ConnectError: refused", reached=False),
        DeadlineExceeded("POST", PATH, 6.0, reached=False),
        LinkParentsNotFound("POST", "/atlas-tiles/t/gridsquares", ["t"], ["s1", "s2"]),
    ],
)
def test_errors_survive_pickling_whole(error: SmartEMError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)
