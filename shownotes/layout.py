"""Where a site keeps its files, and listing them without following links out of the site.

Light on purpose: the quick check that a build has nothing to do lists episode files and
must not pay for YAML, Markdown or Jinja.
"""
from __future__ import annotations

import fnmatch
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

EPISODES_DIR = Path("content") / "episodes"
PAGES_DIR = Path("content") / "pages"
INBOX_DIR = Path("content") / "transcripts"


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
