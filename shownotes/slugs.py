"""The one rule that turns titles and headings into URL-safe names."""
from __future__ import annotations

import re
import unicodedata

_JOIN = re.compile(r"[\s-]+")
_ASCII_KEPT = re.compile(r"[a-z0-9\s-]")
# A name is a path segment on disk: kept well under the 255 bytes a file name may have, with room
# for what is added to it (`.md.bak`, `.js`), whatever the script (a kanji takes three bytes).
MAX_BYTES = 200


def _kept(text: str) -> str:
    """The letters, digits, marks, spaces and hyphens of `text`, lowercased.

    A letter that decomposes into an ASCII letter and accents (é, ñ, İ) loses the accents, as it
    always has, so a Latin title keeps the URL it had; a letter of any other script (ж, ド, ع, ß)
    is kept with its marks, as Hugo does, so a Russian or Japanese title gives a readable URL."""
    kept: list[str] = []
    base_kept_whole = False  # whether the last base character was kept as a non-ASCII letter
    for char in unicodedata.normalize("NFKD", text.lower()):
        if char.isascii():
            base_kept_whole = False
            if _ASCII_KEPT.match(char):
                kept.append(char)
            continue
        category = unicodedata.category(char)
        if category[0] == "M":
            if base_kept_whole:
                kept.append(char)
        elif category[0] in "LN":
            kept.append(char)
            base_kept_whole = True
        else:
            base_kept_whole = False
            if char.isspace():
                kept.append(" ")
    return unicodedata.normalize("NFC", "".join(kept))


def _shortened(words: str, max_length: int) -> str:
    """At most `max_length` characters and MAX_BYTES bytes of UTF-8, cut at a hyphen where there is one."""
    limit = max_length
    while len(words) > limit or len(words.encode("utf-8")) > MAX_BYTES:
        limit = min(limit, len(words) - 1)
        while len(words[:limit].encode("utf-8")) > MAX_BYTES:
            limit -= 1
        words = words[:limit].rsplit("-", 1)[0].rstrip("-") or words[:limit]
    return words


def slugify(text: str, max_length: int = 80) -> str:
    """Lowercase words joined by '-': "What’s Next For Netgate?" -> "whats-next-for-netgate",
    "Café" -> "cafe", "Что нового" -> "что-нового"; punctuation and symbols dropped."""
    words = _JOIN.sub("-", _kept(text)).strip("-")
    return _shortened(words, max_length)


def is_slug(text: str, max_length: int = 120) -> bool:
    """True for a name slugify gives back unchanged: safe as one segment of a path and a URL."""
    return bool(text) and slugify(text, max_length) == text


def unique_slug(text: str, taken: set[str], fallback: str = "section") -> str:
    """slugify(text), made unique against `taken` with -2, -3...; records the result in `taken`."""
    return unique(slugify(text) or fallback, taken)


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is not in `taken` yet; records it in `taken`."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate
