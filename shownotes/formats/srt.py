"""SubRip (.srt) captions: numbered cues, with or without a `Speaker:` prefix that marks
each change of speaker."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import fail
from ..speakers import split_caption_label
from .draft import Cue, Draft, carry_labels
from .reading import read_clock

_TIMING = re.compile(r"^(?P<start>[\d:.,]+)\s*-->\s*(?P<end>[\d:.,]+)(?:\s+.*)?$")
_TAG = re.compile(r"</?(?:i|b|u|s|font)\b[^>]*>|\{\\[^}]*\}", re.I)
EXPECTED = "expected a cue number, then a timing like `00:01:02,000 --> 00:01:05,000`"


def looks_like_srt(text: str) -> bool:
    """True when the first non-blank lines are a cue number and a timing."""
    lines = [line.strip() for line in text.split("\n") if line.strip()][:2]
    return len(lines) == 2 and lines[0].isdigit() and _TIMING.match(lines[1]) is not None


def parse(text: str, path: Path) -> Draft:
    """An SRT file's cues; raises SiteError naming the first line that is not SRT."""
    cues: list[Cue] = []
    block: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n") + [""], 1):
        if raw.strip():
            block.append((number, raw.strip()))
            continue
        if not block:
            continue
        (first_line, first), rest = block[0], block[1:]
        if first.isdigit() and rest:
            (timing_line, timing), payload = rest[0], rest[1:]
        else:
            (timing_line, timing), payload = block[0], rest
        match = _TIMING.match(timing)
        if match is None:
            raise fail(path, timing_line if first.isdigit() else first_line, f"{EXPECTED}, found {timing[:60]!r}")
        start, end = read_clock(match.group("start")), read_clock(match.group("end"))
        if start is None or end is None:
            bad = match.group("start") if start is None else match.group("end")
            raise fail(path, timing_line, f"expected a time like 00:01:02,000, found {bad[:30]!r}")
        words = _TAG.sub("", " ".join(t for _, t in payload)).strip()
        speaker = None
        if label := split_caption_label(words):
            speaker, words = label
        cues.append(Cue(payload[0][0] if payload else timing_line, words, speaker, start, end))
        block = []
    if not cues:
        raise fail(path, 1, f"no cues found: {EXPECTED}, then the cue's text")
    return Draft(path, tuple(carry_labels(cues, path)))
