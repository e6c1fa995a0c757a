"""Fuzzing import and build: on random text, random front matter and random transcripts, the only
outcomes are a site or a SiteError, whose every problem names what is wrong (never a traceback).
SHOWNOTES_FUZZ_SCALE=N runs N times as many examples.

Whole builds cost a few tenths of a second each, so those run few examples; parsing and rendering
one episode is cheap and runs many."""
from __future__ import annotations

import pytest

import datetime
import json
import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings, strategies as st

from shownotes.config import SiteConfig, load_config
from shownotes.content import parse_episode
from shownotes.errors import SiteError
from shownotes.importer import import_files
from shownotes.markup import make_renderer, render
from shownotes.pipeline import build

from .conftest import MINIMAL_CONFIG, write_files

CONFIG = SiteConfig(title="Fuzz", host=("Ada Host",))
RENDERER = make_renderer()
SCALE = int(os.environ.get("SHOWNOTES_FUZZ_SCALE", "1"))  # e.g. 20 for a long hunt before a release
SLOW = settings(max_examples=25 * SCALE, deadline=None, suppress_health_check=list(HealthCheck))
FAST = settings(max_examples=300 * SCALE, deadline=None, suppress_health_check=list(HealthCheck))

# Characters that mean something to YAML, Markdown, HTML or our own formats, and some that mean trouble.
PIECES = st.sampled_from([
    "---", "\n", "\n\n", ":", ": ", "- ", "#", "## ", "**", "*", "_", "`", "```", "[", "]", "(", ")", "<", ">", "&",
    "&amp;", "\\", "{", "}", "|", "!", '"', "'", "~", "=", "\t", "  ", "\r\n", "\ufeff", "\u2028", "\x00", "\x1b",
    "\x7f", "é", "日本", "😀", "[00:01:02]", "00:00:01.000 --> 00:00:02.000", "WEBVTT", "Episode 3: Title",
    "Transcript", "Ada Host: ", "**Ada:** ", "<v Ada>", "title: ", "number: ", "date: ", "slug: ", "audio: ",
    "null", "true", "2024-13-45", "2024-05-31", "1e999", "0x1F", "-1", "&x", "*a", "!!binary", "!!python/name:os.system",
    "? ", "[[[[", "]]]]", "{{", "}}", "{%", "%}", "../", "/etc/passwd", "javascript:", "<script>", "</script>",
])
TEXT = st.one_of(st.lists(PIECES, max_size=30).map("".join),
                 st.text(st.characters(blacklist_categories=("Cs",)), max_size=200))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                    TEXT, st.dates(), st.datetimes(timezones=st.none()))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)
KEYS = st.one_of(st.sampled_from(["title", "number", "date", "description", "audio", "hosts", "guests", "speakers",
                                  "transcript", "slug", "import_checksum", "guid"]), st.text(max_size=10))


def front_matter(values: dict) -> str:
    try:
        return yaml.safe_dump(values, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return "title: unrepresentable\n"


def assert_problems_are_clear(error: SiteError) -> None:
    assert error.problems, "a SiteError must hold at least one problem"
    for problem in error.problems:
        assert problem.message.strip() and "Traceback" not in problem.message, problem


def parse_and_render(text: str) -> None:
    try:
        episode = parse_episode(text, Path("content/episodes/001-fuzz.md"), CONFIG)
    except SiteError as error:
        assert_problems_are_clear(error)
        return
    render(RENDERER, episode.body)


@FAST
@given(TEXT)
@example("---\ntitle: a\nnumber: " + "[" * 50_000 + "\n---\n")
@example("---\ntitle: x\nnumber: 1\ndate: 2024-02-30\n---\n")
@example("---\n" + "- " * 20_000 + "x\n---\n")
@example("---\ntitle: x\nnumber: 1\n---\n\n" + "".join("    " * i + "- x\n" for i in range(300)))
def test_any_episode_text_parses_or_says_what_is_wrong(text):
    parse_and_render(text)


@pytest.mark.slow
@FAST
@given(st.dictionaries(KEYS, VALUES, max_size=8), TEXT)
@example({"title": "t", "number": 1, "audio": {"url": "javascript:alert(1)"}}, "")
@example({"title": "t", "number": 1, "hosts": [[["deep"]]], "slug": "../../x"}, "**A*B:** x")
def test_any_front_matter_parses_or_says_what_is_wrong(values, body):
    parse_and_render("---\n" + front_matter(values) + "---\n\n" + body)


@pytest.mark.slow
@SLOW
@given(st.lists(st.tuples(st.dictionaries(KEYS, VALUES, max_size=6), TEXT), min_size=1, max_size=3))
def test_a_site_of_random_episodes_builds_or_says_what_is_wrong(episodes):
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        files = {"site_config.yaml": MINIMAL_CONFIG}
        for n, (values, body) in enumerate(episodes, 1):
            files[f"content/episodes/{n:03d}-e.md"] = "---\n" + front_matter({"title": f"E{n}", "number": n, **values}) \
                + "---\n\n" + body
        write_files(site, {k: v.encode("utf-8", "surrogatepass") for k, v in files.items()})
        try:
            build(site, Path(folder) / "output")
        except SiteError as error:
            assert_problems_are_clear(error)
            assert not (Path(folder) / "output").exists()
        else:
            assert (Path(folder) / "output/index.html").is_file()


TRANSCRIPT_NAMES = st.sampled_from(["003-fuzz.txt", "003-fuzz.vtt", "003-fuzz.srt", "003-fuzz.json", "003-fuzz.md",
                                    "fuzz.txt"])


def transcript_json(segments: list) -> str:
    return json.dumps({"version": "1.0.0", "segments": segments}, default=str)


SEGMENTS = st.lists(st.fixed_dictionaries({"body": TEXT}, optional={
    "speaker": TEXT, "startTime": st.floats(-1, 1e7), "endTime": st.one_of(st.floats(), TEXT)}), max_size=5)


@SLOW
@given(TRANSCRIPT_NAMES, st.one_of(TEXT, SEGMENTS.map(transcript_json)))
@example("003-fuzz.md", "---\ntitle: T\nnumber: 3\nslug: ../../etc\naudio: {url: 'javascript:x'}\n---\n\n**A:** x\n")
@example("003-fuzz.txt", "Episode 3: ../../etc/passwd\n\nTranscript\n\n**Ada:** x: y\n")
@example("003-fuzz.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\n<v A*B [x](y)>hi\n")
def test_importing_random_text_then_building_gives_a_site_or_a_clear_error(name, text):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        site = root / "site"
        write_files(site, {"site_config.yaml": MINIMAL_CONFIG})
        (root / name).write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            import_files(site, [root / name], load_config(site))
        except SiteError as error:
            assert_problems_are_clear(error)
            assert not (site / "content").exists()  # nothing written
            return
        try:
            build(site, root / "output")  # what import writes, the build reads
        except SiteError as error:
            raise AssertionError(f"import wrote a file the build refuses: {error}") from None
        assert (root / "output/index.html").is_file()


def test_dates_and_times_in_front_matter_are_dates():
    text = "---\n" + front_matter({"title": "t", "number": 1, "date": datetime.datetime(2024, 5, 31, 12)}) + "---\n"
    assert parse_episode(text, Path("e.md"), CONFIG).date == datetime.date(2024, 5, 31)
