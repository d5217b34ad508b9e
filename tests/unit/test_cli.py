"""smartem_ext.cli: the `smartem-ext` command, in-process and as the installed console script."""

from __future__ import annotations

import http.server
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from smartem_ext import AcquisitionData, GridData, SmartEMAPIClient
from smartem_ext.cli import _main as cli
from smartem_ext.cli import main
from smartem_ext.cli._demo_session import DemoSizes, generate_session
from smartem_ext.sse import SSEAgentClient
from smartem_ext.testing import FakeSmartEMBackend
from tests.support.token_issuer import TokenIssuer

SCRIPT = Path(sys.executable).parent / "smartem-ext"
COMMANDS = ("health", "status", "listen", "demo")
TINY = ["--grids", "1", "--tiles", "2", "--gridsquares", "5", "--foilholes", "3"]
TINY += ["--micrographs", "4", "--no-progress"]
VERIFIED = "verified: backend state equals what was sent"


@pytest.fixture
def backend() -> Iterator[FakeSmartEMBackend]:
    with FakeSmartEMBackend() as fake:
        yield fake


@pytest.fixture
def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def issuer() -> Iterator[TokenIssuer]:
    with TokenIssuer(realm="smartem", clients={"demo-agent": "s3cret"}) as running:
        yield running


def keycloak_env(path: Path, issuer: TokenIssuer, mode: int) -> Path:
    path.write_text(
        f"KEYCLOAK_URL={issuer.url}\nKEYCLOAK_REALM={issuer.realm}\n"
        "KEYCLOAK_CLIENT_ID=demo-agent\nKEYCLOAK_CLIENT_SECRET=s3cret\n"
    )
    path.chmod(mode)
    return path


def valid_for(issuer: TokenIssuer) -> Callable[[str], bool]:
    def valid(token: str) -> bool:
        try:
            issuer.decode(token)
        except Exception:
            return False
        return True

    return valid


def run_script(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    assert SCRIPT.exists(), f"{SCRIPT} is missing: reinstall the package (make venv)"
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def wait_for(condition: Callable[[], object], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


# ---------------------------------------------------------------------------- help


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert all(command in out for command in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert f"usage: smartem-ext {command}" in capsys.readouterr().out


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_console_script_help(command: str | None) -> None:
    result = run_script(*([command] if command else []), "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: smartem-ext{f' {command}' if command else ''}")


def test_missing_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    assert "usage:" in capsys.readouterr().err


# ---------------------------------------------------------------------------- health, status


@pytest.mark.parametrize("command", ["health", "status"])
def test_healthy_backend_exits_0_with_one_line(
    command: str, backend: FakeSmartEMBackend, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, "--base-url", backend.url]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"{command} ok")
    assert captured.out.count("\n") == 1
    assert captured.err == ""


@pytest.mark.parametrize("command", ["health", "status"])
def test_unreachable_backend_exits_2_with_one_line(
    command: str, closed_port_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, "--base-url", closed_port_url]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("smartem-ext: error: unreachable: ")
    assert "Traceback" not in captured.err


def test_console_script_unreachable_exits_2_without_traceback(closed_port_url: str) -> None:
    result = run_script("health", "--base-url", closed_port_url)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_module_runs_the_command_where_no_script_is_installed(closed_port_url: str) -> None:
    command = [sys.executable, "-m", "smartem_ext.cli", "health", "--base-url", closed_port_url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("smartem-ext: error: unreachable: ")
    assert len(result.stderr.splitlines()) == 1


def test_debug_shows_the_traceback(
    closed_port_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--debug", "status", "--base-url", closed_port_url]) == 2
    assert "Traceback" in capsys.readouterr().err


@pytest.fixture
def degraded_url() -> Iterator[str]:
    """A backend whose message broker is down: /health answers 503 with the report."""
    report = {
        "status": "degraded",
        "services": {
            "database": {"status": "ok", "details": "connected"},
            "event_broker": {"status": "error", "details": "connection refused"},
        },
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps({"detail": report}).encode()
            self.send_response(503)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_degraded_health_exits_1_with_one_line(
    degraded_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["health", "--base-url", degraded_url]) == 1
    captured = capsys.readouterr()
    assert captured.out == "health degraded: database ok, event_broker error (connection refused)\n"
    assert captured.err == ""


def test_server_error_without_a_report_is_one_line(
    backend: FakeSmartEMBackend, capsys: pytest.CaptureFixture[str]
) -> None:
    backend.fail_next(1, status=500, path_prefix="/status")
    assert main(["status", "--base-url", backend.url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("smartem-ext: error: GET /status -> 500")
    assert err.count("\n") == 1


def test_missing_token_variable_is_one_line(
    backend: FakeSmartEMBackend, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMARTEM_TEST_TOKEN", raising=False)
    assert main(["status", "--base-url", backend.url, "--token-env", "SMARTEM_TEST_TOKEN"]) == 1
    assert capsys.readouterr().err == (
        "smartem-ext: error: environment variable SMARTEM_TEST_TOKEN is not set or empty\n"
    )


def test_token_from_environment_is_sent(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMARTEM_TEST_TOKEN", "t0ken")
    with FakeSmartEMBackend(require_auth=True, token_validator=lambda t: t == "t0ken") as fake:
        args = ["--base-url", fake.url, "--token-env", "SMARTEM_TEST_TOKEN"]
        assert main(["demo", *args, *TINY, "--seed", "3"]) == 0
    assert VERIFIED in capsys.readouterr().out


def test_readable_keycloak_env_file_warns(
    tmp_path: Path,
    issuer: TokenIssuer,
    backend: FakeSmartEMBackend,
    capsys: pytest.CaptureFixture[str],
) -> None:
    env = keycloak_env(tmp_path / "agent.env", issuer, 0o644)
    assert main(["health", "--base-url", backend.url, "--keycloak-env", str(env)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("smartem-ext: warning: ")
    assert "chmod 600" in err
    assert err.count("\n") == 1
    assert issuer.tokens_issued >= 1


def test_private_keycloak_env_file_is_quiet(
    tmp_path: Path,
    issuer: TokenIssuer,
    backend: FakeSmartEMBackend,
    capsys: pytest.CaptureFixture[str],
) -> None:
    env = keycloak_env(tmp_path / "agent.env", issuer, 0o600)
    assert main(["status", "--base-url", backend.url, "--keycloak-env", str(env)]) == 0
    assert capsys.readouterr().err == ""


def test_missing_keycloak_env_file_is_one_line(
    tmp_path: Path, backend: FakeSmartEMBackend, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "absent.env"
    assert main(["health", "--base-url", backend.url, "--keycloak-env", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "absent.env" in err


# ---------------------------------------------------------------------------- demo


def test_demo_with_a_tiny_workload_is_verified(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", *TINY, "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "Demo summary (seed 1)" in out
    for label in ("grid squares", "foil holes", "micrographs", "requests", "entities/s"):
        assert label in out
    assert "3 received, 3 acknowledged (processed)" in out
    assert out.rstrip().endswith(VERIFIED)


def test_async_demo_is_verified(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", *TINY, "--seed", "2", "--async"]) == 0
    out = capsys.readouterr().out
    assert "AsyncSmartEMAPIClient" in out
    assert VERIFIED in out


def test_console_script_demo_with_progress_bars() -> None:
    args = [a for a in TINY if a != "--no-progress"]
    result = run_script("demo", *args, "--seed", "4")
    assert result.returncode == 0, result.stderr
    assert "Demo summary" in result.stdout
    assert VERIFIED in result.stdout
    assert "Traceback" not in result.stderr


def test_demo_against_a_backend_url_uses_the_debug_endpoints(
    tmp_path: Path, issuer: TokenIssuer, capsys: pytest.CaptureFixture[str]
) -> None:
    env = keycloak_env(tmp_path / "agent.env", issuer, 0o600)
    with FakeSmartEMBackend(require_auth=True, token_validator=valid_for(issuer)) as fake:
        args = ["--base-url", fake.url, "--keycloak-env", str(env)]
        assert main(["demo", *args, *TINY, "--seed", "5"]) == 0
    captured = capsys.readouterr()
    assert "agent test-agent" in captured.out  # the debug endpoint's default agent
    assert VERIFIED in captured.out
    assert captured.err == ""


def test_demo_reports_what_the_backend_has_in_excess(capsys: pytest.CaptureFixture[str]) -> None:
    seed = 6
    sizes = DemoSizes(grids=1, tiles=2, gridsquares=5, foilholes=3, micrographs=4)
    acquisition: AcquisitionData = generate_session(sizes, seed).acquisition
    with FakeSmartEMBackend() as fake:
        with SmartEMAPIClient(fake.url) as client:
            client.create_acquisition(acquisition)
            client.create_acquisition_grid(
                GridData(data_dir="/data/stray-grid", acquisition_data=acquisition)
            )
        assert main(["demo", "--base-url", fake.url, *TINY, "--seed", str(seed)]) == 1
    captured = capsys.readouterr()
    assert "smartem-ext: difference: grids: 1 extra" in captured.err
    assert "NOT verified" in captured.out
    assert VERIFIED not in captured.out


def test_demo_rejects_bad_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--grids", "0"])
    assert exit_info.value.code == 2
    assert "--grids: must be at least 1" in capsys.readouterr().err


# ---------------------------------------------------------------------------- listen


@pytest.mark.timeout(60)
def test_listen_prints_and_acknowledges_then_ends_on_ctrl_c(backend: FakeSmartEMBackend) -> None:
    session = backend.create_session("scope-1")
    base = ["--base-url", backend.url, "--agent-id", "scope-1", "--session-id", session]
    listener = subprocess.Popen(
        [str(SCRIPT), "listen", *base, "--ack", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: backend.active_streams(session) == 1)
        instruction = backend.queue_instruction(session, "demo.test", {"n": 1})
        assert listener.stdout is not None
        event = json.loads(listener.stdout.readline())
        assert event["instruction_id"] == instruction
        assert event["instruction_type"] == "demo.test"
        assert event["payload"] == {"n": 1}
        assert event["acknowledged"] == "processed"
        assert [(a["instruction_id"], a["status"]) for a in backend.acks(session)] == [
            (instruction, "processed")
        ]
        listener.send_signal(signal.SIGINT)
        out, err = listener.communicate(timeout=20)
    finally:
        if listener.poll() is None:
            listener.kill()
            listener.communicate()
    assert listener.returncode == 0, err
    assert out == ""
    assert "Traceback" not in err
    assert "connected" in err


class StopAfterOneInstruction(SSEAgentClient):
    """Ends the stream after the first instruction, as Ctrl-C would."""

    def stream_instructions(
        self,
        instruction_callback: Callable[[dict[str, Any]], object],
        connection_callback: Callable[[dict[str, Any]], object] | None = None,
        error_callback: Callable[[Exception], object] | None = None,
    ) -> None:
        def once(data: dict[str, Any]) -> None:
            instruction_callback(data)
            self.stop()

        super().stream_instructions(once, connection_callback, error_callback)


def test_listen_prints_a_human_line_per_instruction(
    backend: FakeSmartEMBackend,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli, "SSEAgentClient", StopAfterOneInstruction)
    session = backend.create_session("scope-2")
    instruction = backend.queue_instruction(session, "microscope.pause", {"why": "test"})
    base = ["--base-url", backend.url, "--agent-id", "scope-2", "--session-id", session]
    assert main(["listen", *base, "--ack"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert instruction in line
    assert 'microscope.pause priority=normal payload={"why": "test"}' in line
    assert line.endswith("[acknowledged processed]")
    assert [a["status"] for a in backend.acks(session)] == ["processed"]


def test_listen_without_ack_acknowledges_nothing(
    backend: FakeSmartEMBackend,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli, "SSEAgentClient", StopAfterOneInstruction)
    session = backend.create_session("scope-3")
    backend.queue_instruction(session)
    base = ["--base-url", backend.url, "--agent-id", "scope-3", "--session-id", session]
    assert main(["listen", *base, "--json"]) == 0
    event = json.loads(capsys.readouterr().out)
    assert "acknowledged" not in event
    assert backend.acks(session) == []


def test_listen_to_an_unknown_session_fails_in_one_line(
    backend: FakeSmartEMBackend, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--base-url", backend.url, "--agent-id", "nobody", "--session-id", "nope"]
    assert main(["listen", *base]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "session_validation_failed" in err
    assert "Traceback" not in err
