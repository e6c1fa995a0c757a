"""Read a text file whatever its encoding mark, and say exactly where undecodable bytes are."""
from __future__ import annotations

import codecs
from pathlib import Path

import ftfy

from .errors import fail

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Repairs mojibake ("Netgateâ€™s" -> "Netgate’s") but keeps every character a
# transcript really has: curly quotes, ligatures, full-width forms, entities.
_FIX = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    explain=False,
)


def decode(data: bytes, path: Path, encoding: str | None = None) -> str:
    """Bytes to text: a BOM wins, then `encoding`, then strict UTF-8; newlines become \\n."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom):], name
            break
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise fail(path, line, f"byte {error.start} (0x{data[error.start]:02x}) is not valid "
                               f"{encoding or 'UTF-8'}; save the file as UTF-8 or pass --encoding") from None
    except LookupError:
        raise fail(None, None, f"unknown encoding {encoding!r}") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, encoding: str | None = None) -> str:
    """Read `path` as text (see decode)."""
    return decode(path.read_bytes(), path, encoding)


def repair(text: str) -> str:
    """Undo mixed-encoding damage in imported transcripts, line by line so line numbers hold."""
    return "\n".join(ftfy.fix_text(line, config=_FIX) for line in text.split("\n"))
