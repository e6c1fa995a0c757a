"""A podcast's RSS feed, as hosting services write it: the show and each item's guid, date, audio,
show notes, artwork, season, type, and the transcripts and chapters it links to.

Read leniently, as podcast apps do: namespaces are matched by what they mean (a wrongly cased
iTunes URI, the Podcasting 2.0 namespace's old address), whitespace before the XML declaration
is skipped, and a value that cannot be read is left out rather than stopping the import.
"""
from __future__ import annotations

import datetime
import email.utils
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..errors import fail
from ..model import parse_duration

_ITUNES = "itunes.com/dtds/podcast-1.0.dtd"
_PODCAST = ("podcastindex.org/namespace/1.0", "github.com/podcastindex-org/podcast-namespace")
_CONTENT = "purl.org/rss/1.0/modules/content"
_PSC = "podlove.org/simple-chapters"
_ENTITY = re.compile(r"<!ENTITY", re.I)


@dataclass(frozen=True)
class FeedLink:
    """A file an item links to: a transcript or chapters."""

    url: str
    type: str


@dataclass(frozen=True)
class FeedItem:
    """One <item>, with each value as the feed has it (None: not there)."""

    index: int  # 1 for the first item in the file
    title: str
    guid: str | None
    published: datetime.datetime | None  # pubDate, with its UTC offset
    enclosure_url: str | None
    enclosure_length: int | None
    enclosure_type: str | None
    duration: float | None
    number: int | None  # itunes:episode (or podcast:episode)
    season: int | None
    episode_type: str | None
    explicit: bool | None
    image: str | None
    summary: str  # description as text or HTML
    notes: str  # content:encoded HTML, or the description when there is none
    transcripts: tuple[FeedLink, ...] = ()
    chapters_url: str | None = None
    chapters: tuple[tuple[float, str], ...] = ()  # Podlove Simple Chapters, in the feed itself


@dataclass(frozen=True)
class Feed:
    """The channel's own details and its items, in document order."""

    title: str
    link: str
    image: str | None
    podcast_guid: str | None
    items: tuple[FeedItem, ...]


def looks_like_feed(text: str) -> bool:
    """True for an RSS document: what `build.py import` reads as a feed, not a transcript."""
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    return head.startswith("<") and "<rss" in head and "<channel" in text[:20000]


def _kind(tag: str) -> tuple[str, str]:
    """(namespace kind: "", "itunes", "podcast", "content", "psc" or the URI, local name)."""
    if not tag.startswith("{"):
        return "", tag
    uri, _, local = tag[1:].partition("}")
    lowered = uri.lower().rstrip("/")
    if lowered.endswith(_ITUNES):
        return "itunes", local
    if any(lowered.endswith(p) or p in lowered for p in _PODCAST):
        return "podcast", local
    if lowered.endswith(_CONTENT):
        return "content", local
    if _PSC in lowered:
        return "psc", local
    return uri, local


def _children(element: ET.Element, kind: str, name: str) -> list[ET.Element]:
    return [child for child in element if _kind(child.tag) == (kind, name)]


def _first(element: ET.Element, kind: str, name: str) -> ET.Element | None:
    found = _children(element, kind, name)
    return found[0] if found else None


def _text(element: ET.Element, kind: str, name: str) -> str | None:
    found = _first(element, kind, name)
    return found.text if found is not None and found.text is not None else None


def _int(text: str | None, below: int = 10**6) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and 0 < int(text) < below else None


def _explicit(text: str | None) -> bool | None:
    value = (text or "").strip().lower()
    if value in ("yes", "true", "explicit"):
        return True
    if value in ("no", "false", "clean"):
        return False
    return None


def _date(text: str | None) -> datetime.datetime | None:
    """An RFC 822 date as feeds write it (one-digit days, -0000, named zones); None when unreadable."""
    if not text or not text.strip():
        return None
    try:
        moment = email.utils.parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=datetime.timezone.utc)


def _psc_chapters(item: ET.Element) -> tuple[tuple[float, str], ...]:
    chapters: dict[float, str] = {}
    for block in _children(item, "psc", "chapters"):
        for chapter in _children(block, "psc", "chapter"):
            start = parse_duration((chapter.get("start") or "").strip())
            title = " ".join((chapter.get("title") or "").split())
            if start is not None and title:
                chapters.setdefault(round(start, 3), title)
    return tuple(sorted(chapters.items()))


def _item(index: int, element: ET.Element) -> FeedItem:
    enclosure = _first(element, "", "enclosure")
    guid = _text(element, "", "guid")
    image = _first(element, "itunes", "image")
    chapters = _first(element, "podcast", "chapters")
    content = _text(element, "content", "encoded")
    summary = _text(element, "", "description") or _text(element, "itunes", "summary") or ""
    length = _int(enclosure.get("length"), 10**13) if enclosure is not None else None
    return FeedItem(
        index=index,
        title=" ".join((_text(element, "", "title") or _text(element, "itunes", "title") or "").split()),
        guid=guid.strip() if guid and guid.strip() else None,
        published=_date(_text(element, "", "pubDate")),
        enclosure_url=(enclosure.get("url") or "").strip() or None if enclosure is not None else None,
        enclosure_length=length,
        enclosure_type=(enclosure.get("type") or "").strip() or None if enclosure is not None else None,
        duration=parse_duration((_text(element, "itunes", "duration") or "").strip()),
        number=_int(_text(element, "itunes", "episode")) or _int(_text(element, "podcast", "episode")),
        season=_int(_text(element, "itunes", "season")) or _int(_text(element, "podcast", "season")),
        episode_type=(_text(element, "itunes", "episodeType") or "").strip().lower() or None,
        explicit=_explicit(_text(element, "itunes", "explicit")),
        image=(image.get("href") or "").strip() or None if image is not None else None,
        summary=summary.strip(),
        notes=(content or summary).strip(),
        transcripts=tuple(FeedLink(t.get("url", "").strip(), t.get("type", "").strip())
                          for t in _children(element, "podcast", "transcript") if t.get("url", "").strip()),
        chapters_url=(chapters.get("url") or "").strip() or None if chapters is not None else None,
        chapters=_psc_chapters(element),
    )


def parse(text: str, path: Path) -> Feed:
    """A feed's channel and items; raises SiteError when the file is no RSS feed."""
    text = text.lstrip("\ufeff \t\r\n")
    if _ENTITY.search(text[:10000]):
        raise fail(path, 1, "the feed declares its own XML entities; shownotes does not read those (they can "
                            "expand without bound)")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise fail(path, error.position[0], f"not well-formed XML: {error}") from None
    channel = root.find("channel") if root.tag == "rss" else None
    if channel is None:
        raise fail(path, 1, "expected an RSS feed: <rss><channel>...<item>...</item></channel></rss>")
    image = _first(channel, "itunes", "image")
    return Feed(
        title=" ".join((_text(channel, "", "title") or "").split()),
        link=(_text(channel, "", "link") or "").strip(),
        image=(image.get("href") or "").strip() or None if image is not None else None,
        podcast_guid=(_text(channel, "podcast", "guid") or "").strip() or None,
        items=tuple(_item(n, element) for n, element in enumerate(channel.findall("item"), 1)),
    )
