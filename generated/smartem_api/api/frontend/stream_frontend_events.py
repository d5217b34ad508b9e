from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...types import UNSET, Response, Unset

PATH_PARAMETERS: tuple[str, ...] = ()
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    *,
    acquisition_uuid: None | str | Unset = UNSET,
    agent_id: None | str | Unset = UNSET,
    event_types: None | str | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""

    params: dict[str, Any] = {}

    json_acquisition_uuid: None | str | Unset
    if isinstance(acquisition_uuid, Unset):
        json_acquisition_uuid = UNSET
    else:
        json_acquisition_uuid = acquisition_uuid
    params["acquisition_uuid"] = json_acquisition_uuid

    json_agent_id: None | str | Unset
    if isinstance(agent_id, Unset):
        json_agent_id = UNSET
    else:
        json_agent_id = agent_id
    params["agent_id"] = json_agent_id

    json_event_types: None | str | Unset
    if isinstance(event_types, Unset):
        json_event_types = UNSET
    else:
        json_event_types = event_types
    params["event_types"] = json_event_types

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/frontend/events/stream",
        "params": params,
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
    *,
    client: AuthenticatedClient | Client,
    acquisition_uuid: None | str | Unset = UNSET,
    agent_id: None | str | Unset = UNSET,
    event_types: None | str | Unset = UNSET,
) -> Response[HTTPValidationError | str]:
    """Stream events to the frontend

     Opens a Server-Sent Events stream of entity and agent events for the web frontend,
    optionally narrowed to one acquisition, one agent or a set of event types.

    Args:
        acquisition_uuid (None | str | Unset):
        agent_id (None | str | Unset):
        event_types (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | str]
    """

    kwargs = build_request(
        acquisition_uuid=acquisition_uuid,
        agent_id=agent_id,
        event_types=event_types,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    acquisition_uuid: None | str | Unset = UNSET,
    agent_id: None | str | Unset = UNSET,
    event_types: None | str | Unset = UNSET,
) -> HTTPValidationError | str | None:
    """Stream events to the frontend

     Opens a Server-Sent Events stream of entity and agent events for the web frontend,
    optionally narrowed to one acquisition, one agent or a set of event types.

    Args:
        acquisition_uuid (None | str | Unset):
        agent_id (None | str | Unset):
        event_types (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | str
    """

    return sync_detailed(
        client=client,
        acquisition_uuid=acquisition_uuid,
        agent_id=agent_id,
        event_types=event_types,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    acquisition_uuid: None | str | Unset = UNSET,
    agent_id: None | str | Unset = UNSET,
    event_types: None | str | Unset = UNSET,
) -> Response[HTTPValidationError | str]:
    """Stream events to the frontend

     Opens a Server-Sent Events stream of entity and agent events for the web frontend,
    optionally narrowed to one acquisition, one agent or a set of event types.

    Args:
        acquisition_uuid (None | str | Unset):
        agent_id (None | str | Unset):
        event_types (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | str]
    """

    kwargs = build_request(
        acquisition_uuid=acquisition_uuid,
        agent_id=agent_id,
        event_types=event_types,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    acquisition_uuid: None | str | Unset = UNSET,
    agent_id: None | str | Unset = UNSET,
    event_types: None | str | Unset = UNSET,
) -> HTTPValidationError | str | None:
    """Stream events to the frontend

     Opens a Server-Sent Events stream of entity and agent events for the web frontend,
    optionally narrowed to one acquisition, one agent or a set of event types.

    Args:
        acquisition_uuid (None | str | Unset):
        agent_id (None | str | Unset):
        event_types (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | str
    """

    return (
        await asyncio_detailed(
            client=client,
            acquisition_uuid=acquisition_uuid,
            agent_id=agent_id,
            event_types=event_types,
        )
    ).parsed
