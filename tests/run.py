#!/usr/bin/env python3
"""Run the whole test suite: `python3 tests/run.py [pytest options]`.

Installs requirements-dev.txt into .venv/ on first use (see shownotes/bootstrap.py),
then runs pytest on tests/. Browser tests need Debian's chromium (/usr/bin/chromium);
without it they are skipped, except under CI=true, where a skip fails the run.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shownotes import bootstrap  # noqa: E402

bootstrap.ensure("requirements-dev.txt", ["jinja2", "markdown", "pygments", "yaml", "ftfy", "orjson", "watchdog",
                                          "babel", *(["tomli"] if sys.version_info < (3, 11) else []), "mutagen",
                                          "mypy", "pytest", "hypothesis", "playwright", "feedparser", "podcastparser",
                                          "PIL", "bs4", "html5lib"])

import pytest  # noqa: E402

if __name__ == "__main__":
    sys.exit(pytest.main(["-p", "no:cacheprovider", "--rootdir", str(ROOT), str(ROOT / "tests"), *sys.argv[1:]]))
