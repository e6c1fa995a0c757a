"""Which format a transcript file is in, and the one call that reads any of them."""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Callable

from ..errors import fail
from ..model import Episode
from . import markdown_transcript, page_scrape, podcast_json, srt, timestamped, webvtt, whisper
from ..formats import FORMATS
from .draft import Draft, ImportOptions, to_episode

log = logging.getLogger(__name__)

_PARSERS: dict[str, Callable[[str, Path], Draft]] = {
    "vtt": webvtt.parse, "srt": srt.parse, "json": podcast_json.parse, "text": timestamped.parse,
    "markdown": markdown_transcript.parse, "whisper": whisper.parse,
}
_SUFFIXES = {".vtt": "vtt", ".webvtt": "vtt", ".srt": "srt", ".md": "markdown", ".markdown": "markdown"}


def _json_kind(text: str) -> str:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return "json"  # its parser reports where the JSON is broken
    return "whisper" if whisper.is_whisper_json(data) else "json"


def detect(text: str, path: Path) -> str:
    """The format name (a key of FORMATS) a file's suffix, else its content, points to."""
    if path.suffix.lower() in _SUFFIXES:
        return _SUFFIXES[path.suffix.lower()]
    start = text.lstrip()
    if start.startswith("WEBVTT"):
        return "vtt"
    if path.suffix.lower() == ".json" or start.startswith("{"):
        return _json_kind(text)
    if srt.looks_like_srt(text):
        return "srt"
    if whisper.looks_like_whisper_text(text):
        return "whisper"
    if markdown_transcript.looks_like_markdown(text):
        return "markdown"
    if any(page_scrape.EPISODE_LINE.match(line.strip()) for line in text.split("\n")):
        return "page"
    if timestamped.looks_timestamped(text):
        return "text"
    return "page"  # whose error says what an importable page looks like


# Control characters are no transcript's words, and Markdown uses some itself (STX, ETX): gone
# before any reader sees the text. Tabs and line ends stay, so every line keeps its number.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read(text: str, path: Path, options: ImportOptions, format: str | None = None) -> list[Episode]:
    """The episodes in one transcript, in the given format or the one detected."""
    text = _CONTROL.sub("", text)
    name = format or detect(text, path)
    log.debug("%s: reading it as %s", path, FORMATS[name])
    if name == "page":
        if options.chapters:
            raise fail(options.chapters_path, options.chapters[0].line, f"{path} is a page scrape, which has no "
                                                                        "times; --chapters needs a timed transcript")
        if options.number is not None or options.title is not None:
            raise fail(path, None, "--number and --title are for transcripts without `Episode N: Title` lines")
        return page_scrape.parse(text, path, options.aliases, options.hosts)
    return [to_episode(_PARSERS[name](text, path), options)]
