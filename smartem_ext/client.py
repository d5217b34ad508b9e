"""SmartEMAPIClient and AsyncSmartEMAPIClient: the agent-facing API over generated endpoints.

Each operation is written once, as a plan (:mod:`smartem_ext._calls` for one request,
:mod:`smartem_ext.batch` for bulk methods), and named once, as a row of
:class:`_Operations`. A row is an :class:`operation` descriptor: for each client class it
builds a real method (``def`` for the sync client, ``async def`` for the async one) with
the plan's signature and docstring, and under ``mypy --strict`` it types the method with
the plan's exact parameters. Descriptors were chosen over generating the sync twin from
async source (unasync): nothing is generated, a plan is plain data that tests can inspect,
and the two drivers below are the only code that knows about I/O. Adding an operation is
one plan and one row.

Each request is built once by its generated endpoint module (``build_request``), when the
plan is made; the status is judged once, before the generated parser reads the body, so
statuses the spec does not list and non-JSON error bodies still map to typed errors. The
answer is read under the caps of its kind (a listing's, or a small answer's).

:meth:`_Core.with_options` makes a client for some calls with another timeout, deadline,
caps, retry policy or extra headers: a shallow copy that shares the pool, auth, ID cache
and stats, and hands its settings to each request it builds (httpx's ``timeout`` and
``headers`` arguments, the ``retry`` request extension).
"""

from __future__ import annotations

import asyncio
import copy
import enum
import inspect
import logging
import math
import re
import ssl
import time
from collections.abc import Callable, Coroutine, Generator, Mapping, Sequence
from typing import Any, Final, Generic, Literal, ParamSpec, Self, TypeVar, cast, overload

import attrs
import httpx

from smartem_ext import _calls, _stored, batch
from smartem_ext._calls import Call, UnexpectedAnswer
from smartem_ext._effects import arun, run
from smartem_ext.batch import Bulk
from smartem_ext.errors import (
    AnswerTooLarge,
    ConversionError,
    DeadlineExceeded,
    InvalidResponse,
    SmartEMError,
    TransportError,
    api_error_for,
    describe,
    may_have_landed,
)
from smartem_ext.http import (
    DEFAULT_LIMITS,
    DEFAULT_RETRY,
    AnswerLimits,
    Caps,
    Exchange,
    OversizedAnswer,
    PastDeadline,
    RetryPolicy,
    TransportStats,
    aread_capped,
    build_async_client,
    build_client,
    deadline_scope,
    lookup_retry,
    read_capped,
    retry_for,
)
from smartem_ext.ids import IdCache

__all__ = ["AsyncSmartEMAPIClient", "ClientStats", "SmartEMAPIClient"]

P = ParamSpec("P")
T = TypeVar("T")

DEFAULT_LOGGER = logging.getLogger("smartem_ext.client")
# Generated parsers raise these when a success body breaks the contract.
_PARSE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, UnexpectedAnswer)


# With retries switched off, the lookup after a failed create still survives the dead
# keep-alive connection that failure may leave behind: the transport reconnects once.
class _Unchanged(enum.Enum):
    """The default of a ``with_options`` argument that may be None: keep the client's."""

    UNCHANGED = "unchanged"

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Final = _Unchanged.UNCHANGED
# Headers that frame the request or name the server: the client sets them for each request.
_FRAMING_HEADERS = frozenset({"content-length", "transfer-encoding", "host"})
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_BROKEN_IN_VALUE = re.compile(r"[\r\n\x00]")

Plan = Call[T] | Bulk[T]
Flow = Generator["Call[Any] | list[Generator[Any, Any, Any]]", Any, T]
"""Yields a call to send or a list of job flows; returns an outcome (see the flows of ``_Core``)."""


def _raised(outcome: T) -> T:
    if isinstance(outcome, SmartEMError):
        raise outcome
    return outcome


_UNREAD_HEADERS = frozenset({b"content-encoding", b"content-length", b"transfer-encoding"})


def _read(streamed: httpx.Response, body: bytes) -> httpx.Response:
    """The answer with its body read (decoded and capped), as httpx builds one from bytes."""
    return httpx.Response(
        streamed.status_code,
        headers=[(k, v) for k, v in streamed.headers.raw if k.lower() not in _UNREAD_HEADERS],
        content=body,
        request=streamed.request,
        extensions=streamed.extensions,
    )


def _checked_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Headers for ``with_options``; refuses what cannot go in a request, before any is sent."""
    if not isinstance(headers, Mapping):
        raise TypeError(
            f"headers must be a mapping of names to values, not {type(headers).__name__}"
        )
    checked = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError(f"headers: names and values must be str, not {name!r}: {value!r}")
        if _HEADER_NAME.fullmatch(name) is None:
            raise ConversionError("with_options", "headers", f"{name!r} is not a header name")
        if name.lower() in _FRAMING_HEADERS:
            raise ConversionError(
                "with_options", "headers", f"{name} is set by the client for each request"
            )
        if _BROKEN_IN_VALUE.search(value):
            raise ConversionError(
                "with_options", "headers", f"the value of {name} holds a line break or NUL"
            )
        checked[name] = value
    return checked


def _with(arguments: dict[str, Any], options: Mapping[str, Any]) -> dict[str, Any]:
    """A request's ``build_request`` arguments with a derived client's options added.

    The request's own headers and extensions (a recovery read's retry) win over the options.
    """
    merged = {**arguments, **options}
    for name in ("headers", "extensions"):
        if name in options and arguments.get(name):
            merged[name] = {**options[name], **arguments[name]}
    return merged


class ClientStats:
    """What a client has done so far: requests, retries and creates recovered."""

    def __init__(self, transport: TransportStats) -> None:
        self._transport = transport
        self.recovered_creates = 0

    @property
    def requests(self) -> int:
        return self._transport.requests

    @property
    def retries(self) -> int:
        return self._transport.retries

    def __repr__(self) -> str:
        return (
            f"ClientStats(requests={self.requests}, retries={self.retries}, "
            f"recovered_creates={self.recovered_creates})"
        )


class operation(Generic[P, T]):
    """A client method made from a plan, bound to each client's driver (see the module doc)."""

    def __init__(self, plan: Callable[P, Plan[T]]) -> None:
        self.plan = plan
        self.name = plan.__name__
        self.__doc__ = plan.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, client: None, owner: type) -> Self: ...
    @overload
    def __get__(self, client: SmartEMAPIClient, owner: type) -> Callable[P, T]: ...
    @overload
    def __get__(
        self, client: AsyncSmartEMAPIClient, owner: type
    ) -> Callable[P, Coroutine[Any, Any, T]]: ...
    def __get__(self, client: object, owner: type) -> Any:
        # Client classes hold the methods built by ``method_for``; only the table reaches here.
        return self

    def method_for(self, owner: type, is_async: bool) -> Callable[..., Any]:
        """The real method of ``owner``: ``async def`` when its driver is asynchronous."""
        plan = self.plan

        name = self.name

        async def awaitable(client: Any, /, *args: Any, **kwargs: Any) -> Any:
            return await client._perform(_planned(name, plan, *args, **kwargs))

        def blocking(client: Any, /, *args: Any, **kwargs: Any) -> Any:
            return client._perform(_planned(name, plan, *args, **kwargs))

        method: Callable[..., Any] = awaitable if is_async else blocking
        signature = inspect.signature(plan)
        answer = str(signature.return_annotation)  # "Call[X]" or "Bulk[X]": the method gives X
        method.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[_SELF, *signature.parameters.values()],
            return_annotation=answer[answer.index("[") + 1 : -1] if "[" in answer else "Any",
        )
        method.__name__ = self.name
        method.__qualname__ = f"{owner.__qualname__}.{self.name}"
        method.__module__ = owner.__module__
        method.__doc__ = plan.__doc__
        return method


_SELF = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)


def _planned(name: str, make: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``make(*args, **kwargs)``, with what bad arguments raise there made typed.

    Plans read their arguments by attribute, so an argument of the wrong type shows as an
    AttributeError: it becomes a TypeError. A ValueError that is not already a typed error
    becomes a ConversionError (a ValueError too) naming the method. Nothing is sent.
    """
    try:
        return make(*args, **kwargs)
    except AttributeError as error:
        raise TypeError(f"{name}: an argument of the wrong type: {error}") from error
    except ValueError as error:
        if isinstance(error, SmartEMError):
            raise
        raise ConversionError(name, "arguments", str(error)) from error


class _Operations:
    """Every client method, one row each; both client classes get them all."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        driver = cls.__dict__.get("_perform")
        if driver is None:
            return
        for row in vars(_Operations).values():
            if isinstance(row, operation):
                setattr(cls, row.name, row.method_for(cls, inspect.iscoroutinefunction(driver)))

    # Acquisitions
    create_acquisition = operation(_calls.create_acquisition)
    get_acquisitions = operation(_calls.list_acquisitions)
    get_acquisition = operation(_calls.get_acquisition)
    update_acquisition = operation(_calls.update_acquisition)
    delete_acquisition = operation(_calls.delete_acquisition)

    # Grids
    get_acquisition_grids = operation(_calls.list_acquisition_grids)
    create_acquisition_grid = operation(_calls.create_acquisition_grid)
    get_grids = operation(_calls.list_grids)
    get_grid = operation(_calls.get_grid)
    update_grid = operation(_calls.update_grid)
    delete_grid = operation(_calls.delete_grid)
    grid_registered = operation(_calls.mark_grid_registered)

    # Atlases and tiles
    create_grid_atlas = operation(_calls.create_grid_atlas)
    get_atlas = operation(_calls.get_atlas)
    get_grid_atlas = operation(_calls.get_grid_atlas)
    update_atlas = operation(_calls.update_atlas)
    delete_atlas = operation(_calls.delete_atlas)
    get_atlas_tiles_by_atlas = operation(_calls.list_atlas_tiles_by_atlas)
    create_atlas_tile_for_atlas = operation(_calls.create_atlas_tile)
    get_atlas_tile = operation(_calls.get_atlas_tile)
    update_atlas_tile = operation(_calls.update_atlas_tile)
    delete_atlas_tile = operation(_calls.delete_atlas_tile)
    link_atlas_tile_and_gridsquare = operation(batch.link_atlas_tile_and_gridsquare)
    link_atlas_tile_and_gridsquares = operation(batch.link_atlas_tile_and_gridsquares)

    # Grid squares
    get_grid_gridsquares = operation(_calls.list_grid_gridsquares)
    create_grid_gridsquare = operation(_calls.create_grid_gridsquare)
    create_grid_gridsquares = operation(batch.create_grid_gridsquares)
    get_gridsquare = operation(_calls.get_gridsquare)
    update_gridsquare = operation(_calls.update_gridsquare)
    delete_gridsquare = operation(_calls.delete_gridsquare)
    gridsquare_registered = operation(_calls.mark_gridsquare_registered)

    # Foil holes
    get_gridsquare_foilholes = operation(_calls.list_gridsquare_foilholes)
    create_gridsquare_foilholes = operation(batch.create_gridsquare_foilholes)
    create_foilholes = operation(batch.create_foilholes)
    get_foilhole = operation(_calls.get_foilhole)
    update_foilhole = operation(_calls.update_foilhole)
    delete_foilhole = operation(_calls.delete_foilhole)

    # Micrographs
    get_foilhole_micrographs = operation(_calls.list_foilhole_micrographs_by_id)
    list_foilhole_micrographs = operation(_calls.list_foilhole_micrographs)
    create_foilhole_micrograph = operation(_calls.create_foilhole_micrograph)
    create_micrographs = operation(batch.create_micrographs)
    get_micrograph = operation(_calls.get_micrograph)
    update_micrograph = operation(_calls.update_micrograph)
    delete_micrograph = operation(_calls.delete_micrograph)

    # Listings of every entity
    get_atlases = operation(_calls.list_atlases)
    get_atlas_tiles = operation(_calls.list_atlas_tiles)
    get_gridsquares = operation(_calls.list_gridsquares)
    get_foilholes = operation(_calls.list_foilholes)
    get_micrographs = operation(_calls.list_micrographs)

    # Predictions
    get_quality_prediction_models = operation(_calls.list_prediction_models)
    get_quality_prediction_model = operation(_calls.get_prediction_model)
    get_grid_quality_predictions = operation(_calls.get_grid_prediction)
    get_grid_current_quality_predictions = operation(_calls.get_grid_current_prediction)

    # Agent and service
    acknowledge_instruction = operation(_calls.acknowledge_instruction)
    send_heartbeat = operation(_calls.send_agent_heartbeat)
    send_logs = operation(_calls.ingest_agent_logs)
    get_health = operation(_calls.get_health)
    get_status = operation(_calls.get_status)

    # Requests kept as data (the outbox's journal)
    replay = operation(_stored.replay)

    # Debug endpoints
    create_debug_session = operation(_calls.create_debug_session)
    create_debug_instruction = operation(_calls.create_debug_instruction)
    get_active_connections = operation(_calls.list_agent_connections)
    get_session_instructions = operation(_calls.list_session_instructions)


class _Core(_Operations):
    """State and pure answer handling shared by the sync and async clients."""

    def __init__(
        self,
        base_url: str,
        timeout: float,
        logger: logging.Logger | None,
        id_cache: IdCache | None,
        chunk_size: int,
        retry: RetryPolicy | None,
        limits: AnswerLimits,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.limits = limits
        self.deadline = limits.seconds(timeout)
        self.logger = logger or DEFAULT_LOGGER
        self.id_cache = id_cache if id_cache is not None else IdCache()
        self.chunk_size = chunk_size
        self._transport_stats = TransportStats()
        self._lookup_extensions = {"retry": lookup_retry(retry, self._transport_stats)}
        self.stats = ClientStats(self._transport_stats)
        # Uuids of bulk creates whose outcome is unknown: a repeat reads before it resends.
        self._unsure: set[str] = set()
        # Arguments of ``build_request`` that ``with_options`` adds to each request.
        self._options: dict[str, Any] = {}
        # A client made by ``with_options`` borrows the pool; the client it came from owns it.
        self._owns_pool = True

    def _pool(
        self, auth: httpx.Auth | None, retry: RetryPolicy | None, verify: bool | ssl.SSLContext
    ) -> dict[str, Any]:
        """The settings of the httpx client a client builds for itself."""
        return {
            "base_url": self.base_url,
            "timeout": self.timeout,
            "auth": auth,
            "retry": retry,
            "verify": verify,
            "stats": self._transport_stats,
        }

    def with_options(
        self,
        *,
        timeout: float | None = None,
        limits: AnswerLimits | None = None,
        retry: RetryPolicy | Literal[_Unchanged.UNCHANGED] | None = UNCHANGED,
        headers: Mapping[str, str] | None = None,
    ) -> Self:
        """This client with other settings, for some calls; it shares this client's
        connection pool, auth, ID cache and stats.

        ``client.with_options(limits=AnswerLimits(deadline=600)).get_foilholes()`` gives one
        long listing ten minutes; every other call keeps the client's settings. Closing the
        client returned leaves the pool open: this client's ``close`` closes it. Arguments
        left out keep this client's settings.

        Args:
            timeout: Seconds for connecting and for each read; the default deadline is six
                times this.
            limits: The deadline and answer caps of each request, in place of this client's.
            retry: The retry policy of each request; None switches retries off.
            headers: Headers sent with each request, added to those of this client.
        """
        derived = copy.copy(self)
        derived._owns_pool = False
        options = dict(self._options)
        if timeout is not None:
            if isinstance(timeout, bool) or not isinstance(timeout, int | float):
                raise TypeError(f"timeout must be a number of seconds, not {timeout!r}")
            if not (math.isfinite(timeout) and timeout > 0):
                raise ConversionError("with_options", "timeout", f"{timeout!r} is not > 0 s")
            derived.timeout = float(timeout)
            options["timeout"] = httpx.Timeout(derived.timeout)
        if limits is not None:
            if not isinstance(limits, AnswerLimits):
                raise TypeError(f"limits must be an AnswerLimits, not {type(limits).__name__}")
            derived.limits = limits
        derived.deadline = derived.limits.seconds(derived.timeout)
        if retry is not UNCHANGED:
            if retry is not None and not isinstance(retry, RetryPolicy):
                raise TypeError(f"retry must be a RetryPolicy or None, not {type(retry).__name__}")
            options["extensions"] = {"retry": retry_for(retry, self._transport_stats)}
            derived._lookup_extensions = {"retry": lookup_retry(retry, self._transport_stats)}
        if headers is not None:
            options["headers"] = {**options.get("headers", {}), **_checked_headers(headers)}
        derived._options = options
        return derived

    def _answer(self, call: Call[T], response: httpx.Response, headers: httpx.Headers) -> T:
        """The call's result from its answer, or the error the answer stands for."""
        status = response.status_code
        if not 200 <= status < 300:
            raise api_error_for(
                call.method, call.path, status, response.content, headers.multi_items()
            )
        try:
            result = call.answer(response)
        except _PARSE_ERRORS as error:
            broken = str(error) if isinstance(error, UnexpectedAnswer) else describe(error)
            raise InvalidResponse(
                call.method, call.path, status, broken, headers=headers.multi_items()
            ) from None
        if call.record is not None:
            call.record(self.id_cache, result)
        return result

    def _failure(self, call: Call[Any], error: Exception, exchange: Exchange) -> SmartEMError:
        """The typed error for a failed exchange, saying whether the request got out."""
        if isinstance(error, OversizedAnswer):
            return AnswerTooLarge(call.method, call.path, error.cap, error.limit)
        if isinstance(error, PastDeadline) or (
            isinstance(error, httpx.TimeoutException) and time.monotonic() >= exchange.deadline
        ):
            return DeadlineExceeded(call.method, call.path, self.deadline, not exchange.unsent)
        return TransportError(call.method, call.path, describe(error), not exchange.unsent)

    def _request(self, http: httpx.Client | httpx.AsyncClient, call: Call[Any]) -> httpx.Request:
        """The call's request; what cannot form one (a URL too long, NaN in a body) is refused."""
        arguments = call.request
        if self._options:
            arguments = _with(arguments, self._options)
        try:
            return http.build_request(**arguments)
        except (httpx.InvalidURL, ValueError, TypeError) as error:
            operation = call.endpoint.__name__.rpartition(".")[2]
            raise ConversionError(operation, "request", describe(error)) from error

    def _caps(self, call: Call[Any], request: httpx.Request) -> Caps:
        """The caps on the call's answer: its kind's, or the caller's ``limits``."""
        sent = request.headers.get("content-length")
        return self.limits.caps(call.listing, int(sent) if sent else 0)

    def _log(self, call: Call[Any], started: float, outcome: str) -> None:
        if self.logger.isEnabledFor(logging.DEBUG):
            elapsed = (time.perf_counter() - started) * 1000
            self.logger.debug("%s %s -> %s (%.1f ms)", call.method, call.path, outcome, elapsed)

    # Flows: what a plan asks of the driver, written once for both clients. A flow yields a
    # call to send (answered with its result, or the SmartEMError it raised) or a list of
    # job flows (answered with their outcomes, in order), and returns its outcome. A single
    # call is sent by the driver itself; only its recovery after a failure is a flow.

    def _executing(self, call: Call[T]) -> Flow[T]:
        """The call's outcome; after a failure that may hide success, the entity found."""
        outcome = yield call
        if isinstance(outcome, SmartEMError) and may_have_landed(outcome):
            return (yield from self._recovering(call, outcome))
        return cast(T, outcome)

    def _recovering(self, call: Call[T], failure: SmartEMError) -> Flow[T]:
        """After ``failure``, which may hide success: the entity found, else the failure."""
        if call.recover is not None:
            found = yield from self._read_back(call, call.recover)
            if found is not None:
                return found
        return cast(T, failure)

    def _read_back(self, call: Call[T], lookup: Call[Any]) -> Flow[T | None]:
        """What ``lookup`` finds stored of ``call``'s entity, recorded as its result; else None."""
        found: T | SmartEMError | None = yield self._lookup(lookup)
        if found is None or isinstance(found, SmartEMError):
            return None
        return self._recovered(call, found)

    def _bulk(self, plan: Bulk[T]) -> Flow[T]:
        work = _planned(plan.operation, plan.prepare, self.chunk_size, self.id_cache)
        outcomes = yield [self._job(job) for job in work.jobs]
        resolution = batch.resolve_links(work.jobs, outcomes)
        outcome: Any = None
        try:
            while True:
                outcome = yield from self._executing(resolution.send(outcome))
        except StopIteration as done:
            return plan.settle(*self._settled(work, done.value))

    def _job(self, job: batch.Job[Any]) -> Flow[Any]:
        """A bulk job's outcome; after an unknown one, read what landed before resending."""
        lookup = self._look_first(job)
        if lookup is not None:
            found = yield from self._read_back(job.call, lookup)
            if found is not None:
                return self._remember(job, found)
        return self._remember(job, (yield from self._executing(job.call)))

    def _lookup(self, recover: Call[T]) -> Call[T]:
        return attrs.evolve(recover, extensions=self._lookup_extensions)

    def _look_first(self, job: batch.Job[Any]) -> Call[Any] | None:
        """The read to make instead of sending a job that may have landed already.

        That is a job whose earlier outcome was unknown, or whose entities the ID cache
        holds: resending them costs a refused request and then the same read.
        """
        if job.call.recover is None:
            return None
        if not self._unsure.isdisjoint(job.keys):
            return job.call.recover
        if job.confirmed is not None and job.confirmed(self.id_cache):
            return job.call.recover
        return None

    def _remember(self, job: batch.Job[Any], outcome: Any) -> Any:
        if (
            isinstance(outcome, SmartEMError)
            and may_have_landed(outcome)
            and job.call.recover is not None
        ):
            self._unsure.update(job.keys)
        else:
            self._unsure.difference_update(job.keys)
        return outcome

    def _settled(self, work: batch.Batch, settled: Sequence[tuple[batch.Job[Any], Any]]) -> Any:
        """The batch as its links were resolved, with links found stored recorded."""
        for job, outcome in settled:
            if job.links is not None and not isinstance(outcome, SmartEMError):
                _calls.record_links(
                    self.id_cache, outcome if isinstance(outcome, list) else [outcome]
                )
        return attrs.evolve(work, jobs=[job for job, _ in settled]), [o for _, o in settled]

    def _recovered(self, call: Call[T], found: T) -> T:
        self.stats.recovered_creates += 1
        self.logger.info("%s %s: the entity was already stored; using it", call.method, call.path)
        if call.record is not None:
            call.record(self.id_cache, found)
        return found


class SmartEMAPIClient(_Core):
    """Synchronous SmartEM API client on one pooled ``httpx.Client``.

    Args:
        base_url: The backend's root URL.
        timeout: Seconds for connecting and for each read.
        logger: Where request logs go (DEBUG); ``smartem_ext.client`` by default.
        auth: ``KeycloakAuth``, ``BearerToken`` or any ``httpx.Auth``.
        retry: Retry policy of the transport; None switches retries off.
        id_cache: Where confirmed creates are recorded; a fresh in-memory cache by default.
        httpx_client: Send every request through this httpx client, which makes the
            connections (its pool, TLS settings, proxies, auth, event hooks and headers
            count; its timeout gives way to ``timeout``). Retries, the deadline, the caps,
            the user agent and ``stats`` stay this client's. Its owner closes it. ``verify``
            belongs to it then, and ``auth`` when it has one: giving either is refused.
        verify: TLS verification; on unless switched off explicitly.
        chunk_size: Largest list sent in one request by the bulk helpers.
        limits: The total deadline of one request and the caps on an answer's size; the
            default deadline is six times ``timeout``; the default caps follow the kind of
            answer (see :class:`~smartem_ext.http.AnswerLimits`).
    """

    def __init__(
        self,
        base_url: str,
        timeout: float = 10.0,
        logger: logging.Logger | None = None,
        *,
        auth: httpx.Auth | None = None,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        id_cache: IdCache | None = None,
        httpx_client: httpx.Client | None = None,
        verify: bool | ssl.SSLContext = True,
        chunk_size: int = batch.DEFAULT_CHUNK_SIZE,
        limits: AnswerLimits = DEFAULT_LIMITS,
    ) -> None:
        super().__init__(base_url, timeout, logger, id_cache, chunk_size, retry, limits)
        self._http = build_client(**self._pool(auth, retry, verify), httpx_client=httpx_client)

    def __repr__(self) -> str:
        return f"SmartEMAPIClient(base_url={self.base_url!r})"

    def __enter__(self) -> SmartEMAPIClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool; a client from ``with_options``, or an httpx client
        given as ``httpx_client``, is left open."""
        if self._owns_pool:
            self._http.close()

    def _perform(self, plan: Plan[T]) -> T:
        if not isinstance(plan, Call):
            return _raised(self._run(self._bulk(plan)))
        try:
            return self._send(plan)
        except SmartEMError as failure:
            if plan.recover is None or not may_have_landed(failure):
                raise
            outcome = self._run(self._recovering(plan, failure))
        return _raised(outcome)

    def _run(self, flow: Flow[T]) -> T:
        """Make the calls a flow asks for, one after another."""
        return run(flow, self._asked)

    def _asked(self, asked: Call[Any] | list[Flow[Any]]) -> Any:
        return self._outcome(asked) if isinstance(asked, Call) else [self._run(j) for j in asked]

    def _outcome(self, call: Call[Any]) -> Any:
        try:
            return self._send(call)
        except SmartEMError as error:
            return error

    def _send(self, call: Call[T]) -> T:
        started = time.perf_counter()
        with deadline_scope(self.deadline) as exchange:
            try:
                request = exchange.request = self._request(self._http, call)
                streamed = self._http.send(request, stream=True)
                try:
                    response = _read(streamed, read_capped(streamed, self._caps(call, request)))
                finally:
                    streamed.close()
            except httpx.HTTPError as error:
                self._log(call, started, type(error).__name__)
                raise self._failure(call, error, exchange) from error
        self._log(call, started, str(response.status_code))
        return self._answer(call, response, streamed.headers)


class AsyncSmartEMAPIClient(_Core):
    """The asyncio twin of :class:`SmartEMAPIClient`: same methods, awaitable.

    ``max_concurrency`` bounds how many requests the bulk helpers have in flight at once.
    """

    def __init__(
        self,
        base_url: str,
        timeout: float = 10.0,
        logger: logging.Logger | None = None,
        *,
        auth: httpx.Auth | None = None,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        id_cache: IdCache | None = None,
        httpx_client: httpx.AsyncClient | None = None,
        verify: bool | ssl.SSLContext = True,
        chunk_size: int = batch.DEFAULT_CHUNK_SIZE,
        max_concurrency: int = 8,
        limits: AnswerLimits = DEFAULT_LIMITS,
    ) -> None:
        super().__init__(base_url, timeout, logger, id_cache, chunk_size, retry, limits)
        self.max_concurrency = max_concurrency
        self._http = build_async_client(
            **self._pool(auth, retry, verify),
            limits=httpx.Limits(max_connections=max(max_concurrency, 10)),
            httpx_client=httpx_client,
        )

    def __repr__(self) -> str:
        return f"AsyncSmartEMAPIClient(base_url={self.base_url!r})"

    async def __aenter__(self) -> AsyncSmartEMAPIClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the connection pool; a client from ``with_options``, or an httpx client
        given as ``httpx_client``, is left open."""
        if self._owns_pool:
            await self._http.aclose()

    async def _perform(self, plan: Plan[T]) -> T:
        """Run the plan; a bulk plan's jobs with at most ``max_concurrency`` in flight."""
        if not isinstance(plan, Call):
            return _raised(await self._run(self._bulk(plan)))
        try:
            return await self._send(plan)
        except SmartEMError as failure:
            if plan.recover is None or not may_have_landed(failure):
                raise
            outcome = await self._run(self._recovering(plan, failure))
        return _raised(outcome)

    async def _run(self, flow: Flow[T]) -> T:
        """Make the calls a flow asks for; its jobs side by side."""
        return await arun(flow, self._asked)

    async def _asked(self, asked: Call[Any] | list[Flow[Any]]) -> Any:
        return await (self._outcome(asked) if isinstance(asked, Call) else self._jobs(asked))

    async def _jobs(self, jobs: list[Flow[Any]]) -> list[Any]:
        gate = asyncio.Semaphore(self.max_concurrency)

        async def job_outcome(job: Flow[Any]) -> Any:
            async with gate:
                return await self._run(job)

        return await asyncio.gather(*(job_outcome(job) for job in jobs))

    async def _outcome(self, call: Call[Any]) -> Any:
        try:
            return await self._send(call)
        except SmartEMError as error:
            return error

    async def _send(self, call: Call[T]) -> T:
        started = time.perf_counter()
        with deadline_scope(self.deadline) as exchange:
            try:
                # The event loop can stop a blocked read, so the deadline here is exact.
                async with asyncio.timeout(self.deadline):
                    request = exchange.request = self._request(self._http, call)
                    streamed = await self._http.send(request, stream=True)
                    try:
                        caps = self._caps(call, request)
                        response = _read(streamed, await aread_capped(streamed, caps))
                    finally:
                        await streamed.aclose()
            except httpx.HTTPError as error:
                self._log(call, started, type(error).__name__)
                raise self._failure(call, error, exchange) from error
            except TimeoutError as error:
                self._log(call, started, "deadline")
                raise DeadlineExceeded(
                    call.method, call.path, self.deadline, not exchange.unsent
                ) from error
        self._log(call, started, str(response.status_code))
        return self._answer(call, response, streamed.headers)
