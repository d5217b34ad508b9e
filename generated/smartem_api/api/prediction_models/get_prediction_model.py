from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...models.quality_prediction_model_response import QualityPredictionModelResponse
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("name",)
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    name: str,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/prediction_models/{name}".format(
            name=quote(str(name), safe=""),
        ),
    }

    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | QualityPredictionModelResponse | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 200:
        response_200 = QualityPredictionModelResponse.from_dict(response.json())

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
) -> Response[HTTPValidationError | QualityPredictionModelResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_response(client=client, response=response),
    )


def sync_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[HTTPValidationError | QualityPredictionModelResponse]:
    """Get a prediction model

     Returns one model by name, or 404 when it is not registered.

    Args:
        name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | QualityPredictionModelResponse]
    """

    kwargs = build_request(
        name=name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    *,
    client: AuthenticatedClient | Client,
) -> HTTPValidationError | QualityPredictionModelResponse | None:
    """Get a prediction model

     Returns one model by name, or 404 when it is not registered.

    Args:
        name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | QualityPredictionModelResponse
    """

    return sync_detailed(
        name=name,
        client=client,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[HTTPValidationError | QualityPredictionModelResponse]:
    """Get a prediction model

     Returns one model by name, or 404 when it is not registered.

    Args:
        name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | QualityPredictionModelResponse]
    """

    kwargs = build_request(
        name=name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    *,
    client: AuthenticatedClient | Client,
) -> HTTPValidationError | QualityPredictionModelResponse | None:
    """Get a prediction model

     Returns one model by name, or 404 when it is not registered.

    Args:
        name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | QualityPredictionModelResponse
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
        )
    ).parsed
