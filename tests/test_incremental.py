"""Incremental builds: only what changed is redone and rewritten, and the result is always
byte-identical to a clean full build of the same input."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from shownotes import record
from shownotes.errors import SiteError
from shownotes.pipeline import build

from .conftest import REPO

CORPUS_SCRIPT = REPO / "tests" / "corpus.py"
EPISODES = 30  # more than pipeline.PARALLEL_FROM, so worker processes are used


def corpus(folder: Path, *args: str) -> None:
    subprocess.run([sys.executable, str(CORPUS_SCRIPT), *args, "--out", str(folder), "--format", "markdown"],
                   check=True, capture_output=True)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, Path]:
    """A generated site of EPISODES episodes, and the file of the episode that would come next."""
    root = tmp_path_factory.mktemp("generated")
    corpus(root / "site", "--episodes", str(EPISODES))
    shutil.copy(REPO / "site_config.yaml", root / "site" / "site_config.yaml")
    corpus(root / "next", "--start", str(EPISODES + 1), "--episodes", "1")
    [added] = (root / "next" / "content" / "episodes").glob("*.md")
    return root / "site", added


@pytest.fixture
def site(generated, tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(generated[0], copy)
    return copy


def snapshot(output: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(output).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in output.rglob("*") if p.is_file()}


def changed(before: dict[str, tuple[bytes, int]], after: dict[str, tuple[bytes, int]]) -> set[str]:
    """Files written (new mtime), added or removed between two snapshots."""
    return {name for name in before.keys() | after.keys() if before.get(name, (b"", 0))[1] != after.get(name, (b"", 0))[1]}


def clean_build(site: Path, tmp_path: Path, name: str = "clean") -> dict[str, bytes]:
    output = tmp_path / name
    build(site, output)
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()}


def test_a_build_with_nothing_changed_writes_nothing(site):
    output = site / "output"
    first = build(site, output)
    assert first.rendered == EPISODES
    before = snapshot(output)
    again = build(site, output)
    assert (again.rendered, again.report.written, again.report.removed) == (0, (), ())
    assert snapshot(output) == before


def test_adding_one_episode_rewrites_only_it_its_neighbour_and_the_site_wide_files(site, generated, tmp_path):
    output = site / "output"
    build(site, output)
    before = snapshot(output)
    shutil.copy(generated[1], site / "content" / "episodes")
    result = build(site, output)
    assert result.rendered == 2  # the new episode, and the one before it (its "next" link)
    written = changed(before, snapshot(output))
    new_slug = generated[1].stem
    neighbour = sorted(p.stem for p in generated[0].glob("content/episodes/*.md"))[-1]
    other_episodes = {n for n in written if n.startswith("episodes/") and new_slug not in n}
    assert other_episodes == {f"episodes/{neighbour}/index.html"}
    # Search: the new episode's sections, and the chunks and word lists of its terms (most of them,
    # in a small site); no other episode's texts.
    number = EPISODES + 1
    assert {n for n in written if n.startswith("search/") and n.split("/")[1].isdigit()} == \
        {f"search/{number}/{p.stem}" + ".js" for p in (output / "search" / str(number)).glob("*.js")}
    # People pages change only for the people in the new episode (they list it).
    site_wide = {n for n in written if not n.startswith(("episodes/", "search/", "people/", "sw-files/"))}
    assert site_wide == {"index.html", "feed.xml", "sitemap.xml", "sw.js", "sw-files.json"}
    assert {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()} == \
        clean_build(site, tmp_path)


def test_editing_one_episode_redoes_only_that_episode(site, tmp_path):
    output = site / "output"
    build(site, output)
    before = snapshot(output)
    path = sorted((site / "content/episodes").glob("*.md"))[5]
    path.write_text(path.read_text(encoding="utf-8").replace("**Michael Schwartz:**", "**Michael Schwartz:** Well,", 1),
                    encoding="utf-8")
    result = build(site, output)
    assert result.rendered == 1
    written = changed(before, snapshot(output))
    assert f"episodes/{path.stem}/index.html" in written
    assert not any(n.startswith("episodes/") and path.stem not in n for n in written)
    assert {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()} == \
        clean_build(site, tmp_path)


def test_editing_one_of_the_oldest_episodes_packs_every_search_text_again(site, tmp_path):
    """The search dictionary comes from the oldest episodes (search_index.DICTIONARY_EPISODES):
    new words there change it, and every section's text is packed with it."""
    output = site / "output"
    build(site, output)
    before = snapshot(output)
    oldest = sorted((site / "content/episodes").glob("*.md"))[0]
    said = " ".join(["Zyxwvut quarterly roadmap."] * 4)
    oldest.write_text(oldest.read_text(encoding="utf-8").replace("**Michael Schwartz:**", f"**Michael Schwartz:** {said}"),
                      encoding="utf-8")
    assert build(site, output).rendered == EPISODES
    written = changed(before, snapshot(output))
    assert "search/dictionary.js" in written
    assert {n for n in before if n.startswith("search/") and n.split("/")[1].isdigit()} <= written
    assert {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()} == \
        clean_build(site, tmp_path)


def test_touching_a_file_without_changing_it_redoes_nothing(site):
    output = site / "output"
    build(site, output)
    before = snapshot(output)
    path = sorted((site / "content/episodes").glob("*.md"))[3]
    path.write_bytes(path.read_bytes())
    assert build(site, output).rendered == 0
    assert snapshot(output) == before


def test_editing_a_template_redoes_every_page_that_uses_it(site, tmp_path):
    output = site / "output"
    build(site, output)
    theme = site / "themes" / "default" / "templates"
    theme.mkdir(parents=True)
    source = (REPO / "themes/default/templates/episode.html").read_text(encoding="utf-8")
    (theme / "episode.html").write_text(source.replace("</article>", "<p class=\"marker\">x</p></article>"),
                                        encoding="utf-8")
    result = build(site, output)
    assert result.rendered == EPISODES
    assert all('class="marker"' in p.read_text(encoding="utf-8") for p in output.glob("episodes/*/index.html"))
    assert 'class="marker"' not in (output / "index.html").read_text(encoding="utf-8")
    assert {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()} == \
        clean_build(site, tmp_path)


def test_editing_the_config_redoes_everything(site, tmp_path):
    output = site / "output"
    build(site, output)
    config = site / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("title: Open Source Underdogs", "title: Underdogs"),
                      encoding="utf-8")
    result = build(site, output)
    assert result.rendered == EPISODES
    assert all("Underdogs" in p.read_text(encoding="utf-8") for p in output.glob("episodes/*/index.html"))
    assert {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()} == \
        clean_build(site, tmp_path)


def test_removing_an_episode_removes_its_files_and_relinks_its_neighbours(site, tmp_path):
    output = site / "output"
    build(site, output)
    (output / "my-notes.txt").write_text("mine", encoding="utf-8")
    path = sorted((site / "content/episodes").glob("*.md"))[10]
    path.unlink()
    result = build(site, output)
    assert not list(output.glob(f"**/{path.stem}*"))
    assert not (output / "episodes" / path.stem).exists()
    assert f"episodes/{path.stem}/index.html" in result.report.removed
    assert result.report.foreign == ("my-notes.txt",)
    assert (output / "my-notes.txt").read_text() == "mine"
    expected = clean_build(site, tmp_path)
    actual = {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert actual.pop("my-notes.txt") == b"mine"
    assert actual == expected


def test_a_damaged_record_only_means_a_full_build(site, tmp_path):
    output = site / "output"
    build(site, output)
    where = record.place(site, output)
    for path in (where.state, where.outlines):
        path.write_bytes(b"not JSON")
    result = build(site, output)
    assert result.rendered == EPISODES
    assert result.report.written == ()  # every file already had the right bytes


def test_an_output_file_changed_by_hand_is_rebuilt(site):
    output = site / "output"
    build(site, output)
    page = next(output.glob("episodes/*/index.html"))
    good = page.read_bytes()
    page.write_text("broken", encoding="utf-8")
    build(site, output)
    assert page.read_bytes() == good


def test_one_process_or_many_give_the_same_bytes(site, tmp_path):
    build(site, tmp_path / "one", jobs=1)
    build(site, tmp_path / "two", jobs=2)
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one == two


def test_a_second_build_at_once_is_refused_clearly(site):
    output = site / "output"
    where = record.place(site, output)
    record.prepare(where)
    with record.locked(where, output):
        with pytest.raises(SiteError) as error:
            build(site, output)
    message = str(error.value)
    assert message.startswith(f"another build into {output} is running (lock {where.folder}/lock")
    assert message.endswith("); wait for it to finish, then build again")


def test_the_record_lives_in_the_sites_cache_not_in_output(site, tmp_path):
    for output in (site / "output", tmp_path / "elsewhere"):
        build(site, output)
        where = record.place(site, output)
        assert where.folder.parent == site / ".shownotes-cache" and where.state.is_file()
        assert not [p for p in output.rglob("*") if "shownotes" in p.name or p.suffix == ".json" and "state" in p.name]
    assert not (tmp_path / ".shownotes-cache").exists()  # nothing beside an output folder outside the site
    assert (site / ".shownotes-cache" / ".gitignore").read_text().splitlines()[-1] == "*"
