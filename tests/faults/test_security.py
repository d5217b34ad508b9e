"""Security defaults: TLS is verified unless switched off, secrets never leak, loose files warn."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import json
import logging
import ssl
import threading
import warnings
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from smartem_ext import (
    AsyncSmartEMAPIClient,
    AuthError,
    BearerToken,
    KeycloakAuth,
    SmartEMAPIClient,
    SmartEMError,
    TransportError,
)
from smartem_ext.cli._demo_session import generate_session
from smartem_ext.testing import FakeSmartEMBackend
from tests.support.stub_servers import closed_port
from tests.support.token_issuer import TokenIssuer

REALM = "smartem"
CLIENT_ID = "smartem-agent"
SECRET = "s3cret-Value-that-must-never-show-7f3a9"
WRONG_SECRET = "wr0ng-Value-that-must-never-show-c41d2"
TIMEOUT = 5.0
HEALTH = {"status": "ok"}


# ---- TLS ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost: (certificate, key) files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "smartem-test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.fixture(scope="module")
def https_url(certificate: tuple[Path, Path]) -> Iterator[str]:
    """A loopback HTTPS server answering every GET with a health report."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            body = json.dumps(HEALTH).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def health_sync(url: str, **options: Any) -> Any:
    with SmartEMAPIClient(url, TIMEOUT, retry=None, **options) as client:
        return client.get_health()


def health_async(url: str, **options: Any) -> Any:
    async def run() -> Any:
        async with AsyncSmartEMAPIClient(url, TIMEOUT, retry=None, **options) as client:
            return await client.get_health()

    return asyncio.run(run())


HEALTH_CALLS = {"sync": health_sync, "async": health_async}


@pytest.mark.timeout(30)
@pytest.mark.parametrize("flavour", HEALTH_CALLS)
def test_self_signed_certificate_is_refused_by_default(https_url: str, flavour: str) -> None:
    with pytest.raises(TransportError) as raised:
        HEALTH_CALLS[flavour](https_url)
    assert "certificate verify failed" in str(raised.value).lower()
    assert raised.value.path == "/health"


@pytest.mark.timeout(30)
@pytest.mark.parametrize("flavour", HEALTH_CALLS)
def test_verification_is_off_only_when_switched_off(https_url: str, flavour: str) -> None:
    assert HEALTH_CALLS[flavour](https_url, verify=False) == HEALTH


@pytest.mark.timeout(30)
@pytest.mark.parametrize("flavour", HEALTH_CALLS)
def test_a_context_that_trusts_the_certificate_verifies_it(
    https_url: str, certificate: tuple[Path, Path], flavour: str
) -> None:
    trusting = ssl.create_default_context(cafile=str(certificate[0]))
    assert HEALTH_CALLS[flavour](https_url, verify=trusting) == HEALTH


# ---- secrets in logs, messages and reprs ----------------------------------------------------


@pytest.fixture
def issuer() -> Iterator[TokenIssuer]:
    with TokenIssuer(realm=REALM, clients={CLIENT_ID: SECRET}) as running:
        yield running


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    for name in ("smartem_ext", "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def valid_for(issuer: TokenIssuer, revoked: set[str] | None = None) -> Callable[[str], bool]:
    """Accepts the issuer's unexpired tokens, except those in ``revoked``."""

    def valid(token: str) -> bool:
        if revoked is not None and token in revoked:
            return False
        try:
            issuer.decode(token)
        except jwt.PyJWTError:
            return False
        return True

    return valid


def error_texts(error: BaseException) -> list[str]:
    """str and repr of an error and of every error it was raised from or during."""
    texts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        texts += [str(current), repr(current), *map(str, current.args)]
        if isinstance(current, BaseExceptionGroup):
            for inner in current.exceptions:
                texts += error_texts(inner)
        current = current.__cause__ or current.__context__
    return texts


def assert_nothing_leaks(secrets: set[str], texts: list[str]) -> None:
    secrets = {secret for secret in secrets if secret}
    for text in texts:
        for secret in secrets:
            assert secret not in text, f"a secret ({secret[:6]}...) appears in: {text[:300]}"


@pytest.mark.timeout(60)
def test_credentials_never_appear_in_logs_errors_or_reprs(
    issuer: TokenIssuer, debug_logs: pytest.LogCaptureFixture
) -> None:
    revoked: set[str] = set()
    session = generate_session(seed=11)
    errors: list[SmartEMError] = []
    auth = KeycloakAuth(issuer.url, REALM, CLIENT_ID, SECRET, timeout=TIMEOUT)
    with (
        FakeSmartEMBackend(
            require_auth=True, token_validator=valid_for(issuer, revoked)
        ) as backend,
        SmartEMAPIClient(backend.url, TIMEOUT, auth=auth) as client,
    ):
        client.create_acquisition(session.acquisition)
        # The backend stops accepting the token: 401, a new token, the request again.
        revoked.update(token.access_token for token in issuer.issued)
        client.get_acquisitions()
        assert issuer.tokens_issued == 2

        # A token request refused with an answer that quotes the secret.
        auth.invalidate()
        issuer.fail_next_token_requests(
            1, status=401, body={"error": "invalid_client", "error_description": SECRET}
        )
        with pytest.raises(AuthError) as refused:
            client.get_acquisitions()
        errors.append(refused.value)

        # A client with the wrong secret.
        wrong = KeycloakAuth(issuer.url, REALM, CLIENT_ID, WRONG_SECRET, timeout=TIMEOUT)
        with SmartEMAPIClient(backend.url, TIMEOUT, auth=wrong) as other:
            with pytest.raises(AuthError) as wrong_secret:
                other.get_acquisitions()
            errors.append(wrong_secret.value)
            texts_of_clients = [repr(other), repr(wrong)]

        # A token the backend refuses outright: 401 without any refresh.
        stale = next(iter(revoked))
        with SmartEMAPIClient(backend.url, TIMEOUT, auth=BearerToken(stale)) as fixed:
            with pytest.raises(AuthError) as unauthorised:
                fixed.get_acquisitions()
            errors.append(unauthorised.value)
            texts_of_clients += [repr(fixed), repr(BearerToken(stale))]

        # A token endpoint that cannot be reached.
        gone = KeycloakAuth(closed_port(), REALM, CLIENT_ID, SECRET, timeout=TIMEOUT)
        with SmartEMAPIClient(backend.url, TIMEOUT, auth=gone, retry=None) as unreachable:
            with pytest.raises(TransportError) as no_issuer:
                unreachable.get_acquisitions()
            errors.append(no_issuer.value)

        texts_of_clients += [repr(client), repr(auth), repr(gone), repr(client.stats)]

    assert unauthorised.value.status_code == 401
    assert "invalid_client" in str(refused.value)
    assert any("401 from backend" in record.getMessage() for record in debug_logs.records)
    tokens = {token.access_token for token in issuer.issued}
    assert len(tokens) >= 2
    secrets = {SECRET, WRONG_SECRET, *tokens}
    texts = [record.getMessage() for record in debug_logs.records]
    texts += [debug_logs.text, *texts_of_clients]
    for error in errors:
        texts += error_texts(error)
    assert_nothing_leaks(secrets, texts)


@pytest.mark.timeout(60)
def test_async_credentials_never_appear_in_logs_or_errors(
    issuer: TokenIssuer, debug_logs: pytest.LogCaptureFixture
) -> None:
    errors: list[SmartEMError] = []

    async def run(url: str) -> None:
        auth = KeycloakAuth(issuer.url, REALM, CLIENT_ID, SECRET, timeout=TIMEOUT)
        async with AsyncSmartEMAPIClient(url, TIMEOUT, auth=auth) as client:
            await client.get_acquisitions()
            auth.invalidate()
            issuer.fail_next_token_requests(
                1, status=400, body={"error": "invalid_grant", "error_description": SECRET}
            )
            try:
                await client.get_acquisitions()
            except SmartEMError as error:
                errors.append(error)
        gone = KeycloakAuth(closed_port(), REALM, CLIENT_ID, SECRET, timeout=TIMEOUT)
        async with AsyncSmartEMAPIClient(url, TIMEOUT, auth=gone, retry=None) as client:
            try:
                await client.get_acquisitions()
            except SmartEMError as error:
                errors.append(error)

    with FakeSmartEMBackend(require_auth=True, token_validator=valid_for(issuer)) as backend:
        asyncio.run(run(backend.url))
    assert [type(error) for error in errors] == [AuthError, TransportError]
    tokens = {token.access_token for token in issuer.issued}
    texts = [record.getMessage() for record in debug_logs.records] + [debug_logs.text]
    for error in errors:
        texts += error_texts(error)
    assert_nothing_leaks({SECRET, *tokens}, texts)


# ---- credential files -----------------------------------------------------------------------


def env_file(folder: Path, url: str, mode: int) -> Path:
    path = folder / "agent.env"
    path.write_text(
        f"KEYCLOAK_URL={url}\n"
        f"KEYCLOAK_REALM={REALM}\n"
        f"KEYCLOAK_CLIENT_ID={CLIENT_ID}\n"
        f"KEYCLOAK_CLIENT_SECRET={SECRET}\n",
        encoding="utf-8",
    )
    path.chmod(mode)
    return path


def test_env_file_readable_by_others_warns(tmp_path: Path) -> None:
    path = env_file(tmp_path, "http://127.0.0.1:8080", 0o644)
    with pytest.warns(UserWarning, match="too open") as caught:
        auth = KeycloakAuth.from_env_file(path)
    assert auth.client_id == CLIENT_ID
    assert_nothing_leaks({SECRET}, [str(warning.message) for warning in caught])


def test_env_file_for_the_owner_only_does_not_warn(tmp_path: Path) -> None:
    path = env_file(tmp_path, "http://127.0.0.1:8080", 0o600)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        KeycloakAuth.from_env_file(path)


@pytest.fixture
def root_logging() -> Iterator[None]:
    """The command line configures the root logger; put it back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


@pytest.mark.timeout(60)
@pytest.mark.usefixtures("root_logging")
@pytest.mark.parametrize(("mode", "warns"), [(0o644, True), (0o600, False)])
def test_command_line_warns_about_a_loose_keycloak_env_file(
    tmp_path: Path,
    issuer: TokenIssuer,
    capsys: pytest.CaptureFixture[str],
    mode: int,
    warns: bool,
) -> None:
    cli = pytest.importorskip("smartem_ext.cli")
    path = env_file(tmp_path, issuer.url, mode)
    with FakeSmartEMBackend(require_auth=True, token_validator=valid_for(issuer)) as backend:
        status = cli.main(["status", "--base-url", backend.url, "--keycloak-env", str(path)])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert ("too open" in err) is warns, err
    assert_nothing_leaks({SECRET}, [out, err])
