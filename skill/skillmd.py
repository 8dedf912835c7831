"""Render SKILL.md (YAML frontmatter + agent instructions) from skill.yaml, per host.

The body calls the folder's launcher (`bin/video-skill`), named the way each
host can reach it:

- openclaw (and the generic root SKILL.md): `{baseDir}/bin/video-skill`
  (OpenClaw substitutes the skill folder for `{baseDir}`);
- claude: `${CLAUDE_SKILL_DIR}/bin/video-skill`, plus `allowed-tools` so
  Claude Code does not ask before every run;
- cursor: the absolute path of the installed launcher (Cursor substitutes nothing).

The frontmatter keeps to the Agent Skills keys (name, description, license,
allowed-tools, metadata) so both validators pass; what only one host reads
sits under `metadata` with a comment naming that host.
"""
from __future__ import annotations

from pathlib import Path

from skill import manifest as manifest_mod
from skill import resources

# How long `say`/`chat` wait before handing a running turn over to `status`:
# under the 120 s default exec timeout of OpenClaw (HOSTS.md).
SAY_WAIT_SECONDS = 100
# `status --wait`: what an agent runs to follow a running request, under ~120 s.
STATUS_WAIT_SECONDS = 90

HOSTS = ("openclaw", "claude", "cursor")
LAUNCHER = "bin/video-skill"


def launcher_command(host: str, folder: Path | str | None = None) -> str:
    """How the SKILL.md body names the launcher on `host`."""
    if host == "openclaw":
        return "{baseDir}/" + LAUNCHER
    if host == "claude":
        return "${CLAUDE_SKILL_DIR}/" + LAUNCHER
    if host == "cursor":
        if folder is None:
            raise ValueError("the cursor SKILL.md names the launcher by its absolute path: pass folder")
        import shlex

        return shlex.quote(f"{Path(folder).resolve()}/{LAUNCHER}")   # unchanged unless it has spaces etc.
    raise ValueError(f"unknown host {host!r} (one of {', '.join(HOSTS)})")


def frontmatter(m: manifest_mod.Manifest, host: str = "openclaw", folder: Path | str | None = None) -> dict:
    data: dict = {"name": m.name, "description": m.description}
    license_ = str(m.raw.get("license") or "")
    if license_:
        data["license"] = license_
    if host == "claude":
        rules = [f"Bash({launcher_command('claude')}:*)"]
        if folder is not None:   # what the body's variable expands to, for hosts that expand it first
            rules.append(f"Bash({Path(folder).resolve()}/{LAUNCHER}:*)")
        data["allowed-tools"] = rules
    meta: dict = {"version": m.version}
    if m.homepage:
        meta["homepage"] = m.homepage
    if host == "openclaw":
        openclaw: dict = {}
        if m.emoji:
            openclaw["emoji"] = m.emoji
        if m.homepage:
            openclaw["homepage"] = m.homepage
        openclaw["primaryEnv"] = m.primary_env
        # The body runs the launcher, which needs python3 (and nothing else on PATH:
        # it builds its own environment on first use). No installer spec: the
        # package is on no index, and `uv tool install <name>` would fail.
        requires: dict = {"bins": ["python3"]}
        if m.required_env:
            requires["env"] = list(m.required_env)
        openclaw["requires"] = requires
        meta["openclaw"] = openclaw
    data["metadata"] = meta
    return data


_COMMENTS = {
    "allowed-tools": "# Read by Claude Code: the launcher runs without a permission prompt each time.",
    "metadata": "# Agent Skills metadata; hosts ignore the keys they do not know.",
    "openclaw": "# Read by OpenClaw/ClawHub: gating (requires), emoji, homepage, and the env var\n"
                "# that skills.entries.<name>.apiKey fills (primaryEnv).",
    "version": "# The skill's version (skill.yaml); OpenClaw's change hook and ClawHub show it.",
}


def frontmatter_yaml(data: dict) -> str:
    """The frontmatter as YAML, with a comment above each key only some hosts read."""
    import yaml

    def dump(obj: dict) -> str:
        return yaml.safe_dump(obj, sort_keys=False, allow_unicode=True, width=10_000)

    out: list[str] = []
    for key, value in data.items():
        if key in _COMMENTS and key != "metadata":
            out.append(_COMMENTS[key] + "\n")
        if key == "metadata" and isinstance(value, dict):
            out.append(_COMMENTS["metadata"] + "\n" + "metadata:\n")
            for sub, subvalue in value.items():
                if sub in _COMMENTS:
                    out.extend("  " + line + "\n" for line in _COMMENTS[sub].splitlines())
                out.extend("  " + line + "\n" for line in dump({sub: subvalue}).splitlines())
            continue
        out.append(dump({key: value}))
    return "".join(out)


def render(m: manifest_mod.Manifest | None = None, host: str = "openclaw",
           folder: Path | str | None = None) -> str:
    import jinja2

    m = m or manifest_mod.current()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resources.templates_dir())),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    fm = frontmatter_yaml(frontmatter(m, host, folder))
    title = m.name.replace("-", " ").capitalize()
    return env.get_template("SKILL.md.j2").render(
        m=m, frontmatter=fm, title=title, host=host, cmd=launcher_command(host, folder),
        wait_seconds=SAY_WAIT_SECONDS, status_wait=STATUS_WAIT_SECONDS)


def skill_md_path() -> Path:
    return resources.root() / "SKILL.md"
