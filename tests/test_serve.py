"""`build.py serve`: serves output/, rebuilds on change, reloads pages, survives errors."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.request

import pytest

from .conftest import REPO, episode_file

EVENT_TIMEOUT = 30


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=EVENT_TIMEOUT) as response:
        return response.read().decode("utf-8")


def next_build(url: str, since: int) -> dict:
    """Wait for the server to say a build newer than `since` finished."""
    with urllib.request.urlopen(f"{url}__shownotes/events?since={since}", timeout=EVENT_TIMEOUT) as response:
        for line in response:
            if line.startswith(b"data: "):
                return json.loads(line[6:])
    raise AssertionError("the event stream closed without a build event")


@pytest.fixture
def server(make_site):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** First words.\n")})
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--port", "0", "--site", str(site),
                                "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    assert line.startswith("serving "), line + process.stderr.read()
    url = line.split(" at ")[1].split(" ")[0]
    yield site, url
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0


def test_serves_the_site_with_a_reload_script_that_output_does_not_have(server):
    site, url = server
    page = fetch(url + "episodes/001-a/index.html")
    assert "First words." in page and "/__shownotes/events" in page
    assert "__shownotes" not in (site / "output/episodes/001-a/index.html").read_text(encoding="utf-8")


def test_a_change_rebuilds_and_tells_open_pages(server):
    site, url = server
    (site / "content/episodes/001-a.md").write_text(episode_file(1, "A", "**Ada Host:** Second words.\n"))
    event = next_build(url, 1)
    assert event["error"] is None
    assert "Second words." in fetch(url + "episodes/001-a/index.html")


def test_an_error_shows_on_the_page_and_the_server_keeps_going(server):
    site, url = server
    (site / "content/episodes/001-a.md").write_text("---\ntitle: A\nnumber: one\n---\n", encoding="utf-8")
    event = next_build(url, 1)
    assert event["error"] == "content/episodes/001-a.md:3: `number` must be a whole number like `number: 12`, not 'one'"
    page = fetch(url + "episodes/001-a/index.html")
    assert 'role="alert"' in page and "First words." in page  # the last good site, with the error over it
    (site / "content/episodes/001-a.md").write_text(episode_file(1, "A", "**Ada Host:** Fixed.\n"))
    assert next_build(url, event["generation"])["error"] is None
    assert 'role="alert"' not in fetch(url + "episodes/001-a/index.html")
