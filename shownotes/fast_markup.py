"""A fast reader for the regular shape the importer writes — `## Heading` lines and
`**Name:** text` paragraphs of plain text — that yields, in one pass, the same sections as
episode_markdown.parse_body and the same HTML, byte for byte, as markup.render.

It accepts a body only if every block is that shape with no character Markdown could
read as markup; anything else returns None and goes to the reference parser and renderer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .markup import PERMALINK_TITLE, Rendered, TocEntry
from .model import Section, SectionBuilder, Turn
from .slugs import unique_slug

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


@dataclass(frozen=True)
class Body:
    """A regular body read in one pass: its sections (as parse_body gives them) and its HTML."""

    sections: tuple[Section, ...]
    rendered: Rendered
    words: int | None  # as Episode.words counts them; None when not counted (see read)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace(">", "&gt;")


def _escape_attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace(">", "&gt;")


def _has_markup(text: str) -> bool:
    """True if any character of the body could be read as markup (a `*` is checked later)."""
    return any(c in text for c in _MARKUP_CHARACTERS) or "  " in text or ("&" in text and bool(_ENTITY.search(text)))


def render(text: str) -> Rendered | None:
    """The body's HTML and table of contents, or None when the body is not the regular shape."""
    body = read(text)
    return body.rendered if body is not None else None


def read(text: str, first_line: int = 1) -> Body | None:
    """The body's sections and HTML, or None when the body is not the regular shape.

    Blocks are split on blank lines exactly as parse_body splits them: an accepted body has no
    line of spaces or tabs (its block would start or end with space), so "\\n\\n" and parse_body's
    "\\n[ \\t]*\\n" cut it in the same places, and line numbers are counted the same way.
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
    taken: set[str] = set()
    # Turn anchors follow markup.turn_anchor's rule for untimed turns, `turn_N`, written out here:
    # counting from 1 they never repeat, so nothing needs making unique.
    turn_number = spoken = 0  # turns, and turns with a speaker
    labels: dict[str, tuple[str, str, int]] = {}  # a speaker's opening tag and label, escaped once; spaces
    texts = 0
    sections = SectionBuilder(first_line)
    # The open turn: its speaker, paragraphs and line; a paragraph after it continues it.
    speaker: str | None = None
    paragraphs: list[str] = []
    turn_line = 0
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
            anchor = unique_slug(title, taken)
            if paragraphs:
                out.append("</div>")
                sections.add(Turn(speaker, tuple(paragraphs), turn_line))
                paragraphs = []
            sections.start(title, start)
            out.append(f'<h2 id="{anchor}">{escape(title)}<a class="anchor" href="#{anchor}" '
                       f'title="{PERMALINK_TITLE}">#</a></h2>')
            toc.append(TocEntry(2, anchor, title))
            label_spaces += 1 + title.count(" ")
            continue
        turn = _TURN.fullmatch(block)
        if turn:
            name, said = turn.group(1), turn.group(2)
            if paragraphs:
                out.append("</div>")
                sections.add(Turn(speaker, tuple(paragraphs), turn_line))
            speaker, paragraphs, turn_line = name, [said], start
            texts += 1
            turn_number += 1
            spoken += 1
            label = labels.get(name)
            if label is None:
                label = labels[name] = (f'<div class="turn" data-speaker="{_escape_attribute(name)}" id="turn_',
                                        f'">\n<p><strong class="speaker">{_escape(name)}:</strong> ',
                                        1 + name.count(" "))
            out.append(f"{label[0]}{turn_number}{label[1]}{escape(said)}</p>")
            label_spaces += label[2]
            continue
        if _BLOCK_START.match(block) or block[-1].isspace():
            return None
        texts += 1
        if paragraphs:
            paragraphs.append(block)
            out.append(f"<p>{escape(block)}</p>")
        else:  # a paragraph opening a section is a turn of no one
            speaker, paragraphs, turn_line = None, [block], start
            turn_number += 1
            out.append(f'<div class="turn" id="turn_{turn_number}">')
            out.append(f"<p>{escape(block)}</p>")
    if text.count("*") != 4 * spoken:  # a star outside the turn labels
        return None
    if paragraphs:
        out.append("</div>")
        sections.add(Turn(speaker, tuple(paragraphs), turn_line))
    words = text.count(" ") - label_spaces + texts if count_words else None
    return Body(sections.finish(), Rendered("\n".join(out), tuple(toc)), words)
