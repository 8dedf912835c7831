"""What the local agent cannot do here, and the closest thing it can: the refusal table.

A request for one of these is answered plainly ("I can't add subtitles here. I
can add a title ...") instead of with the list of everything the agent can do.
"""
from __future__ import annotations

import re

# (pattern on the lower-cased message, what was asked in English and in Chinese, the alternative)
_COLOURS = r"red|blue|green|yellow|white|black|pink|purple|orange|gold(?:en)?|silver|grey|gray"
UNSUPPORTED = (
    (rf"\b(?:make|turn|colou?r|paint)\s+(?:the\s+)?(?:title|text)\s+(?:in\s+)?(?:{_COLOURS})\b|"
     rf"\b(?:{_COLOURS})\s+(?:title|text)\b|\btitle\s+(?:font|colou?r|size|style)\b|"
     r"\b(?:font|colou?r|size|style)\s+of\s+the\s+title\b|\b(?:bigger|larger|smaller|bolder|bold|italic|animate)\b.{0,20}"
     r"\btitle\b|(?<!sub)\btitle\b.{0,20}\b(?:bigger|larger|smaller|bolder|bold|italic|animated)\b|\bchange\s+the\s+font|"
     r"字体|字号|(?:标题|文字).{0,8}(?:颜色|变大|变小|大一点|小一点|大一些|小一些|大些|小些|加粗|斜体|红色|蓝色|黄色|白色|黑色|动画|特效)|"
     r"(?:红色|蓝色|黄色|白色|黑色)的?(?:标题|文字)",
     ("change the title's font, colour or size", "修改标题的字体、颜色或大小"), "title_layout"),
    (r"subtitle|caption|closed[- ]captions?|\bcc\b|字幕", ("add subtitles", "加字幕"), "title"),
    (r"black[- ]and[- ]white|\bb ?& ?w\b|gr[ae]yscale|monochrome|sepia|colou?r grad|\bfilters?\b|\blut\b|"
     r"bright(?:er|ness)|darker|contrast|saturat|vivid|warmer\s+colou?rs?|"
     r"\btint\b|\btone\b|黑白|滤镜|调色|色调|色彩|亮度|更亮|调亮|变亮|暗一点|对比度|饱和度",
     ("change the colours or add a filter", "调色或加滤镜"), "describe"),
    (r"\bblur|pixelat|mosaic|censor|\bmask\s+(?:the|their|his|her)\b|打\s*个?\s*码|马赛克|模糊|遮挡|遮住",
     ("blur or hide part of the picture", "给画面打码或模糊处理"), "help"),
    (r"voice[- ]?overs?|narrat|\bvoice\b|配音|旁白|解说|朗读", ("add a voiceover", "加配音或旁白"), "music"),
    (r"sound effects?|\bsfx\b|音效", ("add sound effects", "加音效"), "music"),
    (r"slow[- ]?mo|slow motion|slow (?:it |this |the video |the clip )?down|speed (?:it |this |the video )?up|\bspeed\b|faster|slower|"
     r"\d(?:\.\d)?\s*x\b|倍速|慢动作|慢放|快进|加速|减速|快放",
     ("change the speed", "调整播放速度"), "trim"),
    (r"transitions?|cross[- ]?fades?|dissolve|\bwipe\b|\bfad(?:e|es|ed|ing)\b|转场|过渡|淡入|淡出|渐入|渐出|渐隐",
     ("add transitions", "加转场"), "help"),
    (r"stickers?|emojis?|\blogo\b|watermark|贴纸|表情|水印|台标", ("add stickers, logos or watermarks", "加贴纸、台标或水印"),
     "title"),
    (r"revers(?:e|ed)|backwards?|rewind|倒放|倒着放|倒序", ("play the video backwards", "倒放视频"), "trim"),
    (r"\brotat|\bflip|\bmirror|upside[- ]down|旋转|翻转|镜像|倒过来", ("rotate or flip the picture", "旋转或翻转画面"), "aspect"),
    (r"\bzoom|\bcrop\b|\bpan\s+(?:in|across)|放大|缩放|拉近|特写", ("crop or zoom the picture", "裁剪或缩放画面"), "aspect"),
    (r"split[- ]screen|picture[- ]in[- ]picture|\bpip\b|side[- ]by[- ]side|画中画|分屏|同屏",
     ("show two videos on screen at once", "做画中画或分屏"), "place"),
    (r"\b4k\b|\b8k\b|resolution|upscale|\bhdr\b|stabili[sz]|denoise|sharpen|分辨率|画质|清晰度|防抖|降噪|高清",
     ("change the resolution or the picture quality", "修改分辨率或画质"), "help"),
)
ALTERNATIVES = {  # what the agent offers instead: (English, Chinese); "help": everything it can do
    "title": ("I can add a title — text on screen for a few seconds — for example: add a title that says 'Hello'.",
              "我可以加一个标题——在画面上显示几秒的文字，例如：加一个标题“你好”。"),
    "title_layout": ("I can change the title's text, move it to the top, center or bottom, and set how long it "
                     "shows, for example: move the title to the top.",
                     "我可以修改标题文字，把标题放到顶部、中间或底部，并设置显示时长，例如：把标题移到顶部。"),
    "music": ("I can add background music, set its volume and fade it in or out, for example: add piano music at 30%.",
              "我可以添加背景音乐、调整音量和淡入淡出，例如：加一段钢琴背景音乐，音量30%。"),
    "describe": ("I can generate a new clip that looks the way you describe, for example: generate a 10-second "
                 "black-and-white video of a city street.",
                 "我可以按你的描述生成一段新视频，例如：生成一段10秒的黑白城市街景视频。"),
    "trim": ("I can trim the start or the end, cut a part out, or trim the video to a length, for example: "
             "trim it to 10 seconds.",
             "我可以剪掉开头或结尾、剪掉中间一段，或把视频剪到指定长度，例如：剪到10秒。"),
    "aspect": ("I can change the aspect ratio to 16:9, 9:16, 1:1 or 4:3, for example: make it 9:16.",
               "我可以把画面比例改成16:9、9:16、1:1或4:3，例如：改成竖屏9:16。"),
    "place": ("I can put a clip you upload at the start, at the end or after a segment, for example: put the clip "
              "I just uploaded at the end.",
              "我可以把你上传的片段放到开头、结尾或某一段之后，例如：把刚上传的视频放到结尾。"),
}


def unsupported(low: str) -> tuple[tuple[str, str], str] | None:
    """(what was asked (en, zh), alternative) for a request the agent cannot do here, or None."""
    for pattern, what, alternative in _unsupported_rx():
        if pattern.search(low):
            return what, alternative
    return None


_UNSUPPORTED_RX: list = []


def _unsupported_rx() -> list:
    if not _UNSUPPORTED_RX:
        _UNSUPPORTED_RX.extend((re.compile(p), what, alt) for p, what, alt in UNSUPPORTED)
    return _UNSUPPORTED_RX
