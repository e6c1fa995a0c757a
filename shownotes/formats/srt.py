"""SubRip (.srt) captions: numbered cues, with or without a `Speaker:` prefix that marks
each change of speaker; and YouTube's SubViewer (.sbv), the same cues with `0:00:01.000,0:00:03.000`
timings and no numbers."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import fail
from ..speakers import split_caption_label
from .draft import CONTINUE, MERGE, Cue, Draft, carry_labels
from .reading import read_clock
from .webvtt import change_marks

_TIMING = re.compile(r"^(?P<start>[\d:.,]+)\s*-->\s*(?P<end>[\d:.,]+)(?:\s+.*)?$"
                     r"|^(?P<sbv_start>\d{1,2}:\d{2}:\d{2}\.\d{1,3}),(?P<sbv_end>\d{1,2}:\d{2}:\d{2}\.\d{1,3})$")
_TAG = re.compile(r"</?(?:i|b|u|s|font)\b[^>]*>|\{\\[^}]*\}", re.I)
EXPECTED = "expected a cue number, then a timing like `00:01:02,000 --> 00:01:05,000`"


def looks_like_srt(text: str) -> bool:
    """True when the first non-blank lines are a cue number and a timing, or an SBV timing."""
    lines = [line.strip() for line in text.lstrip("\ufeff").split("\n", 8) if line.strip()][:2]
    if lines and (sbv := _TIMING.match(lines[0])) and sbv.group("sbv_start"):
        return True
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
        start = read_clock(match.group("start") or match.group("sbv_start"))
        end = read_clock(match.group("end") or match.group("sbv_end"))
        if start is None or end is None:
            bad = (match.group("start") or match.group("sbv_start")) if start is None else (
                match.group("end") or match.group("sbv_end"))
            raise fail(path, timing_line, f"expected a time like 00:01:02,000, found {bad[:30]!r}")
        texts = [_TAG.sub("", t).strip() for _, t in payload]
        dialogue = len(texts) > 1 and all(t.startswith(("- ", "– ")) for t in texts)  # "- Yes?" / "- No." in one cue
        for part in (texts if dialogue else [" ".join(texts).strip()]):
            speaker = None
            if label := split_caption_label(part):
                speaker, part = label
            for i, (piece, mark) in enumerate(change_marks(part)):
                cues.append(Cue(payload[0][0] if payload else timing_line, piece, speaker, start, end,
                                CONTINUE if i else MERGE, mark and speaker is None))
        block = []
    if not cues:
        raise fail(path, 1, f"no cues found: {EXPECTED}, then the cue's text")
    return Draft(path, tuple(carry_labels(cues, path)))
