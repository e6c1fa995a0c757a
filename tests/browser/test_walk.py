"""A reader's walk through the built site in Chromium, from disk (file://) and over HTTP under a subpath:
index -> episode -> table of contents -> previous/next -> search -> the section where it was said."""
from __future__ import annotations

import json
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import pytest

from shownotes.pipeline import build

from ..conftest import episode_file, write_files, MINIMAL_CONFIG

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

EP2 = "episodes/002-netgate-secure-networking-software-with-jamie-thompson/index.html"
EP1 = "episodes/001-anaconda-python-data-science-platform-with-peter-wang/index.html"
DEBT = "how-did-you-figure-out-how-to-vertically-integrate-and-self-fund"


def url_is(page: Page, expected: str) -> None:
    page.wait_for_url(re.compile(re.escape(expected) + "$"))


def search(page: Page, query: str) -> None:
    page.get_by_role("combobox", name="Search every transcript").fill(query)
    expect(page.locator(".search-status")).to_contain_text(f"for “{query}”")


def walk(page: Page, start: str, base: str) -> None:
    """The issue's walk, from `start` (the index's address) where `base` is the output folder's URL."""
    page.goto(start)
    page.locator("a.episode-link", has_text="Episode 2").click()
    url_is(page, base + EP2)

    page.locator("nav.toc a", has_text="Customers").click()
    assert page.evaluate("location.hash") == "#customers"
    expect(page.locator("h2#customers")).to_be_in_viewport()

    page.locator("a[rel=prev]").click()
    url_is(page, base + EP1)
    expect(page.locator("h1")).to_contain_text("Anaconda")
    page.locator("a[rel=next]").click()
    url_is(page, base + EP2)
    page.locator(".episode-nav a.home-link").click()
    url_is(page, base + "index.html")

    search(page, "credit card debt")
    first = page.locator(".search-result").first
    expect(first.locator(".search-result-episode")).to_have_text(re.compile("^Episode 2: Netgate"))
    expect(first.locator(".search-result-section")).to_have_text(re.compile("^How Did You Figure Out"))
    assert [m.lower() for m in first.locator("mark").all_inner_texts()][:3] == ["credit", "card", "debt"]
    first.locator("a").click()
    url_is(page, f"{base}{EP2}#{DEBT}")
    expect(page.locator(f"h2#{DEBT}")).to_be_in_viewport()


def test_walk_from_disk(page: Page, watched: Any, built_site: Path) -> None:
    base = built_site.resolve().as_uri() + "/"
    walk(page, base + "index.html", base)
    watched.assert_clean(built_site)


def test_walk_over_http_under_a_subpath(page: Page, watched: Any, built_site: Path,
                                        serve_under_subpath: Callable[[Path, str], str]) -> None:
    base = serve_under_subpath(built_site, "/show/")
    walk(page, base + "index.html", base)
    watched.assert_clean(base)


def test_search_with_the_keyboard_alone_and_what_a_screen_reader_hears(page: Page, watched: Any,
                                                                       built_site: Path) -> None:
    base = built_site.resolve().as_uri() + "/"
    page.goto(base + EP1)
    box = page.get_by_role("combobox", name="Search every transcript")
    page.keyboard.press("/")
    expect(box).to_be_focused()
    page.keyboard.type("credit card debt")
    status = page.get_by_role("status").filter(has_text="credit card debt")
    expect(status).to_have_text(re.compile(r"^\d+ results? for “credit card debt”"))
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "search-result-0")
    expect(page.locator("#search-result-0")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    url_is(page, f"{base}{EP2}#{DEBT}")
    expect(page.locator(f"h2#{DEBT}")).to_be_in_viewport()
    watched.assert_clean(built_site)


def test_a_query_leaves_out_the_show_s_common_words_and_its_phrase_still_needs_them(
        page: Page, watched: Any, built_site: Path, serve_under_subpath: Callable[[Path, str], str]) -> None:
    """"a", "lot" and "of" are said in over half the sample's sections: search.js loads only the
    chunks of the query's other words, and the section saying the whole phrase comes first. A
    query of common words alone still looks them up."""
    index = (built_site / "search/index.js").read_text(encoding="utf-8")
    meta = json.loads(index[index.index("(") + 1:index.rindex(")")])
    common = set(meta["common"].split())
    assert {"a", "lot", "of", "the"} <= common and not {"credit", "card", "debt"} & common
    base = serve_under_subpath(built_site, "/show/")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base + "index.html")

    def chunks_of(query: str) -> set[str]:
        del requested[:]
        search(page, query)
        return {url.rsplit("/", 1)[1] for url in requested if "/search/c/" in url}

    def chunk(word: str) -> str:
        return f"{zlib.crc32(word.encode()) & (meta['chunks'] - 1)}.js"

    assert chunks_of("a lot of credit card debt") == {chunk("credit"), chunk("card"), chunk("debt")}
    first = page.locator(".search-result").first
    expect(first.locator(".search-result-section")).to_have_text(re.compile("^How Did You Figure Out"))
    expect(first.locator(".search-result-snippet")).to_contain_text("A lot of credit card debt")
    page.goto(base + "index.html")  # a fresh page: no chunk loaded yet
    assert chunks_of("the lot") == {chunk("the"), chunk("lot")}
    expect(page.locator(".search-status")).to_have_text(re.compile(r"^Best \d+ of \d+ results for “the lot”"))
    watched.assert_clean(base)


def test_a_misspelt_or_unfinished_word_is_found_and_a_rare_one_needs_no_chunk_of_its_own(
        page: Page, watched: Any, built_site: Path) -> None:
    """"bootstrep" is one letter from "bootstrap", said once in the sample (marked as it begins
    "bootstrapped"): its postings come with its word list, so no chunk of "bootstrap" is loaded.
    "custmers" is one letter from "customers", said in many sections: its chunk is loaded.
    "bootstr", being typed, stands for the words it begins, "bootstrap" and "bootstrapped", both
    said rarely."""
    index = (built_site / "search/index.js").read_text(encoding="utf-8")
    meta = json.loads(index[index.index("(") + 1:index.rindex(")")])

    def chunk(word: str) -> str:
        return f"{zlib.crc32(word.encode()) & (meta['chunks'] - 1)}.js"

    assert chunk("bootstrep") != chunk("bootstrap") and chunk("custmers") != chunk("customers")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    base = built_site.resolve().as_uri() + "/"
    for query, found, chunks in (("bootstrep ", "bootstrap", {chunk("bootstrep")}),
                                 ("custmers ", "customers$", {chunk("custmers"), chunk("customers")}),
                                 ("bootstr", "bootstrap", {chunk("bootstr")})):
        page.goto(base + "index.html")  # a fresh page: no chunk or word list loaded yet
        del requested[:]
        search(page, query)
        assert {url.rsplit("/", 1)[1] for url in requested if "/search/c/" in url} == chunks
        assert any("/search/w/" in url for url in requested)
        first_mark = page.locator(".search-result").first.locator("mark").first
        expect(first_mark).to_have_text(re.compile("^" + found, re.I))
    watched.assert_clean(built_site)


def test_without_javascript_pages_read_fully_and_show_no_search_box(browser: Browser, built_site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((built_site / EP2).as_uri())
        expect(page.locator(".site-search")).to_be_hidden()
        expect(page.locator(".offline-control")).to_be_hidden()
        expect(page.locator(".transcript")).to_contain_text("A lot of credit card debt.")
        expect(page.locator("nav.toc")).to_be_visible()
    finally:
        context.close()


def test_printing_an_episode_leaves_out_the_navigation(page: Page, built_site: Path) -> None:
    page.goto((built_site / EP2).as_uri())
    page.emulate_media(media="print")
    for chrome in (".site-header", "nav.toc", ".episode-nav", ".site-footer"):
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(f"h2#{DEBT}")).to_be_visible()
    expect(page.locator(f"h2#{DEBT} a.anchor")).to_be_hidden()


def test_text_that_looks_like_markup_is_found_and_shown_as_text(page: Page, watched: Any, tmp_path: Path) -> None:
    site = tmp_path / "site"
    hostile = 'I typed </script><img src=x onerror="window.hacked=1"> and <!-- then --> it.'
    body = f"## Quoting\n\n**Ada Host:** {hostile}\n"
    write_files(site, {"site_config.yaml": MINIMAL_CONFIG,
                       "content/episodes/001-a.md": episode_file(1, "Markup", body)})
    build(site, tmp_path / "output")
    page.goto((tmp_path / "output" / "index.html").as_uri())
    search(page, "typed")
    expect(page.locator(".search-result-snippet").first).to_contain_text(hostile)
    assert page.evaluate("window.hacked") is None
    watched.assert_clean(tmp_path / "output")


def test_the_snippet_quotes_the_phrase_said_as_whole_words_and_marks_whole_words(
        page: Page, watched: Any, tmp_path: Path) -> None:
    """"the notebook" is inside "Bathe notebooks" in the first turn but said as words in the third:
    the snippet quotes the third. A marked word is marked whole: "Notebooks", not its first letters."""
    site = tmp_path / "site"
    body = ("## Kit\n\n**Ada Host:** Bathe notebooks in light, we said.\n\n**Bo Guest:** Right.\n\n"
            "**Ada Host:** Then the NOTEBOOK came back to me.\n")
    write_files(site, {"site_config.yaml": MINIMAL_CONFIG,
                       "content/episodes/001-a.md": episode_file(1, "Notebooks", body)})
    build(site, tmp_path / "output")
    page.goto((tmp_path / "output" / "index.html").as_uri())
    search(page, "the notebook")
    first = page.locator(".search-result").first
    expect(first.locator(".search-result-snippet")).to_contain_text("Then the NOTEBOOK came back")
    expect(first.locator(".search-result-episode mark")).to_have_text(["Notebooks"])
    watched.assert_clean(tmp_path / "output")


def test_the_search_box_speaks_the_site_s_language(page: Page, watched: Any, tmp_path: Path) -> None:
    """search.js makes the box's label, hint, status and results from static/strings.js: German here."""
    from .. import showcase

    _, output = showcase.make(tmp_path, "de")
    page.goto((output / "index.html").as_uri())
    page.wait_for_function("!document.querySelector('.site-search').hidden")
    assert page.get_attribute("#search-input", "placeholder") == "Transkripte durchsuchen  ( / )"
    assert page.text_content("label[for=search-input]") == "Alle Transkripte durchsuchen"
    assert page.get_attribute("#search-results", "aria-label") == "Suchergebnisse"
    page.fill("#search-input", "qqqqzzzzxx")
    expect(page.locator("#search-status")).to_have_text("Keine Ergebnisse für „qqqqzzzzxx“.")
    watched.assert_clean(output)
