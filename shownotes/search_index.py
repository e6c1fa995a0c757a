"""One episode -> its part of the search index: its sections' text files, and its terms.

The index ships as scripts, not JSON, because a page opened from file:// may load a
<script src> but may not fetch() a file. A query loads only what it needs: the chunks that
hold its terms (search_chunks.py makes them from every episode's terms), then the text of
the sections it shows, a few to a small file: `search/<number>/<section // TEXTS_A_FILE>.js`.

A document is a section; the untitled opening (made empty when the transcript has none) also
carries the episode's title, description and people. Each (term, section) gets an *impact*:
BM25's term-frequency part, summed over the fields with their boosts, with fixed average
lengths, so it depends on its own section alone and an episode's terms are made once, by the
worker that renders it. The browser adds the inverse document frequency from the term's count.
"""
from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

import orjson

from .model import Episode, Section
from .views import EpisodeView

SEARCH_DIR = "search"
# [text](url) -> text: URLs are not what listeners search for. Neither part may hold its own opening
# bracket, so a run like "[[[[" or "[a](" repeated is read once, not once per bracket (minutes on 1 MB).
_LINK = re.compile(r"!?\[([^[\]]*)\]\([^()]*\)")
_STRONG = re.compile(r"\*\*|`")
# A term: a run of letters and digits, lowercased; search.js splits a query with the same rule
# (/[\p{L}\p{N}]+/gu), so both sides agree on what a word is.
_TERM = re.compile(r"[^\W_]+")
# Inside a <script>, "</script" or "<!--" would end or confuse the element, and U+2028/9 were
# line breaks to old JavaScript engines: escape them all, JSON stays equal after parsing.
# (bytes.replace, not translate: translate is ten times slower on a thousand episodes.)
_SCRIPT_UNSAFE = tuple((unsafe.encode(), escaped.encode()) for unsafe, escaped in (
    ("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")))

# Ranking: BM25 (k1, b) with field boosts. The average lengths are fixed, not measured, so that
# adding an episode changes no other episode's impacts (and so no chunk it does not touch).
K1, B = 1.2, 0.75
BOOSTS = {"title": 3.0, "heading": 2.0, "speakers": 1.5, "description": 1.2, "text": 1.0}
AVERAGE_LENGTH = {"title": 12, "heading": 5, "speakers": 4, "description": 40, "text": 700}
IMPACT_SCALE = 12  # impacts are whole numbers 1..255: the highest possible sum is about 19 × 12
# A term said in many episodes keeps only each one's best sections: a word said in every section
# would otherwise bring them all, and a query wants the best sections of the whole show.
SECTIONS_A_TERM = 3
# Digits of the compact numbers in postings: 5 bits each, the sixth says "more follow".
DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def script_json(value: Any) -> bytes:
    """`value` as compact UTF-8 JSON that is safe to place inside a <script> element.

    orjson writes the same bytes as json.dumps(ensure_ascii=False, separators=(",", ":")), three
    times faster; json takes what orjson refuses (integers beyond 64 bits)."""
    try:
        data = orjson.dumps(value)
    except TypeError:
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    for unsafe, escaped in _SCRIPT_UNSAFE:
        if unsafe in data:
            data = data.replace(unsafe, escaped)
    return data


def script(call: str, *arguments: Any) -> bytes:
    """A search file: one call to the page's `window.ShownotesSearch`, with its data."""
    return _call(call, *(script_json(a) for a in arguments))


def number(value: int) -> str:
    """A whole number >= 0 in DIGITS, lowest five bits first (search.js reads them back)."""
    out = []
    while value >= 32:
        out.append(DIGITS[32 + (value & 31)])
        value >>= 5
    out.append(DIGITS[value])
    return "".join(out)


_NUMBERS = [number(value) for value in range(4096)]  # every section index and impact most episodes have


def terms(text: str) -> list[str]:
    """The searchable words of a text, lowercased, in order."""
    return _TERM.findall(text.lower())


def _plain(text: str) -> str:
    """The words of Markdown paragraphs, without link targets or emphasis marks."""
    if "[" not in text and "*" not in text and "`" not in text:
        return text  # most turns: skip the regular expressions, a big site has hundreds of thousands
    return _STRONG.sub("", _LINK.sub(r"\1", text))


@dataclass(frozen=True)
class Document:
    """One searchable section: its fields' text, where it is, and its turns for snippets."""

    heading: str | None
    anchor: str
    fields: dict[str, str]
    turns: list[list[str | None]]


def documents(view: EpisodeView) -> list[Document]:
    """The episode's sections as search documents, the opening first (empty if it has none)."""
    episode = view.model
    people = list(dict.fromkeys(episode.hosts + episode.guests + episode.speakers))
    sections = [(section, section.anchor or "") for section in episode.sections]  # "": the page's top
    if not sections or sections[0][0].heading is not None:
        sections.insert(0, (Section(None, ()), ""))
    docs = []
    for i, (section, anchor) in enumerate(sections):
        turns: list[list[str | None]] = [[turn.speaker, _plain("\n".join(turn.paragraphs))] for turn in section.turns]
        speakers = list(dict.fromkeys(str(s) for s, _ in turns if s))
        fields = {"heading": section.heading or "", "text": "\n".join(str(t) for _, t in turns)}
        if i == 0:
            speakers = people + [s for s in speakers if s not in people]
            fields.update(title=f"Episode {episode.number} {episode.title}", description=episode.description)
        fields["speakers"] = "\n".join(speakers)
        docs.append(Document(section.heading, anchor, fields, turns))
    return docs


def impacts(fields: dict[str, str]) -> dict[str, int]:
    """Each term's impact in one document: the boosted BM25 term-frequency parts of its fields.

    Worked out once per distinct count in a field, not once per term: a thousand episodes have
    five million (term, section) pairs, and most of a field's terms are said once."""
    text = fields.get("text", "")
    counts = Counter(terms(text)) if text else Counter()
    text_part = _parts("text", counts)
    quantized = {tf: _quantize(part) for tf, part in text_part.items()}
    result = {term: quantized[tf] for term, tf in counts.items()}
    extra: dict[str, float] = {}
    for field, value in fields.items():
        if field == "text" or not value:
            continue
        field_counts = Counter(terms(value))
        part = _parts(field, field_counts)
        for term, tf in field_counts.items():
            extra[term] = extra.get(term, 0.0) + part[tf]
    for term, score in extra.items():
        said = counts.get(term)
        result[term] = _quantize(score + (text_part[said] if said else 0.0))
    return result


def _parts(field: str, counts: Counter[str]) -> dict[int, float]:
    """count -> the field's boosted BM25 part for a term said that many times in it."""
    length = sum(counts.values())
    norm = K1 * (1 - B + B * length / AVERAGE_LENGTH[field])
    boost = BOOSTS[field] * (K1 + 1)
    return {tf: boost * tf / (tf + norm) for tf in set(counts.values())}


def _quantize(score: float) -> int:
    return min(255, max(1, round(score * IMPACT_SCALE)))


def text_path(episode_number: int, file: int) -> str:
    """Output-relative path of one text file: sections TEXTS_A_FILE × file on of the episode."""
    return f"{SEARCH_DIR}/{episode_number}/{file}.js"


# The fields of a text file, in the order they are packed (search.js reads them so): the episode's,
# then each of its sections' (SECTION_FIELDS), TEXTS_A_FILE sections a file.
TEXT_FIELDS = ("title", "url", "description", "sections")
SECTION_FIELDS = ("heading", "anchor", "turns")
# Deflated together, four sections take a seventh less room than each on its own (their speakers
# and topics repeat), and a result's file is still a few KB: search.js finds section s of an
# episode in file s // TEXTS_A_FILE (search/index.js tells it the number).
TEXTS_A_FILE = 4


DICTIONARY_PATH = f"{SEARCH_DIR}/dictionary.js"
DICTIONARY_EPISODES = 3  # the show's oldest episodes give the words every section's text is packed with
DICTIONARY_BYTES = 16384  # past this, a larger dictionary gains little and costs every query its bytes
_DICTIONARY_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?[,.?]? ?")


def dictionary(episodes: list[Episode]) -> bytes:
    """The words a show says most, in its oldest episodes: a preset dictionary for deflate.

    A section's text is a few KB: deflated on its own it has little of itself to point back to;
    with the show's own common words and speakers' names before it, it takes a tenth to a fifth
    less room (12% on real transcripts, 17% on the benchmark corpus).
    The oldest episodes, because adding an episode must not change every text file: only editing
    one of these does (then every episode is packed again). The commonest word is last, nearest
    the text, where deflate points back to it with the fewest bits."""
    counts: Counter[str] = Counter()
    for episode in episodes:
        for section in episode.sections:
            for turn in section.turns:
                if turn.speaker:
                    counts[orjson.dumps(turn.speaker).decode() + ","] += 1
                for paragraph in turn.paragraphs:
                    counts.update(_DICTIONARY_WORD.findall(paragraph))
    chosen, size = [], 0
    for word, count in counts.most_common():
        if count < 2 or size + len(word.encode()) > DICTIONARY_BYTES:
            break
        chosen.append(word)
        size += len(word.encode())
    return "".join(reversed(chosen)).encode()


def dictionary_file(words: bytes) -> bytes:
    """The dictionary as search.js loads it, deflated on its own."""
    return _call("dictionary", seven_bit(_deflate(words, b"")))


def packed(value: Any, words: bytes) -> bytes:
    """`value` as raw-deflated JSON, deflated after the dictionary `words`, seven bits a character.

    search.js unpacks it with DecompressionStream: it puts the dictionary before the data as a
    stored block, so the data's references back into it resolve as into any earlier output.
    Deflated, a section's text takes under half the room, on disk and on the wire."""
    return seven_bit(_deflate(orjson.dumps(value), words))


def _deflate(data: bytes, words: bytes) -> bytes:
    squeezer = (zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, words) if words
                else zlib.compressobj(9, zlib.DEFLATED, -15, 9))
    return squeezer.compress(data) + squeezer.flush()


_LOW_BITS = bytes(range(128)) * 2  # byte -> its low seven bits
_HIGH_BIT = b"0" * 128 + b"1" * 128  # byte -> its high bit, as a digit
_SEVEN_HIGH_BITS = {format(value, "07b").encode(): value for value in range(128)}
# Of the 128 characters 0-127, four cannot stand in a JavaScript string as they are; and "</" and
# "<!" are written so that no search file holds what would end or confuse a <script> element.
_STRING_ESCAPES = ((b"\\", b"\\\\"), (b'"', b'\\"'), (b"\n", b"\\n"), (b"\r", b"\\r"),
                   (b"</", b"\\u003c/"), (b"<!", b"\\u003c!"))


def seven_bit(data: bytes) -> bytes:
    """Binary `data` as a JavaScript string literal of ASCII characters, seven bits each.

    The low seven bits of every byte, in order, then one character for each seven bytes' high
    bits (the first byte's highest): n bytes take n + ceil(n / 7) characters, and four
    characters in 128 an escape, about 18% more than the bytes, where base 85 adds a quarter.
    ASCII reads the same in any encoding a browser may guess for a file opened from disk."""
    high = data.translate(_HIGH_BIT)
    high += b"0" * (-len(high) % 7)
    text = data.translate(_LOW_BITS) + bytes([_SEVEN_HIGH_BITS[high[i:i + 7]] for i in range(0, len(high), 7)])
    for unsafe, escaped in _STRING_ESCAPES:
        if unsafe in text:
            text = text.replace(unsafe, escaped)
    return b'"' + text + b'"'


def _call(call: str, *arguments: bytes) -> bytes:
    """A search file of packed data: one call to the page's `window.ShownotesSearch`."""
    return f"window.ShownotesSearch.{call}(".encode() + b",".join(arguments) + b");\n"


def text_files(view: EpisodeView, docs: list[Document], words: bytes) -> dict[str, bytes]:
    """What results show, TEXTS_A_FILE sections a file: the episode's title, URL and (in the
    first file) description, then each section's heading, anchor and turns, packed.

    The episode's number and the file's are in the file's name and its call."""
    episode = view.model
    files = {}
    for first in range(0, len(docs), TEXTS_A_FILE):
        n = first // TEXTS_A_FILE
        sections = [[doc.heading, doc.anchor, doc.turns] for doc in docs[first:first + TEXTS_A_FILE]]
        data = packed([episode.title, view.url, (episode.description or "") if n == 0 else "", sections], words)
        files[text_path(episode.number, n)] = _call("text", script_json(f"{episode.number}/{n}"), data)
    return files


def _postings(postings: list[tuple[int, int]], numbers: list[str]) -> str:
    """(impact, section) pairs, in section order, after their count: search_chunks puts the episode first."""
    return numbers[len(postings)] + "".join([numbers[i] + numbers[impact] for impact, i in postings])


def _section(posting: tuple[int, int]) -> int:
    return posting[1]


def _weightiest(posting: tuple[int, int]) -> tuple[int, int]:
    return -posting[0], posting[1]  # the highest impact first; of equal ones, the earliest section


def episode_terms(docs: list[Document]) -> dict[str, tuple[int, int, str, str]]:
    """term -> (sections holding it, its best impact, its postings in every section, in its best).

    The best are its SECTIONS_A_TERM sections of highest impact ("" when that is all of them):
    what the term keeps of this episode if it is said in many (see search_chunks.merge)."""
    numbers = _NUMBERS if len(docs) < len(_NUMBERS) else [number(value) for value in range(len(docs) + 256)]
    found: dict[str, list[tuple[int, int]]] = {}
    for i, doc in enumerate(docs):
        for term, impact in impacts(doc.fields).items():
            said = found.get(term)
            if said is None:
                found[term] = [(impact, i)]
            else:
                said.append((impact, i))
    result = {}
    for term, postings in found.items():
        if len(postings) == 1:  # most terms of an episode: one section, nothing to sort
            impact, i = postings[0]
            result[term] = (1, impact, "B" + numbers[i] + numbers[impact], "")
            continue
        if len(postings) <= SECTIONS_A_TERM:
            result[term] = (len(postings), max(postings)[0], _postings(postings, numbers), "")
            continue
        best = sorted(postings, key=_weightiest)[:SECTIONS_A_TERM]
        result[term] = (len(postings), best[0][0], _postings(postings, numbers),
                        _postings(sorted(best, key=_section), numbers))
    return result


def episode_search(view: EpisodeView, words: bytes) -> tuple[dict[str, bytes], int, dict[str, tuple[int, int, str, str]]]:
    """One episode's text files (output path -> bytes), packed with the dictionary `words`, its
    number of sections and its terms, for search_chunks."""
    docs = documents(view)
    return text_files(view, docs, words), len(docs), episode_terms(docs)
