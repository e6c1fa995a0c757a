"""Property tests: whatever text a transcript file holds, reading it gives episodes or a SiteError
naming the file, never a crash; and the episodes it gives survive the trip through Markdown."""
from __future__ import annotations

import pytest

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from shownotes.config import SiteConfig
from shownotes.content import parse_episode
from shownotes.errors import SiteError
from shownotes.formats import chapters as chapter_file
from shownotes.formats.detect import FORMATS, detect, read
from shownotes.formats.draft import ImportOptions
from shownotes.importer import episode_text

CONFIG = SiteConfig(title="Show")
NAMES = [Path("012-title.vtt"), Path("a.srt"), Path("b.json"), Path("c.md"), Path("d.txt"), Path("e")]
FORMAT = st.sampled_from([None, *FORMATS])
OPTIONS = st.builds(ImportOptions, hosts=st.just(("Ada Host",)), number=st.sampled_from([None, 3]),
                    title=st.sampled_from([None, "A title"]),
                    speaker_names=st.sampled_from([{}, {"Speaker 1": "Ada Host"}]))
# Pieces of every format, so random files get deep into each parser, not only its first check.
PIECES = st.sampled_from([
    "WEBVTT", "WEBVTT - title", "NOTE", "STYLE", "REGION", "1", "2", "", " ", "-->", "00:00:01.000 --> 00:00:02.000",
    "00:01.000 --> 00:02.000 align:start", "00:00:01,000 --> 00:00:02,000", "99:99:99.999 --> 1", "<v Ada>", "</v>",
    "<v.loud Ada Lovelace>Hi", "<v>", "<i>x</i>", "&amp;", "&lt;", "<00:00:01.500>", "Ada: Hello.", "SL: hi",
    "Stephan Livera (SL): Welcome.", "[SPEAKER_00]: yes", "SPEAKER_01: no", "[00:00:01] Ada: Hi.", "Ada (00:01): Hi.",
    "Ada [01:02]", "00:00:12 Ada", "Ada Lovelace  0:03", "[00:75:00] Bob: x", "**Ada:** [00:04:22] text",
    "\\[00:04:22\\] **Ada:** text", "**Ada**: x", "## Heading", "# Episode 3: Title", "---", "title: A", "number: 3",
    "speakers: {Speaker 1: Ada}", "date: 2024-01-01", "audio: {url: a.mp3}", "[00:00.000 --> 00:04.000] Hi.",
    "Episode 4: A title", "Transcript", "Customers", "{", "}", '"segments": [', "]", '{"body": "x"}', ",",
    "\ufeff", "\t", "\x00", "é", "—",
])
STRUCTURED = st.lists(PIECES, max_size=30).map("\n".join)
JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=True), st.text(max_size=12))
JSON_VALUE = st.recursive(JSON_LEAF, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["speaker", "startTime", "endTime", "body", "start", "end", "text", "x"]),
                    inner, max_size=5)), max_leaves=20)
SEGMENTS = st.lists(JSON_VALUE, max_size=6).map(lambda s: json.dumps({"version": "1.0.0", "segments": s}))


def check(text: str, path: Path, options: ImportOptions, format: str | None) -> None:
    try:
        episodes = read(text, path, options, format)
    except SiteError as error:
        assert error.problems and all(str(p) for p in error.problems)
        return
    for episode in episodes:
        assert episode.number >= 0 and episode.title
        # and the Markdown import writes for it loads back to the same turns and times
        loaded = parse_episode(episode_text(episode), Path("x.md"), CONFIG)
        assert loaded.sections == episode.sections


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(), st.sampled_from(NAMES), OPTIONS, FORMAT)
def test_arbitrary_text_never_crashes_a_parser(text, path, options, format):
    check(text, path, options, format)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(STRUCTURED, st.sampled_from(NAMES), OPTIONS, FORMAT)
def test_text_made_of_format_pieces_never_crashes_a_parser(text, path, options, format):
    check(text, path, options, format)


@pytest.mark.slow
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(SEGMENTS, OPTIONS, st.sampled_from(["json", "whisper", None]))
def test_any_json_segments_never_crash(text, options, format):
    check(text, Path("7-x.json"), options, format)


@given(st.text())
def test_detection_always_names_a_format(text):
    for path in NAMES:
        assert detect(text, path) in FORMATS


@settings(max_examples=300)
@given(st.one_of(st.text(), STRUCTURED, SEGMENTS.map(lambda s: s.replace("segments", "chapters"))))
def test_chapters_files_never_crash(text):
    try:
        found = chapter_file.parse(text, Path("chapters.txt"))
    except SiteError:
        return
    assert all(a.time < b.time for a, b in zip(found, found[1:]))
