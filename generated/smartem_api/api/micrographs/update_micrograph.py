from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...models.micrograph_response import MicrographResponse
from ...models.micrograph_update_request import MicrographUpdateRequest
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("micrograph_uuid",)
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    micrograph_uuid: str,
    *,
    body: MicrographUpdateRequest,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/micrographs/{micrograph_uuid}".format(
            micrograph_uuid=quote(str(micrograph_uuid), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | MicrographResponse | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 200:
        response_200 = MicrographResponse.from_dict(response.json())

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
) -> Response[HTTPValidationError | MicrographResponse]:
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
    body: MicrographUpdateRequest,
) -> Response[HTTPValidationError | MicrographResponse]:
    """Update a micrograph

     Changes the fields given in the body. Answers 404 for an unknown uuid.

    Args:
        micrograph_uuid (str):
        body (MicrographUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | MicrographResponse]
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
    body: MicrographUpdateRequest,
) -> HTTPValidationError | MicrographResponse | None:
    """Update a micrograph

     Changes the fields given in the body. Answers 404 for an unknown uuid.

    Args:
        micrograph_uuid (str):
        body (MicrographUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | MicrographResponse
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
    body: MicrographUpdateRequest,
) -> Response[HTTPValidationError | MicrographResponse]:
    """Update a micrograph

     Changes the fields given in the body. Answers 404 for an unknown uuid.

    Args:
        micrograph_uuid (str):
        body (MicrographUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | MicrographResponse]
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
    body: MicrographUpdateRequest,
) -> HTTPValidationError | MicrographResponse | None:
    """Update a micrograph

     Changes the fields given in the body. Answers 404 for an unknown uuid.

    Args:
        micrograph_uuid (str):
        body (MicrographUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | MicrographResponse
    """

    return (
        await asyncio_detailed(
            micrograph_uuid=micrograph_uuid,
            client=client,
            body=body,
        )
    ).parsed
