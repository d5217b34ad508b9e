"""Bearer authentication for the SmartEM backend: Keycloak client-credentials or a fixed token."""

from __future__ import annotations

import logging
import math
import os
import re
import ssl
import stat
import threading
import time
import warnings
import weakref
from collections.abc import AsyncGenerator, Callable, Generator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from smartem_ext.errors import AuthError, InvalidResponse, TransportError

if TYPE_CHECKING:
    import asyncio

__all__ = ["BearerToken", "KeycloakAuth"]

logger = logging.getLogger("smartem_ext.auth")

_ENV_KEYS = ("KEYCLOAK_URL", "KEYCLOAK_REALM", "KEYCLOAK_CLIENT_ID", "KEYCLOAK_CLIENT_SECRET")
_MASK = "***"
_MAX_ERROR_TEXT = 200


class BearerToken(httpx.Auth):
    """Sends ``Authorization: Bearer <token>`` with a fixed token."""

    def __init__(self, token: str) -> None:
        if not token:
            raise ValueError("token must not be empty")
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        yield _with_bearer(request, self._token)

    def __repr__(self) -> str:
        return f"BearerToken(token={_MASK})"


class KeycloakAuth(httpx.Auth):
    """OAuth2 client-credentials tokens from a Keycloak realm, cached and refreshed.

    The token is refreshed ``refresh_margin`` seconds before it expires, and once more on a
    401 (the request is then retried once); concurrent requests share one token request.
    Token requests go through the client the auth is attached to; ``timeout`` bounds each;
    ``verify`` applies to ``token()`` alone. A refusal raises ``AuthError``, a 2xx without a
    usable token ``InvalidResponse``, an unreachable endpoint ``TransportError``.
    """

    # The flows read the token response themselves and leave backend answers streamed; a
    # request answered 401 is sent again, so its body must be replayable.
    requires_response_body = True
    requires_request_body = True

    def __init__(
        self,
        url: str,
        realm: str,
        client_id: str,
        client_secret: str,
        *,
        refresh_margin: float = 30.0,
        timeout: float = 10.0,
        verify: bool | ssl.SSLContext = True,
    ) -> None:
        base = httpx.URL(url)
        if base.scheme not in ("http", "https") or not base.host:
            raise ValueError("url must be an absolute http(s) URL")
        named = (("realm", realm), ("client_id", client_id), ("client_secret", client_secret))
        for name, value in named:
            if not value:
                raise ValueError(f"{name} must not be empty")
        if not (refresh_margin >= 0 and math.isfinite(refresh_margin)):
            raise ValueError("refresh_margin must be a finite number >= 0")
        if not (timeout > 0 and math.isfinite(timeout)):
            raise ValueError("timeout must be a finite number > 0")

        self.url = url.rstrip("/")
        self.realm = realm
        self.client_id = client_id
        self._client_secret = client_secret
        self.refresh_margin = refresh_margin
        self.timeout = timeout
        self._verify = verify
        self.token_url = f"{self.url}/realms/{quote(realm, safe='')}/protocol/openid-connect/token"
        self._token_path = httpx.URL(self.token_url).path

        self._cached: tuple[str, float] | None = None  # the token and when it turns stale
        self._token_requests = 0
        self._state_lock = threading.Lock()  # guards the counter and the lock table
        self._thread_lock = threading.Lock()  # one token request at a time, sync side
        self._async_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]
        self._async_locks = weakref.WeakKeyDictionary()

    @classmethod
    def from_env_file(
        cls,
        path: str | os.PathLike[str],
        *,
        refresh_margin: float = 30.0,
        timeout: float = 10.0,
        verify: bool | ssl.SSLContext = True,
    ) -> KeycloakAuth:
        """Read the four ``KEYCLOAK_*`` settings from a dotenv-style file.

        Warns (``UserWarning`` and the log) when group or others may access the file.
        """
        file = Path(path)
        mode = stat.S_IMODE(file.stat().st_mode)
        if os.name == "posix" and mode & 0o077:
            message = (
                f"{file} has mode {mode:#o}: its permissions are too open for a file holding "
                f"a client secret; chmod 600 {file}"
            )
            logger.warning(message)
            warnings.warn(message, UserWarning, stacklevel=2)
        values = _parse_env_file(file.read_text(encoding="utf-8"))
        return cls._from_mapping(values, str(file), refresh_margin, timeout, verify)

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        refresh_margin: float = 30.0,
        timeout: float = 10.0,
        verify: bool | ssl.SSLContext = True,
    ) -> KeycloakAuth:
        """Read the four ``KEYCLOAK_*`` settings from ``environ`` (None: ``os.environ``)."""
        values = os.environ if environ is None else environ
        return cls._from_mapping(values, "the environment", refresh_margin, timeout, verify)

    @classmethod
    def _from_mapping(cls, values: Mapping[str, str], source: str, *options: Any) -> KeycloakAuth:
        missing = [key for key in _ENV_KEYS if not values.get(key)]
        if missing:
            raise ValueError(f"{source} lacks {', '.join(missing)}")
        margin, timeout, verify = options
        settings = [values[key] for key in _ENV_KEYS]
        return cls(*settings, refresh_margin=margin, timeout=timeout, verify=verify)

    @property
    def token_requests(self) -> int:
        """Token requests sent so far, successful or not."""
        with self._state_lock:
            return self._token_requests

    def invalidate(self) -> None:
        """Forget the cached token; the next request fetches a new one."""
        self._cached = None

    def token(self) -> str:
        """A current access token, fetched over a connection of its own if needed."""
        if (token := self._usable_token()) is not None:
            return token
        with self._thread_lock:
            if (token := self._usable_token()) is not None:
                return token
            requested_at = time.monotonic()
            with httpx.Client(verify=self._verify, timeout=self.timeout) as client:
                try:
                    response = client.send(self._token_request(trace=None))
                except httpx.TransportError as exc:
                    raise self._unreachable(exc) from exc
            return self._accept_token_response(response, requested_at)

    def __repr__(self) -> str:
        return (
            f"KeycloakAuth(url={self.url!r}, realm={self.realm!r}, "
            f"client_id={self.client_id!r}, client_secret={_MASK})"
        )

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        request.read()
        rejected: str | None = None
        for attempt in range(2):
            if (token := self._usable_token(rejected)) is None:
                with self._thread_lock:
                    if (token := self._usable_token(rejected)) is None:
                        with _TokenSend(self) as send:
                            token_response = yield self._token_request(send.record)
                        token_response.read()
                        token = self._accept_token_response(token_response, send.at)
            response = yield _with_bearer(request, token)
            if response.status_code != 401 or attempt:
                return
            # Read now, so the connection is back in the pool before waiting on the lock.
            response.read()
            logger.debug("401 from backend; refreshing token")
            rejected = token

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        await request.aread()
        rejected: str | None = None
        for attempt in range(2):
            if (token := self._usable_token(rejected)) is None:
                async with self._async_lock():
                    if (token := self._usable_token(rejected)) is None:
                        with _TokenSend(self) as send:
                            token_response = yield self._token_request(send.arecord)
                        await token_response.aread()
                        token = self._accept_token_response(token_response, send.at)
            response = yield _with_bearer(request, token)
            if response.status_code != 401 or attempt:
                return
            await response.aread()
            logger.debug("401 from backend; refreshing token")
            rejected = token

    def _usable_token(self, rejected: str | None = None) -> str | None:
        """The cached token unless it is stale or is the one the backend just refused."""
        cached = self._cached
        if cached is None or time.monotonic() >= cached[1] or cached[0] == rejected:
            return None
        return cached[0]

    def _async_lock(self) -> asyncio.Lock:
        import asyncio  # here, not at import: the sync client never needs it

        # asyncio.Lock belongs to one event loop; a client per loop must still work.
        loop = asyncio.get_running_loop()
        with self._state_lock:
            return self._async_locks.setdefault(loop, asyncio.Lock())

    def _token_request(self, trace: Callable[..., Any] | None) -> httpx.Request:
        with self._state_lock:
            self._token_requests += 1
        data = {"grant_type": "client_credentials", "client_id": self.client_id}
        data["client_secret"] = self._client_secret
        extensions = {"timeout": httpx.Timeout(self.timeout).as_dict(), "trace": trace}
        request = httpx.Request("POST", self.token_url, data=data, extensions=extensions)
        request.headers["Accept"] = "application/json"
        return request

    def _accept_token_response(self, response: httpx.Response, requested_at: float) -> str:
        if not response.is_success:
            raise AuthError(
                "POST", self._token_path, response.status_code, self._oauth_error(response)
            )
        body = _json_object(response)
        token, expires_in = body.get("access_token"), body.get("expires_in")
        if not isinstance(token, str) or not token:
            problem = "no access_token in the answer"
        elif isinstance(expires_in, bool) or not isinstance(expires_in, int | float | None):
            problem = "expires_in is not a number"
        else:
            # Without a stated lifetime the token is kept until the backend refuses it.
            lifetime = math.inf if expires_in is None else expires_in - self.refresh_margin
            stated = "expiry not stated" if expires_in is None else f"expires in {expires_in:.0f} s"
            logger.debug("token obtained, %s", stated)
            self._cached = (token, requested_at + lifetime)
            return token
        raise InvalidResponse("POST", self._token_path, response.status_code, problem)

    def _oauth_error(self, response: httpx.Response) -> str | None:
        """The OAuth error code and description of a refusal, without the client secret."""
        body = _json_object(response)
        if body.get("error"):
            text = str(body["error"])
            if body.get("error_description"):
                text += f": {body['error_description']}"
        else:
            text = response.text.strip()
        return text[:_MAX_ERROR_TEXT].replace(self._client_secret, _MASK) or None

    def _unreachable(self, exc: BaseException) -> TransportError:
        reason = str(exc).replace(self._client_secret, _MASK) or type(exc).__name__
        return TransportError("POST", self._token_path, f"token endpoint unreachable: {reason}")


class _TokenSend:
    """Wraps the yield of a token request: a failed send raises TransportError.

    The send error: the sync client chains it to the GeneratorExit, the async one's is traced.
    """

    def __init__(self, auth: KeycloakAuth) -> None:
        self.auth = auth
        self.at = time.monotonic()
        self.exception: BaseException | None = None

    def record(self, event: str, info: Mapping[str, Any]) -> None:
        if event.endswith(".failed"):
            self.exception = info.get("exception")

    async def arecord(self, event: str, info: Mapping[str, Any]) -> None:
        self.record(event, info)

    def __enter__(self) -> _TokenSend:
        return self

    def __exit__(self, kind: object, exit_: BaseException | None, traceback: object) -> None:
        if isinstance(exit_, GeneratorExit):
            cause = exit_.__context__
            if not isinstance(cause, httpx.TransportError):
                cause = self.exception
            if isinstance(cause, Exception):
                raise self.auth._unreachable(cause) from cause


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _with_bearer(request: httpx.Request, token: str) -> httpx.Request:
    request.headers["Authorization"] = f"Bearer {token}"
    return request


_ENV_LINE = re.compile(r"(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)")
_INLINE_COMMENT = re.compile(r"\s+#.*$")
# A quoted value up to its closing quote; inside double quotes a backslash escapes.
_QUOTED = re.compile(r'\'([^\']*)\'|"((?:\\.|[^"\\])*)"')


def _parse_env_file(text: str) -> dict[str, str]:
    """Parse dotenv-style ``KEY=VALUE`` lines (others skipped); errors never show values."""
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _ENV_LINE.match(line.strip())
        if match is None:
            continue
        key, value = match.group(1), match.group(2).strip()
        if value[:1] in ("'", '"'):
            quoted = _QUOTED.match(value)
            if quoted is None:
                raise ValueError(f"line {number}: {key} has an unterminated quote")
            single, double = quoted.groups()
            value = single if single is not None else re.sub(r'\\([\\"])', r"\1", double)
        else:
            value = _INLINE_COMMENT.sub("", value)
        values[key] = value
    return values
