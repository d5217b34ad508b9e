"""FakeSmartEMBackend over real HTTP: entities, validation, agent stream, auth and fault hooks."""

from __future__ import annotations

import functools
import json
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from smartem_ext.testing import FakeSmartEMBackend, SpecError, default_spec_path
from smartem_ext.testing._spec import load_spec

SPEC_PATH: Path = default_spec_path()
AGENT = "test-agent"
WAIT = 10.0  # upper bound for anything that should happen "soon"


# ---- fixtures and helpers ---------------------------------------------------------------------


def new_id() -> str:
    return str(uuid.uuid4())


def wait_until(condition: Any, timeout: float = WAIT) -> None:
    """Poll `condition` until it holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def fake(**options: Any) -> FakeSmartEMBackend:
    options.setdefault("spec_path", SPEC_PATH)
    options.setdefault("ping_interval", None)
    return FakeSmartEMBackend(**options)


@pytest.fixture
def backend() -> Iterator[FakeSmartEMBackend]:
    with fake() as started:
        yield started


@pytest.fixture
def client(backend: FakeSmartEMBackend) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=backend.url, timeout=WAIT) as http:
        yield http


def created(response: httpx.Response) -> Any:
    assert response.status_code == 201, response.text
    return response.json()


def make_acquisition(client: httpx.Client, **fields: Any) -> str:
    key = new_id()
    created(client.post("/acquisitions", json={"uuid": key, "name": "session", **fields}))
    return key


def make_grid(client: httpx.Client, acquisition: str) -> str:
    key = new_id()
    body = {"uuid": key, "name": "Grid1", "acquisition_uuid": acquisition, "data_dir": "/d"}
    created(client.post(f"/acquisitions/{acquisition}/grids", json=body))
    return key


def square_body(grid: str, number: int = 1, **fields: Any) -> dict[str, Any]:
    return {"uuid": new_id(), "gridsquare_id": str(number), "grid_uuid": grid, **fields}


def make_square(client: httpx.Client, grid: str) -> str:
    return str(created(client.post(f"/grids/{grid}/gridsquares", json=square_body(grid)))["uuid"])


def hole_body(square: str, number: int = 1, **fields: Any) -> dict[str, Any]:
    return {
        "uuid": new_id(),
        "foilhole_id": str(number),
        "gridsquare_id": "1",
        "gridsquare_uuid": square,
        "center_x": 1.5,
        "diameter": 12,
        **fields,
    }


def make_hole(client: httpx.Client, square: str) -> str:
    body = [hole_body(square)]
    return str(created(client.post(f"/gridsquares/{square}/foilholes", json=body))[0]["uuid"])


def micrograph_body(hole: str) -> dict[str, Any]:
    return {"uuid": new_id(), "foilhole_id": "1", "foilhole_uuid": hole, "location_id": "L1"}


def make_tree(client: httpx.Client) -> dict[str, str]:
    acquisition = make_acquisition(client)
    grid = make_grid(client, acquisition)
    square = make_square(client, grid)
    hole = make_hole(client, square)
    micrograph = created(client.post(f"/foilholes/{hole}/micrographs", json=micrograph_body(hole)))
    return {
        "acquisition": acquisition,
        "grid": grid,
        "gridsquare": square,
        "foilhole": hole,
        "micrograph": micrograph["uuid"],
    }


def atlas_body(grid: str, tiles: int = 2) -> dict[str, Any]:
    atlas = new_id()
    return {
        "uuid": atlas,
        "atlas_id": "Atlas_1",
        "grid_uuid": grid,
        "name": "Atlas",
        "acquisition_date": "2024-05-01T10:00:00",
        "tiles": [
            {
                "uuid": new_id(),
                "atlas_uuid": atlas,
                "tile_id": str(n),
                "position_x": n,
                "position_y": 0,
                "size_x": 10,
                "size_y": 10,
            }
            for n in range(tiles)
        ],
    }


@functools.cache
def http_validation_error_schema() -> Draft202012Validator:
    text = SPEC_PATH.read_text(encoding="utf-8")
    document = json.loads(text) if SPEC_PATH.suffix == ".json" else yaml.safe_load(text)
    registry: Registry[Any] = Registry().with_resource(
        "urn:spec", Resource.from_contents(document, default_specification=DRAFT202012)
    )
    return Draft202012Validator(
        {"$ref": "urn:spec#/components/schemas/HTTPValidationError"}, registry=registry
    )


class RawStream:
    """An open instruction stream read as raw bytes, split into SSE messages on CRLF CRLF."""

    def __init__(self, client: httpx.Client, path: str, read_timeout: float = WAIT) -> None:
        timeout = httpx.Timeout(WAIT, read=read_timeout)
        self.response = client.send(client.build_request("GET", path, timeout=timeout), stream=True)
        self._chunks = self.response.iter_raw()
        self.raw = b""
        self._consumed = 0

    def read_until(self, marker: bytes) -> bytes:
        """Read until `marker` has arrived; return everything read so far."""
        while marker not in self.raw[self._consumed :]:
            self.raw += next(self._chunks)
        self._consumed = self.raw.index(marker, self._consumed) + len(marker)
        return self.raw

    def messages(self, count: int) -> list[tuple[str, dict[str, Any]]]:
        """The next `count` events as (event name, parsed data); comments are skipped."""
        found: list[tuple[str, dict[str, Any]]] = []
        while len(found) < count:
            start = self._consumed
            block = self.read_until(b"\r\n\r\n")[start : self._consumed - 4].decode()
            lines = [line for line in block.split("\r\n") if not line.startswith(":")]
            if not lines:
                continue
            fields = dict(line.split(": ", 1) for line in lines)
            found.append((fields["event"], json.loads(fields["data"])))
        return found

    def read_rest(self) -> bytes:
        """Everything until the server ends the stream."""
        for chunk in self._chunks:
            self.raw += chunk
        return self.raw

    def close(self) -> None:
        self.response.close()


@pytest.fixture
def open_stream(client: httpx.Client) -> Iterator[Any]:
    streams: list[RawStream] = []

    def opener(session_id: str, agent_id: str = AGENT, read_timeout: float = WAIT) -> RawStream:
        path = f"/agent/{agent_id}/session/{session_id}/instructions/stream"
        stream = RawStream(client, path, read_timeout)
        streams.append(stream)
        return stream

    yield opener
    for stream in streams:
        stream.close()


def stream_path(session_id: str, agent_id: str = AGENT) -> str:
    return f"/agent/{agent_id}/session/{session_id}/instructions/stream"


def ack_path(session_id: str, instruction_id: str, agent_id: str = AGENT) -> str:
    return f"/agent/{agent_id}/session/{session_id}/instructions/{instruction_id}/ack"


# ---- service endpoints and spec ---------------------------------------------------------------


def test_service_endpoints_answer(client: httpx.Client) -> None:
    assert client.get("/health").json()["status"] == "ok"
    assert client.get("/status").json()["status"] == "ok"
    assert client.get("/version").json()["service"] == "smartem-decisions"


def test_default_spec_is_the_repository_document() -> None:
    assert default_spec_path() == Path(__file__).resolve().parents[2] / "openapi" / (
        "smartem-backend.yaml"
    )


def test_missing_spec_is_reported(tmp_path: Path) -> None:
    with pytest.raises(SpecError):
        FakeSmartEMBackend(spec_path=tmp_path / "nope.yaml")


def test_unknown_path_and_wrong_method_answer_like_fastapi(client: httpx.Client) -> None:
    assert client.get("/no/such/thing").json() == {"detail": "Not Found"}
    wrong = client.delete("/health")
    assert wrong.status_code == 405
    assert wrong.json() == {"detail": "Method Not Allowed"}


# ---- entities -----------------------------------------------------------------------------------


def test_acquisition_crud(client: httpx.Client, backend: FakeSmartEMBackend) -> None:
    key = new_id()
    body = {"uuid": key, "name": "Session 1", "status": "planned", "start_time": "2024-05-01T10:00"}
    answer = created(client.post("/acquisitions", json=body))
    assert answer["status"] == "started"  # the backend always starts an acquisition
    assert answer["start_time"] == "2024-05-01T10:00:00"
    assert client.get(f"/acquisitions/{key}").json() == answer
    assert [a["uuid"] for a in client.get("/acquisitions").json()] == [key]

    updated = client.put(f"/acquisitions/{key}", json={"name": "Renamed", "status": "paused"})
    assert updated.status_code == 200
    assert updated.json()["name"] == "Renamed"
    assert updated.json()["status"] == "paused"
    assert backend.entities("acquisition")[0]["name"] == "Renamed"

    assert client.delete(f"/acquisitions/{key}").status_code == 204
    gone = client.get(f"/acquisitions/{key}")
    assert (gone.status_code, gone.json()) == (404, {"detail": "Acquisition not found"})


def test_grid_crud_and_list_per_acquisition(client: httpx.Client) -> None:
    acquisition = make_acquisition(client)
    other = make_acquisition(client)
    grid = make_grid(client, acquisition)
    make_grid(client, other)

    answer = client.get(f"/grids/{grid}").json()
    assert answer["acquisition_uuid"] == acquisition
    assert answer["status"] == "none"
    listed = client.get(f"/acquisitions/{acquisition}/grids").json()
    assert [g["uuid"] for g in listed] == [grid]
    assert len(client.get("/grids").json()) == 2
    counts = {
        c["acquisition_uuid"]: c["grids_total"]
        for c in client.get("/acquisitions/grid-counts").json()
    }
    assert counts == {acquisition: 1, other: 1}

    assert client.put(f"/grids/{grid}", json={"name": "Renamed"}).json()["name"] == "Renamed"
    assert client.post(f"/grids/{grid}/registered").json() is True
    assert client.delete(f"/grids/{grid}").status_code == 204
    assert client.get(f"/grids/{grid}").status_code == 404


def test_atlas_with_inline_tiles_and_tile_crud(
    client: httpx.Client, backend: FakeSmartEMBackend
) -> None:
    grid = make_grid(client, make_acquisition(client))
    body = atlas_body(grid, tiles=3)
    atlas = created(client.post(f"/grids/{grid}/atlas", json=body))
    assert atlas["grid_uuid"] == grid
    assert atlas["tiles"] == []  # the backend never fills `tiles` in its answers
    assert client.get(f"/grids/{grid}/atlas").json()["uuid"] == body["uuid"]
    tiles = client.get(f"/atlases/{body['uuid']}/tiles").json()
    assert [t["tile_id"] for t in tiles] == ["0", "1", "2"]
    assert len(backend.entities("atlas_tile")) == 3

    extra = {"uuid": new_id(), "atlas_uuid": body["uuid"], "tile_id": "9"}
    tile = created(client.post(f"/atlases/{body['uuid']}/tiles", json=extra))
    assert tile["tile_id"] == "9"
    assert client.put(f"/atlas-tiles/{tile['uuid']}", json={"size_x": 7}).json()["size_x"] == 7
    assert client.delete(f"/atlas-tiles/{tile['uuid']}").status_code == 204
    assert len(client.get("/atlas-tiles").json()) == 3
    assert client.put(f"/atlases/{body['uuid']}", json={"name": "A2"}).json()["name"] == "A2"
    assert client.delete(f"/atlases/{body['uuid']}").status_code == 204
    assert backend.entities("atlas_tile") == []


def test_grid_without_atlas_is_404(client: httpx.Client) -> None:
    grid = make_grid(client, make_acquisition(client))
    missing = client.get(f"/grids/{grid}/atlas")
    assert (missing.status_code, missing.json()) == (
        404,
        {"detail": "Atlas not found for this grid"},
    )


def test_gridsquare_single_batch_update_and_registered(client: httpx.Client) -> None:
    grid = make_grid(client, make_acquisition(client))
    single = created(client.post(f"/grids/{grid}/gridsquares", json=square_body(grid, 1)))
    assert single["status"] == "none"
    batch = [square_body(grid, n, center_x=n) for n in range(2, 6)]
    answer = created(client.post(f"/grids/{grid}/gridsquares/batch", json={"gridsquares": batch}))
    assert [s["gridsquare_id"] for s in answer["gridsquares"]] == ["2", "3", "4", "5"]
    listed = client.get(f"/grids/{grid}/gridsquares").json()
    assert [s["gridsquare_id"] for s in listed] == ["1", "2", "3", "4", "5"]

    square = single["uuid"]
    updated = client.put(f"/gridsquares/{square}", json={"selected": True, "lowmag": True})
    assert updated.json()["selected"] is True
    assert client.post(f"/gridsquares/{square}/registered", params={"count": 3}).json() is True
    assert client.get(f"/gridsquares/{square}").json()["status"] == "all foil holes registered"
    # A status of "none" in an update keeps the registered status, as in the backend.
    kept = client.put(f"/gridsquares/{square}", json={"status": "none", "state": "Defined"})
    assert kept.json()["status"] == "all foil holes registered"
    assert client.delete(f"/gridsquares/{square}").status_code == 204
    assert len(client.get("/gridsquares").json()) == 4


def test_foilholes_list_create_and_on_square_only(
    client: httpx.Client, backend: FakeSmartEMBackend
) -> None:
    square = make_square(client, make_grid(client, make_acquisition(client)))
    holes = [hole_body(square, n, is_near_grid_bar=n % 2 == 0) for n in range(1, 5)]
    answer = created(client.post(f"/gridsquares/{square}/foilholes", json=holes))
    assert [h["foilhole_id"] for h in answer] == ["1", "2", "3", "4"]
    assert answer[0]["status"] == "none"
    assert "gridsquare_uuid" not in answer[0]  # not part of FoilHoleResponse
    assert backend.entities("foilhole")[0]["gridsquare_uuid"] == square

    every = client.get(f"/gridsquares/{square}/foilholes").json()
    on_square = client.get(f"/gridsquares/{square}/foilholes", params={"on_square_only": "true"})
    assert len(every) == 4
    assert [h["foilhole_id"] for h in on_square.json()] == ["1", "3"]

    hole = answer[0]["uuid"]
    assert client.put(f"/foilholes/{hole}", json={"quality": 0.9}).json()["quality"] == 0.9
    assert client.get(f"/foilholes/{hole}").json()["quality"] == 0.9
    assert client.delete(f"/foilholes/{hole}").status_code == 204
    assert len(client.get("/foilholes").json()) == 3


def test_micrograph_crud(client: httpx.Client) -> None:
    tree = make_tree(client)
    hole, micrograph = tree["foilhole"], tree["micrograph"]
    answer = client.get(f"/micrographs/{micrograph}").json()
    assert answer["foilhole_uuid"] == hole
    assert answer["status"] == "none"
    assert [m["uuid"] for m in client.get(f"/foilholes/{hole}/micrographs").json()] == [micrograph]
    changed = client.put(f"/micrographs/{micrograph}", json={"total_motion": 1.25})
    assert changed.json()["total_motion"] == 1.25
    feedback = client.post(
        f"/micrographs/{micrograph}/ctf_estimation/completed", json={"ctf_max_res": 3.2}
    )
    assert (feedback.status_code, feedback.json()) == (202, {"published": True})
    assert client.delete(f"/micrographs/{micrograph}").status_code == 204
    assert client.get("/micrographs").json() == []


def test_tile_links_single_and_list(client: httpx.Client, backend: FakeSmartEMBackend) -> None:
    grid = make_grid(client, make_acquisition(client))
    body = atlas_body(grid, tiles=1)
    created(client.post(f"/grids/{grid}/atlas", json=body))
    tile = body["tiles"][0]["uuid"]
    squares = [make_square(client, grid) for _ in range(3)]
    position = {"center_x": 5, "center_y": 6, "size_width": 7, "size_height": 8}

    one = created(client.post(f"/atlas-tiles/{tile}/gridsquares/{squares[0]}", json=position))
    assert one == {"atlastile_uuid": tile, "gridsquare_uuid": squares[0], **position}
    many = [{**position, "gridsquare_uuid": s} for s in squares[1:]]
    listed = created(client.post(f"/atlas-tiles/{tile}/gridsquares", json=many))
    assert [link["gridsquare_uuid"] for link in listed] == squares[1:]
    assert len(backend.entities("tile_link")) == 3

    again = client.post(f"/atlas-tiles/{tile}/gridsquares/{squares[0]}", json=position)
    assert again.status_code == 500  # the (tile, square) key exists: unhandled IntegrityError


def test_deleting_an_acquisition_deletes_everything_below(
    client: httpx.Client, backend: FakeSmartEMBackend
) -> None:
    tree = make_tree(client)
    created(client.post(f"/grids/{tree['grid']}/atlas", json=atlas_body(tree["grid"])))
    assert client.delete(f"/acquisitions/{tree['acquisition']}").status_code == 204
    for kind in ("grid", "atlas", "atlas_tile", "gridsquare", "foilhole", "micrograph"):
        assert backend.entities(kind) == [], kind


def test_entities_are_copies(client: httpx.Client, backend: FakeSmartEMBackend) -> None:
    key = make_acquisition(client)
    backend.entities("acquisition")[0]["name"] = "tampered"
    assert client.get(f"/acquisitions/{key}").json()["name"] == "session"
    with pytest.raises(ValueError):
        backend.entities("nonsense")


# ---- missing parents and entities, duplicates ---------------------------------------------------


CREATES_UNDER_PARENT = [
    ("/acquisitions/{p}/grids", lambda p: {"uuid": new_id(), "name": "g", "acquisition_uuid": p}),
    ("/grids/{p}/atlas", lambda p: atlas_body(p)),
    ("/atlases/{p}/tiles", lambda p: {"uuid": new_id(), "atlas_uuid": p}),
    ("/grids/{p}/gridsquares", lambda p: square_body(p)),
    ("/gridsquares/{p}/foilholes", lambda p: [hole_body(p)]),
    ("/foilholes/{p}/micrographs", lambda p: micrograph_body(p)),
]


@pytest.mark.parametrize(("template", "body"), CREATES_UNDER_PARENT)
def test_create_under_missing_parent_is_404(
    client: httpx.Client, backend: FakeSmartEMBackend, template: str, body: Any
) -> None:
    parent = new_id()
    answer = client.post(template.format(p=parent), json=body(parent))
    assert answer.status_code == 404
    assert answer.json()["detail"].endswith("not found")
    assert backend.request_log[-1].status == 404


@pytest.mark.parametrize(
    ("template", "detail"),
    [
        ("/acquisitions/{p}/grids", "Acquisition not found"),
        ("/atlases/{p}/tiles", "Atlas not found"),
        ("/grids/{p}/gridsquares", "Grid not found"),
        ("/gridsquares/{p}/foilholes", "Grid Square not found"),
        ("/foilholes/{p}/micrographs", "Foil Hole not found"),
    ],
)
def test_list_under_missing_parent_is_404(client: httpx.Client, template: str, detail: str) -> None:
    answer = client.get(template.format(p=new_id()))
    assert (answer.status_code, answer.json()) == (404, {"detail": detail})


@pytest.mark.parametrize(
    ("collection", "detail"),
    [
        ("/acquisitions", "Acquisition not found"),
        ("/grids", "Grid not found"),
        ("/atlases", "Atlas not found"),
        ("/atlas-tiles", "Atlas tile not found"),
        ("/gridsquares", "Grid Square not found"),
        ("/foilholes", "Foil Hole not found"),
        ("/micrographs", "Micrograph not found"),
    ],
)
def test_missing_entity_is_404_for_get_put_delete(
    client: httpx.Client, collection: str, detail: str
) -> None:
    path = f"{collection}/{new_id()}"
    for answer in (client.get(path), client.put(path, json={}), client.delete(path)):
        assert (answer.status_code, answer.json()) == (404, {"detail": detail})


def test_link_to_missing_tile_or_square_is_404(client: httpx.Client) -> None:
    grid = make_grid(client, make_acquisition(client))
    body = atlas_body(grid, tiles=1)
    created(client.post(f"/grids/{grid}/atlas", json=body))
    position = {"center_x": 1, "center_y": 1, "size_width": 1, "size_height": 1}
    no_tile = client.post(f"/atlas-tiles/{new_id()}/gridsquares/{new_id()}", json=position)
    assert no_tile.json() == {"detail": "Atlas tile not found"}
    tile = body["tiles"][0]["uuid"]
    no_square = client.post(f"/atlas-tiles/{tile}/gridsquares/{new_id()}", json=position)
    assert (no_square.status_code, no_square.json()) == (404, {"detail": "Grid Square not found"})


def test_mimic_defects_reproduces_unchecked_parents() -> None:
    fresh_connections = httpx.Limits(max_keepalive_connections=0)
    backend = fake(mimic_defects=True)
    with backend, httpx.Client(base_url=backend.url, limits=fresh_connections) as client:
        parent = new_id()
        orphan = {"uuid": new_id(), "name": "g", "acquisition_uuid": parent}
        answer = client.post(f"/acquisitions/{parent}/grids", json=orphan)
        assert (answer.status_code, answer.text) == (500, "Internal Server Error")
        assert client.get(f"/acquisitions/{parent}/grids").json() == []
        batch = client.post(
            f"/grids/{new_id()}/gridsquares/batch", json={"gridsquares": [square_body(parent)]}
        )
        assert batch.status_code == 404  # the batch endpoint does check its grid


@pytest.mark.parametrize("kind", ["acquisition", "grid", "gridsquare", "foilhole", "micrograph"])
def test_duplicate_uuid_on_create_is_bare_500(
    client: httpx.Client, backend: FakeSmartEMBackend, kind: str
) -> None:
    tree = make_tree(client)
    existing = backend.entities(kind)[0]
    parent_path = {
        "acquisition": ("/acquisitions", {"uuid": existing["uuid"], "name": "again"}),
        "grid": (
            f"/acquisitions/{tree['acquisition']}/grids",
            {"uuid": existing["uuid"], "name": "again", "acquisition_uuid": tree["acquisition"]},
        ),
        "gridsquare": (
            f"/grids/{tree['grid']}/gridsquares",
            {**square_body(tree["grid"]), "uuid": existing["uuid"]},
        ),
        "foilhole": (
            f"/gridsquares/{tree['gridsquare']}/foilholes",
            [
                hole_body(tree["gridsquare"], 7),
                {**hole_body(tree["gridsquare"]), "uuid": existing["uuid"]},
            ],
        ),
        "micrograph": (
            f"/foilholes/{tree['foilhole']}/micrographs",
            {**micrograph_body(tree["foilhole"]), "uuid": existing["uuid"]},
        ),
    }
    path, body = parent_path[kind]
    answer = client.post(path, json=body)
    assert (answer.status_code, answer.text) == (500, "Internal Server Error")
    assert len(backend.entities(kind)) == 1  # nothing of the failed request was stored


def test_bare_500_closes_the_connection(client: httpx.Client) -> None:
    key = make_acquisition(client)
    failed = client.post("/acquisitions", json={"uuid": key, "name": "again"})
    assert failed.status_code == 500
    assert failed.headers["connection"] == "close"
    assert client.get(f"/acquisitions/{key}").status_code == 200  # on a new connection


def test_mimic_defects_resets_the_request_after_a_bare_500() -> None:
    with fake(mimic_defects=True) as backend, httpx.Client(base_url=backend.url) as client:
        key = make_acquisition(client)
        failed = client.post("/acquisitions", json={"uuid": key, "name": "again"})
        assert failed.status_code == 500
        assert "connection" not in failed.headers
        with pytest.raises(httpx.TransportError):
            client.get(f"/acquisitions/{key}")  # sent on the connection the server drops
        assert client.get(f"/acquisitions/{key}").status_code == 200


def test_gridsquare_batch_conflicts(client: httpx.Client, backend: FakeSmartEMBackend) -> None:
    grid = make_grid(client, make_acquisition(client))
    first = square_body(grid, 1)
    created(client.post(f"/grids/{grid}/gridsquares/batch", json={"gridsquares": [first]}))

    clash = client.post(
        f"/grids/{grid}/gridsquares/batch", json={"gridsquares": [square_body(grid, 2), first]}
    )
    assert (clash.status_code, clash.json()) == (
        409,
        {"detail": "gridsquare batch conflicts with existing data"},
    )
    twice = square_body(grid, 3)
    repeated = client.post(f"/grids/{grid}/gridsquares/batch", json={"gridsquares": [twice, twice]})
    assert (repeated.status_code, repeated.json()) == (422, {"detail": "duplicate uuid in batch"})
    missing = client.post(f"/grids/{new_id()}/gridsquares/batch", json={"gridsquares": [twice]})
    assert (missing.status_code, missing.json()) == (404, {"detail": "Grid not found"})
    assert len(backend.entities("gridsquare")) == 1


def test_gridsquare_batch_limit() -> None:
    with fake(gridsquare_batch_max=3) as backend, httpx.Client(base_url=backend.url) as client:
        grid = make_grid(client, make_acquisition(client))
        path = f"/grids/{grid}/gridsquares/batch"
        at_limit = [square_body(grid, n) for n in range(3)]
        created(client.post(path, json={"gridsquares": at_limit}))
        over = client.post(path, json={"gridsquares": [square_body(grid, n) for n in range(4)]})
        assert (over.status_code, over.json()) == (
            422,
            {"detail": "batch size 4 exceeds limit of 3"},
        )
        empty = client.post(path, json={"gridsquares": []})
        assert (empty.status_code, empty.json()) == (
            422,
            {"detail": "gridsquares must not be empty"},
        )


def test_default_gridsquare_batch_limit_is_1000(client: httpx.Client) -> None:
    grid = make_grid(client, make_acquisition(client))
    path = f"/grids/{grid}/gridsquares/batch"
    over = client.post(path, json={"gridsquares": [square_body(grid, n) for n in range(1001)]})
    assert over.json() == {"detail": "batch size 1001 exceeds limit of 1000"}
    created(client.post(path, json={"gridsquares": [square_body(grid, n) for n in range(1000)]}))


# ---- request validation ---------------------------------------------------------------------


def test_invalid_body_is_422_in_fastapi_shape(client: httpx.Client) -> None:
    answer = client.post("/acquisitions", json={"name": 5})
    assert answer.status_code == 422
    body = answer.json()
    http_validation_error_schema().validate(body)
    problems = [(d["loc"], d["type"]) for d in body["detail"]]
    assert problems == [(["body", "uuid"], "missing"), (["body", "name"], "string_type")]


def test_invalid_list_item_is_located_by_index(client: httpx.Client) -> None:
    square = make_square(client, make_grid(client, make_acquisition(client)))
    holes = [hole_body(square), {**hole_body(square), "diameter": "wide"}]
    answer = client.post(f"/gridsquares/{square}/foilholes", json=holes)
    assert answer.status_code == 422
    assert [d["loc"] for d in answer.json()["detail"]] == [["body", 1, "diameter"]]
    assert client.get(f"/gridsquares/{square}/foilholes").json() == []


@pytest.mark.parametrize(
    ("content", "expected_type"),
    [(b"{not json", "json_invalid"), (b"", "missing"), (b"[1, 2]", "model_attributes_type")],
)
def test_unreadable_bodies_are_422(
    client: httpx.Client, content: bytes, expected_type: str
) -> None:
    answer = client.post(
        "/acquisitions", content=content, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 422
    http_validation_error_schema().validate(answer.json())
    assert answer.json()["detail"][0]["type"] == expected_type


SAMPLE_VALUES: list[Any] = ["text", 7, 2.5, 3.0, True, None, [], {}, "2024-05-01T10:00:00", "x"]


def _samples(schema: Any, depth: int = 0) -> list[Any]:
    """Plausible and implausible instances of `schema`: each property given each sample value."""
    if depth > 3 or not isinstance(schema, dict):
        return list(SAMPLE_VALUES)
    if schema.get("type") == "array" or "items" in schema:
        items = _samples(schema.get("items", {}), depth + 1)
        return [[], *[[item] for item in items[:12]], *SAMPLE_VALUES]
    properties = schema.get("properties", {})
    if not properties:
        return list(SAMPLE_VALUES)
    base = {name: _first_valid(sub) for name, sub in properties.items()}
    found: list[Any] = [base, {}, *SAMPLE_VALUES]
    for name in properties:
        found += [{**base, name: value} for value in SAMPLE_VALUES]
        found.append({k: v for k, v in base.items() if k != name})
    return [*found, {**base, "unexpected": 1}]


def _first_valid(schema: Any) -> Any:
    kind = schema.get("type") if isinstance(schema, dict) else None
    kinds = kind if isinstance(kind, list) else [kind]
    if isinstance(schema, dict) and "enum" in schema:
        return schema["enum"][0]
    for name, value in (("string", "s"), ("integer", 1), ("number", 1.5), ("boolean", False)):
        if name in kinds:
            return value
    return None


def test_fast_body_check_agrees_with_jsonschema() -> None:
    checked = 0
    for operation in load_spec(SPEC_PATH).operations.values():
        full, fast = operation.body_validator, operation.body_check
        if full is None or fast is None:
            continue
        for instance in _samples(full.schema):
            assert fast(instance) == full.is_valid(instance), (operation.path_template, instance)
            checked += 1
    assert checked > 1000


def test_invalid_query_parameter_is_422(client: httpx.Client) -> None:
    square = make_square(client, make_grid(client, make_acquisition(client)))
    answer = client.get(f"/gridsquares/{square}/foilholes", params={"on_square_only": "maybe"})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["query", "on_square_only"]


# ---- agent sessions, instruction stream, acknowledgements ------------------------------------


def test_debug_endpoints_create_sessions_and_instructions(client: httpx.Client) -> None:
    session = client.post("/debug/sessions/create", json={}).json()
    assert session["agent_id"] == "test-agent"
    assert session["status"] == "created"
    other = client.post("/debug/sessions/create", json={"agent_id": "scope-2"}).json()
    assert other["agent_id"] == "scope-2"

    queued = client.post(
        f"/debug/session/{session['session_id']}/create-instruction",
        json={
            "instruction_type": "microscope.pause",
            "payload": {"why": "test"},
            "priority": "high",
        },
    ).json()
    assert queued["status"] == "created"
    listing = client.get(f"/debug/session/{session['session_id']}/instructions").json()
    assert listing["total_instructions"] == 1
    only = listing["instructions"][0]
    assert only["instruction_id"] == queued["instruction_id"]
    assert (only["instruction_type"], only["payload"], only["priority"], only["status"]) == (
        "microscope.pause",
        {"why": "test"},
        "high",
        "pending",
    )
    assert only["acknowledgements_count"] == 0
    assert only["expires_at"] is not None

    default = client.post(f"/debug/session/{session['session_id']}/create-instruction", json={})
    assert default.status_code == 200
    missing = client.post(f"/debug/session/{new_id()}/create-instruction", json={})
    assert (missing.status_code, missing.json()) == (404, {"detail": "Session not found"})
    active = client.get("/debug/sessions").json()
    assert active["total_count"] == 2


def test_stream_wire_format(
    backend: FakeSmartEMBackend, client: httpx.Client, open_stream: Any
) -> None:
    session = backend.create_session()
    stream = open_stream(session)
    assert stream.response.headers["content-type"].startswith("text/event-stream")
    [(event, data)] = stream.messages(1)
    instruction_id = backend.queue_instruction(
        session, "microscope.pause", payload={"grid": 1}, sequence_number=4
    )
    [(second, instruction)] = stream.messages(1)

    assert (event, data["type"], data["status"]) == ("connection", "connection", "connected")
    assert (data["agent_id"], data["session_id"]) == (AGENT, session)
    assert second == instruction["type"] == "instruction"
    assert set(instruction) == {
        "type",
        "instruction_id",
        "agent_id",
        "session_id",
        "instruction_type",
        "payload",
        "sequence_number",
        "priority",
        "created_at",
        "expires_at",
        "metadata",
    }
    assert instruction["instruction_id"] == instruction_id
    assert instruction["payload"] == {"grid": 1}
    assert instruction["priority"] == "normal"
    assert instruction["sequence_number"] == 4
    raw = stream.raw
    assert raw.startswith(b"event: connection\r\ndata: {")
    assert raw.count(b"\n") == raw.count(b"\r\n")  # every line ends with CRLF
    assert b"id:" not in raw
    assert backend.instructions(session)[0]["status"] == "sent"


def test_pending_instructions_drain_by_priority_then_sequence(
    backend: FakeSmartEMBackend, open_stream: Any
) -> None:
    session = backend.create_session()
    queued = [
        ("low-1", "low", 1),
        ("normal-unnumbered", "normal", None),
        ("high-7", "high", 7),
        ("normal-2", "normal", 2),
        ("high-3", "high", 3),
        ("critical-9", "critical", 9),
    ]
    for name, priority, sequence in queued:
        backend.queue_instruction(session, name, priority=priority, sequence_number=sequence)
    stale = backend.queue_instruction(session, "stale", expires_at=timedelta(seconds=-1))
    forever = backend.queue_instruction(session, "forever", expires_at=None)

    events = open_stream(session).messages(1 + len(queued) + 1)
    order = [data["instruction_type"] for event, data in events if event == "instruction"]
    assert order == [
        "critical-9",
        "high-3",
        "high-7",
        "normal-2",
        "normal-unnumbered",
        "forever",
        "low-1",
    ]
    statuses = {i["instruction_id"]: i["status"] for i in backend.instructions(session)}
    assert statuses[stale] == "pending"  # expired instructions are never sent
    assert statuses[forever] == "sent"


def test_mimic_defects_drains_priorities_in_text_order() -> None:
    with fake(mimic_defects=True) as backend, httpx.Client(base_url=backend.url) as client:
        session = backend.create_session()
        for priority in ("critical", "high", "low", "normal"):
            backend.queue_instruction(session, priority, priority=priority)
        stream = RawStream(client, stream_path(session))
        try:
            events = stream.messages(5)
        finally:
            stream.close()
    # The backend sorts the priority column as text, descending.
    assert [d["priority"] for _, d in events[1:]] == ["normal", "low", "high", "critical"]


def test_sent_instructions_are_not_sent_again_on_reconnect(
    backend: FakeSmartEMBackend, open_stream: Any
) -> None:
    session = backend.create_session()
    first = backend.queue_instruction(session, "one")
    stream = open_stream(session)
    assert stream.messages(2)[1][1]["instruction_id"] == first
    stream.close()
    # Queued before the server noticed the disconnect, it would go to the dying stream.
    wait_until(lambda: backend.active_streams(session) == 0)
    second = backend.queue_instruction(session, "two")
    again = open_stream(session).messages(2)
    assert [e for e, _ in again] == ["connection", "instruction"]
    assert again[1][1]["instruction_id"] == second


def test_instruction_created_over_http_reaches_open_stream(
    backend: FakeSmartEMBackend, client: httpx.Client, open_stream: Any
) -> None:
    session = client.post("/debug/sessions/create", json={}).json()["session_id"]
    stream = open_stream(session)
    stream.messages(1)
    client.post(f"/debug/session/{session}/create-instruction", json={"payload": {"n": 1}})
    [(event, data)] = stream.messages(1)
    assert (event, data["payload"], data["instruction_type"]) == (
        "instruction",
        {"n": 1},
        "test.instruction",
    )


def test_heartbeat_after_quiet_interval() -> None:
    with fake(heartbeat_interval=0.2) as backend, httpx.Client(base_url=backend.url) as client:
        session = backend.create_session()
        stream = RawStream(client, stream_path(session))
        try:
            (_, connected), (event, beat) = stream.messages(2)
        finally:
            stream.close()
        assert event == beat["type"] == "heartbeat"
        assert beat["connection_id"] == connected["connection_id"]
        assert set(beat) == {"type", "timestamp", "connection_id"}


def test_ping_comments_like_sse_starlette() -> None:
    with fake(ping_interval=0.1) as backend, httpx.Client(base_url=backend.url) as client:
        stream = RawStream(client, stream_path(backend.create_session()))
        try:
            raw = stream.read_until(b": ping - ")
            stream.read_until(b"\r\n\r\n")
        finally:
            stream.close()
        assert b"\r\n\r\n: ping - " in raw


@pytest.mark.parametrize("case", ["unknown", "other agent", "inactive"])
def test_invalid_session_gets_one_error_event_and_the_stream_ends(
    backend: FakeSmartEMBackend, client: httpx.Client, case: str
) -> None:
    session = {
        "unknown": new_id(),
        "other agent": backend.create_session("someone-else"),
        "inactive": backend.create_session(status="inactive"),
    }[case]
    stream = RawStream(client, stream_path(session))
    raw = stream.read_rest()
    assert raw.startswith(b"event: error\r\ndata: ")
    assert raw.endswith(b"\r\n\r\n")
    assert raw.count(b"event:") == 1
    data = json.loads(raw.split(b"data: ", 1)[1])
    assert (data["type"], data["error"]) == ("error", "session_validation_failed")
    assert session in data["message"]


def test_python_session_helpers_reject_bad_input(backend: FakeSmartEMBackend) -> None:
    session = backend.create_session()
    with pytest.raises(ValueError):
        backend.create_session(session_id=session)
    with pytest.raises(ValueError):
        backend.create_session(acquisition_uuid=new_id())
    with pytest.raises(KeyError):
        backend.queue_instruction(new_id())


def test_closed_session_refuses_streams(backend: FakeSmartEMBackend, client: httpx.Client) -> None:
    session = client.post("/debug/sessions/create-managed", json={}).json()["session_id"]
    assert client.delete(f"/debug/sessions/{session}/close").json()["status"] == "closed"
    assert b"session_validation_failed" in RawStream(client, stream_path(session)).read_rest()


def test_ack_is_recorded(
    backend: FakeSmartEMBackend, client: httpx.Client, open_stream: Any
) -> None:
    session = backend.create_session()
    instruction = backend.queue_instruction(session, "do.it")
    stream = open_stream(session)
    stream.messages(2)
    body = {"status": "processed", "result": "done", "processing_time_ms": 12}
    answer = client.post(ack_path(session, instruction), json=body)
    assert answer.status_code == 200
    assert answer.json()["status"] == "success"
    assert answer.json()["instruction_id"] == instruction
    [ack] = backend.acks(session)
    assert (ack["instruction_id"], ack["status"], ack["result"]) == (
        instruction,
        "processed",
        "done",
    )
    assert backend.instructions(session)[0]["status"] == "acknowledged"
    listing = client.get(f"/debug/session/{session}/instructions").json()
    assert listing["acknowledgement_statistics"] == {"processed": 1}

    second = client.post(ack_path(session, instruction), json={"status": "processed"})
    assert (second.status_code, second.json()) == (
        400,
        {"detail": "Instruction cannot be acknowledged (invalid status)"},
    )


@pytest.mark.parametrize(
    ("case", "status"), [("unknown session", 404), ("other agent", 403), ("inactive", 400)]
)
def test_ack_errors(
    backend: FakeSmartEMBackend, client: httpx.Client, case: str, status: int
) -> None:
    session = {
        "unknown session": new_id(),
        "other agent": backend.create_session("someone-else"),
        "inactive": backend.create_session(status="inactive"),
    }[case]
    answer = client.post(ack_path(session, new_id()), json={"status": "received"})
    assert answer.status_code == status
    assert "detail" in answer.json()


def test_ack_needs_an_open_stream_and_a_known_instruction(
    backend: FakeSmartEMBackend, client: httpx.Client, open_stream: Any
) -> None:
    session = backend.create_session()
    instruction = backend.queue_instruction(session)
    lonely = client.post(ack_path(session, instruction), json={"status": "received"})
    assert (lonely.status_code, lonely.json()) == (404, {"detail": "Agent not connected"})
    open_stream(session).messages(2)
    unknown = client.post(ack_path(session, new_id()), json={"status": "received"})
    assert (unknown.status_code, unknown.json()) == (404, {"detail": "Instruction not found"})
    invalid = client.post(ack_path(session, instruction), json={"status": "ok", "extra": 1})
    assert invalid.status_code == 422
    assert {d["type"] for d in invalid.json()["detail"]} == {"enum", "extra_forbidden"}


def test_mimic_defects_turns_ack_errors_into_500() -> None:
    with fake(mimic_defects=True) as backend, httpx.Client(base_url=backend.url) as client:
        answer = client.post(ack_path(new_id(), new_id()), json={"status": "received"})
        assert (answer.status_code, answer.json()) == (500, {"detail": "Internal server error"})


def test_agent_heartbeat_and_logs(
    backend: FakeSmartEMBackend, client: httpx.Client, open_stream: Any
) -> None:
    session = backend.create_session()
    path = f"/agent/{AGENT}/session/{session}"
    assert client.post(f"{path}/heartbeat").status_code == 404  # no stream open yet
    [(_, connected)] = open_stream(session).messages(1)
    beat = client.post(f"{path}/heartbeat").json()
    assert (beat["status"], beat["connection_id"]) == ("success", connected["connection_id"])
    entry = {
        "timestamp": "2024-05-01T10:00:00",
        "level": "INFO",
        "logger_name": "a",
        "message": "m",
    }
    assert client.post(f"{path}/logs", json={"logs": [entry]}).json() == {"stored": 1}
    assert backend.agent_logs()[0]["message"] == "m"
    assert client.post(f"/agent/other/session/{session}/logs", json={"logs": []}).status_code == 403


# ---- auth -------------------------------------------------------------------------------------


def test_auth_required_when_enabled() -> None:
    backend = fake(require_auth=True, token_validator=lambda token: token == "good")
    with backend, httpx.Client(base_url=backend.url) as client:
        assert client.get("/health").status_code == 200
        assert client.get("/status").status_code == 200
        for headers in ({}, {"Authorization": "Bearer bad"}, {"Authorization": "Basic x"}):
            refused = client.get("/acquisitions", headers=headers)
            assert refused.status_code == 401
            assert refused.headers["www-authenticate"] == "Bearer"
            assert "detail" in refused.json()
        # Auth is checked before the body is validated, as FastAPI's dependency does.
        assert client.post("/acquisitions", json={}).status_code == 401
        good = {"Authorization": "Bearer good"}
        assert client.get("/acquisitions", headers=good).status_code == 200
        assert client.get(stream_path(new_id())).status_code == 401


def test_auth_not_required_by_default(client: httpx.Client) -> None:
    assert client.get("/acquisitions").status_code == 200


# ---- fault hooks ------------------------------------------------------------------------------


def test_fail_next_fails_matching_requests_then_recovers(
    backend: FakeSmartEMBackend, client: httpx.Client
) -> None:
    backend.fail_next(2, status=503, retry_after=1, path_prefix="/acquisitions")
    body = {"uuid": new_id(), "name": "x"}
    assert client.get("/health").status_code == 200
    for _ in range(2):
        failed = client.post("/acquisitions", json=body)
        assert failed.status_code == 503
        assert failed.headers["retry-after"] == "1"
        assert failed.json() == {"detail": "Service Unavailable"}
    assert backend.entities("acquisition") == []
    created(client.post("/acquisitions", json=body))
    backend.fail_next(1, status=429)
    assert client.get("/version").status_code == 429
    assert client.get("/version").status_code == 200


def test_drop_after_commit_stores_but_breaks_the_response(
    backend: FakeSmartEMBackend, client: httpx.Client
) -> None:
    backend.drop_after_commit(1, path_prefix="/acquisitions")
    key = new_id()
    with pytest.raises(httpx.TransportError):
        client.post("/acquisitions", json={"uuid": key, "name": "lost answer"})
    assert client.get(f"/acquisitions/{key}").json()["name"] == "lost answer"
    assert client.post("/acquisitions", json={"uuid": key, "name": "again"}).status_code == 500
    created(client.post("/acquisitions", json={"uuid": new_id(), "name": "fine"}))


def test_sse_close_after_k_events(backend: FakeSmartEMBackend, client: httpx.Client) -> None:
    session = backend.create_session()
    for n in range(3):
        backend.queue_instruction(session, f"i{n}", sequence_number=n)
    backend.sse_close_after(2)
    first = RawStream(client, stream_path(session)).read_rest()
    assert first.count(b"event: ") == 2
    assert first.endswith(b"\r\n\r\n")
    # What was not delivered is still pending and arrives on the next stream.
    stream = RawStream(client, stream_path(session))
    try:
        names = [d.get("instruction_type") for _, d in stream.messages(3)]
    finally:
        stream.close()
    assert names == [None, "i1", "i2"]


def test_sse_close_after_abruptly_breaks_the_connection(
    backend: FakeSmartEMBackend, client: httpx.Client
) -> None:
    session = backend.create_session()
    backend.sse_close_after(1, abrupt=True)
    stream = RawStream(client, stream_path(session))
    with pytest.raises(httpx.TransportError):
        stream.read_rest()
    assert stream.raw.startswith(b"event: connection")


def test_sse_stall_after_k_events_sends_nothing_more() -> None:
    with fake(heartbeat_interval=0.05) as backend, httpx.Client(base_url=backend.url) as client:
        session = backend.create_session()
        backend.sse_stall_after(1)
        stream = RawStream(client, stream_path(session), read_timeout=0.5)
        stream.messages(1)
        backend.queue_instruction(session, "never-delivered")
        with pytest.raises(httpx.ReadTimeout):
            stream.read_until(b"event: ")
        assert backend.instructions(session)[0]["status"] == "pending"
        stream.close()


def test_sse_raw_bytes_are_sent_verbatim(
    backend: FakeSmartEMBackend, client: httpx.Client, open_stream: Any
) -> None:
    session = backend.create_session()
    early = b": a comment\n\nevent: instruction\ndata: {not json\n\n"
    backend.sse_raw(early, session_id=session)
    stream = open_stream(session)
    stream.read_until(early)
    late = 'event: instruction\rdata: {"a":\rdata: 1}\r\r'
    backend.sse_raw(late)
    raw = stream.read_until(late.encode())
    assert raw.index(b"event: connection") < raw.index(early) < raw.index(late.encode())


# ---- inspection, isolation, lifecycle -----------------------------------------------------------


def test_request_log_and_count(backend: FakeSmartEMBackend, client: httpx.Client) -> None:
    client.get("/health")
    client.get(f"/grids/{'x'}")
    assert backend.request_log[-2:] == [("GET", "/health", 200), ("GET", "/grids/x", 404)]
    assert backend.request_count == 2


def test_two_instances_are_isolated() -> None:
    with fake() as one, fake() as two:
        assert one.url != two.url
        with httpx.Client(base_url=one.url) as client:
            make_acquisition(client)
        session = one.create_session()
        one.queue_instruction(session)
        assert len(one.entities("acquisition")) == 1
        assert two.entities("acquisition") == []
        assert two.instructions(session) == []
        assert two.request_count == 0
        with httpx.Client(base_url=two.url) as client:
            assert client.get("/acquisitions").json() == []


def test_stop_with_an_open_stream_returns_promptly() -> None:
    backend = fake(heartbeat_interval=30.0).start()
    client = httpx.Client(base_url=backend.url, timeout=WAIT)
    stream = RawStream(client, stream_path(backend.create_session()))
    stream.messages(1)
    stopper = threading.Thread(target=backend.stop)
    stopper.start()
    stopper.join(WAIT)
    assert not stopper.is_alive()
    assert stream.read_rest().count(b"event: ") == 1  # the stream was ended, not left hanging
    with pytest.raises(RuntimeError):
        _ = backend.url
    client.close()


def test_stop_while_a_stream_is_stalled_returns_promptly() -> None:
    backend = fake().start()
    client = httpx.Client(base_url=backend.url, timeout=WAIT)
    backend.sse_stall_after(1)
    stream = RawStream(client, stream_path(backend.create_session()))
    stream.messages(1)
    stopper = threading.Thread(target=backend.stop)
    stopper.start()
    stopper.join(WAIT)
    assert not stopper.is_alive()
    client.close()


def test_restart_keeps_state() -> None:
    backend = fake()
    with backend, httpx.Client(base_url=backend.url) as client:
        key = make_acquisition(client)
    with backend, httpx.Client(base_url=backend.url) as client:
        assert client.get(f"/acquisitions/{key}").status_code == 200
