"""site_config.yaml: the site's settings, checked and typed."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from . import subscribe as subscribe_links
from . import urls
from .errors import Problem, SiteError, fail, quoted
from .textfile import decode
from .yamlmap import load_mapping, nested_line

CONFIG_NAME = "site_config.yaml"

# Apple Podcasts' categories and their subcategories; a feed naming any other is refused by Apple.
APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"),
    "History": (),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": ("Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies", "Home & Garden",
                "Video Games"),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": ("Business News", "Daily News", "Entertainment News", "News Commentary", "Politics", "Sports News",
             "Tech News"),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion",
                                "Spirituality"),
    "Science": ("Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics", "Natural Sciences",
                "Nature", "Physics", "Social Sciences"),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"),
    "Sports": ("Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey", "Rugby",
               "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling"),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
    "Technology": (),
    "True Crime": (),
}
PODCAST_TYPES = ("episodic", "serial")
# podcast:medium values for a feed of items (the "L" list mediums hold no items of their own).
MEDIUMS = ("podcast", "music", "video", "film", "audiobook", "newsletter", "blog", "course")

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# What an address may keep as it is: every ASCII character a URL uses, and `%` of what is encoded already.
_URL_SAFE = "/:?#[]@!$&'()*+,;=%~"
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_TEXT_KEYS = ("title", "description", "base_url", "author", "language", "theme", "owner_name", "owner_email",
              "image", "category", "subcategory", "podcast_type", "podcast_guid", "custom_domain", "copyright",
              "audio_base_url", "new_feed_url", "medium")
_FLAG_KEYS = ("explicit", "locked", "allow_html", "block", "complete")
# Where the built-in themes live (theme.py reads them; here only their names are checked).
_BUILTIN_THEMES = Path(__file__).resolve().parent.parent / "themes"
# A theme is a folder name under themes/, never a path: nothing is read from outside the site's themes.
_THEME_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")


@dataclass(frozen=True)
class Person:
    """What `people:` says about a host or guest, shown on their page (people/NAME/)."""

    bio: str = ""
    link: str = ""  # their own site: an http(s) or mailto: address
    image: str = ""  # a full URL, or a path inside the site like static/people/ada.jpg


@dataclass(frozen=True)
class SiteConfig:
    """Every setting a site may have; docs/podcasters.md says what each one does."""

    title: str
    description: str = ""
    base_url: str = "http://localhost:8000/"  # where the site is published; the feed's and sitemap's URLs start here
    author: str = ""
    language: str = "en"
    host: tuple[str, ...] = ()
    theme: str = "default"
    aliases: dict[str, str] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)  # name -> bio, link and image for their page
    # Where to follow the show (see subscribe.py); the site's own feed is always there, last.
    subscribe: tuple[subscribe_links.Link, ...] = (subscribe_links.Link("rss", "RSS", ""),)
    # The podcast feed and publishing; every one is optional.
    owner_name: str = ""  # itunes:owner's name (default: author)
    owner_email: str = ""  # itunes:owner's email, also podcast:locked's owner: where Apple and hosts write to
    image: str = ""  # cover art: a full URL or a path inside output/; JPEG or PNG, 1400-3000 px square
    category: str = ""  # one of APPLE_CATEGORIES
    subcategory: str = ""  # one of that category's subcategories
    explicit: bool = False  # itunes:explicit
    podcast_type: str = "episodic"  # itunes:type: episodic (newest first) or serial (oldest first)
    podcast_guid: str = ""  # podcast:guid; keep the one a podcast already has, else it is derived from the feed URL
    locked: bool = False  # podcast:locked: true asks other hosting platforms not to import the feed
    custom_domain: str = ""  # written to output/CNAME for GitHub Pages; base_url must then be on this domain
    copyright: str = ""  # the feed's copyright line
    # Raw HTML in episode Markdown is shown as text unless the content is trusted; javascript: links never work.
    allow_html: bool = False
    # Publishing the audio: local files are copied into output/ unless they are served from here (+ file name).
    audio_base_url: str = ""
    categories: tuple[tuple[str, str], ...] = ()  # more itunes:category, each (category, subcategory or "")
    new_feed_url: str = ""  # itunes:new-feed-url: where the show's feed moved to
    block: bool = False  # itunes:block: keep the show out of Apple Podcasts
    complete: bool = False  # itunes:complete: no more episodes will come
    funding: tuple[tuple[str, str], ...] = ()  # podcast:funding (url, text)
    medium: str = "podcast"  # podcast:medium
    feed_limit: int = 0  # the newest N episodes in the feed; 0: all

    @property
    def all_categories(self) -> tuple[tuple[str, str], ...]:
        """Every itunes:category, `category` first: (category, subcategory or "")."""
        first = ((self.category, self.subcategory),) if self.category else ()
        return tuple(dict.fromkeys(first + self.categories))

    def canonical_speaker(self, name: str) -> str:
        """The name a speaker is known by, after aliases."""
        return self.aliases.get(name, name)

    def absolute_url(self, path: str) -> str:
        """An output-relative path (or a full URL) as a full URL under base_url; letters outside ASCII
        (a Japanese episode's address) percent-encoded, as feeds, sitemaps and social cards want."""
        return urljoin(self.base_url, quote(path, safe=_URL_SAFE))

    def page_url(self, path: str) -> str:
        """A page's public address: like absolute_url, but `.../index.html` becomes `.../`."""
        return self.absolute_url(urls.folder(path))

    @property
    def base_path(self) -> str:
        """The path part of base_url ("/show/"): root of links that must work from any depth, as on a 404 page."""
        # One leading slash, always: `//host/...` would load another host's files (load_config refuses it too).
        return "/" + urlsplit(self.base_url).path.lstrip("/\\")


def _as_names(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _check_text(key: str, value: str) -> str | None:
    """What is wrong with a text setting's value, if anything."""
    if key == "base_url":
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname or _URL_NOISE.search(value):
            return "`base_url` must be the site's full address, like https://USER.github.io/SHOW/"
        if "//" in parts.path or "\\" in value:  # `//host` in a path is another host's address to a browser
            return f"`base_url` must not have `//` or `\\` in its path: {quoted(value)}"
    if key == "language" and not _LANGUAGE.match(value):
        return f"`language` must be a language code like en or en-us, not {quoted(value)}"
    if key == "owner_email" and value and not _EMAIL.match(value):
        return f"`owner_email` must be an email address, not {quoted(value)}"
    if key == "podcast_guid" and value and not _UUID.match(value):
        return f"`podcast_guid` must be a UUID like 917393e3-1b1e-5cef-ace4-edaa54e1f810, not {quoted(value)}"
    if key == "podcast_type" and value not in PODCAST_TYPES:
        return f"`podcast_type` must be episodic or serial, not {quoted(value)}"
    if key == "category" and value and value not in APPLE_CATEGORIES:
        return f"`category` must be one of Apple Podcasts' categories ({', '.join(APPLE_CATEGORIES)}), not {quoted(value)}"
    if key == "custom_domain" and value and not _DOMAIN.match(value):
        return (f"`custom_domain` must be a bare domain name like podcast.example.com (no https://, no path), "
                f"not {quoted(value)}")
    if key == "theme" and (not _THEME_NAME.match(value) or ".." in value):
        return f"`theme` must be the name of a folder under themes/, like `mine`, not {quoted(value)}"
    if key in ("audio_base_url", "new_feed_url") and value and (urlsplit(value).scheme not in ("http", "https")
                                                                or not urlsplit(value).netloc or " " in value):
        return f"`{key}` must be a full address like https://media.example.com/show/, not {quoted(value)}"
    if key == "medium" and value not in MEDIUMS:
        return f"`medium` must be one of {', '.join(MEDIUMS)}, not {quoted(value)}"
    if key == "image" and value:
        path = urlsplit(value).path.lower()
        if value.startswith("/") or urlsplit(value).scheme not in ("", "http", "https"):
            return "`image` must be a full URL (https://...) or a path inside the site like static/cover.jpg"
        if not path.endswith((".jpg", ".jpeg", ".png")):
            return "`image` must be a JPEG or PNG file (.jpg, .jpeg or .png): Apple Podcasts takes no other"
    return None


def _check(key: str, value: Any) -> tuple[Any, str | None]:
    """Return (typed value, None) or (None, what is wrong)."""
    if key in _TEXT_KEYS:
        if isinstance(value, str):
            return value.strip(), _check_text(key, value.strip())
        return None, f"`{key}` must be text, not {type(value).__name__}"
    if key in _FLAG_KEYS:
        if isinstance(value, bool):
            return value, None
        return None, f"`{key}` must be true or false"
    if key == "host":
        names = _as_names(value)
        return (names, None) if names is not None else (None, "`host` must be a name or a list of names")
    if key == "aliases":
        if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return dict(value), None
        return None, "`aliases` must map each misspelt or alternative name to the speaker's name"
    if key == "people":
        return _check_people(value)
    if key == "categories":
        return _check_categories(value)
    if key == "funding":
        return _check_funding(value)
    if key == "feed_limit":
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value, None
        return None, "`feed_limit` must be a whole number: the newest episodes the feed lists (0: all)"
    if key == "subscribe":
        try:
            return subscribe_links.read(value), None
        except subscribe_links.Wrong as wrong:
            if wrong.key is None:
                return None, str(wrong)
            raise _EntryProblem(str(wrong), wrong.key) from None
    raise AssertionError(key)


def _check_categories(value: Any) -> tuple[tuple[tuple[str, str], ...] | None, str | None]:
    """`categories: [Technology, Business > Entrepreneurship]`: Apple's categories, each with an optional
    subcategory after `>`."""
    names = _as_names(value)
    if names is None:
        return None, "`categories` must be a list like [Technology, Business > Entrepreneurship]"
    found = []
    for name in names:
        category, _, subcategory = (part.strip() for part in name.partition(">"))
        if category not in APPLE_CATEGORIES:
            return None, f"`categories`: {category!r} is not one of Apple Podcasts' categories ({', '.join(APPLE_CATEGORIES)})"
        if subcategory and subcategory not in APPLE_CATEGORIES[category]:
            choices = ", ".join(APPLE_CATEGORIES[category]) or "none"
            return None, f"`categories`: {subcategory!r} is not one of {category}'s subcategories ({choices})"
        found.append((category, subcategory))
    return tuple(found), None


def _check_funding(value: Any) -> tuple[tuple[tuple[str, str], ...] | None, str | None]:
    """`funding: [{url: https://..., text: Support the show}]` for podcast:funding."""
    wrong = "`funding` must be a list like [{url: https://example.org/donate, text: Support the show}]"
    if not isinstance(value, list):
        return None, wrong
    found = []
    for entry in value:
        if not isinstance(entry, dict) or set(entry) - {"url", "text"} or not isinstance(entry.get("url"), str):
            return None, wrong
        url, text = entry["url"].strip(), entry.get("text") or ""
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc or not isinstance(text, str):
            return None, wrong
        if len(text) > 128:
            return None, "`funding` text must be at most 128 characters (apps cut longer ones)"
        found.append((url, text.strip()))
    return tuple(found), None


class _EntryProblem(ValueError):
    """A problem inside a nested setting, with the keys that lead to it (to name its line)."""

    def __init__(self, message: str, *keys: Any) -> None:
        super().__init__(message)
        self.keys = keys


def _check_people(value: Any) -> tuple[dict[str, Person] | None, str | None]:
    """`people:` maps a name to `bio:`, `link:` and `image:`, all text and all optional.

    A problem inside one entry raises _EntryProblem, so that it can be reported at its own line."""
    if not isinstance(value, dict):
        return None, "`people` must map each person's name to their `bio:`, `link:` and `image:`"
    people: dict[str, Person] = {}
    for name, details in value.items():
        where = f"`people` entry {quoted(name)}"
        if not isinstance(name, str) or not name.strip():
            raise _EntryProblem(f"`people` must be keyed by names, not {quoted(name)}", name)
        details = details if details is not None else {}
        if not isinstance(details, dict):
            raise _EntryProblem(f"{where} must be a mapping of text: `bio:`, `link:`, `image:`", name)
        unknown = sorted(set(map(str, details)) - {"bio", "link", "image"})
        if unknown:
            raise _EntryProblem(f"{where} has unknown field(s) {', '.join(unknown)} (known: bio, link, image)",
                                name, unknown[0])
        for field_name, text in details.items():
            if not isinstance(text, str):
                raise _EntryProblem(f"{where}: `{field_name}` must be text", name, field_name)
        link, image = details.get("link", "").strip(), details.get("image", "").strip()
        if link and (urlsplit(link).scheme not in ("http", "https", "mailto") or " " in link):
            raise _EntryProblem(f"{where}: `link` must be a full address like https://example.org/ or mailto:...",
                                name, "link")
        scheme = urlsplit(image).scheme
        if image and (scheme not in ("", "http", "https") or image.startswith("/") or ".." in image.split("/")):
            raise _EntryProblem(f"{where}: `image` must be a full URL or a path inside the site like "
                                f"static/people/ada.jpg", name, "image")
        people[name.strip()] = Person(details.get("bio", "").strip(), link, image)
    return people, None


def _cross_check(values: dict[str, Any], path: Path, lines: dict[str, int]) -> list[Problem]:
    """Settings that must agree with each other."""
    problems = []
    category, subcategory = values.get("category", ""), values.get("subcategory", "")
    if subcategory and not category:
        problems.append(Problem(path, lines.get("subcategory"), "`subcategory` needs a `category` to belong to"))
    elif subcategory and category in APPLE_CATEGORIES and subcategory not in APPLE_CATEGORIES[category]:
        choices = ", ".join(APPLE_CATEGORIES[category]) or "none"
        problems.append(Problem(path, lines.get("subcategory"),
                                f"`subcategory` {quoted(subcategory)} is not one of {category}'s ({choices})"))
    domain = values.get("custom_domain", "")
    host = urlsplit(values.get("base_url", "")).hostname
    if domain and "base_url" in values and host != domain:
        problems.append(Problem(path, lines.get("base_url"), f"`base_url` is on {host} but `custom_domain` is "
                                                             f"{domain}; set `base_url: https://{domain}/`"))
    return problems


def load_config(site: Path) -> SiteConfig:
    """Read and check `site/site_config.yaml`; report every problem at once."""
    path = site / CONFIG_NAME
    try:
        text = decode(path.read_bytes(), path, advice="save the file as UTF-8")
    except FileNotFoundError:
        raise fail(path, None, f"no {CONFIG_NAME} here; is --site pointing at the folder that holds it?") from None
    except OSError as error:
        raise fail(path, None, f"cannot read: {error.strerror}") from None
    data, lines = load_mapping(text, path)
    known = {f.name for f in fields(SiteConfig)}
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            problems.append(Problem(path, lines.get(key), f"unknown setting `{key}` (known: {', '.join(sorted(known))})"))
            continue
        try:
            typed, wrong = _check(key, value)
        except _EntryProblem as problem:
            problems.append(Problem(path, nested_line(text, (key, *problem.keys)) or lines.get(key), str(problem)))
            continue
        if wrong:
            problems.append(Problem(path, lines.get(key), wrong))
        else:
            values[key] = typed
    if "title" not in data:
        problems.append(Problem(path, 1, "`title` is required: the show's name"))
    for key in ("base_url", "audio_base_url"):
        if values.get(key) and not values[key].endswith("/"):
            values[key] += "/"
    problems.extend(_cross_check(values, path, lines))
    theme = values.get("theme")
    if theme and not (site / "themes" / theme).is_dir() and not (_BUILTIN_THEMES / theme).is_dir():
        problems.append(Problem(path, lines.get("theme"), f"theme {quoted(theme)} not found: expected a folder "
                                                          f"themes/{theme}/ with templates/ inside"))
    if problems:
        raise SiteError(problems)
    return SiteConfig(**values)
