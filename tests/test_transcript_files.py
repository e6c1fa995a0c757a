"""Transcript files for podcast apps: what the build writes beside each episode page, and that
importing them gives back the same turns."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from shownotes.anchors import assign
from shownotes.config import load_config
from shownotes.formats.detect import read
from shownotes.formats.draft import ImportOptions
from shownotes.importer import import_files
from shownotes.model import Audio, Episode, Section, Turn
from shownotes.pipeline import build
from shownotes.transcript_files import (files_and_links, transcript_json, transcript_links,
                                        transcript_srt, transcript_vtt)

from .conftest import episode_file, load_episodes
from .test_formats import FIXTURES, HOST, load

EPISODE = Episode(number=5, title="Five", slug="005-five", sections=assign((
    Section(None, (Turn("Ada Lovelace", ("Hello <there> & welcome.", "A second paragraph --> with an arrow."),
                        time=0.0),
                   Turn("Bob", ("Hi.",), time=4.5))),
    Section("Middle", (Turn("Bob", ("Still me, a new turn.",), time=62.25),
                       Turn(None, ("Music plays.",), time=70.0),
                       Turn("Ada Lovelace", ("Bye.",), time=3725.0))),
)), audio=Audio("a.mp3", duration=3730.0))


def flat(episode: Episode) -> list[tuple[str | None, tuple[str, ...], float | None]]:
    return [(t.speaker, t.paragraphs, t.time) for s in episode.sections for t in s.turns]


def reimport(data: bytes, name: str) -> Episode:
    [episode] = read(data.decode("utf-8"), Path(name), ImportOptions(number=5, title="Five"))
    return episode


def test_vtt_has_a_cue_a_turn_named_by_its_page_anchor_with_voice_tags():
    assert transcript_vtt(EPISODE).decode("utf-8") == (
        "WEBVTT\n\n"
        "t=00:00\n00:00:00.000 --> 00:00:04.500\n<v Ada Lovelace>Hello &lt;there&gt; &amp; welcome.\n"
        "A second paragraph --&gt; with an arrow.\n\n"
        "t=00:04\n00:00:04.500 --> 00:01:02.250\n<v Bob>Hi.\n\n"
        "t=01:02\n00:01:02.250 --> 00:01:10.000\n<v Bob>Still me, a new turn.\n\n"
        "t=01:10\n00:01:10.000 --> 01:02:05.000\nMusic plays.\n\n"
        "t=1:02:05\n01:02:05.000 --> 01:02:10.000\n<v Ada Lovelace>Bye.\n")


def test_srt_numbers_its_cues_and_names_the_speaker():
    assert transcript_srt(EPISODE).decode("utf-8").split("\n\n")[:2] == [
        "1\n00:00:00,000 --> 00:00:04,500\nAda Lovelace: Hello <there> & welcome.\n"
        "A second paragraph --> with an arrow.",
        "2\n00:00:04,500 --> 00:01:02,250\nBob: Hi.",
    ]


def test_json_is_podcasting_2_segments_one_a_turn():
    document = json.loads(transcript_json(EPISODE))
    assert document["version"] == "1.0.0"
    assert document["segments"][:2] == [
        {"speaker": "Ada Lovelace", "startTime": 0, "endTime": 4.5,
         "body": "Hello <there> & welcome.\nA second paragraph --> with an arrow.\n"},
        {"speaker": "Bob", "startTime": 4.5, "endTime": 62.25, "body": "Hi.\n"},
    ]
    assert document["segments"][3] == {"startTime": 70, "endTime": 3725, "body": "Music plays.\n"}


def test_the_last_turn_ends_when_the_audio_does_or_after_its_reading_time():
    assert "01:02:05.000 --> 01:02:10.000" in transcript_vtt(EPISODE).decode()
    no_audio = Episode(5, "Five", "005-five", sections=(Section(None, (Turn("A", ("x" * 150,), time=10.0),)),))
    assert "00:00:10.000 --> 00:00:20.000" in transcript_vtt(no_audio).decode()  # 150 characters at 15 a second


def test_importing_the_vtt_gives_back_the_same_turns():
    assert flat(reimport(transcript_vtt(EPISODE), "t.vtt")) == flat(EPISODE)


def test_json_and_srt_mark_only_changes_of_speaker_so_one_speakers_turns_in_a_row_merge():
    ada, bob, bob_again, music, bye = flat(EPISODE)
    # JSON keeps paragraphs; a turn of no one after Bob's, with no speaker to say so, reads as his.
    assert flat(reimport(transcript_json(EPISODE), "t.json")) == [
        ada, ("Bob", bob[1] + bob_again[1] + music[1], 4.5), bye]
    # SRT has no paragraphs either: a cue's lines are one.
    assert flat(reimport(transcript_srt(EPISODE), "t.srt")) == [
        ("Ada Lovelace", (" ".join(ada[1]),), 0.0), ("Bob", ("Hi. Still me, a new turn. Music plays.",), 4.5), bye]


@pytest.mark.parametrize("name", ["012-bitcoin-basics.vtt", "zoom.vtt", "012-bitcoin-basics.json", "whisper.txt",
                                  "012-bitcoin-basics.md"])
def test_an_imported_episodes_own_files_import_back_exactly(name):
    episode = load(name)
    for url, data in files_and_links(episode)[0].items():
        back = flat(reimport(data, url.rsplit("/", 1)[1]))
        if url.endswith(".srt") and name == "whisper.txt":  # SRT cannot tell two unnamed paragraphs apart
            assert " ".join(" ".join(p) for _, p, _ in back) == " ".join(" ".join(p) for _, p, _ in flat(episode))
        else:
            assert back == flat(episode), url


def test_links_name_each_file_beside_the_page_with_its_type():
    assert transcript_links(EPISODE) == [("episodes/005-five/transcript.json", "application/json"),
                                         ("episodes/005-five/transcript.vtt", "text/vtt"),
                                         ("episodes/005-five/transcript.srt", "application/x-subrip")]
    untimed = Episode(1, "One", "001-one", sections=(Section(None, (Turn("A", ("Hi.",)),)),))
    assert transcript_links(untimed) == []  # the page is its transcript: JSON segments need times
    partly = Episode(1, "One", "001-one", sections=(Section(None, (Turn("A", ("Hi.",), time=1.0),
                                                                   Turn("B", ("Ho.",)))),))
    assert transcript_links(partly) == []
    assert transcript_links(Episode(0, "Zero", "000-zero", has_transcript=False)) == []
    assert list(files_and_links(EPISODE)[0]) == [url for url, _ in transcript_links(EPISODE)]


def test_the_build_writes_them_and_importing_them_gives_back_the_same_turns(make_site, tmp_path):
    site = make_site({"site_config.yaml": "title: Show\nhost: Stephan Livera\n"})
    whisper = tmp_path / "013-whisper-talk.txt"
    whisper.write_bytes((FIXTURES / "whisper.txt").read_bytes())
    import_files(site, [FIXTURES / "012-bitcoin-basics.md", whisper], load_config(site))
    output = tmp_path / "out"
    build(site, output)
    episodes = {e.slug: e for e in load_episodes(site, load_config(site))}
    assert set(episodes) == {"012-bitcoin-basics", "013-whisper-talk"}
    for slug, episode in episodes.items():
        folder = output / "episodes" / slug
        written = {p.name for p in folder.iterdir()}
        assert {"index.html", "transcript.json", "transcript.vtt", "transcript.srt"} <= written
        for name in ("transcript.vtt", "transcript.json"):
            [back] = read(folder.joinpath(name).read_text(encoding="utf-8"), folder / name,
                          ImportOptions(hosts=HOST, number=episode.number, title=episode.title))
            assert flat(back) == flat(episode), name


def test_an_episode_without_times_gets_no_transcript_file_beside_its_page(make_site, tmp_path):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** Hi.\n"),
                      "content/episodes/002-b.md": episode_file(2, "B", "", extra="transcript: false\n")})
    build(site, tmp_path)
    assert sorted(p.name for p in (tmp_path / "episodes/001-a").glob("*transcript*")) == []
    assert sorted(p.name for p in (tmp_path / "episodes/002-b").glob("*transcript*")) == []
