"""Settings from the environment, and the persisted client id.

Env: NEMO_TOKEN, NEMO_API_URL (or "local"), NEMO_WEB_URL, NEMO_CLIENT_ID,
NEMO_CONFIG_DIR (default ~/.config/nemovideo, shared with the other NemoVideo
skills so the client id, and with it the token cap, is shared). SKILL_SOURCE
is read by skill.core.hosts.
"""
from __future__ import annotations

import contextlib
import errno
import os
import time
from dataclasses import dataclass
from pathlib import Path

from skill.core import errors

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only (typing costs every command a few ms)
    from typing import Iterator

DEFAULT_API_URL = "https://mega-api-prod.nemovideo.ai"
DEFAULT_WEB_URL = "https://nemovideo.com"
LOCAL = "local"
CLIENT_ID_FILE = "client_id"
LOCAL_URL_ENV = "VIDEO_SKILL_LOCAL_URL"   # set for the worker by the command that started the local backend


@dataclass(frozen=True)
class Settings:
    api_url: str            # a URL, or "local" for the embedded backend
    web_url: str
    token: str | None       # NEMO_TOKEN: never printed, never written
    client_id_env: str | None
    config_dir: Path
    # Where requests go when `api_url` is "local": the embedded backend's URL, found and
    # started at the edge (skill.faces.local) and handed down; None until then.
    local_url: str | None = None
    web_url_given: bool = False   # NEMO_WEB_URL was set: links use it, local backend or not

    @property
    def link_base(self) -> str:
        """Where the user's project links point: the embedded backend's own project page when
        it serves the project (its ids exist nowhere else), else the web app."""
        if self.is_local and self.local_url and not self.web_url_given:
            return self.local_url
        return self.web_url

    @property
    def endpoint(self) -> str | None:
        """The base URL requests go to (None: a local backend that nobody started)."""
        return self.local_url if self.is_local else self.api_url

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
        web_url_given=bool((env.get("NEMO_WEB_URL") or "").strip()),
        token=(env.get("NEMO_TOKEN") or "").strip() or None,
        client_id_env=(env.get("NEMO_CLIENT_ID") or "").strip() or None,
        config_dir=config_dir,
        local_url=((env.get(LOCAL_URL_ENV) or "").strip().rstrip("/") or None) if api_url == LOCAL else None,
    )


def is_http_url(value: str) -> bool:
    """An http(s) address with a host: what NEMO_API_URL and NEMO_WEB_URL must be."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class ApiUrlNotUrl(errors.SkillError):
    """NEMO_API_URL is neither an http(s) address nor "local": a setting to fix, not an outage."""
    key = "api_url_not_url"
    exit_code = 2


class ConfigDirUnwritable(errors.SkillError):
    """The config dir (NEMO_CONFIG_DIR, else ~/.config/nemovideo) can't be created or written.

    Named, with the way out (NEMO_CONFIG_DIR elsewhere), instead of "internal error (OSError)".
    """
    key = "config_dir_unwritable"
    exit_code = 2


# A write that failed for lack of space (or a size limit/quota): not a permission problem.
NO_SPACE = frozenset(getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG") if hasattr(errno, name))


def config_dir_error(path: Path, exc: BaseException) -> ConfigDirUnwritable:
    """The user's error for `exc` (an OSError, or SQLite's own) met writing in config dir `path`."""
    text = str(exc).lower()
    full = getattr(exc, "errno", None) in NO_SPACE or "disk is full" in text or \
        getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL"
    if not full and "disk i/o error" in text:   # SQLite does not say why a write failed: ask the disk
        full = _nearly_full(path)
    return ConfigDirUnwritable(type(exc).__name__, key="config_dir_full" if full else None, path=str(path))


def _nearly_full(path: Path) -> bool:
    p = Path(path)
    while not p.exists() and p != p.parent:
        p = p.parent
    try:
        st = os.statvfs(p)
    except (OSError, AttributeError):   # statvfs: POSIX only
        return False
    return st.f_bavail * st.f_frsize < (1 << 20)


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) as 0700; never re-mode a directory we did not create.

    A directory the user handed us (e.g. a shared 1777 NEMO_CONFIG_DIR) keeps its
    mode: changing it would break whoever else uses it. When others may write in
    it, say so once per process on stderr. Our own files in it stay 0600.
    """
    path = Path(path)
    missing = []
    p = path
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=0o700)
        except FileExistsError:      # another command made it first: theirs is ours too
            if d.is_dir():
                continue
            raise config_dir_error(path, NotADirectoryError(errno.ENOTDIR, "not a directory")) from None
        except OSError as exc:       # a parent that is a file, read-only, /proc-like...
            raise config_dir_error(path, exc) from None
        with contextlib.suppress(OSError):
            d.chmod(0o700)               # mkdir's mode is filtered by the umask
    if not missing:
        _warn_if_open(path)
    return path


_warned: set[str] = set()
_warnings: list[str] = []


def _warn_if_open(path: Path) -> None:
    """Once per directory and process: others can write where our files live. Kept for the
    face to show (nothing below the faces prints): `take_warnings()`."""
    key = str(path)
    if key in _warned:
        return
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if mode & 0o022:
        _warned.add(key)
        from skill.core import catalogue
        from skill.core.lang import from_env

        _warnings.append(catalogue.message("config_dir_open", from_env(), path=key, mode=f"{mode & 0o7777:o}"))


def take_warnings() -> list[str]:
    """The warnings about the settings folder not yet shown (each once per process)."""
    taken = list(_warnings)
    _warnings.clear()
    return taken


@contextlib.contextmanager
def file_lock(path: Path, timeout: float = 300.0) -> Iterator[None]:
    """An exclusive lock between processes (flock on `path`, created 0600).

    The kernel drops it when the holder exits, even on SIGKILL. After `timeout`
    seconds of waiting we go ahead unlocked rather than hang a command forever.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: no cross-process lock available
        yield
        return
    path = Path(path)
    ensure_private_dir(path.parent)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError:  # e.g. a symlink or someone else's file planted there: no lock, no harm
        yield
        return
    try:
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    break
                time.sleep(delay)
                delay = min(delay * 2, 0.1)
        yield
    finally:
        os.close(fd)     # releases the lock


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
    import uuid   # here: its import (with platform's) is paid only when an id is made

    new = str(uuid.uuid4())
    fd = None
    try:
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
    except OSError as exc:   # read-only, full, not a folder: say which folder, and the way out
        if fd is not None:
            with contextlib.suppress(OSError):
                path.unlink()            # not an empty id file for the next command to trip on
        raise config_dir_error(settings.config_dir, exc) from None
    return new


def is_usable_client_id(value: str | None) -> bool:
    """Lenient on purpose: other NemoVideo skills may not write UUIDs."""
    return bool(value) and len(value) <= 128 and value.isascii() and value.isprintable() \
        and " " not in value


def _replace_private(path: Path, text: str) -> None:
    from skill.core.files import atomic_write

    atomic_write(path, text + "\n", mode=0o600)


def _read_client_id(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if is_usable_client_id(text) else None
