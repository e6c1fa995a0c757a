"""An episode's words, read once for finding its sections and titling them: tokens, terms,
stop words (an English list, and in any language the words that run through the whole
episode), and how each word is spelled. Text written without spaces (Chinese, Japanese,
Thai...) is read as character pairs."""
from __future__ import annotations

import re
from collections import Counter
from itertools import chain
from typing import Sequence

# A term in at least this share of the episode's stretches is a stop word for it, in any language.
COMMON_SHARE = 0.5

TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[.!?;:,()\"“”—–。、！？；：，（）「」『』]")
# Scripts written without spaces between words: compared by character pairs.
UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
                      r"\uf900-\ufaff]")

ENGLISH_STOP_WORDS = frozenset("""
a about above actually after again against ago ah all almost already also although always am among an and
another any anybody anyone anything anyway anyways are aren't around as ask asked at away back basically be
became because become been before being believe below best better between big bit both but by can can't
cannot certainly come comes coming could couldn't course definitely did didn't different do does doesn't
doing don't done down during each easy either else enough entire especially even ever every everybody
everyone everything exactly example far few fine first for from front further gave get gets getting give
given gives go goes going gone good got gotta great guess had hadn't happen happened has hasn't have haven't
having he he'd he'll he's hear heard hello her here here's hers herself hey hi him himself his honestly how
how's however huge i i'd i'll i'm i've idea if important in indeed instead interesting into is isn't it it'd
it'll it's its itself just keep kind kinds know knew known last later least less let let's like likely
little long look looked looking lot lots made make makes making many may maybe me mean means meant might
mind mine more most mostly much must my myself need needed needs never new next nice no nobody none nor
not nothing now obviously of off oh ok okay old on once one ones only onto or other others otherwise ought
our ours ourselves out over own part particular particularly people perhaps place point pretty probably
put quite rather re really right said same saw say saying says see seeing seem seemed seems seen sense
several shall she she'd she'll she's should shouldn't show since so some somebody someone something
sometimes somewhat soon sort sorts start started still stuff such suppose sure take taken taking talk
talked talking tell than thank thanks that that's the their theirs them themselves then there there's
these they they'd they'll they're they've thing things think thinking thought this those though three
through thus time times to today together told too took toward towards tried true truly try trying two
uh um under understand until up upon us use used using usually very via want wanted wants was wasn't
way ways we we'd we'll we're we've well went were weren't what what's whatever when where where's
whether which while who who's whole whom whose why will with within without won't wonder work works
would wouldn't wow yeah yep yes yet you you'd you'll you're you've your yours yourself yourselves
""".split())


def count_words(text: str) -> int:
    """Words in a text; unspaced script counts a word per two characters, about as fast as it is spoken."""
    spaced = len(text.split())
    if text.isascii():
        return spaced
    unspaced = len(UNSPACED.findall(text))
    return spaced + unspaced // 2 if unspaced else spaced


class Vocabulary:
    """The words of an episode's units (turns or parts of them), each unit's paragraphs given with
    its word count: each unit's tokens, their terms, and the episode's stop words."""

    def __init__(self, units: Sequence[tuple[str, ...]], unit_words: Sequence[int]) -> None:
        self.tokens = [TOKEN.findall(" . ".join(paragraphs)) for paragraphs in units]
        self.counts = counts = Counter(chain.from_iterable(self.tokens))
        lower = {token: token.lower().replace("’", "'") for token in counts}
        spoken = sum(n for token, n in counts.items() if token[0].isalnum()) or 1
        self.english = english = sum(n for token, n in counts.items()
                                     if lower[token] in ENGLISH_STOP_WORDS) >= 0.2 * spoken
        ids: dict[str, int] = {}
        # token -> its term numbers: none for punctuation, numbers and stop words; pairs for unspaced script
        self.terms_of: dict[str, tuple[int, ...]] = {}
        # token -> how a title counts it: a term, "" for a word that ends a phrase, None for unspaced script
        self.loose_key: dict[str, str | None] = {}
        for token in counts:
            word = lower[token]
            if not word[0].isalnum() or word.isdigit():
                self.terms_of[token], self.loose_key[token] = (), ""
            elif not word.isascii() and UNSPACED.search(word):
                pairs = [word[i:i + 2] for i in range(max(1, len(word) - 1))]
                self.terms_of[token] = tuple(ids.setdefault(pair, len(ids)) for pair in pairs)
                self.loose_key[token] = None
            elif len(word) < 3 or english and word in ENGLISH_STOP_WORDS:
                self.terms_of[token], self.loose_key[token] = (), ""
            else:
                term = stem(word) if english else word
                self.terms_of[token] = (ids.setdefault(term, len(ids)),)
                self.loose_key[token] = term
        self.ids = ids
        self.unit_terms = [[t for token in tokens for t in self.terms_of[token]] for tokens in self.tokens]
        self.stop = _common_terms(self.unit_terms, unit_words)
        # The same, ending a phrase at the episode's common words too.
        common = {term for term, number in ids.items() if number in self.stop}
        self.title_key = {token: "" if key in common else key for token, key in self.loose_key.items()}
        self._forms: dict[str, list[str]] = {}  # term -> the tokens spelling it, made when a title needs them

    def spelling(self, key: str) -> str:
        """A term as a title writes it: its most usual spelling ("pfSense", "BIP"), a capital that
        only starts sentences not counted as one."""
        if not self._forms:
            for token in self.counts:
                if self.loose_key[token]:
                    self._forms.setdefault(self.loose_key[token] or "", []).append(token)
        spelt = self._forms.get(key, [key])
        lower = {form for form in spelt if form == form.lower()}
        counts: Counter[str] = Counter()
        for form in spelt:  # "Bitcoin" starting a sentence is "bitcoin" when it is written so elsewhere
            counts[form.lower() if form[:1].upper() + form[1:].lower() == form and form.lower() in lower
                   else form] += self.counts[form]
        return min(counts, key=lambda form: (-counts[form], form))


def stem(word: str) -> str:
    """English plurals and possessives folded onto the singular: "customers" is "customer"."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _common_terms(unit_terms: list[list[int]], unit_words: Sequence[int]) -> set[int]:
    """Terms found in at least COMMON_SHARE of the episode's stretches of about 150 words: the
    episode's own function words in any language, and its overall subject, which tells no part apart."""
    total = sum(unit_words)
    stretches = total // 150
    if stretches < 4:
        return set()
    seen: list[set[int]] = [set() for _ in range(stretches)]
    before = 0
    for terms, words in zip(unit_terms, unit_words):
        seen[min(stretches - 1, before * stretches // total)].update(terms)
        before += words
    spread = Counter(chain.from_iterable(seen))
    return {term for term, n in spread.items() if n >= COMMON_SHARE * stretches}
