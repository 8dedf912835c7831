"""The project page in a real browser: headless Chromium loads the skill's link from the local
backend, shows the project (a Chinese title too), takes a screenshot, plays the export, and
follows an edit made in chat without a reload."""
from __future__ import annotations

import json
import os
import shutil
import time
import uuid

import httpx

from pagekit import export, new_session, page_url   # tests/pagekit.py

TITLE = "海边的日落 Sunset"


def test_project_page_in_chromium(backend_factory, browser, tmp_path):
    b = backend_factory()
    task, sid = new_session(b)
    b.chat(sid, "generate a 5-second video of a sunset over the ocean")
    b.chat(sid, f'add a title that says "{TITLE}"')
    rid = export(b, sid)

    browser.navigate(page_url(b, task, sid))
    assert browser.evaluate("document.getElementById('title').textContent") == TITLE
    assert browser.evaluate("document.getElementById('title').lang") == "zh-Hans"
    assert browser.evaluate("document.characterSet") == "UTF-8"
    rows = browser.evaluate("[...document.querySelectorAll('.tl .row:not(.ruler) .lab')].map(e => e.textContent)")
    assert rows == ["Video", "Music", "Title"]
    boxes = browser.evaluate("""[...document.querySelectorAll('.tl .seg')].map(e => {
        const r = e.getBoundingClientRect(), l = e.parentElement.getBoundingClientRect();
        return [e.querySelector('.name').textContent, Math.round(100 * (r.left - l.left) / l.width),
                Math.round(100 * r.width / l.width)]; })""")
    assert boxes == [["Sunset over the Ocean", 0, 100], ["Upbeat · 30%", 0, 100], [TITLE, 0, 60]]
    src = browser.evaluate("document.getElementById('player').getAttribute('src')")
    assert src == f"/media/{rid}.mp4"
    assert browser.evaluate("document.getElementById('player').getAttribute('poster')") == f"/media/{rid}.png"

    # Chinese is drawn with a CJK font (not boxes), the Latin part with a Latin one
    browser.evaluate("document.fonts.ready.then(() => true)")
    fonts = browser.platform_fonts("#title")
    assert any("CJK" in f or "Han" in f for f in fonts), fonts
    # the poster is up and the player idle, then the screenshot (after the media controls'
    # loading spinner has faded out: about a second, in their closed shadow DOM)
    browser.wait_for("(() => { const v = document.getElementById('player'); "
                     "return v.readyState >= 2 && v.networkState === v.NETWORK_IDLE; })()", timeout=10)
    time.sleep(1.5)
    shot = browser.screenshot(tmp_path / "page.png")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    keep = os.environ.get("VIDEO_SKILL_PAGE_SCREENSHOT")
    if keep:
        shutil.copyfile(shot, keep)

    # the export plays: H.264/AAC in an MP4, muted so no gesture is needed
    codecs = browser.evaluate("""(() => { const v = document.createElement('video');
        return [v.canPlayType('video/mp4; codecs="avc1.42E01E"'), v.canPlayType('video/mp4; codecs="avc1.64001F, mp4a.40.2"')]; })()""")
    started = browser.evaluate("""(async () => { const v = document.getElementById('player');
        window.__player = v; v.muted = true;
        try { await v.play(); return 'playing'; }
        catch (e) { return e.name + ': ' + e.message + ' (media error ' + (v.error && v.error.code) + ')'; } })()""")
    assert started == "playing", f"play() failed: {started}; canPlayType {codecs}; {browser.version}"
    t0 = time.monotonic()
    current = browser.wait_for("(() => { const t = document.getElementById('player').currentTime; "
                               "return t > 0.5 ? t : 0; })()", timeout=10, every=0.05)
    took = time.monotonic() - t0
    size = browser.evaluate("(() => { const v = document.getElementById('player'); "
                            "return [v.videoWidth, v.videoHeight, v.duration]; })()")
    assert size[:2] == [1920, 1080] and abs(size[2] - 5.0) < 0.2, size
    print(f"\n{browser.version}: canPlayType {codecs}; currentTime {current:.2f} s "
          f"{took:.2f} s after play(); {size[0]}x{size[1]}, {size[2]:.2f} s")
    assert browser.wait_for("document.querySelector('.tl .playhead').hidden === false", timeout=5)

    # an edit in chat shows up without a reload; the player is not replaced
    b.chat(sid, "lower the music to 20%")
    browser.wait_for("document.querySelector('.row.music .name').textContent === 'Upbeat · 20%'", timeout=10)
    assert "changed since this export" in browser.evaluate("document.getElementById('export-note').textContent")
    assert browser.evaluate("document.getElementById('player') === window.__player") is True
    assert browser.evaluate("document.getElementById('status').textContent") == "Up to date"

    # a new clip and its export (12 s: its render outlasts the page's 2 s poll): the status shows
    # the work running, then the new title, timeline and export replace the old ones
    browser.evaluate("""(() => { const s = document.getElementById('status'); window.__seen = [];
        new MutationObserver(() => window.__seen.push(s.textContent))
            .observe(s, {childList: true, subtree: true, characterData: true}); return true; })()""")
    b.chat(sid, "generate a 12-second video of snow falling in a forest")
    rid2 = export(b, sid)
    browser.wait_for(f"document.getElementById('player').getAttribute('src') === '/media/{rid2}.mp4'", timeout=10)
    seen = browser.evaluate("window.__seen")
    assert any(s.startswith(("Rendering ", "Export queued")) for s in seen), seen
    new_title = b.state(sid)["draft"]["t"][-1]["sg"][0]["m"]["text"]
    assert browser.evaluate("document.getElementById('title').textContent") == new_title != TITLE
    assert browser.evaluate("document.querySelector('#timeline .total').textContent").startswith("0:12 total")
    assert browser.evaluate("document.getElementById('player') !== window.__player") is True
    assert browser.evaluate("document.getElementById('export-note').textContent") == ""
    print(f"status seen while it ran: {seen}")

    # nothing went wrong in the page: no exception, no console error, no CSP violation, no failed load
    problems = browser.problems()
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


def test_wrong_link_shows_nothing_in_chromium(backend_factory, browser):
    b = backend_factory()
    task, sid = new_session(b)
    b.chat(sid, "generate a 3-second video of a forest")
    browser.navigate(page_url(b, "task_" + uuid.uuid4().hex[:16], sid))
    assert browser.evaluate("document.querySelector('h1').textContent") == "Project not found"
    assert "Forest" not in browser.evaluate("document.documentElement.outerHTML")
    assert httpx.get(page_url(b, task, sid), timeout=10).status_code == 200
