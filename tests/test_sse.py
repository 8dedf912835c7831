"""The stream decoder and text aggregation, at the transport level (httpx.MockTransport)."""
from __future__ import annotations

import json

import httpx

from skill.sse import (KEEPALIVE, OTHER, THOUGHT, StreamDecoder, StreamError, Text, TextAssembler, ToolCall,
                       ToolResult, is_credits_error, is_temporary_issue)


def adk(parts, partial=False, role="model"):
    ev = {"author": "nemo_agent", "content": {"role": role, "parts": parts}}
    if partial:
        ev["partial"] = True
    return "data: " + json.dumps(ev) + "\n\n"


def stream_of(body: str, chunk: int = 7):
    """Serve `body` as an SSE response in small chunks, through httpx."""
    def handler(request):
        data = body.encode()
        return httpx.Response(200, headers={"content-type": "text/event-stream"},
                              stream=httpx.ByteStream(data) if chunk is None else _Chunked(data, chunk))
    client = httpx.Client(transport=httpx.MockTransport(handler))
    return client


class _Chunked(httpx.SyncByteStream):
    def __init__(self, data, size):
        self.data, self.size = data, size

    def __iter__(self):
        for i in range(0, len(self.data), self.size):
            yield self.data[i:i + self.size]


def decode(body: str, chunk: int = 7):
    client = stream_of(body, chunk)
    decoder = StreamDecoder()
    with client.stream("POST", "http://x/run_sse") as response:
        events = list(decoder.iter_response(response))
    return events, decoder


def kinds(events):
    return [type(e).__name__ if not e in (KEEPALIVE, THOUGHT, OTHER) else repr(e) for e in events]


def test_adk_events_normalized_across_chunk_boundaries():
    body = (adk([{"text": "I'll "}], partial=True) + adk([{"text": "do it."}], partial=True)
            + adk([{"text": "I'll do it."}])
            + adk([{"functionCall": {"id": "1", "name": "generate_video_with_seedance", "args": {"p": 1}}}])
            + adk([{"functionResponse": {"id": "1", "name": "generate_video_with_seedance", "response": {}}}],
                  role="user")
            + adk([{"text": "secret plan", "thought": True}]))
    events, decoder = decode(body, chunk=5)
    assert kinds(events) == ["Text", "Text", "Text", "ToolCall", "ToolResult", "Thought"]
    assert [e.partial for e in events[:3]] == [True, True, False]
    assert events[3].name == "generate_video_with_seedance"
    assert decoder.malformed == 0


def test_simple_dialect():
    body = "".join("data: " + json.dumps(e) + "\n\n" for e in [
        {"type": "text", "content": "Hello"}, {"type": "tool_call", "name": "edit_multitrack", "args": {}},
        {"type": "tool_result", "name": "edit_multitrack", "result": {}}, {"type": "heartbeat"},
        {"type": "error", "error_type": "X", "error_message": "bad"}])
    events, _ = decode(body)
    assert kinds(events) == ["Text", "ToolCall", "ToolResult", "KeepAlive", "StreamError"]
    assert events[0].text == "Hello" and not events[0].partial
    assert (events[4].type, events[4].message) == ("X", "bad")


def test_keepalives_comments_and_empty_data():
    events, _ = decode(": ping\n\ndata:\n\n: ping\n\n" + adk([{"text": "hi"}]))
    assert kinds(events) == ["KeepAlive", "KeepAlive", "KeepAlive", "Text"]


def test_error_variants_snake_and_camel_case():
    body = ('data: {"error_type": "A", "error_message": "one"}\n\n'
            'data: {"errorCode": "B", "errorMessage": "two"}\n\n')
    events, _ = decode(body)
    assert [(e.type, e.message) for e in events] == [("A", "one"), ("B", "two")]


def test_malformed_json_is_skipped_and_counted():
    body = adk([{"text": "a"}]) + 'data: {"content": {"parts": [{"text": "Proc\n\n' + adk([{"text": "b"}])
    events, decoder = decode(body)
    assert [e.text for e in events] == ["a", "b"]
    assert decoder.malformed == 1


def test_crlf_line_endings_and_multiline_data():
    body = 'data: {"type": "text",\r\ndata:  "content": "x"}\r\n\r\n'
    events, _ = decode(body, chunk=3)
    assert kinds(events) == ["Text"] and events[0].text == "x"


def test_event_without_trailing_blank_line_at_end_still_counts():
    events, _ = decode('data: {"type": "text", "content": "last"}')
    assert [e.text for e in events] == ["last"]


def test_non_object_json_and_unknown_parts_are_not_text():
    events, decoder = decode('data: [1, 2]\n\ndata: "str"\n\n' + adk([{"inlineData": {"mimeType": "x"}}]))
    assert all(e is OTHER for e in events)
    assert decoder.malformed == 0


# --------------------------------------------------------------------------- aggregation
def shown(events):
    asm = TextAssembler()
    out = []
    for e in events:
        if isinstance(e, Text):
            piece = asm.add(e)
        else:
            piece = asm.boundary()
        if piece:
            out.append(piece)
    piece = asm.finish()
    if piece:
        out.append(piece)
    return out


def test_final_repeating_partials_is_shown_once():
    assert shown([Text("Hel", True), Text("lo", True), Text("Hello")]) == ["Hello"]


def test_partials_without_final_are_their_concatenation():
    assert shown([Text("Hel", True), Text("lo", True)]) == ["Hello"]


def test_partials_flushed_at_tool_call_then_repeated_final_not_shown_twice():
    events = [Text("Working ", True), Text("on it.", True), ToolCall("t"), Text("Working on it.")]
    assert shown(events) == ["Working on it."]


def test_two_messages_each_shown_once():
    events = [Text("A ", True), Text("A "), ToolCall("t"), ToolResult("t"), Text("B", True), Text("B")]
    assert shown(events) == ["A ", "B"]


def test_pending_marks_a_cut_sentence():
    asm = TextAssembler()
    asm.add(Text("half", True))
    assert asm.pending
    assert asm.finish() == "half" and not asm.pending


def test_temporary_issue_and_credits_recognised():
    assert is_temporary_issue("I encountered a temporary issue. Please try again later.")
    assert not is_temporary_issue("Your video is ready.")
    assert is_credits_error(StreamError("INSUFFICIENT_CREDITS", "code 2001: not enough credits"))
    assert not is_credits_error(StreamError("INTERNAL", "The agent failed."))
