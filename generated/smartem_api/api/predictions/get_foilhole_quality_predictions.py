from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.foil_hole_quality_prediction_series import FoilHoleQualityPredictionSeries
from ...models.http_validation_error import HTTPValidationError
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
        "url": "/gridsquares/{gridsquare_uuid}/foilhole_quality_predictions".format(
            gridsquare_uuid=quote(str(gridsquare_uuid), safe=""),
        ),
    }

    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FoilHoleQualityPredictionSeries | HTTPValidationError | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 200:
        response_200 = FoilHoleQualityPredictionSeries.from_dict(response.json())

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
) -> Response[FoilHoleQualityPredictionSeries | HTTPValidationError]:
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
) -> Response[FoilHoleQualityPredictionSeries | HTTPValidationError]:
    """Get foil-hole prediction series for a grid square

     Returns the time series of quality predictions (those not tied to a specific quality
    metric) for every foil hole in the grid square. A missing grid square gives 404.

    Args:
        gridsquare_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FoilHoleQualityPredictionSeries | HTTPValidationError]
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
) -> FoilHoleQualityPredictionSeries | HTTPValidationError | None:
    """Get foil-hole prediction series for a grid square

     Returns the time series of quality predictions (those not tied to a specific quality
    metric) for every foil hole in the grid square. A missing grid square gives 404.

    Args:
        gridsquare_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FoilHoleQualityPredictionSeries | HTTPValidationError
    """

    return sync_detailed(
        gridsquare_uuid=gridsquare_uuid,
        client=client,
    ).parsed


async def asyncio_detailed(
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[FoilHoleQualityPredictionSeries | HTTPValidationError]:
    """Get foil-hole prediction series for a grid square

     Returns the time series of quality predictions (those not tied to a specific quality
    metric) for every foil hole in the grid square. A missing grid square gives 404.

    Args:
        gridsquare_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FoilHoleQualityPredictionSeries | HTTPValidationError]
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
) -> FoilHoleQualityPredictionSeries | HTTPValidationError | None:
    """Get foil-hole prediction series for a grid square

     Returns the time series of quality predictions (those not tied to a specific quality
    metric) for every foil hole in the grid square. A missing grid square gives 404.

    Args:
        gridsquare_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FoilHoleQualityPredictionSeries | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            gridsquare_uuid=gridsquare_uuid,
            client=client,
        )
    ).parsed
