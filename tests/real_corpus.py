"""The real transcripts in tests/fixtures/real/, imported with no flags and checked against what
a person read in each file (manifest.json): shared by tests/test_real_transcripts.py and
benchmarks/import_corpus.py, so the test and the table measure the same thing."""
from __future__ import annotations

import datetime
import html
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shownotes.config import SiteConfig
from shownotes.content import parse_episode
from shownotes.formats.detect import detect, read
from shownotes.formats.draft import ImportOptions
from shownotes.formats.identity import Numbering
from shownotes.formats.paragraphs import size
from shownotes.importer import episode_text
from shownotes.model import Episode
from shownotes.textfile import read_text, repair

CORPUS = Path(__file__).resolve().parent / "fixtures" / "real"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
# A turn count within 5% of the one read by hand; no paragraph past 300 words; at least 97% of the
# source's words in the episode, and no more than 3% added.
TURNS_WITHIN = 0.05
MAX_PARAGRAPH = 300
WORDS_KEPT = 0.97
WORDS_ADDED = 0.03
CHECKS = ("speakers", "turns", "headings", "times", "words", "paragraphs", "identity", "round trip")

_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W\d_]+")
_TAGS = re.compile(r"<(script|style|head)\b.*?</\1>|<[^>]*>", re.S | re.I)
_VOICE_TAGS = re.compile(r"</?[A-Za-z][^<>\n]{0,80}>")  # WebVTT's <v Name>, <i>
_TEXT_KEYS = ("text", "body", "transcript", "content")


def words(text: str) -> Counter[str]:
    """The words of a text, lowercased; a Japanese or Chinese character is a word of its own."""
    return Counter(w.lower() for w in _WORD.findall(text))


def _json_text(data: Any) -> str:
    """The transcript text of a JSON document: the text of its longest list of segments."""
    lists = []

    def walk(value: Any, depth: int) -> None:
        if depth > 4:
            return
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lists.append(value)
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
        for child in children:
            walk(child, depth + 1)

    walk(data, 0)
    segments = max(lists, key=len, default=[])
    return " ".join(str(next((s[k] for k in _TEXT_KEYS if isinstance(s.get(k), str)), "")) for s in segments
                    if isinstance(s, dict))


def source_words(path: Path, text: str) -> Counter[str]:
    """What the file says, without its markup, front matter or JSON keys (labels and times stay:
    the comparison leaves speakers' names out on both sides, and times hold no words)."""
    if path.suffix == ".json":
        return words(_json_text(json.loads(text)))
    if path.suffix in (".html", ".trs", ".xml"):
        return words(html.unescape(_TAGS.sub(" ", text)))
    for fence in ("---", "+++"):
        if text.startswith(fence + "\n"):
            end = text.find("\n" + fence, len(fence))
            text = text[end + len(fence) + 1:] if end >= 0 else text
    return words(html.unescape(_VOICE_TAGS.sub(" ", text).replace("\\", "")))


def episode_words(episode: Episode) -> Counter[str]:
    found: Counter[str] = Counter()
    for section in episode.sections:
        found.update(words(section.heading or ""))
        for turn in section.turns:
            for paragraph in turn.paragraphs:
                found.update(words(paragraph))
    return found


@dataclass(frozen=True)
class Result:
    """One file's import, checked: each check's verdict (True, False, or None when the manifest
    expects nothing to check) and what was found where it failed."""

    file: str
    shape: str
    format: str
    checks: dict[str, bool | None]
    found: dict[str, Any]
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and all(v is not False for v in self.checks.values())


def counted_turns(episode: Episode, named: bool) -> int:
    """Turns as the manifest counts them: a speaker's, in a file that names speakers (text
    between sections that no one is credited with is show notes); every turn otherwise."""
    return sum(1 for s in episode.sections for t in s.turns if t.speaker is not None or not named)


def check(entry: dict[str, Any]) -> Result:
    """Import one manifest file with no flags, as `build.py import FILE` does, and check it."""
    path = CORPUS / entry["file"]
    expected = entry["expected"]
    text = repair(read_text(path))
    name = detect(text, path)
    try:
        [episode] = read(text, path, ImportOptions(numbering=Numbering(taken={1, 2, 3})))
    except Exception as error:  # noqa: BLE001 - a crash is a failed import, shown in the table
        return Result(entry["file"], entry["shape"], name, {}, {}, f"{type(error).__name__}: {error}")
    found: dict[str, Any] = {}
    checks: dict[str, bool | None] = {}
    checks["speakers"] = list(episode.speakers) == expected["speakers"]
    found["speakers"] = list(episode.speakers)
    turns = counted_turns(episode, bool(expected["speakers"]))
    found["turns"] = turns
    checks["turns"] = None if expected["turns"] is None else abs(turns - expected["turns"]) <= TURNS_WITHIN * expected[
        "turns"]
    found["headings"] = [s.heading for s in episode.sections if s.heading is not None]
    checks["headings"] = found["headings"] == expected["headings"]
    times = [t.time for s in episode.sections for t in s.turns if t.time is not None]
    found["times"] = len(times)
    checks["times"] = bool(times) == expected["timed"] and all(a <= b + 1 for a, b in zip(times, times[1:]))
    names = {w for speaker in (*expected["speakers"], *episode.speakers, "speaker") for w in words(speaker)}
    source = Counter({w: n for w, n in source_words(path, text).items() if w not in names})
    mine = Counter({w: n for w, n in episode_words(episode).items() if w not in names})
    kept = sum(min(n, mine[w]) for w, n in source.items()) / max(1, sum(source.values()))
    added = sum(mine.values()) / max(1, sum(source.values())) - 1
    found["words"] = f"{kept:.1%} kept, {added:+.1%}"
    checks["words"] = kept >= WORDS_KEPT and added <= WORDS_ADDED
    longest = max((size(p) for s in episode.sections for t in s.turns for p in t.paragraphs), default=0)
    found["paragraphs"] = longest
    checks["paragraphs"] = longest <= MAX_PARAGRAPH
    wanted = {k: expected[k] for k in ("number", "title", "season") if expected[k] is not None}
    if expected["date"] is not None:
        wanted["date"] = datetime.date.fromisoformat(expected["date"])
    got = {k: getattr(episode, k) for k in wanted}
    found["identity"] = got
    checks["identity"] = got == wanted
    written = episode_text(episode)
    loaded = parse_episode(written, Path("content/episodes") / f"{episode.slug}.md", SiteConfig(title="Show"))
    checks["round trip"] = loaded.sections == episode.sections
    return Result(entry["file"], entry["shape"], name, checks, found)
