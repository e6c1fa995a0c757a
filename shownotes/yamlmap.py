"""Read a YAML mapping and remember the line of each top-level key, for precise errors."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import fail

# libyaml's loader when PyYAML was built with it: several times faster on a thousand episodes.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TOP_KEY = re.compile(r"^([^\s#'\"-][^:\n]*?)\s*:(?:\s|$)", re.M)


def _key_lines(text: str, keys: list[str], first_line: int) -> dict[str, int]:
    """Line of each top-level key; a plain regex over column-0 keys, YAML's own marks as fallback."""
    lines = {m.group(1): first_line + text.count("\n", 0, m.start()) for m in _TOP_KEY.finditer(text)}
    if all(k in lines for k in keys):
        return lines
    node = yaml.compose(text, Loader=_LOADER)
    return {str(k.value): first_line + k.start_mark.line for k, _ in node.value}


def load_mapping(text: str, path: Path, first_line: int = 1) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse `text` as a YAML mapping; return it and each key's line in the file.

    `first_line` is the file line the text starts on: PyYAML counts from the block,
    a user counts from the top of the file.
    """
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(error, "problem", None) or str(error)
        raise fail(path, line, f"invalid YAML: {problem}") from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise fail(path, first_line, f"expected a mapping of `key: value` lines, found {type(data).__name__}")
    data = {str(k): v for k, v in data.items()}
    return data, _key_lines(text, list(data), first_line)
