"""Show notes as feeds carry them (HTML) turned into safe Markdown: paragraphs, line breaks, lists,
emphasis and http(s)/mailto links survive; every other tag, script and attribute is dropped, and
the text is escaped so that nothing in it becomes markup.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from ..episode_markdown import escape

_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "table"}
_DROPPED = {"script", "style", "template", "iframe", "object", "noscript"}
_SAFE_SCHEMES = ("http", "https", "mailto")


class _Notes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.line: list[str] = []
        self.links: list[str | None] = []
        self.lists: list[str] = []
        self.skipping = 0
        self.prefix = ""

    def _flush(self) -> None:
        text = " ".join("".join(self.line).split())
        if text:
            self.blocks.append(self.prefix + text)
        self.line, self.prefix = [], ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self.skipping += 1
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists.append(tag)
        elif tag == "li":
            self._flush()
            self.prefix = "1. " if self.lists and self.lists[-1] == "ol" else "- "
        elif tag in _BLOCKS:
            self._flush()
        elif tag in ("strong", "b"):
            self.line.append("**")
        elif tag in ("em", "i"):
            self.line.append("*")
        elif tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            safe = href if urlsplit(href).scheme.lower() in _SAFE_SCHEMES and not re.search(r"\s", href) else None
            self.links.append(safe)
            if safe:
                self.line.append("[")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag in _BLOCKS:
            self._flush()
        elif tag in ("strong", "b"):
            self.line.append("**")
        elif tag in ("em", "i"):
            self.line.append("*")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.line.append("](" + href.replace("(", "%28").replace(")", "%29") + ")")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.line.append(escape(data) if data.strip() else data)


def to_markdown(html: str) -> str:
    """Safe Markdown for a feed's HTML show notes (or plain text): one block per paragraph."""
    if "<" not in html:  # plain text: paragraphs at blank lines
        return "\n\n".join(escape(" ".join(p.split())) for p in re.split(r"\n\s*\n", html) if p.strip())
    notes = _Notes()
    notes.feed(html)
    notes.close()
    notes._flush()
    # Emphasis around nothing ("<b> </b>") would be a stray "****": a block of only marks is dropped.
    return "\n\n".join(b.strip() for b in notes.blocks if b.strip(" *"))


class _Text(_Notes):
    """Only the words: no emphasis, no links."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.line.append(data)


def to_text(html: str) -> str:
    """The notes' first paragraph as plain text: an episode's one-line description."""
    if "<" not in html:
        first = re.split(r"\n\s*\n", html.strip(), maxsplit=1)[0]
        return " ".join(first.split())
    notes = _Text()
    notes.feed(html)
    notes.close()
    notes._flush()
    return next((b for b in notes.blocks if b.strip()), "")
