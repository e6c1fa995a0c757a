"""Which `##` heading of a rendered page each section of the episode model starts at."""
from __future__ import annotations

from typing import Iterable

from .markup import TocEntry
from .model import Section


def second_level(entries: Iterable[TocEntry]) -> list[TocEntry]:
    """Every `##` heading of a table of contents, in page order: the ones sections start with."""
    found: list[TocEntry] = []
    for entry in entries:
        if entry.level == 2:
            found.append(entry)
        found.extend(second_level(entry.children))
    return found


def section_anchors(sections: Iterable[Section], toc: tuple[TocEntry, ...]) -> list[str | None]:
    """Each section's heading anchor on the page; None for the untitled opening.

    Sections and `##` headings come in the same order; matching their titles keeps a heading
    the model has no section for (one inside a list, say) from shifting the rest. A section
    whose title matches no heading takes the next one in order.
    """
    headings = second_level(toc)
    anchors: list[str | None] = []
    position = 0
    for section in sections:
        if section.heading is None:
            anchors.append(None)
            continue
        wanted = " ".join(section.heading.split())
        match = next((i for i in range(position, len(headings)) if " ".join(headings[i].title.split()) == wanted),
                     position if position < len(headings) else None)
        anchors.append(headings[match].anchor if match is not None else None)
        if match is not None:
            position = match + 1
    return anchors
