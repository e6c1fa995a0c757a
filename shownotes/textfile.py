"""Read a text file whatever its encoding mark, and say exactly where undecodable bytes are."""
from __future__ import annotations

import codecs
import re
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


# A line of printable ASCII and typographic punctuation has nothing to repair: mojibake always holds
# a letter or symbol from outside this set (a UTF-8 lead byte read as Latin-1, cp1252 or MacRoman:
# "â€™", "Ã©", "â€"), and none of these characters is a control character or changes under NFC.
# Most transcript lines are such lines, and ftfy takes a hundred times longer to say so.
_NOTHING_TO_REPAIR = re.compile(r"[\x20-\x7e‘’“”–—…]*")


def repair(text: str) -> str:
    """Undo mixed-encoding damage in imported transcripts, line by line so line numbers hold."""
    fix = _fixer()
    clean = _NOTHING_TO_REPAIR.fullmatch
    return "\n".join(line if clean(line) else fix(line) for line in text.split("\n"))
