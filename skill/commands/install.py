"""`video-skill install openclaw|cursor|claude [--dir D] [--uninstall]`: put the skill where a host looks.

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
    from skill.core.events import Outcome, Text

    lang = args.lang = _lang(args)
    face = faces.for_args(args)
    host = hosts.get(args.host)
    parent = Path(args.dir or host.skills_dir).expanduser().absolute()
    host_name = host.name
    if args.uninstall:
        data = uninstall(args.host, parent)
        if not data["installed"]:
            key = "uninstall_nothing"
        else:
            key = "uninstall_kept" if data["kept"] else "uninstall_done"
        text = _message(key, lang, host=host_name, folder=data["folder"], count=data["removed"])
    else:
        data = install(args.host, parent, lang)
        text = _message("install_updated" if data["updated"] else "install_done", lang,
                        host=host_name, folder=data["folder"], version=data["version"])
        text += "\n" + host.next_step[lang].format(launcher=data["launcher"])
    for line in text.splitlines():
        face.emit(Text(text=line))
    return face.finish(Outcome(command="install", status="done", lang=lang, text=text, data=data))
