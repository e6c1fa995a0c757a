"""Speaker labels: what looks like one, and which spellings are probably the same person."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Lowercase words allowed inside a name: "Ludwig van Beethoven", "Maria de la Cruz".
_PARTICLES = {"van", "von", "de", "der", "den", "da", "del", "della", "di", "du", "la", "le", "bin", "al", "el", "ter"}
_NAME_WORD = re.compile(r"^[^\W\d_][\w’'.\-]*$")
_LABEL = re.compile(r"^(?P<name>[^:]{1,48}?)\s*:\s+(?P<text>\S.*)$")
# Words that start sentences like "Note: ..." and are not people.
_NOT_NAMES = {"transcript", "note", "notes", "update", "edit", "warning", "tip", "link", "links", "source",
              "sources", "http", "https", "q", "a", "re", "ps", "p.s", "fyi", "todo", "episode", "chapter"}


def is_name(label: str) -> bool:
    """True for 1-4 capitalised words, particles allowed inside: "Jamie Thompson", "Jo de la Cruz"."""
    words = label.split()
    if not 1 <= len(words) <= 4 or label.lower().rstrip(".") in _NOT_NAMES:
        return False
    for i, word in enumerate(words):
        if not _NAME_WORD.match(word):
            return False
        if not word[0].isupper() and not (0 < i < len(words) - 1 and word in _PARTICLES):
            return False
    return True


def split_label(line: str) -> tuple[str, str] | None:
    """("Name", "text") for a line "Name: text", else None."""
    match = _LABEL.match(line)
    if match and is_name(match.group("name")):
        return match.group("name"), match.group("text")
    return None


def glued_label_pattern(names: set[str]) -> re.Pattern[str] | None:
    """A pattern finding "…end of sentence. Known Name: next turn" glued onto one line."""
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<=[.?!…\"”])\s*(?=(?:{alternatives}):\s)")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between two short strings."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def looks_like_misspelling(a: str, b: str) -> bool:
    """True when two different labels are most likely one name spelt two ways.

    One edit per 12 letters (at least one) tells "Jaimie Thompson" from "Jamie Thompson"
    apart from "Jim Thompson", who is another person.
    """
    if a == b:
        return False
    x, y = a.casefold(), b.casefold()
    if x == y:
        return True
    return edit_distance(x, y) <= max(1, min(len(x), len(y)) // 12)


@dataclass(frozen=True)
class Misspelling:
    """A label that is probably another speaker's name spelt differently."""

    rare: str
    common: str
    line: int


def find_misspellings(first_lines: dict[str, int], counts: dict[str, int]) -> list[Misspelling]:
    """Pairs of speaker names in one episode that look like the same name spelt two ways."""
    found = []
    names = list(first_lines)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if looks_like_misspelling(a, b):
                rare, common = (a, b) if counts.get(a, 0) <= counts.get(b, 0) else (b, a)
                found.append(Misspelling(rare, common, first_lines[rare]))
    return found
