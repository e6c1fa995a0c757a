"""Episode Markdown -> HTML, its table of contents, and a stable anchor for every heading."""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pygments.formatters import HtmlFormatter

from .slugs import unique_slug

CODE_CSS_CLASS = "codehilite"
PERMALINK_TITLE = "Link to this section"
_UNSAFE_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)


@dataclass(frozen=True)
class TocEntry:
    """One heading in the table of contents, with the headings nested under it."""

    level: int
    anchor: str
    title: str
    children: tuple["TocEntry", ...] = ()


@dataclass(frozen=True)
class Rendered:
    """An episode body as HTML, with its table of contents."""

    html: str
    toc: tuple[TocEntry, ...]


class _Anchors(Treeprocessor):
    """Give every heading the README's anchor: its slug, then -2, -3 for repeats."""

    def run(self, root: etree.Element) -> None:
        taken: set[str] = {el.attrib["id"] for el in root.iter() if "id" in el.attrib}
        for el in root.iter():
            if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6") and "id" not in el.attrib:
                el.attrib["id"] = unique_slug("".join(el.itertext()), taken)


class _Turns(Treeprocessor):
    """Wrap each speaker turn, `**Name:** text` and the paragraphs after it, in its own element."""

    def run(self, root: etree.Element) -> None:
        children = list(root)
        for child in children:
            root.remove(child)
        turn: etree.Element | None = None
        for child in children:
            speaker = self._speaker(child)
            if speaker is not None:
                turn = etree.SubElement(root, "div", {"class": "turn", "data-speaker": speaker})
                child[0].set("class", "speaker")
                turn.append(child)
            elif turn is not None and child.tag == "p":
                turn.append(child)
            else:
                turn = None
                root.append(child)
        for link in root.iter("a"):
            if _UNSAFE_URL.match(link.get("href", "")):
                del link.attrib["href"]

    @staticmethod
    def _speaker(el: etree.Element) -> str | None:
        if el.tag != "p" or (el.text or "").strip() or len(el) == 0 or el[0].tag != "strong":
            return None
        label = "".join(el[0].itertext())
        if not label.endswith(":") or len(el[0]) or not label[:-1].strip():
            return None
        return label[:-1].strip()


class _ShowNotes(Extension):
    def __init__(self, allow_html: bool) -> None:
        super().__init__()
        self.allow_html = allow_html

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        if not self.allow_html:  # transcripts are text: raw HTML shows as the characters typed
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Turns(md), "shownotes_turns", 15)
        md.treeprocessors.register(_Anchors(md), "shownotes_anchors", 6)  # before toc (5) names headings


def make_renderer(allow_html: bool = False) -> markdown.Markdown:
    """A Markdown converter with the site's extensions; reuse it, it is reset per document."""
    return markdown.Markdown(
        extensions=[
            _ShowNotes(allow_html),
            "fenced_code",
            "tables",
            "codehilite",
            "toc",
        ],
        extension_configs={
            "codehilite": {"css_class": CODE_CSS_CLASS, "guess_lang": False},
            "toc": {"permalink": "#", "permalink_class": "anchor", "permalink_title": PERMALINK_TITLE,
                    "toc_depth": "2-3"},
        },
        output_format="html",
    )


def _entries(tokens: list[dict]) -> tuple[TocEntry, ...]:
    return tuple(TocEntry(t["level"], t["id"], html.unescape(t["name"]), _entries(t["children"])) for t in tokens)


def render(md: markdown.Markdown, text: str) -> Rendered:
    """Convert one episode body."""
    md.reset()
    body = md.convert(text)
    return Rendered(body, _entries(md.toc_tokens))  # type: ignore[attr-defined]


def code_stylesheet() -> str:
    """The Pygments stylesheet for highlighted code blocks."""
    return HtmlFormatter(style="default").get_style_defs(f".{CODE_CSS_CLASS}") + "\n"
