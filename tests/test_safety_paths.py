"""No file is ever written outside output/ (or content/episodes/, for import), whatever a slug, number,
name or file name says; links in content/ that lead outside the site are not followed.

Each test snapshots the whole temp folder around the site before and after, and proves that every new
or changed file is where it belongs."""
from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from shownotes import cli
from shownotes.config import load_config
from shownotes.errors import SiteError
from shownotes.importer import import_files
from shownotes.pipeline import build

from .conftest import MINIMAL_CONFIG, REPO, episode_file, write_files

CACHE = ".shownotes-cache"  # the build record lives beside output/, by design
SAFE_OUTPUT_NAME = re.compile(r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")
HOSTILE_PATHS = ["../../etc/passwd", "../../../../escaped", "..", ".", "/etc/passwd", "a/../../b", "a\\..\\b",
                 "a\0b", "tab\there", "bell\a", "esc\x1b[31m", "new\nline", "~/x", "C:\\Windows\\x", "%2e%2e%2fx"]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root, by POSIX path relative to it, with its bytes (a link: where it points)."""
    files = {}
    for folder, dirs, names in os.walk(root):
        for name in names + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            path = Path(folder) / name
            key = path.relative_to(root).as_posix()
            files[key] = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
    return files


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def yaml_quoted(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted string, escapes and all


@pytest.fixture
def deep_site(tmp_path: Path) -> Path:
    """A site four folders down, so `../..` from output/ still lands inside the snapshot."""
    site = tmp_path / "a" / "b" / "c" / "site"
    write_files(site, {"site_config.yaml": MINIMAL_CONFIG})
    return site


def build_outcome(site: Path, output: Path) -> str:
    try:
        build(site, output)
    except SiteError as error:
        return "error: " + str(error)
    return "built"


def assert_only_output_changed(root: Path, before: dict[str, bytes], output: Path) -> None:
    prefix = output.relative_to(root).as_posix() + "/"
    cache = (output.parent / CACHE).relative_to(root).as_posix() + "/"
    stray = sorted(k for k in changed(before, snapshot(root)) if not k.startswith((prefix, cache)))
    assert stray == [], f"written outside output/: {stray}"
    for path in output.rglob("*") if output.exists() else []:
        assert SAFE_OUTPUT_NAME.match(path.relative_to(output).as_posix()), path


@pytest.mark.parametrize("value", HOSTILE_PATHS)
def test_a_slug_that_is_a_path_is_refused(deep_site, tmp_path, value):
    write_files(deep_site, {"content/episodes/001-a.md": episode_file(1, "A", "**Ada:** hi\n",
                                                                      extra=f"slug: {yaml_quoted(value)}\n")})
    before = snapshot(tmp_path)
    outcome = build_outcome(deep_site, deep_site / "output")
    assert outcome.startswith("error: content/episodes/001-a.md:4: `slug` must be lowercase letters, digits and '-'")
    assert_only_output_changed(tmp_path, before, deep_site / "output")


@pytest.mark.parametrize("value", HOSTILE_PATHS)
def test_titles_numbers_and_names_that_are_paths_never_leave_output(deep_site, tmp_path, value):
    quoted = yaml_quoted(value)
    write_files(deep_site, {
        "content/episodes/001-a.md": episode_file(1, quoted, f"**{value.replace(chr(10), ' ')}:** hi\n",
                                                  extra=f"hosts: [{quoted}]\nguests: [{quoted}, {yaml_quoted('x' + value)}]\n"
                                                        f"description: {quoted}\n"),
        "content/episodes/002-b.md": episode_file(2, "B", "text\n", extra=f"number2: {quoted}\n"),
    })
    before = snapshot(tmp_path)
    outcome = build_outcome(deep_site, deep_site / "output")
    assert outcome == "built" or "invalid YAML" in outcome, outcome  # NUL is no YAML character: refused
    assert_only_output_changed(tmp_path, before, deep_site / "output")


@pytest.mark.parametrize("number", [yaml_quoted("../../x"), "-3", "1.5", "10000000000000000000000", "[1]", "0x1F"])
def test_a_number_that_is_not_a_plain_number_is_refused_or_kept_inside(deep_site, tmp_path, number):
    write_files(deep_site, {"content/episodes/001-a.md": episode_file(number, "A", "**Ada:** hi\n")})  # type: ignore[arg-type]
    before = snapshot(tmp_path)
    outcome = build_outcome(deep_site, deep_site / "output")
    assert outcome == "built" or "`number` must be a whole number" in outcome, outcome
    assert_only_output_changed(tmp_path, before, deep_site / "output")


@pytest.mark.parametrize("name", ["..md", " .md", "\x1b[0m.md", "new\nline.md", "a\\..\\b.md", "-.md", "CON.md"])
def test_episode_file_names_become_safe_urls_or_an_error(deep_site, tmp_path, name):
    write_files(deep_site, {f"content/episodes/{name}": episode_file(1, "A", "**Ada:** hi\n")})
    before = snapshot(tmp_path)
    outcome = build_outcome(deep_site, deep_site / "output")
    assert outcome == "built" or "the file name gives no URL for the page" in outcome, outcome
    assert_only_output_changed(tmp_path, before, deep_site / "output")


# --- import -------------------------------------------------------------------------------------

def assert_only_episodes_changed(root: Path, before: dict[str, bytes], site: Path) -> None:
    folder = (site / "content" / "episodes").relative_to(root).as_posix() + "/"
    new = changed(before, snapshot(root))
    assert all(k.startswith(folder) for k in new), f"written outside content/episodes/: {sorted(new)}"
    assert all(re.fullmatch(r"\d{3,}(-[a-z0-9-]*[a-z0-9])?\.md", k.removeprefix(folder)) for k in new), new


@pytest.mark.parametrize("value", HOSTILE_PATHS)
def test_import_writes_only_nnn_slug_files_into_the_episodes_folder(deep_site, tmp_path, value):
    clean = value.replace("\n", " ").replace("\0", "")
    write_files(tmp_path / "in", {
        "page.txt": f"Ada Host\n\nEpisode 3: {clean}\n\nTranscript\n\nAda Host: {clean}\n",
        "004-x.md": f"---\ntitle: {yaml_quoted(value)}\nnumber: 4\nhosts: [{yaml_quoted(value)}]\n---\n\n"
                    f"**{clean}:** hello\n",
        "talk.vtt": f"WEBVTT\n\n00:00.000 --> 00:01.000\n<v {clean}>hello\n",
    })
    before = snapshot(tmp_path)
    outcomes = []
    for file, extra in (("page.txt", []), ("004-x.md", []), ("talk.vtt", ["--number", "5", "--title", value])):
        outcomes.append(cli.main(["-q", "--site", str(deep_site), "import", str(tmp_path / "in" / file), *extra]))
    assert set(outcomes) <= {0, 1}  # written, or refused with a message: never a crash
    assert_only_episodes_changed(tmp_path, before, deep_site)


def test_a_slug_in_an_imported_files_front_matter_is_refused_before_anything_is_written(deep_site, tmp_path):
    write_files(tmp_path / "in", {"003-x.md": "---\ntitle: X\nnumber: 3\nslug: ../../../escaped\n---\n\n**Ada:** hi\n"})
    before = snapshot(tmp_path)
    with pytest.raises(SiteError) as error:
        import_files(deep_site, [tmp_path / "in" / "003-x.md"], load_config(deep_site))
    assert str(error.value) == (f"{tmp_path}/in/003-x.md:4: `slug` must be lowercase letters, digits and '-', "
                                f"not '../../../escaped'")
    assert snapshot(tmp_path) == before


# --- links in content/ ----------------------------------------------------------------------------

SECRET = "the launch code is 0000"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the site holding an episode file and a transcript that are not the site's."""
    folder = tmp_path / "outside"
    write_files(folder, {"002-secret.md": episode_file(2, "Secret", f"**Ada:** {SECRET}\n"),
                         "episodes/003-other.md": episode_file(3, "Other", f"**Ada:** {SECRET}\n"),
                         "004-secret.txt": f"Episode 4: Secret\n\nTranscript\n\nAda Host: {SECRET}\n"})
    return folder


def output_text(output: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in output.rglob("*") if p.is_file())


def test_an_episode_file_linking_outside_the_site_is_skipped_with_a_warning(make_site, tmp_path, outside, caplog):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada:** hi\n"),
                      "drafts/005-inside.md": episode_file(5, "Inside", "**Ada:** linked from inside\n")})
    (site / "content/episodes/002-secret.md").symlink_to(outside / "002-secret.md")
    (site / "content/episodes/005-inside.md").symlink_to(site / "drafts/005-inside.md")  # inside: followed
    before = snapshot(tmp_path)
    with caplog.at_level(logging.WARNING):
        result = build(site, tmp_path / "output")
    assert result.episodes == 2
    assert SECRET not in output_text(tmp_path / "output")
    assert "linked from inside" in (tmp_path / "output/episodes/005-inside/index.html").read_text(encoding="utf-8")
    assert f"content/episodes/002-secret.md: links to {outside / '002-secret.md'}, outside the site; skipped" \
        in caplog.messages
    assert_only_output_changed(tmp_path, before, tmp_path / "output")


def test_an_episodes_folder_linking_outside_the_site_is_not_read_and_import_refuses_it(make_site, tmp_path, outside):
    site = make_site({})
    (site / "content").mkdir()
    (site / "content/episodes").symlink_to(outside / "episodes", target_is_directory=True)
    result = build(site, tmp_path / "output")
    assert result.episodes == 0 and SECRET not in output_text(tmp_path / "output")
    write_files(tmp_path / "in", {"006-new.txt": "Episode 6: New\n\nTranscript\n\nAda Host: hello\n"})
    before = snapshot(tmp_path)
    with pytest.raises(SiteError) as error:
        import_files(site, [tmp_path / "in/006-new.txt"], load_config(site))
    assert str(error.value) == (f"{site}/content/episodes: links to {outside / 'episodes'}, outside the site; "
                                "import writes only inside the site")
    assert snapshot(tmp_path) == before


def test_import_never_replaces_a_link_to_a_file_outside_the_site(make_site, tmp_path, outside):
    site = make_site({})
    (site / "content/episodes").mkdir(parents=True)
    (site / "content/episodes/002-secret.md").symlink_to(outside / "002-secret.md")
    write_files(tmp_path / "in", {"002-secret.txt": "Episode 2: Secret\n\nTranscript\n\nAda Host: new text\n"})
    before = snapshot(tmp_path)
    with pytest.raises(SiteError) as error:
        import_files(site, [tmp_path / "in/002-secret.txt"], load_config(site), force=True)
    assert str(error.value) == (f"{site}/content/episodes/002-secret.md: links to {outside / '002-secret.md'}, "
                                "outside the site; not replacing it with episode 2")
    assert snapshot(tmp_path) == before


def test_a_fifo_or_folder_named_like_an_episode_is_skipped_not_waited_on(make_site, tmp_path):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada:** hi\n")})
    os.mkfifo(site / "content/episodes/002-pipe.md")
    (site / "content/episodes/003-folder.md").mkdir()
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "--site", str(site), "--output",
                          str(tmp_path / "output")], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "warning: content/episodes/002-pipe.md: not a file; skipped" in run.stderr
    assert "warning: content/episodes/003-folder.md: not a file; skipped" in run.stderr
    assert (tmp_path / "output/episodes/001-a/index.html").is_file()


def test_an_inbox_transcript_linking_outside_the_site_is_not_imported(make_site, tmp_path, outside):
    site = make_site({})
    (site / "content/transcripts").mkdir(parents=True)
    (site / "content/transcripts/004-secret.txt").symlink_to(outside / "004-secret.txt")
    assert cli.main(["-q", "--site", str(site), "--output", str(tmp_path / "output")]) == 0  # the CLI reads the inbox
    assert not list((site / "content").rglob("004-*.md"))
    assert SECRET not in output_text(tmp_path / "output")


def test_an_extra_page_linking_outside_the_site_is_not_published(make_site, tmp_path):
    write_files(tmp_path / "outside", {"leak.md": f"---\ntitle: Leak\n---\n\n{SECRET}\n"})
    site = make_site({"content/pages/about.md": "---\ntitle: About\n---\n\nhello\n"})
    (site / "content/pages/leak.md").symlink_to(tmp_path / "outside/leak.md")
    build(site, tmp_path / "output")
    assert SECRET not in output_text(tmp_path / "output")


def test_a_theme_static_file_linking_outside_the_theme_is_not_published(make_site, tmp_path, outside, caplog):
    site = make_site({"site_config.yaml": "title: T\nbase_url: https://example.org/\ntheme: mine\n",
                      "themes/mine/static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
                      "content/episodes/001-a.md": episode_file(1, "A", "**Ada:** hi\n")})
    (site / "themes/mine/static/leak.txt").symlink_to(outside / "002-secret.md")
    (site / "themes/mine/static/same.svg").symlink_to(site / "themes/mine/static/logo.svg")  # inside: followed
    with caplog.at_level(logging.WARNING):
        build(site, tmp_path / "output")
    assert SECRET not in output_text(tmp_path / "output")
    assert not (tmp_path / "output/static/leak.txt").exists()
    assert (tmp_path / "output/static/same.svg").read_bytes() == (site / "themes/mine/static/logo.svg").read_bytes()
    assert any(m.endswith(f"leak.txt: links to {outside / '002-secret.md'}, outside the theme; not published")
               for m in caplog.messages)


def test_a_theme_whose_static_folder_links_out_or_loops_publishes_nothing_from_there(make_site, tmp_path, outside,
                                                                                   caplog):
    site = make_site({"site_config.yaml": "title: T\nbase_url: https://example.org/\ntheme: mine\n",
                      "themes/mine/templates/.keep": "",
                      "content/episodes/001-a.md": episode_file(1, "A", "**Ada:** hi\n")})
    (site / "themes/mine/static").symlink_to(outside, target_is_directory=True)
    with caplog.at_level(logging.WARNING):
        build(site, tmp_path / "output")
    assert SECRET not in output_text(tmp_path / "output")
    assert not (tmp_path / "output/static/002-secret.md").exists()
    assert any("002-secret.md: links to" in m and "outside the theme; not published" in m for m in caplog.messages)
    # A loop of links in static/ is skipped with a warning, not a crash.
    static = site / "themes/mine/static"
    static.unlink()
    static.mkdir()
    (static / "loop1").symlink_to(static / "loop2")
    (static / "loop2").symlink_to(static / "loop1")
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        build(site, tmp_path / "output")
    assert any(m.endswith("loop1: a link that leads to no file; not published") for m in caplog.messages)
