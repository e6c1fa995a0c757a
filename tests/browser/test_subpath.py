"""The built sample site served like GitHub Pages serves a project site, under a subpath:
every link, stylesheet, script and image resolves, and nothing points at the domain root."""
from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import urldefrag, urlsplit

import pytest

from shownotes.config import load_config

from ..conftest import REPO

if TYPE_CHECKING:
    from playwright.sync_api import Page

Serve = Callable[[Path, str], str]
# Every element that makes the browser fetch or link somewhere: [tag, rel, attribute as written, resolved URL].
LINKS_JS = """els => els.map(e => [e.tagName.toLowerCase(), e.getAttribute('rel') || '',
    e.getAttribute('href') || e.getAttribute('src'), e.href || e.src])"""
SELECTOR = "a[href], link[href], script[src], img[src], source[src], iframe[src]"
BASE_URL = load_config(REPO).base_url


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def crawl(page: Page, watched: Any, base: str) -> dict[str, list[str]]:
    """Visit every page reachable from the index; return each page's links. Fails on the first bad one."""
    queue, seen, found, checked = [base + "index.html"], set(), {}, {}
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        watched.clear()
        response = page.goto(url)
        assert response is not None and response.ok, f"{url}: {response.status if response else 'no response'}"
        page.wait_for_load_state("load")
        watched.assert_clean(base)
        found[url] = []
        for tag, rel, written, resolved in page.eval_on_selector_all(SELECTOR, LINKS_JS):
            if "canonical" in rel.split():
                # The one absolute link a page has on purpose: the address it is published at.
                assert resolved.startswith(BASE_URL), f"{url}: canonical {resolved}"
                continue
            assert resolved.startswith(base), f"{url}: <{tag}> {written!r} leads outside {base}: {resolved}"
            target, fragment = urldefrag(resolved)
            if target not in checked:
                checked[target] = _status(target)
            assert checked[target] == 200, f"{url}: <{tag}> {written!r} -> {target}: HTTP {checked[target]}"
            found[url].append(resolved)
            if tag == "a" and (target.endswith(".html") or target.endswith("/")):
                queue.append(target)
            if fragment and target == url:
                assert page.locator(f"[id='{fragment}']").count() == 1, f"{url}: no anchor #{fragment}"
    return found


@pytest.mark.parametrize("subpath", ["/show/", "/", "/a/b/"])
def test_every_link_resolves_under_the_subpath(page: Page, watched: Any, serve_under_subpath: Serve,
                                               built_site: Path, subpath: str) -> None:
    base = serve_under_subpath(built_site, subpath)
    found = crawl(page, watched, base)
    pages = {urlsplit(u).path.removeprefix(urlsplit(base).path) for u in found}
    assert {"index.html", "episodes/000-intro-and-words-from-our-sponsor-the-linux-journal/index.html",
            "episodes/001-anaconda-python-data-science-platform-with-peter-wang/index.html",
            "episodes/002-netgate-secure-networking-software-with-jamie-thompson/index.html"} <= pages
    index = found[base + "index.html"]
    for wanted in ("static/style.css", "static/favicon.svg", "feed.xml"):
        assert base + wanted in index, wanted


def test_404_page_is_styled_and_links_home_from_any_depth(page: Page, watched: Any, serve_under_subpath: Serve,
                                                         built_site: Path) -> None:
    prefix = urlsplit(BASE_URL).path  # the 404 page links from base_url's path, as Pages serves it
    base = serve_under_subpath(built_site, prefix)
    for missing in ("nope.html", "episodes/999-gone/index.html", "a/b/c/d/"):
        watched.clear()
        response = page.goto(base + missing)
        assert response is not None and response.status == 404
        assert page.locator("h1").inner_text() == "Page not found"
        assert base + "static/style.css" in watched.requests
        # The stylesheet applied: the skip link sits off-screen, as style.css puts it.
        assert page.eval_on_selector(".skip-link", "e => getComputedStyle(e).position") == "absolute"
        # The document's own 404 is the point of the page, not an error of it.
        watched.console_errors[:] = [e for e in watched.console_errors if "status of 404" not in e]
        watched.assert_clean(base)
        page.click("main a.home-link")
        page.wait_for_url(base + "index.html")
        assert page.locator("a.episode-link").count() == 3
