from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.ctf_estimation_completed_request import CtfEstimationCompletedRequest
from ...models.http_validation_error import HTTPValidationError
from ...models.processing_feedback_publish_response import ProcessingFeedbackPublishResponse
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("micrograph_uuid",)
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({202})
"""The success statuses the contract documents for this operation."""


def build_request(
    micrograph_uuid: str,
    *,
    body: CtfEstimationCompletedRequest,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/micrographs/{micrograph_uuid}/ctf_estimation/completed".format(
            micrograph_uuid=quote(str(micrograph_uuid), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | ProcessingFeedbackPublishResponse | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 202:
        response_202 = ProcessingFeedbackPublishResponse.from_dict(response.json())

        return response_202

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[HTTPValidationError | ProcessingFeedbackPublishResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_response(client=client, response=response),
    )


def sync_detailed(
    micrograph_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: CtfEstimationCompletedRequest,
) -> Response[HTTPValidationError | ProcessingFeedbackPublishResponse]:
    """Report a finished CTF estimation

     Publishes the result of CTF estimation for the micrograph (its maximum resolution)
    as an event for downstream consumers. A missing micrograph gives 404.

    Args:
        micrograph_uuid (str):
        body (CtfEstimationCompletedRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | ProcessingFeedbackPublishResponse]
    """

    kwargs = build_request(
        micrograph_uuid=micrograph_uuid,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    micrograph_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: CtfEstimationCompletedRequest,
) -> HTTPValidationError | ProcessingFeedbackPublishResponse | None:
    """Report a finished CTF estimation

     Publishes the result of CTF estimation for the micrograph (its maximum resolution)
    as an event for downstream consumers. A missing micrograph gives 404.

    Args:
        micrograph_uuid (str):
        body (CtfEstimationCompletedRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | ProcessingFeedbackPublishResponse
    """

    return sync_detailed(
        micrograph_uuid=micrograph_uuid,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    micrograph_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: CtfEstimationCompletedRequest,
) -> Response[HTTPValidationError | ProcessingFeedbackPublishResponse]:
    """Report a finished CTF estimation

     Publishes the result of CTF estimation for the micrograph (its maximum resolution)
    as an event for downstream consumers. A missing micrograph gives 404.

    Args:
        micrograph_uuid (str):
        body (CtfEstimationCompletedRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | ProcessingFeedbackPublishResponse]
    """

    kwargs = build_request(
        micrograph_uuid=micrograph_uuid,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    micrograph_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: CtfEstimationCompletedRequest,
) -> HTTPValidationError | ProcessingFeedbackPublishResponse | None:
    """Report a finished CTF estimation

     Publishes the result of CTF estimation for the micrograph (its maximum resolution)
    as an event for downstream consumers. A missing micrograph gives 404.

    Args:
        micrograph_uuid (str):
        body (CtfEstimationCompletedRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | ProcessingFeedbackPublishResponse
    """

    return (
        await asyncio_detailed(
            micrograph_uuid=micrograph_uuid,
            client=client,
            body=body,
        )
    ).parsed
