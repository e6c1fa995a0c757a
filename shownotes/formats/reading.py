"""Small readers the format modules share: clock times, and where JSON array items sit."""
from __future__ import annotations

import json
import re

from ..model import parse_time

_WHITE = re.compile(r"[\s,]*")
# Times past 100 hours are no podcast's; `[HH:MM:SS]` stamps could not even write them.
MAX_SECONDS = 100 * 3600


def read_clock(text: str) -> float | None:
    """"01:02", "1:02:03.5", "00:01:02,500" -> seconds, minutes and seconds under 60; else None."""
    seconds = parse_time(text)
    if seconds is None or any(float(p) >= 60 for p in text.strip().replace(",", ".").split(":")[1:]):
        return None
    return seconds if seconds < MAX_SECONDS else None


def array_lines(text: str, key: str, count: int) -> list[int]:
    """The line each item of the top-level array `"key": [...]` starts on, so errors can name it.

    Best effort: the document is known to be valid JSON; anything unexpected gives line 1s.
    """
    match = re.search(r'"' + re.escape(key) + r'"\s*:\s*\[', text)
    if match is None:
        return [1] * count
    decoder = json.JSONDecoder()
    lines = []
    index = match.end()
    try:
        for _ in range(count):
            index = _WHITE.match(text, index).end()  # type: ignore[union-attr]
            lines.append(text.count("\n", 0, index) + 1)
            _, index = decoder.raw_decode(text, index)
    except ValueError:
        return [1] * count
    return lines
