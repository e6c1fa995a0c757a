"""The build, stage by stage: the only place that knows their order.

1. settings: site_config.yaml and the theme; a change to either (or to the engine) redoes every page
2. sources: which episode files changed since the last build (stat, then content hash)
3. heads: the front matter of the changed files, to order all episodes and find clashes
4. episodes: each changed episode (or one whose neighbour changed) is parsed and rendered, in parallel
5. site: the index, feed, sitemap, search manifest and static files, from every episode's outline
6. offline: the service worker, versioned by the digest of every other file
7. commit: changed files move into place at once; files of removed episodes go; the record is saved
"""
from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from . import fast_markup, markup, offline, record, writer
from .config import CONFIG_NAME, SiteConfig, load_config
from .content import episode_files as episode_sources, find_clashes, read_episode, shown_path
from .episode_outputs import episode_files, show_notes, transcript_links
from .errors import Problem, SiteError
from .markup import TocEntry
from .model import Episode
from .record import BuildRecord, SourceState
from .site_outputs import site_files, static_sources
from .theme import Theme, load_theme, template_fingerprint
from .views import EpisodeLink, EpisodeView, episode_url
from .writer import Staged, WriteReport, Written

log = logging.getLogger(__name__)

# Below this many episodes to render, starting worker processes costs more than it saves.
PARALLEL_FROM = 24


@dataclass(frozen=True)
class BuildResult:
    """What a build did: episodes in the site, episode pages rendered, and changes to output/."""

    episodes: int
    rendered: int
    report: WriteReport


@dataclass(frozen=True)
class Source:
    """One episode file now, and what the last build knew of it if it is unchanged."""

    path: Path
    mtime_ns: int
    size: int
    sha256: str | None
    known: SourceState | None


@dataclass(frozen=True)
class Task:
    """Render one episode: its file, its place among the others, what it was last built from."""

    path: Path
    previous: EpisodeLink | None
    next: EpisodeLink | None
    inputs: str
    known: dict[str, Written]


@dataclass(frozen=True)
class Done:
    """A rendered episode: its outline for the site pages, and its staged files."""

    path: Path
    outline: Episode
    toc: tuple[TocEntry, ...]
    transcripts: tuple[tuple[str, str], ...]
    notes: str
    staged: tuple[Staged, ...]
    problems: tuple[Problem, ...]


def build(site: Path, output: Path, jobs: int | None = None) -> BuildResult:
    """Build `site` into `output`, redoing only what changed; one build per output at a time."""
    with record.exclusive(output):
        return _build(site, output, jobs or min(os.cpu_count() or 1, 4))


def _build(site: Path, output: Path, jobs: int) -> BuildResult:
    config = load_config(site)
    theme = load_theme(site, config)
    settings = _settings(site, theme)
    previous = record.load(output)
    if previous.settings != settings:
        previous = BuildRecord(outputs=previous.outputs)  # keep only what is needed to tidy up
    sources = _sources(site, previous)
    by_path = {source.path: source for source in sources}
    statics = static_sources(theme)
    if _nothing_changed(output, previous, sources, statics):
        return BuildResult(len(sources), 0, WriteReport((), len(previous.outputs), (), ()))

    heads = _heads(site, config, sources)
    order = sorted(heads, key=lambda path: (-heads[path].number, heads[path].slug))
    links = {path: EpisodeLink(heads[path].number, heads[path].title, episode_url(heads[path])) for path in order}
    tasks = []
    for i, path in enumerate(order):
        before = links[order[i + 1]] if i + 1 < len(order) else None
        after = links[order[i - 1]] if i > 0 else None
        source = by_path[path]
        inputs = _inputs(settings, source.sha256 or "", before, after)
        known = source.known
        if known and known.inputs == inputs and all(writer.still_written(output, n, previous.outputs.get(n))
                                                    for n in known.outputs):
            continue
        tasks.append(Task(path, before, after, inputs, {n: previous.outputs[n] for n in (known.outputs if known else ())
                                                          if n in previous.outputs}))

    staged: list[Staged] = []
    output_existed = output.exists()
    try:
        done = _render_episodes(site, output, config, tasks, jobs)
        problems = [p for d in done for p in d.problems]
        if problems:
            raise SiteError(problems)
        for d in done:
            staged.extend(d.staged)
        fresh = {d.path: d for d in done}
        task_inputs = {t.path: t.inputs for t in tasks}
        states: dict[str, SourceState] = {}
        views = []
        for i, path in enumerate(order):
            source = by_path[path]
            key = shown_path(site, path).as_posix()
            if path in fresh:
                d = fresh[path]
                state = SourceState(source.mtime_ns, source.size, source.sha256 or "", d.outline, d.toc,
                                    d.transcripts, d.notes, tuple(s.name for s in d.staged), task_inputs[path])
            else:
                assert source.known is not None
                state = replace(source.known, mtime_ns=source.mtime_ns, size=source.size)
                staged.extend(Staged(n, previous.outputs[n].sha256, None) for n in state.outputs)
            states[key] = state
            views.append(EpisodeView(state.outline, episode_url(state.outline), state.notes, state.toc,
                                     links[order[i + 1]] if i + 1 < len(order) else None,
                                     links[order[i - 1]] if i > 0 else None))
        transcripts = {state.outline.slug: state.transcripts for state in states.values()}
        for name, data in sorted(site_files(theme, config, views, transcripts).items()):
            staged.append(writer.stage(output, name, data, previous.outputs.get(name)))
        digests = {s.name: s.sha256 for s in staged}
        for name, data in sorted(offline.service_worker_files(theme.environment, digests).items()):
            staged.append(writer.stage(output, name, data, previous.outputs.get(name)))
        _check_unique(staged)
    except BaseException:
        writer.discard(output, staged, output_existed)
        raise
    report, known = writer.commit(output, staged, previous.outputs)
    record.save(output, BuildRecord(settings, states, known, statics))
    return BuildResult(len(order), len(tasks), report)


def _settings(site: Path, theme: Theme) -> str:
    """Everything every page depends on: the engine, site_config.yaml and the page templates."""
    sha = hashlib.sha256()
    sha.update(record.engine_fingerprint().encode())
    sha.update((site / CONFIG_NAME).read_bytes())
    for name in ("episode.html", "index.html"):
        sha.update(template_fingerprint(theme, name).encode())
    return sha.hexdigest()


def _inputs(settings: str, content: str, before: EpisodeLink | None, after: EpisodeLink | None) -> str:
    """What one episode's files depend on: settings, its own bytes, and its neighbours' links."""
    return hashlib.sha256(repr((settings, content, before, after)).encode()).hexdigest()


def _sources(site: Path, previous: BuildRecord) -> list[Source]:
    """Every episode file, with what the last build knew if its bytes are the same."""
    sources = []
    for path in episode_sources(site):
        stat = path.stat()
        known = previous.sources.get(shown_path(site, path).as_posix())
        if known and (known.mtime_ns, known.size) == (stat.st_mtime_ns, stat.st_size):
            sources.append(Source(path, stat.st_mtime_ns, stat.st_size, known.sha256, known))
            continue
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        sources.append(Source(path, stat.st_mtime_ns, stat.st_size, sha, known if known and known.sha256 == sha else None))
    return sources


def _nothing_changed(output: Path, previous: BuildRecord, sources: list[Source],
                     statics: dict[str, tuple[int, int]]) -> bool:
    """True when no input changed and every output is as the last build left it."""
    if not previous.settings or statics != previous.statics:
        return False
    if len(sources) != len(previous.sources) or any(s.known is None or (s.known.mtime_ns, s.known.size) !=
                                                    (s.mtime_ns, s.size) for s in sources):
        return False
    return all(writer.still_written(output, name, known) for name, known in previous.outputs.items())


def _heads(site: Path, config: SiteConfig, sources: list[Source]) -> dict[Path, Episode]:
    """Every episode's front matter (from the record when unchanged); all problems at once."""
    heads: dict[Path, Episode] = {}
    problems: list[Problem] = []
    for source in sources:
        if source.known is not None:
            heads[source.path] = source.known.outline
            continue
        try:
            heads[source.path] = read_episode(site, source.path, config, with_body=False)
        except SiteError as error:
            problems.extend(error.problems)
    problems.extend(find_clashes(list(heads.values())))
    if problems:
        raise SiteError(problems)
    return heads


# --- Rendering episodes, in worker processes when there are many -------------------------------

_context: dict[str, object] = {}


def _start_worker(site: Path, output: Path, config: SiteConfig) -> None:
    _context.update(site=site, output=output, config=config, theme=load_theme(site, config),
                    renderer=markup.make_renderer())


def _render_one(task: Task) -> Done:
    site, output = _context["site"], _context["output"]
    config: SiteConfig = _context["config"]  # type: ignore[assignment]
    theme: Theme = _context["theme"]  # type: ignore[assignment]
    assert isinstance(site, Path) and isinstance(output, Path)
    try:
        episode = read_episode(site, task.path, config)
        body = fast_markup.render(episode.body) or markup.render(_context["renderer"], episode.body)  # type: ignore[arg-type]
        view = EpisodeView(episode, episode_url(episode), body.html, body.toc, task.previous, task.next)
        files = episode_files(theme.environment, config, view)
        staged = tuple(writer.stage(output, name, data, task.known.get(name)) for name, data in sorted(files.items()))
    except SiteError as error:
        return Done(task.path, Episode(0, "", ""), (), (), "", (), tuple(error.problems))
    return Done(task.path, episode.outline(), body.toc, transcript_links(view), show_notes(view), staged, ())


def _render_episodes(site: Path, output: Path, config: SiteConfig, tasks: list[Task], jobs: int) -> list[Done]:
    """Render every task, in worker processes when there are enough to pay for them."""
    if jobs <= 1 or len(tasks) < PARALLEL_FROM:
        _start_worker(site, output, config)
        return [_render_one(task) for task in tasks]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method), initializer=_start_worker,
                             initargs=(site, output, config)) as pool:
        return list(pool.map(_render_one, tasks, chunksize=max(1, len(tasks) // (jobs * 16))))


def _check_unique(staged: list[Staged]) -> None:
    """Two producers writing one path is a bug in a theme or the engine: say so, never overwrite."""
    seen: set[str] = set()
    for item in staged:
        if item.name in seen:
            raise SiteError(Problem(None, None, f"two outputs claim {item.name}; rename one episode's slug"))
        seen.add(item.name)
