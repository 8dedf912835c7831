"""The token never shows up anywhere but the store: output, logs, URLs, errors, files, argv."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from skill.core import config, errors
from skill.api.client import NemoClient
from skill.core.store import Store
from skill.core.timing import Timings
from skill.turns.book import TurnBook

REPO = Path(__file__).resolve().parent.parent
GEN = "generate a 10-second video of a forest with birds"
STORE_FILES = ("video-skill.db", "video-skill.db-wal", "video-skill.db-shm")
TOKEN_FILE = "video-skill-token.json"    # the anonymous token's own 0600 file (skill.core.keep)


def cli(env, *argv):
    r = subprocess.run([sys.executable, "-m", "skill", *argv], env=env, cwd=REPO, capture_output=True,
                       text=True, timeout=60)
    return r.returncode, r.stdout + r.stderr


def files_containing(root: Path, secret: str, skip=()) -> list[str]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file() and path.name not in skip:
            if secret.encode() in path.read_bytes():
                hits.append(str(path))
    return hits


def full_flows(backend, env) -> str:
    """Generate, edit, status, and the error paths; returns everything printed."""
    out = []
    for argv in (("chat", "--wait", "30", GEN), ("chat", "--json", "--wait", "30", "add a title 'Secret Safe'"),
                 ("status",), ("status", "--json")):
        out.append(cli(env, *argv)[1])
    for fault in ("drop_after:3", "lose_session", "no_credits", "malformed", "rate_limit"):
        backend.fault(fault, path="/run_sse", times=2 if fault == "rate_limit" else 1)
        out.append(cli(env, "chat", "--wait", "30", "what can you do?")[1])
    backend.clear_faults()
    # a killed-in-the-middle chat whose worker carries on: its argv must not hold the token
    chat = subprocess.Popen([sys.executable, "-m", "skill", "chat", "--wait", "30", GEN], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.8)
    chat.kill()
    out.append("".join(chat.communicate()))
    settings = config.from_env(env)
    with Store.open(settings) as store:
        rec = TurnBook(store).latest(settings.api_url)
        if rec.pid and Path(f"/proc/{rec.pid}/cmdline").exists():
            out.append(Path(f"/proc/{rec.pid}/cmdline").read_bytes().decode(errors="replace"))
    out.append(cli(env, "status", "--wait", "30")[1])
    return "\n".join(out)


def assert_nowhere(secret: str, printed: str, config_dir: Path, backend, own: tuple = ()):
    """`secret` in no output and no file but its own (`own`: the token's file), which is 0600."""
    assert secret not in printed
    assert files_containing(config_dir, secret, skip=own) == []
    assert files_containing(backend.data_dir, secret) == []
    for name in (*own, "video-skill.db"):
        assert (config_dir / name).stat().st_mode & 0o777 == 0o600


def test_anonymous_token_stays_in_its_own_file(backend, tmp_path):
    cfg = tmp_path / "cfg"
    env = {**os.environ, "NEMO_API_URL": backend.url, "NEMO_CONFIG_DIR": str(cfg),
           "VIDEO_SKILL_TIME_SCALE": "0.005"}
    env.pop("NEMO_TOKEN", None)
    printed = full_flows(backend, env)
    from skill.core import keep

    token = keep.get(cfg / TOKEN_FILE, f"anon_token:{backend.url}")["token"]
    assert token.startswith("nmv_")
    assert_nowhere(token, printed, cfg, backend, own=(TOKEN_FILE,))   # not even in the store


def test_env_token_canary_never_leaks(backend, tmp_path):
    canary = backend.token()                       # a real token, so the flows run
    cfg = tmp_path / "cfg"
    env = {**os.environ, "NEMO_API_URL": backend.url, "NEMO_CONFIG_DIR": str(cfg),
           "VIDEO_SKILL_TIME_SCALE": "0.005", "NEMO_TOKEN": canary}
    printed = full_flows(backend, env)
    backend.fault("expire_token", path="/run_sse")  # the env token itself rejected
    code, text = cli(env, "chat", "--wait", "30", "hello")
    assert code == 4 and "NEMO_TOKEN" in text
    assert_nowhere(canary, printed + text, cfg, backend)
    assert files_containing(cfg, canary) == []      # an env token is not even in the store


def test_token_not_in_urls_or_exception_text(tmp_path):
    canary = "nmv_usr_CANARY_secret_value"
    seen: list[httpx.Request] = []

    def handler(request):
        seen.append(request)
        path = request.url.path
        if path.endswith("with-session/nemo_agent"):
            return httpx.Response(200, json={"code": 0, "data": {"session_id": "1", "task_id": "t",
                                                                  "user_id": "anon_1"}})
        answers = {"/api/credits/balance/simple": {"code": 2001},
                   "/api/state/nemo_agent/me/1/latest": {"code": 1001},
                   "/api/render/proxy/lambda": {"code": 1002}}
        if path in answers:
            return httpx.Response(200, json=answers[path])
        if path == "/api/render/proxy/r/download":
            raise httpx.ReadError("reset")
        return httpx.Response(503, text="down")

    settings = config.from_env({"NEMO_API_URL": "http://api.test", "NEMO_CONFIG_DIR": str(tmp_path),
                                "NEMO_TOKEN": canary})
    client = NemoClient(settings, transport=httpx.MockTransport(handler), timings=Timings(),
                        sleep=lambda s: None)
    caught = []
    for call in (client.credits, client.state, lambda: client.render_submit({}, "render_1"),
                 lambda: client.download("/api/render/proxy/r/download", tmp_path / "x.part", with_token=True), lambda: client.upload_urls(["http://a"])):
        with pytest.raises(errors.SkillError) as info:
            call()
        caught.append(info.value)
    for exc in caught:
        text = " ".join([str(exc), repr(exc), exc.render("en"), exc.render("zh"), repr(exc.args),
                         repr(exc.params)])
        assert canary not in text
    assert seen and all(canary not in str(r.url) for r in seen)
    assert all(r.headers.get("authorization") == f"Bearer {canary}" for r in seen)
    assert canary not in repr(client) + repr(client.auth) + repr(settings)
