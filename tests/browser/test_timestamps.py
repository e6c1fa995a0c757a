"""Timestamps in a real browser: clicking a time seeks the episode's audio and puts `#t=MM:SS` in
the address; opening such an address seeks too; without audio a time is a plain anchor."""
from __future__ import annotations

import struct
import wave
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import pytest

from shownotes.pipeline import build

from ..conftest import MINIMAL_CONFIG, write_files

if TYPE_CHECKING:
    from playwright.sync_api import Page

BODY = ("**Ada Host:** [00:00:05] Welcome.\n\n"
        + "".join(f"Filler paragraph {n} so the page scrolls.\n\n" for n in range(40))
        + "**Bob Guest:** [00:01:10.500] The moment worth sharing.\n\n"
        + "**Ada Host:** [00:02:00] Later on.\n\n**Cy Listener:** An untimed aside.\n")
SECONDS = 150


def _silence(path: Path) -> None:
    """A quiet WAV long enough to seek in, made here so no audio file is kept in the repository."""
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(1)
        audio.setframerate(8000)
        audio.writeframes(struct.pack("B", 128) * 8000 * SECONDS)


def _site(tmp_path: Path, audio: bool) -> Path:
    site, output = tmp_path / "site", tmp_path / "output"
    extra = "audio: {url: media/episode.wav, type: audio/wav}\n" if audio else ""
    write_files(site, {"site_config.yaml": MINIMAL_CONFIG,
                       "content/episodes/001-a.md": f"---\ntitle: A\nnumber: 1\n{extra}---\n\n{BODY}"})
    build(site, output)
    if audio:
        (output / "media").mkdir()
        _silence(output / "media" / "episode.wav")
    return output


def _current_time(page: Page) -> float:
    return float(page.evaluate("document.getElementById('episode-player').currentTime"))


def _wait_for_time(page: Page, seconds: float) -> None:
    page.wait_for_function("([low, high]) => { const t = document.getElementById('episode-player').currentTime; "
                           "return t >= low && t < high; }", arg=[seconds, seconds + 2])


def test_clicking_a_time_seeks_the_player_and_updates_the_address(page: Page, watched: Any, tmp_path: Path) -> None:
    output = _site(tmp_path, audio=True)
    page.goto((output / "episodes/001-a/index.html").as_uri())
    page.wait_for_function("document.getElementById('episode-player').readyState >= 1")
    assert _current_time(page) == 0
    page.click('a.timestamp[href="#t=01:10"]')
    _wait_for_time(page, 70.5)
    assert page.evaluate("location.hash") == "#t=01:10"
    page.click('a.timestamp[href="#t=00:05"]')
    _wait_for_time(page, 5)
    assert page.evaluate("location.hash") == "#t=00:05"
    watched.assert_clean(output)


def test_opening_a_shared_time_seeks_there(page: Page, watched: Any, tmp_path: Path) -> None:
    output = _site(tmp_path, audio=True)
    page.goto((output / "episodes/001-a/index.html").as_uri() + "#t=02:00")
    _wait_for_time(page, 120)
    assert page.evaluate("(() => { const r = document.getElementById('t=02:00').getBoundingClientRect(); "
                         "return r.top >= 0 && r.bottom <= innerHeight; })()")  # scrolled into view
    page.evaluate("location.hash = '#t=01:10'")  # a link elsewhere on the page, or the back button
    _wait_for_time(page, 70)
    watched.assert_clean(output)


def test_it_works_served_under_a_subpath(page: Page, watched: Any, tmp_path: Path,
                                         serve_under_subpath: Callable[[Path, str], str]) -> None:
    output = _site(tmp_path, audio=True)
    base = serve_under_subpath(output, "/show/")
    page.goto(base + "episodes/001-a/index.html#t=00:05")
    _wait_for_time(page, 5)
    page.click('a.timestamp[href="#t=02:00"]')
    _wait_for_time(page, 120)
    assert page.url.endswith("/show/episodes/001-a/index.html#t=02:00")
    assert base + "media/episode.wav" in watched.requests
    watched.assert_clean(base)


def test_without_audio_a_time_is_a_plain_anchor(page: Page, watched: Any, tmp_path: Path) -> None:
    output = _site(tmp_path, audio=False)
    page.goto((output / "episodes/001-a/index.html").as_uri())
    assert page.evaluate("document.querySelectorAll('audio, script[src*=player]').length") == 0
    page.click('a.timestamp[href="#t=01:10"]')
    page.wait_for_function("location.hash === '#t=01:10'")
    assert page.evaluate("document.querySelector(':target').id") == "t=01:10"
    assert page.evaluate("document.querySelector(':target b').textContent") == "Bob Guest:"
    watched.assert_clean(output)


@pytest.mark.parametrize("anchor", ["turn_4", "t=00:05"])
def test_every_turn_can_be_linked_like_a_line_of_code(page: Page, watched: Any, tmp_path: Path, anchor: str) -> None:
    output = _site(tmp_path, audio=False)
    page.goto((output / "episodes/001-a/index.html").as_uri() + "#" + anchor)
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == anchor
    watched.assert_clean(output)
