"""Hostile input renders as text everywhere it lands: pages, feed, JSON transcripts and the search index.

Every payload below, if it ever ran, would set `window.__xss`; the pages are checked here with a
real HTML parser (html5lib, as browsers parse), and in Chromium by tests/browser/test_xss.py.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from shownotes.markup import drop_unsafe_urls, is_unsafe_url, make_renderer, render
from shownotes.pipeline import build

from .conftest import write_files
from .test_search_index import dictionary, unpack

RUN = "window.__xss=1"
PAYLOADS = [
    f"<script>{RUN}</script>",
    f"</script><script>{RUN}</script>",
    f"<img src=x onerror={RUN}>",
    f'"><svg onload="{RUN}">',
    f"'><body onload={RUN}>",
    f'<a href="javascript:{RUN}">a</a>',
    f"[b](javascript:{RUN})",
    f"[c](java&#x73;cript:{RUN})",
    f"[d](&#106;avascript:{RUN})",
    f"[e]( JaVaScRiPt:{RUN})",
    f"![f](javascript:{RUN})",
    "[g](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)",
    f'<iframe srcdoc="<script>{RUN}</script>"></iframe>',
    f"<math><mi xlink:href=\"javascript:{RUN}\">m</mi></math>",
    f"`<script>{RUN}</script>`",
    "{{ 7 * 7 }} {% raw %}",
    "<!-- ]]> \u2028 \u2029 </title></textarea></style>",
]
TEXT = " ".join(PAYLOADS)
# Names and one-line values get payloads that fit in YAML flow lists and Markdown bold labels.
NAMES = [f"<img src=x onerror={RUN}>", f"</script><script>{RUN}</script>", f'Eve "><svg onload={RUN}>']


def yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML strings


def hostile_files(allow_html: bool = False) -> dict[str, str]:
    """A site with a payload in every field a stranger's transcript or a careless edit can fill."""
    config = (f"title: {yaml_text('Show ' + PAYLOADS[0])}\n"
              f"description: {yaml_text(PAYLOADS[2])}\n"
              f"author: {yaml_text(PAYLOADS[1])}\n"
              "base_url: https://example.org/show/\n"
              f"host: {yaml_text(NAMES[0])}\n"
              f"allow_html: {'true' if allow_html else 'false'}\n"
              "people:\n"
              f"  {yaml_text(NAMES[1])}:\n"
              f"    bio: {yaml_text(TEXT)}\n"
              "    link: https://example.org/?q=%22%3E%3Cscript%3E\n")
    speakers = ", ".join(yaml_text(n) for n in NAMES)
    body = "\n\n".join([
        f"**{NAMES[0]}:** {TEXT}",
        f"## Heading {PAYLOADS[0]} {PAYLOADS[2]}",
        *[f"**{NAMES[i % 3]}:** {payload}" for i, payload in enumerate(PAYLOADS)],
        f"## {PAYLOADS[7]}",
        f"**{NAMES[2]}:** [00:01:02] {PAYLOADS[3]}",
    ]) + "\n"
    episode = (f"---\ntitle: {yaml_text('Title ' + PAYLOADS[1])}\nnumber: 1\n"
               f"description: {yaml_text(PAYLOADS[2] + ' ' + PAYLOADS[4])}\n"
               f"hosts: [{yaml_text(NAMES[0])}]\nguests: [{yaml_text(NAMES[1])}, {yaml_text(NAMES[2])}]\n"
               f"speakers: [{speakers}]\ndate: 2024-05-31\n"
               f"audio:\n  url: {yaml_text('https://cdn.example.org/a.mp3?x=' + chr(34) + '><script>' + RUN)}\n"
               "  length: 1000\n  duration: 1:02:03\n  type: audio/mpeg\n"  # typed: a payload there is an error
               f"guid: {yaml_text(PAYLOADS[1] + ']]>')}\n---\n\n{body}")
    second = f"---\ntitle: {yaml_text(PAYLOADS[5])}\nnumber: 2\ndescription: {yaml_text(TEXT)}\n---\n\n{body}"
    return {"site_config.yaml": config, "content/episodes/001-hostile.md": episode,
            "content/episodes/002-second.md": second}


def build_hostile(root: Path, allow_html: bool = False) -> Path:
    """Build the hostile site under root; return its output folder."""
    site = root / "site"
    write_files(site, hostile_files(allow_html))
    output = root / "output"
    build(site, output)
    return output


@pytest.fixture(scope="module")
def hostile_output(tmp_path_factory) -> Path:
    return build_hostile(tmp_path_factory.mktemp("hostile"))


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


RISKY = ("script", "iframe", "object", "embed", "svg", "math", "style", "base", "form", "textarea", "meta", "link")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster", "content")


@pytest.fixture(scope="module")
def theme_allowance(tmp_path_factory) -> dict[str, int]:
    """How many of each risky element the theme itself puts on a page, from the same site with plain words."""
    root = tmp_path_factory.mktemp("plain")
    files = {name: re.sub(r"window\.__xss=1|[<>]|javascript|data:|java&#x73;cript|&#106;avascript", "plain", text)
             for name, text in hostile_files().items()}
    write_files(root / "site", files)
    build(root / "site", root / "output")
    allowance: dict[str, int] = {}
    for path in html_pages(root / "output"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")
        for tag in RISKY:
            allowance[tag] = max(allowance.get(tag, 0), len(page.find_all(tag)))
    return allowance


def theme_scripts(output: Path) -> set[str]:
    """The theme's own script files: the only scripts a page may load."""
    return {p.relative_to(output).as_posix() for p in (output / "static").rglob("*.js")}


def unsafe_things(page: BeautifulSoup, scripts: set[str], allowance: dict[str, int]) -> list[str]:
    """Everything in a parsed page that could run code and did not come from the theme."""
    found = []
    for element in page.find_all(True):
        for name, value in element.attrs.items():
            values = value if isinstance(value, list) else [value]
            if name.lower().startswith("on"):
                found.append(f"<{element.name} {name}=...>")
            if name.lower() in URL_ATTRIBUTES and any(is_unsafe_url(v) for v in values):
                found.append(f"<{element.name} {name}={values[0]!r}>")
        if element.name == "script":
            src = re.sub(r"^(\.\./)*|^/show/", "", element.get("src", ""))
            if src not in scripts or element.string:
                found.append(f"<script src={element.get('src')!r}>{element.string or ''}</script>")
    for tag in RISKY:
        if len(page.find_all(tag)) > allowance.get(tag, 0):
            found.append(f"{len(page.find_all(tag))} <{tag}> elements, the theme has {allowance.get(tag, 0)}")
    return found


def test_no_page_has_a_script_or_handler_from_content(hostile_output, theme_allowance):
    scripts = theme_scripts(hostile_output)
    pages = html_pages(hostile_output)
    assert len(pages) >= 6  # index, two episodes, people, 404
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")
        assert unsafe_things(page, scripts, theme_allowance) == [], path


def test_payloads_show_as_the_characters_typed(hostile_output):
    page = BeautifulSoup((hostile_output / "episodes/001-hostile/index.html").read_text(encoding="utf-8"),
                         "html5lib")
    text = page.get_text()
    for payload in (PAYLOADS[0], PAYLOADS[1], PAYLOADS[2], PAYLOADS[4], "{{ 7 * 7 }} {% raw %}", *NAMES):
        assert payload in text
    assert "49" not in text  # no template ran on content
    assert page.h1.get_text() == "Title " + PAYLOADS[1]
    labels = [label.get_text().removesuffix(":") for label in page.select(".turn b")]
    assert set(labels) == set(NAMES)
    assert [s.get_text() for s in page.select(".turn b")][:1] == [NAMES[0] + ":"]


def test_the_feed_is_well_formed_and_its_html_holds_no_script(hostile_output):
    root = ET.parse(hostile_output / "feed.xml").getroot()  # expat: any unescaped markup fails here
    items = root.findall("./channel/item")
    assert len(items) == 2
    assert root.findtext("./channel/title") == "Show " + PAYLOADS[0]
    item = next(i for i in items if i.findtext("itunes:episode", namespaces={
        "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}) == "1")
    assert item.findtext("title") == "Title " + PAYLOADS[1]
    notes = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    page = BeautifulSoup(notes, "html5lib")
    assert unsafe_things(page, set(), {}) == []
    for element in root.iter():
        assert not any(is_unsafe_url(v) for v in element.attrib.values()), element.attrib


def test_json_files_and_the_search_index_keep_the_text_and_cannot_end_a_script(hostile_output):
    said = []
    for script in (hostile_output / "search").rglob("*.js"):
        text = script.read_text(encoding="utf-8")
        assert not re.search(r"</script|<!--|<script|\u2028|\u2029", text, re.I), script
        if text.startswith("window.ShownotesSearch.text("):
            packed = json.loads("[" + text[text.index("(") + 1:text.rindex(")")] + "]", strict=False)[-1]
            title, _, _, sections = json.loads(unpack(packed, dictionary(hostile_output)))
            said.extend(json.dumps([title, heading, turns], ensure_ascii=False) for heading, _, turns in sections)
    assert any("Title " + PAYLOADS[1] in s or PAYLOADS[5] in s for s in said)
    assert any("</script><script>" in s for s in said)  # the text itself is all there, only escaped
    for path in hostile_output.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_trusted_html_keeps_markup_but_never_a_javascript_url():
    trusted = make_renderer(allow_html=True)
    body = ('Some <em>trusted</em> <a href="java&#x73;cript:x()" title="t">link</a> '
            '<img src=" javascript:x()" alt="i"> [md](javascript:x())\n\n'
            '<div class="box"><a href="https://example.org/">ok</a> <form action="data:text/html,x"></form></div>\n')
    html = render(trusted, body).html
    page = BeautifulSoup(html, "html5lib")
    assert page.find("em").get_text() == "trusted" and page.select_one("div.box") is not None
    assert page.select_one("div.box a")["href"] == "https://example.org/"
    assert [a.get("href") for a in page.find_all("a")] == [None, None, "https://example.org/"]
    assert page.find("img").get("src") is None and page.find("form").get("action") is None
    assert page.find("a", title="t").get_text() == "link"
    escaped = render(make_renderer(), body).html
    assert BeautifulSoup(escaped, "html5lib").find("em") is None  # untrusted: shown as typed


@pytest.mark.parametrize("url,unsafe", [
    ("javascript:x()", True), (" JAVASCRIPT:x()", True), ("java\tscript:x()", True), ("java&#x73;cript:x()", True),
    ("&#x6A;avascript:x()", True), ("vbscript:x", True), ("data:text/html,x", True), ("\x01javascript:x", True),
    ("https://example.org/javascript:x", False), ("#t=00:01", False), ("mailto:a@b.org", False), ("x.html", False),
])
def test_unsafe_urls_are_recognised_however_they_are_spelt(url, unsafe):
    assert is_unsafe_url(url) is unsafe


def test_raw_html_loses_only_unsafe_attributes():
    raw = '<p class="x">\n<a title="t" href="javascript:go()" id="y">l</a><img src="data:x" alt="a" />\n</p>'
    assert drop_unsafe_urls(raw) == '<p class="x">\n<a title="t" id="y">l</a><img alt="a" />\n</p>'
    assert drop_unsafe_urls('<a href="https://e.org/?a=1&amp;b=2">k</a>') == '<a href="https://e.org/?a=1&amp;b=2">k</a>'


def test_the_checker_sees_what_it_looks_for(theme_allowance):
    bad = BeautifulSoup('<p onclick="x">a</p><a href="java&#x73;cript:x">b</a><script>x()</script>'
                        '<script src="https://cdn.example.org/x.js"></script><iframe></iframe>', "html5lib")
    found = unsafe_things(bad, {"static/search.js"}, theme_allowance)
    assert len(found) == 5, found


def test_extra_pages_drop_javascript_links_however_they_are_spelt(make_site, tmp_path):
    site = make_site({"content/pages/about.md": f"---\ntitle: About\n---\n\n{PAYLOADS[7]} {PAYLOADS[8]} {PAYLOADS[9]}\n"})
    build(site, tmp_path / "out")
    page = BeautifulSoup((tmp_path / "out/pages/about/index.html").read_text(encoding="utf-8"), "html5lib")
    assert [a["href"] for a in page.select("main a[href]") if is_unsafe_url(a["href"])] == []
