"""Read a YAML mapping and remember the line of each top-level key, for precise errors."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import fail, quoted

# libyaml's loader when PyYAML was built with it: several times faster on a thousand episodes.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Nesting no front matter needs; far deeper input crashes libyaml's composer outright (a segfault, not an error).
MAX_DEPTH = 100
_NESTING = re.compile(r"[\[{?-]")
_TOP_KEY = re.compile(r"^([^\s#'\"-][^:\n]*?)\s*:(?:\s|$)", re.M)
# The line that closes a front matter block (episodes and pages open theirs with "---\n").
FRONT_MATTER_END = re.compile(r"^---[ \t]*$", re.M)


def _key_lines(text: str, keys: list[str], first_line: int) -> dict[str, int]:
    """Line of each top-level key; a plain regex over column-0 keys, YAML's own marks as fallback."""
    lines = {m.group(1): first_line + text.count("\n", 0, m.start()) for m in _TOP_KEY.finditer(text)}
    if all(k in lines for k in keys):
        return lines
    node = yaml.compose(text, Loader=_LOADER)
    if node is None:
        return lines
    return {str(k.value): first_line + k.start_mark.line for k, _ in node.value}


def _bad_value(text: str, first_line: int) -> tuple[int, str]:
    """(line, value) of the first scalar YAML parses but cannot build, like the date 2024-13-45."""
    try:
        stack = [yaml.compose(text, Loader=_LOADER)]
    except (yaml.YAMLError, RecursionError):
        return first_line, ""
    builder = yaml.SafeLoader("")
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                builder.construct_object(node, deep=True)
            except Exception:  # noqa: BLE001 - whatever the constructor raises, this is the value at fault
                return first_line + node.start_mark.line, node.value
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in reversed(node.value) for item in reversed(pair))
    return first_line, ""


def _check_depth(text: str, path: Path, first_line: int) -> None:
    """Refuse YAML nested deeper than MAX_DEPTH, found from parse events (which libyaml makes without recursing)."""
    if len(text) < 100_000 and len(_NESTING.findall(text)) < MAX_DEPTH:
        return  # too few brackets, dashes or question marks to nest that deep: skip the extra pass
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise fail(path, first_line + (event.start_mark.line if event.start_mark else 0),
                               f"invalid YAML: nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # load reports it, with its line


# An anchor (`&name`), which an alias needs: after a space, a line start or a flow indicator.
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s\[\]{},]", re.M)


def _refuse_aliases(text: str, path: Path, first_line: int) -> None:
    """Refuse YAML aliases (`*name`): nine lines of them expand to gigabytes (an "alias bomb"), and a
    settings file or front matter never needs them."""
    if not _ANCHOR.search(text):
        return  # no anchor, so no alias: skip the extra pass
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                line = first_line + (event.start_mark.line if event.start_mark else 0)
                raise fail(path, line, f"YAML aliases (`*{str(event.anchor)[:40]}`) are not allowed in front matter "
                                       f"or settings: write the value out")
    except yaml.YAMLError:
        return  # load reports it, with its line


def nested_line(text: str, keys: tuple[Any, ...], first_line: int = 1) -> int | None:
    """The line of the deepest of `keys` (a path of mapping keys from the top) the YAML holds,
    to point at a problem inside a nested setting rather than at its top-level key."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except (yaml.YAMLError, RecursionError):
        return None
    line = None
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            break
        for key_node, value_node in reversed(node.value):  # a repeated key: YAML keeps the last
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
                line, node = first_line + key_node.start_mark.line, value_node
                break
        else:
            break
    return line


def load_mapping(text: str, path: Path, first_line: int = 1) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse `text` as a YAML mapping; return it and each key's line in the file.

    `first_line` is the file line the text starts on: PyYAML counts from the block,
    a user counts from the top of the file.
    """
    _check_depth(text, path, first_line)
    _refuse_aliases(text, path, first_line)
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.reader.ReaderError as error:  # a character YAML does not allow; it knows only the offset
        line = first_line + text.count("\n", 0, error.position)
        character = error.character if isinstance(error.character, str) else chr(error.character)
        raise fail(path, line, f"invalid YAML: the character U+{ord(character):04X} is not allowed in YAML; "
                               f"remove it") from None
    except yaml.YAMLError as error:
        mark: Any = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(error, "problem", None) or str(error)
        raise fail(path, line, f"invalid YAML: {problem}") from None
    except RecursionError:
        raise fail(path, first_line, "invalid YAML: nested too deeply") from None
    except (ValueError, TypeError, AttributeError, OverflowError) as error:  # a value YAML cannot build
        line, value = _bad_value(text, first_line)
        raise fail(path, line, f"invalid YAML: cannot read {quoted(value)}: {error}") from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise fail(path, first_line, f"expected a mapping of `key: value` lines, found {type(data).__name__}")
    data = {str(k): v for k, v in data.items()}
    return data, _key_lines(text, list(data), first_line)
