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
    bad = tmp_path / "bad.txt"
    bad.write_text("no episodes in here\n", encoding="utf-8")
    with pytest.raises(SiteError) as error:
        run_import(site, good, bad)
    assert str(error.value) == f"{bad}:1: no episode found: expected a line like `Episode 12: Title` before the transcript"
    assert not (site / "content/episodes").exists()


def test_renamed_episode_file_is_updated_in_place(site, tmp_path):
    source = tmp_path / "show.txt"
    source.write_text("Episode 5: Five\n\nHost: One.\n", encoding="utf-8")
    run_import(site, source)
    shutil.move(site / "content/episodes/005-five.md", site / "content/episodes/005-my-name.md")
    source.write_text("Episode 5: Five Renamed\n\nHost: One.\n", encoding="utf-8")
    run_import(site, source)
    assert sorted(p.name for p in (site / "content/episodes").iterdir()) == ["005-my-name.md"]
