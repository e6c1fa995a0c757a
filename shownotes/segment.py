"""Sections for a transcript that has none: topic segmentation by lexical cohesion
(TextTiling-style), each section titled with a key phrase from its own words.

Deterministic and in any language: English has a stop-word list, every language gets the
words that run through the whole episode as stop words, and text written without spaces
(Chinese, Japanese, Thai...) is compared by character pairs.
"""
from __future__ import annotations

import heapq
import math
import re
from collections import Counter, deque
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, groupby
from typing import Callable, Sequence

from .model import Section, Turn
from .slugs import slugify

# Sized like chapters people write: 3 to 15 minutes of speech, or 500 to 2,500 words.
MIN_WORDS = 500
MAX_WORDS = 2500
# A paragraph longer than twice this may be cut, at sentence ends, into runs of about this many words.
PIECE_WORDS = 150
# No section shorter than this share of the mean, however short the episode.
SHORTEST_SHARE = 0.7
TARGET_WORDS = 1000
# Fewer words than this (about four minutes) keep the episode untitled; from AT_LEAST_THREE
# words on (ten minutes at a slow pace), or when its times span AT_LEAST_THREE_SECONDS,
# an episode gets at least three sections.
FIND_FROM_WORDS = 600
AT_LEAST_THREE = 1200
AT_LEAST_THREE_SECONDS = 9 * 60
# Content words on each side of a gap that are compared (TextTiling's blocks), at three scales:
# a short window sees a topic change sharply, a long one sees it surely; their mean is steadier.
WINDOWS = (60, 120, 240)
# Weight of a question from the episode's interviewer, which in an interview opens most chapters.
QUESTION_WEIGHT = 0.08
# Above this many (sections × gaps), sections are placed near even cuts instead of by dynamic
# programming: a second's work for ten hours of one-line turns.
DYNAMIC_LIMIT = 2_000_000
# How strongly sections are pulled towards even lengths (0: not at all).
EVEN_PULL = 0.02
# A phrase of n words in a title counts 1 + (n - 1) times this more than a word alone.
TITLE_PHRASE_BONUS = 0.5
# How many of a section's best phrases are tried as its title.
TITLE_CANDIDATES = 40
# A term in at least this share of the episode's stretches is a stop word for it, in any language.
COMMON_SHARE = 0.5

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[.!?;:,()\"“”—–。、！？；：，（）「」『』]")
# Scripts written without spaces between words: compared by character pairs.
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
                       r"\uf900-\ufaff]")
_QUESTION = re.compile(r"[?？]")
_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])\s+")
_SPACE = re.compile(r"\s+")

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
# Words a title in Title Case keeps in lowercase, unless they come first.
_SMALL = frozenset("a an and as at but by for in nor of on or per the to vs via with".split())


@dataclass(frozen=True)
class _Unit:
    """What a boundary may fall before: a turn; or, of a turn too long to be one section, a
    paragraph, or a run of sentences of a paragraph too long itself (captions without breaks)."""

    turn: int                    # index of the turn it belongs to
    paragraph: int               # index in that turn of the paragraph it starts in
    paragraphs: tuple[str, ...]
    words: int
    question: bool               # a question, from someone other than the speaker before
    continues: bool = False      # it starts inside its paragraph, right after the unit before


def _units(turns: Sequence[Turn], longest: int) -> list[_Unit]:
    """Each turn; a turn of more than `longest` words is cut into its paragraphs, and a paragraph
    of more than twice PIECE_WORDS into runs of sentences of about PIECE_WORDS."""
    units: list[_Unit] = []
    for index, turn in enumerate(turns):
        asked = (bool(turn.paragraphs) and _QUESTION.search(turn.paragraphs[-1]) is not None
                 and (index == 0 or turns[index - 1].speaker != turn.speaker))
        counts = [_words(p) for p in turn.paragraphs]
        if sum(counts) <= longest:
            units.append(_Unit(index, 0, turn.paragraphs, sum(counts), asked))
            continue
        for number, (paragraph, words) in enumerate(zip(turn.paragraphs, counts)):
            pieces = _pieces(paragraph) if words > 2 * PIECE_WORDS else [paragraph]
            units.extend(_Unit(index, number, (piece,), _words(piece), False, i > 0) for i, piece in enumerate(pieces))
    return units


def _pieces(paragraph: str) -> list[str]:
    """A long paragraph in runs of sentences of about PIECE_WORDS words, each with the space
    after it, so that joined they are the paragraph again; in runs of words when it has no
    sentence ends (captions without punctuation)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(paragraph)] or [m.end() for m in _SPACE.finditer(paragraph)]
    pieces: list[str] = []
    start = last = 0
    words = 0
    for end in ends + [len(paragraph)]:
        words += len(paragraph[last:end].split())
        last = end
        if words >= PIECE_WORDS or end == len(paragraph):
            if end > start:
                pieces.append(paragraph[start:end])
            start, words = end, 0
    return pieces


def _words(text: str) -> int:
    """Words in a text; unspaced script counts a word per two characters, about as fast as it is spoken."""
    spaced = len(text.split())
    if text.isascii():
        return spaced
    unspaced = len(_UNSPACED.findall(text))
    return spaced + unspaced // 2 if unspaced else spaced


class _Text:
    """The episode's words, read once: each unit's tokens, their terms, and the episode's stop words."""

    def __init__(self, units: list[_Unit]) -> None:
        self.tokens = [_TOKEN.findall(" . ".join(u.paragraphs)) for u in units]
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
            elif not word.isascii() and _UNSPACED.search(word):
                pairs = [word[i:i + 2] for i in range(max(1, len(word) - 1))]
                self.terms_of[token] = tuple(ids.setdefault(pair, len(ids)) for pair in pairs)
                self.loose_key[token] = None
            elif len(word) < 3 or english and word in ENGLISH_STOP_WORDS:
                self.terms_of[token], self.loose_key[token] = (), ""
            else:
                term = _stem(word) if english else word
                self.terms_of[token] = (ids.setdefault(term, len(ids)),)
                self.loose_key[token] = term
        self.ids = ids
        self.unit_terms = [[t for token in tokens for t in self.terms_of[token]] for tokens in self.tokens]
        self.stop = _common_terms(self.unit_terms, [u.words for u in units])
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


def _stem(word: str) -> str:
    """English plurals and possessives folded onto the singular: "customers" is "customer"."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _common_terms(unit_terms: list[list[int]], unit_words: list[int]) -> set[int]:
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


def _similarities(unit_terms: list[list[int]], stop: set[int], size: int) -> list[float]:
    """For each gap between units (gap i is before unit i; gap 0 is 1.0), the mean over WINDOWS of
    the cosine similarity of that many content terms before and after it."""
    stream: list[int] = []
    starts: list[int] = []
    for terms in unit_terms:
        starts.append(len(stream))
        stream.extend([t for t in terms if t not in stop] if stop else terms)
    scales = [_window_similarities(stream, starts, size, window) for window in WINDOWS]
    return [sum(values) / len(values) for values in zip(*scales)]


def _window_similarities(stream: list[int], starts: list[int], size: int, window: int) -> list[float]:
    """Cosine similarity of the `window` terms of `stream` before and after each start, updated
    term by term as the gap moves."""
    left = [0] * size
    right = [0] * size
    dot = left_norm = right_norm = 0
    total = len(stream)
    low = mid = high = 0  # the left window is stream[low:mid], the right one stream[mid:high]
    sims = [1.0]
    for start in starts[1:]:
        new_high = min(total, start + window)
        # (n + 1)² - n² = 2n + 1: each norm and the dot product change by a term's count alone.
        for t in stream[high:new_high]:
            r = right[t]
            dot += left[t]
            right_norm += r + r + 1
            right[t] = r + 1
        for t in stream[mid:start]:  # from the right window into the left one
            r = right[t] - 1
            n = left[t]
            right[t] = r
            right_norm -= r + r + 1
            dot += r - n
            left_norm += n + n + 1
            left[t] = n + 1
        new_low = max(0, start - window)
        for t in stream[low:new_low]:
            n = left[t] - 1
            left[t] = n
            left_norm -= n + n + 1
            dot -= right[t]
        low, mid, high = new_low, start, new_high
        sims.append(dot / math.sqrt(left_norm * right_norm) if left_norm and right_norm else 0.0)
    return sims


def _depths(sims: list[float]) -> list[float]:
    """TextTiling's depth score of each gap: how far similarity climbs on either side before it
    falls again. (A climb from a gap goes on where its neighbour's climb goes, so one pass each way.)"""
    count = len(sims)
    left = sims[:]
    for i in range(2, count):  # gap 0 is the start, no gap to climb to
        if sims[i - 1] >= sims[i]:
            left[i] = left[i - 1]
    right = sims[:]
    for i in range(count - 2, 0, -1):
        if sims[i + 1] >= sims[i]:
            right[i] = right[i + 1]
    return [0.0] + [left[i] + right[i] - 2 * sims[i] for i in range(1, count)]


def _interviewer(turns: Sequence[Turn], units: list[_Unit]) -> str | None:
    """The speaker who asks the most questions, when someone does."""
    asked: Counter[str] = Counter()
    for unit in units:
        speaker = turns[unit.turn].speaker
        if unit.question and speaker is not None:
            asked[speaker] += 1
    return min(asked, key=lambda s: (-asked[s], s)) if asked else None


def _choose(scores: list[float], offsets: list[int], total: int, count: int, shortest: int,
            longest: int) -> list[int] | None:
    """The `count - 1` gaps with the best total score whose sections all hold `shortest` to `longest`
    words, a little pulled towards even lengths; None when no such choice exists.

    Dynamic programming over gaps in order, each step's best predecessor taken from a sliding window."""
    gaps = len(scores)
    even = total / count

    def pull(offset: int, step: int) -> float:
        return EVEN_PULL * ((offset - step * even) / even) ** 2

    best = [scores[g] - pull(offsets[g], 1) if shortest <= offsets[g] <= longest else -math.inf
            for g in range(gaps)]
    back: list[list[int]] = []
    for step in range(2, count):
        following = [-math.inf] * gaps
        links = [-1] * gaps
        window: deque[int] = deque()  # candidate predecessors, their best decreasing
        enter = 0
        for g in range(gaps):
            while enter < g and offsets[g] - offsets[enter] >= shortest:
                while window and best[window[-1]] <= best[enter]:
                    window.pop()
                window.append(enter)
                enter += 1
            while window and offsets[g] - offsets[window[0]] > longest:
                window.popleft()
            if window and best[window[0]] > -math.inf:
                following[g] = best[window[0]] + scores[g] - pull(offsets[g], step)
                links[g] = window[0]
        back.append(links)
        best = following
    ends = [g for g in range(gaps) if best[g] > -math.inf and shortest <= total - offsets[g] <= longest]
    if not ends:
        return None
    gap = max(ends, key=lambda g: (best[g], -g))
    chosen = [gap]
    for links in reversed(back):
        gap = links[gap]
        chosen.append(gap)
    return sorted(chosen)


def _choose_near(scores: list[float], offsets: list[int], total: int, count: int, shortest: int) -> list[int]:
    """The best-scoring gap near each even cut, at least `shortest` words after the last: a linear
    stand-in for _choose on transcripts too long for it (hours of turns of a few words each)."""
    even = total / count
    chosen: list[int] = []
    g = 0
    for step in range(1, count):
        low, high = (step - 0.5) * even, (step + 0.5) * even
        while g < len(offsets) and (offsets[g] < low or chosen and offsets[g] - offsets[chosen[-1]] < shortest):
            g += 1
        near = range(g, len(offsets))
        best = None
        for i in near:
            if offsets[i] > high:
                break
            if best is None or scores[i] > scores[best]:
                best = i
        if best is not None and total - offsets[best] >= shortest:
            chosen.append(best)
            g = best + 1
    return chosen


@dataclass(frozen=True)
class _Cut:
    """Where sections start (indices of units) and what the units are."""

    units: list[_Unit]
    starts: list[int]
    text: _Text | None


def _cut(turns: Sequence[Turn]) -> _Cut:
    total = sum(_words(p) for t in turns for p in t.paragraphs)
    if total < FIND_FROM_WORDS:
        return _Cut([], [], None)
    times = [t.time for t in turns if t.time is not None]
    long = total >= AT_LEAST_THREE or len(times) > 1 and times[-1] - times[0] >= AT_LEAST_THREE_SECONDS
    count = max(3 if long else 2, round(total / TARGET_WORDS))
    # Boundaries fall between turns; inside a turn only when it is longer than a section may be, or
    # when the episode has too few turns for the sections it needs.
    units = _units(turns, MAX_WORDS if len(turns) >= 2 * count else total // (2 * count))
    count = min(count, len(units))
    if count < 2:
        return _Cut(units, [], None)
    text = _Text(units)
    depths = _depths(_similarities(text.unit_terms, text.stop, len(text.ids)))
    interviewer = _interviewer(turns, units)
    offsets: list[int] = []
    words = 0
    for unit in units:
        offsets.append(words)
        words += unit.words
    scores = [depth + (QUESTION_WEIGHT if unit.question and turns[unit.turn].speaker == interviewer else 0.0)
              for depth, unit in zip(depths, units)]
    shortest = min(MIN_WORDS, int(total / count * SHORTEST_SHARE))
    if count * len(units) > DYNAMIC_LIMIT:
        return _Cut(units, [0] + [g + 1 for g in _choose_near(scores[1:], offsets[1:], total, count, shortest)], text)
    # Sections the size of chapters if possible, else any size, else fewer of them.
    chosen = (_choose(scores[1:], offsets[1:], total, count, shortest, MAX_WORDS)
              or _choose(scores[1:], offsets[1:], total, count, shortest, total))
    while chosen is None and count > 2:
        count -= 1
        chosen = _choose(scores[1:], offsets[1:], total, count, 0, total)
    if chosen is None:
        chosen = _choose(scores[1:], offsets[1:], total, 2, 0, total)
    return _Cut(units, [0] + [g + 1 for g in chosen or []], text)


def boundaries(turns: Sequence[Turn]) -> list[tuple[int, int]]:
    """Where found sections start, as (turn index, index of the paragraph it starts in); [] when
    the transcript is too short to cut. The first section starts at (0, 0)."""
    cut = _cut(turns)
    return [(cut.units[i].turn, cut.units[i].paragraph) for i in cut.starts] if len(cut.starts) > 1 else []


def find_sections(turns: Sequence[Turn]) -> tuple[Section, ...]:
    """The turns cut into titled sections sized like chapters; () when there are too few words."""
    cut = _cut(turns)
    if len(cut.starts) < 2 or cut.text is None:
        return ()
    ends = cut.starts[1:] + [len(cut.units)]
    titles = _titles(cut.text, [range(a, b) for a, b in zip(cut.starts, ends)])
    sections = []
    for title, start, end in zip(titles, cut.starts, ends):
        said = _turns(turns, cut.units[start:end])
        sections.append(Section(title, said, said[0].line))
    return tuple(sections)


def _turns(turns: Sequence[Turn], units: list[_Unit]) -> tuple[Turn, ...]:
    """A section's units as turns: a whole turn as it was; the part of a turn a section starts or
    ends inside of as a turn of the same speaker, the later part without a time (the transcript
    does not say when it starts); the runs of one paragraph joined up again."""
    said: list[Turn] = []
    for index, group in groupby(units, key=lambda unit: unit.turn):
        source = turns[index]
        first, *rest = group
        paragraphs = list(first.paragraphs)
        for unit in rest:
            if unit.continues:
                paragraphs[-1] += unit.paragraphs[0]
            else:
                paragraphs.extend(unit.paragraphs)
        whole = tuple(p.rstrip() for p in paragraphs)  # a paragraph cut after a sentence ends there
        starts = first.paragraph == 0 and not first.continues
        said.append(source if starts and whole == source.paragraphs else
                    Turn(source.speaker, whole, source.line, source.time if starts else None))
    return tuple(said)


# --- Titles ---------------------------------------------------------------------------------------

def _titles(text: _Text, sections: list[range]) -> list[str]:
    """A short key phrase for each section, distinct across the episode: the words the section
    uses more than the rest of the episode does, spelled as they are there."""
    sizes = [sum(len(text.tokens[u]) for u in units) or 1 for units in sections]
    taken: set[str] = set()
    titles: list[str | None] = [None] * len(sections)
    # English words that run through the episode may name a section (the stop list has kept out the
    # rest); in other languages they are the function words, and name one only when nothing else does.
    for keys in ((text.loose_key,) if text.english else (text.title_key, text.loose_key)):
        if all(titles):
            break
        said_in = [_phrases([text.tokens[u] for u in units], keys) for units in sections]
        totals = Counter(chain.from_iterable(said_in))
        counted = [Counter(said) for said in said_in]
        for number, counts in enumerate(counted):
            if titles[number] is not None:
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
                titles[number] = title
    for number, units in enumerate(sections):
        if titles[number] is None:  # a section with hardly a word of its own: its first words
            title = _opening(text, units, taken) or f"Section {number + 1}"
            while _identity(title) in taken:
                title += " (more)"
            taken.add(_identity(title))
            titles[number] = title
    return [title or "" for title in titles]


def _opening(text: _Text, units: range, taken: set[str]) -> str | None:
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
