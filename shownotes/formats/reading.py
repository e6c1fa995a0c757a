"""Small readers the format modules share: clock times, and where JSON array items sit."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import fail
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


_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.S)


def refuse_lone_surrogates(data: Any, text: str, path: Path) -> None:
    """JSON can spell half a character, a lone UTF-16 surrogate (`"\\ud83d"`), which no text file can
    hold: an error at its line, not a crash when the episode is written."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                break
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    else:
        return
    line, spelt = _lone_surrogate(text)
    raise fail(path, line, f"invalid JSON: `{spelt}` is half of a character (a lone UTF-16 surrogate), which no "
                           f"text file can hold")


def _lone_surrogate(text: str) -> tuple[int, str]:
    """The line and spelling of the first escape in JSON text that is half a surrogate pair."""
    escapes = list(_ESCAPE.finditer(text))
    for i, match in enumerate(escapes):
        code = int(match.group(1), 16) if match.group(1) else 0
        if 0xD800 <= code <= 0xDBFF:
            after = escapes[i + 1] if i + 1 < len(escapes) else None
            if after and after.start() == match.end() and after.group(1) and 0xDC00 <= int(after.group(1), 16) <= 0xDFFF:
                continue
        elif not 0xDC00 <= code <= 0xDFFF or (i and escapes[i - 1].end() == match.start() and escapes[i - 1].group(1)
                                              and 0xD800 <= int(escapes[i - 1].group(1), 16) <= 0xDBFF):
            continue
        return text.count("\n", 0, match.start()) + 1, match.group(0)
    return 1, "\\ud800"
