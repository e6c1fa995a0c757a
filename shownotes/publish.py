"""What a static host such as GitHub Pages wants beside the pages: sitemap, robots.txt, 404 page, CNAME."""
from __future__ import annotations

from typing import Sequence
from xml.sax.saxutils import escape

import jinja2

from .config import SiteConfig
from . import urls
from .theme import page_context, render_template
from .views import EpisodeView



def sitemap(config: SiteConfig, views: Sequence[EpisodeView], pages: Sequence[str] = ()) -> bytes:
    """sitemap.xml: the index and every episode page, with the episode's date as lastmod where
    known, then the other pages (`pages`: output-relative URLs of extra and people pages) in
    name order, without a date."""
    dates = [v.model.date for v in views if v.model.date is not None]
    entries = [(config.page_url(urls.INDEX), max(dates) if dates else None)]
    entries += [(config.page_url(v.url), v.model.date) for v in views]
    entries += [(config.page_url(url), None) for url in sorted(pages)]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, date in entries:
        lastmod = f"<lastmod>{date.isoformat()}</lastmod>" if date else ""
        lines.append(f"  <url><loc>{escape(url)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(config: SiteConfig) -> bytes:
    """robots.txt: everything may be crawled; here is the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.absolute_url(urls.SITEMAP)}\n".encode("utf-8")


def not_found_page(environment: jinja2.Environment, config: SiteConfig) -> bytes:
    """404.html: GitHub Pages serves it for any missing URL at any depth, so its links start at base_url's path."""
    page = render_template(environment, urls.NOT_FOUND, page_context(config, "", root=config.base_path))
    return page.encode("utf-8")


def site_files(environment: jinja2.Environment, config: SiteConfig, views: Sequence[EpisodeView],
               pages: Sequence[str] = ()) -> dict[str, bytes]:
    """Output-relative path -> bytes of every publishing file; `pages` as for sitemap()."""
    files = {
        # GitHub Pages would otherwise run Jekyll over output/, which hides files starting with "_".
        ".nojekyll": b"",
        urls.ROBOTS: robots(config),
        urls.SITEMAP: sitemap(config, views, pages),
        urls.NOT_FOUND: not_found_page(environment, config),
    }
    if config.custom_domain:
        files["CNAME"] = f"{config.custom_domain}\n".encode("utf-8")
    return files
