"""Errors a user can see: each has a short message in English and Chinese.

The wording lives in intents/messages.yaml (skill.core.catalogue); a subclass
names its message key and the CLI exit code. Keep this module import-light:
the CLI imports it on every error path.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing costs every command ~5 ms
    from typing import Any


class SkillError(Exception):
    key = "internal"
    exit_code = 1

    def __init__(self, detail: str | None = None, *, key: str | None = None, **params: Any):
        if key:          # a more precise message than the class's own (same exit code)
            self.key = key
        self.detail = detail
        self.params = params
        super().__init__(detail or self.key)

    retry = False   # sending the same request again is safe and useful

    def render(self, lang: str | None = None) -> str:
        from skill.core.catalogue import message, translate_detail

        lang = lang or self.params.get("lang") or "en"
        return message(self.key, lang, detail=translate_detail(self.detail or "", lang), **self.params)


class BadInput(SkillError):
    """The user's input cannot be used (bad path, bad flag value...)."""
    key = "bad_input"
    exit_code = 2


class Interrupted(SkillError):
    """Ctrl-C: what was already sent goes on in the background."""
    key = "interrupted"
    exit_code = 130


class BackendNotInstalled(SkillError):
    """A part of the skill this environment lacks (the local backend's extra, the MCP SDK).
    Not the user's input (exit 2): the skill's own setup, like any failure to start (exit 1)."""
    key = "backend_not_installed"
    exit_code = 1


class DataMissing(SkillError):
    """A file the skill ships with (intents/router.yaml, intents/speech_acts.bin) is missing or damaged:
    a broken install, not the user's input; reinstalling mends it."""
    key = "data_missing"
    exit_code = 1


class NotText(BadInput):
    """Command-line text that is not valid UTF-8 (undecodable bytes from the shell)."""
    key = "not_utf8"


def require_text(value: str, what: str = "message") -> str:
    """`value` if it can be sent and printed; else NotText (never a crash later on)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise NotText(what=what) from None
    return value


# --- API and chat-turn errors. Exit codes are distinct per cause:
#   1 internal, 2 bad input, 3 backend unavailable, 4 token rejected,
#   5 session lost, 6 no credits, 7 unsupported file, 8 file too large,
#   9 export blocked (plan), 10 rate limited, 11 turn busy, 12 turn timed out,
#   13 turn failed, 14 unexpected API answer, 15 export failed,
#   16 the skill's store held by another process (skill.core.store).
# Messages must never carry the token: params are links, ids and counts only.

class BackendUnavailable(SkillError):
    """Network error or HTTP 5xx. `sent` tells whether the request may have arrived."""
    key = "backend_unavailable"
    exit_code = 3

    def __init__(self, detail: str | None = None, *, sent: bool = True, **params: Any):
        self.sent = sent
        super().__init__(detail, **params)


class ServiceFailed(BackendUnavailable):
    """The service answered a request with an error (HTTP 5xx) instead of doing it."""
    key = "service_failed"


class NotSent(SkillError):
    """The request stopped before it reached the service (its worker died first)."""
    key = "not_sent"
    exit_code = 13


class NotDelivered(SkillError):
    """Sent, but the service never answered and the project shows nothing: most likely lost
    on the way (e.g. the worker was killed while sending)."""
    key = "not_delivered"
    exit_code = 13


class TokenRejected(SkillError):
    key = "token_rejected"
    exit_code = 4


class EnvTokenRejected(TokenRejected):
    """NEMO_TOKEN itself was rejected: the user must fix or unset it."""
    key = "env_token_rejected"


class SessionLost(SkillError):
    key = "session_lost"
    exit_code = 5


class NoCredits(SkillError):
    key = "no_credits_anonymous"
    exit_code = 6


class NoCreditsRegistered(NoCredits):
    key = "no_credits_registered"


class UnsupportedFile(SkillError):
    key = "unsupported_file"
    exit_code = 7


class FileTooLarge(SkillError):
    key = "file_too_large"
    exit_code = 8


class ExportBlocked(SkillError):
    key = "export_blocked"
    exit_code = 9


class RateLimited(SkillError):
    key = "rate_limited"
    exit_code = 10


class TurnBusy(SkillError):
    key = "turn_busy"
    exit_code = 11


class ExportWaitsForTurn(SkillError):
    key = "export_waits_for_turn"
    exit_code = 11


class TurnTimedOut(SkillError):
    key = "turn_timed_out"
    exit_code = 12


class TurnFailed(SkillError):
    key = "turn_failed"
    exit_code = 13


class RunFailed(TurnFailed):
    """The run ended on the service's own error event, and the project did not change."""
    key = "run_failed"


class TurnNotFinished(TurnFailed):
    """The stream ended without an answer and the project did not change: safe to send again."""
    key = "not_finished_retry"


class RulesMismatch(SkillError):
    """intents/router.yaml and the registered steps disagree (a developer's mistake: says which)."""
    key = "rules_mismatch"
    exit_code = 1


class ApiError(SkillError):
    """The backend answered with a code we do not know."""
    key = "api_error"
    exit_code = 14


class RenderExists(ApiError):
    """The render id was already submitted: for our own claimed id, the earlier submit arrived."""
