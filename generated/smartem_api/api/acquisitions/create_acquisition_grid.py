from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.grid_create_request import GridCreateRequest
from ...models.grid_response import GridResponse
from ...models.http_validation_error import HTTPValidationError
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("acquisition_uuid",)
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({201})
"""The success statuses the contract documents for this operation."""


def build_request(
    acquisition_uuid: str,
    *,
    body: GridCreateRequest,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/acquisitions/{acquisition_uuid}/grids".format(
            acquisition_uuid=quote(str(acquisition_uuid), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GridResponse | HTTPValidationError | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 201:
        response_201 = GridResponse.from_dict(response.json())

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
) -> Response[GridResponse | HTTPValidationError]:
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
    body: GridCreateRequest,
) -> Response[GridResponse | HTTPValidationError]:
    """Create a grid in an acquisition

     Registers a grid (identified by its client-generated uuid) under the acquisition.
    An agent calls this for every grid it finds in the session; a missing acquisition
    gives 404.

    Args:
        acquisition_uuid (str):
        body (GridCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GridResponse | HTTPValidationError]
    """

    kwargs = build_request(
        acquisition_uuid=acquisition_uuid,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    acquisition_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: GridCreateRequest,
) -> GridResponse | HTTPValidationError | None:
    """Create a grid in an acquisition

     Registers a grid (identified by its client-generated uuid) under the acquisition.
    An agent calls this for every grid it finds in the session; a missing acquisition
    gives 404.

    Args:
        acquisition_uuid (str):
        body (GridCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GridResponse | HTTPValidationError
    """

    return sync_detailed(
        acquisition_uuid=acquisition_uuid,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    acquisition_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: GridCreateRequest,
) -> Response[GridResponse | HTTPValidationError]:
    """Create a grid in an acquisition

     Registers a grid (identified by its client-generated uuid) under the acquisition.
    An agent calls this for every grid it finds in the session; a missing acquisition
    gives 404.

    Args:
        acquisition_uuid (str):
        body (GridCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GridResponse | HTTPValidationError]
    """

    kwargs = build_request(
        acquisition_uuid=acquisition_uuid,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    acquisition_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: GridCreateRequest,
) -> GridResponse | HTTPValidationError | None:
    """Create a grid in an acquisition

     Registers a grid (identified by its client-generated uuid) under the acquisition.
    An agent calls this for every grid it finds in the session; a missing acquisition
    gives 404.

    Args:
        acquisition_uuid (str):
        body (GridCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GridResponse | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            acquisition_uuid=acquisition_uuid,
            client=client,
            body=body,
        )
    ).parsed
