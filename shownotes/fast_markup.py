"""A fast reader for the regular shape the importer writes — `## Heading` lines and
`**Name:** text` paragraphs of plain text — that yields, in one pass, the same sections, turns,
anchors, HTML (byte for byte) and table of contents as the reference, markup.render.

It accepts a body only if every block is that shape with no character Markdown could
read as markup; anything else returns None and goes to the reference reader.
"""
from __future__ import annotations

import re

from .anchors import Anchors
from .markup import PERMALINK_TITLE, Body, TocEntry, make_renderer, render
from .model import SectionBuilder, Turn

# Characters that start inline markup (emphasis, code, links, escapes, tags), and control
# characters Python-Markdown uses internally or rewrites: none may appear anywhere in the body.
# `*` is the one exception, and only in turn labels: the body's stars must number four a turn.
# (One `in` a character: two and a half times faster than a regular expression's class.)
_MARKUP_CHARACTERS = tuple("\\`_[]<\x7f") + tuple(chr(c) for c in range(32) if c != 10)
# White space other than a space or a newline (str.split splits on these too; tabs and control
# characters are refused as markup above).
_OTHER_SPACE = ("\x85", "\xa0", "\u1680", *map(chr, range(0x2000, 0x200B)), "\u2028", "\u2029", "\u202f", "\u205f",
                "\u3000")
_ENTITY = re.compile(r"&#?\w+;")
# Paragraph starts that are block markup (headings, quotes, lists, code, tables, rules), or space.
_BLOCK_START = re.compile(r"[-#>=|~\s]|[+*](?:\s|$)|\d+[.)](?:\s|$)|```")
# A name and a text that neither start nor end with white space; the name holds no `*`.
_TURN = re.compile(r"\*\*([^*\s](?:[^*\n]*[^*\s])?):\*\* (\S(?:.*\S)?)", re.S)
_HEADING = re.compile(r"## ([^#\n]*[^#\s])")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace(">", "&gt;")


def _turn(anchor: str, paragraphs: list[str]) -> str:
    """A turn's HTML, as markup._Turns makes it: its one paragraph, or a <div> of its paragraphs."""
    if len(paragraphs) == 1:
        return f'<p class="turn" id="{anchor}">{paragraphs[0]}</p>'
    inner = "</p>\n<p>".join(paragraphs)
    return f'<div class="turn" id="{anchor}">\n<p>{inner}</p>\n</div>'


def _has_markup(text: str) -> bool:
    """True if any character of the body could be read as markup (a `*` is checked later)."""
    return any(c in text for c in _MARKUP_CHARACTERS) or "  " in text or ("&" in text and bool(_ENTITY.search(text)))


def read(text: str, first_line: int = 1) -> Body | None:
    """The body's sections and HTML, or None when the body is not the regular shape.

    Blocks are split on blank lines: an accepted body has no line of spaces or tabs (its block
    would start or end with space), so "\\n\\n" cuts it where Markdown's blank lines do; each
    section and turn keeps the line it starts on.
    Text is plain when the whole body holds no markup character, no entity and no double space,
    and each heading, name and text neither starts nor ends with white space.
    """
    if _has_markup(text):
        return None
    # Where a space is the only white space in a line, a text of N spaces holds N + 1 words;
    # texts are counted by the spaces of the whole body less those of headings and labels.
    count_words = not any(c in text for c in _OTHER_SPACE)
    label_spaces = 0
    escape = _escape if ("&" in text or ">" in text) else str
    out: list[str] = []
    toc: list[TocEntry] = []
    anchors = Anchors()
    spoken = 0  # turns with a speaker
    labels: dict[str, tuple[str, int]] = {}  # a speaker's label, escaped once, and its spaces
    texts = 0
    sections = SectionBuilder(first_line)
    # The open turn: its speaker, paragraphs, line and anchor; a paragraph after it continues it.
    speaker: str | None = None
    paragraphs: list[str] = []
    turn_line = 0
    turn_anchor = ""
    html: list[str] = []  # the open turn's paragraphs, as HTML
    line = first_line
    for raw in text.split("\n\n"):
        if "\n" in raw:  # blank lines beyond the first, or the final newline
            block = raw.strip("\n")
            start = line + len(raw) - len(raw.lstrip("\n"))
            line += raw.count("\n") + 2
            if not block:
                continue
            if "\n" in block:
                return None
        else:
            block, start = raw, line
            line += 2
            if not block:
                continue
        if block.startswith("## "):
            match = _HEADING.fullmatch(block)
            if not match or _BLOCK_START.match(match.group(1)):
                return None
            title = match.group(1)
            if not count_words and any(c in title for c in _OTHER_SPACE):
                return None  # the reference's table of contents writes such spaces as plain ones
            anchor = anchors.heading(title)
            if paragraphs:
                out.append(_turn(turn_anchor, html))
                sections.add(Turn(speaker, tuple(paragraphs), turn_line, None, turn_anchor))
                paragraphs = []
            sections.start(title, start, anchor)
            out.append(f'<h2 id="{anchor}">{escape(title)}<a class="anchor" href="#{anchor}" '
                       f'title="{PERMALINK_TITLE}">#</a></h2>')
            toc.append(TocEntry(2, anchor, title))
            label_spaces += 1 + title.count(" ")
            continue
        turn = _TURN.fullmatch(block)
        if turn:
            name, said = turn.group(1), turn.group(2)
            if paragraphs:
                out.append(_turn(turn_anchor, html))
                sections.add(Turn(speaker, tuple(paragraphs), turn_line, None, turn_anchor))
            speaker, paragraphs, turn_line, turn_anchor = name, [said], start, anchors.turn(None)
            texts += 1
            spoken += 1
            label = labels.get(name)
            if label is None:
                label = labels[name] = (f"<b>{_escape(name)}:</b> ", 1 + name.count(" "))
            html = [label[0] + escape(said)]
            label_spaces += label[1]
            continue
        if _BLOCK_START.match(block) or block[-1].isspace():
            return None
        texts += 1
        if paragraphs:
            paragraphs.append(block)
            html.append(escape(block))
        else:  # a paragraph opening a section is a turn of no one
            speaker, paragraphs, turn_line, turn_anchor = None, [block], start, anchors.turn(None)
            html = [escape(block)]
    if text.count("*") != 4 * spoken:  # a star outside the turn labels
        return None
    if paragraphs:
        out.append(_turn(turn_anchor, html))
        sections.add(Turn(speaker, tuple(paragraphs), turn_line, None, turn_anchor))
    words = text.count(" ") - label_spaces + texts if count_words else None
    return Body(sections.finish(), "\n".join(out), tuple(toc), words)


def read_body(text: str, first_line: int = 1, allow_html: bool = False) -> Body:
    """An episode body read once, by the fast reader when it is the regular shape, else by the
    reference (Python-Markdown); `allow_html` as site_config.yaml says."""
    return read(text, first_line) or render(make_renderer(allow_html), text)
