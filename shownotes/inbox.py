"""content/transcripts/: an inbox of raw transcripts. A build imports each one that has no
episode yet, once, and never touches an episode file that exists."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

from .layout import INBOX_DIR, files_inside

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .importer import ImportResult

log = logging.getLogger(__name__)

SEEN_FILE = "inbox-seen.json"


def inbox_files(site: Path) -> list[Path]:
    """The transcripts waiting in the inbox, in name order; never one that links outside the site."""
    return files_inside(site, site / INBOX_DIR)


def _load_seen(path: Path) -> tuple[dict[str, list[int]], dict[str, list]]:
    """(bytes' hash -> episode numbers made from it, file name -> [size, mtime_ns, hash])."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return dict(data["seen"]), dict(data["stats"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}, {}


def _hash(path: Path, stats: dict[str, list]) -> str:
    """The file's SHA-256, from the stat cache when its size and mtime are unchanged."""
    stat = path.stat()
    known = stats.get(path.name)
    if known and known[:2] == [stat.st_size, stat.st_mtime_ns]:
        return str(known[2])
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    stats[path.name] = [stat.st_size, stat.st_mtime_ns, sha]
    return sha


def import_inbox(site: Path, cache: Path) -> list[ImportResult]:
    """Import every inbox transcript not imported before (known by its bytes' hash); return what
    was created. `cache` is the folder that remembers which transcripts were seen."""
    seen_path = cache / SEEN_FILE
    seen, stats = _load_seen(seen_path)
    files = inbox_files(site)
    fresh = [(path, sha) for path in files if (sha := _hash(path, stats)) not in seen]
    if not fresh:
        return []
    from .config import load_config  # only when there is something to import: a no-op build stays fast
    from .importer import import_files

    results = import_files(site, [path for path, _ in fresh], load_config(site), only_new=True)
    by_file: dict[Path, list[int]] = {}
    for result in results:
        if result.episode.path is not None:
            by_file.setdefault(Path(result.episode.path), []).append(result.episode.number)
    for path, sha in fresh:
        seen[sha] = sorted(by_file.get(path, []))
    cache.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=cache, prefix=".inbox.", suffix=".tmp")
    names = {path.name for path in files}
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"seen": dict(sorted(seen.items())),
                   "stats": {k: v for k, v in sorted(stats.items()) if k in names}}, handle, indent=1)
    os.replace(temp, seen_path)
    return [r for r in results if r.action == "created"]
