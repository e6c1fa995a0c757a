#!/usr/bin/env python3
"""Search in a browser, ours and Pagefind's, on the same benchmark corpus in one run.

  python3 benchmarks/search_bench.py                       # 1000 episodes; bytes also at 5000
  python3 benchmarks/search_bench.py --episodes 1000 --bytes-at 5000 --rounds 3

For each size it generates the corpus with ../shared/bench/make_corpus.py (realistic vocabulary),
builds our site, indexes the same pages with Pagefind (`pip install 'pagefind[bin]'`, or
PAGEFIND_PATH=folder holding the package), and runs in headless Debian Chromium:

- desktop over file:// (ours only: Pagefind needs fetch and WebAssembly) and over HTTP (text files
  gzipped, as GitHub Pages sends them);
- a phone profile over HTTP: CDP Network.emulateNetworkConditions at Slow 4G (562.5 ms, 180 kB/s
  down) and Emulation.setCPUThrottlingRate 4, service workers blocked so the throttling applies.

Queries: an exact phrase, a rare word, a common word, a speaker's name, a misspelling, and graded
queries: a four-word phrase around a word said in only a few sections, whose section is known
from the corpus (the right section must be in the first three listed). Each query runs on a
freshly loaded page with the browser cache off; the box is focused first (ours loads
search/index.js, Pagefind runs init()), then the clock starts when the query is typed and stops
when the final list is on screen (ours: the status says how many results; Pagefind: search()
and the data of the first five results, as its own UI shows them). After each of our queries,
"floor" loads the same files on a fresh page, in the same rounds as search.js asked for them (its
words' chunks, word lists, their variants' chunks, texts), and does nothing else: what this browser
on this machine takes to load them as scripts, so our figures can be read against it. Bytes are
the files the query made the browser load (the focus's own loads listed apart), as stored, and gzipped as a
host like GitHub Pages sends them. JS heap: used size after a garbage collection, after the query.

The summary's "worst ms" is the slowest query's median over the rounds, "slowest" the slowest
single run: on a shared machine one run in many can stall for tens of milliseconds whatever the
code (the floor's runs do too), so run three rounds or more for the worst.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import BENCH  # noqa: E402  (benchmarks/run.py: the corpus generator, and the build's clock)

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 180_000, "uploadThroughput": 84_375}
WORD = re.compile(r"[^\W_]+")


@dataclass
class Section:
    """One section of the corpus: where it is on the site, and its words."""

    url: str
    words: list[str]


@dataclass
class Query:
    kind: str
    text: str
    right: str | None = None  # the section (url#anchor, or url for the opening) that must be in the top 3


@dataclass
class Measure:
    """One query in one setting, for one engine."""

    ms: float
    bytes: int
    gzipped: int
    focus_bytes: int
    heap: float
    top: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # the files the query loaded, in the order asked


def anchor(heading: str) -> str:
    """The page's anchor for a heading (the README's rule; the corpus's headings repeat rarely)."""
    import unicodedata

    text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9 -]", "", text)
    return re.sub(r"[ -]+", "-", text).strip("-") or "section"


def read_corpus(site: Path) -> list[Section]:
    """Every section of the generated Markdown episodes, with the URL our site gives it."""
    sections = []
    for path in sorted((site / "content" / "episodes").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        url = f"episodes/{path.stem}/index.html"
        current = Section(url, WORD.findall(front.lower()))
        seen: dict[str, int] = {}
        for line in body.splitlines():
            if line.startswith("## "):
                sections.append(current)
                name = anchor(line[3:])
                seen[name] = seen.get(name, 0) + 1
                current = Section(f"{url}#{name}" + (f"-{seen[name]}" if seen[name] > 1 else ""),
                                  WORD.findall(line[3:].lower()))
            else:
                current.words.extend(WORD.findall(re.sub(r"^\*\*[^*]+:\*\*", "", line).lower()))
        sections.append(current)
    return sections


def choose_queries(site: Path, graded: int) -> list[Query]:
    """The fixed kinds of query and `graded` phrases whose one right section is known."""
    sections = read_corpus(site)
    where: dict[str, set[int]] = {}
    for i, section in enumerate(sections):
        for word in set(section.words):
            where.setdefault(word, set()).add(i)
    rng = random.Random(17)
    rare = sorted(w for w, s in where.items() if 3 <= len(s) <= 8 and len(w) >= 7 and w.isalpha())
    picked: list[Query] = []
    for word in rng.sample(rare, len(rare)):
        i = min(where[word])
        words = sections[i].words
        at = words.index(word)
        phrase = words[max(0, at - 1):at + 3]
        if len(phrase) < 4:
            continue
        holders = [j for j in where[word] if " ".join(phrase) in " ".join(sections[j].words)]
        if holders == [i]:
            picked.append(Query("graded", " ".join(phrase), sections[i].url))
        if len(picked) == graded:
            break
    first = picked[0]
    word = next(w for w in first.text.split() if len(w) >= 7 and len(where.get(w, ())) <= 8)
    typo = word[:3] + ("a" if word[3] != "a" else "e") + word[4:]
    once = sorted(w for w, s in where.items() if len(s) == 1 and len(w) >= 8 and w.isalpha())[len(picked)]
    return [Query("exact phrase", "a lot of credit card debt"),
            Query("rare word", once, sections[min(where[once])].url),
            Query("common word", "software"),
            Query("speaker", "Jamie Thompson"),
            Query("misspelling", f"{typo} {' '.join(w for w in first.text.split() if w != word)}", first.right),
            *picked]


# The HTTP server runs in a process of its own, as a host's does (in this one it would wait on the
# interpreter lock behind the browser driver), and keeps connections open (HTTP/1.1), as hosts do.
# It sends headers and body in two writes: with Nagle's algorithm on, the body of every answer on a
# kept-open connection waited for the browser's delayed ACK, 40 ms, which no real host adds.
# It compresses text files (gzip, level 6) for a browser that accepts it, as GitHub Pages and
# other hosts do, so the phone's throttled network carries what it would carry from a host;
# files that are compressed already (Pagefind's) go as they are, as they would from a host.
SERVER = """
import functools, gzip, http.server, os, sys
TEXT = (".js", ".json", ".html", ".css", ".xml", ".txt", ".svg")
class Quiet(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    def log_message(self, format, *args):
        pass
    def do_GET(self):
        path = self.translate_path(self.path)
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.endswith(TEXT) or not os.path.isfile(path):
            return super().do_GET()
        with open(path, "rb") as file:
            body = gzip.compress(file.read(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=sys.argv[1]))
print(server.server_address[1], flush=True)
server.serve_forever()
"""


def serve(folder: Path) -> tuple[subprocess.Popen, str]:
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(folder)], stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    return server, f"http://127.0.0.1:{int(server.stdout.readline())}/"


class Sizes:
    """Stored and gzipped size of each file of the site, by URL."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.cache: dict[str, tuple[int, int]] = {}

    def __call__(self, url: str) -> tuple[int, int]:
        path = unquote(urlparse(url).path)
        if url.startswith("http"):
            path = path.lstrip("/")
        else:
            path = os.path.relpath(path, self.site)
        if path not in self.cache:
            try:
                data = (self.site / path).read_bytes()
            except OSError:
                data = b""
            self.cache[path] = (len(data), len(gzip.compress(data, 6, mtime=0)))
        return self.cache[path]


OURS_RUN = """async (query) => {
  const status = document.querySelector('.search-status');
  const input = document.querySelector('.search-input');
  const start = performance.now();
  return await new Promise((resolve) => {
    const done = () => {
      if (status.textContent.includes('for “' + query + '”')) {
        observer.disconnect();
        const links = [...document.querySelectorAll('.search-result a')].map(a => a.getAttribute('href'));
        resolve({ms: performance.now() - start, top: links});
      }
    };
    const observer = new MutationObserver(done);
    observer.observe(status, {childList: true, characterData: true, subtree: true});
    input.value = query;
    input.dispatchEvent(new Event('input', {bubbles: true}));
  });
}"""

PAGEFIND_INIT = """async () => {
  window.pf = await import('./pagefind/pagefind.js');
  await window.pf.init();
}"""

PAGEFIND_RUN = """async (query) => {
  const start = performance.now();
  const found = await window.pf.search(query);
  const data = await Promise.all(found.results.slice(0, 5).map(r => r.data()));
  const top = [];
  data.forEach(d => (d.sub_results.length ? d.sub_results : [d]).forEach(s => top.push(s.url)));
  return {ms: performance.now() - start, top: top};
}"""


FLOOR_RUN = """async (rounds) => {
  const load = (src) => new Promise((resolve) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = script.onerror = () => { script.remove(); resolve(); };
    document.head.appendChild(script);
  });
  const start = performance.now();
  for (const round of rounds) await Promise.all(round.map(load));
  return {ms: performance.now() - start, top: []};
}"""


def rounds_of(files: list[str]) -> list[list[str]]:
    """Our query's files in the rounds search.js asked for them: each run of one kind (chunks,
    word lists, texts with the dictionary) waits for the run before it."""
    def kind(url: str) -> str:
        path = urlparse(url).path
        return "c" if "/search/c/" in path else "w" if "/search/w/" in path else "t"
    rounds: list[list[str]] = []
    for i, url in enumerate(files):
        if i == 0 or kind(url) != kind(files[i - 1]):
            rounds.append([])
        rounds[-1].append(url)
    return rounds


def measure(browser, url: str, engine: str, query: Query, sizes: Sizes, phone: bool,
            replay: list[str] | None = None) -> Measure:
    """One query on a freshly loaded page, no cache; for "floor", the files `replay` only."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if phone:
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(url + "index.html", wait_until="load", timeout=600_000)
    page.wait_for_timeout(50)
    before = len(loaded)
    if engine in ("ours", "floor"):
        page.focus(".search-input")
        page.wait_for_function("document.querySelector('.search-status').textContent === ''", timeout=600_000)
    else:
        page.evaluate(PAGEFIND_INIT)
    focus = loaded[before:]
    before = len(loaded)
    if engine == "floor":
        result = page.evaluate(FLOOR_RUN, rounds_of(replay or []))
    else:
        result = page.evaluate(OURS_RUN if engine == "ours" else PAGEFIND_RUN, query.text)
    asked = loaded[before:]
    cdp.send("HeapProfiler.collectGarbage")
    heap = cdp.send("Runtime.getHeapUsage")["usedSize"] / 2**20
    context.close()
    files = [sizes(u) for u in asked]
    return Measure(result["ms"], sum(f[0] for f in files), sum(f[1] for f in files),
                   sum(sizes(u)[0] for u in focus), heap, result["top"], asked)


def normal(url: str) -> str:
    """A section's address, the same whoever wrote it: no host, no leading slash, no index.html."""
    url = re.sub(r"^(https?://[^/]+)?/", "", url)
    return url.replace("index.html", "").rstrip("/")


def right_in_top3(query: Query, top: list[str]) -> bool:
    return normal(query.right or "") in [normal(t) for t in top[:3]]


def build_site(folder: Path, episodes: int) -> tuple[Path, Path, dict[str, float]]:
    """Corpus, our build and Pagefind's index of the same pages; their sizes and times."""
    site = folder / f"site-{episodes}"
    subprocess.run([sys.executable, str(BENCH / "make_corpus.py"), "--episodes", str(episodes), "--out", str(site),
                    "--format", "markdown"], check=True, stdout=subprocess.DEVNULL)
    shutil.copy(ROOT / "site_config.yaml", site / "site_config.yaml")
    output = site / "output"
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--site", str(site), "-q"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ours_s = time.perf_counter() - start
    env = dict(os.environ)
    if os.environ.get("PAGEFIND_PATH"):
        env["PYTHONPATH"] = os.environ["PAGEFIND_PATH"]
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(output), "--glob", "episodes/**/*.html",
                    "--root-selector", "article", "--exclude-selectors", "nav.toc", "--silent"], check=True, env=env)
    pagefind_s = time.perf_counter() - start
    search = sum(p.stat().st_size for p in (output / "search").rglob("*") if p.is_file())
    pagefind = sum(p.stat().st_size for p in (output / "pagefind").rglob("*") if p.is_file())
    return site, output, {"ours_build_s": ours_s, "pagefind_index_s": pagefind_s, "ours_index_mb": search / 1e6,
                          "pagefind_index_mb": pagefind / 1e6}


def run(browser, output: Path, queries: list[Query], settings: list[tuple[str, str, bool]], rounds: int,
        engines: tuple[str, ...]) -> dict[tuple[str, str, str], list[Measure]]:
    """(engine, setting, query kind + text) -> one Measure a round."""
    server, base = serve(output)
    sizes = Sizes(output)
    results: dict[tuple[str, str, str], list[Measure]] = {}
    try:
        for _ in range(rounds):
            for setting, scheme, phone in settings:
                url = output.as_uri() + "/" if scheme == "file" else base
                for engine in engines:
                    if engine == "pagefind" and scheme == "file":
                        continue  # it needs fetch() and WebAssembly, which a page from disk may not use
                    for query in queries:
                        measured = measure(browser, url, engine, query, sizes, phone)
                        results.setdefault((engine, setting, f"{query.kind}: {query.text}"), []).append(measured)
                        if engine == "ours":
                            floor = measure(browser, url, "floor", query, sizes, phone, measured.files)
                            results.setdefault(("floor", setting, f"{query.kind}: {query.text}"), []).append(floor)
    finally:
        server.terminate()
        server.wait()
    return results


def report(title: str, results: dict[tuple[str, str, str], list[Measure]], queries: list[Query]) -> None:
    print(f"\n## {title}\n")
    print(f"{'engine':<9} {'setting':<13} {'query':<48} {'ms':>8} {'KB':>7} {'KB gz':>7} {'focus KB':>8} "
          f"{'heap MB':>7} top3")
    summary: dict[tuple[str, str], list[Measure]] = {}
    right: dict[tuple[str, str], list[bool]] = {}
    for (engine, setting, name), runs in results.items():
        query = next(q for q in queries if f"{q.kind}: {q.text}" == name)
        ms = statistics.median(m.ms for m in runs)
        last = runs[-1]
        hit = right_in_top3(query, last.top) if query.right and engine != "floor" else None
        if hit is not None:
            right.setdefault((engine, setting), []).append(hit)
        summary.setdefault((engine, setting), []).extend(runs)
        print(f"{engine:<9} {setting:<13} {name[:48]:<48} {ms:8.0f} {last.bytes / 1000:7.1f} {last.gzipped / 1000:7.1f} "
              f"{last.focus_bytes / 1000:8.1f} {last.heap:7.1f} {'' if hit is None else ('yes' if hit else 'NO')}")
    print(f"\n{'engine':<9} {'setting':<13} {'median ms':>9} {'worst ms':>9} {'slowest':>8} {'median KB':>9} "
          f"{'worst KB':>9} {'med KB gz':>9} {'worst heap':>10} {'right in top 3':>15}")
    for (engine, setting), runs in summary.items():
        hits = right.get((engine, setting), [])
        worst = max(statistics.median(m.ms for m in each) for (e, s, _), each in results.items()
                    if (e, s) == (engine, setting))
        print(f"{engine:<9} {setting:<13} {statistics.median(m.ms for m in runs):9.0f} {worst:9.0f} "
              f"{max(m.ms for m in runs):8.0f} "
              f"{statistics.median(m.bytes for m in runs) / 1000:9.1f} {max(m.bytes for m in runs) / 1000:9.1f} "
              f"{statistics.median(m.gzipped for m in runs) / 1000:9.1f} {max(m.heap for m in runs):10.1f} "
              f"{sum(hits):>7} of {len(hits):<6}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--episodes", type=int, default=1000)
    parser.add_argument("--bytes-at", type=int, nargs="*", default=[5000],
                        help="other sizes, measured on the desktop over HTTP only (bytes do not depend on speed)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--graded", type=int, default=10)
    parser.add_argument("--no-phone", action="store_true")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = args.keep or Path(tempfile.mkdtemp(prefix="shownotes-search-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
            site, output, built = build_site(folder, args.episodes)
            queries = choose_queries(site, args.graded)
            print(f"# {args.episodes} episodes: " + ", ".join(f"{k} {v:.1f}" for k, v in built.items()))
            settings = [("desktop file", "file", False), ("desktop http", "http", False)]
            if not args.no_phone:
                settings.append(("phone http", "http", True))
            results = run(browser, output, queries, settings, args.rounds, ("ours", "pagefind"))
            report(f"{args.episodes} episodes", results, queries)
            for episodes in args.bytes_at:
                other, other_output, built = build_site(folder, episodes)
                print(f"\n# {episodes} episodes: " + ", ".join(f"{k} {v:.1f}" for k, v in built.items()))
                # The same kinds of query, chosen from this corpus: the first episodes are the same.
                results = run(browser, other_output, choose_queries(other, args.graded),
                              [("desktop http", "http", False)], 1, ("ours", "pagefind"))
                report(f"{episodes} episodes", results, choose_queries(other, args.graded))
            browser.close()
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print("\n" + json.dumps({"command": " ".join(sys.argv)}))


if __name__ == "__main__":
    main()
