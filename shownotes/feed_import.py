"""`build.py import FEED.xml`: a podcast's existing feed brought into content/episodes/.

Each item is matched to an episode file by guid, then number, then title. A matched file gets only
the front matter keys it lacks (date, audio, guid, description, image, season, type, explicit,
chapters); nothing in it is changed. An item without a file becomes a new episode with the feed's
show notes as its text and no transcript yet, unless the feed links a transcript that can be read.
Its guid is the feed's own, written into the file: the podcast apps that know the episode keep it.
"""
from __future__ import annotations

import datetime
import http.client
import logging
import os
import tempfile
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urljoin, urlsplit

from . import episode_markdown, front_matter
from .config import SiteConfig
from .content import episode_files, parse_episode
from .errors import Problem, SiteError
from .formats import chapters as chapter_file
from .formats import html_notes
from .formats.draft import ImportOptions
from .formats.feed import Feed, FeedItem, parse
from .layout import EPISODES_DIR, shown_path
from .model import Audio, Episode
from .slugs import slugify
from .textfile import CONTENT_ADVICE, decode

log = logging.getLogger(__name__)

FETCH_LIMIT = 50 * 1000 * 1000  # bytes: no feed, transcript or chapters file is larger
FETCH_TIMEOUT = 20  # seconds
# Transcript formats the importer reads, best first (HTML pages are the podcaster's own site: not read).
_TRANSCRIPT_TYPES = {"text/vtt": ".vtt", "application/x-subrip": ".srt", "application/srt": ".srt",
                     "text/srt": ".srt", "application/json": ".json"}


@dataclass(frozen=True)
class FeedImportResult:
    """What happened to one item: 'created', 'filled' (keys added to an existing file) or 'unchanged'."""

    path: Path
    action: str
    episode: Episode


Fetch = Callable[[str], bytes]


def fetch(url: str) -> bytes:
    """The bytes at an http(s) address, at most FETCH_LIMIT; raises OSError when it cannot be had."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise OSError(f"not a web address: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": "shownotes (podcast site generator)"})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310 - http(s) only, above
        data: bytes = response.read(FETCH_LIMIT + 1)
    if len(data) > FETCH_LIMIT:
        raise OSError(f"larger than {FETCH_LIMIT // 1_000_000} MB")
    return data


def read_source(source: str, get: Fetch = fetch) -> tuple[str, str]:
    """(the feed's text, where it came from: a path or an address)."""
    if urlsplit(source).scheme in ("http", "https"):
        try:
            data = get(source)
        except (OSError, ValueError, http.client.HTTPException) as error:
            raise SiteError(Problem(None, None, f"{source}: cannot fetch the feed ({error})")) from None
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as error:
            raise SiteError(Problem(Path(source), None, f"cannot read: {error.strerror}")) from None
    return decode(data, Path(urlsplit(source).path or "feed.xml"), advice="save the feed as UTF-8"), source


def _linked(base: str, url: str, get: Fetch) -> bytes | None:
    """A file the feed links to: beside a local feed (a relative link, or a file of the same name), or
    fetched; None when it cannot be had (said at info level: the network is often not there)."""
    if urlsplit(base).scheme not in ("http", "https"):
        local = Path(base).parent / (url if not urlsplit(url).scheme else Path(urlsplit(url).path).name)
        if local.is_file() and local.resolve().is_relative_to(Path(base).parent.resolve()):
            return local.read_bytes()
        if not urlsplit(url).scheme:
            return None
    try:
        return get(urljoin(base, url))
    except (OSError, ValueError, http.client.HTTPException) as error:
        log.info("%s: not imported (%s)", url, error)
        return None


def _numbers(feed: Feed, taken: set[int]) -> dict[int, int]:
    """An episode number for each item (by index): its own itunes:episode when no other item has the
    same (seasons that restart at 1 share them), else the next free number, oldest first."""
    own = [item.number for item in feed.items if item.number]
    unique = len(own) == len(set(own))
    numbers: dict[int, int] = {}
    used = set(taken)
    for item in feed.items:
        if unique and item.number and item.number not in used:
            numbers[item.index] = item.number
            used.add(item.number)
    oldest_first = sorted((i for i in feed.items if i.index not in numbers),
                          key=lambda i: (i.published or datetime.datetime.min.replace(tzinfo=datetime.timezone.utc),
                                         -i.index))
    following = max(used, default=0) + 1
    for item in oldest_first:
        numbers[item.index] = following
        following += 1
    return numbers


def _fields(item: FeedItem, base: str, get: Fetch) -> dict[str, Any]:
    """The front matter values a feed item gives, by Episode attribute."""
    values: dict[str, Any] = {}
    if item.published is not None:
        values["date"], values["time"] = item.published.date(), item.published.timetz()
    if item.enclosure_url and front_matter.audio_url_problem(item.enclosure_url) is None:
        values["audio"] = Audio(item.enclosure_url, item.enclosure_length, item.enclosure_type or "", item.duration)
    if item.guid:
        values["guid"] = item.guid
    if item.summary:
        values["description"] = html_notes.to_text(item.summary)
    if item.image:
        try:
            values["image"] = front_matter.BY_KEY["image"].read(item.image)
        except front_matter.Invalid:
            log.info("item %d (%s): image %s is not a JPEG or PNG address; left out", item.index, item.title,
                     item.image)
    if item.season:
        values["season"] = item.season
    if item.episode_type in ("full", "trailer", "bonus"):
        values["episode_type"] = item.episode_type
    if item.explicit is not None:
        values["explicit"] = item.explicit
    chapters = item.chapters or _chapters(item, base, get)
    if chapters:
        values["chapters"] = chapters
    return values


def _chapters(item: FeedItem, base: str, get: Fetch) -> tuple[tuple[float, str], ...]:
    """The Podcasting 2.0 chapters JSON an item links to, when it can be had and read."""
    if not item.chapters_url:
        return ()
    data = _linked(base, item.chapters_url, get)
    if data is None:
        return ()
    try:
        found = chapter_file.parse(data.decode("utf-8"), Path(urlsplit(item.chapters_url).path or "chapters.json"))
    except (SiteError, UnicodeDecodeError) as error:
        log.warning("%s: chapters not imported: %s", item.chapters_url, error)
        return ()
    return tuple((c.time, c.title) for c in found)


def feed_chapters(source: str, guid: str, get: Fetch = fetch) -> list[tuple[float, str]]:
    """The chapters a feed publishes for one episode (by its guid): Podlove Simple Chapters in the
    feed, or the podcast:chapters file it links to; [] when there are none (a source of sections,
    after the chapters embedded in the audio)."""
    text, base = read_source(source, get)
    for item in parse(text, Path(base)).items:
        if item.guid == guid:
            return list(item.chapters or _chapters(item, base, get))
    return []


def _transcript(item: FeedItem, base: str, number: int, chapters: tuple[tuple[float, str], ...],
                config: SiteConfig, get: Fetch) -> Episode | None:
    """The transcript an item links to, read by the transcript importer, when it can be had."""
    from .importer import parse_transcript

    for link in sorted(item.transcripts, key=lambda t: list(_TRANSCRIPT_TYPES).index(t.type)
                       if t.type in _TRANSCRIPT_TYPES else 99):
        suffix = _TRANSCRIPT_TYPES.get(link.type)
        data = _linked(base, link.url, get) if suffix else None
        if data is None:
            continue
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{number:03d}-transcript{suffix}"
            path.write_bytes(data)
            timed = tuple(chapter_file.Chapter(start, title, n) for n, (start, title) in enumerate(chapters, 1))
            for with_chapters in ((timed, ()) if timed else ((),)):
                options = ImportOptions(aliases=config.aliases, hosts=config.host, number=number, title=item.title,
                                        chapters=with_chapters)
                try:
                    episode = parse_transcript(path, config, options=options)[0]
                except SiteError as error:
                    if with_chapters:
                        continue  # the transcript has headings of its own, or chapters past its end
                    log.warning("%s: transcript not imported: %s", link.url, error)
                    break
                log.info("item %d (%s): transcript imported from %s", item.index, item.title, link.url)
                return replace(episode, path=None)
    return None


def _existing(site: Path, config: SiteConfig) -> list[tuple[Path, str, Episode, set[str]]]:
    """Every episode file: its path, text, front matter read, and the keys its front matter has."""
    found = []
    problems: list[Problem] = []
    for path in episode_files(site):
        shown = shown_path(site, path)
        try:
            text = decode(path.read_bytes(), shown, advice=CONTENT_ADVICE)
            episode = parse_episode(text, shown, config, with_body=False)
            data, _ = front_matter.load(front_matter.split(text, shown)[0], shown)
        except SiteError as error:
            problems.extend(error.problems)
            continue
        keys = {front_matter.BY_KEY[k].key for k in data if k in front_matter.BY_KEY}
        found.append((path, text, episode, keys))
    if problems:
        raise SiteError(problems)
    return found


def _match(item: FeedItem, existing: list[tuple[Path, str, Episode, set[str]]], number: int | None,
           claimed: set[Path]) -> tuple[Path, str, Episode, set[str]] | None:
    """The episode file an item is: by guid, then number (the item's own, when it is one), then title
    (case and spacing aside)."""
    title = " ".join(item.title.split()).casefold()
    for test in (lambda e: item.guid is not None and e.guid == item.guid,
                 lambda e: number is not None and e.number == number,
                 lambda e: bool(title) and " ".join(e.title.split()).casefold() == title):
        for entry in existing:
            if entry[0] not in claimed and test(entry[2]):
                return entry
    return None


def _write(path: Path, text: str) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def import_feed(site: Path, source: str, config: SiteConfig, get: Fetch = fetch) -> list[FeedImportResult]:
    """Import every item of a feed (a file or an http(s) address); all are checked before any is written."""
    text, base = read_source(source, get)
    feed = parse(text, Path(base))
    existing = _existing(site, config)
    folder = site / EPISODES_DIR
    numbers = _numbers(feed, {entry[2].number for entry in existing})
    plans: list[tuple[Path, str | None, str, Episode]] = []
    problems: list[Problem] = []
    guids: dict[str, int] = {}
    items = []
    for item in feed.items:
        if item.guid is not None and guids.setdefault(item.guid, item.index) != item.index:
            log.warning("%s: item %d (%s) has the guid of item %d, %r; podcast apps take them for one episode. "
                        "It is imported without that guid", base, item.index, item.title, guids[item.guid], item.guid)
            item = replace(item, guid=None)
        items.append(item)
    # Guids first: an item whose guid an episode has is that episode, whatever another item's title says.
    by_guid = {item.index: entry for item in items if item.guid is not None
               for entry in existing if entry[2].guid == item.guid}
    claimed: set[Path] = {entry[0] for entry in by_guid.values()}
    for item in items:
        values = _fields(item, base, get)
        match = by_guid.get(item.index) or _match(item, existing, item.number if numbers[item.index] == item.number
                                                  else None, claimed)
        if match is not None:
            path, old, episode, keys = match
            claimed.add(path)
            added = {field.key: field.write(tuple(values.get(a) for a in field.attribute)
                                            if isinstance(field.attribute, tuple) else values[field.attribute])
                     for field in front_matter.FIELDS if field.key not in keys
                     and all(a in values for a in (field.attribute if isinstance(field.attribute, tuple)
                                                   else (field.attribute,)))}
            added = {key: value for key, value in added.items() if value is not None}
            plans.append((path, front_matter.add_keys(old, added) if added else None,
                          "filled" if added else "unchanged", episode))
            continue
        number = numbers[item.index]
        title = item.title or f"Episode {number}"
        slug = f"{number:03d}-{slugify(title, 60)}".rstrip("-")
        episode = Episode(number=number, title=title, slug=slug, hosts=config.host, has_transcript=False,
                          **values)
        transcript = _transcript(item, base, number, episode.chapters, config, get) if item.transcripts else None
        if transcript is not None:
            episode = replace(episode, sections=transcript.sections, speakers=transcript.speakers,
                              guests=transcript.guests, has_transcript=True)
            body = episode_markdown.body(episode.sections)
        else:
            body = html_notes.to_markdown(item.notes)
            body = body + "\n" if body else ""
        written = front_matter.text(front_matter.values(episode)) + ("\n" + body if body else "")
        path = folder / f"{slug}.md"
        if path.exists() or path in claimed:
            problems.append(Problem(Path(base), None, f"item {item.index} ({title!r}) would be written to "
                                                      f"{shown_path(site, path)}, which is another episode's"))
            continue
        claimed.add(path)
        try:
            parse_episode(written, shown_path(site, path), config, with_body=False)
        except SiteError as error:
            problems.extend(Problem(Path(base), None, f"item {item.index} ({title!r}): {p.message}")
                            for p in error.problems)
            continue
        plans.append((path, episode_markdown.with_checksum(written), "created", episode))
    if problems:
        raise SiteError(problems)
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    for path, new_text, action, episode in plans:
        if new_text is not None:
            _write(path, new_text)
        log.info("%s %s (episode %d: %s)", action, shown_path(site, path), episode.number, episode.title)
        results.append(FeedImportResult(shown_path(site, path), action, episode))
    return results
