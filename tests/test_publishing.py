"""Publishing a real podcast: real feeds imported (guid, date and enclosure kept exactly, a second
import changing nothing), guids that survive renaming, drafts and schedules, the complete feed
read by three parsers, check-audio against a local server, and sites with no broken link."""
from __future__ import annotations

import datetime
import email.utils
import functools
import http.server
import json
import logging
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import podcastparser
import pytest

from shownotes.check_audio import check_audio
from shownotes.config import load_config
from shownotes.feed_import import import_feed
from shownotes import pipeline
from shownotes.pipeline import build

from .conftest import REPO, episode_file, load_episodes, soup
from .test_audio import make_audio
from .test_feed import NS, partytime

FEEDS = REPO / "tests" / "fixtures" / "feeds"
MANIFEST = json.loads((FEEDS / "manifest.json").read_text(encoding="utf-8"))
# One feed per hosting service (Podlove's has its chapters in the feed).
HOSTED = ["fireside-launched.xml", "art19-1865.xml", "acast-sentimental-garbage.xml", "libsyn-all-things-chemical.xml",
          "transistor-oxide-and-friends.xml", "podlove-freak-show.xml", "subsplash-changing-the-tide.xml",
          "anchor-its-not-always-special.xml", "dw-langsam-gesprochene-nachrichten.xml",
          # Hand-written: two items share a guid, and one item's title is another's; still nothing changes twice.
          "hand-written-taverncast.xml"]


def offline(url: str) -> bytes:
    """The tests never reach the network: every linked file outside 127.0.0.1 is unavailable."""
    raise OSError("no network in the tests")


def broken_links(output: Path, base_url: str) -> list[str]:
    """Every link of every page, and every image and enclosure of the feed, that points inside the
    site at a file the build did not write."""
    missing = []
    for page in sorted(output.rglob("*.html")):
        if page.name == "404.html":
            continue
        tree = soup(page)
        here = base_url + page.relative_to(output).as_posix()
        links = [a.get("href") for a in tree.find_all(["a", "link"])] + [s.get("src") for s in tree.find_all(
            ["script", "img", "audio"])] + [m.get("content") for m in tree.find_all("meta", property="og:image")]
        for link in filter(None, links):
            target = urljoin(here, link).split("#")[0]
            if target.startswith(base_url) and not (output / unquote(target[len(base_url):]) or output).exists():
                missing.append(f"{page.relative_to(output)}: {link}")
            elif target.startswith(base_url) and target.endswith("/") and not (
                    output / unquote(target[len(base_url):]) / "index.html").exists():
                missing.append(f"{page.relative_to(output)}: {link}")
    feed = ET.parse(output / "feed.xml").getroot()
    urls = [e.get("href") for e in feed.iter(f"{{{NS['itunes']}}}image")] + [e.get("url") for e in feed.iter("enclosure")]
    urls += [e.text for e in feed.iter("url")]
    for url in filter(None, urls):
        if url.startswith(base_url) and not (output / unquote(urlsplit(url).path[len(urlsplit(base_url).path):])).is_file():
            missing.append(f"feed.xml: {url}")
    return missing


def test_the_sample_publishes_with_a_real_cover_and_no_broken_link(tmp_path, caplog):
    from PIL import Image

    with Image.open(REPO / "media" / "cover.png") as cover:
        assert cover.format == "PNG" and cover.size == (1400, 1400)
    with caplog.at_level(logging.WARNING, logger="shownotes"):
        build(REPO, tmp_path)
    assert (tmp_path / "media/cover.png").read_bytes() == (REPO / "media/cover.png").read_bytes()
    assert not [m for m in caplog.messages if "image" in m]
    assert broken_links(tmp_path, "https://example.github.io/open-source-underdogs/") == []


def test_a_missing_cover_is_left_out_until_it_arrives(tmp_path, caplog, monkeypatch):
    """A site_config.yaml copied without its cover: a warning, and no page or feed links to the
    missing file; once the file is there, the next build links it everywhere."""
    site = tmp_path / "site"
    (site / "content" / "episodes").mkdir(parents=True)
    (site / "site_config.yaml").write_text((REPO / "site_config.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (site / "content" / "episodes" / "001-a.md").write_text(
        "---\ntitle: A\nnumber: 1\ndate: 2024-05-31\n---\n\n**Host:** Hello.\n", encoding="utf-8")
    output = tmp_path / "output"
    with caplog.at_level(logging.WARNING, logger="shownotes"):
        build(site, output)
    assert [m for m in caplog.messages if "media/cover.png" in m and "go without it" in m]
    assert "cover.png" not in (output / "index.html").read_text(encoding="utf-8")
    assert "cover.png" not in (output / "episodes/001-a/index.html").read_text(encoding="utf-8")
    assert "cover.png" not in (output / "feed.xml").read_text(encoding="utf-8")
    with monkeypatch.context() as patched:  # still missing: the quick check finds nothing to do
        patched.setattr(pipeline, "_build", lambda now: pytest.fail("a build with nothing changed went past the "
                                                                      "quick check"))
        build(site, output)
    (site / "media").mkdir()
    (site / "media" / "cover.png").write_bytes((REPO / "media" / "cover.png").read_bytes())
    build(site, output)
    assert "media/cover.png" in (output / "episodes/001-a/index.html").read_text(encoding="utf-8")
    assert "media/cover.png" in (output / "feed.xml").read_text(encoding="utf-8")
    assert (output / "media/cover.png").is_file()


@pytest.mark.slow
@pytest.mark.parametrize("name", HOSTED)
def test_a_real_feed_is_imported_keeping_guid_date_and_enclosure(make_site, tmp_path, name):
    site = make_site({})
    results = import_feed(site, str(FEEDS / name), load_config(site), get=offline)
    entry = next(f for f in MANIFEST["feeds"] if f["file"] == name)
    assert len(results) == entry["items"] and {r.action for r in results} == {"created"}
    episodes = {e.guid: e for e in load_episodes(site, load_config(site))}
    for expected in entry["expected"]:
        episode = episodes[expected["guid"]]
        assert episode.title == " ".join(expected["title"].split())
        assert episode.released == email.utils.parsedate_to_datetime(expected["pubDate"]).replace(
            tzinfo=email.utils.parsedate_to_datetime(expected["pubDate"]).tzinfo or datetime.timezone.utc)
        assert (episode.audio.url, str(episode.audio.length), episode.audio.type) == (
            expected["enclosure_url"], expected["enclosure_length"], expected["enclosure_type"])
        assert episode.episode_type == (expected["episodeType"] or "full")
        assert episode.season == (int(expected["season"]) if expected["season"] else None)
    # The site built from it: the feed has the same guids, dates and enclosures, and no broken link.
    build(site, tmp_path / "out")
    channel = ET.parse(tmp_path / "out/feed.xml").getroot().find("channel")
    items = {i.findtext("guid"): i for i in channel.findall("item")}
    for expected in entry["expected"]:
        item = items[expected["guid"]]
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).timestamp() == \
            email.utils.parsedate_to_datetime(expected["pubDate"]).replace(tzinfo=datetime.timezone.utc).timestamp() \
            if email.utils.parsedate_to_datetime(expected["pubDate"]).tzinfo is None else \
            email.utils.parsedate_to_datetime(expected["pubDate"]).timestamp()
        assert item.find("enclosure").attrib == {"url": expected["enclosure_url"],
                                                 "length": expected["enclosure_length"],
                                                 "type": expected["enclosure_type"]}
    assert broken_links(tmp_path / "out", "https://example.org/show/") == []
    # A second import changes nothing: not a byte.
    before = {p: p.read_bytes() for p in (site / "content/episodes").iterdir()}
    again = import_feed(site, str(FEEDS / name), load_config(site), get=offline)
    assert {r.action for r in again} == {"unchanged"}
    assert {p: p.read_bytes() for p in (site / "content/episodes").iterdir()} == before


def test_import_fills_what_an_episode_lacks_and_keeps_what_was_edited(make_site):
    site = make_site({"content/episodes/003-mine.md": episode_file(
        3, "Animal Testing and New TSCA", "**Ada Host:** Hello.\n", "description: My own words.\n")})
    results = import_feed(site, str(FEEDS / "libsyn-all-things-chemical.xml"), load_config(site), get=offline)
    text = (site / "content/episodes/003-mine.md").read_text(encoding="utf-8")
    assert [r.action for r in results if r.path.name == "003-mine.md"] == ["filled"]
    assert "description: My own words.\n" in text and text.count("description:") == 1
    assert "guid: 5c50cce62c3446f7b8670d2946f899ac\n" in text
    assert "date: 2018-11-01 00:44:55+00:00\n" in text
    assert text.endswith("---\n\n**Ada Host:** Hello.\n")


def test_guids_never_change_when_the_show_title_and_file_are_renamed(make_site, tmp_path):
    site = make_site({})
    import_feed(site, str(FEEDS / "libsyn-all-things-chemical.xml"), load_config(site), get=offline)

    def guids() -> list[str]:
        build(site, tmp_path / "out")
        return sorted(i.findtext("guid") for i in ET.parse(tmp_path / "out/feed.xml").getroot().iter("item"))

    before = guids()
    config = site / "site_config.yaml"
    config.write_text(config.read_text().replace("title: Test Show", "title: A New Name"), encoding="utf-8")
    for path in sorted((site / "content/episodes").iterdir()):
        text = path.read_text(encoding="utf-8")
        title = text.split("title: ", 1)[1].split("\n", 1)[0]
        path.write_text(text.replace(f"title: {title}", "title: Renamed " + title), encoding="utf-8")
        path.rename(path.with_name(path.name.replace(".md", "-renamed.md")))
    assert guids() == before
    expected = next(f for f in MANIFEST["feeds"] if f["file"] == "libsyn-all-things-chemical.xml")["expected"]
    assert len(before) == 4 and {e["guid"] for e in expected} <= set(before)


def test_drafts_and_future_episodes_stay_out_until_their_time(make_site, tmp_path):
    site = make_site({
        "content/episodes/001-out.md": episode_file(1, "Out", "**Ada Host:** Hi.\n", "date: 2024-05-01\n"),
        "content/episodes/002-draft.md": episode_file(2, "Quietdraft", "**Zed Draftguest:** Hi.\n",
                                                      "date: 2024-05-02\ndraft: true\n"),
        "content/episodes/003-later.md": episode_file(3, "Comeslater", "**Ada Host:** Soon.\n",
                                                      "date: 2024-06-01 08:00:00-05:00\n"),
    })
    may = datetime.datetime(2024, 5, 15, tzinfo=datetime.timezone.utc)
    build(site, tmp_path / "out", today=may)
    out = tmp_path / "out"
    assert sorted(p.name for p in (out / "episodes").iterdir()) == ["001-out"]
    every_file = "".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file())
    assert "Quietdraft" not in every_file and "Comeslater" not in every_file and "Zed Draftguest" not in every_file
    # Preview: both shown with a banner, still out of the feed and the sitemap.
    build(site, out, drafts=True, today=may)
    banner = soup(out / "episodes/002-draft/index.html").find(class_="draft-banner")
    assert "Set `draft: false` to publish it." in banner.get_text()
    assert "Scheduled" in soup(out / "episodes/003-later/index.html").find(class_="draft-banner").get_text()
    assert "Comeslater" not in (out / "feed.xml").read_text() and "003-later" not in (out / "sitemap.xml").read_text()
    # Once its time has come (13:00 UTC is 08:00 at -05:00), a build publishes it, with the time kept.
    build(site, out, today=datetime.datetime(2024, 6, 1, 13, 0, tzinfo=datetime.timezone.utc))
    assert sorted(p.name for p in (out / "episodes").iterdir()) == ["001-out", "003-later"]
    item = ET.parse(out / "feed.xml").getroot().find("channel/item")
    assert item.findtext("pubDate") == "Sat, 01 Jun 2024 08:00:00 -0500"


def test_the_clock_is_read_once_from_source_date_epoch(monkeypatch):
    from shownotes.pipeline import release_clock

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717243200")
    assert release_clock() == datetime.datetime(2024, 6, 1, 12, 0, tzinfo=datetime.timezone.utc)


COMPLETE = """\
title: Complete Show
description: Every tag.
base_url: https://example.org/show/
host: Ada Host
owner_email: ada@example.org
image: media/cover.png
category: Technology
categories: [Business > Entrepreneurship, Education]
new_feed_url: https://new.example.org/feed.xml
block: true
complete: true
funding: [{url: https://example.org/support, text: Support the show}]
medium: podcast
feed_limit: 2
people:
  Ada Host: {link: https://ada.example.org/, image: media/ada.png}
"""


@pytest.fixture
def complete_feed(make_site, tmp_path) -> bytes:
    site = make_site({
        "site_config.yaml": COMPLETE, "media/cover.png": b"\x89PNG\r\n\x1a\n", "media/ada.png": b"\x89PNG\r\n\x1a\n",
        **{f"content/episodes/00{n}-e.md": episode_file(n, f"E{n}", "**Ada Host:** Hi.\n", (
            f"date: 2024-05-0{n}\nseason: 2\nexplicit: true\nepisode_type: {'bonus' if n == 3 else 'full'}\n"
            f"image: media/cover.png\naudio: {{url: https://cdn.example.org/{n}.mp3, length: 1000, duration: 61}}\n"))
           for n in (1, 2, 3)}})
    build(site, tmp_path / "out")
    return (tmp_path / "out/feed.xml").read_bytes()


def test_the_complete_feed_has_every_tag(complete_feed):
    channel = ET.fromstring(complete_feed).find("channel")
    assert [(c.get("text"), [s.get("text") for s in c]) for c in channel.findall("itunes:category", NS)] == [
        ("Technology", []), ("Business", ["Entrepreneurship"]), ("Education", [])]
    assert channel.findtext("itunes:new-feed-url", namespaces=NS) == "https://new.example.org/feed.xml"
    assert (channel.findtext("itunes:block", namespaces=NS), channel.findtext("itunes:complete", namespaces=NS)) == (
        "Yes", "Yes")
    funding = channel.find("podcast:funding", {"podcast": "https://podcastindex.org/namespace/1.0"})
    assert (funding.text, funding.attrib) == ("Support the show", {"url": "https://example.org/support"})
    person = channel.find("podcast:person", {"podcast": "https://podcastindex.org/namespace/1.0"})
    assert person.attrib == {"role": "host", "href": "https://ada.example.org/",
                             "img": "https://example.org/show/media/ada.png"}
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["E3", "E2"]  # feed_limit: the newest two
    assert [(i.findtext("itunes:season", namespaces=NS), i.findtext("itunes:episodeType", namespaces=NS),
             i.findtext("itunes:explicit", namespaces=NS), i.find("itunes:image", NS).get("href")) for i in items] == [
        ("2", "bonus", "true", "https://example.org/show/media/cover.png"),
        ("2", "full", "true", "https://example.org/show/media/cover.png")]


def test_three_parsers_read_the_complete_feed(complete_feed):
    feed = feedparser.parse(complete_feed)
    assert not feed.bozo and [e.itunes_season for e in feed.entries] == ["2", "2"]
    assert feed.entries[0].enclosures[0].href == "https://cdn.example.org/3.mp3"
    gpodder = podcastparser.parse("https://example.org/show/feed.xml", __import__("io").BytesIO(complete_feed))
    assert gpodder["new_url"] == "https://new.example.org/feed.xml"
    assert [(e["title"], e["guid"], e["total_time"], e["enclosures"][0]["file_size"]) for e in gpodder["episodes"]] \
        == [("E3", e3, 61, 1000) for e3 in [gpodder["episodes"][0]["guid"]]] + [
            ("E2", gpodder["episodes"][1]["guid"], 61, 1000)]
    assert gpodder["episodes"][0]["published"] == 1714737600  # 2024-05-03 at noon UTC
    party = partytime(complete_feed)
    assert (party["itunesBlock"], party["itunesComplete"], party["itunesNewFeedUrl"]) == (
        True, True, "https://new.example.org/feed.xml")
    assert party["medium"] == "podcast"
    assert party["podcastFunding"] == [{"message": "Support the show", "url": "https://example.org/support"}]
    assert party["podcastPeople"] == [{"name": "Ada Host", "role": "Host", "group": "Cast",
                                       "href": "https://ada.example.org/",
                                       "img": "https://example.org/show/media/ada.png"}]
    assert [(i["itunesSeason"], i["itunesEpisodeType"], i["explicit"]) for i in party["items"]] == [
        (2, "bonus", True), (2, "full", True)]


@pytest.fixture
def media_server(tmp_path):
    """An HTTP server on 127.0.0.1 serving tmp_path/served, with byte ranges as hosts serve audio."""
    served = tmp_path / "served"
    served.mkdir()

    class Ranges(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def send_head(self):  # type: ignore[no-untyped-def]
            wanted = self.headers.get("Range")
            path = Path(self.translate_path(self.path))
            if not wanted or not path.is_file():
                return super().send_head()
            data = path.read_bytes()
            first, _, last = wanted.removeprefix("bytes=").partition("-")
            chunk = data[int(first):int(last) + 1 if last else None]
            self.send_response(206)
            self.send_header("Content-Type", "audio/wav")
            self.send_header("Content-Range", f"bytes {first}-{int(first) + len(chunk) - 1}/{len(data)}")
            self.send_header("Content-Length", str(len(chunk)))
            self.end_headers()
            return __import__("io").BytesIO(chunk)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Ranges, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_check_audio_fills_in_length_type_and_duration_and_reports_broken_links(make_site, media_server):
    served, url = media_server
    audio = make_audio(served, "wav")
    site = make_site({
        "content/episodes/001-a.md": episode_file(1, "A", "Hi.\n", f"audio:\n  url: {url}001.wav  # mine\n"),
        "content/episodes/002-b.md": episode_file(2, "B", "Hi.\n", f"audio: {url}missing.mp3\n"),
    })
    report = check_audio(site, load_config(site))
    assert (report.checked, report.filled) == (2, 1)
    assert report.broken == [f"content/episodes/002-b.md:4: {url}missing.mp3: HTTP 404 File not found"]
    text = (site / "content/episodes/001-a.md").read_text(encoding="utf-8")
    assert f"audio:\n  url: {url}001.wav\n  length: {audio.stat().st_size}\n  type: audio/x-wav\n  duration: 3\n" in text  # as the server says
    assert check_audio(site, load_config(site)).checked == 1  # only the broken one is left to check
