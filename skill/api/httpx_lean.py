"""httpx, imported without its command-line extras, and a client that loads TLS only for https.

`import httpx` also imports click and pygments (for httpx's own CLI) whenever
they are installed, and the backend extra installs click (uvicorn needs it):
~150 ms on every command for a CLI we never run. They are hidden while httpx
loads, so its optional CLI import fails fast, and put back at once (a later
`import click` works as usual).

An httpx.Client loads the CA bundle when it is built (~50 ms), even for
`http://127.0.0.1`. `tls_on_first_use()` builds the verified https transport
only when an https request is made.
"""
from __future__ import annotations

import os
import sys

_CLI_EXTRAS = ("click", "pygments", "rich")


def _load():
    hidden = [name for name in _CLI_EXTRAS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None   # type: ignore[assignment]  # "import click" → ImportError, at once
    try:
        import httpx as module
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return module


httpx = _load()


class _VerifiedOnFirstUse(httpx.BaseTransport):
    def __init__(self) -> None:
        self._transport: httpx.HTTPTransport | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._transport is None:
            self._transport = httpx.HTTPTransport()   # verified, the CA bundle loaded now
        return self._transport.handle_request(request)

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()


_PROXY_ENV = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def tls_on_first_use() -> dict:
    """Client keyword arguments: plain http without a TLS context, https verified when first used.

    With a proxy in the environment, httpx's own set-up is kept (it mounts the proxies).
    """
    if any(os.environ.get(name) for name in _PROXY_ENV):
        return {}
    # verify=False only skips loading certificates for this transport, which serves http://
    # URLs alone: every https:// URL goes to the verified mount.
    return {"transport": httpx.HTTPTransport(verify=False), "mounts": {"https://": _VerifiedOnFirstUse()}}
