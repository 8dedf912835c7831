"""The agent hosts the skill installs into, one row each, and which one runs it now.

`HOSTS` is the one table: install (where the skill folder goes, what to tell
the user next, where `--mcp` registers the MCP server), skillmd (how SKILL.md names the launcher, which frontmatter
it needs), platform detection (the `X-Skill-Platform` header), doctor (where
to look for installed copies) and the CLI help all read it. A new host is a
new row.

`detect()` tells the platform for the attribution header. Order: env
SKILL_SOURCE; else the skill folder the command was started from
(`VIDEO_SKILL_HOME`, exported by the folder's launcher `bin/video-skill`);
else where the Python package itself lives; else "unknown". A folder tells by
a ClawHub origin file (`.clawhub/origin.json`), by the install record
`video-skill install` leaves in it, or by its path (a row's `markers`). Git
remotes are never inspected (the vendor dropped that as a privacy problem).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from skill.core.timing import LAUNCHER_FIRST_RUN

HOME_ENV = "VIDEO_SKILL_HOME"
INSTALL_RECORD = ".video-skill-install.json"
LAUNCHER = "bin/video-skill"


class McpConfig(NamedTuple):
    """Where an app reads its MCP servers: a JSON file (the servers under `key`), or a command that
    registers them when it is on PATH (`cli`: `<cli> mcp add --scope user NAME -- COMMAND ARGS...`)."""
    app: str                      # what the user calls it
    path: str                     # its JSON file (~ expanded)
    key: tuple[str, ...] = ("mcpServers",)   # where the servers are in it
    cli: str | None = None        # its own command for this, preferred when present
    only_if_there: bool = False   # written only when the file's folder exists (the app is installed)
    entry: tuple[tuple[str, object], ...] = ()   # what its entry has besides command and args


class Host(NamedTuple):
    key: str                      # `video-skill install <key>`
    name: str                     # what the user calls it
    skills_dir: str               # where its personal skills live (install's default parent)
    header: str                   # the X-Skill-Platform value
    markers: tuple[tuple[str, ...], ...]   # path runs that tell an install folder belongs to it
    launcher: str                 # how SKILL.md names the launcher; {folder}: the installed folder
    frontmatter: str              # SKILL.md variant: "openclaw" (metadata.openclaw), "claude"
                                  # (allowed-tools), "plain"
    next_step: dict[str, str]     # after install, what happens next (en, zh); {launcher}
    more_skills_dirs: tuple[str, ...] = ()   # other places doctor looks
    mcp_config: tuple[McpConfig, ...] = ()   # where `install --mcp` registers the MCP server


HOSTS: tuple[Host, ...] = (
    Host("openclaw", "OpenClaw", "~/.openclaw/skills", "clawhub", ((".clawhub",), (".openclaw",)),
         "{baseDir}/" + LAUNCHER, "openclaw",
         {"en": "OpenClaw sees it in new sessions (check with: openclaw skills info video-generator-free-models). "
                "The first run sets up its Python environment (about a minute).",
          "zh": "OpenClaw 的新会话即可使用（检查：openclaw skills info video-generator-free-models）。"
                "首次运行会准备 Python 环境（约一分钟）。"},
         more_skills_dirs=("~/.openclaw/workspace/skills",),
         mcp_config=(McpConfig("OpenClaw", "~/.openclaw/openclaw.json", ("mcp", "servers"),
                               entry=(("connectionTimeoutMs", int(LAUNCHER_FIRST_RUN * 1000)),)),)),
    Host("cursor", "Cursor", "~/.cursor/skills", "cursor", ((".cursor", "skills"),),
         "{folder}/" + LAUNCHER, "plain",
         {"en": "Cursor's agent runs {launcher}; the first run sets up its Python environment (about a minute).",
          "zh": "Cursor 的智能体会运行 {launcher}；首次运行会准备 Python 环境（约一分钟）。"},
         mcp_config=(McpConfig("Cursor", "~/.cursor/mcp.json"),)),
    Host("claude", "Claude Code", "~/.claude/skills", "claude", ((".claude", "skills"),),
         "${CLAUDE_SKILL_DIR}/" + LAUNCHER, "claude",
         {"en": "Claude Code loads it in new sessions and may run {launcher} without asking; the first run sets "
                "up its Python environment (about a minute).",
          "zh": "Claude Code 的新会话即可使用，并可免确认运行 {launcher}；首次运行会准备 Python 环境（约一分钟）。"},
         mcp_config=(McpConfig("Claude Code", "~/.claude.json", cli="claude"),
                     McpConfig("Claude Desktop", "~/.config/Claude/claude_desktop_config.json", only_if_there=True))),
)
BY_KEY: dict[str, Host] = {h.key: h for h in HOSTS}


def launcher_env(name: str, version: str, env: dict[str, str] | None = None) -> Path:
    """The private environment a skill folder's launcher builds (bin/video-skill, bin/setup.py):
    ${XDG_DATA_HOME:-~/.local/share}/<name>/<version>/."""
    env = os.environ if env is None else env
    data_home = env.get("XDG_DATA_HOME") or ""
    base = Path(data_home) if data_home else Path(env.get("HOME") or Path.home()) / ".local" / "share"
    return base / name / version


def get(key: str) -> Host:
    try:
        return BY_KEY[key]
    except KeyError:
        raise ValueError(f"unknown host {key!r} (one of {', '.join(BY_KEY)})") from None


# --------------------------------------------------------------------------- the platform header
def _has_run(parts: tuple[str, ...], run: tuple[str, ...]) -> bool:
    n = len(run)
    return any(parts[i:i + n] == run for i in range(len(parts) - n + 1))


def _recorded_host(folder: Path) -> str | None:
    try:
        text = (folder / INSTALL_RECORD).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    import json

    try:
        key = json.loads(text).get("host")
    except (ValueError, AttributeError):
        return None
    host = BY_KEY.get(key) if isinstance(key, str) else None
    return host.header if host else None


def from_path(path: Path | str) -> str | None:
    """The platform a skill folder (or a path inside one) tells, or None."""
    path = Path(path)
    # A ClawHub install leaves .clawhub/origin.json in the skill folder.
    near = (path, *path.parents[:2])
    for folder in near:
        if (folder / ".clawhub" / "origin.json").is_file():
            return "clawhub"
    for folder in near:
        recorded = _recorded_host(folder)
        if recorded:
            return recorded
    parts = path.parts
    for host in HOSTS:
        if any(_has_run(parts, run) for run in host.markers):
            return host.header
    return None


def detect(env: dict[str, str] | None = None, install_path: Path | str | None = None) -> str:
    env = os.environ if env is None else env
    explicit = (env.get("SKILL_SOURCE") or "").strip()
    if explicit:
        return explicit
    candidates: list[Path | str] = []
    home = (env.get(HOME_ENV) or "").strip()
    if home:
        candidates.append(home)
    # The package folder: skill/ (this module is skill/core/hosts.py).
    candidates.append(install_path if install_path is not None else Path(__file__).resolve().parent.parent)
    for candidate in candidates:
        found = from_path(candidate)
        if found:
            return found
    return "unknown"
