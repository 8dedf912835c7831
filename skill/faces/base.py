"""What every face does: present events as they come, then the outcome; say the setup's warnings."""
from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from skill.core.events import Event, Outcome


class Face:
    def emit(self, event: "Event") -> None:
        raise NotImplementedError

    def finish(self, outcome: "Outcome") -> int:
        raise NotImplementedError

    @staticmethod
    def warn(err=None) -> None:
        """The settings folder's warnings (skill.core.config), on stderr, once each."""
        from skill.core.config import take_warnings

        stream = err or sys.stderr
        for text in take_warnings():
            try:
                stream.write(text + "\n")
                stream.flush()
            except (OSError, ValueError):
                pass
