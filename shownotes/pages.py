"""content/pages/*.md -> the site's extra pages (About, Contact...) at pages/SLUG/index.html,
each linked from every page's navigation."""
from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import front_matter
from .config import SiteConfig
from .errors import Problem, SiteError, quoted
from .layout import PAGES_DIR, files_inside
from .markup import PERMALINK_TITLE, HeadingAnchors, is_unsafe_url
from .slugs import slugify
from .textfile import decode
from . import urls
from .theme import page_context, render_template

TEMPLATE = "page.html"
FIELDS = ("title", "nav_order", "description")


@dataclass(frozen=True)
class SitePage:
    """One extra page: its front matter, its Markdown, and where it was read from."""

    slug: str
    title: str
    body: str
    nav_order: int | None = None  # pages with a nav_order come first, lowest first; then the rest by title
    description: str = ""
    path: Path | None = None
    first_line: int = 1  # the body's first line in its file

    @property
    def url(self) -> str:
        """Output-relative URL of the page; a file, so links work from disk too."""
        return urls.extra_page(self.slug)


@dataclass(frozen=True)
class NavLink:
    """One entry of the site's navigation, as templates receive it in `nav_pages`."""

    title: str
    url: str


@dataclass(frozen=True)
class PageView:
    """What page.html receives as `page`: the page and its body as HTML."""

    title: str
    description: str
    url: str
    html: str


def page_sources(site: Path) -> list[Path]:
    """The site's page files in name order: what every page's navigation, and each page, depends on."""
    return files_inside(site, site / PAGES_DIR, "*.md")


def parse_page(text: str, path: Path) -> SitePage:
    """One page file's text -> SitePage; raises SiteError listing all its problems."""
    yaml_text, body, first_line = front_matter.split(text, path, keys="`title: ...`")
    data, lines = front_matter.load(yaml_text, path)
    problems: list[Problem] = []
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(path, lines.get("title", 1), "`title` is required and must be text"))
        title = ""
    order = data.get("nav_order")
    if order is not None and (not isinstance(order, int) or isinstance(order, bool)):
        problems.append(Problem(path, lines.get("nav_order"), f"`nav_order` must be a whole number like "
                                                              f"`nav_order: 1`, not {quoted(order)}"))
        order = None
    description = data.get("description", "")
    if not isinstance(description, str):
        problems.append(Problem(path, lines.get("description"), "`description` must be text"))
        description = ""
    for key in sorted(set(data) - set(FIELDS)):
        problems.append(Problem(path, lines.get(key), f"unknown field `{key}` (known: {', '.join(FIELDS)})"))
    slug = slugify(path.stem)
    if not slug:
        problems.append(Problem(path, None, "the file name must contain letters or digits: it names the "
                                            "page's address, pages/NAME/"))
    if problems:
        raise SiteError(problems)
    return SitePage(slug, title.strip(), body, order, description.strip(), path, first_line)


def load_pages(site: Path) -> tuple[SitePage, ...]:
    """Every page, in navigation order; all problems of all files in one SiteError."""
    pages: list[SitePage] = []
    problems: list[Problem] = []
    for path in page_sources(site):
        shown = path.relative_to(site) if path.is_relative_to(site) else path
        try:
            pages.append(parse_page(decode(path.read_bytes(), shown), shown))
        except SiteError as error:
            problems.extend(error.problems)
    owners: dict[str, Path | None] = {}
    for page in pages:
        if page.slug in owners:
            problems.append(Problem(page.path, None, f"{owners[page.slug]} and {page.path} would both be "
                                                     f"{page.url}; rename one"))
        owners.setdefault(page.slug, page.path)
    if problems:
        raise SiteError(problems)
    return tuple(sorted(pages, key=lambda p: (p.nav_order is None, p.nav_order or 0, p.title.casefold(), p.slug)))


def nav_links(pages: tuple[SitePage, ...]) -> tuple[NavLink, ...]:
    """The navigation every page shows: each page's title and URL, in order."""
    return tuple(NavLink(page.title, page.url) for page in pages)


class _SafeLinks(Treeprocessor):
    """A page is written by the site's author, yet a `javascript:` link stays a mistake: drop it."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                if is_unsafe_url(element.get(attribute, "")):
                    del element.attrib[attribute]


class _PageExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # As in transcripts, raw HTML shows as the characters typed: the theme owns the markup.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "shownotes_safe_links", 1)
        md.treeprocessors.register(HeadingAnchors(md), "shownotes_anchors", 6)  # an episode's rule, before toc (5)


def render_body(text: str) -> str:
    """A page's Markdown as HTML; headings get the same anchors and self-links as an episode's."""
    md = markdown.Markdown(
        extensions=[_PageExtension(), "tables", "fenced_code", "toc"],
        extension_configs={"toc": {"permalink": "#", "permalink_class": "anchor", "permalink_title": PERMALINK_TITLE,
                                   "toc_depth": "2-3"}},
        output_format="html",
    )
    return md.convert(text)


def page_files(environment: jinja2.Environment, config: SiteConfig, pages: tuple[SitePage, ...]) -> dict[str, bytes]:
    """Output-relative path -> bytes of every extra page; every template problem is reported."""
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for page in pages:
        view = PageView(page.title, page.description or config.description, page.url, render_body(page.body))
        context = page_context(config, page.url, page=view, page_title=page.title)
        try:
            files[page.url] = render_template(environment, TEMPLATE, context).encode("utf-8")
        except SiteError as error:
            problems.extend(p for p in error.problems if p not in problems)
    if problems:
        raise SiteError(problems)
    return files
