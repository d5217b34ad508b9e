"""Every Python example in README.md runs, in order, against a local backend with auth."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.docs.conftest import Backend

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def python_blocks() -> list[str]:
    return BLOCK.findall(README.read_text(encoding="utf-8"))


def test_readme_has_the_tour_examples() -> None:
    blocks = python_blocks()
    assert len(blocks) >= 4
    assert any("KeycloakAuth.from_env_file" in block for block in blocks)
    assert any("stream_instructions" in block for block in blocks)


@pytest.mark.timeout(60)
def test_readme_examples_run_in_order(
    agent_environment: Backend, capsys: pytest.CaptureFixture[str]
) -> None:
    backend, issuer = agent_environment.backend, agent_environment.issuer
    session_id = agent_environment.session_id
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
