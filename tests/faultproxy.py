"""A small fault proxy for tests: forwards to the local backend, and spoils downloads on request.

    proxy = FaultProxy(backend.url)      # a real HTTP server on 127.0.0.1
    proxy.download_fault = "truncate"    # cut the next MP4 body in half (Content-Length stays whole)
    proxy.download_fault = "garbage"     # 82 bytes of "ftyp" + garbage, announced as a video
    proxy.download_fault = "html"        # a web page instead of the video
    proxy.download_fault = "slow"        # the body trickles (a command can be killed mid-download)
    proxy.download_fault = "endless"     # a video body that never ends (no length announced); stays set
    proxy.download_fault = "huge"        # a length of 2 GiB + 1 announced, then endless; stays set
    proxy.download_fault = "slow_poster" # only the poster (.png) trickles; stays set
    proxy.route_media = True             # render answers name the proxy as the files' host, so the
                                         # video and its poster are fetched through it too

Everything else passes through unchanged, streams included. Range requests
are forwarded, so a resumed download works through it. `download_paths` lists
each download asked for; `endless_sent` counts the bytes an endless body sent
before the client hung up.
"""
from __future__ import annotations

import http.server
import threading
import time

import httpx

HOP = {"connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length", "host"}


class FaultProxy:
    def __init__(self, upstream: str):
        self.upstream = upstream.rstrip("/")
        self.download_fault: str | None = None
        self.downloads = 0
        self.download_paths: list[str] = []
        self.route_media = False
        self.endless_sent = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                proxy._forward(self)

            def do_POST(self):
                proxy._forward(self)

            def do_DELETE(self):
                proxy._forward(self)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- forwarding -------------------------------------------------------------------
    def _forward(self, h: http.server.BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("content-length") or 0)
        body = h.rfile.read(length) if length else b""
        headers = {k: v for k, v in h.headers.items() if k.lower() not in HOP}
        is_download = h.path.endswith("/download") or h.path.startswith("/media/render_")
        fault = self.download_fault if is_download else None
        if fault == "slow_poster":
            fault = "slow" if h.path.endswith(".png") else None
        if is_download:
            self.downloads += 1
            self.download_paths.append(h.path)
        if fault in ("endless", "huge") and not h.path.endswith(".png"):
            return self._endless(h, announce=fault == "huge")
        if self.route_media and h.command == "GET" and h.path.startswith("/api/render/proxy/lambda/"):
            return self._rerouted(h, headers)
        with httpx.Client(timeout=60) as client:
            with client.stream(h.command, self.upstream + h.path, headers=headers, content=body) as r:
                if fault in ("garbage", "html"):
                    r.read()
                    self.download_fault = None
                    return self._spoiled(h, fault)
                h.send_response(r.status_code)
                for k, v in r.headers.items():
                    if k.lower() not in HOP:
                        h.send_header(k, v)
                whole = r.headers.get("content-length")
                if whole is not None:
                    h.send_header("Content-Length", whole)
                    h.end_headers()
                    try:
                        self._body(h, r, int(whole), fault)
                    except (BrokenPipeError, ConnectionResetError):   # the client was killed mid-body
                        return
                else:
                    h.send_header("Transfer-Encoding", "chunked")
                    h.end_headers()
                    for chunk in r.iter_raw():
                        h.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                        h.wfile.flush()
                    h.wfile.write(b"0\r\n\r\n")
        if fault == "truncate":
            self.download_fault = None

    def _body(self, h, r, whole: int, fault: str | None) -> None:
        sent = 0
        for chunk in r.iter_raw(16384):
            if fault == "truncate" and sent + len(chunk) > whole // 2:
                h.wfile.write(chunk[: whole // 2 - sent])
                h.wfile.flush()
                h.close_connection = True
                return
            if fault == "slow":
                for i in range(0, len(chunk), 4096):
                    h.wfile.write(chunk[i:i + 4096])
                    h.wfile.flush()
                    time.sleep(0.2)
            else:
                h.wfile.write(chunk)
            sent += len(chunk)

    def _rerouted(self, h, headers: dict) -> None:
        """A render's answer with its file URLs pointing here instead of at the backend."""
        r = httpx.get(self.upstream + h.path, headers=headers, timeout=60)
        text = r.text.replace(self.upstream, self.url)
        payload = text.encode()
        h.send_response(r.status_code)
        h.send_header("Content-Type", r.headers.get("content-type", "application/json"))
        h.send_header("Content-Length", str(len(payload)))
        h.end_headers()
        h.wfile.write(payload)

    def _endless(self, h, announce: bool) -> None:
        """An MP4's first box, then zeros until the client hangs up (the bytes sent are counted)."""
        head = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
        block = b"\x00" * 65536
        h.send_response(200)
        h.send_header("Content-Type", "video/mp4")
        if announce:
            h.send_header("Content-Length", str(2 * 1024 ** 3 + 1))
        h.end_headers()
        h.close_connection = True
        try:
            h.wfile.write(head)
            self.endless_sent += len(head)
            while True:
                h.wfile.write(block)
                self.endless_sent += len(block)
        except OSError:            # the client hung up: what it was meant to do
            return

    def _spoiled(self, h, fault: str) -> None:
        if fault == "garbage":
            payload, kind = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\xde\xad" * 29, "video/mp4"
        else:
            payload = b"<!DOCTYPE html><html><body>Your download is ready! Click here.</body></html>"
            kind = "text/html; charset=utf-8"
        h.send_response(200)
        h.send_header("Content-Type", kind)
        h.send_header("Content-Length", str(len(payload)))
        h.end_headers()
        h.wfile.write(payload)
