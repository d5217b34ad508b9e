from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.acquisition_response import AcquisitionResponse
from ...models.acquisition_update_request import AcquisitionUpdateRequest
from ...models.http_validation_error import HTTPValidationError
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("acquisition_uuid",)
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    acquisition_uuid: str,
    *,
    body: AcquisitionUpdateRequest,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/acquisitions/{acquisition_uuid}".format(
            acquisition_uuid=quote(str(acquisition_uuid), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AcquisitionResponse | HTTPValidationError | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 200:
        response_200 = AcquisitionResponse.from_dict(response.json())

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
) -> Response[AcquisitionResponse | HTTPValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_response(client=client, response=response),
    )


def sync_detailed(
    acquisition_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: AcquisitionUpdateRequest,
) -> Response[AcquisitionResponse | HTTPValidationError]:
    """Update an acquisition

     Changes the fields given in the body and leaves the others alone; agents use it to
    record progress such as a new status or end time. Answers 404 for an unknown uuid.

    Args:
        acquisition_uuid (str):
        body (AcquisitionUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AcquisitionResponse | HTTPValidationError]
    """

    kwargs = build_request(
        acquisition_uuid=acquisition_uuid,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    acquisition_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: AcquisitionUpdateRequest,
) -> AcquisitionResponse | HTTPValidationError | None:
    """Update an acquisition

     Changes the fields given in the body and leaves the others alone; agents use it to
    record progress such as a new status or end time. Answers 404 for an unknown uuid.

    Args:
        acquisition_uuid (str):
        body (AcquisitionUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AcquisitionResponse | HTTPValidationError
    """

    return sync_detailed(
        acquisition_uuid=acquisition_uuid,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    acquisition_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: AcquisitionUpdateRequest,
) -> Response[AcquisitionResponse | HTTPValidationError]:
    """Update an acquisition

     Changes the fields given in the body and leaves the others alone; agents use it to
    record progress such as a new status or end time. Answers 404 for an unknown uuid.

    Args:
        acquisition_uuid (str):
        body (AcquisitionUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AcquisitionResponse | HTTPValidationError]
    """

    kwargs = build_request(
        acquisition_uuid=acquisition_uuid,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    acquisition_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: AcquisitionUpdateRequest,
) -> AcquisitionResponse | HTTPValidationError | None:
    """Update an acquisition

     Changes the fields given in the body and leaves the others alone; agents use it to
    record progress such as a new status or end time. Answers 404 for an unknown uuid.

    Args:
        acquisition_uuid (str):
        body (AcquisitionUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AcquisitionResponse | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            acquisition_uuid=acquisition_uuid,
            client=client,
            body=body,
        )
    ).parsed
