"""The client, the outbox and compat frozen with PyInstaller, as agents ship (one file).

The same program runs frozen and as plain Python against one fake backend; both must
store and read the same session and read answers the same way (the checking from_dict for
the same models: nothing in smartem_ext may depend on source files at run time).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from smartem_ext.testing import FakeSmartEMBackend

PROGRAM = Path(__file__).with_name("smoke_program.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pyinstaller = shutil.which("pyinstaller", path=str(Path(sys.executable).parent))
    assert pyinstaller is not None, "PyInstaller is in the test extra"
    work = tmp_path_factory.mktemp("pyinstaller")
    built = subprocess.run(
        [
            pyinstaller,
            "--onefile",
            "--noconfirm",
            "--log-level=WARN",
            f"--distpath={work / 'dist'}",
            f"--workpath={work / 'build'}",
            f"--specpath={work}",
            "--name=smoke",
            str(PROGRAM),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=ROOT,
    )
    assert built.returncode == 0, built.stderr[-4000:]
    return work / "dist" / "smoke"


def _run(command: list[str], journal: Path) -> dict[str, Any]:
    with FakeSmartEMBackend() as backend:
        done = subprocess.run(
            [*command, backend.url, str(journal)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 0, done.stderr[-4000:]
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def test_the_frozen_program_works_and_reads_answers_as_the_plain_one(
    frozen: Path, tmp_path: Path
) -> None:
    plain = _run([sys.executable, str(PROGRAM)], tmp_path / "plain.sqlite")
    packed = _run([str(frozen)], tmp_path / "frozen.sqlite")
    assert (plain.pop("frozen"), packed.pop("frozen")) == (False, True)
    assert packed == plain
    assert packed["flushed"] is True and packed["delivered"] == 2
    assert packed["squares"] == ["1", "2"] and packed["holes"] == 5
    assert packed["compat_acquisition"] == "frozen smoke" and packed["compat_missing"] == 404
    assert "GridSquareResponse" in packed["one_pass_readers"]
