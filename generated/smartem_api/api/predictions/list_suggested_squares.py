from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.grid_square import GridSquare
from ...models.http_validation_error import HTTPValidationError
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("grid_uuid", "prediction_model_name", "latent_rep_model_name")
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    grid_uuid: str,
    prediction_model_name: str,
    latent_rep_model_name: str,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/grid/{grid_uuid}/prediction_model/{prediction_model_name}/latent_rep/{latent_rep_model_name}/suggested_squares".format(
            grid_uuid=quote(str(grid_uuid), safe=""),
            prediction_model_name=quote(str(prediction_model_name), safe=""),
            latent_rep_model_name=quote(str(latent_rep_model_name), safe=""),
        ),
    }

    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | list[GridSquare] | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = GridSquare.from_dict(response_200_item_data)

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
) -> Response[HTTPValidationError | list[GridSquare]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_response(client=client, response=response),
    )


def sync_detailed(
    grid_uuid: str,
    prediction_model_name: str,
    latent_rep_model_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[HTTPValidationError | list[GridSquare]]:
    """Suggest grid squares to collect

     Returns the grid squares of the grid that the given prediction model, combined with
    the given latent-representation model, suggests collecting from.

    Args:
        grid_uuid (str):
        prediction_model_name (str):
        latent_rep_model_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | list[GridSquare]]
    """

    kwargs = build_request(
        grid_uuid=grid_uuid,
        prediction_model_name=prediction_model_name,
        latent_rep_model_name=latent_rep_model_name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    grid_uuid: str,
    prediction_model_name: str,
    latent_rep_model_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> HTTPValidationError | list[GridSquare] | None:
    """Suggest grid squares to collect

     Returns the grid squares of the grid that the given prediction model, combined with
    the given latent-representation model, suggests collecting from.

    Args:
        grid_uuid (str):
        prediction_model_name (str):
        latent_rep_model_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | list[GridSquare]
    """

    return sync_detailed(
        grid_uuid=grid_uuid,
        prediction_model_name=prediction_model_name,
        latent_rep_model_name=latent_rep_model_name,
        client=client,
    ).parsed


async def asyncio_detailed(
    grid_uuid: str,
    prediction_model_name: str,
    latent_rep_model_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[HTTPValidationError | list[GridSquare]]:
    """Suggest grid squares to collect

     Returns the grid squares of the grid that the given prediction model, combined with
    the given latent-representation model, suggests collecting from.

    Args:
        grid_uuid (str):
        prediction_model_name (str):
        latent_rep_model_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | list[GridSquare]]
    """

    kwargs = build_request(
        grid_uuid=grid_uuid,
        prediction_model_name=prediction_model_name,
        latent_rep_model_name=latent_rep_model_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    grid_uuid: str,
    prediction_model_name: str,
    latent_rep_model_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> HTTPValidationError | list[GridSquare] | None:
    """Suggest grid squares to collect

     Returns the grid squares of the grid that the given prediction model, combined with
    the given latent-representation model, suggests collecting from.

    Args:
        grid_uuid (str):
        prediction_model_name (str):
        latent_rep_model_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | list[GridSquare]
    """

    return (
        await asyncio_detailed(
            grid_uuid=grid_uuid,
            prediction_model_name=prediction_model_name,
            latent_rep_model_name=latent_rep_model_name,
            client=client,
        )
    ).parsed
