"""The `--json` face: one object per line, `{"schema": 1, "type": …}`, the last one the result.

The contract is docs/json.md. Strings are already clean (skill.core.sanitize);
C1 controls and line separators are still written as escapes so that no raw
control byte reaches a terminal that shows the JSON.
"""
from __future__ import annotations

import json
import re
import sys

from skill.faces.base import Face

_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")


def dumps(obj: dict, *, ascii_only: bool = False) -> str:
    text = json.dumps(obj, ensure_ascii=ascii_only, separators=(", ", ": "))
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class JsonLinesFace(Face):
    def __init__(self, out=None):
        self.out = out or sys.stdout
        encoding = (getattr(self.out, "encoding", None) or "utf-8").lower().replace("-", "")
        self.ascii_only = encoding not in ("utf8", "utf_8")

    def _write(self, obj: dict) -> None:
        try:
            self.out.write(dumps(obj, ascii_only=self.ascii_only) + "\n")
            self.out.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError):
            pass  # a closed or broken stream: the work is recorded in the store all the same

    def emit(self, event) -> None:
        self._write(event.to_json())

    def finish(self, outcome) -> int:
        self.warn()
        self._write(outcome.to_json())
        return outcome.exit_code
