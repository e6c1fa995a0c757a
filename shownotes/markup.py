"""Episode Markdown -> HTML, its table of contents, and a stable anchor for every heading and turn."""
from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE
from pygments.formatters import HtmlFormatter

from .anchors import Anchors, clock
from .model import Section, SectionBuilder, Turn, parse_time

CODE_CSS_CLASS = "codehilite"
PERMALINK_TITLE = "Link to this section"
_UNSAFE_URL = re.compile(r"^(javascript|vbscript|data):", re.I)
# A browser reads `java&#x73;cript:` and `java<TAB>script:` as `javascript:`: look at the URL as it will.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
# A turn's start in the audio as episode_markdown writes it, `**Ada:** [00:04:22] text`. By the time
# turns are found, an escaped `\[` is a placeholder, so a "[00:01]" typed as text never matches.
_STAMP = re.compile(r"^\s*\[(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)\]\s+")


def is_unsafe_url(value: str) -> bool:
    """True for a URL that would run code or smuggle a document when followed: javascript:, vbscript:, data:."""
    return bool(_UNSAFE_URL.match(_URL_NOISE.sub("", html.unescape(value))))


class _RawTags(HTMLParser):
    """Finds the start tags of trusted raw HTML that carry an unsafe URL, and their safe rewrite."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fixes: list[tuple[tuple[int, int], str, str]] = []  # (line, column), tag as written, rewritten

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs, ">")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs, " />")

    def _check(self, tag: str, attrs: list[tuple[str, str | None]], end: str) -> None:
        kept = [(name, value) for name, value in attrs if value is None or not is_unsafe_url(value)]
        written = self.get_starttag_text()
        if len(kept) < len(attrs) and written is not None:
            rewritten = "<" + tag + "".join(f" {name}" if value is None else f' {name}="{html.escape(value)}"'
                                            for name, value in kept) + end
            self.fixes.append((self.getpos(), written, rewritten))


def drop_unsafe_urls(raw: str) -> str:
    """Raw HTML with every attribute holding a javascript:, vbscript: or data: URL removed."""
    if ":" not in raw:
        return raw
    parser = _RawTags()
    parser.feed(raw)
    parser.close()
    lines = raw.split("\n")
    starts = [0]
    for text in lines[:-1]:
        starts.append(starts[-1] + len(text) + 1)
    for (line, column), written, rewritten in reversed(parser.fixes):
        at = starts[line - 1] + column
        if raw.startswith(written, at):
            raw = raw[:at] + rewritten + raw[at + len(written):]
    return raw


def _seconds_text(seconds: float) -> str:
    return f"{seconds:.3f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)  # one for every file or heading of a site: no dict each
class TocEntry:
    """One heading in the table of contents, with the headings nested under it."""

    level: int
    anchor: str
    title: str
    children: tuple["TocEntry", ...] = ()


@dataclass(frozen=True)
class Body:
    """An episode body read once: its sections and turns with their anchors, and its HTML and
    table of contents, whichever reader read it (the fast one, or Python-Markdown's)."""

    sections: tuple[Section, ...]
    html: str
    toc: tuple[TocEntry, ...]
    words: int | None = None  # as Episode.words counts them; None: count them from the sections


def _stash_text(md: markdown.Markdown, text: str) -> str:
    """Text as read: an entity (`&amp;`) or text set aside whole is in the stash, not in the tree."""
    if "\x02" not in text:
        return text
    blocks = md.htmlStash.rawHtmlBlocks

    def stashed(match: re.Match[str]) -> str:
        index = int(match.group(1))
        block = blocks[index] if index < len(blocks) else ""
        return html.unescape(re.sub(r"<[^>]*>", "", block if isinstance(block, str) else ""))

    return HTML_PLACEHOLDER_RE.sub(stashed, text)


class HeadingAnchors(Treeprocessor):
    """Give every heading its anchor (anchors.py): its slug, then -2, -3 for repeats. Episodes
    and extra pages both register it, before the toc extension (priority 5) reads the ids."""

    def run(self, root: etree.Element) -> None:
        # The turns' anchors of this document when _Turns ran first (episodes), else a fresh set (pages).
        anchors = self.md.__dict__.pop("shownotes_anchors", None) or Anchors()
        anchors.taken.update(el.attrib["id"] for el in root.iter() if "id" in el.attrib)
        for el in root.iter():
            if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6") and "id" not in el.attrib:
                el.attrib["id"] = anchors.heading(_stash_text(self.md, "".join(el.itertext())))


class _Turns(Treeprocessor):
    """Wrap each turn, `**Name:** text` and the paragraphs after it, in its own element with its own
    anchor (anchors.py); a paragraph opening a section, or starting with a time, is a turn of
    no one. A turn's time becomes a link to that anchor, which the audio player seeks to.

    A turn of one paragraph is that paragraph (`<p class="turn">`), of more a `<div class="turn">`
    of them; the speaker's label is a `<b>`, which Markdown itself never writes: on a site of
    thousands of episodes, each turn's markup counts."""

    def run(self, root: etree.Element) -> None:
        anchors = self.md.shownotes_anchors = Anchors()  # type: ignore[attr-defined]
        times: dict[str, float | None] = {}
        self.md.shownotes_turn_times = times  # type: ignore[attr-defined]
        children = list(root)
        for child in children:
            root.remove(child)
        turn: etree.Element | None = None
        for child in children:
            speaker = self._speaker(child)
            stamp = self._stamp(child, speaker is not None) if child.tag == "p" else None
            if speaker is not None or (child.tag == "p" and (turn is None or stamp is not None)):
                time = parse_time(stamp.group(1)) if stamp else None
                attributes = {"class": "turn", "id": anchors.turn(time)}
                times[attributes["id"]] = time
                if speaker is not None:  # shown in the label only: the page names a speaker once a turn
                    child[0].tag = "b"
                turn = etree.SubElement(root, "div", attributes)
                turn.append(child)
                if stamp is not None and time is not None:
                    self._link_time(child, speaker is not None, stamp, time, attributes["id"])
            elif turn is not None and child.tag == "p":
                turn.append(child)
            else:
                turn = None
                root.append(child)
        for i, element in enumerate(root):
            if element.tag == "div" and len(element) == 1 and not element[0].attrib:
                paragraph = element[0]
                paragraph.attrib.update(element.attrib)
                paragraph.tail = element.tail
                root[i] = paragraph
        for element in root.iter():
            for attribute in ("href", "src"):
                if is_unsafe_url(element.get(attribute, "")):
                    del element.attrib[attribute]

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


class _Model(Treeprocessor):
    """Read the finished tree into the episode model: a section at each `##` heading, a turn at
    each turn element, with the anchors and times the tree was given (so nothing is read twice)."""

    def run(self, root: etree.Element) -> None:
        titles = {entry.anchor: entry.title for entry in _entries(self.md.toc_tokens)  # type: ignore[attr-defined]
                  for entry in _flatten(entry)}
        times: dict[str, float | None] = getattr(self.md, "shownotes_turn_times", {})
        built = SectionBuilder()
        for child in root:
            anchor = child.get("id", "")
            if child.tag == "h2" and anchor in titles:
                built.start(titles[anchor], 0, anchor)
            elif child.get("class") == "turn" and child.tag in ("div", "p"):
                paragraphs = tuple(self._text(p) for p in (child if child.tag == "div" else (child,)) if p.tag == "p")
                speaker = self._speaker(child)
                built.add(Turn(speaker, paragraphs, 0, times.get(anchor), anchor))
        self.md.shownotes_sections = built.finish()  # type: ignore[attr-defined]

    def _speaker(self, turn: etree.Element) -> str | None:
        """The name in the turn's label (_Turns marked it), as read: the page writes it nowhere else."""
        first = turn if turn.tag == "p" else turn[0] if len(turn) else None
        label = first[0] if first is not None and len(first) else None
        if label is None or label.tag != "b":
            return None
        return _stash_text(self.md, "".join(label.itertext())[:-1].strip())

    def _text(self, paragraph: etree.Element) -> str:
        """A paragraph's words as the page shows them, without the speaker's label or the time link."""
        parts = [paragraph.text or ""]
        for child in paragraph:
            if not (child.tag == "b" or (child.tag == "a" and child.get("class") == "timestamp")):
                parts.extend(child.itertext())
            parts.append(child.tail or "")
        return _stash_text(self.md, "".join(parts)).strip()


def _flatten(entry: TocEntry) -> list[TocEntry]:
    return [entry, *(e for child in entry.children for e in _flatten(child))]


class _TrustedHtml(Postprocessor):
    """Raw HTML is kept only when the site trusts its content, and even then loses javascript: URLs."""

    def run(self, text: str) -> str:
        stash = self.md.htmlStash
        stash.rawHtmlBlocks = [drop_unsafe_urls(block) if isinstance(block, str) else block
                               for block in stash.rawHtmlBlocks]
        return text


# Python-Markdown's inline parsing takes time quadratic in the markup of one paragraph, and recursion
# as deep as lists and emphasis nest: a 1 MB paragraph of `[` takes minutes, a list nested 300 deep
# overflows the stack. No show notes come near these limits; a paragraph past them shows as typed.
MAX_MARKUP_CHARACTERS = 1000  # in one paragraph
MAX_INDENT = 64  # columns of leading space on one line
_MARKUP_CHARACTER = re.compile(r"[*_`\[\]<>&\\!]")
_KEPT_START = re.compile(r"^(?:#{1,6}[ \t]+|\*\*(?:[^*\n\\]|\\.)+?:\*\*[ \t]+(?:\[[\d:.,]+\][ \t]+)?)")


class _PlainWhenTooMuch(Preprocessor):
    """Show a paragraph past the limits above as the characters typed, keeping its heading or speaker."""

    def __init__(self, md: markdown.Markdown, everything: bool = False) -> None:
        super().__init__(md)
        self.everything = everything  # every paragraph as text: the fallback when Markdown overflows anyway

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        block: list[str] = []
        for line in [*lines, ""]:
            if line.strip():
                block.append(line)
                continue
            if block:
                out.extend(self._block(block))
                block = []
            out.append(line)
        return out[:-1]

    def _block(self, block: list[str]) -> list[str]:
        text = "\n".join(block)
        indent = max(len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" ")) for line in block)
        if not self.everything and indent <= MAX_INDENT and len(_MARKUP_CHARACTER.findall(text)) <= MAX_MARKUP_CHARACTERS:
            return block
        kept = _KEPT_START.match(text)
        start = kept.group(0) if kept else ""
        return [start + self.md.htmlStash.store(html.escape(text[len(start):].strip(), quote=False))]


class _ShowNotes(Extension):
    def __init__(self, allow_html: bool) -> None:
        super().__init__()
        self.allow_html = allow_html

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        if not self.allow_html:  # transcripts are text: raw HTML shows as the characters typed
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
        else:
            md.postprocessors.register(_TrustedHtml(md), "shownotes_trusted_html", 40)  # before raw_html (30)
        md.preprocessors.register(_PlainWhenTooMuch(md), "shownotes_plain_when_too_much", 15)  # after fences (25)
        md.treeprocessors.register(_Turns(md), "shownotes_turns", 15)
        md.treeprocessors.register(HeadingAnchors(md), "shownotes_anchors", 6)  # before toc (5) names headings
        md.treeprocessors.register(_Model(md), "shownotes_model", -1)  # last: after toc (5) and unescape (0)


@functools.lru_cache(maxsize=2)
def make_renderer(allow_html: bool = False) -> markdown.Markdown:
    """A Markdown converter with the site's extensions, made once per process (a dozen
    milliseconds) and reset per document."""
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


def render(md: markdown.Markdown, text: str) -> Body:
    """Read and convert one episode body: its sections and turns, HTML and table of contents."""
    md.reset()
    md.shownotes_sections = ()  # type: ignore[attr-defined]  # what an empty body (never processed) has
    try:
        body = md.convert(text)
    except RecursionError:  # nesting the limits above did not foresee: the body as text, turns and headings kept
        plain = md.preprocessors["shownotes_plain_when_too_much"]
        plain.everything = True  # type: ignore[attr-defined]
        try:
            md.reset()
            body = md.convert(text)
        finally:
            plain.everything = False  # type: ignore[attr-defined]
    sections: tuple[Section, ...] = md.shownotes_sections  # type: ignore[attr-defined]
    return Body(sections, body, _entries(md.toc_tokens))  # type: ignore[attr-defined]


# Code colours, light and dark like the theme: both keep every token's text at WCAG AA contrast
# (4.5:1) or better on the style's own background.
CODE_STYLE, CODE_STYLE_DARK = "default", "github-dark"


def code_stylesheet() -> str:
    """The Pygments stylesheet for highlighted code blocks, light, and dark where the reader's
    system prefers it."""
    light = HtmlFormatter(style=CODE_STYLE).get_style_defs(f".{CODE_CSS_CLASS}")
    dark = HtmlFormatter(style=CODE_STYLE_DARK).get_style_defs(f".{CODE_CSS_CLASS}")
    indented = "\n".join("  " + line for line in dark.splitlines())
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{indented}\n}}\n"
