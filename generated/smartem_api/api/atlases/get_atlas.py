from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.atlas_response import AtlasResponse
from ...models.http_validation_error import HTTPValidationError
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("atlas_uuid",)
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    atlas_uuid: str,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/atlases/{atlas_uuid}".format(
            atlas_uuid=quote(str(atlas_uuid), safe=""),
        ),
    }

    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AtlasResponse | HTTPValidationError | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 200:
        response_200 = AtlasResponse.from_dict(response.json())

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
) -> Response[AtlasResponse | HTTPValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_response(client=client, response=response),
    )


def sync_detailed(
    atlas_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[AtlasResponse | HTTPValidationError]:
    """Get an atlas

     Returns one atlas by uuid, or 404 when it does not exist.

    Args:
        atlas_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AtlasResponse | HTTPValidationError]
    """

    kwargs = build_request(
        atlas_uuid=atlas_uuid,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    atlas_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> AtlasResponse | HTTPValidationError | None:
    """Get an atlas

     Returns one atlas by uuid, or 404 when it does not exist.

    Args:
        atlas_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AtlasResponse | HTTPValidationError
    """

    return sync_detailed(
        atlas_uuid=atlas_uuid,
        client=client,
    ).parsed


async def asyncio_detailed(
    atlas_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[AtlasResponse | HTTPValidationError]:
    """Get an atlas

     Returns one atlas by uuid, or 404 when it does not exist.

    Args:
        atlas_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AtlasResponse | HTTPValidationError]
    """

    kwargs = build_request(
        atlas_uuid=atlas_uuid,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    atlas_uuid: str,
    *,
    client: AuthenticatedClient | Client,
) -> AtlasResponse | HTTPValidationError | None:
    """Get an atlas

     Returns one atlas by uuid, or 404 when it does not exist.

    Args:
        atlas_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AtlasResponse | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            atlas_uuid=atlas_uuid,
            client=client,
        )
    ).parsed
