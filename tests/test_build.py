"""End-to-end builds into temp folders, checked with a real HTML parser."""
from __future__ import annotations

import os
import re
from urllib.parse import unquote, urlsplit

import pytest

from shownotes import cli
from shownotes.errors import SiteError
from shownotes.pipeline import build

from .conftest import REPO, episode_file, soup
from .test_page_scrape import EPISODE_1_SECTIONS, EPISODE_2_SECTIONS

EP2 = "episodes/002-netgate-secure-networking-software-with-jamie-thompson/index.html"
EP1 = "episodes/001-anaconda-python-data-science-platform-with-peter-wang/index.html"
EP0 = "episodes/000-intro-and-words-from-our-sponsor-the-linux-journal/index.html"






def test_index_lists_every_episode_newest_first(sample_output):
    page = soup(sample_output / "index.html")
    assert page.h1.get_text() == "Open Source Underdogs"
    items = page.select("li.episode")
    assert [a["href"] for a in page.select("a.episode-link")] == [EP2, EP1, EP0]
    assert "Episode 2" in items[0].get_text() and "Netgate – Secure Networking Software" in items[0].get_text()
    assert items[0].select_one(".episode-description").get_text().startswith("Jamie Thompson is the President")
    assert items[0].select_one(".episode-guests").get_text() == "With Jamie Thompson, Jim Thompson"


@pytest.mark.parametrize("path,sections", [(EP2, EPISODE_2_SECTIONS), (EP1, EPISODE_1_SECTIONS)])
def test_episode_toc_lists_every_section_in_order_and_links_its_anchor(sample_output, path, sections):
    page = soup(sample_output / path)
    toc = page.select("nav.toc a")
    assert [a.get_text() for a in toc] == sections
    headings = page.select(".transcript h2")
    assert [h.find(string=True, recursive=False) for h in headings] == sections
    ids = {el["id"] for el in page.select("[id]")}
    for link, heading in zip(toc, headings):
        assert link["href"] == "#" + heading["id"] and heading["id"] in ids
        assert heading.select_one("a.anchor")["href"] == "#" + heading["id"]


def test_anchor_rule_on_the_sample(sample_output):
    ids = [h["id"] for h in soup(sample_output / EP2).select(".transcript h2")]
    assert "how-much-profit-gets-re-invested-in-rd" in ids
    assert "whats-next-for-netgate" in ids
    assert "how-did-you-figure-out-how-to-vertically-integrate-and-self-fund" in ids
    assert ids[0] == "founder-story"


def test_episode_page_shows_its_details_and_marks_each_speaker(sample_output):
    page = soup(sample_output / EP2)
    assert page.title.get_text() == "Episode 2: Netgate – Secure Networking Software with Jamie Thompson · Open Source Underdogs"
    assert page.select_one(".episode-guests").get_text() == "With Jamie Thompson, Jim Thompson"
    turns = page.select(".turn")
    assert len(turns) == 16 + 20 + 17
    assert {turn.select_one("b").get_text() for turn in turns} == {"Michael Schwartz:", "Jamie Thompson:",
                                                                          "Jim Thompson:"}
    assert not any(turn.has_attr("data-speaker") for turn in turns)  # the name is in the label: once a turn is enough
    assert page.select_one('a[rel="prev"]')["href"] == "../../" + EP1
    assert page.select_one('a[rel="next"]') is None
    assert page.select_one("a.home-link")["href"] == "../../index.html"
    assert "R&D" in page.get_text() and "24/7" in page.get_text()


def test_episode_without_transcript_says_so(sample_output):
    page = soup(sample_output / EP0)
    assert page.select_one(".no-transcript").get_text() == "The transcript of this episode is not available yet."
    assert page.select_one("nav.toc") is None
    assert page.select_one('a[rel="next"]')["href"] == "../../" + EP1


@pytest.mark.slow
def test_every_internal_link_resolves_to_a_file_and_anchor(sample_output):
    # 404.html links from base_url's path on purpose (it is served at any depth): see test_publish.py.
    pages = sorted(p for p in sample_output.rglob("*.html") if p.name != "404.html")
    assert len(pages) == 4 + 4 + 1  # index, 3 episodes, 4 people pages, the About page (content/pages/)
    for page_path in pages:
        page = soup(page_path)
        for el in page.select("[href]:not(link[rel=canonical]), [src]"):  # canonical is absolute by design
            url = el.get("href") or el.get("src")
            parts = urlsplit(url)
            assert not parts.scheme and not url.startswith("/"), f"{page_path}: {url} is not relative"
            target = (page_path.parent / unquote(parts.path)).resolve() if parts.path else page_path
            assert target.is_file(), f"{page_path}: {url} leads nowhere"
            if parts.fragment and target.suffix == ".html":
                assert soup(target).find(id=parts.fragment), f"{page_path}: {url} has no such anchor"


def test_stylesheets_are_written(sample_output):
    assert ".codehilite" in (sample_output / "static/pygments.css").read_text()
    assert (sample_output / "static/style.css").is_file()


def test_same_input_gives_byte_identical_output(tmp_path, sample_output):
    build(REPO, tmp_path)
    first = {p.relative_to(sample_output): p.read_bytes() for p in sample_output.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert first == second


def test_second_build_writes_nothing(tmp_path):
    build(REPO, tmp_path)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    result = build(REPO, tmp_path)
    assert result.report.written == () and result.report.removed == ()
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == before


def test_failed_build_leaves_previous_output_intact(make_site, tmp_path):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** Hi.\n")})
    output = tmp_path / "out"
    build(site, output)
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    (site / "content/episodes/001-a.md").write_text("---\ntitle: A\nnumber: one\n---\n", encoding="utf-8")
    with pytest.raises(SiteError):
        build(site, output)
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == before


def test_removed_episode_is_removed_but_files_put_there_by_hand_stay(make_site, tmp_path):
    site = make_site({f"content/episodes/00{n}-e.md": episode_file(n, f"E{n}", "**Ada Host:** Hi.\n") for n in (1, 2)})
    output = tmp_path / "out"
    build(site, output)
    (output / "notes.txt").write_text("mine", encoding="utf-8")
    (site / "content/episodes/002-e.md").unlink()
    result = build(site, output)
    assert result.report.removed == ("episodes/002-e/index.html", "search/2/0.js")
    assert not (output / "episodes/002-e/index.html").exists()
    assert (output / "notes.txt").read_text() == "mine"
    assert result.report.foreign == ("notes.txt",)


def test_a_site_theme_overrides_one_template_and_falls_back_for_the_rest(make_site, tmp_path):
    site = make_site({
        "site_config.yaml": "title: Show\nhost: Ada Host\ntheme: mine\n",
        "themes/mine/templates/episode.html": '{% extends "base.html" %}{% block main %}<p class="mine">'
                                              "{{ episode.title }}</p>{% endblock %}\n",
        "content/episodes/001-a.md": episode_file(1, "A <b>", "**Ada Host:** Hi.\n"),
    })
    build(site, tmp_path)
    assert soup(tmp_path / "episodes/001-a/index.html").select_one("p.mine").get_text() == "A <b>"
    assert soup(tmp_path / "index.html").select_one("a.episode-link")  # default index.html still used


def test_template_mistakes_name_the_template_and_line(make_site, tmp_path):
    site = make_site({
        "site_config.yaml": "title: Show\ntheme: mine\n",
        "themes/mine/templates/index.html": "<h1>{{ site.title }}</h1>\n<p>{{ site.tagline }}</p>\n",
    })
    with pytest.raises(SiteError) as error:
        build(site, tmp_path / "out")
    [problem] = error.value.problems
    assert str(problem) == f"{site}/themes/mine/templates/index.html:2: template error: `site` has no attribute 'tagline'"
    assert not (tmp_path / "out").exists()


def test_missing_theme_is_an_error(make_site, tmp_path):
    site = make_site({"site_config.yaml": "title: Show\ntheme: nonesuch\n"})
    with pytest.raises(SiteError) as error:
        build(site, tmp_path)
    assert str(error.value) == f"{site}/site_config.yaml:2: theme 'nonesuch' not found: expected a folder themes/nonesuch/ with templates/ inside"


def test_transcript_text_is_never_markup(make_site, tmp_path):
    site = make_site({"content/episodes/001-a.md": episode_file(
        1, "<script>alert(1)</script>", "**Ada Host:** <script>alert(2)</script> [x](javascript:alert(3))\n",
        extra="description: <img src=x onerror=alert(4)>\n")})
    build(site, tmp_path)
    for page in ("index.html", "episodes/001-a/index.html"):
        html = soup(tmp_path / page)
        # The theme's scripts are files; the one inline block is data (its strings), which no browser runs.
        assert html.select_one('script:not([src]):not([type="application/json"])') is None and html.find("img") is None
        assert all(not a.get("href", "").startswith("javascript:") for a in html.find_all("a"))
    assert "<script>alert(2)</script>" in soup(tmp_path / "episodes/001-a/index.html").get_text()


def test_output_is_not_in_git():
    ignored = (REPO / ".gitignore").read_text().split()
    assert "/output/" in ignored and os.path.isdir(REPO / "content/episodes")


@pytest.mark.slow
def test_each_warning_is_said_once_with_worker_processes(make_site, tmp_path, capfd):
    files = {f"content/episodes/{n:03d}-e.md": episode_file(n, f"E{n}", "**Ada Host:** Hi.\n") for n in range(1, 31)}
    files["content/episodes/007-e.md"] = episode_file(7, "E7", "**Ada Host:** Hi.\n", extra="titel: Seven\n")
    site = make_site(files)
    assert cli.main(["--site", str(site), "--output", str(tmp_path / "out")]) == 0
    err = capfd.readouterr().err
    assert err.count("unknown front matter key `titel`; did you mean `title`?") == 1, err


def test_a_long_list_of_episodes_is_paged_from_the_oldest_and_a_new_episode_changes_the_last_page(make_site, tmp_path):
    files = {f"content/episodes/{n:03d}-e.md": episode_file(n, f"E{n}", "**Ada Host:** Hi.\n", "guests: [Bo Guest]\n")
             for n in range(1, 121)}
    site = make_site(files)
    output = tmp_path / "out"
    build(site, output)
    home = soup(output / "index.html")
    assert [a.select_one(".episode-title").get_text() for a in home.select("a.episode-link")][:2] == ["E120", "E119"]
    assert len(home.select("a.episode-link")) == 50
    assert [a.get_text() for a in home.select(".archive a")] == [
        "Latest episodes", "Episodes from 101", "Episodes 51–100", "Episodes 1–50"]
    oldest = soup(output / "archive/1/index.html")
    assert [a["href"] for a in oldest.select("a.episode-link")][-1] == "../../episodes/001-e/index.html"
    assert oldest.select_one('.archive a[aria-current="page"]').get_text() == "Episodes 1–50"
    person = soup(output / "people/bo-guest/3/index.html")
    assert len(person.select("a.episode-link")) == 20
    assert "people/bo-guest/3/" in (output / "sitemap.xml").read_text(encoding="utf-8")
    (site / "content/episodes/121-e.md").write_text(episode_file(121, "E121", "**Ada Host:** Hi.\n"), encoding="utf-8")
    written = build(site, output).report.written
    assert {n for n in written if "archive/" in n} == {"archive/3/index.html"}


def test_the_repository_needs_nothing_outside_it():
    """A clone of the repository alone builds the sample and passes every test: no path the build or the
    tests use leads to ../shared/ (the benchmarks may)."""
    leads_out = re.compile(r"""["'](?:\.\./)+shared\b|["']shared["']""")
    places = [REPO / "build.py", *(REPO / "shownotes").rglob("*.py"), *(REPO / "tests").rglob("*.py"),
              *(REPO / ".ci").iterdir()]
    found = [str(p.relative_to(REPO)) for p in places
             if "node_modules" not in p.parts and leads_out.search(p.read_text(encoding="utf-8"))]
    assert found == []


def test_an_unreadable_body_among_the_oldest_episodes_is_reported_with_every_other_problem(make_site, tmp_path):
    """The search dictionary reads the oldest episodes' bodies before rendering: a problem there
    must not hide the others, which rendering reports all at once."""
    bad_body = "**Ada Host:** " + "words " * 4000 + "\n\n**Ada Host:** \udcff\n"  # past what ordering reads
    files = {f"content/episodes/00{n}-e.md": episode_file(n, f"E{n}", "**Ada Host:** Fine.\n") for n in range(1, 5)}
    for n in (1, 4):
        files[f"content/episodes/00{n}-e.md"] = episode_file(n, f"E{n}", bad_body).encode("utf-8", "surrogateescape")
    site = make_site(files)
    with pytest.raises(SiteError) as raised:
        build(site, tmp_path / "out")
    assert sorted(p.path.name for p in raised.value.problems) == ["001-e.md", "004-e.md"]
