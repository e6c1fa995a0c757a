"""Whisper-style speech-to-text output: its JSON (`segments` of `start`, `end`, `text`, and
`speaker` after diarization), its `[00:00.000 --> 00:04.000] text` lines, `[SPEAKER_00]: text`
lines, or plain lines. Speakers are `SPEAKER_00` labels or none at all."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..errors import Problem, SiteError, fail
from ..speakers import split_caption_label
from .draft import Cue, Draft, carry_labels
from .podcast_json import load, seconds, segments
from .reading import MAX_SECONDS, array_lines, in_milliseconds, read_seconds

# `[00:00.000 --> 00:04.000]` (whisper), `[00:00:00.000 --> 00:00:04.000]` (whisper.cpp), `[12.34 --> 15.67]`,
# `[0.00s -> 4.00s]` (faster-whisper's example), `[0.00 → 7.46]`
_RANGE = re.compile(r"^\[(?P<start>[\d:.,]+s?)\s*(?:-{1,2}>|→)\s*(?P<end>[\d:.,]+s?)\]\s*(?P<text>.*)$")
EXPECTED_JSON = 'expected Whisper JSON: {"segments": [{"start": 0.0, "end": 2.5, "text": "..."}]}'


def looks_like_whisper_text(text: str) -> bool:
    """True when the first non-blank line is a `[start --> end]` segment."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    return bool(_RANGE.match(first))


def is_whisper_json(data: object) -> bool:
    """True for a JSON document whose segments have `start` and `text` (Podcasting 2.0 has `body`)."""
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list) or not data["segments"]:
        return False
    first = data["segments"][0]
    return isinstance(first, dict) and "text" in first and "body" not in first


def _from_json(text: str, path: Path) -> list[Cue]:
    items = segments(load(text, path), path, EXPECTED_JSON)
    lines = array_lines(text, "segments", len(items))
    problems = []
    cues = []
    for n, (item, line) in enumerate(zip(items, lines), 1):
        speaker = item.get("speaker") if isinstance(item, dict) else None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or (
                speaker is not None and not isinstance(speaker, str)):
            problems.append(Problem(path, line, f"segment {n}: expected an object with `text` (and `start`, `end`)"))
            continue
        start, end = (seconds(item[key], 1000 * MAX_SECONDS) if key in item else None for key in ("start", "end"))
        if ("start" in item and start is None) or ("end" in item and end is None):
            problems.append(Problem(path, line, f"segment {n}: expected `start` and `end` in seconds"))
            continue
        cues.append(Cue(line, item["text"].strip(), speaker, start, end))
    if problems:
        raise SiteError(problems)
    if in_milliseconds([c.time for c in cues if c.time is not None], [c.end for c in cues if c.time is not None]):
        cues = [replace(c, time=c.time / 1000 if c.time is not None else None,
                        end=c.end / 1000 if c.end is not None else None) for c in cues]
    late = next((c for c in cues if (c.time or 0) >= MAX_SECONDS or (c.end or 0) >= MAX_SECONDS), None)
    if late is not None:
        raise fail(path, late.line, "expected `start` and `end` in seconds (or milliseconds), under 100 hours")
    return cues


def _from_lines(text: str, path: Path) -> list[Cue]:
    cues = []
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        start = end = None
        if match := _RANGE.match(line):
            start, end = read_seconds(match.group("start")), read_seconds(match.group("end"))
            if start is None or end is None:
                raise fail(path, number, f"expected a segment like `[00:01.000 --> 00:04.500] text`, "
                                         f"found {line[:60]!r}")
            line = match.group("text").strip()
        speaker = None
        if label := split_caption_label(line):
            speaker, line = label
        cues.append(Cue(number, line, speaker, start, end))
    return cues


def parse(text: str, path: Path) -> Draft:
    """The segments of Whisper output, JSON or text."""
    cues = _from_json(text, path) if text.lstrip().startswith("{") else _from_lines(text, path)
    if not any(cue.text for cue in cues):
        raise fail(path, 1, "no transcript text found: expected Whisper segments, JSON or "
                            "`[00:01.000 --> 00:04.500] text` lines")
    return Draft(path, tuple(carry_labels(cues, path)))
