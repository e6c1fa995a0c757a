"""The engine's rooms import only from rooms upstream of them (see ../shared/STYLE.md)."""
from __future__ import annotations

import ast

from .conftest import REPO

PACKAGE = REPO / "shownotes"

# module -> the package modules it may import. Data flows one way:
# transcript -> Episode -> Markdown file;  Markdown file -> Episode -> HTML -> pages -> output/.
ALLOWED = {
    "errors": set(),
    "slugs": set(),
    "model": set(),
    "speakers": set(),
    "writer": set(),
    "bootstrap": set(),
    "yamlmap": {"errors"},
    "textfile": {"errors"},
    "config": {"errors", "yamlmap"},
    "episode_markdown": {"model"},
    "formats.page_scrape": {"errors", "model", "slugs", "speakers"},
    "importer": {"episode_markdown", "config", "errors", "formats", "formats.page_scrape", "model", "textfile"},
    "content": {"config", "episode_markdown", "errors", "model", "slugs", "textfile", "yamlmap"},
    "markup": {"slugs"},
    "fast_markup": {"markup", "slugs"},
    "theme": {"config", "errors"},
    "views": {"config", "errors", "markup", "model"},
    "pipeline": {"fast_markup", "markup", "config", "content", "theme", "views", "writer"},
    "cli": {"config", "errors", "importer", "pipeline"},
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
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name not in ("writer.py", "importer.py", "bootstrap.py"):
            assert "write_bytes(" not in text and "write_text(" not in text and "os.replace(" not in text, path
