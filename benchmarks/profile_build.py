#!/usr/bin/env python3
"""Where a cold build's time goes: one process, under cProfile, on the benchmark corpus.

  python3 benchmarks/profile_build.py                  # 1000 episodes
  python3 benchmarks/profile_build.py --episodes 100 --top 40

Generates the corpus with ../shared/bench/make_corpus.py (as benchmarks/run.py does), builds it
cold with one process (jobs=1, so the profiler sees every episode), and prints the time spent in
each stage of rendering an episode and of the site-wide files, then the functions that took
longest. Profiled times are inflated by the profiler; compare them with each other, and use
benchmarks/run.py for wall-clock figures.
"""
from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import make_corpus  # noqa: E402  (benchmarks/run.py)

from shownotes import pipeline  # noqa: E402

# (label, module file, function): the stages a cold build spends its time in.
STAGES = [
    ("reading whole episode files (second pass)", "content.py", "read_episode_text"),
    ("front matter, first pass", "pipeline.py", "_read_head"),
    ("front matter and model (parse_episode)", "content.py", "parse_episode"),
    ("body read and rendered (fast reader)", "fast_markup.py", "read"),
    ("body rendered by Python-Markdown", "markup.py", "render"),
    ("episode page templates", "views.py", "render_episode"),
    ("search: texts and terms of an episode", "search_index.py", "episode_search"),
    ("search: terms packed for the record", "search_chunks.py", "pack"),
    ("search: merged into chunks (site-wide)", "search_chunks.py", "chunk_files"),
    ("transcript files", "transcript_files.py", "files_and_links"),
    ("feed items", "feed.py", "item_xml"),
    ("staging files (hash, create, write)", "writer.py", "stage"),
    ("site-wide files (index, feed, people, sitemap...)", "site_outputs.py", "site_files"),
    ("record encoded (JSON)", "record.py", "encode"),
    ("commit (journal, renames into place, record)", "writer.py", "commit"),
]


def stage_times(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Cumulative seconds of each stage's function (0 when it never ran)."""
    found = []
    for label, filename, function in STAGES:
        seconds = sum(cumulative for (path, _, name), (_, _, _, cumulative, _) in stats.stats.items()  # type: ignore[attr-defined]
                      if name == function and path.endswith("/" + filename))
        found.append((label, seconds))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--episodes", type=int, default=1000)
    parser.add_argument("--top", type=int, default=25, help="how many functions to list by their own time")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the corpus has no audio: a thousand feed warnings are not the point
    with tempfile.TemporaryDirectory(prefix="shownotes-profile-") as tmp:
        site, _ = make_corpus(Path(tmp), args.episodes)
        profiler = cProfile.Profile()
        profiler.enable()
        pipeline.build(site, site / "output", jobs=1)
        profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"cold build of {args.episodes} episodes, one process, profiled: {total:.2f} s")
    for label, seconds in stage_times(stats):
        print(f"  {seconds:7.2f} s  {100 * seconds / total:5.1f}%  {label}")
    print()
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
