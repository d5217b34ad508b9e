"""A request kept as data: the contract's operation, its parameters and its JSON body.

The outbox journals each write this way (see ``_outbox_writes``), so what it keeps does
not depend on this library's Python classes: any later release can send it. Here are the
two directions: :func:`stored` takes a planned client call apart, and :func:`replay`
makes the call back, with the same answer reading and, for creates, the same recovery
read that recognises an entity which landed although its answer was lost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import attrs

from smartem_api import api as ep
from smartem_api import models
from smartem_ext import _calls, batch
from smartem_ext._calls import Call, one
from smartem_ext.batch import Bulk
from smartem_ext.errors import ConversionError

__all__ = ["DELETE_PLANS", "UPDATES", "Stored", "replay", "stored"]


@attrs.frozen
class Stored:
    """A request as data: ``op`` is the generated endpoint's name (the operation id)."""

    op: str
    params: Mapping[str, Any]
    body: Any


def stored(call: Call[Any]) -> Stored:
    """The request a planned call sends, as data."""
    params = {name: value for name, value in call.kwargs.items() if name != "body"}
    if call.json is not None:
        body: Any = call.json
    elif "body" in call.kwargs:
        body = call.kwargs["body"].to_dict()
    else:
        body = None
    return Stored(call.endpoint.__name__.rpartition(".")[2], params, body)


UPDATES: Final[Mapping[str, Callable[..., Call[Any]]]] = {
    "update_acquisition": _calls.update_acquisition,
    "update_grid": _calls.update_grid,
    "update_atlas": _calls.update_atlas,
    "update_atlas_tile": _calls.update_atlas_tile,
    "update_gridsquare": _calls.update_gridsquare,
    "update_foilhole": _calls.update_foilhole,
    "update_micrograph": _calls.update_micrograph,
}
"""The client plan of each update, by its method name (which is also its operation id)."""

DELETE_PLANS: Final[Mapping[str, Callable[[str], Call[None]]]] = {
    "delete_acquisition": _calls.delete_acquisition,
    "delete_grid": _calls.delete_grid,
    "delete_atlas": _calls.delete_atlas,
    "delete_atlas_tile": _calls.delete_atlas_tile,
    "delete_gridsquare": _calls.delete_gridsquare,
    "delete_foilhole": _calls.delete_foilhole,
    "delete_micrograph": _calls.delete_micrograph,
}

_UPDATE_MODELS: Final[Mapping[str, tuple[str, str]]] = {
    "update_acquisition": ("AcquisitionUpdateRequest", "AcquisitionResponse"),
    "update_grid": ("GridUpdateRequest", "GridResponse"),
    "update_atlas": ("AtlasUpdateRequest", "AtlasResponse"),
    "update_atlas_tile": ("AtlasTileUpdateRequest", "AtlasTileResponse"),
    "update_gridsquare": ("GridSquareUpdateRequest", "GridSquareResponse"),
    "update_foilhole": ("FoilHoleUpdateRequest", "FoilHoleResponse"),
    "update_micrograph": ("MicrographUpdateRequest", "MicrographResponse"),
}
"""Each update's body and answer models, by name: loaded when one is replayed."""

Plan = Call[Any] | Bulk[Any]
_Replay = Callable[[Mapping[str, Any], Any], Plan]


def _update(op: str) -> _Replay:
    request, response = _UPDATE_MODELS[op]
    return lambda params, body: Call(
        getattr(ep, op),
        {**params, "body": getattr(models, request).from_dict(body)},
        one(getattr(models, response)),
    )


def _delete(plan: Callable[[str], Call[None]]) -> _Replay:
    return lambda params, body: plan(*params.values())  # its one parameter: the uuid


def _links(params: Mapping[str, Any], body: Sequence[Mapping[str, Any]]) -> Plan:
    # The link plan settles a refused list by reading the tile and squares; it takes the
    # EPU shape, which a link's body holds in full.
    from smartem_ext.epu import AtlasTileGridSquarePositionData

    return batch.link_atlas_tile_and_gridsquares(
        [
            AtlasTileGridSquarePositionData(
                tile_uuid=params["tile_uuid"],
                gridsquare_uuid=item["gridsquare_uuid"],
                position=(item["center_x"], item["center_y"]),
                size=(item["size_width"], item["size_height"]),
            )
            for item in body
        ]
    )


_REPLAYS: Final[Mapping[str, _Replay]] = {
    "create_acquisition": lambda p, b: _calls.acquisition_created(
        models.AcquisitionCreateRequest.from_dict(b)
    ),
    "create_acquisition_grid": lambda p, b: _calls.grid_created(
        models.GridCreateRequest.from_dict(b)
    ),
    "create_grid_atlas": lambda p, b: _calls.atlas_created(models.AtlasCreateRequest.from_dict(b)),
    "create_atlas_tile": lambda p, b: _calls.atlas_tile_created(
        models.AtlasTileCreateRequest.from_dict(b)
    ),
    "create_grid_gridsquares_batch": lambda p, b: _calls.create_grid_gridsquares_batch(
        p["grid_uuid"], [models.GridSquareCreateRequest.from_dict(item) for item in b]
    ),
    "create_gridsquare_foilholes": lambda p, b: _calls.create_gridsquare_foilholes(
        p["gridsquare_uuid"], list(b)
    ),
    "create_foilhole_micrograph": lambda p, b: _calls.micrograph_created(
        p["foilhole_uuid"], models.MicrographCreateRequest.from_dict(b)
    ),
    "link_atlas_tile_to_gridsquares": _links,
    **{op: _update(op) for op in _UPDATE_MODELS},
    **{op: _delete(plan) for op, plan in DELETE_PLANS.items()},
    "mark_grid_registered": lambda p, b: _calls.mark_grid_registered(**p),
    "mark_gridsquare_registered": lambda p, b: _calls.mark_gridsquare_registered(**p),
    "acknowledge_instruction": lambda p, b: _calls.acknowledge_instruction(
        **p, acknowledgement=models.AgentInstructionAcknowledgement.from_dict(b)
    ),
    "ingest_agent_logs": lambda p, b: _calls.ingest_agent_logs(
        **p, logs=[models.AgentLogEntry.from_dict(item) for item in b]
    ),
}


def replay(operation: str, parameters: Mapping[str, Any], body: Any) -> Plan:
    """Send a request kept as data (how the outbox journals writes): the operation id, its
    parameters and its JSON body (for list operations, the list of items).

    Creates recognise an entity that landed although its answer was lost, as the create
    methods do. A body the contract does not accept raises ConversionError; nothing is sent.
    """
    try:
        make = _REPLAYS[operation]
    except KeyError:
        raise ConversionError("stored request", "operation", f"unknown: {operation!r}") from None
    try:
        return make(parameters, body)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        if isinstance(error, ConversionError):
            raise
        raise ConversionError(
            "stored request", operation, f"{type(error).__name__}: {error}"
        ) from error
