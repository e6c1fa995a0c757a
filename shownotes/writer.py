"""The only module that writes under output/: atomic writes, unchanged files left untouched,
and stale files of earlier builds removed (never a file the build did not make)."""
from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

MANIFEST = ".shownotes-manifest.json"


@dataclass(frozen=True)
class WriteReport:
    """What one build did to output/."""

    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    foreign: tuple[str, ...]


def _safe_target(output: Path, name: str) -> Path:
    target = (output / name).resolve()
    if not target.is_relative_to(output.resolve()) or "\0" in name:
        raise ValueError(f"refusing to write outside {output}: {name!r}")
    return target


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _previous_manifest(output: Path) -> set[str]:
    try:
        names = json.loads((output / MANIFEST).read_text(encoding="utf-8"))["files"]
        return {n for n in names if isinstance(n, str)}
    except (OSError, ValueError, KeyError, TypeError):
        return set()  # no record: nothing is known to be ours, so nothing is removed


def write_output(output: Path, files: dict[str, bytes]) -> WriteReport:
    """Make output/ hold exactly `files` (plus whatever the user put there by hand)."""
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sorted(files):
        target = _safe_target(output, name)
        try:
            if target.read_bytes() == files[name]:
                continue
        except OSError:
            pass
        _write_atomically(target, files[name])
        written.append(name)
        log.debug("wrote %s", name)
    previous = _previous_manifest(output)
    removed = []
    for name in sorted(previous - set(files)):
        target = _safe_target(output, name)
        if target.is_file():
            target.unlink()
            removed.append(name)
            log.info("removed %s (no longer built)", name)
    manifest = (json.dumps({"files": sorted(files)}, indent=0) + "\n").encode("utf-8")
    if previous != set(files) or not (output / MANIFEST).exists():
        _write_atomically(output / MANIFEST, manifest)
    ours = set(files) | {MANIFEST}
    foreign = sorted(p.relative_to(output).as_posix() for p in output.rglob("*")
                     if p.is_file() and p.relative_to(output).as_posix() not in ours)
    return WriteReport(tuple(written), len(files) - len(written), tuple(removed), tuple(foreign))
