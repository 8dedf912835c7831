"""Losing the store costs the user nothing; a damaged one is set aside; a locked one is said.

Real `video-skill` processes against the local backend (one token per client id per 7 days,
like the service). What a red team did to the settings folder: deleted the store (the client
id kept), filled it with garbage, truncated it, held it locked from another process.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_env import REPO, cli_env

DB = "video-skill.db"
TOKEN_FILE = "video-skill-token.json"      # the token's own file (skill.core.keep)


def _kept(path: Path, key: str):
    try:
        return json.loads(path.read_text()).get(key)
    except (OSError, ValueError):
        return None



def cli(env, *argv, timeout=60) -> dict:
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "skill", *argv, "--json"], env=env, capture_output=True,
                          text=True, timeout=timeout, cwd=REPO)
    assert "Traceback" not in proc.stderr, proc.stderr
    result = json.loads(proc.stdout.splitlines()[-1])
    assert result["exit_code"] == proc.returncode
    result["_seconds"] = time.monotonic() - started
    result["_stderr"] = proc.stderr
    return result


def doctor(env) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "skill", "doctor", "--json"], env=env, capture_output=True,
                          text=True, timeout=60, cwd=REPO)
    assert "Traceback" not in proc.stderr, proc.stderr
    checks = {}
    for line in proc.stdout.splitlines():
        obj = json.loads(line)
        if obj["type"] == "check":
            checks.setdefault(obj["name"], obj)
    return proc.returncode, checks


def _project(env) -> str:
    """A generated clip in the project; its timeline."""
    made = cli(env, "chat", "generate a 3-second clip of the sea", "--wait", "60")
    assert made["status"] == "done", made
    state = cli(env, "state")
    assert state["status"] == "done" and state["timeline"], state
    return state["timeline"]


def _remove_store(cfg: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        (cfg / (DB + suffix)).unlink(missing_ok=True)


# --------------------------------------------------------------------------- deleted
def test_a_deleted_store_costs_nothing_credits_and_the_project_carry_on(backend, tmp_path):
    env = cli_env(tmp_path, backend.url)
    cfg = tmp_path / "cfg"
    timeline = _project(env)
    _remove_store(cfg)
    credits = cli(env, "credits")
    assert credits["exit_code"] == 0 and credits["data"]["credits"]["available"] > 0, credits
    assert "busy" not in credits["text"]
    again = cli(env, "state")                        # the same project, not a new empty one
    assert again["status"] == "done" and again["timeline"] == timeline, again
    stats = backend.stats()
    assert stats["tokens_issued"] == 1               # no second token asked for
    assert stats["requests"].get("/api/tasks/me/with-session/nemo_agent") == 1


def test_a_token_kept_in_the_store_by_an_older_version_moves_to_its_own_file(backend, tmp_path):
    env = cli_env(tmp_path, backend.url)
    cfg = tmp_path / "cfg"
    assert cli(env, "credits")["exit_code"] == 0
    kept = cfg / TOKEN_FILE
    record = _kept(kept, f"anon_token:{backend.url}")
    kept.unlink()
    from skill.core.store import Store

    with Store(cfg / DB) as store:                   # where versions before this one kept it
        store.set(f"anon_token:{backend.url}", record)
    assert cli(env, "credits")["exit_code"] == 0
    assert _kept(kept, f"anon_token:{backend.url}") == record and kept.stat().st_mode & 0o777 == 0o600
    with Store(cfg / DB) as store:
        assert store.get(f"anon_token:{backend.url}") is None
    _remove_store(cfg)
    assert cli(env, "credits")["exit_code"] == 0     # and from there it outlives the store
    assert backend.stats()["tokens_issued"] == 1


def test_a_token_lost_with_the_store_is_a_clear_lockout_not_busy(backend, tmp_path):
    """The token gone too (or held by another NemoVideo skill sharing the client id): the service
    refuses a second one for 7 days. Said as such, with the way out; doctor sees it coming."""
    env = cli_env(tmp_path, backend.url)
    cfg = tmp_path / "cfg"
    assert cli(env, "credits")["exit_code"] == 0
    client_id = (cfg / "client_id").read_text()
    _remove_store(cfg)
    (cfg / TOKEN_FILE).unlink()

    code, checks = doctor(env)
    assert code == 1 and not checks["store"]["ok"], checks["store"]
    assert "client id exists" in checks["store"]["detail"] and "NEMO_TOKEN" in checks["store"]["fix"]

    refused = cli(env, "credits")
    assert refused["exit_code"] == 4, refused
    assert refused["error"]["key"] == "token_locked_out"
    assert "already got one in the last 7 days" in refused["error"]["message"]
    assert "NEMO_TOKEN" in refused["error"]["what_to_do"]
    assert "busy" not in refused["error"]["message"] and refused["_seconds"] < 10
    assert (cfg / "client_id").read_text() == client_id      # the shared client id is never replaced
    zh = cli(env, "credits", "--lang", "zh")
    assert zh["exit_code"] == 4 and "7 天" in zh["error"]["message"]
    # The way out it names works: the user's own token.
    with_token = cli({**env, "NEMO_TOKEN": backend.token()}, "credits")
    assert with_token["exit_code"] == 0


# --------------------------------------------------------------------------- damaged
def _damage(db: Path, how: str) -> None:
    data = db.read_bytes()
    if how == "garbage":
        db.write_bytes(os.urandom(len(data)))
    else:
        db.write_bytes(data[: max(len(data) // 2, 1024)])


@pytest.mark.parametrize("how", ["garbage", "truncated"])
def test_a_damaged_store_is_reported_then_kept_aside_and_replaced(how, backend, tmp_path):
    env = cli_env(tmp_path, backend.url)
    cfg = tmp_path / "cfg"
    timeline = _project(env)
    db = cfg / DB
    _damage(db, how)
    damaged = db.read_bytes()

    code, checks = doctor(env)                        # before anything repairs it
    assert code == 1 and not checks["store"]["ok"], checks["store"]
    assert "is damaged" in checks["store"]["detail"] and "fresh one" in checks["store"]["fix"]
    assert db.read_bytes() == damaged                 # doctor only looks

    credits = cli(env, "credits")
    assert credits["exit_code"] == 0, credits
    kept = [p for p in cfg.iterdir() if p.name.startswith(DB + ".damaged-") and not p.name.endswith("-wal")]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged          # kept, not deleted
    notice = next(n for n in credits["notices"] if "damaged" in n)
    assert str(db) in notice and str(kept[0]) in notice and "a fresh one was made" in notice
    assert cli(env, "credits")["notices"] == []        # said once
    state = cli(env, "state")
    assert state["status"] == "done" and state["timeline"] == timeline   # the same project
    assert backend.stats()["tokens_issued"] == 1
    code, checks = doctor(env)
    assert checks["store"]["ok"], checks["store"]


def test_damage_found_in_the_middle_of_a_command_sets_the_store_aside(tmp_path):
    """A store whose first page is fine but a later one is garbage opens; the query that meets the
    damage says so (StoreDamaged, exit 16) instead of "internal error", and the next open is fresh."""
    from skill.core.store import Store, StoreDamaged

    db = tmp_path / DB
    with Store(db) as store:
        with store.transaction() as c:
            for i in range(2000):
                c.execute("INSERT INTO kv(key, value, updated) VALUES (?, ?, 0)", (f"k{i}", json.dumps("x" * 200)))
    data = bytearray(db.read_bytes())
    page = 4096
    data[page * 3: page * 12] = os.urandom(page * 9)
    db.write_bytes(bytes(data))
    store = Store(db)
    with pytest.raises(StoreDamaged) as info:
        for i in range(2000):
            store.get(f"k{i}")
    assert info.value.exit_code == 16
    text = info.value.render("en")
    assert str(db) in text and ".damaged-" in text
    store.close()
    kept = list(tmp_path.glob(DB + ".damaged-*"))
    assert kept and kept[0].read_bytes() == bytes(data)
    with Store(db) as fresh:
        assert fresh.repaired is None and fresh.get("k1") is None
        fresh.set("k1", "ok")


# --------------------------------------------------------------------------- locked
LOCKER = r"""
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "locking_mode":
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("CREATE TABLE IF NOT EXISTS held(x)")
    conn.execute("COMMIT")                  # the exclusive lock stays with the connection
else:
    conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(120)
"""


@pytest.mark.parametrize("mode", ["begin_exclusive", "locking_mode"])
def test_a_store_locked_by_another_process_is_answered_within_seconds(mode, backend, tmp_path):
    env = cli_env(tmp_path, backend.url)
    cfg = tmp_path / "cfg"
    assert cli(env, "credits")["exit_code"] == 0
    # Another program with the store open but holding no lock: not the one doctor names.
    idle = subprocess.Popen([sys.executable, "-c", "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); "
                             "print('open', flush=True); time.sleep(120)", str(cfg / DB)],
                            stdout=subprocess.PIPE, text=True)
    assert idle.stdout.readline().strip() == "open"
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(cfg / DB), mode], stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout.readline().strip() == "locked"
        status = cli(env, "status", timeout=30)
        assert status["_seconds"] < 15, status["_seconds"]
        assert status["exit_code"] == 16, status
        assert status["error"]["key"] == "store_busy"
        assert status["error"]["message"].startswith("Another video-skill (or another program) is using the "
                                                     f"skill's store {cfg / DB}")
        assert "doctor" in status["error"]["what_to_do"]
        credits = cli(env, "credits", "--lang", "zh", timeout=30)
        assert credits["exit_code"] == 16 and credits["_seconds"] < 15 and "另一个 video-skill" in credits["error"]["message"]
        code, checks = doctor(env)
        assert code == 1 and not checks["store"]["ok"]
        assert f"{locker.pid} (python" in checks["store"]["detail"] and f"kill {locker.pid}" in checks["store"]["fix"]
        assert str(idle.pid) not in checks["store"]["detail"]
    finally:
        for proc in (locker, idle):
            proc.kill()
            proc.wait()
    after = cli(env, "credits")
    assert after["exit_code"] == 0, after
