"""The outbox's write methods (:class:`Writes`) and the rows they journal, checked first.

A write becomes one :class:`NewRow` per entity, link, change or log record; rows of one
group are sent in one list request.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Concatenate, Final, ParamSpec

import attrs

from smartem_api.models import AgentInstructionAcknowledgement, AgentLogEntry
from smartem_ext import _calls, epu
from smartem_ext._stored import stored
from smartem_ext.converter import EntityConverter, foilhole_body, misplaced

FOILHOLES: Final = "create_gridsquare_foilholes"
GRIDSQUARES: Final = "create_grid_gridsquares_batch"
LINKS: Final = "link_atlas_tile_to_gridsquares"
LOGS: Final = "ingest_agent_logs"
BATCHED_OPS: Final = frozenset({FOILHOLES, GRIDSQUARES, LINKS, LOGS})
"""Operations whose rows of one group are sent together, as the items of one list body."""
LIST_LIMITS: Final[Mapping[str, int]] = {LOGS: 500}
"""Most items the backend takes in one request (it drops log records past the 500th)."""

P = ParamSpec("P")

CHANGES: Final = frozenset({"update", "registered", "delete", "ack", "logs"})
"""Kinds of rows that create nothing (the rest create the entity named by their uuid)."""


@attrs.frozen
class NewRow:
    """A row to journal; deps: ``kind:uuid`` of the entities it needs on the backend first."""

    op: str
    kind: str
    group: str
    uuid: str
    deps: tuple[str, ...]
    params: Mapping[str, Any]
    body: Any


def _create(call: _calls.Call[Any], kind: str) -> NewRow:
    """The create of one entity, sent after the parents its parameters name."""
    request = stored(call)
    deps = tuple(f"{key.removesuffix('_uuid')}:{uuid}" for key, uuid in request.params.items())
    return NewRow(request.op, kind, "", request.body["uuid"], deps, request.params, request.body)


def foilholes(
    holes_by_gridsquare: Mapping[str, Sequence[epu.FoilHoleData]], allow_on_grid_bar: bool = False
) -> list[NewRow]:
    rows = []
    for square, holes in holes_by_gridsquare.items():
        params, deps = {"gridsquare_uuid": square}, (f"gridsquare:{square}",)
        for hole in holes:
            body = foilhole_body(hole)  # checks it as the request does
            if body["gridsquare_uuid"] != square:
                where = ("FoilHoleData", "gridsquare_uuid", "foil hole", hole.id, "grid square")
                raise misplaced(*where, body["gridsquare_uuid"], square)
            if hole.is_near_grid_bar and not allow_on_grid_bar:
                continue  # the client drops these too, unless allowed
            rows.append(NewRow(FOILHOLES, "foilhole", square, body["uuid"], deps, params, body))
    return rows


def _journaled(
    kind: str, plan: Callable[P, _calls.Call[Any]], name: str | None = None
) -> Callable[Concatenate[Writes, P], None]:
    """The write method journaling ``plan``'s request as one ``kind`` row, with its signature.

    A change (a kind in CHANGES) is sent after every earlier write of the entity it changes.
    """
    signature = inspect.signature(plan)
    name = name or plan.__name__.removeprefix("mark_")
    entity = name.removesuffix("_registered") if kind == "registered" else name.split("_", 1)[1]

    def method(self: Writes, /, *args: P.args, **kwargs: P.kwargs) -> None:
        call = plan(*args, **kwargs)
        if kind not in CHANGES:
            self._put([_create(call, kind)])
            return
        first = signature.bind(*args, **kwargs).args[0]
        uuid = first if isinstance(first, str) else first.uuid
        request, deps = stored(call), (f"{entity}:{uuid}",)
        self._put([NewRow(request.op, kind, "", uuid, deps, request.params, request.body)])

    self_ = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    parameters = [self_, *signature.parameters.values()]
    replaced = signature.replace(parameters=parameters, return_annotation="None")
    method.__signature__ = replaced  # type: ignore[attr-defined]
    method.__annotations__ = {}  # the signature's, not the generic function's
    method.__name__ = method.__qualname__ = name
    method.__doc__ = plan.__doc__
    return method


class Writes:
    """The outbox's write methods: the client's names and arguments; each returns None."""

    def _put(self, rows: Sequence[NewRow]) -> None:
        raise NotImplementedError

    create_acquisition = _journaled("acquisition", _calls.create_acquisition)
    create_acquisition_grid = _journaled("grid", _calls.create_acquisition_grid)
    create_grid_atlas = _journaled("atlas", _calls.create_grid_atlas)
    create_atlas_tile_for_atlas = _journaled(
        "atlas_tile", _calls.create_atlas_tile, "create_atlas_tile_for_atlas"
    )

    def create_grid_gridsquare(self, gridsquare: epu.GridSquareData, lowmag: bool = False) -> None:
        self.create_grid_gridsquares(gridsquare.grid_uuid or "", [gridsquare], lowmag)

    def create_grid_gridsquares(
        self, grid_uuid: str, gridsquares: Sequence[epu.GridSquareData], lowmag: bool = False
    ) -> None:
        rows = []
        params, deps = {"grid_uuid": grid_uuid}, (f"grid:{grid_uuid}",)
        for square in gridsquares:
            body = EntityConverter.gridsquare_to_request(square, lowmag=lowmag)
            if body.grid_uuid != grid_uuid:
                where = ("GridSquareData", "grid_uuid", "grid square", square.gridsquare_id, "grid")
                raise misplaced(*where, body.grid_uuid, grid_uuid)
            uuid, item = body.uuid, body.to_dict()
            rows.append(NewRow(GRIDSQUARES, "gridsquare", grid_uuid, uuid, deps, params, item))
        self._put(rows)

    def create_gridsquare_foilholes(
        self,
        gridsquare_uuid: str,
        foilholes: Sequence[epu.FoilHoleData],
        allow_on_grid_bar: bool = False,
    ) -> None:
        self.create_foilholes({gridsquare_uuid: foilholes}, allow_on_grid_bar)

    def create_foilholes(
        self,
        foilholes_by_gridsquare: Mapping[str, Sequence[epu.FoilHoleData]],
        allow_on_grid_bar: bool = False,
    ) -> None:
        self._put(foilholes(foilholes_by_gridsquare, allow_on_grid_bar))

    def create_foilhole_micrograph(self, micrograph: epu.MicrographData) -> None:
        self.create_micrographs([micrograph])

    def create_micrographs(self, micrographs: Sequence[epu.MicrographData]) -> None:
        plans = [_calls.create_foilhole_micrograph(micrograph) for micrograph in micrographs]
        self._put([_create(call, "micrograph") for call in plans])

    def link_atlas_tile_and_gridsquare(
        self, gridsquare_position: epu.AtlasTileGridSquarePositionData
    ) -> None:
        self.link_atlas_tile_and_gridsquares([gridsquare_position])

    def link_atlas_tile_and_gridsquares(
        self, gridsquare_positions: Sequence[epu.AtlasTileGridSquarePositionData]
    ) -> None:
        rows = []
        for position in gridsquare_positions:
            body = EntityConverter.gridsquare_position_to_request(position).to_dict()
            tile, square = str(position.tile_uuid), body["gridsquare_uuid"]  # both checked
            deps = (f"atlas_tile:{tile}", f"gridsquare:{square}")
            uuid, params = f"{tile}/{square}", {"tile_uuid": tile}
            rows.append(NewRow(LINKS, "tile_link", tile, uuid, deps, params, body))
        self._put(rows)

    update_acquisition = _journaled("update", _calls.update_acquisition)
    update_grid = _journaled("update", _calls.update_grid)
    update_atlas = _journaled("update", _calls.update_atlas)
    update_atlas_tile = _journaled("update", _calls.update_atlas_tile)
    update_gridsquare = _journaled("update", _calls.update_gridsquare)
    update_foilhole = _journaled("update", _calls.update_foilhole)
    update_micrograph = _journaled("update", _calls.update_micrograph)
    grid_registered = _journaled("registered", _calls.mark_grid_registered)
    gridsquare_registered = _journaled("registered", _calls.mark_gridsquare_registered)
    delete_acquisition = _journaled("delete", _calls.delete_acquisition)
    delete_grid = _journaled("delete", _calls.delete_grid)
    delete_atlas = _journaled("delete", _calls.delete_atlas)
    delete_atlas_tile = _journaled("delete", _calls.delete_atlas_tile)
    delete_gridsquare = _journaled("delete", _calls.delete_gridsquare)
    delete_foilhole = _journaled("delete", _calls.delete_foilhole)
    delete_micrograph = _journaled("delete", _calls.delete_micrograph)

    def acknowledge_instruction(
        self,
        agent_id: str,
        session_id: str,
        instruction_id: str,
        acknowledgement: AgentInstructionAcknowledgement,
    ) -> None:
        """Acknowledge an instruction received over the instruction stream."""
        if not isinstance(acknowledgement, AgentInstructionAcknowledgement):
            raise TypeError(
                "acknowledgement must be an AgentInstructionAcknowledgement, "
                f"not {type(acknowledgement).__name__}"
            )
        call = _calls.acknowledge_instruction(agent_id, session_id, instruction_id, acknowledgement)
        request = stored(call)
        self._put([NewRow(request.op, "ack", "", instruction_id, (), request.params, request.body)])

    def send_logs(self, agent_id: str, session_id: str, logs: Sequence[AgentLogEntry]) -> None:
        """Ship log records; a session's records travel together. Never raises OutboxFull:
        at the journal's limit log records are dropped (``stats().dropped_logs``)."""
        request = stored(_calls.ingest_agent_logs(agent_id, session_id, logs))
        group = f"{agent_id} {session_id}"
        items = request.body["logs"]
        self._put([NewRow(LOGS, "logs", group, "", (), request.params, item) for item in items])
