"""The search index: one shard script per episode and a manifest, safe inside <script>, built with the site."""
from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import given, strategies as st

from shownotes import search_index
from shownotes.config import load_config
from shownotes.pipeline import build
from shownotes.views import EpisodeView

from .conftest import episode_file, episode_views, load_episodes

EP2_SLUG = "002-netgate-secure-networking-software-with-jamie-thompson"
SHARD_START = "window.ShownotesSearch.add("
MANIFEST_START = "window.ShownotesSearch.manifest("
HOSTILE = 'He typed </script><script>alert("x")</script> and <!-- a comment --> & more\u2028next line'


def payload(data: bytes, start: str = SHARD_START) -> dict:
    """The JSON inside a shard or manifest script."""
    text = data.decode("utf-8")
    assert text.startswith(start) and text.endswith(");\n"), text[:80]
    return json.loads(text[len(start):-3])


def views_of(site: Path) -> list[EpisodeView]:
    config = load_config(site)
    episodes = load_episodes(site, config)
    return episode_views(episodes)




def test_the_sample_has_a_shard_per_episode_and_a_manifest_newest_first(sample_output):
    manifest = payload((sample_output / "search/manifest.js").read_bytes(), MANIFEST_START)
    assert manifest == {"shards": [
        f"search/{EP2_SLUG}.js",
        "search/001-anaconda-python-data-science-platform-with-peter-wang.js",
        "search/000-intro-and-words-from-our-sponsor-the-linux-journal.js",
    ]}
    for shard in manifest["shards"]:
        assert (sample_output / shard).is_file()


def test_a_shard_holds_every_section_with_the_anchor_its_page_gives_it(sample_output):
    shard = payload((sample_output / f"search/{EP2_SLUG}.js").read_bytes())
    assert shard["number"] == 2
    assert shard["title"] == "Netgate – Secure Networking Software with Jamie Thompson"
    assert shard["url"] == f"episodes/{EP2_SLUG}/index.html"
    assert shard["description"].startswith("Jamie Thompson is the President of Netgate")
    assert shard["people"] == ["Michael Schwartz", "Jamie Thompson", "Jim Thompson"]
    opening, *titled = shard["sections"]
    assert (opening["heading"], opening["anchor"]) == (None, "")
    assert opening["turns"][0][0] == "Michael Schwartz"
    page = BeautifulSoup((sample_output / shard["url"]).read_text(encoding="utf-8"), "html5lib")
    ids = [h["id"] for h in page.select(".transcript h2")]
    assert [s["anchor"] for s in titled] == ids
    debt = next(s for s in titled if any("credit card debt" in text for _, text in s["turns"]))
    assert debt["anchor"] == "how-did-you-figure-out-how-to-vertically-integrate-and-self-fund"
    assert ["Jim Thompson", "A lot of credit card debt."] in debt["turns"]


def test_script_breaking_text_is_escaped_and_reads_back_unchanged(make_site):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A </script> title", f"""\
        **Ada Host:** {HOSTILE}

        ## Quoting <!-- markup -->

        **Ada Host:** Second paragraph, with a [link](https://example.org/x) and **bold**.
        """)})
    path, data = search_index.episode_shard(views_of(site)[0])
    text = data.decode("utf-8")
    assert path == "search/001-a.js"
    for unsafe in ("<", ">", "&", "\u2028", "\u2029"):
        assert unsafe not in text
    shard = payload(data)
    assert shard["title"] == "A </script> title"
    assert shard["sections"][0]["turns"] == [["Ada Host", HOSTILE]]
    assert shard["sections"][1]["heading"] == "Quoting <!-- markup -->"
    assert shard["sections"][1]["anchor"] == "quoting-markup"
    assert shard["sections"][1]["turns"] == [["Ada Host", "Second paragraph, with a link and bold."]]


def test_repeated_headings_get_the_pages_numbered_anchors_and_untitled_text_links_to_the_top(make_site):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", """\
        Unattributed opening words.

        ## Questions

        **Ada Host:** First round.

        ## Questions

        **Bo Guest:** Second round.
        """)})
    shard = search_index.shard_data(views_of(site)[0])
    assert [(s["heading"], s["anchor"]) for s in shard["sections"]] == [
        (None, ""), ("Questions", "questions"), ("Questions", "questions-2")]
    assert shard["sections"][0]["turns"] == [[None, "Unattributed opening words."]]
    assert shard["people"] == ["Ada Host", "Bo Guest"]


def test_an_episode_without_a_transcript_is_still_found_by_title(make_site):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "Only a title", "", "description: Soon.\n")})
    shard = search_index.shard_data(views_of(site)[0])
    assert (shard["title"], shard["description"], shard["sections"]) == ("Only a title", "Soon.", [])


def test_adding_an_episode_rewrites_only_its_shard_and_the_manifest(make_site, tmp_path):
    site = make_site({
        "content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** One.\n"),
        "content/episodes/002-b.md": episode_file(2, "B", "**Ada Host:** Two.\n"),
    })
    output = tmp_path / "output"
    build(site, output)
    (site / "content/episodes/003-c.md").write_text(episode_file(3, "C", "**Ada Host:** Three.\n"), encoding="utf-8")
    written = build(site, output).report.written
    assert sorted(name for name in written if name.startswith("search/")) == ["search/003-c.js", "search/manifest.js"]


def test_one_shard_is_made_without_the_others(make_site):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** One.\n")})
    alone = search_index.episode_shard(views_of(site)[0])
    (site / "content/episodes/002-b.md").write_text(episode_file(2, "B", "**Ada Host:** Two.\n"), encoding="utf-8")
    views = views_of(site)
    assert search_index.episode_shard(views[1]) == alone
    assert search_index.manifest(views)[0] == search_index.MANIFEST


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**70, max_value=2**70) | st.text(st.characters(blacklist_categories=("Cs",))),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@given(JSON_VALUES)
def test_script_json_is_the_standard_library_s_json_made_script_safe(value):
    """orjson writes the shards; its bytes must be json.dumps's, escaped the same way."""
    expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for unsafe, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                            ("\u2029", "\\u2029")):
        expected = expected.replace(unsafe, escaped)
    assert search_index.script_json(value) == expected.encode("utf-8")
