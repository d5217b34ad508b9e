from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.grid_square_response import GridSquareResponse
from ...models.grid_square_update_request import GridSquareUpdateRequest
from ...models.http_validation_error import HTTPValidationError
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("gridsquare_uuid",)
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    gridsquare_uuid: str,
    *,
    body: GridSquareUpdateRequest,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/gridsquares/{gridsquare_uuid}".format(
            gridsquare_uuid=quote(str(gridsquare_uuid), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GridSquareResponse | HTTPValidationError | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 200:
        response_200 = GridSquareResponse.from_dict(response.json())

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
) -> Response[GridSquareResponse | HTTPValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_response(client=client, response=response),
    )


def sync_detailed(
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: GridSquareUpdateRequest,
) -> Response[GridSquareResponse | HTTPValidationError]:
    """Update a grid square

     Changes the fields given in the body. Agents use it to add metadata and manifest
    details once a square's own files appear. Answers 404 for an unknown uuid.

    Args:
        gridsquare_uuid (str):
        body (GridSquareUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GridSquareResponse | HTTPValidationError]
    """

    kwargs = build_request(
        gridsquare_uuid=gridsquare_uuid,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: GridSquareUpdateRequest,
) -> GridSquareResponse | HTTPValidationError | None:
    """Update a grid square

     Changes the fields given in the body. Agents use it to add metadata and manifest
    details once a square's own files appear. Answers 404 for an unknown uuid.

    Args:
        gridsquare_uuid (str):
        body (GridSquareUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GridSquareResponse | HTTPValidationError
    """

    return sync_detailed(
        gridsquare_uuid=gridsquare_uuid,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: GridSquareUpdateRequest,
) -> Response[GridSquareResponse | HTTPValidationError]:
    """Update a grid square

     Changes the fields given in the body. Agents use it to add metadata and manifest
    details once a square's own files appear. Answers 404 for an unknown uuid.

    Args:
        gridsquare_uuid (str):
        body (GridSquareUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GridSquareResponse | HTTPValidationError]
    """

    kwargs = build_request(
        gridsquare_uuid=gridsquare_uuid,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: GridSquareUpdateRequest,
) -> GridSquareResponse | HTTPValidationError | None:
    """Update a grid square

     Changes the fields given in the body. Agents use it to add metadata and manifest
    details once a square's own files appear. Answers 404 for an unknown uuid.

    Args:
        gridsquare_uuid (str):
        body (GridSquareUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GridSquareResponse | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            gridsquare_uuid=gridsquare_uuid,
            client=client,
            body=body,
        )
    ).parsed
