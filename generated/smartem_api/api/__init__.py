"""Contains methods for accessing the API: each endpoint module by its operation's name.

A module is imported when it is first used, so importing the package does not import every
endpoint and every model it names.
"""

from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .acquisitions import create_acquisition as create_acquisition
    from .acquisitions import create_acquisition_grid as create_acquisition_grid
    from .acquisitions import delete_acquisition as delete_acquisition
    from .acquisitions import get_acquisition as get_acquisition
    from .acquisitions import list_acquisition_grid_counts as list_acquisition_grid_counts
    from .acquisitions import list_acquisition_grids as list_acquisition_grids
    from .acquisitions import list_acquisitions as list_acquisitions
    from .acquisitions import update_acquisition as update_acquisition
    from .agent import acknowledge_instruction as acknowledge_instruction
    from .agent import ingest_agent_logs as ingest_agent_logs
    from .agent import send_agent_heartbeat as send_agent_heartbeat
    from .agent import stream_instructions as stream_instructions
    from .atlas_tiles import delete_atlas_tile as delete_atlas_tile
    from .atlas_tiles import get_atlas_tile as get_atlas_tile
    from .atlas_tiles import link_atlas_tile_to_gridsquare as link_atlas_tile_to_gridsquare
    from .atlas_tiles import link_atlas_tile_to_gridsquares as link_atlas_tile_to_gridsquares
    from .atlas_tiles import list_atlas_tiles as list_atlas_tiles
    from .atlas_tiles import update_atlas_tile as update_atlas_tile
    from .atlases import create_atlas_tile as create_atlas_tile
    from .atlases import delete_atlas as delete_atlas
    from .atlases import get_atlas as get_atlas
    from .atlases import list_atlas_tiles_by_atlas as list_atlas_tiles_by_atlas
    from .atlases import list_atlases as list_atlases
    from .atlases import update_atlas as update_atlas
    from .debug import close_managed_session as close_managed_session
    from .debug import create_debug_instruction as create_debug_instruction
    from .debug import create_debug_session as create_debug_session
    from .debug import create_managed_session as create_managed_session
    from .debug import get_connection_stats as get_connection_stats
    from .debug import list_active_sessions as list_active_sessions
    from .debug import list_agent_connections as list_agent_connections
    from .debug import list_session_instructions as list_session_instructions
    from .foilholes import create_foilhole_micrograph as create_foilhole_micrograph
    from .foilholes import delete_foilhole as delete_foilhole
    from .foilholes import get_foilhole as get_foilhole
    from .foilholes import list_foilhole_micrographs as list_foilhole_micrographs
    from .foilholes import list_foilholes as list_foilholes
    from .foilholes import update_foilhole as update_foilhole
    from .frontend import stream_frontend_events as stream_frontend_events
    from .grids import create_grid_atlas as create_grid_atlas
    from .grids import create_grid_gridsquare as create_grid_gridsquare
    from .grids import create_grid_gridsquares_batch as create_grid_gridsquares_batch
    from .grids import delete_grid as delete_grid
    from .grids import get_grid as get_grid
    from .grids import get_grid_atlas as get_grid_atlas
    from .grids import get_grid_atlas_image as get_grid_atlas_image
    from .grids import list_grid_gridsquares as list_grid_gridsquares
    from .grids import list_grids as list_grids
    from .grids import mark_grid_registered as mark_grid_registered
    from .grids import update_grid as update_grid
    from .gridsquares import create_gridsquare_foilholes as create_gridsquare_foilholes
    from .gridsquares import delete_gridsquare as delete_gridsquare
    from .gridsquares import get_gridsquare as get_gridsquare
    from .gridsquares import get_gridsquare_image as get_gridsquare_image
    from .gridsquares import list_gridsquare_foilholes as list_gridsquare_foilholes
    from .gridsquares import list_gridsquares as list_gridsquares
    from .gridsquares import mark_gridsquare_registered as mark_gridsquare_registered
    from .gridsquares import update_gridsquare as update_gridsquare
    from .micrographs import delete_micrograph as delete_micrograph
    from .micrographs import get_micrograph as get_micrograph
    from .micrographs import get_micrograph_image as get_micrograph_image
    from .micrographs import list_micrographs as list_micrographs
    from .micrographs import update_micrograph as update_micrograph
    from .prediction_models import create_prediction_model as create_prediction_model
    from .prediction_models import delete_prediction_model as delete_prediction_model
    from .prediction_models import get_prediction_model as get_prediction_model
    from .prediction_models import list_prediction_models as list_prediction_models
    from .prediction_models import update_prediction_model as update_prediction_model
    from .predictions import get_foilhole_quality_predictions as get_foilhole_quality_predictions
    from .predictions import get_grid_current_prediction as get_grid_current_prediction
    from .predictions import get_grid_latent_representation as get_grid_latent_representation
    from .predictions import get_grid_model_weights as get_grid_model_weights
    from .predictions import get_grid_prediction as get_grid_prediction
    from .predictions import (
        get_gridsquare_latent_representation as get_gridsquare_latent_representation,
    )
    from .predictions import get_gridsquare_overall_prediction as get_gridsquare_overall_prediction
    from .predictions import get_gridsquare_prediction as get_gridsquare_prediction
    from .predictions import (
        get_gridsquare_quality_predictions as get_gridsquare_quality_predictions,
    )
    from .predictions import list_suggested_holes as list_suggested_holes
    from .predictions import list_suggested_squares as list_suggested_squares
    from .processing import publish_ctf_estimation_completed as publish_ctf_estimation_completed
    from .processing import publish_ctf_estimation_registered as publish_ctf_estimation_registered
    from .processing import (
        publish_motion_correction_completed as publish_motion_correction_completed,
    )
    from .processing import (
        publish_motion_correction_registered as publish_motion_correction_registered,
    )
    from .quality import create_quality_prediction as create_quality_prediction
    from .quality import (
        get_metric_foilhole_quality_predictions as get_metric_foilhole_quality_predictions,
    )
    from .quality import list_quality_metrics as list_quality_metrics
    from .service import get_health as get_health
    from .service import get_status as get_status
    from .service import get_version as get_version

_PACKAGE_OF = {
    "acknowledge_instruction": "agent",
    "close_managed_session": "debug",
    "create_acquisition": "acquisitions",
    "create_acquisition_grid": "acquisitions",
    "create_atlas_tile": "atlases",
    "create_debug_instruction": "debug",
    "create_debug_session": "debug",
    "create_foilhole_micrograph": "foilholes",
    "create_grid_atlas": "grids",
    "create_grid_gridsquare": "grids",
    "create_grid_gridsquares_batch": "grids",
    "create_gridsquare_foilholes": "gridsquares",
    "create_managed_session": "debug",
    "create_prediction_model": "prediction_models",
    "create_quality_prediction": "quality",
    "delete_acquisition": "acquisitions",
    "delete_atlas": "atlases",
    "delete_atlas_tile": "atlas_tiles",
    "delete_foilhole": "foilholes",
    "delete_grid": "grids",
    "delete_gridsquare": "gridsquares",
    "delete_micrograph": "micrographs",
    "delete_prediction_model": "prediction_models",
    "get_acquisition": "acquisitions",
    "get_atlas": "atlases",
    "get_atlas_tile": "atlas_tiles",
    "get_connection_stats": "debug",
    "get_foilhole": "foilholes",
    "get_foilhole_quality_predictions": "predictions",
    "get_grid": "grids",
    "get_grid_atlas": "grids",
    "get_grid_atlas_image": "grids",
    "get_grid_current_prediction": "predictions",
    "get_grid_latent_representation": "predictions",
    "get_grid_model_weights": "predictions",
    "get_grid_prediction": "predictions",
    "get_gridsquare": "gridsquares",
    "get_gridsquare_image": "gridsquares",
    "get_gridsquare_latent_representation": "predictions",
    "get_gridsquare_overall_prediction": "predictions",
    "get_gridsquare_prediction": "predictions",
    "get_gridsquare_quality_predictions": "predictions",
    "get_health": "service",
    "get_metric_foilhole_quality_predictions": "quality",
    "get_micrograph": "micrographs",
    "get_micrograph_image": "micrographs",
    "get_prediction_model": "prediction_models",
    "get_status": "service",
    "get_version": "service",
    "ingest_agent_logs": "agent",
    "link_atlas_tile_to_gridsquare": "atlas_tiles",
    "link_atlas_tile_to_gridsquares": "atlas_tiles",
    "list_acquisition_grid_counts": "acquisitions",
    "list_acquisition_grids": "acquisitions",
    "list_acquisitions": "acquisitions",
    "list_active_sessions": "debug",
    "list_agent_connections": "debug",
    "list_atlas_tiles": "atlas_tiles",
    "list_atlas_tiles_by_atlas": "atlases",
    "list_atlases": "atlases",
    "list_foilhole_micrographs": "foilholes",
    "list_foilholes": "foilholes",
    "list_grid_gridsquares": "grids",
    "list_grids": "grids",
    "list_gridsquare_foilholes": "gridsquares",
    "list_gridsquares": "gridsquares",
    "list_micrographs": "micrographs",
    "list_prediction_models": "prediction_models",
    "list_quality_metrics": "quality",
    "list_session_instructions": "debug",
    "list_suggested_holes": "predictions",
    "list_suggested_squares": "predictions",
    "mark_grid_registered": "grids",
    "mark_gridsquare_registered": "gridsquares",
    "publish_ctf_estimation_completed": "processing",
    "publish_ctf_estimation_registered": "processing",
    "publish_motion_correction_completed": "processing",
    "publish_motion_correction_registered": "processing",
    "send_agent_heartbeat": "agent",
    "stream_frontend_events": "frontend",
    "stream_instructions": "agent",
    "update_acquisition": "acquisitions",
    "update_atlas": "atlases",
    "update_atlas_tile": "atlas_tiles",
    "update_foilhole": "foilholes",
    "update_grid": "grids",
    "update_gridsquare": "gridsquares",
    "update_micrograph": "micrographs",
    "update_prediction_model": "prediction_models",
}

__all__ = [
    "acknowledge_instruction",
    "close_managed_session",
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
    "create_managed_session",
    "create_prediction_model",
    "create_quality_prediction",
    "delete_acquisition",
    "delete_atlas",
    "delete_atlas_tile",
    "delete_foilhole",
    "delete_grid",
    "delete_gridsquare",
    "delete_micrograph",
    "delete_prediction_model",
    "get_acquisition",
    "get_atlas",
    "get_atlas_tile",
    "get_connection_stats",
    "get_foilhole",
    "get_foilhole_quality_predictions",
    "get_grid",
    "get_grid_atlas",
    "get_grid_atlas_image",
    "get_grid_current_prediction",
    "get_grid_latent_representation",
    "get_grid_model_weights",
    "get_grid_prediction",
    "get_gridsquare",
    "get_gridsquare_image",
    "get_gridsquare_latent_representation",
    "get_gridsquare_overall_prediction",
    "get_gridsquare_prediction",
    "get_gridsquare_quality_predictions",
    "get_health",
    "get_metric_foilhole_quality_predictions",
    "get_micrograph",
    "get_micrograph_image",
    "get_prediction_model",
    "get_status",
    "get_version",
    "ingest_agent_logs",
    "link_atlas_tile_to_gridsquare",
    "link_atlas_tile_to_gridsquares",
    "list_acquisition_grid_counts",
    "list_acquisition_grids",
    "list_acquisitions",
    "list_active_sessions",
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
    "list_quality_metrics",
    "list_session_instructions",
    "list_suggested_holes",
    "list_suggested_squares",
    "mark_grid_registered",
    "mark_gridsquare_registered",
    "publish_ctf_estimation_completed",
    "publish_ctf_estimation_registered",
    "publish_motion_correction_completed",
    "publish_motion_correction_registered",
    "send_agent_heartbeat",
    "stream_frontend_events",
    "stream_instructions",
    "update_acquisition",
    "update_atlas",
    "update_atlas_tile",
    "update_foilhole",
    "update_grid",
    "update_gridsquare",
    "update_micrograph",
    "update_prediction_model",
]


def __getattr__(name: str) -> ModuleType:
    try:
        tag = _PACKAGE_OF[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    module = globals()[name] = import_module(f"{__name__}.{tag}.{name}")
    return module
