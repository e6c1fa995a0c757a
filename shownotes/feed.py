"""The podcast feed: RSS 2.0 with the Apple (itunes) and Podcasting 2.0 (podcast) namespaces."""
from __future__ import annotations

import datetime
import email.utils
import html
import logging
import re
import uuid
import zlib
from typing import Iterable, Mapping, NamedTuple, Sequence
from urllib.parse import urljoin
from xml.sax.saxutils import escape

from .audio import guess_type
from .chapters import CHAPTERS_TYPE, chapters_path, episode_chapters
from . import urls
from .config import SiteConfig
from .errors import Problem, SiteError, quoted
from .model import Episode
from .views import EpisodeView

log = logging.getLogger(__name__)

NAMESPACES = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
# The Podcasting 2.0 namespace's own UUID: podcast:guid is UUIDv5(this, feed URL without scheme).
PODCAST_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

# Characters XML 1.0 cannot hold at all, not even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_LINK_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


# Episodes named in warnings before the rest are only counted.
WARN_EPISODES = 5
# Past this size some apps and directories stop reading a feed (at 1000 episodes it is about 5 MB).
FEED_SIZE_WARNING = 4 * 1000 * 1000


class TranscriptLink(NamedTuple):
    """A transcript file of one episode, as podcast:transcript names it; a plain (url, type) pair also does."""

    url: str
    type: str
    rel: str | None = None
    language: str | None = None


class _Xml:
    """A tiny writer of indented, escaped XML: only what the feed needs, always well-formed."""

    def __init__(self) -> None:
        # str lines, and items kept from item_xml, deflated: text() unpacks each into the feed's
        # bytes in turn, so a feed of 5,000 items is held once, not as items and then as the feed.
        self.lines: list[str | bytes] = ['<?xml version="1.0" encoding="UTF-8"?>']
        self.depth = 0

    @staticmethod
    def _attrs(attrs: Mapping[str, str | None]) -> str:
        return "".join(f' {name}="{_text(value, attribute=True)}"' for name, value in attrs.items()
                       if value is not None)

    # Positional-only names, so an attribute may be called `text` or `name` (itunes:category has `text`).
    def open(self, name: str, /, **attrs: str | None) -> None:
        self.lines.append("  " * self.depth + f"<{name}{self._attrs(attrs)}>")
        self.depth += 1

    def close(self, name: str) -> None:
        self.depth -= 1
        self.lines.append("  " * self.depth + f"</{name}>")

    def leaf(self, name: str, content: str | None = None, /, **attrs: str | None) -> None:
        start = "  " * self.depth + f"<{name}{self._attrs(attrs)}"
        self.lines.append(f"{start}/>" if content is None else f"{start}>{_text(content)}</{name}>")

    def cdata(self, name: str, text: str) -> None:
        # Apple asks for HTML inside CDATA; "]]>" in the text would end the section early, so split it.
        safe = _NOT_XML.sub("", text).replace("]]>", "]]]]><![CDATA[>")
        self.lines.append("  " * self.depth + f"<{name}><![CDATA[{safe}]]></{name}>")

    def text(self) -> bytearray:
        out = bytearray()
        for line in self.lines:
            out += zlib.decompress(line) if isinstance(line, bytes) else line.encode("utf-8")
            out += b"\n"
        return out


def _text(value: str, attribute: bool = False) -> str:
    value = _NOT_XML.sub("", value)
    # In attributes, whitespace other than spaces must be written as references to survive parsing.
    return escape(value, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"} if attribute else {})


def guid_for_feed_url(url: str) -> str:
    """The Podcasting 2.0 rule: UUIDv5 of the feed URL with its scheme and trailing slashes stripped."""
    return str(uuid.uuid5(PODCAST_NAMESPACE, re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", url).rstrip("/")))


def feed_guid(config: SiteConfig) -> str:
    """podcast:guid: the configured one (a podcast keeps its guid for life), else derived from the feed URL."""
    return config.podcast_guid.lower() or guid_for_feed_url(config.absolute_url(urls.FEED))


def episode_guid(config: SiteConfig, episode: Episode) -> str:
    """The item guid: `guid:` from the front matter, else derived from the show's title and the episode's slug.

    Never the page URL: a guid must outlive a move of the site, or every app lists each episode twice.
    """
    return episode.guid or str(uuid.uuid5(PODCAST_NAMESPACE, f"{config.title}\n{episode.slug}"))


def rfc822(date: datetime.date | datetime.datetime) -> str:
    """A feed date: a moment as it is, with its UTC offset; a day at noon UTC, so the day shown is
    the episode's day in most time zones."""
    if not isinstance(date, datetime.datetime):
        date = datetime.datetime.combine(date, datetime.time(12), datetime.timezone.utc)
    return email.utils.format_datetime(date)


def absolute_links(body: str, page_url: str) -> str:
    """Make every href and src in generated HTML absolute, resolved against the page it came from.

    Generated HTML escapes `<` in text, so a literal `<` always opens a real tag.
    """
    def fix_tag(tag: re.Match[str]) -> str:
        return _LINK_ATTRIBUTE.sub(lambda m: m.group(1) + _join(page_url, m.group(2)) + m.group(3), tag.group(0))

    return _TAG.sub(fix_tag, body)


def show_notes(view: EpisodeView, page: str, summary: str) -> str:
    """content:encoded: the description, the episode's opening (view.html), its sections' titles
    and a link to the transcript; never the whole transcript, which would swell the feed.

    The titles are text, not links: a link to each section repeats the page's address, half of a
    long show's feed (14 MB at 5,000 episodes), which every app downloads again and again; the
    transcript's table of contents links them all."""
    parts = [f"<p>{escape(summary)}</p>"]
    if view.html:
        parts.append(absolute_links(view.html, page))
    sections = [entry for entry in view.toc if entry.level == 2]
    if sections:
        parts.append("<ul>" + "".join(f"<li>{escape(e.title)}</li>" for e in sections) + "</ul>")
    if view.model.has_transcript:
        parts.append(f'<p><a href="{escape(page)}">Read the transcript</a></p>')
    return "\n".join(parts) + "\n"


def _join(page_url: str, link: str) -> str:
    return escape(urljoin(page_url, html.unescape(link)), {'"': "&quot;"})


def missing_fields(episode: Episode) -> list[str]:
    """Front-matter fields the feed needs that this episode lacks."""
    missing = []
    if episode.audio is None:
        missing.append("`audio` (url, length in bytes, type, duration)")
    else:
        if episode.audio.length is None:
            missing.append("`audio.length` (the file's size in bytes)")
        if episode.audio.duration is None:
            missing.append("`audio.duration` (like 3723 or 1:02:03)")
    if episode.date is None:
        missing.append("`date` (like 2024-05-31)")
    return missing


def _feed_needs(episode: Episode) -> list[str]:
    """What missing_fields says, less the audio's length and duration: the build's note about the
    audio itself (shownotes/media.py) names those with their line."""
    return [m for m in missing_fields(episode) if not m.startswith("`audio.")]


def _warn_about(config: SiteConfig, views: Sequence[EpisodeView]) -> None:
    """Say once what the feed lacks: per episode, naming its file (a few, then a count: a show of a
    thousand episodes without audio needs one line, not a thousand); once for the show's settings."""
    lacking = [f"`{key}`" for key in ("image", "category", "owner_email") if not getattr(config, key)]
    if lacking:
        log.warning("site_config.yaml: the podcast feed has no %s; Apple Podcasts needs %s before it lists the show",
                    _and(lacking), "it" if len(lacking) == 1 else "them")
    shown = 0
    for view in views:
        missing = _feed_needs(view.model)
        if not missing:
            continue
        where = view.model.path or view.model.slug
        message = (f"{where}: the podcast feed needs {_and(missing)} in the front matter; the feed lists the "
                   f"episode without {'it' if len(missing) == 1 else 'them'}"
                   f"{', and podcast apps skip an episode with no audio' if view.model.audio is None else ''}")
        shown += 1
        if shown <= WARN_EPISODES:
            log.warning("%s", message)
        else:
            log.debug("%s", message)
    if shown > WARN_EPISODES:
        log.warning("%d more episodes lack fields the podcast feed needs; run with -v to list them",
                    shown - WARN_EPISODES)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _persons(xml: _Xml, config: SiteConfig, hosts: Iterable[str], guests: Iterable[str] = ()) -> None:
    """podcast:person for each name, with `href` and `img` from the people config where it has them."""
    for role, names in (("host", hosts), ("guest", guests)):
        for name in names:
            person = config.people.get(name)
            xml.leaf("podcast:person", name, role=role, href=person.link or None if person else None,
                     img=config.absolute_url(person.image) if person and person.image else None)


def _channel(xml: _Xml, config: SiteConfig, views: Sequence[EpisodeView]) -> None:
    dates = [v.model.date for v in views if v.model.date is not None]
    image = config.absolute_url(config.image) if config.image else None
    xml.leaf("title", config.title)
    xml.leaf("link", config.base_url)
    xml.leaf("description", config.description or config.title)
    xml.leaf("language", config.language)
    if config.copyright:
        xml.leaf("copyright", config.copyright)
    if dates:
        xml.leaf("lastBuildDate", rfc822(max(dates)))
    xml.leaf("generator", "shownotes")
    xml.leaf("atom:link", href=config.absolute_url(urls.FEED), rel="self", type="application/rss+xml")
    if image:
        xml.open("image")
        xml.leaf("url", image)
        xml.leaf("title", config.title)
        xml.leaf("link", config.base_url)
        xml.close("image")
    xml.leaf("itunes:author", config.author or ", ".join(config.host) or config.title)
    owner = config.owner_name or config.author
    if owner or config.owner_email:
        xml.open("itunes:owner")
        if owner:
            xml.leaf("itunes:name", owner)
        if config.owner_email:
            xml.leaf("itunes:email", config.owner_email)
        xml.close("itunes:owner")
    if image:
        xml.leaf("itunes:image", href=image)
    for category, subcategory in config.all_categories:
        if subcategory:
            xml.open("itunes:category", text=category)
            xml.leaf("itunes:category", text=subcategory)
            xml.close("itunes:category")
        else:
            xml.leaf("itunes:category", text=category)
    xml.leaf("itunes:explicit", "true" if config.explicit else "false")
    xml.leaf("itunes:type", config.podcast_type)
    if config.new_feed_url:
        xml.leaf("itunes:new-feed-url", config.new_feed_url)
    if config.block:
        xml.leaf("itunes:block", "Yes")
    if config.complete:
        xml.leaf("itunes:complete", "Yes")
    xml.leaf("podcast:guid", feed_guid(config))
    xml.leaf("podcast:locked", "yes" if config.locked else "no", owner=config.owner_email or None)
    xml.leaf("podcast:medium", config.medium)
    for url, text in config.funding:
        xml.leaf("podcast:funding", text, url=url)
    _persons(xml, config, config.host)


def _item(xml: _Xml, config: SiteConfig, view: EpisodeView, transcripts: Sequence[TranscriptLink]) -> None:
    episode = view.model
    page = config.page_url(view.url)
    xml.open("item")
    xml.leaf("title", episode.title)
    xml.leaf("link", page)
    xml.leaf("guid", episode_guid(config, episode), isPermaLink="false")
    if episode.released is not None:
        xml.leaf("pubDate", rfc822(episode.released if episode.time is not None else episode.date))  # type: ignore[arg-type]
    summary = episode.description or episode.title
    xml.leaf("description", summary)
    xml.cdata("content:encoded", show_notes(view, page, summary))
    # Never length="0": without its length in bytes the audio is left out (and the build said so).
    if episode.audio is not None and episode.audio.length:
        xml.leaf("enclosure", url=config.absolute_url(episode.audio.url), length=str(episode.audio.length),
                 type=episode.audio.type or guess_type(episode.audio.url))
        if episode.audio.duration is not None:  # in whole seconds, as Apple recommends
            xml.leaf("itunes:duration", str(round(episode.audio.duration)))
    if episode.image:
        xml.leaf("itunes:image", href=config.absolute_url(episode.image))
    if episode.explicit is not None:
        xml.leaf("itunes:explicit", "true" if episode.explicit else "false")
    if episode.season is not None:
        xml.leaf("itunes:season", str(episode.season))
    if episode.number > 0:  # Apple takes only non-zero episode numbers
        xml.leaf("itunes:episode", str(episode.number))
    xml.leaf("itunes:episodeType", episode.episode_type)
    # An item's people replace the channel's, so an episode with guests names its hosts again.
    if episode.guests or episode.hosts != config.host:
        _persons(xml, config, episode.hosts, episode.guests)
    if episode.has_transcript:
        xml.leaf("podcast:transcript", url=page, type="text/html")
    for link in transcripts:
        link = TranscriptLink(*link)
        xml.leaf("podcast:transcript", url=config.absolute_url(link.url), type=link.type, language=link.language,
                 rel=link.rel)
    if episode_chapters(config, view):
        xml.leaf("podcast:chapters", url=config.absolute_url(chapters_path(view)), type=CHAPTERS_TYPE)
    xml.close("item")


def item_xml(config: SiteConfig, view: EpisodeView,
             transcripts: Sequence[TranscriptLink | tuple[str, str]] = ()) -> bytes:
    """One episode's <item>, indented for its place in the feed, as deflated UTF-8: the build holds
    every episode's until it writes the feed, and the record keeps them for the next build; deflated
    they take a third of the room."""
    xml = _Xml()
    xml.lines, xml.depth = [], 2
    _item(xml, config, view, [TranscriptLink(*t) for t in transcripts])
    return zlib.compress(xml.text()[:-1], 6)


def render_feed(config: SiteConfig, views: Sequence[EpisodeView],
                transcripts: Mapping[str, Sequence[TranscriptLink | tuple[str, str]]] | None = None,
                items: Mapping[str, bytes] | None = None) -> bytes | bytearray:
    """feed.xml for the episodes (newest first); `transcripts` maps a slug to its transcript files' links,
    `items` a slug to its <item> as item_xml made it in an earlier build. With `feed_limit`, only the
    newest that many are listed."""
    _warn_about(config, views)
    if config.feed_limit:
        views = views[:config.feed_limit]
    xml = _Xml()
    xml.open("rss", version="2.0", **{f"xmlns:{prefix}": uri for prefix, uri in NAMESPACES.items()})
    xml.open("channel")
    _channel(xml, config, views)
    problems: list[Problem] = []
    first: dict[str, Episode] = {}
    for view in views:
        try:
            guid = episode_guid(config, view.model)
        except SiteError as error:
            problems.extend(error.problems)
            continue
        other = first.setdefault(guid, view.model)
        if other is not view.model:
            problems.append(Problem(view.model.path, None, f"guid {quoted(guid)} is also used by {other.path}; "
                                                           "each episode needs its own"))
        cached = (items or {}).get(view.model.slug)
        if cached is not None:
            xml.lines.append(cached)
        else:
            _item(xml, config, view, [TranscriptLink(*t) for t in (transcripts or {}).get(view.model.slug, ())])
    if problems:
        raise SiteError(problems)
    xml.close("channel")
    xml.close("rss")
    data = xml.text()
    if len(data) > FEED_SIZE_WARNING:
        log.warning("%s is %.1f MB; some podcast apps and directories stop reading a feed past a few MB: set "
                    "`feed_limit` in site_config.yaml to list only the newest episodes (every page stays on the "
                    "site)", urls.FEED, len(data) / 1e6)
    return data
