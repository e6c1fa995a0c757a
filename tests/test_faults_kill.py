"""Fault injection: `kill -9` during a build, at every step of its commit and at random moments.
Afterwards output/ holds the complete old site or the complete new one, or else the commit's journal
is there and the very next command, of any kind, finishes it before anything else; then no temp
file is left anywhere.

SLOW: each trial is a build in a subprocess; SHOWNOTES_KILL_TRIALS=N sets the random ones (default 50).
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from shownotes import cli, record
from shownotes.pipeline import build
from shownotes.writer import TEMP_SUFFIX

from .conftest import REPO, episode_file, write_files
from .test_safety_output import tree

CONFIG = "title: Kept Show\nbase_url: https://example.org/show/\nhost: Ada Host\n"
TRIALS = int(os.environ.get("SHOWNOTES_KILL_TRIALS", "50"))

# Runs the command line with every file-system call the commit makes counted; the Nth kills the
# process (SIGKILL: no handler, no cleanup) just before it happens. Test code only: the engine has no hook.
DRIVER = r"""
import os, signal, sys
sys.path.insert(0, sys.argv[1])
from shownotes import cli, writer

KILL_AT = int(sys.argv[2])
calls = 0
counting = False

def counted(function):
    def call(*args, **kwargs):
        global calls
        if counting:
            calls += 1
            if calls == KILL_AT:
                os.kill(os.getpid(), signal.SIGKILL)
        return function(*args, **kwargs)
    return call

for name in ("open", "write", "fsync", "replace", "rename", "unlink", "rmdir", "mkdir"):
    setattr(os, name, counted(getattr(os, name)))
commit = writer.commit

def commit_counted(*args, **kwargs):
    global counting
    counting = True
    return commit(*args, **kwargs)

writer.commit = commit_counted
status = cli.main(sys.argv[3:])
print(f"calls={calls}", file=sys.stderr)
sys.exit(status)
"""


def site_files(version: int) -> dict[str, str]:
    """Version 1, then 2: episodes changed, one removed (its folder goes), one added (a new folder)."""
    numbers = (1, 2, 3, 4) if version == 1 else (1, 2, 4, 5)
    return {"site_config.yaml": CONFIG, **{
        f"content/episodes/{n:03d}-e.md": episode_file(n, f"Episode {n} v{version}", f"**Ada Host:** v{version}\n\n"
                                                       f"## Part\n\n**Guest {n}:** Hi.\n", extra=f"guests: [Guest {n}]\n")
        for n in numbers}}


def set_version(site: Path, version: int) -> None:
    for path in (site / "content/episodes").glob("*.md"):
        path.unlink()
    write_files(site, site_files(version))


def leftovers(*roots: Path) -> list[str]:
    """Temp files, journals and staging marks: what a finished command must never leave."""
    return [str(p) for root in roots for p in root.rglob("*")
            if p.name.endswith((TEMP_SUFFIX, ".tmp")) or p.name in ("commit.json", "staging")]


def visible(output: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree(output).items() if TEMP_SUFFIX not in k}


def next_command(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A command of another kind than build, that fails besides: it still restores output/ first."""
    capsys.readouterr()
    assert cli.main(["-q", "import", "--site", str(site), str(site / "no-such-transcript.vtt")]) == 1
    assert "no-such-transcript.vtt: cannot read" in capsys.readouterr().err


@dataclass(frozen=True)
class Outcome:
    """What one killed build left: old, new or mixed (with or without a journal to finish it)."""

    when: str
    state: str
    journal: bool
    after: str  # old or new, once the next command ran

    def __str__(self) -> str:
        return f"killed {self.when}: left {self.state}{' with a journal' if self.journal else ''}, then {self.after}"


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[dict[str, bytes], dict[str, bytes], Path]:
    """The old and new sites' trees (each a clean build), and a folder for trials."""
    root = tmp_path_factory.mktemp("kill")
    for version in (1, 2):
        write_files(root / f"v{version}", site_files(version))
        build(root / f"v{version}", root / f"v{version}-out")
        (root / f"v{version}-out" / "mine.txt").write_text("the user's own\n")
    return tree(root / "v1-out"), tree(root / "v2-out"), root


def classify(output: Path, old: dict[str, bytes], new: dict[str, bytes]) -> str:
    now = visible(output)
    return "old" if now == old else "new" if now == new else "mixed"


@pytest.mark.slow
def test_kill_at_every_step_of_the_commit(sites, tmp_path, capsys):
    old, new, _ = sites
    outcomes = []
    step = 0
    while True:
        step += 1
        site, output = tmp_path / f"s{step}" / "site", tmp_path / f"s{step}" / "output"
        write_files(site, site_files(1))
        build(site, output)
        (output / "mine.txt").write_text("the user's own\n")
        set_version(site, 2)
        ran = subprocess.run([sys.executable, "-c", DRIVER, str(REPO), str(step), "-q", "--site", str(site),
                              "--output", str(output)], capture_output=True, text=True, timeout=120)
        if ran.returncode == 0:
            assert classify(output, old, new) == "new" and leftovers(output, site) == []
            assert step > 20, f"the commit made only {step - 1} file-system calls: is the driver counting?"
            break
        assert ran.returncode == -signal.SIGKILL, ran.stderr
        state = classify(output, old, new)
        journal = record.place(site, output).journal.exists()
        next_command(site, capsys)
        outcomes.append(Outcome(f"at call {step} of the commit", state, journal, classify(output, old, new)))
        assert leftovers(output, site) == [], outcomes[-1]
        build(site, output)  # and the next build is whole
        assert visible(output) == new
    print("\n".join(map(str, outcomes)))
    assert [str(o) for o in outcomes if o.after not in ("old", "new") or (o.state == "mixed" and not o.journal)] == []
    assert {o.after for o in outcomes} == {"old", "new"}  # killed before the journal, and after it


@pytest.mark.slow
def test_kill_at_random_moments(sites, tmp_path, capsys):
    old, new, root = sites
    site, output = tmp_path / "site", tmp_path / "output"
    write_files(site, site_files(1))
    build(site, output)
    (output / "mine.txt").write_text("the user's own\n")
    saved_output, saved_cache = tmp_path / "saved-output", tmp_path / "saved-cache"
    shutil.copytree(output, saved_output)  # copy2: mtimes kept, so the record still matches
    shutil.copytree(site / record.CACHE_DIR, saved_cache)
    set_version(site, 2)
    started = time.monotonic()
    subprocess.run([sys.executable, str(REPO / "build.py"), "-q", "--site", str(root / "v2"), "--output",
                    str(tmp_path / "timed")], check=True, timeout=120)
    duration = time.monotonic() - started  # only to spread the kills over a build, never asserted
    rng = random.Random(13)
    outcomes = []
    for _ in range(TRIALS):
        shutil.rmtree(output)
        shutil.rmtree(site / record.CACHE_DIR)
        shutil.copytree(saved_output, output)
        shutil.copytree(saved_cache, site / record.CACHE_DIR)
        for path in (site / "content/episodes").glob("*.md"):
            path.touch()  # the episodes are version 2 whatever the copies' times say
        delay = rng.uniform(0.0, 1.2 * duration)
        process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "-q", "--site", str(site), "--output",
                                    str(output)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        time.sleep(delay)
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the build and any worker it started
        except ProcessLookupError:
            pass
        process.wait()
        state = classify(output, old, new)
        journal = record.place(site, output).journal.exists()
        next_command(site, capsys)
        outcomes.append(Outcome(f"after {delay:.2f}s", state, journal, classify(output, old, new)))
        assert leftovers(output, site) == [], outcomes[-1]
    print("\n".join(map(str, outcomes)))
    assert [str(o) for o in outcomes if o.after not in ("old", "new") or (o.state == "mixed" and not o.journal)] == []


def test_a_build_failing_while_a_worker_stages_the_search_index_leaves_the_old_site(make_site, tmp_path):
    """The search index is made and staged in a worker process while the site-wide pages are made
    here; a site-wide page that fails (two episodes with one guid) must not leave the worker's temp
    files behind. 30 episodes changed, new words in each: the build uses its workers, and the
    index changes."""
    from shownotes.errors import SiteError

    def files(word: str, clash: bool) -> dict[str, str]:
        return {"site_config.yaml": CONFIG, **{
            f"content/episodes/{n:03d}-e.md": episode_file(n, f"Episode {n}", f"**Ada Host:** {word}{n} and more.\n",
                                                          extra="guid: same\n" if clash and n in (3, 4) else "")
            for n in range(1, 31)}}

    site = make_site(files("Word", clash=False))
    build(site, tmp_path)
    before = visible(tmp_path)
    assert any(name.startswith("search/c/") for name in before)
    write_files(site, files("Other", clash=True))
    with pytest.raises(SiteError, match="guid 'same' is also used"):
        build(site, tmp_path)
    assert visible(tmp_path) == before and leftovers(tmp_path, site) == []
