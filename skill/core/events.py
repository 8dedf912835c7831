"""What an operation tells its caller: typed events as it goes, one Outcome at the end.

Operations (skill.app) never print. They hand events to an `emit` callable
and return an `Outcome`; the faces (terminal, JSON lines, MCP) present them.
Every record has `to_json()`, the `--json` contract (docs/json.md):
`{"schema": 1, "type": <type>, ...}`, the last line of a command being the
`result`. Text in these records is already cleaned (skill.core.sanitize) and in
the user's language.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA = 1


class Event:
    """Base of the events; `type` is the JSON `type` field."""
    type = "event"

    def fields(self) -> dict:
        return {k: v for k, v in vars(self).items() if v is not None}

    def to_json(self) -> dict:
        return {"schema": SCHEMA, "type": self.type, **self.fields()}


@dataclass
class Progress(Event):
    """Work under way: `kind` says what (still_working, render, stage, ...)."""
    kind: str
    text: str = ""
    percent: int | None = None
    elapsed: float | None = None
    type = "progress"


@dataclass
class Text(Event):
    """A piece of the reply, shown as it arrives (agent text, a step's answer)."""
    text: str
    source: str = "reply"           # reply | agent
    type = "text"


@dataclass
class Changes(Event):
    """What changed in the project, one line each."""
    lines: list[str]
    type = "changes"


@dataclass
class Notice(Event):
    """Something the user should know (project restarted, stream dropped, ...)."""
    key: str
    text: str
    type = "notice"


@dataclass
class NextStep:
    """What an agent should do next, e.g. `status` again after 60 s."""
    command: str
    after_s: float = 0
    args: list[str] = field(default_factory=list)
    reason: str = ""

    def to_json(self) -> dict:
        out = {"command": self.command, "after_s": round(self.after_s, 1)}
        if self.args:
            out["args"] = list(self.args)
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass
class Pending(Event):
    """Work that goes on after this command returns (a turn, a render, deferred steps)."""
    what: str                        # turn | export | steps
    text: str
    next: NextStep | None = None
    id: str | None = None
    type = "pending"

    def fields(self) -> dict:
        out = super().fields()
        if self.next is not None:
            out["next"] = self.next.to_json()
        return out


@dataclass
class File(Event):
    """A file delivered to the user's disk."""
    path: str
    kind: str = "video"              # video | poster
    size: int | None = None
    mime: str | None = None
    type = "file"


@dataclass
class Link(Event):
    """A web link for the user (the project page, a registration page)."""
    url: str
    kind: str = "project"
    text: str = ""                   # the line people read, e.g. "Open this project on the web: …"
    type = "link"


@dataclass
class ErrorInfo:
    """A failure as the user and an agent need it."""
    code: int                        # the CLI exit code
    key: str                         # the message key (intents/messages.yaml)
    message: str                     # for the user, in their language
    what_to_do: str = ""             # for the user, in their language
    retry: bool = False              # sending the same request again is safe and useful

    def to_json(self) -> dict:
        return {"code": self.code, "key": self.key, "message": self.message,
                "what_to_do": self.what_to_do, "retry": self.retry}

    @classmethod
    def from_error(cls, exc, lang: str) -> "ErrorInfo":
        """The user-facing description of a SkillError (message and what to do, in `lang`)."""
        from skill.core import catalogue

        return cls(code=exc.exit_code, key=exc.key, message=exc.render(lang),
                   what_to_do=catalogue.what_to_do(exc.key, lang, **exc.params),
                   retry=bool(getattr(exc, "retry", False)))

    @classmethod
    def from_json(cls, obj: dict | None) -> "ErrorInfo | None":
        if not isinstance(obj, dict):
            return None
        return cls(code=int(obj.get("code") or obj.get("exit_code") or 1), key=str(obj.get("key") or "internal"),
                   message=str(obj.get("message") or ""), what_to_do=str(obj.get("what_to_do") or ""),
                   retry=bool(obj.get("retry")))


@dataclass
class Error(Event):
    """A failure that does not end this command (e.g. an earlier request's)."""
    error: ErrorInfo
    type = "error"

    def fields(self) -> dict:
        return self.error.to_json()


@dataclass
class Outcome:
    """How an operation ended: the one record every face presents.

    status: done | running (goes on in the background) | failed | none (nothing to report)
    text:   the whole reply for the user (what an agent relays), without links
    data:   what is particular to the command (credits, the timeline's readiness, turn and
            render ids, the routed plan, ...)
    """
    command: str
    status: str = "done"
    lang: str = "en"
    text: str = ""
    changes: list[str] = field(default_factory=list)
    timeline: str | None = None
    files: list[File] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    error: ErrorInfo | None = None
    next: NextStep | None = None
    data: dict = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return self.error.code if self.error is not None else 0

    @classmethod
    def from_json(cls, obj: dict | None) -> "Outcome":
        """Read back a stored outcome (tolerant: older records had `links.task`, `error.exit_code`)."""
        obj = obj if isinstance(obj, dict) else {}
        links = {str(k): str(v) for k, v in (obj.get("links") or {}).items() if v}
        if "task" in links:
            links.setdefault("project", links.pop("task"))
        data = dict(obj.get("data") or {})
        for legacy in ("pieces", "actions"):          # records written before `data` existed
            if legacy in obj and legacy not in data:
                data[legacy] = obj[legacy]
        nxt = obj.get("next")
        return cls(command=str(obj.get("command") or "chat"), status=str(obj.get("status") or "done"),
                   lang=str(obj.get("lang") or "en"), text=str(obj.get("text") or ""),
                   changes=[str(c) for c in obj.get("changes") or []], timeline=obj.get("timeline"),
                   links=links, notices=[str(n) for n in obj.get("notices") or []],
                   error=ErrorInfo.from_json(obj.get("error")),
                   next=NextStep(**nxt) if isinstance(nxt, dict) else None, data=data)

    def to_json(self) -> dict:
        return {"schema": SCHEMA, "type": "result", "command": self.command, "status": self.status,
                "exit_code": self.exit_code, "lang": self.lang, "text": self.text,
                "changes": list(self.changes), "timeline": self.timeline,
                "files": [f.fields() for f in self.files], "links": dict(self.links),
                "notices": list(self.notices),
                "error": self.error.to_json() if self.error else None,
                "next": self.next.to_json() if self.next else None, "data": dict(self.data)}


@dataclass
class Check(Event):
    """One finding of `video-skill doctor`: what was checked, ok or not, and how to fix it."""
    name: str
    ok: bool
    detail: str = ""
    fix: str = ""
    type = "check"
