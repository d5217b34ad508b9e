"""``smartem-ext``: the SmartEM client on the command line (install the ``cli`` extra).

::

    smartem-ext health --base-url URL
    smartem-ext status --base-url URL --keycloak-env agent.env
    smartem-ext listen --base-url URL --agent-id A --session-id S --ack --json
    smartem-ext spec-diff UPSTREAM [--spec PATH]
    smartem-ext demo [--base-url URL] [--async]

Errors are one line on stderr and a non-zero exit; ``--debug`` shows tracebacks and logs
every request.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import logging
import os
import random
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import attrs
import httpx

from smartem_api.api.debug import create_debug_instruction, create_debug_session
from smartem_api.client import Client
from smartem_api.models import DebugInstructionRequest, DebugSessionRequest
from smartem_ext._demo import DemoSession, DemoSizes, GridSession, generate_session
from smartem_ext.auth import BearerToken, KeycloakAuth
from smartem_ext.client import AsyncSmartEMAPIClient, ClientStats, SmartEMAPIClient
from smartem_ext.epu import (
    AtlasTileGridSquarePositionData,
    FoilHoleData,
    GridSquareData,
    MicrographData,
)
from smartem_ext.errors import (
    InvalidResponse,
    NotFound,
    ServerError,
    SmartEMError,
    TransportError,
    api_error_for,
)
from smartem_ext.http import build_client
from smartem_ext.sse import InstructionStreamError, SSEAgentClient

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from smartem_ext.testing import FakeSmartEMBackend

__all__ = ["main"]

PROG = "smartem-ext"
HEALTHY = frozenset({"ok", "healthy"})
EXIT_OK, EXIT_FAILED, EXIT_UNREACHABLE = 0, 1, 2
SPEC_NAME = "smartem-backend.yaml"

T = TypeVar("T")
AnyClient = SmartEMAPIClient | AsyncSmartEMAPIClient
Send = Callable[[AnyClient], object]

# Kinds in the order an agent registers them, with the words the summary uses.
KIND_LABELS: dict[str, str] = {
    "acquisition": "acquisitions",
    "grid": "grids",
    "atlas": "atlases",
    "atlas_tile": "atlas tiles",
    "gridsquare": "grid squares",
    "tile_link": "tile links",
    "foilhole": "foil holes",
    "micrograph": "micrographs",
}


# ---------------------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``smartem-ext`` with ``argv`` (default: the process arguments); the exit status."""
    args = _parser().parse_args(argv)
    debug: bool = args.debug
    with _logging(debug):
        try:
            status: int = args.run(args)
        except KeyboardInterrupt:
            if debug:
                traceback.print_exc()
            print(f"{PROG}: interrupted", file=sys.stderr)
            return 130
        except (SmartEMError, OSError, ValueError) as error:
            if debug:
                traceback.print_exc()
            print(f"{PROG}: error: {_one_line(error)}", file=sys.stderr)
            return EXIT_UNREACHABLE if isinstance(error, TransportError) else EXIT_FAILED
    return status


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return f"unreachable: {text}" if isinstance(error, TransportError) else text


class _StderrHandler(logging.Handler):
    """Writes to whatever ``sys.stderr`` is at the time (progress displays redirect it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            print(self.format(record), file=sys.stderr)
        except Exception:
            self.handleError(record)


@contextmanager
def _logging(debug: bool) -> Iterator[None]:
    """Log to stderr while a command runs: warnings, or everything under ``--debug``."""
    root = logging.getLogger()
    handler = _StderrHandler()
    if debug:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    else:
        handler.setFormatter(logging.Formatter(f"{PROG}: %(levelname)s: %(message)s"))
        handler.addFilter(_lowercase_level)
    quiet = [logging.getLogger(name) for name in ("httpcore", "hpack", "asyncio")]
    saved = root.level, [logger.level for logger in quiet]
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    if debug:
        for logger in quiet:
            logger.setLevel(logging.INFO)
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(saved[0])
        for logger, level in zip(quiet, saved[1], strict=True):
            logger.setLevel(level)


def _lowercase_level(record: logging.LogRecord) -> bool:
    record.levelname = record.levelname.lower()
    return True


# ---------------------------------------------------------------------------- arguments


_DEBUG_HELP = "show tracebacks and DEBUG logging"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Command-line tools for the SmartEM backend client."
    )
    parser.add_argument("--debug", action="store_true", help=_DEBUG_HELP)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    def command(name: str, about: str, description: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=about, description=description)
        # Also accepted after the command; SUPPRESS keeps the global value when absent.
        sub.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=_DEBUG_HELP
        )
        return sub

    for name, run, about in (
        ("health", _health, "check the backend's health and its dependencies"),
        ("status", _status, "show the backend's status and configuration"),
    ):
        sub = command(
            name,
            about,
            f"{about[0].upper()}{about[1:]}: one line. Exit status 0 when healthy, 1 when "
            "degraded or unhealthy, 2 when unreachable.",
        )
        _connection_options(sub, base_url_required=True)
        sub.set_defaults(run=run)

    listen = command(
        "listen",
        "print an agent's instructions as they arrive",
        "Stream an agent session's instructions and print each one; reconnects until "
        "interrupted (Ctrl-C ends it cleanly).",
    )
    _connection_options(listen, base_url_required=True)
    listen.add_argument("--agent-id", required=True, metavar="A", help="the agent's id")
    listen.add_argument("--session-id", required=True, metavar="S", help="the session's id")
    listen.add_argument("--ack", action="store_true", help="acknowledge each as processed")
    listen.add_argument("--json", action="store_true", help="print JSON lines")
    listen.set_defaults(run=_listen)

    spec_diff = command(
        "spec-diff",
        "compare the client's contract with a backend's OpenAPI document",
        "Compare the client's OpenAPI document with UPSTREAM as contracts. Exit status 0: "
        "same contract, 1: compatible differences only, 2: breaking differences or an "
        "unreadable document.",
    )
    spec_diff.add_argument("upstream", metavar="UPSTREAM", help="path or http(s) URL")
    spec_diff.add_argument(
        "--spec",
        metavar="PATH",
        default=None,
        help="the client's document (default: the one packaged with smartem_ext)",
    )
    spec_diff.add_argument("--json", action="store_true", help="print a JSON list")
    spec_diff.set_defaults(run=_spec_diff)

    demo = command(
        "demo",
        "run a synthetic EPU session through the client and verify it landed",
        "Generate a synthetic EPU session, register it as an agent would while listening "
        "for instructions, then read everything back and compare. Without --base-url an "
        "in-memory fake backend is started (needs the 'testing' extra).",
    )
    _connection_options(demo, base_url_required=False)
    sizes = DemoSizes()
    for flag, minimum, default, about in (
        ("--grids", 1, sizes.grids, "grids in the acquisition"),
        ("--tiles", 1, sizes.tiles, "atlas tiles per grid"),
        ("--gridsquares", 0, sizes.gridsquares, "grid squares per grid"),
        ("--foilholes", 0, sizes.foilholes, "foil holes per grid square"),
        ("--micrographs", 0, sizes.micrographs, "micrographs per grid"),
    ):
        demo.add_argument(
            flag,
            type=_count(minimum),
            default=default,
            metavar="N",
            help=f"{about} (default: %(default)s)",
        )
    demo.add_argument(
        "--seed",
        type=int,
        default=None,
        metavar="N",
        help="generate this session (default: a random seed, printed)",
    )
    demo.add_argument(
        "--async", dest="use_async", action="store_true", help="use AsyncSmartEMAPIClient"
    )
    demo.add_argument("--no-progress", action="store_true", help="no progress bars")
    demo.set_defaults(run=_demo)
    return parser


def _connection_options(parser: argparse.ArgumentParser, base_url_required: bool) -> None:
    parser.add_argument(
        "--base-url",
        metavar="URL",
        required=base_url_required,
        help="the backend's root URL"
        + ("" if base_url_required else " (default: start an embedded fake backend)"),
    )
    credentials = parser.add_mutually_exclusive_group()
    credentials.add_argument(
        "--keycloak-env",
        metavar="FILE",
        type=Path,
        help="dotenv file with KEYCLOAK_URL, KEYCLOAK_REALM, KEYCLOAK_CLIENT_ID and "
        "KEYCLOAK_CLIENT_SECRET (client-credentials tokens)",
    )
    credentials.add_argument(
        "--token-env", metavar="VAR", help="environment variable holding a bearer token"
    )
    parser.add_argument("--insecure", action="store_true", help="do not verify TLS certificates")
    parser.add_argument(
        "--timeout",
        type=_positive_float,
        default=10.0,
        metavar="SECONDS",
        help="connect and read timeout per request (default: %(default)s)",
    )


def _count(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def _base_url(args: argparse.Namespace) -> str:
    url: str | None = args.base_url
    if not url:
        raise ValueError("--base-url is required")
    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(f"--base-url must be an absolute http(s) URL, got {url!r}")
    return url


def _auth(args: argparse.Namespace) -> httpx.Auth | None:
    """The credentials the options name; warns (one line) about a readable secret file."""
    verify = not args.insecure
    if args.keycloak_env is not None:
        # KeycloakAuth also logs the warning, which prints as one line: keep that one.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return KeycloakAuth.from_env_file(
                args.keycloak_env, timeout=args.timeout, verify=verify
            )
    if args.token_env is not None:
        token = os.environ.get(args.token_env, "")
        if not token:
            raise ValueError(f"environment variable {args.token_env} is not set or empty")
        return BearerToken(token)
    return None


# ---------------------------------------------------------------------------- health, status


def _health(args: argparse.Namespace) -> int:
    body = _service_report(args, "health")
    status = str(body.get("status", "unknown"))
    services = body.get("services")
    parts = []
    if isinstance(services, Mapping):
        for name, report in services.items():
            state = report.get("status") if isinstance(report, Mapping) else report
            text = f"{name} {state}"
            if state not in HEALTHY and state != "not_configured" and isinstance(report, Mapping):
                details = " ".join(str(report.get("details", "")).split())[:80]
                text += f" ({details})" if details else ""
            parts.append(text)
    version = f"; version {body['version']}" if body.get("version") else ""
    print(f"health {status}: {', '.join(parts) or 'no services reported'}{version}")
    return EXIT_OK if status in HEALTHY else EXIT_FAILED


def _status(args: argparse.Namespace) -> int:
    body = _service_report(args, "status")
    status = str(body.get("status", "unknown"))
    service = body.get("service") or "backend"
    version = f" {body['version']}" if body.get("version") else ""
    configuration = body.get("configuration")
    settings = ""
    if isinstance(configuration, Mapping) and configuration:
        settings = " (" + ", ".join(f"{k} {v}" for k, v in configuration.items()) + ")"
    print(f"status {status}: {service}{version}{settings}")
    return EXIT_OK if status in HEALTHY else EXIT_FAILED


def _service_report(args: argparse.Namespace, which: str) -> dict[str, Any]:
    """The JSON report of /health or /status; a 5xx report (degraded) counts as an answer."""
    # One attempt: a health check reports what it sees instead of waiting for recovery.
    with SmartEMAPIClient(
        _base_url(args),
        timeout=args.timeout,
        auth=_auth(args),
        retry=None,
        verify=not args.insecure,
    ) as client:
        try:
            body = client.get_health() if which == "health" else client.get_status()
        except ServerError as error:
            if not isinstance(error.detail, Mapping) or "status" not in error.detail:
                raise
            body = error.detail
    if not isinstance(body, Mapping):
        raise InvalidResponse("GET", f"/{which}", 200, "the answer is not a JSON object")
    return dict(body)


# ---------------------------------------------------------------------------- listen


def _listen(args: argparse.Namespace) -> int:
    client = SSEAgentClient(
        _base_url(args),
        args.agent_id,
        args.session_id,
        timeout=args.timeout,
        max_retries=None,
        auth=_auth(args),
        verify=not args.insecure,
        logger=_LISTEN_LOGGER,
    )
    final: list[InstructionStreamError] = []

    def on_connection(data: dict[str, Any]) -> None:
        connection = data.get("connection_id", "?")
        print(f"{PROG}: connected (connection {connection})", file=sys.stderr, flush=True)

    def on_instruction(data: dict[str, Any]) -> None:
        ack: dict[str, str] = {}
        if args.ack:
            try:
                client.acknowledge_instruction(str(data["instruction_id"]), "processed")
                ack["acknowledged"] = "processed"
            except SmartEMError as error:
                ack["ack_error"] = _one_line(error)
        if args.json:
            print(json.dumps({**data, **ack}), flush=True)
        elif "ack_error" in ack:
            print(f"{_instruction_line(data)} [not acknowledged: {ack['ack_error']}]", flush=True)
        else:
            suffix = " [acknowledged processed]" if ack else ""
            print(f"{_instruction_line(data)}{suffix}", flush=True)

    def on_error(error: Exception) -> None:
        if isinstance(error, InstructionStreamError) and error.final:
            final.append(error)

    try:
        client.stream_instructions(on_instruction, on_connection, on_error)
    except KeyboardInterrupt:
        return EXIT_OK
    finally:
        client.close()
    # The stream ends by itself only on a final error, e.g. the session is not valid.
    if final:
        raise final[-1]
    return EXIT_OK


def _not_final(record: logging.LogRecord) -> bool:
    """Leave out the stream's own reports of a final error: ``main`` reports it once."""
    args = record.args if isinstance(record.args, tuple) else ()
    return not any(isinstance(arg, InstructionStreamError) and arg.final for arg in args)


_LISTEN_LOGGER = logging.getLogger("smartem_ext.cli.listen")
_LISTEN_LOGGER.addFilter(_not_final)


def _instruction_line(data: Mapping[str, Any]) -> str:
    sequence = data.get("sequence_number")
    return (
        f"{data.get('created_at', '-')} {data.get('instruction_id')} "
        f"{data.get('instruction_type')} priority={data.get('priority')}"
        f"{'' if sequence is None else f' seq={sequence}'} "
        f"payload={json.dumps(data.get('payload'), sort_keys=True)}"
    )


# ---------------------------------------------------------------------------- spec-diff


def _spec_diff(args: argparse.Namespace) -> int:
    try:
        from smartem_ext import _spec_diff
    except ImportError as error:
        raise ValueError(
            f"spec-diff needs PyYAML ({error}); install 'smartem-client[testing]'"
        ) from None
    spec = args.spec or str(_default_spec_path())
    return _spec_diff.main([spec, args.upstream, *(["--json"] if args.json else [])])


def _default_spec_path() -> Path:
    """The spec packaged with smartem_ext, else the repository's (editable installs)."""
    packaged = Path(__file__).resolve().parent / "testing" / SPEC_NAME
    if packaged.is_file():
        return packaged
    in_repository = Path(__file__).resolve().parents[1] / "openapi" / SPEC_NAME
    if in_repository.is_file():
        return in_repository
    raise FileNotFoundError(f"no packaged {SPEC_NAME}; pass --spec PATH")


# ---------------------------------------------------------------------------- demo: the plan


@attrs.frozen
class _Step:
    """One client call of the upload: what it creates, per kind."""

    kind: str
    counts: Mapping[str, int]
    send: Send


@attrs.frozen
class _Hook:
    """Something the agent does between two calls (start the listener, queue an instruction)."""

    run: Callable[[], object]


_PlanItem = _Step | _Hook


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _upload_plan(
    session: DemoSession,
    start_listener: Callable[[], object],
    checkpoint: Callable[[str, Mapping[str, Any]], object],
) -> list[_PlanItem]:
    """Every call of the upload in agent order, with the hooks where they belong."""
    acquisition = session.acquisition
    plan: list[_PlanItem] = [
        _Step("acquisition", {"acquisition": 1}, lambda c: c.create_acquisition(acquisition)),
        _Hook(start_listener),
    ]
    for g in session.grids:
        plan.append(_Step("grid", {"grid": 1}, _send_grid(g)))
    plan.append(_Hook(lambda: checkpoint("grids registered", {"grids": len(session.grids)})))
    for g in session.grids:
        plan.append(_Step("atlas", {"atlas": 1, "atlas_tile": len(g.tiles)}, _send_atlas(g)))
    for g in session.grids:
        for squares in _chunks(g.gridsquares, 100):
            plan.append(
                _Step("gridsquare", {"gridsquare": len(squares)}, _send_squares(g, squares))
            )
    squares_total = sum(len(g.gridsquares) for g in session.grids)
    plan.append(
        _Hook(lambda: checkpoint("grid squares registered", {"gridsquares": squares_total}))
    )
    for g in session.grids:
        for links in _chunks(g.tile_links, 100):
            plan.append(_Step("tile_link", {"tile_link": len(links)}, _send_links(links)))
    holes_per_step = max(1, 500 // max(1, session.sizes.foilholes))
    for g in session.grids:
        registered = list(g.registered_foilholes().items())
        for group in _chunks(registered, holes_per_step):
            by_square = dict(group)
            count = sum(len(holes) for holes in by_square.values())
            plan.append(_Step("foilhole", {"foilhole": count}, _send_holes(by_square)))
    holes_total = session.counts()["foilhole"]
    plan.append(_Hook(lambda: checkpoint("foil holes registered", {"foilholes": holes_total})))
    for g in session.grids:
        for micrographs in _chunks(g.micrographs, 20):
            plan.append(
                _Step(
                    "micrograph", {"micrograph": len(micrographs)}, _send_micrographs(micrographs)
                )
            )
    return plan


# Each returns a function of the client; the sync client answers, the async one awaits.
def _send_grid(g: GridSession) -> Send:
    return lambda c: c.create_acquisition_grid(g.grid)


def _send_atlas(g: GridSession) -> Send:
    return lambda c: c.create_grid_atlas(g.atlas)


def _send_squares(g: GridSession, squares: Sequence[GridSquareData]) -> Send:
    return lambda c: c.create_grid_gridsquares(g.grid.uuid, squares)


def _send_links(links: Sequence[AtlasTileGridSquarePositionData]) -> Send:
    return lambda c: c.link_atlas_tile_and_gridsquares(links)


def _send_holes(by_square: Mapping[str, Sequence[FoilHoleData]]) -> Send:
    return lambda c: c.create_foilholes(by_square)


def _send_micrographs(micrographs: Sequence[MicrographData]) -> Send:
    return lambda c: c.create_micrographs(micrographs)


@attrs.frozen
class _Read:
    """One read of the verification: what it should find, per kind."""

    kind: str
    expected: frozenset[str]
    send: Send


def _verification_reads(session: DemoSession) -> list[_Read]:
    """Reads that together show every entity the demo sent, scoped by parent."""
    acquisition = session.acquisition.uuid
    reads = [
        _Read("acquisition", frozenset({acquisition}), lambda c: c.get_acquisition(acquisition)),
        _Read(
            "grid",
            frozenset(g.grid.uuid for g in session.grids),
            lambda c: c.get_acquisition_grids(acquisition),
        ),
    ]
    for g in session.grids:
        reads.append(_Read("atlas", frozenset({g.atlas.uuid}), _get_atlas(g.grid.uuid)))
        reads.append(
            _Read("atlas_tile", frozenset(t.uuid for t in g.tiles), _get_tiles(g.atlas.uuid))
        )
        reads.append(
            _Read("gridsquare", frozenset(s.uuid for s in g.gridsquares), _get_squares(g.grid.uuid))
        )
        for square, holes in g.registered_foilholes().items():
            reads.append(_Read("foilhole", frozenset(h.uuid for h in holes), _get_holes(square)))
        # Each hole that was sent micrographs is read. A micrograph create names its hole,
        # so a lost or duplicated one shows up in exactly these lists.
        by_hole: dict[str, set[str]] = {}
        for micrograph in g.micrographs:
            by_hole.setdefault(str(micrograph.foilhole_uuid), set()).add(micrograph.uuid)
        for hole, micrographs in by_hole.items():
            reads.append(_Read("micrograph", frozenset(micrographs), _get_micrographs(hole)))
    return reads


def _get_atlas(grid_uuid: str) -> Send:
    return lambda c: c.get_grid_atlas(grid_uuid)


def _get_tiles(atlas_uuid: str) -> Send:
    return lambda c: c.get_atlas_tiles_by_atlas(atlas_uuid)


def _get_squares(grid_uuid: str) -> Send:
    return lambda c: c.get_grid_gridsquares(grid_uuid)


def _get_holes(gridsquare_uuid: str) -> Send:
    return lambda c: c.get_gridsquare_foilholes(gridsquare_uuid)


def _get_micrographs(foilhole_uuid: str) -> Send:
    return lambda c: c.get_foilhole_micrographs(foilhole_uuid)


def _uuids(answer: object) -> set[str]:
    items = answer if isinstance(answer, list) else [answer]
    return {str(getattr(item, "uuid", None)) for item in items if item is not None}


def _link_keys(answer: object) -> set[str]:
    items = answer if isinstance(answer, list) else [answer]
    return {
        f"{getattr(item, 'atlastile_uuid', None)}/{getattr(item, 'gridsquare_uuid', None)}"
        for item in items
    }


# ---------------------------------------------------------------------------- demo: targets


class _Target(Protocol):
    """Where the demo runs: how it makes a test session and queues instructions."""

    url: str
    description: str

    def create_session(self, acquisition_uuid: str) -> tuple[str, str]: ...

    def queue_instruction(
        self, session_id: str, instruction_type: str, payload: Mapping[str, Any]
    ) -> str: ...

    def stored_tile_links(self, tile_uuids: set[str]) -> set[str] | None: ...

    def close(self) -> None: ...


class _FakeTarget:
    """The embedded FakeSmartEMBackend, driven through its own test hooks."""

    def __init__(self, backend: FakeSmartEMBackend) -> None:
        self.backend = backend
        self.url = backend.url
        self.description = f"embedded fake backend at {self.url}"

    def create_session(self, acquisition_uuid: str) -> tuple[str, str]:
        agent_id = "demo-agent"
        return agent_id, self.backend.create_session(agent_id, acquisition_uuid=acquisition_uuid)

    def queue_instruction(
        self, session_id: str, instruction_type: str, payload: Mapping[str, Any]
    ) -> str:
        return self.backend.queue_instruction(session_id, instruction_type, payload)

    def stored_tile_links(self, tile_uuids: set[str]) -> set[str] | None:
        return {
            f"{row['atlastile_uuid']}/{row['gridsquare_uuid']}"
            for row in self.backend.entities("tile_link")
            if row["atlastile_uuid"] in tile_uuids
        }

    def close(self) -> None:
        self.backend.stop()


class _DebugEndpoints:
    """A real backend: test sessions and instructions through its /debug endpoints."""

    def __init__(self, url: str, auth: httpx.Auth | None, verify: bool, timeout: float) -> None:
        self.url = url
        self.description = f"backend at {url}"
        self._http = build_client(url, timeout=timeout, auth=auth, verify=verify)
        self._api = Client(base_url=url, raise_on_unexpected_status=False)
        self._api.set_httpx_client(self._http)

    def create_session(self, acquisition_uuid: str) -> tuple[str, str]:
        body = DebugSessionRequest.from_dict(
            {
                "acquisition_uuid": acquisition_uuid,
                "name": "smartem-ext demo",
                "description": "Synthetic EPU session registered by smartem-ext demo",
            }
        )
        answer = self._json(
            "POST",
            "/debug/sessions/create",
            create_debug_session.sync_detailed(client=self._api, body=body),
        )
        return str(answer["agent_id"]), str(answer["session_id"])

    def queue_instruction(
        self, session_id: str, instruction_type: str, payload: Mapping[str, Any]
    ) -> str:
        body = DebugInstructionRequest.from_dict(
            {"instruction_type": instruction_type, "payload": dict(payload)}
        )
        answer = self._json(
            "POST",
            f"/debug/session/{session_id}/create-instruction",
            create_debug_instruction.sync_detailed(session_id, client=self._api, body=body),
        )
        return str(answer["instruction_id"])

    def stored_tile_links(self, tile_uuids: set[str]) -> set[str] | None:
        return None  # the API has no read for tile links

    def close(self) -> None:
        self._http.close()

    @staticmethod
    def _json(method: str, path: str, response: Any) -> Mapping[str, Any]:
        status = int(response.status_code)
        if not 200 <= status < 300:
            raise api_error_for(method, path, status, response.content)
        try:
            answer = json.loads(response.content)
        except ValueError:
            answer = None
        if not isinstance(answer, Mapping):
            raise InvalidResponse(method, path, status, "the answer is not a JSON object")
        return answer


# ---------------------------------------------------------------------------- demo: listener


class _Listener:
    """The agent's instruction stream on a background thread; acknowledges each as processed."""

    def __init__(
        self,
        url: str,
        agent_id: str,
        session_id: str,
        auth: httpx.Auth | None,
        verify: bool,
        say: Callable[[str], None],
    ) -> None:
        self.client = SSEAgentClient(
            url, agent_id, session_id, max_retries=None, auth=auth, verify=verify
        )
        self._say = say
        self._changed = threading.Condition()
        self._connected = False
        self.acknowledged: set[str] = set()
        self.errors: list[Exception] = []
        self._thread = threading.Thread(target=self._run, name="smartem-ext-listener", daemon=True)

    def start(self, timeout: float = 30.0) -> None:
        self._thread.start()
        with self._changed:
            if not self._changed.wait_for(
                lambda: self._connected or not self._thread.is_alive(), timeout
            ):
                last = f": {self.errors[-1]}" if self.errors else ""
                raise TimeoutError(
                    f"the instruction stream did not connect in {timeout:.0f} s{last}"
                )
        if not self._connected:
            raise self.errors[-1] if self.errors else ConnectionError("the stream ended at once")

    def wait_acknowledged(self, instruction_ids: frozenset[str], timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: instruction_ids <= self.acknowledged, timeout)

    def stop(self) -> None:
        self.client.stop()
        self._thread.join(timeout=10)
        self.client.close()

    def _run(self) -> None:
        try:
            self.client.stream_instructions(
                self._on_instruction, self._on_connection, self._on_error
            )
        except Exception as error:
            self._on_error(error)
        finally:
            with self._changed:
                self._changed.notify_all()

    def _on_connection(self, data: dict[str, Any]) -> None:
        with self._changed:
            self._connected = True
            self._changed.notify_all()

    def _on_instruction(self, data: dict[str, Any]) -> None:
        instruction_id = str(data["instruction_id"])
        self.client.acknowledge_instruction(instruction_id, "processed", result="noted")
        with self._changed:
            self.acknowledged.add(instruction_id)
            self._changed.notify_all()
        payload = data.get("payload") or {}
        about = payload.get("checkpoint", "") if isinstance(payload, Mapping) else ""
        self._say(
            f"instruction {data.get('instruction_type')} ({about}) received, acknowledged processed"
        )

    def _on_error(self, error: Exception) -> None:
        with self._changed:
            self.errors.append(error)
            self._changed.notify_all()


# ---------------------------------------------------------------------------- demo: running


@attrs.frozen
class _Tally:
    """What became of the instructions queued during the upload."""

    queued: frozenset[str] = frozenset()
    received: int = 0
    acknowledged: frozenset[str] = frozenset()


@attrs.define
class _Outcome:
    """What the demo did: the upload's counts and client stats, then the instructions."""

    created: dict[str, int] = attrs.field(factory=dict)
    link_keys: set[str] = attrs.field(factory=set)
    seconds: float = 0.0
    requests: int = 0
    retries: int = 0
    recovered: int = 0
    instructions: _Tally = _Tally()
    verify_seconds: float = 0.0


class _Display:
    """Progress bars per kind (or nothing), and lines printed above them."""

    def __init__(self, console: Console, show: bool, totals: Mapping[str, int]) -> None:
        self.console = console
        self._progress: Progress | None = None
        self._tasks: dict[str, Any] = {}
        if show:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._progress = Progress(
                TextColumn("{task.description:>14}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
            )
            for kind, total in totals.items():
                self._tasks[kind] = self._progress.add_task(KIND_LABELS[kind], total=total)

    def __enter__(self) -> _Display:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, counts: Mapping[str, int]) -> None:
        if self._progress is None:
            return
        for kind, count in counts.items():
            self._progress.advance(self._tasks[kind], count)

    def say(self, text: str) -> None:
        self.console.print(text, highlight=False, markup=False)


def _run_plan_sync(
    client: SmartEMAPIClient, plan: Sequence[_PlanItem], outcome: _Outcome, display: _Display
) -> None:
    for item in plan:
        if isinstance(item, _Hook):
            item.run()
            continue
        _settle(item, item.send(client), outcome, display)


async def _run_plan_async(
    client: AsyncSmartEMAPIClient, plan: Sequence[_PlanItem], outcome: _Outcome, display: _Display
) -> None:
    for item in plan:
        if isinstance(item, _Hook):
            await asyncio.to_thread(item.run)
            continue
        answer = item.send(client)
        if inspect.isawaitable(answer):
            answer = await answer
        _settle(item, answer, outcome, display)


def _settle(step: _Step, answer: object, outcome: _Outcome, display: _Display) -> None:
    if step.kind == "tile_link":
        outcome.link_keys |= _link_keys(answer)
    for kind, count in step.counts.items():
        outcome.created[kind] = outcome.created.get(kind, 0) + count
    display.advance(step.counts)


def _read_sync(client: SmartEMAPIClient, reads: Sequence[_Read]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for read in reads:
        try:
            answer = read.send(client)
        except NotFound:
            answer = []
        found.setdefault(read.kind, set()).update(_uuids(answer))
    return found


async def _read_async(
    client: AsyncSmartEMAPIClient, reads: Sequence[_Read], concurrency: int = 8
) -> dict[str, set[str]]:
    gate = asyncio.Semaphore(concurrency)

    async def one(read: _Read) -> set[str]:
        async with gate:
            answer = read.send(client)
            try:
                if inspect.isawaitable(answer):
                    answer = await answer
            except NotFound:
                answer = []
            return _uuids(answer)

    found: dict[str, set[str]] = {}
    for read, uuids in zip(reads, await asyncio.gather(*map(one, reads)), strict=True):
        found.setdefault(read.kind, set()).update(uuids)
    return found


class _Agent:
    """The agent side of the demo: its test session, instruction listener and checkpoints."""

    def __init__(
        self, target: _Target, auth: httpx.Auth | None, verify: bool, say: Callable[[str], None]
    ) -> None:
        self.target = target
        self._auth = auth
        self._verify = verify
        self._say = say
        self.listener: _Listener | None = None
        self.session_id: str | None = None
        self.queued: list[str] = []

    def listen(self, acquisition_uuid: str) -> None:
        """Open a test session for the acquisition and start listening on it."""
        agent_id, session_id = self.target.create_session(acquisition_uuid)
        self.session_id = session_id
        self.listener = _Listener(
            self.target.url, agent_id, session_id, self._auth, self._verify, self._say
        )
        self.listener.start()
        self._say(f"agent {agent_id}, session {session_id}: listening for instructions")

    def checkpoint(self, what: str, details: Mapping[str, Any]) -> None:
        """Queue an instruction for the agent, as the backend's decision side would."""
        if self.session_id is None:
            raise RuntimeError("no agent session yet")
        payload = {"checkpoint": what, **details}
        self.queued.append(
            self.target.queue_instruction(self.session_id, "demo.checkpoint", payload)
        )

    def finish(self, timeout: float) -> _Tally:
        """Wait until every queued instruction is acknowledged, then stop listening."""
        queued = frozenset(self.queued)
        listener = self.listener
        if listener is None:
            return _Tally(queued=queued)
        listener.wait_acknowledged(queued, timeout)
        stats = listener.client.get_stats()
        listener.stop()
        return _Tally(
            queued=queued,
            received=int(stats.get("instructions_received", 0)),
            acknowledged=frozenset(listener.acknowledged),
        )

    def close(self) -> None:
        if self.listener is not None:
            self.listener.stop()


def _target(args: argparse.Namespace, auth: httpx.Auth | None, verify: bool) -> _Target:
    if args.base_url:
        return _DebugEndpoints(_base_url(args), auth, verify, args.timeout)
    try:
        from smartem_ext.testing import FakeSmartEMBackend
    except ImportError as error:
        raise ValueError(
            f"without --base-url the demo starts a fake backend, which needs the 'testing' "
            f"extra ({error}); install 'smartem-client[testing]'"
        ) from None
    return _FakeTarget(FakeSmartEMBackend().start())


def _upload_and_read(
    args: argparse.Namespace,
    url: str,
    auth: httpx.Auth | None,
    plan: Sequence[_PlanItem],
    reads: Sequence[_Read],
    outcome: _Outcome,
    display: _Display,
    between: Callable[[], None],
) -> dict[str, set[str]]:
    """Run the upload, then ``between()``, then the reads, on one client of the chosen kind."""
    options: dict[str, Any] = {"timeout": args.timeout, "auth": auth, "verify": not args.insecure}

    def uploaded(stats: ClientStats, started: float) -> None:
        outcome.seconds = time.perf_counter() - started
        outcome.requests, outcome.retries = stats.requests, stats.retries
        outcome.recovered = stats.recovered_creates

    if not args.use_async:
        with SmartEMAPIClient(url, **options) as client:
            started = time.perf_counter()
            with display:
                _run_plan_sync(client, plan, outcome, display)
            uploaded(client.stats, started)
            between()
            started = time.perf_counter()
            found = _read_sync(client, reads)
            outcome.verify_seconds = time.perf_counter() - started
            return found

    async def run() -> dict[str, set[str]]:
        async with AsyncSmartEMAPIClient(url, **options) as client:
            started = time.perf_counter()
            with display:
                await _run_plan_async(client, plan, outcome, display)
            uploaded(client.stats, started)
            await asyncio.to_thread(between)
            started = time.perf_counter()
            found = await _read_async(client, reads)
            outcome.verify_seconds = time.perf_counter() - started
            return found

    return asyncio.run(run())


def _demo(args: argparse.Namespace) -> int:
    try:
        from rich.console import Console
    except ImportError:
        raise ValueError("the demo needs rich: install 'smartem-client[cli]'") from None
    sizes = DemoSizes(
        grids=args.grids,
        tiles=args.tiles,
        gridsquares=args.gridsquares,
        foilholes=args.foilholes,
        micrographs=args.micrographs,
    )
    seed: int = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    console = Console(highlight=False)
    console.print(
        f"{PROG} demo: seed {seed}; {sizes.grids} grid(s), {sizes.tiles} atlas tiles and "
        f"{sizes.gridsquares} grid squares per grid, {sizes.foilholes} foil holes per square, "
        f"{sizes.micrographs} micrographs per grid"
    )
    session = generate_session(sizes, seed)
    auth = _auth(args)
    verify = not args.insecure
    with ExitStack() as stack:
        target = _target(args, auth, verify)
        stack.callback(target.close)
        console.print(f"target: {target.description}")
        display = _Display(console, not args.no_progress, session.counts())
        agent = _Agent(target, auth, verify, display.say)
        stack.callback(agent.close)
        outcome = _Outcome()
        plan = _upload_plan(
            session, lambda: agent.listen(session.acquisition.uuid), agent.checkpoint
        )
        reads = _verification_reads(session)

        def between() -> None:
            outcome.instructions = agent.finish(timeout=30.0)
            _print_summary(console, session, outcome, args.use_async)
            console.print(f"verifying: reading back through {len(reads)} list and get calls")

        found = _upload_and_read(args, target.url, auth, plan, reads, outcome, display, between)
        rows = _verification_rows(session, reads, found, outcome, target)
        _print_verification(console, rows, outcome.verify_seconds)
    differences = _differences(rows, outcome.instructions)
    if differences:
        for line in differences:
            print(f"{PROG}: difference: {line}", file=sys.stderr)
        console.print("NOT verified: the backend's state differs from what was sent")
        return EXIT_FAILED
    console.print("verified: backend state equals what was sent")
    return EXIT_OK


# ---------------------------------------------------------------------------- demo: reporting


@attrs.frozen
class _Row:
    """One kind in the verification: what was sent and what the backend has."""

    kind: str
    expected: frozenset[str]
    found: frozenset[str]
    source: str

    @property
    def missing(self) -> list[str]:
        return sorted(self.expected - self.found)

    @property
    def extra(self) -> list[str]:
        return sorted(self.found - self.expected)


def _verification_rows(
    session: DemoSession,
    reads: Sequence[_Read],
    found: Mapping[str, set[str]],
    outcome: _Outcome,
    target: _Target,
) -> list[_Row]:
    expected: dict[str, set[str]] = {kind: set() for kind in KIND_LABELS}
    for read in reads:
        expected[read.kind] |= read.expected
    links = {f"{k.tile_uuid}/{k.gridsquare_uuid}" for g in session.grids for k in g.tile_links}
    tiles = {t.uuid for g in session.grids for t in g.tiles}
    stored = target.stored_tile_links(tiles)
    rows = []
    for kind in KIND_LABELS:
        if kind == "tile_link":
            rows.append(
                _Row(
                    kind,
                    frozenset(links),
                    frozenset(outcome.link_keys if stored is None else stored),
                    "create answers" if stored is None else "stored rows",
                )
            )
        else:
            rows.append(
                _Row(kind, frozenset(expected[kind]), frozenset(found.get(kind, set())), "read")
            )
    return rows


def _differences(rows: Sequence[_Row], instructions: _Tally) -> list[str]:
    lines = []
    for row in rows:
        for what, uuids in (("missing", row.missing), ("extra", row.extra)):
            if uuids:
                shown = ", ".join(uuids[:5]) + (", ..." if len(uuids) > 5 else "")
                lines.append(f"{KIND_LABELS[row.kind]}: {len(uuids)} {what}: {shown}")
    unacknowledged = sorted(instructions.queued - instructions.acknowledged)
    if unacknowledged:
        lines.append(
            f"instructions: {len(unacknowledged)} of {len(instructions.queued)} "
            "not acknowledged: " + ", ".join(unacknowledged)
        )
    return lines


def _print_summary(
    console: Console,
    session: DemoSession,
    outcome: _Outcome,
    use_async: bool,
) -> None:
    from rich.table import Table

    table = Table(title=f"Demo summary (seed {session.seed})", title_justify="left")
    table.add_column("created", style="bold")
    table.add_column("count", justify="right")
    table.add_column("", style="dim")
    for kind, label in KIND_LABELS.items():
        note = ""
        if kind == "foilhole":
            note = f"{session.near_grid_bar():,} near the grid bar left out"
        table.add_row(label, f"{outcome.created.get(kind, 0):,}", note)
    total = sum(outcome.created.values())
    table.add_section()
    table.add_row("total entities", f"{total:,}", "")
    table.add_row(
        "requests",
        f"{outcome.requests:,}",
        "AsyncSmartEMAPIClient" if use_async else "SmartEMAPIClient",
    )
    table.add_row("retries", f"{outcome.retries:,}", f"{outcome.recovered} create(s) recovered")
    instructions = outcome.instructions
    table.add_row(
        "instructions",
        f"{len(instructions.queued)} queued",
        f"{instructions.received} received, "
        f"{len(instructions.acknowledged)} acknowledged (processed)",
    )
    table.add_row("elapsed", f"{outcome.seconds:.2f} s", "upload")
    rate = total / outcome.seconds if outcome.seconds > 0 else 0.0
    table.add_row("entities/s", f"{rate:,.0f}", "")
    console.print(table)


def _print_verification(console: Console, rows: Sequence[_Row], seconds: float) -> None:
    from rich.table import Table

    table = Table(title=f"Verification ({seconds:.2f} s)", title_justify="left")
    for name, justify in (
        ("kind", "left"),
        ("sent", "right"),
        ("on backend", "right"),
        ("missing", "right"),
        ("extra", "right"),
        ("from", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(
            KIND_LABELS[row.kind],
            f"{len(row.expected):,}",
            f"{len(row.found):,}",
            str(len(row.missing)),
            str(len(row.extra)),
            row.source,
        )
    console.print(table)
