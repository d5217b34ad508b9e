"""``smartem-ext outbox status FILE`` and ``smartem-ext outbox drain FILE --base-url URL``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from smartem_ext.cli._program import EXIT_FAILED, EXIT_OK
from smartem_ext.client import SmartEMAPIClient
from smartem_ext.outbox import DeadLetter, Outbox, OutboxStats, read_stats

__all__ = ["configure"]

_SHOWN_DEAD_LETTERS = 20
ClientFactory = Callable[[argparse.Namespace], SmartEMAPIClient]


def configure(
    parser: argparse.ArgumentParser,
    connection_options: Callable[[argparse.ArgumentParser, bool], None],
    client_for: ClientFactory,
) -> None:
    """Add the ``status`` and ``drain`` subcommands to the ``outbox`` command's parser."""
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    status = actions.add_parser(
        "status",
        help="pending writes, delivered, dead letters and the last error of an outbox file",
        description="Read an outbox journal without changing it. Exit status 0 when "
        "nothing waits and nothing was refused, 1 otherwise.",
    )
    status.add_argument("file", type=Path, metavar="FILE")
    status.set_defaults(run=_status)
    drain = actions.add_parser(
        "drain",
        help="deliver what an outbox file holds, with progress",
        description="Send an outbox journal's pending writes to the backend and wait "
        "until they are delivered. Exit status 0 when drained, 1 otherwise.",
    )
    drain.add_argument("file", type=Path, metavar="FILE")
    drain.add_argument(
        "--wait",
        type=float,
        default=600.0,
        metavar="SECONDS",
        help="give up after this long (default: %(default)s)",
    )
    connection_options(drain, True)
    drain.set_defaults(run=lambda args: _drain(args, client_for))


def report(stats: OutboxStats, dead: list[DeadLetter], out: TextIO) -> None:
    for line in stats.lines():
        print(line, file=out)
    for letter in dead[:_SHOWN_DEAD_LETTERS]:
        print(f"dead letter {letter.kind} {letter.uuid}: {letter.error}", file=out)
    if len(dead) > _SHOWN_DEAD_LETTERS:
        print(f"... and {len(dead) - _SHOWN_DEAD_LETTERS} more dead letters", file=out)


def _status(args: argparse.Namespace) -> int:
    stats, dead = read_stats(args.file)
    report(stats, dead, sys.stdout)
    return EXIT_OK if stats.pending_total == 0 and not dead else EXIT_FAILED


def _drain(args: argparse.Namespace, client_for: ClientFactory) -> int:
    if not args.file.exists():
        raise FileNotFoundError(f"no outbox journal at {args.file}")
    started = time.monotonic()
    with client_for(args) as client:
        outbox = Outbox(client, args.file)
        try:
            total = outbox.stats().pending_total

            def progress(stats: OutboxStats) -> None:
                done = total - stats.pending_total
                print(
                    f"\rdraining: {done}/{total} sent, {stats.dead_letters} dead letters"
                    f" ({time.monotonic() - started:.0f}s)",
                    end="",
                    file=sys.stderr,
                    flush=True,
                )

            if total:
                progress(outbox.stats())  # at once, then about once a second while waiting
            drained = outbox.flush(args.wait, progress)
            print(file=sys.stderr)
            report(outbox.stats(), outbox.dead_letters(), sys.stdout)
        finally:
            outbox.close()
    return EXIT_OK if drained else EXIT_FAILED
