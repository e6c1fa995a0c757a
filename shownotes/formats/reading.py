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


def read_seconds(text: str) -> float | None:
    """A time as Whisper's tools print it: a clock ("01:02.500") or plain seconds ("62.5", "62.50s")."""
    text = text.strip().removesuffix("s")
    if ":" in text:
        return read_clock(text)
    try:
        seconds = float(text)
    except ValueError:
        return None
    return seconds if 0 <= seconds < MAX_SECONDS and text.replace(".", "", 1).isdigit() else None


def in_milliseconds(starts: list[float], ends: list[float | None]) -> bool:
    """True when a service's times are milliseconds (AssemblyAI's are): whole numbers, and either
    past a hundred hours as seconds or segments a minute and more long on the middle."""
    if not starts or any(not float(t).is_integer() for t in starts):
        return False
    if max(starts) >= MAX_SECONDS:
        return True
    lengths = sorted(end - start for start, end in zip(starts, ends) if end is not None and end >= start)
    return bool(lengths) and lengths[len(lengths) // 2] >= 60
