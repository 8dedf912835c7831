"""What one operation runs with: settings, language, budget, the store and the API, its reply.

An operation reports through `Context`: `say(text)`, `changes(lines)`,
`notice(key)` both emit the event and keep it for the Outcome's `text`, so
the terminal, `--json` and MCP all see the same reply. The project link is
kept and given once, at the end (`outcome()`).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from skill.core import catalogue, errors
from skill.core.config import Settings
from skill.core.events import Changes, Error, ErrorInfo, Event, File, Link, NextStep, Notice, Outcome, Pending, Text

if TYPE_CHECKING:
    import threading

    from skill.api.client import NemoClient
    from skill.core.store import Store
    from skill.core.timing import Timings

Emit = Callable[[Event], None]
LINKS_SHOWN = "links_shown"   # store key: project links already given in words (each names its session)


def _ignore(_event: Event) -> None:
    pass


@dataclass
class Context:
    settings: Settings
    lang: str = "en"
    emit: Emit = _ignore
    wait: float = float("inf")        # this operation's whole budget, seconds
    store: "Store | None" = None      # one store for the whole operation; opened on first need
    started: float = field(default_factory=time.monotonic)
    reply: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    files: list[File] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    timeline: str | None = None
    cancelled: "threading.Event | None" = None   # set when the caller gives up waiting
    _api: "NemoClient | None" = None
    _own_store: bool = False
    _timings: "Timings | None" = None
    link_asked: bool = False           # the user asked for the link: say it even if said before
    _link_said: str | None = None      # the project link already said in this reply, where it was asked

    # -- shared resources -----------------------------------------------------------
    def left(self) -> float:
        if self.stopped():
            return 0.0
        return max(0.0, self.wait - (time.monotonic() - self.started))

    def stopped(self) -> bool:
        """The caller went away (an MCP cancellation): stop waiting; running work goes on."""
        return self.cancelled is not None and self.cancelled.is_set()

    @property
    def timings(self) -> "Timings":
        if self._timings is None:
            from skill.core.timing import Timings

            self._timings = Timings.from_env()
        return self._timings

    def shared_store(self) -> "Store":
        if self.store is None:
            from skill.core.store import Store

            self.store, self._own_store = Store.open(self.settings), True
            if self.store.repaired:   # a damaged store was set aside and made afresh: say so, once
                self.notice("store_repaired", **self.store.repaired)
        return self.store

    def api(self) -> "NemoClient":
        if self._api is None:
            from skill.api.client import NemoClient

            self._api = NemoClient(self.settings, lang=self.lang, store=self.shared_store(),
                                   timings=self.timings)
        return self._api

    def close(self) -> None:
        if self._api is not None:
            self._api.close()
            self._api = None
        if self._own_store and self.store is not None:
            self.store.close()
            self.store, self._own_store = None, False

    def message(self, key: str, **params: Any) -> str:
        return catalogue.message(key, self.lang, **params)

    # -- the reply --------------------------------------------------------------------
    def say(self, text: str | None, source: str = "reply") -> None:
        if text:
            self.reply.append(text)
            self.emit(Text(text, source))

    def say_at(self, index: int, text: str) -> None:
        """A line that answers what was asked, placed at `index` in the reply an agent relays: known
        only after other lines streamed (the agent's words), it still comes before them there.
        A terminal shows it as it comes."""
        self.reply.insert(index, text)
        self.emit(Text(text, "reply"))

    def changes(self, lines: list[str]) -> None:
        lines = [l for l in lines if l and l not in self.changed]
        if lines:
            self.changed.extend(lines)
            self.reply.extend(lines)
            self.emit(Changes(lines))

    def notice(self, key: str, text: str | None = None, **params: Any) -> None:
        text = text or self.message(key, **params)
        if text and text not in self.notices:
            self.notices.append(text)
            self.reply.append(text)
            self.emit(Notice(key, text))

    def notices_from_api(self) -> None:
        if self._api is not None:
            for key in self._api.take_notices():
                self.notice(key)

    def pending(self, what: str, text: str, next_step: NextStep | None, id: str | None = None) -> None:
        self.reply.append(text)
        self.emit(Pending(what, text, self.as_run_here(next_step), id))

    def as_run_here(self, step: NextStep | None) -> NextStep | None:
        """`step` as it must be run to reach the same backend: with `--local` when this ran on the
        embedded one (`--local` alone chose it; the next command would otherwise ask the service)."""
        if step is None or not self.settings.is_local or "--local" in step.args:
            return step
        return NextStep(step.command, step.after_s, [*step.args, "--local"], step.reason)

    def earlier_error(self, info: ErrorInfo) -> None:
        """A failure of an earlier request, shown before this one's reply."""
        self.emit(Error(info))

    def file(self, f: File) -> None:
        self.files.append(f)
        self.emit(f)

    def link(self, url: str | None, kind: str = "project", asked: bool = False) -> None:
        """A link for the user; the project's is said once a session, and whenever asked."""
        if url:
            self.links[kind] = url
            self.link_asked = self.link_asked or asked

    def say_link(self, url: str) -> None:
        """The project link asked for, said at its place in the plan: the answer to "link, then …" or
        "no download, just the link" comes first, not after everything else at the end."""
        self.link(url, asked=True)
        self._link_is_news(url)     # remembered as shown
        text = self.message("task_link", link=url)
        self.reply.append(text)
        self.emit(Link(url, "project", text))
        self._link_said = url

    def _link_is_news(self, url: str) -> bool:
        """The first time this project's link (it names the session) is given to the user."""
        try:
            store = self.shared_store()
            with store.transaction():
                shown = store.get(LINKS_SHOWN) or []
                if url in shown:
                    return False
                store.set(LINKS_SHOWN, (list(shown) + [url])[-50:])
        except errors.SkillError:
            pass    # no store to remember it in: say it (a link too many beats a lost one)
        return True

    # -- the end ----------------------------------------------------------------------
    def outcome(self, command: str, *, status: str = "done", error: ErrorInfo | None = None,
                next_step: NextStep | None = None, data: dict | None = None) -> Outcome:
        """The Outcome; the project link is given here, once, at the end of the reply."""
        if "project" not in self.links and self._api is not None:
            try:   # every answer that talked to the service carries the project's link in `links`
                self.link(self._api.task_link())
            except Exception:  # a courtesy: the answer stands without it
                pass
        project = self.links.get("project")
        if project and project != self._link_said:
            # Always in the result's `links` (and a `link` event); in the reply's words once a
            # session, or when asked: a 200-character line under every answer is noise.
            text = self.message("task_link", link=project) if self.link_asked or self._link_is_news(project) else ""
            if text:
                self.reply.append(text)
            self.emit(Link(project, "project", text))
        return Outcome(command=command, status=status, lang=self.lang, text="\n".join(self.reply),
                       changes=list(self.changed), timeline=self.timeline, files=list(self.files),
                       links=dict(self.links), notices=list(self.notices), error=error,
                       next=self.as_run_here(next_step), data=data or {})

    def failed(self, command: str, exc: errors.SkillError, *, data: dict | None = None,
               next_step: NextStep | None = None) -> Outcome:
        self.notices_from_api()
        return self.outcome(command, status="failed", error=ErrorInfo.from_error(exc, self.lang),
                            next_step=next_step, data=data)
