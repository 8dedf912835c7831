"""Config dir, the shared client id, and the private, concurrency-safe store."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap

from skill.core import config
from skill.core.store import Store


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _settings(tmp_path, **env):
    return config.from_env({"NEMO_CONFIG_DIR": str(tmp_path / "cfg"), **env})


def test_defaults_and_env():
    s = config.from_env({"HOME": "/nonexistent"})
    assert s.api_url == "https://mega-api-prod.nemovideo.ai"
    assert s.web_url == "https://nemovideo.com"
    assert s.token is None
    s = config.from_env({"NEMO_API_URL": "http://127.0.0.1:9/", "NEMO_TOKEN": "secret-tok",
                         "NEMO_CONFIG_DIR": "/tmp/x"})
    assert s.api_url == "http://127.0.0.1:9" and s.token == "secret-tok"
    assert "secret-tok" not in repr(s)
    assert config.from_env({"NEMO_API_URL": "local"}).is_local
    assert config.from_env({}, local=True).is_local


def test_client_id_is_created_once_private_and_reused(tmp_path):
    s = _settings(tmp_path)
    first = config.client_id(s)
    assert first == config.client_id(s)
    path = s.config_dir / "client_id"
    assert _mode(path) == 0o600 and _mode(s.config_dir) == 0o700


def test_existing_client_id_file_is_never_regenerated(tmp_path):
    s = _settings(tmp_path)
    s.config_dir.mkdir(parents=True)
    (s.config_dir / "client_id").write_text("shared-by-another-nemovideo-skill\n")
    assert config.client_id(s) == "shared-by-another-nemovideo-skill"
    assert config.client_id(_settings(tmp_path, NEMO_CLIENT_ID="from-env")) == "from-env"


def test_store_files_are_private(tmp_path):
    s = _settings(tmp_path)
    with Store.open(s) as store:
        store.set("k", {"v": 1})
        assert store.get("k") == {"v": 1}
    for p in s.config_dir.iterdir():
        assert _mode(p) & 0o077 == 0, p
    assert _mode(s.config_dir) == 0o700


def test_directories_we_create_are_private_parents_included(tmp_path):
    s = config.from_env({"NEMO_CONFIG_DIR": str(tmp_path / "a" / "b" / "cfg")})
    Store.open(s).close()
    for d in (tmp_path / "a", tmp_path / "a" / "b", s.config_dir):
        assert _mode(d) == 0o700, d


def test_an_existing_directory_keeps_its_mode(tmp_path, capsys):
    # A folder the user chose (another skill's, a team's) is not ours to re-mode.
    s = _settings(tmp_path)
    s.config_dir.mkdir()
    os.chmod(s.config_dir, 0o755)
    with Store.open(s) as store:
        store.set("k", 1)
    config.client_id(s)
    assert _mode(s.config_dir) == 0o755
    assert _mode(s.config_dir / "video-skill.db") == 0o600 and _mode(s.config_dir / "client_id") == 0o600
    assert capsys.readouterr().err == ""              # readable by others is not writable: no warning


def test_a_shared_world_writable_dir_is_left_alone_with_one_warning(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    script = textwrap.dedent(f"""
        import sys
        from skill.core import config
        from skill.core.store import Store
        from skill.faces.human import HumanFace
        s = config.from_env({{"NEMO_CONFIG_DIR": {str(shared)!r}}})
        for _ in range(3):                     # a command opens the store and the id more than once
            with Store.open(s) as store:
                store.set("k", 1)
            config.client_id(s)
        print("FACE", file=sys.stderr, flush=True)
        HumanFace().warn()                     # the face says it, once: nothing below the faces prints
    """)
    for lang, words in (("en_US.UTF-8", "Warning: other users can write to"), ("zh_CN.UTF-8", "警告")):
        env = {**os.environ, "LANG": lang}
        env.pop("LC_ALL", None)
        r = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        before, _, said = r.stderr.partition("FACE\n")
        assert before == "" and said.count(words) == 1 and str(shared) in said and "1777" in said, r.stderr
        assert len(said.strip().splitlines()) == 1
    assert _mode(shared) == 0o1777                        # not chmod'ed to 0700
    assert _mode(shared / "video-skill.db") == 0o600 and _mode(shared / "client_id") == 0o600


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    cfg = tmp_path / "cfg"
    script = textwrap.dedent(f"""
        import sys
        from skill.core import config
        from skill.core.store import Store
        s = config.from_env({{"NEMO_CONFIG_DIR": {str(cfg)!r}}})
        store = Store.open(s)
        who = sys.argv[1]
        for i in range(200):
            with store.transaction() as c:   # read-modify-write must not interleave
                n = store.get("counter", 0)
                store.set("counter", n + 1)
            store.set(f"{{who}}-{{i}}", i)
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script, name]) for name in ("a", "b")]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    with Store.open(_settings(tmp_path)) as store:
        assert store.get("counter") == 400
        assert store.get("a-199") == 199 and store.get("b-199") == 199


def test_an_empty_or_corrupt_client_id_file_is_repaired_once(tmp_path):
    s = _settings(tmp_path)
    s.config_dir.mkdir(parents=True)
    (s.config_dir / "client_id").write_text("\n")
    repaired = config.client_id(s)
    assert repaired and config.client_id(s) == repaired      # persisted, not new each call
    assert _mode(s.config_dir / "client_id") == 0o600
    assert config.client_id(_settings(tmp_path, NEMO_CLIENT_ID="has spaces in it")) == repaired


def test_many_processes_creating_the_store_at_once_all_succeed(tmp_path):
    # The worker and `chat` (or two commands) may create a new store at the same moment.
    cfg = tmp_path / "cfg"
    script = textwrap.dedent(f"""
        from skill.core import config
        from skill.core.store import Store
        store = Store.open(config.from_env({{"NEMO_CONFIG_DIR": {str(cfg)!r}}}))
        store.set("hello", 1)
    """)
    for round_ in range(8):
        shutil.rmtree(cfg, ignore_errors=True)
        procs = [subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE) for _ in range(8)]
        results = [(p.wait(timeout=60), p.stderr.read().decode()) for p in procs]
        assert [code for code, _ in results] == [0] * 8, [err for _, err in results if err]


def test_a_wal_file_removed_by_another_process_while_opening_is_no_error(tmp_path, monkeypatch):
    # Another command closing last removes the -wal and -shm files between the moment this one sees
    # them and the moment it makes them private: opening the store must not fail on that.
    from pathlib import Path

    settings = config.from_env({"NEMO_CONFIG_DIR": str(tmp_path / "cfg")})
    Store.open(settings).set("kept", 1)
    real_stat, real_exists = Path.stat, Path.exists

    def gone(path: Path) -> bool:
        return path.name.endswith(("-wal", "-shm"))

    def stat(self, *args, **kwargs):
        if gone(self):
            raise FileNotFoundError(2, "No such file or directory", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "exists", lambda self, *a, **k: True if gone(self) else real_exists(self, *a, **k))
    monkeypatch.setattr(Path, "stat", stat)
    assert Store.open(settings).get("kept") == 1


def test_status_in_a_shared_dir_does_not_chmod_it(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    env = {**os.environ, "NEMO_CONFIG_DIR": str(shared), "NEMO_API_URL": "http://127.0.0.1:9", "LANG": "C"}
    env.pop("LC_ALL", None)
    r = subprocess.run([sys.executable, "-m", "skill", "status"], env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert _mode(shared) == 0o1777
    assert r.stderr.count("other users can write to") == 1


def test_opening_a_second_store_in_a_process_never_loses_a_commit_of_the_first(tmp_path):
    """A host (the MCP server) opens several stores in one process while a worker
    process has the same database open. Opening one must not drop the POSIX locks
    of another: the worker would take itself for the last user, checkpoint and
    remove the WAL at its exit, and what the first store commits next never reaches
    another command (it goes to the removed WAL)."""
    path = tmp_path / "cfg" / "video-skill.db"
    first = Store(path)
    first.set("reported", 0)
    worker = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from skill.core.store import Store
            s = Store({str(path)!r})
            s.get("reported")
            print("open", flush=True)
            sys.stdin.readline()       # the parent opens its second store meanwhile
            s.close()
            print("closed", flush=True)
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert worker.stdout.readline().strip() == "open"
    with first.transaction_lock():
        first.conn.execute("BEGIN")                       # a read under way in another thread
        first.conn.execute("SELECT * FROM kv").fetchall()
        second = Store(path)
        worker.stdin.write("\n")
        worker.stdin.flush()
        assert worker.stdout.readline().strip() == "closed"
        worker.wait(timeout=30)
        first.conn.execute("COMMIT")
    first.set("reported", 1)
    try:
        seen = subprocess.run([sys.executable, "-c", textwrap.dedent(f"""
            from skill.core.store import Store
            print(Store({str(path)!r}).get("reported"))
        """)], capture_output=True, text=True, timeout=60)
        assert seen.stdout.strip() == "1", seen.stderr   # another command sees the commit
    finally:
        second.close()
        first.close()
