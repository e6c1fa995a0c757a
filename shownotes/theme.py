"""The theme: Jinja2 templates and static files, a site's own theme falling back to the default;
rendering a template, with the context every page gets and template mistakes named at their line."""
from __future__ import annotations

import hashlib
import logging
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import jinja2

from . import i18n, urls
from .config import SiteConfig
from .errors import Problem, SiteError, fail

log = logging.getLogger(__name__)

BUILTIN_THEMES = Path(__file__).resolve().parent.parent / "themes"
DEFAULT_THEME = "default"


@dataclass(frozen=True)
class Theme:
    """Where templates and static files are looked up, first folder first."""

    folders: tuple[Path, ...]
    environment: jinja2.Environment
    catalogs: str = ""  # a digest of the translations the templates use (see i18n.load)

    def static_files(self) -> dict[str, Path]:
        """Output-relative name -> source file of every static asset; the site's theme wins.

        A link inside static/ is followed only to a file inside the same theme: one leading
        elsewhere (say to ~/.ssh/id_rsa) would publish that file, so it is skipped with a warning."""
        found: dict[str, Path] = {}
        for folder in reversed(self.folders):
            static = folder / "static"
            theme_root = folder.resolve()
            for path in sorted(static.rglob("*")) if static.is_dir() else []:
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):  # a broken link, or a loop of links
                    log.warning("%s: a link that leads to no file; not published", path)
                    continue
                if not target.is_relative_to(theme_root):  # the file, or static/ itself, links out
                    log.warning("%s: links to %s, outside the theme; not published", path, target)
                    continue
                if target.is_file():
                    found["static/" + path.relative_to(static).as_posix()] = path
        return dict(sorted(found.items()))


def theme_folders(site: Path, name: str) -> tuple[Path, ...]:
    """The named theme, then the site's default theme, then the built-in default."""
    candidates = [site / "themes" / name, site / "themes" / DEFAULT_THEME, BUILTIN_THEMES / DEFAULT_THEME]
    folders: list[Path] = []
    for folder in candidates:
        if folder.is_dir() and folder.resolve() not in [f.resolve() for f in folders]:
            folders.append(folder)
    return tuple(folders)


def load_theme(site: Path, config: SiteConfig, nav_pages: Sequence[Any] = ()) -> Theme:
    """The theme `site_config.yaml` names; a missing theme is an error, not a silent fallback.

    Every template sees `nav_pages` (the extra pages' links, pages.nav_links), for its navigation, and
    the site's language (see i18n.install); page_context gives each the rest."""
    if not (site / "themes" / config.theme).is_dir() and not (BUILTIN_THEMES / config.theme).is_dir():
        raise fail(site / "site_config.yaml", None, f"theme {config.theme!r} not found: expected a folder "
                                                    f"themes/{config.theme}/ with templates/ inside")
    folders = theme_folders(site, config.theme)
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f / "templates") for f in folders]),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # An environment serves one build (serve loads the theme afresh for each), so it need not
        # stat every template file again on each of a thousand pages.
        auto_reload=False,
    )
    language = i18n.load(folders, config.language)
    i18n.install(environment, language)
    environment.globals["nav_pages"] = tuple(nav_pages)
    return Theme(folders, environment, language.digest)


def template_fingerprint(theme: Theme, name: str) -> str:
    """A hash of a template and every template it extends or includes, as this theme resolves them."""
    from jinja2 import meta

    sha = hashlib.sha256()
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source, filename, _ = theme.environment.loader.get_source(theme.environment, current)  # type: ignore[union-attr]
        except jinja2.TemplateNotFound:
            sha.update(f"missing:{current}\n".encode())
            continue
        sha.update(f"{current}\0{filename}\0".encode() + source.encode("utf-8") + b"\0")
        try:
            referenced = meta.find_referenced_templates(theme.environment.parse(source))
        except jinja2.TemplateSyntaxError:
            continue  # rendering reports it with its line
        pending.extend(sorted(r for r in referenced if r is not None))
    return sha.hexdigest()


def page_context(config: SiteConfig, page_path: str, root: str | None = None, **values: Any) -> dict[str, Any]:
    """What every page's template receives: the site, its own output path (`page_path`; "" for a
    page with no address of its own, like 404.html), the relative way back to the site's root (an
    absolute one for a page served at any depth, like 404.html), and `person_url`, `topic_url` and
    `year_url` for links to people, topics and years; then what that kind of page adds (`episode`, `person`, `page`...)."""
    return {"site": config, "page_path": page_path, "root": urls.root(page_path) if root is None else root,
            "person_url": urls.person_page, "topic_url": urls.topic_page, "year_url": urls.year_page, **values}


# What a template calls the objects it receives, for messages about them.
_TEMPLATE_NAMES = {"EpisodeView": "episode", "SiteConfig": "site", "PersonView": "person", "PageView": "page",
                   "EpisodeLink": "episode link", "Episode": "episode.model"}
_PYTHON_OBJECT = re.compile(r"'shownotes\.[\w.]*?(\w+) object'")


def _template_message(error: Exception) -> str:
    """Jinja's message, naming `episode` rather than 'shownotes.views.EpisodeView object'."""
    return _PYTHON_OBJECT.sub(lambda m: f"`{_TEMPLATE_NAMES.get(m.group(1), m.group(1))}`", str(error))


def _template_problem(error: Exception) -> Problem:
    """Point at the template line that failed, not at our code."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return Problem(Path(error.filename or error.name or "template"), error.lineno, f"template error: {error.message}")
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt", ".j2", ".js")):
            return Problem(Path(frame.filename), frame.lineno, f"template error: {_template_message(error)}")
    return Problem(None, None, f"template error: {_template_message(error)}")


def render_template(environment: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render one template; template mistakes become a SiteError naming the template's file and line."""
    try:
        return environment.get_template(name).render(**context)
    except jinja2.TemplateNotFound as error:
        raise SiteError(Problem(None, None, f"template {error.name!r} not found in the theme")) from None
    except jinja2.TemplateError as error:
        raise SiteError(_template_problem(error)) from None
