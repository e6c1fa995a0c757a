"""A fast renderer for the regular shape the importer writes — `## Heading` lines and
`**Name:** text` paragraphs of plain text — byte-identical to markup.render.

It accepts a body only if every block is that shape with no character Markdown could
read as markup; anything else returns None and goes to the reference renderer.
"""
from __future__ import annotations

import re

from .markup import PERMALINK_TITLE, Rendered, TocEntry, turn_anchor
from .slugs import unique_slug

# Characters that start inline markup (emphasis, code, links, escapes, entities, tags),
# and control characters Python-Markdown uses internally or rewrites.
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]<\x00-\x08\x0b-\x1f\x7f]")
_ENTITY = re.compile(r"&#?\w+;")
# Paragraph starts that are block markup: headings, quotes, lists, code, tables, rules.
_BLOCK_START = re.compile(r"[-#>=|~\s]|[+*](?:\s|$)|\d+[.)](?:\s|$)|```")
_TURN = re.compile(r"\*\*([^*\n]+?):\*\* (.*)", re.S)
_HEADING = re.compile(r"## ([^#\n]*[^#\s])")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace(">", "&gt;")


def _escape_attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace(">", "&gt;")


def _plain(text: str) -> bool:
    # Three cheap tests rather than one regular expression with alternatives: twice as fast.
    return (bool(text) and text == text.strip() and not _INLINE_MARKUP.search(text) and "\t" not in text
            and "  " not in text and not ("&" in text and _ENTITY.search(text)))


def render(text: str) -> Rendered | None:
    """The body's HTML and table of contents, or None when the body is not the regular shape."""
    if "\r" in text or "\t" in text:
        return None
    blocks = text.split("\n\n")
    out: list[str] = []
    toc: list[TocEntry] = []
    taken: set[str] = set()
    turn_ids: set[str] = set()
    in_turn = False
    for raw in blocks:
        block = raw.strip("\n")
        if not block:
            if raw and raw.strip(" ") == "" and raw != "":
                return None
            continue
        if "\n" in block:
            return None
        if block.startswith("## "):
            match = _HEADING.fullmatch(block)
            if not match or not _plain(match.group(1)) or _BLOCK_START.match(match.group(1)):
                return None
            title = match.group(1)
            anchor = unique_slug(title, taken)
            if in_turn:
                out.append("</div>")
                in_turn = False
            out.append(f'<h2 id="{anchor}">{_escape(title)}<a class="anchor" href="#{anchor}" '
                       f'title="{PERMALINK_TITLE}">#</a></h2>')
            toc.append(TocEntry(2, anchor, title))
            continue
        turn = _TURN.fullmatch(block)
        if turn:
            name, said = turn.group(1), turn.group(2)
            if not _plain(name) or not _plain(said) or name != name.strip():
                return None
            if in_turn:
                out.append("</div>")
            anchor = turn_anchor(None, len(turn_ids) + 1, turn_ids)
            out.append(f'<div class="turn" data-speaker="{_escape_attribute(name)}" id="{anchor}">')
            out.append(f'<p><strong class="speaker">{_escape(name)}:</strong> {_escape(said)}</p>')
            in_turn = True
            continue
        if not _plain(block) or _BLOCK_START.match(block):
            return None
        if not in_turn:  # a paragraph opening a section is a turn of no one
            out.append(f'<div class="turn" id="{turn_anchor(None, len(turn_ids) + 1, turn_ids)}">')
            in_turn = True
        out.append(f"<p>{_escape(block)}</p>")
    if in_turn:
        out.append("</div>")
    return Rendered("\n".join(out), tuple(toc))
