"""A tiny headless-Chromium driver over the DevTools protocol (CDP), for the browser tests.

Debian's `chromium` package, started with --remote-debugging-port=0; the port it picked is read
from <user-data-dir>/DevToolsActivePort; one page target is driven over its websocket
(`websocket-client`, a pure-Python package from the test extra). No browser is downloaded,
and nothing but the loopback is contacted (the background-networking flags: without them
Chromium's own connections are refused by a closed network and slow it down).
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import httpx

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
         "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1")


def find_chromium() -> str | None:
    """env VIDEO_SKILL_CHROMIUM, else Debian's /usr/bin/chromium (or one on PATH)."""
    for name in (os.environ.get("VIDEO_SKILL_CHROMIUM"), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


class CDPError(RuntimeError):
    pass


class Browser:
    """One Chromium process and one page: `call(method, **params)`, `evaluate(js)`, `wait_for(js)`."""

    def __init__(self, binary: str, profile: Path, *, width: int = 1200, height: int = 1000,
                 log: Path | None = None, env: dict | None = None):
        import websocket   # websocket-client (test extra)

        self.profile = Path(profile)
        self.profile.mkdir(parents=True, exist_ok=True)
        self._log = open(log or self.profile / "chromium.log", "wb")
        self.proc = subprocess.Popen([binary, *FLAGS, f"--user-data-dir={self.profile}",
                                      f"--window-size={width},{height}", "about:blank"],
                                     stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
                                     env=env, start_new_session=True)
        self.events: list[dict] = []
        self._id = 0
        self._timeout = websocket.WebSocketTimeoutException
        try:
            port = self._port(timeout=30)
            page = self._page_target(port, timeout=15)
            self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30,
                                                  suppress_origin=True, enable_multithread=False)
        except BaseException:
            self.close()
            raise
        self.version = httpx.get(f"http://127.0.0.1:{port}/json/version", timeout=5).json().get("Browser", "")

    def _port(self, timeout: float) -> int:
        f = self.profile / "DevToolsActivePort"
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise CDPError(f"chromium exited with {self.proc.returncode}: {self.log_tail()}")
            try:
                first = f.read_text().splitlines()[0]
                if first.strip().isdigit():
                    return int(first)
            except (OSError, IndexError):
                pass
            time.sleep(0.05)
        raise CDPError(f"no DevToolsActivePort after {timeout:.0f} s: {self.log_tail()}")

    @staticmethod
    def _page_target(port: int, timeout: float) -> dict:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                pages = [t for t in httpx.get(f"http://127.0.0.1:{port}/json/list", timeout=5).json()
                         if t.get("type") == "page"]
                if pages:
                    return pages[0]
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise CDPError("no page target")

    def log_tail(self, n: int = 2000) -> str:
        try:
            self._log.flush()
            return Path(self._log.name).read_bytes()[-n:].decode("utf-8", "replace")
        except OSError:
            return ""

    # -- the protocol ------------------------------------------------------------------------
    def call(self, method: str, timeout: float = 30, **params) -> dict:
        self._id += 1
        mid = self._id
        self.ws.send(json.dumps({"id": mid, "method": method, "params": params}))
        end = time.monotonic() + timeout
        while True:
            self.ws.settimeout(max(0.05, end - time.monotonic()))
            try:
                msg = json.loads(self.ws.recv())
            except self._timeout:
                raise CDPError(f"{method}: no answer in {timeout} s") from None
            if msg.get("id") == mid:
                if "error" in msg:
                    raise CDPError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)
            if time.monotonic() > end:
                raise CDPError(f"{method}: no answer in {timeout} s")

    def pump(self, seconds: float) -> None:
        """Collect events for a while (no call pending)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.ws.settimeout(max(0.01, end - time.monotonic()))
            try:
                msg = json.loads(self.ws.recv())
            except self._timeout:   # nothing came
                return
            if "method" in msg:
                self.events.append(msg)

    def evaluate(self, expression: str, timeout: float = 30):
        r = self.call("Runtime.evaluate", timeout=timeout, expression=expression, awaitPromise=True,
                      returnByValue=True)
        if "exceptionDetails" in r:
            raise CDPError(f"{expression[:80]!r}: {r['exceptionDetails'].get('exception', r['exceptionDetails'])}")
        return r["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 10, every: float = 0.1):
        """Evaluate until truthy; the last value (or CDPError on timeout)."""
        end = time.monotonic() + timeout
        value = None
        while time.monotonic() < end:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(every)
        raise CDPError(f"not true within {timeout} s: {expression[:120]!r} (last: {value!r})")

    def navigate(self, url: str, timeout: float = 30) -> None:
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Log.enable")
        self.events.clear()
        self.call("Page.navigate", url=url)
        end = time.monotonic() + timeout
        while not any(e["method"] == "Page.loadEventFired" for e in self.events):
            if time.monotonic() > end:
                raise CDPError(f"{url}: no load event in {timeout} s")
            self.pump(0.1)

    def platform_fonts(self, selector: str) -> dict[str, int]:
        """The fonts Chromium really drew `selector`'s text with: {family: glyphs}."""
        self.call("DOM.enable")
        self.call("CSS.enable")
        root = self.call("DOM.getDocument")["root"]["nodeId"]
        node = self.call("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        fonts = self.call("CSS.getPlatformFontsForNode", nodeId=node)["fonts"]
        return {f["familyName"]: f["glyphCount"] for f in fonts}

    def screenshot(self, path: Path) -> Path:
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        path = Path(path)
        path.write_bytes(base64.b64decode(data))
        return path

    def problems(self) -> list[str]:
        """Uncaught exceptions, console errors and browser log errors (CSP violations land there)."""
        out = []
        for e in self.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.exceptionThrown":
                out.append("exception: " + json.dumps(p.get("exceptionDetails", {}))[:300])
            elif e["method"] == "Runtime.consoleAPICalled" and p.get("type") == "error":
                out.append("console: " + json.dumps(p.get("args", []))[:300])
            elif e["method"] == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append(f"log: {p['entry'].get('text', '')[:300]} {p['entry'].get('url', '')}".rstrip())
        return out

    def close(self) -> None:
        ws = getattr(self, "ws", None)
        if ws is not None:
            try:
                ws.close()
            except Exception:
                pass
        try:      # its own session: the zygote, renderer and GPU processes go too
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
        self._log.close()
