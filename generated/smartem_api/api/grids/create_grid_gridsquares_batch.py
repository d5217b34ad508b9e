from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.grid_square_batch_create_request import GridSquareBatchCreateRequest
from ...models.grid_square_batch_create_response import GridSquareBatchCreateResponse
from ...models.http_validation_error import HTTPValidationError
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("grid_uuid",)
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({201})
"""The success statuses the contract documents for this operation."""


def build_request(
    grid_uuid: str,
    *,
    body: GridSquareBatchCreateRequest,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/grids/{grid_uuid}/gridsquares/batch".format(
            grid_uuid=quote(str(grid_uuid), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GridSquareBatchCreateResponse | HTTPValidationError | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 201:
        response_201 = GridSquareBatchCreateResponse.from_dict(response.json())

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
) -> Response[GridSquareBatchCreateResponse | HTTPValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_response(client=client, response=response),
    )


def sync_detailed(
    grid_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: GridSquareBatchCreateRequest,
) -> Response[GridSquareBatchCreateResponse | HTTPValidationError]:
    """Add many grid squares to a grid

     Registers a batch of grid squares on the grid in one request (at most 1000 by default).
    Agents use it when an atlas reveals hundreds of squares at once; a missing grid gives
    404 and a uuid that already exists gives 409.

    Args:
        grid_uuid (str):
        body (GridSquareBatchCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GridSquareBatchCreateResponse | HTTPValidationError]
    """

    kwargs = build_request(
        grid_uuid=grid_uuid,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    grid_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: GridSquareBatchCreateRequest,
) -> GridSquareBatchCreateResponse | HTTPValidationError | None:
    """Add many grid squares to a grid

     Registers a batch of grid squares on the grid in one request (at most 1000 by default).
    Agents use it when an atlas reveals hundreds of squares at once; a missing grid gives
    404 and a uuid that already exists gives 409.

    Args:
        grid_uuid (str):
        body (GridSquareBatchCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GridSquareBatchCreateResponse | HTTPValidationError
    """

    return sync_detailed(
        grid_uuid=grid_uuid,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    grid_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: GridSquareBatchCreateRequest,
) -> Response[GridSquareBatchCreateResponse | HTTPValidationError]:
    """Add many grid squares to a grid

     Registers a batch of grid squares on the grid in one request (at most 1000 by default).
    Agents use it when an atlas reveals hundreds of squares at once; a missing grid gives
    404 and a uuid that already exists gives 409.

    Args:
        grid_uuid (str):
        body (GridSquareBatchCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GridSquareBatchCreateResponse | HTTPValidationError]
    """

    kwargs = build_request(
        grid_uuid=grid_uuid,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    grid_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: GridSquareBatchCreateRequest,
) -> GridSquareBatchCreateResponse | HTTPValidationError | None:
    """Add many grid squares to a grid

     Registers a batch of grid squares on the grid in one request (at most 1000 by default).
    Agents use it when an atlas reveals hundreds of squares at once; a missing grid gives
    404 and a uuid that already exists gives 409.

    Args:
        grid_uuid (str):
        body (GridSquareBatchCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GridSquareBatchCreateResponse | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            grid_uuid=grid_uuid,
            client=client,
            body=body,
        )
    ).parsed
