"""The dependency record: what each output file was made from, kept between builds so the
next build redoes only what changed. A missing or unreadable record means a full build.

It is two files beside output/ (never in it: a published site carries no cache): a small
state, enough to see that nothing changed without reading anything else, and the episode
outlines, read only when something did.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from .errors import fail

if TYPE_CHECKING:  # imported by pickle when outlines are read; the no-op check must not pay for Markdown
    from .markup import TocEntry
    from .model import Episode

log = logging.getLogger(__name__)

CACHE_DIR = ".shownotes-cache"
FORMAT = 4
ENGINE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class SourceState:
    """One episode file as last built: what it yielded for the site-wide pages, and its outputs."""

    outline: Episode
    toc: tuple[TocEntry, ...]
    transcripts: tuple[tuple[str, str], ...]  # (URL, MIME type) of its transcript files, for the feed
    feed_item: str  # its <item> in feed.xml
    outputs: tuple[str, ...]
    inputs: str  # fingerprint of everything its own output files depended on
    notes: tuple[str, ...] = ()  # warnings about it (its audio, its image), said again while it is unchanged
    media: tuple[str, ...] = ()  # the files in the site it names (audio, image), as its front matter does


@dataclass
class BuildState:
    """The small half of the record: fingerprints and file stats, as plain data."""

    quick: str = ""  # engine, site_config.yaml and every theme file, by bytes
    settings: str = ""  # engine, config and the templates each kind of page really uses
    sources: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # path -> (mtime_ns, size, sha256)
    outputs: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # name -> (size, mtime_ns, sha256)
    warnings: tuple[str, ...] = ()  # what the build warned about, said again by a build with nothing to do
    media: dict[str, tuple[int, int]] = field(default_factory=dict)  # local audio and images -> (mtime_ns, size)
    next_release: float | None = None  # when the next scheduled episode goes out (POSIX time): then build again
    format: int = FORMAT


def _paths(output: Path) -> tuple[Path, Path, Path]:
    resolved = output.resolve()
    key = hashlib.sha256(str(resolved).encode()).hexdigest()[:12]
    stem = resolved.parent / CACHE_DIR / f"{resolved.name}-{key}"
    return stem.with_suffix(".state"), stem.with_suffix(".outlines"), stem.with_suffix(".lock")


def cache_folder(output: Path) -> Path:
    """Where the record, the lock and other build caches for `output` live."""
    return _paths(output)[0].parent


def _load(path: Path, kind: type) -> Any:
    try:
        with path.open("rb") as handle:
            value = pickle.load(handle)
        if isinstance(value, kind) and getattr(value, "format", FORMAT) == FORMAT:
            return value
        log.debug("build record %s is from another version; building everything", path)
    except FileNotFoundError:
        pass
    except Exception as error:  # a damaged cache must never stop a build: it only costs time
        log.info("build record %s unreadable (%s); building everything", path, type(error).__name__)
    return None


@dataclass
class Outlines:
    """The large half of the record: per episode file, what its last build yielded."""

    sources: dict[str, SourceState] = field(default_factory=dict)
    format: int = FORMAT


def load_state(output: Path) -> BuildState:
    """The state of the last build into `output`, or an empty one."""
    return _load(_paths(output)[0], BuildState) or BuildState()


def load_outlines(output: Path, state: BuildState) -> Outlines:
    """The episode outlines of the last build; empty unless they match `state`."""
    outlines = _load(_paths(output)[1], Outlines) or Outlines()
    # Drafts and scheduled episodes are in the state (their files are watched) but have no outline.
    return outlines if set(outlines.sources) <= set(state.sources) else Outlines()


def _dump(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def save(output: Path, state: BuildState, outlines: Outlines | None) -> None:
    """Write the record, outlines first: a state never points at outlines that are not there."""
    state_path, outlines_path, _ = _paths(output)
    if outlines is not None:
        _dump(outlines_path, outlines)
    _dump(state_path, state)


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


@contextmanager
def exclusive(output: Path) -> Iterator[None]:
    """Hold the build lock for `output`; a second build at once gets a clear error."""
    path = _paths(output)[2]
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks in the standard library; build unlocked
        yield
        return
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise fail(None, None, f"another build into {output} is running (lock {path}); "
                                   "wait for it to finish, then build again") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _search_path(output: Path) -> Path:
    return _paths(output)[0].with_suffix(".search")


def keep_search_terms(output: Path, inputs: str, data: bytes) -> Path:
    """Keep one episode's packed search terms (from a worker), named by what they were made from."""
    path = _search_path(output).with_suffix(".terms") / f"{inputs}.bin"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def load_search(output: Path) -> dict[str, tuple[str, Any]]:
    """Each episode's terms for the search index as the last build made them: key -> (inputs, terms);
    an episode whose terms' file is gone is left out (and so rendered again)."""
    found = _load(_search_path(output), dict) or {}
    return {key: value for key, value in found.items()
            if not getattr(value[1], "path", "") or Path(value[1].path).is_file()}


def save_search(output: Path, terms: dict[str, tuple[str, Any]]) -> None:
    """Keep every episode's terms, so that the next build merges the index without rendering them,
    and delete the files of terms no episode has any more."""
    _dump(_search_path(output), terms)
    kept = {Path(value[1].path).name for value in terms.values() if getattr(value[1], "path", "")}
    folder = _search_path(output).with_suffix(".terms")
    if folder.is_dir():
        for path in folder.iterdir():
            if path.name not in kept:
                path.unlink(missing_ok=True)
