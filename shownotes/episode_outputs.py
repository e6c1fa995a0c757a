"""Everything one episode puts in output/: its page, search texts, chapters and transcript files.

Each depends on that episode (and its neighbours' links) only, so an incremental build
redoes it for the episodes that changed, in parallel, without the rest of the site.
"""
from __future__ import annotations

import jinja2

from . import chapters, search_chunks, search_index, transcript_files
from .config import SiteConfig
from .views import EpisodeView, render_episode


def episode_files(environment: jinja2.Environment, config: SiteConfig, view: EpisodeView,
                  words: bytes) -> tuple[dict[str, bytes], tuple[tuple[str, str], ...], search_chunks.EpisodeTerms]:
    """Output-relative path -> bytes of every file that belongs to one episode, the (URL, MIME
    type) of its transcript files, for the feed, and its terms, for the site's search index
    (`words`: the dictionary its search texts are packed with)."""
    page = render_episode(environment, config, view)
    files = {page.path: page.text.encode("utf-8")}
    texts, sections, found = search_index.episode_search(view, words)
    files.update(texts)
    files.update(chapters.chapter_files(config, [view]))
    transcripts, links = transcript_files.files_and_links(view.model)
    files.update(transcripts)
    return files, tuple(links), search_chunks.pack(view.model.number, sections, found)


OPENING_LIMIT = 20_000  # characters of HTML; a body with no sections is all opening, and no show notes


def show_notes(view: EpisodeView) -> str:
    """The episode's opening, before its first section: what the feed carries as show notes."""
    opening = view.html.split("<h2", 1)[0].strip() if "<h2" in view.html or len(view.html) <= OPENING_LIMIT else ""
    return opening if len(opening) <= OPENING_LIMIT else ""
