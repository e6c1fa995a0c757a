"""The fast reader gives what the reference reader (Python-Markdown) gives on every body it accepts:
the same HTML byte for byte, table of contents, sections, turns and anchors."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from bs4 import BeautifulSoup

from shownotes import fast_markup
from shownotes.front_matter import split as split_front_matter
from shownotes.markup import make_renderer, render

from .conftest import REPO

CORPUS_SCRIPT = REPO / "tests" / "corpus.py"
REFERENCE = make_renderer()


def anchors(sections) -> list:
    """Each section's and turn's anchor: Section and Turn leave them out of equality."""
    return [(s.anchor, [t.anchor for t in s.turns]) for s in sections]


def check_lines(body: str, first_line: int, sections) -> None:
    """Each section starts at its heading's line, each turn at its first paragraph's (or label's) line."""
    lines = body.split("\n")
    for section in sections:
        if section.heading is not None:
            assert lines[section.line - first_line] == f"## {section.heading}"
        for turn in section.turns:
            label = f"**{turn.speaker}:** " if turn.speaker is not None else ""
            assert lines[turn.line - first_line] == label + turn.paragraphs[0]


def check_same(body: str, first_line: int = 7) -> bool:
    """True when the fast path took the body (and then its HTML must match the reference
    renderer's exactly, its sections, turns and anchors too, and its lines be right)."""
    fast = fast_markup.read(body, first_line)
    if fast is not None:
        reference = render(REFERENCE, body)
        assert fast.html == reference.html
        assert fast.toc == reference.toc
        assert fast.sections == reference.sections
        assert anchors(fast.sections) == anchors(reference.sections)
        check_lines(body, first_line, fast.sections)
        assert fast_markup.read_body(body, first_line) == fast
        if fast.words is not None:
            assert fast.words == sum(len(p.split()) for s in reference.sections for t in s.turns for p in t.paragraphs)
    return fast is not None


def bodies(folder: Path) -> list[tuple[str, str]]:
    return [(path.name, split_front_matter(path.read_text(encoding="utf-8"), path)[1])
            for path in sorted(folder.glob("*.md"))]


def test_sample_site_takes_the_fast_path_and_matches():
    taken = [name for name, body in bodies(REPO / "content/episodes") if check_same(body)]
    assert len(taken) == 3


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    subprocess.run([sys.executable, str(CORPUS_SCRIPT), "--episodes", "1000", "--out", str(out),
                    "--format", "markdown"], check=True, capture_output=True)
    return out / "content" / "episodes"


@pytest.mark.slow
def test_whole_benchmark_corpus_matches(corpus):
    results = [check_same(body) for _, body in bodies(corpus)]
    assert len(results) == 1000 and all(results)  # every corpus episode is the regular shape
    assert all(fast_markup.read(body).words for _, body in bodies(corpus)[:50])  # and its words are counted


def test_every_other_white_space_character_is_known():
    """Words are counted by spaces only where no other white space could split them."""
    other = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace() and chr(c) != " " and c >= 32}
    assert other == set(fast_markup._OTHER_SPACE)


def test_test_fixtures_match():
    fixtures = [p for p in (REPO / "tests").rglob("*.md") if "broken" not in p.relative_to(REPO / "tests").parts
                and p.read_text(encoding="utf-8").startswith("---\n")]  # tests/broken/ holds files meant to fail
    for path in fixtures:
        body = split_front_matter(path.read_text(encoding="utf-8"), path)[1]
        check_same(body)


WORDS = st.sampled_from([
    "plain", "words", "R&D", "&amp;", "&copy;", "24/7", "a > b", "a < b", "<b>bold</b>", "*em*", "**strong**",
    "_under_", "snake_case", "`code`", "[link](http://x.org)", "[laughs]", "![img](x.png)", "<http://x.org>",
    "\\*", "café", "naïve", "“quoted”", "it’s", "–", "—", "日本語", "😀", "#", "##", "1.", "-", "+", ">", "|",
    "~~~", "```", "\t", "  ", " ", "\"", "'", "=", "---", "***", "&#65;", "x_y_z", "1)", "{", "}",
    "a\xa0b", "\u2003", "x\u2028y", "\u3000", "\x85",
])
TEXT = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)
NAME = st.sampled_from(["Ada", "Jamie Thompson", "Jo de la Cruz", "R&D Bot", "O’Brien", "A>B", 'Q"uote', "Zoë"])
BLOCK = st.one_of(
    TEXT.map(lambda t: "## " + t),
    st.tuples(NAME, TEXT).map(lambda p: f"**{p[0]}:** {p[1]}"),
    TEXT,
)
SEPARATOR = st.sampled_from(["\n\n", "\n\n\n", "\n", " \n\n", "\n\n  "])


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(BLOCK, SEPARATOR), max_size=12))
def test_generated_bodies_match_or_fall_back(blocks):
    body = "".join(block + separator for block, separator in blocks)
    check_same(body)


@given(st.lists(st.tuples(NAME, st.text(st.characters(blacklist_categories=("Cs",)), min_size=1)), max_size=6))
def test_arbitrary_text_in_turns_matches_or_falls_back(turns):
    check_same("\n\n".join(f"**{name}:** {text}" for name, text in turns) + "\n")


@pytest.mark.parametrize("body", [
    "**Zoë O’Brien:** R&D costs > 24/7 “support” – it’s café time 日本語 😀\n\nmore \"quoted\" 'text'\n",
    "**Ada Lovelace:** a\u2009thin space\xa0and\u3000others\n\n## A Heading Of Words\n\nno one\n\n**Bo:** x\n",
    "## Q&A: What’s Next?\n\n**A>B:** x\n\n## Q&A: What’s Next?\n\nno speaker here\n",
    "plain opening\n\n**Ada:** hi\n\n\n\n## Héllo Wörld\n",
    "",
])
def test_regular_bodies_take_the_fast_path(body):
    assert check_same(body)


@pytest.mark.parametrize("body", [
    "**Ada:** *emphasis*\n", "**Ada:** [x](http://y)\n", "## H\n\n- list\n", "**Ada:** &copy;\n", "---\n",
    "**Ada:** a\nb\n", "    code\n", "**Ada:** `code`\n", "**Ada:** <b>x</b>\n",
    # A star anywhere but a turn label, and white space at either end of a name or a text.
    "## Five * Three\n", "**Ada:** 5 * 3\n", "**Ada:** hi\n\nnot **bold\n", "**Ada:** hi\n\n**Bo:**\n",
    "**Ada :** x\n", "** Ada:** x\n", "**Ada:** x \n", "**Ada:** x\xa0\n", "\xa0**Ada:** x\n", "**Ada:**  x\n",
    "**Ada:** x\n\nsaid\u2003\n", "## Title \n", "**Ada:** x\n\n \n\n**Bo:** y\n",
    # A heading with white space other than a space: the reference's contents write it as a space.
    "## Q\u2028A\n\n**Ada:** hi\n", "## Q\xa0A\n",
])
def test_anything_else_goes_to_the_reference_renderer(body):
    assert fast_markup.read(body) is None


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(BLOCK, SEPARATOR), max_size=12))
def test_the_model_names_every_turn_and_section_by_the_id_it_has_on_the_page(blocks):
    body = "".join(block + separator for block, separator in blocks)
    read = fast_markup.read_body(body)
    page = BeautifulSoup(read.html, "html5lib")
    assert [t.anchor for s in read.sections for t in s.turns] == [div["id"] for div in page.select(".turn")]
    headings = {h["id"] for h in page.select("h2")}
    assert all(s.anchor in headings for s in read.sections if s.heading is not None)
