"""Each client method as a plan: a :class:`Call` with its request, how its answer is read,
what the ID cache records and, for a create, how to recognise one that landed unanswered.
"""

from __future__ import annotations

import functools
import json
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, NamedTuple, Protocol, Self, TypeVar

import attrs
import httpx

from smartem_api import api as ep
from smartem_api import models
from smartem_api.client import Client
from smartem_api.errors import InvalidData, describe
from smartem_api.types import UNSET
from smartem_ext._limits import identifier_problem, is_identifier
from smartem_ext.converter import EntityConverter, backend_time_text
from smartem_ext.errors import ConversionError
from smartem_ext.ids import IdCache, IdKind

if TYPE_CHECKING:
    from smartem_ext.epu import (
        AcquisitionData,
        AtlasData,
        AtlasTileData,
        AtlasTileGridSquarePositionData,
        FoilHoleData,
        GridData,
        GridSquareData,
        MicrographData,
    )


class _Model(Protocol):
    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self: ...


T = TypeVar("T")
M = TypeVar("M", bound=_Model)


class Answer(NamedTuple):
    """A success answer as readers see it: its status and its body, decoded and read."""

    status_code: int
    content: bytes


Reader = Callable[[ModuleType, Answer], T]
"""Reads a success answer of an endpoint module; raises when it breaks the contract."""

# The generated parsers read one setting from their client: whether an undocumented status
# raises. Statuses are judged before parsing, so this client is never used for I/O.
_PARSING = Client(base_url="", raise_on_unexpected_status=False)


class UnexpectedAnswer(Exception):
    """A success status whose body is not what the contract promises."""


@attrs.frozen
class Call(Generic[T]):
    """One request to the backend and how to read its answer."""

    endpoint: ModuleType
    kwargs: dict[str, Any]
    read: Reader[T]
    record: Callable[[IdCache, T], None] | None = None
    recover: Callable[[], Call[T | None]] | None = None
    """For creates: makes (when needed) the read that finds the entity if it landed, else None."""
    extensions: Mapping[str, Any] | None = None
    """httpx request extensions, e.g. a ``retry`` policy of its own for this request."""
    content: bytes | None = None
    """A list body as JSON text, sent in place of ``body`` (bytes: no work for the collector)."""
    deferred: bool = attrs.field(default=False, kw_only=True)
    """Build the request when first needed (a recovery read, sent only after a failure)."""
    listing: bool = attrs.field(default=False, kw_only=True)
    """The answer is a listing: it gets a listing's size caps, not a small answer's."""
    _request: dict[str, Any] | None = attrs.field(init=False, default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        for name in self.endpoint.PATH_PARAMETERS:
            value = self.kwargs.get(name)
            if isinstance(value, str) and not is_identifier(value):
                operation = self.endpoint.__name__.rpartition(".")[2]
                raise ConversionError(operation, name, str(identifier_problem(value)))
        if not self.deferred:  # built now, so a request that cannot be is refused first
            object.__setattr__(self, "_request", self._built())

    @property
    def request(self) -> dict[str, Any]:
        """The keyword arguments of ``httpx.Client.request``, built once by the endpoint module."""
        request = self._request
        if request is None:
            request = self._built()
            object.__setattr__(self, "_request", request)
        return request

    def _built(self) -> dict[str, Any]:
        request: dict[str, Any] = self.endpoint.build_request(**self.kwargs)
        if self.content is not None:
            request["content"] = self.content
        if self.extensions is not None:
            request["extensions"] = dict(self.extensions)
        return request

    @property
    def method(self) -> str:
        return str(self.request["method"]).upper()

    @property
    def path(self) -> str:
        return str(self.request["url"])

    def answer(self, answer: Answer) -> T:
        """The result a success answer stands for."""
        return self.read(self.endpoint, answer)

    def changed(self, name: Literal["read", "recover"], value: Any) -> Call[T]:
        """This call with another reader or recovery; a request built already is kept."""
        changed: Call[T] = object.__new__(Call)
        for field in _CALL_FIELDS:
            object.__setattr__(changed, field, getattr(self, field))
        object.__setattr__(changed, name, value)
        return changed


_CALL_FIELDS = tuple(attrs.fields_dict(Call))


# Reading answers: the generated models' from_dict checks every value as it builds them ---


def _body(endpoint: ModuleType, answer: Answer, expected: str) -> Any:
    if answer.status_code not in endpoint.SUCCESS_STATUSES:
        raise UnexpectedAnswer(f"expected {expected}, got an undocumented {answer.status_code}")
    return json.loads(answer.content)


@functools.cache  # one reader per model: a create's Call holds it, for the collector to walk
def one(cls: type[M]) -> Reader[M]:
    def read(endpoint: ModuleType, answer: Answer) -> M:
        data = _body(endpoint, answer, cls.__name__)
        try:
            return cls.from_dict(data)
        except InvalidData as error:
            raise UnexpectedAnswer(str(error)) from None

    return read


@functools.cache
def many(cls: type[M]) -> Reader[list[M]]:
    def read(endpoint: ModuleType, answer: Answer) -> list[M]:
        data = _body(endpoint, answer, f"a list of {cls.__name__}")
        if type(data) is not list:
            raise TypeError(f"expected a list, got {describe(data)}")
        try:
            return list(map(cls.from_dict, data))
        except InvalidData:
            pass
        for index, item in enumerate(data):  # which item broke the contract
            try:
                cls.from_dict(item)
            except InvalidData as error:
                raise UnexpectedAnswer(f"[{index}] {error}") from None
        raise AssertionError("unreachable: an item failed above")

    return read


def json_body(endpoint: ModuleType, answer: Answer) -> Any:
    try:
        return json.loads(answer.content) if answer.content else None
    except ValueError as error:
        raise UnexpectedAnswer(f"body is not JSON: {error}") from None


def boolean(endpoint: ModuleType, answer: Answer) -> bool:
    response = httpx.Response(answer.status_code, content=answer.content)
    value = endpoint.parse_response(client=_PARSING, response=response)
    if isinstance(value, bool):
        return value
    raise UnexpectedAnswer(f"expected a boolean, got {type(value).__name__}")


def nothing(endpoint: ModuleType, answer: Answer) -> None:
    return None


def _get(endpoint: ModuleType, uuid: str, cls: type[M]) -> Call[M]:
    return Call(endpoint, {endpoint.PATH_PARAMETERS[0]: uuid}, one(cls))


def _listing(endpoint: ModuleType, cls: type[M], **kwargs: Any) -> Call[list[M]]:
    return Call(endpoint, kwargs, many(cls), listing=True)


def _delete(endpoint: ModuleType, uuid: str) -> Call[None]:
    return Call(endpoint, {endpoint.PATH_PARAMETERS[0]: uuid}, nothing)


ENTITIES: Final[Mapping[str, str]] = {
    "acquisition": "Acquisition",
    "grid": "Grid",
    "atlas": "Atlas",
    "atlas_tile": "AtlasTile",
    "gridsquare": "GridSquare",
    "foilhole": "FoilHole",
    "micrograph": "Micrograph",
}
"""Each kind of entity, and the name its models start with (``GridSquareUpdateRequest``)."""


def _update(kind: str, data: Any, **options: Any) -> Call[Any]:
    """An update with the create request's values, built without a JSON round trip."""
    name = ENTITIES[kind]
    request = getattr(EntityConverter, f"{kind}_to_request")(data, **options)
    endpoint, update = getattr(ep, f"update_{kind}"), getattr(models, f"{name}UpdateRequest")
    # Update and create models share their fields; an atlas's update has no tiles.
    body = update(**{f.name: getattr(request, f.name) for f in attrs.fields(update) if f.init})
    response = one(getattr(models, f"{name}Response"))
    return Call(endpoint, {endpoint.PATH_PARAMETERS[0]: data.uuid, "body": body}, response)


_CREATES: Final[Mapping[str, tuple[ModuleType, tuple[str, ...]]]] = {
    "acquisition": (ep.create_acquisition, ("name",)),
    "grid": (ep.create_acquisition_grid, ("data_dir",)),
    "atlas": (ep.create_grid_atlas, ()),
    "atlas_tile": (ep.create_atlas_tile, ("tile_id",)),
    "gridsquare": (ep.create_grid_gridsquare, ("gridsquare_id",)),
    "micrograph": (ep.create_foilhole_micrograph, ()),
}
"""Each create, and the fields of its request that, with its path parameter, recognise it."""


def _remember(kind: IdKind, parent: str | None, natural: object) -> Callable[[IdCache, Any], None]:
    """Records a created entity's uuid under its natural id, when it has one (a text)."""
    return functools.partial(_recorded, kind, parent, natural)


def _recorded(kind: IdKind, parent: str | None, natural: object, cache: IdCache, made: Any) -> None:
    if isinstance(natural, str):
        cache.record(kind, parent, natural, made.uuid)


def _created(
    kind: str, body: Any, record: Callable[[IdCache, Any], None], **params: Any
) -> Call[Any]:
    """A create; its recovery reads the entity by uuid and compares its identifying fields."""
    endpoint = _CREATES[kind][0]
    params = params or {name: getattr(body, name) for name in endpoint.PATH_PARAMETERS}
    read_one = one(getattr(models, f"{ENTITIES[kind]}Response"))
    recover = functools.partial(_lookup, kind, body, params, read_one)
    if isinstance(body.uuid, str) and not is_identifier(body.uuid):
        recover()  # its request cannot be made: refused now, not after a failure
    return Call(endpoint, {**params, "body": body}, read_one, record, recover=recover)


def _lookup(kind: str, body: Any, params: Mapping[str, Any], read_one: Reader[Any]) -> Call[Any]:
    expected = {**params, **{name: getattr(body, name) for name in _CREATES[kind][1]}}
    lookup = getattr(ep, f"get_{kind}")

    def read(endpoint: ModuleType, answer: Answer) -> Any:
        found = read_one(endpoint, answer)
        same = all(getattr(found, name, UNSET) == value for name, value in expected.items())
        return found if same else None

    return Call(lookup, {lookup.PATH_PARAMETERS[0]: body.uuid}, read, deferred=True)


_UUID = operator.attrgetter("uuid")


@attrs.frozen(eq=False)
class _ListCreate:
    """A list create, read, recorded and recovered by its methods; ``sent``: by uuid, in order,
    the value of ``fields`` (natural id first), as ``operator.attrgetter`` reads them."""

    kind: IdKind
    endpoint: ModuleType
    kwargs: dict[str, Any]
    listed: Reader[list[Any]]
    sent: Mapping[str, Any]
    fields: tuple[str, ...]
    content: bytes | None = None

    def call(self) -> Call[list[Any]]:
        return Call(
            self.endpoint, self.kwargs, self.read, self.record, self.lookup, content=self.content
        )

    def read(self, endpoint: ModuleType, answer: Answer) -> list[Any]:
        items, sent = self.listed(endpoint, answer), self.sent
        if list(map(_UUID, items)) == list(sent):  # the backend answers in the order sent
            return items
        by_uuid = {item.uuid: item for item in items}
        if by_uuid.keys() != sent.keys():
            raise UnexpectedAnswer(f"the answer does not list the {self.kind}s sent")
        return [by_uuid[uuid] for uuid in sent]

    def found(self, endpoint: ModuleType, answer: Answer) -> list[Any] | None:
        every = many(getattr(models, f"{ENTITIES[self.kind]}Response"))(endpoint, answer)
        by_uuid, value = {item.uuid: item for item in every}, operator.attrgetter(*self.fields)
        items = [by_uuid.get(uuid) for uuid in self.sent]
        if any(item is None or self.sent[item.uuid] != value(item) for item in items):
            return None
        return items

    def record(self, cache: IdCache, created: list[Any]) -> None:
        key, pair = self.endpoint.PATH_PARAMETERS[0], operator.attrgetter(self.fields[0], "uuid")
        cache.record_many(self.kind, self.kwargs[key], map(pair, created))

    def lookup(self) -> Call[list[Any] | None]:
        """The parent's children listed: ``list_grid_gridsquares`` for ``grid_uuid``."""
        key = self.endpoint.PATH_PARAMETERS[0]
        lister = getattr(ep, f"list_{key.removesuffix('_uuid')}_{self.kind}s")
        return Call(lister, {key: self.kwargs[key]}, self.found, deferred=True, listing=True)


def create_acquisition(acquisition: AcquisitionData) -> Call[models.AcquisitionResponse]:
    """Create an acquisition."""
    return acquisition_created(EntityConverter.acquisition_to_request(acquisition), acquisition.id)


def acquisition_created(
    body: models.AcquisitionCreateRequest, natural_id: str | None = None
) -> Call[models.AcquisitionResponse]:
    """The create of an acquisition from its request; ``natural_id``: EPU's id, if known."""
    return _created("acquisition", body, _remember("acquisition", None, natural_id or None))


def list_acquisitions() -> Call[list[models.AcquisitionResponse]]:
    """All acquisitions."""
    return _listing(ep.list_acquisitions, models.AcquisitionResponse)


def get_acquisition(acquisition_uuid: str) -> Call[models.AcquisitionResponse]:
    """One acquisition by uuid."""
    return _get(ep.get_acquisition, acquisition_uuid, models.AcquisitionResponse)


def update_acquisition(acquisition: AcquisitionData) -> Call[models.AcquisitionResponse]:
    """Update an acquisition from its EPU data."""
    return _update("acquisition", acquisition)


def delete_acquisition(acquisition_uuid: str) -> Call[None]:
    """Delete an acquisition."""
    return _delete(ep.delete_acquisition, acquisition_uuid)


def create_acquisition_grid(grid: GridData, lowmag: bool = False) -> Call[models.GridResponse]:
    """Create a grid under the acquisition named by ``grid.acquisition_data``."""
    return grid_created(EntityConverter.grid_to_request(grid, lowmag=lowmag))


def grid_created(body: models.GridCreateRequest) -> Call[models.GridResponse]:
    """The create of a grid from its request."""
    return _created("grid", body, _remember("grid", None, body.data_dir))


def list_acquisition_grids(acquisition_uuid: str) -> Call[list[models.GridResponse]]:
    """All grids of an acquisition."""
    return _listing(
        ep.list_acquisition_grids, models.GridResponse, acquisition_uuid=acquisition_uuid
    )


def list_grids() -> Call[list[models.GridResponse]]:
    """All grids."""
    return _listing(ep.list_grids, models.GridResponse)


def get_grid(grid_uuid: str) -> Call[models.GridResponse]:
    """One grid by uuid."""
    return _get(ep.get_grid, grid_uuid, models.GridResponse)


def update_grid(grid: GridData) -> Call[models.GridResponse]:
    """Update a grid from its EPU data."""
    return _update("grid", grid)


def delete_grid(grid_uuid: str) -> Call[None]:
    """Delete a grid."""
    return _delete(ep.delete_grid, grid_uuid)


def mark_grid_registered(grid_uuid: str) -> Call[bool]:
    """Tell the backend every grid square of the grid is registered."""
    return Call(ep.mark_grid_registered, {"grid_uuid": grid_uuid}, boolean)


def create_grid_atlas(atlas: AtlasData) -> Call[models.AtlasResponse]:
    """Create the atlas of ``atlas.grid_uuid`` with its tiles inline."""
    return atlas_created(EntityConverter.atlas_to_request(atlas))


def atlas_created(body: models.AtlasCreateRequest) -> Call[models.AtlasResponse]:
    """The create of an atlas (tiles inline) from its request."""
    tiles = body.tiles if isinstance(body.tiles, list) else []

    def record(cache: IdCache, created: models.AtlasResponse) -> None:
        cache.record("atlas", None, body.grid_uuid, created.uuid)
        pairs = [(tile.tile_id, tile.uuid) for tile in tiles if isinstance(tile.tile_id, str)]
        cache.record_many("atlas_tile", created.uuid, pairs)

    return _created("atlas", body, record)


def get_atlas(atlas_uuid: str) -> Call[models.AtlasResponse]:
    """One atlas by uuid."""
    return _get(ep.get_atlas, atlas_uuid, models.AtlasResponse)


def get_grid_atlas(grid_uuid: str) -> Call[models.AtlasResponse]:
    """The atlas of a grid."""
    return _get(ep.get_grid_atlas, grid_uuid, models.AtlasResponse)


def update_atlas(atlas: AtlasData) -> Call[models.AtlasResponse]:
    """Update an atlas from its EPU data (its tiles are not touched)."""
    return _update("atlas", atlas)


def delete_atlas(atlas_uuid: str) -> Call[None]:
    """Delete an atlas."""
    return _delete(ep.delete_atlas, atlas_uuid)


def create_atlas_tile(tile: AtlasTileData) -> Call[models.AtlasTileResponse]:
    """Create one tile of the atlas named by ``tile.atlas_uuid``."""
    return atlas_tile_created(EntityConverter.atlas_tile_to_request(tile))


def atlas_tile_created(body: models.AtlasTileCreateRequest) -> Call[models.AtlasTileResponse]:
    """The create of one atlas tile from its request."""
    return _created("atlas_tile", body, _remember("atlas_tile", body.atlas_uuid, body.tile_id))


def list_atlas_tiles_by_atlas(atlas_uuid: str) -> Call[list[models.AtlasTileResponse]]:
    """All tiles of an atlas."""
    return _listing(ep.list_atlas_tiles_by_atlas, models.AtlasTileResponse, atlas_uuid=atlas_uuid)


def get_atlas_tile(tile_uuid: str) -> Call[models.AtlasTileResponse]:
    """One atlas tile by uuid."""
    return _get(ep.get_atlas_tile, tile_uuid, models.AtlasTileResponse)


def update_atlas_tile(tile: AtlasTileData) -> Call[models.AtlasTileResponse]:
    """Update an atlas tile from its EPU data."""
    return _update("atlas_tile", tile)


def delete_atlas_tile(tile_uuid: str) -> Call[None]:
    """Delete an atlas tile."""
    return _delete(ep.delete_atlas_tile, tile_uuid)


def link_atlas_tile_and_gridsquare(
    position: AtlasTileGridSquarePositionData,
) -> Call[models.AtlasTileGridSquarePositionResponse]:
    """Place one grid square on one atlas tile."""
    body = EntityConverter.gridsquare_position_to_request(position)
    return Call(
        ep.link_atlas_tile_to_gridsquare,
        {
            "tile_uuid": position.tile_uuid,
            "gridsquare_uuid": position.gridsquare_uuid,
            "body": body,
        },
        one(models.AtlasTileGridSquarePositionResponse),
        lambda cache, link: record_links(cache, [link]),
    )


def link_position(
    link: models.AtlasTileGridSquarePositionResponse | models.GridSquarePositionRequest,
) -> str:
    """A link's place as the ID cache keeps it: ``"center_x,center_y,width,height"``."""
    return f"{link.center_x},{link.center_y},{link.size_width},{link.size_height}"


def record_links(
    cache: IdCache, links: Iterable[models.AtlasTileGridSquarePositionResponse]
) -> None:
    """Remembers confirmed links: the backend refuses a link it holds, and cannot list them."""
    by_tile: dict[str, list[tuple[str, str]]] = {}
    for link in links:
        pair = (link.gridsquare_uuid, link_position(link))
        by_tile.setdefault(link.atlastile_uuid, []).append(pair)
    for tile_uuid, pairs in by_tile.items():
        cache.record_many("tile_link", tile_uuid, pairs)


def confirmed_link(
    tile_uuid: str, request: models.GridSquarePositionRequest
) -> models.AtlasTileGridSquarePositionResponse:
    """The answer for a link the backend confirmed earlier, rebuilt from its request."""
    return models.AtlasTileGridSquarePositionResponse(
        atlastile_uuid=tile_uuid,
        gridsquare_uuid=str(request.gridsquare_uuid),
        center_x=request.center_x,
        center_y=request.center_y,
        size_width=request.size_width,
        size_height=request.size_height,
    )


def link_atlas_tile_to_gridsquares(
    tile_uuid: str, body: list[models.GridSquarePositionRequest]
) -> Call[list[models.AtlasTileGridSquarePositionResponse]]:
    """One list request; the answer's links come back in the order they were sent."""
    squares: list[object] = [request.gridsquare_uuid for request in body]

    def read(endpoint: ModuleType, answer: Answer) -> list[Any]:
        linked = many(models.AtlasTileGridSquarePositionResponse)(endpoint, answer)
        # One link per position; a square may sit on a tile more than once.
        by_square: dict[object, list[models.AtlasTileGridSquarePositionResponse]] = {}
        for link in linked:
            by_square.setdefault(link.gridsquare_uuid, []).append(link)
        if Counter(squares) != Counter({key: len(links) for key, links in by_square.items()}):
            raise UnexpectedAnswer("the answer does not list the grid squares sent")
        return [by_square[square].pop(0) for square in squares]

    kwargs = {"tile_uuid": tile_uuid, "body": body}
    return Call(ep.link_atlas_tile_to_gridsquares, kwargs, read, record_links)


def create_grid_gridsquare(
    gridsquare: GridSquareData, lowmag: bool = False
) -> Call[models.GridSquareResponse]:
    """Create one grid square of ``gridsquare.grid_uuid``."""
    body = EntityConverter.gridsquare_to_request(gridsquare, lowmag=lowmag)
    record = _remember("gridsquare", body.grid_uuid, body.gridsquare_id)
    return _created("gridsquare", body, record)


def create_grid_gridsquares_batch(
    grid_uuid: str, requests: list[models.GridSquareCreateRequest]
) -> Call[list[models.GridSquareResponse]]:
    """One batch request; the answer's squares come back in the order they were sent."""
    body = models.GridSquareBatchCreateRequest(gridsquares=requests)
    batch = one(models.GridSquareBatchCreateResponse)
    return _ListCreate(
        "gridsquare",
        ep.create_grid_gridsquares_batch,
        {"grid_uuid": grid_uuid, "body": body},
        lambda endpoint, answer: batch(endpoint, answer).gridsquares,
        {request.uuid: (request.gridsquare_id, request.grid_uuid) for request in requests},
        ("gridsquare_id", "grid_uuid"),
    ).call()


def list_grid_gridsquares(grid_uuid: str) -> Call[list[models.GridSquareResponse]]:
    """All grid squares of a grid."""
    return _listing(ep.list_grid_gridsquares, models.GridSquareResponse, grid_uuid=grid_uuid)


def get_gridsquare(gridsquare_uuid: str) -> Call[models.GridSquareResponse]:
    """One grid square by uuid."""
    return _get(ep.get_gridsquare, gridsquare_uuid, models.GridSquareResponse)


def update_gridsquare(
    gridsquare: GridSquareData, lowmag: bool = False
) -> Call[models.GridSquareResponse]:
    """Update a grid square from its EPU data."""
    return _update("gridsquare", gridsquare, lowmag=lowmag)


def delete_gridsquare(gridsquare_uuid: str) -> Call[None]:
    """Delete a grid square."""
    return _delete(ep.delete_gridsquare, gridsquare_uuid)


def mark_gridsquare_registered(gridsquare_uuid: str, count: int | None = None) -> Call[bool]:
    """Tell the backend every foil hole of the square is registered."""
    kwargs: dict[str, Any] = {"gridsquare_uuid": gridsquare_uuid}
    if count is not None:
        kwargs["count"] = count
    return Call(ep.mark_gridsquare_registered, kwargs, boolean)


def create_gridsquare_foilholes(
    gridsquare_uuid: str, bodies: list[dict[str, Any]]
) -> Call[list[models.FoilHoleResponse]]:
    """One list request of the holes' JSON ``bodies`` (made by ``converter.foilhole_bodies``);
    the answer's holes come back in the order they were sent."""
    return _ListCreate(
        "foilhole",
        ep.create_gridsquare_foilholes,
        {"gridsquare_uuid": gridsquare_uuid, "body": []},
        many(models.FoilHoleResponse),
        dict(map(operator.itemgetter("uuid", "foilhole_id"), bodies)),
        ("foilhole_id",),
        json.dumps(  # byte for byte as httpx encodes json=
            bodies, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode(),
    ).call()


def list_gridsquare_foilholes(
    gridsquare_uuid: str, on_square_only: bool = False
) -> Call[list[models.FoilHoleResponse]]:
    """All foil holes of a grid square."""
    return _listing(
        ep.list_gridsquare_foilholes,
        models.FoilHoleResponse,
        gridsquare_uuid=gridsquare_uuid,
        on_square_only=on_square_only,
    )


def get_foilhole(foilhole_uuid: str) -> Call[models.FoilHoleResponse]:
    """One foil hole by uuid."""
    return _get(ep.get_foilhole, foilhole_uuid, models.FoilHoleResponse)


def update_foilhole(foilhole: FoilHoleData) -> Call[models.FoilHoleResponse]:
    """Update a foil hole from its EPU data."""
    return _update("foilhole", foilhole)


def delete_foilhole(foilhole_uuid: str) -> Call[None]:
    """Delete a foil hole."""
    return _delete(ep.delete_foilhole, foilhole_uuid)


def create_foilhole_micrograph(micrograph: MicrographData) -> Call[models.MicrographResponse]:
    """Create a micrograph of ``micrograph.foilhole_uuid``."""
    body = EntityConverter.micrograph_to_request(micrograph)
    return micrograph_created(micrograph.foilhole_uuid, body, micrograph.id)


def micrograph_created(
    foilhole_uuid: str | None, body: models.MicrographCreateRequest, natural_id: str | None = None
) -> Call[models.MicrographResponse]:
    """The create of a micrograph from its request; ``natural_id``: EPU's id, if known."""
    record = _remember("micrograph", foilhole_uuid, natural_id or None)
    return _created("micrograph", body, record, foilhole_uuid=foilhole_uuid)


def list_foilhole_micrographs(foilhole_uuid: str) -> Call[list[models.MicrographResponse]]:
    """All micrographs of the foil hole with backend uuid ``foilhole_uuid``."""
    return _listing(
        ep.list_foilhole_micrographs, models.MicrographResponse, foilhole_uuid=foilhole_uuid
    )


def list_foilhole_micrographs_by_id(foilhole_id: str) -> Call[list[models.MicrographResponse]]:
    """All micrographs of the foil hole whose backend uuid is ``foilhole_id`` (an older name)."""
    return list_foilhole_micrographs(foilhole_id)


def get_micrograph(micrograph_uuid: str) -> Call[models.MicrographResponse]:
    """One micrograph by uuid."""
    return _get(ep.get_micrograph, micrograph_uuid, models.MicrographResponse)


def update_micrograph(micrograph: MicrographData) -> Call[models.MicrographResponse]:
    """Update a micrograph from its EPU data."""
    return _update("micrograph", micrograph)


def delete_micrograph(micrograph_uuid: str) -> Call[None]:
    """Delete a micrograph."""
    return _delete(ep.delete_micrograph, micrograph_uuid)


def acknowledge_instruction(
    agent_id: str,
    session_id: str,
    instruction_id: str,
    acknowledgement: models.AgentInstructionAcknowledgement,
) -> Call[models.AgentInstructionAcknowledgementResponse]:
    """Acknowledge an instruction received over the instruction stream."""
    ids = {"agent_id": agent_id, "session_id": session_id, "instruction_id": instruction_id}
    answer = one(models.AgentInstructionAcknowledgementResponse)
    return Call(ep.acknowledge_instruction, {**ids, "body": acknowledgement}, answer)


def send_agent_heartbeat(agent_id: str, session_id: str) -> Call[Any]:
    """Tell the backend the agent's session is alive; returns the backend's JSON answer."""
    return Call(
        ep.send_agent_heartbeat, {"agent_id": agent_id, "session_id": session_id}, json_body
    )


def get_health() -> Call[Any]:
    """The backend's health report (JSON)."""
    return Call(ep.get_health, {}, json_body)


def get_status() -> Call[Any]:
    """The backend's status report (JSON)."""
    return Call(ep.get_status, {}, json_body)


def list_atlases() -> Call[list[models.AtlasResponse]]:
    """Every atlas the backend holds."""
    return _listing(ep.list_atlases, models.AtlasResponse)


def list_atlas_tiles() -> Call[list[models.AtlasTileResponse]]:
    """Every atlas tile the backend holds."""
    return _listing(ep.list_atlas_tiles, models.AtlasTileResponse)


def list_gridsquares() -> Call[list[models.GridSquareResponse]]:
    """Every grid square the backend holds."""
    return _listing(ep.list_gridsquares, models.GridSquareResponse)


def list_foilholes() -> Call[list[models.FoilHoleResponse]]:
    """Every foil hole the backend holds."""
    return _listing(ep.list_foilholes, models.FoilHoleResponse)


def list_micrographs() -> Call[list[models.MicrographResponse]]:
    """Every micrograph the backend holds."""
    return _listing(ep.list_micrographs, models.MicrographResponse)


def ingest_agent_logs(
    agent_id: str, session_id: str, logs: Sequence[models.AgentLogEntry]
) -> Call[int]:
    """Store log records under the agent's session; returns how many the backend kept.
    Their times go as the backend stores them (naive UTC, see ``backend_time``)."""
    entries = []
    for entry in logs:
        try:
            stamp = backend_time_text(entry.timestamp)
        except (TypeError, ValueError):
            raise ConversionError(
                "models.AgentLogEntry", "timestamp", f"not an ISO 8601 time: {entry.timestamp!r}"
            ) from None
        entries.append(models.AgentLogEntry(stamp, entry.level, entry.logger_name, entry.message))
    stored, body = one(models.AgentLogBatchResponse), models.AgentLogBatchRequest(entries)
    return Call(
        ep.ingest_agent_logs,
        {"agent_id": agent_id, "session_id": session_id, "body": body},
        lambda endpoint, answer: stored(endpoint, answer).stored,
    )


def list_prediction_models() -> Call[list[models.QualityPredictionModelResponse]]:
    """Every quality-prediction model the backend knows."""
    return _listing(ep.list_prediction_models, models.QualityPredictionModelResponse)


def get_prediction_model(name: str) -> Call[models.QualityPredictionModelResponse]:
    """One quality-prediction model by name."""
    return _get(ep.get_prediction_model, name, models.QualityPredictionModelResponse)


def _predictions(endpoint: ModuleType, cls: type[M], name: str, grid: str) -> Call[list[M]]:
    return _listing(endpoint, cls, prediction_model_name=name, grid_uuid=grid)


def get_grid_prediction(
    model_name: str, grid_uuid: str
) -> Call[list[models.QualityPredictionResponse]]:
    """The model's latest prediction for each grid square of the grid (its holes' if none)."""
    return _predictions(
        ep.get_grid_prediction, models.QualityPredictionResponse, model_name, grid_uuid
    )


def get_grid_current_prediction(
    model_name: str, grid_uuid: str
) -> Call[list[models.CurrentQualityPredictionResponse]]:
    """The model's current prediction for each grid square of the grid (its holes' if none)."""
    return _predictions(
        ep.get_grid_current_prediction,
        models.CurrentQualityPredictionResponse,
        model_name,
        grid_uuid,
    )


# Debug endpoints (a backend started with them, for demos and tests) -----------------------


def create_debug_session(acquisition_uuid: str, name: str, description: str = "") -> Call[Any]:
    """Open a test agent session for an acquisition; the backend's JSON answer names it."""
    body = models.DebugSessionRequest.from_dict(
        {"acquisition_uuid": acquisition_uuid, "name": name, "description": description}
    )
    return Call(ep.create_debug_session, {"body": body}, json_body)


def create_debug_instruction(
    session_id: str, instruction_type: str, payload: Mapping[str, Any]
) -> Call[Any]:
    """Queue an instruction for a test session; the backend's JSON answer names it."""
    body = models.DebugInstructionRequest.from_dict(
        {"instruction_type": instruction_type, "payload": dict(payload)}
    )
    return Call(ep.create_debug_instruction, {"session_id": session_id, "body": body}, json_body)


def list_agent_connections() -> Call[Any]:
    """The backend's active agent connections, as its JSON answer."""
    return Call(ep.list_agent_connections, {}, json_body, listing=True)


def list_session_instructions(session_id: str) -> Call[Any]:
    """Every instruction of a session, as the backend's JSON answer."""
    return Call(ep.list_session_instructions, {"session_id": session_id}, json_body, listing=True)


def group_by_tile(
    positions: Iterable[AtlasTileGridSquarePositionData],
) -> dict[str, list[tuple[int, models.GridSquarePositionRequest]]]:
    """Link requests grouped by tile uuid, each with its index in the input."""
    groups: dict[str, list[tuple[int, models.GridSquarePositionRequest]]] = {}
    for index, position in enumerate(positions):
        # Conversion refuses a position without a tile, so the uuid is a string here.
        request = EntityConverter.gridsquare_position_to_request(position)
        groups.setdefault(str(position.tile_uuid), []).append((index, request))
    return groups
