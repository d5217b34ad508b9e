"""The generated endpoint modules that the clients call, gathered in one namespace.

Each module is imported when it is first used (an operation's first call), so importing
the clients does not import every endpoint and every model it names.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smartem_api.api.acquisitions import (
        create_acquisition,
        create_acquisition_grid,
        delete_acquisition,
        get_acquisition,
        list_acquisition_grids,
        list_acquisitions,
        update_acquisition,
    )
    from smartem_api.api.agent import (
        acknowledge_instruction,
        ingest_agent_logs,
        send_agent_heartbeat,
    )
    from smartem_api.api.atlas_tiles import (
        delete_atlas_tile,
        get_atlas_tile,
        link_atlas_tile_to_gridsquare,
        link_atlas_tile_to_gridsquares,
        list_atlas_tiles,
        update_atlas_tile,
    )
    from smartem_api.api.atlases import (
        create_atlas_tile,
        delete_atlas,
        get_atlas,
        list_atlas_tiles_by_atlas,
        list_atlases,
        update_atlas,
    )
    from smartem_api.api.debug import (
        create_debug_instruction,
        create_debug_session,
        list_agent_connections,
        list_session_instructions,
    )
    from smartem_api.api.foilholes import (
        create_foilhole_micrograph,
        delete_foilhole,
        get_foilhole,
        list_foilhole_micrographs,
        list_foilholes,
        update_foilhole,
    )
    from smartem_api.api.grids import (
        create_grid_atlas,
        create_grid_gridsquare,
        create_grid_gridsquares_batch,
        delete_grid,
        get_grid,
        get_grid_atlas,
        list_grid_gridsquares,
        list_grids,
        mark_grid_registered,
        update_grid,
    )
    from smartem_api.api.gridsquares import (
        create_gridsquare_foilholes,
        delete_gridsquare,
        get_gridsquare,
        list_gridsquare_foilholes,
        list_gridsquares,
        mark_gridsquare_registered,
        update_gridsquare,
    )
    from smartem_api.api.micrographs import (
        delete_micrograph,
        get_micrograph,
        list_micrographs,
        update_micrograph,
    )
    from smartem_api.api.prediction_models import get_prediction_model, list_prediction_models
    from smartem_api.api.predictions import get_grid_current_prediction, get_grid_prediction
    from smartem_api.api.service import get_health, get_status

_PACKAGE_OF = {
    "acknowledge_instruction": "smartem_api.api.agent",
    "create_acquisition": "smartem_api.api.acquisitions",
    "create_acquisition_grid": "smartem_api.api.acquisitions",
    "create_atlas_tile": "smartem_api.api.atlases",
    "create_debug_instruction": "smartem_api.api.debug",
    "create_debug_session": "smartem_api.api.debug",
    "create_foilhole_micrograph": "smartem_api.api.foilholes",
    "create_grid_atlas": "smartem_api.api.grids",
    "create_grid_gridsquare": "smartem_api.api.grids",
    "create_grid_gridsquares_batch": "smartem_api.api.grids",
    "create_gridsquare_foilholes": "smartem_api.api.gridsquares",
    "delete_acquisition": "smartem_api.api.acquisitions",
    "delete_atlas": "smartem_api.api.atlases",
    "delete_atlas_tile": "smartem_api.api.atlas_tiles",
    "delete_foilhole": "smartem_api.api.foilholes",
    "delete_grid": "smartem_api.api.grids",
    "delete_gridsquare": "smartem_api.api.gridsquares",
    "delete_micrograph": "smartem_api.api.micrographs",
    "get_acquisition": "smartem_api.api.acquisitions",
    "get_atlas": "smartem_api.api.atlases",
    "get_atlas_tile": "smartem_api.api.atlas_tiles",
    "get_foilhole": "smartem_api.api.foilholes",
    "get_grid": "smartem_api.api.grids",
    "get_grid_atlas": "smartem_api.api.grids",
    "get_grid_current_prediction": "smartem_api.api.predictions",
    "get_grid_prediction": "smartem_api.api.predictions",
    "get_gridsquare": "smartem_api.api.gridsquares",
    "get_health": "smartem_api.api.service",
    "get_micrograph": "smartem_api.api.micrographs",
    "get_prediction_model": "smartem_api.api.prediction_models",
    "get_status": "smartem_api.api.service",
    "ingest_agent_logs": "smartem_api.api.agent",
    "link_atlas_tile_to_gridsquare": "smartem_api.api.atlas_tiles",
    "link_atlas_tile_to_gridsquares": "smartem_api.api.atlas_tiles",
    "list_acquisition_grids": "smartem_api.api.acquisitions",
    "list_acquisitions": "smartem_api.api.acquisitions",
    "list_agent_connections": "smartem_api.api.debug",
    "list_atlas_tiles": "smartem_api.api.atlas_tiles",
    "list_atlas_tiles_by_atlas": "smartem_api.api.atlases",
    "list_atlases": "smartem_api.api.atlases",
    "list_foilhole_micrographs": "smartem_api.api.foilholes",
    "list_foilholes": "smartem_api.api.foilholes",
    "list_grid_gridsquares": "smartem_api.api.grids",
    "list_grids": "smartem_api.api.grids",
    "list_gridsquare_foilholes": "smartem_api.api.gridsquares",
    "list_gridsquares": "smartem_api.api.gridsquares",
    "list_micrographs": "smartem_api.api.micrographs",
    "list_prediction_models": "smartem_api.api.prediction_models",
    "list_session_instructions": "smartem_api.api.debug",
    "mark_grid_registered": "smartem_api.api.grids",
    "mark_gridsquare_registered": "smartem_api.api.gridsquares",
    "send_agent_heartbeat": "smartem_api.api.agent",
    "update_acquisition": "smartem_api.api.acquisitions",
    "update_atlas": "smartem_api.api.atlases",
    "update_atlas_tile": "smartem_api.api.atlas_tiles",
    "update_foilhole": "smartem_api.api.foilholes",
    "update_grid": "smartem_api.api.grids",
    "update_gridsquare": "smartem_api.api.gridsquares",
    "update_micrograph": "smartem_api.api.micrographs",
}

__all__ = [
    "acknowledge_instruction",
    "create_acquisition",
    "create_acquisition_grid",
    "create_atlas_tile",
    "create_debug_instruction",
    "create_debug_session",
    "create_foilhole_micrograph",
    "create_grid_atlas",
    "create_grid_gridsquare",
    "create_grid_gridsquares_batch",
    "create_gridsquare_foilholes",
    "delete_acquisition",
    "delete_atlas",
    "delete_atlas_tile",
    "delete_foilhole",
    "delete_grid",
    "delete_gridsquare",
    "delete_micrograph",
    "get_acquisition",
    "get_atlas",
    "get_atlas_tile",
    "get_foilhole",
    "get_grid",
    "get_grid_atlas",
    "get_grid_current_prediction",
    "get_grid_prediction",
    "get_gridsquare",
    "get_health",
    "get_micrograph",
    "get_prediction_model",
    "get_status",
    "ingest_agent_logs",
    "link_atlas_tile_to_gridsquare",
    "link_atlas_tile_to_gridsquares",
    "list_acquisition_grids",
    "list_acquisitions",
    "list_agent_connections",
    "list_atlas_tiles",
    "list_atlas_tiles_by_atlas",
    "list_atlases",
    "list_foilhole_micrographs",
    "list_foilholes",
    "list_grid_gridsquares",
    "list_grids",
    "list_gridsquare_foilholes",
    "list_gridsquares",
    "list_micrographs",
    "list_prediction_models",
    "list_session_instructions",
    "mark_grid_registered",
    "mark_gridsquare_registered",
    "send_agent_heartbeat",
    "update_acquisition",
    "update_atlas",
    "update_atlas_tile",
    "update_foilhole",
    "update_grid",
    "update_gridsquare",
    "update_micrograph",
]


def __getattr__(name: str) -> ModuleType:
    try:
        package = _PACKAGE_OF[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    module = globals()[name] = import_module(f"{package}.{name}")
    return module
