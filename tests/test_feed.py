"""output/feed.xml: every tag Apple and Podcasting 2.0 apps read, checked with a strict XML parser,
with feedparser, and with podcast-partytime (the Podcast Index's own parser)."""
from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from shownotes.config import load_config
from shownotes.errors import SiteError
from shownotes.feed import TranscriptLink, guid_for_feed_url, render_feed
from shownotes.pipeline import build

from .conftest import REPO, episode_views, load_episodes

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
PODCAST_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
NODE_DIR = REPO / "tests" / "node"
IN_CI = os.environ.get("CI", "").lower() == "true"

TITLE = 'Tom & Jerry\'s <Show> "Live"'
CONFIG = """\
title: 'Tom & Jerry''s <Show> "Live"'
description: Cats, mice & more — über alles.
base_url: https://example.org/show/
author: Ada Host & Co
language: en-gb
host: Ada Host
owner_name: Ada Host
owner_email: ada@example.org
image: static/cover.png
category: Society & Culture
subcategory: Documentary
explicit: true
podcast_type: serial
locked: true
copyright: © 2024 Ada & Co
"""
EP2_TITLE = "Cats & Dogs <live> “quoted” ü"
EPISODES = {
    "content/episodes/002-timed.md": f"""\
        ---
        title: '{EP2_TITLE}'
        number: 2
        date: 2024-05-31
        description: Cats & dogs, <b>not bold</b>, "quotes" and ü.
        audio:
          url: https://cdn.example.org/ep2.mp3?a=1&b=2
          length: 12345678
          type: audio/mpeg
          duration: '1:02:03'
        guests: [Bea Guest]
        ---

        **Ada Host:** [00:00:05] Hello & welcome. See [the first one](../001-plain/index.html).

        ## Cats & Dogs

        **Bea Guest:** [00:10:00] Cats & dogs, "really".

        **Ada Host:** [00:12:30.5] Indeed.

        ## No Time Here

        **Ada Host:** An untimed turn.

        ## Später

        **Bea Guest:** [01:00:00] Goodbye.
        """,
    "content/episodes/001-plain.md": """\
        ---
        title: Plain
        number: 1
        ---

        **Ada Host:** No audio, no date.
        """,
    "content/episodes/000-trailer.md": """\
        ---
        title: Trailer
        number: 0
        date: 2024-01-02
        episode_type: trailer
        audio: {url: https://cdn.example.org/trailer.mp3}
        transcript: false
        ---
        """,
}
PAGE2 = "https://example.org/show/episodes/002-timed/"


@pytest.fixture
def podcast_site(make_site) -> Path:
    # The cover is a file in the site: the build publishes it at the path `image` names.
    return make_site({"site_config.yaml": CONFIG, **EPISODES, "static/cover.png": b"\x89PNG\r\n\x1a\n"})


@pytest.fixture
def built(podcast_site, tmp_path, caplog) -> tuple[Path, list[str]]:
    """The podcast site built; its output folder and the warnings of the feed and of the audio."""
    with caplog.at_level(logging.WARNING, logger="shownotes"):
        build(podcast_site, tmp_path / "out")
    return tmp_path / "out", [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def parse(path: Path) -> ET.Element:
    return ET.parse(path).getroot()  # expat: any malformed byte fails the test


def children(element: ET.Element) -> list[str]:
    """Child tag names with their prefixes, in order."""
    prefixes = {uri: prefix for prefix, uri in NS.items()}
    names = []
    for child in element:
        uri, _, local = child.tag[1:].partition("}") if child.tag.startswith("{") else ("", "", child.tag)
        names.append(f"{prefixes[uri]}:{local}" if uri else local)
    return names


def item_by_title(channel: ET.Element, title: str) -> ET.Element:
    return next(i for i in channel.findall("item") if i.findtext("title") == title)


def test_feed_declares_rss_2_and_the_four_namespaces(built):
    out, _ = built
    text = (out / "feed.xml").read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"')
    for prefix, uri in NS.items():
        assert f'xmlns:{prefix}="{uri}"' in text.splitlines()[1]
    assert parse(out / "feed.xml").tag == "rss"


def test_channel_has_every_tag_with_its_value(built):
    out, _ = built
    channel = parse(out / "feed.xml").find("channel")
    assert children(channel) == [
        "title", "link", "description", "language", "copyright", "lastBuildDate", "generator", "atom:link", "image",
        "itunes:author", "itunes:owner", "itunes:image", "itunes:category", "itunes:explicit", "itunes:type",
        "podcast:guid", "podcast:locked", "podcast:medium", "podcast:person", "item", "item", "item"]
    assert channel.findtext("title") == TITLE
    assert channel.findtext("link") == "https://example.org/show/"
    assert channel.findtext("description") == "Cats, mice & more — über alles."
    assert channel.findtext("language") == "en-gb"
    assert channel.findtext("copyright") == "© 2024 Ada & Co"
    assert channel.findtext("lastBuildDate") == "Fri, 31 May 2024 12:00:00 +0000"  # the newest episode's date
    assert channel.find("atom:link", NS).attrib == {"href": "https://example.org/show/feed.xml", "rel": "self",
                                                   "type": "application/rss+xml"}
    assert [channel.findtext(f"image/{t}") for t in ("url", "title", "link")] == [
        "https://example.org/show/static/cover.png", TITLE, "https://example.org/show/"]
    assert channel.findtext("itunes:author", namespaces=NS) == "Ada Host & Co"
    owner = channel.find("itunes:owner", NS)
    assert children(owner) == ["itunes:name", "itunes:email"]
    assert owner.findtext("itunes:name", namespaces=NS) == "Ada Host"
    assert owner.findtext("itunes:email", namespaces=NS) == "ada@example.org"
    assert channel.find("itunes:image", NS).attrib == {"href": "https://example.org/show/static/cover.png"}
    category = channel.find("itunes:category", NS)
    assert category.attrib == {"text": "Society & Culture"}
    assert [c.attrib for c in category] == [{"text": "Documentary"}]
    assert channel.findtext("itunes:explicit", namespaces=NS) == "true"
    assert channel.findtext("itunes:type", namespaces=NS) == "serial"
    assert channel.findtext("podcast:guid", namespaces=NS) == str(uuid.uuid5(PODCAST_NAMESPACE,
                                                                             "example.org/show/feed.xml"))
    locked = channel.find("podcast:locked", NS)
    assert (locked.text, locked.attrib) == ("yes", {"owner": "ada@example.org"})
    assert [(p.text, p.attrib) for p in channel.findall("podcast:person", NS)] == [("Ada Host", {"role": "host"})]


def test_item_has_every_tag_with_its_value(built):
    out, _ = built
    item = item_by_title(parse(out / "feed.xml").find("channel"), EP2_TITLE)
    assert children(item) == [
        "title", "link", "guid", "pubDate", "description", "content:encoded", "enclosure", "itunes:duration",
        "itunes:episode", "itunes:episodeType", "podcast:person", "podcast:person", "podcast:transcript",
        "podcast:chapters"]
    assert item.findtext("link") == PAGE2
    guid = item.find("guid")
    assert (guid.text, guid.attrib) == (str(uuid.uuid5(PODCAST_NAMESPACE, f"{TITLE}\n002-timed")),
                                        {"isPermaLink": "false"})
    assert item.findtext("pubDate") == "Fri, 31 May 2024 12:00:00 +0000"
    assert item.findtext("description") == 'Cats & dogs, <b>not bold</b>, "quotes" and ü.'
    assert item.find("enclosure").attrib == {"url": "https://cdn.example.org/ep2.mp3?a=1&b=2", "length": "12345678",
                                             "type": "audio/mpeg"}
    assert item.findtext("itunes:duration", namespaces=NS) == "3723"
    assert item.findtext("itunes:episode", namespaces=NS) == "2"
    assert item.findtext("itunes:episodeType", namespaces=NS) == "full"
    # An item's people replace the channel's, so the host is named again beside the guest.
    assert [(p.text, p.attrib) for p in item.findall("podcast:person", NS)] == [
        ("Ada Host", {"role": "host"}), ("Bea Guest", {"role": "guest"})]
    # The page only: not every turn has a time, so no JSON, VTT or SRT.
    assert [t.attrib for t in item.findall("podcast:transcript", NS)] == [{"url": PAGE2, "type": "text/html"}]
    assert item.find("podcast:chapters", NS).attrib == {"url": PAGE2 + "chapters.json",
                                                        "type": "application/json+chapters"}


def test_show_notes_carry_absolute_links_and_escaped_text(built):
    out, _ = built
    item = item_by_title(parse(out / "feed.xml").find("channel"), EP2_TITLE)
    notes = item.findtext("content:encoded", namespaces=NS)
    assert notes.startswith("<p>Cats &amp; dogs, &lt;b&gt;not bold&lt;/b&gt;, \"quotes\" and ü.</p>\n")
    assert 'href="https://example.org/show/episodes/001-plain/index.html"' in notes
    assert "<li>Cats &amp; Dogs</li>" in notes and "#cats-dogs" not in notes  # titles, not links: see feed.show_notes
    assert 'href="../' not in notes and 'href="#' not in notes
    assert "Hello &amp; welcome." in notes
    assert "<![CDATA[" in (out / "feed.xml").read_text(encoding="utf-8")


def test_episode_without_audio_or_date_is_listed_without_them(built):
    out, _ = built
    channel = parse(out / "feed.xml").find("channel")
    plain = item_by_title(channel, "Plain")
    assert children(plain) == ["title", "link", "guid", "description", "content:encoded", "itunes:episode",
                               "itunes:episodeType", "podcast:transcript"]
    trailer = item_by_title(channel, "Trailer")
    # Episode 0: Apple takes only non-zero numbers; no transcript, so no transcript link. An audio address
    # without its length gives no enclosure at all, never length="0" (the build warns, naming the line).
    assert children(trailer) == ["title", "link", "guid", "pubDate", "description", "content:encoded",
                                 "itunes:episodeType"]
    assert trailer.findtext("itunes:episodeType", namespaces=NS) == "trailer"


def test_missing_fields_are_warned_once_per_episode_naming_file_and_field(built):
    _, warnings = built
    assert warnings == [
        "content/episodes/000-trailer.md:6: `audio` has no `length` or `duration` for "
        "https://cdn.example.org/trailer.mp3; the feed leaves the audio out until it has its length in bytes; "
        "`build.py check-audio` fills them in from the address",
        "content/episodes/001-plain.md: the podcast feed needs `audio` (url, length in bytes, type, duration) and "
        "`date` (like 2024-05-31) in the front matter; the feed lists the episode without them, and podcast apps "
        "skip an episode with no audio",
    ]


def test_show_settings_apple_needs_are_warned_once(make_site, tmp_path, caplog):
    site = make_site({"content/episodes/001-a.md": EPISODES["content/episodes/001-plain.md"]})
    with caplog.at_level(logging.WARNING, logger="shownotes.feed"):
        build(site, tmp_path / "out")
    assert [r.getMessage() for r in caplog.records if r.name == "shownotes.feed"][0] == (
        "site_config.yaml: the podcast feed has no `image`, `category` and `owner_email`; Apple Podcasts needs them "
        "before it lists the show")


def test_sample_feed_is_valid_without_audio_and_dates(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="shownotes.feed"):
        build(REPO, tmp_path)
    channel = parse(tmp_path / "feed.xml").find("channel")
    assert channel.findtext("title") == "Open Source Underdogs"
    assert channel.findtext("itunes:author", namespaces=NS) == "Michael Schwartz"
    assert [p.text for p in channel.findall("podcast:person", NS)] == ["Michael Schwartz"]
    assert channel.find("lastBuildDate") is None  # no episode has a date, and the clock is never read
    items = channel.findall("item")
    assert [i.findtext("itunes:episode", namespaces=NS) for i in items] == ["2", "1", None]
    assert all(i.find("enclosure") is None and i.find("pubDate") is None for i in items)
    warnings = [r.getMessage() for r in caplog.records if r.name == "shownotes.feed"]
    assert len(warnings) == 3 and all("needs `audio`" in w and "`date`" in w for w in warnings)


def test_item_guids_survive_a_move_of_the_site(make_site, tmp_path):
    guids = []
    for base in ("https://example.org/show/", "https://podcast.example.net/"):
        site = make_site({"site_config.yaml": CONFIG.replace("https://example.org/show/", base), **EPISODES})
        build(site, tmp_path / "out")
        channel = parse(tmp_path / "out/feed.xml").find("channel")
        guids.append(([i.findtext("guid") for i in channel.findall("item")],
                      channel.findtext("podcast:guid", namespaces=NS)))
    assert guids[0][0] == guids[1][0]
    assert guids[0][1] != guids[1][1]  # derived from the feed URL unless configured


def test_configured_guids_are_used(make_site, tmp_path):
    episode = EPISODES["content/episodes/001-plain.md"].replace("number: 1\n", "number: 1\n        guid: old-host-42\n")
    site = make_site({"site_config.yaml": CONFIG + "podcast_guid: 917393E3-1B1E-5CEF-ACE4-EDAA54E1F810\n",
                      "content/episodes/001-plain.md": episode})
    build(site, tmp_path)
    channel = parse(tmp_path / "feed.xml").find("channel")
    assert channel.findtext("podcast:guid", namespaces=NS) == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert channel.find("item").findtext("guid") == "old-host-42"


def test_two_episodes_with_one_guid_are_an_error(make_site, tmp_path):
    site = make_site({f"content/episodes/00{n}-e.md": f"---\ntitle: E{n}\nnumber: {n}\nguid: same\n---\n"
                      for n in (1, 2)})
    with pytest.raises(SiteError) as error:
        build(site, tmp_path)
    assert [str(p) for p in error.value.problems] == [
        "content/episodes/001-e.md: guid 'same' is also used by content/episodes/002-e.md; each episode needs its own"]


def test_podcast_guid_follows_the_namespace_rule():
    # The two examples of the Podcasting 2.0 guid tag's documentation.
    assert guid_for_feed_url("https://mp3s.nashownotes.com/pc20rss.xml") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert guid_for_feed_url("http://podnews.net/rss/") == "9b024349-ccf0-5f69-a609-6b82873eab3c"


def test_transcript_files_are_linked_when_given(podcast_site):
    config = load_config(podcast_site)
    episodes = load_episodes(podcast_site, config)
    views = episode_views(episodes)
    links = {"002-timed": [("episodes/002-timed/transcript.vtt", "text/vtt"),
                           TranscriptLink("episodes/002-timed/transcript.json", "application/json", rel="captions",
                                          language="en")]}
    item = item_by_title(ET.fromstring(render_feed(config, views, transcripts=links)).find("channel"), EP2_TITLE)
    assert [t.attrib for t in item.findall("podcast:transcript", NS)] == [
        {"url": PAGE2, "type": "text/html"},
        {"url": PAGE2 + "transcript.vtt", "type": "text/vtt"},
        {"url": PAGE2 + "transcript.json", "type": "application/json", "language": "en", "rel": "captions"},
    ]


def test_text_xml_cannot_hold_is_dropped_not_fatal(make_site, tmp_path):
    # A bell character in the title (YAML's "\\a"), a form feed in the text.
    site = make_site({"content/episodes/001-a.md": "---\ntitle: \"Bell\\a & <tag>\"\nnumber: 1\n---\n\n"
                                                   "Hi\x0c there.\n"})
    build(site, tmp_path)
    item = parse(tmp_path / "feed.xml").find("channel/item")
    assert item.findtext("title") == "Bell & <tag>"


def test_feedparser_reads_it(built):
    out, _ = built
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == TITLE
    assert feed.feed.language == "en-gb"
    assert feed.feed.image.href == "https://example.org/show/static/cover.png"
    # (feedparser reads itunes:explicit only in its old yes/clean values, so it is checked above, not here.)
    assert [t.term for t in feed.feed.tags] == ["Society & Culture", "Documentary"]
    entry = next(e for e in feed.entries if e.title == EP2_TITLE)
    assert entry.link == PAGE2
    assert entry.id == str(uuid.uuid5(PODCAST_NAMESPACE, f"{TITLE}\n002-timed"))
    assert entry.guidislink is False
    assert tuple(entry.published_parsed)[:6] == (2024, 5, 31, 12, 0, 0)
    assert entry.enclosures[0].href == "https://cdn.example.org/ep2.mp3?a=1&b=2"
    assert entry.enclosures[0].length == "12345678"
    assert entry.itunes_duration == "3723"
    assert entry.itunes_episode == "2"
    assert 'href="https://example.org/show/episodes/001-plain/index.html"' in entry.content[0].value
    assert len(feed.entries) == 3


def partytime(feed_xml: bytes) -> dict:
    """The feed as podcast-partytime reads it; skipped without `npm ci --prefix tests/node`, failed in CI."""
    missing = None
    if shutil.which("node") is None:
        missing = "node is not installed"
    elif not (NODE_DIR / "node_modules" / "podcast-partytime").is_dir():
        missing = "podcast-partytime is not installed: run `npm ci --prefix tests/node`"
    if missing:
        if IN_CI:
            pytest.fail(f"CI=true: the partytime cross-check cannot run: {missing}")
        pytest.skip(missing)
    result = subprocess.run(["node", str(NODE_DIR / "partytime-report.js")], input=feed_xml, capture_output=True,
                            timeout=60, check=True)
    return json.loads(result.stdout)


def test_podcast_partytime_reads_the_podcasting_2_0_tags(built):
    out, _ = built
    feed = partytime((out / "feed.xml").read_bytes())
    assert feed["pc20support"] == {"1": ["locked", "transcript", "chapters"], "2": ["person"], "3": ["guid"],
                                   "4": ["medium"]}
    assert feed["title"] == TITLE
    assert feed["guid"] == str(uuid.uuid5(PODCAST_NAMESPACE, "example.org/show/feed.xml"))
    assert (feed["locked"], feed["podcastOwner"]) == (True, "ada@example.org")
    assert feed["podcastPeople"] == [{"name": "Ada Host", "role": "Host", "group": "Cast"}]
    assert feed["itunesCategory"] == ["Society & Culture > Documentary"]
    assert (feed["explicit"], feed["itunesType"], feed["itunesImage"]) == (
        True, "serial", "https://example.org/show/static/cover.png")
    assert feed["owner"] == {"name": "Ada Host", "email": "ada@example.org"}
    # partytime drops items without an enclosure, as podcast apps do: "Plain" has no audio, "Trailer" no length.
    assert [i["title"] for i in feed["items"]] == [EP2_TITLE]
    item = feed["items"][0]
    assert item["guid"] == str(uuid.uuid5(PODCAST_NAMESPACE, f"{TITLE}\n002-timed"))
    assert item["enclosure"] == {"url": "https://cdn.example.org/ep2.mp3?a=1&b=2", "length": 12345678,
                                 "type": "audio/mpeg"}
    assert item["duration"] == 3723
    # (No language attribute: partytime fills in the channel's, as the tag's spec says readers should.)
    assert item["podcastTranscripts"] == [{"url": PAGE2, "type": "text/html", "language": "en-gb"}]
    assert item["podcastChapters"] == {"url": PAGE2 + "chapters.json", "type": "application/json+chapters"}
    assert [(p["name"], p["role"]) for p in item["podcastPeople"]] == [("Ada Host", "Host"), ("Bea Guest", "Guest")]


def test_podcast_partytime_reads_the_sample_feed(tmp_path):
    build(REPO, tmp_path)
    feed = partytime((tmp_path / "feed.xml").read_bytes())
    assert feed["title"] == "Open Source Underdogs"
    assert feed["pc20support"] == {"1": ["locked"], "2": ["person"], "3": ["guid"], "4": ["medium"]}
    assert feed["itunesCategory"] == ["Business > Entrepreneurship"]
    assert feed["items"] == []  # no audio in the sample yet: apps list no episode, and the build said so
