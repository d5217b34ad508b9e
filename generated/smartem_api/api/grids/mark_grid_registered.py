from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("grid_uuid",)
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    grid_uuid: str,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/grids/{grid_uuid}/registered".format(
            grid_uuid=quote(str(grid_uuid), safe=""),
        ),
    }

    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | bool | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 200:
        response_200 = cast(bool, response.json())
        return response_200

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[HTTPValidationError | bool]:
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
) -> Response[HTTPValidationError | bool]:
    """Mark a grid as fully registered

     Tells the backend that the agent has finished registering the grid's squares, so
    downstream processing may start.

    Args:
        grid_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | bool]
    """

    kwargs = build_request(
        grid_uuid=grid_uuid,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    grid_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> HTTPValidationError | bool | None:
    """Mark a grid as fully registered

     Tells the backend that the agent has finished registering the grid's squares, so
    downstream processing may start.

    Args:
        grid_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | bool
    """

    return sync_detailed(
        grid_uuid=grid_uuid,
        client=client,
    ).parsed


async def asyncio_detailed(
    grid_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[HTTPValidationError | bool]:
    """Mark a grid as fully registered

     Tells the backend that the agent has finished registering the grid's squares, so
    downstream processing may start.

    Args:
        grid_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | bool]
    """

    kwargs = build_request(
        grid_uuid=grid_uuid,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    grid_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> HTTPValidationError | bool | None:
    """Mark a grid as fully registered

     Tells the backend that the agent has finished registering the grid's squares, so
    downstream processing may start.

    Args:
        grid_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | bool
    """

    return (
        await asyncio_detailed(
            grid_uuid=grid_uuid,
            client=client,
        )
    ).parsed
