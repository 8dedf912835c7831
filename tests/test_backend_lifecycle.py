"""The server as a process: restarts keep state, the launcher reuses a live
server, `video-skill serve` works, loopback only, idle exit."""
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest

from skill.backend import launcher


def test_state_survives_a_restart(backend_factory):
    backend = backend_factory(time_scale=0.003)
    tok = backend.token("restart-client")
    sid = backend.new_session(tok)
    backend.chat(sid, "generate a 5 second video of a desert", token=tok)
    before = backend.state(sid, tok)
    credits = httpx.get(backend.url + "/api/credits/balance/simple", headers=backend.headers(tok)).json()["data"]
    old_url = backend.url
    backend.restart()
    assert backend.url == old_url
    # same token, same session, same draft, same credits
    assert backend.state(sid, tok) == before
    assert httpx.get(backend.url + "/api/credits/balance/simple",
                     headers=backend.headers(tok)).json()["data"] == credits
    assert backend.stats()["messages_received"][sid] == 1
    # the client id still holds a live token
    r = httpx.post(backend.url + "/api/auth/anonymous-token", headers={"X-Client-Id": "restart-client"})
    assert r.status_code == 429


def test_interrupted_turn_and_render_after_a_restart(backend_factory):
    """Work the old process was doing cannot resume: the turn's frozen credits
    come back, the render is failed (and its session may render again)."""
    b = backend_factory(time_scale=0.05)     # a 10 s generation takes 8 s: we stop it midway
    sid = b.new_session()
    draft = {"d": 2000, "t": [{"tt": 0, "sg": [{"s": 0, "d": 2000, "m": {}}]}]}
    rid = "render_" + uuid.uuid4().hex
    r = httpx.post(b.url + "/api/render/proxy/lambda", headers=b.headers(),
                   json={"id": rid, "sessionId": sid, "draft": draft})
    assert r.json()["data"]["status"] == "pending"
    url = b.url + "/run_sse"
    body = {"app_name": "nemo_agent", "user_id": "me", "session_id": sid,
            "new_message": {"parts": [{"text": "generate a 10 second video of rain"}]}}
    with httpx.stream("POST", url, json=body, headers=b.headers(), timeout=10) as r:
        for line in r.iter_lines():
            if "longRunningToolIds" in line:
                break
    c = httpx.get(b.url + "/api/credits/balance/simple", headers=b.headers()).json()["data"]
    assert c["frozen"] == 20
    b.restart()
    c = httpx.get(b.url + "/api/credits/balance/simple", headers=b.headers()).json()["data"]
    assert c == {"available": 100, "frozen": 0, "total": 100}
    poll = httpx.get(f"{b.url}/api/render/proxy/lambda/{rid}", headers=b.headers()).json()["data"]
    assert poll["status"] == "failed" and "restart" in poll["error"]
    again = httpx.post(b.url + "/api/render/proxy/lambda", headers=b.headers(),
                       json={"id": "render_" + uuid.uuid4().hex, "sessionId": sid, "draft": draft})
    assert again.json()["success"] is True


def _stop_pid(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGINT)
    except ProcessLookupError:
        return
    for _ in range(100):
        try:   # the detached server is our child here: reap it, or it lingers as a zombie
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return
        except ChildProcessError:
            pass
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)


def test_ensure_running_reuses_one_detached_server(tmp_path):
    data = tmp_path / "local-backend"
    urls = []
    threads = [threading.Thread(target=lambda: urls.append(launcher.ensure_running(data, extra_args=(
        "--time-scale", "0.01")))) for _ in range(3)]
    try:
        [t.start() for t in threads]
        [t.join() for t in threads]
        assert len(set(urls)) == 1
        rec = json.loads((data / "server.json").read_text())
        assert rec["url"] == urls[0] and launcher.healthy(urls[0])
        assert os.getsid(rec["pid"]) == rec["pid"]     # its own session: outlives its caller
        assert launcher.ensure_running(data) == urls[0]
        # the server died: the next call starts a new one
        _stop_pid(rec["pid"])
        url2 = launcher.ensure_running(data)
        rec2 = json.loads((data / "server.json").read_text())
        assert rec2["pid"] != rec["pid"] and launcher.healthy(url2)
        assert (data / "server.log").exists()
    finally:
        for p in {json.loads((data / "server.json").read_text())["pid"]} if (data / "server.json").exists() else ():
            _stop_pid(p)


def test_video_skill_serve_command(tmp_path):
    exe = Path(sys.executable).with_name("video-skill")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "skill", "--"]
    ready = tmp_path / "ready"
    proc = subprocess.Popen([*cmd, "serve", "--port", "0", "--data-dir", str(tmp_path / "d"),
                             "--ready-file", str(ready)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        end = time.monotonic() + 15
        while not ready.exists() and time.monotonic() < end and proc.poll() is None:
            time.sleep(0.05)
        url = ready.read_text().strip()
        assert url.startswith("http://127.0.0.1:")
        assert httpx.get(url + "/healthz").json()["ok"] is True
        r = httpx.post(url + "/api/auth/anonymous-token", headers={"X-Client-Id": "cli"})
        assert r.json()["data"]["credits"] == 100
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(10)
    assert not ready.exists()     # removed on a clean stop


def test_default_data_dir_follows_nemo_config_dir(monkeypatch, tmp_path):
    from skill.backend.serve import default_data_dir

    monkeypatch.setenv("NEMO_CONFIG_DIR", str(tmp_path))
    assert default_data_dir() == tmp_path / "local-backend"


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10"])
def test_refuses_non_loopback_hosts(tmp_path, host):
    r = subprocess.run([sys.executable, "-m", "skill.backend", "--host", host, "--port", "0",
                        "--data-dir", str(tmp_path)], capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and "--allow-remote" in r.stderr


def test_idle_exit(tmp_path):
    server = launcher.start(tmp_path, extra_args=["--idle-exit", "1"])
    try:
        assert launcher.healthy(server.url)
        server.proc.wait(10)
        assert server.proc.returncode == 0
    finally:
        server.stop()


def test_token_never_logged(tmp_path):
    data = tmp_path / "lb"
    url = launcher.ensure_running(data, extra_args=("--log-level", "debug"))
    try:
        tok = httpx.post(url + "/api/auth/anonymous-token", headers={"X-Client-Id": "log"}).json()["data"]["token"]
        httpx.get(url + "/api/credits/balance/simple", headers={"Authorization": "Bearer " + tok})
        httpx.get(url + "/api/credits/balance/simple", headers={"Authorization": "Bearer " + tok + "x"})
    finally:
        _stop_pid(json.loads((data / "server.json").read_text())["pid"])
    for p in data.rglob("*"):
        if p.is_file():
            assert tok.encode() not in p.read_bytes(), p


def test_serve_status_and_stop_of_the_detached_server(tmp_path):
    data = tmp_path / "lb"
    env = {**os.environ, "NEMO_LOCAL_TIME_SCALE": "0.01"}
    url = launcher.ensure_running(data, env=env)
    pid = json.loads((data / "server.json").read_text())["pid"]
    try:
        assert "--time-scale" in open(f"/proc/{pid}/cmdline").read().split("\0")
        serve = [sys.executable, "-m", "skill.backend", "--data-dir", str(data)]
        st = subprocess.run([*serve, "--status"], capture_output=True, text=True, timeout=30)
        assert st.returncode == 0 and st.stdout.strip() == url
        stop = subprocess.run([*serve, "--stop"], capture_output=True, text=True, timeout=30)
        assert stop.stdout.strip() == "stopped"
        assert not launcher.healthy(url) and not (data / "server.json").exists()
        st = subprocess.run([*serve, "--status"], capture_output=True, text=True, timeout=30)
        assert st.returncode == 1 and st.stdout.strip() == "not running"
    finally:
        _stop_pid(pid)


def test_one_server_per_data_dir(backend):
    # ensure_running finds a server started any other way on that data dir
    assert launcher.ensure_running(backend.data_dir) == backend.url
    r = subprocess.run([sys.executable, "-m", "skill.backend", "--port", "0", "--data-dir", str(backend.data_dir)],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 1 and backend.url in r.stderr
    backend.stop()
    assert not (backend.data_dir / "server.json").exists()
