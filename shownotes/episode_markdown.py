"""An episode's Markdown body: `## Heading` sections and `**Name:** text` turns, both directions;
and the checksum import puts in the front matter to tell a hand-edited file (front_matter.py
reads and writes the rest of the front matter)."""
from __future__ import annotations

import hashlib
import re

from .model import Section, format_time

CHECKSUM_KEY = "import_checksum"
CHECKSUM_LINE = re.compile(rf"^{CHECKSUM_KEY}: .*\n", re.M)

# Characters that would turn transcript text into Markdown markup.
# An underscore stays bare only between two letters or digits (snake_case), where it is never emphasis.
_INLINE = re.compile(r"([\\`*])|(?<![^\W_])_|_(?![^\W_])|#")
# A "[" could open a link only before a "](", "][" or "]:"; each "[" before the last of those is escaped
# (found with rfind: a lookahead per bracket took minutes on a line of 100,000 "[").
_LINK_ENDS = ("](", "][", "]:")
# ("=" needs no escape: a one-line paragraph is never a heading's underline, and Markdown keeps "\=" as typed.)
_LINE_START = re.compile(r"^(?:(>|[+-](?=\s|$))|(\d+)([.)])(?=\s|$)|(-)(?=(?:[ \t]*-)+[ \t]*$))")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|&lt;|&amp;(?=\\?#?(?:\\?\w)+;)")
# An "&name;" entity or "<tag"/"<http://" would be read as HTML, not text: write them as entities.
_HTML_LIKE = re.compile(r"&(?=#?\w+;)|<(?=[A-Za-z/!?])")
# A turn's start in the audio, written right after the speaker: `**Ada:** [00:04:22] text`.
STAMP = re.compile(r"^\[(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)\]\s+")


def escape(text: str) -> str:
    """Make text render as itself: "5 * 3", "[laughs]", "# of users" stay words, not markup."""
    text = _HTML_LIKE.sub(lambda m: "&amp;" if m.group(0) == "&" else "&lt;", text)
    text = _INLINE.sub(lambda m: "\\" + m.group(0), text)
    last = max(text.rfind(end) for end in _LINK_ENDS)
    if last > 0:
        text = text[:last].replace("[", "\\[") + text[last:]
    if STAMP.match(text):  # "[00:01] ..." typed in a transcript is text, not a timestamp
        text = "\\" + text
    return _LINE_START.sub(lambda m: (m.group(2) or "") + "\\" + (m.group(1) or m.group(3) or m.group(4)), text)


def escape_name(name: str) -> str:
    """A speaker's name as it goes between `**` and `:**`: text on one line, `*` and all markup escaped."""
    return escape(" ".join(name.split()))


def unescape(text: str) -> str:
    """Inverse of escape for the text escape() wrote."""
    if "\\" not in text and "&" not in text:  # most transcript text: nothing to undo
        return text
    return _UNESCAPE.sub(lambda m: m.group(1) or ("<" if m.group(0) == "&lt;" else "&"), text)


def body(sections: tuple[Section, ...]) -> str:
    """The transcript as Markdown: one `##` per section, one paragraph per turn paragraph."""
    blocks: list[str] = []
    for section in sections:
        if section.heading is not None:
            blocks.append("## " + escape(section.heading))
        for turn in section.turns:
            first, *rest = [escape(p) for p in turn.paragraphs]
            if turn.time is not None:
                first = f"[{format_time(turn.time)}] {first}"
            blocks.append(f"**{escape_name(turn.speaker)}:** {first}" if turn.speaker is not None else first)
            blocks.extend(rest)
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def checksum(text: str) -> str:
    """A fingerprint of a file's text, ignoring its own checksum line."""
    return "sha256:" + hashlib.sha256(CHECKSUM_LINE.sub("", text).encode("utf-8")).hexdigest()


def recorded_checksum(text: str) -> str | None:
    """The checksum import wrote into the file's front matter, if any."""
    match = re.search(rf"^{CHECKSUM_KEY}: (sha256:[0-9a-f]{{64}})$", text, re.M)
    return match.group(1) if match else None


def is_hand_edited(text: str) -> bool:
    """True unless the file is exactly what import wrote (its recorded checksum still matches)."""
    return recorded_checksum(text) != checksum(text)


def with_checksum(text: str) -> str:
    """Add the checksum line as the front matter's last key."""
    head, sep, rest = text.partition("\n---\n")
    return f"{head}\n{CHECKSUM_KEY}: {checksum(text)}{sep}{rest}"
