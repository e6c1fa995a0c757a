"""Episodes and their HTML -> the site's pages, rendered through the theme into strings."""
from __future__ import annotations

import hashlib
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import jinja2

from .config import SiteConfig
from .errors import Problem, SiteError
from .markup import Body, TocEntry
from .model import Episode
from .slugs import slugify

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


def episode_url(episode: Episode) -> str:
    """Output-relative URL of an episode's page; a file, so links work from disk too."""
    return f"episodes/{episode.slug}/index.html"


def person_url(name: str) -> str:
    """Output-relative URL of a person's page (shownotes/people.py makes them)."""
    slug = slugify(name) or "person-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"people/{slug}/index.html"


def _root(page_path: str) -> str:
    """The relative prefix leading from a page back to the output root."""
    return "../" * page_path.count("/")


# What a template calls the objects it receives, for messages about them.
_TEMPLATE_NAMES = {"EpisodeView": "episode", "SiteConfig": "site", "PersonView": "person", "PageView": "page",
                   "EpisodeLink": "episode link", "Episode": "episode.model"}
_PYTHON_OBJECT = re.compile(r"'shownotes\.[\w.]*?(\w+) object'")


def _template_message(error: Exception) -> str:
    """Jinja's message, naming `episode` rather than 'shownotes.views.EpisodeView object'."""
    return _PYTHON_OBJECT.sub(lambda m: f"`{_TEMPLATE_NAMES.get(m.group(1), m.group(1))}`", str(error))


def _template_problem(error: Exception) -> Problem:
    """Point at the template line that failed, not at our code."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return Problem(Path(error.filename or error.name or "template"), error.lineno, f"template error: {error.message}")
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt", ".j2")):
            return Problem(Path(frame.filename), frame.lineno, f"template error: {_template_message(error)}")
    return Problem(None, None, f"template error: {_template_message(error)}")


def render_template(environment: jinja2.Environment, name: str, **context: Any) -> str:
    """Render one template; template mistakes become a SiteError naming the template's file and line."""
    try:
        return environment.get_template(name).render(**context)
    except jinja2.TemplateNotFound as error:
        raise SiteError(Problem(None, None, f"template {error.name!r} not found in the theme")) from None
    except jinja2.TemplateError as error:
        raise SiteError(_template_problem(error)) from None


def episode_views(episodes: list[Episode], bodies: dict[str, Body]) -> Iterator[EpisodeView]:
    """Episodes (newest first) with their neighbours: previous is older, next is newer."""
    links = [EpisodeLink(e.number, e.title, episode_url(e)) for e in episodes]
    for i, episode in enumerate(episodes):
        rendered = bodies[episode.slug]
        yield EpisodeView(episode, episode_url(episode), rendered.html, rendered.toc,
                          previous=links[i + 1] if i + 1 < len(links) else None,
                          next=links[i - 1] if i > 0 else None)


def render_index(environment: jinja2.Environment, config: SiteConfig, views: list[EpisodeView]) -> Page:
    """The home page: the show, then every episode, newest first."""
    return Page("index.html", render_template(environment, "index.html", root="", episodes=views, site=config))


def render_episode(environment: jinja2.Environment, config: SiteConfig, view: EpisodeView) -> Page:
    """One episode's page."""
    text = render_template(environment, "episode.html", root=_root(view.url), episode=view, site=config,
                           person_url=person_url)
    return Page(view.url, text)


def render_pages(environment: jinja2.Environment, config: SiteConfig, views: list[EpisodeView]) -> Iterator[Page]:
    """The index, then one page per episode; every template problem is reported, not just the first."""
    problems: list[Problem] = []
    for render in [lambda: render_index(environment, config, views)] + [
            (lambda v=view: render_episode(environment, config, v)) for view in views]:
        try:
            yield render()
        except SiteError as error:
            problems.extend(p for p in error.problems if p not in problems)
    if problems:
        raise SiteError(problems)
