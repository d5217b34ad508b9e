from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("agent_id", "session_id")
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    agent_id: str,
    session_id: str,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/agent/{agent_id}/session/{session_id}/instructions/stream".format(
            agent_id=quote(str(agent_id), safe=""),
            session_id=quote(str(session_id), safe=""),
        ),
    }

    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | str | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 200:
        response_200 = response.text
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
) -> Response[HTTPValidationError | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_response(client=client, response=response),
    )


def sync_detailed(
    agent_id: str,
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[HTTPValidationError | str]:
    """Stream instructions to an agent

     Opens a long-lived Server-Sent Events stream over which the backend pushes
    instructions to the agent. On every (re)connect all pending, unexpired instructions
    are delivered first and marked as sent, so the agent must acknowledge them promptly.

    Args:
        agent_id (str):
        session_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | str]
    """

    kwargs = build_request(
        agent_id=agent_id,
        session_id=session_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    agent_id: str,
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> HTTPValidationError | str | None:
    """Stream instructions to an agent

     Opens a long-lived Server-Sent Events stream over which the backend pushes
    instructions to the agent. On every (re)connect all pending, unexpired instructions
    are delivered first and marked as sent, so the agent must acknowledge them promptly.

    Args:
        agent_id (str):
        session_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | str
    """

    return sync_detailed(
        agent_id=agent_id,
        session_id=session_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    agent_id: str,
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[HTTPValidationError | str]:
    """Stream instructions to an agent

     Opens a long-lived Server-Sent Events stream over which the backend pushes
    instructions to the agent. On every (re)connect all pending, unexpired instructions
    are delivered first and marked as sent, so the agent must acknowledge them promptly.

    Args:
        agent_id (str):
        session_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | str]
    """

    kwargs = build_request(
        agent_id=agent_id,
        session_id=session_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    agent_id: str,
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> HTTPValidationError | str | None:
    """Stream instructions to an agent

     Opens a long-lived Server-Sent Events stream over which the backend pushes
    instructions to the agent. On every (re)connect all pending, unexpired instructions
    are delivered first and marked as sent, so the agent must acknowledge them promptly.

    Args:
        agent_id (str):
        session_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | str
    """

    return (
        await asyncio_detailed(
            agent_id=agent_id,
            session_id=session_id,
            client=client,
        )
    ).parsed
