"""compat through the outbox: writes journalled while the backend is away, delivered once later.

The backend sits behind a loopback gate on a fixed port: down, the port refuses
connections; up, it forwards them to the fake backend. What landed is read from the fake
backend's own state, never from the client.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from smartem_api.models import (
    AcquisitionResponse,
    AtlasResponse,
    AtlasTileGridSquarePositionResponse,
    AtlasTileResponse,
    FoilHoleResponse,
    GridResponse,
    GridSquareResponse,
    MicrographResponse,
)
from smartem_ext import ConversionError, SmartEMAPIClient, SmartEMError, compat
from smartem_ext.outbox import Outbox, OutboxClosed, OutboxError, OutboxInUse
from smartem_ext.testing import FakeSmartEMBackend
from tests.support import epu_data as epu
from tests.support.spec import SPEC_PATH

WAIT = 30.0
ROOT = Path(__file__).resolve().parents[2]


class Gate:
    """A loopback port in front of a backend: ``down()`` refuses connections, ``up()`` forwards."""

    def __init__(self, target_port: int) -> None:
        self._target = ("127.0.0.1", target_port)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.05)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self, cut: bool = True) -> None:
        """Refuse new connections; cut the open ones too unless ``cut`` is False."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        if not cut:
            return
        with self._lock:
            cut, self._open = self._open, set()
        for sock in cut:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            upstream = socket.create_connection(self._target)
            with self._lock:
                self._open.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


@pytest.fixture
def backend() -> Iterator[FakeSmartEMBackend]:
    with FakeSmartEMBackend(spec_path=SPEC_PATH, ping_interval=None) as started:
        yield started


@pytest.fixture
def gate(backend: FakeSmartEMBackend) -> Iterator[Gate]:
    gate = Gate(int(backend.url.rsplit(":", 1)[1]))
    try:
        yield gate
    finally:
        gate.down()


@pytest.fixture(autouse=True)
def no_outbox_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(compat.OUTBOX_ENV, raising=False)


@pytest.fixture
def short_close(monkeypatch: pytest.MonkeyPatch) -> None:
    """The last close waits a moment only: these tests close while the backend is away."""
    monkeypatch.setattr(compat, "CLOSE_FLUSH", 0.2)


def _compat_client(
    url: str, how: str, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> compat.SmartEMAPIClient:
    if how == "environment":
        monkeypatch.setenv(compat.OUTBOX_ENV, str(journal))
        return compat.SmartEMAPIClient(url, timeout=2.0)
    return compat.SmartEMAPIClient(url, timeout=2.0, outbox=journal)


def _ids(backend: FakeSmartEMBackend, kind: str) -> list[str]:
    return sorted(row["uuid"] for row in backend.entities(kind))


def _eventually(condition: Callable[[], bool]) -> bool:
    """Whether ``condition`` holds within WAIT seconds (checked every 50 ms)."""
    done = threading.Event()
    for _ in range(int(WAIT / 0.05)):
        if condition():
            return True
        done.wait(0.05)
    return condition()


def _answered(backend: FakeSmartEMBackend, method: str, path: str) -> list[int]:
    return [r.status for r in backend.request_log if (r.method, r.path) == (method, path)]


@pytest.mark.parametrize("how", ["keyword", "environment"])
def test_every_write_succeeds_while_the_backend_is_down_and_lands_once_when_it_is_up(
    backend: FakeSmartEMBackend,
    gate: Gate,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    acquisition = epu.acquisition()
    grid = epu.grid(acquisition)
    atlas = epu.atlas(grid.uuid, tiles=1)
    tile = epu.atlas_tile(7, atlas.uuid)
    square = epu.gridsquare(grid.uuid, "12")
    hole = epu.foilhole(square.uuid, "12", "100")
    micrograph = epu.micrograph(hole.uuid, "12", "100", 1)
    link = epu.placement(tile.uuid, square.uuid, 1)
    more_links = [epu.placement(atlas.tiles[0].uuid, square.uuid, 2)]

    client = _compat_client(gate.url, how, tmp_path / "outbox.db", monkeypatch)
    try:
        assert client.outbox is not None
        answers = [
            client.create_acquisition(acquisition),
            client.create_acquisition_grid(grid),
            client.create_grid_atlas(atlas),
            client.create_atlas_tile_for_atlas(tile),
            client.create_grid_gridsquare(square),
            client.create_gridsquare_foilholes(square.uuid, [hole]),
            client.create_foilhole_micrograph(micrograph),
            client.link_atlas_tile_and_gridsquare(link),
            client.link_atlas_tile_and_gridsquares(more_links),
            client.update_acquisition(attrs.evolve(acquisition, name="renamed")),
            client.update_grid(attrs.evolve(grid, atlas_dir=epu.VISIT / "moved")),
            client.update_atlas(attrs.evolve(atlas, description="redone")),
            client.update_atlas_tile(attrs.evolve(tile, file_format="tiff")),
            client.update_gridsquare(attrs.evolve(square, center_x=999)),
            client.update_foilhole(attrs.evolve(hole, quality=0.25)),
            client.update_micrograph(attrs.evolve(micrograph, location_id="9")),
            client.grid_registered(grid.uuid),
            client.gridsquare_registered(square.uuid, count=1),
        ]
        assert backend.request_count == 0
        gate.up()
        assert client.outbox.flush(WAIT)
    finally:
        client.close()

    expected = [
        (AcquisitionResponse, acquisition.uuid),
        (GridResponse, grid.uuid),
        (AtlasResponse, atlas.uuid),
        (AtlasTileResponse, tile.uuid),
        (GridSquareResponse, square.uuid),
    ]
    for answer, (cls, uuid) in zip(answers, expected, strict=False):
        assert isinstance(answer, cls) and answer.uuid == uuid
    [created_hole] = answers[5]
    assert isinstance(created_hole, FoilHoleResponse) and created_hole.uuid == hole.uuid
    assert isinstance(answers[6], MicrographResponse) and answers[6].uuid == micrograph.uuid
    assert answers[7] == AtlasTileGridSquarePositionResponse(
        atlastile_uuid=tile.uuid,
        gridsquare_uuid=square.uuid,
        center_x=link.position[0],
        center_y=link.position[1],
        size_width=link.size[0],
        size_height=link.size[1],
    )
    assert [(a.atlastile_uuid, a.gridsquare_uuid) for a in answers[8]] == [
        (atlas.tiles[0].uuid, square.uuid)
    ]
    assert answers[9].name == "renamed" and answers[13].center_x == 999
    assert answers[16] is True and answers[17] is True

    assert _ids(backend, "acquisition") == [acquisition.uuid]
    assert _ids(backend, "grid") == [grid.uuid]
    assert _ids(backend, "atlas") == [atlas.uuid]
    assert _ids(backend, "atlas_tile") == sorted([atlas.tiles[0].uuid, tile.uuid])
    assert _ids(backend, "gridsquare") == [square.uuid]
    assert _ids(backend, "foilhole") == [hole.uuid]
    assert _ids(backend, "micrograph") == [micrograph.uuid]
    stored_links = sorted(
        (row["atlastile_uuid"], row["gridsquare_uuid"]) for row in backend.entities("tile_link")
    )
    assert stored_links == sorted([(tile.uuid, square.uuid), (atlas.tiles[0].uuid, square.uuid)])

    [stored_acquisition] = backend.entities("acquisition")
    assert stored_acquisition["name"] == "renamed"
    [stored_grid] = backend.entities("grid")
    assert stored_grid["atlas_dir"] == str(epu.VISIT / "moved")
    [stored_atlas] = backend.entities("atlas")
    assert stored_atlas["description"] == "redone"
    stored_tile = next(row for row in backend.entities("atlas_tile") if row["uuid"] == tile.uuid)
    assert stored_tile["file_format"] == "tiff"
    [stored_square] = backend.entities("gridsquare")
    assert stored_square["center_x"] == 999
    assert stored_square["status"] == "all foil holes registered"
    [stored_hole] = backend.entities("foilhole")
    assert stored_hole["quality"] == 0.25
    [stored_micrograph] = backend.entities("micrograph")
    assert stored_micrograph["location_id"] == "9"

    for method, path in [
        ("PUT", f"/acquisitions/{acquisition.uuid}"),
        ("PUT", f"/grids/{grid.uuid}"),
        ("PUT", f"/atlases/{atlas.uuid}"),
        ("PUT", f"/atlas-tiles/{tile.uuid}"),
        ("PUT", f"/gridsquares/{square.uuid}"),
        ("PUT", f"/foilholes/{hole.uuid}"),
        ("PUT", f"/micrographs/{micrograph.uuid}"),
        ("POST", f"/grids/{grid.uuid}/registered"),
        ("POST", f"/gridsquares/{square.uuid}/registered"),
    ]:
        assert _answered(backend, method, path) == [200], path


@pytest.mark.parametrize("how", ["keyword", "environment"])
def test_deletes_land_after_the_writes_before_them_once_the_backend_is_up(
    backend: FakeSmartEMBackend,
    gate: Gate,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    # Each deleted entity has no children: the outbox orders writes per entity.
    acquisition, other = epu.acquisition(), epu.acquisition("bi23047-107")
    grid, bare_grid, atlas_grid = (epu.grid(acquisition) for _ in range(3))
    atlas = epu.atlas(grid.uuid, tiles=1)
    bare_atlas = epu.atlas(atlas_grid.uuid, tiles=0)
    tile = epu.atlas_tile(7, atlas.uuid)
    square, gone_square = epu.gridsquare(grid.uuid, "12"), epu.gridsquare(grid.uuid, "13")
    hole, gone_hole = epu.foilhole(square.uuid, "12", "100"), epu.foilhole(square.uuid, "12", "101")
    micrograph = epu.micrograph(hole.uuid, "12", "100", 1)
    with _compat_client(gate.url, how, tmp_path / "outbox.db", monkeypatch) as client:
        client.create_acquisition(acquisition)
        client.create_acquisition(other)
        for each in (grid, bare_grid, atlas_grid):
            client.create_acquisition_grid(each)
        client.create_grid_atlas(atlas)
        client.create_grid_atlas(bare_atlas)
        client.create_atlas_tile_for_atlas(tile)
        client.create_grid_gridsquare(square)
        client.create_grid_gridsquare(gone_square)
        client.create_gridsquare_foilholes(square.uuid, [hole, gone_hole])
        client.create_foilhole_micrograph(micrograph)
        client.update_gridsquare(attrs.evolve(gone_square, center_x=999))
        deleted = [
            client.delete_micrograph(micrograph.uuid),
            client.delete_foilhole(gone_hole.uuid),
            client.delete_gridsquare(gone_square.uuid),
            client.delete_atlas_tile(tile.uuid),
            client.delete_atlas(bare_atlas.uuid),
            client.delete_grid(bare_grid.uuid),
            client.delete_acquisition(other.uuid),
        ]
        assert deleted == [None] * 7 and backend.request_count == 0
        gate.up()
        assert client.outbox is not None and client.outbox.flush(WAIT)
        assert client.outbox.stats().dead_letters == 0

    assert _ids(backend, "acquisition") == [acquisition.uuid]
    assert _ids(backend, "grid") == sorted([grid.uuid, atlas_grid.uuid])
    assert _ids(backend, "atlas") == [atlas.uuid]
    assert _ids(backend, "atlas_tile") == [atlas.tiles[0].uuid]
    assert _ids(backend, "gridsquare") == [square.uuid]
    assert _ids(backend, "foilhole") == [hole.uuid]
    assert _ids(backend, "micrograph") == []
    deletes = {
        f"/micrographs/{micrograph.uuid}",
        f"/foilholes/{gone_hole.uuid}",
        f"/gridsquares/{gone_square.uuid}",
        f"/atlas-tiles/{tile.uuid}",
        f"/atlases/{bare_atlas.uuid}",
        f"/grids/{bare_grid.uuid}",
        f"/acquisitions/{other.uuid}",
    }
    answered = [(r.method, r.path, r.status) for r in backend.request_log]
    assert sorted(path for method, path, _ in answered if method == "DELETE") == sorted(deletes)
    assert all(status == 204 for method, _, status in answered if method == "DELETE")
    gone = f"/gridsquares/{gone_square.uuid}"
    assert [(m, status) for m, path, status in answered if path == gone] == [
        ("PUT", 200),
        ("DELETE", 204),
    ]


@pytest.mark.parametrize("how", ["keyword", "environment"])
def test_acknowledgements_and_log_records_wait_in_the_journal_while_the_backend_is_down(
    backend: FakeSmartEMBackend,
    gate: Gate,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    journal = tmp_path / "outbox.db"
    session = backend.create_session("scope-1")
    gate.up()
    api = _compat_client(gate.url, how, journal, monkeypatch)
    given = {"outbox": journal} if how == "keyword" else {}
    sse = compat.SSEAgentClient(gate.url, "scope-1", session, timeout=5, **given)
    outbox = api.outbox
    assert outbox is not None and sse.outbox is outbox
    first = backend.queue_instruction(session, instruction_type="agent.status.request")
    second = backend.queue_instruction(session, instruction_type="microscope.pause")
    received: list[str] = []
    both = threading.Event()

    def on_instruction(data: dict[str, Any]) -> None:
        received.append(data["instruction_id"])
        if len(received) == 2:
            both.set()

    stream = threading.Thread(target=sse.stream_instructions, args=(on_instruction,))
    stream.start()
    try:
        assert both.wait(WAIT)
        gate.down(cut=False)  # the stream stays connected; every new connection is refused
        by_stream = sse.acknowledge_instruction(first, "processed", result="done")
        by_api = api.acknowledge_instruction("scope-1", session, second, {"status": "declined"})
        record = {"timestamp": "2024-05-01T10:24:20+01:00", "level": "INFO"}
        shipped = api.send_logs(
            "scope-1", session, [{**record, "logger_name": "a", "message": "m"}]
        )
        assert shipped is True
        assert (by_stream.instruction_id, by_stream.session_id) == (first, session)
        assert (by_api.instruction_id, by_api.agent_id) == (second, "scope-1")
        assert by_stream.status == by_api.status == "success"
        assert sse.get_stats()["instructions_acknowledged"] == 1
        assert _eventually(lambda: outbox.stats().last_error is not None)  # it tried: no one
        assert backend.acks(session) == [] and backend.agent_logs() == []
        gate.up()
        assert outbox.flush(WAIT)
    finally:
        sse.stop()
        stream.join(WAIT)
        sse.close()
        api.close()
    assert sorted((ack["instruction_id"], ack["status"]) for ack in backend.acks(session)) == (
        sorted([(first, "processed"), (second, "declined")])
    )
    [stored] = backend.agent_logs()
    assert (stored["message"], str(stored["timestamp"])[:19]) == ("m", "2024-05-01T09:24:20")


def test_compat_clients_of_one_process_share_one_journal_until_the_last_closes(
    backend: FakeSmartEMBackend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = tmp_path / "agent" / "outbox.db"
    monkeypatch.setenv(compat.OUTBOX_ENV, str(journal))
    store = compat.SmartEMAPIClient(backend.url)
    logs = compat.SmartEMAPIClient(backend.url)
    sse = compat.SSEAgentClient(backend.url, "scope-1", "session-1")
    shared = store.outbox
    assert shared is not None and logs.outbox is shared and sse.outbox is shared

    acquisition = epu.acquisition()
    store.create_acquisition(acquisition)
    store.close()
    with pytest.raises(OutboxClosed):
        store.create_acquisition(epu.acquisition())
    grid = epu.grid(acquisition)
    logs.create_acquisition_grid(grid)  # the journal is still open for the others
    assert shared.flush(WAIT)
    assert _ids(backend, "grid") == [grid.uuid]

    logs.close()
    sse.close()
    # Nobody in this process holds the journal now: it can be opened again.
    with SmartEMAPIClient(backend.url) as api, Outbox(api, journal) as reopened:
        assert reopened.stats().pending_total == 0
    assert _ids(backend, "acquisition") == [acquisition.uuid]


def test_what_the_last_close_could_not_deliver_goes_when_the_journal_is_opened_again(
    backend: FakeSmartEMBackend, gate: Gate, tmp_path: Path, short_close: None
) -> None:
    journal = tmp_path / "outbox.db"
    acquisition = epu.acquisition()
    with compat.SmartEMAPIClient(gate.url, timeout=2.0, outbox=journal) as client:
        client.create_acquisition(acquisition)
    assert backend.request_count == 0
    gate.up()
    with compat.SmartEMAPIClient(gate.url, timeout=2.0, outbox=journal) as client:
        assert client.outbox is not None and client.outbox.flush(WAIT)
    assert _ids(backend, "acquisition") == [acquisition.uuid]


KILLED_AGENT = """
import sys
from smartem_ext import compat
from tests.support import epu_data as epu

client = compat.SmartEMAPIClient(sys.argv[1], timeout=2.0)
acquisition = epu.acquisition()
client.create_acquisition(acquisition)
print(acquisition.uuid, flush=True)
sys.stdin.read()
"""


def _agent_process(url: str, journal: Path, code: str) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        compat.OUTBOX_ENV: str(journal),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "generated")]),
    }
    return subprocess.Popen(
        [sys.executable, "-c", code, url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=ROOT,
    )


def test_a_killed_agent_loses_nothing_the_next_start_delivers_it(
    backend: FakeSmartEMBackend, gate: Gate, tmp_path: Path
) -> None:
    journal = tmp_path / "outbox.db"
    agent = _agent_process(gate.url, journal, KILLED_AGENT)
    try:
        assert agent.stdout is not None
        written = agent.stdout.readline().strip()
    finally:
        agent.kill()
        agent.wait(WAIT)
    assert written and backend.request_count == 0
    gate.up()
    with compat.SmartEMAPIClient(gate.url, outbox=journal) as client:
        assert client.outbox is not None and client.outbox.flush(WAIT)
    assert _ids(backend, "acquisition") == [written]


EXITING_AGENT = """
import sys
from smartem_ext import compat
from tests.support import epu_data as epu

client = compat.SmartEMAPIClient(sys.argv[1], timeout=2.0)
acquisition = epu.acquisition()
grid = epu.grid(acquisition)
square = epu.gridsquare(grid.uuid, "12")
client.create_acquisition(acquisition)
client.create_acquisition_grid(grid)
client.create_grid_gridsquare(square)
for number in range(100, 110):  # one hole per call: the sender waits for more to come
    hole = epu.foilhole(square.uuid, "12", str(number))
    client.create_gridsquare_foilholes(square.uuid, [hole])
    print(hole.uuid, flush=True)
"""


def test_an_agent_that_exits_without_closing_delivers_before_it_ends(
    backend: FakeSmartEMBackend, tmp_path: Path
) -> None:
    agent = _agent_process(backend.url, tmp_path / "outbox.db", EXITING_AGENT)
    written, _ = agent.communicate(timeout=WAIT)
    assert agent.returncode == 0
    assert _ids(backend, "foilhole") == sorted(written.split())


def test_bad_input_raises_a_conversion_error_and_nothing_is_journalled(
    backend: FakeSmartEMBackend, tmp_path: Path
) -> None:
    with compat.SmartEMAPIClient(backend.url, outbox=tmp_path / "outbox.db") as client:
        assert client.outbox is not None
        square = attrs.evolve(epu.gridsquare("grid-1", "12"), center_x=2**40)
        with pytest.raises(ConversionError) as caught:
            client.create_grid_gridsquare(square)
        assert isinstance(caught.value, ValueError)
        orphan = epu.placement(None, "square-1", 1)  # type: ignore[arg-type]
        with pytest.raises(ConversionError):
            client.link_atlas_tile_and_gridsquare(orphan)
        assert client.outbox.stats().pending_total == 0


def test_a_given_outbox_is_shared_and_left_open_for_its_owner(
    backend: FakeSmartEMBackend, tmp_path: Path
) -> None:
    journal = tmp_path / "outbox.db"
    with SmartEMAPIClient(backend.url) as api, Outbox(api, journal) as outbox:
        first = compat.SmartEMAPIClient(backend.url, outbox=outbox)
        second = compat.SmartEMAPIClient(backend.url, outbox=journal)
        assert first.outbox is outbox and second.outbox is outbox
        first.close()
        second.close()
        acquisition = epu.acquisition()
        outbox.create_acquisition(acquisition)  # still open: its owner closes it
        assert outbox.flush(WAIT)
    assert _ids(backend, "acquisition") == [acquisition.uuid]


def test_a_journal_open_delivering_to_another_backend_is_refused(
    backend: FakeSmartEMBackend, tmp_path: Path
) -> None:
    journal = tmp_path / "outbox.db"
    with compat.SmartEMAPIClient(backend.url, outbox=journal):
        with pytest.raises(OutboxInUse) as caught:
            compat.SmartEMAPIClient("http://127.0.0.1:1", outbox=journal)
        assert backend.url in str(caught.value)
    assert isinstance(caught.value, SmartEMError)


def test_a_journal_an_outbox_of_this_process_has_open_is_refused(
    backend: FakeSmartEMBackend, tmp_path: Path
) -> None:
    journal = tmp_path / "outbox.db"
    with SmartEMAPIClient(backend.url) as api, Outbox(api, journal), pytest.raises(OutboxInUse):
        compat.SmartEMAPIClient(backend.url, outbox=journal)
    with compat.SmartEMAPIClient(backend.url, outbox=journal) as client:
        assert client.outbox is not None


HOLDING_AGENT = """
import sys
from smartem_ext import compat

client = compat.SmartEMAPIClient(sys.argv[1], timeout=2.0)
print(client.outbox.path, flush=True)
sys.stdin.read()
client.close()
"""


def test_a_journal_another_process_has_open_is_refused_with_outbox_in_use(
    backend: FakeSmartEMBackend, tmp_path: Path
) -> None:
    journal = tmp_path / "outbox.db"
    agent = _agent_process(backend.url, journal, HOLDING_AGENT)
    try:
        assert agent.stdout is not None and agent.stdout.readline().strip()
        with pytest.raises(OutboxInUse) as caught:
            compat.SmartEMAPIClient(backend.url, outbox=journal)
        assert isinstance(caught.value, SmartEMError)
        assert journal.name in str(caught.value)
    finally:
        agent.communicate("", timeout=WAIT)
    assert agent.returncode == 0
    with compat.SmartEMAPIClient(backend.url, outbox=journal) as client:
        assert client.outbox is not None


def test_a_journal_that_cannot_be_opened_is_a_typed_error_naming_it(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(OutboxError) as caught:
        compat.SmartEMAPIClient("http://127.0.0.1:1", outbox=blocker / "outbox.db")
    assert str(blocker) in str(caught.value)


def test_without_the_setting_writes_go_to_the_backend_directly(
    backend: FakeSmartEMBackend,
) -> None:
    with compat.SmartEMAPIClient(backend.url) as client:
        assert client.outbox is None
        acquisition = epu.acquisition()
        client.create_acquisition(acquisition)
        assert _ids(backend, "acquisition") == [acquisition.uuid]
