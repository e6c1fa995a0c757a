"""The command line: the only place that knows about argv, exit codes and stderr."""
from __future__ import annotations

import argparse
import logging
import re
import sys
from pathlib import Path

from .errors import Problem, SiteError, os_problem
from .formats import FORMATS

log = logging.getLogger("shownotes")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--site", type=Path, default=argparse.SUPPRESS,
                        help="folder holding site_config.yaml, content/ and themes/ (default: current folder)")
    common.add_argument("--output", type=Path, default=argparse.SUPPRESS,
                        help="where the site is written (default: output/ inside the site)")
    common.add_argument("--overwrite-output", action="store_true", default=argparse.SUPPRESS,
                        help="build into --output even though it holds files no shownotes build made (the "
                             "build replaces those with its own names; it never deletes them)")
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="only warnings and errors")
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="say every file written")
    drafts = argparse.ArgumentParser(add_help=False)
    drafts.add_argument("--drafts", action="store_true", default=argparse.SUPPRESS,
                        help="also build drafts and episodes dated later, with a banner (never in the feed or "
                             "sitemap); to preview, not to publish")

    parser = argparse.ArgumentParser(
        prog="build.py", parents=[common, drafts],
        description="Build a podcast show-notes site from transcripts. With no command, builds the site.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "build", parents=[common, drafts], help="render content/ through the theme into output/ (default)",
        description="Render content/ through the theme into output/. Files whose bytes did not "
                    "change are not rewritten; on any error output/ is left as it was.")
    checking = commands.add_parser(
        "check-audio", parents=[common],
        help="fill in the length, type and duration of audio given by address; report broken links",
        description="For every episode whose audio is a web address, ask the server (HEAD and range requests) "
                    "for its length and type and read its duration from the file's first bytes; write what the "
                    "front matter lacks, and report addresses that do not answer. Needs the network.")
    checking.add_argument("--all", action="store_true", help="also check episodes whose audio has every value")
    options = _import_options()
    importing = commands.add_parser(
        "import", parents=[common, options], help="turn raw transcripts into content/episodes/*.md",
        description="Turn raw transcripts into content/episodes/NNN-slug.md. A file edited by hand since its\n"
                    "import, or another transcript's episode with the same number, is never replaced unless\n"
                    "--force is given (a .bak copy is kept). A transcript without a number gets the next free one.\n\n"
                    "Formats, detected from the file (--format overrides):\n"
                    + "".join(f"  {name:<9} {what}\n" for name, what in FORMATS.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    importing.add_argument("files", nargs="+", metavar="FILE",
                           help="transcript file(s), or a podcast's feed (a file or an https:// address)")
    importing.add_argument("--force", action="store_true",
                           help="replace hand-edited episode files, or another transcript's episode with the same "
                                "number (keeps FILE.md.bak)")
    new = commands.add_parser(
        "new", parents=[common, options], help="add a new episode and build: say where it went and what to fill in",
        description="Import FILE (or every new transcript in content/transcripts/), build the site, then say where "
                    "each new episode went, its URL, and which front matter the podcast feed still needs.")
    new.add_argument("files", nargs="*", metavar="FILE", help="transcript file(s) (default: the inbox)")
    serving = commands.add_parser(
        "serve", parents=[common], help="preview: serve output/, rebuild on every change, reload open pages",
        description="Build, serve output/ on HTTP, and rebuild whenever content/, themes/ or site_config.yaml "
                    "change; open pages reload by themselves. Errors show in the terminal and on the page, and "
                    "the server keeps running. Ctrl-C stops it.")
    serving.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000; 0 picks a free one)")
    serving.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    return parser


def _import_options() -> argparse.ArgumentParser:
    """How to read transcripts: shared by `import` and `new`."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--encoding", help="the transcript's encoding when it is not UTF-8 (e.g. cp1252)")
    options.add_argument("--format", choices=sorted(FORMATS), help="read FILE as this format instead of detecting it")
    options.add_argument("--number", type=int, metavar="N",
                        help="the episode's number (default: from the file, its name like 012-title.vtt or "
                             "5_8.srt, or its folder; else the next free number)")
    options.add_argument("--title", help="the episode's title, for formats that do not carry one (default: from "
                                        "the file name)")
    options.add_argument("--chapters", type=Path, metavar="CHAPTERS",
                        help="sections for a transcript without headings: Podcasting 2.0 chapters JSON, or "
                             "`HH:MM:SS Title` lines")
    options.add_argument("--speaker", action="append", default=[], type=_speaker, metavar="LABEL=NAME",
                        help='name a label in the transcript, e.g. --speaker "SPEAKER_00=Ada Lovelace" '
                             "(repeatable)")
    return options


def _speaker(text: str) -> tuple[str, str]:
    label, sep, name = text.partition("=")
    if not sep or not label.strip() or not name.strip():
        raise argparse.ArgumentTypeError(f"expected LABEL=NAME, like \"Speaker 1=Ada Lovelace\", not {text!r}")
    return label.strip(), name.strip()


# What must never reach a terminal raw: control characters (escape sequences can rewrite the screen or
# the window title) and the bidirectional overrides that can make a file name read as another.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: object) -> str:
    """Text as it is safe to print: each control character written as its escape, like `\\x1b`."""
    return _UNSAFE.sub(lambda m: repr(m.group())[1:-1], str(text))


class _Format(logging.Formatter):
    """Plain lines for progress; "warning:" in front of what needs the user's attention."""

    def format(self, record: logging.LogRecord) -> str:
        message = shown(record.getMessage())
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


def _build(site: Path, output: Path, drafts: bool = False, overwrite: bool = False) -> tuple[list, object]:
    """Import what waits in the inbox, then build; return (new import results, build result)."""
    from .inbox import import_inbox
    from .pipeline import build, check_output  # imported when needed: `--help` and `import` start faster
    from .record import CACHE_DIR, cache_root

    check_output(site, output, overwrite)  # before the inbox writes anything
    created = import_inbox(site, cache_root(site), [site / CACHE_DIR, output.parent / CACHE_DIR])
    result = build(site, output, drafts=drafts, overwrite_output=overwrite)
    report = result.report
    if report.written or report.removed:
        log.info("built %d episodes into %s (%d pages rendered): %d files written, %d unchanged, %d removed",
                 result.episodes, output, result.rendered, len(report.written), report.unchanged, len(report.removed))
    else:
        log.info("built %d episodes into %s: nothing changed, no file written", result.episodes, output)
    for name in report.foreign:
        log.info("left alone %s (not made by the build)", name)
    for name in report.kept:
        log.warning("%s: no longer built, but changed since the build wrote it; left alone (delete it if it "
                    "should go)", output / name)
    return created, result


def _is_feed(source: str, format: str | None) -> bool:
    """A podcast feed rather than a transcript: said with --format feed, an address, or an RSS file."""
    from .formats.feed import looks_like_feed

    if format is not None:
        return format == "feed"
    if source.startswith(("http://", "https://")):
        return True
    try:
        with open(source, "rb") as handle:
            head = handle.read(20_000).decode("utf-8", "replace")
    except OSError:
        return False
    return looks_like_feed(head)


def _import(site: Path, args: argparse.Namespace, force: bool) -> list:
    from .config import load_config
    from .feed_import import import_feed
    from .importer import ImportRequest, import_files

    feeds = [source for source in args.files if _is_feed(source, args.format)]
    files = [Path(source) for source in args.files if source not in feeds]
    config = load_config(site)
    results: list = []
    if files:
        request = ImportRequest(format=args.format, number=args.number, title=args.title, chapters=args.chapters,
                                speakers=tuple(args.speaker))
        results = import_files(site, files, config, force=force, encoding=args.encoding, request=request)
    for source in feeds:
        results.extend(import_feed(site, source, config))
    changed = sum(r.action != "unchanged" for r in results)
    log.info("imported %d episodes: %d written, %d unchanged", len(results), changed, len(results) - changed)
    return results


def _check_audio(site: Path, args: argparse.Namespace) -> int:
    from .check_audio import check_audio
    from .config import load_config

    report = check_audio(site, load_config(site), every=args.all)
    log.info("checked %d audio address(es): %d filled in, %d broken", report.checked, report.filled,
             len(report.broken))
    return 1 if report.broken else 0


def _new(site: Path, output: Path, args: argparse.Namespace) -> int:
    """Add episodes, build, and tell the podcaster where each went and what is left to fill in."""
    from .config import load_config
    from .feed import missing_fields
    from . import urls

    results = [r for r in _import(site, args, force=False) if r.action not in ("unchanged", "filled")] if args.files else []
    created, _ = _build(site, output, overwrite=getattr(args, "overwrite_output", False))
    added = results + created
    if not added:
        print("no new episode: name a transcript (build.py new FILE) or put one in content/transcripts/")
        return 0
    config = load_config(site)
    for result in added:
        episode = result.episode
        page = urls.episode_page(episode.slug)
        print(shown(f"Episode {episode.number}: {episode.title}"))
        print(shown(f"  file: {result.path}"))
        print(shown(f"  page: {output / page}"))
        print(shown(f"  URL:  {config.page_url(page)}"))
        missing = missing_fields(episode)
        print("  still to fill in: " + (", ".join(missing) if missing else "nothing, the feed has all it needs"))
    return 0


def _serve(site: Path, output: Path, args: argparse.Namespace) -> int:
    from .errors import SiteError
    from .serve import serve

    def rebuild() -> str | None:
        try:
            from .pipeline import recover

            recover(site)
            # a preview: drafts and scheduled episodes show, with a banner
            _build(site, output, drafts=True, overwrite=getattr(args, "overwrite_output", False))
        except SiteError as error:
            problems = error.problems
        except OSError as error:
            problems = [os_problem(error)]
        else:
            return None
        for problem in problems:
            print(shown(f"error: {problem}"), file=sys.stderr, flush=True)
        return "\n".join(shown(p) for p in problems)

    def ready(url: str) -> None:
        print(shown(f"serving {output} at {url} (Ctrl-C stops)"), flush=True)

    _stop_on_signals()
    try:
        serve(site, output, rebuild, host=args.host, port=args.port, ready=ready)
    except KeyboardInterrupt:
        pass
    return 0


def _stop_on_signals() -> None:
    """Ctrl-C and `kill` both stop the server as Ctrl-C does, closing it cleanly. Python leaves
    SIGINT ignored when it starts ignored, as it does for a job a script puts in the background
    (`build.py serve &`); SIGTERM, by default, ends the process without closing anything."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set handlers; one serving from a thread stops by its event

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def _half_done(error: SiteError) -> bool:
    from .writer import CommitError

    return isinstance(error, CommitError)


def _failed(args: argparse.Namespace, output: Path, problems: list[Problem], half_done: bool) -> int:
    """Print every problem and what became of the output; the exit code."""
    for problem in problems:
        print(shown(f"error: {problem}"), file=sys.stderr)
    what = "import" if args.command == "import" else "build"
    if half_done:
        kept = f"{output} is part old, part new until the next command finishes the commit"
    else:
        kept = "nothing was written" if what == "import" else f"{output} was left as it was"
    print(shown(f"{what} failed with {len(problems)} problem(s); {kept}."), file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the process exit code."""
    args = _parser().parse_args(argv)
    _configure_logging(args)
    site: Path = getattr(args, "site", Path("."))
    output: Path = getattr(args, "output", site / "output")
    try:
        from .pipeline import recover

        recover(site)  # first, whatever the command: finish or undo what a killed build left
        if args.command == "import":
            _import(site, args, force=args.force)
            return 0
        if args.command == "new":
            return _new(site, output, args)
        if args.command == "serve":
            return _serve(site, output, args)
        if args.command == "check-audio":
            return _check_audio(site, args)
        _build(site, output, drafts=getattr(args, "drafts", False), overwrite=getattr(args, "overwrite_output", False))
        return 0
    except SiteError as error:
        return _failed(args, output, error.problems, half_done=_half_done(error))
    except OSError as error:
        return _failed(args, output, [os_problem(error)], half_done=False)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
