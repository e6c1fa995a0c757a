"""`build.py check-audio`: audio given by address, checked over the network. A HEAD request gives
the length and type; the duration is read by mutagen from the file itself, fetched in small ranges
(only the blocks its headers are in), so a 100 MB episode costs a few requests of 64 KB.

What the front matter lacks is written into it; an address that does not answer is reported with
the episode file and line. The build itself never goes to the network.
"""
from __future__ import annotations

import io
import logging
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import front_matter
from .audio import AudioError, guess_type, read_audio_stream
from .config import SiteConfig
from .content import episode_files, parse_episode
from .errors import SiteError
from .layout import shown_path
from .model import Audio
from .textfile import CONTENT_ADVICE, decode

log = logging.getLogger(__name__)

TIMEOUT = 20  # seconds per request
BLOCK = 64 * 1024
MAX_BLOCKS = 64  # 4 MB: enough for any header mutagen reads; more means the file is not what it says


@dataclass
class Report:
    """What check-audio did."""

    checked: int = 0
    filled: int = 0
    broken: list[str] = field(default_factory=list)


def _request(url: str, method: str = "GET", first: int | None = None, last: int | None = None) -> urllib.request.Request:
    headers = {"User-Agent": "shownotes check-audio"}
    if first is not None:
        headers["Range"] = f"bytes={first}-{last if last is not None else ''}"
    return urllib.request.Request(url, method=method, headers=headers)


class RangeReader(io.RawIOBase):
    """A remote file read like a local one, fetching the 64 KB blocks that are read (Range requests)."""

    def __init__(self, url: str, size: int, name: str) -> None:
        super().__init__()
        self.url, self.size, self.name = url, size, name
        self.position = 0
        self.blocks: dict[int, bytes] = {}

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        self.position = max(0, base + offset)
        return self.position

    def _block(self, number: int) -> bytes:
        if number not in self.blocks:
            if len(self.blocks) >= MAX_BLOCKS:
                raise OSError(f"read more than {MAX_BLOCKS * BLOCK // 1024} KB without finding the audio's length")
            first = number * BLOCK
            with urllib.request.urlopen(_request(self.url, first=first, last=first + BLOCK - 1),  # noqa: S310
                                        timeout=TIMEOUT) as response:
                data = response.read(BLOCK + 1)
                if response.status != 206 and first:  # the server ignored the range: take the block from the whole
                    data = (data + response.read(first + BLOCK))[first:first + BLOCK]
            self.blocks[number] = data[:BLOCK]
        return self.blocks[number]

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        wanted = min(len(buffer), self.size - self.position)
        done = 0
        while done < wanted:
            number, offset = divmod(self.position + done, BLOCK)
            chunk = self._block(number)[offset:offset + wanted - done]
            if not chunk:
                break
            buffer[done:done + len(chunk)] = chunk
            done += len(chunk)
        self.position += done
        return done


def probe(url: str) -> Audio:
    """Length, type and duration of the audio at an address; raises OSError when it does not answer."""
    try:
        with urllib.request.urlopen(_request(url, "HEAD"), timeout=TIMEOUT) as response:  # noqa: S310
            length = int(response.headers.get("Content-Length") or 0)
            kind = (response.headers.get("Content-Type") or "").split(";")[0].strip()
            final = response.geturl()
    except urllib.error.HTTPError as error:
        raise OSError(f"HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, ValueError) as error:
        raise OSError(str(getattr(error, "reason", error))) from None
    if not length:
        raise OSError("the server does not say the file's length (no Content-Length)")
    name = Path(urlsplit(final).path).name or "audio"
    try:
        found = read_audio_stream(io.BufferedReader(RangeReader(final, length, name), BLOCK), length, name)
        duration: float | None = found.duration
        kind = kind if kind.startswith(("audio/", "video/")) else found.type
    except AudioError as error:
        log.warning("%s: %s; its duration is left as it was", url, error)
        duration = None
    return Audio(url, length, kind if kind.startswith(("audio/", "video/")) else guess_type(url), duration)


def _write(path: Path, text: str) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(text.encode("utf-8"))
    os.replace(temp, path)


def check_audio(site: Path, config: SiteConfig, every: bool = False) -> Report:
    """Check every episode's audio address (only those lacking a value unless `every`); fill in what is missing."""
    report = Report()
    for path in episode_files(site):
        shown = shown_path(site, path)
        try:
            text = decode(path.read_bytes(), shown, advice=CONTENT_ADVICE)
            episode = parse_episode(text, shown, config, with_body=False)
        except SiteError as error:
            report.broken.extend(str(p) for p in error.problems)
            continue
        audio = episode.audio
        if audio is None or not urlsplit(audio.url).scheme:
            continue
        if not every and None not in (audio.length, audio.duration) and audio.type:
            continue
        report.checked += 1
        where = f"{shown}:{dict(episode.lines).get('audio', 1)}"
        try:
            found = probe(audio.url)
        except OSError as error:
            report.broken.append(f"{where}: {audio.url}: {error}")
            log.warning("%s: %s does not answer: %s", where, audio.url, error)
            continue
        filled = Audio(audio.url, audio.length or found.length, audio.type or found.type,
                       audio.duration if audio.duration is not None else found.duration)
        if filled != audio:
            written = front_matter.BY_KEY["audio"].write(filled)
            _write(path, front_matter.set_key(text, "audio", written))
            report.filled += 1
            log.info("%s: audio filled in: %s", where, ", ".join(f"{k}: {v}" for k, v in written.items() if k != "url"))
    return report
