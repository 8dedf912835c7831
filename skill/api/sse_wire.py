"""The WHATWG event-stream wire format (HTML Living Standard, "Server-sent
events": parsing an event stream), on its own: no library's private parts.

Lines end with CRLF, LF or CR (a CR ending one chunk may have its LF at the
start of the next); one leading BOM is dropped; `:` lines are comments;
`data` lines are joined with "\n" (one space after the colon is removed);
`id` is ignored when it contains NUL; `retry` needs ASCII digits; an event is
dispatched on a blank line, and one left without its blank line when the
stream ends is discarded.

Bounded whatever the server sends: a line longer than MAX_LINE is dropped, and an event
whose data grows past MAX_EVENT characters or MAX_DATA_LINES lines without its blank line
(a broken or hostile server sending `data:` lines forever) ends the stream with
EventTooLarge: memory stays flat.
"""
from __future__ import annotations

import codecs
from typing import Iterable, Iterator

MAX_LINE = 8 * 1024 * 1024   # characters; a longer line is dropped (an ADK event is a few KiB)
MAX_EVENT = 8 * 1024 * 1024  # characters of data in one event: more is not an event but a flood
MAX_DATA_LINES = 100_000     # data lines in one event (empty ones cost memory too)


class EventTooLarge(ValueError):
    """One event's data went past MAX_EVENT characters or MAX_DATA_LINES lines, still unfinished."""

    def __init__(self, chars: int, lines: int):
        super().__init__(f"event over {MAX_EVENT} characters or {MAX_DATA_LINES} lines")
        self.chars = chars
        self.lines = lines


class EventStreamParser:
    """The WHATWG event-stream parser: text chunks in, each event's data out.

    `iter_data` yields the data of every dispatched event (data lines joined
    with "\n"; "" for an empty `data:`), and None for a comment or a block
    with fields but no data: not an event, but the server is alive.
    """

    def __init__(self) -> None:
        self.last_event_id = ""
        self.event_type = ""                  # of the last dispatched event ("" = message)
        self.retry: int | None = None         # the server's reconnection time (ms); we never reconnect

    def iter_data(self, chunks: Iterable[str]) -> Iterator[str | None]:
        data: list[str] = []
        size = 0           # characters in `data`
        event = ""
        fields = False     # a block with fields but no data
        rest: list[str] = []   # an unterminated line, waiting for the rest of it
        rest_len = 0
        overlong = False   # dropping a line longer than MAX_LINE until its end
        cr = False         # the last chunk ended with CR: a leading LF is its pair
        first = True
        for chunk in chunks:
            if not chunk:
                continue
            if first:
                first = False
                if chunk[0] == "\ufeff":     # one leading BOM
                    chunk = chunk[1:]
                    if not chunk:
                        continue
            if cr:
                cr = False
                if chunk[0] == "\n":
                    chunk = chunk[1:]
                    if not chunk:
                        continue
            if "\r" in chunk:
                cr = chunk[-1] == "\r"
                chunk = chunk.replace("\r\n", "\n").replace("\r", "\n")
            if "\n" not in chunk:
                rest.append(chunk)
                rest_len += len(chunk)
                if rest_len > MAX_LINE:           # never hold an endless line
                    rest.clear()
                    rest_len = 0
                    overlong = True
                    yield None                    # (lets the caller look at its clock)
                continue
            if rest:
                rest.append(chunk)
                chunk = "".join(rest)
                rest.clear()
            lines = chunk.split("\n")
            tail = lines.pop()
            if tail:
                rest.append(tail)
            rest_len = len(tail)
            if overlong:
                overlong = False
                del lines[0]                      # the end of the line that was too long
            for line in lines:
                if not line:                      # blank line: dispatch
                    if data:
                        self.event_type = event
                        yield data[0] if len(data) == 1 else "\n".join(data)
                        data = []
                        size = 0
                    elif fields:
                        yield None
                    event = ""
                    fields = False
                    continue
                if line[:5] == "data:":
                    value = line[5:]
                    data.append(value[1:] if value[:1] == " " else value)
                    size += len(value)
                    if size > MAX_EVENT or len(data) > MAX_DATA_LINES:
                        raise EventTooLarge(size, len(data))
                    continue
                if line[0] == ":":                # comment
                    yield None
                    continue
                fields = True
                name, colon, value = line.partition(":")
                if colon and value[:1] == " ":
                    value = value[1:]
                if name == "data":                # a bare "data" line: an empty data line
                    data.append(value)
                    if len(data) > MAX_DATA_LINES:
                        raise EventTooLarge(size, len(data))
                elif name == "event":
                    event = value
                elif name == "id":
                    if "\0" not in value:
                        self.last_event_id = value
                elif name == "retry":
                    if value.isascii() and value.isdigit():
                        self.retry = int(value)
                # any other field is ignored
        # End of stream: a partial line and an event without its blank line are discarded.


def utf8_text(chunks: Iterable[bytes]) -> Iterator[str]:
    """Bytes chunks -> text chunks: an event stream is UTF-8 whatever its charset says."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    decode = decoder.decode
    for chunk in chunks:
        text = decode(chunk)
        if text:
            yield text
    tail = decode(b"", True)
    if tail:
        yield tail
