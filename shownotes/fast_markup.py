"""A fast reader for the regular shape the importer writes — `## Heading` lines and
`**Name:** text` paragraphs of plain text — that yields, in one pass, the same sections as
episode_markdown.parse_body and the same HTML, byte for byte, as markup.render.

It accepts a body only if every block is that shape with no character Markdown could
read as markup; anything else returns None and goes to the reference parser and renderer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .markup import PERMALINK_TITLE, Rendered, TocEntry, turn_anchor
from .model import Section, SectionBuilder, Turn
from .slugs import unique_slug

# Characters that start inline markup (emphasis, code, links, escapes, entities, tags),
# and control characters Python-Markdown uses internally or rewrites.
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]<\x00-\x08\x0b-\x1f\x7f]")
_ENTITY = re.compile(r"&#?\w+;")
# Paragraph starts that are block markup: headings, quotes, lists, code, tables, rules.
_BLOCK_START = re.compile(r"[-#>=|~\s]|[+*](?:\s|$)|\d+[.)](?:\s|$)|```")
_TURN = re.compile(r"\*\*([^*\n]+?):\*\* (.*)", re.S)
_HEADING = re.compile(r"## ([^#\n]*[^#\s])")


@dataclass(frozen=True)
class Body:
    """A regular body read in one pass: its sections (as parse_body gives them) and its HTML."""

    sections: tuple[Section, ...]
    rendered: Rendered


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace(">", "&gt;")


def _escape_attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace(">", "&gt;")


def _plain(text: str) -> bool:
    # Three cheap tests rather than one regular expression with alternatives: twice as fast.
    # Plain text is also what episode_markdown.unescape leaves as it is: no `\`, no entity.
    return (bool(text) and text == text.strip() and not _INLINE_MARKUP.search(text) and "\t" not in text
            and "  " not in text and not ("&" in text and _ENTITY.search(text)))


def render(text: str) -> Rendered | None:
    """The body's HTML and table of contents, or None when the body is not the regular shape."""
    body = read(text)
    return body.rendered if body is not None else None


def read(text: str, first_line: int = 1) -> Body | None:
    """The body's sections and HTML, or None when the body is not the regular shape.

    Blocks are split on blank lines exactly as parse_body splits them: an accepted body has no
    line of spaces or tabs (its block would not be plain), so "\\n\\n" and parse_body's
    "\\n[ \\t]*\\n" cut it in the same places, and line numbers are counted the same way.
    """
    if "\r" in text or "\t" in text:
        return None
    out: list[str] = []
    toc: list[TocEntry] = []
    taken: set[str] = set()
    turn_ids: set[str] = set()
    sections = SectionBuilder(first_line)
    # The open turn: its speaker, paragraphs and line; a paragraph after it continues it.
    speaker: str | None = None
    paragraphs: list[str] = []
    turn_line = 0
    line = first_line
    for raw in text.split("\n\n"):
        block = raw.strip("\n")
        start = line + len(raw) - len(raw.lstrip("\n"))
        line += raw.count("\n") + 2
        if not block:
            continue
        if "\n" in block:
            return None
        if block.startswith("## "):
            match = _HEADING.fullmatch(block)
            if not match or not _plain(match.group(1)) or _BLOCK_START.match(match.group(1)):
                return None
            title = match.group(1)
            anchor = unique_slug(title, taken)
            if paragraphs:
                out.append("</div>")
                sections.add(Turn(speaker, tuple(paragraphs), turn_line))
                paragraphs = []
            sections.start(title, start)
            out.append(f'<h2 id="{anchor}">{_escape(title)}<a class="anchor" href="#{anchor}" '
                       f'title="{PERMALINK_TITLE}">#</a></h2>')
            toc.append(TocEntry(2, anchor, title))
            continue
        turn = _TURN.fullmatch(block)
        if turn:
            name, said = turn.group(1), turn.group(2)
            if not _plain(name) or not _plain(said):
                return None
            if paragraphs:
                out.append("</div>")
                sections.add(Turn(speaker, tuple(paragraphs), turn_line))
            speaker, paragraphs, turn_line = name, [said], start
            anchor = turn_anchor(None, len(turn_ids) + 1, turn_ids)
            out.append(f'<div class="turn" data-speaker="{_escape_attribute(name)}" id="{anchor}">')
            out.append(f'<p><strong class="speaker">{_escape(name)}:</strong> {_escape(said)}</p>')
            continue
        if not _plain(block) or _BLOCK_START.match(block):
            return None
        if paragraphs:
            paragraphs.append(block)
        else:  # a paragraph opening a section is a turn of no one
            speaker, paragraphs, turn_line = None, [block], start
            out.append(f'<div class="turn" id="{turn_anchor(None, len(turn_ids) + 1, turn_ids)}">')
        out.append(f"<p>{_escape(block)}</p>")
    if paragraphs:
        out.append("</div>")
        sections.add(Turn(speaker, tuple(paragraphs), turn_line))
    return Body(sections.finish(), Rendered("\n".join(out), tuple(toc)))
