"""Sections for a transcript that has none: topic segmentation by lexical cohesion
(TextTiling-style), sized like chapters, each titled with a key phrase of its own words
(section_titles.py). Deterministic and in any language (vocabulary.py reads the words).
"""
from __future__ import annotations

import math
import re
from collections import Counter, deque
from dataclasses import dataclass
from itertools import groupby
from typing import Sequence

from .model import Section, Turn
from .section_titles import titles as titles_for
from .vocabulary import Vocabulary, count_words

# Sized like chapters people write: 3 to 15 minutes of speech, or 500 to 2,500 words.
MIN_WORDS = 500
MAX_WORDS = 2500
# A paragraph longer than twice this may be cut, at sentence ends, into runs of about this many words.
PIECE_WORDS = 150
# No section shorter than this share of the mean, however short the episode.
SHORTEST_SHARE = 0.7
# Sections hold about this many words on average (tuned on the development half of the benchmark).
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

_QUESTION = re.compile(r"[?？]")
_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])\s+")
_SPACE = re.compile(r"\s+")



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
        counts = [count_words(p) for p in turn.paragraphs]
        if sum(counts) <= longest:
            units.append(_Unit(index, 0, turn.paragraphs, sum(counts), asked))
            continue
        for number, (paragraph, words) in enumerate(zip(turn.paragraphs, counts)):
            pieces = _pieces(paragraph) if words > 2 * PIECE_WORDS else [paragraph]
            units.extend(_Unit(index, number, (piece,), count_words(piece), False, i > 0) for i, piece in enumerate(pieces))
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
    text: Vocabulary | None


def _cut(turns: Sequence[Turn]) -> _Cut:
    total = sum(count_words(p) for t in turns for p in t.paragraphs)
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
    text = Vocabulary([u.paragraphs for u in units], [u.words for u in units])
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
    titles = titles_for(cut.text, [range(a, b) for a, b in zip(cut.starts, ends)])
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


