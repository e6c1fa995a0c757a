"""Sections found in a transcript without any (shownotes/segment.py), and the measures that
judge them (benchmarks/segmentation.py): Pk and WindowDiff, checked against cases worked by hand."""
from __future__ import annotations

import random
import re

import pytest

from benchmarks.segmentation import evenly_spaced, pk, window_diff, window_size
from shownotes import segment
from shownotes.model import Turn
from shownotes.slugs import slugify

# --- Pk and WindowDiff, by hand --------------------------------------------------------------
# 10 words, the reference cut after word 5 (a boundary at 5: word 5 starts the second segment).
# k = half the mean reference segment (5 / 2 = 2.5, rounded half to even: 2); the windows are
# (i, i + 2] for i = 0..7, eight of them, and the reference has its boundary in windows 3 and 4.


def test_window_size_is_half_the_mean_reference_segment():
    assert window_size([5], 10) == 2
    assert window_size([], 10) == 5
    assert window_size([1, 2, 3], 4) == 1  # never 0


def test_a_perfect_hypothesis_scores_zero():
    assert pk([5], [5], 10) == window_diff([5], [5], 10) == 0.0


def test_no_boundaries_miss_the_two_windows_that_hold_one():
    assert pk([5], [], 10) == window_diff([5], [], 10) == 2 / 8


def test_a_boundary_one_word_off_costs_one_window_each_side():
    # The hypothesis at 6: windows 3 (3, 5] and 4 (4, 6] ... hyp has it in windows 4 and 5.
    assert pk([5], [6], 10) == window_diff([5], [6], 10) == 2 / 8


def test_two_boundaries_for_one_cost_windowdiff_more_than_pk():
    # Hypothesis 5 and 6: windows 3 (one boundary, as the reference), 4 (two: Pk sees "different
    # segments" in both, WindowDiff sees 2 != 1), 5 (one, the reference none).
    assert pk([5], [5, 6], 10) == 1 / 8
    assert window_diff([5], [5, 6], 10) == 2 / 8


def test_an_explicit_window_size():
    # k = 1: windows (i, i + 1] for i = 0..8; the reference boundary is in window 4, the hypothesis in 6.
    assert pk([5], [7], 10, k=1) == window_diff([5], [7], 10, k=1) == 2 / 9


def test_evenly_spaced_sections():
    assert evenly_spaced(3, 10) == [3, 7]
    assert evenly_spaced(1, 10) == []


# --- Transcripts made up for the tests ---------------------------------------------------------

FILLER = ("so I think that we really had to look at the way it all works and then you know it was "
          "the thing that made the difference for us back then").split()
ENGLISH = {
    "bread": "flour yeast dough oven crust loaf sourdough starter bakery baker kneading".split(),
    "stars": "telescope galaxy orbit planet nebula comet astronomer eclipse observatory lens".split(),
    "money": "budget savings invoice pension mortgage taxes investor dividend ledger accountant".split(),
}
GERMAN_FILLER = ("also ich glaube dass wir das wirklich so machen mussten und dann war es eben die sache "
                 "mit der wir damals nicht gerechnet haben").split()
GERMAN = {
    "brot": "Mehl Hefe Teig Ofen Kruste Laib Sauerteig Bäckerei Bäcker Kneten".split(),
    "sterne": "Teleskop Galaxie Umlaufbahn Planet Nebel Komet Astronomin Finsternis Sternwarte Linse".split(),
    "geld": "Haushalt Ersparnisse Rechnung Rente Hypothek Steuern Anlegerin Dividende Kontobuch Buchhalter".split(),
}
CHINESE_FILLER = "我们觉得然后就是这个时候大家都知道那个事情其实"
CHINESE = {
    "bread": ["面包", "面粉", "酵母", "烤箱", "面团", "烘焙"],
    "stars": ["望远镜", "银河", "行星", "彗星", "星云", "天文台"],
    "money": ["预算", "储蓄", "投资", "利息", "房贷", "税收"],
}


def sentence(words: list[str], filler: list[str], n: int, length: int = 24) -> str:
    """A made-up sentence: filler with a topic word every third word, varied by n."""
    out = []
    for i in range(length):
        out.append(words[(n * 7 + i) % len(words)] if i % 3 == 2 else filler[(n * 5 + i) % len(filler)])
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def interview(topics: dict[str, list[str]], filler: list[str], answers: int = 7,
              timed: bool = False) -> tuple[list[Turn], list[int]]:
    """Host questions and guest answers, topic after topic; and the index of each topic's first turn."""
    turns: list[Turn] = []
    starts = []
    n = 0
    for words in topics.values():
        starts.append(len(turns))
        for answer in range(answers):
            n += 1
            question = f"{sentence(words, filler, n, 12)[:-1]} {words[answer % len(words)]}?"
            turns.append(Turn("Host", (question,), 0, 60.0 * len(turns) if timed else None))
            n += 1
            reply = " ".join(sentence(words, filler, n + k) for k in range(4))
            turns.append(Turn("Guest", (reply,), 0, 60.0 * len(turns) if timed else None))
    return turns, starts


def words_of(section) -> int:
    return sum(len(p.split()) for t in section.turns for p in t.paragraphs)


# --- Where sections start ---------------------------------------------------------------------

def test_sections_start_where_the_topic_changes():
    turns, starts = interview(ENGLISH, FILLER)
    assert segment.boundaries(turns) == [(i, 0) for i in starts]


def test_found_sections_hold_every_turn_in_order_and_carry_their_start_time():
    turns, starts = interview(ENGLISH, FILLER, timed=True)
    found = segment.find_sections(turns)
    assert [t for s in found for t in s.turns] == turns
    assert [s.time for s in found] == [turns[i].time for i in starts]


def test_titles_are_short_distinct_title_case_phrases_from_the_section_s_own_words():
    turns, _ = interview(ENGLISH, FILLER)
    found = segment.find_sections(turns)
    assert len(found) == 3
    titles = [s.heading for s in found]
    assert len({slugify(t) for t in titles}) == 3
    for title, words in zip(titles, ENGLISH.values()):
        parts = title.split()
        assert 2 <= len(parts) <= 5
        assert all(p[0].isupper() or p in ("and", "of", "the") for p in parts), title
        assert {p.lower() for p in parts} - {"and"} <= set(words), title


def test_the_same_transcript_gives_the_same_sections():
    turns, _ = interview(ENGLISH, FILLER)
    assert segment.find_sections(turns) == segment.find_sections(list(turns))


def test_a_short_transcript_keeps_no_sections():
    turns, _ = interview({"bread": ENGLISH["bread"]}, FILLER, answers=4)
    assert sum(len(p.split()) for t in turns for p in t.paragraphs) < segment.FIND_FROM_WORDS
    assert segment.find_sections(turns) == ()
    assert segment.boundaries(turns) == []


def test_ten_minutes_of_one_topic_still_get_three_sections_with_distinct_titles():
    turns, _ = interview({"bread": ENGLISH["bread"]}, FILLER, answers=12)
    assert sum(len(p.split()) for t in turns for p in t.paragraphs) >= segment.AT_LEAST_THREE
    found = segment.find_sections(turns)
    assert len(found) >= 3
    titles = [s.heading for s in found]
    assert all(titles) and len(set(titles)) == len(titles)


def test_sections_are_sized_like_chapters():
    turns, _ = interview({**ENGLISH, **{k + "2": v[::-1] for k, v in ENGLISH.items()}}, FILLER, answers=9)
    found = segment.find_sections(turns)
    sizes = [words_of(s) for s in found]
    assert all(segment.MIN_WORDS <= size <= segment.MAX_WORDS for size in sizes), sizes


def test_a_monologue_is_cut_between_paragraphs_and_the_speaker_named_again():
    paragraphs = []
    for words in ENGLISH.values():
        paragraphs += [" ".join(sentence(words, FILLER, n + k) for k in range(4)) for n in range(10)]
    turns = [Turn("Solo", tuple(paragraphs), 3, 12.0)]
    found = segment.find_sections(turns)
    assert [len(s.turns[0].paragraphs) for s in found] == [10, 10, 10]
    assert [(s.turns[0].speaker, s.turns[0].time) for s in found] == [("Solo", 12.0), ("Solo", None), ("Solo", None)]
    assert tuple(p for s in found for t in s.turns for p in t.paragraphs) == turns[0].paragraphs


def test_captions_without_punctuation_or_breaks_are_cut_between_words():
    words = [w for topic in ENGLISH.values() for n in range(20) for w in sentence(topic, FILLER, n)[:-1].lower().split()]
    turns = [Turn(None, (" ".join(words),), 1, 0.0)]
    found = segment.find_sections(turns)
    assert len(found) >= 3
    assert " ".join(p for s in found for t in s.turns for p in t.paragraphs) == turns[0].paragraphs[0]
    assert [len(t.paragraphs) for s in found for t in s.turns] == [1] * len(found)
    assert [s.time for s in found] == [0.0] + [None] * (len(found) - 1)


def test_a_long_paragraph_is_cut_only_after_a_sentence():
    text = " ".join(sentence(topic, FILLER, n) for topic in ENGLISH.values() for n in range(25))
    found = segment.find_sections([Turn("Solo", (text,))])
    assert len(found) >= 3
    assert all(s.turns[0].paragraphs[0][0].isupper() and s.turns[-1].paragraphs[-1].endswith(".") for s in found)
    assert " ".join(s.turns[0].paragraphs[0] for s in found) == text


def test_german_needs_no_stop_word_list():
    turns, starts = interview(GERMAN, GERMAN_FILLER)
    assert segment.boundaries(turns) == [(i, 0) for i in starts]
    titles = [s.heading for s in segment.find_sections(turns)]
    for title, words in zip(titles, GERMAN.values()):
        assert set(re.split(r",? ", title)) <= set(words), title  # topic words only, never "und" or "die"


def test_text_without_spaces_is_compared_by_characters():
    turns: list[Turn] = []
    starts = []
    for words in CHINESE.values():
        starts.append(len(turns))
        for n in range(8):
            text = "。".join(CHINESE_FILLER[(n + k) % 9:(n + k) % 9 + 6] + words[(n + k) % len(words)]
                            + CHINESE_FILLER[k % 5:k % 5 + 4] + words[(n + 2 * k) % len(words)] for k in range(8))
            turns.append(Turn("主持人" if n % 2 == 0 else "嘉宾", (text + "。",)))
    assert segment.boundaries(turns) == [(i, 0) for i in starts]
    found = segment.find_sections(turns)
    titles = [s.heading for s in found]
    assert all(titles) and len(set(titles)) == 3
    for title, section in zip(titles, found):
        text = "".join(p for t in section.turns for p in t.paragraphs)
        assert all(part in text for part in title.split(", ")), title


VOCABULARY = ["bread", "flour", "oven", "star", "orbit", "comet", "tax", "yes", "the", "and", "so", "Café", "naïve",
              "pfSense", "C++", "...", "?", "—", "面包", "酵母", "星星", "42", "a-b", "it’s", "#", "*", "[laughs]"]


@pytest.mark.parametrize("seed", range(30))
def test_any_transcript_gets_whole_turns_in_order_and_distinct_titles(seed):
    rng = random.Random(seed)
    vocabulary = rng.sample(VOCABULARY, rng.randint(3, len(VOCABULARY)))
    turns = [Turn(rng.choice(["Host", "Guest", None]),
                  tuple(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 120)))
                        for _ in range(rng.randint(1, 4))), i, float(i) if seed % 2 else None)
             for i in range(rng.randint(5, 150))]
    found = segment.find_sections(turns)
    words = sum(len(p.split()) for t in turns for p in t.paragraphs)
    assert found or words < segment.FIND_FROM_WORDS
    assert tuple(p for s in found for t in s.turns for p in t.paragraphs) in ((), tuple(p for t in turns
                                                                                    for p in t.paragraphs))
    assert all(s.turns for s in found)
    titles = [s.heading for s in found]
    assert all(title and title.strip() == title for title in titles)
    assert len({slugify(t) or t.casefold() for t in titles}) == len(titles)
