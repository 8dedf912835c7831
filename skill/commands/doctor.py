"""`video-skill doctor [--json]`: is everything in place? One line per check: ok, or the problem and its fix.

Checks the settings folder and its modes, the store (sound, damaged, locked and by
whom, or missing beside a client id with no token kept), the client id, the sign-in (where
the token comes from and until when it is valid — never the token), the video
service (reachable, latency), ffmpeg and the local backend, the environment
this command runs in (which Python, which skill folder), and which hosts have
the skill installed. Exit 0 when nothing needs fixing, else 1.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

API_TIMEOUT = 5.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON object per line (docs/json.md)")
    parser.add_argument("--local", action="store_true",
                        help="check the embedded local backend (same as NEMO_API_URL=local)")
    parser.add_argument("--lang", choices=("en", "zh"), default=None, help="language of the report")


class Doctor:
    def __init__(self, settings, lang: str):
        self.settings = settings
        self.lang = lang
        self.checks: list = []

    def msg(self, key: str, **params) -> str:
        from skill.core.catalogue import message

        return message(key, self.lang, **params)

    def add(self, name: str, ok: bool, detail: str, fix: str = "") -> None:
        from skill.core.events import Check

        self.checks.append(Check(name=name, ok=ok, detail=detail, fix=fix))

    # -- the checks ----------------------------------------------------------------------
    def config(self) -> None:
        """The settings folder and its modes, then the store in it (checked either way)."""
        try:
            self._settings_folder()
        finally:
            self.store()

    def store(self) -> None:
        """The store as it is, never changed here: sound, damaged, locked (by whom), or missing
        while a client id exists and no token is kept (the next sign-in may be refused)."""
        from skill.core import store as stores

        db = self.settings.config_dir / stores.DB_NAME
        status, detail = stores.inspect(db)
        if status == "ok":
            self.add("store", True, self.msg("doctor_store_ok", path=db))
        elif status == "damaged":
            self.add("store", False, self.msg("doctor_store_damaged", path=db, detail=detail[:120]),
                     self.msg("doctor_fix_store_damaged", path=db))
        elif status == "locked":
            held = stores.holders(db)
            who = ", ".join(f"{pid} ({name})" for pid, name in held) or self.msg("doctor_store_holder_unknown")
            self.add("store", False, self.msg("doctor_store_locked", path=db, holders=who),
                     self.msg("doctor_fix_store_locked", pids=" ".join(str(pid) for pid, _ in held) or "PID"))
        elif status == "unreadable":
            self.add("store", False, self.msg("doctor_store_unreadable", path=db, detail=detail[:120]),
                     self.msg("doctor_fix_store_unreadable", path=db))
        elif self._client_id_without_token():
            self.add("store", False, self.msg("doctor_store_missing_client_id", path=db),
                     self.msg("doctor_fix_store_missing_client_id"))
        else:
            self.add("store", True, self.msg("doctor_store_none", path=db))

    def _client_id_without_token(self) -> bool:
        from skill.core import config

        if self.settings.token or _kept_token(self.settings):
            return False
        return config.is_usable_client_id(self.settings.client_id_env) or \
            bool(config._read_client_id(self.settings.config_dir / config.CLIENT_ID_FILE))

    def _settings_folder(self) -> None:
        from skill.core.store import DB_NAME

        path = self.settings.config_dir
        if not path.exists():
            self.add("config", True, self.msg("doctor_config_missing", path=path))
            return
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            self.add("config", False, self.msg("doctor_config_open", path=path, mode=f"{mode:o}"),
                     self.msg("doctor_fix_chmod", mode="700", path=path))
            return
        db = path / DB_NAME
        if db.exists() and db.stat().st_mode & 0o077:
            db_mode = db.stat().st_mode & 0o777
            self.add("config", False, self.msg("doctor_config_open", path=db, mode=f"{db_mode:o}"),
                     self.msg("doctor_fix_chmod", mode="600", path=db))
            return
        self.add("config", True, self.msg("doctor_config_ok", path=path, mode=f"{mode:o}"))

    def client_id(self) -> None:
        from skill.core import config

        if config.is_usable_client_id(self.settings.client_id_env):
            self.add("client_id", True, self.msg("doctor_client_id_env"))
            return
        path = self.settings.config_dir / config.CLIENT_ID_FILE
        if not path.exists():
            self.add("client_id", True, self.msg("doctor_client_id_none"))
        elif config._read_client_id(path):
            self.add("client_id", True, self.msg("doctor_client_id_file", path=path))
        else:   # repaired on next use (config.client_id): not a problem for the user
            self.add("client_id", True, self.msg("doctor_client_id_bad", path=path))

    def token(self) -> None:
        if self.settings.token:
            self.add("token", True, self.msg("doctor_token_env"))
            return
        cached = _kept_token(self.settings)
        if not (isinstance(cached, dict) and cached.get("token")):
            self.add("token", True, self.msg("doctor_token_none"))
            return
        from skill.api.auth import _expired

        until = cached.get("expires_at")
        if _expired(until):
            self.add("token", True, self.msg("doctor_token_expired"))
        elif isinstance(until, str) and until:
            self.add("token", True, self.msg("doctor_token_cached", until=until))
        else:
            self.add("token", True, self.msg("doctor_token_cached_noexp"))

    def endpoints(self) -> None:
        """NEMO_API_URL and NEMO_WEB_URL, when set and used: named, with what they point at; one
        that is not an http(s) URL is the problem (not "the internet connection")."""
        from skill.core import config

        for var, default, ok_key in (("NEMO_API_URL", config.DEFAULT_API_URL, "doctor_api_env"),
                                     ("NEMO_WEB_URL", config.DEFAULT_WEB_URL, "doctor_web_env")):
            value = (os.environ.get(var) or "").strip()
            if not value or (var == "NEMO_API_URL" and self.settings.is_local and value != config.LOCAL):
                continue           # unset, or overridden by --local
            check = var.lower()
            if var == "NEMO_API_URL" and value == config.LOCAL:
                self.add(check, True, self.msg("doctor_api_env_local"))
            elif not config.is_http_url(value):
                self.add(check, False, self.msg("doctor_env_not_url", var=var, value=value[:80]),
                         self.msg("doctor_fix_env_url", var=var, default=default))
            else:
                self.add(check, True, self.msg(ok_key, url=value.rstrip("/"), default=default))

    def api(self) -> None:
        from skill.core import config

        if not self.settings.is_local and not config.is_http_url(self.settings.api_url):
            return                 # not a URL: `endpoints` said so, and how to fix it
        if self.settings.is_local:
            try:
                from skill.backend.launcher import running_url
            except ImportError:
                self.add("api", False, self.msg("doctor_local_not_installed"),
                         self.msg("doctor_fix_backend"))
                return
            url = self.settings.local_url or running_url(self.settings.config_dir / "local-backend")
            if not url:
                self.add("api", True, self.msg("doctor_local_not_running"))
                return
            self._reach(url.rstrip("/") + "/healthz", url)
            return
        self._reach(self.settings.api_url, self.settings.api_url)

    def _reach(self, probe: str, shown: str) -> None:
        import httpx

        started = time.monotonic()
        try:
            with httpx.Client(timeout=API_TIMEOUT, follow_redirects=False, trust_env=True) as client:
                client.get(probe)
        except httpx.HTTPError as exc:
            from skill.api.http import describe

            self.add("api", False, self.msg("doctor_api_down", url=shown, detail=describe(exc)), self._fix_api(shown))
            return
        ms = int((time.monotonic() - started) * 1000)
        self.add("api", True, self.msg("doctor_api_ok", url=shown, ms=ms))

    def _fix_api(self, url: str) -> str:
        """An unreachable service: the address NEMO_API_URL set, when it did; else the network."""
        from skill.core import config

        if not self.settings.is_local and (os.environ.get("NEMO_API_URL") or "").strip():
            return self.msg("doctor_fix_api_env", url=url, default=config.DEFAULT_API_URL)
        return self.msg("doctor_fix_network")

    def ffmpeg(self) -> None:
        try:
            import imageio_ffmpeg

            exe = imageio_ffmpeg.get_ffmpeg_exe()
        except (ImportError, RuntimeError, OSError):
            exe = None
        if exe and Path(exe).is_file():
            self.add("ffmpeg", True, self.msg("doctor_ffmpeg_ok", path=exe))
        elif self.settings.is_local:
            self.add("ffmpeg", False, self.msg("doctor_ffmpeg_missing"), self.msg("doctor_fix_backend"))
        else:
            self.add("ffmpeg", True, self.msg("doctor_ffmpeg_optional"))

    def local_backend(self) -> None:
        from importlib.util import find_spec

        missing = [m for m in ("starlette", "uvicorn", "multipart") if find_spec(m) is None]
        if not missing:
            self.add("local_backend", True, self.msg("doctor_backend_ok"))
        elif self.settings.is_local:
            self.add("local_backend", False, self.msg("doctor_backend_missing", missing=", ".join(missing)),
                     self.msg("doctor_fix_backend"))
        else:
            self.add("local_backend", True, self.msg("doctor_backend_optional"))

    def environment(self) -> None:
        from skill.core import hosts, manifest

        m = manifest.current()
        python = "%d.%d.%d" % sys.version_info[:3]
        folder = os.environ.get(hosts.HOME_ENV) or ""
        where = self.msg("doctor_env_folder", folder=folder) if folder else self.msg("doctor_env_no_folder")
        self.add("environment", True, self.msg("doctor_env", version=m.version, prefix=sys.prefix,
                                                python=python, where=where, platform=hosts.detect()))
        data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
        private = data_home / m.name / m.version
        if _private_ready(private, m.version) is True:
            self.add("launcher_env", True, self.msg("doctor_private_ready", path=private / "venv"))
        elif _private_ready(private, m.version) is False:
            self.add("launcher_env", True, self.msg("doctor_private_outdated", path=private / "venv"))
        elif _being_built(private):
            self.add("launcher_env", True, self.msg("doctor_private_building", path=private / "venv"))
        elif (private / "setup.log").is_file():
            self.add("launcher_env", False, self.msg("doctor_private_failed", log=private / "setup.log"),
                     self.msg("doctor_fix_private", path=private))
        else:
            self.add("launcher_env", True, self.msg("doctor_private_none", path=private))
        if folder:
            folder_version = _folder_version(Path(folder))
            if folder_version and folder_version != m.version:
                self.add("environment", False,
                         self.msg("doctor_env_mismatch", folder=folder, theirs=folder_version, ours=m.version),
                         self.msg("doctor_fix_rerun"))

    def hosts(self) -> None:
        from skill.core import hosts, manifest

        m = manifest.current()
        for host in hosts.HOSTS:
            for parent in (host.skills_dir, *host.more_skills_dirs):
                extra = parent != host.skills_dir
                name = host.name + (" (workspace)" if extra else "")
                check = f"host:{host.key}" + (":workspace" if extra else "")
                self._host_folder(check, host.key, name, Path(parent).expanduser() / m.name, m.version)

    def _host_folder(self, check: str, key: str, name: str, folder: Path, version: str) -> None:
        if not (folder / "SKILL.md").is_file():
            self.add(check, True, self.msg("doctor_host_none", host=name, folder=folder, host_id=key))
            return
        installed = _folder_version(folder)
        if installed and installed != version:
            self.add(check, False, self.msg("doctor_host_old", host=name, folder=folder, theirs=installed,
                                            ours=version), self.msg("doctor_fix_install", host_id=key))
        elif not (folder / "bin" / "video-skill").is_file():
            self.add(check, False, self.msg("doctor_host_no_launcher", host=name, folder=folder),
                     self.msg("doctor_fix_install", host_id=key))
        else:
            self.add(check, True, self.msg("doctor_host_ok", host=name, folder=folder, version=installed or "?"))

    def run(self) -> list:
        for check in (self.config, self.client_id, self.token, self.endpoints, self.api, self.ffmpeg,
                      self.local_backend, self.environment, self.hosts):
            try:
                check()
            except Exception as exc:   # one broken check must not hide the others
                self.add(check.__name__, False, self.msg("doctor_check_crashed", detail=type(exc).__name__))
        return self.checks


def _private_ready(private: Path, version: str) -> bool | None:
    """The launcher's environment: True ready, False made by an older launcher with fewer extras
    (the next run rebuilds it), None not made. What bin/setup.py writes in .ready: version, extras."""
    try:
        said = (private / ".ready").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return said == f"{version} {_launcher_extras()}"


def _launcher_extras() -> str:
    """bin/setup.py's EXTRAS (it runs on any Python, so it is read, not imported)."""
    from skill.core import resources

    try:
        text = (resources.root() / "bin" / "setup.py").read_text(encoding="utf-8")
    except OSError:
        return "backend,mcp"
    import re

    found = re.search(r'^EXTRAS = "([^"]+)"', text, re.M)
    return found.group(1) if found else "backend,mcp"


def _being_built(private: Path) -> bool:
    """A first run holds <env>/.lock while it builds (bin/setup.py)."""
    import fcntl

    try:
        with open(private / ".lock", "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return True
            fcntl.flock(lock, fcntl.LOCK_UN)
    except OSError:
        pass
    return False


def _folder_version(folder: Path) -> str | None:
    try:
        for line in (folder / "skill.yaml").read_text(encoding="utf-8").splitlines():
            if line.startswith("version:"):
                return line.split(":", 1)[1].split("#", 1)[0].strip().strip("'\"") or None
    except (OSError, UnicodeDecodeError):
        return None
    return None


def line_for(check) -> str:
    if check.ok:
        return f"✓ {check.detail}"
    return f"✗ {check.detail}" + (f" → {check.fix}" if check.fix else "")


def _kept_token(settings) -> dict | None:
    """The anonymous token's record kept for this API (skill.core.keep), or None; never the store."""
    from skill.core import keep

    cached = keep.get(settings.config_dir / keep.TOKEN_FILE, f"anon_token:{settings.api_url}")
    return cached if isinstance(cached, dict) and cached.get("token") else None


def run(args: argparse.Namespace) -> int:
    from skill.core import config
    from skill import faces
    from skill.core.events import ErrorInfo, Outcome, Text

    from skill.core.lang import from_env

    lang = args.lang or from_env()
    face = faces.for_args(args)
    settings = config.from_env(local=bool(args.local))
    doctor = Doctor(settings, lang)
    lines = []
    for check in doctor.run():
        face.emit(check)
        lines.append(line_for(check))
    problems = [c for c in doctor.checks if not c.ok]
    summary = (doctor.msg("doctor_problems", count=len(problems)) if problems
               else doctor.msg("doctor_all_ok"))
    for line in lines:
        face.emit(Text(text=line))
    if not problems:   # with problems the summary is the error, which every face shows
        face.emit(Text(text=summary))
    lines.append(summary)
    error = ErrorInfo(code=1, key="doctor_problems", message=summary) if problems else None
    return face.finish(Outcome(command="doctor", status="failed" if problems else "done", lang=lang,
                               text="\n".join(lines), error=error,
                               data={"checks": [c.fields() for c in doctor.checks]}))
