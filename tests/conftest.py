"""Shared fixtures: the repository's paths and a site made in a temp folder from a dict of files."""
from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import settings

# Hypothesis fails an example that takes longer than 200 ms: a timing assertion, and on a shared
# machine a flaky one. Examples here are judged by what they do, never by how long they take.
settings.register_profile("shownotes", deadline=None)
settings.load_profile("shownotes")

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "fixtures" / "open-source-underdogs.txt"

MINIMAL_CONFIG = """\
title: Test Show
description: A show made up for tests.
base_url: https://example.org/show/
host: Ada Host
"""


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write each `relative path -> text` (dedented) or bytes under root."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """make_site({"content/episodes/001-a.md": "..."}) -> a site folder with a config unless given.

    The site is made beside tmp_path, not in it, so that tmp_path is free to be an output folder:
    the build refuses a non-empty folder no build made, let alone one holding the site."""

    def make(files: dict[str, str | bytes]) -> Path:
        site = tmp_path.parent / f"{tmp_path.name}-site"
        site.mkdir(exist_ok=True)
        write_files(site, {"site_config.yaml": MINIMAL_CONFIG, **files})
        return site

    return make


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample site, built once for every test that only reads it."""
    from shownotes.pipeline import build

    output = tmp_path_factory.mktemp("sample-output")
    build(REPO, output)
    return output


def soup(path: Path):  # type: ignore[no-untyped-def]
    """A built page, parsed as a browser would (html5lib)."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def episode_file(number: int, title: str, body: str, extra: str = "") -> str:
    """A minimal episode file's text."""
    return f"---\ntitle: {title}\nnumber: {number}\n{extra}---\n\n{textwrap.dedent(body)}"


def episode_views(episodes: list, allow_html: bool = False) -> list:  # type: ignore[type-arg]
    """Episodes (newest first) read and rendered as the build does, with their neighbours'
    links (previous is older, next is newer): for tests of what the site-wide files make of them."""
    from dataclasses import replace

    from shownotes import urls
    from shownotes.fast_markup import read_body
    from shownotes.views import EpisodeLink, EpisodeView

    links = [EpisodeLink(e.number, e.title, urls.episode_page(e.slug)) for e in episodes]
    views = []
    for i, episode in enumerate(episodes):
        body = read_body(episode.body, 1, allow_html)
        views.append(EpisodeView(replace(episode, sections=body.sections), urls.episode_page(episode.slug), body.html,
                                 body.toc, previous=links[i + 1] if i + 1 < len(links) else None,
                                 next=links[i - 1] if i > 0 else None))
    return views


def load_episodes(site: Path, config):  # type: ignore[no-untyped-def]
    """Every episode file of a site read whole, newest first, as tests want them; the build reads
    them in stages (front matter, then each body once) with all problems gathered the same way."""
    from shownotes.content import find_clashes, read_episode
    from shownotes.errors import SiteError
    from shownotes.layout import EPISODES_DIR, files_inside

    problems, episodes = [], []
    for path in files_inside(site, site / EPISODES_DIR, "*.md"):
        try:
            episodes.append(read_episode(site, path, config))
        except SiteError as error:
            problems.extend(error.problems)
    problems.extend(find_clashes(episodes, site))
    if problems:
        raise SiteError(problems)
    return sorted(episodes, key=lambda e: (-e.number, e.slug))
