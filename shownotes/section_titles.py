"""Titles for found sections: a short key phrase from each section's own words, distinct
across the episode, in Title Case for English."""
from __future__ import annotations

import heapq
from collections import Counter
from functools import lru_cache
from itertools import chain
from typing import Callable

from .slugs import slugify
from .vocabulary import Vocabulary

# A phrase of n words in a title counts 1 + (n - 1) times this more than a word alone.
TITLE_PHRASE_BONUS = 0.5
# How many of a section's best phrases are tried as its title.
TITLE_CANDIDATES = 40
# Words a title in Title Case keeps in lowercase, unless they come first.
_SMALL = frozenset("a an and as at but by for in nor of on or per the to vs via with".split())


def titles(text: Vocabulary, sections: list[range]) -> list[str]:
    """A short key phrase for each section, distinct across the episode: the words the section
    uses more than the rest of the episode does, spelled as they are there."""
    sizes = [sum(len(text.tokens[u]) for u in units) or 1 for units in sections]
    taken: set[str] = set()
    chosen: list[str | None] = [None] * len(sections)
    # English words that run through the episode may name a section (the stop list has kept out the
    # rest); in other languages they are the function words, and name one only when nothing else does.
    for keys in ((text.loose_key,) if text.english else (text.title_key, text.loose_key)):
        if all(chosen):
            break
        said_in = [_phrases([text.tokens[u] for u in units], keys) for units in sections]
        totals = Counter(chain.from_iterable(said_in))
        counted = [Counter(said) for said in said_in]
        for number, counts in enumerate(counted):
            if chosen[number] is not None:
                continue
            share = sizes[number] / sum(sizes)
            # A phrase said once names nothing; a single word said once may, in a section of few words.
            said = [(key, n) for key, n in counts.items() if n > 1] or [(k, n) for k, n in counts.items() if " " not in k]
            weighted = [(weight, -order, key) for order, (key, n) in enumerate(said)
                        if (weight := _weight(key, n, totals[key] * share)) > 0]
            ranked = [key for _, _, key in heapq.nlargest(TITLE_CANDIDATES, weighted)]
            title = _phrase_title(ranked, text.spelling, text.english, taken)
            if title is not None:
                taken.add(_identity(title))
                chosen[number] = title
    for number, units in enumerate(sections):
        if chosen[number] is None:  # a section with hardly a word of its own: its first words
            title = _opening(text, units, taken) or f"Section {number + 1}"
            while _identity(title) in taken:
                title += " (more)"
            taken.add(_identity(title))
            chosen[number] = title
    return [title or "" for title in chosen]


def _opening(text: Vocabulary, units: range, taken: set[str]) -> str | None:
    """The first two to five words of a section that make a title no other section has."""
    words = [token for u in units for token in text.tokens[u] if token[0].isalnum()][:12]
    for size in range(2, 6):
        title = " ".join(words[:size])
        if len(words) >= size and _identity(title) not in taken:
            return _title_case(title) if text.english else title
    return None


def _identity(title: str) -> str:
    """What two titles must not share: their anchor, or for titles without ASCII letters their text."""
    return slugify(title) or title.casefold()


def _phrase_title(ranked: list[str], spelling: Callable[[str], str], english: bool, taken: set[str]) -> str | None:
    """The best phrase of two or more words not taken yet, or else the two best words joined."""
    @lru_cache(maxsize=None)
    def shown(key: str) -> str:
        terms = key.split(" ")
        words = [spelling(term) for term in terms]
        for i, (term, word) in enumerate(zip(terms[:-1], words)):
            if word.lower() != term and word.lower().startswith(term):  # "service providers", not "services providers"
                words[i] = word[:len(term)]
        text = " ".join(words)
        return _title_case(text) if english else text

    def fits(title: str) -> bool:
        return _identity(title) not in taken

    for key in ranked[:5]:
        if " " in key and fits(shown(key)):
            return shown(key)
    singles = [key for key in ranked if " " not in key][:6]
    for i, first in enumerate(singles):
        for second in singles[i + 1:]:
            if first[:4] == second[:4]:  # "Partnerships and Partner" says one thing twice
                continue
            pair = f"{shown(first)} and {shown(second)}" if english else f"{shown(first)}, {shown(second)}"
            if fits(pair):
                return pair
    return None


def _weight(key: str, count: int, expected: float) -> float:
    """How well a phrase names its section: how many more times the section says it than its share
    of the episode would; a phrase of several words a little more."""
    return (count - expected) * (1.0 + TITLE_PHRASE_BONUS * key.count(" "))


def _phrases(units: list[list[str]], keys: dict[str, str | None]) -> list[str]:
    """Every run of one to three content words, by their terms (`keys`); in unspaced script,
    every run of two to four characters."""
    found: list[str] = []
    for tokens in units:
        run: list[str] = []
        for token in chain(tokens, ("",)):
            key = keys.get(token, "")
            if key:
                run.append(key)
                continue
            if run:
                found += run
                if len(run) > 1:
                    found += map(" ".join, zip(run, run[1:]))
                    found += map(" ".join, zip(run, run[1:], run[2:]))
                run = []
            if key is None:
                found += (token[i:i + size] for size in (2, 3, 4) for i in range(len(token) - size + 1))
    return found


def _title_case(text: str) -> str:
    """English Title Case: each word capitalised but small ones inside; "pfSense" stays as it is."""
    words = text.split()
    return " ".join(word if word != word.lower() or 0 < i < len(words) - 1 and word in _SMALL
                    else word[:1].upper() + word[1:] for i, word in enumerate(words))
