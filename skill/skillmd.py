"""Render SKILL.md (YAML frontmatter + agent instructions) from skill.yaml."""
from __future__ import annotations

from pathlib import Path

from skill import manifest as manifest_mod
from skill import resources

# How long `say`/`chat` wait before handing a running turn over to `status`:
# under the 120 s default exec timeout of OpenClaw (HOSTS.md).
SAY_WAIT_SECONDS = 100


def frontmatter(m: manifest_mod.Manifest) -> dict:
    openclaw: dict = {
        "emoji": m.emoji,
        "primaryEnv": m.primary_env,
        # anyBins, not bins: the host may run us through uvx before the
        # command is on PATH, and `bins` would hide the skill until then.
        "requires": {"anyBins": [m.command, "uvx"]},
        "install": [{
            "id": "uv", "kind": "uv", "package": m.package,
            "bins": [m.command], "label": f"Install {m.command} (uv)",
        }],
        "configPaths": list(m.config_paths),
    }
    if m.required_env:
        openclaw["requires"]["env"] = list(m.required_env)
    data: dict = {"name": m.name, "description": m.description, "version": m.version}
    if m.homepage:
        data["homepage"] = m.homepage
    data["user-invocable"] = True
    data["metadata"] = {"openclaw": openclaw}
    return data


def render(m: manifest_mod.Manifest | None = None) -> str:
    import jinja2
    import yaml

    m = m or manifest_mod.current()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resources.templates_dir())),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    fm = yaml.safe_dump(frontmatter(m), sort_keys=False, allow_unicode=True, width=10_000)
    title = m.name.replace("-", " ").capitalize()
    return env.get_template("SKILL.md.j2").render(
        m=m, frontmatter=fm, title=title, wait_seconds=SAY_WAIT_SECONDS)


def skill_md_path() -> Path:
    return resources.root() / "SKILL.md"
