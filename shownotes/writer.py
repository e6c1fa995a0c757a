"""The only module that writes under output/.

A build stages every changed file as a temp file beside its target (a new folder is staged
whole, as a temp folder beside where it goes); nothing is visible until commit(). The commit
first checks everything that could fail, then writes a journal of its renames and removals, and
only then moves files. A build killed at any moment leaves either temp files, which the next
command removes, or a journal, which the next command finishes: the old site or the new one.
Unchanged files are never rewritten; only files an earlier build made, and that are still as it
made them, are ever removed, and only folders builds made.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import signal
import stat
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from .errors import Problem, SiteError, fail, os_problem, os_text

log = logging.getLogger(__name__)

TEMP_SUFFIX = ".shownotes-tmp"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
JOURNAL_VERSION = 1


@dataclass(frozen=True, slots=True)  # one for every file or heading of a site: no dict each
class Written:
    """What a build knows about a file it wrote: enough to tell later if it is still untouched."""

    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True, slots=True)  # one for every file or heading of a site: no dict each
class Staged:
    """One output file of this build: its digest, and the temp file holding it if it changed.

    A file in a folder output/ does not have yet is written inside a temp folder (`holder`) that
    takes that folder's place at the commit; `made` lists the folders that brings."""

    name: str
    sha256: str
    temp: str | None
    written: Written | None = None
    holder: str | None = None
    made: tuple[str, ...] = ()


@dataclass(frozen=True)
class WriteReport:
    """What one build did to output/."""

    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    foreign: tuple[str, ...]
    kept: tuple[str, ...] = ()  # files of removed episodes changed since a build wrote them: left alone


@dataclass(frozen=True)
class Plan:
    """A commit, checked: what moves where, what goes, and what is known of every file afterwards."""

    renames: tuple[tuple[str, str], ...]  # (temp, target), relative to output/
    removals: tuple[tuple[str, Written], ...]
    emptied: tuple[str, ...]  # folders builds made that the removals may leave empty, deepest first
    folders: tuple[str, ...]  # folders builds made, for the record
    known: dict[str, Written]
    written: tuple[str, ...]
    unchanged: int
    kept: tuple[str, ...]


class CommitError(SiteError):
    """The commit stopped after its first move: output/ is part old, part new until its journal is finished."""


def digest(data: bytes | bytearray) -> str:
    return hashlib.sha256(data).hexdigest()


def target_path(output: Path, name: str) -> Path:
    """output/name, refusing names that would land outside output/."""
    parts = PurePosixPath(name).parts
    if not parts or "\0" in name or "\\" in name or name.startswith("/") or ".." in parts or "." in name.split("/"):
        raise ValueError(f"refusing to write outside {output}: {name!r}")
    return output / name


def _is_temp(name: str) -> bool:
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def _cannot(path: Path, error: OSError, doing: str = "write") -> SiteError:
    return SiteError(os_problem(error, path, doing))


def still_written(output: Path, name: str, known: Written | None) -> bool:
    """True when output/name is exactly the file this build recorded writing (same size and mtime)."""
    if known is None:
        return False
    try:
        found = os.lstat(f"{output}/{name}")
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(found.st_mode) and found.st_size == known.size and found.st_mtime_ns == known.mtime_ns


def _still_ours(output: Path, name: str, known: Written) -> bool:
    """Still written (size and mtime) and still the same bytes: safe to delete."""
    if not still_written(output, name, known):
        return False
    try:
        return digest((output / name).read_bytes()) == known.sha256
    except OSError:
        return False


def _create(path: Path, data: bytes | bytearray | Path) -> None:
    """A new file holding `data` (bytes, or a file's content copied in blocks), with the
    permissions the umask gives; never through a link."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, Path):
                with data.open("rb") as source:
                    shutil.copyfileobj(source, handle, 1 << 20)
            else:
                handle.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _written(path: Path, sha: str) -> Written:
    found = os.lstat(path)  # a rename keeps a file's mtime: the record is right before the commit moves it
    return Written(found.st_size, found.st_mtime_ns, sha)


def stage(output: Path, name: str, data: bytes | bytearray, known: Written | None) -> Staged:
    """Compare one output file with what is on disk; write a temp file only if it changed.

    Safe to call from worker processes: it touches nothing but its own temp file (and the temp
    folder a new folder is staged in). Raises SiteError naming the path when it cannot write."""
    return _stage(output, name, data, digest(data), len(data), known)


def stage_copy(output: Path, name: str, source: Path, known: Written | None) -> Staged:
    """As stage(), for a file published as it is (audio, artwork): copied, never held in memory."""
    try:
        size = source.stat().st_size
        sha = file_digest(source)
    except OSError as error:
        raise _cannot(source, error, "read") from None
    return _stage(output, name, source, sha, size, known)


def _stage(output: Path, name: str, data: bytes | bytearray | Path, sha: str, size: int, known: Written | None) -> Staged:
    target = target_path(output, name)
    if known is not None and known.sha256 == sha and still_written(output, name, known):
        return Staged(name, sha, None)
    parts = PurePosixPath(name).parts
    folder = output
    for depth, part in enumerate(parts[:-1]):
        try:
            found = os.lstat(folder / part)
        except FileNotFoundError:
            return _stage_in_new_folder(output, name, data, sha, folder, depth)
        except OSError as error:
            raise _cannot(folder / part, error, "read") from None
        if stat.S_ISLNK(found.st_mode):
            raise fail(folder / part, None, "is a link; the build writes only inside the output folder and follows "
                                            "no link there: remove the link") from None
        if not stat.S_ISDIR(found.st_mode):
            raise fail(folder / part, None, "is a file where the build needs a folder: move it away")
        folder = folder / part
    try:
        there: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:
        there = None
    except OSError as error:
        raise _cannot(target, error, "read") from None
    if there is not None and stat.S_ISDIR(there.st_mode):
        raise fail(target, None, "is a folder where the build must write a file: move it away")
    if there is not None and stat.S_ISREG(there.st_mode) and there.st_size == size:
        try:
            if (file_digest(target) == sha if isinstance(data, Path) else target.read_bytes() == data):
                return Staged(name, sha, None)
        except OSError:
            pass
    temp = folder / f".{target.name}.{os.urandom(6).hex()}{TEMP_SUFFIX}"
    try:
        _create(temp, data)
        return Staged(name, sha, str(temp), _written(temp, sha))
    except OSError as error:
        raise _cannot(folder, error) from None


def _stage_in_new_folder(output: Path, name: str, data: bytes | bytearray | Path, sha: str, folder: Path, depth: int) -> Staged:
    """Write a file whose folder output/ does not have yet inside a temp folder standing for the first
    missing one; the commit renames that folder into place, with every file staged in it."""
    parts = PurePosixPath(name).parts
    holder = folder / f".{parts[depth]}{TEMP_SUFFIX}"  # one name per build: every file of that folder goes in
    try:
        try:
            os.mkdir(holder)
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(holder).st_mode):
                raise fail(holder, None, "is not a folder the build made: move it away") from None
        inner = holder.joinpath(*parts[depth + 1:-1])
        inner.mkdir(parents=True, exist_ok=True)
        temp = inner / parts[-1]
        _create(temp, data)
        written = _written(temp, sha)
    except FileExistsError:
        raise SiteError(Problem(None, None, f"two outputs claim {name}; rename one episode's slug")) from None
    except OSError as error:
        raise _cannot(folder, error) from None
    made = tuple("/".join(parts[:end]) for end in range(depth + 1, len(parts)))
    return Staged(name, sha, str(temp), written, holder.relative_to(output).as_posix(), made)


def file_digest(source: Path) -> str:
    """The SHA-256 of a file, read in blocks: an audio file may be hundreds of megabytes."""
    sha = hashlib.sha256()
    with source.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


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


def make_output(output: Path) -> bool:
    """Create the output folder if need be; True if this build made it."""
    if output.is_dir():
        return False
    try:
        output.mkdir(parents=True)
    except FileExistsError:
        if output.is_dir():
            return False
        raise fail(output, None, "is a file, not a folder") from None
    except OSError as error:
        raise _cannot(output, error, "create the folder") from None
    return True


def discard(output: Path, staged: list[Staged], made_output: bool) -> None:
    """Undo a build that will not be committed: its temp files and temp folders (and any a worker
    left before it stopped), and output/ itself if this build made it. Nothing else is touched:
    no folder that was there before, and nothing above output/."""
    for item in staged:
        if item.temp and not item.holder:
            Path(item.temp).unlink(missing_ok=True)
    remove_stale_temps(output)
    if made_output:
        try:
            output.rmdir()  # only if empty
        except OSError:
            pass


def prepare(output: Path, staged: list[Staged], previous: dict[str, Written], folders: tuple[str, ...]) -> Plan:
    """Check everything the commit will do before it does any of it: no folder where a file must go,
    no file or folder appeared where a new folder goes, every file to remove in a folder we may write."""
    problems: list[Problem] = []
    renames: list[tuple[str, str]] = []
    holders: dict[str, str] = {}
    written = []
    for item in sorted(staged, key=lambda s: s.name):
        if item.temp is None:
            continue
        written.append(item.name)
        if item.holder:
            holders[item.holder] = item.made[0]
            continue
        renames.append((Path(item.temp).relative_to(output).as_posix(), item.name))
        if os.path.isdir(output / item.name) and not os.path.islink(output / item.name):
            problems.append(Problem(output / item.name, None, "is a folder where the build must write a file: "
                                                              "move it away"))
    for holder, final in sorted(holders.items()):
        if os.path.lexists(output / final):
            problems.append(Problem(output / final, None, "appeared while the build ran, where it makes a folder: "
                                                          "move it away and build again"))
        renames.append((holder, final))
    current = {item.name for item in staged}
    removals: list[tuple[str, Written]] = []
    kept = []
    for name in sorted(set(previous) - current):
        path = output / name
        if not os.path.lexists(path):
            continue
        if not _still_ours(output, name, previous[name]):
            kept.append(name)
            continue
        if not os.access(path.parent, os.W_OK | os.X_OK):
            problems.append(Problem(path, None, "cannot remove it (no longer built): its folder is read-only"))
        removals.append((name, previous[name]))
    made = set(folders) | {f for item in staged for f in item.made}
    emptied: set[str] = set()
    for name, _ in removals:
        parent = PurePosixPath(name).parent
        while str(parent) != "." and str(parent) in made:
            emptied.add(str(parent))
            parent = parent.parent
    known: dict[str, Written] = {}
    for item in staged:
        if item.written is not None:
            known[item.name] = item.written
            continue
        try:
            known[item.name] = _written(output / item.name, item.sha256)
        except OSError as error:
            problems.append(Problem(output / item.name, None, f"cannot read: {error.strerror}"))
    if problems:
        raise SiteError(problems)
    return Plan(tuple(renames), tuple(removals), tuple(sorted(emptied, key=lambda f: (-f.count("/"), f))),
                tuple(sorted(made - emptied)), known, tuple(written), len(staged) - len(written), tuple(kept))


def commit(output: Path, plan: Plan, journal: Path, files: dict[Path, bytes | bytearray]) -> None:
    """Carry out a checked plan, and write `files` (the record, named relative to the journal's folder)
    along with it: first every byte is on disk as temp files, then the journal, then the moves."""
    folder = journal.parent
    temps: list[tuple[str, str]] = []
    with signals_held():
        try:
            for name, data in sorted(files.items()):
                temp = f".{name.name}.{os.urandom(6).hex()}.tmp"
                _create(folder / temp, data)
                temps.append((temp, name.as_posix()))
            _write_synced(journal, json.dumps({
                "version": JOURNAL_VERSION, "output": str(output), "renames": plan.renames,
                "remove": [[name, w.size, w.mtime_ns, w.sha256] for name, w in plan.removals],
                "emptied": plan.emptied, "files": temps}, ensure_ascii=False).encode("utf-8"))
        except OSError as error:
            for temp, _ in temps:
                (folder / temp).unlink(missing_ok=True)
            raise _cannot(Path(error.filename) if error.filename else folder, error) from None
        _apply(output, folder, _Journal.read(journal))
        journal.unlink()
    for written in plan.written:
        log.debug("wrote %s", written)
    for removed, _ in plan.removals:
        log.info("removed %s (no longer built)", removed)


def _write_synced(path: Path, data: bytes) -> None:
    """Write a file and make sure it is on the disk (the commit point), then its folder's entry."""
    temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o666)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return  # a platform whose folders cannot be opened (Windows): the rename is what it gets
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True)
class _Journal:
    """A commit's journal, read back and checked: names inside output/, files inside the record folder."""

    renames: tuple[tuple[str, str], ...]
    removals: tuple[tuple[str, Written], ...]
    emptied: tuple[str, ...]
    files: tuple[tuple[str, str], ...]

    @staticmethod
    def read(path: Path) -> "_Journal":
        """Raises ValueError for anything but a journal this module wrote."""
        data: Any = json.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("version") != JOURNAL_VERSION:
            raise ValueError("not a journal of this version")

        def names(key: str, width: int) -> list[list[Any]]:
            rows = data.get(key)
            if not isinstance(rows, list) or not all(isinstance(r, list) and len(r) == width for r in rows):
                raise ValueError(f"bad {key}")
            return rows

        renames = names("renames", 2)
        removals = names("remove", 4)
        files = names("files", 2)
        emptied = data.get("emptied")
        if not isinstance(emptied, list):
            raise ValueError("bad emptied")
        for name in [n for r in renames for n in r] + [r[0] for r in removals] + emptied:
            target_path(Path("."), name if isinstance(name, str) else "")
        for row in files:
            if not all(isinstance(n, str) and n and "/" not in n and n not in (".", "..") for n in row):
                raise ValueError("bad files")
        if not all(type(r[1]) is int and type(r[2]) is int and isinstance(r[3], str) for r in removals):
            raise ValueError("bad remove")
        return _Journal(tuple((a, b) for a, b in renames), tuple((n, Written(s, m, h)) for n, s, m, h in removals),
                        tuple(emptied), tuple((a, b) for a, b in files))


def _apply(output: Path, folder: Path, journal: _Journal) -> None:
    """Do what the journal says; again from the start after an interruption (each step checks first)."""
    step = ""
    try:
        for temp, target in journal.renames:
            step = target
            if os.path.lexists(output / temp):
                os.replace(output / temp, output / target)
        for name, known in journal.removals:
            step = name
            if _still_ours(output, name, known):
                os.unlink(output / name)
        for name in journal.emptied:
            try:
                os.rmdir(output / name)
            except OSError:
                pass  # not empty: a file of the user's is there
        for temp, name in journal.files:
            step = name
            if os.path.lexists(folder / temp):
                os.replace(folder / temp, folder / name)
    except OSError as error:
        raise CommitError(Problem(output / step, None, f"cannot finish the commit: {os_text(error)}; the output is "
                                                       "part old, part new: fix this, then run any build.py "
                                                       "command, which finishes the commit first")) from None


def finish_interrupted(output: Path, journal: Path) -> bool:
    """Finish a commit a killed build began (True), or, with no journal, do nothing (False); then
    remove any temp file a killed build left. A journal we cannot read is dropped with its temps."""
    try:
        plan = _Journal.read(journal)
    except FileNotFoundError:
        return False
    except (OSError, ValueError, TypeError, RecursionError) as error:
        log.warning("%s: not a commit journal this build can finish (%s); discarding it", journal, error)
        journal.unlink(missing_ok=True)
        remove_stale_temps(output)
        return False
    log.info("finishing the commit of a build that was stopped (%s)", journal)
    _apply(output, journal.parent, plan)
    journal.unlink()
    remove_stale_temps(output)
    return True


def foreign_files(output: Path, ours: set[str]) -> tuple[str, ...]:
    """Files in output/ that no build made: the user's own, left alone."""
    found = []
    for folder, _, names in os.walk(output):
        relative = os.path.relpath(folder, output)
        for name in names:
            path = name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
            if path not in ours and not _is_temp(name):
                found.append(path)
    return tuple(sorted(found))


def remove_stale_temps(output: Path) -> None:
    """Temp files and folders left by a build that was killed outright (SIGKILL, power loss)."""
    if not output.is_dir():
        return
    for folder, dirs, names in os.walk(output):
        for name in [d for d in dirs if _is_temp(d)]:
            dirs.remove(name)
            path = Path(folder) / name
            if path.is_symlink():
                path.unlink()
            else:
                shutil.rmtree(path, ignore_errors=True)
        for name in names:
            if _is_temp(name):
                (Path(folder) / name).unlink(missing_ok=True)


def remove_record_temps(folder: Path) -> None:
    """Temp files of the record a killed build left in its folder (and the folders in it)."""
    if not folder.is_dir():
        return
    folders = [folder, *(inner for inner in folder.iterdir() if inner.is_dir() and not inner.is_symlink())]
    for path in (temp for inner in folders for temp in inner.glob(".*.tmp")):
        path.unlink(missing_ok=True)


# --- Where a build may write ----------------------------------------------------------------------

def check_output(site: Path, output: Path, made_by_us: bool, overwrite: bool) -> None:
    """Refuse an output folder whose files are not ours to replace: the root, a home, the site or what
    holds it, the site's sources, a file, or a non-empty folder no build made (unless `overwrite`)."""
    where = output.resolve()
    root = site.resolve()
    reason = None
    if os.path.lexists(output) and not output.is_dir():
        reason = "it is a file, not a folder"
    elif where == Path(where.anchor):
        reason = "it is the root folder"
    elif where == Path.home().resolve():
        reason = "it is your home folder"
    elif where == root:
        reason = "it is the site folder itself"
    elif root.is_relative_to(where):
        reason = "it holds the site folder"
    else:
        for inner in ("content", "themes", ".git", ".shownotes-cache"):
            if where.is_relative_to(root / inner):
                reason = f"it is inside the site's {inner}/"
        engine = Path(__file__).resolve().parent.parent
        for inner in ("themes", "shownotes"):
            if where.is_relative_to(engine / inner):
                reason = f"it is inside shownotes' own {inner}/"
    if reason:
        raise fail(None, None, f"not building into {output}: {reason}; name a folder of its own, like "
                               f"{site / 'output'}")
    if made_by_us or overwrite or not output.is_dir():
        return
    with os.scandir(output) as entries:
        found = sorted(entry.name for entry in entries)
    if found:
        shown = ", ".join(found[:3]) + (", ..." if len(found) > 3 else "")
        raise fail(None, None, f"not building into {output}: it is not empty ({shown}) and no shownotes build "
                               f"made it; the build would replace files there. Name an empty or new folder, or "
                               f"pass --overwrite-output to build into it anyway")
