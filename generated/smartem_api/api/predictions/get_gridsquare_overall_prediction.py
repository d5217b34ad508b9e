from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...models.overall_quality_prediction import OverallQualityPrediction
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("gridsquare_uuid",)
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    gridsquare_uuid: str,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/gridsquare/{gridsquare_uuid}/overall_prediction".format(
            gridsquare_uuid=quote(str(gridsquare_uuid), safe=""),
        ),
    }

    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | list[OverallQualityPrediction] | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = OverallQualityPrediction.from_dict(response_200_item_data)

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
) -> Response[HTTPValidationError | list[OverallQualityPrediction]]:
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
) -> Response[HTTPValidationError | list[OverallQualityPrediction]]:
    """Get the overall prediction for a grid square

     Returns the combined quality prediction for each foil hole of the grid square, with a suggested
    acquisition order.

    Args:
        gridsquare_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | list[OverallQualityPrediction]]
    """

    kwargs = build_request(
        gridsquare_uuid=gridsquare_uuid,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> HTTPValidationError | list[OverallQualityPrediction] | None:
    """Get the overall prediction for a grid square

     Returns the combined quality prediction for each foil hole of the grid square, with a suggested
    acquisition order.

    Args:
        gridsquare_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | list[OverallQualityPrediction]
    """

    return sync_detailed(
        gridsquare_uuid=gridsquare_uuid,
        client=client,
    ).parsed


async def asyncio_detailed(
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[HTTPValidationError | list[OverallQualityPrediction]]:
    """Get the overall prediction for a grid square

     Returns the combined quality prediction for each foil hole of the grid square, with a suggested
    acquisition order.

    Args:
        gridsquare_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | list[OverallQualityPrediction]]
    """

    kwargs = build_request(
        gridsquare_uuid=gridsquare_uuid,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> HTTPValidationError | list[OverallQualityPrediction] | None:
    """Get the overall prediction for a grid square

     Returns the combined quality prediction for each foil hole of the grid square, with a suggested
    acquisition order.

    Args:
        gridsquare_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | list[OverallQualityPrediction]
    """

    return (
        await asyncio_detailed(
            gridsquare_uuid=gridsquare_uuid,
            client=client,
        )
    ).parsed
