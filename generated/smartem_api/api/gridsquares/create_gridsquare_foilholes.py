from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.foil_hole_create_request import FoilHoleCreateRequest
from ...models.foil_hole_response import FoilHoleResponse
from ...models.http_validation_error import HTTPValidationError
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("gridsquare_uuid",)
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({201})
"""The success statuses the contract documents for this operation."""


def build_request(
    gridsquare_uuid: str,
    *,
    body: list[FoilHoleCreateRequest],
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/gridsquares/{gridsquare_uuid}/foilholes".format(
            gridsquare_uuid=quote(str(gridsquare_uuid), safe=""),
        ),
    }

    _kwargs["json"] = []
    for body_item_data in body:
        body_item = body_item_data.to_dict()
        _kwargs["json"].append(body_item)

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | list[FoilHoleResponse] | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 201:
        response_201 = []
        _response_201 = response.json()
        for response_201_item_data in _response_201:
            response_201_item = FoilHoleResponse.from_dict(response_201_item_data)

            response_201.append(response_201_item)

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
) -> Response[HTTPValidationError | list[FoilHoleResponse]]:
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
    body: list[FoilHoleCreateRequest],
) -> Response[HTTPValidationError | list[FoilHoleResponse]]:
    """Add foil holes to a grid square

     Registers a list of foil holes (each with a client-generated uuid) on the grid square
    in one request; this is the bulk of an agent's traffic. A missing grid square gives 404.

    Args:
        gridsquare_uuid (str):
        body (list[FoilHoleCreateRequest]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | list[FoilHoleResponse]]
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
    body: list[FoilHoleCreateRequest],
) -> HTTPValidationError | list[FoilHoleResponse] | None:
    """Add foil holes to a grid square

     Registers a list of foil holes (each with a client-generated uuid) on the grid square
    in one request; this is the bulk of an agent's traffic. A missing grid square gives 404.

    Args:
        gridsquare_uuid (str):
        body (list[FoilHoleCreateRequest]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | list[FoilHoleResponse]
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
    body: list[FoilHoleCreateRequest],
) -> Response[HTTPValidationError | list[FoilHoleResponse]]:
    """Add foil holes to a grid square

     Registers a list of foil holes (each with a client-generated uuid) on the grid square
    in one request; this is the bulk of an agent's traffic. A missing grid square gives 404.

    Args:
        gridsquare_uuid (str):
        body (list[FoilHoleCreateRequest]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | list[FoilHoleResponse]]
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
    body: list[FoilHoleCreateRequest],
) -> HTTPValidationError | list[FoilHoleResponse] | None:
    """Add foil holes to a grid square

     Registers a list of foil holes (each with a client-generated uuid) on the grid square
    in one request; this is the bulk of an agent's traffic. A missing grid square gives 404.

    Args:
        gridsquare_uuid (str):
        body (list[FoilHoleCreateRequest]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | list[FoilHoleResponse]
    """

    return (
        await asyncio_detailed(
            gridsquare_uuid=gridsquare_uuid,
            client=client,
            body=body,
        )
    ).parsed
