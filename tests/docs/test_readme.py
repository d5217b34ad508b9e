"""Every Python example in README.md runs, in order, against a local backend with auth."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smartem_ext.testing import FakeSmartEMBackend
from tests.support.token_issuer import TokenIssuer

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
AGENT_ID = "epu-agent-01"


def python_blocks() -> list[str]:
    return BLOCK.findall(README.read_text(encoding="utf-8"))


@pytest.fixture
def environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[FakeSmartEMBackend, TokenIssuer, str]]:
    with TokenIssuer(realm="smartem", clients={AGENT_ID: "tour-secret"}) as issuer:

        def valid(token: str) -> bool:
            try:
                issuer.decode(token)
            except Exception:
                return False
            return True

        with FakeSmartEMBackend(require_auth=True, token_validator=valid) as backend:
            session_id = backend.create_session(AGENT_ID)
            env_file = tmp_path / "keycloak.env"
            env_file.write_text(
                f"KEYCLOAK_URL={issuer.url}\nKEYCLOAK_REALM=smartem\n"
                f"KEYCLOAK_CLIENT_ID={AGENT_ID}\nKEYCLOAK_CLIENT_SECRET=tour-secret\n",
                encoding="utf-8",
            )
            env_file.chmod(0o600)
            monkeypatch.chdir(tmp_path)
            monkeypatch.setenv("SMARTEM_URL", backend.url)
            monkeypatch.setenv("SMARTEM_AGENT_ID", AGENT_ID)
            monkeypatch.setenv("SMARTEM_SESSION_ID", session_id)
            yield backend, issuer, session_id


def test_readme_has_the_tour_examples() -> None:
    blocks = python_blocks()
    assert len(blocks) >= 4
    assert any("KeycloakAuth.from_env_file" in block for block in blocks)
    assert any("stream_instructions" in block for block in blocks)


@pytest.mark.timeout(60)
def test_readme_examples_run_in_order(
    environment: tuple[FakeSmartEMBackend, TokenIssuer, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    backend, issuer, session_id = environment
    # The stream example waits for an instruction: queue one once it is listening.
    queued = threading.Event()

    def queue_when_listening() -> None:
        for _ in range(600):
            if backend.active_streams(session_id):
                backend.queue_instruction(session_id, instruction_type="microscope.pause")
                queued.set()
                return
            threading.Event().wait(0.05)

    feeder = threading.Thread(target=queue_when_listening, daemon=True)
    feeder.start()
    namespace: dict[str, Any] = {"__name__": "readme"}
    for number, block in enumerate(python_blocks(), start=1):
        try:
            exec(compile(block, f"README.md python block {number}", "exec"), namespace)
        except Exception as error:
            pytest.fail(f"README python block {number} failed: {error!r}")
    feeder.join(timeout=5)

    output = capsys.readouterr().out
    assert queued.is_set()
    assert "10 foil holes registered" in output
    assert "instruction: microscope.pause" in output
    assert "11 writes delivered" in output  # the outbox step: one square and its 10 holes
    assert len(backend.entities("gridsquare")) == 4
    assert len(backend.entities("foilhole")) == 20
    assert [ack["status"] for ack in backend.acks(session_id)] == ["processed"]
    assert issuer.tokens_issued >= 1
