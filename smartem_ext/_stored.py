"""A request kept as data (operation id, parameters, JSON body), as the outbox journals it.

:func:`stored` takes a planned client call apart; :func:`replay` makes it again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import attrs

from smartem_api import api as ep
from smartem_api import models
from smartem_ext import _calls, batch
from smartem_ext._calls import ENTITIES, Call, one
from smartem_ext.batch import Bulk
from smartem_ext.errors import ConversionError

__all__ = ["ENTITIES", "Stored", "replay", "stored"]


@attrs.frozen
class Stored:
    """A request as data: ``op`` is the generated endpoint's name (the operation id)."""

    op: str
    params: Mapping[str, Any]
    body: Any


def stored(call: Call[Any]) -> Stored:
    """The request a planned call sends, as data."""
    params = {name: value for name, value in call.kwargs.items() if name != "body"}
    body: Any = None if call.content is None else json.loads(call.content)
    if body is None and "body" in call.kwargs:
        body = call.kwargs["body"].to_dict()
    return Stored(call.endpoint.__name__.rpartition(".")[2], params, body)


Plan = Call[Any] | Bulk[Any]
_Replay = Callable[[Mapping[str, Any], Any], Plan]


def _update(kind: str) -> _Replay:
    op, name = f"update_{kind}", ENTITIES[kind]
    return lambda params, body: Call(
        getattr(ep, op),
        {**params, "body": getattr(models, f"{name}UpdateRequest").from_dict(body)},
        one(getattr(models, f"{name}Response")),
    )


def _created(kind: str, *keys: str) -> _Replay:
    """The recovering create of ``kind``, given the parameters ``keys`` before its body."""
    make, request = getattr(_calls, f"{kind}_created"), f"{ENTITIES[kind]}CreateRequest"
    return lambda p, b: make(*(p[key] for key in keys), getattr(models, request).from_dict(b))


def _delete(kind: str) -> _Replay:
    plan = getattr(_calls, f"delete_{kind}")
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
    "create_acquisition": _created("acquisition"),
    "create_acquisition_grid": _created("grid"),
    "create_grid_atlas": _created("atlas"),
    "create_atlas_tile": _created("atlas_tile"),
    "create_foilhole_micrograph": _created("micrograph", "foilhole_uuid"),
    "create_grid_gridsquares_batch": lambda p, b: _calls.create_grid_gridsquares_batch(
        p["grid_uuid"], [models.GridSquareCreateRequest.from_dict(item) for item in b]
    ),
    "create_gridsquare_foilholes": lambda p, b: _calls.create_gridsquare_foilholes(
        p["gridsquare_uuid"], list(b)
    ),
    "link_atlas_tile_to_gridsquares": _links,
    **{f"update_{kind}": _update(kind) for kind in ENTITIES},
    **{f"delete_{kind}": _delete(kind) for kind in ENTITIES},
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
    """Send a request kept as data: operation id, parameters, JSON body (a list's items).

    Creates recognise an entity that landed although its answer was lost. A body the
    contract does not accept raises ConversionError; nothing is sent.
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
