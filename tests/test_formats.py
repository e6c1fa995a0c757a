"""Every transcript format imports: one small fixture per format, all of the same episode, with
the edge cases each format has (tests/fixtures/formats/)."""
from __future__ import annotations

import datetime
import logging
from pathlib import Path

import pytest

from shownotes.config import load_config
from shownotes.content import parse_episode
from shownotes.errors import SiteError
from shownotes.formats import chapters as chapter_file
from shownotes.formats.detect import detect, read
from shownotes.formats.draft import ImportOptions
from shownotes.importer import ImportRequest, episode_text, import_files
from shownotes.model import Episode
from shownotes.textfile import read_text, repair

from .conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "formats"
HOST = ("Stephan Livera",)
# The episode every fixture holds: (speaker, text, seconds into the audio).
TURNS = [
    ("Stephan Livera", "Welcome to the show. Today I am joined by Ada Lovelace.", 0.0),
    ("Ada Lovelace", "Thanks for having me, Stephan. It is a pleasure to be here.", 6.0),
    ("Stephan Livera", "Let us start with the basics. What is a block?", 12.0),
    ("Ada Lovelace", "A block is a batch of transactions & a link to the one before it.", 20.0),
]
# fixture -> the format it is detected as
SAME_EPISODE = {
    "012-bitcoin-basics.vtt": "vtt",
    "zoom.vtt": "vtt",
    "012-bitcoin-basics.srt": "srt",
    "012-bitcoin-basics.json": "json",
    "012-bitcoin-basics.txt": "text",
    "speaker-then-time.txt": "text",
    "speaker-line.txt": "text",
    "otter.txt": "text",
    "stamped.md": "markdown",
    "012-bitcoin-basics.md": "markdown",
    "whisper.json": "whisper",
}
WHISPER_NAMES = {"Speaker 1": "Stephan Livera", "Speaker 2": "Ada Lovelace"}


def options(**changes) -> ImportOptions:
    values = {"hosts": HOST, "number": 12, "title": "Bitcoin basics"}
    values.update(changes)
    return ImportOptions(**values)


def load(name: str, opts: ImportOptions | None = None, format: str | None = None) -> Episode:
    path = FIXTURES / name
    [episode] = read(repair(read_text(path)), path, opts or options(speaker_names=WHISPER_NAMES), format)
    return episode


def turns(episode: Episode) -> list[tuple[str | None, str, float | None]]:
    return [(t.speaker, "\n\n".join(t.paragraphs), t.time) for s in episode.sections for t in s.turns]


@pytest.mark.parametrize("name", sorted(SAME_EPISODE))
def test_each_format_is_detected(name):
    path = FIXTURES / name
    assert detect(read_text(path), path) == SAME_EPISODE[name]


@pytest.mark.parametrize("name", sorted(SAME_EPISODE))
def test_each_format_imports_to_the_same_speakers_and_turns(name):
    episode = load(name)
    assert turns(episode) == TURNS
    assert episode.speakers == ("Stephan Livera", "Ada Lovelace")
    assert (episode.hosts, episode.guests) == (HOST, ("Ada Lovelace",))


@pytest.mark.parametrize("first,second", [("012-bitcoin-basics.vtt", "012-bitcoin-basics.srt"),
                                          ("zoom.vtt", "012-bitcoin-basics.json"),
                                          ("otter.txt", "whisper.json")])
def test_the_same_episode_in_two_formats_is_the_same_episode(first, second):
    assert load(first).sections == load(second).sections


def test_page_scrape_keeps_its_own_reading():
    episode = load("page.txt", ImportOptions(hosts=HOST))
    assert (episode.number, episode.title, episode.description) == (
        12, "Bitcoin basics", "What a block is, and why it links to the one before it.")
    assert [s.heading for s in episode.sections] == ["Welcome", "Blocks"]
    assert [(speaker, text) for speaker, text, _ in turns(episode)] == [(s, t) for s, t, _ in TURNS]


def test_markdown_front_matter_and_headings_are_carried_over():
    episode = load("012-bitcoin-basics.md", ImportOptions(hosts=HOST))
    assert (episode.number, episode.title, episode.date) == (12, "Bitcoin basics", datetime.date(2024, 5, 31))
    assert episode.description == "What a block is, and why it links to the one before it."
    assert [s.heading for s in episode.sections] == ["Welcome", "Blocks"]
    assert (episode.explicit, episode.extra) == (False, ())  # a field the feed uses (itunes:explicit)
    text = episode_text(episode)
    assert text.startswith("---\ntitle: Bitcoin basics\nnumber: 12\ndate: 2024-05-31\ndescription: What a block")
    assert "\nexplicit: false\nimport_checksum: sha256:" in text


def test_whisper_without_speakers_makes_paragraphs_at_pauses():
    episode = load("whisper.txt")
    assert turns(episode) == [
        (None, "Welcome to the show. Today I am joined by Ada Lovelace. Thanks for having me, Stephan. "
               "It is a pleasure to be here.", 0.0),
        (None, "Let us start with the basics. What is a block?", 14.5),
    ]
    assert episode.guests == ()


def test_whisper_labels_are_numbered_speakers_until_named():
    episode = load("whisper.json", options())
    assert episode.speakers == ("Speaker 1", "Speaker 2")
    assert episode.guests == ()  # a stand-in is no guest: no people page for "Speaker 2"
    named = load("whisper.json", options(speaker_names={"SPEAKER_01": "Ada Lovelace"}))
    assert named.speakers == ("Speaker 1", "Ada Lovelace")


def test_whisper_text_with_diarized_labels():
    text = ("[00:00.000 --> 00:03.000] [SPEAKER_00]: Welcome to the show.\n"
            "[00:03.000 --> 00:06.000] [SPEAKER_00] Today I am joined by Ada Lovelace.\n"
            "[00:06.000 --> 00:09.000] SPEAKER_01: Thanks for having me, Stephan.\n"
            "[00:09.000 --> 00:12.000] It is a pleasure to be here.\n")
    [episode] = read(text, Path("12-w.txt"), options(speaker_names=WHISPER_NAMES))
    assert turns(episode) == TURNS[:2]


def test_aliases_from_the_config_name_speakers():
    episode = load("whisper.json", options(aliases={"Speaker 1": "Stephan Livera",
                                                                      "SPEAKER_01": "Ada Lovelace"}))
    assert turns(episode) == TURNS


def test_vtt_edge_cases():
    path = Path("014-edges.vtt")
    text = ("\ufeffWEBVTT\n\nREGION\nid:fred width:40%\n\n"
            "00:01.000 --> 00:02.000\n<v Ada>One <c.yellow>voice</c>,</v> <v Bob>another.</v>\n\n"
            "00:02.000 --> 00:03.000\n<v>continued by Bob</v>\n\n"
            "00:03.000 --> 00:04.000\n<v Ada>Tags &lt;b&gt; stay text &amp; <00:03.500>karaoke times go.\n")
    [episode] = read(text, path, options(number=None, title=None))
    assert (episode.number, episode.title) == (14, "Edges")
    assert turns(episode) == [("Ada", "One voice,", 1.0), ("Bob", "another. continued by Bob", 1.0),
                              ("Ada", "Tags <b> stay text & karaoke times go.", 3.0)]


def test_caption_runs_break_into_paragraphs_at_long_pauses_and_lengths():
    cues = [f"00:00:{2 * i:02d}.000 --> 00:00:{2 * i + 1:02d}.000\nAda: Sentence {i}." for i in range(3)]
    cues.append("00:00:30.000 --> 00:00:31.000\nAda: After a pause.")
    [episode] = read("WEBVTT\n\n" + "\n\n".join(cues) + "\n", Path("1-x.vtt"), options())
    assert [t.paragraphs for s in episode.sections for t in s.turns] == [
        ("Sentence 0. Sentence 1. Sentence 2.", "After a pause.")]


def test_word_level_json_joins_words_and_newlines_end_paragraphs():
    words = [("Ada", 0.5, "I"), ("Ada", 1.0, "am"), ("Ada", 1.5, "here"), ("Ada", 1.75, "."), ("Ada", 2.0, "Yes\n"),
             ("Ada", 3.0, "again."), ("Bob", 4.0, "Hi.")]
    segments = ",".join(f'{{"speaker": "{s}", "startTime": {t}, "body": "{b}"}}'.replace("\n", "\\n")
                        for s, t, b in words)
    [episode] = read(f'{{"version": "1.0.0", "segments": [{segments}]}}', Path("5-w.json"), options())
    assert [(t.speaker, t.paragraphs, t.time) for s in episode.sections for t in s.turns] == [
        ("Ada", ("I am here. Yes", "again."), 0.5), ("Bob", ("Hi.",), 4.0)]


def test_markdown_with_plain_name_turns_and_a_title_line():
    text = "# Episode 7: Plain Names\n\nAda Lovelace: [00:01] Hello there.\n\nMore from Ada,\nwrapped.\n\n" \
           "## Part Two\n\nBob: Hi.\n"
    [episode] = read(text, Path("notes.md"), ImportOptions())
    assert (episode.number, episode.title) == (7, "Plain Names")
    assert [(s.heading, [(t.speaker, t.paragraphs, t.time) for t in s.turns]) for s in episode.sections] == [
        (None, [("Ada Lovelace", ("Hello there.", "More from Ada, wrapped."), 1.0)]),
        ("Part Two", [("Bob", ("Hi.",), None)]),
    ]


@pytest.mark.parametrize("chapters", ["chapters.json", "chapters.txt"])
def test_chapters_place_sections_at_the_right_turn(chapters):
    path = FIXTURES / chapters
    found = chapter_file.parse(read_text(path), path)
    episode = load("012-bitcoin-basics.vtt", options(chapters=found, chapters_path=path))
    marked = load("012-bitcoin-basics.md", ImportOptions(hosts=HOST))
    assert episode.sections == marked.sections  # "Blocks" at 11.5 s starts with the turn at 12 s


def test_turns_before_the_first_chapter_open_the_episode_untitled():
    path = Path("ch.txt")
    episode = load("zoom.vtt", options(chapters=chapter_file.parse("00:11 Blocks\n", path), chapters_path=path))
    assert [(s.heading, len(s.turns)) for s in episode.sections] == [(None, 2), ("Blocks", 2)]


def test_a_chapter_splits_a_merged_caption_turn_at_its_cue():
    path = Path("ch.txt")
    episode = load("012-bitcoin-basics.vtt", options(chapters=chapter_file.parse("0:09 Pleasure\n", path),
                                                     chapters_path=path))
    assert [(s.heading, [t.paragraphs[0] for t in s.turns]) for s in episode.sections] == [
        (None, [TURNS[0][1], "Thanks for having me, Stephan."]),
        ("Pleasure", ["It is a pleasure to be here.", TURNS[2][1], TURNS[3][1]]),
    ]


@pytest.mark.parametrize("text,name,message", [
    ("00:00 Start\n01:00 Later\n00:30 Back\n", "ch.txt",
     "ch.txt:3: chapter times must increase: 00:00:30 ('Back') comes after 00:01:00"),
    ("00:00 Start\nno time here\n", "ch.txt",
     "ch.txt:2: expected a chapter line like `00:12:30 Title`, found 'no time here'"),
    ('{"chapters": [{"startTime": 0, "title": "A"},\n {"title": "B"}]}', "ch.json",
     "ch.json:2: chapter 2: expected `startTime` in seconds, a number"),
    ('{"chapters": [}', "ch.json", "ch.json:1: invalid JSON: Expecting value"),
    ("\n", "ch.txt", "ch.txt:1: no chapters found: expected a chapter line like `00:12:30 Title` or Podcasting "
                     "2.0 chapters JSON"),
])
def test_bad_chapters_files_say_where(text, name, message):
    with pytest.raises(SiteError) as error:
        chapter_file.parse(text, Path(name))
    assert str(error.value) == message


def test_chapters_that_do_not_fit_the_transcript_are_errors():
    path = Path("ch.txt")
    late = chapter_file.parse("00:00 Start\n05:00 After the end\n", path)
    with pytest.raises(SiteError) as error:
        load("zoom.vtt", options(chapters=late, chapters_path=path))
    assert str(error.value) == (f"ch.txt:2: chapter 'After the end' starts at 00:05:00, after the last timed turn "
                                f"of {FIXTURES / 'zoom.vtt'} (00:00:20)")
    with pytest.raises(SiteError) as error:
        load("012-bitcoin-basics.md", ImportOptions(chapters=late, chapters_path=path))
    assert str(error.value).startswith("ch.txt:1: ") and "has headings of its own" in str(error.value)
    with pytest.raises(SiteError) as error:
        load("page.txt", ImportOptions(chapters=late, chapters_path=path))
    assert "is a page scrape, which has no times; --chapters needs a timed transcript" in str(error.value)


LABELS = "WEBVTT\n\n" + "\n\n".join(f"00:00:{i:02d}.000 --> 00:00:{i:02d}.500\n{line}" for i, line in enumerate([
    "Stephan Livera (SL): Hello.", "Jamie Thompson: Hi.", "Jim Thompson: Hey.", "SL: Back to me.", "Jamie: Me.",
    "Jaimie Thompson: Also me.", "Jamie Thompson: And again.", "JT: Who is this?", "@stephanlivera: A handle.",
]))


def test_label_drift_is_resolved_and_every_merge_is_logged(caplog):
    caplog.set_level(logging.INFO)
    [episode] = read(LABELS + "\n", Path("3-drift.vtt"), ImportOptions())
    assert [t.speaker for s in episode.sections for t in s.turns] == [
        "Stephan Livera", "Jamie Thompson", "Jim Thompson", "Stephan Livera", "Jamie Thompson", "JT",
        "Stephan Livera"]
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO and "speaker" in r.getMessage()] == [
        "3-drift.vtt:13: speaker 'SL' taken as Stephan Livera (the short form given earlier)",
        "3-drift.vtt:16: speaker 'Jamie' taken as Jamie Thompson (first name)",
        "3-drift.vtt:19: speaker 'Jaimie Thompson' taken as Jamie Thompson (spelling)",
        "3-drift.vtt:28: speaker '@stephanlivera' taken as Stephan Livera (handle)",
        "3-drift.vtt:25: speaker 'JT' could be Jamie Thompson or Jim Thompson; kept apart. If it is one of them, "
        "add `JT: NAME` under `aliases:` in site_config.yaml",
    ]
    assert "Jim Thompson" in episode.speakers  # never merged with Jamie: two people


def test_generic_labels_are_never_merged_with_each_other():
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nSpeaker 1: A.\n\n00:02.000 --> 00:03.000\nSpeaker 2: B.\n"
    [episode] = read(text, Path("2-g.vtt"), ImportOptions())
    assert episode.speakers == ("Speaker 1", "Speaker 2")


def test_number_and_title_come_from_options_then_the_file_then_its_name(caplog):
    caplog.set_level(logging.INFO)
    assert load("012-bitcoin-basics.srt", options(number=None, title=None)).title == "Bitcoin basics"
    assert "012-bitcoin-basics.srt: episode 12, 'Bitcoin basics', from the file name" in caplog.text
    episode = load("012-bitcoin-basics.md", options(number=99, title="Renamed"))
    assert (episode.number, episode.title, episode.slug) == (99, "Renamed", "099-renamed")
    with pytest.raises(SiteError) as error:  # a title, but no number, and no site to take the next free one from
        read("WEBVTT\n\n00:01.000 --> 00:02.000\nHi.\n", Path("interview.vtt"), ImportOptions())
    assert [str(p) for p in error.value.problems] == [
        "interview.vtt: no episode number: the file and its name give none; pass --number 12 or name the file like "
        "`012-episode-title.vtt`",
    ]


@pytest.mark.parametrize("name,text,format,message", [
    ("a.vtt", "Hello\n", None, "a.vtt:1: expected `WEBVTT` on the first line of a WebVTT file, found 'Hello'. Tried "
     "as vtt (its name ends in .vtt). If the file is in another format, name it: --format csv, html, json, markdown, "
     "page, srt, text, vtt, whisper or xml"),
    ("a.vtt", "Hello\n", "vtt", "a.vtt:1: expected `WEBVTT` on the first line of a WebVTT file, found 'Hello'"),
    ("a.vtt", "WEBVTT\n\n1\n00:00:01.000 -> 00:00:02.000\nHi\n", None,
     "a.vtt:3: expected a cue timing like `00:01:02.000 --> 00:01:05.000`, found '1'"),
    ("a.vtt", "WEBVTT\n\n00:00:61.000 --> 00:01:02.000\nHi\n", None,
     "a.vtt:3: expected a time like 00:01:02.000, found '00:00:61.000'"),
    ("a.vtt", "WEBVTT\n00:00:01.000 --> 00:00:02.000\nHi\n", None,
     "a.vtt:2: expected a blank line between the `WEBVTT` header and the first cue"),
    ("a.vtt", "WEBVTT\n\nNOTE nothing else\n", None,
     "a.vtt:1: no cues found: expected a cue timing like `00:01:02.000 --> 00:01:05.000`, then the cue's text"),
    ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\nsoon\nThere\n", None,
     "a.srt:6: expected a cue number, then a timing like `00:01:02,000 --> 00:01:05,000`, found 'soon'"),
    ("a.json", '{"version": "1.0.0",\n "segments": [\n  {"body": "Hi"},\n  {"speaker": "Ada"}\n]}', None,
     "a.json:4: segment 2: expected an object with `body` text"),
    ("a.json", '{"version": "1.0.0",\n "segments": [\n  {"body": "Hi", "startTime": -1}]}', None,
     "a.json:3: segment 1: expected `startTime` and `endTime` in seconds"),
    ("a.json", '{"version": "1.0.0",\n "segments": [\n  {"body": "Hi"},,\n]}', None,
     "a.json:3: invalid JSON: Expecting value (column 18)"),
    ("a.json", '{"version": "1.0.0"}', None,
     'a.json:1: expected a JSON transcript: Podcasting 2.0 ({"version": "1.0.0", "segments": [{"speaker": "Ada", '
     '"startTime": 0.5, "body": "..."}]}), any list of segments with a text and a start, or the output of '
     'AssemblyAI, Deepgram, AWS Transcribe, Rev or Sonix'),
    ("a.txt", "[00:00:01] Ada: Hi.\n[00:75:00] Bob: Hey.\n", "text",
     "a.txt:2: expected a time like 00:01:02, found '00:75:00'"),
    ("a.txt", "Just some words.\n", "text",
     "a.txt:1: no transcript found: 3 words with no speaker names or times; expected turns like `Ada Lovelace: "
     "text` or `[00:01:02] text` (see Transcript formats in docs/podcasters.md)"),
    ("a.md", "---\ntitle: A\nnumber: twelve\n---\n**Ada:** Hi.\n", None,
     "a.md:3: `number` must be a whole number like `number: 12`, not 'twelve'"),
    ("a.md", "---\ntitle: A\n**Ada:** Hi.\n", None,
     "a.md:1: front matter is not closed: did you forget the closing `---` line?"),
    ("a.md", "---\ntitle: [A\n---\n**Ada:** Hi.\n", None, "a.md:3: invalid YAML: did not find expected ',' or ']'"),
    ("a.txt", "[00:01.000 --> 00:99.000] Hi\n", "whisper",
     "a.txt:1: expected a segment like `[00:01.000 --> 00:04.500] text`, found '[00:01.000 --> 00:99.000] Hi'"),
    ("a.txt", "no episode here\n", None,
     "a.txt:1: no transcript found: 3 words with no speaker names or times; expected turns like `Ada Lovelace: "
     "text` or `[00:01:02] text` (see Transcript formats in docs/podcasters.md). Tried as text (it is text). If the file "
     "is in another format, name it: --format csv, html, json, markdown, page, srt, text, vtt, whisper or xml"),
    ("a.txt", "Episode 3 notes\n", "page",
     "a.txt:1: no episode found: expected a line like `Episode 12: Title` before the transcript"),
])
def test_malformed_files_name_the_line_and_what_was_expected(name, text, format, message):
    with pytest.raises(SiteError) as error:
        read(text, Path(name), ImportOptions(), format)
    assert str(error.value) == message


@pytest.fixture
def site(make_site):
    return make_site({"site_config.yaml": "title: Show\nhost: Stephan Livera\n"})


@pytest.mark.parametrize("name", sorted(SAME_EPISODE) + ["whisper.txt"])
def test_round_trip_the_markdown_an_import_writes_loads_back_to_the_same_turns(site, name):
    request = ImportRequest(number=12, title="Bitcoin basics", speakers=tuple(WHISPER_NAMES.items()))
    [result] = import_files(site, [FIXTURES / name], load_config(site), request=request)
    loaded = parse_episode(result.path.read_text(encoding="utf-8"), result.path, load_config(site))
    assert loaded.sections == result.episode.sections
    assert [t.time for s in loaded.sections for t in s.turns] == [t.time for s in result.episode.sections
                                                                   for t in s.turns]
    again = import_files(site, [FIXTURES / name], load_config(site), request=request)
    assert [r.action for r in again] == ["unchanged"]


def test_importing_a_markdown_file_import_wrote_gives_it_back(site):
    [first] = import_files(site, [FIXTURES / "012-bitcoin-basics.md"], load_config(site))
    copy = site / "again.md"
    copy.write_text(first.path.read_text(encoding="utf-8"), encoding="utf-8")
    [episode] = read(copy.read_text(encoding="utf-8"), copy, ImportOptions(hosts=HOST))
    assert episode == first.episode
    assert episode_text(episode) == first.path.read_text(encoding="utf-8")


def test_one_bad_file_means_nothing_is_written(site, tmp_path):
    bad = tmp_path / "7-bad.vtt"
    bad.write_text("WEBVTT\n\n00:00:01.000 --> later\nHi\n", encoding="utf-8")
    with pytest.raises(SiteError) as error:
        import_files(site, [FIXTURES / "012-bitcoin-basics.vtt", bad], load_config(site))
    assert str(error.value) == f"{bad}:3: expected a time like 00:01:02.000, found 'later'"
    assert not (site / "content" / "episodes").exists()


def test_number_and_title_options_name_one_file_only(site):
    with pytest.raises(SiteError) as error:
        import_files(site, [FIXTURES / "zoom.vtt", FIXTURES / "otter.txt"], load_config(site),
                     request=ImportRequest(number=3))
    assert str(error.value) == "--number and --title name one episode: import one FILE at a time"


def test_the_import_command_takes_format_number_title_chapters_and_speaker_names(make_site, tmp_path):
    from .test_cli import run

    site = make_site({"site_config.yaml": "title: Show\nhost: Stephan Livera\n"})
    transcript = tmp_path / "interview.log"
    transcript.write_bytes((FIXTURES / "whisper.json").read_bytes())
    result = run("import", str(transcript), "--site", str(site), "--format", "whisper", "--number", "12",
                 "--title", "Bitcoin basics", "--chapters", str(FIXTURES / "chapters.txt"),
                 "--speaker", "SPEAKER_00=Stephan Livera", "--speaker", "Speaker 2=Ada Lovelace")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "imported 1 episodes: 1 written, 0 unchanged"
    written = (site / "content/episodes/012-bitcoin-basics.md").read_text(encoding="utf-8")
    assert "\n## Blocks\n\n**Stephan Livera:** [00:00:12] Let us start with the basics. What is a block?\n" in written
    assert "guests: [Ada Lovelace]\n" in written


def test_the_import_command_reports_a_bad_file_and_writes_nothing(make_site):
    from .test_cli import run

    site = make_site({})
    result = run("import", str(FIXTURES / "zoom.vtt"), "--site", str(site), "--format", "srt")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {FIXTURES / 'zoom.vtt'}:1: expected a cue number, then a timing like `00:01:02,000 --> "
        "00:01:05,000`, found 'WEBVTT'",
        "import failed with 1 problem(s); nothing was written.",
    ]
    assert not (site / "content").exists()
    bad = run("import", str(FIXTURES / "zoom.vtt"), "--site", str(site), "--speaker", "nobody")
    assert bad.returncode == 2 and "expected LABEL=NAME" in bad.stderr
