"""`smartem-ext outbox status FILE` and `outbox drain FILE`: what they print and exit with."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from smartem_ext import SmartEMAPIClient
from smartem_ext.cli import main
from smartem_ext.outbox import Outbox
from smartem_ext.testing import FakeSmartEMBackend
from tests.support import epu_data as epu


def _journal_waiting_for_a_backend(path: Path) -> int:
    """An outbox file holding one session's writes that never reached a backend."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with (
        SmartEMAPIClient(f"http://127.0.0.1:{port}", 0.5, retry=None) as nowhere,
        Outbox(nowhere, path, retry_first=0.05, retry_cap=0.1, drain_timeout=0) as outbox,
    ):
        acquisition = epu.acquisition()
        grid = epu.grid(acquisition)
        square = epu.gridsquare(grid.uuid, "1")
        outbox.create_acquisition(acquisition)
        outbox.create_acquisition_grid(grid)
        outbox.create_grid_gridsquare(square)
        holes = [epu.foilhole(square.uuid, "1", f"1{n:03d}") for n in range(30)]
        outbox.create_gridsquare_foilholes(square.uuid, holes)
        missing = epu.new_uuid()
        outbox.create_gridsquare_foilholes(missing, [epu.foilhole(missing, "2", "2001")])
        assert not outbox.flush(0.3)  # the sender tried and failed
    return 3 + len(holes) + 1


def test_status_prints_pending_by_kind_and_exits_1_while_writes_wait(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "o.db"
    total = _journal_waiting_for_a_backend(path)
    assert main(["outbox", "status", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"pending: {total} (acquisition 1, foilhole 31, grid 1, gridsquare 1)"
    assert out[2:4] == ["delivered: 0", "dead letters: 0"]
    assert out[4].startswith("last error: TransportError")


def test_drain_delivers_with_progress_then_status_shows_the_dead_letter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "o.db"
    total = _journal_waiting_for_a_backend(path)
    with FakeSmartEMBackend() as fake:
        fake.fail_next(3, status=503)  # the first rounds fail: progress has time to show
        assert main(["outbox", "drain", str(path), "--base-url", fake.url]) == 0
        assert len(fake.entities("foilhole")) == 30
    drained = capsys.readouterr()
    assert "draining: " in drained.err
    assert f"delivered: {total - 1}" in drained.out.splitlines()
    assert main(["outbox", "status", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "pending: 0 (none)"
    assert out[3] == "dead letters: 1"
    assert out[5] == "dropped log records: 0"
    assert out[6].startswith("dead letter foilhole ") and "NotFound" in out[6]


def test_status_of_a_missing_file_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["outbox", "status", str(tmp_path / "none.db")]) == 1
    assert "no outbox journal at" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()
