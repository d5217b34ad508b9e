"""The chaos proxy itself: it relays HTTP/1.1 faithfully and injects each fault as described."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from tests.faults.chaos import ChaosProxy, Fault, FaultPlan

BODY = b'{"items": [' + b", ".join(b'"item"' for _ in range(200)) + b"]}"


class Upstream:
    """A loopback backend: answers GET with a chunked body, POST with a sized one."""

    def __init__(self) -> None:
        self.received: list[tuple[str, bytes]] = []
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def _body(self) -> bytes:
                if "chunked" in self.headers.get("Transfer-Encoding", ""):
                    data = b""
                    while size := int(self.rfile.readline().split(b";")[0], 16):
                        data += self.rfile.read(size)
                        self.rfile.readline()
                    self.rfile.readline()
                    return data
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def do_GET(self) -> None:
                upstream.received.append(("GET", self._body()))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for start in range(0, len(BODY), 500):
                    part = BODY[start : start + 500]
                    self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")

            def do_POST(self) -> None:
                upstream.received.append(("POST", self._body()))
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(BODY)))
                self.end_headers()
                self.wfile.write(BODY)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}
        )
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Upstream:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    with Upstream() as running:
        yield running


def only(fault: Fault, **options: Any) -> FaultPlan:
    """Every request gets ``fault``."""
    return FaultPlan(seed=1, kinds=frozenset({fault}), every=1, **options)


def no_faults() -> FaultPlan:
    return FaultPlan(seed=1, kinds=frozenset(), every=1)


@pytest.mark.timeout(30)
def test_relays_chunked_and_sized_bodies_on_one_kept_alive_connection(
    upstream: Upstream,
) -> None:
    with ChaosProxy(upstream.url, no_faults()) as proxy, httpx.Client(timeout=5) as client:
        got = client.get(f"{proxy.url}/items")
        posted = client.post(f"{proxy.url}/items", content=iter([b"first,", b"second"]))
        sized = client.post(f"{proxy.url}/items", content=b"third")
        counts = proxy.counts()
    assert (got.status_code, got.content) == (200, BODY)
    assert (posted.status_code, posted.content) == (201, BODY)
    assert sized.content == BODY
    assert upstream.received == [("GET", b""), ("POST", b"first,second"), ("POST", b"third")]
    assert (counts.connections, counts.requests, counts.forwarded) == (1, 3, 3)
    assert sum(counts.injected.values()) == 0


@pytest.mark.timeout(30)
def test_reset_before_forward_never_reaches_the_backend(upstream: Upstream) -> None:
    with ChaosProxy(upstream.url, only(Fault.RESET_BEFORE_FORWARD)) as proxy:
        with pytest.raises(httpx.TransportError):
            httpx.post(f"{proxy.url}/items", content=b"lost", timeout=5)
        assert proxy.injected()["reset_before_forward"] == 1
    assert upstream.received == []


@pytest.mark.timeout(30)
def test_reset_after_forward_loses_the_answer_of_a_request_that_landed(
    upstream: Upstream,
) -> None:
    with ChaosProxy(upstream.url, only(Fault.RESET_AFTER_FORWARD)) as proxy:
        with pytest.raises(httpx.TransportError):
            httpx.post(f"{proxy.url}/items", content=b"landed", timeout=5)
        assert proxy.injected()["reset_after_forward"] == 1
    assert upstream.received == [("POST", b"landed")]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_cut_mid_body_sends_the_head_and_half_the_body(upstream: Upstream, method: str) -> None:
    with (
        ChaosProxy(upstream.url, only(Fault.CUT_MID_BODY)) as proxy,
        httpx.Client(timeout=5) as client,
        client.stream(method, f"{proxy.url}/items") as response,
    ):
        assert response.status_code in (200, 201)
        with pytest.raises(httpx.RemoteProtocolError):
            response.read()
    assert proxy.counts().injected["cut_mid_body"] == 1


@pytest.mark.timeout(30)
def test_unavailable_answers_503_with_retry_after_for_a_burst(upstream: Upstream) -> None:
    plan = FaultPlan(seed=3, kinds=frozenset({Fault.UNAVAILABLE}), every=4, burst=(3, 3))
    with ChaosProxy(upstream.url, plan) as proxy, httpx.Client(timeout=5) as client:
        responses = [client.get(f"{proxy.url}/items") for _ in range(8)]
        injected = proxy.injected()["unavailable"]
    refused = [response for response in responses if response.status_code == 503]
    pattern = "".join("x" if response.status_code == 503 else "." for response in responses)
    assert "xxx" in pattern
    assert len(refused) == injected
    assert {response.headers["Retry-After"] for response in refused} == {"0"}
    assert len(upstream.received) == len(responses) - len(refused)


@pytest.mark.timeout(30)
def test_stall_outlasts_the_client_timeout(upstream: Upstream) -> None:
    with ChaosProxy(upstream.url, only(Fault.STALL, stall=0.6)) as proxy:
        with pytest.raises(httpx.ReadTimeout):
            httpx.post(f"{proxy.url}/items", content=b"slow", timeout=0.2)
        assert proxy.injected()["stall"] == 1
    assert upstream.received == [("POST", b"slow")]


@pytest.mark.timeout(30)
def test_stall_of_a_request_whose_answer_must_not_be_lost_holds_it_back(
    upstream: Upstream,
) -> None:
    plan = only(Fault.STALL, stall=0.6, answer_lost_ok=lambda method, path: False)
    with ChaosProxy(upstream.url, plan) as proxy, pytest.raises(httpx.ReadTimeout):
        httpx.post(f"{proxy.url}/items", content=b"held", timeout=0.2)
    assert upstream.received == []


@pytest.mark.timeout(30)
def test_latency_delays_but_delivers(upstream: Upstream) -> None:
    with ChaosProxy(upstream.url, only(Fault.LATENCY, latency=(0.05, 0.1))) as proxy:
        response = httpx.get(f"{proxy.url}/items", timeout=5)
        assert proxy.injected()["latency"] == 1
    assert response.content == BODY


def test_the_same_seed_gives_the_same_schedule() -> None:
    def schedule(seed: int) -> list[Fault | None]:
        plan = FaultPlan(seed=seed)
        return [plan.next("POST", "/acquisitions") for _ in range(200)]

    assert schedule(5) == schedule(5)
    assert schedule(5) != schedule(6)
    first_block = schedule(5)[:22]  # a block of 20, plus the rest of one 503 burst
    assert {fault for fault in first_block if fault is not None} == set(Fault)
