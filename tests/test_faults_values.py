"""Fault injection with generated values: any YAML value in any front-matter field or any
site_config.yaml setting, and any JSON in any JSON reader (Podcasting 2.0 transcripts, Whisper,
the speech services' JSON, chapters), gives a site or errors naming `path:line`, never a traceback. Error messages quote at
most a short prefix of a value, and YAML aliases cannot blow up memory.

The build tests reuse one site and output across examples (each example an incremental build),
which also puts every accepted value through the JSON record and back.
SHOWNOTES_FUZZ_SCALE=N runs N times as many examples.
"""
from __future__ import annotations

import datetime
import json
import os
import re
import tempfile
from dataclasses import fields
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings, strategies as st

from shownotes import cli
from shownotes.config import SiteConfig
from shownotes.episode_markdown import CHECKSUM_KEY
from shownotes.front_matter import BY_KEY
from shownotes.errors import SiteError
from shownotes.formats import chapters, podcast_json, speech_json, whisper
from shownotes.importer import import_files
from shownotes.config import load_config
from shownotes.pipeline import build

from .conftest import MINIMAL_CONFIG, write_files

SCALE = int(os.environ.get("SHOWNOTES_FUZZ_SCALE", "1"))
BUILDS = settings(max_examples=40 * SCALE, deadline=None, suppress_health_check=list(HealthCheck))
PARSES = settings(max_examples=300 * SCALE, deadline=None, suppress_health_check=list(HealthCheck))
LONGEST_MESSAGE = 500  # characters in one problem: a short prefix of any value, never the value

WEIRD_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["²", "¹²:³⁴", "٣٧٢٣", "1e999", "nan", "-inf", "0x1F", "9" * 5000, "1:99:99", "99:00:00:00",
                     "\x1b[31m", "\u202e", "https://", "//evil.example/x", "javascript:alert(1)", "../../x", "\x85",
                     "2024-13-45", "", " ", "---", "*", "&a", "!!binary", "\ufeff", "😀" * 20, "a" * 10_000]))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-10**60, 10**60), st.floats(),
                    WEIRD_TEXT, st.dates(), st.datetimes(timezones=st.none()))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(WEIRD_TEXT, inner, max_size=4)),
                      max_leaves=10)


def dump(values: dict) -> str:
    return yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=10**9)


def assert_clear(error: SiteError, path: str) -> None:
    """Every problem names `path` and a line, and quotes no value whole."""
    assert error.problems
    for problem in error.problems:
        text = str(problem)
        assert text.startswith(f"{path}:"), text[:300]
        assert re.match(rf"{re.escape(path)}:\d+: ", text) or problem.line is None and path.endswith(".json"), text
        assert "Traceback" not in text and len(text) <= LONGEST_MESSAGE, text[:300]


@pytest.fixture(scope="module")
def site_and_output(tmp_path_factory):
    root = tmp_path_factory.mktemp("values")
    write_files(root / "site", {"site_config.yaml": MINIMAL_CONFIG,
                                "content/episodes/002-b.md": "---\ntitle: B\nnumber: 2\n---\n\n**Ada Host:** b\n"})
    return root / "site", root / "output"


EPISODE = "content/episodes/001-a.md"
FIELDS = [*BY_KEY, CHECKSUM_KEY, "unknown_key"]  # every key the table reads, its aliases, and any other
BASE = {"title": "A", "number": 1, "date": datetime.date(2024, 5, 31), "description": "About A.",
        "audio": {"url": "https://example.org/a.mp3", "length": 10, "type": "audio/mpeg", "duration": "1:00"},
        "hosts": ["Ada Host"], "guests": ["Bo Guest"]}
BODY = "**Ada Host:** [00:00:01] Hello.\n\n## Part\n\n**Bo Guest:** [00:00:05] Hi.\n"


def build_with(site: Path, output: Path, episode: str | None = None, config: str | None = None) -> None:
    good = "---\n" + dump(BASE) + "---\n\n" + BODY
    write_files(site, {EPISODE: episode, "site_config.yaml": MINIMAL_CONFIG} if episode is not None
                else {EPISODE: good, "site_config.yaml": config or MINIMAL_CONFIG})
    try:
        build(site, output)
    except SiteError as error:
        assert_clear(error, EPISODE if episode is not None else str(site / "site_config.yaml"))
        return
    assert (output / "index.html").is_file()
    if episode is not None:
        os.utime(site / EPISODE)  # the same bytes again: built from the JSON record, so it must hold them all
        assert build(site, output).report.written == ()


@BUILDS
@given(st.sampled_from(FIELDS), VALUES)
@example("audio", {"url": "https://example.org/a.mp3", "duration": "²"})
@example("audio", {"url": "https://example.org/a.mp3", "duration": "9" * 5000})
@example("audio", {"url": "https://example.org/a.mp3", "duration": 1e300})
@example("number", "9" * 5000)
@example("extra_key", {1: [datetime.datetime(2020, 1, 1, 3), 10**30, float("nan")]})
@example("date", datetime.datetime(2024, 5, 31, 23, 59))
def test_any_value_in_any_front_matter_field_builds_or_names_its_line(site_and_output, name, value):
    site, output = site_and_output
    values = {**BASE, name: value}
    build_with(site, output, episode="---\n" + dump(values) + "---\n\n" + BODY)


SETTINGS = [f.name for f in fields(SiteConfig)] + ["unknown_setting"]
BASE_CONFIG = {"title": "Show", "base_url": "https://example.org/show/", "host": "Ada Host"}


@BUILDS
@given(st.sampled_from(SETTINGS), VALUES)
@example("base_url", "https://example.org//evil.example/")
@example("people", {"Ada Host": {"bio": "a" * 10_000}})
@example("aliases", {"x": ["y"]})
def test_any_value_in_any_setting_builds_or_names_its_line(site_and_output, name, value):
    site, output = site_and_output
    build_with(site, output, config=dump({**BASE_CONFIG, name: value}))


ALIAS_BOMB = """\
---
title: Bomb
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
number: [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
"""


def test_a_yaml_alias_bomb_is_refused_at_its_line_with_a_short_message(make_site, tmp_path, capsys):
    """Before, the error for `number:` printed the whole expanded value: 58 s, 3 GB, then MemoryError."""
    site = make_site({"content/episodes/001-bomb.md": ALIAS_BOMB})
    assert cli.main(["-q", "--site", str(site), "--output", str(tmp_path / "out")]) == 1
    said = capsys.readouterr().err
    assert said.splitlines()[0] == ("error: content/episodes/001-bomb.md:4: YAML aliases (`*a`) are not allowed in "
                                    "front matter or settings: write the value out")
    assert len(said) < 1000


def test_values_in_messages_are_shortened(make_site, tmp_path, capsys):
    site = make_site({"content/episodes/001-a.md": "---\ntitle: A\nnumber: " + "x" * 100_000 + "\n---\n"})
    assert cli.main(["-q", "--site", str(site), "--output", str(tmp_path / "out")]) == 1
    line = capsys.readouterr().err.splitlines()[0]
    assert line.startswith("error: content/episodes/001-a.md:3: `number` must be a whole number like `number: 12`, "
                           "not 'xxxxxxxx") and len(line) < 200


# --- JSON readers --------------------------------------------------------------------------------

JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
                         st.sampled_from(["\ud83d", "a\udc00b", "1e999", "00:01:02", "99:99", "²"]))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                                 st.dictionaries(st.text(max_size=8), inner,
                                                                                 max_size=4)), max_leaves=12)
KEYS = ["body", "speaker", "startTime", "endTime", "start", "end", "text", "title", "toc", "version", "words",
        "utterances", "results", "monologues", "elements", "transcript", "speaker_label", "start_time", "ts"]
ITEMS = st.one_of(JSON_VALUES, st.dictionaries(st.sampled_from(KEYS), JSON_VALUES, max_size=5))
DOCUMENTS = st.one_of(
    JSON_VALUES,
    st.builds(lambda items: {"version": "1.0.0", "segments": items}, st.lists(ITEMS, max_size=5)),
    st.builds(lambda items: {"segments": items}, st.lists(ITEMS, max_size=5)),
    st.builds(lambda items: {"version": "1.2.0", "chapters": items}, st.lists(ITEMS, max_size=5)),
    st.builds(lambda items: {"utterances": items, "words": items}, st.lists(ITEMS, max_size=5)),
    st.builds(lambda items: {"results": {"utterances": items, "items": items}}, st.lists(ITEMS, max_size=5)),
    st.builds(lambda items: {"monologues": [{"speaker": 1, "elements": items}]}, st.lists(ITEMS, max_size=5)),
    st.lists(ITEMS, max_size=5))


def as_json(document: object, indent: bool) -> str:
    """JSON text with \\u escapes for everything outside ASCII, so a lone surrogate is valid JSON text."""
    return json.dumps(document, indent=1 if indent else None)


@PARSES
@given(DOCUMENTS, st.booleans())
@example({"version": "1.0.0", "segments": [{"speaker": "Ada", "body": "\ud83d", "startTime": 0}]}, True)
@example({"segments": [{"text": "x\udc00", "start": 0, "end": 1}]}, False)
@example({"chapters": [{"startTime": 0, "title": "\ud800"}]}, True)
def test_any_json_in_any_json_reader_reads_or_names_its_line(document, indent):
    text = as_json(document, indent)
    for reader in (podcast_json.parse, whisper.parse, speech_json.parse, chapters.parse):
        path = Path("in.json")
        try:
            reader(text, path)
        except SiteError as error:
            assert_clear(error, "in.json")


@settings(max_examples=25 * SCALE, deadline=None, suppress_health_check=list(HealthCheck))
@given(DOCUMENTS, st.sampled_from(["012-fuzz.json", "fuzz.json"]))
@example({"version": "1.0.0", "segments": [{"speaker": "Ada", "body": "\ud83d", "startTime": 0}]}, "012-x.json")
def test_importing_any_json_writes_an_episode_that_builds_or_nothing(document, name):
    """A lone surrogate (`"\\ud83d"`) used to crash import, and inside the inbox every build."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_files(root / "site", {"site_config.yaml": MINIMAL_CONFIG})
        (root / name).write_text(as_json(document, True), encoding="utf-8")
        try:
            import_files(root / "site", [root / name], load_config(root / "site"))
        except SiteError as error:
            assert_clear(error, str(root / name))
            assert not (root / "site/content").exists()
            return
        build(root / "site", root / "output")


def test_a_lone_surrogate_in_an_inbox_transcript_is_an_error_at_its_line(make_site, tmp_path, capsys):
    text = '{"version": "1.0.0", "segments": [\n {"speaker": "Ada", "startTime": 0,\n  "body": "\\ud83d"}]}'
    site = make_site({"content/transcripts/012-moon.json": text})
    assert cli.main(["-q", "--site", str(site), "--output", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"error: {site / 'content/transcripts/012-moon.json'}:3: invalid JSON: `\\ud83d` is half of a character "
        f"(a lone UTF-16 surrogate), which no text file can hold")


def test_a_title_that_is_not_text_is_an_error_not_a_crash(make_site, tmp_path, capsys):
    """An argument or file name with a byte that is not UTF-8 reaches Python as a lone surrogate."""
    site = make_site({})
    transcript = tmp_path / "012-moon.vtt"
    transcript.write_text("WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ada>Hi.\n", encoding="utf-8")
    assert cli.main(["-q", "import", "--site", str(site), str(transcript), "--title", "Moon \udcff"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"error: {transcript}: holds '\\udcff', which is not text and cannot be saved: check the file's name and "
        f"--title")
    assert not (site / "content").exists()
