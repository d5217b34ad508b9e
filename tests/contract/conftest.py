"""A Prism mock server built from the spec, shared by every contract test of the session.

Prism validates each request against the spec. A request it finds invalid is answered with
422 and an ``sl-violations`` header; the ``client`` fixture fails the test on such an answer
unless the test expects it (``violations.expected()``).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smartem_api import AuthenticatedClient, Client
from tests.contract.calls import ClientFactory, Violations
from tests.support.spec import REPO, SPEC_PATH

PRISM = REPO / "node_modules" / ".bin" / "prism"
START_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 10.0
TOKEN = "contract-test-token"
HERE = Path(__file__).resolve().parent

_started: dict[str, float | str] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.contract)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _started:
        terminalreporter.write_line(
            f"prism: mock server started in {_started['seconds']:.2f}s at {_started['url']}"
        )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT_SECONDS)


def _wait_until_ready(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log.read_text(encoding="utf-8", errors="replace")
            raise RuntimeError(f"prism exited with {process.returncode} while starting:\n{output}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{base_url}/health", timeout=1.0).status_code == 200:
                return
        time.sleep(0.1)
    _stop(process)
    output = log.read_text(encoding="utf-8", errors="replace")
    raise RuntimeError(
        f"prism did not answer at {base_url} within {START_TIMEOUT_SECONDS:.0f}s:\n{output}"
    )


@pytest.fixture(scope="session")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a running ``prism mock`` of the spec (static examples)."""
    if not PRISM.exists():
        raise RuntimeError(f"{PRISM.relative_to(REPO)} is missing: run make node")
    if shutil.which("node") is None:
        raise RuntimeError("node is not on PATH; Prism needs Node.js (then run make node)")
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("prism") / "prism.log"
    command = [
        str(PRISM),
        "mock",
        str(SPEC_PATH.relative_to(REPO)),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "--dynamic=false",
    ]
    started = time.monotonic()
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=REPO, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(process, base_url, log)
        _started.update(seconds=time.monotonic() - started, url=base_url)
        yield base_url
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def violations() -> Violations:
    return Violations()


@pytest.fixture(autouse=True)
def _fresh_violations(violations: Violations) -> None:
    violations.last_response = None


@pytest.fixture(scope="session")
def client_with(prism: str, violations: Violations) -> Iterator[ClientFactory]:
    """Clients of the Prism server: ``client_with(headers, token=...)``, shared by the session.

    ``token=None`` gives a client that sends no ``Authorization`` header.
    """
    built: dict[tuple[tuple[tuple[str, str], ...], str | None], AuthenticatedClient | Client] = {}
    hooks = {"event_hooks": {"response": [violations.check]}}

    def build(headers: dict[str, str], token: str | None = TOKEN) -> AuthenticatedClient | Client:
        key = (tuple(sorted(headers.items())), token)
        if key not in built:
            if token is None:
                built[key] = Client(base_url=prism, headers=headers, httpx_args=hooks)
            else:
                built[key] = AuthenticatedClient(
                    base_url=prism, token=token, headers=headers, httpx_args=hooks
                )
        return built[key]

    yield build
    for client in built.values():
        client.get_httpx_client().close()


@pytest.fixture(scope="session")
def client(client_with: ClientFactory) -> AuthenticatedClient:
    """The generated client on the Prism server, with a dummy bearer token."""
    authenticated = client_with({})
    assert isinstance(authenticated, AuthenticatedClient)
    return authenticated
