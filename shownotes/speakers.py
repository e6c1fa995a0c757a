"""Speaker labels: what looks like one, and which spellings are probably the same person."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Lowercase words allowed inside a name: "Ludwig van Beethoven", "Maria de la Cruz".
_PARTICLES = {"van", "von", "de", "der", "den", "da", "del", "della", "di", "du", "la", "le", "bin", "al", "el", "ter"}
_NAME_WORD = re.compile(r"^[^\W\d_][\w’'.\-]*$")
_LABEL = re.compile(r"^(?P<name>[^:]{1,48}?)\s*:\s+(?P<text>\S.*)$")
# Words that start sentences like "Note: ..." and are not people.
_NOT_NAMES = {"transcript", "note", "notes", "update", "edit", "warning", "tip", "link", "links", "source",
              "sources", "http", "https", "q", "a", "re", "ps", "p.s", "fyi", "todo", "episode", "chapter"}


def is_name(label: str) -> bool:
    """True for 1-4 capitalised words, particles allowed inside: "Jamie Thompson", "Jo de la Cruz"."""
    words = label.split()
    if not 1 <= len(words) <= 4 or label.lower().rstrip(".") in _NOT_NAMES:
        return False
    for i, word in enumerate(words):
        if not _NAME_WORD.match(word):
            return False
        if not word[0].isupper() and not (0 < i < len(words) - 1 and word in _PARTICLES):
            return False
    return True


def split_label(line: str) -> tuple[str, str] | None:
    """("Name", "text") for a line "Name: text", else None."""
    match = _LABEL.match(line)
    if match and is_name(match.group("name")):
        return match.group("name"), match.group("text")
    return None


def glued_label_pattern(names: set[str]) -> re.Pattern[str] | None:
    """A pattern finding "…end of sentence. Known Name: next turn" glued onto one line."""
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<=[.?!…\"”])\s*(?=(?:{alternatives}):\s)")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between two short strings."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def looks_like_misspelling(a: str, b: str) -> bool:
    """True when two different labels are most likely one name spelt two ways.

    One edit per 12 letters (at least one) tells "Jaimie Thompson" from "Jamie Thompson"
    apart from "Jim Thompson", who is another person.
    """
    if a == b:
        return False
    x, y = a.casefold(), b.casefold()
    if x == y:
        return True
    return edit_distance(x, y) <= max(1, min(len(x), len(y)) // 12)


@dataclass(frozen=True)
class Misspelling:
    """A label that is probably another speaker's name spelt differently."""

    rare: str
    common: str
    line: int


def find_misspellings(first_lines: dict[str, int], counts: dict[str, int]) -> list[Misspelling]:
    """Pairs of speaker names in one episode that look like the same name spelt two ways."""
    found = []
    names = list(first_lines)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if looks_like_misspelling(a, b):
                rare, common = (a, b) if counts.get(a, 0) <= counts.get(b, 0) else (b, a)
                found.append(Misspelling(rare, common, first_lines[rare]))
    return found


# "SPEAKER_00" (diarization output, counted from 0) and "Speaker 1" (counted from 1).
_DIARIZED = re.compile(r"^\[?SPEAKER[_ ](\d{1,3})\]?$")
_NUMBERED = re.compile(r"^\[?(?:speaker|spk|spkr)(?:[ _-]?(\d{1,3})|[ _-]([A-Z]))\]?$", re.I)
# Stand-ins that name no one: a diarizer's letter ("A", "B"), Scribie's "S1", Otter's "Unknown Speaker",
# and "Speaker 2" in the languages transcripts come in ("Sprecher 2", "Intervenant 1", "Orador 3", "話者1").
_STAND_IN = re.compile(r"^(?:[A-Z]|S\d{1,2}|(?:Unknown|Unidentified) Speaker(?: \d{1,3})?"
                       r"|(?:Sprecher(?:in)?|Intervenant(?:e)?|Orador(?:a)?|Locutor(?:a)?|Hablante|Spreker|Talare"
                       r"|Relatore|Oratore|Puhuja|Taler|Mówca|Guest|Host|Voice|Participant|Caller) ?\d{1,3}|話者 ?\d{1,3})$")
# A role and a number, as diarizers and meeting tools write unknown voices: "Guest 2", "Intervenant 1".
_NUMBERED_ROLE = re.compile(r"^[^\W\d_][\w’'.\-]*(?: [^\W\d_][\w’'.\-]*)? ?\d{1,3}$")
_NUMBERED_THINGS = {"chapter", "part", "episode", "step", "question", "day", "week", "round", "section", "item",
                    "point", "tip", "rule", "level", "lesson", "module", "act", "scene", "track", "season", "volume",
                    "figure", "table", "note", "page", "line", "version", "room", "number", "no", "vol", "it"}
# "Stephan Livera (SL)": a full name that announces the short form used later.
_SHORT_FORM = re.compile(r"^(?P<name>.+?)\s*[(\[]\s*(?P<short>[^()\[\]]{1,24}?)\s*[)\]]$")
# A caption cue's own speaker prefix: "[SPEAKER_00]: text", ">> Ada: text", "Ada Lovelace: text".
_CAPTION_LABEL = re.compile(r"^(?:>>\s*)?(?P<name>\[[^\]\n]{1,40}\]|[^:\n]{1,48}?)\s*:\s*(?P<text>.*)$", re.S)
_BRACKET_LABEL = re.compile(r"^\[(?P<name>SPEAKER[_ ]\d{1,3})\]\s*:?\s*(?P<text>.*)$", re.S)
_HANDLE = re.compile(r"^@[A-Za-z0-9_.]{2,30}$")


def generic_label(label: str) -> str | None:
    """"SPEAKER_00" -> "Speaker 1", "speaker 2" -> "Speaker 2", "spk_B" -> "Speaker B"; None for a real name."""
    label = label.strip()
    if match := _DIARIZED.match(label):
        return f"Speaker {int(match.group(1)) + 1}"
    if match := _NUMBERED.match(label):
        return f"Speaker {int(match.group(1))}" if match.group(1) else f"Speaker {match.group(2).upper()}"
    return None


def is_generic(name: str) -> bool:
    """True for a stand-in that names no one: "Speaker 2", or a diarizer's bare letter "B"."""
    return generic_label(name) is not None or bool(_STAND_IN.match(name))


def split_caption_label(text: str) -> tuple[str, str] | None:
    """(label, rest) when a cue's text starts with its speaker, like "Ada Lovelace: Hi" or "[SPEAKER_01] Hi"."""
    if match := _BRACKET_LABEL.match(text):
        return match.group("name"), match.group("text")
    match = _CAPTION_LABEL.match(text)
    if match is None or not match.group("text").strip():
        return None
    name = match.group("name").strip().strip("[]").strip()
    return (name, match.group("text").strip()) if is_label(name) else None


def is_label(text: str) -> bool:
    """True for what a transcript puts before a turn: a name, "SPEAKER_00", "Stephan Livera (SL)"
    or a handle, "@stephanlivera"."""
    short = _SHORT_FORM.match(text)
    return bool(generic_label(text) or is_name(text) or short and is_name(short.group("name"))
                or _HANDLE.match(text) or _STAND_IN.match(text) or (
                    _NUMBERED_ROLE.match(text) and text[:1].isupper()
                    and text.split()[0].rstrip("0123456789").lower() not in _NUMBERED_THINGS))


@dataclass(frozen=True)
class Merge:
    """A label read as a person already in the episode, and why."""

    label: str
    name: str
    line: int
    reason: str


@dataclass(frozen=True)
class Resolution:
    """What each label in an episode stands for, with the merges to report."""

    names: dict[str, str]
    merges: tuple[Merge, ...]
    ambiguous: tuple[tuple[str, tuple[str, ...], int], ...]


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isupper()).upper()


def _squash(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _matches(label: str, person: str) -> str | None:
    """Why `label` is a short or drifted form of `person`, or None."""
    words = person.split()
    if len(words) < 2 or label == person:
        return None
    plain = label.strip(".")
    letters = plain.replace(".", "").replace(" ", "")
    if 2 <= len(letters) <= 4 and letters.isalpha() and letters.isupper() and letters == _initials(person):
        return "initials"
    if " " not in label and not label.startswith("@"):
        if label.casefold() == words[0].casefold():
            return "first name"
        if label.casefold() == words[-1].casefold() and len(label) > 2:
            return "last name"
    handle = _squash(label)
    if (label.startswith("@") or label == label.lower()) and len(handle) >= 3 and handle in {
            _squash(person), _squash(words[0] + words[-1][0]), _squash(words[0][0] + words[-1])}:
        return "handle"
    if " " in label and looks_like_misspelling(label, person):
        return "spelling"
    return None


def resolve_labels(labels: list[tuple[str, int]], known: tuple[str, ...]) -> Resolution:
    """Map every label (as written, with its first line) to a speaker name.

    A label becomes a person already in the episode (a known name, or a full name used
    as a label) only when exactly one person fits: by a short form the file announced
    ("Stephan Livera (SL)"), initials, first or last name, a handle, or a one-letter
    slip in a full name. Numbered stand-ins ("Speaker 2") are never merged.
    """
    first_line: dict[str, int] = {}
    counts: dict[str, int] = {}
    for label, line in labels:
        first_line.setdefault(label, line)
        counts[label] = counts.get(label, 0) + 1
    names: dict[str, str] = {}
    short: dict[str, str] = {}
    for label in first_line:
        match = _SHORT_FORM.match(label)
        if match and is_name(match.group("name")) and not generic_label(label):
            names[label] = match.group("name")
            short.setdefault(match.group("short"), match.group("name"))
        else:
            names[label] = generic_label(label) or label
    spoken: dict[str, int] = {}
    for label, name in names.items():
        spoken[name] = spoken.get(name, 0) + counts[label]
    people = list(dict.fromkeys([*known, *(n for n in spoken if len(n.split()) >= 2 and is_name(n)
                                           and not is_generic(n))]))
    merges: list[Merge] = []
    ambiguous: list[tuple[str, tuple[str, ...], int]] = []

    def merge(label: str, target: str, reason: str) -> None:
        names[label] = target
        merges.append(Merge(label, target, first_line[label], reason))

    # First full names that are slips of a commoner spelling, so no one is matched to a slip.
    for label, name in list(names.items()):
        if name in people and not is_generic(name):
            fits = [p for p in people if p != name and _matches(name, p) == "spelling"
                    and spoken.get(p, 0) + (p in known) > spoken.get(name, 0)]
            if len(fits) == 1:
                merge(label, fits[0], "spelling")
    people = [p for p in people if p not in {m.label for m in merges}]
    for label, name in list(names.items()):
        if is_generic(name) or name in people or label in {m.label for m in merges}:
            continue
        if name in short:
            merge(label, short[name], "the short form given earlier")
            continue
        reasons = {p: why for p in people if (why := _matches(name, p))}
        if len(reasons) > 1:
            ambiguous.append((label, tuple(reasons), first_line[label]))
        elif reasons:
            [(target, reason)] = reasons.items()
            merge(label, target, reason)
    merges.sort(key=lambda m: m.line)
    return Resolution(names, tuple(merges), tuple(ambiguous))


def reconcile(listed: tuple[str, ...], spoken: tuple[str, ...]) -> tuple[str, ...]:
    """Names a file lists (front matter `guests:`, `speakers:`) as the transcript spells them:
    "Shreyas Doshi Live" is the "Shreyas Doshi" who speaks, "Falco Schindler" the "Falko Schindler".
    A name no speaker fits, or two fit, is kept as listed."""
    out = []
    for name in listed:
        words = name.casefold().split()
        fits = [s for s in spoken if s == name] or [
            s for s in spoken if not is_generic(s) and len(s.split()) >= 2 and (
                s.casefold().split() == words[:len(s.split())] or looks_like_misspelling(s, name))]
        out.append(fits[0] if len(fits) == 1 else name)
    return tuple(dict.fromkeys(out))
