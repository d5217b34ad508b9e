"""The EPU entity endpoints: acquisitions down to micrographs, and tile links."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from ._entities import KINDS
from ._operation import Call, Handler, Operation, flag
from ._responses import HTTPError, json_response
from ._state import BackendState


def _answer(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    body = KINDS[kind].response(row)
    if kind == "atlas":
        body["tiles"] = []  # the backend never fills it: its table calls them `atlastiles`
    return body


class EntityAPI:
    """Create, read, update, delete and list-per-parent for every entity kind."""

    def __init__(self, state: BackendState) -> None:
        self.state = state
        self.store = state.store

    def operations(self) -> list[Operation]:
        crud = [
            ("acquisition", "/acquisitions", "acquisition_uuid"),
            ("grid", "/grids", "grid_uuid"),
            ("atlas", "/atlases", "atlas_uuid"),
            ("atlas_tile", "/atlas-tiles", "tile_uuid"),
            ("gridsquare", "/gridsquares", "gridsquare_uuid"),
            ("foilhole", "/foilholes", "foilhole_uuid"),
            ("micrograph", "/micrographs", "micrograph_uuid"),
        ]
        operations: list[Operation] = []
        for kind, collection, parameter in crud:
            item = f"{collection}/{{{parameter}}}"
            operations += [
                Operation("GET", collection, self._lister(kind)),
                Operation("GET", item, self._getter(kind, parameter)),
                Operation("PUT", item, self._updater(kind, parameter)),
                Operation("DELETE", item, self._deleter(kind, parameter)),
            ]
        operations += [
            Operation("POST", "/acquisitions", self.create_acquisition),
            Operation("GET", "/acquisitions/grid-counts", self.grid_counts),
            Operation(
                "GET",
                "/acquisitions/{acquisition_uuid}/grids",
                self._children("grid", "acquisition", "acquisition_uuid"),
            ),
            Operation("POST", "/acquisitions/{acquisition_uuid}/grids", self.create_grid),
            Operation("POST", "/grids/{grid_uuid}/registered", self.grid_registered),
            Operation("GET", "/grids/{grid_uuid}/atlas", self.grid_atlas),
            Operation("POST", "/grids/{grid_uuid}/atlas", self.create_atlas),
            Operation(
                "GET",
                "/grids/{grid_uuid}/gridsquares",
                self._children("gridsquare", "grid", "grid_uuid"),
            ),
            Operation("POST", "/grids/{grid_uuid}/gridsquares", self.create_gridsquare),
            Operation("POST", "/grids/{grid_uuid}/gridsquares/batch", self.create_gridsquares),
            Operation(
                "GET",
                "/atlases/{atlas_uuid}/tiles",
                self._children("atlas_tile", "atlas", "atlas_uuid"),
            ),
            Operation("POST", "/atlases/{atlas_uuid}/tiles", self.create_atlas_tile),
            Operation("POST", "/atlas-tiles/{tile_uuid}/gridsquares", self.link_gridsquares),
            Operation(
                "POST",
                "/atlas-tiles/{tile_uuid}/gridsquares/{gridsquare_uuid}",
                self.link_gridsquare,
            ),
            Operation("GET", "/gridsquares/{gridsquare_uuid}/foilholes", self.gridsquare_foilholes),
            Operation("POST", "/gridsquares/{gridsquare_uuid}/foilholes", self.create_foilholes),
            Operation(
                "POST", "/gridsquares/{gridsquare_uuid}/registered", self.gridsquare_registered
            ),
            Operation(
                "GET",
                "/foilholes/{foilhole_uuid}/micrographs",
                self._children("micrograph", "foilhole", "foilhole_uuid"),
            ),
            Operation("POST", "/foilholes/{foilhole_uuid}/micrographs", self.create_micrograph),
        ]
        return operations

    # ---- generic ----------------------------------------------------------------------------

    def _lister(self, kind: str) -> Handler:
        def handle(call: Call) -> Response:
            return json_response([_answer(kind, row) for row in self.store.all(kind)])

        return handle

    def _getter(self, kind: str, parameter: str) -> Handler:
        def handle(call: Call) -> Response:
            return json_response(_answer(kind, self.store.get(kind, call.path[parameter])))

        return handle

    def _updater(self, kind: str, parameter: str) -> Handler:
        def handle(call: Call) -> Response:
            changes = call.object_body()
            if kind == "gridsquare" and changes.get("status") in (None, "none"):
                changes.pop("status", None)  # the backend keeps the square's status then
            row = self.store.update(kind, call.path[parameter], changes)
            if kind == "foilhole" and row.get("status") is None:
                row["status"] = "none"
            return json_response(_answer(kind, row))

        return handle

    def _deleter(self, kind: str, parameter: str) -> Handler:
        def handle(call: Call) -> Response:
            self.store.delete(kind, call.path[parameter])
            return Response(status_code=204)

        return handle

    def _children(self, kind: str, parent_kind: str, parameter: str) -> Handler:
        column = KINDS[kind].parent_field or parameter

        def handle(call: Call) -> Response:
            parent = call.path[parameter]
            self.state.require_parent(parent_kind, parent)
            rows = self.store.children(kind, column, parent)
            return json_response([_answer(kind, row) for row in rows])

        return handle

    def _create(self, kind: str, record: dict[str, Any]) -> Response:
        (row,) = self.store.insert(kind, [record])
        return json_response(_answer(kind, row), 201)

    # ---- acquisitions and grids -------------------------------------------------------------

    def create_acquisition(self, call: Call) -> Response:
        return self._create("acquisition", {**call.object_body(), "status": "started"})

    def grid_counts(self, call: Call) -> Response:
        counts = []
        for acquisition in self.store.all("acquisition"):
            total = len(self.store.children("grid", "acquisition_uuid", acquisition["uuid"]))
            counts.append(
                {
                    "acquisition_uuid": acquisition["uuid"],
                    "grids_total": total,
                    "grids_completed": total // 2,
                }
            )
        return json_response(counts)

    def create_grid(self, call: Call) -> Response:
        parent = call.path["acquisition_uuid"]
        self.state.require_parent("acquisition", parent)
        record = {**call.object_body(), "acquisition_uuid": parent, "status": "none"}
        return self._create("grid", record)

    def grid_registered(self, call: Call) -> Response:
        return json_response(True)

    # ---- atlases and tiles ------------------------------------------------------------------

    def grid_atlas(self, call: Call) -> Response:
        atlases = self.store.children("atlas", "grid_uuid", call.path["grid_uuid"])
        if not atlases:
            raise HTTPError(404, "Atlas not found for this grid")
        return json_response(_answer("atlas", atlases[0]))

    def create_atlas(self, call: Call) -> Response:
        grid = call.path["grid_uuid"]
        self.state.require_parent("grid", grid)
        body = call.object_body()
        tiles = body.pop("tiles", None) or []
        (atlas,) = self.store.insert("atlas", [{**body, "grid_uuid": grid}])
        # Like the backend: the atlas is committed first, then each tile on its own.
        for tile in tiles:
            if isinstance(tile, dict):
                self.store.insert("atlas_tile", [{**tile, "atlas_uuid": atlas["uuid"]}])
        return json_response(_answer("atlas", atlas), 201)

    def create_atlas_tile(self, call: Call) -> Response:
        atlas = call.path["atlas_uuid"]
        self.state.require_parent("atlas", atlas)
        return self._create("atlas_tile", {**call.object_body(), "atlas_uuid": atlas})

    def link_gridsquare(self, call: Call) -> Response:
        tile, square = call.path["tile_uuid"], call.path["gridsquare_uuid"]
        self.state.require_parent("atlas_tile", tile)
        self.state.require_parent("gridsquare", square)
        record = {**call.object_body(), "atlastile_uuid": tile, "gridsquare_uuid": square}
        return self._create("tile_link", record)

    def link_gridsquares(self, call: Call) -> Response:
        tile = call.path["tile_uuid"]
        self.state.require_parent("atlas_tile", tile)
        records = []
        for item in call.list_body():
            position = dict(item) if isinstance(item, dict) else {}
            square = position.get("gridsquare_uuid")
            if isinstance(square, str):
                self.state.require_parent("gridsquare", square)
            records.append({**position, "atlastile_uuid": tile})
        rows = self.store.insert("tile_link", records)
        return json_response([_answer("tile_link", row) for row in rows], 201)

    # ---- grid squares -----------------------------------------------------------------------

    def create_gridsquare(self, call: Call) -> Response:
        grid = call.path["grid_uuid"]
        self.state.require_parent("grid", grid)
        record = {**call.object_body(), "grid_uuid": grid, "status": "none"}
        return self._create("gridsquare", record)

    def create_gridsquares(self, call: Call) -> Response:
        grid = call.path["grid_uuid"]
        items = call.object_body().get("gridsquares") or []
        limit = self.state.settings.gridsquare_batch_max
        if not items:
            raise HTTPError(422, "gridsquares must not be empty")
        if len(items) > limit:
            raise HTTPError(422, f"batch size {len(items)} exceeds limit of {limit}")
        uuids = [item.get("uuid") for item in items if isinstance(item, dict)]
        if len(set(uuids)) != len(uuids):
            raise HTTPError(422, "duplicate uuid in batch")
        self.store.get("grid", grid)
        # The item's own grid_uuid and status win over the path here, as in the backend.
        records = [{"grid_uuid": grid, "status": "none", **item} for item in items]
        conflict = HTTPError(409, "gridsquare batch conflicts with existing data")
        rows = self.store.insert("gridsquare", records, conflict=conflict)
        return json_response({"gridsquares": [_answer("gridsquare", row) for row in rows]}, 201)

    def gridsquare_foilholes(self, call: Call) -> Response:
        square = call.path["gridsquare_uuid"]
        self.state.require_parent("gridsquare", square)
        rows = self.store.children("foilhole", "gridsquare_uuid", square)
        if flag(call.query.get("on_square_only", False)):
            rows = [row for row in rows if not row.get("is_near_grid_bar")]
        return json_response([_answer("foilhole", row) for row in rows])

    def create_foilholes(self, call: Call) -> Response:
        square = call.path["gridsquare_uuid"]
        self.state.require_parent("gridsquare", square)
        # The body's gridsquare_uuid wins over the path's, as in the backend.
        records = [
            {"gridsquare_uuid": square, "status": "none", **item}
            for item in call.list_body()
            if isinstance(item, dict)
        ]
        rows = self.store.insert("foilhole", records)
        return json_response([_answer("foilhole", row) for row in rows], 201)

    def gridsquare_registered(self, call: Call) -> Response:
        square = call.path["gridsquare_uuid"]
        self.store.update("gridsquare", square, {"status": "all foil holes registered"})
        return json_response(True)

    # ---- micrographs ------------------------------------------------------------------------

    def create_micrograph(self, call: Call) -> Response:
        hole = call.path["foilhole_uuid"]
        self.state.require_parent("foilhole", hole)
        record = {**call.object_body(), "foilhole_uuid": hole, "status": "none"}
        return self._create("micrograph", record)
