#!/usr/bin/env python3
"""Benchmark shownotes against Hugo on the same generated corpus, in one run.

  python3 benchmarks/run.py                   # 100 and 1000 episodes, 3 rounds each
  python3 benchmarks/run.py --episodes 1000 --rounds 1 --no-hugo

For each size it generates the corpus with ../shared/bench/make_corpus.py, then alternates
rounds of our build (cold, no-op, add-one) with Hugo's (../shared/bench/hugo_baseline.py),
and prints medians and the ratio ours/Hugo. Each build runs in its own process; peak memory
is that process's maximum resident set (its worker processes included).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the project; from a worktree kept one folder deeper, the one above that.
BENCH = next((p / "shared" / "bench" for p in ROOT.parents if (p / "shared" / "bench").is_dir()),
             ROOT.parent / "shared" / "bench")
# The corpus dates its episodes a week apart from 2000, so past about 1,400 episodes they lie in
# the future and a build would hold them back as scheduled. Every benchmark builds as if on
# 2200-01-01 (the build's clock is SOURCE_DATE_EPOCH when set), so N episodes means N pages.
os.environ["SOURCE_DATE_EPOCH"] = "7258118400"


def measured(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """Run cmd; (wall seconds, CPU seconds, peak RSS MiB) of it and its children. CPU time says
    more than wall time on a machine shared with other work."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.chdir(cwd)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execvp(cmd[0], cmd)
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed in {cwd}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Run cmd; return (wall seconds, peak RSS MiB of it and its children)."""
    wall, _, rss = measured(cmd, cwd)
    return wall, rss


def make_corpus(folder: Path, episodes: int) -> tuple[Path, Path]:
    """A site of `episodes` episodes, and the file of the one episode an add-one build adds."""
    corpus = folder / "corpus"
    extra = folder / "extra"
    for out, args in ((corpus, ["--episodes", str(episodes)]), (extra, ["--start", str(episodes + 1), "--episodes", "1"])):
        subprocess.run([sys.executable, str(BENCH / "make_corpus.py"), *args, "--out", str(out), "--format", "markdown"],
                       check=True, stdout=subprocess.DEVNULL)
    shutil.copy(ROOT / "site_config.yaml", corpus / "site_config.yaml")
    [added] = (extra / "content" / "episodes").glob("*.md")
    return corpus, added


def ours(corpus: Path, added: Path, workdir: Path) -> dict[str, tuple[float, float]]:
    """Cold, no-op and add-one builds of a fresh copy of the corpus, made in `workdir`.

    The copy is left there, to be deleted when the run is over: on a disk without a journal
    (this machine's ext4) a file created within a minute of a big delete costs a scan past
    every inode deleted, so deleting 4,000 files before the next build would slow that build
    (Hugo's or ours) by the benchmark's own clean-up. (hugo_baseline.py deletes its own site.)"""
    site = Path(tempfile.mkdtemp(prefix="shownotes-bench-", dir=workdir)) / "site"
    shutil.copytree(corpus, site)
    build = [sys.executable, str(ROOT / "build.py"), "--site", str(site), "-q"]
    results = {"cold": timed(build, site), "noop": timed(build, site)}
    shutil.copy(added, site / "content" / "episodes")
    results["add-one"] = timed(build, site)
    results["size"] = (sum(p.stat().st_size for p in (site / "output").rglob("*") if p.is_file()) / 2**20, 0.0)
    search = site / "output" / "search"
    results["search"] = (sum(p.stat().st_size for p in search.rglob("*") if p.is_file()) / 2**20 if search.is_dir()
                         else 0.0, 0.0)
    return results


def hugo(corpus: Path, added: Path) -> dict[str, tuple[float, float]]:
    """Hugo's cold, no-op and add-one builds, as hugo_baseline.py reports them."""
    out = subprocess.run([sys.executable, str(BENCH / "hugo_baseline.py"), str(corpus), "--add", str(added)],
                         check=True, capture_output=True, text=True).stdout
    results = {}
    for line in out.splitlines():
        name, phase, wall, rss = line.split()
        if name == "hugo":
            results[phase] = (float(wall), float(rss))
    return results


def median(runs: list[dict[str, tuple[float, float]]], phase: str) -> tuple[float, float]:
    return statistics.median(r[phase][0] for r in runs), max(r[phase][1] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--episodes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-hugo", action="store_true", help="only our own figures")
    args = parser.parse_args()
    for episodes in args.episodes:
        with tempfile.TemporaryDirectory(prefix="shownotes-corpus-") as tmp:
            corpus, added = make_corpus(Path(tmp), episodes)
            mine, theirs = [], []
            for _ in range(args.rounds):  # alternate, so both see the same machine weather
                mine.append(ours(corpus, added, Path(tmp)))
                if not args.no_hugo:
                    theirs.append(hugo(corpus, added))
            print(f"\n{episodes} episodes, {args.rounds} round(s), median wall seconds, peak RSS MiB")
            print(f"{'phase':<8} {'ours s':>8} {'ours MiB':>9} {'hugo s':>8} {'hugo MiB':>9} {'ours/hugo':>10}")
            for phase in ("cold", "noop", "add-one"):
                wall, rss = median(mine, phase)
                if theirs:
                    h_wall, h_rss = median(theirs, phase)
                    print(f"{phase:<8} {wall:8.3f} {rss:9.0f} {h_wall:8.3f} {h_rss:9.0f} {wall / h_wall:10.2f}")
                else:
                    print(f"{phase:<8} {wall:8.3f} {rss:9.0f}")
            print(f"output size {mine[-1]['size'][0]:.1f} MiB, of which search index {mine[-1]['search'][0]:.1f} MiB")


if __name__ == "__main__":
    main()
