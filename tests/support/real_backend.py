"""Run the real SmartEM backend (``smartem-decisions``) locally for tests and demos.

The backend runs from its own virtual environment (Python >= 3.12, cached outside the
repository), against a throw-away PostgreSQL cluster and a local token issuer standing in
for Keycloak. RabbitMQ is not started: the backend logs the missing broker and carries on.

    with RealBackend() as backend:
        httpx.get(f"{backend.url}/acquisitions",
                  headers={"Authorization": f"Bearer {backend.token()}"})

``python -m tests.support.real_backend`` starts one and waits for Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import glob
import hashlib
import json
import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from .token_issuer import TokenIssuer

__all__ = [
    "BACKEND_REQUIREMENTS",
    "BackendSetupError",
    "PostgresBinaries",
    "RealBackend",
    "backend_venv_path",
    "ensure_backend_venv",
    "ensure_postgres_binaries",
    "find_backend_python",
]

BACKEND_PACKAGE = "smartem-decisions[backend,images]==0.1.3"
# Newer releases of these break the 0.1.3 backend at runtime (e.g. newer SQLModel rejects
# its naive datetimes), so the environment is pinned.
BACKEND_PINS: tuple[str, ...] = (
    "greenlet",
    "sqlmodel==0.0.27",
    "sqlalchemy==2.0.44",
    "fastapi==0.136.3",
    "pydantic==2.12.5",
    "starlette==1.1.0",
    "sse-starlette==3.0.3",
    "asyncpg==0.31.0",
)
# The existing agent (tests/agent) runs here too: its file watcher and parser, and this
# project's runtime dependencies so that smartem_ext imports from the same interpreter.
AGENT_REQUIREMENTS: tuple[str, ...] = (
    "lxml>=5,<7",
    "watchdog>=4,<7",
    "attrs>=23.1",
    "python-dateutil>=2.8",
    "httpx-retries>=0.6,<0.7",
    "sniffio>=1.3",
)
BACKEND_REQUIREMENTS: tuple[str, ...] = (BACKEND_PACKAGE, *BACKEND_PINS, *AGENT_REQUIREMENTS)

MIN_BACKEND_PYTHON = (3, 12)
PG_SUPERUSER = "smartem"
PG_PASSWORD = "smartem"
PG_DATABASE = "smartem"
DEFAULT_REALM = "smartem"
DEFAULT_AGENT_CLIENT_ID = "smartem-agent"

_MARKER = ".smartem-backend-install-ok"
_PG_RUN_USER_FALLBACK = "smartem-pg"
_STATUS_TIMEOUT = 90.0
_LOG_TAIL = 80


class BackendSetupError(RuntimeError):
    """The real backend, or something it needs, could not be provided."""


# ---------------------------------------------------------------------------- helpers


def _tail(path: Path, lines: int = _LOG_TAIL) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"<could not read {path}: {exc}>"
    return "\n".join(text.splitlines()[-lines:])


def _free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run(
    cmd: Sequence[str],
    *,
    what: str,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    user: str | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    """Run a command, raising BackendSetupError with its output when it fails."""
    identity: dict[str, Any] = {}
    if user is not None:
        entry = pwd.getpwnam(user)
        identity = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
    try:
        result = subprocess.run(
            list(cmd),
            env=dict(env) if env is not None else None,
            cwd=cwd,
            capture_output=True,
            start_new_session=True,
            **identity,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackendSetupError(f"{what} failed: {shlex.join(cmd)}: {exc}") from exc
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()[-_LOG_TAIL:]
        raise BackendSetupError(
            f"{what} failed (exit {result.returncode}): {shlex.join(cmd)}\n" + "\n".join(output)
        )
    return result


def _temp_parent() -> str | None:
    """Where to make temporary folders: one the unprivileged PostgreSQL user can traverse."""
    if os.geteuid() != 0:
        return None
    parent = Path(tempfile.gettempdir()).resolve()
    if all(path.stat().st_mode & 0o001 for path in (parent, *parent.parents)):
        return None
    return "/tmp"


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "smartem-client"


# ---------------------------------------------------------------------------- Python 3.12


def _python_version(executable: str) -> tuple[int, int] | None:
    env = dict(os.environ)
    hint = _pyenv_version_hint()
    if hint and "PYENV_VERSION" not in env:
        env["PYENV_VERSION"] = hint  # lets a pyenv shim resolve to the 3.12 interpreter
    try:
        out = subprocess.run(
            [executable, "-c", "import sys; print(sys.version_info[0], sys.version_info[1])"],
            capture_output=True,
            text=True,
            timeout=30,
            env=env,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    match = re.fullmatch(r"(\d+) (\d+)", out.stdout.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def _pyenv_root() -> Path:
    return Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")


def _pyenv_312_versions() -> list[str]:
    found = glob.glob(str(_pyenv_root() / "versions" / "3.12.*" / "bin" / "python3.12"))
    return sorted(
        (Path(p).parents[1].name for p in found),
        key=lambda v: [int(x) if x.isdigit() else 0 for x in v.split(".")],
        reverse=True,
    )


def _pyenv_version_hint() -> str | None:
    versions = _pyenv_312_versions()
    if "3.12.1" in versions:
        return "3.12.1"
    return versions[0] if versions else None


def _python_candidates() -> Iterator[str]:
    override = os.environ.get("SMARTEM_BACKEND_PYTHON")
    if override:
        yield override
    pyenv = shutil.which("pyenv")
    if pyenv:
        for version in _pyenv_312_versions():
            env = {**os.environ, "PYENV_VERSION": version}
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                out = subprocess.run(
                    [pyenv, "which", "python3.12"],
                    capture_output=True,
                    text=True,
                    env=env,
                    timeout=30,
                    check=False,
                )
                if out.returncode == 0 and out.stdout.strip():
                    yield out.stdout.strip()
    for version in _pyenv_312_versions():
        yield str(_pyenv_root() / "versions" / version / "bin" / "python3.12")
    if sys.version_info >= MIN_BACKEND_PYTHON:
        yield sys.executable
    for name in ("python3.12", "python3.13", "python3.14", "python3"):
        path = shutil.which(name)
        if path:
            yield path


def find_backend_python() -> str:
    """Find an interpreter >= 3.12 for the backend, or raise BackendSetupError."""
    tried: list[str] = []
    seen: set[str] = set()
    for candidate in _python_candidates():
        if candidate in seen:
            continue
        seen.add(candidate)
        version = _python_version(candidate)
        tried.append(f"{candidate} -> {'.'.join(map(str, version)) if version else 'unusable'}")
        if version is not None and version >= MIN_BACKEND_PYTHON:
            return candidate
    raise BackendSetupError(
        "The real SmartEM backend needs Python >= 3.12, and none was found.\n"
        "Install one (e.g. `pyenv install 3.12`) or point SMARTEM_BACKEND_PYTHON at it.\n"
        "Tried:\n  " + ("\n  ".join(tried) if tried else "<no candidates>")
    )


# ---------------------------------------------------------------------------- backend venv


def _requirements_hash() -> str:
    return hashlib.sha256("\n".join(BACKEND_REQUIREMENTS).encode()).hexdigest()[:12]


def backend_venv_path() -> Path:
    override = os.environ.get("SMARTEM_BACKEND_VENV")
    if override:
        return Path(override).expanduser()
    return _cache_root() / f"backend-venv-{_requirements_hash()}"


def _venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _venv_is_ready(venv: Path) -> bool:
    marker = venv / _MARKER
    if not marker.is_file():
        return False
    try:
        recorded = json.loads(marker.read_text())
    except (OSError, ValueError):
        return False
    if recorded.get("requirements") != list(BACKEND_REQUIREMENTS):
        return False
    version = _python_version(str(_venv_python(venv)))
    return version is not None and version >= MIN_BACKEND_PYTHON


@dataclass(frozen=True)
class VenvInfo:
    path: Path
    python: Path
    created: bool
    seconds: float


def ensure_backend_venv() -> VenvInfo:
    """Create (once) the backend's virtual environment and return where it is.

    A marker is written only after a complete, verified install, so an interrupted or
    failed install is redone from scratch next time.
    """
    started = time.monotonic()
    venv = backend_venv_path()
    with _file_lock(venv.parent / f".{venv.name}.lock"):
        if _venv_is_ready(venv):
            return VenvInfo(venv, _venv_python(venv), False, time.monotonic() - started)
        python = find_backend_python()
        if venv.exists():
            shutil.rmtree(venv)
        _run([python, "-m", "venv", str(venv)], what="Creating the backend venv", timeout=300)
        vpy = str(_venv_python(venv))
        pip_env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
        pip_env.pop("PYTHONPATH", None)
        pip_env.pop("VIRTUAL_ENV", None)
        pip_log = venv / "pip-install.log"
        try:
            _run(
                [vpy, "-m", "pip", "install", "--log", str(pip_log), *BACKEND_REQUIREMENTS],
                what="Installing the SmartEM backend into its venv",
                env=pip_env,
                timeout=1800,
            )
            _run(
                [
                    vpy,
                    "-c",
                    "import smartem_backend, uvicorn, sqlmodel, asyncpg, psycopg2, greenlet,"
                    " lxml, watchdog, attrs, dateutil, httpx_retries, sniffio",
                ],
                what="Checking the backend venv",
                env=pip_env,
                timeout=120,
            )
        except BackendSetupError as exc:
            raise BackendSetupError(f"{exc}\n(venv at {venv}; full pip log: {pip_log})") from exc
        (venv / _MARKER).write_text(
            json.dumps(
                {"requirements": list(BACKEND_REQUIREMENTS), "python": python, "at": time.time()}
            )
        )
        return VenvInfo(venv, _venv_python(venv), True, time.monotonic() - started)


# ---------------------------------------------------------------------------- PostgreSQL


@dataclass(frozen=True)
class PostgresBinaries:
    bindir: Path
    installed_now: bool = False

    @property
    def initdb(self) -> str:
        return str(self.bindir / "initdb")

    @property
    def pg_ctl(self) -> str:
        return str(self.bindir / "pg_ctl")

    @property
    def postgres(self) -> str:
        return str(self.bindir / "postgres")

    @property
    def createdb(self) -> str:
        return str(self.bindir / "createdb")

    @property
    def psql(self) -> str | None:
        local = self.bindir / "psql"
        return str(local) if os.access(local, os.X_OK) else shutil.which("psql")


_PG_TOOLS = ("initdb", "pg_ctl", "postgres", "createdb")


def _find_postgres_bindir() -> Path | None:
    candidates: list[Path] = []
    override = os.environ.get("SMARTEM_PG_BINDIR")
    if override:
        candidates.append(Path(override))
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)

    def version_key(path: str) -> int:
        name = Path(path).parent.name
        return int(name) if name.isdigit() else 0

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version_key, reverse=True)
    candidates.extend(Path(path) for path in found)
    for bindir in candidates:
        if all(os.access(bindir / tool, os.X_OK) for tool in _PG_TOOLS):
            return bindir
    return None


def ensure_postgres_binaries() -> PostgresBinaries:
    """Find initdb/pg_ctl/postgres; install Debian's postgresql with apt-get if absent."""
    bindir = _find_postgres_bindir()
    if bindir is not None:
        return PostgresBinaries(bindir)
    apt_get = shutil.which("apt-get")
    if apt_get is None:
        raise BackendSetupError(
            "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found and "
            "apt-get is not available to install them. Install PostgreSQL >= 13 or set "
            "SMARTEM_PG_BINDIR to its bin directory."
        )
    if os.geteuid() != 0:
        raise BackendSetupError(
            "PostgreSQL server binaries were not found, and installing them with apt-get "
            "needs root. Run `sudo apt-get install -y postgresql` or set SMARTEM_PG_BINDIR."
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    with _file_lock(_cache_root() / ".apt-postgresql.lock"):
        bindir = _find_postgres_bindir()
        if bindir is not None:
            return PostgresBinaries(bindir)
        _run([apt_get, "update"], what="apt-get update", env=env, timeout=900)
        _run(
            [apt_get, "install", "-y", "--no-install-recommends", "postgresql"],
            what="apt-get install postgresql",
            env=env,
            timeout=1800,
        )
    bindir = _find_postgres_bindir()
    if bindir is None:
        raise BackendSetupError(
            "apt-get installed postgresql but initdb/pg_ctl/postgres are still not found "
            "under /usr/lib/postgresql/*/bin."
        )
    return PostgresBinaries(bindir, installed_now=True)


def _postgres_run_user() -> str | None:
    """The account PostgreSQL runs as: None means the current (unprivileged) user."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", _PG_RUN_USER_FALLBACK):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    _run(
        [
            useradd,
            "--system",
            "--no-create-home",
            "--shell",
            "/usr/sbin/nologin",
            _PG_RUN_USER_FALLBACK,
        ],
        what="Creating an unprivileged user for PostgreSQL",
    )
    return _PG_RUN_USER_FALLBACK


class _Postgres:
    """A throw-away PostgreSQL cluster on 127.0.0.1 with trust auth."""

    def __init__(self, binaries: PostgresBinaries, base: Path) -> None:
        self.binaries = binaries
        self.base = base
        self.datadir = base / "data"
        self.sockdir = base / "sock"
        self.logfile = base / "postgres.log"
        self.user = _postgres_run_user()
        self.port = 0
        self.running = False

    def _env(self) -> dict[str, str]:
        env = self.client_env()
        env["LC_ALL"] = "C"
        env["LANG"] = "C"
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            env["HOME"] = str(self.base)
            env["USER"] = env["LOGNAME"] = entry.pw_name
        return env

    def client_env(self) -> dict[str, str]:
        return {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PG", "POSTGRES")) and key not in ("PYTHONPATH",)
        }

    def start(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        self.sockdir.mkdir(exist_ok=True)
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            for path in (self.base, self.sockdir):
                os.chown(path, entry.pw_uid, entry.pw_gid)
            self.base.chmod(0o700)
        _run(
            [
                self.binaries.initdb,
                "-D",
                str(self.datadir),
                "-U",
                PG_SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
                "--no-instructions",
            ],
            what="initdb",
            env=self._env(),
            cwd=self.base,
            user=self.user,
            timeout=300,
        )
        last_error: BackendSetupError | None = None
        for _attempt in range(3):
            self.port = _free_port()
            options = " ".join(
                [
                    "-c listen_addresses=127.0.0.1",
                    f"-c port={self.port}",
                    f"-c unix_socket_directories={shlex.quote(str(self.sockdir))}",
                    "-c fsync=off",
                    "-c synchronous_commit=off",
                    "-c full_page_writes=off",
                    "-c max_connections=200",
                ]
            )
            try:
                _run(
                    [
                        self.binaries.pg_ctl,
                        "-D",
                        str(self.datadir),
                        "-l",
                        str(self.logfile),
                        "-o",
                        options,
                        "-w",
                        "-t",
                        "60",
                        "start",
                    ],
                    what="pg_ctl start",
                    env=self._env(),
                    cwd=self.base,
                    user=self.user,
                    timeout=120,
                )
            except BackendSetupError as exc:
                log = _tail(self.logfile)
                last_error = BackendSetupError(f"{exc}\n--- postgres log ---\n{log}")
                self.stop()
                continue
            self.running = True
            break
        if not self.running:
            assert last_error is not None
            raise last_error
        _run(
            [
                self.binaries.createdb,
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                PG_SUPERUSER,
                PG_DATABASE,
            ],
            what="createdb",
            env=self._env(),
            cwd=self.base,
            user=self.user,
            timeout=60,
        )

    def stop(self) -> None:
        if not (self.datadir / "postmaster.pid").exists():
            self.running = False
            return
        for mode in ("fast", "immediate"):
            try:
                _run(
                    [
                        self.binaries.pg_ctl,
                        "-D",
                        str(self.datadir),
                        "-m",
                        mode,
                        "-w",
                        "-t",
                        "30",
                        "stop",
                    ],
                    what="pg_ctl stop",
                    env=self._env(),
                    cwd=self.base,
                    user=self.user,
                    timeout=60,
                )
            except BackendSetupError:
                continue
            break
        self.running = False


# ---------------------------------------------------------------------------- backend


_SCRUBBED_PREFIXES = ("POSTGRES_", "KEYCLOAK_", "RABBITMQ_", "SMARTEM_", "PG")
_SCRUBBED_KEYS = (
    "PYTHONPATH",
    "PYTHONHOME",
    "VIRTUAL_ENV",
    "SKIP_DB_INIT",
    "HTTP_API_PORT",
    "HTTP_API_HOST",
    "CORS_ALLOWED_ORIGINS",
    "ENVIRONMENT",
)

_CREATE_TABLES = """
import smartem_backend.model.database  # noqa: F401  (registers the tables)
from sqlmodel import SQLModel
from smartem_backend.utils import setup_postgres_connection

engine = setup_postgres_connection()
SQLModel.metadata.create_all(engine)
engine.dispose()
print("created", len(SQLModel.metadata.tables), "tables")
"""


class RealBackend:
    """The real SmartEM backend with PostgreSQL and a local token issuer, as a context manager.

    Attributes after start: ``url``, ``issuer`` (a TokenIssuer), ``client_id``,
    ``client_secret``, ``realm``, ``log_path``, ``env`` (what the backend process was given)
    and the timings ``venv_seconds``, ``venv_created``, ``postgres_seconds``,
    ``backend_seconds``, ``startup_seconds``.
    """

    def __init__(
        self,
        *,
        realm: str = DEFAULT_REALM,
        client_id: str = DEFAULT_AGENT_CLIENT_ID,
        client_secret: str | None = None,
        extra_clients: Mapping[str, str] | None = None,
        token_lifetime: int = 300,
        allowed_azp: Sequence[str] | None = None,
        extra_env: Mapping[str, str] | None = None,
        port: int | None = None,
        log_level: str = "INFO",
        keep_workdir: bool | None = None,
        startup_timeout: float = _STATUS_TIMEOUT,
    ) -> None:
        self.realm = realm
        self.client_id = client_id
        self.client_secret = client_secret or secrets.token_urlsafe(24)
        self._clients = {**(extra_clients or {}), client_id: self.client_secret}
        self._token_lifetime = token_lifetime
        self._allowed_azp = list(allowed_azp) if allowed_azp is not None else None
        self._extra_env = dict(extra_env or {})
        self._requested_port = port
        self._log_level = log_level
        if keep_workdir is None:
            keep_workdir = os.environ.get("SMARTEM_KEEP_BACKEND_DIR", "") not in ("", "0")
        self._keep_workdir = keep_workdir
        self._startup_timeout = startup_timeout

        self.workdir: Path | None = None
        self.port: int | None = None
        self.env: dict[str, str] = {}
        self.venv: VenvInfo | None = None
        self._issuer: TokenIssuer | None = None
        self._postgres: _Postgres | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._log_handle: Any = None

        self.venv_seconds = 0.0
        self.venv_created = False
        self.postgres_seconds = 0.0
        self.backend_seconds = 0.0
        self.startup_seconds = 0.0

    # ------------------------------------------------------------------ public API

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("RealBackend is not running")
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> TokenIssuer:
        if self._issuer is None:
            raise RuntimeError("RealBackend is not running")
        return self._issuer

    @property
    def log_path(self) -> Path:
        if self.workdir is None:
            raise RuntimeError("RealBackend is not running")
        return self.workdir / "backend.log"

    @property
    def postgres_port(self) -> int:
        if self._postgres is None:
            raise RuntimeError("RealBackend is not running")
        return self._postgres.port

    def token(self, client_id: str | None = None, *, lifetime: int | None = None) -> str:
        """A fresh bearer token for the registered agent client (not counted as issued)."""
        return self.issuer.mint(client_id or self.client_id, lifetime=lifetime)

    def auth_headers(self, client_id: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(client_id)}"}

    def agent_env(self) -> dict[str, str]:
        """The settings an agent needs to talk to this backend (dotenv keys)."""
        return {
            "SMARTEM_API_URL": self.url,
            "KEYCLOAK_URL": self.issuer.url,
            "KEYCLOAK_REALM": self.realm,
            "KEYCLOAK_CLIENT_ID": self.client_id,
            "KEYCLOAK_CLIENT_SECRET": self.client_secret,
        }

    def timings(self) -> dict[str, float | bool]:
        return {
            "venv_created": self.venv_created,
            "venv_seconds": round(self.venv_seconds, 2),
            "postgres_seconds": round(self.postgres_seconds, 2),
            "backend_seconds": round(self.backend_seconds, 2),
            "startup_seconds": round(self.startup_seconds, 2),
        }

    def pause(self) -> None:
        """Stop the backend process (SIGSTOP): it holds its connections and answers nothing."""
        self._signal(signal.SIGSTOP)

    def resume(self) -> None:
        """Let a paused backend run on (SIGCONT)."""
        self._signal(signal.SIGCONT)

    def kill_and_restart(self) -> None:
        """SIGKILL the backend process and start a new one on the same database and port."""
        self.kill()
        self.restart()

    def kill(self) -> None:
        """SIGKILL the backend process; PostgreSQL and the token issuer stay up.

        Until :meth:`restart`, connections to the backend's port are refused.
        """
        process, self._process = self._process, None
        if process is None:
            raise RuntimeError("RealBackend is not running")
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait(timeout=30)
        if self._log_handle is not None:
            self._log_handle.close()
            self._log_handle = None

    def restart(self) -> None:
        """Start the backend process again after :meth:`kill`, on the same database and port.

        Returns once the new process answers ``/status``.
        """
        if self._process is not None:
            raise RuntimeError("the backend process is still running")
        if self.port is None or self._postgres is None:
            raise RuntimeError("RealBackend was not started")
        self._start_uvicorn(self.port)

    @property
    def running(self) -> bool:
        """Whether the backend process is up (False between :meth:`kill` and :meth:`restart`)."""
        return self._process is not None and self._process.poll() is None

    def _signal(self, signum: signal.Signals) -> None:
        if self._process is None:
            raise RuntimeError("RealBackend is not running")
        self._process.send_signal(signum)

    def log_tail(self, lines: int = _LOG_TAIL) -> str:
        return _tail(self.log_path, lines)

    def sql(self, query: str) -> list[list[str]]:
        """Run SQL against the backend's database with psql; rows of text columns."""
        if self._postgres is None or not self._postgres.running:
            raise RuntimeError("RealBackend is not running")
        psql = self._postgres.binaries.psql
        if psql is None:
            raise BackendSetupError("psql was not found next to the PostgreSQL server binaries")
        result = _run(
            [
                psql,
                "-X",
                "-q",
                "-A",
                "-t",
                "-F",
                "\t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                str(self._postgres.port),
                "-U",
                PG_SUPERUSER,
                "-d",
                PG_DATABASE,
                "-c",
                query,
            ],
            what="psql",
            env={**self._postgres.client_env(), "PGCONNECT_TIMEOUT": "10"},
            timeout=60,
        )
        return [line.split("\t") for line in result.stdout.splitlines() if line]

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> RealBackend:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> RealBackend:
        started = time.monotonic()
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - started
        return self

    def _start(self) -> None:
        t0 = time.monotonic()
        self.venv = ensure_backend_venv()
        self.venv_seconds = time.monotonic() - t0
        self.venv_created = self.venv.created

        binaries = ensure_postgres_binaries()
        self.workdir = Path(tempfile.mkdtemp(prefix="smartem-backend-", dir=_temp_parent()))
        self.workdir.chmod(0o755)
        t1 = time.monotonic()
        self._postgres = _Postgres(binaries, self.workdir / "pg")
        self._postgres.start()
        self.postgres_seconds = time.monotonic() - t1

        self._issuer = TokenIssuer(
            realm=self.realm, clients=self._clients, token_lifetime=self._token_lifetime
        ).start()

        t2 = time.monotonic()
        self.env = self._backend_env()
        self._create_tables()
        self._start_uvicorn()
        self.backend_seconds = time.monotonic() - t2

    def _backend_env(self) -> dict[str, str]:
        assert self._postgres is not None
        assert self._issuer is not None
        assert self.workdir is not None
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(_SCRUBBED_PREFIXES) and key not in _SCRUBBED_KEYS
        }
        backend_env = {
            "POSTGRES_USER": PG_SUPERUSER,
            "POSTGRES_PASSWORD": PG_PASSWORD,
            "POSTGRES_HOST": "127.0.0.1",
            "POSTGRES_PORT": str(self._postgres.port),
            "POSTGRES_DB": PG_DATABASE,
            "KEYCLOAK_URL": self._issuer.url,
            "KEYCLOAK_REALM": self.realm,
            "SMARTEM_LOG_LEVEL": self._log_level,
            "SMARTEM_IMAGE_CACHE_DIR": str(self.workdir / "image-cache"),
            "ENVIRONMENT": "test",
            "PYTHONUNBUFFERED": "1",
        }
        if self._allowed_azp is not None:
            backend_env["KEYCLOAK_ALLOWED_AZP"] = ",".join(self._allowed_azp)
        backend_env.update(self._extra_env)
        env.update(backend_env)
        return env

    def _create_tables(self) -> None:
        assert self.venv is not None
        assert self.workdir is not None
        _run(
            [str(self.venv.python), "-c", _CREATE_TABLES],
            what="Creating the backend's tables",
            env=self.env,
            cwd=self.workdir,
            timeout=300,
        )

    def _start_uvicorn(self, port: int | None = None) -> None:
        assert self.venv is not None
        assert self.workdir is not None
        port = port or self._requested_port or _free_port()
        self.port = port
        self._log_handle = open(self.log_path, "ab")  # noqa: SIM115
        self._process = subprocess.Popen(
            [
                str(self.venv.python),
                "-m",
                "uvicorn",
                "smartem_backend.api_server:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=self.env,
            cwd=self.workdir,
            stdin=subprocess.DEVNULL,
            stdout=self._log_handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self._startup_timeout
        last = "no answer yet"
        while time.monotonic() < deadline:
            code = self._process.poll()
            if code is not None:
                raise BackendSetupError(
                    f"The backend exited with code {code} during startup.\n"
                    f"--- {self.log_path} ---\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/status", timeout=2) as response:
                    if response.status == 200:
                        return
                    last = f"HTTP {response.status}"
            except urllib.error.HTTPError as exc:
                last = f"HTTP {exc.code}"
            except (urllib.error.URLError, OSError) as exc:
                last = str(exc)
            time.sleep(0.2)
        raise BackendSetupError(
            f"The backend did not answer /status within {self._startup_timeout:.0f}s "
            f"({last}).\n--- {self.log_path} ---\n{self.log_tail()}"
        )

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                process.wait(timeout=10)
        if self._log_handle is not None:
            self._log_handle.close()
            self._log_handle = None
        if self._issuer is not None:
            self._issuer.stop()
        if self._postgres is not None:
            with contextlib.suppress(BackendSetupError):
                self._postgres.stop()
        if self.workdir is not None and not self._keep_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)


# ---------------------------------------------------------------------------- command line


def _write_env_file(path: Path, values: Mapping[str, str]) -> None:
    path.write_text("".join(f"{key}={value}\n" for key, value in values.items()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.real_backend",
        description="Run the real SmartEM backend locally until interrupted.",
    )
    parser.add_argument("--port", type=int, default=None, help="backend port (default: free)")
    parser.add_argument("--client-id", default=DEFAULT_AGENT_CLIENT_ID)
    parser.add_argument("--client-secret", default=None)
    parser.add_argument(
        "--env-file",
        type=Path,
        default=None,
        help="also write the agent settings to this dotenv file",
    )
    args = parser.parse_args(argv)

    def on_sigterm(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    # A shell starting this in the background would otherwise leave SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    print("Starting the SmartEM backend (the first run builds its venv)...", flush=True)
    try:
        with RealBackend(
            port=args.port, client_id=args.client_id, client_secret=args.client_secret
        ) as backend:
            values = backend.agent_env()
            print(f"SmartEM backend: {backend.url}")
            print(f"Backend log:     {backend.log_path}")
            print(f"Timings:         {backend.timings()}")
            print("Agent settings:")
            for key, value in values.items():
                print(f"{key}={value}")
            if args.env_file is not None:
                _write_env_file(args.env_file, values)
                print(f"(written to {args.env_file})")
            print("Press Ctrl-C to stop.", flush=True)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        print("\nStopped.")
    except BackendSetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
