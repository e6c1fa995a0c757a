#!/usr/bin/env python3
"""How well found sections match sections people wrote: Pk and WindowDiff on word positions.

  python3 benchmarks/segmentation.py                        # the sample's episodes 1 and 2
  python3 benchmarks/segmentation.py content/episodes/001-*.md DIR ...

Each argument is a transcript with human sections (a Markdown episode file with `##` headings,
or any transcript format with headings), or a folder: its manifest.json when it has one (a list
of entries, or {"transcripts": [...]}, each naming a `transcript` file and optionally its
`chapters` file and `format`), else every transcript in it. For each transcript the human
sections are removed (heading lines dropped and the text read again, or the transcript read
without its chapters), the text is segmented by shownotes/segment.py, and the found boundaries
are compared with the human ones, against two baselines: evenly spaced sections of the human
count, and no sections at all. Lower is better for both measures.

Transcripts are split in two halves by a hash of their name: `dev` (used to tune segment.py's
settings) and `test` (not looked at while tuning). Both are reported, and each row says which.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
import statistics
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shownotes import segment  # noqa: E402
from shownotes.formats import FORMATS, chapters as chapter_file  # noqa: E402
from shownotes.formats.detect import detect, read  # noqa: E402
from shownotes.formats.draft import ImportOptions  # noqa: E402
from shownotes.model import Section, Turn  # noqa: E402
from shownotes.textfile import read_text, repair  # noqa: E402
from shownotes.vocabulary import ENGLISH_STOP_WORDS  # noqa: E402

# The sample's two episodes with sections, and the real transcripts collected for this.
DEFAULT = [*sorted((ROOT / "content" / "episodes").glob("00[12]-*.md")), ROOT / "tests" / "fixtures" / "sectioned"]
TRANSCRIPT_SUFFIXES = {".md", ".vtt", ".srt", ".json", ".txt"}


# --- The measures -----------------------------------------------------------------------------

def window_size(reference: Sequence[int], total: int) -> int:
    """Half the mean length of the reference's segments, as Beeferman et al. set k; at least 1."""
    return max(1, round(total / (len(reference) + 1) / 2))


def _counts(boundaries: Sequence[int], total: int) -> list[int]:
    """before[x] = how many boundaries are at word positions 1..x (a boundary at p: word p starts a segment)."""
    marks = [0] * (total + 1)
    for b in boundaries:
        if 0 < b < total:
            marks[b] += 1
    before, running = [], 0
    for mark in marks:
        running += mark
        before.append(running)
    return before


def pk(reference: Sequence[int], hypothesis: Sequence[int], total: int, k: int | None = None) -> float:
    """Pk: the share of windows of k words whose two ends the hypothesis puts wrongly in the same
    segment or in different ones."""
    k = k or window_size(reference, total)
    ref, hyp = _counts(reference, total), _counts(hypothesis, total)
    windows = total - k
    if windows <= 0:
        return 0.0
    errors = sum((ref[i + k] == ref[i]) != (hyp[i + k] == hyp[i]) for i in range(windows))
    return errors / windows


def window_diff(reference: Sequence[int], hypothesis: Sequence[int], total: int, k: int | None = None) -> float:
    """WindowDiff (Pevzner and Hearst): the share of windows of k words holding a different number
    of boundaries in the hypothesis than in the reference."""
    k = k or window_size(reference, total)
    ref, hyp = _counts(reference, total), _counts(hypothesis, total)
    windows = total - k
    if windows <= 0:
        return 0.0
    errors = sum(ref[i + k] - ref[i] != hyp[i + k] - hyp[i] for i in range(windows))
    return errors / windows


def evenly_spaced(count: int, total: int) -> list[int]:
    """Boundaries cutting `total` words into `count` sections of equal length."""
    return [round(i * total / count) for i in range(1, count)]


# --- Reading transcripts with human sections --------------------------------------------------

@dataclass(frozen=True)
class Case:
    """One transcript: its human sections, and its turns as they read without them."""

    name: str
    human: tuple[Section, ...]
    turns: tuple[Turn, ...]


def _paragraph_words(turns: Sequence[Turn]) -> list[int]:
    return [len(p.split()) for t in turns for p in t.paragraphs]


def _read(path: Path, text: str, chapters: Path | None, format: str | None) -> tuple[Section, ...]:
    options = ImportOptions(number=1, title=path.stem)  # neither matters here, and not every file has them
    if chapters is not None:
        options = replace(options, chapters=chapter_file.parse(read_text(chapters), chapters), chapters_path=chapters)
    episodes = read(text, path, options, format)
    if len(episodes) != 1:
        raise SystemExit(f"{path}: expected one episode, found {len(episodes)}")
    return episodes[0].sections


_HEADING_LINE = re.compile(r"^#{2,6}\s.*$", re.M)
# A heading people wrote as `#Title` or `# Title` in the body is a section boundary all the same.
_LOOSE_HEADING = re.compile(r"^#{1,6}[ \t]*(?=\S)", re.M)
# `[Speaker 1] [01:02] text`, a shape of Whisper output the readers do not know yet: rewritten as
# timestamped text, `[01:02] Speaker 1: text`, which they do.
_SPEAKER_THEN_STAMP = re.compile(r"^\[(?P<speaker>[^\]\n]+)\] \[(?P<time>\d{1,2}(?::\d{2}){1,2})\] ?(?P<text>.*)$", re.M)


def _adapted(text: str, format: str | None) -> tuple[str, str | None]:
    """The text in a shape the readers know, and the format to read it as."""
    lines = [line for line in text.split("\n") if line.strip()]
    if format is None and sum(bool(_SPEAKER_THEN_STAMP.match(line)) for line in lines) > 0.9 * len(lines):
        return _SPEAKER_THEN_STAMP.sub(r"[\g<time>] \g<speaker>: \g<text>", text), "text"
    if format in (None, "markdown") and text.startswith("---\n"):
        head, sep, body = text[4:].partition("\n---\n")
        return "---\n" + head + sep + _LOOSE_HEADING.sub("## ", body), format
    return text, format


def load_case(path: Path, chapters: Path | None = None, format: str | None = None) -> Case:
    """A transcript read with its human sections, and again without them."""
    text, format = _adapted(repair(read_text(path)), format)
    human = _read(path, text, chapters, format)
    if chapters is not None:
        bare = _read(path, text, None, format)
    elif (format or detect(text, path)) == "markdown":
        bare = _read(path, _HEADING_LINE.sub("", text), None, format)
    else:
        raise SystemExit(f"{path}: give its chapters in the manifest, or use a Markdown file with ## headings")
    turns = tuple(t for s in bare for t in s.turns)
    if sum(_paragraph_words(turns)) != sum(_paragraph_words([t for s in human for t in s.turns])):
        raise SystemExit(f"{path}: the text without sections does not hold the same words")
    return Case(path.name, human, turns)


def cases_in(argument: Path) -> list[Case]:
    """The transcripts an argument names: a file, or a folder (its manifest.json if any)."""
    if argument.is_file():
        return [load_case(argument)]
    manifest = argument / "manifest.json"
    if not manifest.exists():
        return [load_case(p) for p in sorted(argument.iterdir())
                if p.suffix in TRANSCRIPT_SUFFIXES and ".chapters." not in p.name and p.name != "manifest.json"]
    data = json.loads(manifest.read_text(encoding="utf-8"))
    entries = data if isinstance(data, list) else data.get("transcripts") or data.get("episodes") or []
    found = []
    for entry in entries:
        name = entry.get("transcript") or entry.get("file") or entry.get("path")
        chapters = entry.get("chapters")
        format = entry.get("format") if entry.get("format") in FORMATS else None  # a name of ours, or a description
        found.append(load_case(argument / name, argument / chapters if isinstance(chapters, str) else None, format))
    return found


# --- Comparing --------------------------------------------------------------------------------

def starts_in_words(sections: Sequence[Section]) -> list[int]:
    """Word positions where the titled sections start (the opening is no boundary)."""
    starts, words = [], 0
    for section in sections:
        if section.heading is not None and words > 0 and (not starts or starts[-1] != words):
            starts.append(words)
        words += sum(_paragraph_words(section.turns))
    return starts


def spans(starts: list[int], total: int) -> list[tuple[int, int]]:
    edges = [0] + starts + [total]
    return [(a, b) for a, b in zip(edges, edges[1:]) if b > a]


_WORD = re.compile(r"[^\W_]+")


def content_words(title: str) -> set[str]:
    """A title's words that carry meaning, plurals folded: "Use Of Open Source" -> {open, source}."""
    words = set()
    for word in _WORD.findall(title.lower()):
        if len(word) >= 3 and word not in ENGLISH_STOP_WORDS:
            words.add(word[:-1] if word.endswith("s") and len(word) > 3 else word)
    return words


@dataclass(frozen=True)
class Result:
    case: Case
    half: str
    total: int
    human_count: int
    found_count: int
    scores: dict[str, tuple[float, float]]  # method -> (Pk, WindowDiff)
    titles: list[tuple[str, str, bool]]     # (found title, matched human title, share a content word)
    seconds: float


def halves(names: list[str]) -> dict[str, str]:
    """Each transcript's half, `dev` or `test`: in the order of a hash of their names, alternately,
    so the halves are even and no one chose who went where."""
    ordered = sorted(names, key=lambda name: hashlib.sha256(name.encode("utf-8")).hexdigest())
    return {name: "dev" if i % 2 == 0 else "test" for i, name in enumerate(ordered)}


def evaluate(case: Case, half: str) -> Result:
    total = sum(_paragraph_words(case.turns))
    reference = starts_in_words(case.human)
    started = time.process_time()  # CPU time: on a shared machine, wall-clock time is mostly the neighbours'
    found = segment.find_sections(case.turns)
    seconds = time.process_time() - started
    hypothesis = starts_in_words(found) if found else []
    count = len(reference) + 1
    methods = {"found": hypothesis, "even": evenly_spaced(count, total), "none": []}
    scores = {name: (pk(reference, hyp, total), window_diff(reference, hyp, total)) for name, hyp in methods.items()}
    titles = []
    human_titled = [s for s in case.human if s.turns or s.heading]
    human_spans = spans(reference, total)
    human_titles = [s.heading or "(untitled opening)" for s in human_titled if s.heading is not None or s.turns]
    if len(human_titles) == len(human_spans) + 1:  # an empty opening section
        human_titles = human_titles[1:]
    for section, (a, b) in zip(found, spans(hypothesis, total)):
        overlaps = [min(b, d) - max(a, c) for c, d in human_spans]
        match = max(range(len(human_spans)), key=lambda i: (overlaps[i], -i))
        human = human_titles[match] if match < len(human_titles) else "?"
        titles.append((section.heading or "", human, bool(content_words(section.heading or "") & content_words(human))))
    return Result(case, half, total, count, len(found) or 1, scores, titles, seconds)


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def report(results: list[Result]) -> str:
    lines = [_row(["transcript", "half", "words", "human", "found", "Pk", "WD", "even Pk", "even WD",
                   "none Pk", "none WD"]),
             _row(["---"] * 11)]
    for r in results:
        s = r.scores
        lines.append(_row([r.case.name, r.half, f"{r.total:,}", r.human_count, r.found_count,
                           *(f"{s[m][i]:.3f}" for m in ("found", "even", "none") for i in (0, 1))]))
    for label, group in (("dev", [r for r in results if r.half == "dev"]),
                         ("test", [r for r in results if r.half == "test"]), ("all", results)):
        if not group:
            continue
        means = [statistics.fmean(r.scores[m][i] for r in group) for m in ("found", "even", "none") for i in (0, 1)]
        lines.append(_row([f"**mean, {label}** ({len(group)})", "", f"{sum(r.total for r in group):,}",
                           sum(r.human_count for r in group), sum(r.found_count for r in group),
                           *(f"**{m:.3f}**" for m in means)]))
    pairs = [t for r in results for t in r.titles]
    shared = sum(ok for _, _, ok in pairs)
    lines += ["", f"Titles: {shared} of {len(pairs)} found sections ({shared / max(1, len(pairs)):.0%}) share a "
                  f"content word with the human section they overlap most.", "",
              _row(["found title", "human title", "shares a word"]), _row(["---"] * 3)]
    step = max(1, len(pairs) // 10)
    for found, human, ok in pairs[::step][:10]:
        lines.append(_row([found, human, "yes" if ok else "no"]))
    times = sorted(r.seconds * 1000 / r.total * 10_000 for r in results)
    lines += ["", f"Segmentation CPU time, per 10,000 words: median {statistics.median(times):.1f} ms, "
                  f"slowest {times[-1]:.1f} ms."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, help="transcripts with sections, or folders of them")
    parser.add_argument("--half", choices=["dev", "test", "all"], default="all", help="which transcripts to score")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # speaker merges and the like are not what this measures
    cases = [case for path in (args.paths or [p for p in DEFAULT if p.exists()]) for case in cases_in(path)]
    half = halves([case.name for case in cases])
    results = [evaluate(case, half[case.name]) for case in cases if args.half in ("all", half[case.name])]
    print(report(results))


if __name__ == "__main__":
    main()
