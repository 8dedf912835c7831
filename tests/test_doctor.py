"""`video-skill doctor`: one line per check, ok or the problem and how to fix it; never the token."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from skill.core import manifest
from cli_env import clean_env

NAME = manifest.load().name


def _env(tmp_path: Path, **extra) -> dict:
    """The config where doctor looks by default: under a HOME of the test's own."""
    return clean_env(HOME=str(tmp_path / "home"), NEMO_CONFIG_DIR=str(tmp_path / "home" / ".config" / "nemovideo"),
                     LANG="C.UTF-8", **extra)


def _cli(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "skill", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def _checks(stdout: str) -> dict:
    lines = [json.loads(line) for line in stdout.splitlines()]
    assert lines[-1]["type"] == "result" and lines[-1]["command"] == "doctor"
    checks = [x for x in lines if x["type"] == "check"]
    assert checks == [dict(schema=1, type="check", **c) for c in lines[-1]["data"]["checks"]]
    return {c["name"]: c for c in checks} | {"_result": lines[-1]}


def test_doctor_all_ok_and_never_shows_the_token(tmp_path, backend):
    env = _env(tmp_path, NEMO_API_URL=backend.url)
    assert _cli("credits", env=env).returncode == 0          # signs in: a token is cached now
    from skill.core import keep

    token = keep.get(Path(env["NEMO_CONFIG_DIR"]) / keep.TOKEN_FILE, f"anon_token:{backend.url}")["token"]
    done = _cli("doctor", "--json", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    checks = _checks(done.stdout)
    assert checks["_result"]["status"] == "done"
    assert all(c["ok"] for name, c in checks.items() if name != "_result")
    assert {"config", "store", "client_id", "token", "api", "ffmpeg", "local_backend", "environment",
            "host:openclaw", "host:cursor", "host:claude"} <= set(checks)
    assert "free starter token" in checks["token"]["detail"]
    assert backend.url in checks["api"]["detail"] and " ms" in checks["api"]["detail"]
    human = _cli("doctor", env=env)
    for output in (done.stdout, done.stderr, human.stdout, human.stderr):
        assert token not in output
    assert human.returncode == 0 and human.stdout.count("✓") >= 10 and "✗" not in human.stdout


def test_doctor_names_each_problem_and_its_fix(tmp_path):
    env = _env(tmp_path, NEMO_API_URL="http://127.0.0.1:9", NEMO_TOKEN="nmv_secret_value")
    config = Path(env["NEMO_CONFIG_DIR"])
    config.mkdir(parents=True)
    config.chmod(0o755)
    # An old copy of the skill in Cursor's folder.
    assert _cli("install", "cursor", env=env).returncode == 0
    installed = Path(env["HOME"]) / ".cursor" / "skills" / NAME / "skill.yaml"
    installed.write_text(installed.read_text().replace(f"version: {manifest.load().version}", "version: 0.0.1"))
    done = _cli("doctor", "--json", env=env)
    assert done.returncode == 1
    checks = _checks(done.stdout)
    assert checks["_result"]["status"] == "failed" and checks["_result"]["exit_code"] == 1
    assert not checks["config"]["ok"] and checks["config"]["fix"] == f"run: chmod 700 {config}"
    assert not checks["api"]["ok"] and "http://127.0.0.1:9" in checks["api"]["detail"] and checks["api"]["fix"]
    assert not checks["host:cursor"]["ok"] and checks["host:cursor"]["fix"] == "run: video-skill install cursor"
    assert checks["token"]["ok"] and "NEMO_TOKEN" in checks["token"]["detail"]
    assert "nmv_secret_value" not in done.stdout + done.stderr
    human = _cli("doctor", env=env)
    assert human.returncode == 1
    assert f"✗ {config} can be read by other users (mode 755) → run: chmod 700 {config}" in human.stdout
    assert "3 problem(s) found" in human.stderr


def test_doctor_speaks_chinese(tmp_path):
    env = _env(tmp_path, NEMO_API_URL="http://127.0.0.1:9")
    done = _cli("doctor", "--lang", "zh", env=env)
    assert "无法连接视频服务" in done.stdout and "设置目录" in done.stdout


def test_doctor_reports_the_launchers_private_environment(tmp_path):
    version = manifest.load().version
    private = tmp_path / "data" / NAME / version
    env = _env(tmp_path, NEMO_API_URL="http://127.0.0.1:9", XDG_DATA_HOME=str(tmp_path / "data"),
               VIDEO_SKILL_HOME=str(tmp_path / "home" / ".claude" / "skills" / NAME))
    checks = _checks(_cli("doctor", "--json", env=env).stdout)
    assert checks["launcher_env"]["ok"] and "No private environment yet" in checks["launcher_env"]["detail"]
    assert "platform header: claude" in checks["environment"]["detail"]
    private.mkdir(parents=True)
    (private / "setup.log").write_text("pip: network unreachable\n")      # a first run that failed
    checks = _checks(_cli("doctor", "--json", env=env).stdout)
    assert not checks["launcher_env"]["ok"] and str(private) in checks["launcher_env"]["fix"]
    (private / ".ready").write_text(version)                            # an older launcher's: no MCP
    checks = _checks(_cli("doctor", "--json", env=env).stdout)
    assert checks["launcher_env"]["ok"] and "rebuilds" in checks["launcher_env"]["detail"]
    (private / ".ready").write_text(f"{version} backend,mcp\n")
    checks = _checks(_cli("doctor", "--json", env=env).stdout)
    assert checks["launcher_env"]["ok"] and "is ready" in checks["launcher_env"]["detail"]


def test_doctor_names_the_service_variables_and_what_they_point_at(tmp_path):
    """A dead NEMO_API_URL is the variable's doing, not the internet connection's; a value that is
    no URL is said so, not shown as an exception's name."""
    env = _env(tmp_path, NEMO_API_URL="http://127.0.0.1:9", NEMO_WEB_URL="https://studio.example")
    checks = _checks(_cli("doctor", "--json", env=env).stdout)
    assert checks["nemo_api_url"]["ok"] and "NEMO_API_URL" in checks["nemo_api_url"]["detail"]
    assert "http://127.0.0.1:9" in checks["nemo_api_url"]["detail"]
    assert "https://studio.example" in checks["nemo_web_url"]["detail"]
    api = checks["api"]
    assert not api["ok"] and "NEMO_API_URL" in api["fix"] and "internet" not in api["fix"]

    env = _env(tmp_path, NEMO_API_URL="notaurl")
    done = _cli("doctor", "--json", env=env)
    checks = _checks(done.stdout)
    bad = checks["nemo_api_url"]
    assert not bad["ok"] and "NEMO_API_URL" in bad["detail"] and "notaurl" in bad["detail"]
    assert "unset" in bad["fix"]
    assert "UnsupportedProtocol" not in done.stdout and "internet" not in done.stdout
    human = _cli("doctor", "--lang", "zh", env=env)
    assert "NEMO_API_URL" in human.stdout and "不是 http(s) 地址" in human.stdout


def test_a_command_with_an_api_url_that_is_not_a_url_says_which_setting_to_fix(tmp_path):
    """Not "can't reach the service, try again in a minute": waiting will not fix a setting."""
    env = _env(tmp_path, NEMO_API_URL="notaurl")
    for args, lang_words in ((["credits"], "not an http(s) address"), (["say", "导出"], "不是 http(s) 地址")):
        done = _cli(*args, env=env)
        assert done.returncode == 2, done
        said = done.stdout + done.stderr
        assert "NEMO_API_URL" in said and "notaurl" in said and lang_words in said
        assert "UnsupportedProtocol" not in said and "try again in a minute" not in said.lower()
        assert "Traceback" not in said
