"""Run code in the real backend's Python, where the existing agent is installed, on smartem_ext.

smartem_ext and the generated package are put on that interpreter's path from this checkout
through a private folder of links, so the cached environment is never changed and two
checkouts can run at once.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.support.real_backend import ensure_backend_venv

REPO = Path(__file__).resolve().parents[2]
AGENT_RUN = Path(__file__).with_name("agent_run.py")


def overlay(folder: Path) -> Path:
    """A folder holding only smartem_ext and smartem_api (links into this checkout)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, target in (
        ("smartem_ext", REPO / "smartem_ext"),
        ("smartem_api", REPO / "generated" / "smartem_api"),
    ):
        link = folder / name
        if not link.exists():
            link.symlink_to(target, target_is_directory=True)
    return folder


def agent_python_env(folder: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for the backend venv's Python with smartem_ext importable."""
    env = {**os.environ, "PYTHONPATH": str(overlay(folder)), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("VIRTUAL_ENV", None)
    env.pop("SMARTEM_OUTBOX", None)
    env.update(extra or {})
    return env


def run_in_agent_python(
    args: Sequence[str],
    folder: Path,
    timeout: float = 300,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the backend venv's Python with ``args``, smartem_ext importable; check=False."""
    python = ensure_backend_venv().python
    return subprocess.run(
        [str(python), *args],
        env=agent_python_env(folder, env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=folder,
    )


def start_in_agent_python(
    args: Sequence[str], folder: Path, env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start the backend venv's Python with ``args``; its output goes to ``folder/output.txt``."""
    python = ensure_backend_venv().python
    with open(folder / "output.txt", "ab") as output:
        return subprocess.Popen(
            [str(python), *args],
            env=agent_python_env(folder, env),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=folder,
        )
