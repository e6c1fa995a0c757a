"""What GitHub Pages needs beside the pages (sitemap, robots.txt, 404 page, CNAME, .nojekyll),
the head tags every page carries, chapters files, and the settings behind them."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from shownotes.config import load_config
from shownotes.errors import SiteError
from shownotes.pipeline import build

from .conftest import REPO, soup
from .test_feed import CONFIG, EPISODES, PAGE2, TITLE

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def out(make_site, tmp_path) -> Path:
    # The cover CONFIG names is a file of the site's theme, so that every page's links lead to files.
    build(make_site({"site_config.yaml": CONFIG, **EPISODES, "themes/default/static/cover.png": b"\x89PNG"}),
          tmp_path / "out")
    return tmp_path / "out"




def meta(page: BeautifulSoup, key: str) -> str | None:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def test_pages_host_files(out):
    assert (out / ".nojekyll").read_bytes() == b""
    robots = "User-agent: *\nAllow: /\n\nSitemap: https://example.org/show/sitemap.xml\n"
    assert (out / "robots.txt").read_text() == robots
    assert not (out / "CNAME").exists()
    urls = ET.parse(out / "sitemap.xml").getroot().findall(f"{SITEMAP}url")
    assert [(u.findtext(f"{SITEMAP}loc"), u.findtext(f"{SITEMAP}lastmod")) for u in urls] == [
        ("https://example.org/show/", "2024-05-31"),
        (PAGE2, "2024-05-31"),
        ("https://example.org/show/episodes/001-plain/", None),
        ("https://example.org/show/episodes/000-trailer/", "2024-01-02"),
        ("https://example.org/show/people/ada-host/", None),
        ("https://example.org/show/people/bea-guest/", None),
    ]


def test_the_sitemap_lists_extra_pages_and_every_listed_page_is_built(make_site, tmp_path):
    pages = {"content/pages/about.md": "---\ntitle: About\n---\nHello.\n",
             "content/pages/contact.md": "---\ntitle: Contact\n---\nWrite.\n"}
    build(make_site({"site_config.yaml": CONFIG, **EPISODES, **pages}), tmp_path / "out")
    urls = [u.findtext(f"{SITEMAP}loc") for u in ET.parse(tmp_path / "out/sitemap.xml").getroot().findall(f"{SITEMAP}url")]
    assert urls[-4:] == ["https://example.org/show/pages/about/", "https://example.org/show/pages/contact/",
                         "https://example.org/show/people/ada-host/", "https://example.org/show/people/bea-guest/"]
    for url in urls:
        path = urlsplit(url).path.removeprefix("/show/")
        assert (tmp_path / "out" / path / "index.html").is_file() if path else (tmp_path / "out/index.html").is_file()


def test_cname_is_written_for_a_custom_domain(make_site, tmp_path):
    config = CONFIG.replace("https://example.org/show/", "https://podcast.example.net/") + \
        "custom_domain: podcast.example.net\n"
    build(make_site({"site_config.yaml": config, **EPISODES}), tmp_path)
    assert (tmp_path / "CNAME").read_text() == "podcast.example.net\n"


def test_every_page_has_title_description_canonical_social_tags_feed_and_icon(out):
    for path, url, title, description in [
        ("index.html", "https://example.org/show/", TITLE, "Cats, mice & more — über alles."),
        ("episodes/002-timed/index.html", PAGE2, "Episode 2: Cats & Dogs <live> “quoted” ü",
         'Cats & dogs, <b>not bold</b>, "quotes" and ü.'),
    ]:
        page = soup(out / path)
        assert page.html["lang"] == "en-gb"
        assert page.title.get_text()
        assert meta(page, "description") == description
        assert page.find("link", rel="canonical")["href"] == url
        assert meta(page, "og:url") == url
        assert meta(page, "og:title") == title
        assert meta(page, "og:description") == description
        assert meta(page, "og:site_name") == TITLE
        assert meta(page, "og:image") == "https://example.org/show/static/cover.png"
        assert meta(page, "twitter:card") == "summary_large_image"  # X takes title, description, image from og:
        assert not page.select('meta[name^="twitter:"]:not([name="twitter:card"])')
        feed = page.find("link", rel="alternate", type="application/rss+xml")
        icon = page.find("link", rel="icon")
        for link, target in ((feed, "feed.xml"), (icon, "static/favicon.svg")):
            assert not urlsplit(link["href"]).scheme, link  # page-to-page links stay relative
            assert ((out / path).parent / link["href"]).resolve() == (out / target).resolve()
        assert (out / "static/favicon.svg").read_text().startswith("<svg")


def test_a_site_without_image_gets_a_small_card(make_site, tmp_path):
    build(make_site({"content/episodes/001-a.md": "---\ntitle: A\nnumber: 1\n---\n\nHi.\n"}), tmp_path)
    page = soup(tmp_path / "index.html")
    assert meta(page, "twitter:card") == "summary" and meta(page, "og:image") is None


def test_404_page_links_from_the_base_path_so_it_works_at_any_depth(out):
    page = soup(out / "404.html")
    assert page.h1.get_text() == "Page not found"
    assert meta(page, "robots") == "noindex" and page.find("link", rel="canonical") is None
    links = [el.get("href") or el.get("src") for el in page.select("[href], [src]")]
    links = [link for link in links if not link.startswith("#")]  # same-page links work at any depth
    assert "/show/static/style.css" in links and "/show/index.html" in links
    for link in links:
        assert link.startswith("/show/"), link
        assert (out / link.removeprefix("/show/").split("#")[0]).is_file(), link


def test_chapters_file_follows_the_json_chapters_spec(out):
    document = json.loads((out / "episodes/002-timed/chapters.json").read_text(encoding="utf-8"))
    # Required by the spec: `version` (string) and `chapters` (array); each chapter's `startTime` (number).
    assert document["version"] == "1.2.0"
    assert isinstance(document["chapters"], list) and document["chapters"]
    for chapter in document["chapters"]:
        assert isinstance(chapter["startTime"], (int, float)) and chapter["startTime"] >= 0
        assert set(chapter) <= {"startTime", "title", "img", "url", "toc", "endTime", "location"}
        assert isinstance(chapter["title"], str) and isinstance(chapter["url"], str)
    starts = [c["startTime"] for c in document["chapters"]]
    assert starts == sorted(starts)
    # The untimed section is left out; the untitled opening takes the episode's title.
    assert document == {
        "version": "1.2.0",
        "title": "Cats & Dogs <live> “quoted” ü",
        "podcastName": TITLE,
        "chapters": [
            {"startTime": 5, "title": "Cats & Dogs <live> “quoted” ü", "url": PAGE2},
            {"startTime": 600, "title": "Cats & Dogs", "url": PAGE2 + "#cats-dogs"},
            {"startTime": 3600, "title": "Später", "url": PAGE2 + "#spater"},
        ],
    }
    page = soup(out / "episodes/002-timed/index.html")
    for chapter in document["chapters"]:
        fragment = urlsplit(chapter["url"]).fragment
        assert not fragment or page.find(id=fragment), chapter


def test_episodes_without_times_get_no_chapters_file(out):
    assert not (out / "episodes/001-plain/chapters.json").exists()
    assert not (out / "episodes/000-trailer/chapters.json").exists()


@pytest.mark.parametrize("setting,message", [
    ("owner_email: nobody", "`owner_email` must be an email address, not 'nobody'"),
    ("image: /cover.jpg", "`image` must be a full URL (https://...) or a path inside the site like static/cover.jpg"),
    ("image: static/cover.gif",
     "`image` must be a JPEG or PNG file (.jpg, .jpeg or .png): Apple Podcasts takes no other"),
    ("category: Tech", "`category` must be one of Apple Podcasts' categories (Arts, Business, Comedy, Education, "
                       "Fiction, Government, Health & Fitness, History, Kids & Family, Leisure, Music, News, "
                       "Religion & Spirituality, Science, Society & Culture, Sports, TV & Film, Technology, "
                       "True Crime), not 'Tech'"),
    ("explicit: maybe", "`explicit` must be true or false"),
    ("locked: 1", "`locked` must be true or false"),
    ("podcast_type: seasonal", "`podcast_type` must be episodic or serial, not 'seasonal'"),
    ("podcast_guid: abc", "`podcast_guid` must be a UUID like 917393e3-1b1e-5cef-ace4-edaa54e1f810, not 'abc'"),
    ("custom_domain: https://x.org/", "`custom_domain` must be a bare domain name like podcast.example.com "
                                      "(no https://, no path), not 'https://x.org/'"),
    ("language: English", "`language` must be a language code like en or en-us, not 'English'"),
    ("copyright: 2024", "`copyright` must be text, not int"),
])
def test_feed_settings_are_checked(make_site, setting, message):
    site = make_site({"site_config.yaml": f"title: Show\nbase_url: https://example.org/show/\n{setting}\n"})
    with pytest.raises(SiteError) as error:
        load_config(site)
    assert [str(p) for p in error.value.problems] == [f"{site}/site_config.yaml:3: {message}"]


def test_settings_that_must_agree_are_checked_together(make_site):
    site = make_site({"site_config.yaml": "title: Show\nbase_url: https://u.github.io/show/\ncategory: Technology\n"
                                          "subcategory: Podcasting\ncustom_domain: podcast.example.com\n"})
    with pytest.raises(SiteError) as error:
        load_config(site)
    assert [str(p) for p in error.value.problems] == [
        f"{site}/site_config.yaml:4: `subcategory` 'Podcasting' is not one of Technology's (none)",
        f"{site}/site_config.yaml:2: `base_url` is on u.github.io but `custom_domain` is podcast.example.com; "
        "set `base_url: https://podcast.example.com/`",
    ]
    site = make_site({"site_config.yaml": "title: Show\nsubcategory: Documentary\nbase_url: /show/\n"})
    with pytest.raises(SiteError) as error:
        load_config(site)
    assert [str(p) for p in error.value.problems] == [
        f"{site}/site_config.yaml:3: `base_url` must be the site's full address, like https://USER.github.io/SHOW/",
        f"{site}/site_config.yaml:2: `subcategory` needs a `category` to belong to",
    ]


def test_feed_settings_are_typed(make_site):
    site = make_site({"site_config.yaml": CONFIG})
    config = load_config(site)
    assert (config.explicit, config.locked, config.podcast_type) == (True, True, "serial")
    assert (config.category, config.subcategory) == ("Society & Culture", "Documentary")
    assert config.page_url("episodes/x/index.html") == "https://example.org/show/episodes/x/"
    assert config.absolute_url("https://cdn.example.org/a.png") == "https://cdn.example.org/a.png"
    assert config.base_path == "/show/"
    defaults = load_config(make_site({"site_config.yaml": "title: Show\n"}))
    assert (defaults.explicit, defaults.locked, defaults.podcast_type, defaults.image) == (False, False, "episodic", "")


def test_pages_workflow_builds_and_deploys_with_the_official_actions():
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key `on` as true
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build_steps = workflow["jobs"]["build"]["steps"]
    uses = [s["uses"].split("@")[0] for s in build_steps if "uses" in s]
    assert uses == ["actions/checkout", "actions/setup-python", "actions/configure-pages",
                    "actions/upload-pages-artifact"]
    assert "python build.py build --output output" in [s.get("run") for s in build_steps]
    upload = next(s for s in build_steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"] == {"path": "output", "include-hidden-files": True}  # keeps .nojekyll
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
