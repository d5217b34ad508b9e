from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...models.micrograph_create_request import MicrographCreateRequest
from ...models.micrograph_response import MicrographResponse
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("foilhole_uuid",)
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({201})
"""The success statuses the contract documents for this operation."""


def build_request(
    foilhole_uuid: str,
    *,
    body: MicrographCreateRequest,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/foilholes/{foilhole_uuid}/micrographs".format(
            foilhole_uuid=quote(str(foilhole_uuid), safe=""),
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
    if response.status_code == 201:
        response_201 = MicrographResponse.from_dict(response.json())

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
) -> Response[HTTPValidationError | MicrographResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_response(client=client, response=response),
    )


def sync_detailed(
    foilhole_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: MicrographCreateRequest,
) -> Response[HTTPValidationError | MicrographResponse]:
    """Add a micrograph to a foil hole

     Registers a newly recorded micrograph (client-generated uuid) in the foil hole. Agents
    call it as each exposure appears; a missing foil hole gives 404.

    Args:
        foilhole_uuid (str):
        body (MicrographCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | MicrographResponse]
    """

    kwargs = build_request(
        foilhole_uuid=foilhole_uuid,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    foilhole_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: MicrographCreateRequest,
) -> HTTPValidationError | MicrographResponse | None:
    """Add a micrograph to a foil hole

     Registers a newly recorded micrograph (client-generated uuid) in the foil hole. Agents
    call it as each exposure appears; a missing foil hole gives 404.

    Args:
        foilhole_uuid (str):
        body (MicrographCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | MicrographResponse
    """

    return sync_detailed(
        foilhole_uuid=foilhole_uuid,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    foilhole_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: MicrographCreateRequest,
) -> Response[HTTPValidationError | MicrographResponse]:
    """Add a micrograph to a foil hole

     Registers a newly recorded micrograph (client-generated uuid) in the foil hole. Agents
    call it as each exposure appears; a missing foil hole gives 404.

    Args:
        foilhole_uuid (str):
        body (MicrographCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | MicrographResponse]
    """

    kwargs = build_request(
        foilhole_uuid=foilhole_uuid,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    foilhole_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    body: MicrographCreateRequest,
) -> HTTPValidationError | MicrographResponse | None:
    """Add a micrograph to a foil hole

     Registers a newly recorded micrograph (client-generated uuid) in the foil hole. Agents
    call it as each exposure appears; a missing foil hole gives 404.

    Args:
        foilhole_uuid (str):
        body (MicrographCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | MicrographResponse
    """

    return (
        await asyncio_detailed(
            foilhole_uuid=foilhole_uuid,
            client=client,
            body=body,
        )
    ).parsed
