"""JSON from speech-to-text services and the scripts around them: AssemblyAI (`utterances`,
`words`), Deepgram (`results.utterances`, `paragraphs`), AWS Transcribe (`results.audio_segments`,
`items` with `speaker_labels`), Rev (`monologues` of `elements`), Sonix (`transcript` of
`words`), and any list of objects with a text, a speaker and a start (seconds or milliseconds)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from ..errors import fail
from .draft import CONTINUE, MERGE, Cue, Draft, carry_labels
from .paragraphs import join
from .podcast_json import load, seconds
from .reading import MAX_SECONDS, array_lines, in_milliseconds

_TEXT = ("text", "transcript", "body", "content", "sentence", "utterance", "value", "punctuated_word", "word")
_SPEAKER = ("speaker_name", "speakerName", "speaker", "speaker_label", "speakerLabel", "spk", "name", "author")
_START = ("start", "startTime", "start_time", "begin", "offset", "ts", "from", "startMs", "start_ms")
_END = ("end", "endTime", "end_time", "stop", "end_ts", "to", "endMs", "end_ms")
_TITLE = ("episodeTitle", "episode_title", "title")
_NUMBER = ("episodeNumber", "episode_number", "episode", "number")
_GUID = ("episodeGuid", "episode_guid", "guid")
EXPECTED = ('expected a JSON transcript: Podcasting 2.0 ({"version": "1.0.0", "segments": [{"speaker": "Ada", '
            '"startTime": 0.5, "body": "..."}]}), any list of segments with a text and a start, or the output of '
            'AssemblyAI, Deepgram, AWS Transcribe, Rev or Sonix')

# (speaker label or None, text, start, end) a piece of speech; times as the file gives them
Piece = tuple[Any, Any, Any, Any]


def _first(item: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((item[k] for k in keys if k in item and item[k] is not None), None)


def _label(value: Any, numbered: bool = False) -> str | None:
    """A speaker as a label: Deepgram's and Rev's numbers are "Speaker 0", "Speaker 1"."""
    if isinstance(value, bool) or value is None or value == "":
        return None
    if isinstance(value, int) or (numbered and isinstance(value, str) and value.isdigit()):
        return f"Speaker {value}"
    return str(value).strip() or None


def _words(words: list[Any], text_keys: tuple[str, ...] = ("punctuated_word", "text", "word", "value", "content"),
           ) -> list[Piece]:
    """Word-level output joined into runs of one speaker, punctuation clinging to its word."""
    pieces: list[list[Any]] = []
    for word in words:
        if not isinstance(word, dict):
            continue
        text = word.get("alternatives", [{}])[0].get("content") if "alternatives" in word else _first(word, text_keys)
        if not isinstance(text, str) or not text.strip():
            continue
        speaker = _label(_first(word, _SPEAKER))
        start, end = _first(word, _START), _first(word, _END)
        if pieces and pieces[-1][0] == speaker:
            pieces[-1][1] = join(pieces[-1][1], text.strip())
            pieces[-1][3] = end if end is not None else pieces[-1][3]
        else:
            pieces.append([speaker, text.strip(), start, end])
    return [(p[0], p[1], p[2], p[3]) for p in pieces]


def _assemblyai(data: dict[str, Any]) -> list[Piece] | None:
    if isinstance(data.get("utterances"), list) and data["utterances"]:
        return [(_label(u.get("speaker")), u.get("text"), u.get("start"), u.get("end"))
                for u in data["utterances"] if isinstance(u, dict)]
    if isinstance(data.get("words"), list) and data["words"] and "audio_duration" in data:
        return _words(data["words"])
    return None


def _deepgram(data: dict[str, Any]) -> list[Piece] | None:
    results = data.get("results")
    if not isinstance(results, dict) or "channels" not in results and "utterances" not in results:
        return None
    if isinstance(results.get("utterances"), list) and results["utterances"]:
        return [(_label(u.get("speaker")), u.get("transcript"), u.get("start"), u.get("end"))
                for u in results["utterances"] if isinstance(u, dict)]
    try:
        best = results["channels"][0]["alternatives"][0]
    except (KeyError, IndexError, TypeError):
        return None
    paragraphs = (best.get("paragraphs") or {}).get("paragraphs") if isinstance(best, dict) else None
    if isinstance(paragraphs, list) and paragraphs:
        return [(_label(p.get("speaker")), " ".join(s.get("text", "") for s in p.get("sentences", [])
                                                    if isinstance(s, dict)), p.get("start"), p.get("end"))
                for p in paragraphs if isinstance(p, dict)]
    if isinstance(best, dict) and isinstance(best.get("words"), list) and best["words"]:
        return _words(best["words"])
    return [(None, best.get("transcript"), None, None)] if isinstance(best, dict) else None


def _aws(data: dict[str, Any]) -> list[Piece] | None:
    results = data.get("results")
    if not isinstance(results, dict) or "transcripts" not in results:
        return None
    if isinstance(results.get("audio_segments"), list) and results["audio_segments"]:
        return [(_label(s.get("speaker_label")), s.get("transcript"), s.get("start_time"), s.get("end_time"))
                for s in results["audio_segments"] if isinstance(s, dict)]
    items = results.get("items")
    if not isinstance(items, list) or not items:
        transcripts = results.get("transcripts") or [{}]
        return [(None, transcripts[0].get("transcript"), None, None)] if isinstance(transcripts[0], dict) else None
    labels = (results.get("speaker_labels") or {}).get("segments") or []
    speakers = {str(i.get("start_time")): s.get("speaker_label") for s in labels if isinstance(s, dict)
                for i in s.get("items", []) if isinstance(i, dict)}
    words = []
    speaker = None
    for item in items:
        if not isinstance(item, dict):
            continue
        speaker = item.get("speaker_label") or speakers.get(str(item.get("start_time")), speaker)
        words.append({**item, "speaker": speaker})
    return _words(words)


def _rev(data: dict[str, Any]) -> list[Piece] | None:
    if not isinstance(data.get("monologues"), list):
        return None
    pieces: list[Piece] = []
    for monologue in data["monologues"]:
        if not isinstance(monologue, dict):
            continue
        elements = [e for e in monologue.get("elements", []) if isinstance(e, dict)]
        text = "".join(str(e.get("value", "")) for e in elements).strip()
        timed = [e for e in elements if e.get("ts") is not None]
        speaker = _label(monologue.get("speaker_name")) or _label(monologue.get("speaker"), numbered=True)
        pieces.append((speaker, text, timed[0].get("ts") if timed else None, timed[-1].get("end_ts") if timed else None))
    return pieces


def _sonix(data: dict[str, Any]) -> list[Piece] | None:
    turns = data.get("transcript")
    if not isinstance(turns, list) or not turns or not isinstance(turns[0], dict) or "words" not in turns[0]:
        return None
    return [(_label(t.get("speaker")), _words(t.get("words") or [])[0][1] if _words(t.get("words") or []) else "",
             t.get("start_time"), t.get("end_time")) for t in turns if isinstance(t, dict)]


def _items(data: Any) -> tuple[str | None, list[Any]] | None:
    """The list of segments a document holds: itself, or its longest list of objects with text."""
    if isinstance(data, list):
        return None, data
    if not isinstance(data, dict):
        return None
    found = [(key, value) for key, value in data.items() if isinstance(value, list) and value
             and isinstance(value[0], dict) and _first(value[0], _TEXT) is not None]
    return max(found, key=lambda kv: len(kv[1])) if found else None


def _generic(data: Any) -> list[Piece] | None:
    found = _items(data)
    if found is None:
        return None
    return [(_label(_first(i, _SPEAKER)), _first(i, _TEXT), _first(i, _START), _first(i, _END))
            for i in found[1] if isinstance(i, dict)]


_SERVICES: tuple[tuple[str, Callable[[dict[str, Any]], list[Piece] | None]], ...] = (
    ("AssemblyAI", _assemblyai), ("Deepgram", _deepgram), ("AWS Transcribe", _aws), ("Rev", _rev), ("Sonix", _sonix))


def service(data: Any) -> str | None:
    """Which service's output a JSON document is, "segments" for a plain list of segments, or None."""
    if isinstance(data, dict):
        for name, reader in _SERVICES:
            if reader(data) is not None:
                return name
    return "segments" if _items(data) is not None else None


def _pieces(data: Any) -> list[Piece] | None:
    if isinstance(data, dict):
        for _, reader in _SERVICES:
            if (pieces := reader(data)) is not None:
                return pieces
    return _generic(data)


def _details(data: Any) -> dict[str, Any]:
    """The episode details a document names beside its transcript: title, number, guid."""
    if not isinstance(data, dict):
        return {}
    values: dict[str, Any] = {}
    title, number, guid = _first(data, _TITLE), _first(data, _NUMBER), _first(data, _GUID)
    if isinstance(title, str) and title.strip():
        values["title"] = title.strip()
    if isinstance(number, int) and not isinstance(number, bool) and number >= 0:
        values["number"] = number
    if isinstance(guid, str) and guid.strip():
        values["guid"] = guid.strip()
    return values


def parse(text: str, path: Path) -> Draft:
    """A speech service's JSON, or a list of segments: cues with speakers and times."""
    data = load(text, path)
    pieces = _pieces(data)
    if not pieces:
        raise fail(path, 1, EXPECTED)
    found = _items(data)
    lines = array_lines(text, found[0], len(pieces)) if found and found[0] and len(found[1]) == len(pieces) \
        else [1] * len(pieces)
    starts = [seconds(p[2], 1000 * MAX_SECONDS) if p[2] is not None else None for p in pieces]
    ends = [seconds(p[3], 1000 * MAX_SECONDS) if p[3] is not None else None for p in pieces]
    scale = 1000.0 if in_milliseconds([s for s in starts if s is not None],
                                      [e for s, e in zip(starts, ends) if s is not None]) else 1.0
    cues = []
    for (speaker, words, _, _), start, end, line in zip(pieces, starts, ends, lines):
        if not isinstance(words, str) or not words.strip():
            continue
        start = start / scale if start is not None else None
        end = end / scale if end is not None else None
        if (start or 0) >= MAX_SECONDS:
            raise fail(path, line, "expected start times in seconds (or milliseconds), under 100 hours")
        for i, part in enumerate(p for p in words.split("\n") if p.strip()):
            cues.append(Cue(line, part.strip(), speaker, start if i == 0 else None, end, CONTINUE if i else MERGE))
    if not cues:
        raise fail(path, 1, f"no text found in the segments: {EXPECTED}")
    return Draft(path, tuple(carry_labels(cues, path)), **_details(data))
