"""content/episodes/*.md -> typed Episodes, with every problem reported as path:line."""
from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import front_matter
from .config import SiteConfig
from .fast_markup import read_body
from .errors import Problem, SiteError, quoted
from .layout import EPISODES_DIR, files_inside, shown_path
from .model import Episode, Section, speakers_in_order
from .slugs import is_slug, slugify
from .textfile import CONTENT_ADVICE, decode
from .yamlmap import FRONT_MATTER_END

log = logging.getLogger(__name__)


def parse_episode(text: str, path: Path, config: SiteConfig, with_body: bool = True,
                  sections: tuple[Section, ...] | None = None) -> Episode:
    """One episode file's text -> Episode; raises SiteError listing all its problems.

    Without the body, only the front matter is read and checked: enough to order episodes.
    `sections` is the body already read (fast_markup.read_body, which renders it in the same
    pass); without them the body is read here the same way.
    """
    yaml_text, body, body_line = front_matter.split(text, path)
    data, lines = front_matter.load(yaml_text, path)
    front = front_matter.read(data, lines, path, required=("title", "number"))
    problems = list(front.problems)
    values = front.values
    if "slug" not in data and not is_slug(slugify(path.stem, 120)):
        problems.append(Problem(path, 1, "the file name gives no URL for the page: rename the file with letters "
                                         "or digits, like 012-title.md, or add `slug: 012-title`"))
    if sections is None:
        sections = read_body(body, body_line, config.allow_html).sections if with_body else ()
    sections = _with_aliases(sections, config)
    if problems:
        raise SiteError(sorted(problems, key=lambda p: p.line or 0))  # in the order a reader meets them
    if with_body:  # the build reads each file's front matter first, then the whole file: say it once
        front_matter.warn_unknown(front, path)
    speakers = values.get("speakers", speakers_in_order(sections))
    hosts = values.get("hosts", config.host)
    values.setdefault("slug", slugify(path.stem, 120))
    values.setdefault("guests", tuple(s for s in speakers if s not in hosts))
    values["has_transcript"] = values.get("has_transcript", True) and (bool(sections) or not with_body)
    # A head keeps no body: what follows the front matter in the bytes read is part of a body at
    # most, and the build holds five thousand heads at once (80 MB of text at 16 KB each).
    return Episode(**{**values, "hosts": hosts, "speakers": speakers}, sections=sections, path=path,
                   body=body if with_body else "", lines=tuple(front.lines.items()))


def _with_aliases(sections: tuple[Section, ...], config: SiteConfig) -> tuple[Section, ...]:
    """Sections with every speaker under the name site_config.yaml's aliases give them."""
    if not any(t.speaker == "" or t.speaker in config.aliases for s in sections for t in s.turns):
        return sections  # the common case: nothing to rename, nothing to rebuild
    return tuple(replace(s, turns=tuple(replace(t, speaker=config.canonical_speaker(t.speaker) if t.speaker else None)
                                        for t in s.turns))
                 for s in sections)


def episode_files(site: Path) -> list[Path]:
    """The site's episode files, in name order (see layout.files_inside)."""
    return files_inside(site, site / EPISODES_DIR, "*.md")


def read_episode(site: Path, path: Path, config: SiteConfig, with_body: bool = True) -> Episode:
    """Read and parse one episode file (see parse_episode); without the body, read only as much
    of the file as holds the front matter."""
    if with_body:
        shown, text = read_episode_text(site, path)
    else:
        shown, text = shown_path(site, path), _head_text(path, shown_path(site, path))
    return parse_episode(text, shown, config, with_body)


HEAD_BYTES = 16_384


def _head_text(path: Path, shown: Path) -> str:
    """The start of an episode file, up to and including its front matter's closing line; the
    whole file when that is not in the first HEAD_BYTES bytes of a plain UTF-8 file."""
    with path.open("rb") as handle:
        data = handle.read(HEAD_BYTES)
        if len(data) == HEAD_BYTES and data.startswith(b"---\n"):
            start = data[:data.rfind(b"\n") + 1]  # whole lines: no character cut in two
            text = decode(start, shown, advice=CONTENT_ADVICE)
            if FRONT_MATTER_END.search(text, 4):
                return text
        data += handle.read()
    return decode(data, shown, advice=CONTENT_ADVICE)


def read_episode_text(site: Path, path: Path) -> tuple[Path, str]:
    """An episode file's path as problems name it, and its text."""
    shown = shown_path(site, path)
    return shown, decode(path.read_bytes(), shown, advice=CONTENT_ADVICE)


def _key_line(site: Path | None, path: Path | None, key: str) -> int:
    """The line of `key:` in an episode file's front matter, for naming a clash; 1 when it is not there."""
    if path is None or (site is None and not path.is_absolute()):
        return 1
    try:
        text = decode((site / path if site is not None else path).read_bytes(), path)
    except (OSError, SiteError):
        return 1
    head = text.split("\n---", 1)[0]
    match = re.search(rf"^{key}[ \t]*:", head, re.M)
    return head.count("\n", 0, match.start()) + 1 if match else 1


def find_clashes(episodes: list[Episode], site: Path | None = None) -> list[Problem]:
    """Two files claiming one episode number or one URL; each problem names both files and lines.

    `site` is the folder episode paths are relative to (None: as they are)."""
    problems = []
    for attribute in ("number", "slug"):
        first: dict[Any, Episode] = {}
        for episode in episodes:
            other = first.setdefault(getattr(episode, attribute), episode)
            if other is not episode:
                line, other_line = _key_line(site, episode.path, attribute), _key_line(site, other.path, attribute)
                problems.append(Problem(episode.path, line, f"{attribute} {quoted(getattr(episode, attribute))} is also "
                                                            f"used by {other.path}:{other_line}; each episode "
                                                            f"needs its own"))
    return problems
