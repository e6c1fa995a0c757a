"""The episode model every stage shares: typed, frozen, and free of I/O."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Turn:
    """One speaker's uninterrupted turn: a speaker (None for unattributed text), its paragraphs
    as plain text, when it starts in the audio (seconds) where the transcript says, and its
    anchor on the page once the body has been read (anchors.py has the rule)."""

    speaker: str | None
    paragraphs: tuple[str, ...]
    line: int = field(default=0, compare=False)  # in the file it was read from; 0 when not known
    time: float | None = None
    anchor: str = field(default="", compare=False)


@dataclass(frozen=True)
class Section:
    """A titled part of the transcript; the heading is None for the untitled opening."""

    heading: str | None
    turns: tuple[Turn, ...]
    line: int = field(default=0, compare=False)
    anchor: str | None = field(default=None, compare=False)  # its heading's id on the page; None for the opening

    @property
    def time(self) -> float | None:
        """When the section starts in the audio: its first turn's time."""
        return self.turns[0].time if self.turns else None


# An episode with a date and no time goes out at noon UTC: that day in most time zones.
NOON_UTC = datetime.time(12, tzinfo=datetime.timezone.utc)
EPISODE_TYPES = ("full", "trailer", "bonus")


@dataclass(frozen=True)
class Audio:
    """The episode's audio file, as the podcast feed needs it."""

    url: str  # a full URL, or a path inside the site: a local file the build reads and publishes
    length: int | None = None  # bytes
    type: str = ""  # MIME type; "" until the front matter, the file or its name says
    duration: float | None = None  # seconds


@dataclass(frozen=True)
class Episode:
    """One episode: what its front matter says and the transcript its body holds.

    `path` and `body` describe where the episode was read from; they are not part of
    its identity, so an imported episode equals the same episode loaded back from disk.
    """

    number: int
    title: str
    slug: str
    description: str = ""
    date: datetime.date | None = None
    # When on that day the episode goes out, with its UTC offset, as a feed it came from had it; None: noon UTC.
    time: datetime.time | None = None
    season: int | None = None
    image: str = ""  # the episode's own artwork: a full URL or a path inside the site
    audio: Audio | None = None
    hosts: tuple[str, ...] = ()
    guests: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # what the episode is about; each gets a page listing its episodes
    has_transcript: bool = True
    sections: tuple[Section, ...] = ()
    # The sections were found in the text at import (front matter `sections: found`), not written by a person.
    sections_found: bool = False
    guid: str = ""  # the feed's guid for the episode, once given never changed; "" until then
    imported_from: str = ""  # the transcript file import made it from, so another file never replaces it
    episode_type: str = "full"  # itunes:episodeType: full, trailer or bonus
    explicit: bool | None = None  # itunes:explicit for this episode; None: the show's
    draft: bool = False  # kept out of the published site until set to false
    chapters: tuple[tuple[float, str], ...] = ()  # (start in seconds, title) published for it, as a feed had them
    extra: tuple[tuple[str, Any], ...] = ()  # the podcaster's own values, for themes
    path: Path | None = field(default=None, compare=False)
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)  # each front matter key's line in `path`
    body: str = field(default="", compare=False)
    # Kept by outline(), which drops the text the words are counted from; 0 means "count them".
    word_count: int = field(default=0, compare=False)

    @property
    def released(self) -> datetime.datetime | None:
        """The moment the episode goes out: its date at its time, else at noon UTC (None without a date)."""
        if self.date is None:
            return None
        return datetime.datetime.combine(self.date, self.time or NOON_UTC)

    @property
    def label(self) -> str:
        """How the episode is named in lists and links: "Episode 2"."""
        return f"Episode {self.number}"

    @cached_property  # a page asks several times; counting ten thousand words once is enough
    def words(self) -> int:
        """Words spoken in the transcript (speaker labels not counted); an outline remembers them."""
        if self.word_count:
            return self.word_count
        return sum(len(paragraph.split()) for s in self.sections for t in s.turns for paragraph in t.paragraphs)

    def outline(self) -> "Episode":
        """The episode without its transcript text: what pages about many episodes need
        (headings, section times, who speaks), small enough to keep a thousand in memory."""
        sections = tuple(replace(s, turns=(replace(s.turns[0], paragraphs=()),) if s.turns else ())
                         for s in self.sections)
        return replace(self, sections=sections, body="", word_count=self.words)


class SectionBuilder:
    """Gathers turns into sections as a parser meets them, so every format closes a section the
    same way: an untitled opening only when it has turns, a titled section even when empty."""

    def __init__(self, first_line: int = 0) -> None:
        self.sections: list[Section] = []
        self.heading: str | None = None
        self.heading_line = first_line
        self.anchor: str | None = None
        self.turns: list[Turn] = []

    def add(self, turn: Turn) -> None:
        """Add a finished turn to the current section."""
        self.turns.append(turn)

    def start(self, heading: str, line: int, anchor: str | None = None) -> None:
        """Close the current section and open one titled `heading` (at `anchor` on the page, once known)."""
        self._close()
        self.heading, self.heading_line, self.anchor = heading, line, anchor

    def finish(self) -> tuple[Section, ...]:
        """Close the last section; every section, in order."""
        self._close()
        return tuple(self.sections)

    def _close(self) -> None:
        if self.turns or self.heading is not None:
            self.sections.append(Section(self.heading, tuple(self.turns), self.heading_line, self.anchor))
        self.turns = []


def speakers_in_order(sections: tuple[Section, ...]) -> tuple[str, ...]:
    """Every speaker, in order of first appearance."""
    seen: dict[str, None] = {}
    for section in sections:
        for turn in section.turns:
            if turn.speaker is not None:
                seen.setdefault(turn.speaker, None)
    return tuple(seen)


def format_time(seconds: float) -> str:
    """62.5 -> "00:01:02.500"; whole seconds drop the fraction: 62 -> "00:01:02"."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    whole, fraction = divmod(rest, 1000)
    text = f"{hours:02d}:{minutes:02d}:{whole:02d}"
    return f"{text}.{fraction:03d}" if fraction else text


_DURATION = re.compile(r"^(?:([0-9]+):)?(?:([0-9]+):)?([0-9]+(?:\.[0-9]+)?)$")


def parse_duration(value: Any) -> float | None:
    """An audio's length in seconds, as people and feeds write it: 3723, 62.5, "3723", "1:02:03",
    "62:03", "01:02:03.5"; None if it is no length (negative, not finite, not ASCII digits)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if 0 <= value < 10**9 else None  # also rejects NaN
    if not isinstance(value, str):
        return None
    match = _DURATION.match(value.strip())
    if match is None:
        return None
    hours, minutes, seconds = match.groups()
    if minutes is None and hours is not None:  # "62:03": minutes and seconds
        hours, minutes = None, hours
    if minutes is not None and hours is not None and int(minutes) >= 60 or float(seconds) >= 60 and minutes:
        return None
    total = int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds)
    return total if total < 10**9 else None  # "9" * 5000 is infinity to float(): no length


def parse_time(text: str) -> float | None:
    """"01:02", "1:02:03", "00:01:02.5" or "00:01:02,500" -> seconds; None if it is not a time."""
    parts = text.strip().replace(",", ".").split(":")
    # isdecimal, not isdigit: "²" is a digit that float() cannot read.
    if not 2 <= len(parts) <= 3 or not all(p.replace(".", "", 1).isdecimal() for p in parts):
        return None
    if any("." in p for p in parts[:-1]):
        return None
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return seconds
