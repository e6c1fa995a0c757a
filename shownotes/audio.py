"""An audio file, read the way the feed needs it: byte length, duration, MIME type, and the
chapters and artwork embedded in it. Reading is mutagen's (MP3, M4A/AAC, Ogg Opus and Vorbis,
FLAC, WAV); only the headers are read, never the sound.
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

# What apps expect each kind of file to be called (Apple documents audio/mpeg and audio/x-m4a).
MIME_TYPES = {
    ".mp3": "audio/mpeg", ".m4a": "audio/x-m4a", ".m4b": "audio/x-m4a", ".mp4": "audio/mp4", ".aac": "audio/aac",
    ".opus": "audio/ogg", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".flac": "audio/flac", ".wav": "audio/wav",
    ".mov": "video/quicktime", ".m4v": "video/x-m4v",
}
# mutagen's class for a file -> its MIME type, when the name says nothing.
_MIME_BY_KIND = {"MP3": "audio/mpeg", "EasyMP3": "audio/mpeg", "MP4": "audio/x-m4a", "EasyMP4": "audio/x-m4a",
                 "AAC": "audio/aac", "OggOpus": "audio/ogg", "OggVorbis": "audio/ogg", "FLAC": "audio/flac",
                 "WAVE": "audio/wav"}
_VORBIS_CHAPTER = re.compile(r"^chapter(\d{1,3})$")


class AudioError(ValueError):
    """A file that is not audio the build can read; the message says what it is instead."""


@dataclass(frozen=True)
class Artwork:
    """A picture embedded in an audio file."""

    type: str  # image/jpeg or image/png
    data: bytes

    @property
    def suffix(self) -> str:
        return ".png" if self.type == "image/png" else ".jpg"


@dataclass(frozen=True)
class AudioFile:
    """What the feed and the page need to know of one audio file."""

    length: int  # bytes
    duration: float  # seconds
    type: str  # MIME type
    chapters: tuple[tuple[float, str], ...] = ()  # (start in seconds, title), in time order
    artwork: Artwork | None = None


def guess_type(url: str) -> str:
    """The MIME type a file's name says; audio/mpeg, the podcast default, when it says nothing known."""
    return MIME_TYPES.get(Path(urlsplit(url).path).suffix.lower(), "audio/mpeg")


def read_audio(path: Path) -> AudioFile:
    """Length, duration, type, chapters and artwork of a local audio file; raises AudioError."""
    with path.open("rb") as handle:
        size = path.stat().st_size
        return read_audio_stream(handle, size, path.name)


def read_audio_stream(handle: IO[bytes], size: int, name: str) -> AudioFile:
    """As read_audio, from an open file (or anything that reads and seeks like one) of `size` bytes."""
    import mutagen

    try:
        found: Any = mutagen.File(handle)
    except Exception as error:  # mutagen raises its own errors, struct errors and more on damaged files
        raise AudioError(f"cannot read it as audio ({type(error).__name__}: {error})") from None
    if found is None or getattr(found.info, "length", None) is None:
        raise AudioError("not an audio file mutagen knows (MP3, M4A/AAC, Ogg Opus or Vorbis, FLAC, WAV)")
    kind = type(found).__name__
    suffix_type = MIME_TYPES.get(Path(name).suffix.lower())
    mime = suffix_type or _MIME_BY_KIND.get(kind, "audio/mpeg")
    return AudioFile(size, float(found.info.length), mime, _chapters(found), _artwork(found))


def audio_chapters(path: Path) -> list[tuple[float, str]]:
    """The chapters embedded in an audio file, as (start in seconds, title), in time order; [] when
    it has none or cannot be read (a source of sections, after a chapters file, before the feed's)."""
    try:
        return list(read_audio(path).chapters)
    except (AudioError, OSError):
        return []


def _chapters(found: Any) -> tuple[tuple[float, str], ...]:
    """ID3 CHAP frames (MP3, WAV), MP4 chapters (M4A), or Vorbis comments CHAPTER001=00:00:00.000 and
    CHAPTER001NAME=Title (Ogg, FLAC), as other tools write them."""
    chapters: list[tuple[float, str]] = []
    tags = getattr(found, "tags", None)
    mp4_chapters = getattr(found, "chapters", None)
    if mp4_chapters is not None:
        chapters = [(float(c.start), str(c.title)) for c in mp4_chapters]
    elif tags is not None and hasattr(tags, "getall"):  # ID3
        for frame in tags.getall("CHAP"):
            titles = frame.sub_frames.getall("TIT2")
            title = str(titles[0].text[0]) if titles and titles[0].text else frame.element_id
            chapters.append((frame.start_time / 1000, title))
    elif tags is not None and hasattr(tags, "keys"):  # Vorbis comments
        values = {key.lower(): tags[key] for key in tags.keys()}
        for key, value in values.items():
            match = _VORBIS_CHAPTER.match(key)
            start = _clock(value[0]) if match and value else None
            if start is not None:
                title = values.get(f"{key}name", [""])[0] or f"Chapter {int(match.group(1))}"  # type: ignore[union-attr]
                chapters.append((start, str(title)))
    cleaned: dict[float, str] = {}
    for start, title in sorted(chapters):
        if title.strip() and start >= 0:
            cleaned.setdefault(round(start, 3), " ".join(title.split()))
    return tuple(cleaned.items())


def _clock(text: str) -> float | None:
    """"00:01:02.500" -> 62.5."""
    parts = text.strip().split(":")
    try:
        seconds = 0.0
        for part in parts:
            seconds = seconds * 60 + float(part)
    except ValueError:
        return None
    return seconds if len(parts) in (2, 3) else None


def _artwork(found: Any) -> Artwork | None:
    """The front cover (or the first picture) embedded in the file, JPEG or PNG only."""
    pictures: list[tuple[str, bytes]] = []
    tags = getattr(found, "tags", None)
    if tags is not None and hasattr(tags, "getall"):  # ID3 APIC
        frames = sorted(tags.getall("APIC"), key=lambda f: f.type != 3)  # 3: the front cover
        pictures = [(f.mime, bytes(f.data)) for f in frames]
    elif tags is not None and "covr" in tags:  # MP4
        pictures = [("image/png" if c.imageformat == 14 else "image/jpeg", bytes(c)) for c in tags["covr"]]
    else:
        from mutagen.flac import Picture

        flac_pictures = list(getattr(found, "pictures", []) or [])
        for value in (tags.get("metadata_block_picture", []) if tags is not None and hasattr(tags, "get") else []):
            try:
                flac_pictures.append(Picture(base64.b64decode(value)))
            except Exception:  # a damaged picture block is no artwork, not a failed build
                continue
        flac_pictures.sort(key=lambda p: p.type != 3)
        pictures = [(p.mime, bytes(p.data)) for p in flac_pictures]
    for _, data in pictures:
        kind = _image_type(data)
        if kind:
            return Artwork(kind, data)
    return None


def _image_type(data: bytes) -> str | None:
    """image/jpeg or image/png by the file's own first bytes (a tag's MIME field is often wrong)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None
