"""The package as a user gets it: the wheel and sdist built from a clone without tags (and
from a tree without git), checked with twine, and the wheel installed with no extras into
a fresh venv of each Python here, where the quickstart runs against a fake backend served
from the project's own venv.

The fresh venvs install offline from the runtime dependencies' wheels that ``make
wheelhouse`` (part of ``make test``) downloads into ``.venv/wheelhouse``.
"""

from __future__ import annotations

import glob
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

from smartem_ext.testing import FakeSmartEMBackend
from tests.docs.conftest import (
    AGENT_ID,
    ROOT,
    queue_an_instruction_once_listening,
    write_keycloak_env,
)
from tests.docs.test_guides import python_blocks
from tests.support.token_issuer import TokenIssuer

WHEELHOUSE = Path(sys.prefix) / "wheelhouse"
PYTHONS = ["3.11", "3.12", "3.13"]
DEV_VERSION = re.compile(r"\d+\.\d+\.\d+\.dev\d+\+g[0-9a-f]+(\.d\d{8})?")


@dataclass(frozen=True)
class Built:
    wheel: Path
    sdist: Path
    version: str


def run(*command: str | Path, cwd: Path | None = None, timeout: float = 600) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        check=False,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONPATH": ""},
    )
    assert done.returncode == 0, f"{command}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def copy_of_the_tree(target: Path) -> Path:
    """The files of this checkout (tracked, and new ones not ignored), without git."""
    listed = run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def build(tree: Path, out: Path) -> Built:
    """sdist, then the wheel from the sdist, as ``python -m build`` does; offline."""
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, tree)
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    version = wheel.name.split("-")[1]
    return Built(wheel, sdist, version)


@pytest.fixture(scope="module")
def untagged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Built]:
    """A git repository holding this tree in one commit, and no tag."""
    clone = copy_of_the_tree(tmp_path_factory.mktemp("clone"))
    git = ("git", "-c", "user.name=test", "-c", "user.email=test@example.org")
    run(*git, "init", "--quiet", cwd=clone)
    run(*git, "add", "--all", cwd=clone)
    run(*git, "commit", "--quiet", "-m", "untagged", cwd=clone)
    assert run("git", "tag", "--list", cwd=clone) == ""
    return clone, build(clone, tmp_path_factory.mktemp("dist"))


def test_a_clone_without_tags_builds_a_dev_version(untagged: tuple[Path, Built]) -> None:
    _clone, built = untagged
    assert DEV_VERSION.fullmatch(built.version), built.version
    with zipfile.ZipFile(built.wheel) as wheel:
        names = wheel.namelist()
        version_file = wheel.read("smartem_ext/_version.py").decode()
    assert f'__version__ = "{built.version}"' in version_file
    assert "smartem_api/models/__init__.py" in names
    assert "smartem_ext/testing/smartem-backend.yaml" in names
    assert not [n for n in names if n.startswith(("tests/", "docs/"))]


def test_twine_accepts_the_wheel_and_sdist(untagged: tuple[Path, Built]) -> None:
    _clone, built = untagged
    run(sys.executable, "-m", "twine", "check", "--strict", built.wheel, built.sdist)


def test_an_editable_install_of_the_clone_writes_the_version(untagged: tuple[Path, Built]) -> None:
    """``pip install -e .`` calls the build backend's editable hook: it must work untagged."""
    clone, built = untagged
    out = clone / "editable-dist"
    program = f"from hatchling.build import build_editable; print(build_editable({str(out)!r}))"
    wheel = run(sys.executable, "-c", program, cwd=clone).strip().splitlines()[-1]
    assert wheel.startswith(f"smartem_client-{built.version.split('+')[0]}")
    assert (clone / "smartem_ext" / "_version.py").read_text().count(built.version.split("+")[0])


def test_a_tree_without_git_builds_the_fallback_version(tmp_path: Path) -> None:
    tree = copy_of_the_tree(tmp_path / "tree")
    built = build(tree, tmp_path / "dist")
    assert built.version == "0.2.0.dev0"


def interpreter(version: str) -> str | None:
    """A Python of this minor version: pyenv's, on PATH, or the one running the tests."""
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    patterns = [root / "versions" / f"{version}.*" / "bin" / "python3"]
    if os.environ.get("RUNNER_TOOL_CACHE"):  # GitHub's runners keep several Pythons there
        cache = Path(os.environ["RUNNER_TOOL_CACHE"])
        patterns.append(cache / "Python" / f"{version}.*" / "x64" / "bin" / "python3")
    for pattern in patterns:
        for found in sorted(glob.glob(str(pattern))):
            return found
    on_path = shutil.which(f"python{version}")
    if on_path:
        return on_path
    if f"{sys.version_info[0]}.{sys.version_info[1]}" == version:
        return sys.executable
    return None


CHECK = """
import importlib.metadata, importlib.util, smartem_ext
from smartem_ext.http import _USER_AGENT
print(smartem_ext.__version__)
print(importlib.metadata.version("smartem-client"))
print(_USER_AGENT)
print([m for m in ("requests", "starlette", "rich") if importlib.util.find_spec(m)])
"""


@pytest.mark.timeout(600)
@pytest.mark.parametrize("version", PYTHONS)
def test_the_wheel_installs_with_no_extras_and_runs_the_quickstart(
    version: str, untagged: tuple[Path, Built], tmp_path: Path
) -> None:
    python = interpreter(version)
    if python is None:
        pytest.skip(f"no Python {version} on this machine (pyenv, PATH)")
    assert (WHEELHOUSE / ".done").exists(), "run `make wheelhouse` (make test does)"
    _clone, built = untagged
    venv = tmp_path / "venv"
    run(python, "-m", "venv", "--without-pip", venv)
    venv_python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        venv_python,
        "install",
        "--quiet",
        "--no-index",
        "--find-links",
        WHEELHOUSE,
        "--no-cache-dir",
        built.wheel,
    )

    # Run from the test's folder: from the repository, ``-c`` would import its source tree.
    seen = run(venv_python, "-c", CHECK, cwd=tmp_path).splitlines()
    seen_version, metadata_version, user_agent, extras = seen
    assert seen_version == metadata_version == built.version
    assert user_agent.startswith(f"smartem-client/{built.version} httpx/")
    assert extras == "[]"
    running = run(venv_python, "-c", "import sys; print(sys.version_info[:2])", cwd=tmp_path)
    running = running.strip()
    assert running == f"({version.replace('.', ', ')})"

    script = tmp_path / "quickstart.py"
    script.write_text("\n\n".join(python_blocks("guides/quickstart.md")), encoding="utf-8")
    with (
        TokenIssuer(realm="smartem", clients={AGENT_ID: "tour-secret"}) as issuer,
        FakeSmartEMBackend(require_auth=True, token_validator=_validator(issuer)) as backend,
    ):
        session_id = backend.create_session(AGENT_ID)
        write_keycloak_env(tmp_path, issuer.url)
        queued = queue_an_instruction_once_listening(backend, session_id)
        done = subprocess.run(
            [str(venv_python), str(script)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=300,
            check=False,
            env={
                **os.environ,
                "PYTHONPATH": "",
                "SMARTEM_URL": backend.url,
                "SMARTEM_AGENT_ID": AGENT_ID,
                "SMARTEM_SESSION_ID": session_id,
            },
        )
        assert done.returncode == 0, done.stderr[-4000:]
        assert queued.is_set()
        assert len(backend.entities("foilhole")) == 20
    for line in ("10 foil holes registered", "11 writes delivered", "1 instruction received"):
        assert line in done.stdout
    print(f"Python {version} ({python}): wheel {built.wheel.name} installed, quickstart ran")


def _validator(issuer: object) -> object:
    def valid(token: str) -> bool:
        try:
            issuer.decode(token)  # type: ignore[attr-defined]
        except Exception:
            return False
        return True

    return valid


class _Recorder(http.server.BaseHTTPRequestHandler):
    agents: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.agents.append(self.headers.get("User-Agent", ""))
        body = json.dumps({"status": "ok"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_one_version_in_the_module_the_command_and_the_user_agent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import smartem_ext
    from smartem_ext import SmartEMAPIClient
    from smartem_ext.cli import main

    version = smartem_ext.__version__
    written = ROOT / "smartem_ext" / "_version.py"  # by the build (make venv installs)
    if written.exists():
        assert f'__version__ = "{version}"' in written.read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"smartem-ext {version}"

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        with SmartEMAPIClient(url, retry=None) as client:
            client.get_health()
    finally:
        server.shutdown()
        server.server_close()
    assert _Recorder.agents[-1].startswith(f"smartem-client/{version} httpx/")
