"""An open page reloads by itself when `build.py serve` rebuilds."""
from __future__ import annotations

import signal
import subprocess
import sys

from ..conftest import REPO, episode_file


def test_an_open_page_shows_the_change_without_a_click(make_site, page):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** Before.\n")})
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--port", "0", "--site", str(site),
                                "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().split(" at ")[1].split(" ")[0]
        page.goto(url + "episodes/001-a/index.html")
        assert page.locator(".transcript").inner_text().count("Before.") == 1
        (site / "content/episodes/001-a.md").write_text(episode_file(1, "A", "**Ada Host:** After.\n"))
        page.wait_for_function("document.body.innerText.includes('After.')", timeout=30_000)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
