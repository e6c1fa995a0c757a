"""The service worker in Chromium over HTTP on 127.0.0.1: read offline, save everything, and never
see an old page after a new build."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import pytest

from shownotes.pipeline import build

from ..conftest import REPO

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

EP2 = "episodes/002-netgate-secure-networking-software-with-jamie-thompson/index.html"
EP0 = "episodes/000-intro-and-words-from-our-sponsor-the-linux-journal/index.html"
EP2_FILE = "content/episodes/002-netgate-secure-networking-software-with-jamie-thompson.md"
OLD_LINE = "**Jim Thompson:** A lot of credit card debt."
NEW_LINE = "**Jim Thompson:** A lot of credit card debt, and a lot of patience."


def version(output: Path) -> str:
    match = re.search(r"var VERSION = '([0-9a-f]+)';", (output / "sw.js").read_text(encoding="utf-8"))
    assert match
    return match.group(1)


def wait_for_cache(page: Page, base: str, output: Path, holding: str | None = None) -> None:
    """Until the only cache of this site is the one named after the build in `output` (holding a file)."""
    page.wait_for_function("""async ([name, url]) => {
        const names = (await caches.keys()).filter(n => n.startsWith('shownotes '));
        if (names.length !== 1 || names[0] !== name) return false;
        return !url || !!(await (await caches.open(name)).match(url));
    }""", arg=[f"shownotes {base} {version(output)}", base + holding if holding else None])


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    shutil.copy(REPO / "site_config.yaml", site / "site_config.yaml")
    shutil.copytree(REPO / "content" / "episodes", site / "content" / "episodes")
    assert OLD_LINE in (site / EP2_FILE).read_text(encoding="utf-8")
    return site


def test_read_offline_save_all_and_see_a_new_build(page: Page, watched: Any, site: Path, tmp_path: Path,
                                                   serve_under_subpath: Callable[[Path, str], str]) -> None:
    output = tmp_path / "output"
    build(site, output)
    base = serve_under_subpath(output, "/show/")
    context = page.context

    page.goto(base + "index.html")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    wait_for_cache(page, base, output, holding="index.html")
    page.locator("a.episode-link", has_text="Episode 2").click()
    expect(page.locator(".transcript")).to_contain_text("A lot of credit card debt.")

    # Offline: the pages read before open, styled; one never opened says why it cannot.
    context.set_offline(True)
    page.goto(base + "index.html")
    page.goto(base + EP2)
    expect(page.locator(".transcript")).to_contain_text("A lot of credit card debt.")
    assert page.eval_on_selector("nav.toc", "el => getComputedStyle(el).borderTopStyle") == "solid"
    watched.assert_clean(base)
    page.goto(base + EP0)
    expect(page.locator("h1")).to_have_text("You are offline")
    assert [e for e in watched.console_errors if "503" not in e] == []
    watched.clear()

    # Online again, save everything; then offline every page opens, and search works.
    context.set_offline(False)
    page.goto(base + "index.html")
    page.get_by_role("button", name="Save all episodes for offline reading").click()
    expect(page.locator("#offline-status")).to_have_text("Every episode is saved on this device for reading offline.")
    context.set_offline(True)
    page.goto(base + EP0)
    expect(page.locator("h1")).to_contain_text("Intro and words from our sponsor")
    page.get_by_role("combobox", name="Search every transcript").fill("credit card debt")
    page.locator(".search-result a").first.click()
    page.wait_for_url(re.compile(re.escape(base + EP2) + "#how-did-you-figure-out"))
    expect(page.locator(".transcript")).to_contain_text("A lot of credit card debt.")

    # A new build with a changed episode: online, a reload shows it at once.
    context.set_offline(False)
    first_version = version(output)
    text = (site / EP2_FILE).read_text(encoding="utf-8")
    (site / EP2_FILE).write_text(text.replace(OLD_LINE, NEW_LINE), encoding="utf-8")
    build(site, output)
    assert version(output) != first_version
    page.reload()
    expect(page.locator(".transcript")).to_contain_text("A lot of credit card debt, and a lot of patience.")

    # The new worker replaces the old cache, keeps what did not change and fetches what did.
    wait_for_cache(page, base, output, holding=EP2)
    context.set_offline(True)
    page.goto(base + EP2)
    expect(page.locator(".transcript")).to_contain_text("A lot of credit card debt, and a lot of patience.")
    page.goto(base + EP0)
    expect(page.locator("h1")).to_contain_text("Intro and words from our sponsor")
    watched.assert_clean(base)


def test_the_worker_stays_out_of_the_way_from_disk(page: Page, watched: Any, built_site: Path) -> None:
    page.goto((built_site / "index.html").as_uri())
    page.locator("a.episode-link", has_text="Episode 2").click()
    expect(page.locator(".transcript")).to_contain_text("credit card debt")
    assert page.evaluate("navigator.serviceWorker ? navigator.serviceWorker.controller : null") is None
    expect(page.locator(".offline-control")).to_be_hidden()
    assert not any(url.endswith("sw.js") for url in watched.requests)
    watched.assert_clean(built_site)
