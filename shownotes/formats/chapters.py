"""A chapters file for `--chapters`: Podcasting 2.0 chapters JSON, or `HH:MM:SS Title` lines."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, SiteError, fail, quoted
from ..model import format_time
from .reading import MAX_SECONDS, array_lines, read_clock, refuse_lone_surrogates

# "00:12:30 Title", "[12:30] Title", "12:30 - Title", "- (0:00) Title" as show notes write them.
_LINE = re.compile(r"^(?:[-*+]\s+)?[\[(]?(?P<time>\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?)[\])]?"
                   r"\s*(?:[-–—:|]\s*)?(?P<title>\S.*)?$")
_EXPECTED = "expected a chapter line like `00:12:30 Title`"


@dataclass(frozen=True)
class Chapter:
    """A titled point in the audio where a section starts."""

    time: float
    title: str
    line: int


def _from_json(text: str, path: Path) -> list[Chapter]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise fail(path, error.lineno, f"invalid JSON: {error.msg}") from None
    except RecursionError:
        raise fail(path, 1, "invalid JSON: nested too deeply") from None
    refuse_lone_surrogates(data, text, path)
    if not isinstance(data, dict) or not isinstance(data.get("chapters"), list):
        raise fail(path, 1, 'expected Podcasting 2.0 chapters: {"version": "1.2.0", "chapters": '
                            '[{"startTime": 0, "title": "..."}]}')
    chapters = []
    problems = []
    lines = array_lines(text, "chapters", len(data["chapters"]))
    for n, (item, line) in enumerate(zip(data["chapters"], lines), 1):
        start = item.get("startTime") if isinstance(item, dict) else None
        title = item.get("title") if isinstance(item, dict) else None
        if isinstance(start, bool) or not isinstance(start, (int, float)) or not 0 <= start < MAX_SECONDS:
            problems.append(Problem(path, line, f"chapter {n}: expected `startTime` in seconds, a number"))
        elif not isinstance(title, str) or not title.strip():
            problems.append(Problem(path, line, f"chapter {n}: expected a `title`"))
        elif item.get("toc", True) is not False:  # toc: false marks a chapter kept out of the contents
            chapters.append(Chapter(float(start), title.strip(), line))
    if problems:
        raise SiteError(problems)
    return chapters


def _from_lines(text: str, path: Path) -> list[Chapter]:
    chapters = []
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        seconds = read_clock(match.group("time")) if match else None
        if match is None or seconds is None or not match.group("title"):
            raise fail(path, number, f"{_EXPECTED}, found {line[:60]!r}")
        chapters.append(Chapter(seconds, match.group("title").strip(), number))
    return chapters


def parse(text: str, path: Path) -> tuple[Chapter, ...]:
    """The chapters in a file, in time order; raises SiteError naming the line at fault."""
    chapters = _from_json(text, path) if text.lstrip().startswith("{") else _from_lines(text, path)
    if not chapters:
        raise fail(path, 1, f"no chapters found: {_EXPECTED} or Podcasting 2.0 chapters JSON")
    for before, after in zip(chapters, chapters[1:]):
        if after.time <= before.time:
            raise fail(path, after.line, f"chapter times must increase: {format_time(after.time)} "
                                         f"({quoted(after.title)}) comes after {format_time(before.time)}")
    return tuple(chapters)
