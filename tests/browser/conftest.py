"""Real-browser test fixtures: Playwright (sync API) driving Debian's Chromium.

Every test in this folder is marked ``browser``. If Chromium or the
``playwright`` module is missing the tests are skipped, unless ``CI=true``,
where any skipped browser test turns the whole run red.

Environment:
    SHOWNOTES_CHROMIUM  Chromium executable (default ``/usr/bin/chromium``);
                        point it at a missing path to simulate "no browser".
    CI                  ``true`` makes skipped browser tests fail the session.

Fixtures:
    browser              session-scoped Playwright ``Browser``.
    page                 a fresh ``Page`` (new context) per test.
    watched              what that page did: ``requests``, ``console_errors``,
                         ``assert_clean(allowed_prefix)`` and ``clear()``.
    serve_under_subpath  ``(directory, "/show/") -> "http://127.0.0.1:PORT/show/"``,
                         serving like GitHub Pages does for a project site.
    built_site           ``Path`` of the sample site built once by ``build.py``.

The site's HTML contract: ``index.html`` lists episodes as ``a.episode-link``
with relative hrefs like ``episodes/002-slug/index.html``; episode pages have
``nav.toc a[href^="#"]``, ``h2[id]``, ``a[rel=prev]``/``a[rel=next]`` and
``a.home-link``.

Test modules here should import Playwright types lazily or via
``pytest.importorskip("playwright")`` so that a missing module skips
rather than errors at collection.
"""

from __future__ import annotations

import http.server
import io
import importlib.util
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
CHROMIUM = os.environ.get("SHOWNOTES_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
IN_CI = os.environ.get("CI", "").lower() == "true"


def _missing_reason() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "browser test needs the 'playwright' Python package (pip install playwright)"
    if not os.access(CHROMIUM, os.X_OK):
        return (
            f"browser test needs Chromium at {CHROMIUM} "
            "(apt-get install chromium, or set SHOWNOTES_CHROMIUM)"
        )
    return None


_skipped_browser_tests: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real Chromium via Playwright")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _missing_reason()
    for item in items:
        if Path(item.path).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)  # a real browser: out of the fast loop
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # xfail outcomes also report as skipped; those are not "browser unavailable".
    if report.skipped and "browser" in report.keywords and not hasattr(report, "wasxfail"):
        _skipped_browser_tests.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # pytest returns session.exitstatus after this hook, so this is what makes CI red.
    if IN_CI and _skipped_browser_tests and exitstatus in (
        pytest.ExitCode.OK,
        pytest.ExitCode.NO_TESTS_COLLECTED,
    ):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if IN_CI and _skipped_browser_tests:
        terminalreporter.write_sep(
            "=", f"CI=true: {len(_skipped_browser_tests)} browser test(s) skipped -> FAILING the run", red=True
        )
        for nodeid in _skipped_browser_tests:
            terminalreporter.write_line(f"skipped in CI: {nodeid}")
        if reason := _missing_reason():
            terminalreporter.write_line(f"reason: {reason}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """Requests and errors seen by one page; ``assert_clean`` checks both."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.ignored_errors: list[str] = []
        page.on("request", self._on_request)
        page.on("console", self._on_console)
        page.on("pageerror", self._on_pageerror)

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _on_console(self, msg: ConsoleMessage) -> None:
        if msg.type != "error":
            return
        url = msg.location.get("url", "")
        # Over http, Chromium itself fetches /favicon.ico at the server root when a page
        # declares no icon; that fetch is not a page request, so it is no site bug.
        if urlsplit(url).path == "/favicon.ico" and url not in self.requests:
            self.ignored_errors.append(msg.text)
            return
        self.console_errors.append(f"console.error: {msg.text} (at {url})")

    def _on_pageerror(self, error: Exception) -> None:
        self.console_errors.append(f"pageerror: {error}")

    def clear(self) -> None:
        """Forget what was seen so far, e.g. before switching from file:// to http."""
        self.requests.clear()
        self.console_errors.clear()
        self.ignored_errors.clear()

    def assert_clean(self, allowed_prefix: str | Path) -> None:
        """No console errors, and every request URL starts with ``allowed_prefix``.

        Pass the server's subpath URL (``http://127.0.0.1:PORT/show/``), or
        the output folder as a ``Path`` (becomes ``file:///.../output/``).
        """
        if isinstance(allowed_prefix, Path):
            allowed_prefix = allowed_prefix.resolve().as_uri().rstrip("/") + "/"
        assert not self.console_errors, "console errors:\n" + "\n".join(self.console_errors)
        # Chromium fetches an icon at /favicon.ico without a request event, so check the
        # declared icons of the current page too (data: URLs are no requests at all).
        icons = self.page.eval_on_selector_all('link[rel~="icon"]', "ls => ls.map(l => l.href)")
        urls = self.requests + [url for url in icons if not url.startswith("data:")]
        outside = [url for url in urls if not url.startswith(allowed_prefix)]
        assert not outside, f"requests outside {allowed_prefix}:\n" + "\n".join(outside)


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context()
    context.set_default_timeout(15_000)  # everything is local; fail fast instead of 30 s
    try:
        yield Watched(context.new_page())
    finally:
        context.close()


@pytest.fixture
def page(watched: Watched) -> Page:
    return watched.page


class _SubpathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` at ``prefix`` only, like a GitHub Pages project site: a missing file
    under the prefix gets the site's 404.html with status 404, and Range requests get part of
    the file (browsers seek in audio only then)."""

    prefix = "/"
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".json": "application/json; charset=utf-8",
        ".xml": "application/xml; charset=utf-8",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json; charset=utf-8",
    }

    def send_head(self) -> Any:
        # "/show" itself passes, so the base class redirects it to "/show/".
        if not (urlsplit(self.path).path + "/").startswith(self.prefix):
            self.send_error(404)
            return None
        path = Path(self.translate_path(self.path))
        not_found = Path(self.directory) / "404.html"
        if not path.exists() and not_found.is_file():
            return self._send_bytes(404, not_found.read_bytes(), "text/html; charset=utf-8")
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        if match and path.is_file():
            data = path.read_bytes()
            start = int(match.group(1))
            end = min(int(match.group(2) or len(data) - 1), len(data) - 1)
            return self._send_bytes(206, data[start:end + 1], self.guess_type(str(path)),
                                    {"Content-Range": f"bytes {start}-{end}/{len(data)}", "Accept-Ranges": "bytes"})
        return super().send_head()

    def _send_bytes(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> Any:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        return io.BytesIO(body)

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def serve_under_subpath() -> Iterator[Callable[[str | Path, str], str]]:
    servers: list[tuple[http.server.ThreadingHTTPServer, threading.Thread]] = []

    def serve(directory: str | Path, subpath: str = "/") -> str:
        prefix = "/" + subpath.strip("/") + "/" if subpath.strip("/") else "/"
        handler = type("Handler", (_SubpathHandler,), {"prefix": prefix})
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), partial(handler, directory=str(directory))
        )
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}{prefix}"

    yield serve
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, built once per session with ``build.py --output``."""
    out = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "build.py", "--output", str(out)], cwd=REPO_ROOT, check=True)
    return out
