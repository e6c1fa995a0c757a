"""build.py as a user runs it: commands, options, exit codes and messages."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import REPO, SAMPLE, episode_file


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_help_documents_every_command_and_global_option():
    result = run("--help")
    assert result.returncode == 0
    for word in ("build", "import", "--site", "--output", "-q", "-v"):
        assert word in result.stdout
    assert "--force" in run("import", "--help").stdout


def test_build_is_the_default_command_and_says_what_it_did(tmp_path):
    result = run("--output", str(tmp_path))
    assert result.returncode == 0, result.stderr
    # The sample's episodes have no audio or date, so the feed warns once per episode (see test_feed.py).
    *warnings, built = result.stderr.splitlines()
    assert len(warnings) == 3 and all(w.startswith("warning: content/episodes/") for w in warnings), warnings
    written = sum(1 for p in tmp_path.rglob("*") if p.is_file())
    assert built == f"built 3 episodes into {tmp_path} (3 pages rendered): {written} files written, 0 unchanged, 0 removed"
    again = run("build", "--output", str(tmp_path))  # nothing to do, but the feed still lacks the same fields
    assert again.stderr.splitlines() == warnings + [f"built 3 episodes into {tmp_path}: nothing changed, no file written"]
    assert run("build", "-q", "--output", str(tmp_path)).stderr.splitlines() == warnings
    verbose = run("-v", "build", "--output", str(tmp_path / "v")).stderr
    assert "wrote index.html" in verbose
    again = run("-v", "build", "--output", str(tmp_path / "v")).stderr  # nothing to do, but -v hears it all
    assert [line for line in again.splitlines() if line.startswith("warning:")] == warnings
    assert "nothing changed, no file written" in again and "wrote " not in again


def test_site_option_and_default_output_inside_the_site(make_site):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** Hi.\n")})
    result = run("--site", str(site))
    assert result.returncode == 0, result.stderr
    assert (site / "output/episodes/001-a/index.html").is_file()


def test_errors_are_listed_and_exit_non_zero(make_site):
    site = make_site({"content/episodes/001-a.md": "---\ntitle: A\nnumber: one\n---\n",
                      "content/episodes/002-b.md": "---\ntitle: B\n"})
    result = run("build", "--site", str(site))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: content/episodes/001-a.md:3: `number` must be a whole number like `number: 12`, not 'one'",
        "error: content/episodes/002-b.md:1: front matter is not closed: did you forget the closing `---` line?",
        f"build failed with 2 problem(s); {site / 'output'} was left as it was.",
    ]


def test_import_writes_episodes_and_warns_about_misspellings(make_site):
    site = make_site({})
    result = run("import", str(SAMPLE), "--site", str(site))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == (f"warning: {SAMPLE}:17: speaker 'Jaimie Thompson' looks like a misspelling of 'Jamie Thompson'; "
                        "if they are one person, add `Jaimie Thompson: Jamie Thompson` under `aliases:` in site_config.yaml")
    assert lines[-1] == "imported 3 episodes: 3 written, 0 unchanged"
    assert len(list((site / "content/episodes").glob("*.md"))) == 3


def test_import_of_a_missing_file_fails_cleanly(make_site):
    site = make_site({})
    result = run("import", "nope.txt", "--site", str(site))
    assert result.returncode == 1
    assert "error: nope.txt: cannot read: No such file or directory" in result.stderr
