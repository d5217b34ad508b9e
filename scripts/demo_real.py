#!/usr/bin/env python3
"""Run ``smartem-ext demo`` against the real SmartEM backend, started for it and then stopped.

Usage::

    python scripts/demo_real.py [DEMO OPTIONS]

The backend (``smartem-decisions`` on a throw-away PostgreSQL, with a local token issuer
standing in for Keycloak) comes from ``tests/support/real_backend.py``; the first run builds
its virtual environment. The demo authenticates like an agent: client-credentials tokens,
with the settings read from a mode-0600 dotenv file in a temporary folder. Options other
than ``--help`` go to ``smartem-ext demo`` (see ``smartem-ext demo --help``).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a file: make `tests.support` importable
    sys.path.insert(0, str(ROOT))

from smartem_ext.cli import main as smartem_ext  # noqa: E402
from tests.support.real_backend import BackendSetupError, RealBackend  # noqa: E402


def write_private_env_file(path: Path, values: Mapping[str, str]) -> None:
    """Write ``values`` as a dotenv file that only its owner can read (created 0600)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.writelines(f"{key}={value}\n" for key, value in values.items())


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="demo_real.py",
        description="Run `smartem-ext demo` against the real SmartEM backend, started for it.",
        epilog="Any other option goes to `smartem-ext demo`.",
    )
    _, demo_args = parser.parse_known_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    print("Starting the real SmartEM backend (the first run builds its venv)...", flush=True)
    try:
        with RealBackend() as backend, tempfile.TemporaryDirectory() as folder:
            timings = backend.timings()
            print(
                f"Backend {backend.url} started in {timings['startup_seconds']} s "
                f"(log: {backend.log_path})",
                flush=True,
            )
            env_file = Path(folder) / "agent.env"
            write_private_env_file(
                env_file,
                {
                    "KEYCLOAK_URL": backend.issuer.url,
                    "KEYCLOAK_REALM": backend.realm,
                    "KEYCLOAK_CLIENT_ID": backend.client_id,
                    "KEYCLOAK_CLIENT_SECRET": backend.client_secret,
                },
            )
            status = smartem_ext(
                ["demo", "--base-url", backend.url, "--keycloak-env", str(env_file), *demo_args]
            )
            if status != 0:
                print(f"--- backend log (last lines) ---\n{backend.log_tail(30)}", file=sys.stderr)
            return status
    except KeyboardInterrupt:
        print("demo_real: interrupted", file=sys.stderr)
        return 130
    except BackendSetupError as error:
        print(f"demo_real: the backend could not be started: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
