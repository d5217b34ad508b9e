"""``smartem-ext``: the SmartEM client on the command line (install the ``cli`` extra).

::

    smartem-ext health --base-url URL
    smartem-ext status --base-url URL --keycloak-env agent.env
    smartem-ext listen --base-url URL --agent-id A --session-id S --ack --json
    smartem-ext demo [--base-url URL] [--async]
    smartem-ext outbox status FILE
    smartem-ext outbox drain FILE --base-url URL
    smartem-ext --version

Errors are one line on stderr and a non-zero exit; ``--debug`` shows tracebacks and logs
every request.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from smartem_ext import __version__
from smartem_ext.auth import BearerToken, KeycloakAuth
from smartem_ext.cli import _outbox
from smartem_ext.cli._demo_session import DemoSizes
from smartem_ext.cli._program import EXIT_FAILED, EXIT_OK, EXIT_UNREACHABLE, PROG
from smartem_ext.client import SmartEMAPIClient
from smartem_ext.errors import (
    InstructionStreamError,
    InvalidResponse,
    ServerError,
    SmartEMError,
    TransportError,
)
from smartem_ext.sse import SSEAgentClient

__all__ = ["main"]

HEALTHY = frozenset({"ok", "healthy"})


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
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="show the version"
    )
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

    outbox = command(
        "outbox",
        "show or drain an outbox journal",
        "Inspect an outbox journal file, or deliver what it holds.",
    )
    _outbox.configure(outbox, _connection_options, _client)
    return parser


def _client(args: argparse.Namespace) -> SmartEMAPIClient:
    return SmartEMAPIClient(
        _base_url(args), timeout=args.timeout, auth=_auth(args), verify=not args.insecure
    )


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


def _demo(args: argparse.Namespace) -> int:
    from smartem_ext.cli._demo import run_demo

    return run_demo(args, _auth(args), _base_url(args) if args.base_url else None)
