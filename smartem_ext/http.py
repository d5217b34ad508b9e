"""The httpx client factory: retries, the deadline and caps of a request, auth, pool, user agent.

Retries live here only (creates too: they carry client-made uuids). An :class:`Exchange`
bounds a request by a deadline over every attempt and wait, and notes whether any attempt
began sending; caps bound its answer (:func:`read_capped`).
"""

from __future__ import annotations

import contextvars
import functools
import ssl
import threading
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

import attrs
import httpx

from smartem_ext import __version__
from smartem_ext.errors import ConversionError

if TYPE_CHECKING:
    import httpx_retries

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_RETRY",
    "AnswerLimits",
    "RetryPolicy",
]

C = TypeVar("C", httpx.Client, httpx.AsyncClient)

_MiB = 1024 * 1024
# A listing of 10**6 foil holes, the largest answer the backend gives, is about 400 MB.
LISTING_CAP = 1024 * _MiB
# Any other answer (an entity, /status, a create) is under a few tens of kB: room to spare,
# and a bound on what an endless or hostile answer to a small read costs.
ENTITY_RECEIVED_CAP = 8 * _MiB
ENTITY_DECODED_CAP = 32 * _MiB  # the received cap's worth of JSON compressed fourfold
# A list write's answer repeats what was sent: its caps grow by this many times the body.
ECHO_FACTOR = 4
# Encoded chunks reach the decoder in slices this large, so that one slice of a compression
# bomb (about 1000:1) decodes to a few MiB before the cap is checked.
_ENCODED_SLICE = 4 * 1024
_DEADLINE_FACTOR = 6.0
REFUSAL_READ = 64 * 1024  # bytes of a refusal read where no cap is in force
# httpcore's trace events (httpx's ``trace`` request extension) that start writing a request.
_SENDING = frozenset({"http11.send_request_headers.started", "http2.send_request_headers.started"})
# Failures before any byte was sent, for a transport that does not trace.
_UNSENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_FRAMING = frozenset({b"content-encoding", b"content-length", b"transfer-encoding"})
_USER_AGENT = f"smartem-client/{__version__} httpx/{httpx.__version__}"


class Caps(NamedTuple):
    """The caps on one answer's body, in bytes."""

    max_received: int
    max_decoded: int


_OPTIONAL_SIZE = attrs.validators.optional(
    [attrs.validators.instance_of(int), attrs.validators.gt(0)]
)


@attrs.frozen(kw_only=True)
class AnswerLimits:
    """Bounds on one request: a total deadline and caps on the answer's size.

    Past a bound the call raises :class:`~smartem_ext.errors.DeadlineExceeded` or
    :class:`~smartem_ext.errors.AnswerTooLarge`. A cap left at None follows the kind of
    answer: 1 GiB received and decoded for a listing; 8 MiB received and 32 MiB decoded for
    any other, plus four times the request body (a list write's answer repeats it).
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
        echo = 0 if listing else ECHO_FACTOR * sent
        received, decoded = (
            (LISTING_CAP, LISTING_CAP) if listing else (ENTITY_RECEIVED_CAP, ENTITY_DECODED_CAP)
        )
        return Caps(
            received + echo if self.max_received is None else self.max_received,
            decoded + echo if self.max_decoded is None else self.max_decoded,
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
    """One request over all its attempts (not an auth flow's token request), with a deadline
    ``seconds`` from now; ``with``: in force."""

    __slots__ = ("_token", "deadline", "reached", "request", "started")

    def __init__(self, seconds: float) -> None:
        self.started = time.perf_counter()
        self.deadline = time.monotonic() + seconds
        self.request: httpx.Request | None = None
        self.reached: bool | None = None  # whether an attempt may have reached the backend

    def __enter__(self) -> Exchange:
        self._token = _EXCHANGE.set(self)
        return self

    def __exit__(self, *exc_info: object) -> None:
        _EXCHANGE.reset(self._token)

    @property
    def unsent(self) -> bool:
        """Whether every attempt seen here failed before sending; unknown counts as False."""
        return self.reached is False


# The request in progress, set by the driver: contextvars follow threads and asyncio tasks.
_EXCHANGE: contextvars.ContextVar[Exchange | None] = contextvars.ContextVar(
    "smartem_exchange", default=None
)


def _remaining() -> float | None:
    """Seconds left before the deadline in force, or None when there is none."""
    exchange = _EXCHANGE.get()
    if exchange is None:
        return None
    left = exchange.deadline - time.monotonic()
    if left <= 0:
        raise PastDeadline("the request's deadline passed")
    return left


_TIMEOUTS = frozenset({"connect", "read", "write", "pool"})


class _Attempt:
    """One attempt: timeouts cut to the deadline, traced for sending (else the error decides)."""

    def __init__(self, request: httpx.Request, is_async: bool) -> None:
        left = _remaining()
        now = request.extensions.get("timeout") or {}
        # Mostly every timeout is set and ends before the deadline: then none needs cutting.
        if left is not None and (
            now.keys() != _TIMEOUTS or None in now.values() or left < max(now.values())
        ):
            timeouts = dict(now)
            for kind in _TIMEOUTS:
                given = timeouts.get(kind)
                timeouts[kind] = left if given is None else min(given, left)
            request.extensions["timeout"] = timeouts
        exchange = _EXCHANGE.get()
        self._exchange = exchange if exchange and request is exchange.request else None
        self._request = request
        self._outer = request.extensions.get("trace")
        self._traced = self._sending = False
        if self._exchange is not None:
            request.extensions["trace"] = self._atrace if is_async else self._trace

    def _trace(self, event: str, info: Mapping[str, Any]) -> Any:
        self._traced = True
        self._sending = self._sending or event in _SENDING
        return None if self._outer is None else self._outer(event, info)

    async def _atrace(self, event: str, info: Mapping[str, Any]) -> None:
        outer = self._trace(event, info)
        if outer is not None:
            await outer

    def __enter__(self) -> None:
        pass

    def __exit__(self, kind: object, error: BaseException | None, traceback: object) -> None:
        if self._exchange is None:
            return
        if self._outer is None:
            self._request.extensions.pop("trace", None)
        else:
            self._request.extensions["trace"] = self._outer
        sent = error is None or self._sending
        reached = sent or not (self._traced or isinstance(error, _UNSENT))
        self._exchange.reached = reached or bool(self._exchange.reached)


class _Wrapping:
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def close(self) -> None:
        self._inner.close()

    async def aclose(self) -> None:
        await self._inner.aclose()


class _Sliced(_Wrapping, httpx.SyncByteStream, httpx.AsyncByteStream):
    """An encoded body handed on in slices of ``_ENCODED_SLICE`` bytes."""

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            yield from _slices(chunk)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            for piece in _slices(chunk):
                yield piece


def _slices(chunk: bytes) -> Iterator[bytes]:
    return (chunk[start : start + _ENCODED_SLICE] for start in range(0, len(chunk), _ENCODED_SLICE))


def _sliced(response: httpx.Response, kind: type) -> httpx.Response:
    if "content-encoding" in response.headers and isinstance(response.stream, kind):
        response.stream = _Sliced(response.stream)
    return response


class _Bounded(_Wrapping, httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Each attempt under the deadline in force; encoded answers sliced for the caps."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with _Attempt(request, is_async=False):
            response = self._inner.handle_request(request)
        return _sliced(response, httpx.SyncByteStream)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        with _Attempt(request, is_async=True):
            response = await self._inner.handle_async_request(request)
        return _sliced(response, httpx.AsyncByteStream)


def _take(response: httpx.Response, body: list[bytes], size: int, chunk: bytes, caps: Caps) -> int:
    """Add ``chunk`` to ``body`` (``size`` bytes so far) under the caps and deadline; its size."""
    body.append(chunk)
    if response.num_bytes_downloaded > caps.max_received:
        raise OversizedAnswer("max_received", caps.max_received)
    if (size := size + len(chunk)) > caps.max_decoded:
        raise OversizedAnswer("max_decoded", caps.max_decoded)
    _remaining()
    return size


def read_capped(response: httpx.Response, caps: Caps) -> bytes:
    """A streamed answer's body under the caps and deadline in force (one copy at most)."""
    body, size = list[bytes](), 0
    for chunk in response.iter_bytes():
        size = _take(response, body, size, chunk, caps)
    return b"".join(body)


async def aread_capped(response: httpx.Response, caps: Caps) -> bytes:
    """The asyncio twin of :func:`read_capped`."""
    body, size = list[bytes](), 0
    async for chunk in response.aiter_bytes():
        size = _take(response, body, size, chunk, caps)
    return b"".join(body)


def with_body(response: httpx.Response, body: bytes) -> httpx.Response:
    """``response`` with ``body`` as its read (decoded) content, as httpx builds one."""
    return httpx.Response(
        response.status_code,
        headers=[(k, v) for k, v in response.headers.raw if k.lower() not in _FRAMING],
        content=body,
        request=response.request,
        extensions=response.extensions,
    )


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
    """Longest total time spent waiting between attempts of one request, whatever failed;
    the attempts themselves are bounded by the client's deadline (:class:`AnswerLimits`)."""
    statuses: frozenset[int] = frozenset({429, 502, 503, 504})
    respect_retry_after: bool = True

    def to_retry(
        self, stats: TransportStats | None = None, immediate_first: bool = False
    ) -> httpx_retries.Retry:
        """The ``httpx_retries.Retry`` this policy stands for."""
        retry = _retry_class()(
            total=self.attempts,
            allowed_methods=("GET", "HEAD", "OPTIONS", "PUT", "POST", "DELETE", "PATCH"),
            status_forcelist=self.statuses,
            backoff_factor=self.backoff_factor,
            max_backoff_wait=self.max_backoff,
            total_timeout=self.total_timeout,
            respect_retry_after_header=self.respect_retry_after,
        )
        retry.stats = stats
        retry.immediate_first = immediate_first
        return cast("httpx_retries.Retry", retry)


DEFAULT_RETRY = RetryPolicy()
# ``retry=None`` keeps the retry transport with no attempts, so that one request can still
# bring a policy of its own (the ``retry`` request extension); a recovery read gets one retry.
_NO_RETRY = RetryPolicy(attempts=0)
_ONE_RETRY = RetryPolicy(attempts=1, backoff_factor=0, statuses=frozenset())


def lookup_retry(policy: RetryPolicy | None, stats: TransportStats | None) -> httpx_retries.Retry:
    """The retries of a create's recovery read: the first at once, on a new connection.

    The backend drops the connection after a bare 500 unannounced; the read would go out on it.
    """
    return (policy or _ONE_RETRY).to_retry(stats if policy else None, immediate_first=True)


def retry_for(policy: RetryPolicy | None, stats: TransportStats | None) -> httpx_retries.Retry:
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
        return f"{type(self).__name__}(requests={self.requests}, retries={self.retries})"


@functools.cache
def _retry_class() -> type[Any]:
    """A ``Retry`` counting its retries, waiting by :mod:`smartem_ext.backoff`; made on first
    use, as ``httpx_retries`` imports asyncio."""
    from httpx_retries import Retry

    from smartem_ext.backoff import full_jitter

    class CountingRetry(Retry):
        stats: TransportStats | None = None
        immediate_first = False  # make the first retry at once (see ``lookup_retry``)

        def backoff_strategy(self) -> float:
            if self.immediate_first and self.attempts_made <= 1:
                return 0.0
            return full_jitter(2 * self.backoff_factor, self.max_backoff_wait, self.attempts_made)

        def _calculate_sleep(self, headers: httpx.Headers | Mapping[str, str]) -> float:
            # A wait never outlasts the deadline: the attempt after it fails at once instead.
            wait = super()._calculate_sleep(headers)
            exchange = _EXCHANGE.get()
            left = wait if exchange is None else exchange.deadline - time.monotonic()
            return max(0.0, min(wait, left))

        def increment(self) -> Retry:
            following = super().increment()
            if self.stats is not None:
                self.stats.count_retry()
            if isinstance(following, CountingRetry):
                following.stats = self.stats
                following.immediate_first = self.immediate_first
            return following

    return CountingRetry


def _forwarded(answer: httpx.Response) -> httpx.Response:
    """The caller's client's answer handed on unread, for the client built here to read."""
    if answer.is_stream_consumed:  # an event hook of the caller's client read it already
        return with_body(answer, answer.content)
    return httpx.Response(
        answer.status_code,
        headers=answer.headers.raw,
        stream=answer.stream,
        extensions=answer.extensions,
    )


# The httpx bases' no-op close comes first: the caller's client stays open for its owner.
class _Forwarding(httpx.BaseTransport, httpx.AsyncBaseTransport, _Wrapping):
    """Sends each attempt through a caller's httpx client (its auth, hooks, pool, TLS)."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return _forwarded(self._inner.send(request, stream=True))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return _forwarded(await self._inner.send(request, stream=True))


def _borrowed(
    given: httpx.Client | httpx.AsyncClient,
    base_url: str,
    auth: httpx.Auth | None,
    verify: bool | ssl.SSLContext,
) -> dict[str, str]:
    """The headers a caller's httpx client sets on purpose (not httpx's defaults); refuses
    settings that clash."""
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
    defaults = {"user-agent": f"python-httpx/{httpx.__version__}", "accept": "*/*"}
    return {k: v for k, v in given.headers.items() if defaults.get(k.lower()) != v}


def _build(
    kind: type[C],
    base_url: str,
    *,
    timeout: float | httpx.Timeout = 10.0,
    auth: httpx.Auth | None = None,
    retry: RetryPolicy | None = DEFAULT_RETRY,
    verify: bool | ssl.SSLContext = True,
    limits: httpx.Limits | None = None,
    headers: Mapping[str, str] | None = None,
    stats: TransportStats | None = None,
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
    httpx_client: C | None = None,
) -> C:
    """A pooled httpx client of ``kind`` for ``base_url``; ``httpx_client``: a caller's client
    that makes the connections (see ``SmartEMAPIClient``)."""
    from httpx_retries import RetryTransport

    is_async = kind is httpx.AsyncClient
    if httpx_client is not None:
        if not isinstance(httpx_client, kind):
            raise TypeError(
                f"httpx_client must be an httpx.{kind.__name__}, not {type(httpx_client).__name__}"
            )
        headers = {**_borrowed(httpx_client, base_url, auth, verify), **(headers or {})}
        transport = _Forwarding(httpx_client)
    if transport is None:
        pool = httpx.AsyncHTTPTransport if is_async else httpx.HTTPTransport
        transport = pool(verify=verify, limits=limits or httpx.Limits())
    hooks: dict[str, list[Any]] = {}
    if stats is not None:

        async def count(_request: httpx.Request) -> None:
            stats.count_request()

        hooks["request"] = [count if is_async else lambda _request: stats.count_request()]
    return kind(
        base_url=base_url,
        timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
        auth=auth,
        verify=verify,
        headers={"User-Agent": _USER_AGENT, "Accept": "application/json", **(headers or {})},
        event_hooks=hooks,
        transport=RetryTransport(_Bounded(transport), retry_for(retry, stats)),
    )


build_client = functools.partial(_build, httpx.Client)
build_async_client = functools.partial(_build, httpx.AsyncClient)
