"""Server-Sent Events decoding: a small state machine over lines, fed with byte chunks.

It follows the WHATWG "event stream interpretation" rules (UTF-8 with an optional BOM;
CRLF, LF or CR line ends, a CRLF split across chunks being one; comments; ``event``,
``data`` and ``retry`` fields; a blank line dispatches an event that has data; an event cut
off by the end of the stream is dropped). ``id`` is ignored: the backend sets none.
httpx-sse 0.4.3 fails several of tests/unit/test_sse_decode.py's framing tests (CR line
ends, events without data, ``retry`` values, the BOM), so this decoder stays.
"""

from __future__ import annotations

import codecs
import re

import attrs

__all__ = ["SSEDecoder", "ServerSentEvent"]

_LINE_END = re.compile(r"\r\n|\r|\n")


@attrs.frozen(kw_only=True)
class ServerSentEvent:
    """One dispatched event."""

    event: str = "message"
    data: str = ""
    retry: int | None = None
    """The reconnection time in milliseconds in force when the event was dispatched."""


class SSEDecoder:
    """Incremental decoder: ``feed`` byte chunks of any size, get the completed events.

    ``retry`` holds the last valid ``retry:`` value (milliseconds) seen so far, whether
    or not an event was dispatched after it.
    """

    def __init__(self) -> None:
        self._text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._at_start = True
        self._partial = ""  # text of the line being read
        self._skip_lf = False  # the previous chunk ended in CR: an LF first is part of it
        self._event_type = ""
        self._data: list[str] = []
        self.retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Decode ``chunk``; return the events it completed, in order."""
        text = self._text.decode(chunk)
        if self._at_start and text:
            self._at_start = False
            text = text.removeprefix("\ufeff")
        if self._skip_lf and text:
            self._skip_lf = False
            text = text.removeprefix("\n")
        if not text:
            return []
        lines = _LINE_END.split(text)
        lines[0] = self._partial + lines[0]
        self._partial = lines.pop()
        self._skip_lf = text.endswith("\r")
        return [event for line in lines if (event := self._line(line)) is not None]

    def end(self) -> None:
        """The stream ended: drop the half-read line and event, as the rules require."""
        self._text.decode(b"", final=True)
        self._partial = ""
        self._skip_lf = False
        self._event_type = ""
        self._data = []

    def _line(self, line: str) -> ServerSentEvent | None:
        if not line:
            data, event_type = self._data, self._event_type
            self._data, self._event_type = [], ""
            if not data:
                return None
            return ServerSentEvent(
                event=event_type or "message", data="\n".join(data), retry=self.retry
            )
        if line[0] == ":":
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._event_type = value
        elif name == "data":
            self._data.append(value)
        elif name == "retry" and value.isascii() and value.isdigit():
            self.retry = int(value)
        return None
