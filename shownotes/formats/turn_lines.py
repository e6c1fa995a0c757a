"""Transcripts written as lines, in Markdown or plain text: one grammar for every way people and
tools start a turn on a line, and one reader that turns the lines into cues.

    **Ada:** text   **Ada**: text   [00:01] **Ada:** text   **Ada:** \\[00:01\\] text   (Markdown)
    Ada: text       Ada [0:46]: text    Ada (00:02):      Ada: 00:00:16     (text below)
    [Speaker 1] [00:03] text    00:01:02 Ada: text    00:01:02 <v Ada>text    Ada  0:03 (Otter)
    (00:20):  (the same speaker, later)     00:01:02 text     >> text  - text  (a new voice)

A label is a name (see speakers.is_label), never a sentence: "It's Django." is a reply. A label
written plainly (`Ada: text`, `Ada - text`) must come back, or be a name the file already
knows, before it counts. A break (`**Break:** [22:39] to [24:01]`) ends a turn and is no one.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import fail, quoted
from ..speakers import is_label
from .draft import BREAK, MERGE, PARAGRAPH, TURN, Break, Cue, Heading
from .reading import read_clock
from .webvtt import TAG, VOICE, voices

_T = r"\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?"
_TIME = re.compile(_T)
_BOLD = re.compile(rf"^(?:\[#?[\w.-]{{1,12}}\]\s*(?=\[))?(?:[\[(](?P<t1>{_T})[\])]\s*)?\*\*(?P<label>[^*\n]+?)\s*"
                   rf"(?::\s*\*\*|\*\*\s*:)\s*"
                   rf"(?:[\[(](?P<t2>{_T})[\])]\s*)?(?P<rest>.*)$")
_BRACKETED = re.compile(rf"^\[(?P<label>[^\[\]]{{1,60}})\]\s*[\[(](?P<t>{_T})[\])]\s*:?\s*(?P<rest>.*)$")
_NAMELESS = re.compile(rf"^[\[(](?P<t>{_T})[\])]\s*:\s*(?P<rest>.*)$")
_STAMP = re.compile(rf"^(?:[\[(](?P<t>{_T})[\])]|(?P<bare>{_T})(?=\s|$))\s*(?:(?P<dash>[-–—]\s+)|\|\s+)?"
                    rf"(?P<rest>.*)$")
_LABEL_TIME = re.compile(rf"^(?P<label>[^:\[\]()<>*]{{1,60}}?)\s*[\[(](?P<t>{_T})[\])]\s*:?\s*(?P<rest>.*)$")
_LABEL_COLON_TIME = re.compile(rf"^(?P<label>[^:\[\]()<>*]{{1,60}}?)\s*:\s*(?:[\[(](?P<t>{_T})[\])]\s*(?P<rest>.*)"
                               rf"|(?P<bare>{_T})\s*)$")
_OTTER = re.compile(rf"^(?P<label>[^:\[\]()<>*]{{1,60}}?)\s+(?P<t>{_T})\s*$")
_PLAIN = re.compile(r"^(?P<label>[^:\n]{1,48}?)\s*:(?:\s+(?P<rest>.*))?$")
_DASHED = re.compile(r"^(?P<label>[^\-–—:\n]{1,48}?)\s+[-–—]\s+(?P<rest>\S.*)$")
_BREAK = re.compile(r"^(?:(?:ad|ads|commercial|sponsor|mid-?roll|music)\s+)?break$", re.I)
_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_TOC_ITEM = re.compile(r"^[-*+]\s+\[.*\]\(#[^)\s]*\)\s*$")  # `- [\[00:00:00\] Intro](#000000-intro)`
_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_BLOCK_START = re.compile(r"^(?:[-*+]\s|\d{1,3}[.)]\s|>\s?)")  # a list item or quote starts a paragraph
_BACKSLASH = re.compile(r"\\([!-/:-@\[-`{-~])")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_INVISIBLE = str.maketrans("", "", "\u200b\u200c\u2060\ufeff")
_OPENING = set("*+[(<>-–—#\\0123456789")  # what a label, a stamp, a mark or a heading may start with
_HANDLE = re.compile(r"^[a-z][a-z0-9_.]{2,30}$")
# Words that open sentences like labels do ("So: …", "Bottom Line: …") and never name a speaker.
_NOT_OPENERS = {"so", "and", "but", "the", "a", "an", "point", "bottom", "long", "short", "fun", "true", "question",
                "answer", "step", "rule", "example", "summary", "conclusion", "result", "reason", "problem",
                "solution", "update", "edit", "warning", "tip", "spoiler", "disclaimer", "okay", "ok", "well", "yes",
                "no", "yeah", "um", "uh", "like", "because", "also", "then", "now", "here", "there", "this", "that",
                "what", "why", "how", "when", "where", "who", "episode", "chapter", "part", "transcript", "music"}
_ABBREVIATION = re.compile(r"(?:^|\s)(?:Jr|Sr|Dr|Jnr|Snr|St|[A-Z])\.$")

BLANK, SKIP, HEADING, BREAK_LINE, LABEL, STAMP, NAMELESS, MARK, VOICES, TEXT = (
    "blank", "skip", "heading", "break", "label", "stamp", "nameless", "mark", "voices", "text")
STRONG, PLAIN, DASHED, ALONE, TIME_NAME, BARE, OWN, HEADED = (
    "strong", "plain", "dashed", "alone", "time-name", "bare", "own", "headed")
# Short lines that head show notes, not turns: never a name on its own line.
_NOT_SPEAKERS = {"sponsors", "sponsor", "chapters", "credits", "links", "resources", "notes", "show notes",
                 "transcript", "summary", "introduction", "intro", "outro", "music", "applause", "laughter",
                 "crosstalk", "silence", "end", "yes", "yeah", "no", "right", "okay", "ok", "sure", "exactly", "wow",
                 "thanks", "thank you", "great", "cool", "alright", "absolutely", "totally", "correct", "true", "hmm"}


@dataclass(frozen=True)
class Line:
    """What one line is: its kind, its words, and the label and time it starts with."""

    number: int
    kind: str
    text: str = ""
    label: str | None = None
    time: str | None = None
    strength: str = ""  # how sure: STRONG, PLAIN (`Ada: text`), DASHED, ALONE (`Ada  0:03`), TIME_NAME (`0:03 Ada`);
    # BARE for a time not in brackets
    level: int = 0  # a heading's
    end: str | None = None  # where a break says it ends
    spans: tuple[tuple[str | None, str], ...] = ()  # voice tags: (name, text) in order
    item: bool = False  # a Markdown list item or quote: a paragraph of its own


def _ok(label: str) -> bool:
    """A label that names someone: not a sentence ("It's Django."), not a note ("Update:")."""
    label = label.strip()
    if not label or (label[-1] in ".?!,;" and not _ABBREVIATION.search(label)):
        return False
    return is_label(label) or bool(_HANDLE.match(label))


def text_of(text: str, markdown: bool) -> str:
    """The words as a reader sees them: entities decoded once; in Markdown, escapes undone."""
    if markdown and "\\" in text:
        text = _BACKSLASH.sub(r"\1", text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return text


def _break(number: int, after: str) -> Line:
    """A break, and where it ends when it says so: `[22:39] to [24:01]`."""
    times = _TIME.findall(after)
    return Line(number, BREAK_LINE, end=times[-1] if len(times) > 1 else None)


def classify(number: int, raw: str, markdown: bool) -> Line:
    """What one line of a transcript is."""
    line = raw.translate(_INVISIBLE).strip() if not raw.isascii() else raw.strip()
    if not line:
        return Line(number, BLANK)
    if (len(line) > 40 and line[0] not in _OPENING and ":" not in line[:64] and "<" not in line
            and not line[-1].isdigit() and " - " not in line[:50] and " – " not in line[:50] and " — " not in line[:50]):
        return Line(number, TEXT, line)  # most lines: words, with nothing a turn could start with
    if markdown:
        if _TOC_ITEM.match(line):
            return Line(number, SKIP)
        if _RULE.match(line):
            return Line(number, BLANK)
        if heading := _HEADING.match(line):
            inner = classify(number, heading.group("text"), markdown)
            title = heading.group("text").replace("**", "").replace("\\[", "[").replace("\\]", "]")
            if stamp := _STAMP.match(title):  # `## [00:01:09] Introductions`
                title = stamp.group("rest")
            title, level = text_of(title, markdown).strip(), len(heading.group("marks"))
            if inner.kind == BREAK_LINE:
                return inner  # `# **Break:** [22:39]`
            if inner.kind == LABEL and inner.strength in (ALONE, TIME_NAME):
                # Otter's `###### Ada  0:07`; `### [00:00:17] Kyle` a label only when it comes back, or
                # `## [00:01:09] Introductions` would be one
                return replace(inner, strength=ALONE if inner.strength == ALONE else HEADED, level=level, end=title)
            return Line(number, HEADING, title, level=level)
        line = line.replace("\\[", "[").replace("\\]", "]")
    if bold := _BOLD.match(line):
        label = text_of(bold.group("label"), markdown).strip()
        if _BREAK.match(label):
            return _break(number, line)
        if _ok(label):
            return Line(number, LABEL, bold.group("rest"), label, bold.group("t1") or bold.group("t2"), STRONG)
    if nameless := _NAMELESS.match(line):
        return Line(number, NAMELESS, nameless.group("rest"), time=nameless.group("t"))
    if (bracketed := _BRACKETED.match(line)) and _ok(bracketed.group("label")):
        return Line(number, LABEL, bracketed.group("rest"), bracketed.group("label").strip(), bracketed.group("t"),
                    STRONG)
    if stamp := _STAMP.match(line):
        rest = stamp.group("rest").strip()
        line_ = _stamped(number, stamp.group("t") or stamp.group("bare"),
                         ("- " + rest) if stamp.group("dash") and not markdown else rest, markdown)
        return line_ if not stamp.group("bare") or line_.kind != STAMP else Line(
            number, STAMP, line_.text, time=line_.time, strength=BARE)
    for pattern in (_LABEL_TIME, _LABEL_COLON_TIME):
        if (match := pattern.match(line)) and _ok(match.group("label")):
            return Line(number, LABEL, match.group("rest") or "", match.group("label").strip(),
                        match.group("t") or match.group("bare"), STRONG)
    if (otter := _OTTER.match(line)) and _ok(otter.group("label")):
        return Line(number, LABEL, "", otter.group("label").strip(), otter.group("t"), ALONE)
    if VOICE.search(line):
        return Line(number, VOICES, spans=tuple(voices(line)))
    if line.startswith(">>"):
        return Line(number, MARK, line.lstrip(">").strip())
    if plain := _PLAIN.match(line):
        label = text_of(plain.group("label"), markdown).strip()
        if _BREAK.match(label):
            return _break(number, plain.group("rest") or "")
        if _ok(label):
            return Line(number, LABEL, plain.group("rest") or "", label, None, PLAIN)
    if not markdown and (dashed := _DASHED.match(line)) and _ok(dashed.group("label")):
        return Line(number, LABEL, dashed.group("rest"), dashed.group("label").strip(), None, DASHED)
    if not markdown and line.startswith(("- ", "– ", "— ")):
        return Line(number, MARK, line[2:].strip(), strength=DASHED)
    if len(line) <= 40 and _ok(line) and line.lower() not in _NOT_SPEAKERS and line.lower() not in _NOT_OPENERS:
        return Line(number, LABEL, "", line, None, OWN)  # `JANE DOE` alone, her turn on the lines below
    return Line(number, TEXT, line, item=markdown and bool(_BLOCK_START.match(line)))


def _stamped(number: int, time: str, rest: str, markdown: bool) -> Line:
    """A line that starts with a time: what comes after it (`- ` after the time may separate it
    from a name, `[00:00:00.00] - Speaker 1`, or mark a new voice, `00:01:02 - It's Django.`)."""
    if VOICE.search(rest):
        return Line(number, VOICES, time=time, spans=tuple(voices(rest)))
    if rest.startswith(">>"):
        return Line(number, MARK, rest.lstrip(">").strip(), time=time)
    dash = not markdown and rest.startswith(("- ", "– ", "— "))
    said = rest[2:].strip() if dash else rest
    if (plain := _PLAIN.match(said)) and _ok(plain.group("label")) and plain.group("rest"):
        return Line(number, LABEL, plain.group("rest"), plain.group("label").strip(), time, PLAIN)
    if (otter := _OTTER.match(said)) and _ok(otter.group("label")):  # `0:00 Ada Lovelace  53:25`: the later time
        return Line(number, LABEL, "", otter.group("label").strip(), otter.group("t"), ALONE)
    if said and _ok(said.rstrip(":")) and (said.endswith(":") or len(said.split()) <= 4):
        return Line(number, LABEL, "", said.rstrip(":").strip(), time, TIME_NAME if not said.endswith(":") else STRONG)
    if dash:
        return Line(number, MARK, said, time=time, strength=DASHED)
    return Line(number, STAMP, rest, time=time)


def _accepted(lines: list[Line], known: set[str]) -> set[int]:
    """The line numbers whose labels count: every strong one; a plain one (`Ada: text`) that
    comes back, that the file knows, or that opens a paragraph in a file of labelled turns; a
    name alone on its line only when its text follows on the next."""
    labels = [line for line in lines if line.kind == LABEL]
    counts = Counter(line.label for line in labels)
    strong = {line.label for line in labels if line.strength == STRONG}
    timed_plain = sum(1 for line in labels if line.strength == PLAIN and line.time is not None)
    # (a label under a lone time counts as timed: `_attached` gave it that time)
    stamped = timed_plain + sum(1 for line in lines if line.kind == STAMP)
    labelled = sum(1 for line in labels if line.strength == STRONG or counts[line.label] >= 2)
    # Names alone on their lines are turns only in a file with no other labels, two names or more, each twice.
    others = any(line.strength != OWN for line in labels)
    own = {line.label for line in labels if line.strength == OWN and counts[line.label] >= 2}
    accepted = set()
    for i, line in enumerate(lines):
        if line.kind != LABEL or line.label is None:
            continue
        label, count = line.label, counts[line.label]
        lowercase = bool(_HANDLE.match(label))
        opener = label.split()[0].lower() in _NOT_OPENERS
        if line.strength == STRONG and not lowercase:
            ok = True
        elif line.strength == OWN:
            following = next((other for other in lines[i + 1:] if other.kind != BLANK), None)
            ok = (not others and count >= 2 and len(own) >= 2 and (i == 0 or lines[i - 1].kind == BLANK)
                  and following is not None and following.kind == TEXT)
        elif line.strength in (ALONE, TIME_NAME, HEADED):
            following = next((other for other in lines[i + 1:] if other.kind != BLANK), None)
            said = following is not None and (following.kind == TEXT or following.kind == STAMP and bool(following.text)
                                              and line.strength == ALONE)
            ok = said and (not lowercase or count >= 2) and (
                line.strength != HEADED or count >= 2)
        elif line.strength == DASHED:
            ok = count >= 3 and not lowercase
        elif lowercase:
            ok = count >= 3 and not opener
        else:
            paragraph_start = i == 0 or lines[i - 1].kind in (BLANK, HEADING, BREAK_LINE)
            ok = (label in known or label in strong or count >= 2
                  or (labelled >= 1 and paragraph_start and not opener)
                  or (line.time is not None and timed_plain >= 2 and timed_plain >= 0.25 * stamped))
        if ok:
            accepted.add(line.number)
    return accepted


def _attached(lines: list[Line]) -> list[Line]:
    """A time alone on its line gives its time to a label on the next (`00:00:17` then `Ada: text`);
    a dash after every stamp (`00:01:02 - text`) separates, where after a few it marks a new voice."""
    out = list(lines)
    for i, line in enumerate(out):
        if line.kind == STAMP and not line.text:
            j = next((k for k in range(i + 1, len(out)) if out[k].kind != BLANK), None)
            if j is not None and out[j].kind == LABEL and out[j].time is None:
                out[j] = replace(out[j], time=line.time, strength=out[j].strength)
                out[i] = Line(line.number, SKIP)
    stamped = [line for line in out if line.time is not None and line.kind in (STAMP, MARK, LABEL)]
    dashed = [line for line in stamped if line.kind == MARK and line.strength == DASHED]
    if len(dashed) >= 3 and len(dashed) >= 0.8 * len(stamped):
        out = [replace(line, kind=STAMP, strength="") if line in dashed else line for line in out]
    return out


def _demoted(line: Line, raw: str, markdown: bool) -> Line:
    """A label that did not count, read back as the text, stamped text or heading it is."""
    if line.level:
        return Line(line.number, HEADING, line.end or "", level=line.level)
    stamp = _STAMP.match(raw.translate(_INVISIBLE).strip().replace("\\[", "[").replace("\\]", "]"))
    if line.time is not None and line.strength in (PLAIN, TIME_NAME) and stamp:
        if stamp.group("dash") and not markdown:
            return Line(line.number, MARK, stamp.group("rest").strip(), time=line.time, strength=DASHED)
        return Line(line.number, STAMP, stamp.group("rest").strip(), time=line.time)
    return Line(line.number, TEXT, raw.translate(_INVISIBLE).strip())


def read_lines(body: str, first: int, path: Path, markdown: bool,
               known: set[str]) -> tuple[list[Cue | Heading | Break], str | None]:
    """The cues, headings and breaks of a transcript's body, and its `# Title` line if it has one."""
    raws = body.split("\n")
    lines = _attached([classify(n, raw, markdown) for n, raw in enumerate(raws, first)])
    accepted = _accepted(lines, known)
    lines = [line if line.kind != LABEL or line.number in accepted else _demoted(line, raws[line.number - first],
                                                                                    markdown) for line in lines]
    bare = sum(1 for line in lines if line.strength == BARE) and sum(
        1 for raw in raws if raw[:1].isdigit() and (m := _STAMP.match(raw.strip())) and m.group("bare"))
    if bare < 3:  # "10:30 is when we met" is prose, not a stamp
        lines = [Line(line.number, TEXT, raws[line.number - first].strip()) if line.strength == BARE else line
                 for line in lines]
    named = any(line.kind == LABEL for line in lines) or any(
        name for line in lines if line.kind == VOICES for name, _ in line.spans)
    return _Reader(path, markdown, named).read(lines)


class _Reader:
    """Lines -> cues: a label opens a turn, lines below it (up to a blank line) are its text, and
    paragraphs without a label go on with the speaker before them."""

    def __init__(self, path: Path, markdown: bool, named: bool) -> None:
        self.path, self.markdown, self.named = path, markdown, named
        self.blocks: list[Cue | Heading | Break] = []
        self.title: str | None = None
        self.speaker: str | None = None
        self.start: Line | None = None  # the line the pending cue starts at
        self.time: float | None = None  # and when
        self.pending: float | None = None  # a time alone on its line, for the cue after it
        self.speaker_of: str | None = None
        self.texts: list[str] = []
        self.join = PARAGRAPH
        self.mark = False
        self.blank = True  # the line before was blank (or there was none)

    def seconds(self, line: Line, time: str | None) -> float | None:
        if time is None:
            return None
        seconds = read_clock(time)
        if seconds is None:
            raise fail(self.path, line.number, f"expected a time like 00:01:02, found {quoted(time)}")
        return seconds

    def open(self, line: Line, speaker: str | None, join: str, text: str = "", mark: bool = False) -> None:
        self.flush()
        time = self.seconds(line, line.time) if line.kind != NAMELESS else None
        if time is None and self.pending is not None:
            time = self.pending
        self.start, self.time, self.speaker_of, self.join, self.mark = line, time, speaker, join, mark
        self.texts = [text] if text else []
        self.pending = None

    def flush(self) -> None:
        start = self.start
        if start is None:
            return
        text = " ".join(text_of(t, self.markdown) for t in self.texts).strip()
        if text or (start.kind == LABEL and self.speaker_of is not None):
            self.blocks.append(Cue(start.number, text, self.speaker_of, self.time, None, self.join, self.mark))
        elif start.kind == STAMP and self.time is not None:
            self.pending = self.time  # `00:00:17` alone on its line: the time of what follows
        self.start, self.texts = None, []

    def read(self, lines: list[Line]) -> tuple[list[Cue | Heading | Break], str | None]:
        for i, line in enumerate(lines):
            getattr(self, "on_" + line.kind)(line, lines[i + 1] if i + 1 < len(lines) else None)
            self.blank = line.kind == BLANK
        self.flush()
        return self.blocks, self.title

    def on_blank(self, line: Line, following: Line | None) -> None:
        self.flush()

    def on_skip(self, line: Line, following: Line | None) -> None:
        pass

    def on_heading(self, line: Line, following: Line | None) -> None:
        self.flush()
        if line.level == 1 and self.title is None and not any(isinstance(b, Cue) for b in self.blocks):
            self.title = line.text
            return
        self.blocks.append(Heading(line.number, line.text))
        self.speaker = None

    def on_break(self, line: Line, following: Line | None) -> None:
        self.flush()
        self.blocks.append(Break(line.number, read_clock(line.end) if line.end else None))
        self.speaker = None

    def on_label(self, line: Line, following: Line | None) -> None:
        single = bool(line.text) and line.time is not None and not self.blank and (
            following is None or following.kind != TEXT)
        self.speaker = line.label
        self.open(line, line.label, MERGE if single else PARAGRAPH, line.text)

    def on_nameless(self, line: Line, following: Line | None) -> None:
        self.open(line, self.speaker, PARAGRAPH, line.text)

    def on_stamp(self, line: Line, following: Line | None) -> None:
        self.open(line, self.speaker, BREAK, line.text)

    def on_mark(self, line: Line, following: Line | None) -> None:
        if line.strength == DASHED and self.named:  # `- ` in a file with names is a list, not a new voice
            self.on_text(Line(line.number, TEXT, "- " + line.text), following)
            return
        self.speaker = None
        self.open(line, None, TURN, line.text, mark=True)

    def on_voices(self, line: Line, following: Line | None) -> None:
        for i, (name, words) in enumerate(line.spans):
            self.speaker = name or self.speaker
            part = Line(line.number, LABEL if name else STAMP, time=line.time if i == 0 else None)
            self.open(part, self.speaker, MERGE, TAG.sub("", words))

    def on_text(self, line: Line, following: Line | None) -> None:
        if self.start is not None and not self.blank and not line.item:
            self.texts.append(line.text)
        else:
            self.open(line, self.speaker, PARAGRAPH, line.text)
