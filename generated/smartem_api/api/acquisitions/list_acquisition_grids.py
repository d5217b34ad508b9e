from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.grid_response import GridResponse
from ...models.http_validation_error import HTTPValidationError
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("acquisition_uuid",)
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    acquisition_uuid: str,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/acquisitions/{acquisition_uuid}/grids".format(
            acquisition_uuid=quote(str(acquisition_uuid), safe=""),
        ),
    }

    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | list[GridResponse] | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = GridResponse.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[HTTPValidationError | list[GridResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_response(client=client, response=response),
    )


def sync_detailed(
    acquisition_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[HTTPValidationError | list[GridResponse]]:
    """List the grids of an acquisition

     Returns the grids that belong to the acquisition.

    Args:
        acquisition_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | list[GridResponse]]
    """

    kwargs = build_request(
        acquisition_uuid=acquisition_uuid,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    acquisition_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> HTTPValidationError | list[GridResponse] | None:
    """List the grids of an acquisition

     Returns the grids that belong to the acquisition.

    Args:
        acquisition_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | list[GridResponse]
    """

    return sync_detailed(
        acquisition_uuid=acquisition_uuid,
        client=client,
    ).parsed


async def asyncio_detailed(
    acquisition_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[HTTPValidationError | list[GridResponse]]:
    """List the grids of an acquisition

     Returns the grids that belong to the acquisition.

    Args:
        acquisition_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | list[GridResponse]]
    """

    kwargs = build_request(
        acquisition_uuid=acquisition_uuid,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    acquisition_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> HTTPValidationError | list[GridResponse] | None:
    """List the grids of an acquisition

     Returns the grids that belong to the acquisition.

    Args:
        acquisition_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | list[GridResponse]
    """

    return (
        await asyncio_detailed(
            acquisition_uuid=acquisition_uuid,
            client=client,
        )
    ).parsed
