"""HTML transcripts: the Podcasting 2.0 shape (`<cite>Name:</cite> <time>0:05</time> <p>text</p>`),
pages whose turns name their speaker in an element of class `speaker` with times in `<time>`,
`data-time`, `#t=` links or `playAt('0:1:2')` handlers (trs2html), and pages of
`<p><strong>Name:</strong> text</p>` paragraphs. Scripts, styles and page furniture are skipped."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..errors import fail
from ..speakers import is_label
from .draft import MERGE, PARAGRAPH, Cue, Draft, Heading, carry_labels
from .reading import read_clock

_SKIPPED = {"script", "style", "head", "nav", "header", "footer", "noscript", "svg", "button", "form", "select",
            "template", "iframe", "aside"}
_VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr", "col", "area", "base", "embed", "track"}
_BLOCKS = {"p", "li", "blockquote", "dd", "dt", "td", "div", "section", "article", "tr", "br", "figure", "pre"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SPEAKER_CLASS = re.compile(r"(?:^|[\s_-])(?:speaker|speaker-?name|spk|voice|interlocutor)(?:$|[\s_-])", re.I)
_TIME_CLASS = re.compile(r"(?:^|[\s_-])(?:time|timestamp|timecode|ts|start)(?:$|[\s_-])", re.I)
_TIME_IN = re.compile(r"(\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?)")
_SECONDS_ATTR = ("data-time", "data-start", "data-timestamp", "data-begin", "data-seek")
_NO_TRANSCRIPT = ("no transcript found in the HTML: expected Podcasting 2.0 HTML (`<cite>Name:</cite> "
                  "<time>0:05</time> <p>text</p>`) or paragraphs that name their speaker "
                  "(`<p><strong>Name:</strong> text</p>`); for another page, save its transcript as text and import "
                  "that (or pass --format text)")


@dataclass
class _Piece:
    """A paragraph of the page, with the speaker and time seen before it."""

    line: int
    text: str
    speaker: str | None
    time: float | None
    new_turn: bool
    heading: int = 0  # a heading's level


class _Reader(HTMLParser):
    """Collects headings, speakers, times and paragraphs in the order the page has them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[_Piece] = []
        self.skip = 0  # depth inside a skipped element
        self.capture: str | None = None  # "speaker", "time", "h1".."h6" while inside such an element
        self.capture_depth = 0
        self.captured: list[str] = []
        self.text: list[str] = []
        self.start_line = 0
        self.speaker: str | None = None
        self.time: float | None = None
        self.new_turn = False
        self.bold = 0
        self.label: list[str] | None = None
        self.timed = 0  # inside a link or button that only carries a time (its ▶ is no text)
        self.structured = False  # speakers or times seen in elements of their own

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if self.skip or tag in _SKIPPED:
            self.skip += tag not in _VOID
            return
        if self.capture:
            self.capture_depth += tag not in _VOID
            return
        classes = values.get("class", "")
        if "turn" in classes.split():
            self.flush()
            self.new_turn = True
        seconds = self._attribute_time(values)
        if seconds is not None:
            self.time = seconds
            self.structured = True
            if tag in ("a", "button", "span") and not _TIME_CLASS.search(classes):
                self.timed += 1
                return
        if tag in _HEADINGS:
            self.flush()
            self._begin(tag)
        elif tag == "cite" or _SPEAKER_CLASS.search(classes):
            self.flush()
            self._begin("speaker")
        elif tag == "time" or _TIME_CLASS.search(classes):
            self._begin("time")
        elif tag in _BLOCKS:
            self.flush()
        elif tag in ("strong", "b") and not "".join(self.text).strip():
            self.bold, self.label = 1, []
        elif tag in ("strong", "b") and self.bold:
            self.bold += 1

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            self.skip -= tag not in _VOID
            return
        if self.capture:
            if self.capture_depth:
                self.capture_depth -= 1
                return
            self._end()
            return
        if self.timed and tag in ("a", "button", "span"):
            self.timed -= 1
            return
        if tag in ("strong", "b") and self.bold:
            self.bold -= 1
            if not self.bold and self.label is not None:
                label = " ".join("".join(self.label).split())
                self.label = None
                if label.endswith(":") and is_label(label[:-1].strip()):
                    self.flush()
                    self.speaker, self.new_turn = label[:-1].strip(), True
                    self.text = []
                    self.start_line = self.getpos()[0]
            return
        if tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.skip or self.timed:
            return
        if self.capture:
            self.captured.append(data)
            return
        if self.label is not None:
            self.label.append(data)
        if not self.text and data.strip():
            self.start_line = self.getpos()[0]
        self.text.append(data)

    def _begin(self, kind: str) -> None:
        self.capture, self.capture_depth, self.captured = kind, 0, []
        self.start_line = self.getpos()[0]

    def _end(self) -> None:
        text = " ".join("".join(self.captured).split())
        kind, self.capture = self.capture, None
        if kind in _HEADINGS and text:
            self.pieces.append(_Piece(self.start_line, text, None, None, True, heading=int(kind[1])))
            self.speaker = None
        elif kind == "speaker" and text:
            self.speaker, self.new_turn, self.structured = text.rstrip(":").strip(), True, True
        elif kind == "time" and (match := _TIME_IN.search(text)):
            self.time = read_clock(match.group(1))
            self.structured = True

    @staticmethod
    def _attribute_time(values: dict[str, str]) -> float | None:
        for key in _SECONDS_ATTR:
            if values.get(key):
                try:
                    return float(values[key])
                except ValueError:
                    clock = read_clock(values[key])
                    if clock is not None:
                        return clock
        for key in ("onclick", "href"):
            value = values.get(key, "")
            if ("playAt" in value or "seek" in value.lower() or "#t=" in value) and (
                    match := _TIME_IN.search(value)):
                return read_clock(match.group(1))
        return None

    def flush(self) -> None:
        text = " ".join("".join(self.text).split())
        self.text = []
        if text:
            self.pieces.append(_Piece(self.start_line, text, self.speaker, self.time, self.new_turn))
            self.time, self.new_turn = None, False


def parse(text: str, path: Path) -> Draft:
    """An HTML transcript's headings and turns; a page without one is an error that says what to do."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    reader.flush()
    pieces = reader.pieces
    if not reader.structured and not any(p.speaker for p in pieces):
        raise fail(path, 1, _NO_TRANSCRIPT)
    blocks: list[Cue | Heading] = []
    title = None
    for piece in pieces:
        if piece.heading == 1 and title is None and not blocks:
            title = piece.text  # the page's own title, not a section
        elif piece.heading:
            blocks.append(Heading(piece.line, piece.text))
        if piece.heading:
            continue
        blocks.append(Cue(piece.line, piece.text, piece.speaker, piece.time, None,
                          PARAGRAPH if piece.time is None and not piece.new_turn else MERGE))
    if not any(isinstance(b, Cue) for b in blocks):
        raise fail(path, 1, _NO_TRANSCRIPT)
    cues = [b for b in blocks if isinstance(b, Cue)]
    carried = iter(carry_labels(cues, path))
    return Draft(path, tuple(next(carried) if isinstance(b, Cue) else b for b in blocks), title=title)
