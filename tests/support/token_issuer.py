"""A small local OAuth2/OIDC token issuer, shaped like a Keycloak realm.

It serves, for one realm:

* ``GET  /realms/{realm}/protocol/openid-connect/certs``: the JWKS (one RS256 key),
* ``POST /realms/{realm}/protocol/openid-connect/token``: the client-credentials grant
  (form-encoded ``grant_type``, ``client_id``, ``client_secret``; HTTP Basic client
  authentication is accepted too),
* ``GET  /realms/{realm}/.well-known/openid-configuration``: a minimal discovery document.

Tokens are RS256 JWTs with ``kid`` in the header and ``iss`` = ``{url}/realms/{realm}``,
``azp`` = client id, ``sub``, ``iat``, ``exp``, ``jti`` and ``typ`` claims.

Usage::

    with TokenIssuer(realm="smartem", clients={"agent": "secret"}) as issuer:
        issuer.url            # http://127.0.0.1:<port>
        issuer.token_url      # the token endpoint
        issuer.mint("agent")  # a token signed by the issuer, without HTTP
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote_plus

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

__all__ = ["IssuedToken", "TokenIssuer"]

DEFAULT_TOKEN_LIFETIME = 300
_EXPIRED_BY = 3600  # far beyond any verifier's clock-skew leeway


@dataclass(frozen=True)
class IssuedToken:
    """A record of one token handed out by the token endpoint."""

    client_id: str
    access_token: str
    issued_at: float
    expires_in: int


@dataclass
class _InjectedFailure:
    status: int
    body: dict[str, Any]
    remaining: int


class TokenIssuer:
    """Local OAuth2 client-credentials issuer with a JWKS endpoint, run in a thread."""

    def __init__(
        self,
        realm: str = "smartem",
        clients: Mapping[str, str] | None = None,
        *,
        token_lifetime: int = DEFAULT_TOKEN_LIFETIME,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.realm = realm
        self.token_lifetime = token_lifetime
        self._host = host
        self._port = port
        self._clients: dict[str, str] = dict(clients or {})
        self._lock = threading.Lock()
        self._issued: list[IssuedToken] = []
        self._token_requests = 0
        self._jwks_requests = 0
        self._failures: list[_InjectedFailure] = []
        self._private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(8)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> TokenIssuer:
        if self._server is not None:
            return self
        issuer = self

        class Handler(_IssuerRequestHandler):
            owner = issuer

        server = ThreadingHTTPServer((self._host, self._port), Handler)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"token-issuer-{self.realm}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server = None
        self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> TokenIssuer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ addresses

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("TokenIssuer is not running")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """Base URL, the equivalent of ``KEYCLOAK_URL``."""
        return f"http://{self._host}:{self.port}"

    @property
    def issuer(self) -> str:
        """The ``iss`` claim: ``{url}/realms/{realm}``."""
        return f"{self.url}/realms/{self.realm}"

    @property
    def token_url(self) -> str:
        return f"{self.issuer}/protocol/openid-connect/token"

    @property
    def jwks_url(self) -> str:
        return f"{self.issuer}/protocol/openid-connect/certs"

    # ------------------------------------------------------------------ clients

    @property
    def clients(self) -> dict[str, str]:
        with self._lock:
            return dict(self._clients)

    def add_client(self, client_id: str, client_secret: str) -> None:
        with self._lock:
            self._clients[client_id] = client_secret

    def remove_client(self, client_id: str) -> None:
        with self._lock:
            self._clients.pop(client_id, None)

    def _check_client(self, client_id: str, client_secret: str) -> bool:
        with self._lock:
            expected = self._clients.get(client_id)
        return expected is not None and secrets.compare_digest(expected, client_secret)

    # ------------------------------------------------------------------ counters

    @property
    def tokens_issued(self) -> int:
        """Tokens handed out by the token endpoint (``mint`` does not count)."""
        with self._lock:
            return len(self._issued)

    @property
    def issued(self) -> list[IssuedToken]:
        with self._lock:
            return list(self._issued)

    def issued_to(self, client_id: str) -> int:
        with self._lock:
            return sum(1 for t in self._issued if t.client_id == client_id)

    @property
    def token_requests(self) -> int:
        """Every request to the token endpoint, including refused ones."""
        with self._lock:
            return self._token_requests

    @property
    def jwks_requests(self) -> int:
        with self._lock:
            return self._jwks_requests

    def reset_counters(self) -> None:
        with self._lock:
            self._issued.clear()
            self._token_requests = 0
            self._jwks_requests = 0

    def fail_next_token_requests(
        self,
        count: int = 1,
        *,
        status: int = 503,
        body: dict[str, Any] | None = None,
    ) -> None:
        """Make the next ``count`` token requests fail with ``status`` (fault injection)."""
        failure = _InjectedFailure(
            status=status,
            body=body if body is not None else {"error": "temporarily_unavailable"},
            remaining=count,
        )
        with self._lock:
            self._failures.append(failure)

    def _take_failure(self) -> _InjectedFailure | None:
        with self._lock:
            while self._failures:
                failure = self._failures[0]
                if failure.remaining > 0:
                    failure.remaining -= 1
                    return failure
                self._failures.pop(0)
            return None

    # ------------------------------------------------------------------ keys and tokens

    def jwks(self) -> dict[str, Any]:
        jwk: dict[str, Any] = RSAAlgorithm.to_jwk(self._private_key.public_key(), as_dict=True)
        jwk.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        return {"keys": [jwk]}

    def mint(
        self,
        client_id: str,
        *,
        lifetime: int | None = None,
        issued_at: float | None = None,
        extra_claims: Mapping[str, Any] | None = None,
        issuer: str | None = None,
    ) -> str:
        """Sign a token for ``client_id`` directly. A negative lifetime gives an expired one."""
        now = int(time.time() if issued_at is None else issued_at)
        life = self.token_lifetime if lifetime is None else lifetime
        claims: dict[str, Any] = {
            "iss": issuer if issuer is not None else self.issuer,
            "sub": f"service-account-{client_id}",
            "azp": client_id,
            "typ": "Bearer",
            "iat": now,
            "exp": now + life,
            "jti": str(uuid.uuid4()),
            "preferred_username": f"service-account-{client_id}",
            "scope": "profile email",
        }
        if life < 0:
            claims["iat"] = now + life - 60
        if extra_claims:
            claims.update(extra_claims)
        return jwt.encode(claims, self._private_key, algorithm="RS256", headers={"kid": self.kid})

    def mint_expired(self, client_id: str, *, expired_for: int = _EXPIRED_BY) -> str:
        """A correctly signed token whose ``exp`` lies ``expired_for`` seconds in the past."""
        return self.mint(client_id, lifetime=-expired_for)

    def mint_with_foreign_key(self, client_id: str, *, lifetime: int | None = None) -> str:
        """A token with this issuer's ``kid`` but signed by an unrelated key (bad signature)."""
        foreign = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": f"service-account-{client_id}",
            "azp": client_id,
            "iat": now,
            "exp": now + (self.token_lifetime if lifetime is None else lifetime),
        }
        return jwt.encode(claims, foreign, algorithm="RS256", headers={"kid": self.kid})

    def decode(self, token: str, *, verify_exp: bool = True) -> dict[str, Any]:
        """Verify and decode a token issued here (convenience for tests)."""
        claims: dict[str, Any] = jwt.decode(
            token,
            self._private_key.public_key(),
            algorithms=["RS256"],
            issuer=self.issuer,
            options={"verify_aud": False, "verify_exp": verify_exp},
        )
        return claims

    # ------------------------------------------------------------------ token endpoint

    def _token_response(
        self, form: Mapping[str, str], basic: tuple[str, str] | None
    ) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self._token_requests += 1
        failure = self._take_failure()
        if failure is not None:
            return failure.status, failure.body

        grant_type = form.get("grant_type")
        if not grant_type:
            return 400, {"error": "invalid_request", "error_description": "Missing grant_type"}
        if grant_type != "client_credentials":
            return 400, {
                "error": "unsupported_grant_type",
                "error_description": f"Unsupported grant_type {grant_type!r}",
            }

        client_id = form.get("client_id")
        client_secret = form.get("client_secret")
        if basic is not None:
            client_id, client_secret = basic
        if (
            not client_id
            or client_secret is None
            or not self._check_client(client_id, client_secret)
        ):
            return 401, {
                "error": "invalid_client",
                "error_description": "Invalid client or Invalid client credentials",
            }

        lifetime = self.token_lifetime
        token = self.mint(client_id, lifetime=lifetime)
        with self._lock:
            self._issued.append(
                IssuedToken(
                    client_id=client_id,
                    access_token=token,
                    issued_at=time.time(),
                    expires_in=lifetime,
                )
            )
        return 200, {
            "access_token": token,
            "expires_in": lifetime,
            "refresh_expires_in": 0,
            "token_type": "Bearer",
            "not-before-policy": 0,
            "scope": "profile email",
        }

    def _discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "token_endpoint": self.token_url,
            "jwks_uri": self.jwks_url,
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def _note_jwks_request(self) -> None:
        with self._lock:
            self._jwks_requests += 1


class _IssuerRequestHandler(BaseHTTPRequestHandler):
    owner: TokenIssuer
    protocol_version = "HTTP/1.1"
    server_version = "LocalTokenIssuer/1.0"

    def log_message(self, fmt: str, *args: Any) -> None:
        return

    def _prefix(self) -> str:
        return f"/realms/{self.owner.realm}"

    def _send_json(self, status: int, body: Mapping[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        if status == 401:
            self.send_header("WWW-Authenticate", f'Basic realm="{self.owner.realm}"')
        self.end_headers()
        self.wfile.write(data)

    def _path(self) -> str:
        return self.path.split("?", 1)[0].rstrip("/")

    def do_GET(self) -> None:
        path = self._path()
        if path == f"{self._prefix()}/protocol/openid-connect/certs":
            self.owner._note_jwks_request()
            self._send_json(200, self.owner.jwks())
        elif path == f"{self._prefix()}/.well-known/openid-configuration":
            self._send_json(200, self.owner._discovery())
        else:
            self._send_json(404, {"error": "not_found"})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length > 0 else b""
        if self._path() != f"{self._prefix()}/protocol/openid-connect/token":
            self._send_json(404, {"error": "not_found"})
            return
        content_type = (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            self._send_json(
                400,
                {"error": "invalid_request", "error_description": "Expected a form-encoded body"},
            )
            return
        parsed = parse_qs(raw.decode("utf-8", errors="replace"), keep_blank_values=True)
        form = {key: values[0] for key, values in parsed.items() if values}
        status, body = self.owner._token_response(form, self._basic_credentials())
        self._send_json(status, body)

    def _basic_credentials(self) -> tuple[str, str] | None:
        header = self.headers.get("Authorization") or ""
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic" or not value:
            return None
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        client_id, sep, client_secret = decoded.partition(":")
        if not sep:
            return None
        return unquote_plus(client_id), unquote_plus(client_secret)
