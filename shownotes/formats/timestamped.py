"""Timestamped text as transcription services export it:

    [00:01:02] Speaker: text            Speaker (00:01:02): text
    Speaker [01:02]                     00:01:02 Speaker          (Otter: the text on the
    text on the next lines              text on the next lines     lines after)
    **Speaker:** [00:04:22] text        \\[00:04:22\\] **Speaker:** text   (Markdown)

A stamped line without a name continues the speaker before it; lines after a turn, up to a
blank line, continue its paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import fail
from ..speakers import is_label, split_caption_label
from .draft import PARAGRAPH, TURN, Cue, Draft, carry_labels
from .reading import read_clock

_TIME = r"\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?"
# "Ada: [00:04:22] text" (Markdown's `**Ada:** [00:04:22] text` once the bold is gone)
_LABEL_COLON_STAMP = re.compile(rf"^(?P<label>[^:\[\]()]{{1,60}}?):\s*[\[(](?P<time>{_TIME})[\])]\s*(?P<text>.*)$")
# "Ada (00:01:02): text", "Ada [01:02]" on its own line
_LABEL_STAMP = re.compile(rf"^(?P<label>[^:\[\]]{{1,60}}?)\s*[\[(](?P<time>{_TIME})[\])]\s*:?\s*(?P<text>.*)$")
# "[00:01:02] Ada: text", "00:01:02 Ada" on its own line, "[00:01:02] text"
_STAMP_FIRST = re.compile(rf"^(?P<open>[\[(])?(?P<time>{_TIME})(?(open)[\])])(?:\s+|$)(?:[-–—|]\s*)?(?P<rest>.*)$")
# Otter: "Ada Lovelace  0:03" on its own line
_LABEL_TRAILING_STAMP = re.compile(rf"^(?P<label>.{{1,60}}?)\s+(?P<time>{_TIME})$")


@dataclass
class _Turn:
    """A turn being read: its label, time and the lines of its current paragraph."""

    line: int
    speaker: str | None
    time: float | None
    join: str
    texts: list[str] = field(default_factory=list)


def _clean(line: str) -> str:
    """The line without Markdown's bold and escaped brackets: `**Ada:** \\[01:02\\]` -> `Ada: [01:02]`."""
    return line.replace("**", "").replace("\\[", "[").replace("\\]", "]").strip()


def _turn_start(line: str) -> tuple[str | None, str, str] | None:
    """(label or None, time text, text after) when the line starts a stamped turn."""
    for pattern in (_LABEL_COLON_STAMP, _LABEL_STAMP):
        match = pattern.match(line)
        if match and is_label(match.group("label").strip()):
            return match.group("label").strip(), match.group("time"), match.group("text").strip()
    if match := _STAMP_FIRST.match(line):
        rest = match.group("rest").strip()
        if label := split_caption_label(rest):
            return label[0], match.group("time"), label[1]
        if is_label(rest.rstrip(":")):
            return rest.rstrip(":"), match.group("time"), ""
        return None, match.group("time"), rest
    match = _LABEL_TRAILING_STAMP.match(line)
    if match and is_label(match.group("label").strip()):
        return match.group("label").strip(), match.group("time"), ""
    return None


def looks_timestamped(text: str) -> bool:
    """True when at least two lines start stamped turns."""
    found = 0
    for raw in text.split("\n"):
        line = _clean(raw)
        start = _turn_start(line) if line else None
        if start and (start[0] is not None or line.startswith(("[", "("))):
            found += 1
            if found >= 2:
                return True
    return False


def parse(text: str, path: Path) -> Draft:
    """The stamped turns of a text transcript; raises SiteError at a stamp that is no time."""
    cues: list[Cue] = []
    current: _Turn | None = None
    speaker: str | None = None

    def flush() -> None:
        if current is not None and current.texts:
            cues.append(Cue(current.line, " ".join(current.texts), current.speaker, current.time, None, current.join))

    for number, raw in enumerate(text.split("\n"), 1):
        line = _clean(raw)
        if not line:
            if current is not None and current.texts:
                flush()
                current = _Turn(0, speaker, None, PARAGRAPH)
            continue
        start = _turn_start(line)
        if start is None:
            if current is None:
                current = _Turn(number, None, None, TURN)
            current.line = current.line or number
            current.texts.append(line)
            continue
        label, time_text, rest = start
        seconds = read_clock(time_text)
        if seconds is None:
            raise fail(path, number, f"expected a time like 00:01:02, found {time_text!r}")
        flush()
        speaker = label if label is not None else speaker
        current = _Turn(number, label, seconds, TURN, [rest] if rest else [])
    flush()
    if not any(cue.time is not None for cue in cues):
        raise fail(path, 1, "no timestamped turns found: expected lines like `[00:01:02] Speaker: text` "
                            "or `Speaker (00:01:02): text`")
    return Draft(path, tuple(carry_labels(cues, path)))
