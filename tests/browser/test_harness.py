"""Self-tests of the browser harness; independent of the real site."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

Serve = Callable[[Path, str], str]
PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="{css}"></head><body>{body}</body></html>"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "page2").mkdir()
    (tmp_path / "style.css").write_text("body { color: rgb(1, 2, 3); }")
    (tmp_path / "index.html").write_text(
        PAGE.format(title="Home", css="style.css", body='<a id="next" href="page2/">Page 2</a>')
    )
    (tmp_path / "page2" / "index.html").write_text(
        PAGE.format(title="Page 2", css="../style.css", body='<a href="../">Home</a>')
    )
    for name, text in {
        "feed.xml": "<rss/>",
        "data.json": "{}",
        "app.js": "",
        "logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "site.webmanifest": "{}",
    }.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_serves_subpath_and_follows_links(page: Page, watched: Any, serve_under_subpath: Serve, site: Path) -> None:
    base = serve_under_subpath(site, "/show/")
    page.goto(base)
    assert page.title() == "Home"
    assert page.eval_on_selector("body", "b => getComputedStyle(b).color") == "rgb(1, 2, 3)"
    page.click("#next")
    page.wait_for_url(base + "page2/")
    assert page.title() == "Page 2"
    assert base + "style.css" in watched.requests
    watched.assert_clean(base)


def _fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.headers.get_content_type(), resp.url
    except urllib.error.HTTPError as err:
        return err.code, "", url


def test_only_the_subpath_is_served(serve_under_subpath: Serve, site: Path) -> None:
    base = serve_under_subpath(site, "show")  # normalised to /show/
    root = base.removesuffix("show/")
    for outside in ("", "index.html", "style.css", "showx/index.html"):
        assert _fetch(root + outside)[0] == 404, outside
    assert _fetch(root + "show") == (200, "text/html", base)  # redirected to /show/
    assert _fetch(base + "page2")[2] == base + "page2/"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("index.html", "text/html"),
        ("style.css", "text/css"),
        ("app.js", "text/javascript"),
        ("data.json", "application/json"),
        ("feed.xml", "application/xml"),
        ("logo.svg", "image/svg+xml"),
        ("site.webmanifest", "application/manifest+json"),
    ],
)
def test_content_types(serve_under_subpath: Serve, site: Path, name: str, content_type: str) -> None:
    base = serve_under_subpath(site, "/show/")
    assert _fetch(base + name)[:2] == (200, content_type)


def test_file_url_page_is_clean(page: Page, watched: Any, site: Path) -> None:
    page.goto((site / "index.html").as_uri())
    assert page.title() == "Home"
    watched.assert_clean(site)


@pytest.mark.parametrize(
    ("script", "message"),
    [("console.error('boom')", "boom"), ("throw new Error('kaput')", "kaput")],
)
def test_errors_make_assert_clean_fail(page: Page, watched: Any, site: Path, script: str, message: str) -> None:
    (site / "broken.html").write_text(PAGE.format(title="Broken", css="style.css", body=f"<script>{script}</script>"))
    page.goto((site / "broken.html").as_uri())
    with pytest.raises(AssertionError, match=message):
        watched.assert_clean(site)


def test_request_outside_prefix_makes_assert_clean_fail(
    page: Page, watched: Any, serve_under_subpath: Serve, site: Path
) -> None:
    base = serve_under_subpath(site, "/show/")
    (site / "external.html").write_text(PAGE.format(title="Ext", css=base + "style.css", body=""))
    page.goto((site / "external.html").as_uri())
    assert not watched.console_errors
    with pytest.raises(AssertionError, match="requests outside"):
        watched.assert_clean(site)


def _run_pytest_without_chromium(ci: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CI": ci, "SHOWNOTES_CHROMIUM": "/nonexistent/chromium"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__, "-k", "file_url"],
        cwd=Path(__file__).parents[2], env=env, capture_output=True, text=True, timeout=120,
    )


def test_missing_chromium_skips_locally_but_fails_in_ci() -> None:
    local = _run_pytest_without_chromium("false")
    assert local.returncode == 0, local.stdout + local.stderr
    assert "1 skipped" in local.stdout
    ci = _run_pytest_without_chromium("true")
    assert ci.returncode == 1, ci.stdout + ci.stderr
    assert "CI=true: 1 browser test(s) skipped" in ci.stdout


def test_absolute_icon_link_breaks_under_subpath(
    page: Page, watched: Any, serve_under_subpath: Serve, site: Path
) -> None:
    # The implicit /favicon.ico fetch is ignored, but a page asking for it is caught.
    (site / "icon.html").write_text(PAGE.format(title="Icon", css="style.css", body="").replace(
        "</head>", '<link rel="icon" href="/favicon.ico"></head>'))
    base = serve_under_subpath(site, "/show/")
    page.goto(base + "icon.html")
    with pytest.raises(AssertionError, match="favicon.ico"):
        watched.assert_clean(base)
