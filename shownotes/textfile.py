"""Read a text file whatever its encoding mark, and say exactly where undecodable bytes are."""
from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache
from typing import Callable
from pathlib import Path

from .errors import fail

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)



_NAMES = {"utf-8": "UTF-8", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16", "utf-32-le": "UTF-32", "utf-32-be": "UTF-32"}
IMPORT_ADVICE = "save the file as UTF-8 or pass --encoding"
CONTENT_ADVICE = "save the file as UTF-8"


def decode(data: bytes, path: Path, encoding: str | None = None, advice: str = IMPORT_ADVICE) -> str:
    """Bytes to text: a BOM wins, then `encoding`, then strict UTF-8; newlines become \\n.

    Undecodable bytes are an error naming the line and the byte's offset in the file, BOM included."""
    skipped = 0
    for bom, name in _BOMS:
        if data.startswith(bom):
            skipped, encoding = len(bom), name
            break
    try:
        text = data[skipped:].decode(encoding or "utf-8")
    except UnicodeDecodeError as error:
        start = skipped + error.start
        before = data[skipped:start].decode(encoding or "utf-8", errors="replace")
        line = before.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
        name = _NAMES.get(encoding or "utf-8", encoding or "utf-8")
        raise fail(path, line, f"byte {start} (0x{data[start]:02x}) is not valid {name}; {advice}") from None
    except LookupError:
        raise fail(None, None, f"--encoding {encoding!r} is not an encoding Python knows; try utf-8, cp1252 "
                               f"or latin-1") from None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def read_text(path: Path, encoding: str | None = None) -> str:
    """Read `path` as text (see decode)."""
    return decode(path.read_bytes(), path, encoding)


@lru_cache(maxsize=1)
def _fixer() -> Callable[[str], str]:
    """ftfy and its settings, loaded on first use: only import needs them, and a build starts faster."""
    import ftfy

    # Repairs mojibake ("Netgateâ€™s" -> "Netgate’s") but keeps every character a
    # transcript really has: curly quotes, ligatures, full-width forms, entities.
    config = ftfy.TextFixerConfig(unescape_html=False, uncurl_quotes=False, fix_latin_ligatures=False,
                                  fix_character_width=False, explain=False)
    return lambda line: ftfy.fix_text(line, config=config)


# What ftfy can change with the settings above: mojibake (UTF-8 read as Latin-1 or Windows-1252 puts a
# character from U+00C2-U+00F4 before one from U+0080-U+00BF or its Windows-1252 stand-ins: "Ã©",
# "â€™"), C1 and other control characters, terminal escapes, invisible formatting, text not in NFC. A
# line with none of them is left as it is, without loading ftfy: it reads a line through every one of
# its steps, most of a second for 150 KB of transcript.
_REPAIRABLE = re.compile("[\xc2-\xf4][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                         "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
                         "|[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u2028\u2029\u206a-\u206f\ufeff\ufff9-\ufffc]")


def repair(text: str) -> str:
    """Undo mixed-encoding damage in imported transcripts, line by line so line numbers hold."""
    lines = text.split("\n")
    damaged = [i for i, line in enumerate(lines)
               if _REPAIRABLE.search(line) or (not line.isascii() and not unicodedata.is_normalized("NFC", line))]
    if damaged:
        fix = _fixer()
        for i in damaged:
            lines[i] = fix(lines[i])
    return "\n".join(lines)
