"""Every SmartEMAPIClient method against Prism: the requests it builds satisfy the spec.

Prism validates each request (a violation fails the test through the ``violations`` hook)
and answers with the spec's static examples. Those examples do not echo what was sent, so
the bulk creates whose answers the client checks against the request (the foil-hole list,
the grid-square batch, the tile links) end in ``InvalidResponse``: for them the test shows
that Prism accepted every request and that the typed outcome is that error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest

from smartem_api.models import (
    AcquisitionResponse,
    AgentInstructionAcknowledgement,
    AgentInstructionAcknowledgementResponse,
    AgentInstructionAcknowledgementStatus,
    AgentLogEntry,
    AtlasResponse,
    AtlasTileGridSquarePositionResponse,
    AtlasTileResponse,
    CurrentQualityPredictionResponse,
    FoilHoleResponse,
    GridResponse,
    GridSquareResponse,
    MicrographResponse,
    QualityPredictionModelResponse,
    QualityPredictionResponse,
)
from smartem_ext import BearerToken, InvalidResponse, PartialFailure, SmartEMAPIClient
from smartem_ext._calls import update_grid
from smartem_ext._stored import stored
from smartem_ext.http import build_client
from tests.contract.calls import Violations
from tests.contract.conftest import TOKEN
from tests.support import epu_data as epu

WAIT = 10.0

SESSION = epu.acquisition()
GRID = epu.grid(SESSION)
STORED_GRID_UPDATE = stored(update_grid(GRID)).body
ATLAS = epu.atlas(GRID.uuid, tiles=2)
TILE = epu.atlas_tile(7, ATLAS.uuid)
SQUARES = [epu.gridsquare(GRID.uuid, str(n)) for n in (1836378, 1836391, 1836402)]
HOLES = [
    epu.foilhole(SQUARES[0].uuid, SQUARES[0].gridsquare_id, str(1847020 + n), n == 3)
    for n in range(5)
]
OTHER_HOLES = [epu.foilhole(SQUARES[1].uuid, SQUARES[1].gridsquare_id, "1847101")]
SHOTS = [epu.micrograph(HOLES[0].uuid, SQUARES[0].gridsquare_id, HOLES[0].id, n) for n in (1, 2)]
POSITIONS = [epu.placement(ATLAS.tiles[n % 2].uuid, s.uuid, n) for n, s in enumerate(SQUARES)]
ACK = AgentInstructionAcknowledgement(
    status=AgentInstructionAcknowledgementStatus.PROCESSED,
    result="grid square 1836378 skipped",
    processing_time_ms=120,
    processed_at=epu.SESSION_START + timedelta(hours=2),
)
AGENT, AGENT_SESSION, INSTRUCTION = "epu-agent-m06", epu.new_uuid(), epu.new_uuid()
LOGS = [
    AgentLogEntry(
        timestamp=epu.SESSION_START, level="INFO", logger_name="agent", message="square 1 done"
    )
]


@dataclass
class Answered:
    """The requests Prism answered, as (method, path, status)."""

    seen: list[tuple[str, str, int]] = field(default_factory=list)

    def record(self, response: httpx.Response) -> None:
        request = response.request
        self.seen.append((request.method, request.url.path, response.status_code))


@pytest.fixture
def answered() -> Answered:
    return Answered()


@pytest.fixture
def api(prism: str, violations: Violations, answered: Answered) -> Iterator[SmartEMAPIClient]:
    """The client on Prism with a dummy bearer token; violations fail the test."""
    http = build_client(prism, auth=BearerToken(TOKEN), retry=None, timeout=WAIT)
    http.event_hooks = {"response": [violations.check, answered.record]}
    with http, SmartEMAPIClient(prism, httpx_client=http) as client:
        yield client


Invoke = Callable[[SmartEMAPIClient], Any]


def _model(cls: type) -> Callable[[Any], bool]:
    return lambda answer: isinstance(answer, cls)


def _list_of(cls: type) -> Callable[[Any], bool]:
    return lambda answer: isinstance(answer, list) and all(isinstance(i, cls) for i in answer)


def _json(answer: Any) -> bool:
    return answer is None or isinstance(answer, dict | list | str | int | float | bool)


def _nothing(answer: Any) -> bool:
    return answer is None


def _boolean(answer: Any) -> bool:
    return isinstance(answer, bool)


def _count(answer: Any) -> bool:
    return isinstance(answer, int) and not isinstance(answer, bool)


def _foilholes_per_square(answer: Any) -> bool:
    return isinstance(answer, dict) and all(_list_of(FoilHoleResponse)(v) for v in answer.values())


# Methods of the reference client first, then the extras; (method, call, answer check).
ANSWERING: list[tuple[str, Invoke, Callable[[Any], bool]]] = [
    ("create_acquisition", lambda c: c.create_acquisition(SESSION), _model(AcquisitionResponse)),
    (
        "get_acquisition_grids",
        lambda c: c.get_acquisition_grids(SESSION.uuid),
        _list_of(GridResponse),
    ),
    ("create_acquisition_grid", lambda c: c.create_acquisition_grid(GRID), _model(GridResponse)),
    (
        "get_atlas_tiles_by_atlas",
        lambda c: c.get_atlas_tiles_by_atlas(ATLAS.uuid),
        _list_of(AtlasTileResponse),
    ),
    (
        "create_atlas_tile_for_atlas",
        lambda c: c.create_atlas_tile_for_atlas(TILE),
        _model(AtlasTileResponse),
    ),
    (
        "link_atlas_tile_and_gridsquare",
        lambda c: c.link_atlas_tile_and_gridsquare(POSITIONS[0]),
        _model(AtlasTileGridSquarePositionResponse),
    ),
    (
        "update_gridsquare",
        lambda c: c.update_gridsquare(SQUARES[0], lowmag=True),
        _model(GridSquareResponse),
    ),
    (
        "get_grid_gridsquares",
        lambda c: c.get_grid_gridsquares(GRID.uuid),
        _list_of(GridSquareResponse),
    ),
    (
        "create_grid_gridsquare",
        lambda c: c.create_grid_gridsquare(SQUARES[0]),
        _model(GridSquareResponse),
    ),
    (
        "get_gridsquare_foilholes",
        lambda c: c.get_gridsquare_foilholes(SQUARES[0].uuid, on_square_only=True),
        _list_of(FoilHoleResponse),
    ),
    (
        "get_foilhole_micrographs",
        lambda c: c.get_foilhole_micrographs(HOLES[0].uuid),
        _list_of(MicrographResponse),
    ),
    (
        "create_foilhole_micrograph",
        lambda c: c.create_foilhole_micrograph(SHOTS[0]),
        _model(MicrographResponse),
    ),
    (
        "acknowledge_instruction",
        lambda c: c.acknowledge_instruction(AGENT, AGENT_SESSION, INSTRUCTION, ACK),
        _model(AgentInstructionAcknowledgementResponse),
    ),
    # Extras.
    ("get_acquisitions", lambda c: c.get_acquisitions(), _list_of(AcquisitionResponse)),
    (
        "get_acquisition",
        lambda c: c.get_acquisition(SESSION.uuid),
        _model(AcquisitionResponse),
    ),
    (
        "update_acquisition",
        lambda c: c.update_acquisition(SESSION),
        _model(AcquisitionResponse),
    ),
    ("delete_acquisition", lambda c: c.delete_acquisition(SESSION.uuid), _nothing),
    ("get_grids", lambda c: c.get_grids(), _list_of(GridResponse)),
    ("get_grid", lambda c: c.get_grid(GRID.uuid), _model(GridResponse)),
    ("update_grid", lambda c: c.update_grid(GRID), _model(GridResponse)),
    ("delete_grid", lambda c: c.delete_grid(GRID.uuid), _nothing),
    ("grid_registered", lambda c: c.grid_registered(GRID.uuid), _boolean),
    ("create_grid_atlas", lambda c: c.create_grid_atlas(ATLAS), _model(AtlasResponse)),
    ("get_atlas", lambda c: c.get_atlas(ATLAS.uuid), _model(AtlasResponse)),
    ("get_grid_atlas", lambda c: c.get_grid_atlas(GRID.uuid), _model(AtlasResponse)),
    ("update_atlas", lambda c: c.update_atlas(ATLAS), _model(AtlasResponse)),
    ("delete_atlas", lambda c: c.delete_atlas(ATLAS.uuid), _nothing),
    ("get_atlas_tile", lambda c: c.get_atlas_tile(TILE.uuid), _model(AtlasTileResponse)),
    ("update_atlas_tile", lambda c: c.update_atlas_tile(TILE), _model(AtlasTileResponse)),
    ("delete_atlas_tile", lambda c: c.delete_atlas_tile(TILE.uuid), _nothing),
    (
        "get_gridsquare",
        lambda c: c.get_gridsquare(SQUARES[0].uuid),
        _model(GridSquareResponse),
    ),
    ("delete_gridsquare", lambda c: c.delete_gridsquare(SQUARES[0].uuid), _nothing),
    (
        "gridsquare_registered",
        lambda c: c.gridsquare_registered(SQUARES[0].uuid, count=4),
        _boolean,
    ),
    ("get_foilhole", lambda c: c.get_foilhole(HOLES[0].uuid), _model(FoilHoleResponse)),
    ("update_foilhole", lambda c: c.update_foilhole(HOLES[0]), _model(FoilHoleResponse)),
    ("delete_foilhole", lambda c: c.delete_foilhole(HOLES[0].uuid), _nothing),
    (
        "create_micrographs",
        lambda c: c.create_micrographs(SHOTS),
        _list_of(MicrographResponse),
    ),
    ("get_micrograph", lambda c: c.get_micrograph(SHOTS[0].uuid), _model(MicrographResponse)),
    (
        "update_micrograph",
        lambda c: c.update_micrograph(SHOTS[0]),
        _model(MicrographResponse),
    ),
    ("delete_micrograph", lambda c: c.delete_micrograph(SHOTS[0].uuid), _nothing),
    ("send_heartbeat", lambda c: c.send_heartbeat(AGENT, AGENT_SESSION), _json),
    (
        "replay",  # a write as the outbox keeps it: operation, parameters, JSON body
        lambda c: c.replay("update_grid", {"grid_uuid": GRID.uuid}, STORED_GRID_UPDATE),
        _model(GridResponse),
    ),
    ("get_health", lambda c: c.get_health(), _json),
    ("get_status", lambda c: c.get_status(), _json),
    (
        "with_options",
        lambda c: c.with_options(timeout=WAIT, headers={"X-Request-ID": "r-1"}).get_status(),
        _json,
    ),
    ("get_atlases", lambda c: c.get_atlases(), _list_of(AtlasResponse)),
    ("get_atlas_tiles", lambda c: c.get_atlas_tiles(), _list_of(AtlasTileResponse)),
    ("get_gridsquares", lambda c: c.get_gridsquares(), _list_of(GridSquareResponse)),
    ("get_foilholes", lambda c: c.get_foilholes(), _list_of(FoilHoleResponse)),
    ("get_micrographs", lambda c: c.get_micrographs(), _list_of(MicrographResponse)),
    ("send_logs", lambda c: c.send_logs(AGENT, AGENT_SESSION, LOGS), _count),
    (
        "get_quality_prediction_models",
        lambda c: c.get_quality_prediction_models(),
        _list_of(QualityPredictionModelResponse),
    ),
    (
        "get_quality_prediction_model",
        lambda c: c.get_quality_prediction_model("unet"),
        _model(QualityPredictionModelResponse),
    ),
    (
        "get_grid_quality_predictions",
        lambda c: c.get_grid_quality_predictions("unet", GRID.uuid),
        _list_of(QualityPredictionResponse),
    ),
    (
        "get_grid_current_quality_predictions",
        lambda c: c.get_grid_current_quality_predictions("unet", GRID.uuid),
        _list_of(CurrentQualityPredictionResponse),
    ),
    ("get_active_connections", lambda c: c.get_active_connections(), _json),
    ("get_session_instructions", lambda c: c.get_session_instructions(AGENT_SESSION), _json),
    (
        "list_foilhole_micrographs",
        lambda c: c.list_foilhole_micrographs(HOLES[0].uuid),
        _list_of(MicrographResponse),
    ),
    (
        "create_debug_session",
        lambda c: c.create_debug_session(SESSION.uuid, "contract", "a test session"),
        _json,
    ),
    (
        "create_debug_instruction",
        lambda c: c.create_debug_instruction(AGENT_SESSION, "pause", {"reason": "test"}),
        _json,
    ),
]

# Bulk creates whose answers must list what was sent: (method, call, requests it sends).
CHECKED_AGAINST_THE_REQUEST: list[tuple[str, Invoke, int]] = [
    ("link_atlas_tile_and_gridsquares", lambda c: c.link_atlas_tile_and_gridsquares(POSITIONS), 2),
    (
        "create_gridsquare_foilholes",
        lambda c: c.create_gridsquare_foilholes(SQUARES[0].uuid, HOLES),
        1,
    ),
    (
        "create_foilholes",
        lambda c: c.create_foilholes({SQUARES[0].uuid: HOLES, SQUARES[1].uuid: OTHER_HOLES}),
        2,
    ),
    ("create_grid_gridsquares", lambda c: c.create_grid_gridsquares(GRID.uuid, SQUARES), 1),
]


def _params(cases: list[tuple[str, Invoke, Any]]) -> list[Any]:
    return [pytest.param(*case, id=case[0]) for case in cases]


def test_every_public_method_is_called_here() -> None:
    public = {name for name in dir(SmartEMAPIClient) if not name.startswith("_")} - {"close"}
    called = [name for name, _, _ in ANSWERING] + [
        name for name, _, _ in CHECKED_AGAINST_THE_REQUEST
    ]
    assert sorted(called) == sorted(public)


@pytest.mark.parametrize(("name", "invoke", "check"), _params(ANSWERING))
def test_request_satisfies_the_spec_and_the_answer_is_the_declared_model(
    api: SmartEMAPIClient,
    answered: Answered,
    name: str,
    invoke: Invoke,
    check: Callable[[Any], bool],
) -> None:
    answer = invoke(api)

    assert check(answer), f"{name} answered {answer!r}"
    assert answered.seen, "no request reached Prism"
    assert all(200 <= status < 300 for _, _, status in answered.seen), answered.seen


@pytest.mark.parametrize(("name", "invoke", "requests"), _params(CHECKED_AGAINST_THE_REQUEST))
def test_bulk_request_is_accepted_but_static_answers_are_invalid_responses(
    api: SmartEMAPIClient, answered: Answered, name: str, invoke: Invoke, requests: int
) -> None:
    with pytest.raises(PartialFailure) as raised:
        invoke(api)

    failure = raised.value
    assert failure.operation == name
    assert failure.landed == []
    assert len(failure.errors) == requests
    for error in failure.errors:
        assert isinstance(error, InvalidResponse)
        assert error.status_code in {200, 201}
    # A create call of several requests reads its first chunk's parent first (a re-run,
    # perhaps); links have no read.
    reads_ahead = requests > 1 and not name.startswith("link_")
    read_first = [("GET", 200)] if reads_ahead else []
    # A 2xx answer that breaks the contract may hide a create that landed: each create's
    # chunk is read back (Prism's static listing does not hold it); links cannot be read.
    read_back = [] if name.startswith("link_") else [("GET", 200)]
    creates = [("POST", 201), *read_back] * requests
    assert [(method, status) for method, _, status in answered.seen] == read_first + creates
    assert len(api.id_cache) == 0  # nothing unconfirmed is recorded
