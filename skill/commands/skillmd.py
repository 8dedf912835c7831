"""`video-skill skillmd`: print SKILL.md rendered from skill.yaml, or --write / --check it."""
from __future__ import annotations

import argparse
import sys

from skill.faces import skillmd


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help="write SKILL.md next to skill.yaml")
    group.add_argument("--check", action="store_true", help="exit 1 if SKILL.md is stale")


def run(args: argparse.Namespace) -> int:
    text = skillmd.render()
    path = skillmd.skill_md_path()
    if args.write:
        from skill.core.files import atomic_write

        atomic_write(path, text)
        print(f"wrote {path}")
        return 0
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print("SKILL.md is stale: run `video-skill skillmd --write`", file=sys.stderr)
            return 1
        print("SKILL.md is up to date")
        return 0
    sys.stdout.write(text)
    return 0
