"""Bulk registration: group, chunk, keep input order, and say exactly what landed.

Pure helpers: EPU data -> chunked :class:`Job` lists, run by the clients (the async one
concurrently), then :func:`settle`, which raises one :class:`PartialFailure` naming what
landed and what did not. What landed is in the ID cache, so a repeated call completes.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Generator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar, cast

import attrs

from smartem_api import models
from smartem_ext import _calls
from smartem_ext._calls import Call
from smartem_ext.converter import EntityConverter, foilhole_bodies, misplaced
from smartem_ext.errors import (
    LinkConflict,
    LinkParentsNotFound,
    NotFound,
    PartialFailure,
    ServerError,
    SmartEMError,
    TransportError,
    may_have_landed,
)
from smartem_ext.ids import IdCache, IdKind

if TYPE_CHECKING:
    from smartem_ext.epu import (
        AtlasTileGridSquarePositionData,
        FoilHoleData,
        GridSquareData,
        MicrographData,
    )

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "GRIDSQUARE_BATCH_LIMIT",
    "Batch",
    "Bulk",
    "Job",
    "chunks",
    "foilhole_jobs",
    "gridsquare_jobs",
    "link_jobs",
    "micrograph_jobs",
    "settle",
]

R = TypeVar("R")
T = TypeVar("T")

DEFAULT_CHUNK_SIZE = 1000
GRIDSQUARE_BATCH_LIMIT = 1000
"""The backend's default largest grid-square batch (SMARTEM_GRIDSQUARE_CREATE_BATCH_MAX)."""


class Job(NamedTuple, Generic[R]):
    """One request of a bulk call: its results go to ``indices`` of the caller's input.

    keys: the uuids it creates or links, for the report. single: it answers one entity.
    links: the tile uuid and requests of a link list. confirmed: whether a read should
    replace sending it (the ID cache holds it all, or its previous chunk was found stored).
    found: a link settled as stored without an answer, so no answer's record holds it.
    """

    call: Call[Any]
    indices: Sequence[int]
    keys: list[str]
    single: bool = False
    links: tuple[str, list[Any]] | None = None
    confirmed: Callable[[IdCache], bool] | None = None
    found: bool = False


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` in consecutive slices of at most ``size``."""
    if size < 1:
        raise ValueError(f"chunk size must be at least 1, got {size}")
    return [items[start : start + size] for start in range(0, len(items), size)]


def settle(
    operation: str,
    total: int,
    jobs: Sequence[Job[R]],
    outcomes: Sequence[Any],
    known: Mapping[int, R] | None = None,
) -> list[R]:
    """Results in input order, or one PartialFailure if any job failed.

    ``outcomes[i]`` is the result list of ``jobs[i]`` or the SmartEMError it raised; ``known``
    holds results of indices that needed no request. A failure that may hide success
    (:func:`~smartem_ext.errors.may_have_landed`) is reported unknown, not failed.
    """
    results: list[R | None] = [None] * total
    for index, result in (known or {}).items():
        results[index] = result
    landed: list[str] = []
    failed: list[str] = []
    unknown: list[str] = []
    errors: list[SmartEMError] = []
    for job, outcome in zip(jobs, outcomes, strict=True):
        if isinstance(outcome, SmartEMError):
            (unknown if may_have_landed(outcome) else failed).extend(job.keys)
            errors.append(outcome)
            continue
        landed.extend(job.keys)
        answered = [outcome] if job.single else outcome
        where = job.indices
        # A chunk's results fill a run of the input: one slice, not an item at a time.
        if type(where) is range and where.step == 1 and len(answered) == len(where):
            results[where.start : where.stop] = answered
        else:
            for index, result in zip(where, answered, strict=True):
                results[index] = result
    if errors:
        raise PartialFailure(operation, landed, failed, errors, unknown)
    return cast(list[R], list(filter(functools.partial(operator.is_not, None), results)))


class ReadAhead:
    """Whether the last read of a bulk call's chunk found it stored: a re-run, likely.

    A re-sent chunk costs a refused request and the read anyway, so a call of several chunks
    reads its first chunk first, and the next one too while reads find them stored.
    """

    def __init__(self) -> None:
        self.found = False

    def first_of(self, jobs: list[Job[Any]]) -> list[Job[Any]]:
        """The jobs of one call; its first chunk is read first when there are several."""
        self.found = len(jobs) > 1
        return jobs

    def noting(self, call: Call[T]) -> Call[T]:
        """``call`` with a recovery read (made when needed) that records what it found here."""
        if call.recover is None:
            return call
        return call.changed("recover", functools.partial(self._noted, call.recover))

    def _noted(self, recover: Callable[[], Call[Any]]) -> Call[Any]:
        return (lookup := recover()).changed("read", functools.partial(self._found, lookup.read))

    def _found(self, read: Callable[[Any, Any], Any], endpoint: Any, response: Any) -> Any:
        self.found = (found := read(endpoint, response)) is not None
        return found


def foilhole_jobs(
    gridsquare_uuid: str,
    foilholes: Sequence[FoilHoleData],
    allow_on_grid_bar: bool,
    chunk_size: int,
    ahead: ReadAhead | None = None,
) -> tuple[int, list[Job[Any]]]:
    """Count kept and chunked list creates of a square's holes (near-grid-bar ones if allowed)."""
    bodies, _kept = foilhole_bodies(foilholes, allow_on_grid_bar=allow_on_grid_bar)
    keys = ("gridsquare_uuid", "foilhole_id", "uuid")
    parents, natural_ids, uuids = (list(map(operator.itemgetter(k), bodies)) for k in keys)
    rows = (parents, natural_ids, uuids)
    where = ("FoilHoleData", "gridsquare_uuid", "foil hole", "grid square")
    send = _calls.create_gridsquare_foilholes
    jobs = _create_jobs(send, "foilhole", gridsquare_uuid, bodies, rows, where, chunk_size, ahead)
    return len(bodies), jobs


def gridsquare_jobs(
    grid_uuid: str, gridsquares: Sequence[GridSquareData], lowmag: bool, chunk_size: int
) -> list[Job[Any]]:
    """Batch creates of a grid's squares, at most GRIDSQUARE_BATCH_LIMIT per request."""
    requests = [EntityConverter.gridsquare_to_request(s, lowmag=lowmag) for s in gridsquares]
    parents = [request.grid_uuid for request in requests]
    rows = (parents, [request.gridsquare_id for request in requests], [r.uuid for r in requests])
    where = ("GridSquareData", "grid_uuid", "grid square", "grid")
    size = min(chunk_size, GRIDSQUARE_BATCH_LIMIT)
    send = _calls.create_grid_gridsquares_batch
    return _create_jobs(send, "gridsquare", grid_uuid, requests, rows, where, size, None)


def _create_jobs(
    send: Callable[[str, list[Any]], Call[Any]],
    kind: IdKind,
    parent: str,
    items: Sequence[Any],
    rows: tuple[list[str], list[Any], list[str]],
    where: tuple[str, str, str, str],
    size: int,
    ahead: ReadAhead | None,
) -> list[Job[Any]]:
    """One list create per chunk of ``items``, read first when the ID cache holds it all. rows:
    the items' parent uuids, natural ids and uuids (three lists); where: misplaced's words."""
    parents, natural_ids, uuids = rows
    if parents.count(parent) != len(parents):
        index = next(i for i, named in enumerate(parents) if named != parent)
        entity, field, child, parent_name = where
        raise misplaced(
            entity, field, child, natural_ids[index], parent_name, parents[index], parent
        )
    own = ahead is None
    ahead = ahead or ReadAhead()
    jobs: list[Job[Any]] = []
    for span in chunks(range(len(items)), size):

        def confirmed(cache: IdCache, span: Sequence[int] = span) -> bool:
            # Asking spends the read-ahead: only a read finding its chunk stored renews it.
            found, ahead.found = ahead.found, False
            return found or all(cache.get(kind, parent, natural_ids[i]) == uuids[i] for i in span)

        start, end = span[0], span[-1] + 1
        call = ahead.noting(send(parent, list(items[start:end])))
        jobs.append(Job(call, range(start, end), uuids[start:end], confirmed=confirmed))
    return ahead.first_of(jobs) if own else jobs


def link_jobs(
    positions: Sequence[AtlasTileGridSquarePositionData],
    chunk_size: int,
    cache: IdCache | None = None,
) -> tuple[list[Job[Any]], dict[int, Any]]:
    """Tile links grouped by tile: one list request per tile and chunk.

    Links ``cache`` holds as confirmed are not re-sent (refused): answered by input index.
    """
    jobs: list[Job[Any]] = []
    known: dict[int, Any] = {}
    for tile_uuid, entries in _calls.group_by_tile(positions).items():
        if cache is not None:
            for index, request in entries:
                if (confirmed := cached_link(cache, tile_uuid, request)) is not None:
                    known[index] = confirmed
            entries = [entry for entry in entries if entry[0] not in known]
        jobs.extend(_link_job(tile_uuid, chunk) for chunk in chunks(entries, chunk_size))
    return jobs, known


def cached_link(cache: IdCache, tile_uuid: str, request: Any) -> Any:
    """The link the cache holds as confirmed for this pair, or None; LinkConflict elsewhere."""
    square = str(request.gridsquare_uuid)
    stored = cache.get("tile_link", tile_uuid, square)
    if stored is None:
        return None
    requested = _calls.link_position(request)
    # A cache written before positions were kept holds the square's uuid instead.
    if stored not in (requested, square):
        raise LinkConflict(tile_uuid, square, stored, requested)
    return _calls.confirmed_link(tile_uuid, request)


def _link_job(tile_uuid: str, entries: Sequence[tuple[int, Any]], single: bool = False) -> Job[Any]:
    requests = [request for _, request in entries]
    return Job(
        _calls.link_atlas_tile_to_gridsquares(tile_uuid, requests),
        [index for index, _ in entries],
        [f"{tile_uuid}/{request.gridsquare_uuid}" for request in requests],
        single,
        (tile_uuid, requests),
    )


Resolution = Generator[Call[Any], Any, list[tuple[Job[Any], Any]]]
"""Yields calls to make, is sent each outcome (result or SmartEMError), returns settled jobs."""


def resolve_links(jobs: Sequence[Job[Any]], outcomes: Sequence[Any]) -> Resolution:
    """Settle refused link lists (a bare 500 or 404: a stored link or a missing parent).

    Links have no read, so a refused list reads its tile and squares once: a missing one
    fails it with LinkParentsNotFound; else it is halved until each part lands or is one
    (stored) link. A read without an answer leaves the list its own error.
    """
    settled: list[tuple[Job[Any], Any]] = []
    probed: dict[tuple[Any, str], Any] = {}
    for job, outcome in zip(jobs, outcomes, strict=True):
        if job.links is not None and isinstance(outcome, TransportError) and outcome.reached:
            outcome = yield from _answer(job.call)  # a resend of a stored link is a 500
        settled.extend((yield from _settle(job, outcome, probed)))
    return settled


def _answer(call: Call[Any]) -> Generator[Call[Any], Any, Any]:
    """The outcome of ``call``, sent again if reset (the backend drops it after a bare 500)."""
    answer = yield call
    if isinstance(answer, TransportError) and answer.reached:
        answer = yield call
    return answer


def _settle(job: Job[Any], outcome: Any, probed: dict[tuple[Any, str], Any]) -> Resolution:
    """``job`` with its outcome, or the parts of a refused link list with theirs."""
    if job.links is None or not _refused(outcome):
        return [(job, outcome)]
    tile_uuid, requests = job.links
    squares = [str(request.gridsquare_uuid) for request in requests]
    parents = yield from _read_parents(job.call, tile_uuid, squares, probed)
    if parents is not None:
        return [(job, parents if isinstance(parents, LinkParentsNotFound) else outcome)]
    if len(requests) == 1:
        if isinstance(outcome, NotFound):
            return [(job, outcome)]
        link = _calls.confirmed_link(tile_uuid, requests[0])
        return [(job._replace(found=True), link if job.single else [link])]
    settled: list[tuple[Job[Any], Any]] = []
    entries = list(zip(job.indices, requests, strict=True))
    for part in (entries[: len(entries) // 2], entries[len(entries) // 2 :]):
        sub = _link_job(tile_uuid, part)
        settled.extend((yield from _settle(sub, (yield from _answer(sub.call)), probed)))
    return settled


def _refused(outcome: Any) -> bool:
    if isinstance(outcome, ServerError):
        return outcome.status_code == 500
    return isinstance(outcome, NotFound) and not isinstance(outcome, LinkParentsNotFound)


def _read_parents(
    call: Call[Any], tile_uuid: str, squares: Sequence[str], probed: dict[tuple[Any, str], Any]
) -> Generator[Call[Any], Any, SmartEMError | None]:
    """None if the backend has the tile and every square; else what it lacks or a read's error.

    ``probed`` keeps each read's outcome, so each is made once. Over two squares are read
    through the tile's grid listing, those not listed there one by one.
    """
    tile = yield from _probe(probed, _calls.get_atlas_tile, tile_uuid)
    if isinstance(tile, NotFound):
        return LinkParentsNotFound(call.method, call.path, tiles=[tile_uuid])
    if isinstance(tile, SmartEMError):
        return tile
    wanted = list(dict.fromkeys(squares))
    if sum((_calls.get_gridsquare, square) not in probed for square in wanted) > 2:
        atlas = yield from _probe(probed, _calls.get_atlas, tile.atlas_uuid)
        if not isinstance(atlas, SmartEMError):
            listed = yield from _probe(probed, _calls.list_grid_gridsquares, atlas.grid_uuid)
            for square in [] if isinstance(listed, SmartEMError) else listed:
                probed.setdefault((_calls.get_gridsquare, square.uuid), square)
    unanswered: SmartEMError | None = None
    for square in wanted:
        found = yield from _probe(probed, _calls.get_gridsquare, square)
        if isinstance(found, SmartEMError) and not isinstance(found, NotFound):
            unanswered = found
            break
    missing = [s for s in wanted if isinstance(probed.get((_calls.get_gridsquare, s)), NotFound)]
    if missing:
        return LinkParentsNotFound(call.method, call.path, gridsquares=missing)
    return unanswered


def _probe(
    probed: dict[tuple[Any, str], Any], read: Callable[[str], Call[Any]], uuid: str
) -> Generator[Call[Any], Any, Any]:
    """The outcome of ``read(uuid)``, made only the first time it is asked for."""
    if (read, uuid) not in probed:
        probed[read, uuid] = yield from _answer(read(uuid))
    return probed[read, uuid]


def micrograph_jobs(micrographs: Sequence[MicrographData]) -> list[Job[Any]]:
    """One create per micrograph (the backend has no list endpoint for them)."""
    return [
        Job(_calls.create_foilhole_micrograph(micrograph), [index], [micrograph.uuid], single=True)
        for index, micrograph in enumerate(micrographs)
    ]


def foilhole_jobs_by_gridsquare(
    foilholes_by_gridsquare: Mapping[str, Sequence[FoilHoleData]],
    allow_on_grid_bar: bool,
    chunk_size: int,
) -> tuple[int, list[Job[Any]], dict[str, range]]:
    """Foil-hole jobs of many squares in one list, and where each square's results fall."""
    jobs: list[Job[Any]] = []
    spans: dict[str, range] = {}
    total = 0
    ahead = ReadAhead()
    for gridsquare_uuid, foilholes in foilholes_by_gridsquare.items():
        kept, own = foilhole_jobs(gridsquare_uuid, foilholes, allow_on_grid_bar, chunk_size, ahead)
        # Each job's indices are a run (range) of the square's holes.
        jobs.extend(
            job._replace(indices=range(total + job.indices[0], total + job.indices[-1] + 1))
            for job in own
        )
        spans[gridsquare_uuid] = range(total, total + kept)
        total += kept
    return total, ahead.first_of(jobs), spans


def split(results: Sequence[R], spans: Mapping[str, range]) -> dict[str, list[R]]:
    """Results of a combined bulk call, back per parent."""
    return {key: list(results[span.start : span.stop]) for key, span in spans.items()}


# The bulk client methods ----------------------------------------------------------------


@attrs.frozen
class Batch:
    """The jobs of one bulk call and where their results go."""

    total: int
    jobs: list[Job[Any]]
    known: Mapping[int, Any] | None = None
    """Results for input indices that needed no request."""
    spans: Mapping[str, range] | None = None
    """Per parent key, where its results fall (the answer is then a dict by key)."""


class Bulk(NamedTuple, Generic[R]):
    """The plan of a bulk client method: jobs made with the client's settings, then settled.

    prepare: makes the jobs from the chunk size and ID cache (ConversionError before I/O).
    single: the method answers one entity, and a failure is that request's own error.
    """

    operation: str
    prepare: Callable[[int, IdCache], Batch]
    single: bool = False

    def settle(self, work: Batch, outcomes: Sequence[Any]) -> R:
        if self.single:
            for outcome in outcomes:
                if isinstance(outcome, SmartEMError):
                    raise outcome
        if outcomes and all(isinstance(outcome, LinkParentsNotFound) for outcome in outcomes):
            raise _missing_parents(outcomes)
        results = settle(self.operation, work.total, work.jobs, outcomes, work.known)
        if self.single:
            return cast(R, results[0])
        return cast(R, results if work.spans is None else split(results, work.spans))


def _missing_parents(errors: Sequence[LinkParentsNotFound]) -> LinkParentsNotFound:
    """One error naming every tile and square that the requests' errors found missing."""
    if len(errors) == 1:
        return errors[0]
    tiles = dict.fromkeys(tile for error in errors for tile in error.tiles)
    squares = dict.fromkeys(square for error in errors for square in error.gridsquares)
    return LinkParentsNotFound(errors[0].method, errors[0].path, list(tiles), list(squares))


def link_atlas_tile_and_gridsquare(
    gridsquare_position: AtlasTileGridSquarePositionData,
) -> Bulk[models.AtlasTileGridSquarePositionResponse]:
    """Place one grid square on one atlas tile.

    A pair the ID cache holds as confirmed is answered from it (no request); at another
    position it raises LinkConflict. A refusal is settled as in the list call: a missing
    tile or square raises LinkParentsNotFound (a NotFound) naming it.
    """

    def prepare(chunk_size: int, cache: IdCache) -> Batch:
        tile_uuid, [(_, request)] = next(iter(_calls.group_by_tile([gridsquare_position]).items()))
        confirmed = cached_link(cache, tile_uuid, request)
        if confirmed is not None:
            return Batch(1, [], {0: confirmed})
        call = _calls.link_atlas_tile_and_gridsquare(gridsquare_position)
        return Batch(1, [_link_job(tile_uuid, [(0, request)], single=True)._replace(call=call)])

    return Bulk("link_atlas_tile_and_gridsquare", prepare, single=True)


def link_atlas_tile_and_gridsquares(
    gridsquare_positions: Sequence[AtlasTileGridSquarePositionData],
) -> Bulk[list[models.AtlasTileGridSquarePositionResponse]]:
    """Place grid squares on any number of tiles: one list request per tile and chunk.

    Answers come back in input order. If some requests fail, the others still land and one
    PartialFailure says which links did not. A tile or grid square the backend does not
    have makes its request fail at once; when every request failed so, the call raises
    one LinkParentsNotFound (a NotFound) naming them all. The async client sends requests
    concurrently.
    """
    total = len(gridsquare_positions)
    return Bulk(
        "link_atlas_tile_and_gridsquares",
        lambda size, cache: Batch(total, *link_jobs(gridsquare_positions, size, cache)),
    )


def create_grid_gridsquares(
    grid_uuid: str, gridsquares: Sequence[GridSquareData], lowmag: bool = False
) -> Bulk[list[models.GridSquareResponse]]:
    """Create many grid squares with the batch endpoint, in chunks of at most 1000."""
    jobs = functools.partial(gridsquare_jobs, grid_uuid, gridsquares, lowmag)
    return Bulk("create_grid_gridsquares", lambda size, _: Batch(len(gridsquares), jobs(size)))


def create_gridsquare_foilholes(
    gridsquare_uuid: str, foilholes: Sequence[FoilHoleData], allow_on_grid_bar: bool = False
) -> Bulk[list[models.FoilHoleResponse]]:
    """Create a grid square's foil holes in chunks; near-grid-bar holes need allowing."""
    jobs = functools.partial(foilhole_jobs, gridsquare_uuid, foilholes, allow_on_grid_bar)
    return Bulk("create_gridsquare_foilholes", lambda size, _: Batch(*jobs(size)))


def create_foilholes(
    foilholes_by_gridsquare: Mapping[str, Sequence[FoilHoleData]], allow_on_grid_bar: bool = False
) -> Bulk[dict[str, list[models.FoilHoleResponse]]]:
    """Create the foil holes of many grid squares (keyed by grid square uuid)."""

    def prepare(chunk_size: int, cache: IdCache) -> Batch:
        total, jobs, spans = foilhole_jobs_by_gridsquare(
            foilholes_by_gridsquare, allow_on_grid_bar, chunk_size
        )
        return Batch(total, jobs, spans=spans)

    return Bulk("create_foilholes", prepare)


def create_micrographs(
    micrographs: Sequence[MicrographData],
) -> Bulk[list[models.MicrographResponse]]:
    """Create many micrographs; answers in input order, failures reported together."""
    return Bulk(
        "create_micrographs", lambda _, c: Batch(len(micrographs), micrograph_jobs(micrographs))
    )
