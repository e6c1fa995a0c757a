"""Where a site keeps its files, and listing them without following links out of the site.

Light on purpose: the quick check that a build has nothing to do lists episode files and
must not pay for YAML, Markdown or Jinja.
"""
from __future__ import annotations

import fnmatch
import json
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

EPISODES_DIR = Path("content") / "episodes"
PAGES_DIR = Path("content") / "pages"
INBOX_DIR = Path("content") / "transcripts"
ANCHOR_LEDGER = Path("content") / "anchors.json"  # old anchors each episode page keeps (anchor_links.py)


def shown_path(site: Path, path: Path) -> Path:
    """How a file is named in messages: relative to the site when inside it."""
    return path.relative_to(site) if path.is_relative_to(site) else path


def files_inside(site: Path, folder: Path, pattern: str = "*") -> list[Path]:
    """The plain files in `folder` matching `pattern`, in name order, hidden ones left out.

    A file or folder reached through a link that leads outside the site is skipped with a
    warning, and so is anything that is not a plain file (a FIFO would hang the build).
    """
    if not folder.is_dir():
        return []
    root = site.resolve()
    if not folder.resolve().is_relative_to(root):
        log.warning("%s: links to %s, outside the site; skipped", shown_path(site, folder), folder.resolve())
        return []
    files = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.startswith(".") or not fnmatch.fnmatchcase(entry.name, pattern):
                continue
            path = folder / entry.name
            if entry.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    log.warning("%s: links to %s, outside the site; skipped", shown_path(site, path), target)
                    continue
                if not target.is_file():
                    log.warning("%s: not a file; skipped", shown_path(site, path))
                    continue
            elif not entry.is_file(follow_symlinks=False):
                log.warning("%s: not a file; skipped", shown_path(site, path))
                continue
            files.append(path)
    return files


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write JSON at once (a temp file, then renamed), with the permissions the umask gives."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, ensure_ascii=False, sort_keys=True)
            handle.write("\n")
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
