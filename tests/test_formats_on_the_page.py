"""Timestamps on the page: a turn's time links to the turn, every turn has its own stable anchor,
and an episode with audio gets a player the times seek."""
from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from shownotes import fast_markup
from shownotes.anchors import Anchors, clock
from shownotes.markup import make_renderer, render
from shownotes.pipeline import build

from .conftest import episode_file

RENDERER = make_renderer()
BODY = """An opening paragraph of no one.

**Ada:** [00:01:02.500] Hello & welcome.

A second paragraph of Ada's.

\\[00:09] typed as text, not a time.

**Bob:** [00:01:02] The same second.

[01:03:04] A timed turn of no one.

## Turn 3

**Ada:** Untimed.
"""


def page(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html5lib")


def anchors(body: str) -> list[str]:
    return [div["id"] for div in page(render(RENDERER, body).html).select(".turn")]


def test_every_turn_has_an_anchor_and_a_time_links_to_it():
    html = page(render(RENDERER, BODY).html)
    turns = html.select(".turn")
    assert [t["id"] for t in turns] == ["turn_1", "t=01:02", "t=01:02-2", "t=1:03:04", "turn_5"]
    assert [s.get_text() if (s := t.select_one("b")) else None for t in turns] == [None, "Ada:", "Bob:", None, "Ada:"]
    links = html.select("a.timestamp")
    assert [(a["href"], a["data-time"], a.get_text()) for a in links] == [
        ("#t=01:02", "62.5", "01:02"), ("#t=01:02-2", "62", "01:02"), ("#t=1:03:04", "3784", "1:03:04")]
    assert turns[1].select("p")[0].get_text() == "Ada: 01:02 Hello & welcome."
    assert turns[1].select("p")[2].get_text() == "[00:09] typed as text, not a time."
    assert html.select_one("h2")["id"] == "turn-3"  # a heading's slug never takes a turn's anchor


def test_anchor_rule():
    anchors = Anchors()
    assert [anchors.turn(t) for t in [0.0, 59.9, 60, None, 3600, 60.4, None]] == [
        "t=00:00", "t=00:59", "t=01:00", "turn_4", "t=1:00:00", "t=01:00-2", "turn_7"]
    assert [anchors.heading(h) for h in ["Intro", "Intro", "", "Turn 4"]] == ["intro", "intro-2", "section", "turn-4"]


def test_the_model_has_the_anchors_and_times_the_page_has():
    read = render(RENDERER, BODY)
    turns = [t for s in read.sections for t in s.turns]
    assert [(t.anchor, t.speaker, t.time) for t in turns] == [
        ("turn_1", None, None), ("t=01:02", "Ada", 62.5), ("t=01:02-2", "Bob", 62.0), ("t=1:03:04", None, 3784.0),
        ("turn_5", "Ada", None)]
    assert turns[1].paragraphs == ("Hello & welcome.", "A second paragraph of Ada's.", "[00:09] typed as text, not a time.")
    assert [(s.heading, s.anchor) for s in read.sections] == [(None, None), ("Turn 3", "turn-3")]
    assert clock(3599.99) == "59:59"


def test_anchors_stay_put_when_later_text_changes_and_timed_ones_when_earlier_turns_do():
    before = anchors(BODY)
    assert anchors(BODY.replace("Untimed.", "Untimed, and now longer.")) == before
    assert anchors(BODY.replace("A second paragraph of Ada's.", "A rewritten paragraph.")) == before
    fewer = anchors(BODY.replace("An opening paragraph of no one.\n\n", ""))
    assert fewer == ["t=01:02", "t=01:02-2", "t=1:03:04", "turn_4"]


def test_the_fast_renderer_gives_the_same_anchors():
    body = "plain opening\n\n**Ada:** hi\n\nmore\n\n## Next\n\nno speaker here\n\n**Bob:** yes\n"
    fast = fast_markup.read(body)
    assert fast is not None and fast.html == render(RENDERER, body).html
    assert anchors(body) == ["turn_1", "turn_2", "turn_3", "turn_4"]


def site_with(make_site, extra: str):
    return make_site({"content/episodes/001-a.md": episode_file(
        1, "A", "**Ada Host:** [00:00:05] Hi.\n\n**Bob Guest:** [00:01:10] Hello.\n", extra=extra)})


def test_with_audio_the_page_has_a_player_and_loads_the_script(make_site, tmp_path):
    build(site_with(make_site, "audio: {url: media/a.mp3}\nguests: [Bob Guest]\n"), tmp_path)
    html = page((tmp_path / "episodes/001-a/index.html").read_text(encoding="utf-8"))
    player = html.select_one("audio#episode-player")
    assert player["src"] == "../../media/a.mp3" and "controls" in player.attrs
    assert [s["src"] for s in html.select("script[src]") if "player" in s["src"]] == ["../../static/player.js"]
    assert [a["href"] for a in html.select(".transcript a.timestamp")] == ["#t=00:05", "#t=01:10"]
    assert (tmp_path / "static/player.js").is_file()


def test_without_audio_times_are_plain_anchors_and_no_script_loads(make_site, tmp_path):
    build(site_with(make_site, ""), tmp_path)
    html = page((tmp_path / "episodes/001-a/index.html").read_text(encoding="utf-8"))
    assert html.select_one("audio") is None
    assert not [s for s in html.select("script[src]") if "player" in s["src"]]
    for link in html.select("a.timestamp"):
        assert html.find(id=link["href"][1:]) is not None
    index = page((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert not [s for s in index.select("script[src]") if "player" in s["src"]]


def test_an_audio_url_with_a_scheme_is_used_as_it_is(make_site, tmp_path):
    build(site_with(make_site, "audio: {url: 'https://cdn.example.org/a.mp3'}\n"), tmp_path)
    html = page((tmp_path / "episodes/001-a/index.html").read_text(encoding="utf-8"))
    assert html.select_one("audio")["src"] == "https://cdn.example.org/a.mp3"


@pytest.mark.parametrize("name", ["000-intro-and-words-from-our-sponsor-the-linux-journal",
                                  "002-netgate-secure-networking-software-with-jamie-thompson"])
def test_sample_pages_have_no_player_and_every_turn_an_anchor(tmp_path_factory, name):
    output = tmp_path_factory.mktemp("sample")
    build(Path(__file__).resolve().parent.parent, output)
    html = page((output / "episodes" / name / "index.html").read_text(encoding="utf-8"))
    assert html.select_one("audio") is None
    ids = [t["id"] for t in html.select(".turn")]
    assert ids == [f"turn_{n}" for n in range(1, len(ids) + 1)]
