"""Where listeners can follow the show: `subscribe:` in site_config.yaml, one app a line, each with the
show's ID in that app or its full address. The theme shows them as plain links: no app's script."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import quote, urlsplit

from .errors import quoted


@dataclass(frozen=True)
class App:
    """A podcast app or directory: its name as listeners know it, what its IDs look like, and the
    address of a show given its ID."""

    label: str
    id_example: str
    id_pattern: re.Pattern[str] | None
    address: Callable[[str], str]


def _youtube(value: str) -> str:
    if value.startswith("@"):
        return f"https://www.youtube.com/{quote(value, safe='@')}"
    if value.startswith("UC"):
        return f"https://www.youtube.com/channel/{value}"
    return f"https://www.youtube.com/playlist?list={value}"


def _castro(value: str) -> str:
    # Castro finds a show by its Apple Podcasts ID too; its own IDs are not numbers.
    return f"https://castro.fm/itunes/{value}" if value.isdigit() else f"https://castro.fm/podcast/{value}"


# In the order the theme lists them.
APPS: dict[str, App] = {
    "apple_podcasts": App("Apple Podcasts", "1234567890", re.compile(r"(?:id)?\d{5,15}"),
                          lambda v: f"https://podcasts.apple.com/podcast/id{v.removeprefix('id')}"),
    "spotify": App("Spotify", "4rOoJ6Egrf8K2IrywzwOMk", re.compile(r"[A-Za-z0-9]{22}"),
                   lambda v: f"https://open.spotify.com/show/{v}"),
    "youtube": App("YouTube", "PLxxxxxxxxxxxxxxxx (a playlist), @handle or a channel's UC... ID",
                   re.compile(r"@[\w.-]{3,30}|UC[\w-]{22}|(?:PL|OL|UU)[\w-]{10,64}"), _youtube),
    "overcast": App("Overcast", "1234567890 (the Apple Podcasts ID)", re.compile(r"(?:id)?\d{5,15}"),
                    lambda v: f"https://overcast.fm/itunes{v.removeprefix('id')}"),
    "pocket_casts": App("Pocket Casts", "abc123 (from a pca.st link)", re.compile(r"[A-Za-z0-9-]{3,64}"),
                        lambda v: f"https://pca.st/{v}"),
    "castro": App("Castro", "1234567890 (the Apple Podcasts ID)", re.compile(r"[A-Za-z0-9-]{3,64}"), _castro),
    "podcast_addict": App("Podcast Addict", "4012345", re.compile(r"\d{3,15}"),
                          lambda v: f"https://podcastaddict.com/podcast/{v}"),
    "fountain": App("Fountain", "a1b2c3 (from a fountain.fm/show link)", re.compile(r"[A-Za-z0-9]{3,64}"),
                    lambda v: f"https://fountain.fm/show/{v}"),
    "rss": App("RSS", "true (this site's feed) or the feed's address", None, lambda v: ""),
}


@dataclass(frozen=True)
class Link:
    """One place to follow the show: the app's key (for its icon), its name, and the address.
    The site's own feed has the address "" (the theme links feed.xml relative to the page)."""

    app: str
    label: str
    url: str


class Wrong(ValueError):
    """A `subscribe:` entry that cannot be used; `key` names the entry, for its line."""

    def __init__(self, message: str, key: Any) -> None:
        super().__init__(message)
        self.key = key


def _full_address(value: str) -> bool:
    url = urlsplit(value)
    return url.scheme in ("http", "https") and bool(url.netloc) and not re.search(r"[\x00-\x20\x7f\"<>]", value)


def read(value: Any) -> tuple[Link, ...]:
    """`subscribe:` as written -> its links, in the theme's order, then the site's feed unless given;
    raises Wrong for the first entry that is not right."""
    if not isinstance(value, dict):
        raise Wrong(f"`subscribe` must map apps ({', '.join(APPS)}) to the show's ID or address there", None)
    links: dict[str, Link] = {}
    for key, given in value.items():
        app = APPS.get(key) if isinstance(key, str) else None
        if app is None:
            raise Wrong(f"`subscribe` has an unknown app {quoted(key)} (known: {', '.join(APPS)})", key)
        if key == "rss" and given is True:
            links[key] = Link(key, app.label, "")
            continue
        text = str(given).strip() if isinstance(given, (str, int)) and not isinstance(given, bool) else None
        if text and _full_address(text):
            links[key] = Link(key, app.label, text)
        elif text and app.id_pattern is not None and app.id_pattern.fullmatch(text):
            links[key] = Link(key, app.label, app.address(text))
        else:
            raise Wrong(f"`subscribe` {key}: must be the show's ID there, like {app.id_example}, or a full "
                        f"address like https://..., not {given!r}", key)
    links.setdefault("rss", Link("rss", APPS["rss"].label, ""))
    return tuple(links[key] for key in APPS if key in links)
