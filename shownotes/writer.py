"""The only module that writes under output/.

A build stages every changed file as a temp file beside its target; nothing is visible
until commit() renames them all into place with SIGINT/SIGTERM held back, so output/
holds either the old site or the new one. Unchanged files are never rewritten, and
only files an earlier build made are ever removed.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator

log = logging.getLogger(__name__)

TEMP_SUFFIX = ".shownotes-tmp"


@dataclass(frozen=True)
class Written:
    """What a build knows about a file it wrote: enough to tell later if it is still untouched."""

    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class Staged:
    """One output file of this build: its digest, and the temp file holding it if it changed."""

    name: str
    sha256: str
    temp: str | None


@dataclass(frozen=True)
class WriteReport:
    """What one build did to output/."""

    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    foreign: tuple[str, ...]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def target_path(output: Path, name: str) -> Path:
    """output/name, refusing names that would land outside output/."""
    parts = PurePosixPath(name).parts
    if not parts or "\0" in name or "\\" in name or name.startswith("/") or ".." in parts:
        raise ValueError(f"refusing to write outside {output}: {name!r}")
    return output / name


def still_written(output: Path, name: str, known: Written | None) -> bool:
    """True when output/name is exactly the file this build recorded writing (same size and mtime)."""
    if known is None:
        return False
    try:
        stat = os.stat(f"{output}/{name}")
    except OSError:
        return False
    return stat.st_size == known.size and stat.st_mtime_ns == known.mtime_ns


def stage(output: Path, name: str, data: bytes, known: Written | None) -> Staged:
    """Compare one output file with what is on disk; write a temp file only if it changed.

    Safe to call from worker processes: it touches nothing but its own temp file.
    """
    target = target_path(output, name)
    sha = digest(data)
    if known is not None and known.sha256 == sha and still_written(output, name, known):
        return Staged(name, sha, None)
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return Staged(name, sha, None)
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(temp, 0o644)
    return Staged(name, sha, temp)


def file_digest(source: Path) -> str:
    """The SHA-256 of a file, read in blocks: an audio file may be hundreds of megabytes."""
    sha = hashlib.sha256()
    with source.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def stage_copy(output: Path, name: str, source: Path, known: Written | None) -> Staged:
    """As stage(), for a file published as it is (audio, artwork): copied, never held in memory.

    Safe to call from worker processes: it touches nothing but its own temp file.
    """
    target = target_path(output, name)
    sha = file_digest(source)
    if known is not None and known.sha256 == sha and still_written(output, name, known):
        return Staged(name, sha, None)
    try:
        if target.stat().st_size == source.stat().st_size and file_digest(target) == sha:
            return Staged(name, sha, None)
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    os.close(fd)
    shutil.copyfile(source, temp)
    os.chmod(temp, 0o644)
    return Staged(name, sha, temp)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends, then act on them."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {sig: signal.signal(sig, lambda number, frame: received.append(number))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if received:
            signal.raise_signal(received[0])


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM stops the build as Ctrl-C does, so the same cleanup runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(number: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def discard(output: Path, staged: list[Staged], output_existed: bool) -> None:
    """Undo a build that will not be committed: its temp files (and any a worker left before it
    stopped), the folders made for them, and output/ itself if this build made it."""
    for item in staged:
        if item.temp:
            Path(item.temp).unlink(missing_ok=True)
    remove_stale_temps(output)
    if output.is_dir():
        for folder in sorted((p for p in output.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()
        if not output_existed and not any(output.iterdir()):
            output.rmdir()


def commit(output: Path, staged: list[Staged], previous: dict[str, Written],
           list_foreign: bool = True) -> tuple[WriteReport, dict[str, Written]]:
    """Move every staged file into place and remove files earlier builds made that are gone now.

    Returns the report (with the user's own files in output/ when `list_foreign`) and what is
    now known about every output file.
    """
    current = {item.name for item in staged}
    written: list[str] = []
    removed: list[str] = []
    with signals_held():
        for item in sorted(staged, key=lambda s: s.name):
            if item.temp:
                os.replace(item.temp, target_path(output, item.name))
                written.append(item.name)
                log.debug("wrote %s", item.name)
        for name in sorted(set(previous) - current):
            target = target_path(output, name)
            if target.is_file():
                target.unlink()
                removed.append(name)
                log.info("removed %s (no longer built)", name)
                _remove_empty_parents(output, target.parent)
    known: dict[str, Written] = {}
    for item in staged:
        stat = os.stat(f"{output}/{item.name}")
        known[item.name] = Written(stat.st_size, stat.st_mtime_ns, item.sha256)
    foreign = foreign_files(output, current) if list_foreign else ()
    report = WriteReport(tuple(written), len(staged) - len(written), tuple(removed), foreign)
    return report, known


def _remove_empty_parents(output: Path, folder: Path) -> None:
    while folder != output and folder.is_relative_to(output):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def foreign_files(output: Path, ours: set[str]) -> tuple[str, ...]:
    """Files in output/ that no build made: the user's own, left alone."""
    found = []
    for folder, _, names in os.walk(output):
        relative = os.path.relpath(folder, output)
        for name in names:
            path = name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
            if path not in ours and not name.endswith(TEMP_SUFFIX):
                found.append(path)
    return tuple(sorted(found))


def remove_stale_temps(output: Path) -> None:
    """Temp files left by a build that was killed outright (SIGKILL, power loss)."""
    if output.is_dir():
        for path in output.rglob(f"*{TEMP_SUFFIX}"):
            path.unlink(missing_ok=True)

