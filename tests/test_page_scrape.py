"""The page-scrape importer on the real sample and on messy inputs written to break it."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from shownotes.errors import SiteError
from shownotes.formats.page_scrape import looks_like_heading, parse
from shownotes.textfile import read_text, repair

from .conftest import SAMPLE


def turn_count(episode) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Turns per speaker, in order of first appearance."""
    counts: dict[str, int] = {}
    for turn in (t for s in episode.sections for t in s.turns if t.speaker is not None):
        counts[turn.speaker] = counts.get(turn.speaker, 0) + 1
    return counts

EPISODE_2_SECTIONS = [
    "Founder Story", "Customers", "Product", "Support Services", "OEM", "Partners", "Value Prop",
    "Use Of Open Source", "Activities", "How Did You Figure Out How To Vertically Integrate And Self-Fund?",
    "What’s Next For Netgate?", "Why TNSR Was Needed", "How Much Profit Gets Re-Invested In R&D?",
    "Non-Integrator Partnerships", "VC Money Risks", "Startup Advice", "Credits",
]
EPISODE_1_SECTIONS = [
    "Founder Story", "Customers", "Value Prop", "Challenges Of Open Source", "Anaconda Platform", "Cloud Offering",
    "What’s Next", "Revenues", "License Model", "Tools", "Marketing", "Sales", "Partnerships",
    "Ecosystem Partnerships", "Keeping Current", "Open V. Commercial", "Competitors", "FOSS Development",
    "Venture Capital", "VC Alignment With FOSS", "Advice", "Comparables", "Final Thoughts",
]
ALIASES = {"Jaimie Thompson": "Jamie Thompson"}


@pytest.fixture(scope="module")
def sample() -> dict[int, object]:
    episodes = parse(repair(read_text(SAMPLE)), SAMPLE, ALIASES, ())
    return {e.number: e for e in episodes}


def headings(episode) -> list[str]:
    return [s.heading for s in episode.sections if s.heading is not None]


def test_sample_has_three_episodes_in_file_order(sample):
    assert list(sample) == [2, 1, 0]


def test_episode_2_sections_exactly(sample):
    assert headings(sample[2]) == EPISODE_2_SECTIONS


def test_episode_1_sections_exactly(sample):
    assert headings(sample[1]) == EPISODE_1_SECTIONS


def test_episode_2_opening_is_untitled_and_holds_the_welcome(sample):
    opening = sample[2].sections[0]
    assert opening.heading is None
    assert opening.turns[0].speaker == "Michael Schwartz"
    assert opening.turns[0].paragraphs[0].startswith("Welcome back to open source underdogs")
    assert opening.turns[0].paragraphs[-1] == "Jamie could you start by telling us a little about Netgate and your journey founding it?"


def test_speakers_in_order_of_first_appearance_with_aliases(sample):
    assert sample[2].speakers == ("Michael Schwartz", "Jamie Thompson", "Jim Thompson")
    assert sample[1].speakers == ("Michael Schwartz", "Peter Wang")
    assert sample[0].speakers == ()


def test_turns_per_speaker(sample):
    assert turn_count(sample[2]) == {"Michael Schwartz": 16, "Jamie Thompson": 20, "Jim Thompson": 17}
    assert turn_count(sample[1]) == {"Michael Schwartz": 28, "Peter Wang": 27}


def test_hosts_default_to_the_byline_and_guests_are_the_others(sample):
    assert sample[2].hosts == ("Michael Schwartz",)
    assert sample[2].guests == ("Jamie Thompson", "Jim Thompson")
    assert sample[1].guests == ("Peter Wang",)


def test_sentences_that_look_like_headings_stay_paragraphs(sample):
    paragraphs = {p for e in sample.values() for s in e.sections for t in s.turns for p in t.paragraphs}
    for sentence in ["But we can we can contribute to it, we can help.",
                     "Music from Broke for Free, Chris Zabriskie and Lee Rosevere.",
                     "Until then, thanks for listening."]:
        assert sentence in paragraphs


def test_heading_glued_to_the_paragraph_before_it(sample):
    section = next(s for s in sample[2].sections if s.heading == "How Much Profit Gets Re-Invested In R&D?")
    assert section.turns[0].paragraphs[0] == "How much profit gets reinvested in R&D?"
    before = sample[2].sections[sample[2].sections.index(section) - 1]
    assert before.turns[-1].paragraphs[-1].endswith("what’s starting to occur in-network.")


def test_titles_descriptions_and_missing_transcript(sample):
    assert sample[2].title == "Netgate – Secure Networking Software with Jamie Thompson"
    assert sample[2].description.startswith("Jamie Thompson is the President of Netgate")
    assert sample[2].slug == "002-netgate-secure-networking-software-with-jamie-thompson"
    assert sample[0].has_transcript is False
    assert sample[0].sections == ()
    assert sample[0].slug == "000-intro-and-words-from-our-sponsor-the-linux-journal"


def test_every_character_survives(sample):
    text = read_text(SAMPLE)
    paragraphs = [p for e in sample.values() for s in e.sections for t in s.turns for p in t.paragraphs]
    joined = "\n".join(paragraphs)
    for needle in ["’", "–", "R&D", "24/7", "S&B"]:
        assert needle in text and needle in joined


def test_misspelt_speaker_without_alias_warns_naming_both_and_the_line(caplog):
    with caplog.at_level(logging.WARNING):
        episodes = parse(repair(read_text(SAMPLE)), SAMPLE, {}, ())
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert f"{SAMPLE}:17:" in warnings[0]
    assert "'Jaimie Thompson'" in warnings[0] and "'Jamie Thompson'" in warnings[0]
    assert "Jaimie Thompson" in episodes[0].speakers  # nothing is merged without an alias


def test_different_people_with_one_surname_are_not_called_misspellings(caplog):
    text = "Episode 1: A\n\nTranscript\n\nJim Thompson: Hi.\n\nJamie Thompson: Hello.\n\nJim Thomson: Bye.\n"
    with caplog.at_level(logging.WARNING):
        parse(text, Path("x.txt"), {}, ("Host",))
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and "'Jim Thomson'" in warnings[0] and "'Jim Thompson'" in warnings[0]


# --- Messy inputs from other shows ------------------------------------------------------------

def parse_one(text: str, hosts: tuple[str, ...] = ("Host",)):
    episodes = parse(text, Path("show.txt"), {}, hosts)
    assert len(episodes) == 1
    return episodes[0]


def test_headings_in_other_title_styles():
    episode = parse_one(
        "Ep. 7 - Title Here\n\nA description.\n\nTranscript\n\n"
        "The Rise of Open Source\nHost: Welcome.\n"
        "Q&A With the Audience\nGuest Person: Sure.\n"
        "WHY WE STARTED\nHost: So why?\n"
        "2024 in Review\nHost: Look back.\n"
        "What Comes Next?\nGuest Person: More.\n"
    )
    assert episode.number == 7 and episode.title == "Title Here"
    assert headings(episode) == ["The Rise of Open Source", "Q&A With the Audience", "WHY WE STARTED",
                                 "2024 in Review", "What Comes Next?"]


@pytest.mark.parametrize("line", [
    "Right", "Yeah", "Okay", "Absolutely", "So that was the plan.", "And then, we went home",
    "I think it works", "Peter could you start by telling us about your background?",
    "Thanks for listening!", "It costs 24/7 support.", "We did it: the whole thing",
])
def test_sentences_and_replies_are_not_headings(line):
    episode = parse_one(f"Episode 1: T\n\nTranscript\n\nHost: Question?\n\n{line}\n\nGuest Person: Answer.\n")
    assert headings(episode) == []
    assert line in episode.sections[0].turns[0].paragraphs


def test_one_word_heading_needs_a_new_turn_after_it():
    episode = parse_one("Episode 1: T\n\nTranscript\n\nHost: Hello.\n\nMarketing\n\nHost: Tell me about it.\n"
                        "Guest Person: We spent money.\n\nAdvertising\n\nmore of the same answer.\n")
    assert headings(episode) == ["Marketing"]


def test_speaker_turn_glued_onto_the_line_before():
    episode = parse_one("Episode 1: T\n\nTranscript\n\nHost: First question?\n"
                        "Guest Person: An answer. Host: A follow-up?\n\nGuest Person: Second answer.\n")
    turns = episode.sections[0].turns
    assert [(t.speaker, t.paragraphs[0]) for t in turns] == [
        ("Host", "First question?"), ("Guest Person", "An answer."), ("Host", "A follow-up?"),
        ("Guest Person", "Second answer."),
    ]


def test_no_transcript_marker_first_turn_starts_it():
    episode = parse_one("Episode 3: T\n\nWhat this is about.\n\nHost: Hi.\n\nGuest Person: Hello.\n")
    assert episode.description == "What this is about."
    assert episode.speakers == ("Host", "Guest Person")


def test_name_alone_on_its_line_before_its_text():
    episode = parse_one("Episode 1: T\n\nTranscript\n\nHost: Hi.\n\nGuest Person: Hello.\n\nHost\n\nNew question?\n")
    assert [(t.speaker, t.paragraphs) for t in episode.sections[0].turns][-1] == ("Host", ("New question?",))


def test_paragraph_after_a_heading_continues_the_last_speaker():
    episode = parse_one("Episode 1: T\n\nTranscript\n\nGuest Person: I started in 1999.\n\nEarly Days\n\n"
                        "Then it grew.\n")
    assert episode.sections[1].heading == "Early Days"
    assert episode.sections[1].turns[0].speaker == "Guest Person"


def test_crlf_bom_and_mojibake_are_repaired(tmp_path):
    path = tmp_path / "t.txt"
    text = "Episode 1: Netgate’s Story\r\n\r\nTranscript\r\n\r\nHost: It’s great – really.\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("’s Story", "\u00e2\u20ac\u2122s Story").encode("utf-8"))
    episode = parse(repair(read_text(path)), path, {}, ())[0]
    assert episode.title == "Netgate’s Story"
    assert episode.sections[0].turns[0].paragraphs == ("It’s great – really.",)


def test_utf16_with_bom_is_read(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes("Episode 1: Café\n\nHost: Ça va?\n".encode("utf-16"))
    assert parse(read_text(path), path, {}, ())[0].title == "Café"


def test_undecodable_bytes_name_file_line_and_offset(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(b"Episode 1: T\n\nHost: caf\xe9\n")
    with pytest.raises(SiteError) as error:
        read_text(path)
    assert str(error.value) == (f"{path}:3: byte 23 (0xe9) is not valid UTF-8; save the file as UTF-8 "
                                "or pass --encoding")
    assert "café" in read_text(path, "cp1252")


def test_file_without_episode_line_is_a_clear_error():
    with pytest.raises(SiteError) as error:
        parse("\n\nJust some text.\nHost: hi\n", Path("notes.txt"), {}, ())
    assert str(error.value) == "notes.txt:3: no episode found: expected a line like `Episode 12: Title` before the transcript"


@pytest.mark.parametrize("text,expected", [
    ("Founder Story", True), ("Use of Open Source", True), ("What’s Next For Netgate?", True),
    ("How Much Profit Gets Re-Invested In R&D?", True), ("of Mice and Men", False),
    ("Music from Broke for Free, Chris Zabriskie and Lee Rosevere.", False), ("", False),
])
def test_heading_rule(text, expected):
    assert looks_like_heading(text, next_starts_turn=True, episode_has_turns=True) is expected
