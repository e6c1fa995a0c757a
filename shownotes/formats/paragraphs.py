"""Readable paragraphs out of walls of text: how long a paragraph is, where its sentences end,
and where to cut one that runs too long (at sentence ends, else between words)."""
from __future__ import annotations

import re

# A paragraph past LIMIT words is cut into pieces of about TARGET words. (A wall of Whisper text
# is one 54 KB line; an unpunctuated caption run never ends a sentence.)
LIMIT = 250
TARGET = 120
# Scripts written without spaces between words: a character there counts as half a word.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]")
# A sentence: up to its end mark and any closing quotes or brackets, then space (or the end).
_SENTENCE = re.compile(r".*?(?:[.?!…]+[\"”’')\]]*(?=\s|$)|[。！？]+[」』）]*|$)", re.S)
_SENTENCE_END = re.compile(r"(?:[.?!…][\"”’')\]]*|[。！？][」』）]*)$")
# Punctuation that clings to the word before it when pieces are joined.
CLINGS = set(",.;:!?…)]}”’、。，！？」』）")


def size(text: str) -> int:
    """A paragraph's length in words; in Japanese or Chinese, two characters make a word."""
    cjk = len(_CJK.findall(text)) if not text.isascii() else 0
    return len(text.split()) + cjk // 2


def ends_sentence(text: str) -> bool:
    """True when text ends like a sentence: "…done.", "right?", "です。"."""
    return bool(_SENTENCE_END.search(text.rstrip()))


def join(before: str, after: str) -> str:
    """Two pieces of one paragraph: a space between them, except before clinging punctuation
    or between two characters of a script written without spaces."""
    if not before or not after:
        return before + after
    if after[0] in CLINGS or (_CJK.match(before[-1]) and _CJK.match(after[0])):
        return before + after
    return before + " " + after


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, in order, each without surrounding space."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def split(text: str, limit: int = LIMIT, target: int = TARGET) -> list[str]:
    """A paragraph as pieces no longer than `limit` words: whole sentences gathered up to about
    `target` words; a sentence longer than `limit` is cut between words (or characters, in a
    script without spaces)."""
    if size(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in sentences(text):
        for part in _cut(sentence, limit, target):
            if current and size(current) + size(part) > target:
                pieces.append(current)
                current = part
            else:
                current = join(current, part)
    if current:
        pieces.append(current)
    return pieces


def _cut(sentence: str, limit: int, target: int) -> list[str]:
    """A sentence longer than `limit` in pieces of `target` words (or 2 * target CJK characters)."""
    if size(sentence) <= limit:
        return [sentence]
    words = sentence.split()
    if len(words) > limit:
        return [" ".join(words[i:i + target]) for i in range(0, len(words), target)]
    step = 2 * target  # a script without spaces: cut between characters
    return [sentence[i:i + step] for i in range(0, len(sentence), step)]
