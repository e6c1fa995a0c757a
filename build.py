#!/usr/bin/env python3
"""Build the show-notes site: `python3 build.py` (see `python3 build.py --help`)."""
import signal
import sys

try:
    from shownotes import bootstrap

    bootstrap.ensure("requirements.txt", ["jinja2", "markdown", "pygments", "yaml", "ftfy", "orjson", "watchdog",
                                          "mutagen", "babel", *(["tomli"] if sys.version_info < (3, 11) else [])])

    from shownotes.cli import main  # (after the dependencies are known to be there)

    if __name__ == "__main__":
        status = main()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # done: a late Ctrl-C must not turn success into a traceback
        sys.exit(status)
except KeyboardInterrupt:  # Ctrl-C before the build began (the build handles its own)
    print("interrupted", file=sys.stderr)
    sys.exit(130)
