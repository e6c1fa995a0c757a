"""Transcripts as a table: CSV or tab-separated rows under a header naming the columns, as
transcription services and spreadsheets export them (`Speaker,Start Time,End Time,Text`)."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ..errors import fail
from .draft import MERGE, Cue, Draft, carry_labels
from .reading import read_seconds

_COLUMNS = {
    "speaker": re.compile(r"^(?:speaker(?: ?name)?|name|who|voice|character)$", re.I),
    "start": re.compile(r"^(?:start(?: ?time)?|begin|in|time ?code(?: in)?|timestamp|time|start ?\(s\))$", re.I),
    "end": re.compile(r"^(?:end(?: ?time)?|stop|out|time ?code out|end ?\(s\))$", re.I),
    "text": re.compile(r"^(?:text|transcript(?:ion)?|content|dialogue|caption|words|utterance|sentence)$", re.I),
}


def header(text: str) -> tuple[str, dict[str, int]] | None:
    """(delimiter, column -> index) when the first line is a header with a text column and one more."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    for delimiter in ("\t", ",", ";"):
        if delimiter not in first:
            continue
        try:
            names = next(csv.reader([first], delimiter=delimiter))
        except csv.Error:  # a line the csv module will not read (a bare carriage return): not a header
            continue
        found = {column: i for i, name in enumerate(names) for column, pattern in _COLUMNS.items()
                 if pattern.match(name.strip())}
        if "text" in found and len(found) >= 2:
            return delimiter, found
    return None


def parse(text: str, path: Path) -> Draft:
    """A table's rows as cues: speaker, start and end where the header names them."""
    found = header(text)
    if found is None:
        raise fail(path, 1, "expected a header row naming the columns, like `Speaker,Start,End,Text`")
    delimiter, columns = found
    cues = []
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    next(rows)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as error:
            raise fail(path, rows.line_num, f"not a table row the csv module can read: {error}") from None
        number = rows.line_num
        if not row or not any(cell.strip() for cell in row):
            continue
        cell = {column: row[index].strip() if index < len(row) else "" for column, index in columns.items()}
        start, end = cell.get("start", ""), cell.get("end", "")
        seconds = read_seconds(start) if start else None
        if start and seconds is None:
            raise fail(path, number, f"expected a time like 00:01:02 or 62.5, found {start[:30]!r}")
        if cell["text"]:
            cues.append(Cue(number, cell["text"], cell.get("speaker") or None, seconds,
                            read_seconds(end) if end else None, MERGE))
    if not cues:
        raise fail(path, 2, "no rows with text found under the header")
    return Draft(path, tuple(carry_labels(cues, path)))
