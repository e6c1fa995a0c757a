"""`build.py import`: idempotent, all-or-nothing, and never overwriting a hand edit."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shownotes.config import load_config
from shownotes.errors import SiteError
from shownotes.importer import import_files

from .conftest import REPO, SAMPLE


@pytest.fixture
def site(make_site):
    return make_site({"site_config.yaml": (REPO / "site_config.yaml").read_text(encoding="utf-8")})


def run_import(site: Path, *files: Path, force: bool = False):
    return import_files(site, list(files), load_config(site), force=force)


def test_shipped_sample_episodes_are_exactly_what_import_writes(site):
    run_import(site, SAMPLE)
    made = sorted(p.name for p in (site / "content/episodes").iterdir())
    shipped = sorted(p.name for p in (REPO / "content/episodes").glob("*.md"))
    assert made == shipped == ["000-intro-and-words-from-our-sponsor-the-linux-journal.md",
                               "001-anaconda-python-data-science-platform-with-peter-wang.md",
                               "002-netgate-secure-networking-software-with-jamie-thompson.md"]
    for name in made:
        assert (site / "content/episodes" / name).read_bytes() == (REPO / "content/episodes" / name).read_bytes()


def test_importing_again_changes_nothing(site):
    run_import(site, SAMPLE)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (site / "content/episodes").iterdir()}
    results = run_import(site, SAMPLE)
    assert [r.action for r in results] == ["unchanged"] * 3
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (site / "content/episodes").iterdir()} == before


def test_hand_edited_file_is_never_overwritten(site):
    run_import(site, SAMPLE)
    path = site / "content/episodes/002-netgate-secure-networking-software-with-jamie-thompson.md"
    edited = path.read_text(encoding="utf-8").replace("Founder Story", "How It Began")
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(SiteError) as error:
        run_import(site, SAMPLE)
    assert str(error.value) == (f"{path}: edited by hand since it was imported; not overwriting it with episode 2 "
                                f"from {SAMPLE}. Use --force to replace it (a backup is kept as {path.name}.bak)")
    assert path.read_text(encoding="utf-8") == edited


def test_force_replaces_and_keeps_a_backup(site):
    run_import(site, SAMPLE)
    path = site / "content/episodes/002-netgate-secure-networking-software-with-jamie-thompson.md"
    edited = path.read_text(encoding="utf-8") + "\nA note I added.\n"
    path.write_text(edited, encoding="utf-8")
    results = run_import(site, SAMPLE, force=True)
    assert "updated" in [r.action for r in results]
    assert path.with_name(path.name + ".bak").read_text(encoding="utf-8") == edited
    assert "A note I added." not in path.read_text(encoding="utf-8")


def test_updated_transcript_replaces_an_unedited_import(site, tmp_path):
    source = tmp_path / "show.txt"
    source.write_text("Episode 5: Five\n\nTranscript\n\nHost: One.\n", encoding="utf-8")
    run_import(site, source)
    source.write_text("Episode 5: Five\n\nTranscript\n\nHost: One, corrected.\n", encoding="utf-8")
    assert [r.action for r in run_import(site, source)] == ["updated"]
    assert "One, corrected." in (site / "content/episodes/005-five.md").read_text(encoding="utf-8")
    assert not (site / "content/episodes/005-five.md.bak").exists()


def test_a_bad_file_means_nothing_is_written(site, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Episode 5: Five\n\nHost: One.\n", encoding="utf-8")
    bad = tmp_path / "bad.vtt"
    bad.write_text("WEBVTT\n\n00:00:01.000 --> later\nHi\n", encoding="utf-8")
    with pytest.raises(SiteError) as error:
        run_import(site, good, bad)
    assert str(error.value) == f"{bad}:3: expected a time like 00:01:02.000, found 'later'"
    assert not (site / "content/episodes").exists()


def test_renamed_episode_file_is_updated_in_place(site, tmp_path):
    source = tmp_path / "show.txt"
    source.write_text("Episode 5: Five\n\nHost: One.\n", encoding="utf-8")
    run_import(site, source)
    shutil.move(site / "content/episodes/005-five.md", site / "content/episodes/005-my-name.md")
    source.write_text("Episode 5: Five Renamed\n\nHost: One.\n", encoding="utf-8")
    run_import(site, source)
    assert sorted(p.name for p in (site / "content/episodes").iterdir()) == ["005-my-name.md"]


VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ada>Hello there, and welcome.\n"


def test_a_transcript_without_a_number_gets_the_next_free_one_and_keeps_it(site, tmp_path, caplog):
    caplog.set_level("INFO")
    run_import(site, SAMPLE)  # episodes 0, 1 and 2
    interview = tmp_path / "interview.vtt"
    interview.write_text(VTT, encoding="utf-8")
    [first] = run_import(site, interview)
    assert (first.episode.number, first.path.name) == (3, "003-interview.md")
    assert f"{interview}: no episode number in the file or its name; numbered 3, the next free number" in caplog.text
    interview.write_text(VTT.replace("welcome", "welcome back"), encoding="utf-8")
    [again] = run_import(site, interview)  # the same transcript, edited: the same episode
    assert (again.action, again.path.name) == ("updated", "003-interview.md")
    other = tmp_path / "chat.vtt"
    other.write_text(VTT, encoding="utf-8")
    assert [r.episode.number for r in run_import(site, other)] == [4]


def test_season_and_episode_from_the_name_never_replace_each_other(site, tmp_path):
    for name in ("5_8.srt", "5_999.srt"):
        (tmp_path / name).write_text("1\n00:00:01,000 --> 00:00:02,000\nAda: Hello.\n", encoding="utf-8")
        run_import(site, tmp_path / name)
    episodes = sorted(p.name for p in (site / "content/episodes").iterdir())
    assert episodes == ["008-episode-8.md", "999-episode-999.md"]
    assert "season: 5\n" in (site / "content/episodes/008-episode-8.md").read_text(encoding="utf-8")


def test_another_transcript_with_the_same_number_is_an_error_naming_both_unless_forced(site, tmp_path):
    first, second = tmp_path / "ep8.vtt", tmp_path / "episode-8-final.vtt"
    first.write_text(VTT, encoding="utf-8")
    second.write_text(VTT.replace("Hello", "Hi"), encoding="utf-8")
    [made] = run_import(site, first)
    before = made.path.read_text(encoding="utf-8")
    with pytest.raises(SiteError) as error:
        run_import(site, second)
    assert str(error.value) == (f"{second}: episode 8 is already {made.path}, imported from ep8.vtt; not replacing "
                                f"it. If this is another episode, give it its own number with --number; to replace "
                                f"that one, use --force (a backup is kept as {made.path.name}.bak)")
    assert made.path.read_text(encoding="utf-8") == before
    [forced] = run_import(site, second, force=True)
    assert forced.action == "updated" and "imported_from: episode-8-final.vtt\n" in forced.path.read_text("utf-8")
    assert made.path.with_name(made.path.name + ".bak").read_text(encoding="utf-8") == before


def test_two_files_of_one_import_with_the_same_number_name_each_other(site, tmp_path):
    one, two = tmp_path / "12-a.vtt", tmp_path / "12-b.vtt"
    for path in (one, two):
        path.write_text(VTT, encoding="utf-8")
    with pytest.raises(SiteError) as error:
        run_import(site, one, two)
    assert str(error.value) == (f"{two}: episode 12 appears twice in the input: also in {one}; give one of them its "
                                f"own number with --number")


def test_the_inbox_keeps_an_episode_another_transcript_already_has(site, tmp_path, caplog):
    from shownotes.inbox import import_inbox

    (tmp_path / "ep8.vtt").write_text(VTT, encoding="utf-8")
    run_import(site, tmp_path / "ep8.vtt")
    (site / "content/transcripts").mkdir(parents=True)
    (site / "content/transcripts/8-other.vtt").write_text(VTT.replace("Hello", "Hi"), encoding="utf-8")
    assert import_inbox(site, tmp_path / "cache") == []
    assert "8-other.vtt: episode 8 is already" in caplog.text and "not imported" in caplog.text
