"""Server-Sent Events decoding: a small state machine over lines, fed with byte chunks.

It follows the WHATWG "event stream interpretation" rules: UTF-8 with an optional leading
BOM; lines end with CRLF, LF or CR (a CRLF split across two chunks is one line end);
lines starting with ``:`` are comments; ``event``, ``data`` and ``retry`` fields;
several ``data`` lines join with ``\\n``; a blank line dispatches the event (none when no
data was given); an event cut off by the end of the stream is discarded. ``id`` lines are
read and ignored: the backend's stream sets no ids, so there is no ``Last-Event-ID`` to send.

This decoder serves both the sync stream (``httpx`` ``iter_bytes``) and the async one
(``aiter_bytes``). httpx-sse 0.4.3 was tried in its place on tests/unit/test_sse_decode.py
(through a thin adapter) and fails framing tests there, among them
``test_each_line_ending_ends_lines[CR]`` and ``test_cr_at_chunk_end_followed_by_other_text``
(an event ended by CR waits for more bytes),
``test_blank_line_without_data_dispatches_nothing_and_resets_type`` and
``test_retry_sets_reconnection_time_without_an_event`` (it dispatches events without
data), ``test_retry_that_is_not_ascii_digits_is_ignored`` (it takes ``-1`` or `` 10``)
and ``test_leading_bom_is_dropped``; so this one stays.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

import attrs

__all__ = ["SSEDecoder", "ServerSentEvent"]

_LINE_END = re.compile(r"[\r\n]")
_BOM = "\ufeff"


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
            if text.startswith(_BOM):
                text = text[1:]
        events: list[ServerSentEvent] = []
        for line in self._lines(text):
            event = self._line(line)
            if event is not None:
                events.append(event)
        return events

    def end(self) -> None:
        """The stream ended: drop the half-read line and event, as the rules require."""
        self._text.decode(b"", final=True)
        self._partial = ""
        self._skip_lf = False
        self._event_type = ""
        self._data = []

    def _lines(self, text: str) -> Iterator[str]:
        if not text:
            return
        start = 0
        if self._skip_lf:
            self._skip_lf = False
            if text[0] == "\n":
                start = 1
        while True:
            found = _LINE_END.search(text, start)
            if found is None:
                self._partial += text[start:]
                return
            end = found.start()
            line = self._partial + text[start:end]
            self._partial = ""
            if text[end] == "\r":
                if end + 1 == len(text):
                    self._skip_lf = True
                elif text[end + 1] == "\n":
                    end += 1
            start = end + 1
            yield line

    def _line(self, line: str) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
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

    def _dispatch(self) -> ServerSentEvent | None:
        data, event_type = self._data, self._event_type
        self._data, self._event_type = [], ""
        if not data:
            return None
        return ServerSentEvent(
            event=event_type or "message",
            data="\n".join(data),
            retry=self.retry,
        )
