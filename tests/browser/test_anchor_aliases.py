"""A renamed section's old address, opened in a real browser from disk, scrolls to the section
under its new name."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from shownotes.pipeline import build

from ..conftest import MINIMAL_CONFIG, episode_file, write_files

if TYPE_CHECKING:
    from playwright.sync_api import Page

FILLER = "".join(f"**Ada Host:** [00:{n:02d}:00] Filler turn {n} so the page scrolls well past one screen.\n\n"
                 for n in range(1, 40))
BODY = f"## Opening\n\n{FILLER}## Pricing\n\n**Bob Guest:** [01:00:00] Less than you think.\n\n## Close\n\n" \
       f"**Ada Host:** [01:05:00] Bye.\n"


def test_an_old_anchor_opens_the_renamed_section(page: Page, tmp_path: Path) -> None:
    site, output = tmp_path / "site", tmp_path / "output"
    write_files(site, {"site_config.yaml": MINIMAL_CONFIG, "content/episodes/001-a.md": episode_file(1, "A", BODY)})
    build(site, output)
    episode = site / "content" / "episodes" / "001-a.md"
    episode.write_text(episode.read_text(encoding="utf-8").replace("## Pricing", "## What it costs"), encoding="utf-8")
    build(site, output)
    page.goto((output / "episodes" / "001-a" / "index.html").as_uri() + "#pricing")
    heading = page.locator("#what-it-costs")
    assert heading.inner_text().startswith("What it costs")
    box, height = heading.bounding_box(), page.viewport_size["height"]
    assert box is not None and 0 <= box["y"] < height / 2  # scrolled to: the section's heading near the top
    assert page.evaluate("window.scrollY") > 0
