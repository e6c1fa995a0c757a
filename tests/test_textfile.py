"""Repairing imported text: the lines it skips are exactly lines ftfy would leave as they are."""
from __future__ import annotations

from hypothesis import example, given, settings, strategies as st

from shownotes.textfile import _fixer, repair

SKIPPED = st.text(st.sampled_from([chr(c) for c in range(0x20, 0x7F)] + list("‘’“”–—…")), max_size=80)


@settings(max_examples=300)
@given(SKIPPED)
@example("’’“…—–‘”")
@example("It’s “fine” – really… — ok")
def test_a_line_repair_skips_is_one_ftfy_leaves_alone(line):
    assert _fixer()(line) == line == repair(line)


def test_mojibake_beside_clean_lines_is_still_repaired():
    assert repair("It’s fine.\nNetgateâ€™s Story\nCafÃ© “ok”") == "It’s fine.\nNetgate’s Story\nCafé “ok”"
