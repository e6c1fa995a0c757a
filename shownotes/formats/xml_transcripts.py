"""XML transcripts: Transcriber's `.trs` (`<Speakers>`, `<Topics>` as section titles, `<Turn>` and
`<Sync>` times, `<Who>` for overlapping speech) and TTML captions (`<p begin="…">`, speakers as
`ttm:agent`). Other XML (a feed, a sitemap) is named for what it is."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..errors import fail
from .draft import MERGE, Cue, Draft, Heading, carry_labels
from .reading import MAX_SECONDS, read_clock

_TTML = "{http://www.w3.org/ns/ttml}"
_TTM = "{http://www.w3.org/ns/ttml#metadata}"
_TTP = "{http://www.w3.org/ns/ttml#parameter}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_OFFSET = re.compile(r"^(?P<n>\d+(?:\.\d+)?)(?P<unit>h|m|s|ms|f|t)$")
_FRAMES = re.compile(r"^(?P<clock>\d{1,2}:\d{2}:\d{2}):(?P<frames>\d{1,3})$")


def root_tag(text: str) -> str | None:
    """The name of an XML document's root element (without its namespace), or None if it is no XML."""
    match = re.search(r"<([A-Za-z_][\w.:-]*)[\s>/]", re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", text[:4000],
                                                           flags=re.S))
    return match.group(1).split(":")[-1] if match else None


def _load(text: str, path: Path) -> ET.Element:
    try:
        return ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as error:
        line = error.position[0] if error.position else 1
        raise fail(path, line, f"invalid XML: {str(error).split(':')[0]}") from None


def _lines(text: str, tag: str) -> list[int]:
    """The line each `<tag` starts on, in order: ElementTree keeps no line numbers."""
    return [text.count("\n", 0, m.start()) + 1 for m in re.finditer(rf"<{tag}\b", text)]


def _float(value: str | None) -> float | None:
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None
    return seconds if seconds is not None and 0 <= seconds < MAX_SECONDS else None


def _transcriber(root: ET.Element, text: str, path: Path) -> Draft:
    """Transcriber: Sections (titled by their topic) of Turns, each cut by Syncs into timed segments."""
    topics = {t.get("id"): (t.get("desc") or "").strip() for t in root.iter("Topic")}
    names = {s.get("id"): (s.get("name") or s.get("id") or "").strip() for s in root.iter("Speaker")}
    turn_lines = iter(_lines(text, "Turn"))
    section_lines = iter(_lines(text, "Section"))
    blocks: list[Cue | Heading] = []
    for section in root.iter("Section"):
        topic = topics.get(section.get("topic"))
        line = next(section_lines, 1)
        if topic:
            blocks.append(Heading(line, topic))
        for turn in section.iter("Turn"):
            line = next(turn_lines, line)
            if section.get("type") == "nontrans":
                continue
            who = [names.get(i, i) for i in (turn.get("speaker") or "").split()]
            speaker = who[0] if who else None
            time = _float(turn.get("startTime"))
            pieces: list[tuple[str | None, float | None, list[str]]] = [(speaker, time, [turn.text or ""])]
            for child in turn:
                if child.tag == "Sync":
                    pieces.append((pieces[-1][0], _float(child.get("time")), []))
                elif child.tag == "Who":
                    index = int(child.get("nb", "1") or 1) - 1
                    pieces.append((who[index] if 0 <= index < len(who) else speaker, pieces[-1][1], []))
                pieces[-1][2].append(child.tail or "")
            for name, start, words in pieces:
                said = " ".join("".join(words).split())
                if said:
                    blocks.append(Cue(line, said, name, start, None, MERGE))
    return Draft(path, tuple(blocks))


def _ttml_time(value: str | None, tick_rate: float, frame_rate: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    if match := _FRAMES.match(value):
        clock = read_clock(match.group("clock"))
        return clock + int(match.group("frames")) / frame_rate if clock is not None else None
    if re.fullmatch(r"\d+(?:\.\d+)?", value):  # Apple writes seconds without a unit
        return _float(value)
    if match := _OFFSET.match(value):
        n = float(match.group("n"))
        scale = {"h": 3600, "m": 60, "s": 1, "ms": 0.001, "f": 1 / frame_rate, "t": 1 / tick_rate}[match.group("unit")]
        return _float(str(n * scale))
    return read_clock(value)


def _ttml_text(element: ET.Element) -> str:
    """An element's text with each `<br/>` a space; timed words in spans of their own (Apple
    Podcasts' `<span podcasts:unit="word" begin=…>`) get a space between them."""
    parts = [element.text or ""]
    for child in element:
        if child.tag.endswith("br"):
            parts.append(" ")
        else:
            inner = _ttml_text(child)
            if child.get("begin") is not None and "".join(parts)[-1:].strip() and inner[:1].strip():
                parts.append(" ")
            parts.append(inner)
        parts.append(child.tail or "")
    return "".join(parts)


def _ttml(root: ET.Element, text: str, path: Path) -> Draft:
    """TTML: a cue a `<p>`, its speaker from `ttm:agent` (or the `<div>` around it), `<br/>` a space."""
    tick_rate = float(root.get(f"{_TTP}tickRate") or 10_000_000)
    frame_rate = float(root.get(f"{_TTP}frameRate") or 30)
    agents = {a.get(_XML_ID): (a.findtext(f"{_TTM}name") or a.get(_XML_ID) or "").strip()
              for a in root.iter(f"{_TTM}agent")}
    lines = iter(_lines(text, r"(?:\w+:)?p"))
    cues = []
    for div in root.iter(f"{_TTML}div"):
        for p in div.findall(f"{_TTML}p"):
            line = next(lines, 1)
            agent = p.get(f"{_TTM}agent") or div.get(f"{_TTM}agent")
            speaker = agents.get(agent, agent) if agent else None
            words = " ".join(_ttml_text(p).split())
            start = _ttml_time(p.get("begin"), tick_rate, frame_rate)
            end = _ttml_time(p.get("end"), tick_rate, frame_rate)
            if words:
                cues.append(Cue(line, words, speaker, start, end))
    if not cues:
        raise fail(path, 1, 'no captions found: expected `<p begin="00:00:01.000" end="00:00:03.000">text</p>` '
                            "inside the TTML's <body>")
    return Draft(path, tuple(carry_labels(cues, path)))


def parse(text: str, path: Path) -> Draft:
    """A Transcriber or TTML transcript; other XML is an error naming what it is."""
    root = _load(text, path)
    tag = root.tag.split("}")[-1]
    if tag == "Trans":
        draft = _transcriber(root, text, path)
    elif tag == "tt":
        return _ttml(root, text, path)
    else:
        raise fail(path, 1, unreadable_xml(tag))
    if not any(isinstance(b, Cue) for b in draft.blocks):
        raise fail(path, 1, "no turns found: expected `<Turn speaker=\"spk1\" startTime=\"0\">` elements with text "
                            "inside the Transcriber file's <Episode>")
    cues = [b for b in draft.blocks if isinstance(b, Cue)]
    carried = iter(carry_labels(cues, path))
    return Draft(path, tuple(next(carried) if isinstance(b, Cue) else b for b in draft.blocks))


def unreadable_xml(tag: str) -> str:
    """What to say about XML that holds no transcript, by its root element."""
    if tag in ("rss", "feed", "RDF"):
        return ("this is a podcast feed (RSS), not a transcript: import the transcript files its "
                "`<podcast:transcript>` tags link to")
    return (f"an XML file with a <{tag}> root, which is no transcript format shownotes reads: expected Transcriber "
            "(`<Trans>`, a .trs file) or TTML captions (`<tt>`)")
