"""Render SKILL.md (YAML frontmatter + agent instructions) from skill.yaml, per host.

The body calls the folder's launcher (`bin/video-skill`), named the way each
host can reach it (skill.core.hosts, `launcher`): OpenClaw substitutes the
skill folder for `{baseDir}` (the generic root SKILL.md is its variant),
Claude Code for `${CLAUDE_SKILL_DIR}` (its variant also carries
`allowed-tools`, so it does not ask before every run), and a host that
substitutes nothing gets the installed launcher's absolute path.

The frontmatter keeps to the Agent Skills keys (name, description, license,
allowed-tools, metadata) so both validators pass; what only one host reads
sits under `metadata` with a comment naming that host.
"""
from __future__ import annotations

from pathlib import Path

from skill.core import hosts, resources, timing
from skill.core import manifest as manifest_mod

LAUNCHER = hosts.LAUNCHER


def launcher_command(host: str, folder: Path | str | None = None) -> str:
    """How the SKILL.md body names the launcher on `host`."""
    form = hosts.get(host).launcher
    if "{folder}" not in form:
        return form
    if folder is None:
        raise ValueError(f"the {host} SKILL.md names the launcher by its absolute path: pass folder")
    import shlex

    return shlex.quote(form.format(folder=Path(folder).resolve()))   # unchanged unless it has spaces etc.


def frontmatter(m: manifest_mod.Manifest, host: str = "openclaw", folder: Path | str | None = None) -> dict:
    data: dict = {"name": m.name, "description": m.description}
    license_ = str(m.raw.get("license") or "")
    if license_:
        data["license"] = license_
    variant = hosts.get(host).frontmatter
    if variant == "claude":
        rules = [f"Bash({launcher_command(host)}:*)"]
        if folder is not None:   # what the body's variable expands to, for hosts that expand it first
            rules.append(f"Bash({Path(folder).resolve()}/{LAUNCHER}:*)")
        data["allowed-tools"] = rules     # written on one line (frontmatter_yaml)
    meta: dict = {"version": m.version}
    if m.homepage:
        meta["homepage"] = m.homepage
    if variant == "openclaw":
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
                "# that skills.entries.<name>.apiKey fills (primaryEnv). Nested on purpose: OpenClaw\n"
                "# reads these only here; linters that want flat string metadata (agnix) flag it.",
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
        if key == "allowed-tools" and isinstance(value, list):
            # A list on one line, each rule quoted: agentskills-tools wants a list, line-based
            # linters (claude-skill-lint) reject a block list's "- " lines, Claude Code reads both.
            import json

            out.append(f"{key}: [{', '.join(json.dumps(rule, ensure_ascii=False) for rule in value)}]\n")
            continue
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
        commands=command_table(),
        m=m, frontmatter=fm, title=title, host=host, variant=hosts.get(host).frontmatter,
        cmd=launcher_command(host, folder),
        wait_seconds=int(timing.SAY_WAIT), status_wait=int(timing.STATUS_WAIT))


# How an argument shows in the command table, by kind.
_USAGE = {"words": "'<message>'", "items": "FILE_OR_URL…", "files": "[--attach FILE]…", "seconds": "[--wait S]",
          "path": "[-o PATH]"}


def command_table() -> list[tuple[str, str]]:
    """(usage, what it does) for the operations an agent may run besides `say` (explained above
    the table), from their declarations; and `doctor`."""
    from skill.app.operations import OPERATIONS
    from skill.cli import SETUP

    rows = []
    for op in OPERATIONS.values():
        if op.name == "say" or not op.mcp:
            continue
        usage = " ".join([op.name, *(_USAGE[a.kind] for a in op.args), "--json"])
        rows.append((usage, op.help))
    rows.append(("doctor", SETUP["doctor"][1]))
    return rows


def skill_md_path() -> Path:
    return resources.root() / "SKILL.md"
