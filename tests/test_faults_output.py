"""Fault injection: the build touches nothing that is not its own, whatever the output folder holds
and wherever it is, and refuses a folder that is not its to fill; its record can hold data but never
run code; a folder where a file must go, a read-only folder or a full disk stop it before the first
file moves, with an error and no traceback.

The tests that need a small filesystem mount a tmpfs: as root they run, elsewhere they skip, and
under CI=true (CI runs as root) a mount that fails fails the test.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from shownotes import cli, record
from shownotes.pipeline import build
from shownotes.writer import TEMP_SUFFIX

from .conftest import episode_file, write_files
from .test_safety_output import tree

CONFIG = "title: Kept Show\nbase_url: https://example.org/show/\nhost: Ada Host\n"
IN_CI = os.environ.get("CI") == "true"


def episodes(count: int, version: int = 1, words: int = 1) -> dict[str, str]:
    return {f"content/episodes/{n:03d}-e.md": episode_file(
        n, f"Episode {n} v{version}", f"**Ada Host:** Hello v{version}. {'word ' * words}\n\n## Part\n\n"
                                      f"**Grace Guest:** Hi {n}.\n", extra="guests: [Grace Guest]\n")
        for n in range(1, count + 1)}


@pytest.fixture
def site(make_site) -> Path:
    return make_site({"site_config.yaml": CONFIG, **episodes(3)})


def main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """Run the command line in this process; its exit code and what it printed on stderr."""
    capsys.readouterr()
    code = cli.main(["-q", *args])
    return code, [line for line in capsys.readouterr().err.splitlines() if "the podcast feed" not in line]


def no_temp_files(*roots: Path) -> list[str]:
    return [str(p) for root in roots for p in root.rglob("*") if p.name.endswith((TEMP_SUFFIX, ".tmp"))]


# --- What the build never removes --------------------------------------------------------------

def test_a_failed_build_keeps_the_empty_folders_it_did_not_make(site, tmp_path, capsys):
    """The issue's reproduction: build, `mkdir output/downloads`, break the build: the folder stays."""
    output = tmp_path / "output"
    assert main(capsys, "--site", str(site), "--output", str(output))[0] == 0
    (output / "downloads").mkdir()
    (output / "episodes" / "mine").mkdir()
    before = tree(output)
    write_files(site, {"content/episodes/002-e.md": episode_file(2, "Two", "**Ada Host:** x\n",
                                                                 extra="guests: [Grace Guest, GRACE GUEST]\n"),
                       "content/episodes/004-e.md": episode_file(4, "Four", "**Ada Host:** new\n")})
    code, said = main(capsys, "--site", str(site), "--output", str(output))
    assert code == 1 and said[-1] == f"build failed with 1 problem(s); {output} was left as it was."
    assert tree(output) == before  # downloads/ and episodes/mine/ too; no folder for episode 4 either


def test_a_removed_episodes_page_replaced_by_the_user_is_left_and_reported(site, tmp_path, capsys):
    output = tmp_path / "output"
    build(site, output)
    redirect = output / "episodes/003-e/index.html"
    redirect.write_text('<meta http-equiv="refresh" content="0; url=../../">\n', encoding="utf-8")
    (site / "content/episodes/003-e.md").unlink()
    (site / "content/episodes/002-e.md").unlink()
    code, said = main(capsys, "--site", str(site), "--output", str(output))
    assert code == 0
    assert said == [f"warning: {redirect}: no longer built, but changed since the build wrote it; left alone "
                    f"(delete it if it should go)"]
    assert redirect.read_text(encoding="utf-8").startswith("<meta http-equiv")
    assert not (output / "episodes/002-e").exists()  # untouched: removed, and its folder, which a build made
    assert sorted(p.name for p in (output / "episodes/003-e").iterdir()) == ["index.html"]


def test_a_folder_the_user_made_is_never_removed_even_when_emptied(site, tmp_path):
    output = tmp_path / "output"
    (output / "episodes" / "003-e").mkdir(parents=True)  # the user's, made before any build...
    build(site, output, overwrite_output=True)
    (site / "content/episodes/003-e.md").unlink()
    build(site, output)
    assert (output / "episodes" / "003-e").is_dir()  # ...so emptied of our files, it stays
    assert list((output / "episodes" / "003-e").iterdir()) == []


# --- Where a build may write -------------------------------------------------------------------

def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.lstat().st_mode, p.lstat().st_size) for p in root.rglob("*")}


@pytest.mark.parametrize("where", ["root", "home", "site", "parent of the site", "content", "inbox", "theme static",
                                   "a file", "a folder of the user's"])
def test_an_output_folder_that_is_not_ours_to_fill_is_refused_and_nothing_is_written(site, tmp_path, capsys,
                                                                                    monkeypatch, where):
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / "Downloads").mkdir()
    monkeypatch.setenv("HOME", str(home))
    mine = tmp_path / "mine"
    write_files(mine, {"index.html": "MINE\n"})
    (tmp_path / "notes.txt").write_text("a file\n", encoding="utf-8")
    write_files(site, {"content/transcripts/007-seven.vtt": "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ada>Hi.\n",
                       "themes/default/static/extra.css": "body{}\n"})
    output, reason = {
        "root": (Path("/"), "it is the root folder"),
        "home": (home, "it is your home folder"),
        "site": (site, "it is the site folder itself"),
        "parent of the site": (site.parent, "it holds the site folder"),
        "content": (site / "content", "it is inside the site's content/"),
        "inbox": (site / "content/transcripts", "it is inside the site's content/"),
        "theme static": (site / "themes/default/static", "it is inside the site's themes/"),
        "a file": (tmp_path / "notes.txt", "it is a file, not a folder"),
        "a folder of the user's": (mine, None),
    }[where]
    before = {folder: snapshot(folder) for folder in (site, home, mine)}
    code, said = main(capsys, "--site", str(site), "--output", str(output))
    assert code == 1
    if reason:
        assert said[0] == (f"error: not building into {output}: {reason}; name a folder of its own, like "
                           f"{site / 'output'}")
    else:
        assert said[0] == (f"error: not building into {mine}: it is not empty (index.html) and no shownotes build "
                           f"made it; the build would replace files there. Name an empty or new folder, or pass "
                           f"--overwrite-output to build into it anyway")
    assert said[-1] == f"build failed with 1 problem(s); {output} was left as it was."
    assert {folder: snapshot(folder) for folder in (site, home, mine)} == before  # no import, no cache either
    assert (mine / "index.html").read_text(encoding="utf-8") == "MINE\n"


def test_overwrite_output_builds_into_a_folder_of_the_users_and_keeps_its_other_files(site, tmp_path, capsys):
    mine = tmp_path / "mine"
    write_files(mine, {"index.html": "MINE\n", "notes/keep.txt": "keep\n"})
    code, said = main(capsys, "--site", str(site), "--output", str(mine), "--overwrite-output")
    assert code == 0
    assert (mine / "index.html").read_text(encoding="utf-8") != "MINE\n"
    assert (mine / "notes/keep.txt").read_text(encoding="utf-8") == "keep\n"
    assert main(capsys, "--site", str(site), "--output", str(mine))[0] == 0  # now a build made it


def test_a_folder_a_build_made_is_recognised_even_with_a_damaged_record(site, tmp_path, capsys):
    output = tmp_path / "output"
    build(site, output)
    record.place(site, output).state.write_bytes(b"\x80\x04not json")
    assert main(capsys, "--site", str(site), "--output", str(output))[0] == 0


def test_a_link_in_output_to_a_folder_elsewhere_is_not_followed(site, tmp_path, capsys):
    output, elsewhere = tmp_path / "output", tmp_path / "elsewhere"
    build(site, output)
    elsewhere.mkdir()
    shutil.rmtree(output / "episodes")
    (output / "episodes").symlink_to(elsewhere)
    code, said = main(capsys, "--site", str(site), "--output", str(output))
    assert code == 1
    assert said[0] == (f"error: {output / 'episodes'}: is a link; the build writes only inside the output folder "
                       f"and follows no link there: remove the link")
    assert list(elsewhere.iterdir()) == []


# --- The record: data, never code; a lock that cannot be redirected -------------------------------

class Planted:
    """What another user could leave in a shared folder: a pickle that runs a command when loaded."""

    def __init__(self, proof: Path) -> None:
        self.proof = proof

    def __reduce__(self) -> tuple:
        return (os.mkdir, (str(self.proof),))


def test_a_planted_record_and_lock_link_in_a_shared_folder_do_nothing(site, tmp_path, capsys):
    """Versions before this one kept the record beside output/, so in a shared temp folder anyone could
    plant one there. Now the record is in the site and JSON: nothing planted beside output/ is read."""
    shared = tmp_path / "shared-tmp"
    output = shared / "out"
    key = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:12]
    cache = shared / ".shownotes-cache"
    cache.mkdir(parents=True)
    for suffix in (".state", ".outlines"):
        (cache / f"out-{key}{suffix}").write_bytes(pickle.dumps(Planted(tmp_path / f"ran{suffix}")))
    (cache / f"out-{key}.lock").symlink_to(shared / "victim")
    before = snapshot(shared)
    assert main(capsys, "--site", str(site), "--output", str(output))[0] == 0
    assert main(capsys, "--site", str(site), "--output", str(output))[0] == 0
    assert not (tmp_path / "ran.state").exists() and not (tmp_path / "ran.outlines").exists()
    assert not (shared / "victim").exists()
    assert {k: v for k, v in snapshot(shared).items() if not k.startswith(str(output))} == before
    assert record.place(site, output).state.is_file()


@pytest.mark.parametrize("planted", ["pickle", "foreign JSON", "old format", "truncated", "a link"])
def test_a_planted_or_damaged_record_in_the_site_means_a_full_build_and_runs_nothing(site, tmp_path, planted):
    output = tmp_path / "output"
    build(site, output)
    where = record.place(site, output)
    for path in (where.state, where.outlines):
        path.unlink()
        if planted == "pickle":
            path.write_bytes(pickle.dumps(Planted(tmp_path / "ran")))
        elif planted == "foreign JSON":
            path.write_text('{"sources": {"content/episodes/001-e.md": 1}, "format": 4}', encoding="utf-8")
        elif planted == "old format":
            path.write_text('{"format": 3}', encoding="utf-8")
        elif planted == "truncated":
            path.write_text('{"quick": "', encoding="utf-8")
        else:
            path.symlink_to("/etc/passwd")
    (site / "content/episodes/002-e.md").write_text(episode_file(2, "Two again", "**Ada Host:** x\n"))
    result = build(site, output)
    assert result.rendered == 3  # everything, as a record that cannot be trusted means
    assert not (tmp_path / "ran").exists()
    assert not where.state.is_symlink() and where.state.read_bytes().startswith(b"{")


def test_a_link_planted_where_the_lock_goes_is_replaced_not_followed(site, tmp_path):
    output = tmp_path / "output"
    where = record.place(site, output)
    record.prepare(where)
    (where.folder / "lock").symlink_to(tmp_path / "victim")
    build(site, output)
    assert not (tmp_path / "victim").exists()
    assert not (where.folder / "lock").is_symlink()


def test_a_link_planted_where_the_record_folder_goes_is_replaced_not_followed(site, tmp_path):
    output, elsewhere = tmp_path / "output", tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = record.place(site, output)
    where.folder.parent.mkdir(parents=True)
    where.folder.symlink_to(elsewhere)
    build(site, output)
    assert list(elsewhere.iterdir()) == [] and where.folder.is_dir() and not where.folder.is_symlink()


# --- Something in the way: checked before the first file moves ----------------------------------

def test_a_file_replaced_by_a_folder_stops_the_build_before_anything_moves(site, tmp_path, capsys):
    output = tmp_path / "output"
    build(site, output)
    page = output / "episodes/001-e/index.html"
    page.unlink()
    (page / "inside").mkdir(parents=True)
    before = tree(output)
    write_files(site, episodes(3, version=2))
    code, said = main(capsys, "--site", str(site), "--output", str(output))
    assert code == 1
    assert said == [f"error: {page}: is a folder where the build must write a file: move it away",
                    f"build failed with 1 problem(s); {output} was left as it was."]
    assert tree(output) == before and no_temp_files(output, site) == []


def test_a_folder_replaced_by_a_file_stops_the_build_before_anything_moves(site, tmp_path, capsys):
    output = tmp_path / "output"
    build(site, output)
    shutil.rmtree(output / "people")
    (output / "people").write_text("not a folder\n", encoding="utf-8")
    before = tree(output)
    write_files(site, episodes(3, version=2))
    code, said = main(capsys, "--site", str(site), "--output", str(output))
    assert code == 1 and said[0] == (f"error: {output / 'people'}: is a file where the build needs a folder: "
                                     f"move it away")
    assert tree(output) == before and no_temp_files(output, site) == []


@contextmanager
def read_only(folder: Path) -> Iterator[str]:
    """Make `folder` read-only and yield what writing there is told: as root (who ignores permissions)
    by bind-mounting it read-only, else by its mode."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield "permission denied"
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True, text=True)
    if mounted.returncode != 0:
        if IN_CI:
            pytest.fail(f"cannot bind-mount as root under CI: {mounted.stderr}")
        pytest.skip(f"cannot bind-mount here: {mounted.stderr.strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True, capture_output=True)
        yield "the file system is read-only"
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@pytest.mark.parametrize("change", ["an episode changed", "an episode removed"])
def test_a_read_only_folder_stops_the_build_before_anything_moves(site, tmp_path, capsys, change):
    output = tmp_path / "output"
    build(site, output)
    folder = output / "episodes/002-e"
    if change == "an episode changed":
        write_files(site, episodes(3, version=2))
    else:
        (site / "content/episodes/002-e.md").unlink()
    before = tree(output)
    with read_only(folder) as told:
        code, said = main(capsys, "--site", str(site), "--output", str(output))
        assert code == 1
        if change == "an episode changed":
            assert said[0] == f"error: {folder}: cannot write: {told}"
        else:
            assert said[0] == (f"error: {folder / 'index.html'}: cannot remove it (no longer built): its folder is "
                               f"read-only")
        assert tree(output) == before
    assert no_temp_files(output, site) == []
    assert main(capsys, "--site", str(site), "--output", str(output))[0] == 0  # writable again: it builds


@contextmanager
def small_filesystem(folder: Path, options: str) -> Iterator[Path]:
    """A tmpfs mounted at `folder` (as root; skipped elsewhere, failed under CI)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        if IN_CI:
            pytest.fail("CI must run as root, to mount a small filesystem")
        pytest.skip("mounting a small filesystem needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True,
                             text=True)
    if mounted.returncode != 0:
        if IN_CI:
            pytest.fail(f"cannot mount a tmpfs under CI: {mounted.stderr}")
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@pytest.mark.parametrize("full", ["space", "inodes"])
def test_a_full_filesystem_stops_the_build_with_the_old_site_whole(site, tmp_path, capsys, full):
    options = "size=600k,nr_inodes=1000" if full == "space" else "size=8m,nr_inodes=90"
    with small_filesystem(tmp_path / "fs", options) as fs:
        output = fs / "output"
        assert main(capsys, "--site", str(site), "--output", str(output))[0] == 0
        before = tree(output)
        # Bigger pages (no room for them) or many more episodes (no inodes for their files and folders).
        write_files(site, episodes(3, version=2, words=60_000) if full == "space" else episodes(12, version=2))
        code, said = main(capsys, "--site", str(site), "--output", str(output))
        assert code == 1
        assert any(line.endswith("no space left on the device (or no free inodes); free some, then run again")
                   for line in said), said
        assert said[-1] == f"build failed with {len(said) - 1} problem(s); {output} was left as it was."
        assert "Traceback" not in "\n".join(said)
        assert tree(output) == before and no_temp_files(output) == []


@pytest.mark.parametrize("damage", ["cut short", "a path out of the record", "a link to elsewhere"])
def test_a_damaged_or_planted_search_record_renders_the_episode_again(site, tmp_path, damage):
    """The search index's terms are kept per episode in the record folder: a file cut short, or a path
    in search.json leading elsewhere, is ignored; the build renders that episode again, no crash."""
    import json

    output = tmp_path / "output"
    build(site, output)
    where = record.place(site, output)
    index = json.loads((where.folder / "search.json").read_text(encoding="utf-8"))
    key = "content/episodes/001-e.md"
    kept = Path(index["terms"][key][1]["path"])
    if damage == "cut short":
        kept.write_bytes(kept.read_bytes()[:50])
    elif damage == "a path out of the record":
        index["terms"][key][1]["path"] = "/etc/passwd"
        (where.folder / "search.json").write_text(json.dumps(index), encoding="utf-8")
    else:
        elsewhere = tmp_path / "elsewhere.bin"
        elsewhere.write_bytes(kept.read_bytes())
        kept.unlink()
        kept.symlink_to(elsewhere)
    changed = site / "content/episodes/003-e.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nMore words.\n", encoding="utf-8")
    result = build(site, output)
    assert result.rendered == 2  # the episode that changed, and the one whose terms could not be used
    clean = tmp_path / "clean"
    build(site, clean)
    assert {k: v for k, v in tree(output).items()} == tree(clean)
