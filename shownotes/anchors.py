"""The one rule for anchors: every heading and every turn on a page gets a stable id.

Headings take their slug (`pricing`), turns their time in the audio (`t=12:05`, the media
fragment the player seeks to; `t=1:02:03` past an hour) or, untimed, their place among the
episode's turns (`turn_7`); a repeat gets -2, -3. A turn's id can never be a heading's slug
(slugs hold neither `=` nor `_`), and both stay the same across rebuilds as long as the text
before them is unchanged. Episode bodies (both readers) and extra pages hand out ids here.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from .model import Section
from .slugs import unique, unique_slug

# What a turn's anchor looks like (transcript.vtt names its cues so, and import reads them back).
TURN_ANCHOR = re.compile(r"^(?:t=\d+(?::\d{2}){1,2}|turn_\d+)(?:-\d+)?$")


def clock(seconds: float) -> str:
    """62.5 -> "01:02", 3723 -> "1:02:03": how a time shows on the page and in `#t=` links."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, whole = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{whole:02d}" if hours else f"{minutes:02d}:{whole:02d}"


class Anchors:
    """Hands out one page's anchors in page order; ids already on the page are never reused."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)
        self.turns = 0

    def heading(self, title: str) -> str:
        """A heading's anchor: its slug, made unique."""
        return unique_slug(title, self.taken)

    def turn(self, time: float | None) -> str:
        """The next turn's anchor, from its time in the audio or else its place among the turns."""
        self.turns += 1
        return unique(f"t={clock(time)}" if time is not None else f"turn_{self.turns}", self.taken)


def assign(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """Sections with the anchors their page will give them, for a model made other than by
    reading a body (an import): headings and turns in page order, by the rule above."""
    anchors = Anchors()
    return tuple(replace(section, anchor=anchors.heading(section.heading) if section.heading is not None else None,
                         turns=tuple(replace(turn, anchor=anchors.turn(turn.time)) for turn in section.turns))
                 for section in sections)
