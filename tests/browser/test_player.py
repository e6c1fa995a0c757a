"""The player in a real browser, on the showcase site (tests/showcase.py: a silent WAV, three chapters):
play, skip, speed, keys, chapters, resume after a reload, share a moment or a turn and follow the link;
without JavaScript the browser's own player. And a site in any script, followed link by link from
file:// and over HTTP."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import unquote, urldefrag

import pytest

from .. import showcase

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

EPISODE = f"episodes/{showcase.PLAYING}-a-business/index.html"
CANONICAL = "https://example.org/show/" + EPISODE.removesuffix("index.html")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return showcase.make(tmp_path_factory.mktemp("player"), "en")[1]


def now(page: Page) -> float:
    return float(page.evaluate("document.getElementById('episode-player').currentTime"))


def wait_for_second(page: Page, low: float, high: float) -> None:
    page.wait_for_function("([low, high]) => { const t = document.getElementById('episode-player').currentTime; "
                           "return t >= low && t < high; }", arg=[low, high])


@pytest.mark.slow
def test_play_skip_speed_keys_chapters_and_resume_after_a_reload(page: Page, watched: Any, site: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto((site / EPISODE).as_uri())
    player, audio = page.locator(".player"), page.locator("#episode-player")
    expect(player).to_be_visible()
    assert audio.evaluate("a => a.controls") is False  # the theme's controls replace the browser's
    page.wait_for_function("document.getElementById('episode-player').readyState >= 1")
    expect(page.locator(".player-duration")).to_have_text("02:30")
    expect(page.locator(".player-mark")).to_have_count(2)  # the chapters after the first, at 0:40 and 1:35

    page.locator(".player-play").click()
    page.wait_for_function("document.getElementById('episode-player').currentTime > 0.2")
    expect(page.locator(".player-play")).to_have_accessible_name("Pause")
    page.locator(".player-forward").click()
    wait_for_second(page, 30, 40)
    page.locator(".player-back").click()
    wait_for_second(page, 15, 25)
    page.locator(".player-speed").select_option("1.5")
    assert page.evaluate("document.getElementById('episode-player').playbackRate") == 1.5

    page.keyboard.press("l")  # forward 30 s: into the second chapter
    wait_for_second(page, 45, 60)
    expect(page.locator(".player-chapter-title")).to_have_text("The first customers")
    expect(page.locator("nav.toc a.is-playing")).to_have_text("The first customers")
    page.keyboard.press(">")
    assert page.evaluate("document.getElementById('episode-player').playbackRate") == 1.75
    page.keyboard.press("k")
    page.wait_for_function("document.getElementById('episode-player').paused")
    page.locator(".search-input").focus()  # typing in the search box plays nothing
    page.keyboard.press("k")
    assert page.evaluate("document.getElementById('episode-player').paused")

    stopped = now(page)
    page.reload()
    page.wait_for_function("document.getElementById('episode-player').readyState >= 1")
    wait_for_second(page, int(stopped), int(stopped) + 1)  # resumed at the same second
    expect(page.locator(".player-current")).to_have_text(f"00:{int(stopped):02d}")
    watched.assert_clean(site)


@pytest.mark.slow
def test_share_the_moment_and_the_turn_and_follow_the_links(
        page: Page, watched: Any, site: Path, serve_under_subpath: Callable[[Path, str], str]) -> None:
    base = serve_under_subpath(site, "/show/")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.split("/show/")[0])
    page.goto(base + EPISODE)
    page.wait_for_function("document.getElementById('episode-player').readyState >= 1")
    page.evaluate("document.getElementById('episode-player').currentTime = 65.4")
    expect(page.locator(".player-current")).to_have_text("01:05")
    assert page.evaluate("navigator.mediaSession.metadata.title") == "The first customers"
    assert page.evaluate("navigator.mediaSession.metadata.artist") == "Open Air"
    assert page.evaluate("navigator.mediaSession.metadata.artwork[0].src") == base + "static/episode-003.png"

    page.locator(".player-share").click()
    expect(page.locator(".player-share-moment")).to_have_text("Copy link to 01:05")
    page.locator(".player-share-moment").click()
    expect(page.locator(".player-share-status")).to_have_text(f"Link copied: {CANONICAL}#t=01:05")
    assert page.evaluate("navigator.clipboard.readText()") == f"{CANONICAL}#t=01:05"
    page.locator(".player-share-turn").click()  # the turn heard at 1:05 started at 0:55
    expect(page.locator(".player-share-status")).to_have_text(f"Link copied: {CANONICAL}#t=00:55")

    fresh = page.context.new_page()  # a listener opening the shared links
    fresh.goto(base + EPISODE + "#t=01:05")
    wait_for_second(fresh, 65, 66)
    expect(fresh.locator(".turn.is-shared")).to_have_id("t=00:55")  # no turn starts at 1:05: the one playing
    fresh.goto(base + EPISODE + "#t=00:55")
    fresh.reload()
    wait_for_second(fresh, 55, 56)
    assert fresh.evaluate("document.querySelector(':target').id") == "t=00:55"
    watched.assert_clean(base)


def test_a_moment_link_works_from_disk_too(page: Page, watched: Any, site: Path) -> None:
    page.goto((site / EPISODE).as_uri() + "#t=01:42")
    wait_for_second(page, 102, 103)
    expect(page.locator(".player-chapter-title")).to_have_text("What comes next")
    page.locator(".player-share").click()
    page.locator(".player-share-moment").click()  # no clipboard for a file: the address, selected to copy
    expect(page.locator(".player-share-panel .copy-fallback, .player-share-status").first).to_be_visible()
    assert page.locator(".player").get_attribute("data-shared") is None
    assert page.locator("#player").get_attribute("data-shared") == f"{CANONICAL}#t=01:42"
    watched.assert_clean(site)


def test_without_javascript_the_browsers_own_player_plays(browser: Browser, site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((site / EPISODE).as_uri())
        expect(page.locator("#episode-player")).to_be_visible()
        assert page.locator("#episode-player").evaluate("a => a.controls") is True
        expect(page.locator(".player")).to_be_hidden()
        expect(page.get_by_role("link", name="Download the audio")).to_be_visible()
    finally:
        context.close()


# --- Addresses in any script, followed from disk and over HTTP -------------------------------------

@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return showcase.make(tmp_path_factory.mktemp("arabic"), "ar")[1]


def _walk(page: Page, start: str, inside: str) -> set[str]:
    """Every page reachable from `start` within `inside`, each opened: the set of their addresses."""
    queue, seen = [start], set()
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        assert response is None or response.ok, url  # file:// gives no response; a missing file, an error page
        assert page.locator("main").count() == 1, f"{unquote(url)} did not open"
        for fragment in page.eval_on_selector_all("a[href^='#']", "as => as.map(a => a.getAttribute('href'))"):
            if fragment != "#main" and not fragment.startswith("#t="):
                anchor = unquote(fragment[1:])
                assert page.evaluate("id => !!document.getElementById(id)", anchor), f"{unquote(url)}: no #{anchor}"
        for link in page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"):
            target = urldefrag(link).url
            if target.startswith(inside) and target.endswith(".html"):
                queue.append(target)
    return seen


@pytest.mark.slow
def test_every_page_of_a_site_in_any_script_opens_from_disk_and_over_http(
        page: Page, watched: Any, arabic: Path, serve_under_subpath: Callable[[Path, str], str]) -> None:
    root = arabic.resolve().as_uri() + "/"
    on_disk = _walk(page, root + "index.html", root)
    watched.assert_clean(arabic)
    watched.clear()
    base = serve_under_subpath(arabic, "/show/")
    over_http = _walk(page, base + "index.html", base)
    relative = sorted(unquote(url.removeprefix(root)) for url in on_disk)
    assert relative == sorted(unquote(url.removeprefix(base)) for url in over_http)
    assert f"episodes/002-{showcase.JAPANESE_TITLE}/index.html" in relative
    assert "topics/برمجيات-مفتوحة/index.html" in relative and "people/линус-торвальдс/index.html" in relative
    assert len(relative) == len(list(arabic.rglob("*.html"))) - 1  # every page but 404.html is linked
    watched.assert_clean(base)
