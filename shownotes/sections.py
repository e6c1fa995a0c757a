"""Where an imported episode's sections come from: the best source that has any, in a fixed order.

1. headings in the transcript;
2. a chapters file: `--chapters FILE`, or one beside the transcript (CHAPTERS_BESIDE);
3. chapters embedded in the episode's audio file (audio.audio_chapters, tried by importer.py);
4. (to come) chapters published for the episode in the podcast's feed;
5. otherwise, sections found in the text (segment.py), for an episode long enough to need them.

Sources 2 to 4 are all chapters, times with titles, placed the same way (formats/draft.py);
`chapters_for` is where they are tried, in order.
"""
from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, replace
from pathlib import Path

from . import segment
from .anchors import assign
from .config import SiteConfig
from .content import parse_episode
from .errors import Problem, SiteError
from .formats.chapters import Chapter, parse
from .model import Episode, Section
from .textfile import read_text

log = logging.getLogger(__name__)


class Source(enum.Enum):
    """Where the sections of an episode came from, best first; the value is how -v says it."""

    HEADINGS = "headings in the transcript"
    CHAPTERS = "chapters"
    # AUDIO and FEED chapters go here, in this order, when they can be read.
    FOUND = "found automatically in the text"
    NONE = "none"


# Chapters files import reads beside a transcript NAME.ext, first found first: NAME.chapters.json,
# NAME.chapters.txt, and chapters.json or chapters.txt when the folder holds no other transcript.
CHAPTERS_BESIDE = (".chapters.json", ".chapters.txt")
FOLDER_CHAPTERS = ("chapters.json", "chapters.txt")
TRANSCRIPT_SUFFIXES = frozenset({".vtt", ".webvtt", ".srt", ".json", ".txt", ".md", ".markdown"})


def is_chapters_file(path: Path) -> bool:
    """True for a file named as chapters beside a transcript: read with it, never imported on its own."""
    return path.name.lower().endswith(CHAPTERS_BESIDE) or path.name.lower() in FOLDER_CHAPTERS


def chapters_beside(transcript: Path) -> Path | None:
    """The chapters file that goes with a transcript, by name (see CHAPTERS_BESIDE), if there is one."""
    for suffix in CHAPTERS_BESIDE:
        path = transcript.with_name(transcript.stem + suffix)
        if path.is_file():
            return path
    folder = transcript.parent
    for name in FOLDER_CHAPTERS:
        path = folder / name
        if path.is_file():
            others = [p for p in folder.iterdir() if p != transcript and p.suffix.lower() in TRANSCRIPT_SUFFIXES
                      and not is_chapters_file(p) and p.is_file()]
            return None if others else path
    return None


@dataclass(frozen=True)
class Chapters:
    """Chapters for one transcript, and the file they were read from (errors name it)."""

    chapters: tuple[Chapter, ...]
    path: Path


def read_chapters(path: Path, encoding: str | None = None) -> Chapters:
    """A chapters file's chapters; a SiteError naming the file (and line) when it cannot be used."""
    try:
        return Chapters(parse(read_text(path, encoding), path), path)
    except OSError as error:
        raise SiteError(Problem(path, None, f"cannot read: {error.strerror}")) from None


def chapters_for(transcript: Path, encoding: str | None = None) -> Chapters | None:
    """Chapters for a transcript that has no headings and no --chapters, from the best source
    that has them: a chapters file beside it; (to come) its audio file; (to come) the feed."""
    beside = chapters_beside(transcript)
    return read_chapters(beside, encoding) if beside is not None else None


def titled(episode: Episode) -> bool:
    """True when the episode has sections with titles of its own."""
    return any(section.heading is not None for section in episode.sections)


def with_found_sections(episode: Episode, chapters: Path | None) -> tuple[Episode, Source]:
    """The episode with sections found in its text when no better source gave it any, and where
    its sections came from (`chapters`: the chapters file it was read with, if any); -v says which."""
    name = f"{episode.path}: episode {episode.number}"
    if titled(episode):
        source = Source.CHAPTERS if chapters is not None else Source.HEADINGS
        where = f"the chapters in {chapters}" if chapters is not None else source.value
        log.debug("%s: %d sections from %s", name, sum(s.heading is not None for s in episode.sections), where)
        return episode, source
    if not episode.has_transcript:
        return episode, Source.NONE
    found = segment.find_sections([turn for section in episode.sections for turn in section.turns])
    if not found:
        log.debug("%s: no sections: too short to divide (sections are found from %d words on)", name,
                  segment.FIND_FROM_WORDS)
        return episode, Source.NONE
    log.debug("%s: %d sections %s (no headings or chapters)", name, len(found), Source.FOUND.value)
    return replace(episode, sections=assign(found), sections_found=True), Source.FOUND


def _same_words(one: tuple[Section, ...], other: tuple[Section, ...]) -> bool:
    """True when two transcripts hold the same paragraphs, said by the same people at the same times,
    however they are cut into sections (a turn a heading cuts in two is still one turn)."""
    def spoken(sections: tuple[Section, ...]) -> list[tuple[str | None, float | None, str]]:
        said: list[tuple[str | None, float | None, str]] = []
        for turn in (t for s in sections for t in s.turns):
            speaker = turn.speaker if turn.speaker is not None or not said else said[-1][0]
            said.extend((speaker, turn.time if i == 0 else None, p) for i, p in enumerate(turn.paragraphs))
        return said
    return spoken(one) == spoken(other)


def kept_from(old: str, path: Path, episode: Episode, config: SiteConfig) -> Episode:
    """The episode with the sections of its file as it is (`old`) instead of found ones, when the
    file holds the same words: found sections never replace sections the podcaster may have
    renamed, merged or deleted. Anything else (new words, a broken file) keeps the found ones."""
    try:
        before = parse_episode(old, path, config)
    except SiteError:
        return episode
    if before.sections == episode.sections or not _same_words(before.sections, episode.sections):
        return episode
    log.info("%s: kept its sections: found sections do not replace the sections of a file with the same words",
             path)
    return replace(episode, sections=before.sections, sections_found=before.sections_found)
