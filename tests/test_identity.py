"""Which episode a transcript is: its number, title, date and season from its own fields, its
name and its folder (formats/identity.py), and front matter as other tools write it."""
from __future__ import annotations

import datetime
from pathlib import Path, PurePath

import pytest

from shownotes.formats.detect import read
from shownotes.formats.draft import ImportOptions
from shownotes.formats.identity import Numbering, from_path, source_name, title_number
from shownotes.front_matter import read_date


@pytest.mark.parametrize("path,number,title,date,season", [
    ("the-show-356.md", 356, None, None, None),  # the words before the number name the show
    ("012-bitcoin-basics.vtt", 12, "Bitcoin basics", None, None),
    ("ep12_Title_Here.srt", 12, "Title Here", None, None),
    ("episode-21-katie.md", 21, "Katie", None, None),
    ("2020-07-26-guest-name.md", None, "Guest name", datetime.date(2020, 7, 26), None),  # a date, not episode 2020
    ("interview-2021-03-04.txt", None, "Interview", datetime.date(2021, 3, 4), None),
    ("5_8.srt", 8, None, None, 5),
    ("s02e03-the-return.vtt", 3, "The return", None, 2),
    ("2x05.vtt", 5, None, None, 2),
    ("silent-payments-part-2.md", None, "Silent payments part 2", None, None),  # "part 2" is title
    ("11_Hilary_Mason_Interview_-_Building_AI_Products.mp3.vtt", 11,
     "Hilary Mason Interview - Building AI Products", None, None),
    ("179.transcription__small.txt", 179, None, None, None),  # Whisper's model name is no title
    ("A Requiem for SPARC_transcript_corrected.txt", None, "A Requiem for SPARC", None, None),
    ("shreyas-doshi-live/transcript.md", None, "Shreyas doshi live", None, None),  # the folder names it
    ("LNP232 Der böse Kleber/final-transcribed.trs", 232, "Der böse Kleber", None, None),
    ("1fd7f7ee-5ceb-4775-bad3-6278e4a0fc2f.json", None, None, None, None),  # an id names nothing
    ("jTMZzBPQqzDgGIBpHXAdIBOQQAEaWcJUM157r3thOcU.json", None, None, None, None),
    ("2021 recap.md", None, "2021 recap", None, None),  # a year is no episode number
    ("phoenix_cast_011_cloud_migration_transcript_corrected.md", 11, "Cloud migration", None, None),
    ("my show - ep 5 - hello world.md", 5, "Hello world", None, None),
    ("2020/13： IRC is Not Dead _transcript_corrected.txt", 13, "IRC is Not Dead", None, None),
])
def test_a_file_name_and_its_folder_say_which_episode(path, number, title, date, season):
    parts = from_path(PurePath(path))
    assert (parts.number, parts.title, parts.date, parts.season) == (number, title, date, season)


def test_a_generic_name_is_remembered_with_its_folder():
    assert source_name(PurePath("x/shreyas-doshi-live/transcript.md")) == "shreyas-doshi-live/transcript.md"
    assert source_name(PurePath("x/5_8.srt")) == "5_8.srt"


@pytest.mark.parametrize("title,number,rest", [
    ("10: Through the Hurt", 10, "Through the Hurt"), ("Episode 3 - Blocks", 3, "Blocks"),
    ("#45 – A Title", 45, "A Title"), ("2024: A Year in Review", None, "2024: A Year in Review"),
    ("3 Things I Learned", None, "3 Things I Learned"),
    ("Phoenix Cast Episode 11: Cloud Migration", 11, "Cloud Migration"),
])
def test_a_title_that_names_its_number(title, number, rest):
    assert title_number(title) == (number, rest)


@pytest.mark.parametrize("value,date", [
    ("2022-02-25", datetime.date(2022, 2, 25)), ("\n\n\n  November 18th, 2021", datetime.date(2021, 11, 18)),
    ("Thu, 18 Nov 2021 10:00:00 +0000", datetime.date(2021, 11, 18)), ("2021-04-06T00:00:01-07:00",
                                                                       datetime.date(2021, 4, 6)),
    ("someday", None), ("February 30th, 2021", None),
])
def test_dates_as_people_and_feeds_write_them(value, date):
    assert read_date(value) == date


def _episode(name: str, text: str, **options):
    [episode] = read(text, Path(name), ImportOptions(numbering=Numbering(taken={1, 2}), **options))
    return episode


def test_front_matter_as_other_tools_write_it():
    yaml = ("---\ntitle: '10: Through the Hurt'\nepisode: 10\npub_date: '\n\n\n  November 18th, 2021'\n"
            "summary: About pain.\nguest: Scotty Jackson\nseason_number: 2\n---\n"
            "Scotty Jackson: Hello there.\n\nJay Miller: Welcome.\n\nScotty Jackson: Thanks.\n")
    episode = _episode("notes.md", yaml)
    assert (episode.number, episode.title, episode.date, episode.season, episode.description) == (
        10, "Through the Hurt", datetime.date(2021, 11, 18), 2, "About pain.")
    assert episode.guests == ("Scotty Jackson",)
    toml = ('+++\nTitle = "Katie on Resilience"\nepisode = "53"\ndate = "2021-04-06T00:00:01-07:00"\n+++\n'
            "###### Alexandra  0:07\nWelcome, Katie.\n\n###### Katie  0:25\nThank you.\n")
    episode = _episode("episode-21-katie.md", toml)
    assert (episode.number, episode.title, episode.date) == (53, "Katie on Resilience", datetime.date(2021, 4, 6))
    assert episode.speakers == ("Alexandra", "Katie")


def test_names_in_front_matter_are_reconciled_with_the_labels():
    text = ("---\ntitle: T\nguest: Shreyas Doshi Live\nspeakers: [Bekah Hawrot Weigel]\n---\n"
            "Lenny Rachitsky (00:02):\nHello.\n\nShreyas Doshi (00:05):\nHi.\n\nBekah (00:07):\nHey.\n")
    episode = _episode("x.md", text, hosts=("Lenny Rachitsky",))
    assert episode.speakers == ("Lenny Rachitsky", "Shreyas Doshi", "Bekah Hawrot Weigel")
    assert episode.guests == ("Shreyas Doshi",)  # the guest as the transcript spells him


def test_generic_labels_stay_and_front_matter_names_are_guests():
    text = ("---\ntitle: T\nspeakers: [Sjors Provoost, Aaron van Wirdum]\n---\nSpeaker 0: 00:00:16\n\nHello.\n\n"
            "Speaker 1: 00:00:20\n\nHi.\n")
    episode = _episode("x.md", text)
    assert episode.speakers == ("Speaker 0", "Speaker 1")
    assert episode.guests == ("Sjors Provoost", "Aaron van Wirdum")
