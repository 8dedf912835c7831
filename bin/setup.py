"""First run of bin/video-skill: build the private environment this skill folder runs in.

    python3 bin/setup.py <skill folder> <version> <env dir> [the command's arguments]

Builds <env dir>/venv from the folder itself (`<folder>[backend,mcp]`): with uv when
it is on PATH, else `python -m venv` + pip, with Python 3.11 or newer. Says so
once on stderr (stdout stays clean for --json); two first runs at once are safe
(the second waits on <env dir>/.lock, then finds <env dir>/.ready). Exit 0 when
the environment is ready, 1 with a message (a JSON result line under --json)
when it cannot be built.

Written for any Python 3 (no f-strings): it must be able to say that the
Python it runs on is too old.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

PACKAGE = "video-generator-free-models"
# The extras every documented command needs (the local backend, the MCP server); the launcher
# expects .ready to say "<version> <EXTRAS>" and rebuilds an environment made with fewer.
EXTRAS = "backend,mcp"
# What the private environment is built from: the skill folder minus everything else.
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "skill.yaml", "skill", "intents", "bin")
CANDIDATES = ("python3.14", "python3.13", "python3.12", "python3.11", "python3", "python")

MESSAGES = {
    "setting_up": {
        "en": "video-skill: first run, setting up its Python environment in {path} (about a minute)...",
        "zh": "video-skill：首次运行，正在 {path} 中准备 Python 环境（约一分钟）……",
    },
    "waiting": {
        "en": "video-skill: another run is setting up the environment; waiting for it...",
        "zh": "video-skill：另一个进程正在准备环境，等待其完成……",
    },
    "ready": {
        "en": "video-skill: ready.",
        "zh": "video-skill：准备就绪。",
    },
    "no_python": {
        "en": "This skill needs Python 3.11 or newer (found {found}), or uv. "
              "Install Python 3.11+ (python.org or your package manager) or uv (https://docs.astral.sh/uv/), then try again.",
        "zh": "此技能需要 Python 3.11 或更新版本（当前为 {found}），或者 uv。"
              "请安装 Python 3.11+（python.org 或系统包管理器）或 uv（https://docs.astral.sh/uv/）后重试。",
    },
    "no_venv": {
        "en": "This Python ({python}) cannot create virtual environments (ensurepip is missing). "
              "Install the venv module (Debian/Ubuntu: sudo apt install python3-venv) or uv, then try again.",
        "zh": "此 Python（{python}）无法创建虚拟环境（缺少 ensurepip）。"
              "请安装 venv 模块（Debian/Ubuntu：sudo apt install python3-venv）或 uv 后重试。",
    },
    "no_dir": {
        "en": "Can't set up the skill's Python environment in {path}: that folder can't be created or written "
              "(XDG_DATA_HOME or a folder above it is a file, read-only, or not yours). "
              "Set XDG_DATA_HOME to a folder you can write to, or fix that one, and try again.",
        "zh": "无法在 {path} 中准备技能的 Python 环境：无法创建或写入该文件夹（XDG_DATA_HOME 或其上级是文件、只读或没有权限）。"
              "请把 XDG_DATA_HOME 设为一个可写的文件夹（或修复该文件夹）后重试。",
    },
    "failed": {
        "en": "Setting up the skill's Python environment failed ({step}); details in {log}. "
              "Check the network connection to the Python package index and try again.",
        "zh": "准备技能的 Python 环境失败（{step}），详情见 {log}。请检查与 Python 软件包索引的网络连接后重试。",
    },
}


def lang():
    value = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "zh" if value.lower().startswith("zh") else "en"


def message(key, **params):
    table = MESSAGES[key]
    return table.get(lang(), table["en"]).format(**params)


def say(text):
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def fail(args, key, text):
    """Exit 1 with `text`: on stderr, and as the --json contract's result line when asked."""
    say(text)
    if "--json" in args:
        command = args[0] if args and not args[0].startswith("-") else ""
        error = {"code": 1, "key": key, "message": text, "what_to_do": "", "retry": False}
        result = {"schema": 1, "type": "result", "command": command, "status": "failed",
                  "exit_code": 1, "lang": lang(), "text": text, "changes": [], "timeline": None,
                  "files": [], "links": {}, "notices": [], "error": error, "next": None, "data": {}}
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    sys.exit(1)


def version_of(python):
    try:
        out = subprocess.check_output(
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            stderr=subprocess.DEVNULL, universal_newlines=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    try:
        major, minor = out.strip().split(".")
        return int(major), int(minor)
    except ValueError:
        return None


def find_python():
    """(a Python >= 3.11 or None, the version found, for the message)."""
    if sys.version_info[:2] >= (3, 11):
        return sys.executable, "%d.%d" % sys.version_info[:2]
    found = "%d.%d" % sys.version_info[:2]
    for name in CANDIDATES:
        path = shutil.which(name)
        if not path:
            continue
        version = version_of(path)
        if version and version >= (3, 11):
            return path, "%d.%d" % version
    return None, found


def run(step, argv, log):
    log.write("$ " + " ".join(argv) + "\n")
    log.flush()
    code = subprocess.call(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    if code != 0:
        raise BuildFailed(step)


class BuildFailed(Exception):
    pass


def read(path):
    try:
        with open(path) as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError):
        return ""


def marker(version):
    """What .ready says of a finished environment: its version and extras (bin/video-skill reads it)."""
    return "%s %s" % (version, EXTRAS)


def copy_sources(folder, dest):
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_data", ".venv", ".git")
    for name in SOURCES:
        src = os.path.join(folder, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dest, name), ignore=ignore)
        elif os.path.isfile(src):
            shutil.copy2(src, os.path.join(dest, name))


def build(folder, env_dir, python, uv, log):
    venv = os.path.join(env_dir, "venv")
    shutil.rmtree(venv, ignore_errors=True)   # a half-built one from an interrupted run
    src = tempfile.mkdtemp(prefix="video-skill-src-")
    try:
        copy_sources(folder, src)
        requirement = "%s[%s] @ %s" % (PACKAGE, EXTRAS, "file://" + os.path.abspath(src))
        if uv:
            run("uv venv", [uv, "venv", "--quiet", "--python", python or ">=3.11", venv], log)
            run("uv pip install", [uv, "pip", "install", "--quiet",
                                   "--python", os.path.join(venv, "bin", "python"), requirement], log)
        else:
            run("python -m venv", [python, "-m", "venv", venv], log)
            run("pip install", [os.path.join(venv, "bin", "python"), "-m", "pip", "install",
                                "--quiet", "--disable-pip-version-check", requirement], log)
    finally:
        shutil.rmtree(src, ignore_errors=True)


def main(argv):
    folder, version, env_dir, args = argv[0], argv[1], argv[2], argv[3:]
    python, found = find_python()
    uv = shutil.which("uv")
    if not python and not uv:
        fail(args, "python_too_old", message("no_python", found=found))
    os.makedirs(env_dir, exist_ok=True)
    ready = os.path.join(env_dir, ".ready")
    venv_python = os.path.join(env_dir, "venv", "bin", "python")
    import fcntl

    with open(os.path.join(env_dir, ".lock"), "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            say(message("waiting"))
            fcntl.flock(lock, fcntl.LOCK_EX)
        if read(ready).strip() == marker(version) and os.access(venv_python, os.X_OK):
            return 0   # another first run built it while we waited
        if os.path.exists(ready):
            os.unlink(ready)
        say(message("setting_up", path=env_dir))
        log_path = os.path.join(env_dir, "setup.log")
        with open(log_path, "w") as log:
            try:
                build(folder, env_dir, python, uv, log)
            except BuildFailed as exc:
                log.flush()
                if str(exc) == "python -m venv" and "ensurepip" in read(log_path):
                    shutil.rmtree(os.path.join(env_dir, "venv"), ignore_errors=True)
                    fail(args, "setup_no_venv", message("no_venv", python=python))
                fail(args, "setup_failed", message("failed", step=str(exc), log=log_path))
        with open(ready + ".tmp", "w") as fh:
            fh.write(marker(version) + "\n")
        os.replace(ready + ".tmp", ready)
        say(message("ready"))
    return 0


def guarded(argv):
    """main(), with a data folder that can't be made or written said plainly (never a traceback)."""
    try:
        return main(argv)
    except OSError as exc:
        env_dir = argv[2] if len(argv) > 2 else ""
        if os.path.isdir(env_dir) and os.access(env_dir, os.W_OK | os.X_OK):   # not the folder's fault
            fail(argv[3:], "setup_failed", message("failed", step=type(exc).__name__,
                                                   log=os.path.join(env_dir, "setup.log")))
        fail(argv[3:], "setup_no_dir", message("no_dir", path=env_dir))


if __name__ == "__main__":
    sys.exit(guarded(sys.argv[1:]))
