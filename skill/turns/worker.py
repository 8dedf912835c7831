"""The detached worker: sends one chat message, holds the stream, records the outcome.

    python -m skill.turns.worker TURN_ID [--recover]

Started by `chat` in its own session so hosts that kill `chat` (at ~120 s)
do not kill the turn. Everything it learns goes to the store (skill.turns.book);
the token reaches it through the environment or the store, never argv.

The one rule: once the message may have reached the backend it is never sent
again. A dropped, silent, failed or timed-out stream is settled by polling
the project state and reporting what changed.
"""
from __future__ import annotations

import os
import sys
import time
from typing import Any

from skill.api.httpx_lean import httpx

from skill.core import catalogue, config, errors, sanitize
from skill.core import draft as drafts
from skill.api.sse import (KEEPALIVE, StreamDecoder, ErrorEvent, AgentText, TextAssembler, ToolCall, ToolResult,
                       StreamTooLarge, is_credits_error, is_temporary_issue)
from skill.api.sse_wire import MAX_EVENT, EventTooLarge
from skill.core.store import Store
from skill.core.timing import Timings
from skill.core.events import ErrorInfo
from skill.turns.book import TurnBook, TurnRecord, turn_outcome


class TurnRunner:
    def __init__(self, settings: config.Settings, store: Store, record: TurnRecord,
                 timings: Timings | None = None, client=None, sleep=time.sleep):
        self.settings = settings
        self.book = TurnBook(store)
        self.store = store
        self.rec = record
        self.lang = record.lang
        self.timings = timings or Timings.from_env()
        self.sleep = sleep
        self._client = client
        self.pieces: list[str] = []       # text shown, in order
        self._outbox: list[tuple[str, dict]] = []   # events not yet in the store (see _record)
        self._flushed_at = 0.0
        self._state_read_at = float("-inf")
        self._failure: errors.ServiceFailed | None = None   # the error answer /run_sse gave, if any
        self.actions: list[str] = []
        self.shown_changes: list[str] = []
        self.notices: list[str] = []
        self._last_draft = drafts.of_state(record.before_state)   # what the user has been told about so far

    # -- entry points -----------------------------------------------------------------
    def run(self) -> None:
        try:
            self._run()
        except errors.SkillError as exc:
            self._fail(exc)
        finally:
            self._close()

    def recover(self) -> None:
        """Settle a turn whose worker died: poll state, report what changed."""
        try:
            # What the lost worker already showed is part of the outcome, and is not shown again.
            shown = self.book.events_after(self.rec.id, 0)
            self.pieces = [p["text"] for _s, kind, p in shown if kind == "text"]
            self.shown_changes = [line for _s, kind, p in shown if kind == "changes" for line in p.get("lines") or []]
            self.notices = [p["text"] for _s, kind, p in shown if kind == "notice" and p.get("text")]
            client = self.client()
            before = (self.rec.before_state or {})
            self._settle(client, before, "dropped")
        except errors.SkillError as exc:
            self._fail(exc)
        finally:
            self._close()

    # -- the turn -----------------------------------------------------------------
    def client(self):
        if self._client is None:
            from skill.api.client import NemoClient

            self._client = NemoClient(self.settings, store=self.store, timings=self.timings, lang=self.lang)
        return self._client

    def _close(self) -> None:
        if self._client is not None:
            self._client.close()

    def _run(self) -> None:
        _warm_up(self.lang)   # load translators now, not after the stream's last byte
        client = self.client()
        before = client.state()   # creates the session on first need
        self.book.set_before(self.rec.id, before)
        self._last_draft = drafts.of_state(before)
        self._notices_from(client)
        self._first_session = client.session().session_id
        ending = self._stream(client)
        self._notices_from(client)
        now_session = client.sessions.current()
        if now_session and now_session.session_id != self._first_session:
            # The project was restarted on the way: the new one started empty.
            before = {}
            self._last_draft = {}
        self._settle(client, before, ending)

    def _stream(self, client) -> str:
        """Hold the stream; returns how it ended:
        complete | awaiting | empty | dropped | timeout | refused (an error answer or an error event)
        | too_large (an event that grew past sse_wire's bounds without its end: reading stopped).

        There is no end event: the stream just closes. Whether the run was
        finished or cut is ADK's own rule (skill.api.sse, `is_final_response`): it
        is complete when its last event is a final response (`awaiting` when
        that response is a call to a long-running tool, whose result comes
        through the state); a close after a partial chunk, a plain tool call or
        a tool result was a cut.
        """
        timings = self.timings
        decoder = StreamDecoder()
        assembler = TextAssembler()
        start = last_activity = time.monotonic()
        self.book.set_sent(self.rec.id, True)   # from here on the message may have arrived
        ending = "complete"
        got_text = False
        try:
            with client.open_chat_stream(self.rec.message, on_session=self._on_session) as response:
                self.book.set_delivered(self.rec.id)   # the service answered: it has the message
                for event in decoder.iter_response(response):
                    now = time.monotonic()
                    if now - start > timings.turn_limit:
                        ending = "timeout"
                        break
                    if event is KEEPALIVE:
                        if now - last_activity > timings.idle_timeout:
                            ending = "timeout"
                            break
                        continue
                    last_activity = now
                    kind = type(event)
                    if kind is AgentText:
                        got_text = self._show(assembler.add(event)) or got_text
                    elif kind is ToolCall:
                        got_text = self._show(assembler.boundary()) or got_text
                    elif kind is ToolResult:
                        got_text = self._show(assembler.boundary()) or got_text
                        self._stage_changes(client)
                    elif kind is ErrorEvent:
                        got_text = self._show(assembler.boundary()) or got_text
                        if is_credits_error(event):
                            raise client.no_credits_error()
                        detail = _short(event.message or event.type)
                        self._notice("stream_error", detail=detail)
                        self._failure = errors.RunFailed(detail)
                        ending = "refused"   # the run ended on the service's error: one look, no minutes of polling
                        break
                else:
                    got_text = self._show(assembler.finish()) or got_text   # a cut sentence, as far as it got
                    if not decoder.complete:
                        ending = "dropped"
                    elif decoder.awaiting:
                        ending = "awaiting"
        except EventTooLarge:
            got_text = self._show(assembler.finish()) or got_text
            ending = "too_large"   # the service took the message; its answer can't be read: poll the project
        except errors.ServiceFailed as exc:
            self._failure = exc
            ending = "refused"   # an error answer instead of a stream: one look at the project
        except errors.BackendUnavailable as exc:
            if not exc.sent:
                self.book.set_sent(self.rec.id, False)
                raise
            ending = "dropped"
        except httpx.ReadTimeout:
            ending = "timeout"   # not even a keep-alive for stream_read seconds
        except httpx.TransportError:
            ending = "dropped"   # peer gone mid-stream...
        except errors.NoCredits:
            raise                # in-stream: the backend took the message but did nothing
        except errors.SkillError:
            # Refused before the stream began (auth, rate limit, session): not taken.
            self.book.set_sent(self.rec.id, False)
            raise
        finally:
            self._flush()
        if ending == "complete" and not got_text:
            ending = "empty"
        return ending

    def _on_session(self, session) -> None:
        self.book.set_session(self.rec.id, session.session_id, session.task_id)

    def _show(self, piece: str | None) -> bool:
        """Record one piece of text for the user; False when there is nothing to show."""
        if not piece:
            return False
        text = sanitize.clean(piece).strip()
        if not text:
            return False
        if is_temporary_issue(text):
            # After a real answer it is noise; alone it means the turn went wrong.
            return False
        text, actions = _translate(text, self.lang)
        for action in actions:
            if action not in self.actions:
                self.actions.append(action)
        if not text.strip():
            return False
        self.pieces.append(text)
        self._record("text", {"text": text})
        return True

    def _record(self, kind: str, payload: dict) -> None:
        """Queue an event for the store; written in batches (a 100k-event stream is not
        100k transactions), at once for anything but text, and before the turn ends."""
        self._outbox.append((kind, payload))
        now = time.monotonic()
        if kind != "text" or now - self._flushed_at >= self.timings.event_flush_every:
            self._flush()

    def _flush(self) -> None:
        if self._outbox:
            self.book.add_events(self.rec.id, self._outbox)
            self._outbox = []
        self._flushed_at = time.monotonic()

    def _notice(self, key: str, **params: Any) -> None:
        text = catalogue.message(key, self.lang, **params)
        if text in self.notices:      # e.g. a stage the lost worker already announced
            return
        self.notices.append(text)
        self._record("notice", {"key": key, "text": text})

    def _notices_from(self, client) -> None:
        for key in client.take_notices():
            self._notice(key)

    # -- state ------------------------------------------------------------------------
    def _stage_changes(self, client) -> None:
        """A tool finished (e.g. the raw clip): tell the user what it changed, now.

        At most every `stage_check_every`: a stream of thousands of tool results must not
        be thousands of state reads; the end of the turn reads the state anyway."""
        now = time.monotonic()
        if now - self._state_read_at < self.timings.stage_check_every:
            return
        self._state_read_at = now
        try:
            state = client.state()
        except errors.SkillError:
            return
        self._report_step(state)

    def _report_step(self, state: dict, *, stages: bool = False) -> bool:
        draft = drafts.of_state(state)
        previous = self._last_draft
        lines = [l for l in _diff(previous, draft, self.lang) if l not in self.shown_changes]
        self._last_draft = draft
        if lines:
            self.shown_changes.extend(lines)
            self._record("changes", {"lines": lines})
        stage = drafts.generation_stage(previous, draft) if stages else None
        if stage:
            self._notice(stage)
        return bool(lines)

    def _settle(self, client, before: dict, ending: str) -> None:
        if ending in ("complete", "empty", "awaiting"):
            # A finished run is done now, whatever the project holds (PROTOCOL.md): only a call
            # to a long-running tool, whose result comes through the state, is waited for.
            after = self._poll_until_settled(client, before) if ending == "awaiting" else None
            after = after or self._safe_state(client)
            self._finish("done", before, after, watch=self._watch_for(ending, before, after))
            return self._follow_up(client, after)
        if ending == "refused":
            # The service answered with an error: it almost surely did nothing. One look at the
            # project (after a short wait) instead of minutes of polling, then a plain failure.
            self.sleep(self.timings.recovery_first_wait)
            after = self._safe_state(client)
            if after is not None and _diff(drafts.of_state(before), drafts.of_state(after), self.lang):
                return self._finish("recovered", before, after)
            exc = self._failure if self._failure is not None else errors.ServiceFailed(None)
            exc.retry = True
            return self._finish("failed", before, after, error=ErrorInfo.from_error(exc, self.lang))
        if ending == "dropped":
            self._notice("stream_dropped")
        elif ending == "timeout":
            self._notice("stream_timed_out")
        elif ending == "too_large":
            self._notice("stream_too_large_checking", limit=_mib(MAX_EVENT))
        after = self._poll_until_settled(client, before)
        changed = bool(after is not None and _diff(drafts.of_state(before), drafts.of_state(after), self.lang))
        if changed:
            self._finish("recovered", before, after, watch=self._watch_for("recovered", before, after))
            return self._follow_up(client, after)
        if not self.book.delivered(self.rec.id):
            # Killed or cut before the service answered, and the project shows nothing: the
            # message most likely never arrived. Say so, and offer to send it (once, by the user).
            exc = errors.NotDelivered()
        elif ending == "too_large":
            exc = StreamTooLarge(limit=_mib(MAX_EVENT))
        else:
            exc = errors.TurnTimedOut() if ending == "timeout" else errors.TurnNotFinished()
        exc.retry = True
        self._finish("failed", before, after, error=ErrorInfo.from_error(exc, self.lang))

    def _watch_for(self, ending: str, before: dict, after: dict | None) -> str | None:
        """What to keep an eye on for a while after the turn is done (a message key), if
        anything: a new clip without music or title (a backend may add them later, or never),
        or a run that said nothing and whose change does not show yet."""
        if after is None:
            return None
        old, new = drafts.of_state(before), drafts.of_state(after)
        if drafts.new_clip_without_extras(old, new):
            return "watching_for_extras"
        if ending == "empty" and not _diff(old, new, self.lang):
            return "watching_for_change"
        return None

    def _follow_up(self, client, after: dict | None) -> None:
        """After the turn is finished (the reply is out, the next message may go): watch the
        project for at most `settle_watch`, record what lands as a `later` event for
        `status`/`state`, and stop early once it landed or a newer turn began."""
        rec = self.book.get(self.rec.id)
        if rec is None or rec.watch_until is None or after is None:
            return
        t = self.timings
        seen = drafts.of_state(after)
        try:
            while time.time() < rec.watch_until:
                self.sleep(min(t.settle_poll_every, max(0.0, rec.watch_until - time.time())))
                if self.book.newer_turn(rec):
                    return     # the next message's turn reports the project from here on
                state = self._safe_state(client)
                draft = drafts.of_state(state) if state is not None else seen
                lines = _diff(seen, draft, self.lang)
                if lines:
                    stage = drafts.generation_stage(seen, draft) or drafts.generation_stage(
                        drafts.of_state(self.rec.before_state), draft)
                    text = catalogue.message(stage, self.lang) if stage == "finishing_touches_added" else None
                    self.book.add_event(rec.id, "later", {"lines": lines, "text": text,
                                                          "timeline": _summary(draft, self.lang)})
                    return
        finally:
            self.book.end_watch(rec.id)

    def _poll_until_settled(self, client, before: dict) -> dict | None:
        """First a short wait, then every poll interval up to the max, reporting each
        step as it lands; stop once the draft has changed and is settled (two polls alike).
        Used when the run's result can only come through the state: a cut stream, a dead
        worker, a long-running tool."""
        t = self.timings
        deadline = time.monotonic() + t.recovery_max
        self.sleep(t.recovery_first_wait)
        latest: dict | None = None
        previous: dict | None = None
        while True:
            state = self._safe_state(client)
            if state is not None:
                latest = state
                self._report_step(state, stages=True)
                draft = drafts.of_state(state)
                if draft == previous and _diff(drafts.of_state(before), draft, self.lang):
                    return latest
                previous = draft
            now = time.monotonic()
            if now >= deadline:
                return latest
            self.sleep(min(t.recovery_poll_every, deadline - now))

    def _safe_state(self, client) -> dict | None:
        try:
            state = client.state()
        except errors.SkillError:
            return None
        self._notices_from(client)
        return state

    def _finish(self, status: str, before: dict, after: dict | None, error: ErrorInfo | None = None,
                watch: str | None = None) -> None:
        self._flush()
        changes = _diff(drafts.of_state(before), drafts.of_state(after), self.lang) if after is not None else []
        timeline = _summary(drafts.of_state(after), self.lang) if after is not None else None
        if watch:
            # Said with the outcome, so the reply tells the user what may still come.
            self.notices.append(catalogue.message(watch, self.lang))
        self.book.finish(self.rec.id, status, turn_outcome(
            status, self.lang, pieces=self.pieces, actions=self.actions, changes=changes, timeline=timeline,
            link=self._link(), notices=self.notices, error=error),
            watch_until=time.time() + self.timings.settle_watch if watch else None)

    def _fail(self, exc: errors.SkillError) -> None:
        self._flush()
        exc.retry = isinstance(exc, (errors.BackendUnavailable, errors.RateLimited))
        self.book.finish(self.rec.id, "failed", turn_outcome(
            "failed", self.lang, pieces=self.pieces, actions=self.actions, link=self._link(),
            notices=self.notices, error=ErrorInfo.from_error(exc, self.lang)))

    def _link(self) -> str | None:
        try:
            return self._client.task_link() if self._client is not None else None
        except Exception:  # the link is a courtesy; the outcome must still be recorded
            return None


# --------------------------------------------------------------------------- helpers
def _mib(chars: int) -> str:
    return f"{chars / (1024 * 1024):g} MiB"


def _short(text: str) -> str:
    text = " ".join(sanitize.clean(text).split())
    return text[:120] + ("…" if len(text) > 120 else "")


def _translate(text: str, lang: str) -> tuple[str, list[str]]:
    try:
        from skill.text import gui
    except ImportError:  # the GUI translator is another module's job; until it exists, pass through
        return text, []
    result = gui.translate(text, lang)
    actions = [str(a) for a in (getattr(result, "actions", None) or [])]
    return sanitize.clean(getattr(result, "text", text) or ""), actions


def _diff(before: dict, after: dict, lang: str) -> list[str]:
    try:
        from skill.text import timeline
    except ImportError:
        return [] if before == after else [catalogue.message("project_changed", lang)]
    return [sanitize.clean(str(line)) for line in timeline.diff(before, after, lang)]


def _summary(draft: dict, lang: str) -> str | None:
    if not draft:
        return None
    try:
        from skill.text import timeline
    except ImportError:
        return None
    return sanitize.clean(timeline.summarize(draft, lang)) or None


def _warm_up(lang: str) -> None:
    try:
        _translate("", lang)
        _diff({}, {}, lang)
        _summary({"t": []}, lang)
    except Exception:  # warming is an optimisation only
        pass


# --------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print("usage: python -m skill.turns.worker TURN_ID [--recover]", file=sys.stderr)
        return 2
    return run_turn(config.from_env(), argv[0], recover="--recover" in argv[1:])


def run_turn(settings: config.Settings, turn_id: str, *, recover: bool = False) -> int:
    """Claim the turn and run it (or recover it); the turn never stays "running" behind us."""
    from skill.core.timing import WORKER_STORE_WAIT

    store = Store.open(settings, busy_wait=WORKER_STORE_WAIT)
    book = TurnBook(store)
    rec = book.get(turn_id)
    if rec is None or rec.status not in ("starting", "running"):
        return 0
    book.claim(turn_id, os.getpid())
    runner = TurnRunner(settings, store, rec)
    try:
        runner.recover() if recover else runner.run()
    except BaseException as exc:  # never leave a turn "running" behind
        rec_now = book.get(turn_id)
        if rec_now is not None and rec_now.status in ("starting", "running"):
            runner._fail(errors.SkillError(type(exc).__name__))
        if not isinstance(exc, Exception):
            raise
        print(f"worker: {type(exc).__name__}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
