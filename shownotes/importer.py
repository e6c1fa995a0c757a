"""Raw transcripts -> content/episodes/*.md, never overwriting a file someone edited."""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from . import episode_markdown, front_matter, media, sections
from .audio import audio_chapters
from .config import SiteConfig
from .layout import EPISODES_DIR
from .content import episode_files, parse_episode, read_episode
from .errors import Problem, SiteError, quoted
from .formats import chapters as chapter_file
from .formats.detect import not_text, read
from .formats.draft import ImportOptions
from .formats.identity import Numbering
from .model import Episode
from .textfile import CONTENT_ADVICE, decode, repair

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
    data = path.read_bytes()
    if (what := not_text(data)) is not None:
        raise SiteError(Problem(path, None, what))
    text = repair(decode(data, path, encoding))
    return read(text, path, options or ImportOptions(aliases=config.aliases, hosts=config.host), format)


_NUMBERED_FILE = re.compile(r"^(\d+)-")


class _Site:
    """The episodes a site already has, read only as far as an import needs: the numbers their file
    names take, and a file's front matter (which transcript it came from) when asked. A file the
    build would refuse is skipped here; the build names its problem."""

    def __init__(self, site: Path, config: SiteConfig) -> None:
        self.site, self.config = site, config
        self.files = episode_files(site)
        self.read: dict[Path, Episode | None] = {}

    def numbers(self) -> set[int]:
        return {int(m.group(1)) for path in self.files if (m := _NUMBERED_FILE.match(path.name))}

    def episode(self, path: Path) -> Episode | None:
        key = path.resolve()
        if key not in self.read:
            try:
                self.read[key] = read_episode(self.site, path, self.config, with_body=False)
            except (SiteError, OSError):
                self.read[key] = None
        return self.read[key]

    def sources(self) -> dict[str, int]:
        """Transcript name -> the number of the episode imported from it."""
        found: dict[str, int] = {}
        for path in self.files:
            episode = self.episode(path)
            if episode is not None and episode.imported_from:
                found.setdefault(episode.imported_from, episode.number)
        return found


def _options(config: SiteConfig, files: list[Path], request: ImportRequest, encoding: str | None,
             numbering: Numbering) -> ImportOptions:
    """The options every file is read with; a bad chapters file or option is a SiteError."""
    if (request.number is not None or request.title is not None) and len(files) > 1:
        raise SiteError(Problem(None, None, "--number and --title name one episode: import one FILE at a time"))
    found: tuple[chapter_file.Chapter, ...] = ()
    if request.chapters is not None:
        found = sections.read_chapters(request.chapters, encoding).chapters
    return ImportOptions(aliases=config.aliases, hosts=config.host, number=request.number, title=request.title,
                         speaker_names=dict(request.speakers), chapters=found, chapters_path=request.chapters,
                         numbering=numbering)


def _with_sections(site: Path, file: Path, config: SiteConfig, encoding: str | None, options: ImportOptions,
                   format: str | None) -> list[tuple[Episode, sections.Source]]:
    """The episodes in one transcript, with sections from the best source (see sections.py): its
    headings, else chapters (--chapters, or a chapters file beside it, or those embedded in the
    episode's audio file), else found in the text."""
    episodes = parse_transcript(file, config, encoding, options, format)
    chapters = options.chapters_path
    if chapters is None and not any(sections.titled(e) for e in episodes):
        beside = sections.chapters_for(file, encoding)
        embedded = _embedded_chapters(site, episodes) if beside is None else None
        if beside is not None:
            options = replace(options, chapters=beside.chapters, chapters_path=beside.path)
            episodes = parse_transcript(file, config, encoding, options, format)
            chapters = beside.path
        elif embedded is not None:
            try:
                episodes = parse_transcript(file, config, encoding, replace(
                    options, chapters=embedded.chapters, chapters_path=embedded.path), format)
                chapters = embedded.path
                log.info("%s: sections from the chapters embedded in %s", file, embedded.path.name)
            except SiteError as error:
                log.warning("%s: the chapters embedded in %s do not fit the transcript (%s); not used", file,
                            embedded.path.name, "; ".join(p.message for p in error.problems))
    return [sections.with_found_sections(episode, chapters) for episode in episodes]


def _embedded_chapters(site: Path, episodes: list[Episode]) -> sections.Chapters | None:
    """The chapters embedded in the local audio file a transcript's one episode names, if any."""
    audio = episodes[0].audio if len(episodes) == 1 else None
    local = media.local_path(site, audio.url) if audio is not None else None
    found = audio_chapters(local) if local is not None and local.is_file() else []
    if not found or local is None:
        return None
    return sections.Chapters(tuple(chapter_file.Chapter(start, title, 1) for start, title in found), local)


def episode_text(episode: Episode) -> str:
    """The Markdown file import writes for an episode, checksum included."""
    text = front_matter.text(front_matter.values(episode)) + "\n" + episode_markdown.body(episode.sections)
    return episode_markdown.with_checksum(text)


_NOT_TEXT = re.compile("[\ud800-\udfff]")


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root)


def _target(folder: Path, episode: Episode, root: Path) -> Path:
    """Where the episode goes: the existing file for its number if there is one, else NNN-slug.md.
    A link leading outside the site is no episode file (the build skips it too)."""
    existing = [p for p in sorted(folder.glob(f"{episode.number:03d}-*.md")) if _inside(p, root)]
    return existing[0] if existing else folder / f"{episode.slug}.md"


def _loads_back(text: str, path: Path, episode: Episode, config: SiteConfig) -> list[Problem]:
    """What the build would refuse in the file import is about to write, named at the transcript it came from."""
    try:
        parse_episode(text, path, config, with_body=False)
    except SiteError as error:
        return [Problem(episode.path, None, problem.message) for problem in error.problems]
    return []


def _write_atomically(path: Path, data: bytes) -> None:
    """Write a file at once (a temp file, then renamed): a new one with the permissions the umask gives,
    an existing one keeping its own."""
    temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        try:
            os.chmod(temp, os.stat(path).st_mode & 0o7777)
        except FileNotFoundError:
            pass
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def import_files(site: Path, files: list[Path], config: SiteConfig, force: bool = False,
                 encoding: str | None = None, request: ImportRequest = ImportRequest(),
                 only_new: bool = False) -> list[ImportResult]:
    """Import every file, or nothing: all files are parsed and checked before any is written.

    With `only_new`, an episode whose number already has a file is left as it is ('kept'). An
    episode whose number holds another transcript's episode is never replaced without `force`.
    """
    problems: list[Problem] = []
    episodes: list[tuple[Episode, sections.Source]] = []
    existing = _Site(site, config)
    options = _options(config, files, request, encoding, Numbering(existing.numbers(), load=existing.sources))
    for file in files:
        if sections.is_chapters_file(file):
            log.info("%s: a chapters file, read with the transcript beside it; not imported on its own", file)
            continue
        try:
            episodes.extend(_with_sections(site, file, config, encoding, options, request.format))
        except SiteError as error:
            problems.extend(error.problems)
        except OSError as error:
            problems.append(Problem(file, None, f"cannot read: {error.strerror}"))
    folder = site / EPISODES_DIR
    root = site.resolve()
    if folder.exists() and not _inside(folder, root):
        raise SiteError(Problem(folder, None, f"links to {folder.resolve()}, outside the site; import writes only "
                                              f"inside the site"))
    plans: list[tuple[Path, str, str, Episode]] = []
    claimed: dict[int, Episode] = {}  # by number: two new files of one number would each get a name of their own
    for episode, source in episodes:
        path = _target(folder, episode, root)
        if episode.number in claimed:
            other = claimed[episode.number].path
            problems.append(Problem(episode.path, None, f"episode {episode.number} appears twice in the input"
                                                        + (f": also in {other}" if other != episode.path else "")
                                                        + "; give one of them its own number with --number"))
            continue
        old_episode = existing.episode(path) if path.exists() else None
        other_source = (old_episode.imported_from if old_episode is not None and old_episode.imported_from
                        and old_episode.imported_from != episode.imported_from else None)
        if other_source and only_new:
            log.warning("%s: episode %d is already %s (imported from %s); not imported. Give it a number of its own: "
                        "build.py import %s --number N", episode.path, episode.number, path, other_source, episode.path)
            plans.append((path, "", "kept", episode))
            continue
        if other_source and not force:
            problems.append(Problem(episode.path, None, f"episode {episode.number} is already {path}, imported from "
                                                        f"{other_source}; not replacing it. If this is another "
                                                        f"episode, give it its own number with --number; to "
                                                        f"replace that one, use --force (a backup is kept as "
                                                        f"{path.name}.bak)"))
            continue
        claimed[episode.number] = episode
        text = episode_text(episode)
        # An undecodable byte in a file name or argument reaches here as half a character (surrogateescape);
        # YAML would write it as an escape it cannot read back.
        said = (text, episode.title, episode.description, *episode.hosts, *episode.guests, *episode.speakers)
        broken = next((found for s in said if (found := _NOT_TEXT.search(s))), None)
        if broken:
            problems.append(Problem(episode.path, None, f"holds {quoted(broken.group())}, which is not text and "
                                                        f"cannot be saved: check the file's name and --title"))
            continue
        unfit = _loads_back(text, path, episode, config)
        if unfit:
            problems.extend(unfit)
            continue
        if path.is_symlink() and not _inside(path, root):
            problems.append(Problem(path, None, f"links to {path.resolve()}, outside the site; not replacing it "
                                                f"with episode {episode.number}"))
            continue
        try:
            # As the build reads it (a BOM, UTF-16, CRLF), so an unchanged file is seen as unchanged.
            old = decode(path.read_bytes(), path, advice=CONTENT_ADVICE) if path.exists() else None
        except SiteError as error:
            problems.extend(error.problems)
            continue
        if old is not None and source is sections.Source.FOUND and not only_new:
            kept = sections.kept_from(old, path, episode, config)
            if kept is not episode:
                episode, text = kept, episode_text(kept)
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
        if action == "updated":
            old_bytes = path.read_bytes()
            old_episode = existing.episode(path)
            replaced = old_episode is not None and old_episode.imported_from not in ("", episode.imported_from)
            if replaced or episode_markdown.is_hand_edited(decode(old_bytes, path, advice=CONTENT_ADVICE)):
                backup = path.with_name(path.name + ".bak")
                _write_atomically(backup, old_bytes)  # the file exactly as it was, bytes and all
                log.info("kept a backup of %s as %s", path, backup.name)
        if action not in ("unchanged", "kept"):
            _write_atomically(path, text.encode("utf-8"))
        log.info("%s %s (episode %d: %s)", action, path, episode.number, episode.title)
        results.append(ImportResult(path, action, episode))
    return results
