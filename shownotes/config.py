"""site_config.yaml: the site's settings, checked and typed."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import Problem, SiteError, fail
from .yamlmap import load_mapping

CONFIG_NAME = "site_config.yaml"
EPISODES_DIR = Path("content") / "episodes"


@dataclass(frozen=True)
class SiteConfig:
    """Every setting a site may have; see the README for what each one does."""

    title: str
    description: str = ""
    base_url: str = "http://localhost:8000/"
    author: str = ""
    language: str = "en"
    host: tuple[str, ...] = ()
    theme: str = "default"
    aliases: dict[str, str] = field(default_factory=dict)

    def canonical_speaker(self, name: str) -> str:
        """The name a speaker is known by, after aliases."""
        return self.aliases.get(name, name)


def _as_names(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _check(key: str, value: Any) -> tuple[Any, str | None]:
    """Return (typed value, None) or (None, what is wrong)."""
    if key in ("title", "description", "base_url", "author", "language", "theme"):
        if isinstance(value, str):
            return value, None
        return None, f"`{key}` must be text, not {type(value).__name__}"
    if key == "host":
        names = _as_names(value)
        return (names, None) if names is not None else (None, "`host` must be a name or a list of names")
    if key == "aliases":
        if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return dict(value), None
        return None, "`aliases` must map each misspelt or alternative name to the speaker's name"
    raise AssertionError(key)


def load_config(site: Path) -> SiteConfig:
    """Read and check `site/site_config.yaml`; report every problem at once."""
    path = site / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise fail(path, None, f"no {CONFIG_NAME} here; is --site pointing at the folder that holds it?") from None
    data, lines = load_mapping(text, path)
    known = {f.name for f in fields(SiteConfig)}
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            problems.append(Problem(path, lines.get(key), f"unknown setting `{key}` (known: {', '.join(sorted(known))})"))
            continue
        typed, error = _check(key, value)
        if error:
            problems.append(Problem(path, lines.get(key), error))
        else:
            values[key] = typed
    if "title" not in data:
        problems.append(Problem(path, 1, "`title` is required: the show's name"))
    if "base_url" in values and not values["base_url"].endswith("/"):
        values["base_url"] += "/"
    if problems:
        raise SiteError(problems)
    return SiteConfig(**values)
