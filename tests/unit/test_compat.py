"""smartem_ext.compat: the existing client's interface, errors and log shipping (fake backend)."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from smartem_ext import AcquisitionData, NotFound, SmartEMError, TransportError, compat
from smartem_ext import errors as ext_errors
from smartem_ext.testing import FakeSmartEMBackend
from tests.support.spec import SPEC_PATH
from tests.support.stub_servers import canned_server, closed_port

WAIT = 10.0


class CountingKeycloak:
    """The existing agent's KeycloakClient shape: counts tokens handed out and invalidations."""

    def __init__(self, tokens: list[str]) -> None:
        self._tokens = tokens
        self._current: str | None = None
        self.fetches = 0
        self.invalidations = 0

    def get_token(self) -> str:
        if self._current is None:
            self._current = self._tokens[min(self.fetches, len(self._tokens) - 1)]
            self.fetches += 1
        return self._current

    def invalidate(self) -> None:
        self.invalidations += 1
        self._current = None


class FailingKeycloak:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def get_token(self) -> str:
        raise self.error

    def invalidate(self) -> None:
        return None


@pytest.fixture
def backend() -> Iterator[FakeSmartEMBackend]:
    with FakeSmartEMBackend(spec_path=SPEC_PATH, ping_interval=None) as started:
        yield started


@pytest.fixture
def api(backend: FakeSmartEMBackend) -> Iterator[compat.SmartEMAPIClient]:
    with compat.SmartEMAPIClient(backend.url, timeout=WAIT) as client:
        yield client


def test_a_missing_entity_is_an_http_error_with_the_status_and_a_not_found(
    api: compat.SmartEMAPIClient,
) -> None:
    with pytest.raises(requests.HTTPError) as caught:
        api.get_grid("no-such-grid")
    error = caught.value
    assert error.response.status_code == 404
    assert isinstance(error, NotFound)
    assert error.response.url == f"{api.base_url}/grids/no-such-grid"
    assert "detail" in error.response.json()


def test_no_answer_is_a_requests_connection_error_and_a_transport_error() -> None:
    with (
        compat.SmartEMAPIClient(closed_port(), timeout=2.0) as client,
        pytest.raises(requests.ConnectionError) as caught,
    ):
        client.get_acquisitions()
    assert isinstance(caught.value, TransportError)


def test_a_write_to_an_absent_backend_fails_after_short_retries_and_no_read_back() -> None:
    with compat.SmartEMAPIClient(closed_port(), timeout=2.0) as client:
        with pytest.raises(requests.ConnectionError) as caught:
            client.create_acquisition(AcquisitionData(name="Session"))
        stats = client.client.stats
    assert isinstance(caught.value, TransportError)
    assert (stats.requests, stats.retries) == (1, compat.RETRY.attempts)


def test_send_logs_makes_one_attempt(backend: FakeSmartEMBackend) -> None:
    session = backend.create_session("scope-1")
    backend.fail_next(3, 503)
    record = {"timestamp": "2024-04-06T10:24:20", "level": "INFO", "logger_name": "a"}
    with compat.SmartEMAPIClient(backend.url, timeout=WAIT) as client:
        before = backend.request_count
        assert client.send_logs("scope-1", session, [{**record, "message": "m"}]) is False
        assert backend.request_count == before + 1


def test_a_server_error_keeps_its_status_for_the_agents_generic_branch() -> None:
    with (
        canned_server(500, b'{"detail": "boom"}') as url,
        compat.SmartEMAPIClient(url, timeout=WAIT) as client,
        pytest.raises(requests.HTTPError) as caught,
    ):
        client.get_status()
    assert caught.value.response.status_code == 500
    assert caught.value.response.json() == {"detail": "boom"}
    assert isinstance(caught.value, ext_errors.ServerError)


def test_translate_keeps_errors_that_have_no_requests_twin() -> None:
    conversion = ext_errors.ConversionError("GridData", "uuid", "blank")
    assert compat.translate(conversion) is conversion


def test_translation_keeps_what_never_reached_the_backend_and_what_may_have_landed() -> None:
    unsent = ext_errors.TransportError("POST", "/acquisitions", "ConnectError: refused", False)
    translated = compat.translate(unsent)
    assert isinstance(translated, requests.ConnectionError)
    assert isinstance(translated, TransportError) and translated.reached is False
    assert "never reached the backend" in str(translated)
    lost = ext_errors.ServerError("POST", "/gridsquares/s/foilholes", 500, "boom")
    partial = ext_errors.PartialFailure("create_foilholes", ["a"], [], [lost], ["b", "c"])
    kept = compat.translate(partial)
    assert isinstance(kept, requests.HTTPError) and kept.response.status_code == 500
    assert isinstance(kept, ext_errors.PartialFailure) and kept.unknown == ["b", "c"]
    assert str(kept) == str(partial)


def test_translation_keeps_the_answers_headers() -> None:
    error = ext_errors.NotFound("GET", "/grids/g", 404, "gone", headers=[("X-Request-Id", "7")])
    translated = compat.translate(error)
    assert isinstance(translated, requests.HTTPError) and translated.headers["x-request-id"] == "7"


def test_log_shipping_quiets_the_modules_of_a_token_clients_base_classes() -> None:
    base = type("Base", (), {"get_token": lambda self: "t", "invalidate": lambda self: None})
    base.__module__ = "vendor.token_client"
    sub = type("CountingTokenClient", (base,), {"__module__": "agent.main"})
    with compat.SmartEMAPIClient("http://127.0.0.1:9", keycloak_client=sub()):
        for name in ("vendor.token_client", "agent.main"):
            assert compat._filter in logging.getLogger(name).filters, name


def test_a_partial_bulk_failure_carries_the_first_error_status() -> None:
    failure = ext_errors.PartialFailure(
        "link", ["a"], ["b"], [ext_errors.ValidationFailed("POST", "/x", 422, [{"msg": "no"}])]
    )
    translated = compat.translate(failure, "http://backend")
    assert isinstance(translated, requests.HTTPError)
    assert isinstance(translated, ext_errors.PartialFailure)
    assert translated.response.status_code == 422
    assert translated.landed == ["a"] and translated.failed == ["b"]


def test_the_token_goes_on_every_request_and_a_401_refreshes_it_exactly_once() -> None:
    seen: list[str] = []

    def valid(token: str) -> bool:
        seen.append(token)
        return token == "fresh"

    with FakeSmartEMBackend(
        spec_path=SPEC_PATH, ping_interval=None, require_auth=True, token_validator=valid
    ) as backend:
        keycloak = CountingKeycloak(["stale", "fresh"])
        with compat.SmartEMAPIClient(backend.url, keycloak_client=keycloak) as client:
            created = client.create_acquisition(AcquisitionData(name="Session"))
            assert client.get_acquisition(created.uuid).uuid == created.uuid
    assert keycloak.invalidations == 1
    assert keycloak.fetches == 2
    assert seen == ["stale", "fresh", "fresh"]


def test_a_401_after_the_refresh_is_raised_as_an_http_error() -> None:
    with FakeSmartEMBackend(
        spec_path=SPEC_PATH, ping_interval=None, require_auth=True, token_validator=lambda _: False
    ) as backend:
        keycloak = CountingKeycloak(["bad", "still-bad"])
        with (
            compat.SmartEMAPIClient(backend.url, keycloak_client=keycloak) as client,
            pytest.raises(requests.HTTPError) as caught,
        ):
            client.get_acquisitions()
    assert caught.value.response.status_code == 401
    assert isinstance(caught.value, ext_errors.AuthError)
    assert keycloak.invalidations == 1


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (requests.ConnectionError("token endpoint down"), ext_errors.TransportError),
        (requests.HTTPError("401", response=requests.Response()), ext_errors.AuthError),
        (KeyError("access_token"), ext_errors.InvalidResponse),
    ],
)
def test_token_client_failures_become_typed_errors_and_nothing_is_sent(
    backend: FakeSmartEMBackend, failure: Exception, expected: type[SmartEMError]
) -> None:
    before = backend.request_count
    with (
        compat.SmartEMAPIClient(backend.url, keycloak_client=FailingKeycloak(failure)) as client,
        pytest.raises(expected),
    ):
        client.get_acquisitions()
    assert backend.request_count == before


class LockingHandler(logging.Handler):
    """Holds a plain lock while it ships, as the existing agent's RemoteLogHandler does.

    The fake backend serves from a thread of this process; its own records are not the
    agent's, so they are left out (a real backend logs in its own process).
    """

    def __init__(self, client: compat.SmartEMAPIClient, agent: str, session: str) -> None:
        super().__init__(level=logging.INFO)
        self.client, self.agent, self.session = client, agent, session
        self.shipping = threading.Lock()
        self.buffer: list[dict[str, Any]] = []
        self.results: list[bool] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("uvicorn"):
            return
        entry = {
            "timestamp": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger_name": record.name,
            "message": record.getMessage(),
        }
        with self.shipping:
            self.buffer.append(entry)
            batch, self.buffer = self.buffer, []
            self.results.append(self.client.send_logs(self.agent, self.session, batch))


def test_shipping_from_a_locking_handler_neither_deadlocks_nor_ships_its_own_records(
    backend: FakeSmartEMBackend, api: compat.SmartEMAPIClient
) -> None:
    session = backend.create_session("scope-1")
    handler = LockingHandler(api, "scope-1", session)
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in ("", "httpx", "smartem_ext")}
    root.addHandler(handler)
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        worker = threading.Thread(
            target=lambda: logging.getLogger("agent").info("grid square registered")
        )
        worker.start()
        worker.join(WAIT)
        deadlocked = worker.is_alive()
    finally:
        root.removeHandler(handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
    assert not deadlocked
    assert handler.results == [True]
    assert [log["message"] for log in backend.agent_logs()] == ["grid square registered"]


def test_requests_leave_no_info_line_for_the_agent_to_ship(
    api: compat.SmartEMAPIClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        api.get_acquisitions()
        logging.getLogger("httpx").warning("kept")
    assert [(r.name, r.getMessage()) for r in caplog.records if r.name == "httpx"] == [
        ("httpx", "kept")
    ]


def test_send_logs_answers_false_instead_of_raising() -> None:
    with compat.SmartEMAPIClient(closed_port(), timeout=2.0) as client:
        assert client.send_logs("a", "s", [{"timestamp": "not a time"}]) is False
        record = {"timestamp": "2024-04-06T10:24:20+01:00", "level": "INFO"}
        assert client.send_logs("a", "s", [{**record, "logger_name": "x", "message": "m"}]) is False


def test_shipped_log_times_arrive_in_utc_without_offset(
    backend: FakeSmartEMBackend, api: compat.SmartEMAPIClient
) -> None:
    session = backend.create_session("scope-1")
    record = {"level": "INFO", "logger_name": "agent", "message": "hello"}
    assert api.send_logs("scope-1", session, [{**record, "timestamp": "2024-04-06T10:24:20+01:00"}])
    [stored] = backend.agent_logs()
    assert str(stored["timestamp"]).startswith("2024-04-06T09:24:20")
    assert "+" not in str(stored["timestamp"])


def test_a_heartbeat_that_does_not_land_answers_false() -> None:
    gone = compat.SSEAgentClient(
        closed_port(), "scope-1", "session-1", timeout=1, initial_retry_delay=0.05
    )
    try:
        assert gone.send_heartbeat(retry_count=0) is False
    finally:
        gone.close()


def test_the_stream_delivers_instructions_and_reports_the_existing_stats_keys(
    backend: FakeSmartEMBackend,
) -> None:
    session = backend.create_session("scope-1")
    client = compat.SSEAgentClient(backend.url, "scope-1", session, timeout=5)
    received: list[dict[str, Any]] = []
    heartbeats: list[bool] = []

    def on_instruction(data: dict[str, Any]) -> None:
        received.append(data)
        heartbeats.append(client.send_heartbeat())
        client.acknowledge_instruction(data["instruction_id"], "processed", result="done")
        client.stop()

    instruction = backend.queue_instruction(session, instruction_type="agent.info.datastore")
    thread = threading.Thread(target=client.stream_instructions, args=(on_instruction,))
    thread.start()
    thread.join(WAIT)
    stats = client.get_stats()
    client.close()
    assert not thread.is_alive()
    assert [item["instruction_id"] for item in received] == [instruction]
    assert heartbeats == [True]
    assert [ack["status"] for ack in backend.acks(session)] == ["processed"]
    assert stats["instructions_received"] == 1 and stats["instructions_acknowledged"] == 1
    assert stats["last_instruction_time"] is not None and stats["success_rate"] == 100.0
    assert stats["is_running"] is False


def test_importing_smartem_ext_does_not_need_requests() -> None:
    code = (
        "import sys; sys.modules['requests'] = None\n"
        "import smartem_ext, smartem_ext.testing\n"
        "try:\n    import smartem_ext.compat\n"
        "except ImportError:\n    print('compat needs requests')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "compat needs requests"
