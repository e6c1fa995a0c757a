"""An episode's front matter: every field declared once, in one table, with how it is read and
checked (each problem at its own line) and how import writes it back.

Episode files (content.py) and imported Markdown transcripts (formats/markdown_transcript.py)
read their front matter here; import (importer.py) writes it here. Adding a field is one row.
"""
from __future__ import annotations

import datetime
import difflib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import yaml

from .episode_markdown import CHECKSUM_KEY, CHECKSUM_LINE, is_hand_edited, with_checksum
from .errors import Problem, SiteError, quoted
from .model import EPISODE_TYPES, Audio, Episode, format_time, parse_duration, parse_time
from .slugs import is_slug
from .yamlmap import FRONT_MATTER_END, load_mapping

log = logging.getLogger(__name__)

EXTRA_KEY = "extra"
# What an audio URL may look like: a web address, or a path inside the site; no other scheme
# (a `javascript:` link would run when the listener clicks "Download"), no spaces or control characters.
_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
# Dates as people and feeds write them: "November 18th, 2021", "18 Nov 2021", "Thu, 18 Nov 2021 10:00:00 +0000".
_MONTHS = {m: i for i, name in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                          "dec"), 1) for m in (name, name + ".")}
_WORDY_DATE = re.compile(r"^(?:[A-Za-z]{3,9},?\s+)?(?:(?P<m1>[A-Za-z]{3,9}\.?)\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?"
                         r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>[A-Za-z]{3,9}\.?),?)\s+(?P<y>\d{4})\b")
AUDIO_KEYS = ("url", "length", "type", "duration")


def shown(value: Any) -> str:
    """A value as a message quotes it: its repr, cut short (a value can be megabytes, or a YAML alias bomb)."""
    return quoted(value)


class Invalid(ValueError):
    """A value a field cannot take; the message says what it must be."""


def _text(key: str) -> Callable[[Any], str]:
    def read(value: Any) -> str:
        if not isinstance(value, str):
            raise Invalid(f"`{key}` must be text")
        return value.strip()
    return read


def _title(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid("`title` is required and must be text")
    return value.strip()


def _number(value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 10:  # TOML: `episode = "53"`
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Invalid(f"`number` must be a whole number like `number: 12`, not {shown(value)}")
    return value


def _missing(field: Field) -> str:
    """What a required field's message says when the key is not there at all."""
    try:
        field.read(None)
    except Invalid as error:
        return str(error).replace("not None", "not missing")
    return f"`{field.key}` is required"


def read_date(value: Any) -> datetime.date | None:
    """A date as YAML gives it (a date, a datetime) or as text like "2022-02-25"; None if it is none."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and (match := _ISO_DATE.match(value.strip())):
        try:
            return datetime.date(*map(int, match.groups()))
        except ValueError:
            return None
    if isinstance(value, str) and (match := _WORDY_DATE.match(" ".join(value.split()))):
        month = _MONTHS.get((match.group("m1") or match.group("m2")).lower()[:3])
        try:
            return datetime.date(int(match.group("y")), month, int(match.group("d1") or match.group("d2"))) \
                if month else None
        except ValueError:
            return None
    return None


def _season(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise Invalid(f"`season` must be a whole number from 1, like `season: 2`, not {shown(value)}")
    return value


def _image(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid("`image` must be a full URL (https://...) or a path inside the site like static/013.jpg")
    url = urlsplit(value.strip())
    if (url.scheme not in ("", "http", "https") or (url.scheme and not url.netloc) or value.strip().startswith("/")
            or ".." in url.path.split("/") or _URL_NOISE.search(value.strip())):
        raise Invalid(f"`image` must be a full URL (https://...) or a path inside the site like static/013.jpg, "
                      f"not {shown(value)}")
    if not url.path.lower().endswith((".jpg", ".jpeg", ".png")):
        raise Invalid("`image` must be a JPEG or PNG file (.jpg, .jpeg or .png): Apple Podcasts takes no other")
    return value.strip()


def _date(value: Any) -> tuple[datetime.date, datetime.time | None]:
    """The day, and the time with its UTC offset when one is given (`2024-05-31 08:00:00-05:00`)."""
    date = read_date(value)
    if date is None:
        raise Invalid(f"`date` must be a date like 2024-05-31, not {shown(value)}")
    if isinstance(value, str) and _ISO_DATE.match(value.strip()) and len(value.strip()) > 10:  # a time after the day
        try:
            value = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise Invalid(f"`date` must be a date like 2024-05-31, or a date and time like "
                          f"2024-05-31 08:00:00-05:00, not {shown(value)}") from None
    if not isinstance(value, datetime.datetime):
        return date, None
    if value.tzinfo is None:  # a time without an offset is taken as UTC, as YAML itself does
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value.date(), value.timetz()


def _write_date(when: tuple[datetime.date | None, datetime.time | None]) -> datetime.date | datetime.datetime | None:
    date, time = when
    return datetime.datetime.combine(date, time) if date is not None and time is not None else date


def _episode_type(value: Any) -> str:
    if value not in EPISODE_TYPES:
        raise Invalid(f"`episode_type` must be one of {', '.join(EPISODE_TYPES)}, not {shown(value)}")
    return str(value)


def _chapters(value: Any) -> tuple[tuple[float, str], ...]:
    """Chapters as `- 00:12:30 Title` lines, in time order."""
    problem = Invalid("`chapters` must be a list of lines like `- 00:12:30 Title`, in time order")
    if not isinstance(value, list):
        raise problem
    chapters: list[tuple[float, str]] = []
    for item in value:
        time, _, title = str(item).strip().partition(" ")
        seconds = parse_time(time) if isinstance(item, str) else None
        if seconds is None or not title.strip() or (chapters and seconds <= chapters[-1][0]):
            raise problem
        chapters.append((seconds, title.strip()))
    return tuple(chapters)


def _write_chapters(chapters: tuple[tuple[float, str], ...]) -> list[str] | None:
    return [f"{format_time(start)} {title}" for start, title in chapters] or None


def audio_url_problem(url: str) -> str | None:
    """What is wrong with an audio URL, if anything: it must be http(s) or a path inside the site."""
    scheme = _URL_SCHEME.match(url)
    if not url or _URL_NOISE.search(url) or (scheme and scheme.group(1).lower() not in ("http", "https")):
        return (f"`audio.url` must be a web address (https://...) or a path inside the site like "
                f"audio/001.mp3, not {shown(url)}")
    if scheme and not urlsplit(url).netloc:
        return f"`audio.url` must be a full web address like https://cdn.example.org/001.mp3, not {shown(url)}"
    return None


def _audio(value: Any) -> Audio:
    if isinstance(value, str):  # `audio: media/013.mp3`: the file (or address) alone
        value = {"url": value}
    if not isinstance(value, dict) or not isinstance(value.get("url"), str):
        raise Invalid("`audio` must be a mapping with at least `url:` (and `length:` in bytes, `type:`, `duration:`)")
    problem = audio_url_problem(value["url"])
    if problem:
        raise Invalid(problem)
    unknown = set(map(str, value)) - set(AUDIO_KEYS)
    if unknown:
        raise Invalid(f"unknown `audio` field(s): {', '.join(sorted(unknown))} (known: {', '.join(AUDIO_KEYS)})")
    length = value.get("length")
    if length is not None and (not isinstance(length, int) or isinstance(length, bool) or length < 0):
        raise Invalid("`audio.length` must be the file's size in bytes, a whole number")
    kind = value.get("type")
    if kind is not None and (not isinstance(kind, str) or not re.fullmatch(r"[\w.+-]+/[\w.+-]+", kind.strip())):
        raise Invalid(f"`audio.type` must be a MIME type like audio/mpeg, not {shown(kind)}")
    duration = value.get("duration")
    seconds = parse_duration(duration) if duration is not None else None
    if duration is not None and seconds is None:
        raise Invalid(f"`audio.duration` must be the audio's length, like 3723 (seconds) or 1:02:03, "
                      f"not {shown(duration)}")
    return Audio(url=value["url"].strip(), length=length, type=(kind or "").strip(), duration=seconds)


def _write_audio(audio: Audio | None) -> dict[str, Any] | None:
    if audio is None:
        return None
    duration: float | int | None = audio.duration
    if duration is not None and float(duration).is_integer():
        duration = int(duration)
    return {k: v for k, v in (("url", audio.url), ("length", audio.length), ("type", audio.type or None),
                              ("duration", duration)) if v is not None}


def read_names(key: str, value: Any) -> tuple[str, ...]:
    """A name or a list of names, each on one line with single spaces."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid(f"`{key}` must be a list of names, like `{key}: [Ada Lovelace]`")
    return tuple(dict.fromkeys(n for n in (" ".join(v.split()) for v in value) if n))


def _names(key: str) -> Callable[[Any], tuple[str, ...]]:
    return lambda value: read_names(key, value)


def _topics(value: Any) -> tuple[str, ...]:
    try:
        return read_names("topics", value)
    except Invalid:
        raise Invalid("`topics` must be a list of topics, like `topics: [Open source, Business models]`") from None


def _flag(key: str) -> Callable[[Any], bool]:
    def read(value: Any) -> bool:
        if not isinstance(value, bool):
            raise Invalid(f"`{key}` must be true or false")
        return value
    return read


# `sections: found`: the sections were found in the text at import, not written by a person.
SECTIONS_FOUND = "found"


def _sections(value: Any) -> bool:
    if value != SECTIONS_FOUND:
        raise Invalid(f"`sections` can only be `{SECTIONS_FOUND}` (sections found automatically at import); "
                      f"delete the line once they are yours")
    return True


# How other tools write a yes or no (Hugo's TOML `draft = "False"`, feeds' `explicit: clean`).
_WORDS_FOR = {True: ("true", "yes", "explicit"), False: ("false", "no", "clean")}


def _yes_no(key: str) -> Callable[[Any], bool]:
    """true or false, also written as a word ("yes", "no", "False", "clean")."""
    def read(value: Any) -> bool:
        if isinstance(value, str):
            value = next((flag for flag, words in _WORDS_FOR.items() if value.strip().lower() in words), value)
        if not isinstance(value, bool):
            raise Invalid(f"`{key}` must be true or false")
        return value
    return read


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not is_slug(value):  # letters of any script: see slugs.slugify
        raise Invalid(f"`slug` must be lowercase letters, digits and '-', not {shown(value)}")
    return value


def _guid(value: Any) -> str:
    if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
        raise Invalid("`guid` must be text: the episode's guid in the feed, which must never change once published")
    return str(value).strip()


def _extra(value: Any) -> tuple[tuple[str, Any], ...]:
    if not isinstance(value, dict):
        raise Invalid("`extra` must be a mapping of your own values, like `extra: {sponsor: Acme}`")
    return tuple((str(k), v) for k, v in value.items())


@dataclass(frozen=True)
class Field:
    """One front matter key: the Episode attribute it fills, how a value is read and checked
    (raising Invalid), and what import writes for the model's value (None: the key is left out)."""

    key: str
    attribute: str | tuple[str, ...]  # several when one key fills several: `date` gives the day and the time
    read: Callable[[Any], Any]
    write: Callable[[Any], Any]
    aliases: tuple[str, ...] = ()  # other spellings read as this key, as other tools write it


def _same(value: Any) -> Any:
    return value


def _text_or_none(value: str) -> str | None:
    return value or None


def _list(names: tuple[str, ...]) -> list[str]:
    return list(names)


# The table, in the order import writes the keys.
FIELDS: tuple[Field, ...] = (
    Field("title", "title", _title, _same),
    Field("number", "number", _number, _same, aliases=("episode", "episode_number")),
    Field("date", ("date", "time"), _date, _write_date, aliases=("pub_date", "publish_date", "pubDate")),
    Field("season", "season", _season, _same, aliases=("season_number",)),
    Field("description", "description", _text("description"), _text_or_none, aliases=("summary",)),
    Field("image", "image", _image, _text_or_none),
    Field("audio", "audio", _audio, _write_audio),
    Field("hosts", "hosts", _names("hosts"), _list, aliases=("host",)),
    Field("guests", "guests", _names("guests"), _list, aliases=("guest",)),
    Field("speakers", "speakers", _names("speakers"), _list),
    Field("topics", "topics", _topics, lambda topics: list(topics) or None, aliases=("tags",)),
    Field("transcript", "has_transcript", _flag("transcript"), lambda has: None if has else False),
    Field("sections", "sections_found", _sections, lambda found: SECTIONS_FOUND if found else None),
    Field("slug", "slug", _slug, lambda slug: None),  # import names the file after the slug instead
    Field("guid", "guid", _guid, _text_or_none),
    Field("imported_from", "imported_from", _text("imported_from"), _text_or_none),
    Field("episode_type", "episode_type", _episode_type, lambda kind: None if kind == "full" else kind,
          aliases=("episodeType",)),
    Field("explicit", "explicit", _yes_no("explicit"), _same),
    Field("draft", "draft", _yes_no("draft"), lambda draft: True if draft else None),
    Field("chapters", "chapters", _chapters, _write_chapters),
    Field(EXTRA_KEY, "extra", _extra, lambda extra: dict(extra) or None),
)
BY_KEY = {name: f for f in FIELDS for name in (f.key, *f.aliases)}


@dataclass(frozen=True)
class FrontMatter:
    """A front matter block read through the table: the typed values of the fields it has (by
    Episode attribute), each key's line, and the problems found, in the order a reader meets them."""

    values: dict[str, Any]
    lines: dict[str, int]
    problems: tuple[Problem, ...]
    unknown: tuple[str, ...]  # top-level keys no field knows; kept in `extra`

    def line(self, key: str) -> int | None:
        return self.lines.get(key)


def read(data: dict[str, Any], lines: dict[str, int], path: Path, required: tuple[str, ...] = ()) -> FrontMatter:
    """Read and check every key of a loaded front matter mapping, and that the `required` keys are
    there. A key no field knows is kept in `extra`, so nothing is lost; the caller decides whether
    to warn about it."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key in required:
        if not any(name in data for name in (BY_KEY[key].key, *BY_KEY[key].aliases)):
            problems.append(Problem(path, 1, _missing(BY_KEY[key])))
    unknown: list[tuple[str, Any]] = []
    for key, value in data.items():
        field = BY_KEY.get(key)
        if key == CHECKSUM_KEY:
            continue
        if field is None:
            unknown.append((key, value))
            continue
        if field.key != key and field.key in data:
            continue  # `episode:` beside `number:`: the field's own key wins
        try:
            read_value = field.read(value)
        except Invalid as error:
            problems.append(Problem(path, lines.get(key) or 1, str(error)))
            continue
        if isinstance(field.attribute, tuple):
            values.update(zip(field.attribute, read_value))
        else:
            values[field.attribute] = read_value
    if unknown:
        values["extra"] = (*values.get("extra", ()), *unknown)
    problems.sort(key=lambda p: p.line or 0)
    return FrontMatter(values, lines, tuple(problems), tuple(k for k, _ in unknown))


def suggestion(key: str) -> str:
    """", did you mean `title`?" for a key one slip away from a known one; else ""."""
    close = difflib.get_close_matches(key, list(BY_KEY), n=1, cutoff=0.75)
    return f"; did you mean `{close[0]}`?" if close else ""


def warn_unknown(front: FrontMatter, path: Path) -> None:
    """Say which keys no field knows, suggesting the nearest known one."""
    for key in front.unknown:
        where = f"{path}:{front.lines[key]}" if key in front.lines else f"{path}"
        log.warning("%s: unknown front matter key `%s`%s (your own values go under `extra:`)", where, key,
                    suggestion(key))


def split(text: str, path: Path, keys: str = "`title:` and `number:`") -> tuple[str, str, int]:
    """(front matter YAML, body, line the body starts on); raises if the block is missing (naming
    the `keys` it must hold) or not closed."""
    if not text.startswith("---\n") and text.strip() != "---":
        raise SiteError(Problem(path, 1, f"missing front matter: the file must start with a line `---`, "
                                         f"then {keys}, then a closing `---`"))
    end = FRONT_MATTER_END.search(text, 4)
    if end is None:
        raise SiteError(Problem(path, 1, "front matter is not closed: did you forget the closing `---` line?"))
    yaml_text = text[4:end.start()]
    rest = text[end.end():]
    body_line = 2 + yaml_text.count("\n") + 1
    if rest.startswith("\n"):
        rest = rest[1:]
    return yaml_text, rest, body_line


def load(yaml_text: str, path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """The front matter block as a mapping and each key's line in the file (the block starts on line 2)."""
    return load_mapping(yaml_text, path, first_line=2)


def _yaml_line(key: str, value: Any) -> str:
    """`key: value` on one line; lists of names in flow style: `guests: [Ada Lovelace]`."""
    if isinstance(value, list):
        flow = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_flow_style=True).strip()
        return f"{key}: {flow}"
    return yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=1_000_000,
                          default_flow_style=False).rstrip("\n")


def values(episode: Episode) -> dict[str, Any]:
    """What import writes for an episode, key by key in the table's order (left-out keys absent)."""
    written = {}
    for field in FIELDS:
        if isinstance(field.attribute, tuple):
            value = field.write(tuple(getattr(episode, name) for name in field.attribute))
        else:
            value = field.write(getattr(episode, field.attribute))
        if value is not None:
            written[field.key] = value
    return written


def text(written: dict[str, Any]) -> str:
    """The front matter block for `values`, in the order given."""
    return "---\n" + "".join(_yaml_line(k, v) + "\n" for k, v in written.items()) + "---\n"


def add_keys(text: str, added: dict[str, Any]) -> str:
    """An episode file's text with `added` keys written at the end of its front matter (before the
    import checksum), every other line kept as it is. A file import wrote and nobody edited since
    gets a fresh checksum, so it still counts as untouched; an edited one stays edited."""
    if not added:
        return text
    untouched = not is_hand_edited(text)
    end = FRONT_MATTER_END.search(text, 4)
    assert text.startswith("---\n") and end is not None, "add_keys needs a file with front matter"
    checksum = CHECKSUM_LINE.search(text, 0, end.start())
    at = checksum.start() if checksum else end.start()
    lines = "".join(_yaml_line(key, value) + "\n" for key, value in added.items())
    updated = text[:at] + lines + text[at:]
    return with_checksum(CHECKSUM_LINE.sub("", updated, count=1)) if untouched and checksum else updated


def set_key(text: str, key: str, value: Any) -> str:
    """An episode file's text with one top-level key's value replaced (its lines, comments in them
    included), or added when it is not there; checksum as in add_keys."""
    end = FRONT_MATTER_END.search(text, 4)
    assert text.startswith("---\n") and end is not None, "set_key needs a file with front matter"
    lines = text[4:end.start()].split("\n")
    starts = [i for i, line in enumerate(lines) if re.match(rf"^{re.escape(key)}\s*:", line)]
    if not starts:
        return add_keys(text, {key: value})
    first = starts[0]
    last = first + 1
    while last < len(lines) and (not lines[last] or lines[last][0] in " \t#-"):
        last += 1
    while last > first + 1 and not lines[last - 1].strip():
        last -= 1  # a blank line before the next key belongs to neither
    untouched = not is_hand_edited(text)
    lines[first:last] = [_yaml_line(key, value)]
    updated = "---\n" + "\n".join(lines) + text[end.start():]
    return with_checksum(CHECKSUM_LINE.sub("", updated, count=1)) if untouched and CHECKSUM_LINE.search(text) else updated
