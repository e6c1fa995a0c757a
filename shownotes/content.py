"""content/episodes/*.md -> typed Episodes, with every problem reported as path:line."""
from __future__ import annotations

import datetime
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .config import SiteConfig
from .episode_markdown import CHECKSUM_KEY, parse_body
from .errors import Problem, SiteError
from .layout import EPISODES_DIR, files_inside, shown_path
from .model import Audio, Episode, Section, Turn, speakers_in_order
from .slugs import slugify
from .textfile import CONTENT_ADVICE, decode
from .yamlmap import FRONT_MATTER_END, load_mapping

log = logging.getLogger(__name__)

SAFE_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")
# What an audio URL may look like: a web address, or a path inside the site; no other scheme
# (a `javascript:` link would run when the listener clicks "Download"), no spaces or control characters.
_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """(front matter YAML, body, line the body starts on); raises if the block is not closed."""
    if not text.startswith("---\n") and text.strip() != "---":
        raise SiteError(Problem(path, 1, "missing front matter: the file must start with a line `---`, "
                                         "then `title:` and `number:`, then a closing `---`"))
    end = FRONT_MATTER_END.search(text, 4)
    if end is None:
        raise SiteError(Problem(path, 1, "front matter is not closed: did you forget the closing `---` line?"))
    yaml_text = text[4:end.start()]
    rest = text[end.end():]
    body_line = 2 + yaml_text.count("\n") + 1
    if rest.startswith("\n"):
        rest = rest[1:]
    return yaml_text, rest, body_line


def _names(key: str, value: Any, problems: list[Problem], path: Path, line: int | None) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    problems.append(Problem(path, line, f"`{key}` must be a list of names, like `{key}: [Ada Lovelace]`"))
    return ()


def audio_url_problem(url: str) -> str | None:
    """What is wrong with an audio URL, if anything: it must be http(s) or a path inside the site."""
    scheme = _URL_SCHEME.match(url)
    if not url or _URL_NOISE.search(url) or (scheme and scheme.group(1).lower() not in ("http", "https")):
        return (f"`audio.url` must be a web address (https://...) or a path inside the site like "
                f"audio/001.mp3, not {url!r}")
    if scheme and not urlsplit(url).netloc:
        return f"`audio.url` must be a full web address like https://cdn.example.org/001.mp3, not {url!r}"
    return None


def _audio(value: Any, problems: list[Problem], path: Path, line: int | None) -> Audio | None:
    if not isinstance(value, dict) or not isinstance(value.get("url"), str):
        problems.append(Problem(path, line, "`audio` must be a mapping with at least `url:` "
                                            "(and `length:` in bytes, `type:`, `duration:`)"))
        return None
    problem = audio_url_problem(value["url"])
    if problem:
        problems.append(Problem(path, line, problem))
        return None
    unknown = set(value) - {"url", "length", "type", "duration"}
    if unknown:
        problems.append(Problem(path, line, f"unknown `audio` field(s): {', '.join(sorted(map(str, unknown)))}"))
    length = value.get("length")
    if length is not None and (not isinstance(length, int) or isinstance(length, bool) or length < 0):
        problems.append(Problem(path, line, "`audio.length` must be the file's size in bytes, a whole number"))
        length = None
    duration = value.get("duration")
    return Audio(url=value["url"], length=length, type=str(value.get("type") or "audio/mpeg"),
                 duration=None if duration is None else str(duration))


def parse_episode(text: str, path: Path, config: SiteConfig, with_body: bool = True,
                  sections: tuple[Section, ...] | None = None) -> Episode:
    """One episode file's text -> Episode; raises SiteError listing all its problems.

    Without the body, only the front matter is read and checked: enough to order episodes.
    `sections` is the body already read (by fast_markup.read, which renders it in the same pass);
    without them the body is read here by parse_body.
    """
    yaml_text, body, body_line = split_front_matter(text, path)
    data, lines = load_mapping(yaml_text, path, first_line=2)
    problems: list[Problem] = []

    def at(key: str) -> int | None:
        return lines.get(key)

    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(path, at("title") or 1, "`title` is required and must be text"))
        title = ""
    number = data.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number < 0:
        found = "missing" if number is None else f"{number!r}"
        problems.append(Problem(path, at("number") or 1, f"`number` must be a whole number like `number: 12`, not {found}"))
        number = 0
    date = data.get("date")
    if isinstance(date, datetime.datetime):
        date = date.date()
    elif date is not None and not isinstance(date, datetime.date):
        problems.append(Problem(path, at("date"), f"`date` must be a date like 2024-05-31, not {date!r}"))
        date = None
    description = data.get("description", "")
    if not isinstance(description, str):
        problems.append(Problem(path, at("description"), "`description` must be text"))
        description = ""
    slug = data.get("slug", slugify(path.stem, 120))
    if "slug" not in data and not SAFE_SLUG.match(slug):
        problems.append(Problem(path, 1, "the file name gives no URL for the page: rename the file with letters "
                                         "or digits, like 012-title.md, or add `slug: 012-title`"))
        slug = "episode"
    elif not isinstance(slug, str) or not SAFE_SLUG.match(slug):
        problems.append(Problem(path, at("slug"), f"`slug` must be lowercase letters, digits and '-', not {slug!r}"))
        slug = slugify(path.stem, 120) or "episode"
    audio = _audio(data["audio"], problems, path, at("audio")) if data.get("audio") is not None else None
    transcript_flag = data.get("transcript", True)
    if not isinstance(transcript_flag, bool):
        problems.append(Problem(path, at("transcript"), "`transcript` must be true or false"))
        transcript_flag = True

    if sections is None:
        sections = parse_body(body, body_line) if with_body else ()
    sections = _with_aliases(sections, config)
    spoken = speakers_in_order(sections)
    hosts = _names("hosts", data["hosts"], problems, path, at("hosts")) if "hosts" in data else config.host
    speakers = _names("speakers", data["speakers"], problems, path, at("speakers")) if "speakers" in data else spoken
    guests = (_names("guests", data["guests"], problems, path, at("guests")) if "guests" in data
              else tuple(s for s in speakers if s not in hosts))
    known = set(FRONT_MATTER_FIELDS)
    extra = tuple((k, v) for k, v in data.items() if k not in known)
    if problems:
        raise SiteError(sorted(problems, key=lambda p: p.line or 0))  # in the order a reader meets them
    return Episode(number=number, title=title.strip(), slug=slug, description=description.strip(), date=date,
                   audio=audio, hosts=hosts, guests=guests, speakers=speakers,
                   has_transcript=transcript_flag and (bool(sections) or not with_body), sections=sections,
                   extra=extra, path=path, body=body)


def _with_aliases(sections: tuple[Section, ...], config: SiteConfig) -> tuple[Section, ...]:
    """Sections with every speaker under the name site_config.yaml's aliases give them."""
    if not any(t.speaker == "" or t.speaker in config.aliases for s in sections for t in s.turns):
        return sections  # the common case: nothing to rename, nothing to rebuild
    return tuple(
        Section(s.heading, tuple(Turn(config.canonical_speaker(t.speaker) if t.speaker else None, t.paragraphs, t.line,
                                      t.time)
                                 for t in s.turns), s.line)
        for s in sections
    )


FRONT_MATTER_FIELDS = ("title", "number", "date", "description", "audio", "hosts", "guests", "speakers",
                       "transcript", "slug", CHECKSUM_KEY)


def episode_files(site: Path) -> list[Path]:
    """The site's episode files, in name order (see layout.files_inside)."""
    return files_inside(site, site / EPISODES_DIR, "*.md")


def read_episode(site: Path, path: Path, config: SiteConfig, with_body: bool = True) -> Episode:
    """Read and parse one episode file (see parse_episode); without the body, read only as much
    of the file as holds the front matter."""
    if with_body:
        shown, text = read_episode_text(site, path)
    else:
        shown, text = shown_path(site, path), _head_text(path, shown_path(site, path))
    return parse_episode(text, shown, config, with_body)


HEAD_BYTES = 16_384


def _head_text(path: Path, shown: Path) -> str:
    """The start of an episode file, up to and including its front matter's closing line; the
    whole file when that is not in the first HEAD_BYTES bytes of a plain UTF-8 file."""
    with path.open("rb") as handle:
        data = handle.read(HEAD_BYTES)
        if len(data) == HEAD_BYTES and data.startswith(b"---\n"):
            start = data[:data.rfind(b"\n") + 1]  # whole lines: no character cut in two
            text = decode(start, shown, advice=CONTENT_ADVICE)
            if FRONT_MATTER_END.search(text, 4):
                return text
        data += handle.read()
    return decode(data, shown, advice=CONTENT_ADVICE)


def read_episode_text(site: Path, path: Path) -> tuple[Path, str]:
    """An episode file's path as problems name it, and its text."""
    shown = shown_path(site, path)
    return shown, decode(path.read_bytes(), shown, advice=CONTENT_ADVICE)


def load_episodes(site: Path, config: SiteConfig) -> list[Episode]:
    """Every episode, newest (highest number) first; all problems of all files in one SiteError."""
    problems: list[Problem] = []
    episodes: list[Episode] = []
    for path in episode_files(site):
        try:
            episodes.append(read_episode(site, path, config))
        except SiteError as error:
            problems.extend(error.problems)
    problems.extend(find_clashes(episodes, site))
    if problems:
        raise SiteError(problems)
    return sorted(episodes, key=lambda e: (-e.number, e.slug))


def _key_line(site: Path | None, path: Path | None, key: str) -> int:
    """The line of `key:` in an episode file's front matter, for naming a clash; 1 when it is not there."""
    if path is None or (site is None and not path.is_absolute()):
        return 1
    try:
        text = decode((site / path if site is not None else path).read_bytes(), path)
    except (OSError, SiteError):
        return 1
    head = text.split("\n---", 1)[0]
    match = re.search(rf"^{key}[ \t]*:", head, re.M)
    return head.count("\n", 0, match.start()) + 1 if match else 1


def find_clashes(episodes: list[Episode], site: Path | None = None) -> list[Problem]:
    """Two files claiming one episode number or one URL; each problem names both files and lines.

    `site` is the folder episode paths are relative to (None: as they are)."""
    problems = []
    for attribute in ("number", "slug"):
        first: dict[Any, Episode] = {}
        for episode in episodes:
            other = first.setdefault(getattr(episode, attribute), episode)
            if other is not episode:
                line, other_line = _key_line(site, episode.path, attribute), _key_line(site, other.path, attribute)
                problems.append(Problem(episode.path, line, f"{attribute} {getattr(episode, attribute)!r} is also "
                                                            f"used by {other.path}:{other_line}; each episode "
                                                            f"needs its own"))
    return problems
