"""Nothing lost: a failed build leaves output/ byte-identical, and an interrupted one leaves the old
site or the new one, never a mix.

SLOW: the interrupt trials run `build.py` as a subprocess on a generated site of 200 episodes, about
a second a build, so this module takes 15-25 s. SHOWNOTES_INTERRUPT_TRIALS=N runs N trials (default 8).
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

from shownotes.errors import SiteError
from shownotes.pipeline import build
from shownotes.writer import TEMP_SUFFIX

from .conftest import REPO, episode_file, write_files

CONFIG = "title: Kept Show\nbase_url: https://example.org/show/\nhost: Ada Host\n"


def tree(output: Path) -> dict[str, bytes]:
    """Every file and folder in output/, by relative path: a file's bytes, a folder's marker."""
    found: dict[str, bytes] = {}
    for folder, dirs, names in os.walk(output):
        base = Path(folder).relative_to(output)
        found.update({(base / d).as_posix() + "/": b"<folder>" for d in dirs})
        found.update({(base / n).as_posix(): (Path(folder) / n).read_bytes() for n in names})
    return found


def episodes(count: int, version: int) -> dict[str, str]:
    return {f"content/episodes/{n:03d}-e.md": episode_file(
        n, f"Episode {n} v{version}", f"**Ada Host:** Hello v{version}.\n\n## Part\n\n**Grace Guest:** Hi {n}.\n",
        extra="guests: [Grace Guest]\n") for n in range(1, count + 1)}


# Each way of breaking a site that built: the files to write over it, then what the error says. The
# breaks that fail late (templates, people pages) come with changed episodes, so that many new files
# have been staged when the build gives up: every one of them must go.
BREAKS = {
    "front matter": ({"content/episodes/003-e.md": "---\ntitle: x\nnumber: three\n---\n"}, "`number` must be"),
    "config": ({"site_config.yaml": CONFIG + "explicit: maybe\n"}, "`explicit` must be true or false"),
    "a clash": ({"content/episodes/031-e.md": episode_file(3, "Again", "x\n")}, "number 3 is also used by"),
    "one episode's template": ({**episodes(30, 2), "themes/mine/templates/episode.html":
                                "{% extends 'base.html' %}{% block main %}{% if episode.number == 17 %}"
                                "{{ episode.nonesuch }}{% endif %}{{ episode.html | safe }}{% endblock %}\n",
                                "site_config.yaml": CONFIG + "theme: mine\n"}, "has no attribute 'nonesuch'"),
    "the index template": ({**episodes(30, 2), "themes/mine/templates/index.html": "{{ nonesuch }}\n",
                            "site_config.yaml": CONFIG + "theme: mine\n"}, "'nonesuch' is undefined"),
    "two people on one page": ({**episodes(30, 2), "content/episodes/030-e.md": episode_file(
        30, "E", "**Ada Host:** hi\n", extra="guests: [Grace Guest, GRACE GUEST]\n")}, "would share the page"),
}


@pytest.mark.parametrize("how", BREAKS)
def test_a_failed_build_leaves_output_byte_identical_and_the_next_good_build_is_whole(make_site, tmp_path, how):
    site = make_site({"site_config.yaml": CONFIG, **episodes(30, 1)})
    output = tmp_path / "output"
    build(site, output)
    (output / "notes").mkdir(parents=True)
    (output / "notes/mine.txt").write_text("the user's own file\n", encoding="utf-8")
    (output / "downloads").mkdir()  # an empty folder of the user's: a failed build must not take it
    before = tree(output)
    files, message = BREAKS[how]
    originals = {name: (site / name).read_bytes() for name in files if (site / name).exists()}
    write_files(site, files)
    with pytest.raises(SiteError, match=message):
        build(site, output)
    assert tree(output) == before
    with pytest.raises(SiteError, match=message):  # and again, now that a record of the failure could exist
        build(site, output)
    assert tree(output) == before

    for name in files:  # mend it: the next build must be exactly a clean build of the mended site
        if name in originals:
            (site / name).write_bytes(originals[name])
        else:
            (site / name).unlink()
    write_files(site, episodes(30, 3))
    build(site, output)
    clean = tmp_path / "clean"
    build(site, clean)
    assert tree(output) == {**tree(clean), "notes/": b"<folder>", "notes/mine.txt": b"the user's own file\n",
                            "downloads/": b"<folder>"}


# --- interrupts --------------------------------------------------------------------------------

EPISODES = 200
TRIALS = int(os.environ.get("SHOWNOTES_INTERRUPT_TRIALS", "8"))


def big_site(site: Path, version: int) -> None:
    rng = random.Random(version)
    words = ["open", "source", "signal", "atomic", "build", "file", "stage", "commit", "podcast"]
    files = {"site_config.yaml": CONFIG}
    for n in range(1, EPISODES + 1):
        blocks = []
        for part in range(6):
            blocks.append(f"## Part {part}")
            blocks += [f"**{rng.choice(['Ada Host', 'Grace Guest'])}:** " + " ".join(rng.choices(words, k=60))
                       for _ in range(6)]
        files[f"content/episodes/{n:03d}-e.md"] = episode_file(n, f"Episode {n} v{version}", "\n\n".join(blocks) + "\n")
    write_files(site, files)


def run_build(site: Path, output: Path) -> None:
    subprocess.run([sys.executable, str(REPO / "build.py"), "-q", "--site", str(site), "--output", str(output)],
                   check=True, capture_output=True, timeout=300)


@dataclass(frozen=True)
class Trial:
    """One interrupted build: what was sent when, how it ended, and what output/ then held."""

    signal: str
    delay: float
    incremental: bool
    exit_code: int | str
    orphans: bool
    state: str  # "old", "new", or "mix"
    temp_files: int
    first_words: str  # the build's first and last lines on stderr, to tell why it ended as it did
    last_words: str
    before_our_code: bool  # the signal came while Python was starting, before build.py's first line

    def __str__(self) -> str:
        return (f"{self.signal} after {self.delay:.2f}s ({'with' if self.incremental else 'without'} a record): "
                f"exit {self.exit_code}, {self.state}, {self.temp_files} temp files, "
                f"{'workers left running' if self.orphans else 'no process left'}; "
                f"said {self.first_words!r} ... {self.last_words!r}")


def _python_was_starting(code: int | str, said: list[str]) -> bool:
    """A signal that comes while the interpreter itself starts ends it as Python decides: killed
    outright (-2) before its handler is in place, saying nothing; status 1 while it imports `site`;
    or -2 with a traceback that stops at build.py's line 0. None of our code has run then."""
    frames = [line for line in said if line.lstrip().startswith("File ")]
    return ((code == -2 and not said) or (code == 1 and said[:1] == ["Fatal Python error: init_import_site: Failed to "
                                                                    "import the site module"])
            or (code == -2 and len(frames) == 1 and 'build.py", line 0,' in frames[0]))


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def trials(tmp_path_factory) -> list[Trial]:
    """Build v1, then interrupt builds of v2 at random moments; the seed is fixed so a failure repeats."""
    root = tmp_path_factory.mktemp("interrupt")
    big_site(root / "v1", 1)
    big_site(root / "v2", 2)
    run_build(root / "v1", root / "old")
    started = time.monotonic()
    run_build(root / "v2", root / "new")
    duration = time.monotonic() - started  # only to spread the signals over a build, never asserted
    old, new = tree(root / "old"), tree(root / "new")
    rng = random.Random(7)
    found = []
    for number in range(TRIALS):
        sent = (signal.SIGINT, signal.SIGTERM)[number % 2]
        incremental = number % 4 >= 2
        output = root / f"trial-{number}" / "output"
        if incremental:  # the usual case: the last build's record says what is there
            run_build(root / "v1", output)
        else:
            shutil.copytree(root / "old", output)
        delay = rng.uniform(0.05, 1.1 * duration)
        errors = root / f"trial-{number}" / "stderr.txt"
        with errors.open("wb") as stderr:  # a copy of a build's output is no build's: --overwrite-output
            process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "-q", "--site", str(root / "v2"),
                                        "--output", str(output), "--overwrite-output"],
                                       stdout=subprocess.DEVNULL, stderr=stderr,
                                       start_new_session=True)  # its own process group: workers included
        try:
            time.sleep(delay)
            process.send_signal(sent)
            try:
                code: int | str = process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                code = "none (still running after 60 s)"
            time.sleep(0.5)
            orphans = _group_alive(process.pid)
        finally:
            if _group_alive(process.pid):
                os.killpg(process.pid, signal.SIGKILL)  # only the group this test started
                process.wait()
        now = tree(output)
        temps = [name for name in now if name.endswith(TEMP_SUFFIX)]
        visible = {k: v for k, v in now.items() if k not in temps}
        state = "old" if visible == old else "new" if visible == new else "mix"
        said = errors.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        found.append(Trial(sent.name, delay, incremental, code, orphans, state, len(temps), said[0] if said else "",
                           said[-1] if said else "", _python_was_starting(code, said)))
    return found


@pytest.mark.slow
def test_an_interrupted_build_leaves_every_page_old_or_every_page_new(trials):
    assert [str(t) for t in trials if t.state == "mix"] == []


def _ended_well(trial: Trial) -> bool:
    return trial.exit_code in (0, 130, -15, 143) or trial.before_our_code


def test_an_interrupted_build_leaves_no_temp_file_and_no_process(trials):
    assert [str(t) for t in trials if t.temp_files or t.orphans or not _ended_well(t)] == []


def test_ctrl_c_while_the_worker_pool_starts_ends_as_an_interrupt_with_no_worker_left(make_site, tmp_path, monkeypatch):
    """The race the interrupt test met once in CI: the signal lands after the workers were forked,
    before the pool's manager thread started; shutting the pool down then raised RuntimeError."""
    import multiprocessing
    from concurrent.futures import process

    files = {f"content/episodes/{n:03d}-e.md": episode_file(n, f"E{n}", "**Ada:** hi\n") for n in range(1, 41)}
    site = make_site(files)

    def interrupted(thread: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(process._ExecutorManagerThread, "start", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(site, tmp_path / "out", jobs=2)
    assert multiprocessing.active_children() == []
    assert not (tmp_path / "out").exists()
