"""Adding an episode: `build.py new FILE`, and the content/transcripts/ inbox a build empties."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from .conftest import REPO, episode_file

TRANSCRIPT = "Episode 7: Seven Seas\n\nA voyage.\n\nTranscript\n\nAda Host: Welcome aboard.\n\nSailing\n\nBo Guest: Ahoy.\n"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], capture_output=True, text=True, timeout=120)


def test_new_imports_builds_and_says_where_the_episode_went_and_what_to_fill_in(make_site, tmp_path):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** Hi.\n")})
    transcript = tmp_path / "seven.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    result = run("new", str(transcript), "--site", str(site), "-q")
    assert result.returncode == 0, result.stderr
    output = site / "output"
    assert result.stdout.splitlines() == [
        "Episode 7: Seven Seas",
        f"  file: {site / 'content/episodes/007-seven-seas.md'}",
        f"  page: {output / 'episodes/007-seven-seas/index.html'}",
        "  URL:  https://example.org/show/episodes/007-seven-seas/",
        "  still to fill in: `audio` (url, length in bytes, type, duration), `date` (like 2024-05-31)",
    ]
    assert (output / "episodes/007-seven-seas/index.html").is_file()


def test_new_without_anything_new_says_so(make_site):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** Hi.\n")})
    result = run("new", "--site", str(site), "-q")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "no new episode: name a transcript (build.py new FILE) or put one in content/transcripts/\n"


def test_a_build_imports_new_inbox_transcripts_once_and_never_overwrites(make_site):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** Hi.\n"),
                      "content/transcripts/seven.txt": TRANSCRIPT})
    result = run("--site", str(site))
    assert result.returncode == 0, result.stderr
    episode = site / "content/episodes/007-seven-seas.md"
    assert "created" in result.stderr and episode.is_file()
    assert (site / "output/episodes/007-seven-seas/index.html").is_file()
    # Edited by hand: the inbox transcript is still there, but the episode is never replaced.
    episode.write_text(episode.read_text(encoding="utf-8").replace("Ahoy.", "Ahoy there."), encoding="utf-8")
    again = run("--site", str(site))
    assert again.returncode == 0, again.stderr
    assert "Ahoy there." in episode.read_text(encoding="utf-8")
    # Deleted on purpose: a transcript already imported does not bring it back.
    episode.unlink()
    run("--site", str(site))
    assert not episode.exists()


def test_an_inbox_transcript_for_an_existing_number_is_left_alone(make_site):
    site = make_site({"content/episodes/007-mine.md": episode_file(7, "Mine", "**Ada Host:** Mine.\n"),
                      "content/transcripts/seven.txt": TRANSCRIPT})
    result = run("--site", str(site))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (site / "content/episodes").iterdir()) == ["007-mine.md"]
    assert "Mine." in (site / "content/episodes/007-mine.md").read_text(encoding="utf-8")


def test_a_broken_inbox_transcript_fails_the_build_clearly(make_site):
    site = make_site({"content/transcripts/notes.txt": "nothing here\n"})
    result = run("--site", str(site))
    assert result.returncode == 1
    path = Path(site / "content/transcripts/notes.txt")
    assert f"error: {path}:1:" in result.stderr


def test_a_fresh_clone_knows_what_the_inbox_imported(make_site, tmp_path):
    """What was imported is in content/transcripts/.imported.json, committed with the site: a copy
    without the machine's cache (a clone, CI) does not bring back an episode deleted on purpose."""
    import shutil

    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** Hi.\n"),
                      "content/transcripts/seven.txt": TRANSCRIPT})
    assert run("--site", str(site), "-q").returncode == 0
    episode = site / "content/episodes/007-seven-seas.md"
    episode.unlink()  # deleted on purpose
    clone = tmp_path / "clone"
    shutil.copytree(site, clone, ignore=shutil.ignore_patterns(".shownotes-cache", "output"))
    ledger = json.loads((clone / "content/transcripts/.imported.json").read_text(encoding="utf-8"))
    assert [entry["episodes"] for entry in ledger["imported"].values()] == [[7]]
    result = run("--site", str(clone), "-q")
    assert result.returncode == 0, result.stderr
    assert not (clone / "content/episodes/007-seven-seas.md").exists()


def test_what_an_older_version_remembered_is_adopted_into_the_ledger(make_site):
    site = make_site({"content/transcripts/seven.txt": TRANSCRIPT})
    digest = hashlib.sha256(TRANSCRIPT.encode("utf-8")).hexdigest()
    cache = site / ".shownotes-cache"
    cache.mkdir()
    (cache / "inbox-seen.json").write_text(json.dumps({"seen": {digest: [7]}, "stats": {}}), encoding="utf-8")
    assert run("--site", str(site), "-q").returncode == 0
    assert not (site / "content/episodes").exists()  # imported once before, so not again
    assert json.loads((site / "content/transcripts/.imported.json").read_text())["imported"][digest]["episodes"] == [7]


def test_a_damaged_ledger_is_an_error_at_its_line_not_a_reimport(make_site):
    site = make_site({"content/transcripts/seven.txt": TRANSCRIPT,
                      "content/transcripts/.imported.json": '{"imported": {\n<<<<<<< HEAD\n}}\n'})
    result = run("--site", str(site), "-q")
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {site / 'content/transcripts/.imported.json'}:2: not a ledger of "
                                    "imported transcripts: ")
    assert not (site / "content/episodes").exists()
