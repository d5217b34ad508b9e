from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.debug_instruction_request import DebugInstructionRequest
from ...models.http_validation_error import HTTPValidationError
from ...types import Response

PATH_PARAMETERS: tuple[str, ...] = ("session_id",)
"""The path parameters of :func:`build_request`, in the order the path names them."""

SUCCESS_STATUSES: frozenset[int] = frozenset({200})
"""The success statuses the contract documents for this operation."""


def build_request(
    session_id: str,
    *,
    body: DebugInstructionRequest,
) -> dict[str, Any]:
    """The keyword arguments of ``httpx.Client.request`` for this operation."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/debug/session/{session_id}/create-instruction".format(
            session_id=quote(str(session_id), safe=""),
        ),
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
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DebugInstructionRequest,
) -> Response[Any | HTTPValidationError]:
    """Queue a test instruction

     Queues an instruction for the session so that an open instruction stream delivers it
    at once. Intended for testing agents; the body may be empty (`{}`). An unknown
    session gives 404.

    Args:
        session_id (str):
        body (DebugInstructionRequest): The test instruction to queue; every key is optional and
            `{}` is accepted. Keys the
            backend reads: `instruction_type` (default `test.instruction`), `payload` (an object,
            default `{"test": true}`), `priority` (default `normal`), `sequence_number`,
            `metadata` (an object) and `expires_in_minutes` (default 60). Other keys are ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError]
    """

    kwargs = build_request(
        session_id=session_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DebugInstructionRequest,
) -> Any | HTTPValidationError | None:
    """Queue a test instruction

     Queues an instruction for the session so that an open instruction stream delivers it
    at once. Intended for testing agents; the body may be empty (`{}`). An unknown
    session gives 404.

    Args:
        session_id (str):
        body (DebugInstructionRequest): The test instruction to queue; every key is optional and
            `{}` is accepted. Keys the
            backend reads: `instruction_type` (default `test.instruction`), `payload` (an object,
            default `{"test": true}`), `priority` (default `normal`), `sequence_number`,
            `metadata` (an object) and `expires_in_minutes` (default 60). Other keys are ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError
    """

    return sync_detailed(
        session_id=session_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DebugInstructionRequest,
) -> Response[Any | HTTPValidationError]:
    """Queue a test instruction

     Queues an instruction for the session so that an open instruction stream delivers it
    at once. Intended for testing agents; the body may be empty (`{}`). An unknown
    session gives 404.

    Args:
        session_id (str):
        body (DebugInstructionRequest): The test instruction to queue; every key is optional and
            `{}` is accepted. Keys the
            backend reads: `instruction_type` (default `test.instruction`), `payload` (an object,
            default `{"test": true}`), `priority` (default `normal`), `sequence_number`,
            `metadata` (an object) and `expires_in_minutes` (default 60). Other keys are ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | HTTPValidationError]
    """

    kwargs = build_request(
        session_id=session_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DebugInstructionRequest,
) -> Any | HTTPValidationError | None:
    """Queue a test instruction

     Queues an instruction for the session so that an open instruction stream delivers it
    at once. Intended for testing agents; the body may be empty (`{}`). An unknown
    session gives 404.

    Args:
        session_id (str):
        body (DebugInstructionRequest): The test instruction to queue; every key is optional and
            `{}` is accepted. Keys the
            backend reads: `instruction_type` (default `test.instruction`), `payload` (an object,
            default `{"test": true}`), `priority` (default `normal`), `sequence_number`,
            `metadata` (an object) and `expires_in_minutes` (default 60). Other keys are ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            session_id=session_id,
            client=client,
            body=body,
        )
    ).parsed
