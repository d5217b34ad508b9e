"""BearerToken and KeycloakAuth against a local token issuer and a token-checking server."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest

from smartem_ext.auth import BearerToken, KeycloakAuth
from smartem_ext.errors import AuthError, TransportError
from tests.support.token_issuer import TokenIssuer

REALM = "smartem"
CLIENT_ID = "agent"
SECRET = "agent-secret-7Qx4vK9w"
WAIT = 30.0  # upper bound for any wait on threads, tasks or servers


# A backend stand-in ------------------------------------------------------------------------


@dataclass(frozen=True)
class SeenRequest:
    method: str
    path: str
    token: str | None
    status: int
    body: bytes


class ProtectedServer:
    """Accepts bearer tokens signed by the issuer's JWKS key; can refuse valid ones on demand."""

    def __init__(self, issuer: TokenIssuer) -> None:
        jwks = httpx.get(issuer.jwks_url, timeout=WAIT).json()
        self._keys = {key["kid"]: jwt.PyJWK(key).key for key in jwks["keys"]}
        self._issuer = issuer.issuer
        self._lock = threading.Lock()
        self._refuse = 0
        self.seen: list[SeenRequest] = []
        self.stream_release = threading.Event()
        self.stream_finished = threading.Event()
        owner = self

        class Handler(_ProtectedHandler):
            server_owner = owner

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def refuse_next(self, count: int) -> None:
        """Answer 401 to the next ``count`` requests even when their token is valid."""
        with self._lock:
            self._refuse = count

    def tokens(self) -> list[str | None]:
        with self._lock:
            return [request.token for request in self.seen]

    def close(self) -> None:
        self.stream_release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=WAIT)

    def check(self, token: str | None) -> bool:
        if token is None:
            return False
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            jwt.decode(
                token,
                self._keys[kid],
                algorithms=["RS256"],
                issuer=self._issuer,
                options={"verify_aud": False},
            )
        except (jwt.PyJWTError, KeyError):
            return False
        return True

    def answer(self, method: str, path: str, token: str | None, body: bytes) -> int:
        status = 200 if self.check(token) else 401
        with self._lock:
            if status == 200 and self._refuse > 0:
                self._refuse -= 1
                status = 401
            self.seen.append(SeenRequest(method, path, token, status, body))
        return status


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # twenty clients connect at once


class _ProtectedHandler(BaseHTTPRequestHandler):
    server_owner: ProtectedServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _token(self) -> str | None:
        scheme, _, value = (self.headers.get("Authorization") or "").partition(" ")
        return value if scheme == "Bearer" and value else None

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status = self.server_owner.answer(self.command, self.path, self._token(), body)
        if status == 200 and self.path == "/stream":
            self._stream()
            return
        data = json.dumps({"echo": body.decode()} if status == 200 else {"detail": "no"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if status == 401:
            self.send_header("WWW-Authenticate", "Bearer")
        self.end_headers()
        self.wfile.write(data)

    def _stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"first\n")
        self.wfile.flush()
        self.server_owner.stream_release.wait(timeout=5)
        self.wfile.write(b"last\n")
        self.wfile.flush()
        self.close_connection = True
        self.server_owner.stream_finished.set()

    do_GET = _handle
    do_POST = _handle


# Fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def issuer() -> Iterator[TokenIssuer]:
    with TokenIssuer(realm=REALM, clients={CLIENT_ID: SECRET}) as running:
        yield running


@pytest.fixture
def backend(issuer: TokenIssuer) -> Iterator[ProtectedServer]:
    server = ProtectedServer(issuer)
    yield server
    server.close()


@pytest.fixture
def auth(issuer: TokenIssuer) -> KeycloakAuth:
    return KeycloakAuth(issuer.url, REALM, CLIENT_ID, SECRET)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(coro: Any) -> Any:
    async def bounded() -> Any:
        return await asyncio.wait_for(coro, timeout=WAIT)

    return asyncio.run(bounded())


# Caching and refresh ------------------------------------------------------------------------


def test_token_is_fetched_once_for_many_calls(
    issuer: TokenIssuer, backend: ProtectedServer, auth: KeycloakAuth
) -> None:
    with httpx.Client(base_url=backend.url, auth=auth) as client:
        statuses = [client.get(f"/items/{n}").status_code for n in range(10)]
    assert statuses == [200] * 10
    assert issuer.tokens_issued == 1
    assert auth.token_requests == 1
    assert set(backend.tokens()) == {issuer.issued[0].access_token}


def test_token_is_refreshed_before_it_expires(backend: ProtectedServer) -> None:
    with TokenIssuer(realm=REALM, clients={CLIENT_ID: SECRET}, token_lifetime=20) as short:
        server = ProtectedServer(short)
        try:
            eager = KeycloakAuth(short.url, REALM, CLIENT_ID, SECRET, refresh_margin=30)
            with httpx.Client(base_url=server.url, auth=eager) as client:
                statuses = [client.get("/items").status_code for _ in range(3)]
            # Each token had 20 s to live, inside the 30 s margin: refreshed while still valid.
            assert statuses == [200, 200, 200]
            assert short.tokens_issued == 3
            assert len(set(server.tokens())) == 3

            relaxed = KeycloakAuth(short.url, REALM, CLIENT_ID, SECRET, refresh_margin=5)
            with httpx.Client(base_url=server.url, auth=relaxed) as client:
                assert [client.get("/items").status_code for _ in range(3)] == [200] * 3
            assert relaxed.token_requests == 1
        finally:
            server.close()


def test_invalidate_makes_the_next_call_fetch_a_new_token(
    issuer: TokenIssuer, backend: ProtectedServer, auth: KeycloakAuth
) -> None:
    with httpx.Client(base_url=backend.url, auth=auth) as client:
        client.get("/items")
        auth.invalidate()
        client.get("/items")
    assert issuer.tokens_issued == 2
    first, second = backend.tokens()
    assert first != second


def test_token_method_fetches_once_and_gives_a_token_the_backend_accepts(
    issuer: TokenIssuer, backend: ProtectedServer, auth: KeycloakAuth
) -> None:
    token = auth.token()
    assert auth.token() == token
    assert issuer.tokens_issued == 1
    with httpx.Client(base_url=backend.url, auth=BearerToken(token)) as client:
        assert client.get("/items").status_code == 200
    with httpx.Client(base_url=backend.url, auth=auth) as client:
        assert client.get("/items").status_code == 200
    assert issuer.tokens_issued == 1


# 401 from the backend -----------------------------------------------------------------------


def test_401_refreshes_the_token_once_and_retries(
    issuer: TokenIssuer, backend: ProtectedServer, auth: KeycloakAuth
) -> None:
    with httpx.Client(base_url=backend.url, auth=auth) as client:
        client.get("/warm-up")
        backend.refuse_next(1)
        response = client.get("/items")
    assert response.status_code == 200
    assert issuer.tokens_issued == 2
    assert [(r.path, r.status) for r in backend.seen] == [
        ("/warm-up", 200),
        ("/items", 401),
        ("/items", 200),
    ]
    assert backend.seen[1].token == issuer.issued[0].access_token
    assert backend.seen[2].token == issuer.issued[1].access_token


def test_second_401_is_returned_to_the_caller(
    issuer: TokenIssuer, backend: ProtectedServer, auth: KeycloakAuth
) -> None:
    backend.refuse_next(5)
    with httpx.Client(base_url=backend.url, auth=auth) as client:
        response = client.get("/items")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert issuer.tokens_issued == 2
    assert len(backend.seen) == 2


def test_retried_request_sends_its_body_again(backend: ProtectedServer, auth: KeycloakAuth) -> None:
    backend.refuse_next(1)
    with httpx.Client(base_url=backend.url, auth=auth) as client:
        response = client.post("/items", json={"name": "grid 1"})
    assert response.status_code == 200
    assert [r.body for r in backend.seen] == [b'{"name":"grid 1"}'] * 2


def test_async_401_refreshes_once_and_a_second_401_is_returned(
    issuer: TokenIssuer, backend: ProtectedServer, auth: KeycloakAuth
) -> None:
    async def calls() -> tuple[int, int]:
        async with httpx.AsyncClient(base_url=backend.url, auth=auth) as client:
            backend.refuse_next(1)
            retried = (await client.get("/items")).status_code
            backend.refuse_next(5)
            refused = (await client.get("/items")).status_code
            return retried, refused

    assert run(calls()) == (200, 401)
    assert issuer.tokens_issued == 3
    assert [r.status for r in backend.seen] == [401, 200, 401, 401]


def test_streamed_response_is_not_read_by_the_auth(
    backend: ProtectedServer, auth: KeycloakAuth
) -> None:
    with (
        httpx.Client(base_url=backend.url, auth=auth, timeout=WAIT) as client,
        client.stream("GET", "/stream") as response,
    ):
        lines = response.iter_lines()
        assert next(lines) == "first"
        assert not backend.stream_finished.is_set()
        backend.stream_release.set()
        assert next(lines) == "last"


# Concurrency --------------------------------------------------------------------------------


def test_twenty_threads_at_once_cause_one_token_request(
    issuer: TokenIssuer, backend: ProtectedServer, auth: KeycloakAuth
) -> None:
    start = threading.Barrier(20, timeout=WAIT)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def call(client: httpx.Client) -> None:
        try:
            start.wait()
            statuses.append(client.get("/items").status_code)
        except BaseException as exc:
            errors.append(exc)

    with httpx.Client(base_url=backend.url, auth=auth, timeout=WAIT) as client:
        threads = [threading.Thread(target=call, args=(client,)) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=WAIT)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert statuses == [200] * 20
    assert issuer.token_requests == 1
    assert auth.token_requests == 1


def test_twenty_tasks_at_once_cause_one_token_request(
    issuer: TokenIssuer, backend: ProtectedServer, auth: KeycloakAuth
) -> None:
    async def calls() -> list[int]:
        async with httpx.AsyncClient(base_url=backend.url, auth=auth) as client:
            responses = await asyncio.gather(*(client.get(f"/items/{n}") for n in range(20)))
            return [response.status_code for response in responses]

    assert run(calls()) == [200] * 20
    assert issuer.token_requests == 1
    assert auth.token_requests == 1


def test_one_auth_serves_successive_event_loops(
    issuer: TokenIssuer, backend: ProtectedServer, auth: KeycloakAuth
) -> None:
    async def calls() -> list[int]:
        async with httpx.AsyncClient(base_url=backend.url, auth=auth) as client:
            responses = await asyncio.gather(*(client.get("/items") for _ in range(5)))
            return [response.status_code for response in responses]

    assert run(calls()) == [200] * 5
    auth.invalidate()
    assert run(calls()) == [200] * 5
    assert issuer.tokens_issued == 2


# Token endpoint failures --------------------------------------------------------------------


def test_bad_client_secret_raises_auth_error_without_the_secret(
    issuer: TokenIssuer, backend: ProtectedServer
) -> None:
    wrong = "wrong-secret-Zr81mB"
    bad = KeycloakAuth(issuer.url, REALM, CLIENT_ID, wrong)
    with (
        httpx.Client(base_url=backend.url, auth=bad) as client,
        pytest.raises(AuthError) as sync_error,
    ):
        client.get("/items")

    async def async_call() -> None:
        async with httpx.AsyncClient(base_url=backend.url, auth=bad) as client:
            await client.get("/items")

    with pytest.raises(AuthError) as async_error:
        run(async_call())
    with pytest.raises(AuthError) as direct_error:
        bad.token()

    for error in (sync_error.value, async_error.value, direct_error.value):
        assert error.status_code == 401
        assert "401" in str(error)
        assert "invalid_client" in str(error)
        assert wrong not in str(error)
        assert wrong not in repr(error)
    assert backend.seen == []
    assert bad.token_requests == 3


def test_failed_token_request_does_not_block_later_ones(
    issuer: TokenIssuer, backend: ProtectedServer, auth: KeycloakAuth
) -> None:
    issuer.fail_next_token_requests(1, status=503)
    with httpx.Client(base_url=backend.url, auth=auth) as client:
        with pytest.raises(AuthError) as error:
            client.get("/items")
        assert error.value.status_code == 503
        assert "temporarily_unavailable" in str(error.value)
        assert client.get("/items").status_code == 200
    assert auth.token_requests == 2


def test_unreachable_issuer_raises_transport_error(backend: ProtectedServer) -> None:
    down = KeycloakAuth(f"http://127.0.0.1:{free_port()}", REALM, CLIENT_ID, SECRET)
    with (
        httpx.Client(base_url=backend.url, auth=down) as client,
        pytest.raises(TransportError) as sync_error,
    ):
        client.get("/items")

    async def async_call() -> None:
        async with httpx.AsyncClient(base_url=backend.url, auth=down) as client:
            await client.get("/items")

    with pytest.raises(TransportError) as async_error:
        run(async_call())
    with pytest.raises(TransportError) as direct_error:
        down.token()

    for error in (sync_error.value, async_error.value, direct_error.value):
        assert error.method == "POST"
        assert error.path == f"/realms/{REALM}/protocol/openid-connect/token"
        assert SECRET not in str(error)
    assert backend.seen == []

    # The lock is free again: a second attempt fails the same way instead of hanging.
    with (
        httpx.Client(base_url=backend.url, auth=down, timeout=WAIT) as client,
        pytest.raises(TransportError),
    ):
        client.get("/items")


# Secrets stay secret ------------------------------------------------------------------------


def test_reprs_show_neither_secret_nor_token(
    issuer: TokenIssuer, backend: ProtectedServer, auth: KeycloakAuth
) -> None:
    token = auth.token()
    bearer = BearerToken(token)
    for text in (repr(auth), str(auth), repr(bearer), str(bearer)):
        assert SECRET not in text
        assert token not in text
    assert repr(bearer) == "BearerToken(token=***)"
    assert "client_secret=***" in repr(auth)


def test_debug_logs_show_neither_secret_nor_token(
    issuer: TokenIssuer,
    backend: ProtectedServer,
    auth: KeycloakAuth,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with httpx.Client(base_url=backend.url, auth=auth) as client:
        client.get("/items")
        backend.refuse_next(1)
        client.get("/items")
        issuer.fail_next_token_requests(1, status=401, body={"error": "invalid_client"})
        auth.invalidate()
        with pytest.raises(AuthError):
            client.get("/items")

    messages = [record.getMessage() for record in caplog.records]
    assert "token obtained, expires in 300 s" in messages
    assert "401 from backend; refreshing token" in messages
    assert len(issuer.issued) == 2
    for secret in (SECRET, *(issued.access_token for issued in issuer.issued)):
        assert secret not in caplog.text
        assert not any(secret in message for message in messages)


# Settings from a file or the environment ---------------------------------------------------


def write_env(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


def test_env_file_with_comments_export_and_quotes(
    issuer: TokenIssuer, backend: ProtectedServer, tmp_path: Path
) -> None:
    env = write_env(
        tmp_path / "agent.env",
        "# SmartEM agent credentials\n"
        "\n"
        f"export KEYCLOAK_URL={issuer.url}/\n"
        "KEYCLOAK_REALM='smartem'\n"
        '   KEYCLOAK_CLIENT_ID="agent"   # the service account\n'
        f"KEYCLOAK_CLIENT_SECRET={SECRET}  # keep this file private\n"
        "OTHER_SETTING=ignored\n",
    )
    auth = KeycloakAuth.from_env_file(env)
    assert (auth.url, auth.realm, auth.client_id) == (issuer.url, REALM, CLIENT_ID)
    with httpx.Client(base_url=backend.url, auth=auth) as client:
        assert client.get("/items").status_code == 200


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("KEYCLOAK_CLIENT_SECRET=abc#def", "abc#def"),
        ("KEYCLOAK_CLIENT_SECRET = spaced   # comment", "spaced"),
        ("export KEYCLOAK_CLIENT_SECRET='single #=\"x' # comment", 'single #="x'),
        ('KEYCLOAK_CLIENT_SECRET="dou\\"ble # x"', 'dou"ble # x'),
        ("KEYCLOAK_CLIENT_SECRET=''", None),
    ],
)
def test_env_file_secret_forms(
    issuer: TokenIssuer, tmp_path: Path, line: str, secret: str | None
) -> None:
    env = write_env(
        tmp_path / "agent.env",
        f"KEYCLOAK_URL={issuer.url}\nKEYCLOAK_REALM={REALM}\nKEYCLOAK_CLIENT_ID=other\n{line}\n",
    )
    if secret is None:
        with pytest.raises(ValueError, match="KEYCLOAK_CLIENT_SECRET"):
            KeycloakAuth.from_env_file(env)
        return
    issuer.add_client("other", secret)
    assert KeycloakAuth.from_env_file(env).token()


def test_env_file_missing_keys_are_all_named_without_values(tmp_path: Path) -> None:
    env = write_env(
        tmp_path / "agent.env",
        f"KEYCLOAK_URL=https://keycloak.example\nKEYCLOAK_CLIENT_SECRET={SECRET}\n",
    )
    with pytest.raises(ValueError) as error:
        KeycloakAuth.from_env_file(env)
    message = str(error.value)
    assert str(env) in message
    assert "KEYCLOAK_REALM" in message
    assert "KEYCLOAK_CLIENT_ID" in message
    assert "KEYCLOAK_URL" not in message
    assert "keycloak.example" not in message
    assert SECRET not in message


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_env_file_open_to_others_warns(
    issuer: TokenIssuer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    env = write_env(
        tmp_path / "agent.env",
        f"KEYCLOAK_URL={issuer.url}\nKEYCLOAK_REALM={REALM}\n"
        f"KEYCLOAK_CLIENT_ID={CLIENT_ID}\nKEYCLOAK_CLIENT_SECRET={SECRET}\n",
        mode=0o644,
    )
    with pytest.warns(UserWarning, match="too open") as warned:
        KeycloakAuth.from_env_file(env)
    text = str(warned[0].message)
    assert "chmod 600" in text
    assert str(env) in text
    assert SECRET not in text
    assert warned[0].filename == __file__
    logged = [r for r in caplog.records if r.name == "smartem_ext.auth"]
    assert [r.levelno for r in logged] == [logging.WARNING]
    assert "chmod 600" in logged[0].getMessage()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_private_env_file_does_not_warn(
    issuer: TokenIssuer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    env = write_env(
        tmp_path / "agent.env",
        f"KEYCLOAK_URL={issuer.url}\nKEYCLOAK_REALM={REALM}\n"
        f"KEYCLOAK_CLIENT_ID={CLIENT_ID}\nKEYCLOAK_CLIENT_SECRET={SECRET}\n",
        mode=0o600,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        KeycloakAuth.from_env_file(env)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_from_env_reads_the_environment(issuer: TokenIssuer, backend: ProtectedServer) -> None:
    environ = {
        "KEYCLOAK_URL": issuer.url,
        "KEYCLOAK_REALM": REALM,
        "KEYCLOAK_CLIENT_ID": CLIENT_ID,
        "KEYCLOAK_CLIENT_SECRET": SECRET,
    }
    auth = KeycloakAuth.from_env(environ)
    with httpx.Client(base_url=backend.url, auth=auth) as client:
        assert client.get("/items").status_code == 200

    del environ["KEYCLOAK_REALM"], environ["KEYCLOAK_CLIENT_SECRET"]
    with pytest.raises(ValueError) as error:
        KeycloakAuth.from_env(environ)
    assert "KEYCLOAK_REALM, KEYCLOAK_CLIENT_SECRET" in str(error.value)
    assert issuer.url not in str(error.value)


# BearerToken --------------------------------------------------------------------------------


def test_bearer_token_is_sent_as_is(issuer: TokenIssuer, backend: ProtectedServer) -> None:
    token = issuer.mint(CLIENT_ID)
    with httpx.Client(base_url=backend.url, auth=BearerToken(token)) as client:
        assert client.get("/items").status_code == 200
        backend.refuse_next(1)
        assert client.get("/items").status_code == 401
    assert backend.tokens() == [token, token]
