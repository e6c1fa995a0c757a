"""The record's JSON form (shownotes/jsondata.py): written a field and an entry at a time, read back whole."""
from __future__ import annotations

from dataclasses import dataclass, field

import orjson
from hypothesis import given, strategies as st

from shownotes import jsondata


@dataclass(frozen=True)
class Leaf:
    name: str
    sizes: tuple[int, ...] = ()
    data: bytes = b""
    note: str | None = None


@dataclass
class Tree:
    leaves: dict[str, Leaf] = field(default_factory=dict)
    by_number: dict[int, str] = field(default_factory=dict)
    pairs: tuple[tuple[str, int], ...] = ()
    format: int = 1


texts = st.text(max_size=12)
leaves = st.builds(Leaf, texts, st.tuples(st.integers(-2**70, 2**70)) | st.just(()), st.binary(max_size=8),
                   st.none() | texts)
trees = st.builds(Tree, st.dictionaries(texts, leaves, max_size=5), st.dictionaries(st.integers(), texts, max_size=3),
                  st.lists(st.tuples(texts, st.integers(0, 9)), max_size=3).map(tuple), st.integers(0, 9))


@given(trees)
def test_written_a_part_at_a_time_it_is_the_json_of_the_whole_and_reads_back(tree):
    written = jsondata.dumps(tree, Tree)
    assert written == orjson.dumps(jsondata._converters(Tree, ())[0](tree))  # the bytes of the whole, at once
    assert jsondata.loads(bytes(written), Tree) == tree
