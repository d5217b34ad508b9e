"""The SSE decoder: line endings, fields, dispatch rules and arbitrary chunking."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Iterable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartem_ext._sse_core import ServerSentEvent, SSEDecoder


def decode(*chunks: bytes) -> list[ServerSentEvent]:
    """The events of a whole byte stream, as the stream drivers feed the decoder."""
    decoder = SSEDecoder()
    events = [event for chunk in chunks for event in decoder.feed(chunk)]
    decoder.end()
    return events


def one_byte_at_a_time(stream: bytes) -> list[ServerSentEvent]:
    return decode(*(stream[i : i + 1] for i in range(len(stream))))


def data_of(events: Iterable[ServerSentEvent]) -> list[str]:
    return [event.data for event in events]


# A stream exercising every rule at once, used for the chunking tests.
MIXED = (
    b"\xef\xbb\xbf: opening comment\r\n"
    b"retry: 2500\r\n"
    b"id: 7\r\n"
    b"event: instruction\r\n"
    b'data: {"a":\r\n'
    b"data:  1}\r\n"
    b"\r\n"
    b"event: heartbeat\n"
    b"data: caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xac\n"
    b"\n"
    b": ping\r"
    b"data\r"
    b"\r"
    b"id\n"
    b"data: last\r\n"
    b"\r\n"
    b"data: never dispatched"
)
MIXED_EVENTS = [
    ServerSentEvent(event="instruction", data='{"a":\n 1}', retry=2500),
    ServerSentEvent(event="heartbeat", data="café € 🔬", retry=2500),
    ServerSentEvent(event="message", data="", retry=2500),
    ServerSentEvent(event="message", data="last", retry=2500),
]


class TestLineEndings:
    @pytest.mark.parametrize("sep", [b"\r\n", b"\n", b"\r"], ids=["CRLF", "LF", "CR"])
    def test_each_line_ending_ends_lines(self, sep: bytes) -> None:
        stream = sep.join([b"event: instruction", b"data: one", b"", b"data: two", b"", b""])
        assert decode(stream) == [
            ServerSentEvent(event="instruction", data="one"),
            ServerSentEvent(data="two"),
        ]

    def test_mixed_line_endings_in_one_stream(self) -> None:
        assert data_of(decode(b"data: a\r\n\ndata: b\r\rdata: c\n\r\n")) == ["a", "b", "c"]

    def test_crlf_split_between_chunks_is_one_line_end(self) -> None:
        # Were the LF a second line end, it would dispatch "a" early and lose "b".
        assert data_of(decode(b"data: a\r", b"\ndata: b\r\n\r\n")) == ["a\nb"]

    def test_cr_at_chunk_end_followed_by_other_text(self) -> None:
        assert data_of(decode(b"data: a\r", b"data: b\r", b"\r")) == ["a\nb"]

    def test_cr_at_chunk_end_then_blank_line_by_lf(self) -> None:
        assert data_of(decode(b"data: a\r", b"\n", b"\n")) == ["a"]

    def test_lone_lf_after_cr_is_not_skipped_twice(self) -> None:
        # CR, then LF (same line end), then LF (a blank line): one event.
        assert data_of(decode(b"data: a\r", b"\n\n")) == ["a"]

    def test_empty_chunks_change_nothing(self) -> None:
        assert data_of(decode(b"data: a\r", b"", b"\n", b"", b"\n")) == ["a"]


class TestFields:
    def test_multi_line_data_joins_with_newline(self) -> None:
        assert data_of(decode(b"data: one\ndata: two\ndata: three\n\n")) == ["one\ntwo\nthree"]

    def test_one_leading_space_is_removed_and_no_more(self) -> None:
        assert data_of(decode(b"data:x\n\ndata:  y \n\n")) == ["x", " y "]

    def test_colon_inside_value_is_kept(self) -> None:
        assert data_of(decode(b'data: {"a": "b:c"}\n\n')) == ['{"a": "b:c"}']

    def test_field_without_colon_has_empty_value(self) -> None:
        assert data_of(decode(b"data\ndata\n\n")) == ["\n"]

    def test_empty_data_line_adds_trailing_newline(self) -> None:
        assert data_of(decode(b"data: a\ndata:\n\n")) == ["a\n"]

    def test_comments_are_ignored(self) -> None:
        events = decode(b": hello\n:\ndata: a\n: in between\ndata: b\n\n: ping - 2024\n\n")
        assert data_of(events) == ["a\nb"]

    def test_unknown_fields_are_ignored(self) -> None:
        assert decode(b"foo: bar\nEvent: x\ndata: a\n\n") == [ServerSentEvent(data="a")]

    def test_event_type_defaults_to_message_and_resets_after_dispatch(self) -> None:
        events = decode(b"event: instruction\ndata: 1\n\ndata: 2\n\n")
        assert [e.event for e in events] == ["instruction", "message"]

    def test_empty_event_field_means_message(self) -> None:
        assert decode(b"event:\ndata: 1\n\n")[0].event == "message"

    def test_blank_line_without_data_dispatches_nothing_and_resets_type(self) -> None:
        events = decode(b"event: instruction\n\ndata: 1\n\n")
        assert events == [ServerSentEvent(data="1")]

    def test_id_lines_change_no_event(self) -> None:
        # The backend sets no ids, so the client tracks none (no Last-Event-ID to send).
        with_ids = decode(b"id: 1\ndata: a\n\nid: a\x00b\ndata: b\n\nid\ndata: c\n\nid: 5\n\n")
        assert with_ids == decode(b"data: a\n\ndata: b\n\ndata: c\n\n")
        assert data_of(with_ids) == ["a", "b", "c"]

    def test_retry_sets_reconnection_time_without_an_event(self) -> None:
        decoder = SSEDecoder()
        assert decoder.feed(b"retry: 1500\n\n") == []
        assert decoder.retry == 1500
        assert decoder.feed(b"data: a\n\n")[0].retry == 1500

    @pytest.mark.parametrize("value", [b"", b"1.5", b"-1", b"  10", b"abc", b"\xd9\xa3"])
    def test_retry_that_is_not_ascii_digits_is_ignored(self, value: bytes) -> None:
        decoder = SSEDecoder()
        decoder.feed(b"retry: 100\nretry:" + value + b"\n\n")
        assert decoder.retry == 100


class TestEncodingAndEnd:
    def test_leading_bom_is_dropped(self) -> None:
        assert data_of(decode(b"\xef\xbb\xbfdata: a\n\n")) == ["a"]

    def test_leading_bom_split_across_chunks_is_dropped(self) -> None:
        assert data_of(decode(b"\xef", b"\xbb", b"\xbfdata: a\n\n")) == ["a"]

    def test_bom_later_in_the_stream_is_kept(self) -> None:
        # A second BOM makes the field name "\ufeffdata", which is unknown: no event.
        assert decode(b"\xef\xbb\xbf\xef\xbb\xbfdata: a\n\n") == []

    def test_multibyte_character_split_across_chunks(self) -> None:
        assert data_of(decode(b"data: \xf0\x9f", b"\x94\xac\n\n")) == ["🔬"]

    def test_invalid_utf8_is_replaced(self) -> None:
        assert data_of(decode(b"data: a\xffb\n\n")) == ["a\ufffdb"]

    def test_event_cut_off_by_end_of_stream_is_discarded(self) -> None:
        assert data_of(decode(b"data: a\n\ndata: b\n")) == ["a"]
        assert data_of(decode(b"data: a\n\ndata: b")) == ["a"]

    def test_end_forgets_the_half_read_event(self) -> None:
        decoder = SSEDecoder()
        decoder.feed(b"event: x\ndata: half")
        decoder.end()
        assert decoder.feed(b"data: b\n\n") == [ServerSentEvent(data="b")]


class TestChunking:
    def test_whole_stream(self) -> None:
        assert decode(MIXED) == MIXED_EVENTS

    def test_one_byte_at_a_time(self) -> None:
        assert one_byte_at_a_time(MIXED) == MIXED_EVENTS

    def test_every_split_into_two_chunks(self) -> None:
        for cut in range(len(MIXED) + 1):
            assert decode(MIXED[:cut], MIXED[cut:]) == MIXED_EVENTS, cut

    def test_every_split_into_three_chunks_around_line_ends(self) -> None:
        ends = [i for i, byte in enumerate(MIXED) if byte in b"\r\n"]
        cuts = sorted({c for i in ends for c in (i, i + 1)})
        for first in cuts:
            for second in cuts:
                if second >= first:
                    chunks = (MIXED[:first], MIXED[first:second], MIXED[second:])
                    assert decode(*chunks) == MIXED_EVENTS, (first, second)

    @given(st.lists(st.integers(min_value=0, max_value=len(MIXED)), max_size=12))
    def test_any_chunking_gives_the_same_events(self, cuts: list[int]) -> None:
        bounds = [0, *sorted(cuts), len(MIXED)]
        chunks = [MIXED[a:b] for a, b in itertools.pairwise(bounds)]
        assert decode(*chunks) == MIXED_EVENTS

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["instruction", "heartbeat", ""]),
                st.lists(
                    st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r\n")),
                    min_size=1,
                ),
            ),
            max_size=5,
        ),
        st.sampled_from(["\r\n", "\n", "\r"]),
    )
    def test_encoded_events_round_trip_byte_by_byte(
        self, messages: list[tuple[str, list[str]]], sep: str
    ) -> None:
        text = ""
        for event, lines in messages:
            if event:
                text += f"event: {event}{sep}"
            text += "".join(f"data: {line}{sep}" for line in lines) + sep
        expected = [(event or "message", "\n".join(lines)) for event, lines in messages]
        stream = text.encode("utf-8")
        for events in (decode(stream), one_byte_at_a_time(stream)):
            assert [(e.event, e.data) for e in events] == expected


class TestAsync:
    def test_async_stream_gives_the_same_events(self) -> None:
        async def chunks() -> AsyncIterator[bytes]:
            for i in range(len(MIXED)):
                yield MIXED[i : i + 1]

        async def collect() -> list[ServerSentEvent]:
            decoder = SSEDecoder()
            return [event async for chunk in chunks() for event in decoder.feed(chunk)]

        assert asyncio.run(collect()) == MIXED_EVENTS
