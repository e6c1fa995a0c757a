"""Read a YAML mapping and remember the line of each top-level key, for precise errors."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import fail


def load_mapping(text: str, path: Path, first_line: int = 1) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse `text` as a YAML mapping; return it and each key's line in the file.

    `first_line` is the file line the text starts on: PyYAML counts from the block,
    a user counts from the top of the file.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(error, "problem", None) or str(error)
        raise fail(path, line, f"invalid YAML: {problem}") from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise fail(path, first_line, f"expected a mapping of `key: value` lines, found {type(data).__name__}")
    lines: dict[str, int] = {}
    for key_node, _ in node.value:
        lines[str(key_node.value)] = first_line + key_node.start_mark.line
    return {str(k): v for k, v in data.items()}, lines
