"""Episodes and their HTML -> the site's pages, rendered through the theme into strings."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2

from . import urls
from .config import SiteConfig
from .markup import TocEntry
from .model import Episode
from .theme import page_context, render_template

READING_SPEED = 230  # words a minute: a usual pace for reading prose on a screen


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


def render_index(environment: jinja2.Environment, config: SiteConfig, views: list[EpisodeView]) -> Page:
    """The home page: the show, then every episode, newest first."""
    return Page(urls.INDEX, render_template(environment, "index.html", page_context(config, urls.INDEX, episodes=views)))


def render_episode(environment: jinja2.Environment, config: SiteConfig, view: EpisodeView) -> Page:
    """One episode's page."""
    return Page(view.url, render_template(environment, "episode.html", page_context(config, view.url, episode=view)))
