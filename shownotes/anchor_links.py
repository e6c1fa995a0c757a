"""Links into episodes keep working: old section anchors live on as aliases, and a link to an
anchor the site no longer has fails the build.

The ledger, `content/anchors.json`, is committed with the site (a fresh clone or CI must give
the same aliases). For every episode page it remembers each section anchor the page ever had,
with the turn that section started at: `{"episodes/012-a/": {"pricing": "t=12:05"}}`.
Turn anchors come from the audio time or the turn's place (anchors.py), so they survive a
section's renaming. When `pricing` is renamed `Prices`, the page keeps an empty element with
id `pricing` just before the section that now starts at `t=12:05`; when sections were merged,
before that turn. A section whose first turn is gone has no alias, and a link to it fails.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit

from .anchors import TURN_ANCHOR
from .errors import Problem, SiteError
from .layout import ANCHOR_LEDGER as LEDGER
from .layout import write_json
from .model import Section

Entry = dict[str, str]  # section anchor -> the anchor of its first turn


def load(site: Path) -> dict[str, Entry]:
    """The ledger; none yet is empty, a damaged one is an error naming it and its line."""
    path = site / LEDGER
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise SiteError([Problem(LEDGER, None, f"cannot be read ({error}); restore it from git, or delete it "
                                              "to drop old anchors' aliases")]) from None
    try:
        data = json.loads(text)
    except ValueError as error:
        line = getattr(error, "lineno", None)
        raise SiteError([Problem(LEDGER, line, f"is not valid JSON ({getattr(error, 'msg', error)}); restore it "
                                              "from git, or delete it to drop old anchors' aliases")]) from None
    shape = isinstance(data, dict) and all(
        isinstance(page, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in page.items())
        for page in data.values())
    if not shape:
        raise SiteError([Problem(LEDGER, None, 'should map each page to {"section anchor": "first turn anchor"}; '
                                              "restore it from git, or delete it to drop old anchors' aliases")])
    return {str(page): dict(entry) for page, entry in data.items()}


def save(site: Path, old: dict[str, Entry], new: dict[str, Entry]) -> None:
    """Write the ledger when it gained anything (an unchanged site leaves the file alone)."""
    if new != old:
        write_json(site / LEDGER, {page: dict(sorted(entry.items())) for page, entry in sorted(new.items())})


def starts(sections: Iterable[Section]) -> Entry:
    """Each titled section's anchor and the anchor of the turn it starts at."""
    return {s.anchor: s.turns[0].anchor for s in sections if s.anchor and s.turns and s.turns[0].anchor}


def unmatched(entry: Entry, current: Entry) -> Entry:
    """What of the ledger's entry a page built with sections starting as `current` may keep as
    aliases: all it remembers but the current anchors."""
    return {old: turn for old, turn in entry.items() if old not in current}


def remembered(entry: Entry, current: Entry) -> Entry:
    """The ledger's entry for a page after it was built with sections starting as `current`."""
    return {**entry, **current}


def aliases(entry: Entry, sections: Iterable[Section]) -> dict[str, str]:
    """Old anchor -> the id on the page it now leads to: the section starting at its first turn,
    else that turn; an anchor the page still has, or whose turn is gone, has none."""
    sections = tuple(sections)
    ids = {s.anchor for s in sections if s.anchor} | {t.anchor for s in sections for t in s.turns if t.anchor}
    opening = {s.turns[0].anchor: s.anchor for s in sections if s.anchor and s.turns}
    found = {}
    for old, turn in sorted(entry.items()):
        if old not in ids and turn in ids:
            found[old] = opening.get(turn) or turn
    return found


def with_aliases(body_html: str, found: dict[str, str]) -> str:
    """The body with an empty element for each old anchor, just before the element it leads to."""
    for old, target in sorted(found.items()):
        at = body_html.find(f' id="{html.escape(target)}"')
        start = body_html.rfind("<", 0, at) if at >= 0 else -1
        if start >= 0:
            body_html = f'{body_html[:start]}<span id="{html.escape(old)}"></span>{body_html[start:]}'
    return body_html


_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')


def links(body_html: str, page: str, base_url: str, source: str, first_line: int) -> tuple[tuple[int, str, str], ...]:
    """The body's links to an anchor in the site, as (line in the episode file, page, anchor):
    relative links, and links to the site's own address (`base_url`)."""
    found = set()
    base = urlsplit(base_url)
    base_path = base.path.rstrip("/") + "/"
    for match in _HREF.finditer(body_html):
        href = html.unescape(match.group(1))
        parts = urlsplit(href)
        if not parts.fragment:
            continue
        if parts.scheme or parts.netloc or parts.path.startswith("/"):  # from the site's root, if it is ours
            ours = not (parts.scheme or parts.netloc) or (parts.scheme, parts.netloc) == (base.scheme, base.netloc)
            if not ours or not (parts.path + "/").startswith(base_path):
                continue  # another site, a mail address, a path outside base_url's
            target = _resolve("", parts.path[len(base_path):])
        else:
            target = _resolve(page, parts.path) if parts.path else page
        if target is not None:
            found.add((_line_of(source, href, first_line), target, unquote(parts.fragment)))
    return tuple(sorted(found))


def _resolve(page: str, path: str) -> str | None:
    """The output page a relative link's path leads to from `page` ("" for the site's root);
    None when it climbs out of the site."""
    parts = page.split("/")[:-1]
    for piece in path.split("/"):
        if piece == "..":
            if not parts:
                return None
            parts.pop()
        elif piece not in ("", "."):
            parts.append(unquote(piece))
    if path.endswith("/") or not path or not parts or "." not in parts[-1]:
        parts.append("index.html")
    return "/".join(parts)


def _line_of(source: str, href: str, first_line: int) -> int:
    """The line of the episode file a link is written on (its first, if written twice)."""
    fragment = "#" + href.split("#", 1)[1]
    at = source.find(fragment)
    return first_line + source.count("\n", 0, at) if at >= 0 else first_line


def broken(found: Iterable[tuple[str, int, str, str]], ids_of: dict[str, frozenset[str]]) -> list[Problem]:
    """The links (file, line, page, anchor) that lead nowhere: to an episode page the site does
    not have, or to an anchor such a page does not have. A turn's anchor is checked for its shape
    only (`#t=12:05` is a place in the audio; the record keeps no page's every turn); links to
    other pages are not checked here."""
    problems = []
    for file, line, page, anchor in found:
        if not page.startswith("episodes/"):
            continue
        ids = ids_of.get(page)
        shown = page.removesuffix("index.html") + "#" + anchor
        if ids is None:
            problems.append(Problem(Path(file), line, f"links to {shown}, an episode page the site does not have "
                                                      "(renamed, removed, or not published yet?)"))
        elif anchor not in ids and not TURN_ANCHOR.match(anchor):
            problems.append(Problem(Path(file), line, f"links to {shown}, an anchor that page does not have (a "
                                                      "section renamed or removed? its old anchor is kept only "
                                                      "while content/anchors.json remembers it)"))
    return problems
