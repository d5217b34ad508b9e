from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...types import UNSET, Response, Unset

PATH_PARAMETERS: tuple[str, ...] = ("grid_uuid",)
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    grid_uuid: str,
    *,
    x: int | None | Unset = UNSET,
    y: int | None | Unset = UNSET,
    w: int | None | Unset = UNSET,
    h: int | None | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""

    params: dict[str, Any] = {}

    json_x: int | None | Unset
    if isinstance(x, Unset):
        json_x = UNSET
    else:
        json_x = x
    params["x"] = json_x

    json_y: int | None | Unset
    if isinstance(y, Unset):
        json_y = UNSET
    else:
        json_y = y
    params["y"] = json_y

    json_w: int | None | Unset
    if isinstance(w, Unset):
        json_w = UNSET
    else:
        json_w = w
    params["w"] = json_w

    json_h: int | None | Unset
    if isinstance(h, Unset):
        json_h = UNSET
    else:
        json_h = h
    params["h"] = json_h

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/grids/{grid_uuid}/atlas_image".format(
            grid_uuid=quote(str(grid_uuid), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | HTTPValidationError | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 200:
        response_200 = cast(Any, None)
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
) -> Response[Any | HTTPValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_response(client=client, response=response),
    )


def sync_detailed(
    grid_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    x: int | None | Unset = UNSET,
    y: int | None | Unset = UNSET,
    w: int | None | Unset = UNSET,
    h: int | None | Unset = UNSET,
) -> Response[Any | HTTPValidationError]:
    """Get the atlas image of a grid

     Returns the grid's atlas as a PNG image, optionally cropped to the rectangle given by
    `x`, `y`, `w` and `h` (pixels).

    Args:
        grid_uuid (str):
        x (int | None | Unset):
        y (int | None | Unset):
        w (int | None | Unset):
        h (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError]
    """

    kwargs = build_request(
        grid_uuid=grid_uuid,
        x=x,
        y=y,
        w=w,
        h=h,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    grid_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    x: int | None | Unset = UNSET,
    y: int | None | Unset = UNSET,
    w: int | None | Unset = UNSET,
    h: int | None | Unset = UNSET,
) -> Any | HTTPValidationError | None:
    """Get the atlas image of a grid

     Returns the grid's atlas as a PNG image, optionally cropped to the rectangle given by
    `x`, `y`, `w` and `h` (pixels).

    Args:
        grid_uuid (str):
        x (int | None | Unset):
        y (int | None | Unset):
        w (int | None | Unset):
        h (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError
    """

    return sync_detailed(
        grid_uuid=grid_uuid,
        client=client,
        x=x,
        y=y,
        w=w,
        h=h,
    ).parsed


async def asyncio_detailed(
    grid_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    x: int | None | Unset = UNSET,
    y: int | None | Unset = UNSET,
    w: int | None | Unset = UNSET,
    h: int | None | Unset = UNSET,
) -> Response[Any | HTTPValidationError]:
    """Get the atlas image of a grid

     Returns the grid's atlas as a PNG image, optionally cropped to the rectangle given by
    `x`, `y`, `w` and `h` (pixels).

    Args:
        grid_uuid (str):
        x (int | None | Unset):
        y (int | None | Unset):
        w (int | None | Unset):
        h (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError]
    """

    kwargs = build_request(
        grid_uuid=grid_uuid,
        x=x,
        y=y,
        w=w,
        h=h,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    grid_uuid: str,
    *,
    client: AuthenticatedClient | Client,
    x: int | None | Unset = UNSET,
    y: int | None | Unset = UNSET,
    w: int | None | Unset = UNSET,
    h: int | None | Unset = UNSET,
) -> Any | HTTPValidationError | None:
    """Get the atlas image of a grid

     Returns the grid's atlas as a PNG image, optionally cropped to the rectangle given by
    `x`, `y`, `w` and `h` (pixels).

    Args:
        grid_uuid (str):
        x (int | None | Unset):
        y (int | None | Unset):
        w (int | None | Unset):
        h (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            grid_uuid=grid_uuid,
            client=client,
            x=x,
            y=y,
            w=w,
            h=h,
        )
    ).parsed
