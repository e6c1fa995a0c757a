"""The files made from all episodes together: the index, the feed, people and topic pages, the site
files a host wants, the search dictionary and the theme's static files.

They need episode outlines only (see Episode.outline), never the transcripts' text.
"""
from __future__ import annotations

from typing import Mapping, Sequence

from . import feed, markup, people, publish, search_index, topics, urls
from .config import SiteConfig
from .pages import SitePage, page_files
from .theme import Theme, render_template
from .views import EpisodeView, render_index


STRINGS = "static/strings.js"  # made from the theme's templates/strings.js: its scripts' words, translated


def static_files(theme: Theme) -> dict[str, bytes]:
    """The theme's static files, the stylesheet for highlighted code and the scripts' words."""
    files = {name: path.read_bytes() for name, path in theme.static_files().items()}
    files["static/pygments.css"] = markup.code_stylesheet().encode("utf-8")
    files[STRINGS] = render_template(theme.environment, "strings.js", {}).encode("utf-8")
    return files


def site_files(theme: Theme, config: SiteConfig, pages: tuple[SitePage, ...], views: list[EpisodeView],
               transcripts: Mapping[str, Sequence[tuple[str, str]]],
               items: Mapping[str, bytes], words: bytes) -> dict[str, bytes | bytearray]:
    """Output-relative path -> bytes of every file about the whole show (views newest first), but
    the search index's chunks (search_chunks.chunk_files, which the build makes in a worker meanwhile).

    `transcripts` maps an episode's slug to its transcript files' (URL, MIME type), `items` to
    its feed <item>: both made when the episode was rendered; `words` is the search dictionary.
    """
    lists = render_index(theme.environment, config, views)
    files: dict[str, bytes | bytearray] = {page.path: page.text.encode("utf-8") for page in lists}
    public = [view for view in views if not view.preview]  # drafts shown by --drafts stay out of feed and sitemap
    files[urls.FEED] = feed.render_feed(config, public, transcripts, items)
    models = [view.model for view in views]
    others = {**people.people_files(theme.environment, config, models),
              **topics.topic_files(theme.environment, config, models), **page_files(theme.environment, config, pages)}
    files.update(others)
    files.update(publish.site_files(theme.environment, config, public, [*others, *(page.path for page in lists[1:])]))
    files.update(static_files(theme))
    files[search_index.DICTIONARY_PATH] = search_index.dictionary_file(words)
    return files

