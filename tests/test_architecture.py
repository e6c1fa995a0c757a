"""The engine's rooms import only from rooms upstream of them (see ../shared/STYLE.md)."""
from __future__ import annotations

import ast

from .conftest import REPO

PACKAGE = REPO / "shownotes"

# module -> the package modules it may import. Data flows one way:
# transcript -> Episode -> Markdown file;  Markdown file -> Episode -> HTML -> pages -> output/.
ALLOWED = {
    "jsondata": set(),
    "subscribe": {"errors"},
    "vocabulary": set(),
    "errors": set(),
    "i18n": {"errors"},
    "layout": set(),
    "slugs": set(),
    "section_titles": {"slugs", "vocabulary"},
    "urls": {"slugs"},
    "model": set(),
    "segment": {"model", "section_titles", "vocabulary"},
    "anchors": {"model", "slugs"},
    "anchor_links": {"anchors", "errors", "layout", "model"},
    "speakers": set(),
    "writer": {"errors"},
    "bootstrap": set(),
    "yamlmap": {"errors"},
    "textfile": {"errors"},
    "config": {"errors", "subscribe", "textfile", "urls", "yamlmap"},
    "episode_markdown": {"model"},
    "front_matter": {"episode_markdown", "errors", "model", "slugs", "yamlmap"},
    "formats.page_scrape": {"errors", "model", "slugs", "speakers"},
    "formats.reading": {"errors", "model"},
    "formats.paragraphs": set(),
    "formats.identity": set(),
    "formats.chapters": {"errors", "formats.reading", "model"},
    "formats.draft": {"anchors", "errors", "formats.chapters", "formats.identity", "formats.paragraphs", "model",
                      "slugs", "speakers"},
    "formats.webvtt": {"anchors", "errors", "formats.draft", "formats.reading", "speakers"},
    "formats.srt": {"errors", "formats.draft", "formats.reading", "formats.webvtt", "speakers"},
    "formats.podcast_json": {"errors", "formats.draft", "formats.reading"},
    "formats.speech_json": {"errors", "formats.draft", "formats.paragraphs", "formats.podcast_json",
                            "formats.reading"},
    "formats.whisper": {"errors", "formats.draft", "formats.podcast_json", "formats.reading", "speakers"},
    "formats.turn_lines": {"errors", "formats.draft", "formats.reading", "formats.webvtt", "speakers"},
    "formats.markdown_transcript": {"errors", "formats.draft", "formats.page_scrape", "formats.paragraphs",
                                    "formats.turn_lines", "front_matter"},
    "formats.html_transcript": {"errors", "formats.draft", "formats.reading", "speakers"},
    "formats.xml_transcripts": {"errors", "formats.draft", "formats.reading"},
    "formats.delimited": {"errors", "formats.draft", "formats.reading"},
    "formats.detect": {"errors", "formats", "formats.delimited", "formats.draft", "formats.html_transcript",
                       "formats.identity", "formats.markdown_transcript", "formats.page_scrape",
                       "formats.podcast_json", "formats.speech_json", "formats.srt", "formats.turn_lines",
                       "formats.webvtt", "formats.whisper", "formats.xml_transcripts", "model"},
    "formats.feed": {"errors", "model"},
    "formats.html_notes": {"episode_markdown"},
    "markup": {"anchors", "model"},
    "fast_markup": {"anchors", "markup", "model"},
    "content": {"config", "errors", "fast_markup", "front_matter", "layout", "model", "slugs", "textfile", "yamlmap"},
    "sections": {"anchors", "config", "content", "errors", "formats.chapters", "model", "segment", "textfile"},
    "theme": {"config", "errors", "i18n", "urls"},
    "topics": {"config", "errors", "model", "theme", "urls"},
    "pages": {"config", "errors", "front_matter", "layout", "markup", "slugs", "textfile", "theme", "urls"},
    "views": {"config", "markup", "model", "theme", "topics", "urls"},
    "transcript_files": {"model", "urls"},
    "people": {"config", "errors", "model", "theme", "urls", "views"},
    "chapters": {"config", "urls", "views"},
    "audio": set(),
    "media": {"audio", "config", "model", "urls"},
    "importer": {"audio", "config", "content", "episode_markdown", "errors", "formats", "formats.detect",
                 "formats.draft", "formats.identity", "front_matter", "layout", "media", "model", "sections",
                 "textfile"},
    "feed": {"audio", "chapters", "config", "errors", "model", "urls", "views"},
    "publish": {"config", "theme", "urls", "views"},
    "search_index": {"model", "views"},
    "search_chunks": {"search_index"},
    "offline": {"theme"},
    "episode_outputs": {"chapters", "config", "search_chunks", "search_index", "transcript_files", "views"},
    "site_outputs": {"config", "feed", "markup", "pages", "people", "publish", "search_chunks", "search_index", "theme",
                     "topics", "urls", "views"},
    "record": {"errors", "jsondata", "markup", "model", "search_chunks"},
    "pipeline": {"anchor_links", "config", "content", "episode_outputs", "errors", "fast_markup", "feed", "front_matter", "layout",
                 "media", "model", "offline", "pages", "record", "search_chunks", "search_index", "site_outputs", "theme",
                 "urls", "views", "writer"},
    "inbox": {"config", "errors", "importer", "layout"},
    "feed_import": {"config", "content", "episode_markdown", "errors", "formats", "formats.draft", "formats.feed",
                    "front_matter", "importer", "layout", "model", "slugs", "textfile"},
    "check_audio": {"audio", "config", "content", "errors", "front_matter", "layout", "model", "textfile"},
    "serve": {"layout"},
    "cli": {"check_audio", "config", "errors", "feed", "feed_import", "formats", "formats.feed", "importer",
            "inbox", "pipeline", "record", "serve", "urls", "writer"},
}


def package_imports(path) -> set[str]:
    module = path.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", ".")
    depth = module.count(".")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = module.split(".")[: depth - node.level + 1] if node.level > 1 else module.split(".")[:depth]
            prefix = ".".join(base + ([node.module] if node.module else []))
            if node.module:
                found.add(prefix)
            else:
                found.update(".".join(base + [alias.name]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("shownotes"):
            found.add(node.module.removeprefix("shownotes."))
    return found


def test_every_module_is_in_the_table():
    modules = {p.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", ".")
               for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"}
    assert modules == set(ALLOWED)


def test_imports_flow_one_way():
    for path in PACKAGE.rglob("*.py"):
        if path.name == "__init__.py":
            continue
        module = path.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", ".")
        assert package_imports(path) <= ALLOWED[module], f"{module} imports {package_imports(path) - ALLOWED[module]}"


def test_only_the_writer_writes_output():
    """The importer writes content/, bootstrap .venv/, the record its cache, layout the JSON the
    site keeps (the inbox's and the anchors' ledgers); only the writer writes output/."""
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        # (feed_import.py and check_audio.py write episode files in content/, as the importer does.)
        if path.name not in ("writer.py", "importer.py", "bootstrap.py", "record.py", "layout.py", "feed_import.py",
                             "check_audio.py"):
            assert "write_bytes(" not in text and "write_text(" not in text and "os.replace(" not in text, path
