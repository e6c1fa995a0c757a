#!/usr/bin/env python3
"""How long importing the benchmark corpus takes when no episode has headings, so every one
gets its sections found in its text (shownotes/segment.py).

  python3 benchmarks/import_unsectioned.py                  # 1000 episodes
  python3 benchmarks/import_unsectioned.py --episodes 100

Generates the corpus with ../shared/bench/make_corpus.py (Markdown, as benchmarks/run.py does),
drops every `## ` heading line, then runs `build.py import` on all the files at once in a fresh
site, and prints the wall-clock and CPU time of that run. Then it times segmentation alone on every
episode imported (its turns, found sections and titles), to say what share of the import it is.
Compare figures on a quiet machine: the machines are shared and noisy.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import make_corpus  # noqa: E402  (benchmarks/run.py)

from shownotes import segment  # noqa: E402
from shownotes.config import load_config  # noqa: E402
from shownotes.content import episode_files, read_episode  # noqa: E402


def without_headings(corpus: Path, folder: Path) -> list[Path]:
    """Each corpus episode as a transcript with its `## ` lines gone."""
    folder.mkdir()
    files = []
    for path in sorted((corpus / "content" / "episodes").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        target = folder / path.name
        target.write_text("".join(line for line in text.splitlines(keepends=True) if not line.startswith("## ")),
                          encoding="utf-8")
        files.append(target)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--episodes", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="shownotes-import-") as temp:
        work = Path(temp)
        corpus, _ = make_corpus(work, args.episodes)
        files = without_headings(corpus, work / "transcripts")
        site = work / "site"
        site.mkdir()
        shutil.copy(ROOT / "site_config.yaml", site / "site_config.yaml")
        words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "build.py"), "-q", "--site", str(site), "import", *map(str, files)],
                       check=True)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        print(f"imported {len(files)} episodes ({words:,} words, headings removed) in {wall:.1f} s "
              f"({cpu:.1f} s of CPU)")

        config = load_config(site)
        found, times, per_10k = [], [], []
        for path in episode_files(site):
            episode = read_episode(site, path, config)
            found.append(sum(s.heading is not None for s in episode.sections))
            turns = [t for s in episode.sections for t in s.turns]
            started = time.process_time()
            segment.find_sections(turns)
            seconds = time.process_time() - started
            times.append(seconds)
            per_10k.append(seconds * 10_000 / max(1, episode.words))
        print(f"sections found: median {statistics.median(found)} an episode, fewest {min(found)}, most {max(found)}")
        print(f"segmentation alone: {sum(times):.1f} s of CPU in all; per 10,000 words median "
              f"{statistics.median(per_10k) * 1000:.1f} ms, slowest {max(per_10k) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
