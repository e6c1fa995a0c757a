"""A page per person, people/NAME/index.html: every episode they appear in, as host or guest,
with the bio, link and image `people:` in site_config.yaml gives them."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable
from urllib.parse import urlsplit

import jinja2

from .config import Person, SiteConfig
from .errors import Problem, SiteError, quoted
from .model import Episode
from . import urls
from .theme import page_context, render_template
from .views import list_pages



@dataclass(frozen=True)
class Appearance:
    """One episode a person is in, and in what role: "host" or "guest"."""

    number: int
    title: str
    url: str
    role: str

    @property
    def label(self) -> str:
        """How the episode is named in lists: "Episode 2"."""
        return f"Episode {self.number}"


@dataclass(frozen=True)
class PersonView:
    """What person.html receives as `person`."""

    name: str
    url: str
    bio: str
    link: str
    image: str
    appearances: tuple[Appearance, ...]

    @property
    def roles(self) -> tuple[str, ...]:
        """"host", "guest" or both, in that order."""
        return tuple(r for r in ("host", "guest") if any(a.role == r for a in self.appearances))


def _image(image: str, page: str) -> str:
    """A full URL as it is; a path inside the site relative to the person's page."""
    return image if not image or urlsplit(image).scheme else urls.root(page) + image


def people(config: SiteConfig, episodes: Iterable[Episode]) -> list[PersonView]:
    """Everyone who hosts or guests an episode, and everyone `people:` names, by name; each with
    their episodes in the order given (newest first). Import keeps stand-ins like "Speaker 2" out
    of `guests`, so they get no page."""
    found: dict[str, list[Appearance]] = {name: [] for name in config.people}
    for episode in episodes:
        roles = [(name, "host") for name in episode.hosts] + [(name, "guest") for name in episode.guests]
        seen: set[str] = set()
        for name, role in roles:
            if name in seen:
                continue
            seen.add(name)
            found.setdefault(name, []).append(Appearance(episode.number, episode.title, urls.episode_page(episode.slug),
                                                         role))
    views = []
    for name in sorted(found, key=lambda n: (n.casefold(), n)):
        details = config.people.get(name, Person())
        page = urls.person_page(name)
        views.append(PersonView(name, page, details.bio, details.link, _image(details.image, page),
                                tuple(found[name])))
    return views


def people_files(environment: jinja2.Environment, config: SiteConfig, episodes: Iterable[Episode]) -> dict[str, bytes]:
    """Output-relative path -> bytes of every person's page; two names sharing a page is an error."""
    files: dict[str, bytes] = {}
    owners: dict[str, str] = {}
    problems: list[Problem] = []
    for person in people(config, episodes):
        if person.url in owners:
            problems.append(Problem(None, None, f"{quoted(owners[person.url])} and {quoted(person.name)} would share the page "
                                                f"{person.url}; if they are one person, add `{person.name}: "
                                                f"{owners[person.url]}` under `aliases:` in site_config.yaml"))
            continue
        owners[person.url] = person.name
        details = config.people.get(person.name, Person())
        pages = list_pages(list(person.appearances), urls.folder(person.url).rstrip("/"), person.url,
                           lambda appearance: appearance.number)
        archive = [page for page, _ in pages] if len(pages) > 1 else []
        for i, (page, shown) in enumerate(pages):
            on_page = replace(person, appearances=tuple(shown), image=_image(details.image, page.url))
            try:
                text = render_template(environment, "person.html", page_context(
                    config, page.url, person=on_page, page_title=person.name if i == 0 else f"{person.name}: {page.label}",
                    archive=archive, archive_page=page))
            except SiteError as error:
                problems.extend(p for p in error.problems if p not in problems)
                break
            files[page.url] = text.encode("utf-8")
    if problems:
        raise SiteError(problems)
    return files
