"""Markdown and plain-text transcripts: optional front matter (YAML between `---` lines, or TOML
between `+++` lines as Hugo writes it, carried over), a `# Title` line, `##` headings, and turns
in any of the line shapes formats/turn_lines.py reads."""
from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path
from typing import Any

from .. import front_matter
from ..errors import Problem, SiteError, fail
from .draft import Cue, Draft, Heading
from .page_scrape import EPISODE_LINE
from .paragraphs import size
from .turn_lines import read_lines

log = logging.getLogger(__name__)

# What a transcript's front matter carries over into the episode (`transcript:` is the build's own).
_DRAFT_FIELDS = {"title", "number", "date", "season", "description", "image", "audio", "hosts", "guests", "speakers",
                 "slug", "guid", "imported_from", "time", "episode_type", "explicit", "extra"}
_TOML_FENCE = "+++"
# Text with no labels, times or headings is a transcript of one voice only when there is some of it:
# "nothing here" in the inbox is a note, not an episode.
MIN_WORDS = 50


def _toml(text: str, path: Path) -> tuple[dict[str, Any], dict[str, int], str, int]:
    """Hugo's TOML front matter between `+++` lines: (values, key lines, body, body's first line)."""
    # The standard library's reader from Python 3.11, its original (tomli) before.
    tomllib = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
    lines = text.split("\n")
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == _TOML_FENCE), None)
    if end is None:
        raise fail(path, 1, "front matter is not closed: did you forget the closing `+++` line?")
    block = "\n".join(lines[1:end])
    try:
        data = tomllib.loads(block)
    except tomllib.TOMLDecodeError as error:
        raise fail(path, 1, f"invalid TOML front matter: {error}") from None
    key_lines: dict[str, int] = {}
    for number, line in enumerate(lines[1:end], 2):
        key = line.split("=", 1)[0].strip().strip('"')
        if "=" in line and key in data:
            key_lines.setdefault(key, number)
    return data, key_lines, "\n".join(lines[end + 1:]), end + 2


def _front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """(the front matter's values for Draft, the body, the body's first line); read through the
    same table as episode files, so a transcript's `date: '2022-02-25'` or `episode: 12` is read
    as an episode file's would be. `speakers:` may also map labels to names."""
    if text.startswith("---\n"):
        yaml_text, body, body_line = front_matter.split(text, path)
        data, lines = front_matter.load(yaml_text, path)
    elif text.startswith(_TOML_FENCE + "\n"):
        data, lines, body, body_line = _toml(text, path)
    else:
        return {}, text, 1
    for key in list(data):  # Hugo's keys are case-blind: `Description =` is `description`
        if isinstance(key, str) and key != key.lower() and key.lower() in front_matter.BY_KEY \
                and key.lower() not in data:
            data[key.lower()] = data.pop(key)
            lines[key.lower()] = lines.get(key, 1)
    speaker_names = data.pop("speakers") if isinstance(data.get("speakers"), dict) else None
    front = front_matter.read(data, lines, path)
    problems = list(front.problems)
    if speaker_names is not None and not all(isinstance(k, str) and isinstance(v, str)
                                             for k, v in speaker_names.items()):
        problems.append(Problem(path, lines.get("speakers"), "`speakers` must be a list of names, or a mapping "
                                                             "from labels to names"))
    if problems:
        raise SiteError(sorted(problems, key=lambda p: p.line or 0))
    for key in front.unknown:
        log.info("%s:%d: `%s` kept under `extra:` (not a field shownotes uses)", path, lines.get(key, 1), key)
    values = {k: v for k, v in front.values.items() if k in _DRAFT_FIELDS}
    if speaker_names:
        values["speaker_names"] = tuple(speaker_names.items())
    return values, body, body_line


def parse(text: str, path: Path, markdown: bool = True) -> Draft:
    """A transcript's front matter, title, headings and turns; `markdown` reads `**bold**` labels,
    escapes and `#` headings (plain text has none of them)."""
    values, body, first = _front_matter(text, path)
    known = {name for key in ("hosts", "guests", "speakers") for name in values.get(key) or ()}
    known.update(name for _, name in values.get("speaker_names", ()))
    blocks, title = read_lines(body, first, path, markdown, known)
    if title is not None:
        episode = EPISODE_LINE.match(title)
        values.setdefault("title", episode.group("title").strip() if episode else title)
        if episode:
            values.setdefault("number", int(episode.group("number")))
    if not blocks:
        raise fail(path, first, "no transcript found: expected `**Name:** text` turns after the front matter")
    words = sum(size(b.text) for b in blocks if isinstance(b, Cue))
    if not values and words < MIN_WORDS and not any(
            isinstance(b, Heading) or isinstance(b, Cue) and (b.speaker or b.time is not None) for b in blocks):
        raise fail(path, first, f"no transcript found: {words} words with no speaker names or times; expected turns "
                                f"like `Ada Lovelace: text` or `[00:01:02] text` (see Transcript formats in "
                                f"docs/podcasters.md)")
    return Draft(path, tuple(blocks), **values)


def parse_text(text: str, path: Path) -> Draft:
    """A plain-text transcript: the same lines without Markdown's bold, escapes and headings."""
    return parse(text, path, markdown=False)
