"""What the format modules hand over, and the one place that turns it into an Episode.

A format module only reads its syntax: it returns a Draft holding the transcript as the
file has it (cues with labels as written, headings) and whatever episode details the
file carries. Naming speakers, placing chapters and merging cues into turns happen here,
the same way for every format.
"""
from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from ..anchors import assign
from ..errors import fail, quoted
from ..model import Audio, Episode, Section, SectionBuilder, Turn, format_time, parse_time, speakers_in_order
from ..slugs import slugify
from ..speakers import generic_label, is_generic, reconcile, resolve_labels
from . import identity
from .chapters import Chapter
from .paragraphs import LIMIT, TARGET, ends_sentence, join, size, split

log = logging.getLogger(__name__)

# How a cue joins the one before it (when both have the same speaker):
MERGE = "merge"          # a caption cue: same paragraph, unless a pause or length says a new one starts
CONTINUE = "continue"    # same paragraph, always (the file marks its paragraph ends itself)
PARAGRAPH = "paragraph"  # a new paragraph of the same turn
BREAK = "break"          # a marked paragraph end: a new paragraph, or for unnamed text a new turn
TURN = "turn"            # always a new turn

# A caption run breaks into paragraphs at a sentence end after a pause this long (s), or this many characters;
# a run that never ends a sentence (unpunctuated captions) at a shorter pause once it is TARGET words long,
# and anywhere once it is LIMIT words long.
PAUSE = 2.0
SHORT_PAUSE = 0.8
PARAGRAPH_CHARS = 500
# A chapter starts at the first cue starting no more than this before it (chapter times are often rounded down).
CHAPTER_SLACK = 1.0


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
    mark: bool = False  # the file marks a change of speaker here without a name (`>>`, `- `)


@dataclass(frozen=True)
class Heading:
    """A section title the file itself has."""

    line: int
    text: str


@dataclass(frozen=True)
class Break:
    """A break in the show (`**Break:** [22:39] to [24:01]`): it ends the turn, names no one, and
    when it says where it ends, the next turn starts there."""

    line: int
    end: float | None = None


@dataclass(frozen=True)
class Draft:
    """One episode as a format module read it; None means the file does not say."""

    path: Path
    blocks: tuple[Cue | Heading | Break, ...]
    number: int | None = None
    title: str | None = None
    description: str = ""
    date: datetime.date | None = None
    season: int | None = None
    image: str = ""
    time: datetime.time | None = None
    audio: Audio | None = None
    hosts: tuple[str, ...] | None = None
    guests: tuple[str, ...] | None = None
    speakers: tuple[str, ...] | None = None
    speaker_names: tuple[tuple[str, str], ...] = ()
    slug: str | None = None
    guid: str = ""
    imported_from: str = ""
    episode_type: str = "full"
    explicit: bool | None = None
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
    numbering: identity.Numbering | None = None  # the site's numbers: a transcript without one gets the next free


def carry_labels(cues: list[Cue], path: Path, exact: frozenset[int] = frozenset()) -> list[Cue]:
    """Caption files name a speaker when it changes: an unlabelled cue, or an empty label,
    continues the speaker before it (except the cues at `exact`, which say all there is)."""
    out: list[Cue] = []
    last: str | None = None
    for i, cue in enumerate(cues):
        if cue.speaker == "" and last is not None:
            log.info("%s:%d: empty speaker label; taken as %s, who spoke before it", path, cue.line, last)
        if not cue.speaker and i not in exact and not cue.mark:
            cue = replace(cue, speaker=last)
        last = cue.speaker
        out.append(cue)
    return out


def _identity(draft: Draft, options: ImportOptions) -> tuple[int, str, datetime.date | None, int | None, str]:
    """(number, title, date, season, source) from the options, the file's own fields, its name and
    folder, in that order; a file that gives no number gets the next free one."""
    name = identity.from_path(draft.path)
    source = draft.imported_from or identity.source_name(draft.path)
    own_number, own_title = identity.title_number(draft.title) if draft.title else (None, None)
    given = options.number if options.number is not None else draft.number
    if own_number is not None and given is not None and own_number != given:
        own_number, own_title = None, draft.title  # "2: The Sequel" in episode 7 names no number
    number = next((n for n in (given, own_number, name.number) if n is not None), None)
    title = options.title or own_title or (name.title if name.title else None)
    if number is not None and number < 0:
        raise fail(draft.path, None, f"the episode number must be 0 or more, not {number}")
    where = name.where or "file name"
    if number is None:
        if options.numbering is None:
            raise fail(draft.path, None, "no episode number: the file and its name give none; pass --number 12 or "
                                         "name the file like `012-episode-title.vtt`")
        number = options.numbering.number_for(source)
        log.info("%s: no episode number in the file or its name; numbered %d, the next free number (--number sets "
                 "it)", draft.path, number)
    elif given is None and own_number is None and name.title and title == name.title:
        log.info("%s: episode %d, %r, from the %s (--number and --title set them)", draft.path, number, title, where)
    elif given is None and own_number is None:
        log.info("%s: episode %d from the %s (--number sets it)", draft.path, number, where)
    elif title is not None and title == name.title and not options.title:
        log.info("%s: title %r from the %s (--title sets it)", draft.path, title, where)
    if title is None:
        title = f"Episode {number}"
        log.info("%s: no title in the file or its name; titled %r (--title sets it)", draft.path, title)
    date = draft.date or name.date
    if draft.date is None and name.date is not None:
        log.info("%s: date %s from the %s", draft.path, name.date.isoformat(), where)
    return number, title, date, draft.season if draft.season is not None else name.season, source


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

    cache: dict[str, str] = {}
    canonical = [(cache.setdefault(label, named(label)) if label not in cache else cache[label], line)
                 for label, line in raw]
    known = tuple(dict.fromkeys([*(draft.hosts if draft.hosts is not None else options.hosts),
                                 *(draft.speakers or ()), *(draft.guests or ()), *explicit.values()]))
    resolution = resolve_labels(canonical, known)
    for merge in resolution.merges:
        log.info("%s:%d: speaker %r taken as %s (%s)", draft.path, merge.line, merge.label, merge.name, merge.reason)
    for label, people, line in resolution.ambiguous:
        log.warning("%s:%d: speaker %r could be %s; kept apart. If it is one of them, add `%s: NAME` under "
                    "`aliases:` in site_config.yaml", draft.path, line, label, " or ".join(people), label)
    return {label: resolution.names[cache[label]] for label, _ in raw}


def _with_chapters(draft: Draft, options: ImportOptions) -> tuple[Cue | Heading | Break, ...]:
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
            raise fail(where, chapter.line, f"chapter {quoted(chapter.title)} starts at {format_time(chapter.time)}, after "
                                            f"the last timed turn of {draft.path} ({format_time(timed[-1][1])})")
        starts.setdefault(index, []).append(chapter)
    out: list[Cue | Heading | Break] = []
    for i, block in enumerate(blocks):
        for chapter in starts.get(i, []):
            out.append(Heading(chapter.line, chapter.title))
        out.append(block)
    for chapters in starts.values():
        for chapter in chapters[:-1]:
            log.warning("%s:%d: chapter %r has no turn of its own; its section is empty", where, chapter.line,
                        chapter.title)
    return tuple(out)


def _sections(blocks: tuple[Cue | Heading | Break, ...], names: dict[str, str]) -> tuple[Section, ...]:
    """Merge cues into turns and turns into sections; cut paragraphs that run too long."""
    unnamed_file = not names
    marked_file = any(isinstance(b, Cue) and b.mark for b in blocks)
    built = SectionBuilder()
    paragraphs: list[str] = []
    speaker: str | None = None
    start: Cue | None = None
    last: Cue | None = None
    resume: float | None = None  # where the last break said it ends

    def close_turn() -> None:
        nonlocal paragraphs, start
        if start is not None:
            texts = [piece for paragraph in paragraphs if paragraph for piece in split(paragraph)]
            if texts or speaker is not None:  # a label with nothing after it is still a turn
                built.add(Turn(speaker, tuple(texts) or ("",), start.line, _as_written(start.time)))
        paragraphs, start = [], None

    for block in blocks:
        if isinstance(block, (Heading, Break)):
            close_turn()
            if isinstance(block, Heading):
                built.start(block.text, block.line)
            resume = block.end if isinstance(block, Break) else None
            last = None
            continue
        text = " ".join(block.text.split())
        who = one_line(names.get(block.speaker, block.speaker)) or None if block.speaker else None
        join_how = TURN if block.mark else block.join
        if join_how == MERGE and last is not None and paragraphs:
            join_how = _merge_or_break(last, block, paragraphs[-1])
        if join_how == BREAK:
            join_how = TURN if (unnamed_file or who is None) and not marked_file else PARAGRAPH
        if not text:
            if who is not None and join_how in (TURN, PARAGRAPH) and (start is None or join_how == TURN
                                                                       or who != speaker):
                close_turn()
                speaker, start, paragraphs = who, _resumed(block, resume), []
                resume, last = None, None
            continue
        if start is None or join_how == TURN or who != speaker:
            close_turn()
            speaker, start, paragraphs = who, _resumed(block, resume), [text]
            resume = None
        elif join_how == PARAGRAPH or not paragraphs:
            paragraphs.append(text)
        else:
            paragraphs[-1] = join(paragraphs[-1], text)
        last = block
    close_turn()
    return built.finish()


def _merge_or_break(last: Cue, cue: Cue, paragraph: str) -> str:
    """MERGE, or BREAK where a caption run reads better as a new paragraph: after a sentence that
    ends at a pause or once the paragraph is long; without sentence ends, at a shorter pause once
    it is TARGET words, or anywhere once it is LIMIT words."""
    gap = cue.time - last.end if cue.time is not None and last.end is not None else None
    if ends_sentence(last.text):
        if (gap is not None and gap >= PAUSE) or len(paragraph) >= PARAGRAPH_CHARS:
            return BREAK
        return MERGE
    words = size(paragraph)
    if words >= LIMIT or (words >= TARGET and gap is not None and gap >= SHORT_PAUSE):
        return BREAK
    return MERGE


def _as_written(time: float | None) -> float | None:
    """A time as the episode file keeps it (to the millisecond), so the file reads back the same turn."""
    return parse_time(format_time(time)) if time is not None else None


def _resumed(cue: Cue, resume: float | None) -> Cue:
    """The cue opening a turn after a break: it starts where the break ended, if it says no time itself."""
    return replace(cue, time=resume) if cue.time is None and resume is not None else cue


def one_line(name: str) -> str:
    """A name as the site shows it: on one line, spaces single (a label may hold a line break or a tab)."""
    return " ".join(name.split())


def _names(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in map(one_line, names) if n))


def to_episode(draft: Draft, options: ImportOptions) -> Episode:
    """The Episode a draft describes, with the user's options applied."""
    number, title, date, season, source = _identity(draft, options)
    names = _speaker_names(draft, options)
    sections = assign(_sections(_with_chapters(draft, options), names))
    if not any(t.paragraphs != ("",) for s in sections for t in s.turns):
        raise fail(draft.path, None, "no transcript text found in the file")
    spoken = speakers_in_order(sections)
    hosts = _names(reconcile(draft.hosts, spoken) if draft.hosts is not None else options.hosts)
    speakers = spoken or _names(draft.speakers or ())
    # The file's own guest list, else everyone who speaks and everyone its `speakers:` lists, spelt as spoken.
    guests = _names(reconcile(draft.guests, spoken) if draft.guests is not None
                    else (*speakers, *reconcile(draft.speakers or (), spoken)))
    silent = set(spoken) - {t.speaker for s in sections for t in s.turns if t.paragraphs != ("",)}
    guests = tuple(g for g in guests if g not in hosts and not is_generic(g) and g not in silent)
    slug = draft.slug or f"{number:03d}-{slugify(title, 60)}".rstrip("-")
    return Episode(number=number, title=title, slug=slug, guid=draft.guid,
                   description=draft.description, date=date, time=draft.time, season=season, image=draft.image,
                   audio=draft.audio, episode_type=draft.episode_type, explicit=draft.explicit, hosts=hosts,
                   guests=guests, speakers=speakers, has_transcript=True, sections=sections, imported_from=source,
                   extra=draft.extra, path=draft.path)
