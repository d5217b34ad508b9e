"""Running I/O-free flows, the mechanism behind every blocking and asyncio pair.

A flow yields effects and is sent back what each gave (or thrown what it raised), as
``httpx.Auth.auth_flow`` is: :func:`run` performs them on the calling thread, :func:`arun`
on the running event loop.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from typing import Any, TypeVar

E = TypeVar("E")
T = TypeVar("T")


def run(flow: Generator[E, Any, T], perform: Callable[[E], Any]) -> T:
    """Perform the flow's effects one after another until it returns; its return value."""
    value: Any = None
    failure: Exception | None = None
    try:
        while True:
            effect = flow.send(value) if failure is None else flow.throw(failure)
            try:
                value, failure = perform(effect), None
            except Exception as error:
                value, failure = None, error
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    finally:
        flow.close()  # a flow left by an exception still runs its own clean-up


async def arun(flow: Generator[E, Any, T], perform: Callable[[E], Awaitable[Any]]) -> T:
    """The asyncio twin of :func:`run`: each effect is awaited."""
    value: Any = None
    failure: Exception | None = None
    try:
        while True:
            effect = flow.send(value) if failure is None else flow.throw(failure)
            try:
                value, failure = await perform(effect), None
            except Exception as error:
                value, failure = None, error
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    finally:
        flow.close()
