"""Markdown transcripts: optional YAML front matter (carried over), `#` title, `##` headings,
and `**Name:** text` or `Name: text` turns, with `[00:04:22]` stamps (escaped `\\[00:04:22\\]` too)."""
from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from ..episode_markdown import CHECKSUM_KEY, unescape
from ..errors import Problem, SiteError, fail
from ..model import Audio
from ..speakers import is_label, split_label
from ..yamlmap import load_mapping
from .draft import PARAGRAPH, TURN, Cue, Draft, Heading
from .page_scrape import EPISODE_LINE
from .reading import read_clock

_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_BOLD_TURN = re.compile(r"^\*\*(?P<name>[^*\n]+?)(?::\*\*|\*\*\s*:)\s*(?P<rest>.*)$")
# A stamp: `[00:04:22]`, or escaped on both sides `\[00:04:22\]`. Our own writer escapes text that
# merely starts like one as `\[00:01] ...` (one side), which stays text.
_STAMP = re.compile(r"^(?:\[(?P<time>\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?)\]"
                    r"|\\\[(?P<escaped>\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?)\\\])\s*")
_FRONT_KEYS = {"title", "number", "date", "description", "audio", "hosts", "guests", "speakers"}
_DROPPED = {CHECKSUM_KEY, "transcript"}


def looks_like_markdown(text: str) -> bool:
    """True for front matter at the top, or `**Name:**` turns."""
    return text.startswith("---\n") or any(_BOLD_TURN.match(line.strip()) for line in text.split("\n"))


def _names(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """(typed front matter values for Draft, the body, the body's first line)."""
    if not text.startswith("---\n"):
        return {}, text, 1
    end = re.search(r"^---[ \t]*$", text[4:], re.M)
    if end is None:
        raise fail(path, 1, "front matter is not closed: did you forget the closing `---` line?")
    yaml_text = text[4:4 + end.start()]
    data, lines = load_mapping(yaml_text, path, first_line=2)
    values: dict[str, Any] = {}
    extra: list[tuple[str, Any]] = []
    problems: list[Problem] = []

    def bad(key: str, expected: str) -> Any:
        """Note the problem; the value is dropped (None)."""
        problems.append(Problem(path, lines.get(key), f"`{key}` must be {expected}"))
        return None

    for key, value in data.items():
        if key in _DROPPED:
            continue
        if key not in _FRONT_KEYS:
            extra.append((key, value))
        elif key in ("title", "description"):
            values[key] = value.strip() if isinstance(value, str) else bad(key, "text")
        elif key == "number":
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
            values[key] = value if ok else bad(key, "a whole number like `number: 12`")
        elif key == "date":
            value = value.date() if isinstance(value, datetime.datetime) else value
            values[key] = value if isinstance(value, datetime.date) else bad(key, "a date like 2024-05-31")
        elif key == "audio":
            length = value.get("length") if isinstance(value, dict) else None
            ok = isinstance(value, dict) and isinstance(value.get("url"), str) and set(value) <= {
                "url", "length", "type", "duration"} and (length is None or type(length) is int and length >= 0)
            values[key] = Audio(value["url"], value.get("length"), str(value.get("type") or "audio/mpeg"),
                                None if value.get("duration") is None else str(value["duration"])) if ok else bad(
                key, "a mapping with `url:` (and `length:`, `type:`, `duration:`)")
        elif key == "speakers" and isinstance(value, dict):
            ok = all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
            values["speaker_names"] = tuple(value.items()) if ok else bad(key, "a list of names, or a mapping "
                                                                               "from labels to names")
        else:
            names = _names(value)
            values[key] = names if names is not None else bad(key, f"a list of names, like `{key}: [Ada Lovelace]`")
    if problems:
        raise SiteError(problems)
    values["extra"] = tuple(extra)
    rest = text[4 + end.end():]
    return {k: v for k, v in values.items() if v is not None}, rest.removeprefix("\n"), 2 + yaml_text.count("\n") + 1


def _turn(line: str, plain_labels: bool) -> tuple[str | None, str | None, str] | None:
    """(label or None, time text or None, text) when a line starts a turn; `Name: text` counts
    only in a file without `**Name:**` turns, where a paragraph may well start "Paris: ..."."""
    label: str | None = None
    stamp = _STAMP.match(line)
    time = (stamp.group("time") or stamp.group("escaped")) if stamp else None
    rest = line[stamp.end():] if stamp else line
    if match := _BOLD_TURN.match(rest):
        label, rest = match.group("name").strip(), match.group("rest")
    elif plain_labels and (plain := split_label(rest)) and is_label(plain[0]):
        label, rest = plain
    if label is not None and time is None and (stamp := _STAMP.match(rest)):
        time, rest = stamp.group("time") or stamp.group("escaped"), rest[stamp.end():]
    if label is None and time is None:
        return None
    return label, time, rest.strip()


def parse(text: str, path: Path) -> Draft:
    """A Markdown transcript's front matter, headings and turns."""
    values, body, first = _front_matter(text, path)
    blocks: list[Cue | Heading] = []
    texts: list[str] = []
    cue: Cue | None = None
    speaker: str | None = None
    in_turn = title_seen = False
    plain_labels = not any(_BOLD_TURN.match(_STAMP.sub("", line.strip(), count=1)) for line in body.split("\n"))

    def flush() -> None:
        nonlocal cue, texts, in_turn
        if cue is not None and texts:
            in_turn = True
            blocks.append(Cue(cue.line, unescape(" ".join(texts)), cue.speaker, cue.time, None, cue.join))
        cue, texts = None, []

    for number, raw in enumerate(body.split("\n"), first):
        line = raw.strip()
        if not line:
            flush()
            continue
        if heading := _HEADING.match(line):
            flush()
            title = unescape(heading.group("text"))
            episode = EPISODE_LINE.match(title)
            if len(heading.group("marks")) == 1 and not title_seen:  # the title, unless front matter has one
                title_seen = True
                values.setdefault("title", episode.group("title").strip() if episode else title)
                if episode:
                    values.setdefault("number", int(episode.group("number")))
            else:
                blocks.append(Heading(number, title))
                speaker, in_turn = None, False
            continue
        turn = _turn(line, plain_labels)
        if turn is not None:
            flush()
            label, time_text, rest = turn
            seconds = read_clock(time_text) if time_text is not None else None
            if time_text is not None and seconds is None:
                raise fail(path, number, f"expected a time like [00:01:02], found {time_text!r}")
            speaker = label
            cue, texts = Cue(number, "", label, seconds, None, TURN), [rest] if rest else []
        elif cue is None:
            cue, texts = Cue(number, "", speaker, None, None, PARAGRAPH if in_turn else TURN), [line]
        else:
            texts.append(line)
    flush()
    if not blocks:
        raise fail(path, first, "no transcript found: expected `**Name:** text` turns after the front matter")
    return Draft(path, tuple(blocks), **values)
