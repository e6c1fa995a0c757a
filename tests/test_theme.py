"""The default theme's contract: reading time and word count, extra pages in the navigation,
the theme README, and a site theme that overrides one template of the sample."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from shownotes.errors import SiteError
from shownotes.model import Episode, Section, Turn
from shownotes.pages import load_pages, render_body
from shownotes.pipeline import build
from shownotes.views import EpisodeView

from .conftest import REPO, episode_file, soup

EP2 = "episodes/002-netgate-secure-networking-software-with-jamie-thompson/index.html"
EP1 = "episodes/001-anaconda-python-data-science-platform-with-peter-wang/index.html"
EP0 = "episodes/000-intro-and-words-from-our-sponsor-the-linux-journal/index.html"
ABOUT = "pages/about/index.html"
THEME = REPO / "themes" / "default"




@pytest.fixture
def sample(sample_output: Path) -> Path:
    return sample_output


def test_words_are_counted_from_the_transcript_and_kept_by_the_outline():
    turns = (Turn("Ada", ("One two three.", "Four five.")), Turn(None, ("Six",)))
    episode = Episode(1, "A", "a", sections=(Section("Hello world", turns),))
    assert episode.words == 6
    assert episode.outline().words == 6 and episode.outline().sections[0].turns[0].paragraphs == ()
    assert Episode(2, "B", "b").words == 0


def test_reading_time_rounds_up_at_230_words_a_minute():
    def minutes(words: int) -> int:
        return EpisodeView(Episode(1, "A", "a", word_count=words), "", "", (), None, None).reading_minutes
    assert [minutes(n) for n in (0, 1, 230, 231, 4834)] == [0, 1, 1, 2, 22]


def test_episode_pages_and_the_index_show_reading_time_and_word_count(sample):
    assert soup(sample / EP2).select_one(".episode-header .episode-length").get_text() == "22 min read · 4,834 words"
    assert soup(sample / EP1).select_one(".episode-length").get_text() == "34 min read · 7,688 words"
    assert soup(sample / EP0).select_one(".episode-length") is None  # the page says so in full
    items = soup(sample / "index.html").select("li.episode")
    assert [(i.select_one(".episode-guests").get_text() if i.select_one(".episode-guests") else None,
             i.select_one(".episode-length").get_text()) for i in items] == [
        ("With Jamie Thompson, Jim Thompson", "22 min read · 4,834 words"),
        ("With Peter Wang", "34 min read · 7,688 words"),
        (None, "Transcript coming soon"),
    ]


def test_audio_duration_shows_as_minutes_to_listen(make_site, tmp_path):
    site = make_site({"content/episodes/001-a.md": episode_file(
        1, "A", "**Ada Host:** Hello there.\n", extra="audio:\n  url: a.mp3\n  duration: '01:02:03'\n")})
    build(site, tmp_path)
    assert soup(tmp_path / "index.html").select_one(".episode-length").get_text() == "62 min listen · 1 min read · 2 words"


def test_the_table_of_contents_is_a_disclosure_inside_the_contents_nav(sample):
    toc = soup(sample / EP2).select_one("nav.toc[aria-label=Contents]")
    assert toc.select_one("details.toc-fold > summary.toc-title").get_text(" ", strip=True) == "Contents 17 sections"
    assert not toc.select_one("details").has_attr("open")  # reader.js opens it on wide screens
    assert soup(sample / EP0).select_one("nav.toc") is None


def test_the_about_page_is_built_and_linked_from_every_page(sample):
    about = soup(sample / ABOUT)
    assert about.title.get_text() == "About · Open Source Underdogs"
    assert about.h1.get_text() == "About"
    assert [h["id"] for h in about.select(".prose h2")] == ["the-host", "episodes-so-far", "thanks"]
    assert about.select_one('link[rel="canonical"]')["href"] == "https://example.github.io/open-source-underdogs/pages/about/"
    for page, root in [("index.html", ""), (EP2, "../../"), ("people/peter-wang/index.html", "../../"), (ABOUT, "../../"),
                       ("404.html", "/open-source-underdogs/")]:
        nav = [(a.get_text(), a["href"], a.get("aria-current")) for a in soup(sample / page).select("nav.site-nav a")]
        current = {"index.html": "Episodes", ABOUT: "About"}.get(page)
        assert nav == [("Episodes", root + "index.html", "page" if current == "Episodes" else None),
                       ("About", root + ABOUT, "page" if current == "About" else None)], page


def test_pages_follow_nav_order_then_title(make_site, tmp_path):
    site = make_site({
        "content/pages/zebra.md": "---\ntitle: Zebra\n---\nZ\n",
        "content/pages/contact.md": "---\ntitle: Contact\nnav_order: 2\n---\nC\n",
        "content/pages/about-us.md": "---\ntitle: About us\nnav_order: 1\ndescription: Who we are.\n---\nA\n",
        "content/pages/apples.md": "---\ntitle: Apples\n---\nA\n",
        "content/pages/notes.txt": "not a page",
    })
    build(site, tmp_path)
    nav = [(a.get_text(), a["href"]) for a in soup(tmp_path / "index.html").select("nav.site-nav a")]
    assert nav == [("Episodes", "index.html"), ("About us", "pages/about-us/index.html"),
                   ("Contact", "pages/contact/index.html"), ("Apples", "pages/apples/index.html"),
                   ("Zebra", "pages/zebra/index.html")]
    assert soup(tmp_path / "pages/about-us/index.html").select_one('meta[name="description"]')["content"] == "Who we are."
    assert soup(tmp_path / "pages/zebra/index.html").select_one('meta[name="description"]')["content"] == \
        "A show made up for tests."


def test_a_page_is_text_not_markup(make_site, tmp_path):
    site = make_site({"content/pages/about.md": "---\ntitle: About <b>us</b>\n---\n"
                                                "<script>alert(1)</script>\n\nHi <b>there</b> "
                                                "[x](javascript:alert(2)) [ok](../../index.html)\n"})
    build(site, tmp_path)
    page = soup(tmp_path / ABOUT)
    assert page.h1.get_text() == "About <b>us</b>"
    assert page.select_one('script:not([src]):not([type="application/json"])') is None
    assert page.select_one(".prose b") is None
    assert "<script>alert(1)</script>" in page.select_one(".prose").get_text()
    assert [a.get("href") for a in page.select(".prose a")] == [None, "../../index.html"]


def test_every_mistake_in_page_files_is_reported_with_its_line(make_site, tmp_path):
    site = make_site({
        "content/pages/a.md": "---\nnav_order: first\nextra: 1\n---\nText\n",
        "content/pages/b.md": "No front matter\n",
        "content/pages/c.md": "---\ntitle: C\n",
        "content/pages/d.md": "---\ntitle: [1, 2]\ndescription: 3\n---\n",
        "content/pages/Same.md": "---\ntitle: One\n---\n",
        "content/pages/same.md": "---\ntitle: Two\n---\n",
        "content/pages/€.md": "---\ntitle: Euro\n---\n",
    })
    with pytest.raises(SiteError) as error:
        build(site, tmp_path / "out")
    messages = sorted(str(p) for p in error.value.problems)
    assert messages == sorted([
        "content/pages/a.md:1: `title` is required and must be text",
        "content/pages/a.md:2: `nav_order` must be a whole number like `nav_order: 1`, not 'first'",
        "content/pages/a.md:3: unknown field `extra` (known: title, nav_order, description)",
        "content/pages/b.md:1: missing front matter: the file must start with a line `---`, then `title: ...`, then a closing `---`",
        "content/pages/c.md:1: front matter is not closed: did you forget the closing `---` line?",
        "content/pages/d.md:2: `title` is required and must be text",
        "content/pages/d.md:3: `description` must be text",
        ("content/pages/same.md: content/pages/Same.md and content/pages/same.md would both be "
         "pages/same/index.html; rename one"),
        "content/pages/€.md: the file name must contain letters or digits: it names the page's address, pages/NAME/",
    ])
    assert not (tmp_path / "out").exists()


def test_page_headings_get_anchors_and_self_links_like_an_episodes():
    html = render_body("## What’s next?\n\nText\n\n## What’s next?\n")
    assert re.findall(r'<h2 id="([^"]+)">', html) == ["whats-next", "whats-next-2"]  # the episodes' rule
    assert '<a class="anchor" href="#whats-next" title="Link to this section">#</a>' in html


def test_a_site_without_pages_has_only_the_episodes_in_its_navigation(make_site, tmp_path):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** Hi.\n")})
    assert load_pages(site) == ()
    build(site, tmp_path)
    assert [a.get_text() for a in soup(tmp_path / "episodes/001-a/index.html").select("nav.site-nav a")] == ["Episodes"]
    assert not (tmp_path / "pages").exists()


def test_the_sample_renders_with_a_theme_that_overrides_only_the_episode_template(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copytree(REPO / "media", site / "media")
    config = (REPO / "site_config.yaml").read_text(encoding="utf-8")
    (site / "site_config.yaml").write_text(config.replace("theme: default", "theme: mine"), encoding="utf-8")
    mine = site / "themes" / "mine" / "templates"
    mine.mkdir(parents=True)
    (mine / "episode.html").write_text(
        '{% extends "base.html" %}\n'
        "{% block title %}{{ episode.title }}, as I like it{% endblock %}\n"
        '{% block main %}<article class="my-episode"><h1>{{ episode.title }}</h1>\n'
        '<p class="my-length">{% include "partials/length.html" %}</p>\n'
        "{{ episode.html | safe }}</article>{% endblock %}\n", encoding="utf-8")
    output = tmp_path / "out"
    build(site, output)
    page = soup(output / EP2)
    assert page.title.get_text() == "Netgate – Secure Networking Software with Jamie Thompson, as I like it"
    assert page.select_one("article.my-episode .my-length").get_text() == "22 min read · 4,834 words"
    assert page.select_one("nav.toc") is None and len(page.select(".my-episode h2")) == 17
    assert [a.get_text() for a in page.select("nav.site-nav a")] == ["Episodes", "About"]  # base.html: the default's
    # Every other template, and every static file, is the default theme's, byte for byte as the sample builds it.
    default = tmp_path / "default"
    build(REPO, default)
    for name in ("index.html", "404.html", ABOUT, "people/jamie-thompson/index.html", "static/style.css",
                 "static/reader.js"):
        assert (output / name).read_bytes() == (default / name).read_bytes(), name
    assert (output / EP2).read_bytes() != (default / EP2).read_bytes()


def test_the_theme_readme_documents_every_template_and_what_it_receives():
    readme = (THEME / "README.md").read_text(encoding="utf-8")
    templates = sorted(p.relative_to(THEME / "templates").as_posix() for p in (THEME / "templates").rglob("*")
                       if p.is_file())
    for name in templates:
        assert f"`{name}`" in readme, f"README.md does not document {name}"
    for variable in ("site", "root", "episode", "episodes", "person", "page", "page_path", "page_title", "nav_pages",
                     "person_url", "version", "file_list"):
        assert f"`{variable}`" in readme, f"README.md does not document the variable {variable}"
    for name in sorted(p.name for p in (THEME / "static").iterdir() if p.is_file()):
        assert f"`{name}`" in readme, f"README.md does not document static/{name}"


def test_a_changed_page_is_rebuilt_and_every_navigation_follows(make_site, tmp_path):
    site = make_site({
        "content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** Hi.\n"),
        "content/pages/about.md": "---\ntitle: About\n---\nFirst words.\n",
    })
    build(site, tmp_path)
    (site / "content/pages/about.md").write_text("---\ntitle: About the show\n---\nSecond words.\n", encoding="utf-8")
    build(site, tmp_path)
    assert "Second words." in soup(tmp_path / ABOUT).select_one(".prose").get_text()
    for page in ("index.html", "episodes/001-a/index.html", "people/ada-host/index.html", ABOUT):
        assert [a.get_text() for a in soup(tmp_path / page).select("nav.site-nav a")] == ["Episodes", "About the show"]
    (site / "content/pages/about.md").unlink()
    build(site, tmp_path)
    assert not (tmp_path / ABOUT).exists()
    assert [a.get_text() for a in soup(tmp_path / "episodes/001-a/index.html").select("nav.site-nav a")] == ["Episodes"]
