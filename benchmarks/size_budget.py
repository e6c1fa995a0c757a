#!/usr/bin/env python3
"""What the output costs, kind by kind, and how a cold build scales, in one run.

  python3 benchmarks/size_budget.py                      # 1000 and 5000 episodes
  python3 benchmarks/size_budget.py --episodes 100 1000

For each size: generates the corpus (../shared/bench/make_corpus.py), builds it cold in its own
process (wall time, peak RSS of it and its workers), then lists every kind of output file: how
many, in all, per episode, and the largest, and the largest file a browser loads whole among
the files whose number or size grows with the site (everything but episode pages, whose size
is their own transcript's). Last, the ratio of the largest size's build time to the smallest's.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import BENCH, measured  # noqa: E402  (benchmarks/run.py)


KINDS = [  # (kind, pattern of the output-relative path), first match wins
    ("episode pages", r"episodes/[^/]+/index\.html"),
    ("transcript.json", r"episodes/[^/]+/transcript\.json"),
    ("transcript.vtt/.srt", r"episodes/[^/]+/transcript\.(vtt|srt)"),
    ("chapters.json", r"episodes/[^/]+/chapters\.json"),
    ("search: section texts", r"search/\d+/\d+\.js"),
    ("search: term chunks", r"search/c/\d+\.js"),
    ("search: word lists", r"search/w/\d+\.js"),
    ("search: other", r"search/.*"),
    ("episode list pages", r"(index\.html|archive/.*)"),
    ("people pages", r"people/.*"),
    ("feed.xml", r"feed\.xml"),
    ("sitemap.xml", r"sitemap\.xml"),
    ("offline file lists", r"sw-files.*"),
    ("everything else", r".*"),
]
NOT_LOADED_WHOLE = ("feed.xml", "sitemap.xml", "episode pages")  # not by a reader's browser, or bounded by one episode


def corpus(folder: Path, episodes: int) -> Path:
    site = folder / f"site-{episodes}"
    subprocess.run([sys.executable, str(BENCH / "make_corpus.py"), "--episodes", str(episodes), "--out", str(site),
                    "--format", "markdown"], check=True, stdout=subprocess.DEVNULL)
    shutil.copy(ROOT / "site_config.yaml", site / "site_config.yaml")
    return site


def kinds(output: Path) -> dict[str, list[tuple[str, int]]]:
    found: dict[str, list[tuple[str, int]]] = {}
    for folder, _, names in os.walk(output):
        for name in names:
            path = os.path.relpath(os.path.join(folder, name), output).replace(os.sep, "/")
            kind = next(k for k, pattern in KINDS if re.fullmatch(pattern, path))
            found.setdefault(kind, []).append((path, os.path.getsize(os.path.join(folder, name))))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--episodes", type=int, nargs="+", default=[1000, 5000])
    args = parser.parse_args()
    builds = {}
    with tempfile.TemporaryDirectory(prefix="shownotes-size-") as tmp:
        for episodes in args.episodes:
            site = corpus(Path(tmp), episodes)
            start = time.perf_counter()
            wall, cpu, rss = measured([sys.executable, str(ROOT / "build.py"), "--site", str(site), "-q"], site)
            builds[episodes] = (wall, cpu)
            found = kinds(site / "output")
            total = sum(size for files in found.values() for _, size in files)
            print(f"\n{episodes} episodes: cold build {wall:.1f} s ({cpu:.1f} s of CPU), peak RSS {rss:.0f} MiB, "
                  f"output {total / 1e6:.1f} MB "
                  f"({time.perf_counter() - start:.0f} s in all)")
            print(f"{'kind':<24} {'files':>7} {'MB':>8} {'KB/episode':>10} {'largest KB':>10}")
            for kind, _ in KINDS:
                files = found.get(kind, [])
                if files:
                    size = sum(s for _, s in files)
                    print(f"{kind:<24} {len(files):>7} {size / 1e6:8.1f} {size / 1e3 / episodes:10.1f} "
                          f"{max(s for _, s in files) / 1e3:10.1f}")
            loaded = [(s, p) for kind, files in found.items() if kind not in NOT_LOADED_WHOLE for p, s in files]
            size, path = max(loaded)
            print(f"largest file a browser loads whole (not an episode page): {path}, {size / 1e3:.1f} KB")
    if len(builds) > 1:
        small, large = min(builds), max(builds)
        print(f"\ncold build {large} / {small} episodes: {builds[large][0] / builds[small][0]:.2f}x wall, "
              f"{builds[large][1] / builds[small][1]:.2f}x CPU (linear: {large / small:.1f}x)")


if __name__ == "__main__":
    main()
