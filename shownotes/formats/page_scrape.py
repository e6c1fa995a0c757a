"""The plain-text scrape of a show's web page: "Episode N: Title", a description,
"Transcript", then Title-Case section lines and "Name: text" turns."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from ..errors import fail
from ..model import Episode, Section, SectionBuilder, Turn, speakers_in_order
from ..slugs import slugify
from ..speakers import find_misspellings, glued_label_pattern, split_label

log = logging.getLogger(__name__)

EPISODE_LINE = re.compile(r"^(?:episode|ep\.?)\s*#?\s*(?P<number>\d+)\s*(?:[:|.–—-]\s*)(?P<title>\S.*)$", re.I)
TRANSCRIPT_MARK = re.compile(r"^transcript\s*:?$", re.I)
NO_TRANSCRIPT = re.compile(r"^transcript\b.*\b(coming soon|not (yet )?available|unavailable|to follow)\b", re.I)

# Short words a Title-Case heading may leave in lowercase ("Use of Open Source").
MINOR_WORDS = {"a", "an", "and", "as", "at", "but", "by", "en", "for", "from", "if", "in", "into", "is", "nor",
               "of", "off", "on", "onto", "or", "over", "per", "so", "the", "than", "to", "up", "upon", "v", "v.",
               "via", "vs", "vs.", "with", "yet"}
# One-word lines that are replies, not section titles.
INTERJECTIONS = {"yes", "yeah", "yep", "no", "nope", "ok", "okay", "right", "sure", "exactly", "absolutely",
                 "wow", "hmm", "uh", "um", "thanks", "great", "cool", "alright", "correct", "true", "indeed",
                 "definitely", "totally", "agreed", "laughs", "laughter", "crosstalk", "music", "inaudible"}
SENTENCE_END = tuple(".,;:!…")
MAX_HEADING_WORDS = 14


@dataclass(frozen=True)
class Line:
    """A non-blank line of the file and where it was."""

    number: int
    text: str


def is_title_case(text: str) -> bool:
    """Every word that starts with a letter is capitalised, except short joining words inside."""
    words = text.split()
    lettered = 0
    for i, raw in enumerate(words):
        word = raw.lstrip("“\"‘'([")
        if not word or not word[0].isalpha():
            continue
        lettered += 1
        if word[0].isupper():
            continue
        if i == 0 or word.lower().rstrip("?,") not in MINOR_WORDS:
            return False
    return lettered > 0


def looks_like_heading(text: str, next_starts_turn: bool, episode_has_turns: bool) -> bool:
    """A section title: short, Title Case, no sentence punctuation at its end.

    A one-word line must also be followed by a new speaker's turn (when the episode has
    turns at all), which tells "Customers" from a reply such as "Right".
    """
    words = text.split()
    if not words or len(words) > MAX_HEADING_WORDS or len(text) > 120 or text.endswith(SENTENCE_END):
        return False
    if not is_title_case(text):
        return False
    if len(words) == 1:
        if text.lower().strip("“”\"'") in INTERJECTIONS:
            return False
        return next_starts_turn or not episode_has_turns
    return True


def parse(text: str, path: Path, aliases: Mapping[str, str], hosts: tuple[str, ...]) -> list[Episode]:
    """Every episode in a page scrape, in file order. `hosts` empty means: the byline is the host."""
    lines = [Line(n, raw.strip()) for n, raw in enumerate(text.split("\n"), 1) if raw.strip()]
    starts = [i for i, line in enumerate(lines) if EPISODE_LINE.match(line.text)]
    if not starts:
        first = lines[0].number if lines else 1
        raise fail(path, first, "no episode found: expected a line like `Episode 12: Title` before the transcript")
    byline = lines[starts[0] - 1].text if starts[0] > 0 else None
    show_hosts = hosts or ((aliases.get(byline, byline),) if byline and split_label(byline) is None else ())
    episodes = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        episodes.append(_episode(lines[start:end], path, aliases, show_hosts))
    return episodes


def _episode(lines: list[Line], path: Path, aliases: Mapping[str, str], hosts: tuple[str, ...]) -> Episode:
    match = EPISODE_LINE.match(lines[0].text)
    assert match is not None
    number, title = int(match.group("number")), match.group("title").strip()
    description: list[str] = []
    body: list[Line] = []
    has_transcript = True
    for i, line in enumerate(lines[1:], 1):
        if NO_TRANSCRIPT.match(line.text):
            has_transcript = False
            body = []
            break
        if TRANSCRIPT_MARK.match(line.text):
            body = lines[i + 1:]
            break
        if split_label(line.text):  # no "Transcript" line: the first turn starts it
            body = lines[i:]
            break
        description.append(line.text)
    sections = _sections(_unglue(body), path, aliases) if has_transcript else ()
    has_transcript = has_transcript and bool(sections)
    speakers = speakers_in_order(sections)
    return Episode(
        number=number,
        title=title,
        slug=f"{number:03d}-{slugify(title, 60)}".rstrip("-"),
        description="\n\n".join(description),
        hosts=hosts,
        guests=tuple(s for s in speakers if s not in hosts),
        speakers=speakers,
        has_transcript=has_transcript,
        sections=sections,
        path=path,
    )


def _unglue(lines: list[Line]) -> list[Line]:
    """Split lines where a known speaker's turn was glued onto the end of another."""
    names = {label[0] for line in lines if (label := split_label(line.text))}
    pattern = glued_label_pattern(names)
    if pattern is None:
        return lines
    out: list[Line] = []
    for line in lines:
        parts = [p.strip() for p in pattern.split(line.text) if p.strip()]
        out.extend(Line(line.number, part) for part in parts)
    return out


def _sections(lines: list[Line], path: Path, aliases: Mapping[str, str]) -> tuple[Section, ...]:
    """Group lines into sections of turns, warning about speaker names that look misspelt."""
    labels = [split_label(line.text) for line in lines]
    has_turns = any(labels)
    known = {label[0] for label in labels if label}
    built = SectionBuilder(lines[0].number if lines else 0)
    speaker: str | None = None
    paragraphs: list[str] = []
    turn_line = 0
    first_lines: dict[str, int] = {}
    counts: dict[str, int] = {}

    def close_turn() -> None:
        nonlocal paragraphs
        if paragraphs:
            built.add(Turn(speaker, tuple(paragraphs), turn_line))
        paragraphs = []

    for i, line in enumerate(lines):
        label = labels[i]
        next_label = labels[i + 1] if i + 1 < len(lines) else None
        next_is_turn = next_label is not None or (i + 1 < len(lines) and lines[i + 1].text in known)
        if label:
            close_turn()
            raw_name, text = label
            speaker = aliases.get(raw_name, raw_name)
            first_lines.setdefault(raw_name if raw_name not in aliases else speaker, line.number)
            counts[speaker] = counts.get(speaker, 0) + 1
            paragraphs, turn_line = [text], line.number
        elif line.text in known and next_label is None and i + 1 < len(lines):
            close_turn()  # "Name" alone on its line, the turn's text below it
            speaker = aliases.get(line.text, line.text)
            counts[speaker] = counts.get(speaker, 0) + 1
            turn_line = line.number
        elif looks_like_heading(line.text, next_is_turn, has_turns):
            close_turn()
            built.start(line.text, line.number)
        else:
            if not paragraphs:
                turn_line = line.number
            paragraphs.append(line.text)
    close_turn()
    sections = built.finish()
    for slip in find_misspellings(first_lines, counts):
        log.warning("%s:%d: speaker %r looks like a misspelling of %r; if they are one person, add "
                    "`%s: %s` under `aliases:` in site_config.yaml", path, slip.line, slip.rare, slip.common,
                    slip.rare, slip.common)
    return sections
