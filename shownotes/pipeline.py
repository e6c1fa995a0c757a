"""The build, stage by stage: the only place that knows their order.

1. quick check: if no source, setting or theme file changed and every output is as the last
   build left it, stop here, having read nothing but file stats and the small record
2. settings: site_config.yaml and the theme; a change to either (or to the engine) redoes every page
3. heads: the front matter of changed episode files, to order all episodes and find clashes
4. episodes: each changed episode (or one whose neighbour changed) is parsed and rendered, in parallel
5. site: index, feed, people, sitemap, search index and static files, from every episode's outline
6. offline: the service worker, versioned by the digest of every other file
7. commit: changed files move into place at once; files of removed episodes go; the record is saved
"""
from __future__ import annotations

import datetime
import hashlib
import logging
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from . import anchor_links, record, urls, writer
from .layout import EPISODES_DIR, PAGES_DIR, files_inside
from .record import BuildState, Outlines, Place, SourceState
from .writer import Staged, WriteReport, Written

if TYPE_CHECKING:
    from .errors import Problem
    from .pages import NavLink, SitePage
    from concurrent.futures import Future, ProcessPoolExecutor


    from .config import SiteConfig
    from .model import Episode
    from .search_chunks import EpisodeTerms
    from .theme import Theme
    from .views import EpisodeLink

log = logging.getLogger(__name__)

# Below this many episodes to render, starting worker processes costs more than it saves.
PARALLEL_FROM = 24
BUILTIN_THEMES = Path(__file__).resolve().parent.parent / "themes"


@dataclass(frozen=True)
class BuildResult:
    """What a build did: episodes in the site, episode pages rendered, and changes to output/."""

    episodes: int
    rendered: int
    report: WriteReport


@dataclass(frozen=True)
class Source:
    """One episode file now: its stat, its bytes' hash, and what the last build knew if unchanged."""

    path: Path
    key: str
    mtime_ns: int
    size: int
    sha256: str
    known: SourceState | None


@dataclass(frozen=True)
class Task:
    """Render one episode: its file, its neighbours' links, what its files were last built from."""

    path: Path
    previous: EpisodeLink | None
    next: EpisodeLink | None
    inputs: str
    known: dict[str, Written]
    preview: str = ""  # shown though not published (--drafts): why, for the page's banner
    anchors: dict[str, str] = field(default_factory=dict)  # its page's entry in the anchor ledger
    words: bytes = b""  # the dictionary its search texts are packed with (search_index.dictionary)


@dataclass(frozen=True)
class Done:
    """A rendered episode: what the site-wide pages need of it, and its staged files."""

    path: Path
    state: SourceState | None
    staged: tuple[Staged, ...]
    problems: tuple
    search: Any = None  # its terms for the site's search index (search_chunks.EpisodeTerms)
    # Files published as they are (audio, artwork): (output path, source file), staged once by the
    # main process, since episodes may share one (a cover art) and two workers must not both write it.
    copies: tuple[tuple[str, str], ...] = ()


@dataclass
class Build:
    """What one build knows as it goes: where, the last build's record, and today's fingerprints."""

    site: Path
    output: Path
    place: Place
    jobs: int
    state: BuildState
    quick: str
    stats: dict[str, tuple[int, int]]
    known: dict[str, Written]
    warnings: list[str] = field(default_factory=list)  # what this build warned about, kept in the record
    drafts: bool = False  # show drafts and scheduled episodes, with a banner (never in the feed or sitemap)
    today: datetime.datetime = datetime.datetime.fromtimestamp(0, datetime.timezone.utc)


def release_clock() -> datetime.datetime:
    """The moment a build decides which scheduled episodes are out: SOURCE_DATE_EPOCH when set (a
    reproducible build), else now. Taken once per build; nothing else reads the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = int(epoch) if epoch.isdigit() else time.time()
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)


def build(site: Path, output: Path, jobs: int | None = None, drafts: bool = False,
          today: datetime.datetime | None = None, overwrite_output: bool = False) -> BuildResult:
    """Build `site` into `output`, redoing only what changed; one build per output at a time.

    Drafts and episodes dated after `today` (default: release_clock()) are left out, unless `drafts`.
    An output folder that is not ours to fill is refused (see writer.check_output) unless
    `overwrite_output`; what a killed build left is finished or removed first."""
    recover(site)
    check_output(site, output, overwrite_output)
    where = record.place(site, output)
    record.prepare(where)
    with record.locked(where, output), writer.terminate_as_interrupt():
        state = record.load_state(where)
        now = Build(site, output, where, jobs or min(os.cpu_count() or 1, 4), state,
                    _quick_fingerprint(site) + (":drafts" if drafts else ""),
                    _stat_sources(site), {name: Written(*entry) for name, entry in state.outputs.items()},
                    drafts=drafts, today=today or release_clock())
        # With debug output wanted (-v), the whole build runs, so that its warnings can be listed
        # in full: the record keeps only what was said at warning level.
        if _nothing_changed(now) and not log.isEnabledFor(logging.DEBUG):
            for message in state.warnings:  # still true: the files they are about have not changed
                log.warning("%s", message)
            return BuildResult(len(now.stats), 0, WriteReport((), len(now.known), (), ()))
        with _warnings_kept(now.warnings):
            return _build(now)


def recover(site: Path) -> None:
    """Finish the commit of a build that was killed, or remove the temp files of one killed before
    its commit, for every output folder of the site: every command does this first."""
    for where in record.places(site):
        with record.exclusive(where) as held:
            if not held:
                continue  # a build is running there; it finishes its own work
            if not writer.finish_interrupted(where.output, where.journal) and where.staging.exists():
                writer.remove_stale_temps(where.output)
            record.staging_done(where)
            writer.remove_record_temps(where.folder)


def check_output(site: Path, output: Path, overwrite: bool = False) -> None:
    """Refuse an output folder that is not ours to fill (see writer.check_output); writes nothing."""
    writer.check_output(site, output, _made_by_us(record.place(site, output), output), overwrite)


def _made_by_us(where: Place, output: Path) -> bool:
    """True when a build made `output`: a file the record lists is there as it was written (a record
    that cannot be read, or an older version's, counts too)."""
    if record.made_by_old_version(where) or (where.state.exists() and not record.readable(where)):
        return True  # a damaged record of ours: a full build, not a refusal
    state = record.load_state(where)
    return any(writer.still_written(output, name, Written(*entry)) for name, entry in state.outputs.items())


@contextmanager
def _warnings_kept(kept: list[str]) -> Iterator[None]:
    """Collect every warning the engine logs in the block, for the record."""

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            kept.append(record.getMessage())

    engine = logging.getLogger(__package__)
    handler = Keep(logging.WARNING)
    engine.addHandler(handler)
    try:
        yield
    finally:
        engine.removeHandler(handler)


def _nothing_changed(now: Build) -> bool:
    """Same engine, config, theme, episode and media files as last time, every output as it was
    left, and no scheduled episode due since."""
    due = now.state.next_release is not None and now.today.timestamp() >= now.state.next_release
    return (now.state.quick == now.quick + _ledger_mark(now.site) and not due
            and {k: v[:2] for k, v in now.state.sources.items()} == now.stats
            and all(_media_stat(now.site, url) == stat for url, stat in now.state.media.items())
            and all(writer.still_written(now.output, name, known) for name, known in now.known.items()))


def _build(now: Build) -> BuildResult:
    # Imported here so that a build with nothing to do never loads Markdown, Jinja or YAML.
    from .config import load_config
    from .pages import load_pages, nav_links

    config = load_config(now.site)
    pages = load_pages(now.site)
    ledger = anchor_links.load(now.site)
    context = Context(now.site, now.output, config, nav_links(pages))
    cover = _cover(now, context)
    settings = _settings(now.site, context)
    outlines = record.load_outlines(now.place, now.state) if now.state.settings == settings else Outlines()
    sources = _sources(now, outlines)
    search = record.load_search(now.place) if outlines.sources else {}
    writer.remove_stale_temps(now.output)  # left by a build killed outright (SIGKILL, power loss)
    run = Workers(context, now.jobs)
    try:
        return _render(now, run, context, pages, settings, sources, search, cover, config.image, ledger)
    finally:
        run.close()


def _render(now: Build, run: Workers, context: Context, pages: tuple[SitePage, ...], settings: str,
            sources: dict[str, Source], search: dict[str, tuple[str, Any]], cover: list[tuple[str, str]],
            cover_named: str, ledger: dict[str, dict[str, str]]) -> BuildResult:
    from . import offline
    from .errors import SiteError
    from .search_chunks import is_index_file
    from .site_outputs import site_files
    from .views import EpisodeLink, EpisodeView

    config, theme = context.config, context.theme
    heads = _heads(sources, run, now.site)
    previews = {key: why for key, head in heads.items() if (why := _unpublished(head, now.today))}
    order = sorted((key for key in heads if now.drafts or key not in previews),
                   key=lambda key: (-heads[key].number, heads[key].slug))
    uses = {key: known.media if (known := sources[key].known) else _names_files(heads[key]) for key in order}
    media = _media_stats(now.site, cover_named, uses)
    links = {key: EpisodeLink(heads[key].number, heads[key].title, urls.episode_page(heads[key].slug)) for key in order}
    neighbours = {key: (links[order[i + 1]] if i + 1 < len(order) else None, links[order[i - 1]] if i > 0 else None)
                  for i, key in enumerate(order)}
    # An episode whose terms the search record lacks is rendered again, to have them.
    searchable = {key for key in order
                  if (known := sources[key].known) is not None and search.get(key, ("",))[0] == known.inputs}
    entries = {key: ledger.get(_ledger_page(heads[key].slug), {}) for key in order}
    words = _search_dictionary(now, context, [sources[key].path for key in order if key not in previews])
    tasks = _tasks(now, settings, sources, order, neighbours, searchable, previews, media, uses, entries, words)

    staged: list[Staged] = []
    made_output = writer.make_output(now.output)
    record.staging_begun(now.place)
    try:
        done = run(Context.render, tasks)
        staged.extend(s for d in done for s in d.staged)
        problems = [p for d in done for p in d.problems]
        if problems:
            raise SiteError(problems)
        fresh = {shown(now.site, d.path): d.state for d in done}
        search = {key: search[key] for key in order if key not in fresh}
        search.update({shown(now.site, d.path): (d.state.inputs, d.search) for d in done if d.state})
        outlines = Outlines()
        views = []
        for key in order:
            current = fresh.get(key) or sources[key].known
            assert current is not None
            if key not in fresh:
                staged.extend(Staged(n, now.known[n].sha256, None) for n in current.outputs)
            outlines.sources[key] = current
            for note in current.notes:
                log.warning("%s", note)
            views.append(EpisodeView(current.outline, urls.episode_page(current.outline.slug), "", current.toc,
                                     *neighbours[key], preview=previews.get(key, "")))
        _check_links(outlines, pages, config.base_url)
        transcripts = {s.outline.slug: s.transcripts for s in outlines.sources.values()}
        items = {s.outline.slug: s.feed_item for s in outlines.sources.values()}
        # The search index is merged in a worker while the site-wide pages are made here: the merge's
        # memory is the worker's, and a second core has work. Should this process fail meanwhile, the
        # discard below stops the worker first, then removes its temp files with every other.
        last = {name: written for name, written in now.known.items() if is_index_file(name)}
        searching = run.submit(Context.search_files, ([search[key][1] for key in order], last))
        site = [writer.stage(now.output, name, data, now.known.get(name))
                for name, data in site_files(theme, config, pages, views, transcripts, items, words).items()]
        site.extend(searching.result())
        staged.extend(sorted(site, key=lambda s: s.name))
        staged.extend(_copies(now, [c for d in done for c in d.copies] + cover))
        digests = {s.name: s.sha256 for s in staged}
        for name, data in sorted(offline.service_worker_files(theme.environment, digests).items()):
            staged.append(writer.stage(now.output, name, data, now.known.get(name)))
        staged = _shared_once(staged)
        _check_unique(staged)
        plan = writer.prepare(now.output, staged, now.known, now.state.folders)
        _keep_anchors(now.site, ledger, outlines)
        releases = [head.released.timestamp() for head in heads.values()
                    if not head.draft and head.released is not None and head.released > now.today]
        state = BuildState(now.quick + _ledger_mark(now.site), settings, {k: (*now.stats[k], sources[k].sha256) for k in sorted(heads)},
                           {name: (w.size, w.mtime_ns, w.sha256) for name, w in plan.known.items()}, plan.folders,
                           tuple(now.warnings), media, min(releases, default=None))
        writer.commit(now.output, plan, now.place.journal, record.encode(state, outlines, search))
    except writer.CommitError:
        raise  # its journal stays, for the next command to finish
    except BaseException:
        run.close()  # first stop the workers, or they write temp files after the discard
        writer.discard(now.output, staged, made_output)
        record.staging_done(now.place)
        raise
    record.staging_done(now.place)
    record.prune_search_terms(now.place, search)
    _warn_about_size(plan.known)
    removed = tuple(name for name, _ in plan.removals)
    listed = not now.known or bool(removed or plan.kept)  # the user's files are named when it matters
    foreign = writer.foreign_files(now.output, set(plan.known)) if listed else ()
    return BuildResult(len(order), len(tasks), WriteReport(plan.written, plan.unchanged, removed, foreign, plan.kept))


def _unpublished(head: Episode, today: datetime.datetime) -> str:
    """Why an episode is not on the published site yet ("" when it is): a draft, or dated later."""
    if head.draft:
        return "Draft: not published. Set `draft: false` to publish it."
    if head.released is not None and head.released > today:
        return f"Scheduled: published with the first build from {head.released.isoformat(' ')} on."
    return ""


def _names_files(head: Episode) -> tuple[str, ...]:
    """The paths in the site an episode's front matter names: its audio and its image."""
    return tuple(url for url in (head.audio.url if head.audio else "", head.image) if url and "://" not in url)


def _media_stats(site: Path, cover: str, uses: dict[str, tuple[str, ...]]) -> dict[str, tuple[int, int]]:
    """(mtime_ns, size) of every local file the shown episodes and the show name (audio, images): a
    change to one rebuilds what uses it. A missing file is kept as (0, 0), so its arrival is seen."""
    named = {url for files in uses.values() for url in files} | ({cover} if cover else set())
    return {url: _media_stat(site, url) for url in sorted(named) if "://" not in url}


def _media_stat(site: Path, url: str) -> tuple[int, int]:
    """A media file's (mtime_ns, size) as the record keeps it: (0, 0) while it is missing."""
    from .media import source_stat

    return source_stat(site, url) or (0, 0)


def _cover(now: Build, context: Context) -> list[tuple[str, str]]:
    """The show's cover art, to copy when it is a file in the site. When it is nowhere, a warning,
    and pages and the feed go without it rather than link to a missing file."""
    from .media import cover_copy

    copy, warning = cover_copy(now.site, context.config, set(context.theme.static_files()))
    if warning:
        log.warning("%s", warning)
        context.config = replace(context.config, image="")
    return [(copy[0], str(copy[1]))] if copy else []


def _warn_about_size(written: dict[str, Written]) -> None:
    """GitHub Pages publishes sites up to 1 GB: say so before the push fails."""
    from .media import PAGES_SITE_LIMIT

    total = sum(w.size for w in written.values())
    if total > PAGES_SITE_LIMIT:
        log.warning("output/ holds %.1f GB; GitHub Pages publishes sites up to 1 GB: upload the audio elsewhere "
                    "and set `audio_base_url` in site_config.yaml", total / 1e9)


def _tasks(now: Build, settings: str, sources: dict[str, Source], order: list[str],
           neighbours: dict[str, tuple[EpisodeLink | None, EpisodeLink | None]], searchable: set[str],
           previews: dict[str, str], media: dict[str, tuple[int, int]],
           uses: dict[str, tuple[str, ...]], entries: dict[str, dict[str, str]], words: bytes) -> list[Task]:
    """The episodes to render: changed, with a changed neighbour or media file or search dictionary,
    with an output changed by hand, or without their terms in the search record."""
    tasks = []
    dictionary = hashlib.sha256(words).hexdigest()
    for key in order:
        source = sources[key]
        files = [(url, media.get(url)) for url in uses[key]]
        inputs = hashlib.sha256(repr((settings, source.sha256, neighbours[key], previews.get(key, ""),
                                      files, dictionary)).encode()).hexdigest()
        known = source.known
        same = known is not None and known.inputs == _inputs(inputs, entries[key], dict(known.starts))
        if known and same and key in searchable and all(writer.still_written(now.output, n, now.known.get(n))
                                                        for n in known.outputs):
            continue
        outputs = {n: now.known[n] for n in (known.outputs if known else ()) if n in now.known}
        tasks.append(Task(source.path, *neighbours[key], inputs, outputs, previews.get(key, ""), entries[key], words))
    return tasks


def _search_dictionary(now: Build, context: Context, published: list[Path]) -> bytes:
    """The dictionary the search texts are packed with, from the oldest published episodes
    (`published` is newest first); read anew each build, a few files' worth. One that cannot be
    read is left out here: rendering it fails the build, with every other episode's problems."""
    from .content import read_episode
    from .errors import SiteError
    from .search_index import DICTIONARY_EPISODES, dictionary

    oldest = []
    for path in reversed(published[-DICTIONARY_EPISODES:]):
        try:
            oldest.append(read_episode(now.site, path, context.config))
        except SiteError:
            continue
    return dictionary(oldest)


def _inputs(inputs: str, entry: dict[str, str], starts: dict[str, str]) -> str:
    """An episode's fingerprint with the old anchors its page may keep: the same before and after
    the ledger learns the page's current sections, so a build after a build renders nothing."""
    return hashlib.sha256(repr((inputs, sorted(anchor_links.unmatched(entry, starts).items()))).encode()).hexdigest()


def _ledger_page(slug: str) -> str:
    """An episode page's name in the anchor ledger: its address as people share it."""
    return urls.folder(urls.episode_page(slug))


def _ledger_mark(site: Path) -> str:
    """The anchor ledger's part of the quick fingerprint."""
    return ":" + record.files_fingerprint([site / anchor_links.LEDGER])


def _check_links(outlines: Outlines, pages: tuple[SitePage, ...], base_url: str) -> None:
    """Fail when an episode or an extra page links to an episode page or anchor the site does not
    have. (An extra page's body is rendered again here: there are few, and most link nowhere.)"""
    from .errors import SiteError
    from .pages import render_body

    ids = {urls.episode_page(s.outline.slug): frozenset(e.anchor for e in s.toc) | frozenset(s.aliases)
           for s in outlines.sources.values()}
    found = [(key, *link) for key, s in outlines.sources.items() for link in s.links]
    found.extend((str(page.path), *link) for page in pages if "#" in page.body
                 for link in anchor_links.links(render_body(page.body), page.url, base_url, page.body, page.first_line))
    problems = anchor_links.broken(found, ids)
    if problems:
        raise SiteError(problems)


def _keep_anchors(site: Path, ledger: dict[str, dict[str, str]], outlines: Outlines) -> None:
    """Teach the ledger every page's current section anchors (before the commit: an anchor
    remembered for a build that then failed does no harm; one forgotten would)."""
    new = dict(ledger)
    for current in outlines.sources.values():
        page = _ledger_page(current.outline.slug)
        if entry := anchor_links.remembered(ledger.get(page, {}), dict(current.starts)):
            new[page] = entry
    try:
        anchor_links.save(site, ledger, new)
    except OSError as error:
        log.warning("%s could not be written (%s): renamed sections' old anchors will not be kept",
                    anchor_links.LEDGER, error.strerror or error)


def shown(site: Path, path: Path) -> str:
    """An episode file's key in the record: its path relative to the site."""
    return (path.relative_to(site) if path.is_relative_to(site) else path).as_posix()


def _quick_fingerprint(site: Path) -> str:
    """The engine, site_config.yaml, the extra pages and every file of every theme the site could
    use, by bytes."""
    files: list[Path] = []
    for root in (site / "themes", BUILTIN_THEMES, site / PAGES_DIR):
        for folder, _, names in os.walk(root):
            files.extend(Path(folder) / name for name in names)
    return record.engine_fingerprint() + record.files_fingerprint([site / "site_config.yaml", *sorted(files)])


def _stat_sources(site: Path) -> dict[str, tuple[int, int]]:
    """(mtime_ns, size) of every episode file, by its key."""
    stats = {}
    for path in files_inside(site, site / EPISODES_DIR, "*.md"):
        stat = path.stat()
        stats[shown(site, path)] = (stat.st_mtime_ns, stat.st_size)
    return stats


def _settings(site: Path, context: Context) -> str:
    """What every episode's files depend on: the engine, site_config.yaml (and whether its cover
    exists), the templates episode pages use, and the navigation to the extra pages."""
    from .theme import template_fingerprint

    theme = context.theme
    sha = hashlib.sha256()
    sha.update(record.engine_fingerprint().encode())
    sha.update((site / "site_config.yaml").read_bytes())
    sha.update(repr(context.config.image).encode())
    sha.update(template_fingerprint(theme, "episode.html").encode())
    sha.update(theme.catalogs.encode())  # the theme's strings in the site's language
    sha.update(repr(theme.environment.globals["nav_pages"]).encode())  # every page's navigation lists the extra pages
    return sha.hexdigest()


def _sources(now: Build, outlines: Outlines) -> dict[str, Source]:
    """Every episode file, with what the last build knew of it when its bytes are the same."""
    sources = {}
    for key, (mtime_ns, size) in now.stats.items():
        path = now.site / key
        known = outlines.sources.get(key)
        last = now.state.sources.get(key)
        if known and last and last[:2] == (mtime_ns, size):
            sha = last[2]
        else:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            if not (last and last[2] == sha):
                known = None
        sources[key] = Source(path, key, mtime_ns, size, sha, known)
    return sources


def _heads(sources: dict[str, Source], run: "Workers", site: Path) -> dict[str, Episode]:
    """Every episode's front matter (its outline when unchanged); all problems at once."""
    from .content import find_clashes
    from .errors import SiteError

    heads: dict[str, Episode] = {key: s.known.outline for key, s in sources.items() if s.known is not None}
    unknown = [key for key, s in sources.items() if s.known is None]
    problems = []
    for key, (head, errors) in zip(unknown, run(Context.read_head, [sources[key].path for key in unknown])):
        if head is not None:
            heads[key] = head
        else:
            problems.extend(errors)
    problems.extend(find_clashes(list(heads.values()), site))
    if problems:
        raise SiteError(problems)
    return heads


def _cache_templates(theme: Theme, site: Path) -> None:
    """Keep compiled templates between builds: compiling them costs more than a small rebuild."""
    import jinja2

    folder = record.cache_root(site) / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    theme.environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


# --- Reading and rendering episodes, in worker processes when there are many -------------------


class Context:
    """What reading and rendering an episode needs: the site, the output folder, the settings
    and the theme (loaded once per process). A worker process gets it from the pool; forked, it
    inherits the parent's theme, spawned, it loads its own from the pickled settings."""

    def __init__(self, site: Path, output: Path, config: SiteConfig, nav: tuple[NavLink, ...],
                 theme: Theme | None = None) -> None:
        from .theme import load_theme

        self.site, self.output, self.config, self.nav = site, output, config, nav
        self.theme = theme or load_theme(site, config, nav)
        _cache_templates(self.theme, site)

    def __reduce__(self) -> tuple[type, tuple[Path, Path, SiteConfig, tuple[NavLink, ...]]]:
        return Context, (self.site, self.output, self.config, self.nav)

    def read_head(self, path: Path) -> tuple[Episode | None, tuple[Problem, ...]]:
        """One episode file's front matter: (episode, ()) or (None, problems)."""
        from .content import read_episode
        from .errors import SiteError

        try:
            return read_episode(self.site, path, self.config, with_body=False), ()
        except SiteError as error:
            return None, tuple(error.problems)

    def search_files(self, job: tuple[list[EpisodeTerms], dict[str, Written]]) -> list[Staged]:
        """The site's search index made from every episode's terms, staged in name order; `job`
        also holds what the last build wrote of it."""
        from .search_chunks import chunk_files

        terms, known = job
        return [writer.stage(self.output, name, data, known.get(name)) for name, data in sorted(chunk_files(terms).items())]

    def render(self, task: Task) -> Done:
        """Read one episode's file once and stage every file it puts in output/."""
        from . import fast_markup, feed, search_chunks
        from .content import parse_episode, read_episode_text
        from .episode_outputs import episode_files, show_notes
        from .errors import SiteError
        from .front_matter import split as split_front_matter
        from .media import publish_episode
        from .views import EpisodeView

        config = self.config
        try:
            shown, text = read_episode_text(self.site, task.path)
            body = fast_markup.read_body(*split_front_matter(text, shown)[1:], config.allow_html)  # read once
            episode = parse_episode(text, shown, config, sections=body.sections)
            if body.words:
                episode = replace(episode, word_count=body.words)  # counted on the way, not again
            media = _names_files(episode)
            page = urls.episode_page(episode.slug)
            starts = anchor_links.starts(body.sections)
            found = anchor_links.aliases(task.anchors, body.sections)
            inputs = _inputs(task.inputs, task.anchors, starts)
            body_html = anchor_links.with_aliases(body.html, found)
            published = publish_episode(self.site, config, episode, frozenset(self.theme.static_files()))
            episode = published.episode
            view = EpisodeView(episode, page, body_html, body.toc, task.previous, task.next,
                               task.preview)
            files, transcripts, terms = episode_files(self.theme.environment, config, view, task.words)
            files.update(published.files)
            # Kept on disk, not sent back: five thousand episodes' terms would take 110 MB here.
            kept = record.keep_search_terms(record.place(self.site, self.output), inputs,
                                            search_chunks.as_file(terms))
            terms = search_chunks.kept_in(terms, kept)
            staged = tuple(writer.stage(self.output, name, data, task.known.get(name))
                           for name, data in sorted(files.items()))
            copies = tuple(sorted((name, str(file)) for name, file in published.copies))
            outline = episode.outline()
            item = feed.item_xml(config, replace(view, model=outline, html=show_notes(view)), transcripts)
        except SiteError as error:
            return Done(task.path, None, (), tuple(error.problems))
        # Site-wide pages take headings from the toc and the feed item is made: the record keeps no sections.
        outputs = tuple(sorted({s.name for s in staged} | {name for name, _ in copies}))
        links = anchor_links.links(body_html, page, config.base_url, text, 1)
        state = SourceState(replace(outline, sections=()), body.toc, transcripts, item, outputs, inputs,
                            published.notes, media, tuple(sorted(starts.items())), tuple(sorted(found)), links)
        return Done(task.path, state, staged, (), terms, copies)


# The Context of this worker process, given by the pool's initializer: the one thing a task
# sent to another process cannot carry itself (a theme's templates do not pickle cheaply).
_worker: Context | None = None


def _start_worker(context: Context) -> None:
    import multiprocessing
    import signal

    global _worker
    if multiprocessing.parent_process() is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent stops us
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker = context


def _call(job: tuple[Callable[[Context, Any], Any], Any]) -> Any:
    """Run one job in a worker process, with the context its pool gave it."""
    method, item = job
    assert _worker is not None, "a worker process runs jobs only after its pool started it"
    return method(_worker, item)


class Workers:
    """Runs a function over items: in worker processes when there are enough items to pay for
    starting them, else here. One pool serves every stage of a build."""

    def __init__(self, context: Context, jobs: int) -> None:
        self.context = context
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None

    def __call__(self, method: Callable[[Context, Any], Any], items: list[Any]) -> list[Any]:
        """method(context, item) for each item, in order."""
        if self.jobs <= 1 or len(items) < PARALLEL_FROM:
            return [method(self.context, item) for item in items]
        if self.pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            start = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(start),
                                            initializer=_start_worker, initargs=(self.context,))
        jobs = [(method, item) for item in items]
        return list(self.pool.map(_call, jobs, chunksize=max(1, len(items) // (self.jobs * 16))))

    def submit(self, method: Callable[[Context, Any], Any], item: Any) -> "Future[Any]":
        """method(context, item) in a worker process while this one goes on, when the build has
        started its pool; else here, at once."""
        if self.pool is not None:
            return self.pool.submit(_call, (method, item))
        from concurrent.futures import Future

        done: Future[Any] = Future()
        done.set_result(method(self.context, item))
        return done

    def close(self) -> None:
        if self.pool is None:
            return
        pool, self.pool = self.pool, None
        try:
            pool.shutdown(cancel_futures=True)
        except RuntimeError:
            # Ctrl-C came while the pool was starting: its workers were forked but the thread that
            # would hand them work or stop them never ran ("cannot join thread before it is
            # started"), so they have done nothing. Killed, not terminated: a worker still inside
            # fork's aftermath may hold this process's SIGTERM handler, and shrug SIGTERM off.
            import multiprocessing

            for child in multiprocessing.active_children():
                child.kill()
                child.join()


def _copies(now: Build, copies: list[tuple[str, str]]) -> list[Staged]:
    """Stage each file episodes publish as it is, once however many name it; two different files
    for one path is a clash."""
    from .errors import Problem, SiteError

    sources: dict[str, str] = {}
    for name, source in copies:
        if sources.setdefault(name, source) != source:
            raise SiteError(Problem(None, None, f"two files would be published as {name}: {sources[name]} and "
                                                f"{source}; rename one"))
    return [writer.stage_copy(now.output, name, Path(source), now.known.get(name))
            for name, source in sorted(sources.items())]


def _shared_once(staged: list[Staged]) -> list[Staged]:
    """One copy of a file several episodes (or the show) name, like a cover art they share: the
    same bytes at the same path are one output, not a clash."""
    kept: dict[tuple[str, str], Staged] = {}
    for item in staged:
        first = kept.setdefault((item.name, item.sha256), item)
        if first is not item and item.temp and item.temp != first.temp:
            Path(item.temp).unlink(missing_ok=True)
    return list(kept.values())


def _check_unique(staged: list[Staged]) -> None:
    """Two producers writing one path is a bug in a theme or the engine: say so, never overwrite."""
    seen: set[str] = set()
    for item in staged:
        if item.name in seen:
            from .errors import Problem, SiteError
            raise SiteError(Problem(None, None, f"two outputs claim {item.name}; rename one episode's slug"))
        seen.add(item.name)
