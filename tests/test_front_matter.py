"""The table of front matter fields: each read and checked once, for episode files and imported Markdown alike."""
from __future__ import annotations

import datetime
import logging
from pathlib import Path

import pytest

from shownotes import front_matter
from shownotes.config import SiteConfig
from shownotes.content import parse_episode
from shownotes.errors import SiteError
from shownotes.formats import markdown_transcript
from shownotes.importer import episode_text
from shownotes.model import parse_duration

CONFIG = SiteConfig(title="Show", host=("Ada Host",))


def episode(head: str, body: str = "**Ada Host:** Hello.\n"):  # type: ignore[no-untyped-def]
    return parse_episode(f"---\n{head}---\n\n{body}", Path("content/episodes/001-a.md"), CONFIG)


@pytest.mark.parametrize("value, seconds", [
    ("3723", 3723.0), ("62.5", 62.5), ("1:02:03", 3723.0), ("62:03", 3723.0), ("01:02:03.5", 3723.5),
    ("'1:02:03'", 3723.0), ("0", 0.0),
])
def test_a_duration_written_any_usual_way_is_one_number_of_seconds(value: str, seconds: float) -> None:
    audio = episode(f"title: A\nnumber: 1\naudio:\n  url: a.mp3\n  duration: {value}\n").audio
    assert audio is not None and audio.duration == seconds


@pytest.mark.parametrize("value", ["²", "-1", "1:60:00", "1:02:61", "soon", ".nan", "[1, 2]", "'1:2:3:4'"])
def test_a_duration_that_is_no_length_names_its_line(value: str) -> None:
    with pytest.raises(SiteError) as error:
        episode(f"title: A\nnumber: 1\naudio:\n  url: a.mp3\n  duration: {value}\n")
    assert str(error.value).startswith("content/episodes/001-a.md:4: `audio.duration` must be the audio's length, "
                                       "like 3723 (seconds) or 1:02:03, not ")


def test_parse_duration_refuses_what_is_no_length() -> None:
    assert [parse_duration(v) for v in (True, None, float("inf"), float("nan"), -3, "٣", "1e3")] == [None] * 7
    assert parse_duration(12) == 12.0


def test_a_quoted_date_and_episode_key_are_read_as_other_tools_write_them() -> None:
    read = episode("title: A\nepisode: 7\ndate: '2022-02-25'\n")
    assert (read.number, read.date) == (7, datetime.date(2022, 2, 25))


def test_an_unknown_key_is_kept_and_warned_about_with_the_nearest_known_one(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        read = episode("title: A\nnumber: 1\ntitel: B\nextra:\n  sponsor: Acme\n")
    assert read.extra == (("sponsor", "Acme"), ("titel", "B"))
    assert caplog.messages == ["content/episodes/001-a.md:4: unknown front matter key `titel`; did you mean "
                               "`title`? (your own values go under `extra:`)"]


def test_import_writes_every_field_back_so_that_loading_it_gives_the_same_episode() -> None:
    text = ("---\ntitle: A\nnumber: 3\ndate: 2024-05-31\ndescription: About A.\naudio:\n  url: https://e.org/a.mp3\n"
            "  length: 10\n  type: audio/x-m4a\n  duration: 1:02:03\nguid: abc-123\nlayout: post\n---\n\n"
            "**Ada Host:** Hi.\n")
    draft = markdown_transcript.parse(text, Path("003-a.md"))
    from shownotes.formats.draft import ImportOptions, to_episode

    imported = to_episode(draft, ImportOptions(hosts=("Ada Host",)))
    written = episode_text(imported)
    assert written.startswith("---\ntitle: A\nnumber: 3\ndate: 2024-05-31\ndescription: About A.\naudio:\n"
                              "  url: https://e.org/a.mp3\n  length: 10\n  type: audio/x-m4a\n  duration: 3723\n"
                              "hosts: [Ada Host]\nguests: []\nspeakers: [Ada Host]\nguid: abc-123\n"
                              "imported_from: 003-a.md\nextra:\n  layout: post\nimport_checksum: sha256:")
    loaded = parse_episode(written, Path("content/episodes/003-a.md"), CONFIG)
    assert loaded == imported


def test_every_field_is_written_by_import_and_read_by_the_build() -> None:
    keys = [field.key for field in front_matter.FIELDS]
    assert len(keys) == len(set(keys))
    assert all(front_matter.BY_KEY[key].key == key for key in keys)


def test_a_message_quotes_only_the_start_of_a_long_value() -> None:
    with pytest.raises(SiteError) as error:
        episode(f"title: A\nnumber: '{'9' * 5000}'\n")
    assert len(str(error.value)) < 200


def test_season_and_image_are_checked() -> None:
    read = episode("title: A\nnumber: 1\nseason: 2\nimage: static/001.jpg\n")
    assert (read.season, read.image) == (2, "static/001.jpg")
    with pytest.raises(SiteError) as error:
        episode("title: A\nnumber: 1\nseason: 0\nimage: javascript:alert(1).png\n")
    assert [str(p) for p in error.value.problems] == [
        "content/episodes/001-a.md:4: `season` must be a whole number from 1, like `season: 2`, not 0",
        "content/episodes/001-a.md:5: `image` must be a full URL (https://...) or a path inside the site like "
        "static/013.jpg, not 'javascript:alert(1).png'",
    ]


def test_the_publishing_fields_are_read_and_checked() -> None:
    read = episode("title: A\nnumber: 1\ndate: 2021-04-06T00:00:01-07:00\nepisode_type: bonus\nexplicit: 'no'\n"
                   "draft: 'False'\nchapters: ['00:00:00 Intro', '00:12:30 Pricing']\n")
    assert (read.date.isoformat(), read.time.isoformat(), read.episode_type, read.explicit, read.draft) == (
        "2021-04-06", "00:00:01-07:00", "bonus", False, False)
    assert read.chapters == ((0.0, "Intro"), (750.0, "Pricing"))
    with pytest.raises(SiteError) as error:
        episode("title: A\nnumber: 1\nepisode_type: special\ndraft: maybe\nchapters: ['00:10:00 B', '00:05:00 A']\n")
    assert [str(p) for p in error.value.problems] == [
        "content/episodes/001-a.md:4: `episode_type` must be one of full, trailer, bonus, not 'special'",
        "content/episodes/001-a.md:5: `draft` must be true or false",
        "content/episodes/001-a.md:6: `chapters` must be a list of lines like `- 00:12:30 Title`, in time order",
    ]
