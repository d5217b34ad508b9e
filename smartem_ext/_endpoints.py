"""The generated endpoint modules that the clients call, gathered in one namespace."""

from smartem_api.api.acquisitions import (
    create_acquisition,
    create_acquisition_grid,
    delete_acquisition,
    get_acquisition,
    list_acquisition_grids,
    list_acquisitions,
    update_acquisition,
)
from smartem_api.api.agent import acknowledge_instruction, send_agent_heartbeat
from smartem_api.api.atlas_tiles import (
    delete_atlas_tile,
    get_atlas_tile,
    link_atlas_tile_to_gridsquare,
    link_atlas_tile_to_gridsquares,
    update_atlas_tile,
)
from smartem_api.api.atlases import (
    create_atlas_tile,
    delete_atlas,
    get_atlas,
    list_atlas_tiles_by_atlas,
    update_atlas,
)
from smartem_api.api.debug import create_debug_instruction, create_debug_session
from smartem_api.api.foilholes import (
    create_foilhole_micrograph,
    delete_foilhole,
    get_foilhole,
    list_foilhole_micrographs,
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
    mark_gridsquare_registered,
    update_gridsquare,
)
from smartem_api.api.micrographs import (
    delete_micrograph,
    get_micrograph,
    update_micrograph,
)
from smartem_api.api.service import get_health, get_status

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
    "get_gridsquare",
    "get_health",
    "get_micrograph",
    "get_status",
    "link_atlas_tile_to_gridsquare",
    "link_atlas_tile_to_gridsquares",
    "list_acquisition_grids",
    "list_acquisitions",
    "list_atlas_tiles_by_atlas",
    "list_foilhole_micrographs",
    "list_grid_gridsquares",
    "list_grids",
    "list_gridsquare_foilholes",
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
