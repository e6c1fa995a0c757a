"""The dependency record: what each output file was made from, kept between builds so the
next build redoes only what changed. A missing or unreadable record means a full build."""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .errors import fail
from .markup import TocEntry
from .model import Episode
from .writer import Written

log = logging.getLogger(__name__)

CACHE_DIR = ".shownotes-cache"
FORMAT = 1
ENGINE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class SourceState:
    """One episode file as last built: how to tell it is unchanged, and what it yielded."""

    mtime_ns: int
    size: int
    sha256: str
    outline: Episode
    toc: tuple[TocEntry, ...]
    transcripts: tuple[tuple[str, str], ...]  # (URL, MIME type) of its transcript files, for the feed
    notes: str  # the HTML of its opening, the feed's show notes
    outputs: tuple[str, ...]
    inputs: str  # fingerprint of everything its per-episode outputs depended on


@dataclass
class BuildRecord:
    """Everything the last successful build knew."""

    settings: str = ""
    sources: dict[str, SourceState] = field(default_factory=dict)
    outputs: dict[str, Written] = field(default_factory=dict)
    statics: dict[str, tuple[int, int]] = field(default_factory=dict)
    format: int = FORMAT


def engine_fingerprint() -> str:
    """Changes whenever the engine's own code does, so a new version rebuilds everything."""
    sha = hashlib.sha256()
    for path in sorted(ENGINE.rglob("*.py")):
        sha.update(path.relative_to(ENGINE).as_posix().encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def _paths(output: Path) -> tuple[Path, Path]:
    """The record and lock live beside output/, never in it: a published site carries no cache."""
    resolved = output.resolve()
    key = hashlib.sha256(str(resolved).encode()).hexdigest()[:12]
    folder = resolved.parent / CACHE_DIR
    return folder / f"{resolved.name}-{key}.pickle", folder / f"{resolved.name}-{key}.lock"


def load(output: Path) -> BuildRecord:
    """The record of the last build into `output`, or an empty one."""
    path, _ = _paths(output)
    try:
        with path.open("rb") as handle:
            record = pickle.load(handle)
        if isinstance(record, BuildRecord) and record.format == FORMAT:
            return record
        log.debug("build record %s is from another version; building everything", path)
    except FileNotFoundError:
        pass
    except Exception as error:  # a damaged cache must never stop a build: it only costs time
        log.info("build record %s unreadable (%s); building everything", path, type(error).__name__)
    return BuildRecord()


def save(output: Path, record: BuildRecord) -> None:
    """Write the record atomically, so a crash leaves the old record or the new one."""
    path, _ = _paths(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".record.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(record, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def forget(output: Path) -> None:
    """Drop the record (after a failed commit, the next build must not trust it)."""
    _paths(output)[0].unlink(missing_ok=True)


@contextmanager
def exclusive(output: Path) -> Iterator[None]:
    """Hold the build lock for `output`; a second build at once gets a clear error."""
    _, path = _paths(output)
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
