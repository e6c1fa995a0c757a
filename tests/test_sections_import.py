"""Import gives every long enough episode sections, from the best source it has: the transcript's
headings, a chapters file (given, or beside the transcript), or else found in the text; found
sections are marked, shown as such, and never replace the sections a podcaster edited."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from shownotes.config import load_config
from shownotes.content import parse_episode
from shownotes.errors import SiteError
from shownotes.importer import ImportRequest, import_files
from shownotes.model import format_time
from shownotes.pipeline import build

from .conftest import episode_file, soup
from .test_segment import ENGLISH, FILLER, interview

TURNS, STARTS = interview(ENGLISH, FILLER, timed=True)


def vtt(turns=TURNS) -> str:
    """The made-up interview as WebVTT: one cue a turn, a minute each."""
    cues = [f"{format_time(t.time)}.000 --> {format_time(t.time + 59)}.000\n<v {t.speaker}>{t.paragraphs[0]}"
            for t in turns]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


@pytest.fixture
def site(make_site):
    return make_site({})


@pytest.fixture
def transcripts(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


def run(site: Path, *files: Path, force: bool = False, **request):
    return import_files(site, list(files), load_config(site), force=force, request=ImportRequest(**request))


def headings(path: Path) -> list[str]:
    return [line[3:] for line in path.read_text(encoding="utf-8").split("\n") if line.startswith("## ")]


def test_a_transcript_without_headings_gets_sections_found_in_its_text(site, transcripts, caplog):
    (transcripts / "007-baking-and-stars.vtt").write_text(vtt(), encoding="utf-8")
    with caplog.at_level(logging.DEBUG, logger="shownotes"):
        [result] = run(site, transcripts / "007-baking-and-stars.vtt")
    text = result.path.read_text(encoding="utf-8")
    assert "\nsections: found\n" in text
    assert len(headings(result.path)) == 3
    assert f"{transcripts / '007-baking-and-stars.vtt'}: episode 7: 3 sections found automatically in the text " \
           "(no headings or chapters)" in caplog.messages
    loaded = parse_episode(text, result.path, load_config(site))
    assert loaded.sections_found and loaded.sections == result.episode.sections
    assert [s.time for s in loaded.sections] == [TURNS[i].time for i in STARTS]


def test_the_page_says_the_sections_were_found_and_their_times_become_chapters(site, transcripts, tmp_path):
    (transcripts / "007-baking-and-stars.vtt").write_text(vtt(), encoding="utf-8")
    [result] = run(site, transcripts / "007-baking-and-stars.vtt")
    build(site, tmp_path / "out")
    folder = tmp_path / "out" / "episodes" / result.path.stem
    page = soup(folder / "index.html")
    assert page.select_one(".toc-note").get_text() == "Sections found automatically"
    assert [a.get_text() for a in page.select("nav.toc a")] == headings(result.path)
    chapters = json.loads((folder / "chapters.json").read_text(encoding="utf-8"))["chapters"]
    assert [(c["startTime"], c["title"]) for c in chapters] == [(TURNS[i].time, h)
                                                                for i, h in zip(STARTS, headings(result.path))]


def test_a_short_transcript_keeps_no_sections(site, transcripts):
    (transcripts / "008-short.vtt").write_text(vtt(TURNS[:4]), encoding="utf-8")
    [result] = run(site, transcripts / "008-short.vtt")
    assert headings(result.path) == [] and "sections:" not in result.path.read_text(encoding="utf-8")


def test_a_chapters_file_beside_the_transcript_comes_before_found_sections(site, transcripts, caplog):
    (transcripts / "007-baking.vtt").write_text(vtt(), encoding="utf-8")
    (transcripts / "007-baking.chapters.txt").write_text("00:00 Bread\n00:14:00 Stars\n00:28:00 Money\n",
                                                         encoding="utf-8")
    with caplog.at_level(logging.DEBUG, logger="shownotes"):
        [result] = run(site, transcripts / "007-baking.vtt", transcripts / "007-baking.chapters.txt")
    assert headings(result.path) == ["Bread", "Stars", "Money"]
    assert "sections:" not in result.path.read_text(encoding="utf-8")
    assert (f"{transcripts / '007-baking.vtt'}: episode 7: 3 sections from the chapters in "
            f"{transcripts / '007-baking.chapters.txt'}") in caplog.messages
    assert (f"{transcripts / '007-baking.chapters.txt'}: a chapters file, read with the transcript beside it; "
            "not imported on its own") in caplog.messages


def test_chapters_json_in_a_folder_of_one_transcript_is_its_chapters(site, transcripts):
    (transcripts / "007-baking.vtt").write_text(vtt(), encoding="utf-8")
    (transcripts / "chapters.json").write_text('{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Bread"},'
                                               ' {"startTime": 840, "title": "Stars"}]}', encoding="utf-8")
    [result] = run(site, transcripts / "007-baking.vtt")
    assert headings(result.path) == ["Bread", "Stars"]
    (transcripts / "008-other.vtt").write_text(vtt(), encoding="utf-8")  # now it could belong to either
    [result] = run(site, transcripts / "008-other.vtt")
    assert result.episode.sections_found


def test_the_transcript_s_headings_come_before_a_chapters_file_beside_it(site, transcripts):
    body = "\n\n".join(f"**{t.speaker}:** {t.paragraphs[0]}" for t in TURNS)
    (transcripts / "009-talk.md").write_text(f"# Episode 9: Talk\n\n## Opening\n\n{body}\n", encoding="utf-8")
    (transcripts / "009-talk.chapters.txt").write_text("00:00 Bread\n", encoding="utf-8")
    [result] = run(site, transcripts / "009-talk.md")
    assert headings(result.path) == ["Opening"] and not result.episode.sections_found


def test_chapters_given_come_before_a_chapters_file_beside_the_transcript(site, transcripts, tmp_path):
    (transcripts / "007-baking.vtt").write_text(vtt(), encoding="utf-8")
    (transcripts / "007-baking.chapters.txt").write_text("00:00 Bread\n", encoding="utf-8")
    (tmp_path / "mine.txt").write_text("00:00 Mine\n", encoding="utf-8")
    [result] = run(site, transcripts / "007-baking.vtt", chapters=tmp_path / "mine.txt")
    assert headings(result.path) == ["Mine"]


def test_reimporting_keeps_the_sections_the_podcaster_edited(site, transcripts):
    source = transcripts / "007-baking.vtt"
    source.write_text(vtt(), encoding="utf-8")
    [result] = run(site, source)
    path = result.path
    first, second, third = headings(path)
    edited = path.read_text(encoding="utf-8").replace(f"## {first}", "## Baking Bread").replace(f"## {third}\n\n", "")
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(SiteError) as error:
        run(site, source)
    assert "edited by hand since it was imported" in str(error.value)
    [result] = run(site, source, force=True)
    assert result.action == "updated"
    assert headings(path) == ["Baking Bread", second]
    assert path.with_name(path.name + ".bak").read_text(encoding="utf-8") == edited
    assert [r.action for r in run(site, source)] == ["unchanged"]  # and so it stays


def test_reimporting_changed_words_finds_sections_again(site, transcripts):
    source = transcripts / "007-baking.vtt"
    source.write_text(vtt(), encoding="utf-8")
    [result] = run(site, source)
    path = result.path
    path.write_text(path.read_text(encoding="utf-8").replace(f"## {headings(path)[0]}", "## Mine"), encoding="utf-8")
    source.write_text(vtt().replace("flour", "rye flour"), encoding="utf-8")
    run(site, source, force=True)
    assert "Mine" not in headings(path) and len(headings(path)) == 3


def test_an_episode_file_may_say_its_sections_were_found(make_site, tmp_path):
    body = "## Bread\n\n**Host:** Flour.\n"
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", body, "sections: found\n"),
                      "content/episodes/002-b.md": episode_file(2, "B", body)})
    build(site, tmp_path / "out")
    assert soup(tmp_path / "out/episodes/001-a/index.html").select_one(".toc-note") is not None
    assert soup(tmp_path / "out/episodes/002-b/index.html").select_one(".toc-note") is None


def test_sections_takes_only_found(make_site, tmp_path):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Host:** Hi.\n", "sections: mine\n")})
    with pytest.raises(SiteError) as error:
        build(site, tmp_path / "out")
    assert str(error.value) == (f"{Path('content/episodes/001-a.md')}:4: `sections` can only be `found` (sections "
                                "found automatically at import); delete the line once they are yours")


def test_an_episode_file_imported_as_a_transcript_has_headings_of_its_own(site, transcripts, tmp_path):
    """Its `sections: found` is the file's, like `transcript:`; imported, its headings are the transcript's."""
    (transcripts / "007-baking.vtt").write_text(vtt(), encoding="utf-8")
    [first] = run(site, transcripts / "007-baking.vtt")
    other = tmp_path / "other"
    other.mkdir()
    (other / "site_config.yaml").write_text("title: Other\n", encoding="utf-8")
    [again] = run(other, first.path)
    assert again.episode.sections == first.episode.sections and not again.episode.sections_found


def test_found_sections_carry_the_anchors_their_page_gives_them(site, transcripts, tmp_path):
    (transcripts / "007-baking.vtt").write_text(vtt(), encoding="utf-8")
    [result] = run(site, transcripts / "007-baking.vtt")
    build(site, tmp_path / "out")
    page = soup(tmp_path / "out" / "episodes" / result.path.stem / "index.html")
    assert [s.anchor for s in result.episode.sections] == [h["id"] for h in page.select(".transcript h2")]
    assert [t.anchor for s in result.episode.sections for t in s.turns] == [t["id"] for t in page.select(".turn")]


def test_captions_without_speakers_or_punctuation_get_three_sections(site, transcripts):
    """Twenty minutes of automatic captions: no names, no full stops, so one paragraph of no one."""
    words = [w for t in TURNS for w in t.paragraphs[0].lower().replace(".", "").replace("?", "").split()]
    cues = [f"{format_time(i * 4)}.000 --> {format_time(i * 4 + 4)}.000\n{' '.join(words[i * 8:i * 8 + 8])}"
            for i in range(len(words) // 8)]
    (transcripts / "010-captions.vtt").write_text("WEBVTT\n\n" + "\n\n".join(cues) + "\n", encoding="utf-8")
    [result] = run(site, transcripts / "010-captions.vtt")
    titles = headings(result.path)
    assert len(titles) >= 3 and len(set(titles)) == len(titles) and all(titles)
    loaded = parse_episode(result.path.read_text(encoding="utf-8"), result.path, load_config(site))
    assert " ".join(p for s in loaded.sections for t in s.turns for p in t.paragraphs).split() == words[:len(cues) * 8]
