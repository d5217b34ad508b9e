"""Child process of the hostile-server tests: one call against one server, measured.

    python -m tests.faults.hostile_probe URL sync|async [listing|status]

``listing`` (the default) lists acquisitions under small explicit limits (``LIMITS``);
``status`` reads ``GET /status`` as a new user would, with the client's default limits.
Prints one JSON line: the error's class and message (and the cap it names, if any), seconds
to it, and the process's resident memory before the call and its peak during it
(``VmHWM``). Request logs go to stderr at DEBUG, so the parent can look for the token in
everything the client wrote.
"""

from __future__ import annotations

import asyncio
import json
import logging
import resource
import sys
import time
from typing import Any

from smartem_ext import AnswerLimits, AsyncSmartEMAPIClient, BearerToken, SmartEMAPIClient

TOKEN = "hostile-probe-token-5f2c9a"
CAP = 8 * 1024 * 1024
LIMITS = AnswerLimits(deadline=2.0, max_received=CAP, max_decoded=CAP)
TIMEOUT = 1.0


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise LookupError(field)


def _reset_peak() -> int:
    """Start measuring the peak afresh; returns the resident memory now, in KiB.

    The peak left by importing is higher than what the process holds after it, so the
    peak is reset (``clear_refs`` 5) to measure the call alone; where that is not allowed,
    ``ru_maxrss`` (the peak so far) is the baseline.
    """
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return _status_kib("VmRSS")


def _peak_kib() -> int:
    try:
        return _status_kib("VmHWM")
    except (OSError, LookupError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _settings(call: str) -> dict[str, Any]:
    if call == "status":  # a new user's client: every setting left at its default
        return {"auth": BearerToken(TOKEN)}
    return {"timeout": TIMEOUT, "auth": BearerToken(TOKEN), "limits": LIMITS}


def _call_sync(url: str, call: str) -> object:
    with SmartEMAPIClient(url, **_settings(call)) as client:
        return client.get_status() if call == "status" else client.get_acquisitions()


async def _call_async(url: str, call: str) -> object:
    async with AsyncSmartEMAPIClient(url, **_settings(call)) as client:
        return await (client.get_status() if call == "status" else client.get_acquisitions())


def main(url: str, kind: str, call: str = "listing") -> None:
    logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
    baseline = _reset_peak()
    started = time.monotonic()
    outcome: dict[str, Any]
    try:
        result = _call_sync(url, call) if kind == "sync" else asyncio.run(_call_async(url, call))
        outcome = {"error": None, "message": repr(result)[:200]}
    except BaseException as error:  # the parent judges what escaped
        outcome = {
            "error": type(error).__name__,
            "mro": [cls.__name__ for cls in type(error).__mro__],
            "message": str(error),
            "repr": repr(error),
            "cap": getattr(error, "cap", None),
            "limit": getattr(error, "limit", None),
        }
    outcome["seconds"] = round(time.monotonic() - started, 3)
    outcome["baseline_kib"] = baseline
    outcome["peak_kib"] = _peak_kib()
    print(json.dumps(outcome))


if __name__ == "__main__":
    main(*sys.argv[1:4])
