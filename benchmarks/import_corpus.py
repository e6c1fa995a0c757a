#!/usr/bin/env python3
"""The real-transcript corpus, imported with no flags: a table, format by format, of what each
file came out as, and how long the largest file takes.

  python3 benchmarks/import_corpus.py            # the table and the timings
  python3 benchmarks/import_corpus.py --markdown # the table as Markdown, for an issue

Each file is checked as tests/test_real_transcripts.py checks it (tests/real_corpus.py):
speakers, turns within 5%, headings, times, words kept, no paragraph over 300 words, number,
title, date and season where the manifest gives them, and a written file that loads back the
same. Then the largest file, and a ~230 KB one made of it twice over, are imported three times
each, in this process and through `build.py import` (which adds Python's start-up); the best
time is printed, and for the command its CPU time too, which a busy shared machine inflates
less than the wall clock. A benchmark, not a test: the figures depend on the machine.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shownotes.formats.detect import read  # noqa: E402
from shownotes.formats.draft import ImportOptions  # noqa: E402
from shownotes.formats.identity import Numbering  # noqa: E402
from shownotes.importer import episode_text  # noqa: E402
from shownotes.textfile import read_text, repair  # noqa: E402
from tests.real_corpus import CHECKS, CORPUS, MANIFEST, Result, check  # noqa: E402

MARKS = {True: "ok", False: "FAIL", None: "-"}


def table(results: list[Result], markdown: bool) -> str:
    """One row a file, grouped by the format it was read as."""
    header = ["format", "file", "shape", *CHECKS]
    rows = [[r.format, r.file, r.shape, *(("ERROR" if r.error else MARKS[r.checks.get(c)]) for c in CHECKS)]
            for r in sorted(results, key=lambda r: (r.format, r.file))]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        lines += ["| " + " | ".join(f"`{c}`" if i == 1 else c for i, c in enumerate(row)) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    widths[1] = min(widths[1], 60)
    return "\n".join("  ".join(str(c)[:widths[i]].ljust(widths[i]) for i, c in enumerate(row))
                     for row in [header, *rows])


def _best(seconds: list[float]) -> str:
    return f"{min(seconds):.2f} s"


def timings(largest: Path) -> list[str]:
    """The largest file, and one twice its size, imported in this process and through build.py."""
    lines = []
    with tempfile.TemporaryDirectory() as temp:
        doubled = Path(temp) / f"doubled-{largest.name}"
        text = largest.read_text(encoding="utf-8")
        doubled.write_text(text + "\n" + text, encoding="utf-8")
        site = Path(temp) / "site"
        site.mkdir()
        (site / "site_config.yaml").write_text("title: Bench\nbase_url: https://example.org/\n", encoding="utf-8")
        for path in (largest, doubled):
            size = f"{path.stat().st_size / 1000:.0f} KB"
            runs = []
            for _ in range(3):
                start = time.perf_counter()
                [episode] = read(repair(read_text(path)), path, ImportOptions(numbering=Numbering()))
                episode_text(episode)
                runs.append(time.perf_counter() - start)
            command, cpu = [], []
            for _ in range(3):
                shutil.rmtree(site / "content", ignore_errors=True)
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run([sys.executable, str(ROOT / "build.py"), "--site", str(site), "-q", "import", str(path)],
                               check=True)
                command.append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            lines.append(f"{path.name} ({size}): {_best(runs)} to read and write in one process; `build.py import` "
                         f"{_best(command)} wall clock, {_best(cpu)} of CPU (Python's start-up included)")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    results = [check(entry) for entry in MANIFEST]
    print(table(results, args.markdown))
    right = sum(r.ok for r in results)
    print(f"\nimported right: {right} of {len(results)} ({right / len(results):.0%})")
    for r in results:
        if not r.ok:
            print(f"  {r.file}: {r.error or {c: r.found.get(c) for c, ok in r.checks.items() if ok is False}}")
    largest = max((CORPUS / e["file"] for e in MANIFEST), key=lambda p: p.stat().st_size)
    print()
    for line in timings(largest):
        print(line)
    return 0 if right == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
