"""Each episode's transcript in the Podcasting 2.0 formats, beside its page, for podcast apps,
when every turn has a time: transcript.json, transcript.vtt (with `<v Speaker>` voice tags) and
transcript.srt. Without times the page is the transcript: the spec names HTML for transcripts
without timecodes, its JSON segments need a start time, and a fourth copy of a long transcript
would only cost room (a thousand episodes' JSON took as much as their pages' text).

One cue or segment a turn, starting at the turn's time and ending where the next turn starts:
no time is made up except the last turn's end. The VTT cue identifier is the turn's anchor on
the page, and each paragraph is a line of the cue, so importing the file gives back the same
turns (formats/webvtt.py reads them so). JSON ends each turn's body with a newline, as the
spec's example ends a sentence, and separates paragraphs with one.
"""
from __future__ import annotations

import json
from dataclasses import replace

from .model import Episode, Turn, format_time
from . import urls

JSON_NAME, VTT_NAME, SRT_NAME = "transcript.json", "transcript.vtt", "transcript.srt"
JSON_TYPE, VTT_TYPE, SRT_TYPE = "application/json", "text/vtt", "application/x-subrip"
JSON_VERSION = "1.0.0"
# The last turn's end when the audio's duration does not say: a comfortable speaking pace.
CHARACTERS_A_SECOND = 15.0


def _turns(episode: Episode) -> list[Turn]:
    """The episode's turns, each paragraph on one line (a blank line would end a cue)."""
    turns = []
    for section in episode.sections:
        for turn in section.turns:
            # Most paragraphs are one line already: keep the turn as it is (splitting a thousand
            # episodes' words costs seconds, and so do function calls per paragraph).
            for p in turn.paragraphs:
                if not p or "\n" in p or "  " in p or "\t" in p or "\r" in p or p != p.strip():
                    break
            else:
                if turn.paragraphs:
                    turns.append(turn)
                continue
            paragraphs = tuple(line for line in (" ".join(p.split()) for p in turn.paragraphs) if line)
            if paragraphs:
                turns.append(replace(turn, paragraphs=paragraphs))
    return turns


def _is_timed(turns: list[Turn]) -> bool:
    """Every turn has a time, in order: what captions need."""
    times = [turn.time for turn in turns]
    return bool(turns) and all(t is not None for t in times) and all(
        a <= b for a, b in zip(times, times[1:]))  # type: ignore[operator]


def _ends(episode: Episode, turns: list[Turn]) -> list[float | None]:
    """Where each timed turn ends: the next turn's start, or for the last one the audio's end."""
    ends: list[float | None] = []
    for i, turn in enumerate(turns):
        if turn.time is None:
            ends.append(None)
            continue
        following = next((t.time for t in turns[i + 1:] if t.time is not None), None)
        if following is None:
            estimate = turn.time + max(1.0, sum(len(p) for p in turn.paragraphs) / CHARACTERS_A_SECOND)
            duration = episode.audio.duration if episode.audio is not None else None
            following = duration if duration is not None and duration > turn.time else estimate
        ends.append(max(following, turn.time))
    return ends


def _number(seconds: float) -> int | float:
    rounded = round(seconds, 3)
    return int(rounded) if rounded == int(rounded) else rounded


def _cue_time(seconds: float, comma: bool = False) -> str:
    text = format_time(seconds)
    text = text if "." in text else text + ".000"
    return text.replace(".", ",") if comma else text


def _vtt_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def transcript_json(episode: Episode, turns: list[Turn] | None = None) -> bytes:
    """The Podcasting 2.0 JSON transcript: one segment a turn."""
    turns = _turns(episode) if turns is None else turns
    segments = []
    for turn, end in zip(turns, _ends(episode, turns)):
        segment: dict[str, object] = {}
        if turn.speaker is not None:
            segment["speaker"] = turn.speaker
        if turn.time is not None and end is not None:
            segment["startTime"], segment["endTime"] = _number(turn.time), _number(end)
        segment["body"] = "\n".join(turn.paragraphs) + "\n"
        segments.append(segment)
    # One call, so json's C encoder does it all: a thousand episodes have a hundred thousand segments.
    document = {"version": JSON_VERSION, "segments": segments}
    return (json.dumps(document, ensure_ascii=False) + "\n").encode("utf-8")


def transcript_vtt(episode: Episode, turns: list[Turn] | None = None) -> bytes:
    """WebVTT: a cue a turn, named by the turn's page anchor, its speaker in a voice tag."""
    turns = _turns(episode) if turns is None else turns
    blocks = ["WEBVTT"]
    for turn, end in zip(turns, _ends(episode, turns)):
        assert turn.time is not None and end is not None
        lines = [_vtt_text(p) for p in turn.paragraphs]
        if turn.speaker is not None:
            lines[0] = f"<v {_vtt_text(turn.speaker)}>{lines[0]}"
        blocks.append(f"{turn.anchor}\n"
                      f"{_cue_time(turn.time)} --> {_cue_time(end)}\n" + "\n".join(lines))
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def transcript_srt(episode: Episode, turns: list[Turn] | None = None) -> bytes:
    """SRT: a numbered cue a turn, starting `Speaker: `."""
    turns = _turns(episode) if turns is None else turns
    blocks = []
    for number, (turn, end) in enumerate(zip(turns, _ends(episode, turns)), 1):
        assert turn.time is not None and end is not None
        lines = list(turn.paragraphs)
        if turn.speaker is not None:
            lines[0] = f"{turn.speaker}: {lines[0]}"
        blocks.append(f"{number}\n{_cue_time(turn.time, comma=True)} --> {_cue_time(end, comma=True)}\n"
                      + "\n".join(lines))
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def transcript_links(episode: Episode, turns: list[Turn] | None = None) -> list[tuple[str, str]]:
    """(output-relative URL, MIME type) of each transcript file the build writes for the episode."""
    turns = _turns(episode) if turns is None else turns
    if not episode.has_transcript or not turns:
        return []
    if not _is_timed(turns):
        return []
    names = [(JSON_NAME, JSON_TYPE), (VTT_NAME, VTT_TYPE), (SRT_NAME, SRT_TYPE)]
    return [(urls.episode_file(episode.slug, name), kind) for name, kind in names]


def files_and_links(episode: Episode) -> tuple[dict[str, bytes], list[tuple[str, str]]]:
    """One episode's transcript files (output-relative path -> bytes) and their (URL, MIME type)."""
    writers = {JSON_NAME: transcript_json, VTT_NAME: transcript_vtt, SRT_NAME: transcript_srt}
    turns = _turns(episode)
    links = transcript_links(episode, turns)
    return {url: writers[url.rsplit("/", 1)[1]](episode, turns) for url, _ in links}, links
