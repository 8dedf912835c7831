"""Settings from the environment, and the persisted client id.

Env: NEMO_TOKEN, NEMO_API_URL (or "local"), NEMO_WEB_URL, NEMO_CLIENT_ID,
NEMO_CONFIG_DIR (default ~/.config/nemovideo, shared with the other NemoVideo
skills so the client id, and with it the token cap, is shared). SKILL_SOURCE
is read by skill.platform.
"""
from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

DEFAULT_API_URL = "https://mega-api-prod.nemovideo.ai"
DEFAULT_WEB_URL = "https://nemovideo.com"
LOCAL = "local"
CLIENT_ID_FILE = "client_id"


@dataclass(frozen=True)
class Settings:
    api_url: str            # a URL, or "local" for the embedded backend
    web_url: str
    token: str | None       # NEMO_TOKEN: never printed, never written
    client_id_env: str | None
    config_dir: Path

    @property
    def is_local(self) -> bool:
        return self.api_url == LOCAL

    def __repr__(self) -> str:  # the token must not leak through a repr
        return (f"Settings(api_url={self.api_url!r}, web_url={self.web_url!r}, "
                f"token={'set' if self.token else None}, config_dir={str(self.config_dir)!r})")


def from_env(env: dict[str, str] | None = None, *, local: bool = False) -> Settings:
    env = os.environ if env is None else env
    config_dir = Path(env.get("NEMO_CONFIG_DIR") or Path.home() / ".config" / "nemovideo").expanduser()
    api_url = LOCAL if local else (env.get("NEMO_API_URL") or DEFAULT_API_URL).strip()
    if api_url != LOCAL:
        api_url = api_url.rstrip("/")
    return Settings(
        api_url=api_url,
        web_url=(env.get("NEMO_WEB_URL") or DEFAULT_WEB_URL).rstrip("/"),
        token=(env.get("NEMO_TOKEN") or "").strip() or None,
        client_id_env=(env.get("NEMO_CLIENT_ID") or "").strip() or None,
        config_dir=config_dir,
    )


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) as 0700; tighten it if it exists."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)
    except PermissionError:  # a shared dir we do not own: leave it as it is
        pass
    return path


def client_id(settings: Settings) -> str:
    """NEMO_CLIENT_ID, else the id in <config>/client_id, created once.

    Never regenerated when the file holds a usable id: every NemoVideo skill
    on the machine shares it, and the backend caps tokens per client id. An
    empty or corrupt file (or an unusable NEMO_CLIENT_ID) is replaced.
    """
    if is_usable_client_id(settings.client_id_env):
        return settings.client_id_env
    ensure_private_dir(settings.config_dir)
    path = settings.config_dir / CLIENT_ID_FILE
    existing = _read_client_id(path)
    if existing:
        return existing
    new = str(uuid.uuid4())
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        theirs = _read_client_id(path)
        if theirs:  # another command made it first: use theirs
            return theirs
        _replace_private(path, new)  # present but empty or corrupt: not a usable id
        return _read_client_id(path) or new  # two racing repairs: the last one written wins
    with os.fdopen(fd, "w") as fh:
        fh.write(new + "\n")
    return new


def is_usable_client_id(value: str | None) -> bool:
    """Lenient on purpose: other NemoVideo skills may not write UUIDs."""
    return bool(value) and len(value) <= 128 and value.isascii() and value.isprintable() \
        and " " not in value


def _replace_private(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text + "\n")
    os.replace(tmp, path)


def _read_client_id(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if is_usable_client_id(text) else None
