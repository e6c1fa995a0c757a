"""Episode <-> Markdown: escaping, the fixed key order, and the import -> load round trip."""
from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, strategies as st

from shownotes.config import SiteConfig
from shownotes.content import parse_episode
from shownotes.episode_markdown import escape, is_hand_edited, unescape
from shownotes.importer import episode_text, parse_transcript
from shownotes.markup import make_renderer, render
from shownotes.model import Episode, Section, Turn

from .conftest import SAMPLE

CONFIG = SiteConfig(title="Open Source Underdogs", host=("Michael Schwartz",),
                    aliases={"Jaimie Thompson": "Jamie Thompson"})

text_lines = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).map(str.strip).filter(bool)


TRICKY = ["&copy; 2024", "a &amp; b", "<http://x.org>", "&lt;", "<b>x</b>", "&#65;", "5 * 3", "_x_", "`code`",
          "[x](http://a)", "![i](x.png)", "[x]: http://a", "1) one", "* item", "# no", "---", "a\\*b", "~~s~~"]


def tricky(test):
    for text in TRICKY:
        test = example(text)(test)
    return test


@tricky
@given(text_lines)
def test_escape_round_trips(text):
    assert unescape(escape(text)) == text


@tricky
@given(text_lines)
def test_escaped_text_renders_as_its_own_characters(text):
    """What a transcript says shows on the page as typed: no emphasis, links, lists or headings."""
    from bs4 import BeautifulSoup

    html = render(make_renderer(), escape(text)).html
    shown = BeautifulSoup(html, "html.parser").get_text()
    assert " ".join(shown.split()) == " ".join(text.split())


def test_sample_round_trip_import_markdown_load():
    for episode in parse_transcript(SAMPLE, CONFIG):
        text = episode_text(episode)
        loaded = parse_episode(text, Path(f"{episode.slug}.md"), CONFIG)
        assert loaded == episode
        assert not is_hand_edited(text)


def test_front_matter_keys_in_fixed_order():
    episode = Episode(number=4, title="T: “quoted” & more", slug="004-t", description="D", hosts=("H",),
                      guests=("G",), speakers=("H", "G"), has_transcript=False)
    lines = episode_text(episode).splitlines()
    keys = [line.split(":")[0] for line in lines[1:lines.index("---", 1)]]
    assert keys == ["title", "number", "description", "hosts", "guests", "speakers", "transcript", "import_checksum"]
    assert lines[1] == "title: 'T: “quoted” & more'"


def test_markup_in_a_transcript_survives_the_round_trip():
    turns = (Turn("Host", ("5 * 3 = 15, snake_case, [laughs], <b>bold</b>", "# not a heading", "1. not a list")),)
    episode = Episode(number=1, title="T", slug="001-t", hosts=("Host",), speakers=("Host",),
                      sections=(Section("C# And .NET", turns),))
    loaded = parse_episode(episode_text(episode), Path("001-t.md"), SiteConfig(title="x", host=("Host",)))
    assert loaded.sections == episode.sections


def test_hand_edit_is_detected():
    episode = parse_transcript(SAMPLE, CONFIG)[0]
    text = episode_text(episode)
    assert is_hand_edited(text.replace("Founder Story", "Founder’s Story"))
