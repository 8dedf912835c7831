"""Answers that used to mislead (a long message, an unreadable balance, Retry-After)."""
from __future__ import annotations

import subprocess
import sys
import time
from email.utils import formatdate

import httpx
import pytest

from skill.core import config, errors
from skill.api.client import NemoClient
from skill.api.http import MessageTooLong, Signal, parse, retry_after, throttle_wait
from skill.core.timing import Timings
from cli_env import REPO, cli_env




def cli(env, *argv):
    r = subprocess.run([sys.executable, "-m", "skill", *argv], env=env, cwd=REPO, capture_output=True,
                       text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


# --------------------------------------------------------------------------- a message too long
def test_a_one_megabyte_message_is_called_too_long_not_try_again(backend, tmp_path):
    env = cli_env(tmp_path, backend.url, LANG="C")
    words = ["sea"] * 8 + ["x" * 124_999] * 8                    # argv limits one argument to 128 KB
    message = " ".join(words)
    code, out, err = cli(env, "chat", "--wait", "30", *words)
    assert code == 2, out + err
    printed = out + err
    assert "too long" in printed and f"{len(message):,}" in printed and "shorten" in printed
    assert "try again" not in printed.lower() and "HTTP 400" not in printed
    assert not backend.stats()["messages_received"]              # nothing was taken (or charged)


def test_http_413_from_run_sse_is_too_long_in_both_languages(backend, tmp_path):
    settings = config.from_env({"NEMO_API_URL": backend.url, "NEMO_CONFIG_DIR": str(tmp_path / "cfg")})
    with NemoClient(settings, timings=Timings(rate_limit_wait=0.01)) as client:
        client.session()
        backend.fault("status:413", path="/run_sse")
        with pytest.raises(MessageTooLong) as info:
            with client.open_chat_stream("make it " + "long " * 2000):
                pass
    assert info.value.exit_code == 2
    assert "10,008 characters" in info.value.render("en") and "shorten" in info.value.render("en")
    assert "10,008 个字符" in info.value.render("zh")


def test_other_400s_are_not_called_too_long():
    request = httpx.Request("POST", "http://api.test/api/credits/balance/simple")
    with pytest.raises(Signal):
        parse(httpx.Response(400, json={"code": 400, "message": "Missing X-Client-Id header."}, request=request))


# --------------------------------------------------------------------------- an unreadable balance
@pytest.mark.parametrize("data", [None, {}, {"available": "lots"}, {"frozen": 3}, [], {"available": None},
                                  {"available": True}])
def test_a_malformed_balance_is_an_error_not_zero_credits(tmp_path, data):
    def handler(request):
        if request.url.path == "/api/auth/anonymous-token":
            return httpx.Response(200, json={"code": 0, "data": {"token": "nmv_usr_x", "user_id": "anon_1"}})
        return httpx.Response(200, json={"code": 0, "data": data})

    settings = config.from_env({"NEMO_API_URL": "http://api.test", "NEMO_CONFIG_DIR": str(tmp_path)})
    with NemoClient(settings, transport=httpx.MockTransport(handler), timings=Timings(),
                    sleep=lambda s: None) as client:
        with pytest.raises(errors.ApiError) as info:
            client.credits()
    assert info.value.exit_code == 14
    en, zh = info.value.render("en"), info.value.render("zh")
    assert "could not be read" in en and "0 available" not in en and "积分余额" in zh


def test_a_readable_balance_still_works_with_strings_and_no_total(tmp_path):
    def handler(request):
        if request.url.path == "/api/auth/anonymous-token":
            return httpx.Response(200, json={"code": 0, "data": {"token": "nmv_usr_x", "user_id": "anon_1"}})
        return httpx.Response(200, json={"code": 0, "data": {"available": "12.5", "frozen": 2}})

    settings = config.from_env({"NEMO_API_URL": "http://api.test", "NEMO_CONFIG_DIR": str(tmp_path)})
    with NemoClient(settings, transport=httpx.MockTransport(handler), timings=Timings(),
                    sleep=lambda s: None) as client:
        c = client.credits()
    assert (c.available, c.frozen, c.total) == (12.5, 2.0, 14.5)


# --------------------------------------------------------------------------- Retry-After
def test_retry_after_is_read_in_seconds_or_as_a_date():
    now = time.time()
    assert retry_after("7") == 7.0
    assert retry_after(" 0 ") == 0.0
    assert retry_after(formatdate(now + 42, usegmt=True), now=now) == pytest.approx(42, abs=1)
    assert retry_after(formatdate(now - 42, usegmt=True), now=now) == 0.0
    assert retry_after("soon") is None and retry_after("") is None and retry_after(None) is None


def test_the_wait_honours_retry_after_capped_and_scaled():
    def wait(value, timings):
        return throttle_wait(Signal("throttled", 429, retry_after=retry_after(value)), timings)

    assert wait("5", Timings()) == 5.0
    assert wait("3600", Timings()) == 120.0                      # capped
    assert wait(None, Timings()) == 30.0                         # the default when the server says nothing
    assert wait("5", Timings().scaled(0.01)) == pytest.approx(0.05)
    assert wait("3600", Timings().scaled(0.01)) == pytest.approx(1.2)


def _throttled_then_ok(path: str, header: str):
    state = {"n": 0}

    def handler(request):
        if request.url.path == path and state["n"] == 0:
            state["n"] += 1
            return httpx.Response(429, headers={"Retry-After": header},
                                  json={"code": 429, "message": "Too many requests."})
        if request.url.path == "/api/auth/anonymous-token":
            return httpx.Response(200, json={"code": 0, "data": {"token": "nmv_usr_x", "user_id": "anon_1"}})
        return httpx.Response(200, json={"code": 0, "data": {"available": 9, "frozen": 0, "total": 9}})
    return handler


@pytest.mark.parametrize("path", ["/api/credits/balance/simple", "/api/auth/anonymous-token"])
def test_client_and_sign_in_wait_as_long_as_the_server_says(tmp_path, path):
    sleeps: list[float] = []
    settings = config.from_env({"NEMO_API_URL": "http://api.test", "NEMO_CONFIG_DIR": str(tmp_path)})
    with NemoClient(settings, transport=httpx.MockTransport(_throttled_then_ok(path, "4")), timings=Timings(),
                    sleep=sleeps.append) as client:
        assert client.credits().available == 9
    assert sleeps == [4.0]                                       # not a fixed 30 s
