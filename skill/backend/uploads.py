"""POST /api/upload-video/nemo_agent/me/<sid>: multipart `files` or JSON URLs.

Multipart bodies are parsed as they arrive (python-multipart's streaming
parser) and each file goes straight to disk, so a 500 MB upload never sits in
memory; the size limit is enforced while streaming and the partial file is
removed. URL uploads are recorded as given (no network here).
"""
from __future__ import annotations

import asyncio
import hashlib
import os
import time
import uuid
from pathlib import Path
from urllib.parse import unquote, urlparse

try:
    from python_multipart.multipart import MultipartParser, parse_options_header
    from python_multipart.exceptions import MultipartParseError
except ImportError:  # python-multipart < 0.0.13 names its module `multipart`
    from multipart.multipart import MultipartParser, parse_options_header
    from multipart.exceptions import MultipartParseError
from starlette.requests import Request

from skill.backend import agent, envelope as E, media as M
from skill.backend.runtime import Backend


IMAGE_SECONDS = 5    # an uploaded picture, alone in the project, becomes a still this long


class _Refused(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code, self.message = code, message


class _Receiver:
    """python-multipart callbacks writing each `files` part to its own temp file."""

    def __init__(self, tmp_dir: Path, limit: int):
        self.tmp_dir, self.limit = tmp_dir, limit
        self.files: list[dict] = []
        self._headers: dict[bytes, bytes] = {}
        self._field = b""
        self._value = b""
        self._cur: dict | None = None

    def on_part_begin(self):
        self._headers, self._cur = {}, None

    def on_header_field(self, data, start, end):
        self._field += data[start:end]

    def on_header_value(self, data, start, end):
        self._value += data[start:end]

    def on_header_end(self):
        self._headers[self._field.strip().lower()] = self._value.strip()
        self._field = self._value = b""

    def on_headers_finished(self):
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = params.get(b"name", b"").decode("utf-8", "replace")
        filename = params.get(b"filename")
        if name != "files" or filename is None:
            return   # other form fields are ignored
        filename = os.path.basename(filename.decode("utf-8", "replace").replace("\\", "/")) or "upload"
        ftype = M.file_type(filename)
        if ftype is None:
            raise _Refused(4001, E.MESSAGES[4001] + f" Got: {filename}")
        path = self.tmp_dir / f"{uuid.uuid4().hex}.part"
        self._cur = {"filename": filename, "file_type": ftype, "path": path, "size": 0,
                     "fh": open(path, "wb"), "sha": hashlib.sha256()}
        self.files.append(self._cur)

    def on_part_data(self, data, start, end):
        cur = self._cur
        if cur is None:
            return
        chunk = data[start:end]
        cur["size"] += len(chunk)
        if cur["size"] > self.limit:
            raise _Refused(4002, f"File too large: {cur['filename']} is over the "
                                 f"{self.limit} byte limit. Compress or trim it.")
        cur["fh"].write(chunk)
        cur["sha"].update(chunk)

    def on_part_end(self):
        if self._cur is not None:
            self._cur["fh"].close()
            self._cur = None

    def cleanup(self):
        for f in self.files:
            try:
                f["fh"].close()
            except Exception:
                pass
            Path(f["path"]).unlink(missing_ok=True)


async def _drain(body, seconds: float = 30.0) -> None:
    """Read and discard the rest of a refused upload (nothing is stored), so the
    client gets our 4001/4002 envelope instead of a broken pipe mid-send."""
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    try:
        async for _ in body:
            if loop.time() > end:
                return
    except Exception:
        return


async def _multipart(bk: Backend, request: Request, tmp_dir: Path) -> list[dict]:
    _, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if not boundary:
        raise _Refused(400, "multipart body without a boundary.")
    recv = _Receiver(tmp_dir, bk.opts.max_upload_bytes)
    cbs = {n: getattr(recv, n) for n in ("on_part_begin", "on_header_field", "on_header_value",
                                         "on_header_end", "on_headers_finished", "on_part_data",
                                         "on_part_end")}
    body = request.stream()
    try:
        parser = MultipartParser(boundary, cbs)
        async for chunk in body:
            parser.write(chunk)
        parser.finalize()
    except _Refused:
        recv.cleanup()
        await _drain(body)
        raise
    except (MultipartParseError, ValueError) as exc:
        recv.cleanup()
        raise _Refused(400, f"Malformed multipart body: {type(exc).__name__}.")
    except BaseException:
        recv.cleanup()   # the client went away mid-upload: no partial files left behind
        raise
    for f in recv.files:
        f["fh"].close()
    if not recv.files:
        raise _Refused(400, "No files: send one or more multipart fields named \"files\".")
    return recv.files


def _store(bk: Backend, sid: str, f: dict, base_url: str) -> dict:
    digest = f["sha"].hexdigest()
    ext = Path(f["filename"]).suffix.lower()
    dest_dir = bk.opts.data_dir / "uploads" / sid
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / f"{digest[:16]}{ext}"
    os.replace(f["path"], dest)
    name = f"up_{digest[:16]}{ext}"
    bk.db.add_media(name, dest, M.CONTENT_TYPES.get(ext.lstrip("."), "application/octet-stream"))
    info = M.probe(dest) if f["file_type"] in ("video", "audio", "image") else {}
    return {"filename": f["filename"], "file_type": f["file_type"], "cdn_url": f"{base_url}/media/{name}",
            "duration": info.get("duration"), "width": info.get("width"), "height": info.get("height"),
            "fps": info.get("fps"), "hash": digest, "size": f["size"]}


def _from_urls(body: dict) -> list[dict]:
    urls = body.get("urls")
    if body.get("source_type", "url") != "url" or not isinstance(urls, list) or not urls \
            or not all(isinstance(u, str) and u for u in urls):
        raise _Refused(400, "Body: {\"urls\": [\"https://...\"], \"source_type\": \"url\"}.")
    out = []
    for url in urls:
        p = urlparse(url)
        if p.scheme not in ("http", "https"):
            raise _Refused(400, f"Not an http(s) URL: {url[:100]}")
        filename = os.path.basename(unquote(p.path)) or "download"
        ftype = M.file_type(filename)
        if ftype is None:
            raise _Refused(4001, E.MESSAGES[4001] + f" Got: {filename}")
        # no network here: the URL itself is the cdn_url, nothing can be probed
        out.append({"filename": filename, "file_type": ftype, "cdn_url": url, "duration": None,
                    "width": None, "height": None, "fps": None, "hash": None, "size": None})
    return out


def _apply(bk: Backend, sid: str, files: list[dict]) -> bool:
    state = bk.db.load_state(sid)
    for f in files:
        entry = {"id": "up_" + uuid.uuid4().hex[:12], "url": f["cdn_url"], "filename": f["filename"],
                 "duration": f["duration"], "width": f["width"], "height": f["height"],
                 "fps": f["fps"], "source": "upload", "file_type": f["file_type"],
                 "at": time.time()}   # the latest upload is what "it" / "the clip I just uploaded" means
        if f["file_type"] == "video":
            state["video_infos"].append(entry)
            # the real backend analyses uploads; ours can only describe what ffmpeg saw
            size = f"{f['width']}x{f['height']} " if f["width"] else ""
            length = f"{f['duration']:.0f}-second " if f["duration"] else ""
            state["video_analyses"].append({"video_id": entry["id"], "url": f["cdn_url"],
                                            "summary": f"A {length}{size}video: {f['filename']}"})
            if not any(t.get("sg") for t in (state["draft"] or {}).get("t", [])):
                w, h = f["width"] or 1920, f["height"] or 1080
                ratio = "9:16" if h > w * 1.2 else ("1:1" if abs(w - h) < 0.2 * w else "16:9")
                seconds = max(1, round(f["duration"] or 10))
                state["draft"] = agent.new_video_draft(Path(f["filename"]).stem, seconds, ratio,
                                                       f["cdn_url"], kind="upload",
                                                       fps=round(f["fps"] or 30))
                state["canvas_config"] = {"width": agent.RATIOS[ratio][0],
                                          "height": agent.RATIOS[ratio][1], "ratio": ratio, "fps": 30}
        else:
            state.setdefault("uploaded_media", []).append(entry)
            if f["file_type"] == "image" and not any(t.get("sg") for t in (state["draft"] or {}).get("t", [])):
                # a picture and nothing else yet: a still (with a slow pan when rendered)
                w, h = f["width"] or 1920, f["height"] or 1080
                ratio = "9:16" if h > w * 1.2 else ("1:1" if abs(w - h) < 0.2 * w else "16:9")
                state["draft"] = agent.new_video_draft(Path(f["filename"]).stem, IMAGE_SECONDS, ratio,
                                                       f["cdn_url"], kind="upload")
                state["canvas_config"] = {"width": agent.RATIOS[ratio][0],
                                          "height": agent.RATIOS[ratio][1], "ratio": ratio, "fps": 30}
    bk.db.save_state(sid, state)
    return True


async def handle(bk: Backend, request: Request, sid: str, base_url: str, faults: list):
    ctype = request.headers.get("content-type", "").lower()
    bk.db.count("uploads")
    try:
        if ctype.startswith("multipart/form-data"):
            tmp_dir = bk.opts.data_dir / "uploads" / ".incoming"
            tmp_dir.mkdir(parents=True, exist_ok=True)
            parts = await _multipart(bk, request, tmp_dir)
            files = []
            for f in parts:
                files.append(await asyncio.to_thread(_store, bk, sid, f, base_url))
        elif ctype.startswith("application/json"):
            try:
                body = await request.json()
            except ValueError:
                raise _Refused(400, "Request body must be JSON.")
            if not isinstance(body, dict):
                raise _Refused(400, "Request body must be a JSON object.")
            files = _from_urls(body)
        else:
            raise _Refused(400, "Send multipart/form-data with \"files\" fields, or JSON with \"urls\".")
    except _Refused as r:
        return E.error(r.code, r.message, status=400 if r.code == 400 else None)
    applied = _apply(bk, sid, files)
    return E.ok({"files": files, "session_state_applied": applied})
