"""A canned SmartEM backend for measuring client overhead: HTTP/1.1 keep-alive, no database.

    python bench/canned_server.py --port 0     # prints "listening <port>", serves until killed

Each create route answers at once with a valid body of the response schema's shape: the
request's fields copied into every field the response has (nulls for the rest), so list
and batch answers list exactly the uuids sent. ``GET /__digest`` answers an
order-independent digest of every create (method, path and body) received since the
previous digest, so a benchmark can show that two clients sent byte-identical requests, and
the number of requests of any kind. Reads answer 404 (nothing is stored here), which a
client's read-ahead takes as "not there yet".
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smartem_api.models import (
    AcquisitionResponse,
    AtlasResponse,
    AtlasTileGridSquarePositionResponse,
    AtlasTileResponse,
    FoilHoleResponse,
    GridResponse,
    GridSquareResponse,
    MicrographResponse,
)

Json = Any
Answer = Callable[[re.Match[str], Json], tuple[int, Json]]


def _fields(model: type[Any]) -> tuple[str, ...]:
    return tuple(f.name for f in attrs.fields(model) if f.name != "additional_properties")


_ACQUISITION = _fields(AcquisitionResponse)
_GRID = _fields(GridResponse)
_ATLAS = tuple(name for name in _fields(AtlasResponse) if name != "tiles")
_TILE = _fields(AtlasTileResponse)
_SQUARE = _fields(GridSquareResponse)
_LINK = _fields(AtlasTileGridSquarePositionResponse)
_HOLE = _fields(FoilHoleResponse)
_MICROGRAPH = _fields(MicrographResponse)


def _shape(names: tuple[str, ...], body: dict[str, Any], **fixed: Any) -> dict[str, Any]:
    """An answer with exactly the response schema's fields, as the backend's filter leaves it."""
    answer = {name: body.get(name) for name in names}
    answer.update((name, value) for name, value in fixed.items() if name in answer)
    return answer


def _acquisition(match: re.Match[str], body: Json) -> tuple[int, Json]:
    return 201, _shape(_ACQUISITION, body)


def _grid(match: re.Match[str], body: Json) -> tuple[int, Json]:
    return 201, _shape(_GRID, body, acquisition_uuid=match["parent"])


def _atlas(match: re.Match[str], body: Json) -> tuple[int, Json]:
    tiles = [_shape(_TILE, tile) for tile in body.get("tiles") or []]
    return 201, {**_shape(_ATLAS, body, grid_uuid=match["parent"]), "tiles": tiles}


def _gridsquares(match: re.Match[str], body: Json) -> tuple[int, Json]:
    return 201, {"gridsquares": [_shape(_SQUARE, square) for square in body["gridsquares"]]}


def _links(match: re.Match[str], body: Json) -> tuple[int, Json]:
    return 201, [_shape(_LINK, link, atlastile_uuid=match["parent"]) for link in body]


def _foilholes(match: re.Match[str], body: Json) -> tuple[int, Json]:
    parent = match["parent"]
    return 201, [_shape(_HOLE, hole, gridsquare_uuid=parent, status="none") for hole in body]


def _micrograph(match: re.Match[str], body: Json) -> tuple[int, Json]:
    return 201, _shape(_MICROGRAPH, body, foilhole_uuid=match["parent"], status="none")


_ROUTES: list[tuple[re.Pattern[str], Answer]] = [
    (re.compile(r"/acquisitions"), _acquisition),
    (re.compile(r"/acquisitions/(?P<parent>[^/]+)/grids"), _grid),
    (re.compile(r"/grids/(?P<parent>[^/]+)/atlas"), _atlas),
    (re.compile(r"/grids/(?P<parent>[^/]+)/gridsquares/batch"), _gridsquares),
    (re.compile(r"/atlas-tiles/(?P<parent>[^/]+)/gridsquares"), _links),
    (re.compile(r"/gridsquares/(?P<parent>[^/]+)/foilholes"), _foilholes),
    (re.compile(r"/foilholes/(?P<parent>[^/]+)/micrographs"), _micrograph),
]

_REASONS = {200: b"OK", 201: b"Created", 400: b"Bad Request", 404: b"Not Found"}


class CannedBackend:
    """Answers the create routes; remembers a digest of what it was sent."""

    def __init__(self) -> None:
        self.request_hashes: list[bytes] = []
        self.reads = 0

    def answer(self, method: str, target: str, body: bytes) -> tuple[int, bytes]:
        path = target.split("?", 1)[0]
        if method == "GET" and path == "/__digest":
            hashes, self.request_hashes = sorted(self.request_hashes), []
            reads, self.reads = self.reads, 0
            digest = hashlib.sha256(b"".join(hashes)).hexdigest()
            counts = {"requests": len(hashes) + reads, "reads": reads, "sha256": digest}
            return 200, json.dumps(counts).encode()
        if method != "POST":
            self.reads += 1
            return 404, b'{"detail":"Not Found"}'
        self.request_hashes.append(hashlib.sha256(f"{method} {path}\n".encode() + body).digest())
        for pattern, route in _ROUTES:
            match = pattern.fullmatch(path)
            if match is not None:
                try:
                    status, answer = route(match, json.loads(body))
                except (ValueError, KeyError, TypeError, AttributeError) as error:
                    return 400, json.dumps({"detail": str(error)}).encode()
                return status, json.dumps(answer, separators=(",", ":")).encode()
        return 404, b'{"detail":"Not Found"}'

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                request_line, *header_lines = head.decode("latin-1").split("\r\n")
                method, target, _version = request_line.split(" ", 2)
                length = 0
                for line in header_lines:
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                body = await reader.readexactly(length) if length else b""
                status, payload = self.answer(method, target, body)
                writer.write(
                    b"HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\n\r\n%s"
                    % (status, _REASONS.get(status, b"Error"), len(payload), payload)
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            return
        finally:
            writer.close()


async def _main(port: int) -> None:
    backend = CannedBackend()
    server = await asyncio.start_server(backend.serve, "127.0.0.1", port, backlog=256)
    bound = server.sockets[0].getsockname()[1]
    print(f"listening {bound}", flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free)")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_main(args.port))


if __name__ == "__main__":
    main()
