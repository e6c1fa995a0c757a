"""Hostile input in Chromium: every page of the site built from tests/test_safety_xss.py's payloads is
opened from disk, searched, and its results shown; no payload may run (each would set
`window.__xss` or open a dialog), and no element may carry an event handler or a javascript: URL."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ..test_safety_xss import NAMES, build_hostile

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

# What the page holds that could run: window.__xss, on* attributes, and links or sources that are scripts.
INSPECT = """() => {
  const unsafe = /^(javascript|vbscript|data):/i;
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith('on')) found.push(`${el.tagName} ${attr.name}`);
    }
    for (const name of ['href', 'src', 'action', 'formaction']) {
      const value = el[name];
      if (typeof value === 'string' && unsafe.test(value.replace(/[\\u0000-\\u0020]/g, ''))) {
        found.push(`${el.tagName} ${name}=${value}`);
      }
    }
  }
  return {ran: window.__xss, found, frames: window.frames.length};
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    return build_hostile(tmp_path_factory.mktemp("hostile"))


def check(page: Page, dialogs: list[str], where: str) -> None:
    state = page.evaluate(INSPECT)
    assert state == {"ran": None, "found": [], "frames": 0}, where
    assert dialogs == [], where


def test_no_payload_runs_on_any_page_or_in_search_results(page, watched, hostile_site):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 6
    for path in pages:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        check(page, dialogs, str(path.relative_to(hostile_site)))

    page.goto((hostile_site / "index.html").as_uri())
    box = page.get_by_role("combobox", name="Search every transcript")
    for query in ("xss", "script", "onerror", "svg onload"):
        box.fill(query)
        expect(page.locator(".search-status")).to_contain_text(f"for “{query}”")
        expect(page.locator(".search-result").first).to_be_visible()
        check(page, dialogs, f"search results for {query!r}")
    page.locator(".search-result a").first.click()  # and into the page the result leads to
    page.wait_for_load_state("load")
    check(page, dialogs, page.url)
    # Only the site's own files, the episode's audio, and what 404.html names from the site's root path
    # (it links from base_url's path, /show/, to work at any depth once served): nothing a payload named.
    outside = [u for u in watched.requests if not u.startswith((hostile_site.as_uri() + "/", "file:///show/"))]
    assert all(u.startswith("https://cdn.example.org/a.mp3") for u in outside), outside


def test_names_and_text_read_as_typed_in_the_browser(page, hostile_site):
    page.goto((hostile_site / "episodes/001-hostile/index.html").as_uri())
    speakers = page.locator(".turn b").evaluate_all("els => els.map(e => e.textContent.slice(0, -1))")
    assert set(speakers) == set(NAMES)
    assert "</script><script>window.__xss=1</script>" in page.locator("h1").inner_text()
    assert page.evaluate("window.__xss") is None
