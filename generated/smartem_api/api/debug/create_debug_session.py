from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.debug_session_request import DebugSessionRequest
from ...models.http_validation_error import HTTPValidationError
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ()
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    *,
    body: DebugSessionRequest,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/debug/sessions/create",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | HTTPValidationError | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 200:
        response_200 = response.json()
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
    *,
    client: AuthenticatedClient | Client,
    body: DebugSessionRequest,
) -> Response[Any | HTTPValidationError]:
    """Create a test session

     Creates an active agent session in the database for testing (by default for agent
    `test-agent`). The body may be empty (`{}`); an unknown `acquisition_uuid` gives 404.

    Args:
        body (DebugSessionRequest): Options for a test session; every key is optional and `{}` is
            accepted. Keys the
            backend reads: `agent_id` (default `test-agent`), `acquisition_uuid` (must exist when
            given), `name`, `description` and `experimental_parameters` (an object); the plain
            create endpoint also accepts `session_id` (a new uuid when absent). Other keys are
            ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError]
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
    body: DebugSessionRequest,
) -> Any | HTTPValidationError | None:
    """Create a test session

     Creates an active agent session in the database for testing (by default for agent
    `test-agent`). The body may be empty (`{}`); an unknown `acquisition_uuid` gives 404.

    Args:
        body (DebugSessionRequest): Options for a test session; every key is optional and `{}` is
            accepted. Keys the
            backend reads: `agent_id` (default `test-agent`), `acquisition_uuid` (must exist when
            given), `name`, `description` and `experimental_parameters` (an object); the plain
            create endpoint also accepts `session_id` (a new uuid when absent). Other keys are
            ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DebugSessionRequest,
) -> Response[Any | HTTPValidationError]:
    """Create a test session

     Creates an active agent session in the database for testing (by default for agent
    `test-agent`). The body may be empty (`{}`); an unknown `acquisition_uuid` gives 404.

    Args:
        body (DebugSessionRequest): Options for a test session; every key is optional and `{}` is
            accepted. Keys the
            backend reads: `agent_id` (default `test-agent`), `acquisition_uuid` (must exist when
            given), `name`, `description` and `experimental_parameters` (an object); the plain
            create endpoint also accepts `session_id` (a new uuid when absent). Other keys are
            ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError]
    """

    kwargs = build_request(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: DebugSessionRequest,
) -> Any | HTTPValidationError | None:
    """Create a test session

     Creates an active agent session in the database for testing (by default for agent
    `test-agent`). The body may be empty (`{}`); an unknown `acquisition_uuid` gives 404.

    Args:
        body (DebugSessionRequest): Options for a test session; every key is optional and `{}` is
            accepted. Keys the
            backend reads: `agent_id` (default `test-agent`), `acquisition_uuid` (must exist when
            given), `name`, `description` and `experimental_parameters` (an object); the plain
            create endpoint also accepts `session_id` (a new uuid when absent). Other keys are
            ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
