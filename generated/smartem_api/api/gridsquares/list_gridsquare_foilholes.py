from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.foil_hole_response import FoilHoleResponse
from ...models.http_validation_error import HTTPValidationError
from ...types import UNSET, Response, Unset

PATH_PARAMETERS: tuple[str, ...] = ("gridsquare_uuid",)
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    gridsquare_uuid: str,
    *,
    on_square_only: bool | Unset = False,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""

    params: dict[str, Any] = {}

    params["on_square_only"] = on_square_only

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/gridsquares/{gridsquare_uuid}/foilholes".format(
            gridsquare_uuid=quote(str(gridsquare_uuid), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | list[FoilHoleResponse] | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = FoilHoleResponse.from_dict(response_200_item_data)

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
    on_square_only: bool | Unset = False,
) -> Response[HTTPValidationError | list[FoilHoleResponse]]:
    """List the foil holes of a grid square

     Returns the foil holes of the grid square, optionally leaving out those near the grid bar.

    Args:
        gridsquare_uuid (str):
        on_square_only (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | list[FoilHoleResponse]]
    """

    kwargs = build_request(
        gridsquare_uuid=gridsquare_uuid,
        on_square_only=on_square_only,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    on_square_only: bool | Unset = False,
) -> HTTPValidationError | list[FoilHoleResponse] | None:
    """List the foil holes of a grid square

     Returns the foil holes of the grid square, optionally leaving out those near the grid bar.

    Args:
        gridsquare_uuid (str):
        on_square_only (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | list[FoilHoleResponse]
    """

    return sync_detailed(
        gridsquare_uuid=gridsquare_uuid,
        client=client,
        on_square_only=on_square_only,
    ).parsed


async def asyncio_detailed(
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    on_square_only: bool | Unset = False,
) -> Response[HTTPValidationError | list[FoilHoleResponse]]:
    """List the foil holes of a grid square

     Returns the foil holes of the grid square, optionally leaving out those near the grid bar.

    Args:
        gridsquare_uuid (str):
        on_square_only (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | list[FoilHoleResponse]]
    """

    kwargs = build_request(
        gridsquare_uuid=gridsquare_uuid,
        on_square_only=on_square_only,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    on_square_only: bool | Unset = False,
) -> HTTPValidationError | list[FoilHoleResponse] | None:
    """List the foil holes of a grid square

     Returns the foil holes of the grid square, optionally leaving out those near the grid bar.

    Args:
        gridsquare_uuid (str):
        on_square_only (bool | Unset):  Default: False.

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
            on_square_only=on_square_only,
        )
    ).parsed
