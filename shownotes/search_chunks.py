"""Every episode's terms -> the site's search index, split by term into small scripts.

- `search/index.js`: how many documents (sections) there are, how many chunks of each kind, and
  the show's common words: those said in over half its sections, whose postings a query with a
  rarer word does without (see is_common);
- `search/c/<n>.js`: the chunk for the terms whose CRC-32 ends in n: each term's count of
  sections and its postings (the best sections of the episodes that say it most);
- `search/w/<n>.js`: the words, by their first three and last three letters, for completing a
  word being typed and for forgiving a typo without loading every word of the site; in the
  first-three-letters lists, a rare word carries its postings too (see INLINE_UP_TO).

A query loads its terms' chunks, a misspelt or unfinished word one or two word lists (and the
chunks of the words it stands for, unless their postings came with the list), then the text of
the sections it shows (search_index.py). The number of chunks grows with the index, a
power of two, so a chunk stays a few kilobytes at any size, and the same input always gives
the same files: adding an episode rewrites only the chunks of the terms it says.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, replace
from typing import Iterator
from pathlib import Path

from .search_index import SEARCH_DIR, TEXTS_A_FILE, number, script

META = f"{SEARCH_DIR}/index.js"
CHUNK_FOLDERS = (f"{SEARCH_DIR}/c/", f"{SEARCH_DIR}/w/")  # the chunks' and the word lists' (see _scripts)
GROUPS = 32  # an episode's terms are kept in this many packed parts: merging takes one part at a time
PASSES = 8  # merging reads each episode's file this many times, an eighth of its parts each time
EVERY_SECTION_UP_TO = 64  # a term said in at most this many episodes keeps every section that says it
EPISODES_A_TERM = 400  # a term said in more episodes keeps those where it weighs most
CHUNK_BYTES = 6000  # the size a chunk aims at
WORDS_A_KEY = 300  # a word list keeps this many of the commonest words for each key
FUZZY_FROM = 5  # letters a word needs before search.js forgives a typo in it (see search.js)
# A word whose postings take at most this many characters (most words said in up to five sections)
# has them in its first-three-letters word list as well as in its chunk: a misspelt rare word, a
# name most often, is then found with no third round of loading, for about 2% more index.
INLINE_UP_TO = 16


@dataclass(frozen=True)
class EpisodeTerms:
    """One episode's terms, packed: its number, its documents, and GROUPS deflated parts, in
    memory or in a file (see keep): five thousand episodes' terms take about 110 MB."""

    number: int
    documents: int
    parts: tuple[bytes, ...] = ()
    path: str = ""


def as_file(terms: EpisodeTerms) -> bytes:
    """The parts as one file: their offsets, then the parts (record.py keeps it beside output/)."""
    offsets = [0]
    for part in terms.parts:
        offsets.append(offsets[-1] + len(part))
    return struct.pack(f"<{GROUPS + 1}I", *offsets) + b"".join(terms.parts)


def kept_in(terms: EpisodeTerms, path: Path) -> EpisodeTerms:
    """The terms without their parts, which are in the file at `path` (as_file): the build then
    holds a few numbers an episode, and reads the parts back an eighth at a time."""
    return replace(terms, parts=(), path=str(path))


def _parts(terms: EpisodeTerms, first: int, last: int) -> dict[int, bytes]:
    """Parts first..last-1 of an episode's terms."""
    if not terms.path:
        return {g: terms.parts[g] for g in range(first, last)}
    header = 4 * (GROUPS + 1)
    with open(terms.path, "rb") as handle:
        offsets = struct.unpack(f"<{GROUPS + 1}I", handle.read(header))
        handle.seek(header + offsets[first])
        data = handle.read(offsets[last] - offsets[first])
    return {g: data[offsets[g] - offsets[first]:offsets[g + 1] - offsets[first]] for g in range(first, last)}


def group(term: str) -> int:
    """Which chunk a term belongs to, before the chunk count is applied (search.js: crc32)."""
    return zlib.crc32(term.encode("utf-8"))


def pack(episode_number: int, documents: int, found: dict[str, tuple[int, int, str, str]]) -> EpisodeTerms:
    """An episode's terms (search_index.episode_terms) as a few deflated parts: small to keep."""
    lines: list[list[str]] = [[] for _ in range(GROUPS)]
    for term in sorted(found):
        count, best, every, some = found[term]
        lines[group(term) % GROUPS].append(f"{term}\t{count}\t{best}\t{every}\t{some}")
    return EpisodeTerms(episode_number, documents,
                        tuple(zlib.compress("\n".join(part).encode("utf-8"), 1) if part else b"" for part in lines))


def _power_of_two(total: int, each: int) -> int:
    count = 1
    while count * each < total:
        count *= 2
    return count


def merge(episodes: list[EpisodeTerms]) -> Iterator[dict[str, tuple[int, str]]]:
    """term -> (sections holding it, its postings in the whole site), one part at a time: the
    terms of one of GROUPS parts (group(term) % GROUPS), so the whole index is never in memory.

    Postings are episodes in number order, each as number(gap from the previous episode's
    number) and its sections. A term said in more than EVERY_SECTION_UP_TO episodes keeps each
    one's best sections only, and in more than EPISODES_A_TERM, the episodes where its best
    section weighs most."""
    ordered = sorted(episodes, key=lambda e: e.number)
    each = GROUPS // PASSES
    for first in range(0, GROUPS, each):
        read = [_parts(episode, first, first + each) for episode in ordered]
        for part in range(first, first + each):
            merged: dict[str, tuple[int, str]] = {}
            _merge_part(merged, ordered, [r[part] for r in read])
            yield merged


def _merge_part(merged: dict[str, tuple[int, str]], ordered: list[EpisodeTerms], parts: list[bytes]) -> None:
    """Merge one part of every episode's terms (episodes in number order) into `merged`."""
    found: dict[str, list[tuple[int, str]]] = {}
    for episode, data in zip(ordered, parts):
        if not data:
            continue
        gap_from = episode.number
        for line in zlib.decompress(data).decode("utf-8").split("\n"):
            term, rest = line.split("\t", 1)
            said = found.get(term)
            if said is None:
                found[term] = [(gap_from, rest)]
            else:
                said.append((gap_from, rest))
    for term, lines in found.items():
        fields = [rest.split("\t") for _, rest in lines]
        sections = sum(int(f[0]) for f in fields)
        if len(lines) <= EVERY_SECTION_UP_TO:
            postings = [(n, f[2]) for (n, _), f in zip(lines, fields)]
        else:
            kept = sorted(range(len(lines)), key=lambda i: (-int(fields[i][1]), lines[i][0]))[:EPISODES_A_TERM]
            postings = [(lines[i][0], fields[i][3] or fields[i][2]) for i in sorted(kept)]
        previous = -1
        encoded = []
        for episode_number, said_there in postings:
            encoded.append(number(episode_number - previous - 1) + said_there)
            previous = episode_number
        merged[term] = (sections, "".join(encoded))


def is_common(sections: int, documents: int) -> bool:
    """Whether a term is one of the show's common words: said in over half its sections.

    Such a word tells sections apart least (its weight is near nothing) and its postings are the
    longest and cut short (see merge), so they cannot say a section lacks it. search.js leaves
    it out of a query that has a rarer word: its chunk is not loaded, and "holding every word"
    means every other word. The phrase still needs it. The list comes from the show's own
    words, so it is right in any language, and it stays a few hundred words at any size: fewer
    than twice an average section's distinct words can each be in over half of them."""
    return sections * 2 > documents


def _word_keys(term: str) -> tuple[str, ...]:
    """The word lists a term is in: "p" and its first three letters, "s" and the last three of a long word."""
    if len(term) < 3:
        return ()
    return ("p" + term[:3], "s" + term[-3:]) if len(term) >= FUZZY_FROM else ("p" + term[:3],)


def _word_list(key: str, listed: list[tuple[int, str]], inline: dict[str, str]) -> str:
    """A word list as search.js reads it: the words, commonest first, space-separated; in a
    first-three-letters list ("p" key), a word with short postings as word:sections:postings."""
    if key.startswith("p"):
        return " ".join(inline.get(term, term) for _, term in listed)
    return " ".join(term for _, term in listed)


def _scripts(call: str, found: dict[int, dict[str, object]]) -> dict[str, bytes]:
    """One file per number, its entries in sorted order: search/c/<n>.js or search/w/<n>.js."""
    folder = CHUNK_FOLDERS[0] if call == "chunk" else CHUNK_FOLDERS[1]
    return {f"{folder}{n}.js": script(call, n, {key: entries[key] for key in sorted(entries)})
            for n, entries in found.items()}


def is_index_file(name: str) -> bool:
    """Whether an output file is one chunk_files makes."""
    return name == META or name.startswith(CHUNK_FOLDERS)


def chunk_files(episodes: list[EpisodeTerms]) -> dict[str, bytes]:
    """Every chunk, word list and the index's summary, as output files.

    Made a part at a time (see merge): each part merged is kept deflated until the size of the
    whole index says how many chunks there are, then made into its chunks. A chunk count is a
    power of two, so from GROUPS chunks on, every chunk holds the terms of one part only."""
    kept: list[bytes] = []
    size = 0
    documents = sum(e.documents for e in episodes)
    common: list[str] = []
    for merged in merge(episodes):
        size += sum(len(term) + len(postings) + 8 for term, (_, postings) in merged.items())
        lines = "\n".join(f"{term}\t{sections}\t{postings}" for term, (sections, postings) in merged.items())
        kept.append(zlib.compress(lines.encode("utf-8"), 1) if lines else b"")
    chunk_count = _power_of_two(size, CHUNK_BYTES)
    files: dict[str, bytes] = {}
    chunks: dict[int, dict[str, object]] = {}
    keyed: dict[str, list[tuple[int, str]]] = {}
    inline: dict[str, str] = {}
    while kept:
        data = kept.pop(0)
        for line in zlib.decompress(data).decode("utf-8").split("\n") if data else ():
            term, sections, postings = line.split("\t")
            count = int(sections)
            if is_common(count, documents):
                common.append(term)
            chunks.setdefault(group(term) & (chunk_count - 1), {})[term] = [count, postings]
            if len(postings) <= INLINE_UP_TO:
                inline[term] = f"{term}:{count}:{postings}"
            for key in _word_keys(term):
                keyed.setdefault(key, []).append((-count, term))
        if chunk_count >= GROUPS:  # this part's chunks are whole
            files.update(_scripts("chunk", chunks))
            chunks = {}
    files.update(_scripts("chunk", chunks))
    words = {key: _word_list(key, sorted(found)[:WORDS_A_KEY], inline) for key, found in keyed.items()}
    word_count = _power_of_two(sum(len(k) + len(v) + 7 for k, v in words.items()), CHUNK_BYTES)
    lists: dict[int, dict[str, object]] = {}
    for key, listed in words.items():
        lists.setdefault(group(key) & (word_count - 1), {})[key] = listed
    files.update(_scripts("words", lists))
    files[META] = script("meta", {"documents": documents, "chunks": chunk_count, "words": word_count,
                                    "textsAFile": TEXTS_A_FILE, "common": " ".join(sorted(common))})
    return files
