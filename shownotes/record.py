"""The dependency record: what each output file was made from, kept between builds so the
next build redoes only what changed. A missing, damaged or foreign record means a full build.

It lives inside the site, in `.shownotes-cache/` (git-ignored, never inside output/: a published
site carries no cache), one folder per output folder: a small state, enough to see that nothing
changed without reading anything else; the episode outlines, read only when something did; the
build lock; and, while a build commits, its journal. Both halves are JSON (jsondata.py): a
record holds data and can never run code.
"""
from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from . import jsondata
from .errors import fail

if TYPE_CHECKING:  # read only when outlines are; the no-op check must not pay for Markdown
    from .markup import TocEntry
    from .model import Episode
    from .search_chunks import EpisodeTerms

log = logging.getLogger(__name__)

CACHE_DIR = ".shownotes-cache"
FORMAT = 6
ENGINE = Path(__file__).resolve().parent
# Files in a record folder.
STATE, OUTLINES, SEARCH, LOCK, JOURNAL, STAGING, OUTPUT = "state.json", "outlines.json", "search.json", "lock", \
    "commit.json", "staging", "output"
TERMS = "search-terms"  # a folder: one episode's packed terms a file


@dataclass(frozen=True, slots=True)  # one for every file or heading of a site: no dict each
class SourceState:
    """One episode file as last built: what it yielded for the site-wide pages, and its outputs."""

    outline: Episode
    toc: tuple[TocEntry, ...]
    transcripts: tuple[tuple[str, str], ...]  # (URL, MIME type) of its transcript files, for the feed
    feed_item: bytes  # its <item> in feed.xml, deflated (feed.item_xml)
    outputs: tuple[str, ...]
    inputs: str  # fingerprint of everything its own output files depended on
    notes: tuple[str, ...] = ()  # warnings about it (its audio, its image), said again while it is unchanged
    media: tuple[str, ...] = ()  # the files in the site it names (audio, image), as its front matter does
    starts: tuple[tuple[str, str], ...] = ()  # (section anchor, its first turn's anchor), for the anchor ledger
    aliases: tuple[str, ...] = ()  # old anchors its page keeps (anchor_links.py)
    links: tuple[tuple[int, str, str], ...] = ()  # its links into the site: (line, page, anchor)


@dataclass
class BuildState:
    """The small half of the record: fingerprints and file stats, as plain data."""

    quick: str = ""  # engine, site_config.yaml and every theme file, by bytes
    settings: str = ""  # engine, config and the templates each kind of page really uses
    sources: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # path -> (mtime_ns, size, sha256)
    outputs: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # name -> (size, mtime_ns, sha256)
    folders: tuple[str, ...] = ()  # folders in output/ that builds made, so may remove once empty
    warnings: tuple[str, ...] = ()  # what the build warned about, said again by a build with nothing to do
    media: dict[str, tuple[int, int]] = field(default_factory=dict)  # local audio and images -> (mtime_ns, size)
    next_release: float | None = None  # when the next scheduled episode goes out (POSIX time): then build again
    format: int = FORMAT


@dataclass
class Outlines:
    """The large half of the record: per episode file, what its last build yielded."""

    sources: dict[str, SourceState] = field(default_factory=dict)
    format: int = FORMAT


@dataclass(frozen=True)
class Place:
    """Where the record of one output folder lives: a folder of its own in the site's cache."""

    folder: Path
    output: Path  # resolved

    @property
    def state(self) -> Path:
        return self.folder / STATE

    @property
    def outlines(self) -> Path:
        return self.folder / OUTLINES

    @property
    def journal(self) -> Path:
        return self.folder / JOURNAL

    @property
    def staging(self) -> Path:
        """Present while a build has temp files in output/: a build killed then left them."""
        return self.folder / STAGING


def cache_root(site: Path) -> Path:
    """The site's cache folder: records, compiled templates, the inbox's file stats."""
    return site / CACHE_DIR


def place(site: Path, output: Path) -> Place:
    """The record folder for building `site` into `output`, named after the output's real path."""
    resolved = output.resolve()
    key = hashlib.sha256(os.fsencode(resolved)).hexdigest()[:16]
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in resolved.name)[:40] or "root"
    return Place(cache_root(site) / f"{name}-{key}", resolved)


def _real_folder(path: Path) -> None:
    """Make `path` a folder; a link or file planted under that name is removed, never followed."""
    try:
        os.mkdir(path)
        return
    except FileExistsError:
        pass
    if path.is_symlink() or not path.is_dir():
        log.warning("%s: expected a folder, found %s; replacing it", path, "a link" if path.is_symlink() else "a file")
        path.unlink()
        os.mkdir(path)


def prepare(place: Place) -> None:
    """Create the record's folder (and the cache's, git-ignored whatever the site's .gitignore says)."""
    root = place.folder.parent
    if not root.is_dir() or root.is_symlink():
        _real_folder(root)
    ignore = root / ".gitignore"
    if not ignore.exists():
        _write(ignore, b"# Made by shownotes: build caches, never committed.\n*\n")
    _real_folder(place.folder)
    try:
        known = _read(place.folder / OUTPUT)
    except OSError:
        known = b""
    if known != os.fsencode(place.output):
        _write(place.folder / OUTPUT, os.fsencode(place.output))


def _read(path: Path) -> bytes:
    """A file of the record; never through a link planted in its place."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def _write(path: Path, data: bytes) -> None:
    """Write a file of the record at once: a temp file beside it, then renamed over it."""
    temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _names() -> dict[str, Any]:
    from .markup import TocEntry
    from .model import Episode
    from .search_chunks import EpisodeTerms

    return {"Episode": Episode, "TocEntry": TocEntry, "EpisodeTerms": EpisodeTerms}


def _load(path: Path, kind: type, names: dict[str, Any] | None = None) -> Any:
    try:
        value: Any = jsondata.loads(_read(path), kind, names)
    except FileNotFoundError:
        return None
    except (OSError, jsondata.Unfit, RecursionError) as error:  # a damaged record only costs time
        log.info("build record %s unreadable (%s); building everything", path, error)
        return None
    if getattr(value, "format", None) != FORMAT:
        log.debug("build record %s is from another version; building everything", path)
        return None
    return value


# The last state read, by file: a command asks more than once (is the output ours? what changed?).
_read_states: dict[Path, tuple[tuple[int, int, int], BuildState | None]] = {}


def _state(place: Place) -> BuildState | None:
    try:
        found = os.lstat(place.state)
    except OSError:
        return None
    key = (found.st_ino, found.st_size, found.st_mtime_ns)
    known = _read_states.get(place.state)
    if known is None or known[0] != key:
        known = key, _load(place.state, BuildState)
        _read_states[place.state] = known
    return known[1]


def load_state(place: Place) -> BuildState:
    """The state of the last build into the place's output, or an empty one."""
    return _state(place) or BuildState()


def readable(place: Place) -> bool:
    """True when the place's state is a record of this version."""
    return _state(place) is not None


def load_outlines(place: Place, state: BuildState) -> Outlines:
    """The episode outlines of the last build; empty unless they match `state`."""
    outlines = _load(place.outlines, Outlines, _names()) or Outlines()
    # Drafts and scheduled episodes are in the state (their files are watched) but have no outline.
    return outlines if set(outlines.sources) <= set(state.sources) else Outlines()


def encode(state: BuildState, outlines: Outlines,
           search: dict[str, tuple[str, EpisodeTerms]]) -> dict[Path, bytes | bytearray]:
    """The record's files as bytes, keyed by name in the record folder. Outlines JSON cannot hold (a
    front matter value of a kind YAML makes but JSON has no word for) are left out, and the state
    then names no settings, so that the next build renders everything."""
    files: dict[Path, bytes | bytearray] = {}
    try:
        files[Path(OUTLINES)] = jsondata.dumps(outlines, Outlines, _names())
        files[Path(SEARCH)] = jsondata.dumps(SearchTerms(search), SearchTerms, _names())
    except (TypeError, ValueError) as error:
        log.debug("outlines not recorded (%s); the next build renders everything", error)
        files = {}
        state = replace(state, settings="")
    files[Path(STATE)] = jsondata.dumps(state, BuildState)
    return files


def made_by_old_version(place: Place) -> bool:
    """True when a version before this one recorded building into the place's output: its record
    (a pickle, never read now) lies beside the output folder."""
    old_key = hashlib.sha256(str(place.output).encode()).hexdigest()[:12]
    try:
        found = os.lstat((place.output.parent / CACHE_DIR / f"{place.output.name}-{old_key}").with_suffix(".state"))
    except OSError:
        return False
    mine = found.st_uid == os.getuid() if hasattr(os, "getuid") else True  # not one planted by another user
    return stat.S_ISREG(found.st_mode) and found.st_size > 0 and mine


def staging_begun(place: Place) -> None:
    """Mark that this build is putting temp files in output/: if it is killed, the next command removes them."""
    _write(place.staging, b"")


def staging_done(place: Place) -> None:
    """The temp files are committed or removed."""
    place.staging.unlink(missing_ok=True)


def engine_fingerprint() -> str:
    """Changes whenever the engine's own code does, so a new version rebuilds everything."""
    sha = hashlib.sha256()
    for path in sorted(ENGINE.rglob("*.py")):
        sha.update(path.relative_to(ENGINE).as_posix().encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def files_fingerprint(paths: list[Path]) -> str:
    """A hash of the named files' bytes (and of which are missing)."""
    sha = hashlib.sha256()
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0missing"
        sha.update(str(path).encode() + b"\0" + hashlib.sha256(data).digest())
    return sha.hexdigest()


def _open_lock(path: Path) -> int:
    """The lock file, opened without following a link: one planted there is removed, not followed."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(path, flags, 0o666)
    except OSError as error:
        if error.errno != errno.ELOOP:
            raise
    log.warning("%s: a link where the build lock belongs; replacing it", path)
    path.unlink()
    return os.open(path, flags | os.O_EXCL, 0o666)


@contextmanager
def exclusive(place: Place, wait: bool = False) -> Iterator[bool]:
    """Hold the build lock of one output; yields False (without waiting, unless `wait`) when another
    build holds it."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks in the standard library; build unlocked
        yield True
        return
    fd = _open_lock(place.folder / LOCK)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextmanager
def locked(place: Place, output: Path) -> Iterator[None]:
    """Hold the build lock of one output; a second build at once gets a clear error."""
    with exclusive(place) as held:
        if not held:
            raise fail(None, None, f"another build into {output} is running (lock {place.folder / LOCK}); "
                                   "wait for it to finish, then build again")
        yield


def places(site: Path) -> list[Place]:
    """Every record in the site's cache, with the output folder it is about."""
    found = []
    root = cache_root(site)
    if not root.is_dir() or root.is_symlink():
        return []
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if not entry.is_dir(follow_symlinks=False):
            continue
        try:
            output = os.fsdecode(_read(Path(entry.path) / OUTPUT))
        except OSError:
            continue
        if os.path.isabs(output) and "\0" not in output:
            found.append(Place(Path(entry.path), Path(output)))
    return found


# --- The search index's terms: one packed file per episode, named by what it was made from -------

@dataclass
class SearchTerms:
    """Each episode's terms for the search index as the last build made them: key -> (inputs, terms)."""

    terms: dict[str, tuple[str, EpisodeTerms]] = field(default_factory=dict)
    format: int = FORMAT


def keep_search_terms(place: Place, inputs: str, data: bytes) -> Path:
    """Keep one episode's packed search terms (from a worker), named by what they were made from;
    written at once, so a build killed meanwhile never leaves half a file under a name in use."""
    folder = place.folder / TERMS
    if not folder.is_dir() or folder.is_symlink():
        _real_folder(folder)
    path = folder / f"{inputs}.bin"
    _write(path, data)
    return path.absolute()


def load_search(place: Place) -> dict[str, tuple[str, EpisodeTerms]]:
    """The last build's terms; an episode whose file is gone, or not in this record's folder, is left
    out (and so rendered again)."""
    found = _load(place.folder / SEARCH, SearchTerms, _names())
    if found is None:
        return {}
    folder = (place.folder / TERMS).resolve()
    return {key: value for key, value in found.terms.items()
            if not value[1].path or (Path(value[1].path).resolve().parent == folder and _whole(Path(value[1].path)))}


def _whole(path: Path) -> bool:
    """True when a terms file is as long as its own header says (search_chunks.as_file): a file cut
    short is left out, its episode rendered again, rather than read into a crash."""
    import struct

    from .search_chunks import GROUPS

    header = 4 * (GROUPS + 1)
    try:
        with path.open("rb") as handle:
            offsets = struct.unpack(f"<{GROUPS + 1}I", handle.read(header))
            size = os.fstat(handle.fileno()).st_size
    except (OSError, struct.error):
        return False
    return offsets[0] == 0 and all(a <= b for a, b in zip(offsets, offsets[1:])) and size == header + offsets[-1]


def prune_search_terms(place: Place, terms: dict[str, tuple[str, EpisodeTerms]]) -> None:
    """Delete the files of terms no episode has any more."""
    kept = {Path(value[1].path).name for value in terms.values() if value[1].path}
    folder = place.folder / TERMS
    for path in folder.iterdir() if folder.is_dir() and not folder.is_symlink() else []:
        if path.name not in kept:
            path.unlink(missing_ok=True)
