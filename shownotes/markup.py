"""Episode Markdown -> HTML, its table of contents, and a stable anchor for every heading and turn."""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pygments.formatters import HtmlFormatter

from .model import parse_time
from .slugs import unique_slug

CODE_CSS_CLASS = "codehilite"
PERMALINK_TITLE = "Link to this section"
_UNSAFE_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)
# A turn's start in the audio as episode_markdown writes it, `**Ada:** [00:04:22] text`. By the time
# turns are found, an escaped `\[` is a placeholder, so a "[00:01]" typed as text never matches.
_STAMP = re.compile(r"^\s*\[(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)\]\s+")


def clock(seconds: float) -> str:
    """62.5 -> "01:02", 3723 -> "1:02:03": how a time shows on the page and in `#t=` links."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, whole = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{whole:02d}" if hours else f"{minutes:02d}:{whole:02d}"


def turn_anchor(time: float | None, position: int, taken: set[str]) -> str:
    """The anchor rule for turns: `t=MM:SS` (`t=H:MM:SS` past an hour) for a turn with a time, the
    same media-fragment the audio player reads; `turn_N` (N counting the episode's turns from 1) for
    one without. A repeat gets -2, -3. Neither form can be a heading's slug, and both stay the same
    across rebuilds as long as the text before the turn is unchanged. Records the result in `taken`."""
    base = f"t={clock(time)}" if time is not None else f"turn_{position}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def _seconds_text(seconds: float) -> str:
    return f"{seconds:.3f}".rstrip("0").rstrip(".")


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
    """Wrap each turn, `**Name:** text` and the paragraphs after it, in its own element with its own
    anchor (see turn_anchor); a paragraph opening a section, or starting with a time, is a turn of
    no one. A turn's time becomes a link to that anchor, which the audio player seeks to."""

    def run(self, root: etree.Element) -> None:
        children = list(root)
        for child in children:
            root.remove(child)
        turn: etree.Element | None = None
        taken: set[str] = set()
        position = 0
        for child in children:
            speaker = self._speaker(child)
            stamp = self._stamp(child, speaker is not None) if child.tag == "p" else None
            if speaker is not None or (child.tag == "p" and (turn is None or stamp is not None)):
                position += 1
                time = parse_time(stamp.group(1)) if stamp else None
                attributes = {"class": "turn", "id": turn_anchor(time, position, taken)}
                if speaker is not None:
                    attributes["data-speaker"] = speaker
                    child[0].set("class", "speaker")
                turn = etree.SubElement(root, "div", attributes)
                turn.append(child)
                if stamp is not None and time is not None:
                    self._link_time(child, speaker is not None, stamp, time, attributes["id"])
            elif turn is not None and child.tag == "p":
                turn.append(child)
            else:
                turn = None
                root.append(child)
        for link in root.iter("a"):
            if _UNSAFE_URL.match(link.get("href", "")):
                del link.attrib["href"]

    @staticmethod
    def _stamp(el: etree.Element, has_speaker: bool) -> re.Match[str] | None:
        """The `[00:01:02] ` at the start of a turn's text: after the speaker, or opening the paragraph."""
        return _STAMP.match(el[0].tail or "") if has_speaker else _STAMP.match(el.text or "")

    @staticmethod
    def _link_time(el: etree.Element, has_speaker: bool, stamp: re.Match[str], time: float, anchor: str) -> None:
        link = etree.Element("a", {"class": "timestamp", "href": f"#{anchor}", "data-time": _seconds_text(time)})
        link.text = clock(time)
        if has_speaker:
            link.tail = " " + (el[0].tail or "")[stamp.end():]
            el[0].tail = " "
            el.insert(1, link)
        else:
            link.tail = " " + (el.text or "")[stamp.end():]
            el.text = ""
            el.insert(0, link)

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
