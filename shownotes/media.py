"""Files a site names by path, published beside its pages: an episode's audio and artwork, the
show's cover. A local audio file is read (length, duration, type, chapters, artwork) and either
copied into output/ at the same path or served from `audio_base_url`; an address is used as it is.

What is missing or doubtful is a note naming the episode file and line, for the build to warn with.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, urlsplit

from . import urls
from .audio import AudioError, guess_type, read_audio
from .config import SiteConfig
from .model import Audio, Episode

# GitHub Pages' limits: a file over 100 MB is refused, and a site should stay under 1 GB.
PAGES_FILE_LIMIT = 100 * 1000 * 1000
PAGES_SITE_LIMIT = 1000 * 1000 * 1000
# The enclosure types Apple Podcasts lists (its RSS guide); other apps also play Ogg, FLAC and WAV.
APPLE_TYPES = ("audio/mpeg", "audio/x-m4a", "video/quicktime", "video/mp4", "video/x-m4v", "application/pdf")


@dataclass(frozen=True)
class Published:
    """An episode with its audio and image as published, and what that takes."""

    episode: Episode  # audio: url (an output path or a full address), length, type, duration; image likewise
    copies: tuple[tuple[str, Path], ...] = ()  # (output path, file in the site) to copy as they are
    files: tuple[tuple[str, bytes], ...] = ()  # (output path, bytes): artwork taken from the audio file
    chapters: tuple[tuple[float, str], ...] = ()  # embedded in the audio file
    notes: tuple[str, ...] = ()  # warnings, each naming the episode file and line


def local_path(site: Path, url: str) -> Path | None:
    """The file in the site a relative URL names (`media/013.mp3`); None for a full address or a
    path that would leave the site."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("/") or ".." in parts.path.split("/"):
        return None
    path = site / parts.path
    return path if path.resolve().is_relative_to(site.resolve()) else None


def source_stat(site: Path, url: str) -> tuple[int, int] | None:
    """(mtime_ns, size) of the local file a URL names, None when there is none: what a build
    compares to know the file changed, without reading it."""
    path = local_path(site, url)
    try:
        stat = os.stat(path) if path is not None else None
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size) if stat is not None else None


def _where(episode: Episode, key: str) -> str:
    line = dict(episode.lines).get(key)
    return f"{episode.path}:{line}" if line else f"{episode.path or episode.slug}"


def publish_episode(site: Path, config: SiteConfig, episode: Episode,
                    theme_files: frozenset[str] = frozenset()) -> Published:
    """The episode's audio and image as the page and the feed use them (`theme_files`: what the theme
    publishes, which an image may name too)."""
    copies: list[tuple[str, Path]] = []
    files: list[tuple[str, bytes]] = []
    notes: list[str] = []
    chapters: tuple[tuple[float, str], ...] = ()
    audio, image = episode.audio, episode.image
    if image:
        image_file = local_path(site, image)
        if image_file is not None:
            if image_file.is_file():
                copies.append((urlsplit(image).path, image_file))
            elif urlsplit(image).path not in theme_files:
                notes.append(f"{_where(episode, 'image')}: `image` names {image}, which is not in the site; "
                             f"put the file there or give its full address")
    if audio is not None:
        file = local_path(site, audio.url)
        if file is None:
            audio = replace(audio, type=audio.type or guess_type(audio.url))
            missing = [name for name, value in (("length", audio.length), ("duration", audio.duration))
                       if value is None]
            if missing:
                notes.append(f"{_where(episode, 'audio')}: `audio` has no {' or '.join(f'`{m}`' for m in missing)} "
                             f"for {audio.url}; "
                             + ("the feed leaves the audio out until it has its length in bytes; "
                                if audio.length is None else "")
                             + "`build.py check-audio` fills them in from the address")
        elif not file.is_file():
            notes.append(f"{_where(episode, 'audio')}: `audio` names {audio.url}, which is not in the site; "
                         f"the feed leaves the audio out until the file is there")
            audio = replace(audio, length=None)
        else:
            try:
                found = read_audio(file)
            except (AudioError, OSError) as error:
                reason = error.strerror if isinstance(error, OSError) else str(error)
                notes.append(f"{_where(episode, 'audio')}: {audio.url}: {reason}; the feed leaves the audio out")
                audio = replace(audio, length=None)
            else:
                published = urlsplit(audio.url).path
                if config.audio_base_url:
                    url = config.audio_base_url + quote(file.name)
                else:
                    url = published
                    copies.append((published, file))
                    if found.length > PAGES_FILE_LIMIT:
                        notes.append(f"{_where(episode, 'audio')}: {audio.url} is {found.length / 1e6:.0f} MB; "
                                     f"GitHub Pages refuses files over 100 MB: upload the audio elsewhere and set "
                                     f"`audio_base_url` in site_config.yaml")
                audio = Audio(url, found.length, found.type, found.duration)
                if found.type not in APPLE_TYPES:
                    notes.append(f"{_where(episode, 'audio')}: {file.name} is {found.type}; Apple Podcasts "
                                 f"takes only MP3 and M4A audio (other apps play it): publish an MP3 or M4A for "
                                 f"Apple's listeners")
                chapters = found.chapters
                if found.artwork is not None and not image:
                    image = urls.episode_file(episode.slug, f"cover{found.artwork.suffix}")
                    files.append((image, found.artwork.data))
    return Published(replace(episode, audio=audio, image=image), tuple(copies), tuple(files), chapters, tuple(notes))


def cover_copy(site: Path, config: SiteConfig, theme_files: set[str]) -> tuple[tuple[str, Path] | None, str | None]:
    """The show's cover art: (output path, file) to copy when it is a file in the site, and a warning
    when it names a path neither the site nor the theme has."""
    if not config.image:
        return None, None
    file = local_path(site, config.image)
    if file is None:
        return None, None
    name = urlsplit(config.image).path
    if file.is_file():
        return (name, file), None
    if name in theme_files:
        return None, None
    return None, (f"site_config.yaml: `image` names {config.image}, which is neither in the site nor in the theme; "
                  f"pages and the feed go without it")
