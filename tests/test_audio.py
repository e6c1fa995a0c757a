"""Real audio files, made by the tests: 3 s of silence in every container the build reads, with
chapters and artwork embedded. Their length, duration and type reach the feed exactly; their
chapters become sections of a transcript without headings; their artwork becomes the episode's.

MP3, M4A, Opus and FLAC are encoded by Debian's ffmpeg: without it those cases skip locally and
fail under CI=true (.ci/run installs it). WAV needs nothing but the standard library.
"""
from __future__ import annotations

import base64
import io
import logging
import os
import shutil
import subprocess
import wave
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from shownotes.audio import read_audio
from shownotes.pipeline import build

from .conftest import episode_file

NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
IN_CI = os.environ.get("CI", "").lower() == "true"
CHAPTERS = ((0.0, "Welcome"), (2.0, "Pricing & more"))
CONTAINERS = {"mp3": "audio/mpeg", "m4a": "audio/x-m4a", "opus": "audio/ogg", "flac": "audio/flac", "wav": "audio/wav"}


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def _ffmpeg(path: Path, codec: list[str]) -> None:
    if shutil.which("ffmpeg") is None:
        if IN_CI:
            pytest.fail("CI=true: ffmpeg is missing (.ci/run installs Debian's ffmpeg)")
        pytest.skip("ffmpeg is not installed (apt-get install ffmpeg)")
    metadata = path.with_suffix(".txt")
    metadata.write_text(";FFMETADATA1\n" + "".join(
        f"[CHAPTER]\nTIMEBASE=1/1000\nSTART={int(start * 1000)}\nEND={int(end * 1000)}\ntitle={title}\n"
        for (start, title), end in zip(CHAPTERS, [c[0] for c in CHAPTERS[1:]] + [3.0])), encoding="utf-8")
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "anullsrc=r=24000:cl=mono", "-i", str(metadata), "-map", "0", "-map_metadata", "1",
                    "-map_chapters", "1", "-t", "3", *codec, str(path)], check=True, timeout=60)
    metadata.unlink()


def make_audio(folder: Path, kind: str) -> Path:
    """A 3-second file of silence with CHAPTERS and a PNG cover embedded."""
    from mutagen import flac, id3, mp4, oggopus, wave as mutagen_wave

    path = folder / f"001.{kind}"
    picture = _png()
    if kind == "wav":
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(1)
            out.setframerate(8000)
            out.writeframes(b"\x80" * 24000)
        tagged = mutagen_wave.WAVE(path)
        tagged.add_tags()
        tagged.tags.add(id3.CTOC(element_id="toc", flags=id3.CTOCFlags.TOP_LEVEL | id3.CTOCFlags.ORDERED,
                                 child_element_ids=["c0", "c1"], sub_frames=[]))
        for n, (start, title) in enumerate(CHAPTERS):
            tagged.tags.add(id3.CHAP(element_id=f"c{n}", start_time=int(start * 1000), end_time=3000,
                                     sub_frames=[id3.TIT2(encoding=3, text=[title])]))
        tagged.tags.add(id3.APIC(encoding=3, mime="image/png", type=3, desc="cover", data=picture))
        tagged.save()
        return path
    codecs = {"mp3": ["-c:a", "libmp3lame", "-b:a", "32k"], "m4a": ["-c:a", "aac", "-b:a", "32k"],
              "opus": ["-c:a", "libopus", "-b:a", "16k"], "flac": ["-c:a", "flac"]}
    _ffmpeg(path, codecs[kind])
    if kind == "mp3":
        tags = id3.ID3(path)
        tags.add(id3.APIC(encoding=3, mime="image/png", type=3, desc="cover", data=picture))
        tags.save()
    elif kind == "m4a":
        tagged = mp4.MP4(path)
        tagged["covr"] = [mp4.MP4Cover(picture, imageformat=mp4.MP4Cover.FORMAT_PNG)]
        tagged.save()
    else:
        block = flac.Picture()
        block.type, block.mime, block.data = 3, "image/png", picture
        if kind == "flac":  # ffmpeg writes no chapters into FLAC: the Vorbis comments other tools write
            tagged = flac.FLAC(path)
            tagged.add_picture(block)
        else:
            tagged = oggopus.OggOpus(path)
            tagged["metadata_block_picture"] = [base64.b64encode(block.write()).decode("ascii")]
        if kind == "flac":
            for n, (start, title) in enumerate(CHAPTERS):
                tagged[f"CHAPTER{n:03d}"] = f"00:00:{start:06.3f}"
                tagged[f"CHAPTER{n:03d}NAME"] = title
        tagged.save()
    return path


@pytest.mark.parametrize("kind", sorted(CONTAINERS))
def test_every_container_gives_its_length_duration_type_chapters_and_artwork(tmp_path, kind):
    path = make_audio(tmp_path, kind)
    found = read_audio(path)
    assert found.length == path.stat().st_size
    assert found.type == CONTAINERS[kind]
    assert 2.9 <= found.duration <= 3.1
    assert found.chapters == CHAPTERS
    assert found.artwork is not None and found.artwork.type == "image/png" and found.artwork.data == _png()


@pytest.mark.parametrize("kind", sorted(CONTAINERS))
def test_a_local_file_is_published_and_the_feed_has_its_own_values(make_site, tmp_path, kind):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** [00:00:00] Hi.\n",
                                                                f"date: 2024-05-31\naudio: media/001.{kind}\n")})
    (site / "media").mkdir()
    audio = make_audio(site / "media", kind)
    found = read_audio(audio)
    build(site, tmp_path / "out")
    assert (tmp_path / "out" / f"media/001.{kind}").read_bytes() == audio.read_bytes()
    item = ET.parse(tmp_path / "out/feed.xml").getroot().find("channel/item")
    assert item.find("enclosure").attrib == {"url": f"https://example.org/show/media/001.{kind}",
                                             "length": str(audio.stat().st_size), "type": CONTAINERS[kind]}
    assert item.findtext("itunes:duration", namespaces=NS) == str(round(found.duration))
    # The artwork embedded in the file is the episode's image, published beside its page.
    assert item.find("itunes:image", NS).attrib == {"href": "https://example.org/show/episodes/001-a/cover.png"}
    assert (tmp_path / "out/episodes/001-a/cover.png").read_bytes() == _png()
    page = (tmp_path / "out/episodes/001-a/index.html").read_text(encoding="utf-8")
    assert f'src="../../media/001.{kind}"' in page
    assert 'content="https://example.org/show/episodes/001-a/cover.png"' in page  # og:image


def test_a_file_apple_does_not_take_is_published_with_a_warning(make_site, tmp_path, caplog):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "Hi.\n", "audio: media/001.wav\n")})
    (site / "media").mkdir()
    make_audio(site / "media", "wav")
    with caplog.at_level(logging.WARNING, logger="shownotes"):
        build(site, tmp_path / "out")
    assert "content/episodes/001-a.md:4: 001.wav is audio/wav; Apple Podcasts takes only MP3 and M4A audio (other " \
           "apps play it): publish an MP3 or M4A for Apple's listeners" in caplog.messages


def test_audio_base_url_serves_the_file_from_elsewhere(make_site, tmp_path):
    site = make_site({"site_config.yaml": "title: T\nbase_url: https://example.org/\n"
                                          "audio_base_url: https://media.example.net/show\n",
                      "content/episodes/001-a.md": episode_file(1, "A", "Hi.\n", "audio: media/001.wav\n")})
    (site / "media").mkdir()
    audio = make_audio(site / "media", "wav")
    build(site, tmp_path / "out")
    assert not (tmp_path / "out/media").exists()
    enclosure = ET.parse(tmp_path / "out/feed.xml").getroot().find("channel/item/enclosure")
    assert enclosure.attrib == {"url": "https://media.example.net/show/001.wav", "length": str(audio.stat().st_size),
                                "type": "audio/wav"}


def test_a_missing_local_file_is_a_warning_with_file_and_line_and_no_enclosure(make_site, tmp_path, caplog):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "Hi.\n", "date: 2024-05-31\n"
                                                                                 "audio: media/001.mp3\n")})
    with caplog.at_level(logging.WARNING, logger="shownotes"):
        build(site, tmp_path / "out")
    assert "content/episodes/001-a.md:5: `audio` names media/001.mp3, which is not in the site; the feed leaves " \
           "the audio out until the file is there" in caplog.messages
    assert ET.parse(tmp_path / "out/feed.xml").getroot().find("channel/item/enclosure") is None
    assert 'length="0"' not in (tmp_path / "out/feed.xml").read_text(encoding="utf-8")


def test_a_replaced_audio_file_rebuilds_its_episode(make_site, tmp_path):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "Hi.\n", "audio: media/001.wav\n")})
    (site / "media").mkdir()
    make_audio(site / "media", "wav")
    build(site, tmp_path / "out")
    with wave.open(str(site / "media/001.wav"), "wb") as out:  # a longer recording, same name
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8000)
        out.writeframes(b"\x80" * 80000)
    build(site, tmp_path / "out")
    assert ET.parse(tmp_path / "out/feed.xml").getroot().find("channel/item/itunes:duration", NS).text == "10"
    assert (tmp_path / "out/media/001.wav").stat().st_size == (site / "media/001.wav").stat().st_size


def test_embedded_chapters_become_sections_of_a_transcript_without_headings(make_site, tmp_path):
    from shownotes.config import load_config
    from shownotes.importer import import_files

    site = make_site({"transcript.md": "---\ntitle: A\nnumber: 1\naudio: media/001.wav\n---\n\n"
                                       "**Ada Host:** [00:00:00] Hello.\n\n**Bea Guest:** [00:00:02] Prices.\n"})
    (site / "media").mkdir()
    make_audio(site / "media", "wav")
    [result] = import_files(site, [site / "transcript.md"], load_config(site))
    assert [(s.heading, s.time) for s in result.episode.sections] == [("Welcome", 0.0), ("Pricing & more", 2.0)]
    assert "## Welcome\n" in result.path.read_text(encoding="utf-8")
