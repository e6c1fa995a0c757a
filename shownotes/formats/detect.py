"""Which format a transcript file is in, and the one call that reads any of them.

Each format that could fit says how sure it is (3: the file carries its signature, like
`WEBVTT`; 2: its content or name points there; 1: any text would do) and why. The surest is
read; when it is not certain and fails, the next is tried. `-v` says what was chosen and why;
an error says what was tried, which came closest and how it failed, and suggests --format.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

from ..errors import Problem, SiteError, fail
from ..formats import FORMATS
from ..model import Episode
from . import (delimited, html_transcript, identity, markdown_transcript, page_scrape, podcast_json, speech_json, srt,
               webvtt, whisper, xml_transcripts)
from .draft import Draft, ImportOptions, to_episode
from .turn_lines import LABEL, STAMP, VOICES, classify

log = logging.getLogger(__name__)

CERTAIN, LIKELY, POSSIBLE = 3, 2, 1
_ORDER = ("vtt", "json", "xml", "html", "srt", "whisper", "csv", "markdown", "page", "text")
_BOLD_LABEL = re.compile(r"^(?:\\?\[[\d:.,]+\\?\]\s*)?\*\*[^*\n]{1,60}?(?::\*\*|\*\*:)", re.M)
_HTML_ROOTS = {"html", "body", "div", "p", "cite", "section", "article", "main", "span", "h1", "h2", "h3", "table",
               "ul", "ol", "time", "!doctype"}


# Files that are no text at all, by their first bytes, and what to do instead.
_DOCUMENTS = (
    (b"PK\x03\x04", "a Word document (.docx) or another ZIP file, not text: save the transcript as plain text "
                     "(.txt) and import that"),
    (b"\xd0\xcf\x11\xe0", "a Word document (.doc), not text: save the transcript as plain text (.txt) and import "
                          "that"),
    (b"%PDF", "a PDF, not text: export the transcript as text (.txt, .srt, .vtt) from the tool that made it, or "
              "copy its text into a .txt file, and import that"),
    (b"{\\rtf", "an RTF document: save it as plain text (.txt) and import that"),
    (b"ID3", "an audio file, not a transcript: transcribe it first (Whisper, Otter, Descript...) and import the "
             "transcript"),
    (b"OggS", "an audio file, not a transcript: transcribe it first and import the transcript"),
    (b"fLaC", "an audio file, not a transcript: transcribe it first and import the transcript"),
    (b"RIFF", "an audio file, not a transcript: transcribe it first and import the transcript"),
)


def not_text(data: bytes) -> str | None:
    """What a file is when it is a document or audio rather than text, and what to do; else None."""
    for magic, what in _DOCUMENTS:
        if data.startswith(magic):
            return f"this is {what}"
    if data[4:8] == b"ftyp" or data[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "this is an audio or video file, not a transcript: transcribe it first and import the transcript"
    return None


@dataclass(frozen=True)
class Guess:
    """A format a file could be in, how sure, and why."""

    format: str
    score: int
    why: str


def _read_json(text: str, path: Path) -> Draft:
    data = podcast_json.load(text, path)
    segments = data.get("segments") if isinstance(data, dict) else None
    if isinstance(segments, list) and segments and isinstance(segments[0], dict) and "body" in segments[0]:
        return podcast_json.parse(text, path)
    if whisper.is_whisper_json(data):
        return whisper.parse(text, path)
    return speech_json.parse(text, path)


_READERS: dict[str, Callable[[str, Path], Draft]] = {
    "vtt": webvtt.parse, "srt": srt.parse, "json": _read_json, "text": markdown_transcript.parse_text,
    "markdown": markdown_transcript.parse, "whisper": whisper.parse, "html": html_transcript.parse,
    "xml": xml_transcripts.parse, "csv": delimited.parse,
}


def _json_kind(data: Any) -> str:
    segments = data.get("segments") if isinstance(data, dict) else None
    if isinstance(segments, list) and segments and isinstance(segments[0], dict) and "body" in segments[0]:
        return "a Podcasting 2.0 JSON transcript"
    if whisper.is_whisper_json(data):
        return "Whisper-style JSON segments"
    kind = speech_json.service(data)
    return f"{kind} JSON" if kind and kind != "segments" else "JSON with a list of segments" if kind else "JSON"


def _markup(start: str, text: str) -> list[Guess]:
    tag = xml_transcripts.root_tag(text)
    if tag is None:
        return []
    if tag.lower() in _HTML_ROOTS or start.lower().startswith("<!doctype html"):
        p20 = "<cite" in text and "<time" in text
        return [Guess("html", CERTAIN, "Podcasting 2.0 HTML (<cite>, <time>, <p>)" if p20 else f"HTML (<{tag}>)")]
    if tag in ("Trans", "tt"):
        return [Guess("xml", CERTAIN, "Transcriber XML (<Trans>)" if tag == "Trans" else "TTML captions (<tt>)")]
    return [Guess("xml", CERTAIN, f"XML with a <{tag}> root")]


def _text_survey(text: str, markdown: bool) -> tuple[int, int]:
    """(lines that start a turn with a label or a time, lines with letters) in the first 400 lines."""
    turns = letters = 0
    for number, raw in enumerate(text.split("\n")[:400], 1):
        if not raw.strip():
            continue
        line = classify(number, raw, markdown)
        turns += line.kind in (LABEL, STAMP, VOICES)
        letters += any(c.isalpha() for c in raw)
    return turns, letters


def guesses(text: str, path: Path) -> list[Guess]:
    """Every format the file could be in, surest first."""
    start = text.lstrip("\ufeff \t\n")
    suffix = "".join(path.suffixes[-1:]).lower()
    found: list[Guess] = []
    if start.startswith("WEBVTT"):
        found.append(Guess("vtt", CERTAIN, "it starts with `WEBVTT`"))
    elif suffix in (".vtt", ".webvtt"):
        found.append(Guess("vtt", LIKELY, f"its name ends in {suffix}"))
    if start.startswith(("{", "[")):
        try:
            data = json.loads(text)
            found.append(Guess("whisper" if whisper.is_whisper_json(data) else "json", CERTAIN,
                               f"it is {_json_kind(data)}"))
        except (ValueError, RecursionError):
            if start.startswith("{"):
                found.append(Guess("json", CERTAIN, "it starts with `{` like JSON"))
            elif suffix == ".json":
                found.append(Guess("json", LIKELY, "its name ends in .json"))
    elif suffix == ".json":
        found.append(Guess("json", LIKELY, "its name ends in .json"))
    if start.startswith("<"):
        found.extend(_markup(start, text))
    elif suffix in (".html", ".htm", ".xhtml"):
        found.append(Guess("html", LIKELY, f"its name ends in {suffix}"))
    elif suffix in (".trs", ".xml", ".ttml", ".dfxp"):
        found.append(Guess("xml", LIKELY, f"its name ends in {suffix}"))
    if srt.looks_like_srt(text):
        found.append(Guess("srt", CERTAIN, "it starts with a cue number and a `-->` timing"))
    elif suffix == ".srt":
        found.append(Guess("srt", LIKELY, "its name ends in .srt"))
    if whisper.looks_like_whisper_text(text):
        found.append(Guess("whisper", CERTAIN, "it starts with a `[00:00.000 --> 00:04.000]` segment"))
    if delimited.header(text):
        found.append(Guess("csv", CERTAIN, "its first line names columns like Speaker, Start and Text"))
    if not found or all(g.score < CERTAIN for g in found):
        found.extend(_prose(text, path, suffix))
    return sorted(found, key=lambda g: (-g.score, _ORDER.index(g.format)))


def _prose(text: str, path: Path, suffix: str) -> list[Guess]:
    """The formats of text meant to be read: Markdown, a page scrape, text with turns, plain text."""
    found = []
    if text.startswith(("---\n", "+++\n")):
        found.append(Guess("markdown", CERTAIN, "it starts with front matter"))
    elif _BOLD_LABEL.search(text):
        found.append(Guess("markdown", LIKELY, "it has `**Name:**` turns"))
    elif suffix in (".md", ".markdown"):
        found.append(Guess("markdown", LIKELY, f"its name ends in {suffix}"))
    if any(page_scrape.EPISODE_LINE.match(line.strip()) for line in text.split("\n")):
        found.append(Guess("page", LIKELY, "it has an `Episode N: Title` line"))
    if not found:
        turns, letters = _text_survey(text, markdown=False)
        if turns >= 2:
            found.append(Guess("text", LIKELY, f"{turns} lines start a turn with a name or a time"))
        elif letters:
            found.append(Guess("text", POSSIBLE, "it is text"))
    return found


def detect(text: str, path: Path) -> str:
    """The format name (a key of FORMATS) the file most likely is in."""
    found = guesses(text, path)
    return found[0].format if found else "text"


# Control characters are no transcript's words, and Markdown uses some itself (STX, ETX): gone
# before any reader sees the text. Tabs and line ends stay, so every line keeps its number.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _parse(name: str, text: str, path: Path, options: ImportOptions) -> list[Episode] | Draft:
    """A page scrape's episodes (it names them itself), or any other format's draft."""
    if name == "feed":  # a feed is many episodes with their audio, read by feed_import.py
        raise fail(path, None, "a podcast feed is imported on its own: `build.py import FEED.xml`")
    if name == "page":
        if options.chapters:
            raise fail(options.chapters_path, options.chapters[0].line, f"{path} is a page scrape, which has no "
                                                                        "times; --chapters needs a timed transcript")
        if options.number is not None or options.title is not None:
            raise fail(path, None, "--number and --title are for transcripts without `Episode N: Title` lines")
        source = identity.source_name(path)
        return [replace(e, imported_from=source) for e in page_scrape.parse(text, path, options.aliases, options.hosts)]
    return _READERS[name](text, path)


def read(text: str, path: Path, options: ImportOptions, format: str | None = None) -> list[Episode]:
    """The episodes in one transcript, in the given format or the one detected."""
    text = _CONTROL.sub("", text)
    if format is not None:
        log.debug("%s: reading it as %s (--format %s)", path, FORMATS[format], format)
        found = _parse(format, text, path, options)
        return found if isinstance(found, list) else [to_episode(found, options)]
    if not text.strip():
        raise fail(path, 1, "the file is empty: there is no transcript in it")
    guessed = guesses(text, path)
    if not guessed:
        raise fail(path, 1, "no transcript found: the file holds no letters")
    tried: list[tuple[Guess, SiteError]] = []
    for guess in guessed:
        if tried and (guess.score < LIKELY or tried[0][0].score == CERTAIN):
            break
        try:
            found = _parse(guess.format, text, path, options)
        except SiteError as failure:
            tried.append((guess, failure))
            continue
        others = "; ".join(f"{g.format}, as {g.why}" for g in guessed if g is not guess)
        log.debug("%s: read as %s, as %s%s", path, FORMATS[guess.format], guess.why,
                  f" (also possible: {others})" if others else "")
        for failed, problem in tried:
            log.info("%s: not read as %s (%s): %s", path, failed.format, failed.why, problem.problems[0].message)
        return found if isinstance(found, list) else [to_episode(found, options)]
    raise _failure(tried)


def _failure(tried: list[tuple[Guess, SiteError]]) -> SiteError:
    """The closest format's own error, and what else was tried, with the --format to try."""
    (closest, error), rest = tried[0], tried[1:]
    if closest.score == CERTAIN and not rest:
        return error
    first = error.problems[0]
    also = "".join(f"; then as {g.format} ({g.why}): {e.problems[0].message}" for g, e in rest)
    names = sorted(name for name in FORMATS if name != "feed")  # a feed is no transcript to try
    message = (f"{first.message.rstrip('.')}. Tried as {closest.format} ({closest.why}){also}. If the file is in another "
               f"format, name it: --format {', '.join(names[:-1])} or {names[-1]}")
    return SiteError([Problem(first.path, first.line, message), *error.problems[1:]])
