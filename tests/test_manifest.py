"""skill.yaml is the single source: SKILL.md, the package version and the headers follow it."""
from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest
import yaml

from skill.core import manifest, resources
from skill.faces import skillmd


def _frontmatter(text: str) -> dict:
    assert text.startswith("---\n")
    head, _, _ = text[4:].partition("\n---\n")
    return yaml.safe_load(head)


def test_manifest_loads_name_and_version():
    m = manifest.load()
    assert m.name == "video-generator-free-models"
    assert m.version and m.version[0].isdigit()
    assert m.primary_env == "NEMO_TOKEN"


def test_committed_skill_md_is_not_stale():
    committed = (resources.root() / "SKILL.md").read_text(encoding="utf-8")
    assert committed == skillmd.render(), "SKILL.md is stale: run `video-skill skillmd --write`"


def test_skill_md_frontmatter_follows_the_manifest(tmp_path):
    data = yaml.safe_load(resources.manifest_path().read_text(encoding="utf-8"))
    data["version"] = "9.8.7"
    data["description"] = "A changed description: with a colon and 'quotes'."
    fm = _frontmatter(skillmd.render(manifest.parse(data)))
    assert fm["name"] == "video-generator-free-models"
    assert fm["metadata"]["version"] == "9.8.7"
    assert fm["description"] == data["description"]
    assert fm["license"] == data["license"] == "MIT"
    oc = fm["metadata"]["openclaw"]
    assert oc["primaryEnv"] == "NEMO_TOKEN"
    assert oc["emoji"] == data["emoji"]


def test_openclaw_gate_names_what_the_body_runs():
    """The body runs the folder's launcher, which needs python3: the gate says exactly that.

    No installer spec (the package is on no index, so `uv tool install` would fail) and
    no anyBins escape hatch (uvx on PATH made the skill look ready while every call failed).
    """
    text = skillmd.render()
    fm = _frontmatter(text)
    oc = fm["metadata"]["openclaw"]
    assert oc["requires"] == {"bins": ["python3"]}
    assert "install" not in oc and "configPaths" not in oc
    body = text.split("\n---\n", 1)[1]
    assert "{baseDir}/bin/video-skill say" in body
    assert "video-skill say" not in body.replace("{baseDir}/bin/video-skill say", "")
    # Only Agent Skills keys at the top level (the reference validator rejects others).
    assert set(fm) <= {"name", "description", "license", "allowed-tools", "metadata", "compatibility"}


@pytest.mark.parametrize("host, command", [
    ("openclaw", "{baseDir}/bin/video-skill"),
    ("claude", "${CLAUDE_SKILL_DIR}/bin/video-skill"),
])
def test_each_host_calls_the_launcher_its_own_way(host, command, tmp_path):
    text = skillmd.render(host=host, folder=tmp_path)
    assert f"{command} say '<the user message, verbatim>' --json" in text
    assert f"{command} status --wait 90 --json" in text
    fm = _frontmatter(text)
    if host == "claude":
        # A list (agentskills-tools wants one) on one line (a block list fails claude-skill-lint).
        assert fm["allowed-tools"] == [f"Bash({command}:*)", f"Bash({tmp_path.resolve()}/bin/video-skill:*)"]
        assert f'allowed-tools: ["Bash({command}:*)", ' in text
        assert "openclaw" not in fm["metadata"] and "MEDIA:" not in text
    else:
        assert "allowed-tools" not in fm and "MEDIA:/" in text


def test_cursor_names_the_launcher_by_its_absolute_path(tmp_path):
    text = skillmd.render(host="cursor", folder=tmp_path / "x")
    assert f"{(tmp_path / 'x').resolve()}/bin/video-skill say '" in text
    with pytest.raises(ValueError):
        skillmd.render(host="cursor")
    spaced = skillmd.render(host="cursor", folder=tmp_path / "My Skills" / "x")
    assert f"'{(tmp_path / 'My Skills' / 'x').resolve()}/bin/video-skill' say '" in spaced


def test_skill_md_tells_the_agent_every_exit_code():
    text = skillmd.render()
    for code in range(0, 17):
        assert f"\n| {code} | `" in text, f"exit code {code} is not explained"


def test_package_version_is_the_manifest_version():
    assert importlib.metadata.version("video-generator-free-models") == manifest.load().version


def test_skillmd_check_flags_a_stale_file(tmp_path, monkeypatch):
    stale = tmp_path / "SKILL.md"
    stale.write_text("old\n")
    monkeypatch.setattr(skillmd, "skill_md_path", lambda: stale)
    from skill.cli import main

    assert main(["skillmd", "--check"]) == 1
    assert main(["skillmd", "--write"]) == 0
    assert main(["skillmd", "--check"]) == 0
    assert stale.read_text() == skillmd.render()


@pytest.mark.parametrize("broken", [{}, {"name": "x"}, {"name": "x", "version": "1"}, []])
def test_incomplete_manifest_is_rejected_clearly(broken):
    with pytest.raises(manifest.ManifestError):
        manifest.parse(broken)


def test_cli_help_and_unknown_command():
    ok = subprocess.run([sys.executable, "-m", "skill", "--help"], capture_output=True, text=True)
    assert ok.returncode == 0 and "route" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "skill", "frobnicate"], capture_output=True, text=True)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr and "frobnicate" in bad.stderr


def test_manifest_to_headers_to_skill_md_chain(monkeypatch, tmp_path):
    """Bump the manifest: the headers every request carries and SKILL.md both follow it."""
    import httpx

    from skill.core import config
    from skill.api.client import NemoClient

    data = yaml.safe_load(resources.manifest_path().read_text(encoding="utf-8"))
    data.update(name="renamed-skill", version="7.6.5")
    bumped = manifest.parse(data)
    monkeypatch.setattr(manifest, "current", lambda: bumped)
    monkeypatch.setenv("SKILL_SOURCE", "clawhub")
    seen: list[httpx.Request] = []

    def backend(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/api/auth/anonymous-token":
            return httpx.Response(200, json={"code": 0, "data": {"token": "nmv_usr_x", "user_id": "anon_1"}})
        return httpx.Response(200, json={"code": 0, "data": {"available": 5, "frozen": 0, "total": 5}})

    settings = config.from_env({"NEMO_API_URL": "http://api.test", "NEMO_CONFIG_DIR": str(tmp_path)})
    with NemoClient(settings, transport=httpx.MockTransport(backend)) as api:
        api.credits()
    assert len(seen) == 2
    for request in seen:
        assert request.headers["X-Skill-Source"] == "renamed-skill"
        assert request.headers["X-Skill-Version"] == "7.6.5"
        assert request.headers["X-Skill-Platform"] == "clawhub"
    fm = _frontmatter(skillmd.render(bumped))
    assert (fm["name"], fm["metadata"]["version"]) == ("renamed-skill", "7.6.5")


@pytest.mark.parametrize("host", ["openclaw", "cursor", "claude"])
def test_every_frontmatter_line_is_a_key_a_comment_or_inside_metadata(host, tmp_path):
    """What line-based SKILL.md linters (claude-skill-lint) read: `key: value` lines at the top level,
    comments, and nesting only under `metadata` (metadata.openclaw is kept nested for OpenClaw: the
    template says why, for linters such as agnix that want flat string metadata)."""
    import re

    text = skillmd.render(host=host, folder=tmp_path / "My Skills" / "x")
    head = text[4:].partition("\n---\n")[0]
    in_metadata = False
    for line in head.splitlines():
        if line.startswith("#") or line.startswith(" ") and in_metadata:
            continue
        assert re.match(r"^[a-z][a-z-]*:( .+)?$", line), f"{host}: {line!r}"
        in_metadata = line == "metadata:"
    template = (resources.templates_dir() / "SKILL.md.j2").read_text(encoding="utf-8")
    assert "metadata.openclaw" in template and "agnix" in template and "requires.bins" in template
