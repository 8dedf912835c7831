"""`video-skill install <host>`: the folder a host loads, and only that; the launcher in it.

The launcher picks the installed `video-skill` of the same version when one is
on PATH (here: this checkout's .venv), so these tests run commands from an
installed folder without building its private environment (tests/hosts does that).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from skill.core import hosts, manifest
from cli_env import fresh_home_env

NAME = manifest.load().name
EXPECTED_TOP = {"SKILL.md", "bin", "skill", "intents", "skill.yaml", "pyproject.toml", "README.md", "LICENSE",
                hosts.INSTALL_RECORD}


def _cli(*args, env=None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "skill", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=120)



def _frontmatter(text: str) -> dict:
    head, _, _ = text[4:].partition("\n---\n")
    return yaml.safe_load(head)


@pytest.mark.parametrize("host", ["openclaw", "cursor", "claude"])
def test_install_writes_only_what_the_skill_needs(host, tmp_path):
    skills = tmp_path / "skills"
    done = _cli("install", host, "--dir", str(skills), env=fresh_home_env(tmp_path))
    assert done.returncode == 0, done.stderr
    folder = skills / NAME
    assert str(folder) in done.stdout
    assert {p.name for p in folder.iterdir()} == EXPECTED_TOP
    every = [p.relative_to(folder).as_posix() for p in folder.rglob("*")]
    assert not [p for p in every if "__pycache__" in p or p.endswith(".pyc") or "_data" in p
                or p.startswith(("tests", ".git", ".venv"))]
    launcher = folder / "bin" / "video-skill"
    assert os.access(launcher, os.X_OK)
    record = json.loads((folder / hosts.INSTALL_RECORD).read_text())
    assert record["host"] == host
    assert sorted(record["files"]) == sorted(p for p in every if (folder / p).is_file()
                                             and p != hosts.INSTALL_RECORD)
    text = (folder / "SKILL.md").read_text()
    fm = _frontmatter(text)
    assert fm["name"] == NAME == folder.name
    command = {"openclaw": "{baseDir}/bin/video-skill", "claude": "${CLAUDE_SKILL_DIR}/bin/video-skill",
               "cursor": f"{folder.resolve()}/bin/video-skill"}[host]
    assert f"{command} say '" in text
    if host == "claude":
        assert f"Bash({folder.resolve()}/bin/video-skill:*)" in fm["allowed-tools"]
    if host == "openclaw":
        assert fm["metadata"]["openclaw"]["requires"] == {"bins": ["python3"]}


def test_install_is_idempotent_and_uninstall_removes_only_what_it_wrote(tmp_path):
    skills = tmp_path / "skills"
    env = fresh_home_env(tmp_path)
    assert _cli("install", "cursor", "--dir", str(skills), env=env).returncode == 0
    folder = skills / NAME
    snapshot = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    # A file an older version wrote (in the record) but this one does not: removed on update.
    record_path = folder / hosts.INSTALL_RECORD
    record = json.loads(record_path.read_text())
    (folder / "skill" / "gone.py").write_text("old")
    record["files"].append("skill/gone.py")
    record_path.write_text(json.dumps(record))
    # The user's own file: never touched.
    (folder / "notes.txt").write_text("mine")
    again = _cli("install", "cursor", "--dir", str(skills), "--json", env=env)
    assert again.returncode == 0, again.stderr
    result = json.loads(again.stdout.splitlines()[-1])
    assert result["type"] == "result" and result["data"]["updated"] is True
    assert not (folder / "skill" / "gone.py").exists()
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != "notes.txt"} == snapshot
    gone = _cli("install", "cursor", "--dir", str(skills), "--uninstall", env=env)
    assert gone.returncode == 0, gone.stderr
    assert [p.name for p in folder.rglob("*")] == ["notes.txt"]
    (folder / "notes.txt").unlink()
    assert _cli("install", "cursor", "--dir", str(skills), env=env).returncode == 0
    assert _cli("install", "cursor", "--dir", str(skills), "--uninstall", env=env).returncode == 0
    assert not folder.exists()
    nothing = _cli("install", "cursor", "--dir", str(skills), "--uninstall", env=env)
    assert nothing.returncode == 0 and "nothing to remove" in nothing.stdout


def test_install_refuses_a_folder_it_did_not_write(tmp_path):
    folder = tmp_path / "skills" / NAME
    folder.mkdir(parents=True)
    (folder / "SKILL.md").write_text("someone else's\n")
    refused = _cli("install", "claude", "--dir", str(tmp_path / "skills"), env=fresh_home_env(tmp_path))
    assert refused.returncode == 2
    assert "--dir" in refused.stderr and "Traceback" not in refused.stderr
    assert (folder / "SKILL.md").read_text() == "someone else's\n"
    # --uninstall leaves it alone too: there is no record of ours.
    assert _cli("install", "claude", "--dir", str(tmp_path / "skills"), "--uninstall",
                env=fresh_home_env(tmp_path)).returncode == 0
    assert (folder / "SKILL.md").read_text() == "someone else's\n"


def test_default_folders_are_where_each_host_looks(tmp_path):
    env = fresh_home_env(tmp_path)
    home = Path(env["HOME"])
    for host, parent in [("openclaw", ".openclaw/skills"), ("cursor", ".cursor/skills"), ("claude", ".claude/skills")]:
        done = _cli("install", host, env=env)
        assert done.returncode == 0, done.stderr
        assert (home / parent / NAME / "SKILL.md").is_file()


@pytest.mark.parametrize("host, header", [("cursor", "cursor"), ("claude", "claude"), ("openclaw", "clawhub")])
def test_a_command_from_the_installed_folder_sends_its_platform(host, header, tmp_path, backend):
    """Run from the installed folder's launcher, wherever the package lives: the header names the host."""
    skills = tmp_path / "anywhere"           # no host marker in the path: the install record tells
    env = fresh_home_env(tmp_path, NEMO_API_URL=backend.url)
    assert _cli("install", host, "--dir", str(skills), env=env).returncode == 0
    launcher = skills / NAME / "bin" / "video-skill"
    done = subprocess.run([str(launcher), "credits", "--json"], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["type"] == "result" and result["status"] == "done"
    assert "setting up" not in done.stderr          # the installed video-skill of this version was used
    platforms = backend.stats()["platforms"]
    assert platforms.get(header, 0) >= 2, platforms   # the sign-in and the credits request
    assert set(platforms) == {header}


def test_the_same_launcher_says_unknown_when_run_from_a_plain_folder(tmp_path, backend):
    """Control for the test above: the header comes from the folder, not from the test."""
    folder = tmp_path / "plain" / NAME
    env = fresh_home_env(tmp_path, NEMO_API_URL=backend.url)
    assert _cli("install", "cursor", "--dir", str(folder.parent), env=env).returncode == 0
    (folder / hosts.INSTALL_RECORD).unlink()
    done = subprocess.run([str(folder / "bin" / "video-skill"), "credits"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert set(backend.stats()["platforms"]) == {"unknown"}


def test_launcher_explains_an_old_python_without_uv(tmp_path):
    """python3 < 3.11 and no uv: a clear message (and a JSON result under --json), nothing half-built."""
    old = next((p for p in _old_pythons() if p), None)
    if old is None:
        pytest.skip("no Python < 3.11 on this machine")
    bindir = tmp_path / "pathbin"
    bindir.mkdir()
    (bindir / "python3").symlink_to(old)
    for tool in ("sh", "readlink", "dirname"):
        for d in ("/usr/bin", "/bin"):
            if Path(d, tool).exists() and not (bindir / tool).exists():
                (bindir / tool).symlink_to(Path(d, tool))
    folder = tmp_path / "skills"
    assert _cli("install", "claude", "--dir", str(folder), env=fresh_home_env(tmp_path)).returncode == 0
    env = fresh_home_env(tmp_path, PATH=str(bindir))
    done = subprocess.run([str(folder / NAME / "bin" / "video-skill"), "credits", "--json"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1
    assert "Python 3.11 or newer" in done.stderr and "uv" in done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["type"] == "result" and result["status"] == "failed" and result["exit_code"] == 1
    assert "Python 3.11" in result["error"]["message"]
    assert not (tmp_path / "data" / NAME / manifest.load().version / "venv").exists()


def _old_pythons():
    import glob
    import shutil

    for name in ("python3.10", "python3.9", "python3.8"):
        for path in [*glob.glob(f"/root/.pyenv/versions/3.*/bin/{name}"), shutil.which(name)]:
            if path and Path(path).is_file():
                probe = subprocess.run([path, "-c", "import sys; print(sys.version_info[:2] < (3, 11))"],
                                       capture_output=True, text=True)
                if probe.stdout.strip() == "True":
                    yield path
                    return
    yield None


def _fake_program(path: Path, shebang: str, says: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!{shebang}\necho {says} \"$VIDEO_SKILL_HOME\" \"$@\"\n")
    path.chmod(0o755)


LAUNCHER_MODULES = ("starlette", "uvicorn", "multipart", "imageio_ffmpeg", "mcp")


@pytest.mark.parametrize("installed_version, expected", [(None, "private"), ("0.9.0", "private"),
                                                          ("same", "installed"), ("same-core-only", "private"),
                                                          ("same-without-mcp", "private")])
def test_launcher_picks_an_installed_command_only_of_its_own_version(installed_version, expected, tmp_path):
    """The launcher execs `video-skill` from PATH only when that install is this folder's version and
    has what every documented command needs (the backend, MCP); else its private environment (faked
    here as ready, so nothing is built)."""
    version = manifest.load().version
    skills = tmp_path / "skills"
    assert _cli("install", "claude", "--dir", str(skills), env=fresh_home_env(tmp_path)).returncode == 0
    folder = skills / NAME
    data = tmp_path / "data" / NAME / version
    _fake_program(data / "venv" / "bin" / "video-skill", "/bin/sh", "private")
    _fake_program(data / "venv" / "bin" / "python", "/bin/sh", "python")
    (data / ".ready").write_text(f"{version} backend,mcp\n")
    path = "/usr/bin:/bin"
    if installed_version:
        prefix = tmp_path / "tool-venv"
        # A console script as pip writes it: its shebang names the venv's python.
        (prefix / "bin").mkdir(parents=True)
        (prefix / "bin" / "python").symlink_to("/bin/sh")
        _fake_program(prefix / "bin" / "video-skill", f"{prefix}/bin/python", "installed")
        dist = "video_generator_free_models-{}.dist-info".format(version if installed_version.startswith("same")
                                                                  else installed_version)
        site = prefix / "lib" / "python3.11" / "site-packages"
        (site / dist).mkdir(parents=True)
        extras = {"same-core-only": (), "same-without-mcp": LAUNCHER_MODULES[:-1]}.get(installed_version,
                                                                                     LAUNCHER_MODULES)
        for module in extras:
            (site / module).mkdir()
        path = f"{prefix / 'bin'}:{path}"
    done = subprocess.run([str(folder / "bin" / "video-skill"), "route", "export"], capture_output=True,
                          text=True, env=fresh_home_env(tmp_path, PATH=path), timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [expected, str(folder.resolve()), "route", "export"]
    assert "setting up" not in done.stderr


def test_launcher_rebuilds_an_environment_made_without_the_mcp_server(tmp_path):
    """A private environment an older launcher built (backend only, `.ready` = the version) cannot
    serve `mcp`: the launcher runs its setup again instead of using it."""
    version = manifest.load().version
    skills = tmp_path / "skills"
    assert _cli("install", "cursor", "--dir", str(skills), env=fresh_home_env(tmp_path)).returncode == 0
    data = tmp_path / "data" / NAME / version
    _fake_program(data / "venv" / "bin" / "video-skill", "/bin/sh", "private")
    _fake_program(data / "venv" / "bin" / "python", "/bin/sh", "python")
    (data / ".ready").write_text(version + "\n")
    bindir = tmp_path / "fakebin"
    _fake_program(bindir / "python3", "/bin/sh", "setup")          # stands in for the first-run setup
    done = subprocess.run([str(skills / NAME / "bin" / "video-skill"), "mcp"], capture_output=True, text=True,
                          env=fresh_home_env(tmp_path, PATH=f"{bindir}:/usr/bin:/bin"), timeout=60)
    assert done.stdout.split()[:2] == ["setup", str((skills / NAME).resolve())], done.stdout + done.stderr
    assert f"{skills / NAME}/bin/setup.py" in done.stdout


def test_the_launchers_extras_are_the_packages_and_modules_the_commands_need():
    """One list each, kept together: bin/setup.py builds with EXTRAS, bin/video-skill expects them in
    .ready and checks their modules in an installed video-skill, pyproject declares them."""
    import re
    import tomllib

    from skill.backend import EXTRA_MODULES
    from skill.core import resources

    launcher = (resources.root() / "bin" / "video-skill").read_text()
    setup = (resources.root() / "bin" / "setup.py").read_text()
    extras = re.search(r"^extras=(\S+)$", launcher, re.M).group(1)
    modules = tuple(re.search(r'^modules="([^"]+)"$', launcher, re.M).group(1).split())
    assert re.search(r'^EXTRAS = "([^"]+)"$', setup, re.M).group(1) == extras == "backend,mcp"
    assert modules == (*EXTRA_MODULES, "mcp") == LAUNCHER_MODULES
    declared = tomllib.loads((resources.root() / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert set(extras.split(",")) <= set(declared)


# -- --uninstall and the launcher's private environment -------------------------------------------
def test_uninstall_says_where_the_private_environment_is_and_purge_removes_it(tmp_path):
    version = manifest.load().version
    env = fresh_home_env(tmp_path)
    private = tmp_path / "data" / NAME / version
    (private / "venv" / "lib").mkdir(parents=True)
    (private / "venv" / "lib" / "big.bin").write_bytes(b"\0" * 2_000_000)
    (private / ".ready").write_text(f"{version} backend,mcp\n")
    skills = tmp_path / "skills"
    assert _cli("install", "cursor", "--dir", str(skills), env=env).returncode == 0
    gone = _cli("install", "cursor", "--dir", str(skills), "--uninstall", "--json", env=env)
    result = json.loads(gone.stdout.splitlines()[-1])
    assert gone.returncode == 0 and str(private) in result["text"] and "--purge" in result["text"]
    assert "2 MB" in result["text"] and result["data"]["private_env"]["removed"] is False
    assert private.is_dir()                       # shared by every host's copy: kept unless asked

    refused = _cli("install", "cursor", "--dir", str(skills), "--purge", env=env)
    assert refused.returncode == 2 and "--uninstall" in refused.stderr
    assert _cli("install", "cursor", "--dir", str(skills), env=env).returncode == 0
    purged = _cli("install", "cursor", "--dir", str(skills), "--uninstall", "--purge", "--json", env=env)
    result = json.loads(purged.stdout.splitlines()[-1])
    assert purged.returncode == 0 and result["data"]["private_env"]["removed"] is True
    assert not private.exists() and not private.parent.exists() and (tmp_path / "data").is_dir()
    assert not (skills / NAME).exists()


# -- install --mcp: the MCP server where each host reads it ---------------------------------------
def _configs(home: Path) -> dict[str, Path]:
    return {"cursor": home / ".cursor" / "mcp.json", "openclaw": home / ".openclaw" / "openclaw.json",
            "claude": home / ".claude.json", "desktop": home / ".config" / "Claude" / "claude_desktop_config.json"}


def test_install_mcp_merges_the_server_into_each_hosts_config_and_uninstall_takes_it_back(tmp_path):
    from skill.core.timing import LAUNCHER_FIRST_RUN

    env = fresh_home_env(tmp_path)
    home = Path(env["HOME"])
    files = _configs(home)
    before = {
        "cursor": {"mcpServers": {"other": {"command": "other-server", "args": []}}},
        "openclaw": {"gateway": {"port": 18789}, "mcp": {"servers": {"docs": {"url": "https://docs.example/mcp"}}}},
        "claude": {"numStartups": 7, "mcpServers": {NAME: {"command": "video-skill", "args": ["mcp"]}}},
        "desktop": {"globalShortcut": "", "mcpServers": {}},
    }
    for key, data in before.items():
        files[key].parent.mkdir(parents=True, exist_ok=True)
        files[key].write_text(json.dumps(data))
    for host, keys in (("cursor", ["cursor"]), ("openclaw", ["openclaw"]), ("claude", ["claude", "desktop"])):
        done = _cli("install", host, "--mcp", "--json", env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        launcher = str(home / hosts.get(host).skills_dir.removeprefix("~/") / NAME / "bin" / "video-skill")
        for key in keys:
            data = json.loads(files[key].read_text())
            servers = data["mcp"]["servers"] if key == "openclaw" else data["mcpServers"]
            # OpenClaw connects within 5 s unless told: its entry allows a launcher's first run.
            extra = {"connectionTimeoutMs": int(LAUNCHER_FIRST_RUN * 1000)} if key == "openclaw" else {}
            assert servers[NAME] == {"command": launcher, "args": ["mcp"], **extra}, key
            others = {k: v for k, v in servers.items() if k != NAME}
            old = before[key]["mcp"]["servers"] if key == "openclaw" else before[key]["mcpServers"]
            assert others == {k: v for k, v in old.items() if k != NAME}, key
            assert {k: v for k, v in data.items() if k not in ("mcp", "mcpServers")} == \
                {k: v for k, v in before[key].items() if k not in ("mcp", "mcpServers")}
        snapshot = {key: files[key].read_bytes() for key in keys}
        again = _cli("install", host, "--mcp", env=env)            # idempotent
        assert again.returncode == 0 and {key: files[key].read_bytes() for key in keys} == snapshot
        plain = _cli("install", host, env=env)                     # an update without --mcp keeps it
        assert plain.returncode == 0 and {key: files[key].read_bytes() for key in keys} == snapshot
    for host in ("cursor", "openclaw", "claude"):
        gone = _cli("install", host, "--uninstall", env=env)
        assert gone.returncode == 0, gone.stderr
    for key, data in before.items():               # each as it was, the replaced entry put back
        assert json.loads(files[key].read_text()) == data, key


def test_install_mcp_uses_claude_codes_own_command_when_present(tmp_path):
    env = fresh_home_env(tmp_path)
    bindir = tmp_path / "fakebin"
    bindir.mkdir()
    calls = tmp_path / "claude-calls"
    (bindir / "claude").write_text(f'#!/bin/sh\necho "$@" >> {calls}\n')
    (bindir / "claude").chmod(0o755)
    env["PATH"] = f"{bindir}{os.pathsep}{env['PATH']}"
    done = _cli("install", "claude", "--mcp", env=env)
    assert done.returncode == 0, done.stderr
    launcher = Path(env["HOME"]) / ".claude" / "skills" / NAME / "bin" / "video-skill"
    assert calls.read_text().splitlines() == [f"mcp remove --scope user {NAME}",
                                              f"mcp add --scope user {NAME} -- {launcher} mcp"]
    assert not _configs(Path(env["HOME"]))["claude"].exists()      # its own command wrote it, not us
    assert _cli("install", "claude", "--uninstall", env=env).returncode == 0
    assert calls.read_text().splitlines()[-1] == f"mcp remove --scope user {NAME}"


def test_install_mcp_leaves_a_config_it_cannot_read_whole_alone(tmp_path):
    env = fresh_home_env(tmp_path)
    config = _configs(Path(env["HOME"]))["openclaw"]
    config.parent.mkdir(parents=True)
    config.write_text('{\n  // JSON5: a comment\n  gateway: {port: 18789},\n}\n')
    done = _cli("install", "openclaw", "--mcp", "--json", env=env)
    result = json.loads(done.stdout.splitlines()[-1])
    assert done.returncode == 1 and result["error"]["key"] == "install_mcp_failed"
    assert str(config) in result["error"]["message"] and result["error"]["what_to_do"]
    assert config.read_text().startswith('{\n  // JSON5')
    assert (Path(env["HOME"]) / ".openclaw" / "skills" / NAME / "SKILL.md").is_file()   # the skill itself is in


def test_the_registered_server_serves_the_six_tools(tmp_path):
    """The entry install --mcp writes, started as a host starts it (its command and args)."""
    import anyio
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    env = fresh_home_env(tmp_path)
    assert _cli("install", "cursor", "--mcp", env=env).returncode == 0
    entry = json.loads(_configs(Path(env["HOME"]))["cursor"].read_text())["mcpServers"][NAME]

    async def tools():
        params = StdioServerParameters(command=entry["command"], args=entry["args"], env=env)
        with open(tmp_path / "server.err", "w") as err:
            async with stdio_client(params, errlog=err) as (read, write):
                async with ClientSession(read, write) as session:
                    await session.initialize()
                    return {t.name for t in (await session.list_tools()).tools}

    assert anyio.run(tools) == {"say", "status", "upload", "export", "credits", "state"}
