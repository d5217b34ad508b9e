"""SmartEMAPIClient and AsyncSmartEMAPIClient: the agent-facing API over generated endpoints.

Each operation is a plan (:mod:`smartem_ext._calls`, :mod:`smartem_ext.batch`) named once as
a row of :class:`_Operations`, which gives both clients a method typed like the plan.
"""

from __future__ import annotations

import contextlib
import copy
import enum
import inspect
import logging
import math
import re
import ssl
import time
from collections.abc import Callable, Coroutine, Generator, Iterator, Mapping, Sequence
from typing import Any, Final, Generic, Literal, ParamSpec, Self, TypeVar, cast, overload

import attrs
import httpx

from smartem_ext import _calls, _stored, batch
from smartem_ext._calls import Answer, Call, UnexpectedAnswer
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


def _checked_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Headers for ``with_options``; refuses what cannot go in a request, before any is sent."""
    if not isinstance(headers, Mapping):
        raise TypeError(f"headers must map names to values, not {type(headers).__name__}")
    checked = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError(f"headers: names and values must be str, not {name!r}: {value!r}")
        problem = None
        if _HEADER_NAME.fullmatch(name) is None:
            problem = f"{name!r} is not a header name"
        elif name.lower() in _FRAMING_HEADERS:
            problem = f"{name} is set by the client for each request"
        elif _BROKEN_IN_VALUE.search(value):
            problem = f"the value of {name} holds a line break or NUL"
        if problem is not None:
            raise ConversionError("with_options", "headers", problem)
        checked[name] = value
    return checked


def _arguments(given: dict[str, Any]) -> dict[str, Any]:
    """A client constructor's arguments by name, from its ``locals()``."""
    return {name: value for name, value in given.items() if name not in ("self", "__class__")}


class ClientStats(TransportStats):
    """What a client has done so far: requests, retries and creates recovered."""

    recovered_creates = 0

    def __repr__(self) -> str:
        return f"{super().__repr__()[:-1]}, recovered_creates={self.recovered_creates})"


class operation(Generic[P, T]):
    """A client method made from a plan, bound to each client's driver (see the module doc)."""

    def __init__(self, plan: Callable[P, Plan[T]]) -> None:
        self.plan = plan
        self.name = plan.__name__
        self.__doc__ = plan.__doc__
        signature = inspect.signature(plan)
        answer = str(signature.return_annotation)  # "Call[X]" or "Bulk[X]": the method gives X
        self.signature = signature.replace(
            parameters=[_SELF, *signature.parameters.values()],
            return_annotation=answer[answer.index("[") + 1 : -1] if "[" in answer else "Any",
        )

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
        plan, name = self.plan, self.name

        async def awaitable(client: Any, /, *args: Any, **kwargs: Any) -> Any:
            return await client._perform(_planned(name, plan, *args, **kwargs))

        def blocking(client: Any, /, *args: Any, **kwargs: Any) -> Any:
            return client._perform(_planned(name, plan, *args, **kwargs))

        method: Callable[..., Any] = awaitable if is_async else blocking
        method.__signature__ = self.signature  # type: ignore[attr-defined]
        method.__name__ = name
        method.__qualname__ = f"{owner.__qualname__}.{name}"
        method.__module__ = owner.__module__
        method.__doc__ = plan.__doc__
        return method


_SELF = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)


def _planned(name: str, make: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``make(*args, **kwargs)``; an AttributeError (a wrong argument type) made a TypeError, an
    untyped ValueError a ConversionError naming the method."""
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

    create_acquisition = operation(_calls.create_acquisition)
    get_acquisitions = operation(_calls.list_acquisitions)
    get_acquisition = operation(_calls.get_acquisition)
    update_acquisition = operation(_calls.update_acquisition)
    delete_acquisition = operation(_calls.delete_acquisition)
    get_acquisition_grids = operation(_calls.list_acquisition_grids)
    create_acquisition_grid = operation(_calls.create_acquisition_grid)
    get_grids = operation(_calls.list_grids)
    get_grid = operation(_calls.get_grid)
    update_grid = operation(_calls.update_grid)
    delete_grid = operation(_calls.delete_grid)
    grid_registered = operation(_calls.mark_grid_registered)
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
    get_grid_gridsquares = operation(_calls.list_grid_gridsquares)
    create_grid_gridsquare = operation(_calls.create_grid_gridsquare)
    create_grid_gridsquares = operation(batch.create_grid_gridsquares)
    get_gridsquare = operation(_calls.get_gridsquare)
    update_gridsquare = operation(_calls.update_gridsquare)
    delete_gridsquare = operation(_calls.delete_gridsquare)
    gridsquare_registered = operation(_calls.mark_gridsquare_registered)
    get_gridsquare_foilholes = operation(_calls.list_gridsquare_foilholes)
    create_gridsquare_foilholes = operation(batch.create_gridsquare_foilholes)
    create_foilholes = operation(batch.create_foilholes)
    get_foilhole = operation(_calls.get_foilhole)
    update_foilhole = operation(_calls.update_foilhole)
    delete_foilhole = operation(_calls.delete_foilhole)
    get_foilhole_micrographs = operation(_calls.list_foilhole_micrographs_by_id)
    list_foilhole_micrographs = operation(_calls.list_foilhole_micrographs)
    create_foilhole_micrograph = operation(_calls.create_foilhole_micrograph)
    create_micrographs = operation(batch.create_micrographs)
    get_micrograph = operation(_calls.get_micrograph)
    update_micrograph = operation(_calls.update_micrograph)
    delete_micrograph = operation(_calls.delete_micrograph)
    get_atlases = operation(_calls.list_atlases)
    get_atlas_tiles = operation(_calls.list_atlas_tiles)
    get_gridsquares = operation(_calls.list_gridsquares)
    get_foilholes = operation(_calls.list_foilholes)
    get_micrographs = operation(_calls.list_micrographs)
    get_quality_prediction_models = operation(_calls.list_prediction_models)
    get_quality_prediction_model = operation(_calls.get_prediction_model)
    get_grid_quality_predictions = operation(_calls.get_grid_prediction)
    get_grid_current_quality_predictions = operation(_calls.get_grid_current_prediction)
    acknowledge_instruction = operation(_calls.acknowledge_instruction)
    send_heartbeat = operation(_calls.send_agent_heartbeat)
    send_logs = operation(_calls.ingest_agent_logs)
    get_health = operation(_calls.get_health)
    get_status = operation(_calls.get_status)
    replay = operation(_stored.replay)
    create_debug_session = operation(_calls.create_debug_session)
    create_debug_instruction = operation(_calls.create_debug_instruction)
    get_active_connections = operation(_calls.list_agent_connections)
    get_session_instructions = operation(_calls.list_session_instructions)


class _Core(_Operations):
    """State and pure answer handling shared by the sync and async clients."""

    _http: Any
    _build: Callable[..., Any]

    def __init__(
        self,
        base_url: str,
        timeout: float,
        logger: logging.Logger | None,
        *,
        id_cache: IdCache | None,
        chunk_size: int,
        limits: AnswerLimits,
        retry: RetryPolicy | None,
        max_concurrency: int | None = None,
        **pool: Any,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.limits = limits
        self.deadline = limits.seconds(timeout)
        self.logger = logger or DEFAULT_LOGGER
        self.id_cache = id_cache if id_cache is not None else IdCache()
        self.chunk_size = chunk_size
        if max_concurrency is not None:
            self.max_concurrency = max_concurrency
            pool["limits"] = httpx.Limits(max_connections=max(max_concurrency, 10))
        self.stats = ClientStats()
        self._lookup_extensions = {"retry": lookup_retry(retry, self.stats)}
        # Uuids of bulk creates whose outcome is unknown: a repeat reads before it resends.
        self._unsure: set[str] = set()
        # Arguments of ``build_request`` that ``with_options`` adds to each request.
        self._options: dict[str, Any] = {}
        # A client made by ``with_options`` borrows the pool; the client it came from owns it.
        self._owns_pool = True
        self._http = self._build(
            self.base_url, timeout=timeout, retry=retry, stats=self.stats, **pool
        )
        root = self._http.base_url  # what httpx joins each request's path to, made once
        self._root = (root, root.raw_path)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def with_options(
        self,
        *,
        timeout: float | None = None,
        limits: AnswerLimits | None = None,
        retry: RetryPolicy | Literal[_Unchanged.UNCHANGED] | None = UNCHANGED,
        headers: Mapping[str, str] | None = None,
    ) -> Self:
        """This client with other settings for some calls, sharing its pool, auth, IDs and stats.

        Args:
            timeout: Seconds for connecting and for each read.
            limits: The deadline and answer caps of each request.
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
            options["extensions"] = {"retry": retry_for(retry, self.stats)}
            derived._lookup_extensions = {"retry": lookup_retry(retry, self.stats)}
        if headers is not None:
            options["headers"] = {**options.get("headers", {}), **_checked_headers(headers)}
        derived._options = options
        return derived

    @contextlib.contextmanager
    def _exchange(self, call: Call[Any]) -> Iterator[tuple[Exchange, httpx.Request, Caps]]:
        """The call's request and answer caps, sent in the block under the deadline; failures
        made typed."""
        with Exchange(self.deadline) as exchange:
            try:
                request = exchange.request = self._request(call)
                sent = len(request.content)  # bodies are bytes, read when built
                yield exchange, request, self.limits.caps(call.listing, sent)
            except httpx.HTTPError as error:
                self._log(call, exchange, type(error).__name__)
                raise self._failure(call, error, exchange) from error
            except TimeoutError as error:  # the event loop stopped the exchange at its deadline
                self._log(call, exchange, "deadline")
                raise DeadlineExceeded(
                    call.method, call.path, self.deadline, not exchange.unsent
                ) from error

    def _answer(
        self, call: Call[T], exchange: Exchange, streamed: httpx.Response, body: bytes
    ) -> T:
        """The call's result from its answer, or the error the answer stands for."""
        status = streamed.status_code
        self._log(call, exchange, str(status))
        if not 200 <= status < 300:
            headers = streamed.headers.multi_items()
            raise api_error_for(call.method, call.path, status, body, headers)
        try:
            result = call.answer(Answer(status, body))
        except _PARSE_ERRORS as error:
            broken = str(error) if isinstance(error, UnexpectedAnswer) else describe(error)
            headers = streamed.headers.multi_items()
            raise InvalidResponse(call.method, call.path, status, broken, headers=headers) from None
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

    def _request(self, call: Call[Any]) -> httpx.Request:
        """The call's request; what cannot form one (a URL too long, NaN in a body) is refused."""
        arguments = {**call.request, **self._options}
        for name in ("headers", "extensions"):  # the request's own win over ``with_options``
            if name in self._options and call.request.get(name):
                arguments[name] = {**self._options[name], **call.request[name]}
        path, root = arguments["url"], self._root
        try:
            if path[:1] == "/" and path.isascii():  # joined to the base URL as httpx joins it
                arguments["url"] = root[0].copy_with(raw_path=root[1] + path[1:].encode())
            request: httpx.Request = self._http.build_request(**arguments)
            return request
        except (httpx.InvalidURL, ValueError, TypeError) as error:
            operation = call.endpoint.__name__.rpartition(".")[2]
            raise ConversionError(operation, "request", describe(error)) from error

    def _log(self, call: Call[Any], exchange: Exchange, outcome: str) -> None:
        if self.logger.isEnabledFor(logging.DEBUG):
            elapsed = (time.perf_counter() - exchange.started) * 1000
            self.logger.debug("%s %s -> %s (%.1f ms)", call.method, call.path, outcome, elapsed)

    def _flow(self, plan: Plan[T]) -> Flow[T]:
        if isinstance(plan, Call):
            return (yield from self._executing(plan))
        return (yield from self._bulk(plan))

    def _executing(self, call: Call[T]) -> Flow[T]:
        """The call's outcome; after a failure that may hide success, the entity found."""
        outcome = yield call
        recover = call.recover
        if isinstance(outcome, SmartEMError) and may_have_landed(outcome) and recover is not None:
            found = yield from self._read_back(call, recover())
            return cast(T, outcome if found is None else found)
        return cast(T, outcome)

    def _read_back(self, call: Call[T], lookup: Call[Any]) -> Flow[T | None]:
        """What ``lookup`` finds stored of ``call``'s entity, recorded as its result; else None."""
        found = yield attrs.evolve(lookup, extensions=self._lookup_extensions)
        if found is None or isinstance(found, SmartEMError):
            return None
        self.stats.recovered_creates += 1
        self.logger.info("%s %s: the entity was already stored; using it", call.method, call.path)
        if call.record is not None:
            call.record(self.id_cache, found)
        return cast(T, found)

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
        """A bulk job's outcome; one that may have landed (unknown before, or in the ID cache)
        is read back before it is resent."""
        recover, found = job.call.recover, None
        if recover is not None and (
            not self._unsure.isdisjoint(job.keys)
            or (job.confirmed is not None and job.confirmed(self.id_cache))
        ):
            found = yield from self._read_back(job.call, recover())
        outcome = found if found is not None else (yield from self._executing(job.call))
        if isinstance(outcome, SmartEMError) and may_have_landed(outcome) and recover is not None:
            self._unsure.update(job.keys)
        else:
            self._unsure.difference_update(job.keys)
        return outcome

    def _settled(self, work: batch.Batch, settled: Sequence[tuple[batch.Job[Any], Any]]) -> Any:
        """The batch as its links were resolved; links found stored (not answered) recorded."""
        for job, outcome in settled:
            if job.found:
                _calls.record_links(
                    self.id_cache, outcome if isinstance(outcome, list) else [outcome]
                )
        return attrs.evolve(work, jobs=[job for job, _ in settled]), [o for _, o in settled]


class SmartEMAPIClient(_Core):
    """Synchronous SmartEM API client on one pooled ``httpx.Client``.

    Args:
        base_url: The backend's root URL.
        timeout: Seconds for connecting and for each read.
        logger: Where request logs go (DEBUG); ``smartem_ext.client`` by default.
        auth: ``KeycloakAuth``, ``BearerToken`` or any ``httpx.Auth``.
        retry: Retry policy of the transport; None switches retries off.
        id_cache: Where confirmed creates are recorded; a fresh in-memory cache by default.
        httpx_client: Send every request through this httpx client (its pool, TLS, proxies,
            auth, hooks, headers; not its timeout). Retries, deadline, caps, user agent and
            ``stats`` stay here; its owner closes it; ``verify`` (and ``auth`` if it has one)
            may not be given then.
        verify: TLS verification; on unless switched off explicitly.
        chunk_size: Largest list sent in one request by the bulk helpers.
        limits: The deadline of one request and the caps on an answer's size (see
            :class:`~smartem_ext.http.AnswerLimits`).
    """

    _http: httpx.Client
    _build = staticmethod(build_client)

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
        super().__init__(**_arguments(locals()))

    def __enter__(self) -> SmartEMAPIClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool, unless borrowed (``with_options``, ``httpx_client``)."""
        if self._owns_pool:
            self._http.close()

    def _perform(self, plan: Plan[T]) -> T:
        return _raised(run(self._flow(plan), self._asked))

    def _asked(self, asked: Call[Any] | list[Flow[Any]]) -> Any:
        if isinstance(asked, list):
            return [run(job, self._asked) for job in asked]
        try:
            return self._send(asked)
        except SmartEMError as error:
            return error

    def _send(self, call: Call[T]) -> T:
        with self._exchange(call) as (exchange, request, caps):
            streamed = self._http.send(request, stream=True)
            try:
                body = read_capped(streamed, caps)
            finally:
                streamed.close()
        return self._answer(call, exchange, streamed, body)


class AsyncSmartEMAPIClient(_Core):
    """The asyncio twin of :class:`SmartEMAPIClient`: same methods, awaitable.

    ``max_concurrency`` bounds how many requests the bulk helpers have in flight at once.
    """

    _http: httpx.AsyncClient
    _build = staticmethod(build_async_client)

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
        super().__init__(**_arguments(locals()))

    async def __aenter__(self) -> AsyncSmartEMAPIClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the connection pool, unless borrowed (``with_options``, ``httpx_client``)."""
        if self._owns_pool:
            await self._http.aclose()

    async def _perform(self, plan: Plan[T]) -> T:
        """Run the plan; a bulk plan's jobs with at most ``max_concurrency`` in flight."""
        return _raised(await arun(self._flow(plan), self._asked))

    async def _asked(self, asked: Call[Any] | list[Flow[Any]]) -> Any:
        import asyncio  # here, not at import: a program that never awaits need not pay for it

        if isinstance(asked, list):
            gate = asyncio.Semaphore(self.max_concurrency)

            async def job_outcome(job: Flow[Any]) -> Any:
                async with gate:
                    return await arun(job, self._asked)

            return await asyncio.gather(*(job_outcome(job) for job in asked))
        try:
            return await self._send(asked)
        except SmartEMError as error:
            return error

    async def _send(self, call: Call[T]) -> T:
        import asyncio

        with self._exchange(call) as (exchange, request, caps):
            # The event loop can stop a blocked read, so the deadline here is exact.
            async with asyncio.timeout(self.deadline):
                streamed = await self._http.send(request, stream=True)
                try:
                    body = await aread_capped(streamed, caps)
                finally:
                    await streamed.aclose()
        return self._answer(call, exchange, streamed, body)
