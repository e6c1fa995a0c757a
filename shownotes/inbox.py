"""content/transcripts/: an inbox of raw transcripts. A build imports each one that has no
episode yet, once, and never touches an episode file that exists.

Which transcripts were imported (by the SHA-256 of their bytes) is kept in a ledger beside
them, `content/transcripts/.imported.json`, committed with the site: a fresh clone, or CI,
knows what the machine that imported knew, so an episode deleted on purpose stays deleted.
Only the stat cache that spares rehashing unchanged files is machine-local (in the site's cache).
"""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import fail
from .layout import INBOX_DIR, files_inside, write_json

if TYPE_CHECKING:
    from .importer import ImportResult

log = logging.getLogger(__name__)

LEDGER = ".imported.json"
STATS_FILE = "inbox-stats.json"
OLD_SEEN_FILE = "inbox-seen.json"  # where versions before the ledger kept it, in a cache beside output/
ABOUT = ("The transcripts in this folder that builds have imported, by the SHA-256 of their bytes, with the "
         "episode numbers made from each: none is imported again, so an episode deleted on purpose stays "
         "deleted. Commit this file with the site.")


def inbox_files(site: Path) -> list[Path]:
    """The transcripts waiting in the inbox, in name order; never one that links outside the site."""
    return files_inside(site, site / INBOX_DIR)


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def load_ledger(site: Path) -> dict[str, dict[str, Any]]:
    """Bytes' hash -> {"file": name, "episodes": [numbers]}; a damaged ledger is an error (treating it as
    empty would bring back every episode deleted on purpose)."""
    path = site / INBOX_DIR / LEDGER
    try:
        data = _read_json(path)
    except FileNotFoundError:
        return {}
    except json.JSONDecodeError as error:
        raise fail(path, error.lineno, f"not a ledger of imported transcripts: {error.msg}; mend it (a merge "
                                       f"conflict?) so that every imported transcript keeps its line") from None
    except (OSError, UnicodeDecodeError) as error:
        raise fail(path, None, f"cannot read: {error}") from None
    entries = data.get("imported") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not all(
            isinstance(v, dict) and isinstance(v.get("episodes"), list) for v in entries.values()):
        raise fail(path, 1, 'not a ledger of imported transcripts: expected {"imported": {"SHA-256": {"file": '
                            '"...", "episodes": [12]}}}')
    return entries


def _old_seen(folders: list[Path]) -> dict[str, dict[str, Any]]:
    """What an older version remembered in its cache, adopted once so nothing deleted comes back."""
    for folder in folders:
        try:
            seen = _read_json(folder / OLD_SEEN_FILE)["seen"]
            return {str(k): {"file": "", "episodes": [n for n in v if isinstance(n, int)]} for k, v in seen.items()
                    if isinstance(v, list)}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
    return {}


def _load_stats(path: Path) -> dict[str, list[Any]]:
    try:
        stats = _read_json(path)
        return {str(k): v for k, v in stats.items() if isinstance(v, list) and len(v) == 3}
    except (OSError, ValueError, AttributeError):
        return {}


def _hash(path: Path, stats: dict[str, list[Any]]) -> str:
    """The file's SHA-256, from the stat cache when its size and mtime are unchanged."""
    stat = path.stat()
    known = stats.get(path.name)
    if known and known[:2] == [stat.st_size, stat.st_mtime_ns]:
        return str(known[2])
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    stats[path.name] = [stat.st_size, stat.st_mtime_ns, sha]
    return sha


def import_inbox(site: Path, cache: Path, old_caches: list[Path] | None = None) -> list[ImportResult]:
    """Import every inbox transcript the ledger does not list; return what was created.

    `cache` keeps the stat cache; `old_caches` are folders where an older version may have kept
    what it had seen, adopted when the site has no ledger yet."""
    files = inbox_files(site)
    if not files:
        return []
    ledger_path = site / INBOX_DIR / LEDGER
    ledger = load_ledger(site)
    adopted = {} if ledger_path.exists() else _old_seen(old_caches or [])
    ledger = {**adopted, **ledger}
    stats_path = cache / STATS_FILE
    stats = _load_stats(stats_path)
    before = dict(stats)
    hashes = [(path, _hash(path, stats)) for path in files]
    fresh = [(path, sha) for path, sha in hashes if sha not in ledger]
    results: list[ImportResult] = []
    if fresh:
        from .config import load_config  # only when there is something to import: a no-op build stays fast
        from .importer import import_files

        results = import_files(site, [path for path, _ in fresh], load_config(site), only_new=True)
        by_file: dict[Path, list[int]] = {}
        for result in results:
            if result.episode.path is not None:
                by_file.setdefault(Path(result.episode.path), []).append(result.episode.number)
        for path, sha in fresh:
            ledger[sha] = {"file": path.name, "episodes": sorted(by_file.get(path, []))}
    if fresh or adopted:
        write_json(ledger_path, {"about": ABOUT, "imported": ledger})
    names = {path.name for path in files}
    stats = {k: v for k, v in stats.items() if k in names}
    if stats != before:
        cache.mkdir(parents=True, exist_ok=True)
        write_json(stats_path, stats)
    return [r for r in results if r.action == "created"]
