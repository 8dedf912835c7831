"""The stream decoder and text aggregation, at the transport level (httpx.MockTransport)."""
from __future__ import annotations

import json

import httpx

from skill.api.sse import (KEEPALIVE, OTHER, THOUGHT, EventStreamParser, StreamDecoder, ErrorEvent, AgentText, TextAssembler, ToolCall,
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
    assert kinds(events) == ["AgentText", "AgentText", "AgentText", "ToolCall", "ToolResult", "Thought"]
    assert [e.partial for e in events[:3]] == [True, True, False]
    assert events[3].name == "generate_video_with_seedance"
    assert decoder.malformed == 0


def test_simple_dialect():
    body = "".join("data: " + json.dumps(e) + "\n\n" for e in [
        {"type": "text", "content": "Hello"}, {"type": "tool_call", "name": "edit_multitrack", "args": {}},
        {"type": "tool_result", "name": "edit_multitrack", "result": {}}, {"type": "heartbeat"},
        {"type": "error", "error_type": "X", "error_message": "bad"}])
    events, _ = decode(body)
    assert kinds(events) == ["AgentText", "ToolCall", "ToolResult", "KeepAlive", "ErrorEvent"]
    assert events[0].text == "Hello" and not events[0].partial
    assert (events[4].type, events[4].message) == ("X", "bad")


def test_keepalives_comments_and_empty_data():
    events, _ = decode(": ping\n\ndata:\n\n: ping\n\n" + adk([{"text": "hi"}]))
    assert kinds(events) == ["KeepAlive", "KeepAlive", "KeepAlive", "AgentText"]


def test_error_variants_snake_and_camel_case():
    body = ('data: {"error_type": "A", "error_message": "one"}\n\n'
            'data: {"errorCode": "B", "errorMessage": "two"}\n\n')
    events, _ = decode(body)
    assert [(e.type, e.message) for e in events] == [("A", "one"), ("B", "two")]


def test_adk_2_api_servers_error_line_is_an_error():
    """What google-adk 2.13's /run_sse writes when the agent raises (seen on the wire)."""
    body = ('data: {"error": "RuntimeError: scripted failure", "error_details": {"error_type": "RuntimeError", '
            '"error_message": "scripted failure", "timestamp": 1796308264.89}}\n\n')
    events, decoder = decode(body)
    assert [(type(e).__name__, e.type, e.message) for e in events] == [
        ("ErrorEvent", "RuntimeError", "scripted failure")]


def test_malformed_json_is_skipped_and_counted():
    body = adk([{"text": "a"}]) + 'data: {"content": {"parts": [{"text": "Proc\n\n' + adk([{"text": "b"}])
    events, decoder = decode(body)
    assert [e.text for e in events] == ["a", "b"]
    assert decoder.malformed == 1


def test_crlf_line_endings_and_multiline_data():
    body = 'data: {"type": "text",\r\ndata:  "content": "x"}\r\n\r\n'
    events, _ = decode(body, chunk=3)
    assert kinds(events) == ["AgentText"] and events[0].text == "x"


def simple_text(t):
    return 'data: {"type": "text", "content": "%s"}' % t


def test_an_event_without_its_blank_line_at_the_end_is_discarded():
    events, _ = decode(simple_text("shown") + "\n\n" + simple_text("last"))
    assert [e.text for e in events] == ["shown"]
    events, _ = decode(simple_text("shown") + "\n\n" + simple_text("last") + "\n")   # line ended, event not
    assert [e.text for e in events] == ["shown"]
    events, _ = decode(simple_text("shown") + "\r\n\r")   # CR ends the blank line: dispatched
    assert [e.text for e in events] == ["shown"]


LINE_ENDINGS_BODY = (simple_text("a") + "\r\n\r\n" + simple_text("b") + "\r\r" + simple_text("c") + "\n\n"
                     + ": ping\r\n\r\n" + simple_text("d") + "\r\n\r\n")


def test_crlf_lf_and_cr_line_endings_split_at_every_chunk_boundary():
    # a CR at the end of one chunk and its LF at the start of the next are one line ending
    for chunk in range(1, len(LINE_ENDINGS_BODY) + 1):
        events, decoder = decode(LINE_ENDINGS_BODY, chunk=chunk)
        assert [e.text if isinstance(e, AgentText) else repr(e) for e in events] == ["a", "b", "c", "KeepAlive", "d"], chunk
        assert decoder.malformed == 0


def test_multiline_data_is_joined_with_newlines():
    parser = EventStreamParser()
    assert list(parser.iter_data(["data: a\ndata:b\ndata:  c\ndata\n\n"])) == ["a\nb\n c\n"]
    # a string cut across two data lines gets a newline inside it: not valid JSON, skipped
    events, decoder = decode('data: {"type": "text", "content": "a\ndata: b"}\n\n' + simple_text("ok") + "\n\n")
    assert [e.text for e in events] == ["ok"] and decoder.malformed == 1


def test_leading_bom_is_stripped_once():
    events, _ = decode("\ufeff" + simple_text("after bom") + "\n\n", chunk=2)
    assert [e.text for e in events] == ["after bom"]
    parser = EventStreamParser()
    # only the first: a second BOM makes the line a field named "\ufeffdata", not data
    assert list(parser.iter_data(["\ufeff", "\ufeffdata: x\n\n", "data: y\n\n"])) == [None, "y"]


def test_comment_only_stream_is_keepalives_not_events():
    body = ":\r: ping\r\n:keep-alive\n\n"
    events, decoder = decode(body, chunk=1)
    assert events == [KEEPALIVE, KEEPALIVE, KEEPALIVE]
    assert decoder.events == 0 and decoder.keepalives == 3 and not decoder.complete


def test_id_with_nul_is_ignored_retry_needs_digits_and_fields_are_not_events():
    parser = EventStreamParser()
    out = list(parser.iter_data(["id: 7\nretry: 150\n\nid: 8\0x\nretry: 1s\nevent: update\ndata: d\n\n"]))
    assert out == [None, "d"]
    assert (parser.last_event_id, parser.retry, parser.event_type) == ("7", 150, "update")


def test_decoding_is_utf8_whatever_the_charset_and_survives_split_characters():
    body = (simple_text("生成视频 ✓") + "\n\n").encode()

    def handler(request):
        return httpx.Response(200, headers={"content-type": "text/event-stream; charset=latin-1"},
                              stream=_Chunked(body, 1))
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        with client.stream("POST", "http://x/run_sse") as response:
            events = list(StreamDecoder().iter_response(response))
    assert [e.text for e in events] == ["生成视频 ✓"]


def test_non_object_json_and_unknown_parts_are_not_text():
    events, decoder = decode('data: [1, 2]\n\ndata: "str"\n\n' + adk([{"inlineData": {"mimeType": "x"}}]))
    assert all(e is OTHER for e in events)
    assert decoder.malformed == 0


# --------------------------------------------------------------------------- aggregation
def shown(events):
    asm = TextAssembler()
    out = []
    for e in events:
        if isinstance(e, AgentText):
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
    assert shown([AgentText("Hel", True), AgentText("lo", True), AgentText("Hello")]) == ["Hello"]


def test_partials_without_final_are_their_concatenation():
    assert shown([AgentText("Hel", True), AgentText("lo", True)]) == ["Hello"]


def test_partials_flushed_at_tool_call_then_repeated_final_not_shown_twice():
    events = [AgentText("Working ", True), AgentText("on it.", True), ToolCall("t"), AgentText("Working on it.")]
    assert shown(events) == ["Working on it."]


def test_two_messages_each_shown_once():
    events = [AgentText("A ", True), AgentText("A "), ToolCall("t"), ToolResult("t"), AgentText("B", True), AgentText("B")]
    assert shown(events) == ["A ", "B"]


def test_pending_marks_a_cut_sentence():
    asm = TextAssembler()
    asm.add(AgentText("half", True))
    assert asm.pending
    assert asm.finish() == "half" and not asm.pending


def test_temporary_issue_and_credits_recognised():
    assert is_temporary_issue("I encountered a temporary issue. Please try again later.")
    assert not is_temporary_issue("Your video is ready.")
    assert is_credits_error(ErrorEvent("INSUFFICIENT_CREDITS", "code 2001: not enough credits"))
    assert not is_credits_error(ErrorEvent("INTERNAL", "The agent failed."))


# --------------------------------------------------------------------------- finished or cut (ADK's rule)
INTRO = [{"text": "I'll generate it, hang tight."}]
SEEDANCE = {"functionCall": {"id": "c1", "name": "generate_video_with_seedance", "args": {}}}
RESULT = {"functionResponse": {"id": "c1", "name": "generate_video_with_seedance", "response": {}}}


def ended(*events):
    body = "".join(e if isinstance(e, str) else "data: " + json.dumps(e) + "\n\n" for e in events)
    _, decoder = decode(body)
    return ("awaiting" if decoder.awaiting else "complete") if decoder.complete else "cut"


def model(parts, **extra):
    return {"author": "nemo_agent", "content": {"role": "model", "parts": parts}, **extra}


def test_a_run_is_complete_when_it_ends_on_a_final_response():
    assert ended(model(INTRO, partial=True)) == "cut"                                   # a partial chunk
    assert ended(model(INTRO, partial=True), model([*INTRO, SEEDANCE])) == "cut"        # a plain tool call
    assert ended(model([SEEDANCE]), {"content": {"role": "user", "parts": [RESULT]}}) == "cut"   # a tool result
    assert ended(model(INTRO, partial=True), model(INTRO)) == "complete"                # the final text
    assert ended(model(INTRO), ": ping\n\n", "data:\n\n") == "complete"                 # keep-alives change nothing
    assert ended(model([{"text": "plan", "thought": True}], partial=True)) == "cut"     # a thought chunk
    # a call to a long-running tool is a final response: its result comes through the state
    assert ended(model(INTRO, partial=True),
                 model([*INTRO, SEEDANCE], longRunningToolIds=["c1"])) == "awaiting"
    assert ended(model([SEEDANCE], actions={"skipSummarization": True})) == "complete"
    assert ended(model([], errorCode="MAX_TOKENS")) == "complete"
    assert ended(model([], errorCode="MAX_TOKENS", partial=True)) == "cut"
    assert ended(model([{"executableCode": {"code": "1"}}, {"codeExecutionResult": {"output": "1"}}])) == "cut"
    assert ended() == "cut"                                                             # nothing at all
    # an event left without its blank line does not count either
    assert ended(model(INTRO, partial=True), "data: " + json.dumps(model(INTRO))) == "cut"


def test_simple_dialect_is_complete_only_after_a_text():
    text, call = {"type": "text", "content": "hang tight"}, {"type": "tool_call", "name": "g", "args": {}}
    result, beat = {"type": "tool_result", "name": "g", "result": {}}, {"type": "heartbeat"}
    assert ended(text) == "complete"
    assert ended(text, call) == "cut"
    assert ended(text, call, result) == "cut"
    assert ended(text, call, result, text, beat) == "complete"


def test_the_fast_verdict_agrees_with_adks_rule_on_any_event():
    from hypothesis import given, settings, strategies as st

    from skill.api.sse import is_final_response

    part = st.sampled_from([{"text": "a"}, {"text": ""}, {"text": "t", "thought": True}, SEEDANCE, RESULT,
                            {"functionCall": {}}, {"executableCode": {"code": "1"}},
                            {"codeExecutionResult": {"output": "1"}}, {"inlineData": {"mimeType": "x"}}, "junk"])
    extra = st.fixed_dictionaries({}, optional={
        "partial": st.booleans(), "longRunningToolIds": st.sampled_from([[], ["c1"]]),
        "actions": st.sampled_from([{}, {"skipSummarization": True}, {"stateDelta": {"a": 1}}]),
        "errorCode": st.sampled_from(["", "MAX_TOKENS"])})

    @settings(max_examples=400, deadline=None)
    @given(st.lists(part, max_size=4), extra, st.booleans())
    def check(parts, fields, with_content):
        event = {"author": "nemo_agent", **fields}
        if with_content:
            event["content"] = {"role": "model", "parts": parts}
        decoder = StreamDecoder()
        list(decoder.iter_chunks(["data: " + json.dumps(event) + "\n\n"]))
        assert decoder.complete == is_final_response(event)
        calls = any(isinstance(p, dict) and p.get("functionCall") for p in parts) and with_content
        if not fields.get("errorCode"):          # an error ends the turn as an error, awaiting nothing
            assert decoder.awaiting == (decoder.complete and calls and bool(fields.get("longRunningToolIds")))

    check()


def test_an_endless_line_is_dropped_not_held(monkeypatch):
    from skill.api import sse_wire

    monkeypatch.setattr(sse_wire, "MAX_LINE", 100)
    huge = ['data: {"type": "text", "content": "' + "x" * 60] * 5      # 300+ characters, no line end
    out = list(EventStreamParser().iter_data(huge + ['"}\n\n', 'data: {"type": "text", "content": "after"}\n\n']))
    assert None in out                                                  # the caller got control meanwhile
    assert [d for d in out if d is not None] == ['{"type": "text", "content": "after"}']
