"""Podcasting 2.0 JSON transcripts: `{"version": "1.0.0", "segments": [{"speaker", "startTime",
"endTime", "body"}]}`, from whole turns down to one word a segment."""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from ..errors import Problem, SiteError, fail
from .draft import BREAK, CONTINUE, MERGE, PARAGRAPH, Cue, Draft, carry_labels
from .reading import MAX_SECONDS, array_lines, read_clock, refuse_lone_surrogates

EXPECTED = ('expected a Podcasting 2.0 transcript: {"version": "1.0.0", "segments": [{"speaker": "...", '
            '"startTime": 0.5, "endTime": 2.0, "body": "..."}]}')


def load(text: str, path: Path) -> Any:
    """The JSON document in `text`; invalid JSON is a SiteError naming its line."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise fail(path, error.lineno, f"invalid JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise fail(path, 1, "invalid JSON: nested too deeply") from None
    refuse_lone_surrogates(data, text, path)
    return data


def seconds(value: Any, limit: float = MAX_SECONDS) -> float | None:
    """A time given as a number of seconds (below `limit`) or a clock string; None if it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if not -1 < value < limit:  # also keeps float() from overflowing on a 400-digit number
            return None
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return read_clock(value)
    else:
        return None
    return number if math.isfinite(number) and 0 <= number < limit else None


def segments(data: Any, path: Path, expected: str = EXPECTED) -> list[Any]:
    """The document's `segments` list; anything else is a SiteError saying what was expected."""
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        raise fail(path, 1, expected)
    return data["segments"]


def parse(text: str, path: Path) -> Draft:
    """A JSON transcript's segments; a `\\n` in a body ends a paragraph, as the spec's example does."""
    items = segments(load(text, path), path)
    lines = array_lines(text, "segments", len(items))
    explicit = any(isinstance(item, dict) and "\n" in str(item.get("body", "")) for item in items)
    problems: list[Problem] = []
    cues: list[Cue] = []
    ended = False
    for n, (item, line) in enumerate(zip(items, lines), 1):
        if not isinstance(item, dict) or not isinstance(item.get("body"), str):
            problems.append(Problem(path, line, f"segment {n}: expected an object with `body` text"))
            continue
        speaker = item.get("speaker")
        if speaker is not None and not isinstance(speaker, str):
            problems.append(Problem(path, line, f"segment {n}: expected `speaker` to be a name"))
            continue
        start, end = (seconds(item[key]) if key in item else None for key in ("startTime", "endTime"))
        if ("startTime" in item and start is None) or ("endTime" in item and end is None):
            problems.append(Problem(path, line, f"segment {n}: expected `startTime` and `endTime` in seconds"))
            continue
        body = item["body"]
        parts = body.split("\n")
        for i, part in enumerate(parts):
            if not part.strip():
                continue
            join = MERGE if not explicit else (BREAK if ended else CONTINUE) if i == 0 else PARAGRAPH
            cues.append(Cue(line, part.strip(), speaker.strip() if speaker is not None else None,
                            start if i == 0 else None, end, join))
            ended = False
        ended = ended or body.endswith("\n")
    if problems:
        raise SiteError(problems)
    if not cues:
        raise fail(path, 1, f"no segments with text found: {EXPECTED}")
    return Draft(path, tuple(carry_labels(cues, path)))
