"""The ways to browse episodes besides the home page: a page per topic (`topics:` in front matter),
a page per year, and topics/index.html listing both. Modelled on people pages."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Iterable

import jinja2

from . import urls
from .config import SiteConfig
from .errors import Problem, SiteError
from .model import Episode
from .theme import page_context, render_template


@dataclass(frozen=True)
class Listed:
    """An episode as a topic's or year's page lists it."""

    number: int
    title: str
    url: str
    date: datetime.date | None
    description: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Shelf:
    """A topic or a year: what topic.html and year.html receive as `topic` or `year`."""

    name: str
    url: str
    episodes: tuple[Listed, ...]  # newest first


def _listed(episode: Episode) -> Listed:
    return Listed(episode.number, episode.title, urls.episode_page(episode.slug), episode.date, episode.description,
                  episode.topics)


def topics(episodes: Iterable[Episode]) -> list[Shelf]:
    """Every topic, by name (ignoring case), each with its episodes in the order given (newest first)."""
    found: dict[str, list[Listed]] = {}
    for episode in episodes:
        for name in episode.topics:
            found.setdefault(name, []).append(_listed(episode))
    return [Shelf(name, urls.topic_page(name), tuple(found[name]))
            for name in sorted(found, key=lambda n: (n.casefold(), n))]


def years(episodes: Iterable[Episode]) -> list[Shelf]:
    """Every year an episode is dated in, newest first, each with its episodes in the order given; none
    when every dated episode is of one year (the home page lists them all already)."""
    found: dict[int, list[Listed]] = {}
    for episode in episodes:
        if episode.date is not None:
            found.setdefault(episode.date.year, []).append(_listed(episode))
    if len(found) < 2:
        return []
    return [Shelf(str(year), urls.year_page(year), tuple(found[year])) for year in sorted(found, reverse=True)]


@dataclass(frozen=True)
class Shelves:
    """What the home page's ways in list (`browse`): every topic's name and every year, as links."""

    topics: tuple[Shelf, ...]
    years: tuple[Shelf, ...]


def shelves(episodes: Iterable[Episode]) -> Shelves:
    """Every topic and every year (see topics() and years()), for the home page's links."""
    episodes = list(episodes)
    return Shelves(tuple(topics(episodes)), tuple(years(episodes)))


def topic_files(environment: jinja2.Environment, config: SiteConfig, episodes: Iterable[Episode]) -> dict[str, bytes]:
    """Output-relative path -> bytes of every topic's page, every year's, and the page listing them
    (only when there is a topic, or more than one year). Two topics sharing a page is an error, as for people."""
    episodes = list(episodes)
    all_topics, all_years = topics(episodes), years(episodes)
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    pages = [("topic.html", "topic", shelf) for shelf in all_topics] + [("year.html", "year", shelf)
                                                                         for shelf in all_years]
    for template, name, shelf in pages:
        if shelf.url in owners:
            problems.append(Problem(None, None, f"the topics {owners[shelf.url]!r} and {shelf.name!r} would share "
                                                f"the page {shelf.url}; spell them the same way"))
            continue
        owners[shelf.url] = shelf.name
        try:
            context = page_context(config, shelf.url, page_title=shelf.name)
            context[name] = shelf
            text = render_template(environment, template, context)
        except SiteError as error:
            problems.extend(p for p in error.problems if p not in problems)
            continue
        files[shelf.url] = text.encode("utf-8")
    if all_topics or all_years:
        try:
            text = render_template(environment, "topics.html",
                                   page_context(config, urls.TOPICS, topics=all_topics, years=all_years))
            files[urls.TOPICS] = text.encode("utf-8")
        except SiteError as error:
            problems.extend(p for p in error.problems if p not in problems)
    if problems:
        raise SiteError(problems)
    return files
