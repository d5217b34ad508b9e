"""SSEAgentClient against the fake backend on loopback: delivery, reconnects, auth, stop."""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time
import uuid
from collections.abc import Callable, Generator, Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from smartem_ext import AsyncSmartEMAPIClient, BearerToken, KeycloakAuth, SmartEMAPIClient
from smartem_ext.backoff import ReconnectPolicy
from smartem_ext.errors import (
    AuthError,
    CallbackFailed,
    InstructionStreamError,
    MalformedEvent,
    NotFound,
    ServerError,
    TransportError,
)
from smartem_ext.http import RetryPolicy
from smartem_ext.sse import SSEAgentClient
from smartem_ext.testing import FakeSmartEMBackend, encode_event
from smartem_ext.testing._sse import parse_instruction
from tests.faults.chaos import ChaosProxy, FaultPlan
from tests.support.token_issuer import TokenIssuer

pytestmark = pytest.mark.timeout(120)

AGENT = "agent-1"
WAIT = 15.0  # upper bound of every wait; none is expected to come close


def wait_until(condition: Callable[[], bool], timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.005)


def stream_path(session_id: str, agent_id: str = AGENT) -> str:
    return f"/agent/{agent_id}/session/{session_id}/instructions/stream"


def stream_requests(backend: FakeSmartEMBackend, session_id: str) -> list[int]:
    path = stream_path(session_id)
    return [r.status for r in backend.request_log if r.method == "GET" and r.path == path]


def instruction_data(session_id: str, instruction_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "instruction",
        "instruction_id": instruction_id,
        "agent_id": AGENT,
        "session_id": session_id,
        "instruction_type": "test.raw",
        "payload": {"raw": True},
        "sequence_number": None,
        "priority": "normal",
        "created_at": datetime.now().isoformat(),
        "expires_at": None,
        "metadata": None,
        **extra,
    }


class Recorder:
    """Collects what the stream hands to its callbacks (thread-safe)."""

    def __init__(self, fail_on: Callable[[dict[str, Any]], bool] | None = None) -> None:
        self._lock = threading.Lock()
        self._fail_on = fail_on
        self.instructions: list[dict[str, Any]] = []
        self.connections: list[dict[str, Any]] = []
        self.errors: list[Exception] = []
        self.raised: BaseException | None = None

    def instruction(self, data: dict[str, Any]) -> None:
        with self._lock:
            self.instructions.append(data)
        if self._fail_on is not None and self._fail_on(data):
            raise RuntimeError(f"cannot do {data['instruction_type']}")

    def connection(self, data: dict[str, Any]) -> None:
        with self._lock:
            self.connections.append(data)

    def error(self, error: Exception) -> None:
        with self._lock:
            self.errors.append(error)

    def ids(self) -> list[str]:
        with self._lock:
            return [i["instruction_id"] for i in self.instructions]

    def errors_of(self, kind: type[Exception]) -> list[Exception]:
        with self._lock:
            return [e for e in self.errors if isinstance(e, kind)]


class Streams:
    """Starts clients and their blocking streams; stops and closes them all at the end."""

    def __init__(self, backend: FakeSmartEMBackend) -> None:
        self.backend = backend
        self._clients: list[SSEAgentClient] = []
        self._threads: list[threading.Thread] = []

    def client(self, session_id: str, agent_id: str = AGENT, **options: Any) -> SSEAgentClient:
        settings: dict[str, Any] = {
            "initial_retry_delay": 0.01,
            "max_retry_delay": 0.05,
            "timeout": 5,
            "heartbeat_timeout": 60,
        }
        settings.update(options)
        url = settings.pop("url", self.backend.url)
        client = SSEAgentClient(url, agent_id, session_id, **settings)
        self._clients.append(client)
        return client

    def start(self, client: SSEAgentClient, recorder: Recorder) -> threading.Thread:
        def run() -> None:
            try:
                client.stream_instructions(
                    recorder.instruction, recorder.connection, recorder.error
                )
            except BaseException as error:
                recorder.raised = error

        thread = threading.Thread(target=run, daemon=True)
        self._threads.append(thread)
        thread.start()
        return thread

    def close(self) -> None:
        for client in self._clients:
            client.close()
        for thread in self._threads:
            thread.join(WAIT)


@pytest.fixture
def backend() -> Iterator[FakeSmartEMBackend]:
    with FakeSmartEMBackend(heartbeat_interval=30, ping_interval=None) as fake:
        yield fake


@pytest.fixture
def streams(backend: FakeSmartEMBackend) -> Iterator[Streams]:
    harness = Streams(backend)
    yield harness
    harness.close()


def test_instructions_arrive_highest_priority_first(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    for priority, sequence in [
        ("low", 1),
        ("normal", 2),
        ("critical", 3),
        ("high", 1),
        ("normal", 1),
    ]:
        backend.queue_instruction(
            session, priority=priority, sequence_number=sequence, payload={"p": priority}
        )
    recorder = Recorder()
    client = streams.client(session)
    streams.start(client, recorder)
    wait_until(lambda: len(recorder.instructions) == 5)
    order = [(i["priority"], i["sequence_number"]) for i in recorder.instructions]
    assert order == [("critical", 3), ("high", 1), ("normal", 1), ("normal", 2), ("low", 1)]
    assert recorder.connections[0]["connection_id"] == client.get_stats()["connection_id"]
    assert client.is_connected()
    typed = parse_instruction(recorder.instructions[0])
    assert typed.instruction_id == recorder.instructions[0]["instruction_id"]
    assert typed.payload.to_dict() == {"p": "critical"}


def test_each_of_1000_instructions_is_delivered_once_and_acked_through_100_drops(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    for drop in range(100):
        backend.sse_close_after(6, abrupt=drop % 2 == 1)
    recorder = Recorder()
    client = streams.client(session, auto_ack=True)
    streams.start(client, recorder)
    queued: list[str] = []

    def queue_all() -> None:
        for n in range(1000):
            queued.append(backend.queue_instruction(session, payload={"n": n}))
            if n % 20 == 0:
                time.sleep(0.002)

    producer = threading.Thread(target=queue_all)
    producer.start()
    producer.join(WAIT * 4)
    wait_until(lambda: len(recorder.instructions) >= 1000, timeout=WAIT * 4)
    wait_until(lambda: len(backend.acks(session)) >= 1000, timeout=WAIT * 2)

    delivered = recorder.ids()
    assert len(delivered) == 1000 and set(delivered) == set(queued)
    acks = backend.acks(session)
    assert sorted(a["instruction_id"] for a in acks) == sorted(queued)
    assert {a["status"] for a in acks} == {"received"}
    assert all(s["status"] == "acknowledged" for s in backend.instructions(session))
    assert len(stream_requests(backend, session)) == 101
    assert all(isinstance(e, TransportError) for e in recorder.errors), recorder.errors[:3]
    stats = client.get_stats()
    assert stats["reconnects"] == 100
    assert stats["instructions_received"] == 1000
    assert stats["instructions_acknowledged"] == 1000
    assert recorder.raised is None


def test_an_instruction_sent_twice_reaches_the_callback_once(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    first = backend.queue_instruction(session)
    backend.sse_close_after(2)  # connection + the instruction, then a reconnect
    recorder = Recorder()
    client = streams.client(session, auto_ack=True)
    streams.start(client, recorder)
    wait_until(lambda: len(recorder.connections) == 2)
    again = encode_event("instruction", json.dumps(instruction_data(session, first)))
    backend.sse_raw(again, session)
    backend.sse_raw(again, session)
    later = backend.queue_instruction(session)
    wait_until(lambda: later in recorder.ids())
    assert recorder.ids() == [first, later]
    assert client.get_stats()["duplicates_skipped"] == 2
    wait_until(lambda: len(backend.acks(session)) == 2)


def test_seen_ids_beyond_capacity_are_forgotten_oldest_first(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    recorder = Recorder()
    client = streams.client(session, seen_capacity=2)
    streams.start(client, recorder)
    wait_until(client.is_connected)
    for instruction_id in ["a", "b", "a", "c", "a", "b"]:
        backend.sse_raw(
            encode_event("instruction", json.dumps(instruction_data(session, instruction_id))),
            session,
        )
    wait_until(lambda: len(recorder.instructions) == 4)
    time.sleep(0.05)
    assert recorder.ids() == ["a", "b", "c", "b"]


def test_a_silent_server_trips_the_watchdog_and_the_client_reconnects(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    backend.sse_stall_after(1)  # the connection event, then nothing at all
    recorder = Recorder()
    client = streams.client(session, heartbeat_timeout=0.3)
    streams.start(client, recorder)
    wait_until(lambda: len(recorder.connections) == 2)
    watchdog = recorder.errors_of(TransportError)
    assert watchdog and "watchdog" in str(watchdog[0])
    instruction = backend.queue_instruction(session)
    wait_until(lambda: recorder.ids() == [instruction])


def test_heartbeats_keep_a_quiet_stream_open(streams: Streams) -> None:
    with FakeSmartEMBackend(heartbeat_interval=0.05, ping_interval=None) as beating:
        session = beating.create_session(AGENT)
        client = streams.client(session, url=beating.url, heartbeat_timeout=0.5)
        recorder = Recorder()
        streams.start(client, recorder)
        wait_until(lambda: client.get_stats()["last_heartbeat_at"] is not None)
        first = client.get_stats()["last_heartbeat_at"]
        wait_until(lambda: client.get_stats()["last_heartbeat_at"] != first)
        assert client.get_stats()["connections"] == 1
        client.stop()


def test_503_with_retry_after_then_success(backend: FakeSmartEMBackend, streams: Streams) -> None:
    session = backend.create_session(AGENT)
    backend.fail_next(2, 503, retry_after=0.05, path_prefix=stream_path(session))
    instruction = backend.queue_instruction(session)
    recorder = Recorder()
    client = streams.client(session)
    streams.start(client, recorder)
    wait_until(lambda: recorder.ids() == [instruction])
    # The reconnect policy handles the 503s, not the transport's own retries.
    assert stream_requests(backend, session) == [503, 503, 200]
    assert [getattr(e, "status_code", None) for e in recorder.errors_of(ServerError)] == [503, 503]
    stats = client.get_stats()
    assert (stats["connections"], stats["successful_connections"], stats["failures"]) == (3, 1, 2)


def test_too_many_consecutive_failures_raise_the_last_error(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    backend.fail_next(10, 502, path_prefix=stream_path(session))
    recorder = Recorder()
    client = streams.client(session, max_retries=2)
    streams.start(client, recorder).join(WAIT)
    assert isinstance(recorder.raised, ServerError) and recorder.raised.status_code == 502
    assert len(recorder.errors) == 3 and recorder.errors[-1] is recorder.raised
    assert stream_requests(backend, session) == [502, 502, 502]


def test_401_then_refreshed_token(streams: Streams) -> None:
    with TokenIssuer(realm="smartem", clients={"agent": "s3cret"}) as issuer:
        refused: list[str] = []

        def validator(token: str) -> bool:
            issuer.decode(token)
            if not refused:
                refused.append(token)
            return token != refused[0]

        with FakeSmartEMBackend(require_auth=True, token_validator=validator) as fake:
            session = fake.create_session(AGENT)
            instruction = fake.queue_instruction(session)
            auth = KeycloakAuth(issuer.url, "smartem", "agent", "s3cret")
            client = streams.client(session, url=fake.url, auth=auth, auto_ack=True)
            recorder = Recorder()
            streams.start(client, recorder)
            wait_until(lambda: recorder.ids() == [instruction])
            wait_until(lambda: len(fake.acks(session)) == 1)
            assert auth.token_requests == 2 and issuer.token_requests == 2
            assert stream_requests(fake, session) == [401, 200]
            assert all("s3cret" not in str(e) for e in recorder.errors)
            client.stop()


class RotatingToken(httpx.Auth):
    """A bearer auth that moves to its next token when invalidated (no retry of its own)."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.invalidated = 0

    def invalidate(self) -> None:
        self.invalidated += 1
        self.tokens.pop(0)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.tokens[0]}"
        yield request


def test_401_on_connect_invalidates_the_auth_and_reconnects(streams: Streams) -> None:
    with FakeSmartEMBackend(require_auth=True, token_validator=lambda t: t == "fresh") as fake:
        session = fake.create_session(AGENT)
        auth = RotatingToken(["stale", "fresh"])
        client = streams.client(session, url=fake.url, auth=auth)
        recorder = Recorder()
        streams.start(client, recorder)
        wait_until(client.is_connected)
        assert auth.invalidated == 1
        assert [getattr(e, "status_code", None) for e in recorder.errors_of(AuthError)] == [401]
        assert all("stale" not in str(e) for e in recorder.errors)
        client.stop()


@pytest.mark.parametrize("case", ["other agent's session", "unknown session", "ended session"])
def test_session_error_is_final(backend: FakeSmartEMBackend, streams: Streams, case: str) -> None:
    if case == "other agent's session":
        session = backend.create_session("agent-2")
    elif case == "unknown session":
        session = str(uuid.uuid4())
    else:
        session = backend.create_session(AGENT, status="ended")
    recorder = Recorder()
    client = streams.client(session)
    thread = streams.start(client, recorder)
    thread.join(WAIT)
    assert not thread.is_alive() and recorder.raised is None
    (error,) = recorder.errors
    assert isinstance(error, InstructionStreamError) and error.final
    assert error.code == "session_validation_failed" and session in error.message
    time.sleep(0.1)  # a reconnect, were there one, would have happened by now
    assert stream_requests(backend, session) == [200]


@pytest.mark.parametrize("status", [403, 404, 422])
def test_client_errors_on_connect_are_final_and_raised(
    backend: FakeSmartEMBackend, streams: Streams, status: int
) -> None:
    session = backend.create_session(AGENT)
    backend.fail_next(1, status, path_prefix=stream_path(session))
    recorder = Recorder()
    client = streams.client(session)
    streams.start(client, recorder).join(WAIT)
    assert getattr(recorder.raised, "status_code", None) == status
    assert recorder.errors == [recorder.raised]
    assert stream_requests(backend, session) == [status]


def test_stop_from_another_thread_ends_a_blocked_stream(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    client = streams.client(session, heartbeat_timeout=60)
    recorder = Recorder()
    thread = streams.start(client, recorder)
    wait_until(client.is_connected)
    time.sleep(0.05)  # blocked in a read now
    client.stop()
    thread.join(1.0)
    assert not thread.is_alive() and recorder.raised is None
    assert not client.is_connected()
    wait_until(lambda: backend.active_streams(session) == 0)


def test_stop_ends_a_stream_waiting_to_reconnect(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    backend.fail_next(1, 503, retry_after=30, path_prefix=stream_path(session))
    client = streams.client(session, max_retry_delay=60)
    recorder = Recorder()
    thread = streams.start(client, recorder)
    wait_until(lambda: len(recorder.errors) == 1)
    client.stop()
    thread.join(1.0)
    assert not thread.is_alive()
    assert stream_requests(backend, session) == [503]


def test_stop_ends_a_stream_on_a_stalled_server(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    backend.sse_stall_after(0)  # headers, then nothing, not even the connection event
    client = streams.client(session, heartbeat_timeout=60)
    recorder = Recorder()
    thread = streams.start(client, recorder)
    wait_until(lambda: backend.active_streams(session) == 1)
    client.stop()
    thread.join(1.0)
    assert not thread.is_alive()


def test_malformed_events_are_reported_and_the_stream_continues(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    recorder = Recorder()
    client = streams.client(session)
    streams.start(client, recorder)
    wait_until(client.is_connected)
    broken = instruction_data(session, "x")
    del broken["instruction_id"]
    for raw in [
        "event: instruction\ndata: {not json\n\n",
        'data: {"no": "type"}\n\n',
        "data: [1, 2]\n\n",
        'event: surprise\ndata: {"type": "surprise"}\n\n',
        encode_event("instruction", json.dumps(broken)).decode(),
        'event: heartbeat\ndata: {"type": "instruction"}\n\n',
    ]:
        backend.sse_raw(raw, session)
    instruction = backend.queue_instruction(session)
    wait_until(lambda: recorder.ids() == [instruction])
    malformed = recorder.errors_of(MalformedEvent)
    assert len(malformed) == 6 and len(recorder.errors) == 6
    assert "not JSON" in str(malformed[0]) and "unknown event type" in str(malformed[3])
    assert client.get_stats()["connections"] == 1


@pytest.mark.parametrize("sep", ["\r\n", "\n", "\r"], ids=["CRLF", "LF", "CR"])
def test_line_endings_comments_and_multi_line_data(
    backend: FakeSmartEMBackend, streams: Streams, sep: str
) -> None:
    session = backend.create_session(AGENT)
    recorder = Recorder()
    client = streams.client(session)
    streams.start(client, recorder)
    wait_until(client.is_connected)
    data = instruction_data(session, f"multi-{len(sep)}", payload={"lines": ["a", "b"]})
    text = json.dumps(data, indent=2)  # one data: line per JSON line
    assert text.count("\n") > 5
    raw = f": a comment{sep}:{sep}" + encode_event("instruction", text, sep=sep).decode()
    backend.sse_raw(raw, session)
    wait_until(lambda: len(recorder.instructions) == 1)
    assert recorder.instructions[0] == data
    assert recorder.errors == []


def test_events_split_at_any_byte_reach_the_client_whole(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    recorder = Recorder()
    client = streams.client(session)
    streams.start(client, recorder)
    wait_until(client.is_connected)
    raw = encode_event("instruction", json.dumps(instruction_data(session, "split")))
    for i in range(len(raw)):
        backend.sse_raw(raw[i : i + 1], session)
    wait_until(lambda: recorder.ids() == ["split"])


def test_a_failing_callback_is_reported_and_the_stream_continues(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    bad = backend.queue_instruction(session, instruction_type="explode")
    good = backend.queue_instruction(session)
    recorder = Recorder(fail_on=lambda d: d["instruction_type"] == "explode")
    client = streams.client(session, auto_ack=True)
    streams.start(client, recorder)
    wait_until(lambda: recorder.ids() == [bad, good])
    (failure,) = recorder.errors
    assert isinstance(failure, CallbackFailed) and failure.instruction_id == bad
    assert isinstance(failure.__cause__, RuntimeError)
    # "received" went out before each callback ran; the backend takes one ack each.
    wait_until(lambda: len(backend.acks(session)) == 2)
    assert {a["status"] for a in backend.acks(session)} == {"received"}


def test_outcome_auto_ack_reports_processed_or_failed(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    bad = backend.queue_instruction(session, instruction_type="explode")
    good = backend.queue_instruction(session)
    recorder = Recorder(fail_on=lambda d: d["instruction_type"] == "explode")
    client = streams.client(session, auto_ack="outcome")
    streams.start(client, recorder)
    wait_until(lambda: len(backend.acks(session)) == 2)
    acks = {a["instruction_id"]: a for a in backend.acks(session)}
    assert acks[good]["status"] == "processed" and acks[good]["processing_time_ms"] >= 0
    assert acks[bad]["status"] == "failed"
    assert "cannot do explode" in acks[bad]["error_message"]


def test_acknowledge_instruction_rejects_an_unknown_status_before_sending(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    client = streams.client(session)
    before = backend.request_count
    with pytest.raises(ValueError, match=r"received, processed, failed, declined"):
        client.acknowledge_instruction("some-id", "done")
    with pytest.raises(ValueError):
        client.acknowledge_instruction("some-id", "RECEIVED")
    assert backend.request_count == before
    assert not any(r.path.endswith("/ack") for r in backend.request_log)


def test_acknowledge_instruction_sends_a_timezone_aware_time_and_retries_server_errors(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    instruction = backend.queue_instruction(session)
    recorder = Recorder()
    client = streams.client(session)
    streams.start(client, recorder)
    wait_until(lambda: recorder.ids() == [instruction])
    ack_path = f"/agent/{AGENT}/session/{session}/instructions/{instruction}/ack"
    backend.fail_next(2, 500, path_prefix=ack_path)
    answer = client.acknowledge_instruction(
        instruction, "processed", result="ok", processing_time_ms=12, retry_count=3
    )
    assert answer.instruction_id == instruction and answer.status == "success"
    (ack,) = backend.acks(session)
    assert (ack["status"], ack["result"], ack["processing_time_ms"]) == ("processed", "ok", 12)
    assert datetime.fromisoformat(ack["processed_at"]).tzinfo is not None
    posts = [r.status for r in backend.request_log if r.path == ack_path]
    assert posts == [500, 500, 200]
    assert client.get_stats()["instructions_acknowledged"] == 1


def test_acknowledge_instruction_gives_up_after_retry_count(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    client = streams.client(session)
    ack_path = f"/agent/{AGENT}/session/{session}/instructions/x/ack"
    backend.fail_next(5, 500, path_prefix=ack_path)
    with pytest.raises(ServerError):
        client.acknowledge_instruction("x", "received", retry_count=1)
    assert [r.status for r in backend.request_log if r.path == ack_path] == [500, 500]


def test_acknowledge_instruction_does_not_retry_typed_errors(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    client = streams.client(session)
    with pytest.raises(NotFound):
        client.acknowledge_instruction("unknown", "received")
    assert len([r for r in backend.request_log if r.path.endswith("/ack")]) == 1


def test_send_heartbeat_while_connected(backend: FakeSmartEMBackend, streams: Streams) -> None:
    session = backend.create_session(AGENT)
    client = streams.client(session)
    streams.start(client, Recorder())
    wait_until(client.is_connected)
    answer = client.send_heartbeat()
    assert answer["connection_id"] == client.get_stats()["connection_id"]


def test_stats_reset_and_context_manager(backend: FakeSmartEMBackend) -> None:
    session = backend.create_session(AGENT)
    backend.queue_instruction(session)
    recorder = Recorder()
    with SSEAgentClient(backend.url, AGENT, session, initial_retry_delay=0.01) as client:
        thread = threading.Thread(
            target=client.stream_instructions, args=(recorder.instruction,), daemon=True
        )
        thread.start()
        wait_until(lambda: len(recorder.instructions) == 1)
        stats = client.get_stats()
        assert stats["instructions_received"] == 1 and stats["success_rate"] == 1.0
        client.reset_stats()
        assert client.get_stats()["instructions_received"] == 0
        assert client.get_stats()["connection_id"] == stats["connection_id"]
    thread.join(1.0)
    assert not thread.is_alive()
    assert "token" not in repr(client)
    with pytest.raises(RuntimeError):
        client.stream_instructions(recorder.instruction)


# ---------------------------------------------------------------------------- async


def run_async(coroutine: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coroutine, WAIT * 2))


async def async_wait_until(condition: Callable[[], bool], timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.005)


def test_async_stream_delivers_in_order_and_acknowledges(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    low = backend.queue_instruction(session, priority="low")
    high = backend.queue_instruction(session, priority="high")
    client = streams.client(session, auto_ack="outcome")
    recorder = Recorder()
    seen: list[str] = []

    async def on_instruction(data: dict[str, Any]) -> None:
        await asyncio.sleep(0)
        seen.append(data["instruction_id"])

    async def main() -> None:
        task = asyncio.create_task(
            client.stream_instructions_async(on_instruction, recorder.connection, recorder.error)
        )
        await async_wait_until(lambda: len(backend.acks(session)) == 2)
        client.stop()
        await task

    run_async(main())
    assert seen == [high, low]
    assert {a["status"] for a in backend.acks(session)} == {"processed"}
    assert recorder.errors == []


def test_async_stream_delivers_exactly_once_through_drops(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    for drop in range(20):
        backend.sse_close_after(4, abrupt=drop % 2 == 0)
    queued = [backend.queue_instruction(session, payload={"n": n}) for n in range(100)]
    client = streams.client(session, auto_ack=True)
    recorder = Recorder()

    async def main() -> None:
        task = asyncio.create_task(
            client.stream_instructions_async(
                recorder.instruction, recorder.connection, recorder.error
            )
        )
        await async_wait_until(lambda: len(recorder.instructions) >= 1)
        first = recorder.ids()[0]
        duplicate = encode_event("instruction", json.dumps(instruction_data(session, first)))
        backend.sse_raw(duplicate, session)
        await async_wait_until(lambda: len(recorder.instructions) >= 100)
        await async_wait_until(lambda: len(backend.acks(session)) >= 100)
        client.stop()
        await task

    run_async(main())
    assert sorted(recorder.ids()) == sorted(queued)
    assert sorted(a["instruction_id"] for a in backend.acks(session)) == sorted(queued)
    assert client.get_stats()["reconnects"] == 20
    assert client.get_stats()["duplicates_skipped"] == 1


def test_async_cancellation_closes_the_connection(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    client = streams.client(session)
    recorder = Recorder()

    async def main() -> None:
        task = asyncio.create_task(
            client.stream_instructions_async(recorder.instruction, recorder.connection)
        )
        await async_wait_until(client.is_connected)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert not client.is_connected()
        await async_wait_until(lambda: backend.active_streams(session) == 0)

    run_async(main())
    # The client can stream again after a cancellation.
    instruction = backend.queue_instruction(session)

    async def again() -> None:
        task = asyncio.create_task(client.stream_instructions_async(recorder.instruction))
        await async_wait_until(lambda: instruction in recorder.ids())
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    run_async(again())


def test_async_stop_from_another_thread(backend: FakeSmartEMBackend, streams: Streams) -> None:
    session = backend.create_session(AGENT)
    client = streams.client(session, heartbeat_timeout=60)
    recorder = Recorder()
    outcome: list[object] = []

    def run() -> None:
        try:
            asyncio.run(client.stream_instructions_async(recorder.instruction, recorder.connection))
            outcome.append("returned")
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    wait_until(client.is_connected)
    client.stop()
    thread.join(1.0)
    assert not thread.is_alive() and outcome == ["returned"]


def test_async_session_error_is_final(backend: FakeSmartEMBackend, streams: Streams) -> None:
    session = backend.create_session("agent-2")
    client = streams.client(session)
    recorder = Recorder()
    run_async(client.stream_instructions_async(recorder.instruction, error_callback=recorder.error))
    (error,) = recorder.errors
    assert isinstance(error, InstructionStreamError) and error.final
    assert stream_requests(backend, session) == [200]


def test_async_503_then_success_and_malformed_data(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    backend.fail_next(1, 503, retry_after=0.01, path_prefix=stream_path(session))
    backend.sse_raw("event: instruction\rdata: nonsense\r\r", session)
    instruction = backend.queue_instruction(session)
    client = streams.client(session)
    recorder = Recorder()

    async def main() -> None:
        task = asyncio.create_task(
            client.stream_instructions_async(recorder.instruction, error_callback=recorder.error)
        )
        await async_wait_until(lambda: recorder.ids() == [instruction])
        client.stop()
        await task

    run_async(main())
    assert [type(e) for e in recorder.errors] == [ServerError, MalformedEvent]
    assert stream_requests(backend, session) == [503, 200]


def test_async_watchdog_reconnects(backend: FakeSmartEMBackend, streams: Streams) -> None:
    session = backend.create_session(AGENT)
    backend.sse_stall_after(1)
    client = streams.client(session, heartbeat_timeout=0.3)
    recorder = Recorder()

    async def main() -> None:
        task = asyncio.create_task(
            client.stream_instructions_async(
                recorder.instruction, recorder.connection, recorder.error
            )
        )
        await async_wait_until(lambda: len(recorder.connections) == 2)
        client.stop()
        await task

    run_async(main())
    assert "watchdog" in str(recorder.errors_of(TransportError)[0])


def test_async_without_auto_retry_raises_the_first_failure(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    backend.fail_next(1, 503, path_prefix=stream_path(session))
    client = streams.client(session)
    recorder = Recorder()
    with pytest.raises(ServerError):
        run_async(
            client.stream_instructions_async(
                recorder.instruction, error_callback=recorder.error, auto_retry=False
            )
        )
    assert len(recorder.errors) == 1 and stream_requests(backend, session) == [503]


def test_async_acknowledge_validates_status_and_acknowledges(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    instruction = backend.queue_instruction(session)
    client = streams.client(session)
    recorder = Recorder()

    async def main() -> None:
        with pytest.raises(ValueError):
            await client.acknowledge_instruction_async(instruction, "finished")
        acked: list[str] = []

        async def on_instruction(data: dict[str, Any]) -> None:
            answer = await client.acknowledge_instruction_async(data["instruction_id"], "declined")
            acked.append(answer.status)

        task = asyncio.create_task(client.stream_instructions_async(on_instruction))
        await async_wait_until(lambda: acked == ["success"])
        await client.send_heartbeat_async()
        client.stop()
        await task

    run_async(main())
    assert [a["status"] for a in backend.acks(session)] == ["declined"]
    assert recorder.errors == []


# ---------------------------------------------------------------------------- API client


def requests_to(backend: FakeSmartEMBackend, session_id: str) -> list[tuple[str, str]]:
    prefix = f"/agent/{AGENT}/session/{session_id}/"
    return [
        (r.method, r.path[len(prefix) :]) for r in backend.request_log if r.path.startswith(prefix)
    ]


def test_a_given_api_client_carries_the_stream_its_acks_and_heartbeats(
    backend: FakeSmartEMBackend,
) -> None:
    session = backend.create_session(AGENT)
    queued = [backend.queue_instruction(session) for _ in range(2)]
    seen: list[str] = []
    http = httpx.Client(
        base_url=backend.url,
        event_hooks={"request": [lambda request: seen.append(request.url.path)]},
    )
    api = SmartEMAPIClient(backend.url, httpx_client=http)
    client = SSEAgentClient(backend.url, AGENT, session, api=api, auto_ack="outcome")
    recorder = Recorder()
    thread = threading.Thread(
        target=client.stream_instructions, args=(recorder.instruction,), daemon=True
    )
    thread.start()
    wait_until(lambda: len(backend.acks(session)) == 2)
    client.send_heartbeat()
    client.stop()
    thread.join(WAIT)
    client.close()

    # Every request the backend answered came through the caller's httpx client.
    assert sorted(recorder.ids()) == sorted(queued)
    assert sorted(requests_to(backend, session)) == sorted(
        [("GET", "instructions/stream"), ("POST", "heartbeat")]
        + [("POST", f"instructions/{key}/ack") for key in queued]
    )
    assert sorted(seen) == sorted(r.path for r in backend.request_log)
    # Closing the SSE client left the caller's client open.
    assert api.get_health() is not None
    http.close()


def test_a_given_async_api_client_carries_the_stream_its_acks_and_heartbeats(
    backend: FakeSmartEMBackend,
) -> None:
    session = backend.create_session(AGENT)
    instruction = backend.queue_instruction(session)

    async def main() -> tuple[int, list[str]]:
        async with AsyncSmartEMAPIClient(backend.url) as api:
            async with SSEAgentClient(backend.url, AGENT, session, api=api) as client:
                acked: list[str] = []

                async def on_instruction(data: dict[str, Any]) -> None:
                    answer = await client.acknowledge_instruction_async(
                        data["instruction_id"], "processed"
                    )
                    acked.append(answer.instruction_id)
                    await client.send_heartbeat_async()
                    client.stop()

                await client.stream_instructions_async(on_instruction)
            # The SSE client's close left the caller's client open.
            await api.get_health()
            return api.stats.requests, acked

    requests, acked = run_async(main())
    assert acked == [instruction]
    assert sorted(requests_to(backend, session)) == [
        ("GET", "instructions/stream"),
        ("POST", "heartbeat"),
        ("POST", f"instructions/{instruction}/ack"),
    ]
    # The stream, the ack, the heartbeat and the health read: all counted by the caller's.
    assert requests == len(backend.request_log) == 4


def test_a_given_client_of_the_other_kind_is_refused_before_anything_is_sent(
    backend: FakeSmartEMBackend,
) -> None:
    session = backend.create_session(AGENT)
    with SmartEMAPIClient(backend.url) as api:
        client = SSEAgentClient(backend.url, AGENT, session, api=api)
        with pytest.raises(TypeError, match="blocking methods"):
            run_async(client.stream_instructions_async(Recorder().instruction))
        with pytest.raises(TypeError, match="blocking methods"):
            run_async(client.send_heartbeat_async())

    async def blocking_on_async() -> None:
        async with AsyncSmartEMAPIClient(backend.url) as async_api:
            other = SSEAgentClient(backend.url, AGENT, session, api=async_api)
            with pytest.raises(TypeError, match="asyncio methods"):
                other.acknowledge_instruction("some-id", "received")
            with pytest.raises(TypeError, match="asyncio methods"):
                other.stream_instructions(Recorder().instruction)

    run_async(blocking_on_async())
    assert backend.request_log == []


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"auth": BearerToken("t0ken")}, "auth"),
        ({"retry": RetryPolicy(attempts=1)}, "retry"),
        ({"verify": False, "retry": None}, "retry, verify"),
        ({"url": "http://127.0.0.1:9"}, "base_url"),
    ],
)
def test_settings_of_a_given_api_client_are_refused_here(
    backend: FakeSmartEMBackend, options: dict[str, Any], named: str
) -> None:
    url = options.pop("url", backend.url)
    with SmartEMAPIClient(backend.url) as api, pytest.raises(ValueError, match=named):
        SSEAgentClient(url, AGENT, "session-1", api=api, **options)
    with pytest.raises(TypeError, match="api must be"):
        SSEAgentClient(backend.url, AGENT, "session-1", api=httpx.Client())  # type: ignore[arg-type]


def test_acks_and_heartbeats_outside_a_stream_share_one_connection(
    backend: FakeSmartEMBackend,
) -> None:
    session = backend.create_session(AGENT)
    with ChaosProxy(backend.url, FaultPlan(seed=1, kinds=frozenset())) as proxy:
        client = SSEAgentClient(proxy.url, AGENT, session, retry=None)

        async def beats() -> None:
            # Without an open stream the backend refuses both: each is still one request.
            for _ in range(3):
                with pytest.raises(NotFound):
                    await client.send_heartbeat_async()
            with pytest.raises(NotFound):
                await client.acknowledge_instruction_async("unknown", "received")
            await client.aclose()

        run_async(beats())
        assert proxy.counts().requests == 4
        # One API client of its own on the loop, not one per call.
        assert proxy.counts().connections == 1


# ---------------------------------------------------------------------------- policy


class TestReconnectPolicy:
    def test_waits_grow_exponentially_within_full_jitter(self) -> None:
        policy = ReconnectPolicy(0.5, 4.0, None, rng=random.Random(7))
        ceilings = [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
        for ceiling in ceilings:
            delay = policy.next_delay()
            assert delay is not None and 0.0 <= delay <= ceiling

    def test_full_jitter_reaches_the_whole_range(self) -> None:
        policy = ReconnectPolicy(1.0, 1.0, None, rng=random.Random(1))
        delays = [policy.next_delay() for _ in range(500)]
        assert min(d for d in delays if d is not None) < 0.05
        assert max(d for d in delays if d is not None) > 0.95

    def test_healthy_connection_resets_the_count(self) -> None:
        policy = ReconnectPolicy(1.0, 60.0, 2)
        policy.next_delay()
        policy.next_delay()
        policy.healthy()
        assert policy.failures == 0
        assert policy.next_delay() is not None

    def test_gives_up_after_max_failures(self) -> None:
        policy = ReconnectPolicy(0.1, 1.0, 2)
        assert policy.next_delay() is not None
        assert policy.next_delay() is not None
        assert policy.next_delay() is None

    def test_zero_max_failures_never_retries(self) -> None:
        assert ReconnectPolicy(0.1, 1.0, 0).next_delay() is None

    def test_none_retries_forever(self) -> None:
        policy = ReconnectPolicy(0.1, 1.0, None)
        assert all(policy.next_delay() is not None for _ in range(5000))

    def test_server_advice_is_the_next_delay_once_and_capped(self) -> None:
        policy = ReconnectPolicy(1.0, 10.0, None, rng=random.Random(3))
        policy.advise(2.5)
        assert policy.next_delay() == 2.5
        next_delay = policy.next_delay()
        assert next_delay is not None and next_delay <= 2.0
        policy.advise(120)
        assert policy.next_delay() == 10.0

    @pytest.mark.parametrize(
        ("initial", "maximum", "failures"),
        [(-1, 1, 1), (2, 1, 1), (1, 2, -1), (1, float("inf"), 1)],
    )
    def test_bad_settings_are_refused(self, initial: float, maximum: float, failures: int) -> None:
        with pytest.raises(ValueError):
            ReconnectPolicy(initial, maximum, failures)


def test_server_retry_field_sets_the_next_delay(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    backend.sse_close_after(2)  # the connection event and one instruction
    backend.sse_raw("retry: 10\n\n", session)
    backend.queue_instruction(session)
    recorder = Recorder()
    # Backoff alone would wait up to a minute; the server's "retry: 10" (ms) must win.
    client = streams.client(session, initial_retry_delay=60, max_retry_delay=60)
    streams.start(client, recorder)
    wait_until(lambda: len(recorder.connections) == 2)


def test_unreachable_token_endpoint_counts_as_a_failed_connection(
    backend: FakeSmartEMBackend, streams: Streams
) -> None:
    session = backend.create_session(AGENT)
    auth = KeycloakAuth("http://127.0.0.1:9", "smartem", "agent", "s3cret", timeout=2)
    # retry=None: no transport retries of the token request, so the test stays quick.
    client = streams.client(session, auth=auth, max_retries=1, retry=None)
    recorder = Recorder()
    streams.start(client, recorder).join(WAIT)
    assert isinstance(recorder.raised, TransportError)
    assert "token endpoint unreachable" in str(recorder.raised)
    assert len(recorder.errors) == 2 and all("s3cret" not in str(e) for e in recorder.errors)
    assert stream_requests(backend, session) == []


def test_ack_statuses_match_the_contract() -> None:
    from smartem_api.models import AgentInstructionAcknowledgementStatus
    from smartem_ext._sse_core import ACK_STATUSES

    assert set(ACK_STATUSES) == {s.value for s in AgentInstructionAcknowledgementStatus}
