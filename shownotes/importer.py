"""Raw transcripts -> content/episodes/*.md, never overwriting a file someone edited."""
from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import episode_markdown
from .config import EPISODES_DIR, SiteConfig
from .errors import Problem, SiteError
from .formats import page_scrape
from .model import Episode
from .textfile import read_text, repair

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportResult:
    """What happened to one episode: 'created', 'updated' or 'unchanged', and where."""

    path: Path
    action: str
    episode: Episode


def parse_transcript(path: Path, config: SiteConfig, encoding: str | None = None) -> list[Episode]:
    """The episodes in one raw transcript file."""
    text = repair(read_text(path, encoding))
    return page_scrape.parse(text, path, config.aliases, config.host)


def episode_text(episode: Episode) -> str:
    """The Markdown file import writes for an episode, checksum included."""
    values: dict[str, object] = {"title": episode.title, "number": episode.number}
    if episode.description:
        values["description"] = episode.description
    values["hosts"] = list(episode.hosts)
    values["guests"] = list(episode.guests)
    values["speakers"] = list(episode.speakers)
    if not episode.has_transcript:
        values["transcript"] = False
    text = episode_markdown.front_matter(values) + "\n" + episode_markdown.body(episode.sections)
    return episode_markdown.with_checksum(text)


def _target(folder: Path, episode: Episode) -> Path:
    """Where the episode goes: the existing file for its number if there is one, else NNN-slug.md."""
    existing = sorted(folder.glob(f"{episode.number:03d}-*.md"))
    return existing[0] if existing else folder / f"{episode.slug}.md"


def _write_atomically(path: Path, text: str) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def import_files(site: Path, files: list[Path], config: SiteConfig, force: bool = False,
                 encoding: str | None = None) -> list[ImportResult]:
    """Import every file, or nothing: all files are parsed and checked before any is written."""
    problems: list[Problem] = []
    episodes: list[Episode] = []
    for file in files:
        try:
            episodes.extend(parse_transcript(file, config, encoding))
        except SiteError as error:
            problems.extend(error.problems)
        except OSError as error:
            problems.append(Problem(file, None, f"cannot read: {error.strerror}"))
    folder = site / EPISODES_DIR
    plans: list[tuple[Path, str, str, Episode]] = []
    claimed: dict[Path, Episode] = {}
    for episode in episodes:
        path = _target(folder, episode)
        if path in claimed:
            problems.append(Problem(episode.path, None, f"episode {episode.number} appears twice in the input"))
            continue
        claimed[path] = episode
        text = episode_text(episode)
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old is None:
            plans.append((path, text, "created", episode))
        elif old == text:
            plans.append((path, text, "unchanged", episode))
        elif episode_markdown.is_hand_edited(old) and not force:
            problems.append(Problem(path, None, f"edited by hand since it was imported; not overwriting it with "
                                                f"episode {episode.number} from {episode.path}. Use --force to "
                                                f"replace it (a backup is kept as {path.name}.bak)"))
        else:
            plans.append((path, text, "updated", episode))
    if problems:
        raise SiteError(problems)
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    for path, text, action, episode in plans:
        if action == "updated" and episode_markdown.is_hand_edited(path.read_text(encoding="utf-8")):
            backup = path.with_name(path.name + ".bak")
            _write_atomically(backup, path.read_text(encoding="utf-8"))
            log.info("kept a backup of %s as %s", path, backup.name)
        if action != "unchanged":
            _write_atomically(path, text)
        log.info("%s %s (episode %d: %s)", action, path, episode.number, episode.title)
        results.append(ImportResult(path, action, episode))
    return results
