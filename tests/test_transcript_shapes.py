"""Transcript shapes with no real file in tests/fixtures/real/, written after the tools' documented
output (AWS Transcribe, Deepgram, AssemblyAI, Rev, Descript, Otter, Sonix, Temi, Trint, Whisper,
YouTube, Podcasting 2.0 hosts), and inputs written to break the rules that read them."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from shownotes.errors import SiteError
from shownotes.formats.detect import detect, read
from shownotes.formats.draft import ImportOptions
from shownotes.formats.identity import Numbering
from shownotes.formats.paragraphs import size
from shownotes.model import Episode


def imported(name: str, text: str, **options) -> Episode:
    [episode] = read(text, Path(name), ImportOptions(numbering=Numbering(), **options))
    return episode


def turns(episode: Episode) -> list[tuple[str | None, str, float | None]]:
    return [(t.speaker, " / ".join(t.paragraphs), t.time) for s in episode.sections for t in s.turns]


def test_podcasting_20_json_from_a_host_merges_phrase_segments_into_turns():
    segments = [("Travis", 0.18, 2.4, "When you first get"), ("Travis", 2.4, 4.8, "started in podcasting,"),
                ("Travis", 4.8, 7.98, "it's almost guaranteed."), ("Sarah", 8.5, 10.0, "Creating good audio"),
                ("Sarah", 10.0, 12.0, "is really key.")]
    text = json.dumps({"version": "1.0.0", "segments": [
        {"speaker": s, "startTime": a, "endTime": b, "body": t} for s, a, b, t in segments]}, indent=2)
    episode = imported("7-mistakes.json", text)
    assert turns(episode) == [("Travis", "When you first get started in podcasting, it's almost guaranteed.", 0.18),
                              ("Sarah", "Creating good audio is really key.", 8.5)]


def _rolling_youtube(words: list[str]) -> str:
    """YouTube's automatic captions: each cue shows the line before it again, a 10 ms cue holds the
    finished line, and word times sit in `<00:00:01.200><c> word</c>` tags."""
    cues = ["WEBVTT\nKind: captions\nLanguage: en\n"]
    lines = [" ".join(words[i:i + 6]) for i in range(0, len(words), 6)]
    clock = 0.0
    previous = ""
    for line in lines:
        first, *rest = line.split()
        timed = first + "".join(f"<00:00:{(clock + 0.3 * (k + 1)) % 60:06.3f}><c> {w}</c>" for k, w in enumerate(rest))
        start, end = clock, clock + 2.0
        cues.append(f"{_stamp(start)} --> {_stamp(end)} align:start position:0%\n{previous or ' '}\n{timed}\n")
        cues.append(f"{_stamp(end)} --> {_stamp(end + 0.01)} align:start position:0%\n{line}\n \n")
        previous, clock = line, end + 0.01
    return "\n".join(cues)


def _stamp(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{rest:06.3f}"


def test_youtube_rolling_captions_keep_each_word_once_and_break_into_paragraphs():
    said = [f"word{i}" for i in range(900)]  # unpunctuated, as the automatic captions are
    episode = imported("42-live.vtt", _rolling_youtube(said))
    text = " ".join(p for s in episode.sections for t in s.turns for p in t.paragraphs)
    assert text.split() == said
    assert max(size(p) for s in episode.sections for t in s.turns for p in t.paragraphs) <= 250
    assert all(t.time is not None for s in episode.sections for t in s.turns)


def test_a_short_form_given_once_names_the_full_speaker_for_the_rest(caplog):
    caplog.set_level(logging.INFO)
    text = ("Jane Doe (JD): Welcome to the show.\n\nBob Stone: Thanks, Jane.\n\nJD: Let us begin.\n\n"
            "Bob Stone: Sure.\n\nJD: Bye.\n")
    episode = imported("12-short.txt", text)
    assert [t[0] for t in turns(episode)] == ["Jane Doe", "Bob Stone", "Jane Doe", "Bob Stone", "Jane Doe"]
    assert "12-short.txt:5: speaker 'JD' taken as Jane Doe (the short form given earlier)" in caplog.text


@pytest.mark.parametrize("line,start", [("[00:00.000 --> 00:04.000]", 0.0), ("[01:00:00.000 --> 01:00:04.000]", 3600.0),
                                        ("[12.34 --> 15.67]", 12.34), ("[0.00s -> 4.00s]", 0.0),
                                        ("[7.46 → 9.44]", 7.46)])
def test_whisper_console_segments_in_every_clock_it_prints(line, start):
    text = f"{line}  Welcome to the show.\n[99.0 --> 101.5]  It is good to be here.\n"
    if line.startswith("[01:"):
        text = f"{line}  Welcome to the show.\n[01:00:99.0 --> 01:01:41.500]  x\n".replace("[01:00:99.0", "[01:01:39.000")
    episode = imported("3-w.txt", text)
    assert detect(text, Path("3-w.txt")) == "whisper"
    assert turns(episode)[0][2] == start


def test_aws_transcribe_audio_segments_and_older_items_with_speaker_labels():
    segments = {"jobName": "ep5", "results": {"transcripts": [{"transcript": "Hello there. Hi."}], "audio_segments": [
        {"id": 0, "transcript": "Hello there.", "start_time": "0.44", "end_time": "1.5", "speaker_label": "spk_0"},
        {"id": 1, "transcript": "Hi.", "start_time": "1.9", "end_time": "2.3", "speaker_label": "spk_1"}]},
        "status": "COMPLETED"}
    assert turns(imported("5-aws.json", json.dumps(segments))) == [("Speaker 0", "Hello there.", 0.44),
                                                                   ("Speaker 1", "Hi.", 1.9)]
    item = [{"start_time": "0.44", "end_time": "0.75", "type": "pronunciation",
             "alternatives": [{"confidence": "0.99", "content": "Hello"}]},
            {"start_time": "0.8", "end_time": "1.5", "type": "pronunciation",
             "alternatives": [{"confidence": "0.99", "content": "there"}]},
            {"type": "punctuation", "alternatives": [{"confidence": "0.0", "content": "."}]},
            {"start_time": "1.9", "end_time": "2.3", "type": "pronunciation",
             "alternatives": [{"confidence": "0.99", "content": "Hi"}]}]
    labels = {"speakers": 2, "segments": [
        {"start_time": "0.44", "end_time": "1.5", "speaker_label": "spk_0",
         "items": [{"start_time": "0.44", "speaker_label": "spk_0"}, {"start_time": "0.8", "speaker_label": "spk_0"}]},
        {"start_time": "1.9", "end_time": "2.3", "speaker_label": "spk_1",
         "items": [{"start_time": "1.9", "speaker_label": "spk_1"}]}]}
    older = {"results": {"transcripts": [{"transcript": "Hello there. Hi"}], "speaker_labels": labels, "items": item}}
    assert turns(imported("5-aws.json", json.dumps(older))) == [("Speaker 0", "Hello there.", 0.44),
                                                                ("Speaker 1", "Hi", 1.9)]


def test_deepgram_utterances_and_paragraphs():
    utterances = {"metadata": {"duration": 4.0}, "results": {"channels": [{"alternatives": [{"transcript": "x"}]}],
                  "utterances": [{"start": 0.08, "end": 1.2, "speaker": 0, "transcript": "Welcome back."},
                                 {"start": 1.5, "end": 2.0, "speaker": 1, "transcript": "Thanks."}]}}
    assert turns(imported("9-dg.json", json.dumps(utterances))) == [("Speaker 0", "Welcome back.", 0.08),
                                                                    ("Speaker 1", "Thanks.", 1.5)]
    paragraphs = {"results": {"channels": [{"alternatives": [{"transcript": "x", "paragraphs": {"paragraphs": [
        {"speaker": 0, "start": 0.08, "end": 2.0, "sentences": [{"text": "Welcome back.", "start": 0.08, "end": 1.0},
                                                                {"text": "Good day.", "start": 1.1, "end": 2.0}]}]}}]}]}}
    assert turns(imported("9-dg.json", json.dumps(paragraphs))) == [("Speaker 0", "Welcome back. Good day.", 0.08)]


def test_assemblyai_utterances_in_milliseconds_with_letters_for_speakers():
    data = {"id": "abc", "status": "completed", "text": "Hi there. Hello.", "audio_duration": 12,
            "utterances": [{"speaker": "A", "start": 250, "end": 2650, "text": "Hi there.", "confidence": 0.9},
                           {"speaker": "B", "start": 3000, "end": 5100, "text": "Hello.", "confidence": 0.9}]}
    episode = imported("4-aai.json", json.dumps(data))
    assert turns(episode) == [("A", "Hi there.", 0.25), ("B", "Hello.", 3.0)]
    assert episode.guests == ()  # a diarizer's letter is no guest


def test_rev_json_monologues_and_rev_temi_text():
    data = {"monologues": [
        {"speaker": 0, "elements": [{"type": "text", "value": "Hello", "ts": 0.5, "end_ts": 0.9},
                                    {"type": "punct", "value": " "}, {"type": "text", "value": "world", "ts": 1.0,
                                                                      "end_ts": 1.4},
                                    {"type": "punct", "value": "."}]},
        {"speaker": 1, "speaker_name": "Ada Lovelace", "elements": [{"type": "text", "value": "Hi", "ts": 2.0},
                                                                    {"type": "punct", "value": "."}]}]}
    assert turns(imported("6-rev.json", json.dumps(data))) == [("Speaker 0", "Hello world.", 0.5),
                                                               ("Ada Lovelace", "Hi.", 2.0)]
    text = ("Speaker 1 (00:00):\nWelcome to the show.\n\nAda Lovelace (01:02:03):\nThanks.\n\n(01:02:09):\n"
            "More from me.\n\nSpeaker 1 (01:03:00):\nBye.\n")
    assert turns(imported("6-rev.txt", text)) == [("Speaker 1", "Welcome to the show.", 0.0),
                                                  ("Ada Lovelace", "Thanks. / More from me.", 3723.0),
                                                  ("Speaker 1", "Bye.", 3780.0)]


@pytest.mark.parametrize("text", [
    "Ada Lovelace  0:03\nWelcome to the show.\n\nStephan Livera  1:02:10\nThanks for having me.\n",  # Otter
    "Ada Lovelace: [00:00:03] Welcome to the show.\n\nStephan Livera: [01:02:10] Thanks for having me.\n",  # Sonix
    "[00:00:03] Ada Lovelace: Welcome to the show.\n[01:02:10] Stephan Livera: Thanks for having me.\n",  # Descript
    "Ada Lovelace [00:00:03]\nWelcome to the show.\n\nStephan Livera [01:02:10]\nThanks for having me.\n",  # Trint
    "00:00:03\nAda Lovelace: Welcome to the show.\n\n01:02:10\nStephan Livera: Thanks for having me.\n",
    # Otter's export through a tool that stamped every line
    "0:00 Ada Lovelace  0:03\n\n0:00 Welcome to the show.\n\n0:00 Stephan Livera  1:02:10\n\n0:00 Thanks for having me.\n",
])
def test_text_exports_of_the_transcription_services(text):
    assert turns(imported("8-tools.txt", text)) == [("Ada Lovelace", "Welcome to the show.", 3.0),
                                                    ("Stephan Livera", "Thanks for having me.", 3730.0)]


def test_one_utterance_a_line_with_change_marks_and_short_replies():
    text = ("00:00:01 Welcome to the show, it's great to have you.\n00:00:04 Yeah.\n00:00:05 - It's Django.\n"
            "00:00:07 Right\n00:00:08 >> So what is it?\n00:00:10 A framework.\n")
    episode = imported("2-lines.txt", text)
    assert episode.speakers == ()
    assert [(t[1], t[2]) for t in turns(episode)] == [
        ("Welcome to the show, it's great to have you. / Yeah.", 1.0), ("It's Django. / Right", 5.0),
        ("So what is it? / A framework.", 8.0)]


def test_transcriber_overlapping_speech_and_untranscribed_sections():
    text = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE Trans SYSTEM "trans-14.dtd">
<Trans version="1">
<Topics><Topic id="to1" desc="Welcome"/></Topics>
<Speakers><Speaker id="spk1" name="Ada Lovelace"/><Speaker id="spk2" name="Bob Stone"/></Speakers>
<Episode>
<Section type="nontrans" startTime="0" endTime="5"><Turn startTime="0" endTime="5"><Sync time="0"/>music</Turn></Section>
<Section type="report" topic="to1" startTime="5" endTime="20">
<Turn speaker="spk1" startTime="5" endTime="10"><Sync time="5"/>Hello <Event desc="laugh" type="noise"/> there.</Turn>
<Turn speaker="spk1 spk2" startTime="10" endTime="20"><Sync time="10"/><Who nb="1"/>Me first.<Who nb="2"/>No, me.</Turn>
</Section>
</Episode>
</Trans>
"""
    episode = imported("14-t.trs", text)
    assert [s.heading for s in episode.sections] == ["Welcome"]
    assert turns(episode) == [("Ada Lovelace", "Hello there. Me first.", 5.0), ("Bob Stone", "No, me.", 10.0)]


def test_ttml_captions_with_agents():
    text = """<?xml version="1.0"?>
<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttm="http://www.w3.org/ns/ttml#metadata">
<head><metadata><ttm:agent xml:id="a1"><ttm:name>Ada Lovelace</ttm:name></ttm:agent></metadata></head>
<body><div>
<p begin="00:00:01.000" end="00:00:03.000" ttm:agent="a1">Hello<br/>there.</p>
<p begin="4.5s" end="6s">Still me.</p>
</div></body></tt>
"""
    assert turns(imported("15-t.ttml", text)) == [("Ada Lovelace", "Hello there. Still me.", 1.0)]


def test_csv_and_tab_separated_exports():
    csv = 'Speaker,Start Time,End Time,Text\nAda,00:00:01,00:00:03,"Hello, there."\nBob,00:00:04,00:00:05,Hi.\n'
    tsv = "start\tend\tspeaker\ttext\n1.0\t3.0\tAda\tHello, there.\n4.0\t5.0\tBob\tHi.\n"
    for name, text in (("16-t.csv", csv), ("16-t.tsv", tsv)):
        assert turns(imported(name, text)) == [("Ada", "Hello, there.", 1.0), ("Bob", "Hi.", 4.0)]


def test_webvtt_mixing_voice_tags_with_inline_labels_and_youtube_chevrons():
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ada Lovelace>Hello.\n\n"
            "00:00:02.500 --> 00:00:04.000\nBob Stone: Hi, Ada.\n\n"
            "00:00:04.500 --> 00:00:06.000\n>> A new voice. >> And another.\n")
    assert turns(imported("17-mix.vtt", text)) == [("Ada Lovelace", "Hello.", 1.0), ("Bob Stone", "Hi, Ada.", 2.5),
                                                   (None, "A new voice.", 4.5), (None, "And another.", 4.5)]


def test_markdown_breaks_entities_empty_labels_and_show_notes():
    text = ("**Ada Lovelace:** It&#39;s &quot;here&quot; \\[laughter\\] now.\n\n"
            "**Break:** \\[12:34\\] to \\[13:00\\]\n\n"
            "**Ada Lovelace:** Back again.\n\n**Outro**: \\[20:00\\]\n\n**Bob Stone: **\n\n"
            "**Bob Stone:** See [the notes](https://example.org/notes) for more.\n")
    episode = imported("18-md.md", text)
    assert turns(episode) == [("Ada Lovelace", "It's \"here\" [laughter] now.", None),
                              ("Ada Lovelace", "Back again.", 780.0), ("Outro", "", 1200.0),
                              ("Bob Stone", "See [the notes](https://example.org/notes) for more.", None)]
    assert episode.guests == ("Ada Lovelace", "Bob Stone")  # a label with no words is no guest


def test_a_lowercase_handle_that_speaks_again_and_again_is_a_speaker():
    text = "".join(f"jsmith: point {i}.\n\nada_l: reply {i}.\n\n" for i in range(3))
    assert imported("19-h.txt", text).speakers == ("jsmith", "ada_l")


@pytest.mark.parametrize("text,speakers", [
    ("Ada Lovelace: Hello.\n\nThe Point Is: nobody knows.\n\nAda Lovelace: Indeed.\n", ("Ada Lovelace",)),
    ("Ada Lovelace: Hello.\n\nNote: this part was cut.\n\nBob Stone: Fine.\n\nBob Stone: Really.\n",
     ("Ada Lovelace", "Bob Stone")),
    ("So here's the thing: " + "we talked a lot. " * 20 + "\n", ()),
])
def test_a_label_that_is_really_a_sentence_is_never_a_speaker(text, speakers):
    assert imported("20-s.txt", text).speakers == speakers


def test_a_heading_that_reads_like_a_label_stays_a_heading():
    text = "## Ada Lovelace: A Life\n\n**Bob Stone:** Let us talk about her.\n"
    episode = imported("21-h.md", text)
    assert [s.heading for s in episode.sections] == ["Ada Lovelace: A Life"]
    assert episode.speakers == ("Bob Stone",)


def test_a_wall_of_text_becomes_paragraphs_that_keep_every_word():
    wall = " ".join(f"Sentence number {i} is here." for i in range(400))
    episode = imported("22-wall.txt", " " + wall + "\n")
    paragraphs = [p for s in episode.sections for t in s.turns for p in t.paragraphs]
    assert " ".join(paragraphs) == wall
    assert len(paragraphs) > 10 and max(size(p) for p in paragraphs) <= 250


def test_an_unpunctuated_wall_is_cut_between_words_and_japanese_between_characters():
    english = " ".join(f"w{i}" for i in range(1000))
    japanese = "あ" * 2000
    for name, wall in (("23-en.txt", english), ("23-ja.txt", japanese)):
        paragraphs = [p for s in imported(name, wall + "\n").sections for t in s.turns for p in t.paragraphs]
        assert "".join(paragraphs).replace(" ", "") == wall.replace(" ", "")
        assert max(size(p) for p in paragraphs) <= 250


@pytest.mark.parametrize("name,text,message", [
    ("feed.xml", '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title></channel></rss>\n',
     "feed.xml:1: this is a podcast feed (RSS), not a transcript: import the transcript files its "
     "`<podcast:transcript>` tags link to"),
    ("page.html", "<html><body><nav>Menu</nav><p>An article.</p></body></html>\n",
     "page.html:1: no transcript found in the HTML: expected Podcasting 2.0 HTML (`<cite>Name:</cite> "
     "<time>0:05</time> <p>text</p>`) or paragraphs that name their speaker (`<p><strong>Name:</strong> "
     "text</p>`); for another page, save its transcript as text and import that (or pass --format text)"),
    ("sitemap.xml", '<?xml version="1.0"?>\n<urlset><url><loc>https://e.org/</loc></url></urlset>\n',
     "sitemap.xml:1: an XML file with a <urlset> root, which is no transcript format shownotes reads: expected "
     "Transcriber (`<Trans>`, a .trs file) or TTML captions (`<tt>`)"),
    ("empty.txt", "\n\n", "empty.txt:1: the file is empty: there is no transcript in it"),
    ("bad.json", '{"episode": 3, "notes": "no transcript"}',
     'bad.json:1: expected a JSON transcript: Podcasting 2.0 ({"version": "1.0.0", "segments": [{"speaker": "Ada", '
     '"startTime": 0.5, "body": "..."}]}), any list of segments with a text and a start, or the output of '
     'AssemblyAI, Deepgram, AWS Transcribe, Rev or Sonix'),
])
def test_what_is_no_transcript_is_named_for_what_it_is(name, text, message):
    with pytest.raises(SiteError) as error:
        imported(name, text)
    assert str(error.value) == message


def test_a_file_that_is_not_what_its_name_says_is_read_for_what_it_is(caplog):
    caplog.set_level(logging.DEBUG)
    text = "1\n00:00:01,000 --> 00:00:02,000\nAda: Hello.\n\n2\n00:00:02,500 --> 00:00:03,000\nBob: Hi.\n"
    episode = imported("5-captions.vtt", text)
    assert episode.speakers == ("Ada", "Bob")
    assert ("5-captions.vtt: read as SRT captions, as it starts with a cue number and a `-->` timing (also "
            "possible: vtt, as its name ends in .vtt)") in caplog.text


def test_apple_podcasts_ttml_words_in_spans_of_their_own():
    text = ('<?xml version="1.0"?>\n<tt xmlns="http://www.w3.org/ns/ttml" '
            'xmlns:ttm="http://www.w3.org/ns/ttml#metadata" xmlns:podcasts="http://podcasts.apple.com/transcript-ttml-internal">'
            '<body><div><p begin="1.000" end="2.000" ttm:agent="SPEAKER_1"><span podcasts:unit="sentence">'
            '<span podcasts:unit="word" begin="1.000" end="1.400">Hello</span>'
            '<span podcasts:unit="word" begin="1.400" end="2.000">world.</span></span></p></div></body></tt>\n')
    assert turns(imported("24-apple.ttml", text)) == [("Speaker 2", "Hello world.", 1.0)]  # SPEAKER_1 counts from 0


def test_youtube_sbv_with_chevron_names():
    text = "0:00:00.599,0:00:04.160\n>> ANDY: Oh, hey, Steve.\n\n0:00:04.160,0:00:07.200\n>> STEVE: What's up?\n"
    assert detect(text, Path("25-yt.sbv")) == "srt"
    assert turns(imported("25-yt.sbv", text)) == [("ANDY", "Oh, hey, Steve.", 0.599), ("STEVE", "What's up?", 4.16)]


def test_names_alone_on_their_lines_with_the_turn_below():
    text = ("JANE DOE\n\nWelcome to the show, everyone.\n\nBOB STONE\n\nThanks for having me.\n\nJANE DOE\n\n"
            "Let us begin.\n\nBOB STONE\n\nSure.\n")
    assert [t[0] for t in turns(imported("26-own.txt", text))] == ["JANE DOE", "BOB STONE", "JANE DOE", "BOB STONE"]
    notes = ("Sponsors\n\nThis episode is brought to you by Acme, makers of everything you need and more.\n\n"
             "Links\n\nFind the links below, each with a note on why it matters to this week's talk.\n")
    assert imported("26-notes.txt", notes * 3).speakers == ()


@pytest.mark.parametrize("data,what", [
    (b"PK\x03\x04rest-of-zip", "a Word document (.docx) or another ZIP file, not text"),
    (b"%PDF-1.7\n...", "a PDF, not text"),
    (b"ID3\x04\x00mp3 data", "an audio file, not a transcript"),
])
def test_documents_and_audio_are_named_with_what_to_do(make_site, tmp_path, data, what):
    from shownotes.config import load_config
    from shownotes.importer import import_files

    site = make_site({})
    path = tmp_path / "27-episode.bin"
    path.write_bytes(data)
    with pytest.raises(SiteError) as error:
        import_files(site, [path], load_config(site))
    assert str(error.value).startswith(f"{path}: this is {what}")


def test_a_heading_with_a_time_and_a_name_is_a_turn_when_the_name_comes_back():
    text = ("# Phoenix Cast Episode 11: Cloud Migration\n\n- **Hosts present:** John and Kyle\n\n---\n\n"
            "### [00:00:00] John\nWelcome to the show.\n\n### [00:00:17] Kyle\nAnd Kyle.\n\n"
            "### [00:00:18] John\nI'm a US Marine.\n\n## [00:01:00] Cloud Basics\n\n### [00:01:02] Kyle\nSo, clouds.\n")
    episode = imported("phoenix_cast_011_cloud_migration_transcript_corrected.md", text)
    assert (episode.number, episode.title) == (11, "Cloud Migration")
    assert [s.heading for s in episode.sections] == [None, "Cloud Basics"]
    assert [t[0] for t in turns(episode)] == [None, "John", "Kyle", "John", "Kyle"]


def test_whisper_lines_with_an_arrow_and_numbered_voices_in_other_languages():
    text = "[0.00 → 7.46] Coming up on Self-Hosted 13.\n[7.46 → 9.44] I'm Chris.\n"
    assert turns(imported("13： IRC is Not Dead _transcript_corrected.txt", text))[0][2] == 0.0
    french = "[Intervenant 1] [00:00] Bonjour.\n[Intervenant 2] [00:05] D'accord.\n[Intervenant 1] [00:09] Bien.\n"
    episode = imported("4-reunion.txt", french)
    assert episode.speakers == ("Intervenant 1", "Intervenant 2") and episode.guests == ()
    tagged = "[#P157] [29:44] **Ankit:** Say the test case\n\n[#P158] [29:46] **Hongye Qian:** But here.\n"
    assert turns(imported("5-meeting.md", tagged)) == [("Ankit", "Say the test case", 1784.0),
                                                       ("Hongye Qian", "But here.", 1786.0)]


def test_import_with_v_says_which_format_it_chose_and_why_and_which_number(make_site, tmp_path):
    from .test_cli import run

    site = make_site({})
    path = tmp_path / "interview.txt"
    path.write_text("[00:00:01] Ada Lovelace: Hello there.\n[00:00:04] Bob Stone: Hi, Ada.\n", encoding="utf-8")
    result = run("import", str(path), "--site", str(site), "-v")
    assert result.returncode == 0, result.stderr
    assert (f"{path}: read as text with Speaker: and [00:01:02] turns in any order (Otter, Rev, Descript, "
            f"Temi...), as 2 lines start a turn with a name or a time") in result.stderr
    assert f"{path}: no episode number in the file or its name; numbered 1, the next free number" in result.stderr
    assert (site / "content/episodes/001-interview.md").exists()
