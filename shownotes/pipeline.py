"""The build, stage by stage: the only place that knows their order."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from . import fast_markup, markup
from .config import load_config
from .content import load_episodes
from .theme import load_theme
from .views import episode_views, render_pages
from .writer import WriteReport, write_output

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    """How many episodes were built and what happened to output/."""

    episodes: int
    report: WriteReport


def build(site: Path, output: Path) -> BuildResult:
    """Read everything, render everything to memory, then write: a failure leaves output/ as it was."""
    config = load_config(site)
    episodes = load_episodes(site, config)
    theme = load_theme(site, config)
    renderer = markup.make_renderer()
    bodies = {episode.slug: fast_markup.render(episode.body) or markup.render(renderer, episode.body)
              for episode in episodes}
    views = list(episode_views(episodes, bodies))
    files: dict[str, bytes] = {}
    files.update({page.path: page.text.encode("utf-8") for page in render_pages(theme.environment, config, views)})
    files.update({name: path.read_bytes() for name, path in theme.static_files().items()})
    files["static/pygments.css"] = markup.code_stylesheet().encode("utf-8")
    # Further outputs (feed, site files, search index) are added here, one step a line.
    report = write_output(output, files)
    return BuildResult(len(episodes), report)
