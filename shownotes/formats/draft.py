"""What the format modules hand over, and the one place that turns it into an Episode.

A format module only reads its syntax: it returns a Draft holding the transcript as the
file has it (cues with labels as written, headings) and whatever episode details the
file carries. Naming speakers, placing chapters and merging cues into turns happen here,
the same way for every format.
"""
from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from ..anchors import assign
from ..errors import Problem, SiteError, fail
from ..model import Audio, Episode, Section, SectionBuilder, Turn, format_time, speakers_in_order
from ..slugs import slugify
from ..speakers import ends_sentence, generic_label, is_generic, resolve_labels
from .chapters import Chapter

log = logging.getLogger(__name__)

# How a cue joins the one before it (when both have the same speaker):
MERGE = "merge"          # a caption cue: same paragraph, unless a pause or length says a new one starts
CONTINUE = "continue"    # same paragraph, always (the file marks its paragraph ends itself)
PARAGRAPH = "paragraph"  # a new paragraph of the same turn
BREAK = "break"          # a marked paragraph end: a new paragraph, or for unnamed text a new turn
TURN = "turn"            # always a new turn

# A caption run breaks into paragraphs at a sentence end after a pause this long (s), or this many characters.
PAUSE = 2.0
PARAGRAPH_CHARS = 500
# A chapter starts at the first cue starting no more than this before it (chapter times are often rounded down).
CHAPTER_SLACK = 1.0
# Word-by-word transcripts give punctuation segments of their own: "father" "." -> "father."
_CLINGS = set(",.;:!?…)]}”’")
_FILE_NAME = re.compile(r"^(?:ep(?:isode)?[ _.-]?)?(?P<number>\d{1,5})(?:[ _.-]+(?P<title>.*\S))?$", re.I)


@dataclass(frozen=True)
class Cue:
    """A piece of transcript as the file has it: its text, speaker label as written
    (None: no speaker), start and end in seconds where known, and how it joins the last."""

    line: int
    text: str
    speaker: str | None = None
    time: float | None = None
    end: float | None = None
    join: str = MERGE


@dataclass(frozen=True)
class Heading:
    """A section title the file itself has."""

    line: int
    text: str


@dataclass(frozen=True)
class Draft:
    """One episode as a format module read it; None means the file does not say."""

    path: Path
    blocks: tuple[Cue | Heading, ...]
    number: int | None = None
    title: str | None = None
    description: str = ""
    date: datetime.date | None = None
    audio: Audio | None = None
    hosts: tuple[str, ...] | None = None
    guests: tuple[str, ...] | None = None
    speakers: tuple[str, ...] | None = None
    speaker_names: tuple[tuple[str, str], ...] = ()
    slug: str | None = None
    guid: str = ""
    extra: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class ImportOptions:
    """What the user and the site config add to a file: speaker names, episode details, chapters."""

    aliases: Mapping[str, str] = field(default_factory=dict)
    hosts: tuple[str, ...] = ()
    number: int | None = None
    title: str | None = None
    speaker_names: Mapping[str, str] = field(default_factory=dict)
    chapters: tuple[Chapter, ...] = ()
    chapters_path: Path | None = None


def carry_labels(cues: list[Cue], path: Path, exact: frozenset[int] = frozenset()) -> list[Cue]:
    """Caption files name a speaker when it changes: an unlabelled cue, or an empty label,
    continues the speaker before it (except the cues at `exact`, which say all there is)."""
    out: list[Cue] = []
    last: str | None = None
    for i, cue in enumerate(cues):
        if cue.speaker == "" and last is not None:
            log.info("%s:%d: empty speaker label; taken as %s, who spoke before it", path, cue.line, last)
        if not cue.speaker and i not in exact:
            cue = replace(cue, speaker=last)
        last = cue.speaker
        out.append(cue)
    return out


def _name_from_file(path: Path) -> tuple[int | None, str | None]:
    match = _FILE_NAME.match(path.stem)
    if match is None:
        return None, None
    words = re.sub(r"[-_]+", " ", match.group("title") or "").strip()
    return int(match.group("number")), (words[:1].upper() + words[1:]) or None


def _identity(draft: Draft, options: ImportOptions) -> tuple[int, str]:
    file_number, file_title = _name_from_file(draft.path)
    number = next((n for n in (options.number, draft.number, file_number) if n is not None), None)
    title = next((t for t in (options.title, draft.title, file_title) if t), None)
    problems = []
    if number is None:
        problems.append(Problem(draft.path, None, "no episode number: the file does not give one; pass --number 12 "
                                                  "or name the file like `012-episode-title.vtt`"))
    if title is None:
        problems.append(Problem(draft.path, None, "no episode title: the file does not give one; pass --title "
                                                  "\"Title\" or name the file like `012-episode-title.vtt`"))
    if number is not None and number < 0:
        problems.append(Problem(draft.path, None, f"the episode number must be 0 or more, not {number}"))
    if problems:
        raise SiteError(problems)
    assert number is not None and title is not None
    if options.number is None and draft.number is None or options.title is None and not draft.title:
        log.info("%s: episode %d, %r, from the file name (--number and --title set them)", draft.path, number, title)
    return number, title


def _speaker_names(draft: Draft, options: ImportOptions) -> dict[str, str]:
    """Every label as written -> the speaker's name, logging each label read as someone else."""
    explicit = {**dict(draft.speaker_names), **options.speaker_names}
    raw = [(c.speaker, c.line) for c in draft.blocks if isinstance(c, Cue) and c.speaker]

    def named(label: str) -> str:
        for key in (label, generic_label(label)):
            if key is not None and key in explicit:
                return explicit[key]
        for key in (label, generic_label(label)):
            if key is not None and key in options.aliases:
                return options.aliases[key]
        return label

    canonical = [(named(label), line) for label, line in raw]
    known = tuple(dict.fromkeys([*(draft.hosts if draft.hosts is not None else options.hosts),
                                 *(draft.speakers or ()), *explicit.values()]))
    resolution = resolve_labels(canonical, known)
    for merge in resolution.merges:
        log.info("%s:%d: speaker %r taken as %s (%s)", draft.path, merge.line, merge.label, merge.name, merge.reason)
    for label, people, line in resolution.ambiguous:
        log.warning("%s:%d: speaker %r could be %s; kept apart. If it is one of them, add `%s: NAME` under "
                    "`aliases:` in site_config.yaml", draft.path, line, label, " or ".join(people), label)
    return {label: resolution.names[named(label)] for label, _ in raw}


def _with_chapters(draft: Draft, options: ImportOptions) -> tuple[Cue | Heading, ...]:
    """The blocks with a heading put before the first cue of each chapter."""
    blocks = draft.blocks
    if not options.chapters:
        return blocks
    where = options.chapters_path
    if any(isinstance(b, Heading) for b in blocks):
        raise fail(where, options.chapters[0].line, f"{draft.path} has headings of its own; --chapters is for "
                                                    "transcripts without them (VTT, SRT, JSON, timestamped text)")
    timed = [(i, b.time) for i, b in enumerate(blocks) if isinstance(b, Cue) and b.time is not None]
    if not timed:
        raise fail(where, options.chapters[0].line, f"chapters need a transcript with times; {draft.path} has none")
    starts: dict[int, list[Chapter]] = {}
    for chapter in options.chapters:
        index = next((i for i, time in timed if time >= chapter.time - CHAPTER_SLACK), None)
        if index is None:
            raise fail(where, chapter.line, f"chapter {chapter.title!r} starts at {format_time(chapter.time)}, after "
                                            f"the last timed turn of {draft.path} ({format_time(timed[-1][1])})")
        starts.setdefault(index, []).append(chapter)
    out: list[Cue | Heading] = []
    for i, block in enumerate(blocks):
        for chapter in starts.get(i, []):
            out.append(Heading(chapter.line, chapter.title))
        out.append(block)
    for chapters in starts.values():
        for chapter in chapters[:-1]:
            log.warning("%s:%d: chapter %r has no turn of its own; its section is empty", where, chapter.line,
                        chapter.title)
    return tuple(out)


def _sections(blocks: tuple[Cue | Heading, ...], names: dict[str, str]) -> tuple[Section, ...]:
    """Merge cues into turns and turns into sections."""
    unnamed_file = not names
    built = SectionBuilder()
    paragraphs: list[str] = []
    speaker: str | None = None
    start: Cue | None = None
    last: Cue | None = None

    def close_turn() -> None:
        nonlocal paragraphs, start
        if start is not None and paragraphs:
            built.add(Turn(speaker, tuple(paragraphs), start.line, start.time))
        paragraphs, start = [], None

    for block in blocks:
        if isinstance(block, Heading):
            close_turn()
            built.start(block.text, block.line)
            last = None
            continue
        text = " ".join(block.text.split())
        if not text:
            continue
        who = one_line(names.get(block.speaker, block.speaker)) or None if block.speaker else None
        join = block.join
        if join == MERGE and last is not None and paragraphs and ends_sentence(last.text):
            paused = block.time is not None and last.end is not None and block.time - last.end >= PAUSE
            if paused or len(paragraphs[-1]) >= PARAGRAPH_CHARS:
                join = BREAK
        if join == BREAK:
            join = TURN if unnamed_file or who is None else PARAGRAPH
        if start is None or join == TURN or who != speaker:
            close_turn()
            speaker, start, paragraphs = who, block, [text]
        elif join == PARAGRAPH:
            paragraphs.append(text)
        else:
            paragraphs[-1] += ("" if text[0] in _CLINGS else " ") + text
        last = block
    close_turn()
    return built.finish()


def one_line(name: str) -> str:
    """A name as the site shows it: on one line, spaces single (a label may hold a line break or a tab)."""
    return " ".join(name.split())


def _names(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in map(one_line, names) if n))


def to_episode(draft: Draft, options: ImportOptions) -> Episode:
    """The Episode a draft describes, with the user's options applied."""
    number, title = _identity(draft, options)
    names = _speaker_names(draft, options)
    sections = assign(_sections(_with_chapters(draft, options), names))
    if not any(s.turns for s in sections):
        raise fail(draft.path, None, "no transcript text found in the file")
    spoken = speakers_in_order(sections)
    hosts = _names(draft.hosts if draft.hosts is not None else options.hosts)
    speakers = _names(draft.speakers) if draft.speakers is not None else spoken
    guests = _names(draft.guests) if draft.guests is not None else tuple(
        s for s in speakers if s not in hosts and not is_generic(s))
    slug = draft.slug or f"{number:03d}-{slugify(title, 60)}".rstrip("-")
    return Episode(number=number, title=title, slug=slug, guid=draft.guid,
                   description=draft.description, date=draft.date, audio=draft.audio, hosts=hosts, guests=guests,
                   speakers=speakers, has_transcript=True, sections=sections, extra=draft.extra, path=draft.path)
