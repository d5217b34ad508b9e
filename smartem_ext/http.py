"""The httpx client factory: timeouts, the retry transport, auth, pool limits, user agent.

Retries live here and nowhere else. They are transport configuration: connection errors,
timeouts and 429/502/503/504 answers are retried with exponential backoff and full jitter,
honouring ``Retry-After``, bounded in attempts and in total sleep. Creates are retried too:
they carry client-made uuids, and the client recognises a create that landed earlier.

Bounds on one request live here too (:class:`AnswerLimits`): a deadline over connect,
send, every read, every retry and every wait between retries, and caps on the bytes of an
answer as received and after decompression. httpx timeouts are per read, so a server that
trickles a byte every few seconds never trips them; the deadline does. The client drivers
open the deadline with :func:`deadline_scope`, the transport trims each attempt's timeouts
and each wait between attempts to what is left of it, and :func:`read_capped` /
:func:`aread_capped` read the body under both caps. The caps follow the kind of answer
(:meth:`AnswerLimits.caps`): a listing may be large, any other answer is small. Requests
made outside a deadline scope (the instruction stream) have no total deadline and no
caps: the stream is endless by design and has its own heartbeat watchdog.

An httpx client the caller brings is not used as it is: the client built here sends each
request through it (:class:`_Forwarding`), so retries, the deadline, the caps, the user
agent and the counts stay, while the caller's client makes the connections (its pool, TLS
settings, proxies, auth, event hooks and redirects).

The same scope (an :class:`Exchange`) notes, from httpx's trace of each attempt, whether
any attempt began sending the request. A write whose every attempt was cut off while
connecting (refused, timed out, stopped by the deadline) was not stored, so the client
neither reads it back nor counts it as possibly landed.
"""

from __future__ import annotations

import contextlib
import contextvars
import ssl
import threading
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any, NamedTuple

import attrs
import httpx
from httpx_retries import Retry, RetryTransport

from smartem_ext import __version__
from smartem_ext.errors import ConversionError

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_RETRY",
    "AnswerLimits",
    "RetryPolicy",
]

_RETRY_STATUSES = frozenset({429, 502, 503, 504})
_ALL_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "POST", "DELETE", "PATCH"})
_MiB = 1024 * 1024
LISTING_CAP = 1024 * _MiB
"""Default cap on a listing, received and decoded: a listing of 10**6 foil holes, the
largest answer the backend gives, is about 400 MB of JSON (a foil hole is about 350 bytes)."""
ENTITY_RECEIVED_CAP = 8 * _MiB
"""Default cap on any other answer as received: one entity, /status, /health, an
acknowledgement, a create or update. Most are under 1 kB and the largest, an atlas with
its hundred tiles inline, a few tens of kB: the cap leaves room hundreds of times over
and bounds what an endless or hostile answer to a small read costs (a few tens of MiB)."""
ENTITY_DECODED_CAP = 32 * _MiB
"""Default cap on any other answer after decompression: room for the received cap's worth
of JSON compressed fourfold; a compression bomb stops here."""
ECHO_FACTOR = 4
"""A list write's answer repeats what was sent (1000 foil holes: 380 kB sent, 340 kB
answered), so the default caps of an answer that is not a listing grow by this many times
the request body's bytes: a large chunk size is never refused for its answer's size."""
# Encoded chunks are handed to the decoder in slices this large, so that one slice of a
# compression bomb (ratio about 1000:1) decodes to a few MiB before the cap is checked.
_ENCODED_SLICE = 4 * 1024
_DEADLINE_FACTOR = 6.0
# httpcore's trace events (httpx's ``trace`` request extension) that start writing a request.
_SENDING = frozenset({"http11.send_request_headers.started", "http2.send_request_headers.started"})
# Failures of an attempt before any byte of the request was sent, for a transport that
# does not trace.
_UNSENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class Caps(NamedTuple):
    """The caps on one answer's body, in bytes."""

    max_received: int
    max_decoded: int


_LISTING_CAPS = Caps(LISTING_CAP, LISTING_CAP)
_ENTITY_CAPS = Caps(ENTITY_RECEIVED_CAP, ENTITY_DECODED_CAP)
_OPTIONAL_SIZE = attrs.validators.optional(
    [attrs.validators.instance_of(int), attrs.validators.gt(0)]
)


@attrs.frozen(kw_only=True)
class AnswerLimits:
    """Bounds on one request: a total deadline and caps on the answer's size.

    Past a bound the connection is closed and the call raises a typed error
    (:class:`~smartem_ext.errors.DeadlineExceeded`, :class:`~smartem_ext.errors.AnswerTooLarge`).
    A cap left at None follows the kind of answer: 1 GiB received and decoded for a
    listing; 8 MiB received and 32 MiB decoded for any other answer (one entity,
    ``/status``, an acknowledgement, a create or update), plus four times the request
    body, as a list write's answer repeats what it sent. A cap given applies to every
    answer.
    """

    deadline: float | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.gt(0))
    )
    """Seconds for the whole request, retries included; None: six times the client's timeout."""
    max_received: int | None = attrs.field(default=None, validator=_OPTIONAL_SIZE)
    """Largest answer body in bytes as received (compressed, if the server compressed it)."""
    max_decoded: int | None = attrs.field(default=None, validator=_OPTIONAL_SIZE)
    """Largest answer body in bytes after decompression."""

    def seconds(self, timeout: float) -> float:
        """The deadline in seconds for a client whose per-read timeout is ``timeout``."""
        return self.deadline if self.deadline is not None else _DEADLINE_FACTOR * timeout

    def caps(self, listing: bool, sent: int = 0) -> Caps:
        """The caps on the answer to a request of ``sent`` body bytes; ``listing``: its kind."""
        if listing:
            default = _LISTING_CAPS
        elif sent:
            default = Caps(
                ENTITY_RECEIVED_CAP + ECHO_FACTOR * sent, ENTITY_DECODED_CAP + ECHO_FACTOR * sent
            )
        else:
            default = _ENTITY_CAPS
        if self.max_received is None and self.max_decoded is None:
            return default
        return Caps(
            default.max_received if self.max_received is None else self.max_received,
            default.max_decoded if self.max_decoded is None else self.max_decoded,
        )


DEFAULT_LIMITS = AnswerLimits()


class PastDeadline(httpx.TransportError):
    """The request's deadline passed; not retried (no ``httpx_retries`` default matches it)."""


class OversizedAnswer(httpx.TransportError):
    """An answer body went past one of the caps; ``cap`` names it, ``limit`` is its bytes."""

    def __init__(self, cap: str, limit: int) -> None:
        self.cap = cap
        self.limit = limit
        super().__init__(f"answer body larger than {cap}={limit} bytes")


class Exchange:
    """One request as a client sends it, over all its attempts.

    ``deadline`` is when it must be done by (a ``time.monotonic()`` value); ``request`` is
    the request whose attempts are watched, once the client has built it (another request
    sent meanwhile, such as the auth flow's token request, is not).
    """

    __slots__ = ("_reached", "deadline", "request")

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.request: httpx.Request | None = None
        self._reached: bool | None = None  # None: no attempt of it went through this module

    @property
    def unsent(self) -> bool:
        """Whether the request surely never reached the backend.

        True only when this module's transport saw attempts of it and every one failed
        before sending. An httpx client passed in by the caller, or a failure before the
        first attempt, leaves it unknown: False.
        """
        return self._reached is False

    def attempted(self, reached: bool) -> None:
        """Note an attempt of the request: whether it may have reached the backend."""
        if reached:
            self._reached = True
        elif self._reached is None:
            self._reached = False


class _Attempt:
    """One attempt of an exchange's request, traced to see whether it began sending.

    An attempt cut off while connecting (refused, timed out, cancelled by the deadline)
    never began; one that began writing may have been stored. Without trace events (a
    transport other than httpcore's) the exception's type decides.
    """

    def __init__(self, exchange: Exchange, request: httpx.Request, is_async: bool) -> None:
        self._exchange = exchange
        self._request = request
        self._outer = request.extensions.get("trace")
        self._traced = False
        self._sending = False
        request.extensions["trace"] = self._atrace if is_async else self._trace

    def _note(self, event: str) -> None:
        self._traced = True
        self._sending = self._sending or event in _SENDING

    def _trace(self, event: str, info: Mapping[str, Any]) -> None:
        self._note(event)
        if self._outer is not None:
            self._outer(event, info)

    async def _atrace(self, event: str, info: Mapping[str, Any]) -> None:
        self._note(event)
        if self._outer is not None:
            await self._outer(event, info)

    def done(self, error: BaseException | None) -> None:
        """End the attempt: an answer came (``error`` None) or ``error`` was raised."""
        if self._outer is None:
            self._request.extensions.pop("trace", None)
        else:
            self._request.extensions["trace"] = self._outer
        if error is None or self._sending:
            reached = True
        else:
            reached = not self._traced and not isinstance(error, _UNSENT)
        self._exchange.attempted(reached)


# The request in progress, set by the driver: contextvars follow threads and asyncio tasks.
_EXCHANGE: contextvars.ContextVar[Exchange | None] = contextvars.ContextVar(
    "smartem_exchange", default=None
)


@contextlib.contextmanager
def deadline_scope(seconds: float) -> Iterator[Exchange]:
    """Run the block as one request with a deadline ``seconds`` from now; yields its record."""
    exchange = Exchange(time.monotonic() + seconds)
    token = _EXCHANGE.set(exchange)
    try:
        yield exchange
    finally:
        _EXCHANGE.reset(token)


def _deadline() -> float | None:
    exchange = _EXCHANGE.get()
    return None if exchange is None else exchange.deadline


def _attempt(request: httpx.Request, is_async: bool) -> _Attempt | None:
    """An attempt of the exchange in force, if ``request`` is its request."""
    exchange = _EXCHANGE.get()
    if exchange is None or request is not exchange.request:
        return None
    return _Attempt(exchange, request, is_async)


def _remaining() -> float | None:
    """Seconds left before the deadline in force, or None when there is none."""
    deadline = _deadline()
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise PastDeadline("the request's deadline passed")
    return left


def read_capped(response: httpx.Response, caps: Caps) -> bytes:
    """Read a streamed answer's body under the caps and the deadline in force."""
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        _check(response, body, caps)
    return bytes(body)


async def aread_capped(response: httpx.Response, caps: Caps) -> bytes:
    """The asyncio twin of :func:`read_capped`."""
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body += chunk
        _check(response, body, caps)
    return bytes(body)


REFUSAL_READ = 64 * 1024
"""Bytes of a refusal read where no cap is in force (a stream's error answer)."""


def _check(response: httpx.Response, body: bytearray, caps: Caps) -> None:
    if response.num_bytes_downloaded > caps.max_received:
        raise OversizedAnswer("max_received", caps.max_received)
    if len(body) > caps.max_decoded:
        raise OversizedAnswer("max_decoded", caps.max_decoded)
    _remaining()


def _trimmed(request: httpx.Request) -> None:
    """Cut each of the request's timeouts to what is left of the deadline in force."""
    left = _remaining()
    if left is None:
        return
    timeouts = dict(request.extensions.get("timeout") or {})
    for kind in ("connect", "read", "write", "pool"):
        given = timeouts.get(kind)
        timeouts[kind] = left if given is None else min(given, left)
    request.extensions["timeout"] = timeouts


def _sliced(response: httpx.Response) -> bool:
    return "content-encoding" in response.headers


class _SlicedStream(httpx.SyncByteStream):
    """An encoded body handed on in small slices (see ``_ENCODED_SLICE``)."""

    def __init__(self, inner: httpx.SyncByteStream) -> None:
        self._inner = inner

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            for start in range(0, len(chunk), _ENCODED_SLICE):
                yield chunk[start : start + _ENCODED_SLICE]

    def close(self) -> None:
        self._inner.close()


class _AsyncSlicedStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream) -> None:
        self._inner = inner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            for start in range(0, len(chunk), _ENCODED_SLICE):
                yield chunk[start : start + _ENCODED_SLICE]

    async def aclose(self) -> None:
        await self._inner.aclose()


class _BoundedTransport(httpx.BaseTransport):
    """Each attempt under the deadline in force; encoded answers sliced for the caps."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        _trimmed(request)
        attempt = _attempt(request, is_async=False)
        try:
            response = self._inner.handle_request(request)
        except BaseException as error:
            if attempt is not None:
                attempt.done(error)
            raise
        if attempt is not None:
            attempt.done(None)
        if _sliced(response) and isinstance(response.stream, httpx.SyncByteStream):
            response.stream = _SlicedStream(response.stream)
        return response

    def close(self) -> None:
        self._inner.close()


class _AsyncBoundedTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        _trimmed(request)
        attempt = _attempt(request, is_async=True)
        try:
            response = await self._inner.handle_async_request(request)
        except BaseException as error:
            if attempt is not None:
                attempt.done(error)
            raise
        if attempt is not None:
            attempt.done(None)
        if _sliced(response) and isinstance(response.stream, httpx.AsyncByteStream):
            response.stream = _AsyncSlicedStream(response.stream)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


def _user_agent() -> str:
    return f"smartem-client/{__version__} httpx/{httpx.__version__}"


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How failed requests are retried; ``retry=None`` on a client switches retries off."""

    attempts: int = attrs.field(default=5, validator=attrs.validators.ge(0))
    """Retries after the first attempt."""
    backoff_factor: float = attrs.field(default=0.25, validator=attrs.validators.ge(0))
    """Seconds; the n-th retry waits a random time up to ``backoff_factor * 2**n``."""
    max_backoff: float = attrs.field(default=30.0, validator=attrs.validators.gt(0))
    """Longest single wait, also the cap on a server's ``Retry-After``."""
    total_timeout: float | None = 120.0
    """Longest total time spent waiting between attempts of one request, whatever failed
    (a refused connection too); the attempts themselves are bounded by the client's
    deadline (:class:`AnswerLimits`)."""
    statuses: frozenset[int] = _RETRY_STATUSES
    respect_retry_after: bool = True

    def to_retry(self, stats: TransportStats | None = None) -> Retry:
        """The ``httpx_retries.Retry`` this policy stands for."""
        retry = _CountingRetry(
            total=self.attempts,
            allowed_methods=_ALL_METHODS,
            status_forcelist=self.statuses,
            backoff_factor=self.backoff_factor,
            backoff_jitter=1.0,
            max_backoff_wait=self.max_backoff,
            total_timeout=self.total_timeout,
            respect_retry_after_header=self.respect_retry_after,
        )
        retry.stats = stats
        return retry


DEFAULT_RETRY = RetryPolicy()
# ``retry=None`` keeps the retry transport with no attempts, so that one request can still
# bring a policy of its own (the ``retry`` request extension).
_NO_RETRY = RetryPolicy(attempts=0)


def lookup_retry(policy: RetryPolicy | None, stats: TransportStats | None) -> Retry:
    """The retries of a read made after a failure that may hide success (a create's recovery).

    The backend drops the connection after a bare 500 without saying so, and the read
    would go out on it: its first retry is made at once, on a new connection, and without
    a policy it is the only one. Waiting the policy's backoff there cost each create the
    backend refused about a second.
    """
    if policy is None:
        return Retry(
            total=1,
            backoff_factor=0,
            allowed_methods=["GET"],
            status_forcelist=[],
            retry_on_exceptions=[httpx.TransportError],
        )
    retry = policy.to_retry(stats)
    assert isinstance(retry, _CountingRetry)
    retry.immediate_first = True
    return retry


def retry_for(policy: RetryPolicy | None, stats: TransportStats | None) -> Retry:
    """The ``httpx_retries.Retry`` of ``policy``; None: no retries."""
    return (policy or _NO_RETRY).to_retry(stats)


class TransportStats:
    """Counts requests sent and retries made by one client (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests = 0
        self.retries = 0

    def count_request(self) -> None:
        with self._lock:
            self.requests += 1

    def count_retry(self) -> None:
        with self._lock:
            self.retries += 1

    def __repr__(self) -> str:
        return f"TransportStats(requests={self.requests}, retries={self.retries})"


class _CountingRetry(Retry):
    """A ``Retry`` that reports every retry it makes to a ``TransportStats``."""

    stats: TransportStats | None = None
    immediate_first = False
    """Make the first retry at once (see ``lookup_retry``)."""

    def backoff_strategy(self) -> float:
        if self.immediate_first and self.attempts_made <= 1:
            return 0.0
        return super().backoff_strategy()

    def _calculate_sleep(self, headers: httpx.Headers | Mapping[str, str]) -> float:
        # A wait never outlasts the deadline: the attempt after it fails at once instead.
        wait = super()._calculate_sleep(headers)
        deadline = _deadline()
        return wait if deadline is None else max(0.0, min(wait, deadline - time.monotonic()))

    def increment(self) -> Retry:
        following = super().increment()
        if self.stats is not None:
            self.stats.count_retry()
        if isinstance(following, _CountingRetry):
            following.stats = self.stats
            following.immediate_first = self.immediate_first
        return following


_UNREAD_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def _forwarded(answer: httpx.Response) -> httpx.Response:
    """The caller's client's answer handed on unread, for the client built here to read."""
    if answer.is_stream_consumed:  # an event hook of the caller's client read it already
        return httpx.Response(
            answer.status_code,
            headers=[(k, v) for k, v in answer.headers.multi_items() if k not in _UNREAD_HEADERS],
            content=answer.content,
            extensions=answer.extensions,
        )
    return httpx.Response(
        answer.status_code,
        headers=answer.headers.raw,
        stream=answer.stream,
        extensions=answer.extensions,
    )


class _Forwarding(httpx.BaseTransport):
    """Sends each attempt through a caller's ``httpx.Client``, which makes the connection.

    Only public httpx names are used: ``send`` applies the caller's client's auth, event
    hooks and redirect setting, and its transport (pool, TLS, proxies) makes the
    connection. Closing this transport leaves that client open: its owner closes it.
    """

    def __init__(self, client: httpx.Client) -> None:
        self._client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return _forwarded(self._client.send(request, stream=True))

    def close(self) -> None:
        pass


class _AsyncForwarding(httpx.AsyncBaseTransport):
    """The asyncio twin of :class:`_Forwarding`."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return _forwarded(await self._client.send(request, stream=True))

    async def aclose(self) -> None:
        pass


def _default_headers() -> httpx.Headers:
    return httpx.Headers({"User-Agent": f"python-httpx/{httpx.__version__}", "Accept": "*/*"})


def _borrowed(
    given: httpx.Client | httpx.AsyncClient,
    base_url: str,
    auth: httpx.Auth | None,
    verify: bool | ssl.SSLContext,
) -> dict[str, str]:
    """The headers a caller's httpx client sets on purpose; refuses settings that clash.

    httpx's own defaults (its user agent, ``Accept: */*``) give way to this package's.
    """
    owner = "AsyncSmartEMAPIClient" if isinstance(given, httpx.AsyncClient) else "SmartEMAPIClient"
    if verify is not True:
        raise ConversionError(
            owner,
            "verify",
            "the httpx client given as httpx_client makes the connections: "
            "set TLS verification on it",
        )
    if auth is not None and given.auth is not None:
        raise ConversionError(
            owner, "auth", "the httpx client given as httpx_client has an auth of its own"
        )
    if str(given.base_url) and str(given.base_url).rstrip("/") != base_url.rstrip("/"):
        raise ConversionError(
            owner,
            "base_url",
            f"{base_url!r} is not the base_url of the httpx client given ({str(given.base_url)!r})",
        )
    defaults = _default_headers()
    return {
        name: value
        for name, value in given.headers.items()
        if name not in defaults or defaults[name] != value
    }


def _settings(
    base_url: str,
    timeout: float | httpx.Timeout,
    auth: httpx.Auth | None,
    verify: bool | ssl.SSLContext,
    headers: Mapping[str, str] | None,
) -> dict[str, Any]:
    """The keyword arguments the sync and async httpx clients share."""
    return {
        "base_url": base_url,
        "timeout": timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
        "auth": auth,
        "verify": verify,
        "headers": {"User-Agent": _user_agent(), "Accept": "application/json", **(headers or {})},
    }


def build_client(
    base_url: str,
    *,
    timeout: float | httpx.Timeout = 10.0,
    auth: httpx.Auth | None = None,
    retry: RetryPolicy | None = DEFAULT_RETRY,
    verify: bool | ssl.SSLContext = True,
    limits: httpx.Limits | None = None,
    headers: Mapping[str, str] | None = None,
    stats: TransportStats | None = None,
    transport: httpx.BaseTransport | None = None,
    httpx_client: httpx.Client | None = None,
) -> httpx.Client:
    """A pooled ``httpx.Client`` for the backend at ``base_url``.

    TLS certificates are verified unless ``verify=False`` is passed explicitly.

    Args:
        httpx_client: A caller's client to send every request through (see the module
            doc); its headers are kept, its timeout gives way to ``timeout``. ``verify``
            and ``limits`` belong to it then, and ``auth`` only when it has none.
    """
    if httpx_client is not None:
        if not isinstance(httpx_client, httpx.Client):
            raise TypeError(
                f"httpx_client must be an httpx.Client, not {type(httpx_client).__name__}"
            )
        headers = {**_borrowed(httpx_client, base_url, auth, verify), **(headers or {})}
        transport = _Forwarding(httpx_client)
    inner = transport or httpx.HTTPTransport(verify=verify, limits=limits or httpx.Limits())
    hooks: dict[str, list[Any]] = {}
    if stats is not None:
        hooks["request"] = [lambda _request: stats.count_request()]
    return httpx.Client(
        **_settings(base_url, timeout, auth, verify, headers),
        event_hooks=hooks,
        transport=RetryTransport(_BoundedTransport(inner), retry_for(retry, stats)),
    )


def build_async_client(
    base_url: str,
    *,
    timeout: float | httpx.Timeout = 10.0,
    auth: httpx.Auth | None = None,
    retry: RetryPolicy | None = DEFAULT_RETRY,
    verify: bool | ssl.SSLContext = True,
    limits: httpx.Limits | None = None,
    headers: Mapping[str, str] | None = None,
    stats: TransportStats | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    httpx_client: httpx.AsyncClient | None = None,
) -> httpx.AsyncClient:
    """The asyncio twin of :func:`build_client`."""
    if httpx_client is not None:
        if not isinstance(httpx_client, httpx.AsyncClient):
            raise TypeError(
                f"httpx_client must be an httpx.AsyncClient, not {type(httpx_client).__name__}"
            )
        headers = {**_borrowed(httpx_client, base_url, auth, verify), **(headers or {})}
        transport = _AsyncForwarding(httpx_client)
    inner = transport or httpx.AsyncHTTPTransport(verify=verify, limits=limits or httpx.Limits())
    hooks: dict[str, list[Any]] = {}
    if stats is not None:

        async def count(_request: httpx.Request) -> None:
            stats.count_request()

        hooks["request"] = [count]
    return httpx.AsyncClient(
        **_settings(base_url, timeout, auth, verify, headers),
        event_hooks=hooks,
        transport=RetryTransport(_AsyncBoundedTransport(inner), retry_for(retry, stats)),
    )
