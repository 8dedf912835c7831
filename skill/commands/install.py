"""`video-skill install openclaw|cursor|claude [--dir D] [--mcp] [--uninstall [--purge]]`: put the skill
where a host looks.

Writes `<skills dir>/<name>/` (default `~/.openclaw/skills`, `~/.cursor/skills`,
`~/.claude/skills`; `--dir` names another skills dir) with only what the skill
needs: its SKILL.md for that host, the launcher (bin/), the package (skill/),
intents/, skill.yaml, pyproject.toml, README.md and LICENSE — from a checkout
or from an installed wheel (which carries them under skill/_data/).

Never through a symbolic link: the skill folder itself, and every folder on the
way to a file it writes or removes, must be a real folder inside it (a link is
refused before anything is written or removed, naming it and where it leads),
and a record entry that leads outside the folder is refused the same way.
A `--dir` that is not a folder, or can't be written, says so (exit 2).

Idempotent: running it again rewrites the same files and removes the ones an
older version wrote that this one does not. It records what it wrote in
`.video-skill-install.json` in the folder; `--uninstall` removes exactly those
files (and the folders it made, when left empty), nothing else.

`--mcp` also registers the skill's MCP server (the folder's launcher, `mcp`)
where the host reads its servers (the hosts table's `mcp_config`: a JSON file,
merged with the servers already there, or the app's own command such as
`claude mcp add`), recorded for `--uninstall`, which removes it again (or puts
back the entry it replaced). `--uninstall` says where the launcher's private
environment is (every host's copy of a version shares it); `--purge` removes it.
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from skill.core import hosts, resources
from skill.core.errors import BadInput

# What a skill folder needs besides SKILL.md (and nothing else: no .venv, .git, tests, caches).
TREES = ("bin", "skill", "intents")
FILES = ("skill.yaml", "pyproject.toml", "README.md", "LICENSE")
_SKIP_DIRS = {"__pycache__", "_data", ".pytest_cache", ".mypy_cache"}
_SKIP_SUFFIXES = (".pyc", ".pyo", ".tmp")
EXECUTABLE = {"bin/video-skill"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("host", choices=tuple(hosts.BY_KEY), help="the agent host to install into")
    parser.add_argument("--dir", metavar="DIR", default=None,
                        help="the host's skills directory (default: " + ", ".join(h.skills_dir for h in hosts.HOSTS)
                             + "); the skill goes into DIR/<name>/")
    parser.add_argument("--uninstall", action="store_true",
                        help="remove what an earlier install wrote there, nothing else")
    parser.add_argument("--json", action="store_true", help="one JSON object per line (docs/json.md)")
    parser.add_argument("--lang", choices=("en", "zh"), default=None, help="language of the messages")
    parser.add_argument("--mcp", action="store_true",
                        help="also register the skill's MCP server where the host reads it (merged with the "
                             "servers already there; --uninstall removes it)")
    parser.add_argument("--purge", action="store_true",
                        help="with --uninstall: also remove the launcher's private Python environment")


# -- what to copy ---------------------------------------------------------------------------
def source_files() -> dict[str, Path]:
    """relative path in the skill folder -> the file to copy, from a checkout or a wheel."""
    data = resources.root()            # the checkout, or skill/_data in a wheel
    out: dict[str, Path] = {}
    for tree in TREES:
        base = resources.PACKAGE_DIR if tree == "skill" else data / tree
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith("."))
            for name in sorted(filenames):
                if name.endswith(_SKIP_SUFFIXES) or name.startswith("."):
                    continue
                path = Path(dirpath) / name
                out[f"{tree}/{path.relative_to(base).as_posix()}"] = path
    for name in FILES:
        if (data / name).is_file():
            out[name] = data / name
    missing = [n for n in ("bin/video-skill", "skill.yaml", "pyproject.toml") if n not in out]
    if missing:
        from skill.core.errors import BadInput

        raise BadInput(f"this copy of the skill is incomplete ({', '.join(missing)} missing); "
                       "reinstall the package")
    return out


# -- the record ------------------------------------------------------------------------------
def read_record(folder: Path) -> dict | None:
    try:
        record = json.loads((folder / hosts.INSTALL_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("files"), list) else None


def _write(path: Path, data: bytes, mode: int) -> None:
    """Replace `path` atomically (a host reading the folder never sees half a file)."""
    from skill.core.files import atomic_write

    atomic_write(path, data, mode=mode, make_parents=True)


def _inside(folder: Path, rel: str) -> Path | None:
    """folder/rel if it stays inside folder (a tampered record must not reach elsewhere)."""
    if not isinstance(rel, str) or not rel or rel.startswith("/") or ".." in Path(rel).parts:
        return None
    return folder / rel


class LeadsOutside(BadInput):
    """A path of the skill folder that a write or a removal would follow out of it (a link), or a
    record entry that names a place outside it (absolute, ".."): nothing is changed."""
    key = "install_through_link"

    def __init__(self, path: Path, target: str, entry: bool = False):
        if entry:   # "the install record <path> lists <target>, which is outside"
            super().__init__(str(path), key="install_record_outside", record=str(path), entry=target)
        else:
            super().__init__(str(path), path=str(path), target=target)


def _plainly(action):
    """install/uninstall: a `--dir` that is a file, or that can't be written, said plainly (exit 2,
    naming it), never "internal error"."""
    import functools

    @functools.wraps(action)
    def run(host: str, parent: Path, *rest, **kw) -> dict:
        if parent.exists() and not parent.is_dir():
            raise BadInput(str(parent), key="install_dir_not_folder", path=str(parent))
        try:
            return action(host, parent, *rest, **kw)
        except OSError:
            raise BadInput(str(parent), key="install_dir_unwritable", path=str(parent)) from None
    return run


def _check_no_links(folder: Path, rels) -> None:
    """Raise LeadsOutside unless the folder and every folder on the way to each of `rels` is a real
    folder (not a symbolic link) and each path resolves to where it says, inside the folder.

    A link is followed by a write (the file lands in the link's target) and by a removal of the
    files under it, so neither may go through one. A file that is itself a link is fine: it is
    replaced or removed as a link, its target untouched. Checked before anything is written or
    removed, so a refusal leaves everything as it was.
    """
    if folder.is_symlink():
        raise LeadsOutside(folder, os.path.realpath(folder))
    real = Path(os.path.realpath(folder))
    seen: set[Path] = set()
    for rel in rels:
        path = _inside(folder, rel) if isinstance(rel, str) else None
        if path is None:
            raise LeadsOutside(folder / hosts.INSTALL_RECORD, str(rel), entry=True)
        parent = folder
        for part in Path(rel).parts[:-1]:
            parent = parent / part
            if parent in seen:
                continue
            if parent.is_symlink():
                raise LeadsOutside(parent, os.path.realpath(parent))
            seen.add(parent)
        expected = real / Path(rel).parent
        if path.parent.exists() and Path(os.path.realpath(path.parent)) != expected:
            raise LeadsOutside(path, os.path.realpath(path))


def _prune_dirs(folder: Path, rels: list[str]) -> None:
    """Remove the folders that held `rels` when nothing else is left in them, deepest first."""
    dirs = {folder / parent for rel in rels for parent in Path(rel).parents if str(parent) != "."}
    for d in sorted(dirs, key=lambda p: len(p.parts), reverse=True):
        try:
            d.rmdir()
        except OSError:
            pass


# -- install / uninstall -----------------------------------------------------------------------
@_plainly
def install(host: str, parent: Path, lang: str = "en") -> dict:
    from skill.core import manifest
    from skill.faces import skillmd
    from skill.core.errors import BadInput

    m = manifest.current()
    folder = parent / m.name
    previous = read_record(folder)
    if folder.exists() and previous is None and any(folder.iterdir()):
        raise BadInput(_message("install_foreign", lang, folder=folder))
    files = source_files()
    stale_rels = [rel for rel in (previous or {}).get("files", [])
                  if isinstance(rel, str) and rel not in files and rel != "SKILL.md"]
    _check_no_links(folder, [*files, "SKILL.md", hosts.INSTALL_RECORD, *stale_rels])
    written: list[str] = []
    for rel, src in files.items():
        mode = 0o755 if rel in EXECUTABLE else 0o644
        _write(folder / rel, src.read_bytes(), mode)
        written.append(rel)
    text = skillmd.render(m, host=host, folder=folder)
    _write(folder / "SKILL.md", text.encode("utf-8"), 0o644)
    written.append("SKILL.md")
    stale = [rel for rel in (previous or {}).get("files", []) if isinstance(rel, str) and rel not in written]
    for rel in stale:
        path = _inside(folder, rel)
        if path is not None:
            path.unlink(missing_ok=True)
    _prune_dirs(folder, stale)
    record = {"host": host, "name": m.name, "version": m.version, "files": sorted(written)}
    _write(folder / hosts.INSTALL_RECORD, (json.dumps(record, indent=1) + "\n").encode(), 0o644)
    return {"host": host, "folder": str(folder), "version": m.version, "files": len(written),
            "launcher": str(folder / "bin" / "video-skill"), "updated": previous is not None,
            "removed_stale": len(stale)}


@_plainly
def uninstall(host: str, parent: Path) -> dict:
    from skill.core import manifest

    folder = parent / manifest.current().name
    if folder.is_symlink():
        _check_no_links(folder, ())
    record = read_record(folder)
    if record is None:
        return {"host": host, "folder": str(folder), "removed": 0, "installed": False}
    rels = [rel for rel in record["files"] if isinstance(rel, str)]
    _check_no_links(folder, [*rels, hosts.INSTALL_RECORD])
    removed = 0
    for rel in rels:
        path = _inside(folder, rel)
        if path is not None and path.is_file():
            path.unlink()
            removed += 1
    (folder / hosts.INSTALL_RECORD).unlink(missing_ok=True)
    _prune_dirs(folder, rels)
    try:
        folder.rmdir()            # only when nothing of anyone else's is left in it
    except OSError:
        pass
    return {"host": host, "folder": str(folder), "removed": removed, "installed": True,
            "kept": folder.exists()}


def _lang(args: argparse.Namespace) -> str:
    if getattr(args, "lang", None):
        return args.lang
    from skill.core.lang import from_env

    return from_env()


def _message(key: str, lang: str, **params) -> str:
    from skill.core.catalogue import message

    return message(key, lang, **params)


def run(args: argparse.Namespace) -> int:
    from skill import faces
    from skill.core.events import ErrorInfo, Outcome, Text

    lang = args.lang = _lang(args)
    face = faces.for_args(args)
    host = hosts.get(args.host)
    parent = Path(args.dir or host.skills_dir).expanduser().absolute()
    host_name = host.name
    if args.purge and not args.uninstall:
        from skill.core.errors import BadInput

        raise BadInput(key="purge_needs_uninstall")
    problems: list[str] = []
    if args.uninstall:
        servers = unregister_mcp(parent, lang)     # before the record goes with the folder
        data = uninstall(args.host, parent)
        if not data["installed"]:
            key = "uninstall_nothing"
        else:
            key = "uninstall_kept" if data["kept"] else "uninstall_done"
        text = _message(key, lang, host=host_name, folder=data["folder"], count=data["removed"])
        lines, data["mcp"] = servers["lines"], servers["done"]
        lines.append(private_env(args.host, lang, purge=args.purge, data=data))
        text = "\n".join([text, *filter(None, lines)])
    else:
        earlier = recorded_mcp(parent)       # install() writes a new record: keep what --mcp did
        data = install(args.host, parent, lang)
        text = _message("install_updated" if data["updated"] else "install_done", lang,
                        host=host_name, folder=data["folder"], version=data["version"])
        text += "\n" + host.next_step[lang].format(launcher=data["launcher"])
        servers = register_mcp(host, Path(data["folder"]), lang, wanted=args.mcp, earlier=earlier)
        data["mcp"], problems = servers["done"], servers["problems"]
        text = "\n".join([text, *servers["lines"]])
    for line in text.splitlines():
        face.emit(Text(text=line))
    error = None
    if problems:
        error = ErrorInfo(code=1, key="install_mcp_failed", message=problems[0],
                          what_to_do=_message("todo_install_mcp_failed", lang))
    return face.finish(Outcome(command="install", status="failed" if error else "done", lang=lang, text=text,
                               error=error, data=data))


# -- the MCP server, registered where the host reads it (install --mcp) ------------------------
def mcp_entry(folder: Path, config: hosts.McpConfig | None = None) -> dict:
    """The server as the hosts' JSON configs take it: the skill folder's launcher, `mcp` (and what
    that app's entry needs besides)."""
    return {"command": str(folder / "bin" / "video-skill"), "args": ["mcp"], **dict(config.entry if config else ())}


def recorded_mcp(parent: Path) -> list[dict]:
    """What an earlier `install --mcp` registered, from the install record in parent/<name>/: only
    entries that name a place the hosts table knows (a planted record must not make uninstall edit
    any JSON file it names, or run any program it names)."""
    from skill.core import manifest

    folder = parent / manifest.current().name
    _check_no_links(folder, ())
    record = read_record(folder) or {}
    return [r for r in record.get("mcp") or [] if isinstance(r, dict) and _known_mcp_place(r)]


def _known_mcp_place(item: dict) -> bool:
    for host in hosts.HOSTS:
        for config in host.mcp_config:
            if item.get("cli"):
                if config.cli and item["cli"] == config.cli:
                    return True
            elif item.get("path") == str(Path(config.path).expanduser()) and \
                    tuple(item.get("key") or ()) == tuple(config.key):
                return True
    return False


def register_mcp(host: hosts.Host, folder: Path, lang: str, *, wanted: bool, earlier: list[dict]) -> dict:
    """With --mcp: the server in each of the host's MCP configs (hosts.McpConfig), merged with the
    servers there, recorded in the install record for --uninstall. Without: what an earlier
    --mcp registered (`earlier`) stays registered, and recorded."""
    done = list(earlier)
    out: dict = {"done": done, "lines": [], "problems": []}
    if wanted:
        done = _register(host, folder, lang, done, out)
    out["done"] = done
    record = read_record(folder)
    if record is not None and done:
        record["mcp"] = done
        _write(folder / hosts.INSTALL_RECORD, (json.dumps(record, indent=1) + "\n").encode(), 0o644)
    return out


def _register(host: hosts.Host, folder: Path, lang: str, done: list[dict], out: dict) -> list[dict]:
    from skill.core import manifest

    name = manifest.current().name
    kept = {(r.get("app"), r.get("path")): r for r in done}
    problem = _first_run(folder)       # a host connecting later must not wait for the build
    if problem:
        out["problems"].append(_message("install_mcp_first_run", lang, log=problem))
        out["lines"].append(out["problems"][-1])
    for config in host.mcp_config:
        entry = mcp_entry(folder, config)
        path = Path(config.path).expanduser()
        if config.only_if_there and not path.parent.is_dir():
            continue
        try:
            if config.cli and _which(config.cli):
                _cli_register(config.cli, name, entry)
                item = {"app": config.app, "cli": config.cli}
                where = f"{config.cli} mcp add"
            else:
                before = kept.get((config.app, str(path)), {})
                previous = _json_merge(path, config.key, name, entry)
                item = {"app": config.app, "path": str(path), "key": list(config.key), "entry": entry,
                        "previous": before.get("previous") if "previous" in before else previous}
                where = str(path)
        except McpConfigError as exc:
            text = _message("install_mcp_failed", lang, app=config.app, where=exc.where, detail=exc.detail)
            out["problems"].append(text)
            out["lines"].append(text)
            continue
        done = [r for r in done if (r.get("app"), r.get("path")) != (item["app"], item.get("path"))] + [item]
        out["lines"].append(_message("install_mcp_done", lang, app=config.app, where=where, name=name))
    return done


def unregister_mcp(parent: Path, lang: str) -> dict:
    """Undo what install --mcp registered (the install record says where): our entry goes, or the
    one it replaced comes back; an entry changed since is left alone."""
    from skill.core import manifest

    name = manifest.current().name
    out: dict = {"done": [], "lines": []}
    for item in recorded_mcp(parent):
        app = str(item.get("app") or "")
        try:
            if item.get("cli"):
                if not _which(str(item["cli"])):
                    raise McpConfigError(str(item["cli"]), "not found")
                _cli_unregister(str(item["cli"]), name)
                key, where = "uninstall_mcp_done", f"{item['cli']} mcp remove"
            else:
                path = Path(str(item.get("path") or ""))
                restored = _json_unmerge(path, tuple(item.get("key") or ()), name, item.get("entry"),
                                         item.get("previous"))
                key, where = ("uninstall_mcp_done" if restored else "uninstall_mcp_changed"), str(path)
        except McpConfigError as exc:
            out["lines"].append(_message("install_mcp_failed", lang, app=app, where=exc.where, detail=exc.detail))
            continue
        out["done"].append(item)
        out["lines"].append(_message(key, lang, app=app, where=where, name=name))
    return out


def _first_run(folder: Path) -> str | None:
    """Run the folder's launcher once, so that its environment is built now (about a minute, said
    on stderr) rather than while a host waits for the server to start (OpenClaw waits 5 s). None when
    it ran; else where the launcher says why not."""
    import subprocess

    from skill.core.timing import LAUNCHER_FIRST_RUN

    launcher = folder / "bin" / "video-skill"
    try:
        done = subprocess.run([str(launcher), "--help"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, timeout=LAUNCHER_FIRST_RUN * 3)
    except (OSError, subprocess.SubprocessError) as exc:
        return type(exc).__name__
    if done.stderr:
        import sys

        sys.stderr.write(done.stderr)      # "first run, setting up ... ready."
    if done.returncode == 0:
        return None
    lines = done.stderr.strip().splitlines()
    return lines[-1] if lines else f"exit {done.returncode}"


class McpConfigError(Exception):
    def __init__(self, where: str, detail: str):
        super().__init__(detail)
        self.where, self.detail = where, detail


def _which(command: str) -> str | None:
    import shutil

    return shutil.which(command)


def _read_config(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise McpConfigError(str(path), type(exc).__name__) from None
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except ValueError as exc:   # e.g. JSON5 comments: never rewrite what we cannot read whole
        raise McpConfigError(str(path), f"not plain JSON: {exc}") from None
    if not isinstance(data, dict):
        raise McpConfigError(str(path), "not a JSON object")
    return data


def _servers(data: dict, key: tuple[str, ...], path: Path, create: bool) -> dict | None:
    node = data
    for part in key:
        child = node.get(part)
        if child is None and create:
            child = node[part] = {}
        if child is None:
            return None
        if not isinstance(child, dict):
            raise McpConfigError(str(path), f"'{'.'.join(key)}' is not an object")
        node = child
    return node


def _write_config(path: Path, data: dict) -> None:
    import os

    target = path.resolve()        # a symlinked config (dotfiles): write the file it points at
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o600               # it may come to hold env values: private from the start
    try:
        _write(target, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"), mode)
    except OSError as exc:
        raise McpConfigError(str(path), os.strerror(exc.errno) if exc.errno else type(exc).__name__) from None


def _json_merge(path: Path, key: tuple[str, ...], name: str, entry: dict):
    """Put `entry` under key/name in the JSON file, keeping everything else; returns what was there."""
    data = _read_config(path)
    servers = _servers(data, key, path, create=True)
    previous = servers.get(name)
    if previous != entry:
        servers[name] = entry
        _write_config(path, data)
    return previous


def _json_unmerge(path: Path, key: tuple[str, ...], name: str, entry, previous) -> bool:
    """Remove our entry (or put back the one it replaced); False when it was changed since."""
    data = _read_config(path)
    servers = _servers(data, key, path, create=False)
    if servers is None or name not in servers:
        return True                # already gone
    if servers[name] != entry:
        return False
    if previous is None:
        del servers[name]
    else:
        servers[name] = previous
    _write_config(path, data)
    return True


def _cli_register(cli: str, name: str, entry: dict) -> None:
    _cli_unregister(cli, name, quiet=True)     # `add` refuses a name it has: replace it
    _run_cli([cli, "mcp", "add", "--scope", "user", name, "--", entry["command"], *entry["args"]], cli)


def _cli_unregister(cli: str, name: str, quiet: bool = False) -> None:
    try:
        _run_cli([cli, "mcp", "remove", "--scope", "user", name], cli)
    except McpConfigError:
        if not quiet:
            raise


def _run_cli(argv: list[str], cli: str) -> None:
    import subprocess

    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError) as exc:
        raise McpConfigError(cli, type(exc).__name__) from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise McpConfigError(" ".join(argv[:3]), detail[-1] if detail else f"exit {done.returncode}")


# -- the launcher's private environment (bin/setup.py) ------------------------------------------
def private_env(host_key: str, lang: str, *, purge: bool, data: dict) -> str:
    """After --uninstall: where the launcher's private environment is (it outlives the folder: every
    host's copy of this version shares it), or, with --purge, that it is gone."""
    from skill.core import manifest

    m = manifest.current()
    path = hosts.launcher_env(m.name, m.version)
    if path.is_symlink() or not path.is_dir():
        data["private_env"] = None
        return ""
    size = _size(path)
    data["private_env"] = {"path": str(path), "bytes": size, "removed": False}
    if not purge:
        return _message("uninstall_env_kept", lang, path=path, size=_mb(size), host=host_key)
    import shutil

    text = _message("uninstall_env_purged", lang, path=path, size=_mb(size))   # said before it goes
    shutil.rmtree(path, ignore_errors=True)
    try:
        path.parent.rmdir()        # <data>/<name>/, when no other version is left in it
    except OSError:
        pass
    data["private_env"]["removed"] = not path.exists()
    return text if not path.exists() else _message("uninstall_env_not_removed", lang, path=path)


def _size(path: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
            except OSError:
                pass
    return total


def _mb(size: int) -> str:
    return f"{size / 1e6:.0f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"
