"""The skill manifest (skill.yaml): name, version, description, host metadata.

The single source of the attribution headers and of SKILL.md.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from skill.core import resources


@dataclass(frozen=True)
class Manifest:
    name: str
    version: str
    description: str
    homepage: str = ""
    emoji: str = ""
    command: str = "video-skill"
    package: str = ""
    primary_env: str = "NEMO_TOKEN"
    required_env: tuple[str, ...] = ()
    optional_env: tuple[str, ...] = ()
    config_paths: tuple[str, ...] = ()
    raw: dict = field(default_factory=dict, compare=False, repr=False)


class ManifestError(ValueError):
    pass


def parse(data: dict) -> Manifest:
    if not isinstance(data, dict):
        raise ManifestError("skill.yaml must be a mapping")
    missing = [k for k in ("name", "version", "description") if not data.get(k)]
    if missing:
        raise ManifestError(f"skill.yaml is missing: {', '.join(missing)}")
    env = data.get("env") or {}
    return Manifest(
        name=str(data["name"]),
        version=str(data["version"]),
        description=" ".join(str(data["description"]).split()),
        homepage=str(data.get("homepage", "")),
        emoji=str(data.get("emoji", "")),
        command=str(data.get("command", "video-skill")),
        package=str(data.get("package", data["name"])),
        primary_env=str(env.get("primary", "NEMO_TOKEN")),
        required_env=tuple(env.get("required") or ()),
        optional_env=tuple(env.get("optional") or ()),
        config_paths=tuple(data.get("config_paths") or ()),
        raw=data,
    )


def load(path: Path | None = None) -> Manifest:
    from skill.core import datafiles  # lazy: only commands that talk to the backend need the manifest

    return parse(datafiles.load(path or resources.manifest_path()))


@lru_cache(maxsize=1)
def current() -> Manifest:
    return load()
