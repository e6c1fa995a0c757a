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
from .formats import chapters as chapter_file
from .formats.detect import read
from .formats.draft import ImportOptions
from .model import Episode
from .textfile import read_text, repair

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportResult:
    """What happened to one episode: 'created', 'updated' or 'unchanged', and where."""

    path: Path
    action: str
    episode: Episode


@dataclass(frozen=True)
class ImportRequest:
    """What the user asked for besides the files: a format instead of detecting one, the episode's
    number and title, a chapters file, and names for the labels in the transcript."""

    format: str | None = None
    number: int | None = None
    title: str | None = None
    chapters: Path | None = None
    speakers: tuple[tuple[str, str], ...] = ()


def parse_transcript(path: Path, config: SiteConfig, encoding: str | None = None,
                     options: ImportOptions | None = None, format: str | None = None) -> list[Episode]:
    """The episodes in one raw transcript file, in the given format or the one it looks like."""
    text = repair(read_text(path, encoding))
    return read(text, path, options or ImportOptions(aliases=config.aliases, hosts=config.host), format)


def _options(config: SiteConfig, files: list[Path], request: ImportRequest, encoding: str | None) -> ImportOptions:
    """The options every file is read with; a bad chapters file or option is a SiteError."""
    if (request.number is not None or request.title is not None) and len(files) > 1:
        raise SiteError(Problem(None, None, "--number and --title name one episode: import one FILE at a time"))
    found = ()
    if request.chapters is not None:
        try:
            found = chapter_file.parse(read_text(request.chapters, encoding), request.chapters)
        except OSError as error:
            raise SiteError(Problem(request.chapters, None, f"cannot read: {error.strerror}")) from None
    return ImportOptions(aliases=config.aliases, hosts=config.host, number=request.number, title=request.title,
                         speaker_names=dict(request.speakers), chapters=found, chapters_path=request.chapters)


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
    if episode.date is not None:
        values["date"] = episode.date
    if episode.audio is not None:
        audio = episode.audio
        values["audio"] = {k: v for k, v in (("url", audio.url), ("length", audio.length), ("type", audio.type),
                                             ("duration", audio.duration)) if v is not None}
    values.update(episode.extra)
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
                 encoding: str | None = None, request: ImportRequest = ImportRequest(),
                 only_new: bool = False) -> list[ImportResult]:
    """Import every file, or nothing: all files are parsed and checked before any is written.

    With `only_new`, an episode whose number already has a file is left as it is ('kept').
    """
    problems: list[Problem] = []
    episodes: list[Episode] = []
    options = _options(config, files, request, encoding)
    for file in files:
        try:
            episodes.extend(parse_transcript(file, config, encoding, options, request.format))
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
        if old is not None and only_new:
            plans.append((path, old, "kept", episode))
        elif old is None:
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
        if action not in ("unchanged", "kept"):
            _write_atomically(path, text)
        log.info("%s %s (episode %d: %s)", action, path, episode.number, episode.title)
        results.append(ImportResult(path, action, episode))
    return results
