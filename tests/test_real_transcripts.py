"""Real transcripts from other shows, as their podcasters publish them, import right with no
flags: speakers, turns, headings, times, words, readable paragraphs, episode number and title,
and a written file that loads back the same (tests/real_corpus.py says how each is checked).
`python3 benchmarks/import_corpus.py` prints the same checks as a table."""
from __future__ import annotations

import pytest

from .real_corpus import MANIFEST, check


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_each_real_transcript_imports_right(entry):
    result = check(entry)
    assert not result.error
    failed = {name: result.found.get(name) for name, ok in result.checks.items() if ok is False}
    assert not failed, f"{entry['file']} ({entry['shape']}): {failed}"
