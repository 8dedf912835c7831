"""Helpers of the project-page tests (tests/test_backend_page.py, tests/browser/): a session with
its task id, the page link as the skill builds it, and a finished export."""
from __future__ import annotations

import time
import uuid
from urllib.parse import urlencode

import httpx

PAGE, API = "/workspace/claim", "/workspace/api/project"


def new_session(b, token=None) -> tuple[str, str]:
    """(task_id, session_id) of a new session on backend `b`."""
    r = httpx.post(b.url + "/api/tasks/me/with-session/nemo_agent", headers=b.headers(token),
                   json={"task_name": "project", "language": "en"}, timeout=10)
    d = r.json()["data"]
    return d["task_id"], d["session_id"]


def page_url(b, task: str, sid: str, path: str = PAGE) -> str:
    """The link as the skill builds it (skill/session.py task_link); the extra keys are ignored."""
    return b.url + path + "?" + urlencode({"task": task, "session": sid, "skill_name": "x",
                                           "skill_version": "1", "skill_source": "unknown"})


def export(b, sid: str, timeout: float = 60) -> str:
    """Submit the session's draft for export and wait until it is done; the render id."""
    rid = "render_" + uuid.uuid4().hex
    r = httpx.post(b.url + "/api/render/proxy/lambda", headers=b.headers(), timeout=10,
                   json={"id": rid, "sessionId": sid, "draft": b.state(sid)["draft"],
                         "output": {"format": "mp4", "quality": "high"}})
    assert r.json()["success"] is True, r.text
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        body = httpx.get(f"{b.url}/api/render/proxy/lambda/{rid}", headers=b.headers(), timeout=10).json()
        status = (body.get("data") or body)["status"]      # vendor or seed layout
        if status in ("completed", "failed"):
            assert status == "completed", body
            return rid
        time.sleep(0.1)
    raise AssertionError("render did not finish")
