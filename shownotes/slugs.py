"""The one rule that turns titles and headings into URL-safe names."""
from __future__ import annotations

import re
import unicodedata

_DROP = re.compile(r"[^a-z0-9\s-]")
_JOIN = re.compile(r"[\s-]+")


def slugify(text: str, max_length: int = 80) -> str:
    """Lowercase ASCII words joined by '-': "What’s Next For Netgate?" -> "whats-next-for-netgate"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = _JOIN.sub("-", _DROP.sub("", ascii_text.lower())).strip("-")
    if len(words) > max_length:
        words = words[:max_length].rsplit("-", 1)[0] or words[:max_length]
    return words


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
