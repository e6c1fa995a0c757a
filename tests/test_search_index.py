"""The search index: split by term into chunks, a text file per section, safe inside <script>,
and made incrementally: adding an episode rewrites only what its terms touch."""
from __future__ import annotations

import json
import random
import shutil
import subprocess
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, strategies as st

from shownotes import search_chunks, search_index
from shownotes.config import load_config
from shownotes.pipeline import build
from shownotes.views import EpisodeView

from .conftest import REPO, episode_file, episode_views, load_episodes

EP2_SLUG = "002-netgate-secure-networking-software-with-jamie-thompson"
HOSTILE = 'He typed </script><script>alert("x")</script> and <!-- a comment --> & more\u2028next line'


def call(data: bytes) -> tuple[str, list]:
    """The function a search script calls, and its arguments."""
    text = data.decode("utf-8")
    assert text.startswith("window.ShownotesSearch.") and text.endswith(");\n"), text[:80]
    name, arguments = text[len("window.ShownotesSearch."):-3].split("(", 1)
    return name, json.loads(f"[{arguments}]", strict=False)  # packed data holds control characters


def seven_bit(packed: str) -> bytes:
    """The bytes of search_index.seven_bit's string (as JavaScript reads it), read as search.js reads them."""
    size = len(packed) - -(-len(packed) // 8)
    high = packed[size:]
    return bytes(ord(packed[j]) | ((ord(high[j // 7]) >> (6 - j % 7)) & 1) << 7 for j in range(size))


def unpack(packed: str, words: bytes = b"") -> bytes:
    """Seven bits a character, then raw deflate after the dictionary `words`: as search.js unpacks."""
    data = seven_bit(packed)
    inflater = zlib.decompressobj(-15, zdict=words) if words else zlib.decompressobj(-15)
    return inflater.decompress(data) + inflater.flush()


def dictionary(output: Path) -> bytes:
    """The site's search dictionary, from search/dictionary.js."""
    name, (packed,) = call((output / search_index.DICTIONARY_PATH).read_bytes())
    assert name == "dictionary"
    return unpack(packed)


def read_text(data: bytes, words: bytes) -> dict:
    """A text file, unpacked as search.js unpacks it, given the site's dictionary."""
    name, (identity, packed) = call(data)
    assert name == "text"
    fields = dict(zip(search_index.TEXT_FIELDS, json.loads(unpack(packed, words)), strict=True))
    fields["sections"] = [dict(zip(search_index.SECTION_FIELDS, s, strict=True)) for s in fields["sections"]]
    number, file = map(int, identity.split("/"))
    return {"number": number, "file": file, **fields}


def section_text(files: dict[str, bytes], episode: int, section: int, words: bytes) -> dict:
    """What search.js shows of one section: its episode's fields and its own, from the file holding it."""
    text = read_text(files[search_index.text_path(episode, section // search_index.TEXTS_A_FILE)], words)
    return {**text, **text["sections"][section % search_index.TEXTS_A_FILE]}


def output_files(output: Path) -> dict[str, bytes]:
    """The search text files of a built site, by output path."""
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in (output / "search").glob("[0-9]*/*.js")}


def decode(postings: str) -> list[tuple[int, int, int]]:
    """(episode number, section, impact) of every posting, read as search.js reads them."""
    values, value, scale = [], 0, 1
    for char in postings:
        digit = search_index.DIGITS.index(char)
        value += (digit & 31) * scale
        scale *= 32
        if not digit & 32:
            values.append(value)
            value, scale = 0, 1
    found, episode, i = [], -1, 0
    while i < len(values):
        episode += values[i] + 1
        count, i = values[i + 1], i + 2
        for _ in range(count):
            found.append((episode, values[i], values[i + 1]))
            i += 2
    return found


def lookup(output: Path, term: str) -> list:
    """The term's entry, [sections holding it, postings], from the chunk search.js would load."""
    _, (meta,) = call((output / "search/index.js").read_bytes())
    chunk = search_chunks.group(term) & (meta["chunks"] - 1)
    _, (number, terms) = call((output / f"search/c/{chunk}.js").read_bytes())
    assert number == chunk
    return terms[term]


def views_of(site: Path) -> list[EpisodeView]:
    config = load_config(site)
    return episode_views(load_episodes(site, config))


def test_a_term_s_chunk_points_at_the_section_that_says_it_with_the_anchor_its_page_gives_it(sample_output):
    sections, postings = lookup(sample_output, "debt")
    episode, section, _ = next(p for p in decode(postings) if p[0] == 2)
    text = section_text(output_files(sample_output), episode, section, dictionary(sample_output))
    assert text["number"] == 2 and text["url"] == f"episodes/{EP2_SLUG}/index.html"
    assert text["anchor"] == "how-did-you-figure-out-how-to-vertically-integrate-and-self-fund"
    assert ["Jim Thompson", "A lot of credit card debt."] in text["turns"]
    page = BeautifulSoup((sample_output / text["url"]).read_text(encoding="utf-8"), "html5lib")
    assert page.find(id=text["anchor"]).name == "h2"


def test_the_opening_carries_the_episode_s_title_description_and_people(sample_output):
    opening = section_text(output_files(sample_output), 2, 0, dictionary(sample_output))
    assert (opening["heading"], opening["anchor"]) == (None, "")
    assert opening["title"] == "Netgate – Secure Networking Software with Jamie Thompson"
    assert opening["description"].startswith("Jamie Thompson is the President of Netgate")
    assert opening["turns"][0][0] == "Michael Schwartz"
    assert (2, 0) in [p[:2] for p in decode(lookup(sample_output, "netgate")[1])]


def test_the_summary_counts_every_section_and_sizes_the_chunks(sample_output):
    _, (meta,) = call((sample_output / "search/index.js").read_bytes())
    words = dictionary(sample_output)
    texts = [read_text(data, words) for data in output_files(sample_output).values()]
    assert meta["documents"] == sum(len(text["sections"]) for text in texts)
    assert meta["textsAFile"] == search_index.TEXTS_A_FILE
    assert all(len(text["sections"]) == search_index.TEXTS_A_FILE for text in texts
               if text["file"] + 1 < sum(t["number"] == text["number"] for t in texts))  # only an episode's last is short
    chunks = list((sample_output / "search/c").glob("*.js"))
    assert len(chunks) <= meta["chunks"] and meta["chunks"] & (meta["chunks"] - 1) == 0
    assert max(p.stat().st_size for p in chunks) < 4 * search_chunks.CHUNK_BYTES


def test_script_breaking_text_is_escaped_and_reads_back_unchanged(make_site):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A </script> title", f"""\
        **Ada Host:** {HOSTILE}

        ## Quoting <!-- markup -->

        **Ada Host:** Second paragraph, with a [link](https://example.org/x) and **bold**.
        """)})
    views = views_of(site)
    words = search_index.dictionary([view.model for view in views])
    files, _, _ = search_index.episode_search(views[0], words)
    for data in [*files.values(), search_index.dictionary_file(words)]:
        for unsafe in ("</", "<!", "\u2028", "\u2029"):
            assert unsafe not in data.decode("utf-8")
    opening, quoting = section_text(files, 1, 0, words), section_text(files, 1, 1, words)
    assert opening["title"] == "A </script> title"
    assert opening["turns"] == [["Ada Host", HOSTILE]]
    assert (quoting["heading"], quoting["anchor"]) == ("Quoting <!-- markup -->", "quoting-markup")
    assert quoting["turns"] == [["Ada Host", "Second paragraph, with a link and bold."]]


def test_repeated_headings_get_the_page_s_numbered_anchors_and_a_heading_first_gets_an_opening(make_site):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", """\
        ## Questions

        **Ada Host:** First round.

        ## Questions

        **Bo Guest:** Second round.
        """)})
    docs = search_index.documents(views_of(site)[0])
    assert [(d.heading, d.anchor) for d in docs] == [(None, ""), ("Questions", "questions"), ("Questions", "questions-2")]
    assert docs[0].turns == [] and docs[0].fields["speakers"] == "Ada Host\nBo Guest"


def test_the_dictionary_holds_the_show_s_common_words_and_names_the_commonest_last(make_site):
    site = make_site({f"content/episodes/00{n}-e.md": episode_file(n, f"E{n}", f"""\
        **Ada Host:** Welcome back to the show, everyone. Welcome back.

        **Bo Guest:** Thanks, Ada. Onceonly{n} words here.
        """) for n in range(1, 6)})
    episodes = [view.model for view in reversed(views_of(site))][:search_index.DICTIONARY_EPISODES]
    words = search_index.dictionary(episodes).decode("utf-8")
    assert '"Ada Host",' in words and '"Bo Guest",' in words
    assert "Welcome " in words and "back " in words and "Onceonly" not in words
    assert words.endswith("Welcome ")  # said twice in a turn of every episode: the commonest
    many = [replace(episodes[0], sections=episodes[0].sections * 2000)]
    assert len(search_index.dictionary(many)) <= search_index.DICTIONARY_BYTES


def test_a_text_packed_after_the_dictionary_is_smaller_and_reads_back_the_same(sample_output):
    words = dictionary(sample_output)
    assert words
    for data in output_files(sample_output).values():
        packed = call(data)[1][1]
        value = json.loads(unpack(packed, words))
        assert len(search_index.packed(value, words)) < len(search_index.packed(value, b"")) or len(packed) < 200


def test_an_episode_without_a_transcript_is_still_found_by_title(make_site):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "Only a title", "", "description: Soon.\n")})
    files, sections, found = search_index.episode_search(views_of(site)[0], b"")
    assert list(files) == ["search/1/0.js"] and sections == 1
    assert {"only", "title", "soon", "episode"} <= set(found)


def test_a_word_weighs_more_in_a_title_or_heading_than_in_the_text():
    in_text = search_index.impacts({"text": "we talked about kubernetes and more things today"})["kubernetes"]
    in_heading = search_index.impacts({"heading": "Kubernetes"})["kubernetes"]
    in_title = search_index.impacts({"title": "Episode 3 Kubernetes"})["kubernetes"]
    in_speakers = search_index.impacts({"speakers": "Kubernetes"})["kubernetes"]
    assert in_title > in_heading > in_speakers > in_text > 0


def merged_whole(episodes: list[search_chunks.EpisodeTerms]) -> dict[str, tuple[int, str]]:
    """Every part search_chunks.merge makes, as one dict: the whole index."""
    return {term: value for part in search_chunks.merge(episodes) for term, value in part.items()}


@pytest.mark.parametrize("chunk_bytes", [10**9, 200])
def test_every_term_is_in_the_chunk_search_js_looks_in_sorted_and_whole(monkeypatch, chunk_bytes):
    """Chunks are made a part at a time; with fewer chunks than parts (one chunk here) a chunk
    gathers several parts. Either way each term is in chunk crc32(term) % count, as merged."""
    monkeypatch.setattr(search_chunks, "CHUNK_BYTES", chunk_bytes)
    words = [f"word{i}x" for i in range(300)]
    episodes = [search_chunks.pack(n, 2, search_index.episode_terms(
        [search_index.Document(None, "", {"text": " ".join(words[n::3])}, []),
         search_index.Document("Part", "part", {"text": " ".join(words[:n * 20])}, [])])) for n in range(1, 4)]
    files = search_chunks.chunk_files(episodes)
    meta = json.loads(files[search_chunks.META].decode()[len("window.ShownotesSearch.meta("):-3])
    assert (meta["chunks"] == 1) == (chunk_bytes > 1000) and meta["chunks"] >= (32 if chunk_bytes < 1000 else 1)
    found = {}
    for name, data in files.items():
        if name.startswith("search/c/"):
            n, entries = json.loads("[" + data.decode()[len("window.ShownotesSearch.chunk("):-3] + "]")
            assert list(entries) == sorted(entries)
            for term, entry in entries.items():
                assert search_chunks.group(term) % meta["chunks"] == n
                found[term] = tuple(entry)
    assert found == merged_whole(episodes) and len(found) == len(words)


def test_a_rare_word_carries_its_postings_in_its_first_letters_list_as_in_its_chunk():
    """A misspelt rare word is found from its word list alone: "zebras" (one section) is listed as
    zebras:sections:postings, the entry of its chunk, in the "pzeb" list and by name alone in the
    "sras" list; "common", said in every section of many episodes, is listed by name only."""
    episodes = [search_chunks.pack(n, 1, search_index.episode_terms(
        [search_index.Document(None, "", {"text": "common words" + (" zebras" if n == 7 else "")}, [])]))
        for n in range(1, 40)]
    files = search_chunks.chunk_files(episodes)
    entries, lists = {}, {}
    for name, data in files.items():
        if name.startswith(search_chunks.CHUNK_FOLDERS):
            _, (n, found) = call(data)
            (entries if name.startswith("search/c/") else lists).update(found)
    sections, postings = entries["zebras"]
    assert len(postings) <= search_chunks.INLINE_UP_TO < len(entries["common"][1])
    assert f"zebras:{sections}:{postings}" in lists["pzeb"].split(" ")
    assert "zebras" in lists["sras"].split(" ") and "common" in lists["pcom"].split(" ")


def test_the_summary_names_the_words_said_in_over_half_the_sections():
    """Three episodes of two sections: "every" is in all six, "four" in four, "half" in three (not
    over half), "once" in one. Only the first two are the show's common words."""
    said = {1: ["every four half once", "every four"], 2: ["every four half", "every"], 3: ["every half", "every four"]}
    episodes = [search_chunks.pack(n, 2, search_index.episode_terms(
        [search_index.Document(None if i == 0 else f"Part {i}", "" if i == 0 else f"part-{i}", {"text": text}, [])
         for i, text in enumerate(texts)])) for n, texts in said.items()]
    files = search_chunks.chunk_files(episodes)
    meta = json.loads(files[search_chunks.META].decode()[len("window.ShownotesSearch.meta("):-3])
    assert meta["documents"] == 6 and meta["common"] == "every four"
    assert search_chunks.is_common(4, 6) and not search_chunks.is_common(3, 6)


def test_a_term_said_in_many_episodes_keeps_the_episodes_where_it_weighs_most(monkeypatch):
    monkeypatch.setattr(search_chunks, "EVERY_SECTION_UP_TO", 1)
    monkeypatch.setattr(search_chunks, "EPISODES_A_TERM", 2)
    episodes = [search_chunks.pack(n, 1, search_index.episode_terms(
        [search_index.Document(None, "", {"text": "open " * n + "filler words here"}, [])])) for n in range(1, 5)]
    merged = merged_whole(episodes)
    sections, postings = merged["open"]
    assert sections == 4
    assert [p[0] for p in decode(postings)] == [3, 4]  # said most often
    assert [p[0] for p in decode(merged["filler"][1])] == [1, 2]  # said once, in the shortest sections


def test_a_term_said_in_few_episodes_keeps_every_section_and_in_many_only_the_best(monkeypatch):
    monkeypatch.setattr(search_chunks, "EVERY_SECTION_UP_TO", 2)
    docs = [search_index.Document(None, "", {"text": f"topic {'word ' * i}"}, []) for i in range(6)]
    found = search_index.episode_terms(docs)
    assert found["topic"][0] == 6
    few = merged_whole([search_chunks.pack(n, 6, found) for n in (1, 2)])
    assert [p[:2] for p in decode(few["topic"][1])] == [(n, s) for n in (1, 2) for s in range(6)]
    many = merged_whole([search_chunks.pack(n, 6, found) for n in (1, 2, 3)])
    assert [p[:2] for p in decode(many["topic"][1])] == [(n, s) for n in (1, 2, 3) for s in range(3)]  # shortest
    assert many["topic"][0] == 18


def test_numbers_read_back():
    for value in (0, 1, 31, 32, 1023, 1024, 10**9):
        postings = "A" + search_index.number(1) + search_index.number(value) + search_index.number(1)
        assert decode(postings) == [(0, value, 1)]


def test_adding_an_episode_rewrites_its_texts_and_only_the_chunks_of_its_terms(make_site, tmp_path, monkeypatch):
    monkeypatch.setattr(search_chunks, "CHUNK_BYTES", 300)  # many chunks from a small site
    files = {f"content/episodes/{n:03d}-e.md": episode_file(n, f"Episode about topic{n}", f"""\
        **Ada Host:** We talk about common things and topic{n} here.

        ## Part {n}

        **Bo Guest:** More common things, and word{n}.
        """) for n in range(1, 40)}
    site = make_site(files)
    output = tmp_path / "output"
    build(site, output)
    (site / "content/episodes/040-e.md").write_text(episode_file(40, "Brand new", "**Ada Host:** Zebra crossing.\n"),
                                                    encoding="utf-8")
    written = {n for n in build(site, output).report.written if n.startswith("search/")}
    _, (meta,) = call((output / "search/index.js").read_bytes())
    said = {"brand", "new", "episode", "40", "ada", "host", "zebra", "crossing"}
    chunks = {f"search/c/{search_chunks.group(t) & (meta['chunks'] - 1)}.js" for t in said}
    keys = {"p" + t[:3] for t in said if len(t) >= 3} | {"s" + t[-3:] for t in said if len(t) >= 5}
    lists = {f"search/w/{search_chunks.group(k) & (meta['words'] - 1)}.js" for k in keys}
    assert {n for n in written if n.startswith("search/40/")} == {"search/40/0.js"}
    assert written - {"search/40/0.js", "search/index.js"} <= chunks | lists
    assert meta["chunks"] > 1 and len(chunks) < meta["chunks"]
    clean = tmp_path / "clean"
    build(site, clean)
    assert {p.relative_to(clean): p.read_bytes() for p in clean.rglob("*") if p.is_file()} == \
        {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**70, max_value=2**70) | st.text(st.characters(blacklist_categories=("Cs",))),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@given(JSON_VALUES)
def test_script_json_is_the_standard_library_s_json_made_script_safe(value):
    """orjson writes the search files; its bytes must be json.dumps's, escaped the same way."""
    expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for unsafe, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                            ("\u2029", "\\u2029")):
        expected = expected.replace(unsafe, escaped)
    assert search_index.script_json(value) == expected.encode("utf-8")


@given(st.binary(max_size=600))
def test_seven_bit_reads_back_every_byte_string_and_is_a_plain_ascii_string(data):
    literal = search_index.seven_bit(data)
    assert literal.isascii() and b"</" not in literal and b"<!" not in literal and b"\n" not in literal
    assert seven_bit(json.loads(literal.decode("ascii"), strict=False)) == data
    assert len(literal) <= 2 + len(data) + -(-len(data) // 7) + 5 * literal.count(b"\\u003c") + literal.count(b"\\")


UNPACK_CHECK = """
var window = globalThis;
%s
var cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
Promise.all(cases.map(function (c) {
  return unpack(c.packed, sevenBit(c.words)).then(function (value) { return JSON.stringify(value); });
})).then(function (found) { console.log(JSON.stringify(found)); });
"""


def test_search_js_unpacks_what_the_build_packs_at_every_length():
    """search.js's seven bits a character and its stored-block dictionary, run in Node on what
    search_index.packed wrote: every length modulo 7 and 8 (the high bits' last character), and
    dictionaries across the 255/256 bytes of LEN."""
    from .test_feed import IN_CI

    if shutil.which("node") is None:
        if IN_CI:
            pytest.fail("CI=true: node is needed to run search.js's unpacking")
        pytest.skip("node is not installed")
    source = (REPO / "themes/default/static/search.js").read_text(encoding="utf-8")
    functions = source[source.index("  // Seven bits a character"):source.index("  // The text of the sections to show")]
    rng = random.Random(5)
    cases, expected = [], []
    for size in [*range(20), 100, 255, 256, 257, 8192]:
        words = "".join(rng.choice(["the ", "and ", "Zoë ", "said, ", "“quoted” "]) for _ in range(size)).encode()[:size]
        words = words.decode("utf-8", "ignore").encode()
        value = ["Title ‹%d›" % size, "episodes/x/index.html", "", [[None, "", [["Ada", words.decode()[:size // 2] + "🎙"]]]]]
        cases.append({"packed": json.loads(search_index.packed(value, words).decode(), strict=False),
                      "words": json.loads(search_index.seven_bit(words).decode(), strict=False)})
        expected.append(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    result = subprocess.run(["node", "-e", UNPACK_CHECK % functions], input=json.dumps(cases), capture_output=True,
                            text=True, timeout=60, check=True)
    assert json.loads(result.stdout) == expected
