from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...types import UNSET, Response, Unset

PATH_PARAMETERS: tuple[str, ...] = ("gridsquare_uuid",)
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    gridsquare_uuid: str,
    *,
    count: int | None | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""

    params: dict[str, Any] = {}

    json_count: int | None | Unset
    if isinstance(count, Unset):
        json_count = UNSET
    else:
        json_count = count
    params["count"] = json_count

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/gridsquares/{gridsquare_uuid}/registered".format(
            gridsquare_uuid=quote(str(gridsquare_uuid), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | bool | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 200:
        response_200 = cast(bool, response.json())
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
) -> Response[HTTPValidationError | bool]:
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
    count: int | None | Unset = UNSET,
) -> Response[HTTPValidationError | bool]:
    """Mark a grid square as fully registered

     Tells the backend that the agent has finished registering the square's foil holes,
    optionally stating how many there are; the square's status becomes registered. A
    missing grid square gives 404.

    Args:
        gridsquare_uuid (str):
        count (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | bool]
    """

    kwargs = build_request(
        gridsquare_uuid=gridsquare_uuid,
        count=count,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    count: int | None | Unset = UNSET,
) -> HTTPValidationError | bool | None:
    """Mark a grid square as fully registered

     Tells the backend that the agent has finished registering the square's foil holes,
    optionally stating how many there are; the square's status becomes registered. A
    missing grid square gives 404.

    Args:
        gridsquare_uuid (str):
        count (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | bool
    """

    return sync_detailed(
        gridsquare_uuid=gridsquare_uuid,
        client=client,
        count=count,
    ).parsed


async def asyncio_detailed(
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    count: int | None | Unset = UNSET,
) -> Response[HTTPValidationError | bool]:
    """Mark a grid square as fully registered

     Tells the backend that the agent has finished registering the square's foil holes,
    optionally stating how many there are; the square's status becomes registered. A
    missing grid square gives 404.

    Args:
        gridsquare_uuid (str):
        count (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | bool]
    """

    kwargs = build_request(
        gridsquare_uuid=gridsquare_uuid,
        count=count,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    gridsquare_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    count: int | None | Unset = UNSET,
) -> HTTPValidationError | bool | None:
    """Mark a grid square as fully registered

     Tells the backend that the agent has finished registering the square's foil holes,
    optionally stating how many there are; the square's status becomes registered. A
    missing grid square gives 404.

    Args:
        gridsquare_uuid (str):
        count (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | bool
    """

    return (
        await asyncio_detailed(
            gridsquare_uuid=gridsquare_uuid,
            client=client,
            count=count,
        )
    ).parsed
