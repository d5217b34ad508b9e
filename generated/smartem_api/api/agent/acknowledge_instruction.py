from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.agent_instruction_acknowledgement import AgentInstructionAcknowledgement
from ...models.agent_instruction_acknowledgement_response import (
    AgentInstructionAcknowledgementResponse,
)
from ...models.http_validation_error import HTTPValidationError
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("agent_id", "session_id", "instruction_id")
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    agent_id: str,
    session_id: str,
    instruction_id: str,
    *,
    body: AgentInstructionAcknowledgement,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/agent/{agent_id}/session/{session_id}/instructions/{instruction_id}/ack".format(
            agent_id=quote(str(agent_id), safe=""),
            session_id=quote(str(session_id), safe=""),
            instruction_id=quote(str(instruction_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AgentInstructionAcknowledgementResponse | HTTPValidationError | None:
    """The answer's body as the contract's types, for a documented status."""
    if response.status_code == 200:
        response_200 = AgentInstructionAcknowledgementResponse.from_dict(response.json())

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
) -> Response[AgentInstructionAcknowledgementResponse | HTTPValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_response(client=client, response=response),
    )


def sync_detailed(
    agent_id: str,
    session_id: str,
    instruction_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AgentInstructionAcknowledgement,
) -> Response[AgentInstructionAcknowledgementResponse | HTTPValidationError]:
    """Acknowledge an instruction

     Reports what the agent did with an instruction received on the stream (received,
    processed, failed or declined). Errors: 404 for an unknown session, 403 when the
    session belongs to another agent, 400 when the session is not active.

    Args:
        agent_id (str):
        session_id (str):
        instruction_id (str):
        body (AgentInstructionAcknowledgement):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AgentInstructionAcknowledgementResponse | HTTPValidationError]
    """

    kwargs = build_request(
        agent_id=agent_id,
        session_id=session_id,
        instruction_id=instruction_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    agent_id: str,
    session_id: str,
    instruction_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AgentInstructionAcknowledgement,
) -> AgentInstructionAcknowledgementResponse | HTTPValidationError | None:
    """Acknowledge an instruction

     Reports what the agent did with an instruction received on the stream (received,
    processed, failed or declined). Errors: 404 for an unknown session, 403 when the
    session belongs to another agent, 400 when the session is not active.

    Args:
        agent_id (str):
        session_id (str):
        instruction_id (str):
        body (AgentInstructionAcknowledgement):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AgentInstructionAcknowledgementResponse | HTTPValidationError
    """

    return sync_detailed(
        agent_id=agent_id,
        session_id=session_id,
        instruction_id=instruction_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    agent_id: str,
    session_id: str,
    instruction_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AgentInstructionAcknowledgement,
) -> Response[AgentInstructionAcknowledgementResponse | HTTPValidationError]:
    """Acknowledge an instruction

     Reports what the agent did with an instruction received on the stream (received,
    processed, failed or declined). Errors: 404 for an unknown session, 403 when the
    session belongs to another agent, 400 when the session is not active.

    Args:
        agent_id (str):
        session_id (str):
        instruction_id (str):
        body (AgentInstructionAcknowledgement):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AgentInstructionAcknowledgementResponse | HTTPValidationError]
    """

    kwargs = build_request(
        agent_id=agent_id,
        session_id=session_id,
        instruction_id=instruction_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    agent_id: str,
    session_id: str,
    instruction_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AgentInstructionAcknowledgement,
) -> AgentInstructionAcknowledgementResponse | HTTPValidationError | None:
    """Acknowledge an instruction

     Reports what the agent did with an instruction received on the stream (received,
    processed, failed or declined). Errors: 404 for an unknown session, 403 when the
    session belongs to another agent, 400 when the session is not active.

    Args:
        agent_id (str):
        session_id (str):
        instruction_id (str):
        body (AgentInstructionAcknowledgement):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AgentInstructionAcknowledgementResponse | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            agent_id=agent_id,
            session_id=session_id,
            instruction_id=instruction_id,
            client=client,
            body=body,
        )
    ).parsed
