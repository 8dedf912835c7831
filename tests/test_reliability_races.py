"""No lockout and no lost work when several commands run at once.

Real `video-skill` processes against the local backend, which allows one live
anonymous token per client id (a second request for the same id gets HTTP 429).
The processes are released together (a start file) so they really overlap.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from skill.core import config, errors
from skill.api.client import NemoClient
from skill.core.store import Store
from skill.core.timing import Timings
from cli_env import REPO, cli_env


# Waits for a start file, then runs the real CLI entry point with argv.
_LAUNCH = textwrap.dedent("""
    import os, sys, time
    go = sys.argv[1]
    while not os.path.exists(go):
        time.sleep(0.002)
    from skill.cli import main
    raise SystemExit(main(sys.argv[2:]))
""")



def cli(env, *argv, timeout=120):
    r = subprocess.run([sys.executable, "-m", "skill", *argv], env=env, cwd=REPO, capture_output=True,
                       text=True, timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def together(env, tmp_path: Path, commands: list[list[str]], stagger: float = 0.0):
    """Start every command, release them at once (or `stagger` s apart); (code, out, err) each."""
    go = tmp_path / f"go-{time.monotonic_ns()}"
    procs = []
    for i, argv in enumerate(commands):
        script = _LAUNCH if not stagger else _LAUNCH.replace(
            "from skill.cli", f"time.sleep({stagger * i})\nfrom skill.cli")
        procs.append(subprocess.Popen([sys.executable, "-c", script, str(go), *argv], env=env, cwd=REPO,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    time.sleep(1.0)        # let every interpreter start and reach the wait loop
    go.write_text("go")
    results = []
    for p in procs:
        out, err = p.communicate(timeout=180)
        results.append((p.returncode, out, err))
    return results


# --------------------------------------------------------------------------- 1. lockout
@pytest.mark.parametrize("stagger", [0.0, 0.01])
def test_parallel_commands_in_a_fresh_install_all_get_the_one_token(backend, tmp_path, stagger):
    """Fresh config dir: `status`, then 6 x `credits` at once, then `credits` again.

    Before the fix, the processes that lost the race got 429 (exit 10), and a loser
    that deleted the cached token after the winner saved it locked every later
    command out for the token's 7 days."""
    rounds = 3
    for n in range(rounds):
        cfg = tmp_path / f"cfg{n}"
        env = cli_env(tmp_path, backend.url, config_dir=cfg)
        Store.open(config.from_env(env)).close()   # what `video-skill status` leaves behind
        results = together(env, tmp_path, [["credits"]] * 6, stagger=stagger)
        assert [code for code, _o, _e in results] == [0] * 6, [e for _c, _o, e in results]
        assert all("100" in out for _c, out, _e in results)
        code, out, err = cli(env, "credits")
        assert code == 0, err                           # not locked out
        assert "100" in out
    assert backend.stats()["tokens_issued"] == rounds  # one token per client id, never a second


def test_a_stale_token_after_1001_is_replaced_once_and_the_new_one_kept(backend, tmp_path):
    """Two commands holding the same token both hear 1001: one new token, shared, never erased."""
    settings = config.from_env({"NEMO_API_URL": backend.url, "NEMO_CONFIG_DIR": str(tmp_path / "cfg")})
    fast = Timings(rate_limit_wait=0.01, connect_retry_wait=0.01)
    a, b = NemoClient(settings, timings=fast), NemoClient(settings, timings=fast)
    try:
        assert a.credits().available == 100 and b.credits().available == 100   # both hold token 1
        backend.fault("expire_token", path="/api/credits")
        assert a.credits().available == 100        # a: 1001 -> token 2, cached

        def outcome(client):
            try:
                return client.credits().available
            except errors.RateLimited:              # 429 from the token endpoint: locked out
                return "locked out"

        b_got = outcome(b)                          # b: token 1 rejected -> takes token 2, asks nobody
        with NemoClient(settings, timings=fast) as c:
            c_got = outcome(c)                      # the next command (before the fix: cache erased)
        assert (b_got, c_got) == (100, 100)
        assert backend.stats()["tokens_issued"] == 2
    finally:
        a.close()
        b.close()


# --------------------------------------------------------------------------- 2. one project
def test_an_upload_next_to_parallel_commands_lands_in_the_one_project(backend, tmp_path, tiny_mp4):
    """`upload` alongside 5 x `state` in a fresh install: one session, and the upload is in it.

    Before the fix each command made its own session and the last one saved won, so
    "Uploaded 1 file" was reported for a project the user would never see again."""
    rounds = 3
    for n in range(rounds):
        cfg = tmp_path / f"cfg{n}"
        env = cli_env(tmp_path, backend.url, config_dir=cfg)
        with NemoClient(config.from_env(env), timings=Timings()) as client:
            client.auth.token()                  # signed in (test 1 covers that race), no project yet
        results = together(env, tmp_path, [["state"], ["upload", str(tiny_mp4)], *[["state"]] * 4])
        assert [code for code, _o, _e in results] == [0] * 6, [e for _c, _o, e in results]
        assert "tiny.mp4" in results[1][1]
        with NemoClient(config.from_env(env), timings=Timings()) as client:
            infos = client.state().get("video_infos") or []
        assert len(infos) == 1, f"the upload is not in the project the next command sees: {infos}"
    stats = backend.stats()
    assert stats["sessions_created"] == rounds        # one project per install, created once
    assert stats["uploads"] == rounds


def test_a_lost_session_is_replaced_once_for_everyone(backend, tmp_path):
    """4 x `state` at once all hear 1002 for the same lost project: one new project, used by all."""
    env = cli_env(tmp_path, backend.url, config_dir=tmp_path / "cfg")
    with NemoClient(config.from_env(env), timings=Timings()) as client:
        lost = client.session().session_id
    backend.fault("lose_session", path="/api/state")          # the backend drops the project
    results = together(env, tmp_path, [["state"]] * 4)
    assert [code for code, _o, _e in results] == [0] * 4, [e for _c, _o, e in results]
    with NemoClient(config.from_env(env), timings=Timings()) as client:
        assert client.session().session_id != lost
    assert backend.stats()["sessions_created"] == 2            # the first one, and one replacement
