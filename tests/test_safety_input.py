"""Odd but valid input reads correctly: byte-order marks, UTF-16, CRLF, names and text full of Markdown;
trusted HTML only where the site says so."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from shownotes import cli
from shownotes.config import load_config
from shownotes.episode_markdown import body, escape, unescape
from shownotes.errors import SiteError
from shownotes.importer import import_files
from shownotes.markup import make_renderer, render
from shownotes.model import Section, Turn
from shownotes.pipeline import build
from shownotes.textfile import decode

from .conftest import episode_file, write_files, load_episodes

EPISODE = episode_file(1, "Café – “naïve” 日本語", "**Zoë O’Brien:** Ça va? 😀\n\n## Œuvre\n\n**Zoë O’Brien:** Oui.\n")
ENCODINGS = {
    "utf-8 with BOM": codecs.BOM_UTF8 + EPISODE.encode("utf-8"),
    "utf-16-le with BOM": codecs.BOM_UTF16_LE + EPISODE.encode("utf-16-le"),
    "utf-16-be with BOM": codecs.BOM_UTF16_BE + EPISODE.encode("utf-16-be"),
    "utf-8, CRLF": EPISODE.replace("\n", "\r\n").encode("utf-8"),
    "utf-16-le with BOM, CRLF": codecs.BOM_UTF16_LE + EPISODE.replace("\n", "\r\n").encode("utf-16-le"),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_episode_files_with_a_bom_or_crlf_build_to_the_same_page(make_site, tmp_path, encoding):
    site = make_site({"content/episodes/001-a.md": ENCODINGS[encoding]})
    build(site, tmp_path / "out")
    page = BeautifulSoup((tmp_path / "out/episodes/001-a/index.html").read_text(encoding="utf-8"), "html5lib")
    assert page.h1.get_text() == "Café – “naïve” 日本語"
    assert [t.select_one("b").get_text() for t in page.select(".turn")] == ["Zoë O’Brien:", "Zoë O’Brien:"]
    assert page.select_one("h2#œuvre") is not None and "Ça va? 😀" in page.get_text()


@pytest.mark.parametrize("data,line,message", [
    (b"---\ntitle: Caf\xe9\n", 2, "byte 14 (0xe9) is not valid UTF-8"),
    (codecs.BOM_UTF8 + b"---\ntitle: A\r\nnumber: 1\r\n\xff", 4, "byte 28 (0xff) is not valid UTF-8"),
    (codecs.BOM_UTF16_LE + "---\nA\n".encode("utf-16-le") + b"\x00\xdc", 3, "byte 14 (0x00) is not valid UTF-16"),
])
def test_other_bytes_name_the_file_line_and_byte_offset_from_the_start_of_the_file(data, line, message):
    with pytest.raises(SiteError) as error:
        decode(data, Path("f.md"), advice="save the file as UTF-8")
    assert str(error.value) == f"f.md:{line}: {message}; save the file as UTF-8"


LONG_BODY = "**Ada:** " + "word " * 8_000 + "\n"  # well past the part of a file read for its front matter


@pytest.mark.parametrize("data", [
    (episode_file(1, "A", LONG_BODY) + "**Ada:** Caf").encode() + b"\xe9\n",
    episode_file(1, "A", "", "description: " + "long " * 8_000 + "\n").encode() + b"**Ada:** Caf\xe9\n",
], ids=["long body", "long front matter"])
def test_a_bad_byte_past_the_front_matter_of_a_big_file_is_named(make_site, tmp_path, data):
    line = 7
    site = make_site({"content/episodes/001-a.md": data})
    with pytest.raises(SiteError) as error:
        build(site, tmp_path / "out")
    assert str(error.value).startswith(f"content/episodes/001-a.md:{line}: byte {len(data) - 2} (0xe9) is not valid UTF-8")


def test_front_matter_longer_than_the_part_read_first_is_read_whole(make_site, tmp_path):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", LONG_BODY, "description: " + "long " * 8_000 + "\n")})
    build(site, tmp_path / "out")
    assert "long long" in (tmp_path / "out/episodes/001-a/index.html").read_text(encoding="utf-8")


TRANSCRIPT = "Ada Host\n\nEpisode 3: Café Talk\n\nTranscript\n\nAda Host: Bonjour, “café” – naïve.\n"


@pytest.mark.parametrize("data,args", [
    (codecs.BOM_UTF8 + TRANSCRIPT.encode("utf-8"), []),
    (codecs.BOM_UTF16_LE + TRANSCRIPT.encode("utf-16-le"), []),
    (codecs.BOM_UTF16_BE + TRANSCRIPT.replace("\n", "\r\n").encode("utf-16-be"), []),
    (TRANSCRIPT.encode("cp1252"), ["--encoding", "cp1252"]),
])
def test_import_reads_boms_and_an_explicit_encoding(make_site, tmp_path, data, args):
    site = make_site({})
    (tmp_path / "003.txt").write_bytes(data)
    assert cli.main(["-q", "--site", str(site), "import", *args, str(tmp_path / "003.txt")]) == 0
    episode, = load_episodes(site, load_config(site))
    assert episode.title == "Café Talk"
    assert episode.sections[0].turns[0].paragraphs == ("Bonjour, “café” – naïve.",)


def test_force_backs_up_a_hand_edited_utf16_file_byte_for_byte(make_site, tmp_path):
    site = make_site({})
    (tmp_path / "003.txt").write_text(TRANSCRIPT, encoding="utf-8")
    import_files(site, [tmp_path / "003.txt"], load_config(site))
    path = next((site / "content/episodes").glob("003-*.md"))
    edited = codecs.BOM_UTF16_LE + (path.read_text(encoding="utf-8") + "\nMy own note.\n").encode("utf-16-le")
    path.write_bytes(edited)
    with pytest.raises(SiteError, match="edited by hand since it was imported"):
        import_files(site, [tmp_path / "003.txt"], load_config(site))
    assert path.read_bytes() == edited
    import_files(site, [tmp_path / "003.txt"], load_config(site), force=True)
    assert path.with_name(path.name + ".bak").read_bytes() == edited
    assert "My own note." not in path.read_text(encoding="utf-8")


def test_an_unchanged_import_saved_with_a_bom_and_crlf_is_still_unchanged(make_site, tmp_path):
    site = make_site({})
    (tmp_path / "003.txt").write_text(TRANSCRIPT, encoding="utf-8")
    import_files(site, [tmp_path / "003.txt"], load_config(site))
    path = next((site / "content/episodes").glob("003-*.md"))
    resaved = codecs.BOM_UTF8 + path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(resaved)
    result, = import_files(site, [tmp_path / "003.txt"], load_config(site))
    assert result.action == "unchanged" and path.read_bytes() == resaved


NAMES = ["Ada [x](http://evil) <b>_u_ `c`", "A*B", "C\\D", "E#F &amp; G", "Trail:", "x:** y", "a\\", "- dash",
         "1. one", "[00:01] x", "**", "Q&A #", "<script>alert(1)</script>", "Line\nBreak"]


def test_any_speaker_name_round_trips_and_renders_as_itself():
    sections = (Section("Heading ## with # end #", tuple(Turn(n, ("said",)) for n in NAMES)),)
    text = body(sections)
    read = render(make_renderer(), text)
    assert [t.speaker for t in read.sections[0].turns] == [" ".join(n.split()) for n in NAMES]
    assert read.sections[0].heading == "Heading ## with # end #"
    page = BeautifulSoup(read.html, "html5lib")
    assert [s.get_text() for s in page.select(".turn b")] == [" ".join(n.split()) + ":" for n in NAMES]
    assert page.select("a:not(.anchor)") == [] and page.find("em") is None
    assert len(page.find_all("b")) == len(NAMES) and all(label.find(True) is None for label in page.find_all("b"))


@pytest.mark.parametrize("text", ["__0__", "=", "===", "-- -", "--\t-", "- - -", "&__;", "&#65;", "&_a;", "a__b__c",
                                  "snake_case_name", "\\_", "x ---"])
def test_text_markdown_would_misread_renders_and_round_trips(text):
    html = render(make_renderer(), escape(text)).html
    assert " ".join(BeautifulSoup(html, "html.parser").get_text().split()) == text.replace("\t", " ")
    assert unescape(escape(text)) == text


def test_allow_html_is_a_checked_setting_and_off_by_default(make_site):
    assert load_config(make_site({})).allow_html is False
    assert load_config(make_site({"site_config.yaml": "title: T\nallow_html: true\n"})).allow_html is True
    with pytest.raises(SiteError, match=r"site_config.yaml:2: `allow_html` must be true or false"):
        load_config(make_site({"site_config.yaml": "title: T\nallow_html: sometimes\n"}))


TRUSTED_BODY = ('**Ada Host:** See <em>this</em> and <a href="javascript:steal()">that</a> '
                '<a href="https://example.org/">there</a>.\n')


def test_untrusted_sites_show_raw_html_as_text(make_site, tmp_path):
    build(make_site({"content/episodes/001-a.md": episode_file(1, "A", TRUSTED_BODY)}), tmp_path / "out")
    page = BeautifulSoup((tmp_path / "out/episodes/001-a/index.html").read_text(encoding="utf-8"), "html5lib")
    assert page.select_one(".transcript em") is None and "<em>this</em>" in page.select_one(".transcript").get_text()


def test_trusted_sites_keep_raw_html_but_never_a_javascript_url(make_site, tmp_path):
    site = make_site({"site_config.yaml": "title: T\nbase_url: https://example.org/\nallow_html: true\n",
                      "content/episodes/001-a.md": episode_file(1, "A", TRUSTED_BODY)})
    build(site, tmp_path / "out")
    page = BeautifulSoup((tmp_path / "out/episodes/001-a/index.html").read_text(encoding="utf-8"), "html5lib")
    assert page.select_one(".transcript em").get_text() == "this"
    assert [a.get("href") for a in page.select(".transcript a:not(.anchor)")] == [None, "https://example.org/"]


def test_unknown_template_variable_and_syntax_errors_name_the_template_line(make_site, tmp_path):
    site = make_site({"site_config.yaml": "title: T\nbase_url: https://example.org/\ntheme: mine\n",
                      "content/episodes/001-a.md": episode_file(1, "A", "**Ada:** hi\n")})
    write_files(site, {"themes/mine/templates/episode.html": "{% extends 'base.html' %}\n{% block main %}\n"
                                                             "{{ no_such_thing }}\n{% endblock %}\n"})
    with pytest.raises(SiteError) as error:
        build(site, tmp_path / "out")
    assert str(error.value) == f"{site}/themes/mine/templates/episode.html:3: template error: 'no_such_thing' is undefined"
    assert not (tmp_path / "out").exists()
