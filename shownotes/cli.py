"""The command line: the only place that knows about argv, exit codes and stderr."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .errors import SiteError
from .formats import FORMATS

log = logging.getLogger("shownotes")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--site", type=Path, default=argparse.SUPPRESS,
                        help="folder holding site_config.yaml, content/ and themes/ (default: current folder)")
    common.add_argument("--output", type=Path, default=argparse.SUPPRESS,
                        help="where the site is written (default: output/ inside the site)")
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="only warnings and errors")
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="say every file written")

    parser = argparse.ArgumentParser(
        prog="build.py", parents=[common],
        description="Build a podcast show-notes site from transcripts. With no command, builds the site.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("build", parents=[common], help="render content/ through the theme into output/ (default)",
                        description="Render content/ through the theme into output/. Files whose bytes did not "
                                    "change are not rewritten; on any error output/ is left as it was.")
    importing = commands.add_parser(
        "import", parents=[common], help="turn raw transcripts into content/episodes/*.md",
        description="Turn raw transcripts into content/episodes/NNN-slug.md. A file edited by hand since its\n"
                    "import is never overwritten unless --force is given (a .bak copy is kept).\n\n"
                    "Formats, detected from the file (--format overrides):\n"
                    + "".join(f"  {name:<9} {what}\n" for name, what in FORMATS.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    importing.add_argument("files", nargs="+", type=Path, metavar="FILE", help="transcript file(s)")
    importing.add_argument("--force", action="store_true", help="replace hand-edited episode files (keeps FILE.md.bak)")
    importing.add_argument("--encoding", help="the transcript's encoding when it is not UTF-8 (e.g. cp1252)")
    importing.add_argument("--format", choices=sorted(FORMATS), help="read FILE as this format instead of detecting it")
    importing.add_argument("--number", type=int, metavar="N",
                           help="the episode's number, for formats that do not carry one (default: from the file "
                                "name, like 012-title.vtt)")
    importing.add_argument("--title", help="the episode's title, for formats that do not carry one (default: from "
                                           "the file name)")
    importing.add_argument("--chapters", type=Path, metavar="CHAPTERS",
                           help="sections for a transcript without headings: Podcasting 2.0 chapters JSON, or "
                                "`HH:MM:SS Title` lines")
    importing.add_argument("--speaker", action="append", default=[], type=_speaker, metavar="LABEL=NAME",
                           help='name a label in the transcript, e.g. --speaker "SPEAKER_00=Ada Lovelace" '
                                "(repeatable)")
    return parser


def _speaker(text: str) -> tuple[str, str]:
    label, sep, name = text.partition("=")
    if not sep or not label.strip() or not name.strip():
        raise argparse.ArgumentTypeError(f"expected LABEL=NAME, like \"Speaker 1=Ada Lovelace\", not {text!r}")
    return label.strip(), name.strip()


class _Format(logging.Formatter):
    """Plain lines for progress; "warning:" in front of what needs the user's attention."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        return f"{record.levelname.lower()}: {message}" if record.levelno >= logging.WARNING else message


def _configure_logging(args: argparse.Namespace) -> None:
    level = logging.INFO
    if getattr(args, "quiet", False):
        level = logging.WARNING
    elif getattr(args, "verbose", False):
        level = logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Format())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def _build(site: Path, output: Path) -> int:
    from .pipeline import build  # imported when needed: `--help` and `import` start faster

    result = build(site, output)
    report = result.report
    for name in report.written:
        log.debug("wrote %s", name)
    if report.written or report.removed:
        log.info("built %d episodes into %s (%d pages rendered): %d files written, %d unchanged, %d removed",
                 result.episodes, output, result.rendered, len(report.written), report.unchanged, len(report.removed))
    else:
        log.info("built %d episodes into %s: nothing changed, no file written", result.episodes, output)
    for name in report.foreign:
        log.info("left alone %s (not made by the build)", name)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the process exit code."""
    args = _parser().parse_args(argv)
    _configure_logging(args)
    site: Path = getattr(args, "site", Path("."))
    output: Path = getattr(args, "output", site / "output")
    try:
        if args.command == "import":
            from .config import load_config
            from .importer import ImportRequest, import_files

            config = load_config(site)
            request = ImportRequest(format=args.format, number=args.number, title=args.title, chapters=args.chapters,
                                    speakers=tuple(args.speaker))
            results = import_files(site, args.files, config, force=args.force, encoding=args.encoding,
                                   request=request)
            changed = sum(r.action != "unchanged" for r in results)
            log.info("imported %d episodes: %d written, %d unchanged", len(results), changed, len(results) - changed)
            return 0
        return _build(site, output)
    except SiteError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        what = "import" if args.command == "import" else "build"
        kept = "nothing was written" if what == "import" else f"{output} was left as it was"
        print(f"{what} failed with {len(error.problems)} problem(s); {kept}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
