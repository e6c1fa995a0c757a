"""Where every page and file goes in output/, and how one page links to another: the one place
for URLs. Paths are output-relative and POSIX; a page is a folder's index.html, so links work
from disk (file://) as well as from any web server, at any subpath."""
from __future__ import annotations

import hashlib

from .slugs import slugify

INDEX = "index.html"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"
CHAPTERS = "chapters.json"  # beside an episode's page


def episode_page(slug: str) -> str:
    """An episode's page."""
    return f"episodes/{slug}/{INDEX}"


def episode_file(slug: str, name: str) -> str:
    """A file beside an episode's page (its chapters, its transcript files)."""
    return f"episodes/{slug}/{name}"


def person_page(name: str) -> str:
    """A person's page (people.py makes them); a name with no letters to slug gets a digest."""
    slug = slugify(name) or "person-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"people/{slug}/{INDEX}"


def topic_page(name: str) -> str:
    """A topic's page (topics.py makes them); a name with no letters to slug gets a digest."""
    slug = slugify(name) or "topic-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"topics/{slug}/{INDEX}"


def year_page(year: int | str) -> str:
    """The page of a year's episodes."""
    return f"years/{year}/{INDEX}"


TOPICS = f"topics/{INDEX}"  # every topic and year


def extra_page(slug: str) -> str:
    """An extra page from content/pages/ (pages.py)."""
    return f"pages/{slug}/{INDEX}"


def folder(page: str) -> str:
    """A page's address as people share it: `episodes/001-a/index.html` -> `episodes/001-a/`."""
    return page.removesuffix(INDEX)


def root(page: str) -> str:
    """The relative prefix leading from a page back to the output root: "../../" for a page two folders down."""
    return "../" * page.count("/")
