"""Podcasting 2.0 chapters: one JSON file per episode whose sections have times in the audio."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable

from . import urls
from .config import SiteConfig
from .views import EpisodeView

CHAPTERS_VERSION = "1.2.0"
CHAPTERS_TYPE = "application/json+chapters"


@dataclass(frozen=True)
class Chapter:
    """Where a section starts in the audio, what it is called, and where it is on the episode's page."""

    start: float
    title: str
    url: str


def chapters_path(view: EpisodeView) -> str:
    """Output-relative path of an episode's chapters file, beside its page."""
    return urls.episode_file(view.model.slug, urls.CHAPTERS)


def episode_chapters(config: SiteConfig, view: EpisodeView) -> tuple[Chapter, ...]:
    """The episode's sections that have a start time, in time order; empty when none has one."""
    page = config.page_url(view.url)
    chapters = []
    for section in view.model.sections:
        if section.time is None:
            continue
        title = section.heading if section.heading is not None else view.model.title
        chapters.append(Chapter(section.time, title, f"{page}#{section.anchor}" if section.anchor else page))
    if not chapters:  # no timed sections: the chapters its front matter keeps (from the feed it came from)
        chapters = [Chapter(start, title, page) for start, title in view.model.chapters]
    return tuple(sorted(chapters, key=lambda c: c.start))


def _seconds(value: float) -> int | float:
    """94.0 -> 94: whole seconds read as whole numbers."""
    return int(value) if float(value).is_integer() else round(value, 3)


def chapters_json(config: SiteConfig, view: EpisodeView, chapters: tuple[Chapter, ...]) -> bytes:
    """The chapters file (JSON Chapters format 1.2.0)."""
    document = {
        "version": CHAPTERS_VERSION,
        "title": view.model.title,
        "podcastName": config.title,
        "chapters": [{"startTime": _seconds(c.start), "title": c.title, "url": c.url} for c in chapters],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def chapter_files(config: SiteConfig, views: Iterable[EpisodeView]) -> dict[str, bytes]:
    """Output-relative path -> chapters file, for every episode with timed sections."""
    files = {}
    for view in views:
        chapters = episode_chapters(config, view)
        if chapters:
            files[chapters_path(view)] = chapters_json(config, view, chapters)
    return files
