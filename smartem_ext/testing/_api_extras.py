"""Endpoints agents do not drive: predictions, quality, processing feedback, images, frontend.

They answer what the backend answers for an empty prediction database: the right 404s and
minimal valid bodies. Prediction models and quality predictions are remembered.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime
from typing import Any

from starlette.responses import Response

from ._operation import Call, Operation
from ._responses import HTTPError, IntegrityFailure, json_response
from ._sse import FrontendStream
from ._state import BackendState

_PREDICTION_FIELDS = (
    "id",
    "prediction_model_name",
    "value",
    "timestamp",
    "gridsquare_uuid",
    "foilhole_uuid",
)


class ExtrasAPI:
    def __init__(self, state: BackendState) -> None:
        self.state = state
        self.store = state.store
        self._models: dict[str, dict[str, Any]] = {}
        self._predictions: list[dict[str, Any]] = []
        self._ids = itertools.count(1)

    def operations(self) -> list[Operation]:
        empty_list = _constant([])
        empty_map = _constant({})
        model_grid = "/prediction_model/{prediction_model_name}/grid/{grid_uuid}"
        model_square = "/prediction_model/{prediction_model_name}/gridsquare/{gridsquare_uuid}"
        latent = "prediction_model/{prediction_model_name}/latent_rep/{latent_rep_model_name}"
        feedback = "/micrographs/{micrograph_uuid}"
        return [
            Operation("GET", "/prediction_models", self.list_models),
            Operation("POST", "/prediction_models", self.create_model),
            Operation("GET", "/prediction_models/{name}", self.get_model),
            Operation("PUT", "/prediction_models/{name}", self.update_model),
            Operation("DELETE", "/prediction_models/{name}", self.delete_model),
            Operation("POST", "/quality_predictions", self.create_prediction),
            Operation("GET", "/quality_metrics", self.quality_metrics),
            Operation(
                "GET", "/gridsquares/{gridsquare_uuid}/quality_predictions", self.square_series
            ),
            Operation(
                "GET",
                "/gridsquares/{gridsquare_uuid}/foilhole_quality_predictions",
                self.hole_series,
            ),
            Operation(
                "GET",
                "/quality_metric/{metric_name}/gridsquares/{gridsquare_uuid}"
                "/foilhole_quality_predictions",
                empty_map,
            ),
            Operation("GET", f"{model_grid}/prediction", self.grid_predictions),
            Operation("GET", f"{model_grid}/current_prediction", empty_list),
            Operation("GET", f"{model_grid}/latent_representation", empty_list),
            Operation("GET", f"{model_square}/prediction", self.square_predictions),
            Operation("GET", f"{model_square}/latent_representation", empty_list),
            Operation("GET", "/gridsquare/{gridsquare_uuid}/overall_prediction", empty_list),
            Operation("GET", "/grid/{grid_uuid}/model_weights", empty_map),
            Operation("GET", f"/grid/{{grid_uuid}}/{latent}/suggested_squares", empty_list),
            Operation(
                "GET", f"/gridsquares/{{gridsquare_uuid}}/{latent}/suggested_holes", self.holes
            ),
            Operation("POST", f"{feedback}/motion_correction/completed", self.feedback),
            Operation("POST", f"{feedback}/motion_correction/registered", self.feedback),
            Operation("POST", f"{feedback}/ctf_estimation/completed", self.feedback),
            Operation("POST", f"{feedback}/ctf_estimation/registered", self.feedback),
            Operation("GET", "/grids/{grid_uuid}/atlas_image", self.atlas_image),
            Operation(
                "GET", "/gridsquares/{gridsquare_uuid}/gridsquare_image", self.gridsquare_image
            ),
            Operation("GET", f"{feedback}/micrograph_image", self.micrograph_image),
            Operation("GET", "/frontend/events/stream", self.frontend_stream),
        ]

    # ---- prediction models ------------------------------------------------------------------

    def list_models(self, call: Call) -> Response:
        with self.state.lock:
            return json_response([dict(m) for m in self._models.values()])

    def create_model(self, call: Call) -> Response:
        body = call.object_body()
        name = str(body.get("name"))
        with self.state.lock:
            if name in self._models:
                raise HTTPError(409, f"Prediction model {name} already exists")
            model = {
                "name": name,
                "description": body.get("description", ""),
                "level": "gridsquare",
                "can_train": body.get("can_train", False),
                "can_infer": body.get("can_infer", True),
                "can_update": body.get("can_update", False),
            }
            self._models[name] = model
            return json_response(dict(model), 201)

    def get_model(self, call: Call) -> Response:
        with self.state.lock:
            return json_response(dict(self._model(call.path["name"])))

    def update_model(self, call: Call) -> Response:
        with self.state.lock:
            model = self._model(call.path["name"])
            for key in ("description", "can_train", "can_infer", "can_update"):
                if key in call.object_body():
                    model[key] = call.object_body()[key]
            return json_response(dict(model))

    def delete_model(self, call: Call) -> Response:
        with self.state.lock:
            self._model(call.path["name"])
            del self._models[call.path["name"]]
        return Response(status_code=204)

    def _model(self, name: str) -> dict[str, Any]:
        model = self._models.get(name)
        if model is None:
            raise HTTPError(404, f"Prediction model {name} not found")
        return model

    # ---- quality predictions ----------------------------------------------------------------

    def create_prediction(self, call: Call) -> Response:
        body = call.object_body()
        hole, square = body.get("foilhole_uuid"), body.get("gridsquare_uuid")
        with self.state.lock:
            if hole and not self.store.exists("foilhole", str(hole)):
                raise HTTPError(404, f"FoilHole {hole} not found")
            if square and not self.store.exists("gridsquare", str(square)):
                raise HTTPError(404, f"GridSquare {square} not found")
            self._model(str(body.get("prediction_model_name")))
            prediction = {
                "id": next(self._ids),
                "timestamp": datetime.now().isoformat(),
                "value": body.get("value"),
                "prediction_model_name": body.get("prediction_model_name"),
                "metric_name": None,
                "foilhole_uuid": hole,
                "gridsquare_uuid": square,
            }
            self._predictions.append(prediction)
            return json_response({k: prediction[k] for k in _PREDICTION_FIELDS}, 201)

    def quality_metrics(self, call: Call) -> Response:
        with self.state.lock:
            values = [float(p["value"]) for p in self._predictions]
            return json_response(
                {
                    "total_predictions": len(values),
                    "average_quality": sum(values) / len(values) if values else None,
                    "min_quality": min(values) if values else None,
                    "max_quality": max(values) if values else None,
                    "models_count": len(self._models),
                }
            )

    def square_series(self, call: Call) -> Response:
        square = self._square(call)
        series: dict[str, list[dict[str, Any]]] = {}
        with self.state.lock:
            for p in self._predictions:
                if p["gridsquare_uuid"] == square:
                    series.setdefault(str(p["prediction_model_name"]), []).append(dict(p))
        return json_response(series)

    def hole_series(self, call: Call) -> Response:
        square = self._square(call)
        holes = {
            row["uuid"]: row["foilhole_id"]
            for row in self.store.children("foilhole", "gridsquare_uuid", square)
        }
        series: dict[str, dict[str, list[dict[str, Any]]]] = {}
        with self.state.lock:
            for p in self._predictions:
                if p["foilhole_uuid"] in holes and p["metric_name"] is None:
                    by_hole = series.setdefault(str(p["prediction_model_name"]), {})
                    by_hole.setdefault(str(holes[p["foilhole_uuid"]]), []).append(dict(p))
        return json_response(series)

    def grid_predictions(self, call: Call) -> Response:
        model, grid = call.path["prediction_model_name"], call.path["grid_uuid"]
        squares = self.store.children("gridsquare", "grid_uuid", grid)
        found = [self._latest(model, "gridsquare_uuid", s["uuid"]) for s in squares]
        answer = [p for p in found if p is not None]
        if not answer:
            for square in squares:
                for hole in self.store.children("foilhole", "gridsquare_uuid", square["uuid"]):
                    latest = self._latest(model, "foilhole_uuid", hole["uuid"])
                    if latest is not None:
                        answer.append({**latest, "gridsquare_uuid": square["uuid"]})
        return json_response(answer)

    def square_predictions(self, call: Call) -> Response:
        model, square = call.path["prediction_model_name"], call.path["gridsquare_uuid"]
        holes = self.store.children("foilhole", "gridsquare_uuid", square)
        found = [self._latest(model, "foilhole_uuid", h["uuid"]) for h in holes]
        return json_response([p for p in found if p is not None])

    def _latest(self, model: str, column: str, key: str) -> dict[str, Any] | None:
        with self.state.lock:
            matching = [
                p
                for p in self._predictions
                if p[column] == key and p["prediction_model_name"] == model
            ]
        if not matching:
            return None
        return {k: matching[-1][k] for k in _PREDICTION_FIELDS}

    def _square(self, call: Call) -> str:
        square = call.path["gridsquare_uuid"]
        if not self.store.exists("gridsquare", square):
            raise HTTPError(404, f"GridSquare {square} not found")
        return square

    def holes(self, call: Call) -> Response:
        if not self.store.exists("gridsquare", call.path["gridsquare_uuid"]):
            raise IntegrityFailure("no such grid square")  # the backend's scalar_one() fails
        return json_response([])

    # ---- processing feedback, images, frontend ----------------------------------------------

    def feedback(self, call: Call) -> Response:
        self.store.get("micrograph", call.path["micrograph_uuid"])
        return json_response({"published": True}, 202)

    def atlas_image(self, call: Call) -> Response:
        self.store.get("grid", call.path["grid_uuid"])
        raise HTTPError(404, "Atlas image unavailable")

    def gridsquare_image(self, call: Call) -> Response:
        square = self.store.find("gridsquare", call.path["gridsquare_uuid"])
        if square is None:
            raise HTTPError(404, "Grid square not found")
        if not square.get("image_path"):
            raise HTTPError(404, "Grid square image unknown")
        raise HTTPError(404, "Grid square image unavailable")

    def micrograph_image(self, call: Call) -> Response:
        self.store.get("micrograph", call.path["micrograph_uuid"])
        raise HTTPError(404, "Micrograph image unavailable")

    def frontend_stream(self, call: Call) -> Response:
        return FrontendStream(self.state.streams)


def _constant(value: Any) -> Callable[[Call], Response]:
    def handle(call: Call) -> Response:
        return json_response(value)

    return handle
