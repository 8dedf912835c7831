"""The environment of a `video-skill` process under test, in one place.

Nothing from the machine running the tests leaks in: no token, client id, skill source or
skill home, no locale (replies are English unless a test says otherwise), no download cap.
The process gets this checkout on PYTHONPATH, a config folder and an export folder of its
own under the test's tmp_path, and the local backend's delays scaled to 0.01.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent

# What a developer's shell may hold that would change what the skill does
MACHINE_ONLY = ("NEMO_TOKEN", "NEMO_CLIENT_ID", "SKILL_SOURCE", "VIDEO_SKILL_HOME",
                "VIDEO_SKILL_MAX_DOWNLOAD_BYTES", "LANG", "LC_ALL", "LANGUAGE")


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without what only the developer's shell should decide."""
    env = {k: v for k, v in os.environ.items() if k not in MACHINE_ONLY}
    env.update(extra)
    return env


def cli_env(tmp_path: Path, api_url: str | None = None, *, config_dir: Path | None = None,
            **extra: str) -> dict[str, str]:
    """`api_url` the backend to use (None: the default); `extra` overrides anything."""
    env = clean_env(NEMO_CONFIG_DIR=str(config_dir or tmp_path / "cfg"), VIDEO_SKILL_TIME_SCALE="0.01",
                    VIDEO_SKILL_EXPORT_DIR=str(tmp_path / "out"), PYTHONPATH=str(REPO))
    if api_url is not None:
        env["NEMO_API_URL"] = api_url
    env.update(extra)
    return env


def fresh_home_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A HOME of its own with only this venv and the system on PATH, and nothing else set: what
    an install or a host sees on a machine the skill has never been on."""
    return clean_env(**{"HOME": str(tmp_path / "home"), "NEMO_CONFIG_DIR": str(tmp_path / "config"),
                        "XDG_DATA_HOME": str(tmp_path / "data"),
                        "PATH": f"{VENV_BIN}{os.pathsep}/usr/bin{os.pathsep}/bin", **extra})
