"""Episodes and their HTML -> the site's pages, rendered through the theme into strings."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2

from . import topics, urls
from .config import SiteConfig
from .markup import TocEntry
from .model import Episode
from .theme import page_context, render_template

READING_SPEED = 230  # words a minute: a usual pace for reading prose on a screen
# A list of episodes (the home page, a person's page) shows this many, and links the rest in
# archive pages of this many each, counted from the oldest: adding an episode changes the newest
# archive page only, and no page grows with the show.
EPISODES_A_PAGE = 50


@dataclass(frozen=True)
class Page:
    """One output file: its path under output/ (POSIX, relative) and its text."""

    path: str
    text: str


@dataclass(frozen=True)
class EpisodeLink:
    """Enough of a neighbouring episode to link to it."""

    number: int
    title: str
    url: str


@dataclass(frozen=True)
class EpisodeView:
    """What an episode template receives as `episode`: the model plus its rendered body and links."""

    model: Episode
    url: str
    html: str
    toc: tuple[TocEntry, ...]
    previous: EpisodeLink | None
    next: EpisodeLink | None
    preview: str = ""  # why the episode is not published yet ("a draft", "scheduled for ..."): shown by --drafts

    def __getattr__(self, name: str) -> Any:  # episode.title, episode.words... read through to the model
        return getattr(self.model, name)

    @property
    def reading_minutes(self) -> int:
        """Minutes to read the transcript at READING_SPEED, rounded up; 0 when it has no words."""
        return -(-self.model.words // READING_SPEED)

    @property
    def audio_minutes(self) -> int | None:
        """The audio's length in whole minutes (at least 1), when its `duration` says: "1:02:03" or seconds."""
        seconds = self.model.audio.duration if self.model.audio else None
        return max(1, round(seconds / 60)) if seconds is not None else None


@dataclass(frozen=True)
class ListPage:
    """One page of a long list of episodes: its path, and what its link says ("Episodes 51–100")."""

    url: str
    label: str


def list_pages(items: list[Any], folder: str, first: str, number: Any) -> list[tuple[ListPage, list[Any]]]:
    """`items` (newest first) as pages: `first` (its path) with the newest EPISODES_A_PAGE, then,
    when there are more, `folder`/N/index.html for each run of EPISODES_A_PAGE from the oldest,
    the newest run first. `number(item)` gives the episode number a link names."""
    oldest = items[::-1]
    runs = [oldest[start:start + EPISODES_A_PAGE] for start in range(0, len(oldest), EPISODES_A_PAGE)]
    pages = [(ListPage(first, "Latest episodes"), items[:EPISODES_A_PAGE])]
    if len(runs) > 1:
        for n, run in reversed(list(enumerate(runs, 1))):
            # The newest run grows: its label must not change with it, or every page that links it would.
            label = f"Episodes {number(run[0])}–{number(run[-1])}" if len(run) == EPISODES_A_PAGE else \
                f"Episodes from {number(run[0])}"
            pages.append((ListPage(f"{folder}/{n}/{urls.INDEX}", label), run[::-1]))
    return pages


def render_index(environment: jinja2.Environment, config: SiteConfig, views: list[EpisodeView]) -> list[Page]:
    """The home page: the show, then the newest episodes; and the archive pages of all of them."""
    pages = list_pages(views, "archive", urls.INDEX, lambda view: view.model.number)
    archive = [page for page, _ in pages] if len(pages) > 1 else []
    browse = topics.shelves([view.model for view in views])  # every topic and year, not only this page's
    rendered = []
    for i, (page, shown) in enumerate(pages):
        # An archive page leaves the count out: it would change them all with every episode.
        extra = {} if i == 0 else {"page_title": f"{page.label} · {config.title}"}
        context = page_context(config, page.url, episodes=shown, episode_count=None if i else len(views),
                               archive=archive, archive_page=page, browse=browse, **extra)
        rendered.append(Page(page.url, render_template(environment, "index.html", context)))
    return rendered


def render_episode(environment: jinja2.Environment, config: SiteConfig, view: EpisodeView) -> Page:
    """One episode's page."""
    return Page(view.url, render_template(environment, "episode.html", page_context(config, view.url, episode=view)))
