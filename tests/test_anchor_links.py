"""Links into episodes keep working: a renamed or merged section's old anchor stays on its page as
an alias, remembered in content/anchors.json (committed with the site), and a build fails on a
link (in an episode or an extra page) to an episode page or anchor the site does not have, naming
the file and line."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from shownotes import anchor_links
from shownotes.errors import SiteError
from shownotes.model import Section, Turn
from shownotes.pipeline import build

from .conftest import REPO, episode_file, soup

BODY = """\
## Pricing

**Ada Host:** [00:01:00] What does it cost?

**Bob Guest:** [00:02:00] Less than you think.

## Support

**Ada Host:** [00:05:00] And when it breaks?

**Bob Guest:** [00:06:00] We answer the phone.

## Roadmap

**Ada Host:** [00:09:00] What comes next?
"""
PAGE = "episodes/001-a/index.html"


def _site(make_site, body: str = BODY, other: str = "") -> Path:  # type: ignore[no-untyped-def]
    files = {"content/episodes/001-a.md": episode_file(1, "A", body)}
    if other:
        files["content/episodes/002-b.md"] = episode_file(2, "B", other)
    return make_site(files)


def _edit(site: Path, name: str, old: str, new: str) -> None:
    path = site / "content" / "episodes" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _ids(output: Path, page: str = PAGE) -> dict[str, str]:
    """Every id on the page -> the id of the element it leads to (itself, or for an empty alias
    the next element's)."""
    ids = {}
    for element in soup(output / page).find_all(id=True):
        target = element
        if element.name == "span" and not element.contents:
            target = element.find_next(lambda e: e.name != "span" and e.has_attr("id"))
        ids[element["id"]] = target["id"]
    return ids


def test_the_ledger_remembers_each_section_and_the_turn_it_starts_at(make_site, tmp_path):
    site = _site(make_site)
    build(site, tmp_path)
    ledger = json.loads((site / "content" / "anchors.json").read_text(encoding="utf-8"))
    assert ledger == {"episodes/001-a/": {"pricing": "t=01:00", "support": "t=05:00", "roadmap": "t=09:00"}}


def test_a_renamed_section_keeps_its_old_anchor(make_site, tmp_path):
    site = _site(make_site)
    build(site, tmp_path)
    _edit(site, "001-a.md", "## Pricing", "## What it costs")
    build(site, tmp_path)
    ids = _ids(tmp_path)
    assert ids["what-it-costs"] == "what-it-costs"
    assert ids["pricing"] == "what-it-costs"  # the old link lands on the renamed section
    # Renamed again: both older anchors lead to it.
    _edit(site, "001-a.md", "## What it costs", "## Prices")
    build(site, tmp_path)
    ids = _ids(tmp_path)
    assert ids["pricing"] == ids["what-it-costs"] == "prices"


def test_merged_sections_keep_the_old_anchor_on_its_turn_and_a_removed_turn_takes_it_away(make_site, tmp_path):
    site = _site(make_site)
    build(site, tmp_path)
    _edit(site, "001-a.md", "## Support\n\n", "")
    build(site, tmp_path)
    assert _ids(tmp_path)["support"] == "t=05:00"
    _edit(site, "001-a.md", "**Ada Host:** [00:05:00] And when it breaks?\n\n", "")
    build(site, tmp_path)
    assert "support" not in _ids(tmp_path)


def test_a_build_after_a_build_renders_nothing_and_equals_a_clean_build(make_site, tmp_path):
    site = _site(make_site)
    build(site, tmp_path)
    _edit(site, "001-a.md", "## Pricing", "## What it costs")
    build(site, tmp_path)
    again = build(site, tmp_path)
    assert again.rendered == 0 and not again.report.written
    clean = tmp_path.parent / f"{tmp_path.name}-clean"
    shutil.rmtree(site / ".shownotes-cache")
    build(site, clean)
    made = sorted(p.relative_to(clean) for p in clean.rglob("*") if p.is_file())
    assert made == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert all((clean / name).read_bytes() == (tmp_path / name).read_bytes() for name in made)


def test_a_fresh_clone_with_the_ledger_gets_the_same_aliases(make_site, tmp_path):
    site = _site(make_site)
    build(site, tmp_path)
    _edit(site, "001-a.md", "## Pricing", "## What it costs")
    build(site, tmp_path)
    clone = tmp_path.parent / f"{tmp_path.name}-clone"
    shutil.copytree(site / "content", clone / "content")
    shutil.copy(site / "site_config.yaml", clone)
    output = tmp_path.parent / f"{tmp_path.name}-clone-output"
    build(clone, output)
    assert (output / PAGE).read_bytes() == (tmp_path / PAGE).read_bytes()


def test_links_to_a_renamed_section_still_resolve_and_to_a_vanished_anchor_fail(make_site, tmp_path):
    other = ("**Bob Guest:** See [the prices](../001-a/#pricing), [at six](../001-a/#t=06:00) and\n"
             "[on the site](https://example.org/show/episodes/001-a/#roadmap).\n")
    site = _site(make_site, BODY.replace("What does it cost?", "What does it cost? [Support](#support)."), other)
    build(site, tmp_path)
    _edit(site, "001-a.md", "## Pricing", "## What it costs")
    build(site, tmp_path)  # 002's link to #pricing lands on the alias
    _edit(site, "001-a.md", "## Roadmap", "## Next")
    _edit(site, "001-a.md", "**Ada Host:** [00:09:00] What comes next?\n", "")
    with pytest.raises(SiteError) as failed:
        build(site, tmp_path)
    (problem,) = failed.value.problems
    assert str(problem.path) == "content/episodes/002-b.md" and problem.line == 7
    assert "episodes/001-a/#roadmap" in str(problem) and "does not have" in str(problem)


def test_a_link_to_an_episode_the_site_does_not_have_fails(make_site, tmp_path):
    site = _site(make_site, BODY + "\n**Ada Host:** As we said [before](../000-gone/#intro).\n")
    with pytest.raises(SiteError) as failed:
        build(site, tmp_path)
    (problem,) = failed.value.problems
    assert str(problem.path) == "content/episodes/001-a.md" and problem.line == 22
    assert "an episode page the site does not have" in str(problem)


@pytest.mark.parametrize("text, line", [("{\n \"episodes/001-a/\": {\n  \"pricing\": 1,\n", 4),
                                        ('{"episodes/001-a/": ["pricing"]}', None)])
def test_a_damaged_ledger_is_an_error_naming_it(make_site, tmp_path, text, line):
    site = _site(make_site)
    (site / "content" / "anchors.json").write_text(text, encoding="utf-8")
    with pytest.raises(SiteError) as failed:
        build(site, tmp_path)
    (problem,) = failed.value.problems
    assert str(problem.path) == "content/anchors.json" and problem.line == line
    assert "delete it" in str(problem)


def test_the_sample_site_carries_its_ledger():
    """The sample site carries its ledger, as a podcaster's site should: a clone keeps its old anchors."""
    ledger = json.loads((REPO / "content" / "anchors.json").read_text(encoding="utf-8"))
    assert len(ledger) >= 2 and all(page.startswith("episodes/") and page.endswith("/") for page in ledger)


def test_links_are_read_relative_to_the_page_and_to_the_site():
    html = ('<p><a href="#a">x</a> <a href="../002-b/#b">x</a> <a href="../../episodes/003-c/index.html#c">x</a> '
            '<a href="https://example.org/show/episodes/004-d/#d">x</a> <a href="/show/episodes/005-e/#e">x</a> '
            '<a href="https://elsewhere.org/show/episodes/006-f/#f">x</a> <a href="mailto:a@b.c#g">x</a> '
            '<a href="../../../../outside/#h">x</a> <a href="../002-b/">no anchor</a></p>')
    source = "---\ntitle: A\n---\n\n[x](#a)\n[x](../002-b/#b)\n"
    found = anchor_links.links(html, "episodes/001-a/index.html", "https://example.org/show/", source, 1)
    assert {(page, anchor) for _, page, anchor in found} == {
        ("episodes/001-a/index.html", "a"), ("episodes/002-b/index.html", "b"), ("episodes/003-c/index.html", "c"),
        ("episodes/004-d/index.html", "d"), ("episodes/005-e/index.html", "e")}
    lines = {anchor: line for line, _, anchor in found}
    assert lines["a"] == 5 and lines["b"] == 6


def test_aliases_lead_to_the_section_now_starting_at_the_turn():
    def section(title: str | None, anchor: str | None, *turns: str) -> Section:
        return Section(title, tuple(Turn("A", ("x",), 1, None, t) for t in turns), 1, anchor)

    sections = (section("Prices", "prices", "t=01:00", "t=02:00"), section(None, None, "t=05:00"))
    entry = {"pricing": "t=01:00", "prices": "t=01:00", "support": "t=02:00", "gone": "t=30:00"}
    assert anchor_links.aliases(entry, sections) == {"pricing": "prices", "support": "t=02:00"}
    assert anchor_links.with_aliases('<h2 id="prices">P</h2>', {"pricing": "prices"}) == (
        '<span id="pricing"></span><h2 id="prices">P</h2>')


def test_a_link_to_a_draft_fails_until_it_is_published(make_site, tmp_path):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** Next week: [B](../002-b/#b).\n"),
                      "content/episodes/002-b.md": episode_file(2, "B", "## B\n\n**Ada Host:** Soon.\n",
                                                                "draft: true\n")})
    with pytest.raises(SiteError) as failed:
        build(site, tmp_path)
    assert "not published yet" in str(failed.value.problems[0])
    build(site, tmp_path, drafts=True)  # previewed with drafts, the page is there
    _edit(site, "002-b.md", "draft: true\n", "")
    build(site, tmp_path)


def test_an_extra_page_link_to_a_vanished_anchor_fails_with_its_line(make_site, tmp_path):
    site = _site(make_site)
    about = site / "content" / "pages" / "about.md"
    about.parent.mkdir(parents=True)
    about.write_text("---\ntitle: About\n---\n\nOur favourite part:\n[pricing](../../episodes/001-a/#pricing).\n",
                     encoding="utf-8")
    build(site, tmp_path)
    _edit(site, "001-a.md", "## Pricing", "## Prices")
    build(site, tmp_path)  # the alias keeps the page's link working
    about.write_text(about.read_text(encoding="utf-8").replace("#pricing", "#price-list"), encoding="utf-8")
    with pytest.raises(SiteError) as failed:
        build(site, tmp_path)
    (problem,) = failed.value.problems
    assert str(problem.path) == "content/pages/about.md" and problem.line == 6
    assert "episodes/001-a/#price-list" in str(problem)


def test_links_to_turns_pass_by_their_shape(make_site, tmp_path):
    untimed = "## Start\n\n**Ada Host:** One.\n\n**Bob Guest:** Two.\n"
    site = _site(make_site, other=untimed.replace("One.", "One, see [two](#turn_2) and [A](../001-a/#t=05:00)."))
    build(site, tmp_path)
    assert 'href="#turn_2"' in (tmp_path / "episodes/002-b/index.html").read_text(encoding="utf-8")
