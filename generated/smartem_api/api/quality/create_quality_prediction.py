from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...models.quality_prediction_create_request import QualityPredictionCreateRequest
from ...models.quality_prediction_response import QualityPredictionResponse
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ()
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({201})
"""The success statuses the contract documents for this operation."""


def build_request(
    *,
    body: QualityPredictionCreateRequest,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/quality_predictions",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | QualityPredictionResponse | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 201:
        response_201 = QualityPredictionResponse.from_dict(response.json())

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
) -> Response[HTTPValidationError | QualityPredictionResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: QualityPredictionCreateRequest,
) -> Response[HTTPValidationError | QualityPredictionResponse]:
    """Record a quality prediction

     Stores one prediction value made by a registered model for a grid square or a foil
    hole.

    Args:
        body (QualityPredictionCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | QualityPredictionResponse]
    """

    kwargs = build_request(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: QualityPredictionCreateRequest,
) -> HTTPValidationError | QualityPredictionResponse | None:
    """Record a quality prediction

     Stores one prediction value made by a registered model for a grid square or a foil
    hole.

    Args:
        body (QualityPredictionCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | QualityPredictionResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: QualityPredictionCreateRequest,
) -> Response[HTTPValidationError | QualityPredictionResponse]:
    """Record a quality prediction

     Stores one prediction value made by a registered model for a grid square or a foil
    hole.

    Args:
        body (QualityPredictionCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | QualityPredictionResponse]
    """

    kwargs = build_request(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: QualityPredictionCreateRequest,
) -> HTTPValidationError | QualityPredictionResponse | None:
    """Record a quality prediction

     Stores one prediction value made by a registered model for a grid square or a foil
    hole.

    Args:
        body (QualityPredictionCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | QualityPredictionResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
