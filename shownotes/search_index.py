"""Episodes -> the search index: one script per episode (a shard) and a manifest listing them.

The index ships as scripts, not JSON, because a page opened from file:// may load a
<script src> but may not fetch() a file. The browser does the indexing and ranking
(themes/default/static/search.js with the vendored MiniSearch); the build only writes
each episode's text once, so a big site stays fast and one changed episode redoes one shard.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterable

import orjson

from .views import EpisodeView

SEARCH_DIR = "search"
MANIFEST = f"{SEARCH_DIR}/manifest.js"

# [text](url) -> text: URLs are not what listeners search for. Neither part may hold its own opening
# bracket, so a run like "[[[[" or "[a](" repeated is read once, not once per bracket (minutes on 1 MB).
_LINK = re.compile(r"!?\[([^[\]]*)\]\([^()]*\)")
_STRONG = re.compile(r"\*\*|`")
# Inside a <script>, "</script" or "<!--" would end or confuse the element, and U+2028/9 were
# line breaks to old JavaScript engines: escape them all, JSON stays equal after parsing.
# (bytes.replace, not translate: translate is ten times slower on a thousand episodes.)
_SCRIPT_UNSAFE = tuple((unsafe.encode(), escaped.encode()) for unsafe, escaped in (
    ("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")))


def shard_path(slug: str) -> str:
    """Output-relative path of an episode's shard."""
    return f"{SEARCH_DIR}/{slug}.js"


def script_json(value: Any) -> bytes:
    """`value` as compact UTF-8 JSON that is safe to place inside a <script> element.

    orjson writes the same bytes as json.dumps(ensure_ascii=False, separators=(",", ":")), three
    times faster (a thousand episodes' shards hold 60 MB of text); json takes what orjson refuses
    (integers beyond 64 bits)."""
    try:
        data = orjson.dumps(value)
    except TypeError:
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    for unsafe, escaped in _SCRIPT_UNSAFE:
        if unsafe in data:
            data = data.replace(unsafe, escaped)
    return data


def _plain(text: str) -> str:
    """The words of Markdown paragraphs, without link targets or emphasis marks."""
    if "[" not in text and "*" not in text and "`" not in text:
        return text  # most turns: skip the regular expressions, a big site has hundreds of thousands
    return _STRONG.sub("", _LINK.sub(r"\1", text))


def shard_data(view: EpisodeView) -> dict[str, Any]:
    """What search needs of one episode: where it is, who is in it, and every section's turns."""
    episode = view.model
    people = list(dict.fromkeys(episode.hosts + episode.guests + episode.speakers))
    sections = [{"heading": section.heading, "anchor": section.anchor or "",  # "": the page's top
                 "turns": [[turn.speaker, _plain("\n".join(turn.paragraphs))] for turn in section.turns]}
                for section in episode.sections]
    return {"number": episode.number, "title": episode.title, "url": view.url,
            "description": episode.description, "people": people, "sections": sections}


def episode_shard(view: EpisodeView) -> tuple[str, bytes]:
    """One episode's shard: a script that hands its sections to the page's search."""
    return shard_path(view.model.slug), b"window.ShownotesSearch.add(" + script_json(shard_data(view)) + b");\n"


def manifest(views: Iterable[EpisodeView]) -> tuple[str, bytes]:
    """The site-wide list of shards, newest episode first; it depends on slugs only, so it is cheap."""
    shards = [shard_path(view.model.slug) for view in views]
    return MANIFEST, b"window.ShownotesSearch.manifest(" + script_json({"shards": shards}) + b");\n"
