"""The documentation built once per session (as ``make docs`` builds it), and the local
backend the guides' examples run against."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from smartem_ext.testing import FakeSmartEMBackend
from tests.support.token_issuer import TokenIssuer

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
AGENT_ID = "epu-agent-01"
# Set in the environment of the docs build: no page may show it (a default such as
# ``environ=os.environ`` must appear as written, never as the build machine's values).
ENV_SENTINEL = "smartem-docs-build-environment-must-not-leak"


@dataclass(frozen=True)
class BuiltDocs:
    html: Path
    doctrees: Path
    output: str


def sphinx(builder: str, out: Path, doctrees: Path) -> subprocess.CompletedProcess[str]:
    """``sphinx-build`` as ``make docs`` runs it: nitpicky, warnings are errors."""
    env = {**os.environ, "SMARTEM_DOCS_SENTINEL": ENV_SENTINEL, "PYTHONHASHSEED": "0"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-n",
            "-q",
            "-b",
            builder,
            "-d",
            str(doctrees),
            str(DOCS),
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="session")
def built_docs(tmp_path_factory: pytest.TempPathFactory) -> BuiltDocs:
    out = tmp_path_factory.mktemp("docs")
    done = sphinx("html", out / "html", out / "doctrees")
    assert done.returncode == 0, f"the docs build failed:\n{done.stdout}\n{done.stderr}"
    return BuiltDocs(out / "html", out / "doctrees", done.stdout + done.stderr)


@dataclass(frozen=True)
class Backend:
    """A local backend that demands tokens from a local Keycloak stand-in."""

    backend: FakeSmartEMBackend
    issuer: TokenIssuer
    session_id: str
    folder: Path


@pytest.fixture
def agent_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Backend]:
    """What the guides' examples expect: ``keycloak.env`` in the working directory and
    ``SMARTEM_URL``, ``SMARTEM_AGENT_ID``, ``SMARTEM_SESSION_ID`` in the environment."""
    with TokenIssuer(realm="smartem", clients={AGENT_ID: "tour-secret"}) as issuer:

        def valid(token: str) -> bool:
            try:
                issuer.decode(token)
            except Exception:
                return False
            return True

        with FakeSmartEMBackend(require_auth=True, token_validator=valid) as backend:
            session_id = backend.create_session(AGENT_ID)
            write_keycloak_env(tmp_path, issuer.url)
            monkeypatch.chdir(tmp_path)
            monkeypatch.setenv("SMARTEM_URL", backend.url)
            monkeypatch.setenv("SMARTEM_AGENT_ID", AGENT_ID)
            monkeypatch.setenv("SMARTEM_SESSION_ID", session_id)
            monkeypatch.delenv("SMARTEM_OUTBOX", raising=False)
            yield Backend(backend, issuer, session_id, tmp_path)


def write_keycloak_env(folder: Path, issuer_url: str) -> Path:
    env_file = folder / "keycloak.env"
    env_file.write_text(
        f"KEYCLOAK_URL={issuer_url}\nKEYCLOAK_REALM=smartem\n"
        f"KEYCLOAK_CLIENT_ID={AGENT_ID}\nKEYCLOAK_CLIENT_SECRET=tour-secret\n",
        encoding="utf-8",
    )
    env_file.chmod(0o600)
    return env_file


def queue_an_instruction_once_listening(
    backend: FakeSmartEMBackend, session_id: str
) -> threading.Event:
    """Queue one instruction as soon as the session's stream is open (the examples that
    listen stop after one); the event is set once it is queued."""
    queued = threading.Event()

    def feed() -> None:
        waiting = threading.Event()
        for _ in range(1200):
            if backend.active_streams(session_id):
                backend.queue_instruction(session_id, instruction_type="microscope.pause")
                queued.set()
                return
            waiting.wait(0.05)

    threading.Thread(target=feed, daemon=True).start()
    return queued
