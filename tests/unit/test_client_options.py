"""The caller's controls: ``with_options``, a caller's httpx client, answer caps by kind, and
the answer's headers on errors.

Each test runs the client over real HTTP: the fake backend, or a small recording server on
127.0.0.1 that answers what the test sets and keeps every request it was sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import pickle
import threading
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

import httpx
import pytest

from smartem_ext import (
    AnswerLimits,
    AnswerTooLarge,
    AsyncSmartEMAPIClient,
    BearerToken,
    ConversionError,
    DeadlineExceeded,
    InvalidResponse,
    NotFound,
    PartialFailure,
    RetryPolicy,
    ServerError,
    SmartEMAPIClient,
    TransportError,
)
from smartem_ext.errors import AnswerHeaders
from smartem_ext.http import (
    ECHO_FACTOR,
    ENTITY_DECODED_CAP,
    ENTITY_RECEIVED_CAP,
    LISTING_CAP,
    Caps,
)
from smartem_ext.testing import FakeSmartEMBackend
from tests.support import epu_data as epu
from tests.support.stub_servers import silent_server

WAIT = 10.0
NO_BACKOFF = RetryPolicy(backoff_factor=0.0)
MiB = 1024 * 1024
T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(asyncio.wait_for(coroutine, WAIT * 3))


@pytest.fixture(scope="module")
def backend() -> Iterator[FakeSmartEMBackend]:
    with FakeSmartEMBackend(ping_interval=None) as started:
        yield started


# ---- a server that records what it was sent ------------------------------------------------


@dataclass
class Answer:
    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Recorder:
    """What the recording server answers (by path, else ``default``) and what it was sent."""

    url: str = ""
    default: Answer = field(default_factory=Answer)
    by_path: dict[str, Answer] = field(default_factory=dict)
    seen: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)

    def headers_of(self, index: int = -1) -> dict[str, str]:
        return self.seen[index][2]


@contextlib.contextmanager
def recording_server() -> Iterator[Recorder]:
    recorder = Recorder()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            headers = {name.lower(): value for name, value in self.headers.items()}
            recorder.seen.append((self.command, self.path, headers))
            answer = recorder.by_path.get(self.path.split("?")[0], recorder.default)
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json")
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        do_GET = do_POST = do_PUT = do_DELETE = _answer

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def acquisition_json(uuid: str = "a-1") -> dict[str, Any]:
    return {
        "uuid": uuid,
        "id": None,
        "name": "x",
        "status": "started",
        "start_time": None,
        "end_time": None,
        "paused_time": None,
        "storage_path": None,
        "atlas_path": None,
        "clustering_mode": None,
        "clustering_radius": None,
        "instrument_model": None,
        "instrument_id": None,
        "computer_name": None,
    }


def listing_of(size: int) -> bytes:
    """A JSON list of acquisitions at least ``size`` bytes long."""
    one = json.dumps(acquisition_json()).encode()
    return b"[" + b",".join([one] * (size // len(one) + 1)) + b"]"


# ---- with_options: another timeout, deadline, caps, retry policy or headers for some calls ----


def test_a_derived_client_shares_pool_auth_id_cache_and_stats(backend: FakeSmartEMBackend) -> None:
    with SmartEMAPIClient(backend.url, WAIT, auth=BearerToken("t-1")) as client:
        derived = client.with_options(timeout=30.0, headers={"X-Request-ID": "r-1"})
        assert type(derived) is SmartEMAPIClient
        assert derived.id_cache is client.id_cache and derived.stats is client.stats
        session = epu.acquisition()
        derived.create_acquisition(session)
        grid = epu.grid(session)
        derived.create_acquisition_grid(grid)
        assert client.id_cache.grid(str(grid.data_dir)) == grid.uuid
        assert client.stats.requests == 2
        client.get_health()
        assert derived.stats.requests == 3
        assert (derived.timeout, derived.deadline) == (30.0, 180.0)
        assert (client.timeout, client.deadline) == (WAIT, 6 * WAIT)

        derived.close()  # a derived client leaves the pool open
        assert client.get_acquisition(session.uuid).uuid == session.uuid
        with derived:
            assert derived.get_status()["status"]
        assert client.get_health()["status"] == "ok"
    with pytest.raises(RuntimeError, match="closed"):  # the original's close closes the pool
        derived.get_health()


def test_derived_headers_go_with_each_call_of_that_client_only() -> None:
    with recording_server() as server, SmartEMAPIClient(server.url, WAIT) as client:
        tagged = client.with_options(headers={"X-Request-ID": "r-7", "X-Agent": "m06"})
        more = tagged.with_options(headers={"X-Request-ID": "r-8"})
        tagged.get_status()
        more.get_status()
        client.get_status()
        first, second, plain = (server.headers_of(n) for n in range(3))
    assert (first["x-request-id"], first["x-agent"]) == ("r-7", "m06")
    assert (second["x-request-id"], second["x-agent"]) == ("r-8", "m06")
    assert "x-request-id" not in plain and "x-agent" not in plain
    for sent in (first, second, plain):
        assert sent["user-agent"].startswith("smartem-client/")


def test_a_derived_timeout_and_deadline_apply_to_its_calls_only() -> None:
    with silent_server() as url, SmartEMAPIClient(url, 60.0, retry=None) as client:
        quick = client.with_options(timeout=0.2)
        with pytest.raises(TransportError, match="ReadTimeout") as timed_out:
            quick.get_status()
        assert not isinstance(timed_out.value, DeadlineExceeded)
        assert quick.deadline == pytest.approx(1.2)
        bounded = client.with_options(limits=AnswerLimits(deadline=0.3))
        with pytest.raises(DeadlineExceeded) as late:
            bounded.get_status()
        assert late.value.seconds == 0.3
    assert (client.timeout, client.deadline) == (60.0, 360.0)


def test_a_derived_retry_policy_applies_to_its_calls_and_counts_in_the_shared_stats(
    backend: FakeSmartEMBackend,
) -> None:
    with SmartEMAPIClient(backend.url, WAIT, retry=None) as client:
        patient = client.with_options(retry=RetryPolicy(attempts=3, backoff_factor=0.0))
        backend.fail_next(2, 503, path_prefix="/health")
        assert patient.get_health()["status"] == "ok"
        assert client.stats.retries == 2
        backend.fail_next(1, 503, path_prefix="/health")
        with pytest.raises(ServerError):
            client.get_health()
    with SmartEMAPIClient(backend.url, WAIT, retry=NO_BACKOFF) as client:
        hasty = client.with_options(retry=None)
        backend.fail_next(1, 503, path_prefix="/health")
        with pytest.raises(ServerError):
            hasty.get_health()
        backend.fail_next(1, 503, path_prefix="/health")
        assert client.get_health()["status"] == "ok"
        assert client.stats.retries == 1


def test_a_derived_create_whose_answer_was_lost_is_read_back_without_retries(
    backend: FakeSmartEMBackend,
) -> None:
    with SmartEMAPIClient(backend.url, WAIT, retry=NO_BACKOFF) as client:
        hasty = client.with_options(retry=None)
        session = epu.acquisition()
        backend.drop_after_commit(1, path_prefix="/acquisitions")
        assert hasty.create_acquisition(session).uuid == session.uuid
        assert client.stats.recovered_creates == 1
        assert len([a for a in backend.entities("acquisition") if a["uuid"] == session.uuid]) == 1


def test_a_long_listing_passes_with_a_raised_deadline_and_fails_without(
    backend: FakeSmartEMBackend,
) -> None:
    holes = 20_000
    short = AnswerLimits(deadline=0.05)
    with SmartEMAPIClient(backend.url, WAIT, retry=NO_BACKOFF) as setup:
        session = epu.acquisition()
        setup.create_acquisition(session)
        grid = epu.grid(session)
        setup.create_acquisition_grid(grid)
        square = epu.gridsquare(grid.uuid, "1")
        setup.create_grid_gridsquare(square)
        setup.create_gridsquare_foilholes(
            square.uuid,
            [epu.foilhole(square.uuid, "1", str(n), near_grid_bar=False) for n in range(holes)],
        )
    with SmartEMAPIClient(backend.url, WAIT, limits=short, retry=None) as client:
        with pytest.raises(DeadlineExceeded) as raised:
            client.get_gridsquare_foilholes(square.uuid)
        assert raised.value.seconds == 0.05
        patient = client.with_options(limits=AnswerLimits(deadline=120.0))
        assert len(patient.get_gridsquare_foilholes(square.uuid)) == holes

    async def listed() -> int:
        async with AsyncSmartEMAPIClient(backend.url, WAIT, limits=short, retry=None) as client:
            with pytest.raises(DeadlineExceeded):
                await client.get_gridsquare_foilholes(square.uuid)
            patient = client.with_options(limits=AnswerLimits(deadline=120.0))
            return len(await patient.get_gridsquare_foilholes(square.uuid))

    assert run(listed()) == holes


def test_an_async_derived_client_shares_the_pool_and_leaves_it_open(
    backend: FakeSmartEMBackend,
) -> None:
    async def scenario() -> AsyncSmartEMAPIClient:
        async with AsyncSmartEMAPIClient(backend.url, WAIT) as client:
            derived = client.with_options(timeout=5.0, headers={"X-Request-ID": "a-1"})
            assert type(derived) is AsyncSmartEMAPIClient
            async with derived:
                assert (await derived.get_health())["status"] == "ok"
            assert (await client.get_health())["status"] == "ok"
            assert client.stats.requests == 2 and derived.stats is client.stats
        return derived

    derived = run(scenario())
    with pytest.raises(RuntimeError, match="closed"):
        run(derived.get_health())


@pytest.mark.parametrize(
    ("options", "error", "names"),
    [
        ({"timeout": 0}, ConversionError, "timeout"),
        ({"timeout": float("nan")}, ConversionError, "timeout"),
        ({"timeout": "5"}, TypeError, "timeout"),
        ({"timeout": True}, TypeError, "timeout"),
        ({"limits": 5}, TypeError, "limits"),
        ({"retry": 3}, TypeError, "retry"),
        ({"headers": [("X-A", "1")]}, TypeError, "headers"),
        ({"headers": {"X-A": 1}}, TypeError, "headers"),
        ({"headers": {"Bad Name": "1"}}, ConversionError, "Bad Name"),
        ({"headers": {"X-A": "1\r\nX-B: 2"}}, ConversionError, "X-A"),
        ({"headers": {"Content-Length": "3"}}, ConversionError, "Content-Length"),
        ({"headers": {"Host": "elsewhere"}}, ConversionError, "Host"),
    ],
)
def test_bad_options_are_refused_naming_them_before_anything_is_sent(
    options: dict[str, Any], error: type[Exception], names: str
) -> None:
    with recording_server() as server, SmartEMAPIClient(server.url, WAIT) as client:
        with pytest.raises(error, match=names):
            client.with_options(**options)
        assert server.seen == []


# ---- a caller's httpx client keeps the client's retries, deadline, caps, agent and stats ----


def test_a_given_httpx_client_keeps_retries_user_agent_and_stats(
    backend: FakeSmartEMBackend,
) -> None:
    attempts: list[str] = []
    hooks = {"request": [lambda request: attempts.append(request.headers["user-agent"])]}
    with httpx.Client(base_url=backend.url, event_hooks=hooks) as http:
        with SmartEMAPIClient(backend.url, WAIT, retry=NO_BACKOFF, httpx_client=http) as client:
            backend.fail_next(2, 503, path_prefix="/health")
            assert client.get_health()["status"] == "ok"
            assert (client.stats.requests, client.stats.retries) == (1, 2)
        assert not http.is_closed
    # Every attempt went through the caller's client, with this package's user agent.
    assert len(attempts) == 3
    assert all(agent.startswith("smartem-client/") for agent in attempts)


def test_a_given_httpx_client_keeps_its_headers_and_auth_and_stays_open() -> None:
    with (
        recording_server() as server,
        httpx.Client(
            base_url=server.url, headers={"X-Site": "m06"}, auth=BearerToken("caller-token")
        ) as http,
    ):
        with SmartEMAPIClient(server.url, WAIT, httpx_client=http) as client:
            client.with_options(headers={"X-Request-ID": "r-1"}).get_status()
        assert not http.is_closed
        assert http.get("/status").status_code == 200
        sent = server.headers_of(0)
    assert (sent["x-site"], sent["x-request-id"]) == ("m06", "r-1")
    assert sent["authorization"] == "Bearer caller-token"
    assert sent["user-agent"].startswith("smartem-client/")
    assert sent["accept"] == "application/json"


def test_a_given_httpx_client_keeps_the_deadline_and_the_caps() -> None:
    with silent_server() as url, httpx.Client(base_url=url) as http:
        limits = AnswerLimits(deadline=0.3)
        client = SmartEMAPIClient(url, 60.0, retry=None, httpx_client=http, limits=limits)
        with pytest.raises(DeadlineExceeded) as late:
            client.get_status()
        assert late.value.seconds == 0.3
    with recording_server() as server, httpx.Client() as http:
        server.default = Answer(body=listing_of(ENTITY_RECEIVED_CAP + MiB))
        client = SmartEMAPIClient(server.url, WAIT, httpx_client=http)
        with pytest.raises(AnswerTooLarge) as large:
            client.get_status()
        assert (large.value.cap, large.value.limit) == ("max_received", ENTITY_RECEIVED_CAP)
        assert len(client.get_acquisitions()) > 1000  # a listing's cap is larger


def test_a_given_async_httpx_client_keeps_retries_user_agent_and_stats(
    backend: FakeSmartEMBackend,
) -> None:
    attempts: list[str] = []

    async def hook(request: httpx.Request) -> None:
        attempts.append(request.headers["user-agent"])

    async def scenario() -> tuple[int, int]:
        async with (
            httpx.AsyncClient(base_url=backend.url, event_hooks={"request": [hook]}) as http,
            AsyncSmartEMAPIClient(backend.url, WAIT, retry=NO_BACKOFF, httpx_client=http) as client,
        ):
            backend.fail_next(1, 503, path_prefix="/status")
            await client.get_status()
            assert not http.is_closed
            return client.stats.requests, client.stats.retries

    assert run(scenario()) == (1, 1)
    assert len(attempts) == 2
    assert all(agent.startswith("smartem-client/") for agent in attempts)


def test_settings_a_given_httpx_client_would_override_are_refused(
    backend: FakeSmartEMBackend,
) -> None:
    with httpx.Client(base_url=backend.url, auth=BearerToken("theirs")) as http:
        with pytest.raises(ConversionError, match="verify"):
            SmartEMAPIClient(backend.url, httpx_client=http, verify=False)
        with pytest.raises(ConversionError, match="auth"):
            SmartEMAPIClient(backend.url, httpx_client=http, auth=BearerToken("ours"))
        with pytest.raises(ConversionError, match="base_url"):
            SmartEMAPIClient("http://127.0.0.1:9", httpx_client=http)
        with pytest.raises(TypeError, match=r"httpx\.AsyncClient"):
            AsyncSmartEMAPIClient(backend.url, httpx_client=http)  # type: ignore[arg-type]
    # A given client with no auth of its own: the client's auth goes on top.
    with (
        httpx.Client() as plain,
        SmartEMAPIClient(backend.url, httpx_client=plain, auth=BearerToken("t")) as client,
    ):
        assert client.get_health()["status"] == "ok"


# ---- answer caps follow the kind of answer ------------------------------------------------


def test_default_caps_follow_the_kind_of_answer() -> None:
    limits = AnswerLimits()
    assert limits.caps(listing=True) == Caps(LISTING_CAP, LISTING_CAP) == Caps(2**30, 2**30)
    assert limits.caps(listing=False) == Caps(8 * MiB, 32 * MiB)
    assert limits.caps(listing=False, sent=MiB) == Caps(
        ENTITY_RECEIVED_CAP + ECHO_FACTOR * MiB, ENTITY_DECODED_CAP + ECHO_FACTOR * MiB
    )


def test_a_cap_the_caller_sets_applies_to_every_answer_and_the_other_follows_the_kind() -> None:
    received = AnswerLimits(max_received=MiB)
    assert received.caps(listing=True) == Caps(MiB, LISTING_CAP)
    assert received.caps(listing=False, sent=MiB) == Caps(MiB, ENTITY_DECODED_CAP + 4 * MiB)
    decoded = AnswerLimits(max_decoded=3 * 2**30)
    assert decoded.caps(listing=False) == Caps(ENTITY_RECEIVED_CAP, 3 * 2**30)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "8"])
def test_a_cap_that_is_not_a_positive_integer_is_refused(bad: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        AnswerLimits(max_received=bad)


def test_a_large_answer_to_a_small_read_is_refused_but_a_listing_of_it_is_read() -> None:
    with recording_server() as server, SmartEMAPIClient(server.url, WAIT, retry=None) as client:
        server.default = Answer(body=listing_of(ENTITY_RECEIVED_CAP + MiB))
        with pytest.raises(AnswerTooLarge) as raised:
            client.get_status()
        assert (raised.value.cap, raised.value.limit) == ("max_received", 8 * MiB)
        assert raised.value.path == "/status"
        assert len(client.get_acquisitions()) > 1000

        # The caller's limits win, for the client or for some calls.
        roomy = client.with_options(limits=AnswerLimits(max_received=64 * MiB))
        assert len(roomy.get_status()) > 1000
        tight = client.with_options(limits=AnswerLimits(max_received=MiB))
        with pytest.raises(AnswerTooLarge) as listing:
            tight.get_acquisitions()
        assert (listing.value.cap, listing.value.limit) == ("max_received", MiB)


def test_the_cap_on_a_list_writes_answer_grows_with_what_was_sent() -> None:
    square = epu.gridsquare("g-1", "1")
    holes = [epu.foilhole(square.uuid, "1", str(n), near_grid_bar=False) for n in range(1000)]
    with recording_server() as server:
        server.default = Answer(status=201, body=listing_of(ENTITY_RECEIVED_CAP + MiB // 2))
        # One hole sent: the answer is past the small cap.
        with (
            SmartEMAPIClient(server.url, WAIT, retry=None) as client,
            pytest.raises(PartialFailure) as one,
        ):
            client.create_gridsquare_foilholes(square.uuid, holes[:1])
        too_large = one.value.errors[0]
        assert isinstance(too_large, AnswerTooLarge) and too_large.cap == "max_received"
        assert ENTITY_RECEIVED_CAP < too_large.limit < ENTITY_RECEIVED_CAP + 8 * 1024
        # A thousand sent (about 380 kB): the cap has room for the answer, which, read
        # whole, is no list of foil holes.
        with (
            SmartEMAPIClient(server.url, WAIT, retry=None) as client,
            pytest.raises(PartialFailure) as many,
        ):
            client.create_gridsquare_foilholes(square.uuid, holes)
        assert isinstance(many.value.errors[0], InvalidResponse)
        assert many.value.errors[0].status_code == 201


def test_a_compression_bomb_answering_a_small_read_stops_at_the_decoded_cap() -> None:
    import gzip

    body = gzip.compress(b"[" + b" " * (ENTITY_DECODED_CAP + MiB) + b"]", compresslevel=9)
    assert len(body) < MiB
    with recording_server() as server, SmartEMAPIClient(server.url, WAIT, retry=None) as client:
        server.default = Answer(body=body, headers={"Content-Encoding": "gzip"})
        with pytest.raises(AnswerTooLarge) as raised:
            client.get_health()
        assert (raised.value.cap, raised.value.limit) == ("max_decoded", ENTITY_DECODED_CAP)
        assert client.get_acquisitions() == []  # a listing's decoded cap is 1 GiB


# ---- errors carry the answer's headers ------------------------------------------------------


def test_an_error_status_carries_the_answers_headers(backend: FakeSmartEMBackend) -> None:
    with SmartEMAPIClient(backend.url, WAIT, retry=None) as client:
        backend.fail_next(1, 503, retry_after=7, path_prefix="/status")
        with pytest.raises(ServerError) as unavailable:
            client.get_status()
        with pytest.raises(NotFound) as missing:
            client.get_acquisition(epu.new_uuid())
    headers = unavailable.value.headers
    assert headers["Retry-After"] == headers["retry-after"] == "7"
    assert "RETRY-AFTER" in headers and "x-absent" not in headers
    assert missing.value.headers["content-type"].startswith("application/json")
    with pytest.raises(TypeError):
        headers["retry-after"] = "0"  # type: ignore[index]


def test_a_broken_success_answer_and_a_repeated_header_keep_every_value() -> None:
    with recording_server() as server, SmartEMAPIClient(server.url, WAIT, retry=None) as client:
        server.by_path["/acquisitions"] = Answer(
            status=404, body=b'{"detail": "gone"}', headers={"X-Trace": "t-1"}
        )
        server.default = Answer(body=b"not json", headers={"X-Request-ID": "r-9"})
        with pytest.raises(InvalidResponse) as broken:
            client.get_status()
        with pytest.raises(NotFound) as missing:
            client.get_acquisitions()
    assert broken.value.headers["x-request-id"] == "r-9"
    assert missing.value.headers["X-Trace"] == "t-1"
    repeated = AnswerHeaders([("Set-Cookie", "a=1"), ("set-cookie", "b=2"), ("X-One", "1")])
    assert repeated["set-cookie"] == "a=1, b=2"
    assert repeated.get_list("SET-COOKIE") == ["a=1", "b=2"]
    assert list(repeated) == ["Set-Cookie", "X-One"] and len(repeated) == 2


@pytest.mark.parametrize(
    "error",
    [
        ServerError("GET", "/status", 503, "busy", headers=[("Retry-After", "7")]),
        NotFound("GET", "/grids/g", 404, {"detail": "x"}, headers={"X-Trace": "t"}),
        InvalidResponse("GET", "/status", 200, "not JSON", headers=[("X-Request-ID", "r")]),
    ],
)
def test_errors_with_headers_survive_pickling_whole(error: Exception) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error)
    assert vars(copy) == vars(error)
    assert dict(copy.headers) == dict(error.headers)  # type: ignore[attr-defined]
