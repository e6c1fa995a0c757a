"""The theme: Jinja2 templates and static files, a site's own theme falling back to the default."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import pages as site_pages
from .config import SiteConfig
from .errors import fail

log = logging.getLogger(__name__)

BUILTIN_THEMES = Path(__file__).resolve().parent.parent / "themes"
DEFAULT_THEME = "default"


@dataclass(frozen=True)
class Theme:
    """Where templates and static files are looked up, first folder first."""

    folders: tuple[Path, ...]
    environment: jinja2.Environment
    pages: tuple[site_pages.SitePage, ...] = ()  # content/pages/*.md, in navigation order

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

    def page_files(self, config: SiteConfig) -> dict[str, bytes]:
        """Output-relative path -> bytes of the site's extra pages (content/pages/), rendered by this theme."""
        return site_pages.page_files(self.environment, config, self.pages)


def theme_folders(site: Path, name: str) -> tuple[Path, ...]:
    """The named theme, then the site's default theme, then the built-in default."""
    candidates = [site / "themes" / name, site / "themes" / DEFAULT_THEME, BUILTIN_THEMES / DEFAULT_THEME]
    folders: list[Path] = []
    for folder in candidates:
        if folder.is_dir() and folder.resolve() not in [f.resolve() for f in folders]:
            folders.append(folder)
    return tuple(folders)


def load_theme(site: Path, config: SiteConfig) -> Theme:
    """The theme `site_config.yaml` names; a missing theme is an error, not a silent fallback.

    Every template sees the site's extra pages as `nav_pages`, for its navigation."""
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
    pages = site_pages.load_pages(site)
    environment.globals["nav_pages"] = site_pages.nav_links(pages)
    return Theme(folders, environment, pages)


def template_fingerprint(theme: Theme, name: str) -> str:
    """A hash of a template and every template it extends or includes, as this theme resolves them."""
    import hashlib

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
