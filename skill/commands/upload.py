"""`video-skill upload FILE_OR_URL...`: add footage, images or music to the project."""
from __future__ import annotations

import argparse

from skill.commands._common import Output, add_common, language, open_client


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("items", nargs="+", metavar="FILE_OR_URL")
    add_common(parser)


def is_url(item: str) -> bool:
    return item.lower().startswith(("http://", "https://"))


def upload(api, items: list[str]) -> list[dict]:
    """Files in one multipart request, URLs in one JSON request."""
    files = [i for i in items if not is_url(i)]
    urls = [i for i in items if is_url(i)]
    done: list[dict] = []
    if files:
        done += api.upload_files(files)
    if urls:
        done += api.upload_urls(urls)
    return done


def run(args: argparse.Namespace) -> int:
    from skill import replies

    args.lang = language(args)
    out = Output(args.json, args.lang)
    with open_client(args, args.lang) as api:
        files = upload(api, args.items)
        notices = api.take_notices()
    for key in notices:
        out.line(out.message(key))
    out.line(replies.upload_done(files, lang=args.lang))
    out.event("upload", files=files, notices=notices)
    return 0
