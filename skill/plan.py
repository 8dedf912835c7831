"""Run a routed plan: its steps in order (upload, chat, export, credits, state).

A chat step may outlive the command (the turn runs in a detached worker). The
steps after it are then *deferred*: recorded in the store against that turn
and run by whichever command next sees the turn finished (`status`, or the
next `say`), so "add subtitles, then send me the video" still ends in an MP4
when the host killed the first command. Steps after a failed step never run.

Read-only actions the backend's reply pointed at ("preview it in the
timeline", "check your balance") run inline; an export only when the user's
own plan asked for it (skill.gui.inline_actions).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from skill import errors
from skill.config import Settings

DEFERRED_KEY = "deferred:{scope}"


@dataclass
class PlanRun:
    settings: Settings
    lang: str
    json_mode: bool
    wait: float                       # this command's whole budget, seconds
    output: Path | None = None
    attachments: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    chat_text: str | None = None
    store: object = None              # one store for the whole command; opened on first need
    started: float = field(default_factory=time.monotonic)
    _api: object = None
    _own_store: bool = False

    # -- budget and shared resources ---------------------------------------------
    def left(self) -> float:
        return max(0.0, self.wait - (time.monotonic() - self.started))

    def api(self):
        if self._api is None:
            from skill.client import NemoClient

            self._api = NemoClient.open(self.settings, lang=self.lang, store=self.shared_store())
        return self._api

    def shared_store(self):
        if self.store is None:
            from skill.store import Store

            self.store, self._own_store = Store.open(self.settings), True
        return self.store

    def out(self):
        from skill.commands._common import Output

        return Output(self.json_mode, self.lang)

    def close(self) -> None:
        if self._api is not None:
            self._api.close()
        if self._own_store:
            self.store.close()

    # -- running ------------------------------------------------------------------
    def run(self, plan: tuple[str, ...] | list[str]) -> int:
        plan = list(plan)
        try:
            for i, step in enumerate(plan):
                if step == "chat":
                    code, record, turn_id = self._chat()
                    if record is None:          # still running: the rest waits for it
                        self._defer(turn_id, plan[i + 1:])
                        return 0
                    if code:
                        return code
                    code = self._inline(record, plan)
                    if code:
                        return code
                    continue
                code = self._step(step)
                if code:
                    return code
            return 0
        finally:
            self._print_notices()
            self.close()

    def _step(self, step: str) -> int:
        from skill import replies

        out = self.out()
        if step == "upload":
            files = _upload(self.api(), [*self.attachments, *self.urls])
            out.line(replies.upload_done(files, lang=self.lang))
            out.event("upload", files=files)
            return 0
        if step == "credits":
            c = self.api().credits()
            out.line(replies.credits(c.available, c.frozen, c.total, lang=self.lang))
            out.event("credits", available=c.available, frozen=c.frozen, total=c.total)
            return 0
        if step == "state":
            from skill import timeline

            draft = self.api().state().get("draft")
            link = self.api().task_link()
            out.line(replies.timeline(draft, lang=self.lang))
            out.event("state", timeline=timeline.summarize(draft, self.lang),
                      ready=timeline.is_ready_for_export(draft), links={"project": link})
            return 0
        if step == "export":
            return self._export(out)
        raise errors.SkillError(f"unknown step {step}")

    def _export(self, out) -> int:
        from skill import export as flow, replies

        self._refuse_while_a_turn_runs()
        def progress(key: str, params: dict) -> None:
            text = out.message(key, **params)
            out.line(text)
            out.event("progress", kind=key, text=text, **params)

        deadline = time.monotonic() + self.left()
        try:
            result = flow.run(self.api(), output=self.output, deadline=deadline, on_progress=progress)
        except flow.ExportStillRendering as pending:
            text = pending.render(self.lang)
            out.line(text)
            out.event("pending", kind="export", text=text)
            return 0
        out.line(replies.export_done(str(result.path), result.link, lang=self.lang))
        out.event("export", path=str(result.path), size=result.size, render_id=result.render_id,
                  links={"project": result.link})
        return 0

    def _chat(self):
        from skill.commands._chat_output import Printer
        from skill.commands.chat import converse
        from skill.timing import Timings

        printer = Printer(json_mode=self.json_mode, lang=self.lang)
        return converse(self.settings, self.chat_text or "", self.lang, Timings.from_env(),
                        self.left(), printer, store=self.shared_store())

    def _inline(self, record, plan: list[str]) -> int:
        """Run the read-only actions the backend's reply pointed at."""
        from skill.gui import Translation, inline_actions

        outcome = record.outcome or {}
        translation = Translation(outcome.get("text", ""), tuple(outcome.get("actions") or ()))
        for action in inline_actions(translation, plan):
            if action == "export":       # the plan runs it in its own place
                continue
            if action == "state" and outcome.get("timeline"):
                continue                  # the reply already showed the timeline
            code = self._step(action)
            if code:
                return code
        return 0

    def _refuse_while_a_turn_runs(self) -> None:
        """Exporting mid-generation would render a half-built video: wait for the turn."""
        from skill.timing import Timings
        from skill.turn import TurnBook, format_elapsed

        running = TurnBook(self.shared_store()).running(self.settings.api_url, Timings.from_env())
        if running:
            raise errors.ExportWaitsForTurn(elapsed=format_elapsed(running.elapsed()))

    def _defer(self, turn_id: str, steps: list[str]) -> None:
        if not steps:
            return
        self.shared_store().set(DEFERRED_KEY.format(scope=self.settings.api_url), {
            "turn": turn_id, "steps": steps, "lang": self.lang,
            "output": str(self.output) if self.output else None,
            "attachments": list(self.attachments), "urls": list(self.urls)})
        out = self.out()
        names = ", ".join(out.message(f"step_{step}") for step in steps)
        text = out.message("plan_deferred", steps=names)
        out.line(text)
        out.event("deferred", steps=steps, text=text)

    def _print_notices(self) -> None:
        if self._api is None:
            return
        out = self.out()
        for key in self._api.take_notices():
            out.line(out.message(key))
            out.event("notice", key=key, text=out.message(key))


def _upload(api, items: list[str]) -> list[dict]:
    """Files in one multipart request, media URLs in one JSON request."""
    urls = [i for i in items if i.lower().startswith(("http://", "https://"))]
    files = [i for i in items if i not in urls]
    done: list[dict] = []
    if files:
        done += api.upload_files(files)
    if urls:
        done += api.upload_urls(urls)
    return done


def resume_deferred(settings: Settings, record, store, *, json_mode: bool, wait: float) -> int:
    """Run the steps that were waiting for `record`'s turn, once, if it succeeded."""
    key = DEFERRED_KEY.format(scope=settings.api_url)
    with store.transaction():       # take it exactly once, even with two commands racing
        pending = store.get(key)
        if not isinstance(pending, dict) or pending.get("turn") != record.id:
            return 0
        store.delete(key)
    if record.status not in ("done", "recovered"):
        return 0                          # a failed turn: the rest of its plan does not run
    run = PlanRun(settings=settings, lang=pending.get("lang") or record.lang, json_mode=json_mode,
                  wait=wait, output=Path(pending["output"]) if pending.get("output") else None,
                  attachments=tuple(pending.get("attachments") or ()), urls=tuple(pending.get("urls") or ()),
                  store=store)
    return run.run(pending.get("steps") or [])


def settle_previous(settings: Settings, store, *, json_mode: bool, wait: float) -> int:
    """Before a new message: show a finished turn nobody has seen, then run what waited for it."""
    from skill.commands._chat_output import Printer, report_previous
    from skill.turn import TurnBook

    book = TurnBook(store)
    record = book.latest(settings.api_url)
    if record is None or record.active:
        return 0
    report_previous(book, settings.api_url, Printer(json_mode=json_mode, lang=record.lang))
    return resume_deferred(settings, record, store, json_mode=json_mode, wait=wait)
