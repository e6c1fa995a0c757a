"""Broken sites and transcripts, one folder each under tests/broken/, each failing with its exact error text.

A case folder is a site (site_config.yaml, content/, themes/, transcripts to import); `args.txt`, if
present, holds the command line (default: a build). `expected.txt` holds every `error:` line and the
closing summary, as `build.py` prints them, with `{site}` standing for the site's absolute path.
The run happens in a copy in a temp folder; it must exit 1, write no output/, and change no file.
`xfail.txt`, if present, says what the engine still lacks for the expected text (the case is xfail).

To refresh every expected.txt after a deliberate change of wording (then read the diff!):
    SHOWNOTES_REFRESH_BROKEN=1 python3 -m pytest tests/test_safety_broken.py
"""
from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

import pytest

from shownotes import cli

from .conftest import REPO, SAMPLE, write_files

BROKEN = Path(__file__).resolve().parent / "broken"
CASE_FILES = {"expected.txt", "args.txt", "xfail.txt"}
CACHE = ".shownotes-cache"  # the build record and lock live beside output/, by design
REFRESH = os.environ.get("SHOWNOTES_REFRESH_BROKEN") == "1"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root (the build cache aside), by relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and CACHE not in p.relative_to(root).parts}


def run_case(case: Path, site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    """Run the case's command in `site` (a copy of the case); return its error lines and summary."""
    shutil.copytree(case, site, ignore=lambda folder, names: [n for n in names if n in CASE_FILES])
    args = shlex.split((case / "args.txt").read_text(encoding="utf-8")) if (case / "args.txt").exists() else []
    monkeypatch.chdir(site)
    before = snapshot(site)
    capsys.readouterr()
    code = cli.main(["-q", *args])
    stderr = capsys.readouterr().err
    assert code == 1, f"expected the command to fail, got exit code {code}:\n{stderr}"
    assert not (site / "output").exists(), "a failed build must not make output/"
    assert snapshot(site) == before, "a failed run must change no file"
    lines = [line for line in stderr.splitlines() if not line.startswith("warning: ")]
    return "\n".join(lines).replace(str(site.resolve()), "{site}").replace(str(site), "{site}") + "\n"


def cases() -> list:
    found = []
    for folder in sorted(p for p in BROKEN.iterdir() if p.is_dir()):
        waiting = folder / "xfail.txt"
        marks = [pytest.mark.xfail(reason=waiting.read_text(encoding="utf-8").strip())] if waiting.exists() else []
        found.append(pytest.param(folder.name, marks=marks))
    return found


@pytest.mark.parametrize("case", cases())
def test_broken_input_fails_with_its_exact_message(case, tmp_path, monkeypatch, capsys):
    folder = BROKEN / case
    got = run_case(folder, tmp_path / "site", monkeypatch, capsys)
    if REFRESH and not (folder / "xfail.txt").exists():
        (folder / "expected.txt").write_text(got, encoding="utf-8")
    assert got == (folder / "expected.txt").read_text(encoding="utf-8")


def test_every_case_has_its_expected_text():
    cases = [p for p in BROKEN.iterdir() if p.is_dir()]
    assert len(cases) >= 30
    assert all((p / "expected.txt").is_file() for p in cases), "run with SHOWNOTES_REFRESH_BROKEN=1, then review"


def readme_errors() -> list[str]:
    """The `error:` and summary lines docs/podcasters.md's "When things go wrong" section shows."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "podcasters.md").read_text(encoding="utf-8")
    section = text.split("## When things go wrong", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith(("error: ", "build failed", "import failed"))]


def test_the_readmes_error_messages_are_the_real_ones(tmp_path, monkeypatch, capsys):
    """docs/podcasters.md shows a build and an import failing; both are replayed here and must print exactly that."""
    work = tmp_path / "work"
    site = work / "main"
    (site / "tests" / "fixtures").mkdir(parents=True)
    shutil.copy(SAMPLE, site / "tests" / "fixtures" / SAMPLE.name)
    shutil.copytree(REPO / "content" / "episodes", site / "content" / "episodes")
    shutil.copy(REPO / "site_config.yaml", site / "site_config.yaml")
    hand_edited = site / "content/episodes/002-netgate-secure-networking-software-with-jamie-thompson.md"
    hand_edited.write_text(hand_edited.read_text(encoding="utf-8") + "\nA note of my own.\n", encoding="utf-8")
    monkeypatch.chdir(site)
    capsys.readouterr()
    assert cli.main(["import", f"tests/fixtures/{SAMPLE.name}"]) == 1
    printed = capsys.readouterr().err.splitlines()

    broken = work / "broken"
    write_files(broken, {"site_config.yaml": "title: Show\n",
                         "content/episodes/002-netgate.md": "---\ntitle: Netgate\nnumber: two\n---\n\ntext\n",
                         "content/episodes/003-next.md": "---\ntitle: Next\nnumber: 3\n\ntext\n"})
    monkeypatch.chdir(broken)
    assert cli.main(["-q"]) == 1
    printed += capsys.readouterr().err.splitlines()
    shown = readme_errors()
    assert len(shown) == 5
    assert [line for line in shown if line not in printed] == []
