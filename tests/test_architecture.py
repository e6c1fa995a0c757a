"""The engine's rooms import only from rooms upstream of them (see ../shared/STYLE.md)."""
from __future__ import annotations

import ast

from .conftest import REPO

PACKAGE = REPO / "shownotes"

# module -> the package modules it may import. Data flows one way:
# transcript -> Episode -> Markdown file;  Markdown file -> Episode -> HTML -> pages -> output/.
ALLOWED = {
    "errors": set(),
    "layout": set(),
    "slugs": set(),
    "anchors": {"model", "slugs"},
    "model": set(),
    "speakers": set(),
    "writer": set(),
    "bootstrap": set(),
    "yamlmap": {"errors"},
    "textfile": {"errors"},
    "config": {"errors", "textfile", "yamlmap"},
    "episode_markdown": {"model"},
    "front_matter": {"episode_markdown", "errors", "model", "yamlmap"},
    "formats.page_scrape": {"errors", "model", "slugs", "speakers"},
    "formats.reading": {"model"},
    "formats.chapters": {"errors", "model", "formats.reading"},
    "formats.draft": {"anchors", "errors", "model", "slugs", "speakers", "formats.chapters"},
    "formats.webvtt": {"anchors", "errors", "speakers", "formats.draft", "formats.reading"},
    "formats.srt": {"errors", "speakers", "formats.draft", "formats.reading"},
    "formats.podcast_json": {"errors", "formats.draft", "formats.reading"},
    "formats.whisper": {"errors", "speakers", "formats.draft", "formats.podcast_json", "formats.reading"},
    "formats.timestamped": {"errors", "speakers", "formats.draft", "formats.reading"},
    "formats.markdown_transcript": {"episode_markdown", "errors", "front_matter", "speakers", "formats.draft",
                                    "formats.page_scrape", "formats.reading"},
    "formats.detect": {"errors", "model", "formats", "formats.draft", "formats.markdown_transcript",
                       "formats.page_scrape", "formats.podcast_json", "formats.srt", "formats.timestamped",
                       "formats.webvtt", "formats.whisper"},
    "importer": {"episode_markdown", "config", "content", "errors", "formats", "formats.page_scrape", "model", "textfile",
                 "formats.chapters", "formats.detect", "formats.draft", "front_matter", "layout"},
    "content": {"config", "errors", "fast_markup", "front_matter", "model", "slugs", "textfile", "yamlmap", "layout"},
    "markup": {"anchors", "model"},
    "fast_markup": {"anchors", "markup", "model"},
    "pages": {"config", "errors", "front_matter", "markup", "slugs", "textfile", "views", "layout"},
    "theme": {"config", "errors", "pages"},
    "views": {"config", "errors", "markup", "model", "slugs"},
    "transcript_files": {"model", "views"},
    "people": {"config", "errors", "model", "views"},
    "chapters": {"config", "views"},
    "feed": {"chapters", "config", "errors", "model", "views"},
    "publish": {"config", "views"},
    "search_index": {"views"},
    "offline": {"views"},
    "episode_outputs": {"chapters", "config", "search_index", "transcript_files", "views"},
    "site_outputs": {"config", "feed", "markup", "people", "publish", "search_index", "theme", "views"},
    "record": {"errors", "markup", "model"},
    "pipeline": {"fast_markup", "markup", "config", "content", "theme", "views", "writer", "errors", "model",
                 "record", "episode_outputs", "site_outputs", "offline", "feed", "pages", "layout", "front_matter"},
    "inbox": {"config", "importer", "layout"},
    "serve": set(),
    "cli": {"config", "errors", "importer", "pipeline", "formats", "inbox", "record", "feed", "views", "serve"},
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
    """The importer writes content/, bootstrap .venv/, record and inbox their cache beside output/;
    only the writer writes output/."""
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name not in ("writer.py", "importer.py", "bootstrap.py", "record.py", "inbox.py"):
            assert "write_bytes(" not in text and "write_text(" not in text and "os.replace(" not in text, path
