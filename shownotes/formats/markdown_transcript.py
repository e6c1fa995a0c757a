"""Markdown transcripts: optional YAML front matter (carried over), `#` title, `##` headings,
and `**Name:** text` or `Name: text` turns, with `[00:04:22]` stamps (escaped `\\[00:04:22\\]` too)."""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from .. import front_matter
from ..episode_markdown import unescape
from ..errors import Problem, SiteError, fail
from ..speakers import is_label, split_label
from .draft import PARAGRAPH, TURN, Cue, Draft, Heading
from .page_scrape import EPISODE_LINE
from .reading import read_clock

log = logging.getLogger(__name__)

_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_BOLD_TURN = re.compile(r"^\*\*(?P<name>[^*\n]+?)(?::\*\*|\*\*\s*:)\s*(?P<rest>.*)$")
# A stamp: `[00:04:22]`, or escaped on both sides `\[00:04:22\]`. Our own writer escapes text that
# merely starts like one as `\[00:01] ...` (one side), which stays text.
_STAMP = re.compile(r"^(?:\[(?P<time>\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?)\]"
                    r"|\\\[(?P<escaped>\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?)\\\])\s*")
# What a transcript's front matter carries over into the episode (`transcript:` is the build's own).
_DRAFT_FIELDS = {"title", "number", "date", "description", "audio", "hosts", "guests", "speakers", "slug", "guid",
                 "extra"}


def looks_like_markdown(text: str) -> bool:
    """True for front matter at the top, or `**Name:**` turns."""
    return text.startswith("---\n") or any(_BOLD_TURN.match(line.strip()) for line in text.split("\n"))


def _front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """(the front matter's values for Draft, the body, the body's first line); read through the
    same table as episode files, so a transcript's `date: '2022-02-25'` or `episode: 12` is read
    as an episode file's would be. `speakers:` may also map labels to names."""
    if not text.startswith("---\n"):
        return {}, text, 1
    yaml_text, body, body_line = front_matter.split(text, path)
    data, lines = front_matter.load(yaml_text, path)
    speaker_names = data.pop("speakers") if isinstance(data.get("speakers"), dict) else None
    front = front_matter.read(data, lines, path)
    problems = list(front.problems)
    if speaker_names is not None and not all(isinstance(k, str) and isinstance(v, str)
                                             for k, v in speaker_names.items()):
        problems.append(Problem(path, lines.get("speakers"), "`speakers` must be a list of names, or a mapping "
                                                             "from labels to names"))
    if problems:
        raise SiteError(sorted(problems, key=lambda p: p.line or 0))
    for key in front.unknown:
        log.info("%s:%d: `%s` kept under `extra:` (not a field shownotes uses)", path, lines.get(key, 1), key)
    values = {k: v for k, v in front.values.items() if k in _DRAFT_FIELDS}
    if speaker_names:
        values["speaker_names"] = tuple(speaker_names.items())
    return values, body, body_line


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
