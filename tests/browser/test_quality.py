"""The default theme measured as the web measures it, on the sample site:

- the Nu HTML checker (npm `vnu-jar`, run with Java): no error in any page or stylesheet;
- axe-core (npm `axe-core`) in Chromium: no WCAG 2.1 AA violation, light and dark, phone and desktop;
- Lighthouse (npm `lighthouse`) over HTTP: at least 0.95 for accessibility, best practices and SEO on
  every kind of page; performance is measured and kept (tests/artifacts/lighthouse/scores.json, with
  each report), never asserted: it is a timing;
- screenshots at 375 x 812 and 1280 x 800, light and dark, kept under tests/artifacts/screenshots/
  (git-ignored; SHOWNOTES_ARTIFACTS moves them) for CI: no horizontal scrolling, the table of
  contents where it belongs;
- and what the theme promises a reader: the contents beside the transcript marking the section
  being read, a disclosure on a phone, "Copy link" with and without a clipboard, a comfortable measure.

All of it runs on the sample and on the showcase (tests/showcase.py) in English, German and Arabic:
cover art, subscribe links, the player playing with chapters, topic, year and browse pages.

The Node tools come from `npm ci --prefix tests/node`, Java from `default-jre-headless` (.ci/run
installs both); without them these tests skip, and under CI=true they fail.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import pytest

from .. import showcase
from .conftest import CHROMIUM, IN_CI, REPO_ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytest.importorskip("playwright")
from playwright.sync_api import expect  # noqa: E402

NODE_MODULES = REPO_ROOT / "tests" / "node" / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
ARTIFACTS = Path(os.environ.get("SHOWNOTES_ARTIFACTS") or REPO_ROOT / "tests" / "artifacts")
SUBPATH = "/open-source-underdogs/"  # the path of the sample's base_url, from which 404.html links

EP1 = "episodes/001-anaconda-python-data-science-platform-with-peter-wang/index.html"
PAGES = {
    "index": "index.html",
    "episode": EP1,
    "person": "people/jamie-thompson/index.html",
    "404": "404.html",
    "about": "pages/about/index.html",
}
SIZES = {"phone": (375, 812), "desktop": (1280, 800)}
AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Performance is measured and reported (in the report file below), never asserted: its score is a
# timing, and on a shared machine it says more about the neighbours than about the page.
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
ASSERTED_CATEGORIES = ("accessibility", "best-practices", "seo")
# Every kind of page the showcase adds, the same path in each language.
SHOWCASE_PAGES = {
    "index": "index.html",
    "episode": f"episodes/{showcase.PLAYING}-a-business/index.html",
    "topic": "topics/podcasting/index.html",
    "browse": "topics/index.html",
    "year": "years/2023/index.html",
    "person": "people/grace-hopper/index.html",
}


@pytest.fixture(scope="session")
def showcases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The showcase site built in each language: language -> output folder."""
    root = tmp_path_factory.mktemp("showcase-quality")
    return {language: showcase.make(root, language)[1] for language in showcase.LANGUAGES}


def play_with_chapters(page: Page) -> None:
    """On the episode with audio: playing, in its second chapter, as a listener would see it."""
    page.wait_for_function("document.getElementById('episode-player').readyState >= 1")
    page.locator(".player-play").click()
    page.evaluate("document.getElementById('episode-player').currentTime = 50")
    page.wait_for_function("document.querySelector('.player-chapter-title').textContent !== ''")


def _unavailable(missing: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true: the theme's quality checks cannot run: {missing}")
    pytest.skip(missing)


def need_node_tool(path: Path) -> Path:
    if not path.exists():
        _unavailable(f"{path.relative_to(NODE_MODULES).parts[0]} is not installed: run `npm ci --prefix tests/node`")
    return path


def java() -> str:
    found = shutil.which("java")
    if not found:
        _unavailable("the Nu HTML checker needs Java: apt-get install default-jre-headless")
    return str(found)


def no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths[0]} px of content in {widths[1]} px"


# --- The Nu HTML checker ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nu_messages(built_site: Path) -> list[dict[str, Any]]:
    """Every error the checker finds in the site's pages and stylesheets, in one run of Java."""
    need_node_tool(VNU)
    files = sorted(str(p) for p in built_site.rglob("*.html")) + sorted(str(p) for p in built_site.rglob("*.css"))
    result = subprocess.run([java(), "-jar", str(VNU), "--errors-only", "--format", "json", "--also-check-css", *files],
                            capture_output=True, text=True, timeout=300, check=False)  # exit 1 means errors: read them
    return json.loads(result.stderr or '{"messages": []}')["messages"]


def _nu_report(messages: list[dict[str, Any]], built_site: Path) -> str:
    def where(m: dict[str, Any]) -> str:
        return f"{m.get('url', '').removeprefix('file:').removeprefix(str(built_site) + '/')}:{m.get('lastLine', '?')}"
    return "\n".join(f"{where(m)}: {m.get('type')}: {m.get('message')}" for m in messages)


def test_every_page_of_the_sample_is_valid_html(built_site: Path, nu_messages: list[dict[str, Any]]) -> None:
    pages = list(built_site.rglob("*.html"))
    assert len(pages) == 10  # index, 3 episodes, 4 people, About, 404: all of them are checked
    errors = [m for m in nu_messages if not m.get("url", "").endswith(".css")]
    assert not errors, "Nu HTML checker:\n" + _nu_report(errors, built_site)


def test_every_stylesheet_is_valid_css(built_site: Path, nu_messages: list[dict[str, Any]]) -> None:
    assert sorted(p.name for p in built_site.rglob("*.css")) == ["print.css", "pygments.css", "style.css"]
    errors = [m for m in nu_messages if m.get("url", "").endswith(".css")]
    assert not errors, "Nu HTML checker (CSS):\n" + _nu_report(errors, built_site)


@pytest.mark.slow
def test_every_page_of_the_showcase_is_valid_html_in_every_language(showcases: dict[str, Path]) -> None:
    need_node_tool(VNU)
    files = sorted(str(p) for output in showcases.values() for p in output.rglob("*.html"))
    assert len(files) == 3 * 15  # per language: index, 3 episodes, 3 people, 4 topics, 2 years, browse, 404
    result = subprocess.run([java(), "-jar", str(VNU), "--errors-only", "--format", "json", *files],
                            capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert not messages, "Nu HTML checker:\n" + "\n".join(
        f"{m.get('url')}:{m.get('lastLine', '?')}: {m.get('message')}" for m in messages)


# --- axe-core --------------------------------------------------------------------------------------

@pytest.fixture
def site_url(built_site: Path, serve_under_subpath: Callable[[Path, str], str]) -> str:
    """The sample served over HTTP at its base_url's path, as on GitHub Pages."""
    return serve_under_subpath(built_site, SUBPATH)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["index", "episode", "person", "404", "about"])
def test_no_wcag_aa_violations(page: Page, watched: Any, site_url: str, name: str, scheme: str) -> None:
    need_node_tool(AXE)
    page.emulate_media(color_scheme=scheme)
    for width, height in SIZES.values():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(site_url + PAGES[name])
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AA_TAGS)
        problems = [f"{v['id']} ({v['impact']}): {v['help']}: " + ", ".join(str(n["target"]) for n in v["nodes"][:5])
                    for v in result["violations"]]
        assert not problems, f"axe-core on {name} ({scheme}, {width} px):\n" + "\n".join(problems)
        assert result["passes"], "axe-core checked nothing"
    watched.assert_clean(site_url)


def axe_problems(page: Page) -> tuple[list[str], bool]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AA_TAGS)
    problems = [f"{v['id']} ({v['impact']}): {v['help']}: " + ", ".join(str(n["target"]) for n in v["nodes"][:5])
                for v in result["violations"]]
    return problems, bool(result["passes"])


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", showcase.LANGUAGES)
def test_no_wcag_aa_violations_on_the_showcase(page: Page, watched: Any, showcases: dict[str, Path],
                                               serve_under_subpath: Callable[[Path, str], str],
                                               language: str, scheme: str) -> None:
    need_node_tool(AXE)
    url = serve_under_subpath(showcases[language], "/show/")
    page.emulate_media(color_scheme=scheme)
    for width, height in SIZES.values():
        page.set_viewport_size({"width": width, "height": height})
        for name, path in SHOWCASE_PAGES.items():
            page.goto(url + path)
            if name == "episode":
                play_with_chapters(page)
                page.locator(".player-share").click()  # the share panel open too
            problems, checked = axe_problems(page)
            assert not problems, f"axe-core on {language} {name} ({scheme}, {width} px):\n" + "\n".join(problems)
            assert checked, "axe-core checked nothing"
    watched.assert_clean(url)


CODE_EPISODE = """---
title: Code on Air
number: 1
---

## The Listing

**Ada Host:** Here is the function we talked about:

```python
@cache
def greet(name: str, times: int = 2) -> str:
    \"\"\"Say hello.\"\"\"
    # a comment, in the colour comments get
    return f"Hello, {name}!" * times + str(0x2A) if name else None
```
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_highlighted_code_follows_the_colour_scheme_at_aa_contrast(
        page: Page, watched: Any, tmp_path: Path, serve_under_subpath: Callable[[Path, str], str], scheme: str) -> None:
    need_node_tool(AXE)
    from shownotes.pipeline import build

    site = tmp_path / "site"
    (site / "content" / "episodes").mkdir(parents=True)
    (site / "site_config.yaml").write_text((REPO_ROOT / "site_config.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (site / "content" / "episodes" / "001-code.md").write_text(CODE_EPISODE, encoding="utf-8")
    build(site, tmp_path / "out")
    url = serve_under_subpath(tmp_path / "out", SUBPATH)
    page.emulate_media(color_scheme=scheme)
    page.goto(url + "episodes/001-code/index.html")
    assert page.locator(".codehilite .k").count() > 0  # the code is highlighted
    background = page.evaluate("getComputedStyle(document.querySelector('.codehilite')).backgroundColor")
    assert background == {"light": "rgb(248, 248, 248)", "dark": "rgb(13, 17, 23)"}[scheme]
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run('.codehilite', {runOnly: {type: 'rule', values: ['color-contrast']}})")
    problems = [f"{n['target']}: {n['failureSummary']}" for v in result["violations"] for n in v["nodes"]]
    assert not problems, f"code colours in {scheme}:\n" + "\n".join(problems)
    assert result["passes"], "axe-core checked no code colour"
    watched.assert_clean(url)


# --- Lighthouse ------------------------------------------------------------------------------------

def _longest_episode(built_site: Path) -> str:
    pages = sorted(built_site.glob("episodes/*/index.html"), key=lambda p: (-p.stat().st_size, p.as_posix()))
    return pages[0].relative_to(built_site).as_posix()


def lighthouse(url: str, name: str) -> dict[str, float | None]:
    """Run Lighthouse on one page; keep its report and its scores (scores.json); return the scores."""
    need_node_tool(LIGHTHOUSE)
    if not shutil.which("node"):
        _unavailable("Lighthouse needs Node.js")
    report = ARTIFACTS / "lighthouse" / f"{name}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(["node", str(LIGHTHOUSE), url, "--quiet", "--output=json",
                          f"--output-path={report}", f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
                          "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"],
                         env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=240, capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, f"Lighthouse failed on {url}:\n{run.stderr[-3000:]}"
    result = json.loads(report.read_text(encoding="utf-8"))
    scores = {key: result["categories"][key]["score"] for key in LIGHTHOUSE_CATEGORIES}
    kept = ARTIFACTS / "lighthouse" / "scores.json"
    table = json.loads(kept.read_text(encoding="utf-8")) if kept.exists() else {}
    table[name] = scores
    kept.write_text(json.dumps(table, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"Lighthouse {name}: {scores}")  # shown with -s; the performance figure is reported, not judged
    low = {key: scores[key] for key in ASSERTED_CATEGORIES if scores[key] is None or scores[key] < 0.95}
    failing = [f"{ref['id']}: {result['audits'][ref['id']]['title']} ({result['audits'][ref['id']]['score']})"
               for key in low for ref in result["categories"][key]["auditRefs"]
               if ref["weight"] and (result["audits"][ref["id"]]["score"] or 0) < 1]
    assert not low, f"Lighthouse on {url}: {scores}\n" + "\n".join(failing)
    return scores


@pytest.mark.parametrize("name", ["index", "longest episode"])
def test_lighthouse_scores_at_least_095_for_accessibility_best_practices_and_seo(
        built_site: Path, site_url: str, name: str) -> None:
    path = "index.html" if name == "index" else _longest_episode(built_site)
    assert path == "index.html" or path == EP1
    lighthouse(site_url + path, f"sample-{name.replace(' ', '-')}")


@pytest.mark.slow
@pytest.mark.parametrize("language,name", [("en", name) for name in SHOWCASE_PAGES]
                         + [("ar", "index"), ("ar", "episode"), ("de", "topic")])
def test_lighthouse_on_every_kind_of_page_of_the_showcase(showcases: dict[str, Path],
                                                          serve_under_subpath: Callable[[Path, str], str],
                                                          language: str, name: str) -> None:
    url = serve_under_subpath(showcases[language], "/show/")
    lighthouse(url + SHOWCASE_PAGES[name], f"showcase-{language}-{name}")


# --- Screenshots -----------------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_screenshots_show_no_sideways_scrolling_and_the_contents_where_they_belong(
        page: Page, watched: Any, site_url: str, size: str, scheme: str) -> None:
    width, height = SIZES[size]
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": height})
    for name, path in PAGES.items():
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        no_horizontal_scroll(page)
        page.screenshot(path=folder / f"{name}-{width}x{height}-{scheme}.png")
    # The episode page again, well into the transcript: where the contents are now.
    page.goto(site_url + EP1)
    contents, links = page.locator("nav.toc"), page.locator("nav.toc ol a")
    if size == "desktop":
        expect(links.first).to_be_visible()
    else:
        expect(page.locator("nav.toc summary")).to_be_visible()
        expect(links.first).to_be_hidden()
    page.evaluate("document.getElementById('venture-capital').scrollIntoView()")
    if size == "desktop":
        expect(contents).to_be_in_viewport()
        expect(page.locator('nav.toc a[aria-current="true"]')).to_have_text("Venture Capital")
    else:
        expect(contents).not_to_be_in_viewport()  # folded away at the top, out of the reader's way
    no_horizontal_scroll(page)
    page.screenshot(path=folder / f"episode-reading-{width}x{height}-{scheme}.png")
    watched.assert_clean(site_url)


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("language", showcase.LANGUAGES)
def test_screenshots_of_the_showcase_in_every_language(page: Page, watched: Any, showcases: dict[str, Path],
                                                       language: str, size: str, scheme: str) -> None:
    """index, episode (playing, in a chapter), topic and person pages: tests/artifacts/screenshots/
    showcase-KIND-LANGUAGE-WIDTHxHEIGHT-SCHEME.png, from disk, as a reader opening the folder would."""
    width, height = SIZES[size]
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": height})
    output = showcases[language]
    for name in ("index", "episode", "topic", "person"):
        page.goto((output / SHOWCASE_PAGES[name]).as_uri())
        if name == "episode":
            play_with_chapters(page)
            expect(page.locator(".player-chapter-title")).to_have_text(showcase.section_title(language, 1))
            expect(page.locator("#player")).to_have_class("episode-audio has-controls is-playing")
        page.wait_for_function("[...document.images].every(image => image.complete)")  # the cover loads lazily
        no_horizontal_scroll(page)
        page.screenshot(path=folder / f"showcase-{name}-{language}-{width}x{height}-{scheme}.png")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    watched.assert_clean(output)


@pytest.mark.parametrize("language", showcase.LANGUAGES)
def test_nothing_of_the_showcase_scrolls_sideways_at_360_px(page: Page, showcases: dict[str, Path],
                                                            language: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    for name, path in SHOWCASE_PAGES.items():
        page.goto((showcases[language] / path).as_uri())
        if name == "episode":
            page.locator(".player-share").click()
        no_horizontal_scroll(page)


@pytest.mark.parametrize("name", list(PAGES))
def test_nothing_scrolls_sideways_at_360_px(page: Page, site_url: str, name: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_url + PAGES[name])
    no_horizontal_scroll(page)
    page.locator(".site-search input").fill("open source")  # the results list stays inside the screen too
    expect(page.locator(".search-result").first).to_be_visible()
    no_horizontal_scroll(page)


# --- What the theme promises a reader --------------------------------------------------------------

def test_on_a_wide_screen_the_contents_stay_beside_the_transcript_and_mark_the_section_read(
        page: Page, watched: Any, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + EP1)
    toc, transcript = page.locator("nav.toc"), page.locator(".transcript")
    expect(page.locator("details.toc-fold")).to_have_attribute("open", "")
    assert toc.bounding_box()["x"] >= transcript.bounding_box()["x"] + transcript.bounding_box()["width"]
    expect(page.locator('nav.toc a[aria-current="true"]')).to_have_count(0)  # the header is being read
    page.locator("nav.toc a", has_text="Competitors").click()
    expect(page.locator("h2#competitors")).to_be_in_viewport()
    expect(page.locator('nav.toc a[aria-current="true"]')).to_have_text("Competitors")
    expect(toc).to_be_in_viewport()
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    expect(page.locator('nav.toc a[aria-current="true"]')).to_have_text("Final Thoughts")
    expect(page.locator("nav.toc a", has_text="Final Thoughts")).to_be_in_viewport()
    watched.assert_clean(site_url)


def test_on_a_phone_the_contents_are_a_disclosure_that_folds_after_a_choice(
        page: Page, watched: Any, site_url: str) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(site_url + EP1)
    summary = page.locator("nav.toc summary")
    expect(summary).to_be_visible()
    assert summary.bounding_box()["y"] < page.locator("h2#founder-story").bounding_box()["y"]  # at the top
    expect(page.locator("nav.toc a", has_text="Customers")).to_be_hidden()
    summary.click()
    page.locator("nav.toc a", has_text="Customers").click()
    assert page.evaluate("location.hash") == "#customers"
    expect(page.locator("details.toc-fold")).not_to_have_attribute("open", "")
    expect(page.locator("h2#customers")).to_be_in_viewport()
    watched.assert_clean(site_url)


def test_copy_link_copies_the_sections_full_address_even_offline(page: Page, watched: Any, site_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.split(SUBPATH)[0])
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + EP1)
    page.wait_for_load_state("networkidle")  # the icon too: offline from here on
    page.context.set_offline(True)
    button = page.locator("#customers + .copy-link")
    assert button.evaluate("b => getComputedStyle(b).opacity") == "0"  # quiet until wanted
    page.locator("h2#customers").hover()
    expect(button).to_have_css("opacity", "1")
    expect(button).to_have_accessible_name("Copy link to “Customers”")
    button.click()
    expect(button).to_have_text("Copied")
    address = "https://example.github.io/open-source-underdogs/episodes/" \
              "001-anaconda-python-data-science-platform-with-peter-wang/#customers"
    assert page.evaluate("navigator.clipboard.readText()") == address
    expect(page.get_by_role("status").filter(has_text="Link copied")).to_have_count(1)
    watched.assert_clean(site_url)


def test_without_a_clipboard_copy_link_selects_the_address(page: Page, watched: Any, built_site: Path) -> None:
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});"
                         "document.execCommand = function () { return false; };")
    page.goto((built_site / EP1).as_uri())  # from disk: no network at all
    page.locator("h2#sales").hover()
    page.locator("#sales + .copy-link").click()
    field = page.locator(".copy-fallback")
    expect(field).to_be_focused()
    expect(field).to_have_value("https://example.github.io/open-source-underdogs/episodes/"
                                "001-anaconda-python-data-science-platform-with-peter-wang/#sales")
    assert field.evaluate("f => [f.selectionStart, f.selectionEnd]") == [0, len(field.input_value())]
    expect(page.locator(".copy-hint")).to_have_text("Press Ctrl+C to copy it.")
    page.keyboard.press("Escape")
    expect(page.locator("#sales + .copy-link")).to_be_focused()
    expect(field).to_have_count(0)
    watched.assert_clean(built_site)


def test_keyboard_focus_shows_the_section_links(page: Page, built_site: Path) -> None:
    page.goto((built_site / EP1).as_uri())
    page.locator("h2#founder-story .anchor").focus()
    expect(page.locator("h2#founder-story .anchor")).to_have_css("opacity", "1")
    page.keyboard.press("Tab")
    expect(page.locator("#founder-story + .copy-link")).to_be_focused()
    expect(page.locator("#founder-story + .copy-link")).to_have_css("opacity", "1")


def test_the_transcript_reads_at_a_comfortable_measure(page: Page, built_site: Path) -> None:
    for width in (1280, 1920):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto((built_site / EP1).as_uri())
        per_line, height_ratio = page.evaluate("""() => {
            const p = [...document.querySelectorAll('.transcript p')].sort((a, b) => b.textContent.length - a.textContent.length)[0];
            const range = document.createRange();
            range.selectNodeContents(p);
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.bottom))).size;
            const style = getComputedStyle(p);
            return [p.textContent.length / lines, parseFloat(style.lineHeight) / parseFloat(style.fontSize)];
        }""")
        assert 55 <= per_line <= 80, f"{per_line:.0f} characters a line at {width} px"
        assert height_ratio >= 1.5
