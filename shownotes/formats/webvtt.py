"""WebVTT captions: `<v Speaker>` voice tags or Zoom's `Speaker: text` cues, cue settings,
NOTE/STYLE/REGION blocks and styling tags; a sentence split over cues is merged back."""
from __future__ import annotations

import html
import re
from pathlib import Path

from ..anchors import TURN_ANCHOR
from ..errors import fail
from ..speakers import split_caption_label
from .draft import CONTINUE, MERGE, PARAGRAPH, TURN, Cue, Draft, carry_labels
from .reading import read_clock

_HEADER = re.compile(r"^WEBVTT(?:[ \t].*)?$")
_TIMING = re.compile(r"^(?P<start>\S+)[ \t]+-->[ \t]+(?P<end>\S+)(?:[ \t].*)?$")
VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+(?P<name>[^>]*))?>", re.I)
TAG = re.compile(r"</?[A-Za-z][^>]*>|<\d[\d:.]*>")
_SKIPPED = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t].*)?$")
# Cue identifiers the build writes (shownotes/transcript_files.py) are the turn's page anchor,
# `t=01:02` or `turn_3` (anchors.py): such a cue is one whole turn, a paragraph a line.
EXPECTED_TIMING = "expected a cue timing like `00:01:02.000 --> 00:01:05.000`"


# A change of speaker marked without a name: `>> text` (also mid-line), `- text` at a line's start.
_CHEVRONS = re.compile(r"(?:^|\s)>>+\s*")
_DASH = re.compile(r"^[-–—]\s+")


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines, each line with its number. A line of spaces inside a cue (YouTube
    writes one) does not end it: a run after one that starts no cue belongs to the cue before."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    spaces = False  # the run before `current` ended at a line of spaces, not an empty line
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            current.append((number, line.rstrip()))
            continue
        if current:
            if spaces and blocks and "-->" in blocks[-1][0][1] + (blocks[-1][1][1] if len(blocks[-1]) > 1 else "") \
                    and not any("-->" in text for _, text in current[:2]) and not _SKIPPED.match(current[0][1]):
                blocks[-1].extend(current)
            else:
                blocks.append(current)
            current = []
        spaces = line != ""
    if current:
        blocks.append(current)
    return blocks


def change_marks(text: str) -> list[tuple[str, bool]]:
    """A cue's text in pieces, each with whether a change of speaker (`>>`, `- `) opens it."""
    pieces = _CHEVRONS.split(text)
    if len(pieces) > 1:
        return [(piece.strip(), i > 0) for i, piece in enumerate(pieces) if piece.strip()]
    if _DASH.match(text):
        return [(_DASH.sub("", text, count=1), True)]
    return [(text, False)]


def clean(text: str) -> str:
    """Cue text without styling tags or entities."""
    text = html.unescape(TAG.sub("", text))
    return text.replace("\u200e", "").replace("\u200f", "").replace("\xa0", " ").strip()


def voices(payload: str) -> list[tuple[str | None, str]]:
    """(speaker or None, text) for each voice span in a cue's text, in order."""
    spans: list[tuple[str | None, str]] = []
    matches = list(VOICE.finditer(payload))
    if not matches:
        return [(None, payload)]
    if payload[:matches[0].start()].strip():
        spans.append((None, payload[:matches[0].start()]))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(payload)
        spans.append((html.unescape(match.group("name") or "").strip(), payload[match.end():end]))
    return spans


def _cues(block: list[tuple[int, str]], path: Path, shown: set[str]) -> tuple[list[Cue], bool]:
    """The cues in one block, and whether they are a whole turn the build wrote."""
    (first_line, first), rest = block[0], block[1:]
    if "-->" in first:
        identifier, (timing_line, timing), payload = None, block[0], rest
    elif rest and "-->" in rest[0][1]:
        identifier, (timing_line, timing), payload = first.strip(), rest[0], rest[1:]
    else:
        raise fail(path, first_line, f"{EXPECTED_TIMING}, found {first.strip()[:60]!r}")
    match = _TIMING.match(timing.strip())
    if match is None:
        raise fail(path, timing_line, f"{EXPECTED_TIMING}, found {timing.strip()[:60]!r}")
    start, end = read_clock(match.group("start")), read_clock(match.group("end"))
    if start is None or end is None:
        bad = match.group("start") if start is None else match.group("end")
        raise fail(path, timing_line, f"expected a time like 00:01:02.000, found {bad[:30]!r}")
    line = payload[0][0] if payload else timing_line
    whole_turn = identifier is not None and TURN_ANCHOR.match(identifier) is not None
    if whole_turn:  # written by the build: one turn, one paragraph a line
        lines = [voices(text) for _, text in payload]
        speaker = next((name for spans in lines for name, _ in spans if name is not None), None)
        texts = [clean(" ".join(t for _, t in spans)) for spans in lines]
        return [Cue(number, text, speaker, start, end, TURN if i == 0 else PARAGRAPH)
                for i, ((number, _), text) in enumerate(zip(payload, texts))], True
    cues: list[Cue] = []
    kept = [t.strip() for _, t in payload if clean(t) not in shown]  # a rolling caption repeats lines
    dialogue = len(kept) > 1 and all(_DASH.match(clean(t)) for t in kept)  # "- Yes?" / "- No." in one cue
    for part in (kept if dialogue else [" ".join(kept)]):
        for speaker, text in voices(part):
            text = clean(text)
            if speaker is None and (label := split_caption_label(text)):
                speaker, text = label
            pieces = change_marks(text)
            for piece, mark in pieces:
                cues.append(Cue(line, piece, speaker, start, end, MERGE if not cues else CONTINUE,
                                mark and speaker is None))
    return cues, False


def _rolling(blocks: list[list[tuple[int, str]]]) -> bool:
    """True for YouTube's automatic captions, where each cue repeats the line before it."""
    payloads = [[clean(t) for _, t in block if "-->" not in t and clean(t)] for block in blocks]
    payloads = [p for p in payloads if p]
    repeats = sum(1 for before, after in zip(payloads, payloads[1:]) if after[0] == before[-1])
    return len(payloads) >= 5 and repeats >= 0.3 * len(payloads)


def parse(text: str, path: Path) -> Draft:
    """A WebVTT file's cues; raises SiteError at the first line that is not WebVTT."""
    blocks = _blocks(text)
    if not blocks or not _HEADER.match(blocks[0][0][1].lstrip("\ufeff")):
        first = blocks[0][0] if blocks else (1, "")
        raise fail(path, first[0], f"expected `WEBVTT` on the first line of a WebVTT file, found {first[1][:40]!r}")
    if any("-->" in line for _, line in blocks[0]):
        line = next(n for n, text in blocks[0] if "-->" in text)
        raise fail(path, line, "expected a blank line between the `WEBVTT` header and the first cue")
    cues: list[Cue] = []
    exact: set[int] = set()
    rolling = _rolling(blocks[1:])
    shown: set[str] = set()
    for block in blocks[1:]:
        if _SKIPPED.match(block[0][1]) and not any("-->" in line for _, line in block[:2]):
            continue
        found, whole_turn = _cues(block, path, shown)
        if rolling:
            shown = {clean(t) for _, t in block if "-->" not in t}
        if whole_turn:
            exact.update(range(len(cues), len(cues) + len(found)))
        cues.extend(found)
    if not cues:
        raise fail(path, 1, f"no cues found: {EXPECTED_TIMING}, then the cue's text")
    return Draft(path, tuple(carry_labels(cues, path, frozenset(exact))))
