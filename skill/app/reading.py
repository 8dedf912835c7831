"""What a `say` message asks of its plan beyond the route: the files typed in it (and whether it only asks
about uploading them), where the export is to go, and the shape it is asked in.

`read_message` gives the typed paths, the route and the destination; `not_uploaded` keeps only the typed
names that are neither here nor already in the project; `in_the_shape_asked` adds the ask for an aspect
ratio before an export asked in one. The words are data (intents/conversation.yaml), read by skill.text.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from skill.app.context import Context


def not_uploaded(ctx: "Context", names: list[str]) -> list[str]:
    """The typed file names that are neither here nor a clip already in the project: "put mountain
    hike.mp4 after segment 1" names the upload "mountain hike.mp4" (read as hike.mp4), as the agent asked.
    The project is fetched only for a bare name that is not here (this error's path)."""
    bare = [n for n in names if "/" not in n and "\\" not in n]
    if not bare:
        return names
    from skill.core import errors

    try:
        infos = ctx.api().state().get("video_infos") or []
    except errors.SkillError:
        return names
    uploaded = [str(i.get("filename") or i.get("name") or "") for i in infos if isinstance(i, dict)]
    return [n for n in names if n not in bare or not any(u == n or u.endswith(" " + n) for u in uploaded)]


def read_message(text: str, attachments: Sequence[str], output):
    """(the typed paths, the route, the export's destination typed in the message) of a `say`. The route
    is None for "retry". A destination ("export it to ~/Videos/teaser.mp4") counts only when the plan
    exports, and never over `--output`; then its words are not read as a file to upload."""
    from skill.app import retry
    from skill.text import destinations, questions, typed_paths
    from skill.text.router import route

    destination, rest = destinations.find(text) if output is None else (None, text)
    for said, to in ((rest, destination), (text, None)) if destination else ((text, None),):
        # "upload ~/clip.mp4 and trim it": as if attached; "should I upload ~/clip.mp4?": what is asked about
        asked_about = typed_paths.asked_about(said)
        typed = typed_paths.find(said) if not asked_about else typed_paths.TypedPaths(text=said)
        files = [*attachments, *typed.found]
        if not files and retry.is_retry(text):
            return typed, None, None
        r = route(typed.text, files)
        if not files and (asked_about or "upload" in r.plan and questions.asks(said)
                          and not typed_paths.other_files(said)):   # ("can you upload ~/brief.pdf?": its type is said)
            r = _asked_about_uploading(r, said)    # "can i upload my own song? how big can it be": nothing to send
        if to is None or "export" in r.plan or r.act == "condition" and _gates_an_export(said, r, route):
            return typed, r, to
    raise AssertionError("unreachable: the last reading takes no destination")


def _asked_about_uploading(r, text: str):
    """The route of a question about uploading the file it names ("should I upload ~/beach.mp4 or is it too
    short?", "did the upload of ~/x.mp4 work?"): no upload; what it asks (a cost: about the upload), or the
    agent's to answer."""
    plan = tuple(step for step in r.plan if step != "upload") or ("chat",)
    about = "upload" if r.asks == "cost" else r.about
    return r._replace(plan=plan, chat_text=r.chat_text or text if "chat" in plan else None, about=about)


def _gates_an_export(text: str, r, route) -> bool:
    from skill.text import conditions

    condition = conditions.of_route(text, r, route)
    return condition is not None and "export" in (*condition.then, *condition.otherwise)


def in_the_shape_asked(run, plan: Sequence[str], text: str) -> list[str]:
    """"Export it as 9:16": an export renders the project as it is, so the shape is asked of the agent
    first (its own chat step when the plan has none before the export; added to the request when it has
    one), and the export checks it landed (skill.text.shapes). Asked as what no export gives ("in 4k"),
    the reply says what it gets instead."""
    from skill.text import shapes

    plan, shape = list(plan), shapes.asked(text)
    run.unoffered = shapes.unoffered(text)
    if shape is None:
        return plan
    run.shape = shape
    if "export" not in plan:       # a condition's ("if I have over 50 credits, export a vertical version")
        then = list(run.condition.then)
        if "chat" not in then and "chat" not in plan:
            then.insert(then.index("export"), "chat")
            run.condition = run.condition._replace(then=tuple(then), chat_text=shapes.ask(shape, run.ctx.lang))
            run.reshape = True
        return plan
    at = plan.index("export")
    if "chat" not in plan:
        run.chat_text, run.reshape = shapes.ask(shape, run.ctx.lang), True
        plan.insert(at, "chat")
    elif "chat" in plan[:at]:
        # a sentence of its own: run on, the agent read "put this at the end change the ratio…" as one edit
        run.chat_text = f"{(run.chat_text or '').rstrip(' .。')}{'。' if run.ctx.lang == 'zh' else '. '}" \
                        f"{shapes.ask(shape, run.ctx.lang)}"
    return plan
