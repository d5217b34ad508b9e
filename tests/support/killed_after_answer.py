"""Links grid squares to a tile and is SIGKILLed the moment the backend's answer arrives.

``SMARTEM_TEST_KILL_ON_ANSWER="POST /atlas-tiles/" python -m tests.support.killed_after_answer
URL TOKEN TILE SQUARE...``

The kill is an httpx response hook of this driver (never of the client): it runs once
the answer's status line and headers are in, before the client reads the body, records
the links in its ID cache or returns. Without the variable the call completes and the
driver prints ``linked N``.
"""

from __future__ import annotations

import os
import signal
import sys

import httpx

from smartem_ext import BearerToken, SmartEMAPIClient
from tests.support import epu_data as epu

KILL_ON: str = "SMARTEM_TEST_KILL_ON_ANSWER"


def _kill_on_answer(response: httpx.Response) -> None:
    wanted = os.environ.get(KILL_ON)
    request = response.request
    if wanted and f"{request.method} {request.url.path}".startswith(wanted):
        os.kill(os.getpid(), signal.SIGKILL)


def main(argv: list[str]) -> None:
    url, token, tile, *squares = argv
    positions = [epu.placement(tile, square, n) for n, square in enumerate(squares)]
    hooks = {"response": [_kill_on_answer]}
    with (
        httpx.Client(base_url=url, auth=BearerToken(token), event_hooks=hooks) as http,
        SmartEMAPIClient(url, httpx_client=http) as client,
    ):
        links = client.link_atlas_tile_and_gridsquares(positions)
    print(f"linked {len(links)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
