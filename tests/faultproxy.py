"""A small fault proxy for tests: forwards to the local backend, and spoils downloads on request.

    proxy = FaultProxy(backend.url)      # a real HTTP server on 127.0.0.1
    proxy.download_fault = "truncate"    # cut the next MP4 body in half (Content-Length stays whole)
    proxy.download_fault = "garbage"     # 82 bytes of "ftyp" + garbage, announced as a video
    proxy.download_fault = "html"        # a web page instead of the video
    proxy.download_fault = "slow"        # the body trickles (a command can be killed mid-download)

Everything else passes through unchanged, streams included. Range requests
are forwarded, so a resumed download works through it.
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
        if is_download:
            self.downloads += 1
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
                    self._body(h, r, int(whole), fault)
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
