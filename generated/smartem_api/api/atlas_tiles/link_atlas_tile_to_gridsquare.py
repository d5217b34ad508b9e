from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.atlas_tile_grid_square_position_response import AtlasTileGridSquarePositionResponse
from ...models.grid_square_position_request import GridSquarePositionRequest
from ...models.http_validation_error import HTTPValidationError
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("tile_uuid", "gridsquare_uuid")
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({201})
"""The success statuses the contract documents for this operation."""


def build_request(
    tile_uuid: str,
    gridsquare_uuid: str,
    *,
    body: GridSquarePositionRequest,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/atlas-tiles/{tile_uuid}/gridsquares/{gridsquare_uuid}".format(
            tile_uuid=quote(str(tile_uuid), safe=""),
            gridsquare_uuid=quote(str(gridsquare_uuid), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AtlasTileGridSquarePositionResponse | HTTPValidationError | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 201:
        response_201 = AtlasTileGridSquarePositionResponse.from_dict(response.json())

        return response_201

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AtlasTileGridSquarePositionResponse | HTTPValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_response(client=client, response=response),
    )


def sync_detailed(
    tile_uuid: str,
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: GridSquarePositionRequest,
) -> Response[AtlasTileGridSquarePositionResponse | HTTPValidationError]:
    """Link one grid square to a tile

     Records the position and size of a single grid square on this atlas tile. A missing
    tile or grid square gives 404.

    Args:
        tile_uuid (str):
        gridsquare_uuid (str):
        body (GridSquarePositionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AtlasTileGridSquarePositionResponse | HTTPValidationError]
    """

    kwargs = build_request(
        tile_uuid=tile_uuid,
        gridsquare_uuid=gridsquare_uuid,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tile_uuid: str,
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: GridSquarePositionRequest,
) -> AtlasTileGridSquarePositionResponse | HTTPValidationError | None:
    """Link one grid square to a tile

     Records the position and size of a single grid square on this atlas tile. A missing
    tile or grid square gives 404.

    Args:
        tile_uuid (str):
        gridsquare_uuid (str):
        body (GridSquarePositionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AtlasTileGridSquarePositionResponse | HTTPValidationError
    """

    return sync_detailed(
        tile_uuid=tile_uuid,
        gridsquare_uuid=gridsquare_uuid,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    tile_uuid: str,
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: GridSquarePositionRequest,
) -> Response[AtlasTileGridSquarePositionResponse | HTTPValidationError]:
    """Link one grid square to a tile

     Records the position and size of a single grid square on this atlas tile. A missing
    tile or grid square gives 404.

    Args:
        tile_uuid (str):
        gridsquare_uuid (str):
        body (GridSquarePositionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AtlasTileGridSquarePositionResponse | HTTPValidationError]
    """

    kwargs = build_request(
        tile_uuid=tile_uuid,
        gridsquare_uuid=gridsquare_uuid,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tile_uuid: str,
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: GridSquarePositionRequest,
) -> AtlasTileGridSquarePositionResponse | HTTPValidationError | None:
    """Link one grid square to a tile

     Records the position and size of a single grid square on this atlas tile. A missing
    tile or grid square gives 404.

    Args:
        tile_uuid (str):
        gridsquare_uuid (str):
        body (GridSquarePositionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AtlasTileGridSquarePositionResponse | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            tile_uuid=tile_uuid,
            gridsquare_uuid=gridsquare_uuid,
            client=client,
            body=body,
        )
    ).parsed
