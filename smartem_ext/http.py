"""The httpx client factory: timeouts, the retry transport, auth, pool limits, user agent.

Retries live here and nowhere else. They are transport configuration: connection errors,
timeouts and 429/502/503/504 answers are retried with exponential backoff and full jitter,
honouring ``Retry-After``, bounded in attempts and in total sleep. Creates are retried too:
they carry client-made uuids, and the client recognises a create that landed earlier.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Mapping
from importlib import metadata
from typing import Any

import attrs
import httpx
from httpx_retries import Retry, RetryTransport

__all__ = ["DEFAULT_RETRY", "RetryPolicy", "TransportStats", "build_async_client", "build_client"]

_RETRY_STATUSES = frozenset({429, 502, 503, 504})
_ALL_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "POST", "DELETE", "PATCH"})


def _user_agent() -> str:
    try:
        version = metadata.version("smartem-client")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"smartem-client/{version} httpx/{httpx.__version__}"


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
    """Longest total time spent waiting between attempts of one request."""
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

    def increment(self) -> Retry:
        following = super().increment()
        if self.stats is not None:
            self.stats.count_retry()
        if isinstance(following, _CountingRetry):
            following.stats = self.stats
        return following


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
) -> httpx.Client:
    """A pooled ``httpx.Client`` for the backend at ``base_url``.

    TLS certificates are verified unless ``verify=False`` is passed explicitly.
    """
    inner = transport or httpx.HTTPTransport(verify=verify, limits=limits or httpx.Limits())
    hooks: dict[str, list[Any]] = {}
    if stats is not None:
        hooks["request"] = [lambda _request: stats.count_request()]
    return httpx.Client(
        **_settings(base_url, timeout, auth, verify, headers),
        event_hooks=hooks,
        transport=RetryTransport(inner, (retry or _NO_RETRY).to_retry(stats)),
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
) -> httpx.AsyncClient:
    """The asyncio twin of :func:`build_client`."""
    inner = transport or httpx.AsyncHTTPTransport(verify=verify, limits=limits or httpx.Limits())
    hooks: dict[str, list[Any]] = {}
    if stats is not None:

        async def count(_request: httpx.Request) -> None:
            stats.count_request()

        hooks["request"] = [count]
    return httpx.AsyncClient(
        **_settings(base_url, timeout, auth, verify, headers),
        event_hooks=hooks,
        transport=RetryTransport(inner, (retry or _NO_RETRY).to_retry(stats)),
    )
