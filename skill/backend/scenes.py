"""Procedural "generated" clips: a scene built from the words of the prompt.

No model: a theme (sunset, forest, ocean, city, night, snow, desert, space,
fire, rain, mountain; a colourful default otherwise) picks a sky gradient, a
sun / moon / planet on a slow path, two silhouette layers (waves, trees,
buildings with lit windows, dunes, mountains, flames...) drifting at different
speeds (parallax), and particles (stars, snow, rain, embers, birds, bokeh).
Every layer that needs per-pixel maths (`geq`) is computed once, on a single
frame (and kept as a PNG in a cache: it depends only on its maths and size),
then looped and moved with cheap filters (`scroll`, `overlay` with a time
expression): a 1080p clip costs little more than its x264 encode.

`video_chain(...)` returns filtergraph text for ffmpeg's -filter_complex;
`ambience(...)` and `music(...)` return audio source chains (lavfi).
"""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

# (theme, pattern) in priority order: "sunset over the sea" is a sunset, "city at night" a city,
# "a snowy town at night" snow (with the town's buildings and a night sky: see scene_for)
_THEMES = [
    ("fire", r"\bfire|flame|campfire|bonfire|burning|blaze|lava|火焰|篝火|火"),
    ("space", r"\bspace\b|galaxy|galaxies|planet|universe|cosmos|cosmic|nebula|astronaut|milky way|"
              r"太空|宇宙|星系|银河|行星|星球"),
    ("sunset", r"sunset|sunrise|dusk|dawn|golden hour|twilight|日落|夕阳|黄昏|日出|晚霞|落日|傍晚"),
    ("snow", r"\bsnow|winter|\bski|blizzard|frozen|icy|雪|冬天|冬季|冬日|滑雪|冰雪|结冰"),
    ("city", r"\bcity|cities|urban|street|skyline|downtown|skyscraper|metropolis|\btowns?\b|village|neon|"
             r"城市|都市|街道|街头|街景|高楼|夜景|小镇|城镇|镇上|村庄|村子|乡村|霓虹"),
    ("rain", r"\brain|storm|thunder|drizzle|雨|暴风|雷"),
    ("desert", r"desert|dune|sahara|\bsand\b|camel|沙漠|沙丘|骆驼"),
    ("forest", r"forest|tree|woods|jungle|woodland|bird|maple|森林|树|丛林|鸟|枫叶|林"),
    ("ocean", r"ocean|\bsea\b|seas\b|beach|wave|surf|coast|shore|island|lighthouse|海|沙滩|浪|岛|灯塔"),
    ("mountain", r"mountain|hill|valley|alps|peak|cliff|山|峰"),
    ("night", r"night|star|moon|midnight|夜|星空|星星|月亮|月光"),
]
_NIGHT = re.compile(r"night|midnight|starry|moonlit|evening|neon|夜|星空|月光|晚上")
_BIRDS = re.compile(r"bird|鸟")
_TOWN = re.compile(r"\bcity|\btowns?\b|village|street|house|cabin|urban|城|镇|村|街|房子|小屋|楼")
_SNOWING = re.compile(r"\bsnow|blizzard|雪")
_RAINING = re.compile(r"\brain|storm|drizzle|雨")


def theme_of(prompt: str) -> str:
    low = (prompt or "").lower()
    for name, pat in _THEMES:
        if re.search(pat, low):
            return name
    return "default"


@dataclass
class Layer:
    kind: str            # waves | hills | mountains | dunes | trees | buildings | flames
    color: str           # 0xRRGGBB
    top: float           # fraction of the height where the silhouette sits
    amp: float = 0.05    # fraction of the height
    speed: float = 0.0   # fraction of the width per second (parallax drift; negative: right)
    light: str = "0xffd27a"   # windows of buildings, tips of flames


@dataclass
class Scene:
    theme: str
    sky: list[str]                 # top → horizon colours
    horizon: float = 0.65
    body: str | None = None        # sun | moon | planet
    body_color: str = "0xffe08a"
    body_path: tuple = (0.5, 0.3, 0.5, 0.3)   # x0, y0 → x1, y1 (fractions) over the clip
    body_size: float = 0.16        # fraction of the height (disc diameter)
    layers: list[Layer] = field(default_factory=list)
    particles: str | None = None   # stars | snow | rain | embers | birds | bokeh
    particle_speed: float = 0.0    # fraction of the height per second (positive: up)
    animated_sky: bool = False     # the gradient itself moves (space, default)
    ambience: str = "pink"         # noise colour of the clip's own sound
    mood: str = "calm"             # the music bed for it


def _hex(seed: bytes, i: int) -> str:
    return "0x" + seed[3 * i:3 * i + 3].hex()


def scene_for(prompt: str) -> Scene:
    theme = theme_of(prompt)
    low = (prompt or "").lower()
    night = bool(_NIGHT.search(low)) and theme not in ("night", "space")
    s: Scene
    if theme == "sunset":
        s = Scene(theme, ["0x1c0b3a", "0x7b2a6e", "0xe8566a", "0xffa64d", "0xffd27a"], 0.62,
                  "sun", "0xffc04d", (0.5, 0.38, 0.5, 0.60), 0.2,
                  [Layer("waves", "0x4a2450", 0.62, 0.008, 0.004),
                   Layer("waves", "0x24102e", 0.78, 0.02, 0.012)], mood="warm", ambience="brown")
    elif theme == "ocean":
        s = Scene(theme, ["0x2f7fd0", "0x7cc0ef", "0xd9f1ff"], 0.5,
                  "sun", "0xfff4c2", (0.74, 0.16, 0.78, 0.14), 0.12,
                  [Layer("waves", "0x1e6aa6", 0.5, 0.012, 0.01),
                   Layer("waves", "0x0b416f", 0.7, 0.035, 0.03)], mood="calm", ambience="brown")
        if re.search(r"beach|shore|island|沙滩", low):
            s.layers.append(Layer("dunes", "0xe8cf98", 0.88, 0.03, 0.0))
    elif theme == "forest":
        s = Scene(theme, ["0x8fcbe8", "0xcfe9dc", "0xf3f0c8"], 0.6,
                  "sun", "0xfff3c0", (0.22, 0.18, 0.26, 0.14), 0.12,
                  [Layer("trees", "0x5d8a63", 0.55, 0.22, 0.006),
                   Layer("trees", "0x1d4a2a", 0.72, 0.34, 0.018)],
                  particles="birds" if _BIRDS.search(low) else None, particle_speed=0.0,
                  mood="bright", ambience="pink")
    elif theme == "city":
        s = Scene(theme, ["0x0b1030", "0x2c2f6b", "0x8a4f8f", "0xf29e6d"], 0.7,
                  None, layers=[Layer("buildings", "0x2b2e55", 0.42, 0.3, 0.004, "0xb9a8ff"),
                                Layer("buildings", "0x0f1124", 0.55, 0.38, 0.012, "0xffd27a")],
                  mood="groove", ambience="brown")
    elif theme == "night":
        s = Scene(theme, ["0x02030a", "0x0a1a3a", "0x1b2f5a"], 0.75,
                  "moon", "0xf4f1d0", (0.7, 0.2, 0.74, 0.17), 0.13,
                  [Layer("hills", "0x0c1a30", 0.72, 0.04, 0.003),
                   Layer("trees", "0x03070f", 0.82, 0.16, 0.01)],
                  particles="stars", particle_speed=0.0, mood="calm", ambience="brown")
    elif theme == "snow":
        far = (Layer("buildings", "0x8e9fb8", 0.5, 0.26, 0.004, "0xffe3a3") if _TOWN.search(low)
               else Layer("mountains", "0xaebfd3", 0.5, 0.22, 0.003))   # a snowy town: its houses
        s = Scene(theme, ["0x8aa6c4", "0xc6d6e6", "0xeef3f8"], 0.6,
                  None, layers=[far, Layer("hills", "0xf6f9fc", 0.74, 0.04, 0.008)],
                  particles="snow", particle_speed=-0.12, mood="calm", ambience="pink")
    elif theme == "rain":
        s = Scene(theme, ["0x39424e", "0x5b6673", "0x7f8a96"], 0.7,
                  None, layers=[Layer("hills", "0x4a535e", 0.62, 0.05, 0.003),
                                Layer("buildings", "0x242a32", 0.6, 0.3, 0.008, "0xd8c890")],
                  particles="rain", particle_speed=-1.2, mood="calm", ambience="pink")
    elif theme == "desert":
        s = Scene(theme, ["0x3f8fd6", "0x9fcdee", "0xf6e2b3"], 0.6,
                  "sun", "0xfffbe0", (0.66, 0.16, 0.7, 0.14), 0.13,
                  [Layer("dunes", "0xd9a55b", 0.58, 0.06, 0.004),
                   Layer("dunes", "0xb06a32", 0.74, 0.08, 0.012)], mood="warm", ambience="pink")
    elif theme == "space":
        s = Scene(theme, ["0x000005", "0x1b0c3d", "0x3d1466", "0x0a2a5c"], 1.0,
                  "planet", "0xd98c4a", (0.25, 0.62, 0.45, 0.55), 0.34, [],
                  particles="stars", particle_speed=0.0, animated_sky=True, mood="space",
                  ambience="brown")
    elif theme == "fire":
        s = Scene(theme, ["0x020000", "0x1e0400", "0x4a0d00"], 1.0, None,
                  layers=[Layer("flames", "0xc2260a", 0.4, 0.12, 0.05, "0xff9a1f"),
                          Layer("flames", "0xff7a00", 0.55, 0.1, -0.08, "0xffe066")],
                  particles="embers", particle_speed=0.18, mood="warm", ambience="white")
    elif theme == "mountain":
        s = Scene(theme, ["0x5f9fd8", "0xb8dcf2", "0xeef4f4"], 0.6,
                  "sun", "0xfff6d0", (0.3, 0.16, 0.34, 0.14), 0.11,
                  [Layer("mountains", "0x8096b0", 0.42, 0.3, 0.003),
                   Layer("mountains", "0x34495c", 0.62, 0.28, 0.01)], mood="bright")
    else:
        seed = hashlib.sha256((prompt or "video").encode("utf-8")).digest()
        s = Scene("default", [_hex(seed, i) for i in range(4)], 1.0, layers=[],
                  particles="bokeh", particle_speed=0.04, animated_sky=True, mood="bright")
    if theme not in ("snow", "rain", "space", "fire"):   # the weather of another scene: "a city in the rain"
        if _SNOWING.search(low):
            s.particles, s.particle_speed = "snow", -0.12
        elif _RAINING.search(low):
            s.particles, s.particle_speed = "rain", -1.2
    if night:   # "a city at night", "forest at night", "a snowy town at night": a night sky and a moon
        s.sky = ["0x02030a", "0x0b1533", "0x1c2a55"] if theme != "city" else ["0x03040f", "0x101640", "0x2a2560"]
        if s.body in (None, "sun"):
            s.body, s.body_color, s.body_path, s.body_size = "moon", "0xf4f1d0", (0.76, 0.16, 0.8, 0.14), 0.11
        if s.particles is None:
            s.particles = "stars"
        for layer in s.layers:   # the land at night: darker (snow stays pale blue), windows still lit
            if theme == "snow" and layer.kind == "hills":
                layer.color = "0x9fb2cc"
            elif layer.kind in ("buildings", "mountains") and theme == "snow":
                layer.color = "0x1c2438"
        s.mood = "calm" if theme != "city" else "groove"
    return s


# --------------------------------------------------------------------------- geq helpers
def _rgb(color: str) -> tuple[int, int, int]:
    v = int(color[2:], 16)
    return v >> 16, (v >> 8) & 255, v & 255


def _hash(a: str, b: str = "0") -> str:
    """A pseudo-random 0..1 from two expressions (the classic sin hash)."""
    return f"mod(abs(sin(({a})*12.9898+({b})*78.233))*43758.5453,1)"


def _top(layer: Layer, aspect: float = 16 / 9) -> str:
    """The silhouette's top edge (pixels from the top) as a function of X, periodic in W.

    Counts of waves, trees, buildings are per 16:9 width: a portrait frame gets fewer
    (same shapes, not squeezed ones)."""
    h0, a = layer.top, layer.amp

    def n(count: int) -> int:
        return max(1, round(count * aspect / (16 / 9)))

    tau = "2*PI*X/W"
    if layer.kind == "waves":
        return f"H*{h0}+H*{a}*(0.6*sin({tau}*{n(9)})+0.4*sin({tau}*{n(23)}+1.3))"
    if layer.kind == "hills":
        return f"H*{h0}+H*{a}*(sin({tau}*{n(2)}+0.7)+0.45*sin({tau}*{n(5)}+2.1))"
    if layer.kind == "dunes":
        return f"H*{h0}-H*{a}*(pow(sin({tau}*{n(2)}+0.4),2)+0.5*pow(sin({tau}*{n(5)}+1.1),2))"
    if layer.kind == "mountains":
        tri = f"abs(mod(X*{n(4)}/W+0.13,1)-0.5)*2"
        return f"H*{h0}+H*{a}*({tri}-0.5)*(0.8+0.2*sin({tau}*{n(3)}))+H*0.03*sin({tau}*{n(17)})"
    if layer.kind == "trees":
        p = f"(W/{n(16)})"
        u = f"mod(X,{p})/{p}"
        jitter = _hash(f"floor(X/{p})", "3.1")
        return f"H*{h0}-H*{a}*(0.6+0.4*{jitter})*(1-2*abs({u}-0.5))"
    if layer.kind == "buildings":
        bw = f"(W/{n(14)})"
        hh = _hash(f"floor(X/{bw})", "1.7")
        gap = f"lt(mod(X,{bw}),{bw}*0.08)"
        return f"if({gap},H,H*{h0}+H*{a}*(1-{hh}))"
    if layer.kind == "flames":
        return (f"H*{h0}+H*{a}*(sin({tau}*{n(3)})+0.5*sin({tau}*{n(7)}+2)+0.35*sin({tau}*{n(13)}+0.5)"
                f"+0.25*sin({tau}*{n(29)}+1.7))")
    raise ValueError(layer.kind)


def _layer_geq(layer: Layer, aspect: float = 16 / 9) -> str:
    """Flat colours (constant planes cost nothing), the shape in the alpha plane."""
    top = _top(layer, aspect)
    inside = f"clip(Y-({top})+1,0,1)"
    r, g, b = _rgb(layer.color)
    if layer.kind == "buildings":
        lr, lg, lb = _rgb(layer.light)
        win = (f"lt(mod(X,7),3.5)*lt(mod(Y,9),4.5)*gt({_hash('floor(X/7)', 'floor(Y/9)')},0.62)"
               f"*gt(Y-({top}),6)")
        ch = [f"if({win},{lc},{c})" for lc, c in ((lr, r), (lg, g), (lb, b))]
        return f"r='{ch[0]}':g='{ch[1]}':b='{ch[2]}':a='255*{inside}'"
    if layer.kind == "flames":
        lr, lg, lb = _rgb(layer.light)
        mix = "clip((Y-H*0.3)/(H*0.6),0,1)"     # red tips, a bright base
        ch = [f"{c}+({lc}-{c})*{mix}" for lc, c in ((lr, r), (lg, g), (lb, b))]
        return f"r='{ch[0]}':g='{ch[1]}':b='{ch[2]}':a='255*{inside}*(0.6+0.4*{mix})'"
    return f"r={r}:g={g}:b={b}:a='255*{inside}'"


def _particles_geq(kind: str) -> str:
    if kind == "stars":
        c, thr, rad, col, alpha = 7, 0.9, 1.1, (255, 255, 240), "255"
    elif kind == "snow":
        c, thr, rad, col, alpha = 16, 0.72, 2.2, (255, 255, 255), "235"
    elif kind == "embers":
        c, thr, rad, col, alpha = 18, 0.86, 1.4, (255, 170, 60), "255"
    elif kind == "bokeh":
        c, thr, rad, col, alpha = 64, 0.72, 11.0, (255, 255, 255), "70"
    elif kind == "rain":
        h = _hash("floor(X/9)", "floor(Y/34)")
        a = f"200*gt({h},0.55)*lt(abs(mod(X,9)-4.5),0.7)*lt(mod(Y,34),16)"
        return f"r=200:g=210:b=225:a='{a}'"
    elif kind == "birds":
        cx, cy = "mod(X,90)-45", "mod(Y,60)-30"
        v = f"lt(abs(({cy})+abs({cx})*0.45),1.4)*lt(abs({cx}),9)*lt(Y,H*0.45)"
        return f"r=25:g=30:b=35:a='255*{v}*gt({_hash('floor(X/90)', 'floor(Y/60)')},0.8)'"
    else:
        raise ValueError(kind)
    # one hash per cell (kept in var 0) gives presence, size and the dot's place in the cell
    h = _hash(f"floor(X/{c})", f"floor(Y/{c})")
    ox = f"{c}*(0.2+0.6*mod(ld(0)*7,1))"
    oy = f"{c}*(0.2+0.6*mod(ld(0)*13,1))"
    size = f"{rad}*(0.6+0.8*ld(0))" if kind != "bokeh" else f"{rad}*(0.5+ld(0))"
    a = (f"st(0,{h});{alpha}*gt(ld(0),{thr})"
         f"*clip({size}-hypot(mod(X,{c})-{ox},mod(Y,{c})-{oy})+0.5,0,1)")
    return f"r={col[0]}:g={col[1]}:b={col[2]}:a='{a}'"


def _body_geq(kind: str, color: str) -> str:
    """A disc with a soft glow, in a square layer (the disc is half its side)."""
    r, g, b = _rgb(color)
    d = "hypot(X-W/2,Y-H/2)"
    R = "(W/4)"
    core = f"clip({R}-{d}+1,0,1)"
    if kind == "planet":   # lit from the top-left, with a band
        light = f"clip(0.25+0.9*(1-hypot(X-W*0.4,Y-H*0.4)/(W*0.32)),0.08,1)"
        band = f"(1-0.25*lt(abs(Y-H/2-(X-W/2)*0.2),W*0.03))"
        return (f"r='{r}*{light}*{band}':g='{g}*{light}*{band}':b='{b}*{light}*{band}'"
                f":a='255*{core}'")
    glow = f"0.55*exp(-({d}-{R})/(W*0.07))*gt({d},{R})"
    a = f"255*clip({core}+{glow},0,1)"
    if kind == "moon":
        crater = f"(1-0.12*lt(hypot(X-W*0.44,Y-H*0.46),W*0.05)-0.1*lt(hypot(X-W*0.56,Y-H*0.56),W*0.035))"
        return f"r='{r}*{crater}':g='{g}*{crater}':b='{b}*{crater}':a='{a}'"
    return f"r='{r}':g='{g}':b='{b}':a='{a}'"


# every layer converted the same way (BT.709, limited range), as the output is tagged
YUV = "scale=out_range=tv:out_color_matrix=bt709,format=yuv420p"
YUVA = "scale=out_range=tv:out_color_matrix=bt709,format=yuva420p"
_SAFE_PATH = re.compile(r"^[A-Za-z0-9/_.+-]+$")


def cache_dir() -> Path:
    """Where computed layers are kept (a layer depends only on its maths and size)."""
    return Path(os.environ.get("VIDEO_SKILL_SCENE_CACHE")
                or Path(tempfile.gettempdir()) / f"video-skill-scenes-{os.getuid()}")


def _layer_png(w: int, h: int, geq: str) -> Path:
    """One frame of `geq` as a PNG, computed once and cached: the per-pixel maths of a
    1080p layer costs ~0.3 s, reading it back ~10 ms."""
    key = hashlib.sha256(f"{w}x{h}|{geq}".encode("utf-8")).hexdigest()[:24]
    path = cache_dir() / f"{key}.png"
    if path.is_file():
        return path
    from skill.backend.ffmpeg import ffmpeg

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{key}.{os.getpid()}.{uuid.uuid4().hex[:6]}.png")
    try:
        subprocess.run([ffmpeg(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                        "-f", "lavfi", "-i", f"nullsrc=s={w}x{h}:r=1,trim=end_frame=1,format=rgba,geq={geq}",
                        "-frames:v", "1", "-pix_fmt", "rgba", str(tmp)],
                       check=True, capture_output=True, timeout=120)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _still(label: str, w: int, h: int, fps: int, seconds: float, geq: str) -> str:
    """A layer computed once (one frame of geq, cached as a PNG), repeated for the whole clip."""
    try:
        png = _layer_png(w, h, geq)
    except (OSError, subprocess.SubprocessError):
        png = None
    if png is not None and _SAFE_PATH.match(str(png)):
        source = f"movie='{png}',{YUVA},trim=end_frame=1"
    else:   # no cache (or a path the filtergraph cannot quote): compute it in the graph
        source = f"nullsrc=s={w}x{h}:r={fps},trim=end_frame=1,format=rgba,geq={geq},{YUVA}"
    return f"{source},loop=loop=-1:size=1,setpts=N/({fps}*TB),trim=duration={seconds:.3f}[{label}]"


def video_chain(prompt: str, w: int, h: int, fps: int, seconds: float, out: str, tag: str) -> str:
    """Filtergraph text: the scene for `prompt`, `seconds` long, at w×h, into [out].

    Drawn at half the canvas (the layers are smooth shapes), scaled up once."""
    s = scene_for(prompt)
    ww, wh = max(2, (w // 2) // 2 * 2), max(2, (h // 2) // 2 * 2)
    d = max(0.04, seconds)
    parts = []
    sky = s.sky[:8]
    colors = ":".join(f"c{i}={c}" for i, c in enumerate(sky))
    seed = int(hashlib.sha256((prompt or "").encode("utf-8")).hexdigest()[:6], 16)
    if s.animated_sky:   # a moving gradient: drawn small (it is smooth), scaled to the work size
        grad = (f"gradients=s={ww // 4}x{wh // 4}:r={fps}:d={d:.3f}:{colors}:n={len(sky)}:seed={seed}"
                f":speed=0.006:type=radial,scale={ww}:{wh}:flags=bilinear,{YUV}")
    else:                # a still sky: one frame, repeated
        grad = (f"gradients=s={ww}x{wh}:r={fps}:{colors}:n={len(sky)}"
                f":x0=0:y0=0:x1=0:y1={int(wh * s.horizon)}:speed=0,trim=end_frame=1,{YUV},"
                f"loop=loop=-1:size=1,setpts=N/({fps}*TB),trim=duration={d:.3f}")
    parts.append(f"{grad}[{tag}sky]")
    cur = f"{tag}sky"
    n = 0

    stills: list[tuple[str, int, int, str]] = []

    def still(label: str, sw: int, sh: int, geq: str) -> str:
        stills.append((label, sw, sh, geq))
        return f"@still{len(stills) - 1}@"

    def over(layer_label: str, x: str = "0", y: str = "0") -> None:
        nonlocal cur, n
        n += 1
        nxt = f"{tag}c{n}"
        parts.append(f"[{cur}][{layer_label}]overlay=x='{x}':y='{y}':shortest=1:format=yuv420[{nxt}]")
        cur = nxt

    if s.particles == "stars":   # behind everything else: stars are far away
        parts.append(still(f"{tag}pt", ww, wh, _particles_geq("stars")))
        over(f"{tag}pt")
    if s.body:
        side = max(8, int(wh * s.body_size * 2) // 2 * 2)
        parts.append(still(f"{tag}bd", side, side, _body_geq(s.body, s.body_color)))
        x0, y0, x1, y1 = s.body_path
        x = f"W*({x0}+({x1}-{x0})*t/{d:.3f})-w/2"
        y = f"H*({y0}+({y1}-{y0})*t/{d:.3f})-h/2"
        over(f"{tag}bd", x, y)
    for i, layer in enumerate(s.layers):
        lbl = f"{tag}l{i}"
        parts.append(still(lbl + "s", ww, wh, _layer_geq(layer, ww / wh)))
        if layer.speed:
            per_frame = min(0.5, abs(layer.speed) / fps)
            sign = 1 if layer.speed > 0 else -1
            parts.append(f"[{lbl}s]scroll=horizontal={sign * per_frame:.6f}[{lbl}]")
        else:
            parts.append(f"[{lbl}s]null[{lbl}]")
        if layer.kind == "flames":   # flicker: the flames bob up and down
            over(lbl, "0", f"H*0.02*sin(t*{7 + 3 * i})+H*0.012*sin(t*{13 + 4 * i})")
        else:
            over(lbl)
    if s.particles and s.particles != "stars":
        lbl = f"{tag}pp"
        parts.append(still(lbl + "s", ww, wh, _particles_geq(s.particles)))
        if s.particles == "birds":
            parts.append(f"[{lbl}s]scroll=horizontal={0.03 / fps:.6f}[{lbl}]")
        else:
            v = min(0.5, abs(s.particle_speed) / fps) * (1 if s.particle_speed > 0 else -1)
            hz = 0.01 / fps if s.particles == "snow" else 0
            parts.append(f"[{lbl}s]scroll=vertical={v:.6f}:horizontal={hz:.6f}[{lbl}]")
        over(lbl)
    tint = ",hue=H='0.25*sin(t*0.4)'" if s.theme == "default" else ""
    parts.append(f"[{cur}]scale={w}:{h}:flags=bicubic{tint},setsar=1,format=yuv420p[{out}]")
    _prefetch([(sw, sh, geq) for _, sw, sh, geq in stills])   # missing layers: two at a time
    text = ";\n".join(parts)
    for n, (label, sw, sh, geq) in enumerate(stills):
        text = text.replace(f"@still{n}@", _still(label, sw, sh, fps, d, geq))
    return text


def _prefetch(specs: list[tuple[int, int, str]]) -> None:
    def one(spec):
        try:
            _layer_png(*spec)
        except (OSError, subprocess.SubprocessError):
            pass   # _still computes it in the graph instead

    if len(specs) > 1:
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(one, specs))


# --------------------------------------------------------------------------- sound
_MOODS = {   # bpm, root Hz, progression (semitones, minor?), drums
    "calm": (72, 196.0, [(0, False), (9, True), (5, False), (7, False)], False),
    "bright": (104, 220.0, [(0, False), (7, False), (9, True), (5, False)], True),
    "warm": (84, 174.6, [(0, False), (5, False), (9, True), (7, False)], False),
    "groove": (92, 164.8, [(0, True), (8, False), (3, False), (10, False)], True),
    "space": (60, 146.8, [(0, True), (8, False), (5, True), (10, False)], False),
    "upbeat": (120, 261.6, [(0, False), (7, False), (9, True), (5, False)], True),
}
_STYLE_MOOD = {"lo-fi": "groove", "jazz": "groove", "hip hop": "groove", "chill": "calm",
               "ambient": "space", "piano": "calm", "classical": "calm", "cinematic": "warm",
               "epic": "warm", "acoustic": "warm", "upbeat": "upbeat", "pop": "upbeat",
               "rock": "upbeat", "electronic": "upbeat"}


def mood_for(style: str | None, prompt: str = "") -> str:
    key = (style or "").strip().lower()
    if key in _STYLE_MOOD:
        return _STYLE_MOOD[key]
    if key in _MOODS:
        return key
    from skill.backend.vocabulary import style_mood   # the agent's styles ("Cheerful", "Calm"...)

    mood = style_mood(key) if key else None
    if mood:
        return mood
    return scene_for(prompt).mood if prompt else "upbeat"


def _pick(index: str, values: list) -> str:
    expr = str(values[-1])
    for i in range(len(values) - 2, -1, -1):
        expr = f"if(eq({index},{i}),{values[i]},{expr})"
    return expr


def music(mood: str, seconds: float, out: str, rate: int = 22050) -> str:
    """A synthesised music bed (pad + arpeggio + bass, drums for lively moods):
    an aevalsrc chain, stereo at 48 kHz, peak about 0.5, into [out]."""
    bpm, root, prog, drums = _MOODS.get(mood, _MOODS["upbeat"])
    beat = 60.0 / bpm
    bar = 4 * beat
    roots = [p[0] for p in prog]
    thirds = [3 if p[1] else 4 for p in prog]
    # 0: chord index, 1: root semitone, 2: third, 3: arp step, 4: arp semitone
    head = (f"st(0,mod(floor(t/{bar:.5f}),{len(prog)}));st(1,{_pick('ld(0)', roots)});"
            f"st(2,{_pick('ld(0)', thirds)});st(3,mod(floor(t/{beat / 2:.5f}),4));"
            f"st(4,ld(1)+if(eq(ld(3),0),0,if(eq(ld(3),1),ld(2),if(eq(ld(3),2),7,12))));")
    f = lambda semis, octave=1.0: f"{root * octave:.3f}*pow(2,({semis})/12)"   # noqa: E731
    u = f"mod(t,{bar:.5f})/{bar:.5f}"
    env_bar = f"min(1,{u}*25)*min(1,(1-{u})*25)"
    pad = (f"0.09*{env_bar}*(sin(2*PI*t*{f('ld(1)')})+sin(2*PI*t*{f('ld(1)+ld(2)')})"
           f"+sin(2*PI*t*{f('ld(1)+7')}))")
    v = f"mod(t,{beat / 2:.5f})/{beat / 2:.5f}"
    arp = f"0.16*pow(1-{v},3)*min(1,{v}*60)*sin(2*PI*t*{f('ld(4)', 2.0)})"
    w = f"mod(t,{beat:.5f})/{beat:.5f}"
    bass = f"0.14*pow(1-{w},2)*min(1,{w}*60)*sin(2*PI*t*{f('ld(1)', 0.5)})"
    left = f"{pad}+{arp}+{bass}"
    right = f"{pad}+0.7*{arp}+{bass}"
    if drums:
        kick = f"0.3*sin(2*PI*55*mod(t,{beat:.5f})*(1+2*exp(-mod(t,{beat:.5f})*30)))*exp(-mod(t,{beat:.5f})*9)"
        hat = f"0.04*(random(9)-0.5)*exp(-mod(t+{beat / 2:.5f},{beat:.5f})*45)"
        left += f"+{kick}+{hat}"
        right += f"+{kick}+{hat}"
    fade = min(1.5, seconds / 4)
    return (f"aevalsrc='{head}{left}|{head}{right}':s={rate}:d={seconds:.3f},"
            f"aresample=48000,afade=t=in:d={min(0.3, seconds / 4):.3f},"
            f"afade=t=out:st={max(0.0, seconds - fade):.3f}:d={fade:.3f},"
            f"aformat=sample_fmts=fltp:channel_layouts=stereo[{out}]")


def ambience(prompt: str, seconds: float, out: str, level: float = 0.04) -> str:
    """The generated clip's own sound: soft filtered noise (surf swells for the sea)."""
    s = scene_for(prompt)
    swell = ",volume='0.6+0.4*sin(t*0.9)':eval=frame" if s.theme in ("ocean", "sunset") else ""
    return (f"anoisesrc=c={s.ambience}:r=48000:a={level}:d={seconds:.3f}:seed=7,lowpass=f=2400"
            f"{swell},aformat=sample_fmts=fltp:channel_layouts=stereo[{out}]")
