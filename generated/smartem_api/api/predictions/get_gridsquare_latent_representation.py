from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...models.latent_representation_response import LatentRepresentationResponse
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("prediction_model_name", "gridsquare_uuid")
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    prediction_model_name: str,
    gridsquare_uuid: str,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/prediction_model/{prediction_model_name}/gridsquare/{gridsquare_uuid}/latent_representation".format(
            prediction_model_name=quote(str(prediction_model_name), safe=""),
            gridsquare_uuid=quote(str(gridsquare_uuid), safe=""),
        ),
    }

    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | list[LatentRepresentationResponse] | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = LatentRepresentationResponse.from_dict(response_200_item_data)

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
) -> Response[HTTPValidationError | list[LatentRepresentationResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_response(client=client, response=response),
    )


def sync_detailed(
    prediction_model_name: str,
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[HTTPValidationError | list[LatentRepresentationResponse]]:
    """Get latent representations in a grid square

     Returns the two-dimensional latent-space coordinates the model assigns to the foil holes of the grid
    square.

    Args:
        prediction_model_name (str):
        gridsquare_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | list[LatentRepresentationResponse]]
    """

    kwargs = build_request(
        prediction_model_name=prediction_model_name,
        gridsquare_uuid=gridsquare_uuid,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    prediction_model_name: str,
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> HTTPValidationError | list[LatentRepresentationResponse] | None:
    """Get latent representations in a grid square

     Returns the two-dimensional latent-space coordinates the model assigns to the foil holes of the grid
    square.

    Args:
        prediction_model_name (str):
        gridsquare_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | list[LatentRepresentationResponse]
    """

    return sync_detailed(
        prediction_model_name=prediction_model_name,
        gridsquare_uuid=gridsquare_uuid,
        client=client,
    ).parsed


async def asyncio_detailed(
    prediction_model_name: str,
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[HTTPValidationError | list[LatentRepresentationResponse]]:
    """Get latent representations in a grid square

     Returns the two-dimensional latent-space coordinates the model assigns to the foil holes of the grid
    square.

    Args:
        prediction_model_name (str):
        gridsquare_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | list[LatentRepresentationResponse]]
    """

    kwargs = build_request(
        prediction_model_name=prediction_model_name,
        gridsquare_uuid=gridsquare_uuid,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    prediction_model_name: str,
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> HTTPValidationError | list[LatentRepresentationResponse] | None:
    """Get latent representations in a grid square

     Returns the two-dimensional latent-space coordinates the model assigns to the foil holes of the grid
    square.

    Args:
        prediction_model_name (str):
        gridsquare_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | list[LatentRepresentationResponse]
    """

    return (
        await asyncio_detailed(
            prediction_model_name=prediction_model_name,
            gridsquare_uuid=gridsquare_uuid,
            client=client,
        )
    ).parsed
