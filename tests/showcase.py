"""A small show with everything the theme can show, in English, German or Arabic: cover art, an episode
image, subscribe links, topics, dates in two years, people, a Japanese and a Russian title, and an
episode with audio (a silent WAV made here) whose sections have times, so the player has chapters.

Used by the theme's tests (tests/test_theme_i18n.py, tests/browser/test_player.py, test_quality.py).
"""
from __future__ import annotations

import struct
import wave
import zlib
from pathlib import Path

from .conftest import write_files

AUDIO_SECONDS = 150
LANGUAGES = ("en", "de", "ar")
# The episode with audio and chapters; the other two have titles in Japanese and Russian.
PLAYING = "003"
JAPANESE_TITLE = "ポッドキャストの始め方"
RUSSIAN_TITLE = "Что нового в Python"

_TEXT = {
    "en": {
        "show": "Open Air", "about": "Conversations about building things in the open, in every language.",
        "title": "Building a business on open source", "description": "Grace Hopper on her first customers.",
        "sections": ("Welcome", "The first customers", "What comes next"),
        "turns": ("Welcome to Open Air. Today my guest is Grace Hopper.", "Thank you for having me, it is a pleasure.",
                  "Who were your first customers?", "Universities first, then a bank that needed audits.",
                  "And what comes next?", "A second product, and a lot more listening."),
        "topics": ("Open source", "Business"),
    },
    "de": {
        "show": "Offene Leitung", "about": "Gespräche darüber, wie man offen baut, in jeder Sprache.",
        "title": "Ein Geschäft auf Open Source bauen", "description": "Grace Hopper über ihre ersten Kunden.",
        "sections": ("Willkommen", "Die ersten Kunden", "Wie es weitergeht"),
        "turns": ("Willkommen bei Offene Leitung. Heute ist Grace Hopper zu Gast.", "Danke für die Einladung.",
                  "Wer waren Ihre ersten Kunden?", "Zuerst Universitäten, dann eine Bank, die Prüfungen brauchte.",
                  "Und wie geht es weiter?", "Ein zweites Produkt, und viel mehr Zuhören."),
        "topics": ("Open Source", "Geschäft"),
    },
    "ar": {
        "show": "البث المفتوح", "about": "أحاديث عن البناء في العلن، بكل اللغات.",
        "title": "بناء شركة على البرمجيات المفتوحة", "description": "غريس هوبر تتحدث عن عملائها الأوائل.",
        "sections": ("أهلًا بكم", "العملاء الأوائل", "ما التالي"),
        "turns": ("أهلًا بكم في البث المفتوح. ضيفتي اليوم غريس هوبر.", "شكرًا على الدعوة، يسعدني ذلك.",
                  "من كان عملاؤك الأوائل؟", "الجامعات أولًا، ثم مصرف احتاج إلى التدقيق.",
                  "وما التالي؟", "منتج ثانٍ، وإصغاء أكثر بكثير."),
        "topics": ("برمجيات مفتوحة", "أعمال"),
    },
}
# When each turn of the episode with audio starts, in seconds: two turns a section.
TIMES = (0, 12, 40, 55, 95, 110)
SECTION_STARTS = (0, 40, 95)


def silent_wav(seconds: int = AUDIO_SECONDS) -> bytes:
    """A quiet mono WAV, 8 kHz and 8 bits: long enough to seek in, small enough to make in a test."""
    import io

    data = io.BytesIO()
    with wave.open(data, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(1)
        audio.setframerate(8000)
        audio.writeframes(b"\x80" * 8000 * seconds)
    return data.getvalue()


def cover_png(size: int = 512, hue: tuple[int, int, int] = (11, 92, 173)) -> bytes:
    """A square PNG: the site's mark (five bars) in white on a colour. Flat colours compress to a few KB."""
    bars = [(0.22, 0.41, 0.59), (0.36, 0.30, 0.70), (0.50, 0.20, 0.80), (0.64, 0.33, 0.67), (0.78, 0.42, 0.58)]
    half = 0.035 * size
    rows = []
    for y in range(size):
        row = bytearray(hue * size)
        for x_at, top, bottom in bars:
            if top * size <= y <= bottom * size:
                start, end = int(x_at * size - half), int(x_at * size + half)
                row[start * 3:end * 3] = b"\xff" * ((end - start) * 3)
        rows.append(b"\x00" + bytes(row))

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + \
        chunk(b"IEND", b"")


def _stamp(seconds: int) -> str:
    return f"[00:{seconds // 60:02d}:{seconds % 60:02d}]"


def files(language: str = "en") -> dict[str, str | bytes]:
    """The showcase site's files, in `language` (en, de or ar)."""
    text = _TEXT[language]
    speakers = ("Ada Lovelace", "Grace Hopper")
    body = []
    for index, turn in enumerate(text["turns"]):
        if index % 2 == 0:
            body.append(f"## {text['sections'][index // 2]}\n")
        body.append(f"**{speakers[index % 2]}:** {_stamp(TIMES[index])} {turn}\n")
    topics = ", ".join(text["topics"])
    return {
        "site_config.yaml": f"""\
            title: {text['show']}
            description: {text['about']}
            base_url: https://example.org/show/
            language: {language}
            host: Ada Lovelace
            image: static/cover.png
            subscribe:
              apple_podcasts: 1234567890
              spotify: 4rOoJ6Egrf8K2IrywzwOMk
              youtube: "@openair"
              overcast: 1234567890
              pocket_casts: openair
              castro: 1234567890
              podcast_addict: 4012345
              fountain: openair1
            people:
              Grace Hopper:
                bio: Computer scientist; guest on the first episode with audio.
            """,
        "themes/default/static/cover.png": cover_png(),
        "themes/default/static/episode-003.png": cover_png(256, (120, 40, 140)),
        "themes/default/static/episode.wav": silent_wav(),
        f"content/episodes/{PLAYING}-a-business.md":
            f"---\ntitle: {text['title']}\nnumber: 3\ndate: 2024-03-14\ndescription: {text['description']}\n"
            f"image: static/episode-003.png\nguests: [Grace Hopper]\ntopics: [{topics}]\n"
            f"audio: {{url: static/episode.wav, type: audio/wav, length: 1200044, duration: {AUDIO_SECONDS}}}\n---\n\n"
            + "\n".join(body),
        f"content/episodes/002-{JAPANESE_TITLE}.md":
            f"---\ntitle: {JAPANESE_TITLE}\nnumber: 2\ndate: 2023-11-02\nguests: [Линус Торвальдс]\n"
            f"topics: [Podcasting, {text['topics'][0]}]\n---\n\n"
            "## はじめに\n\n**Ada Lovelace:** マイクを一本、静かな部屋を一つ。\n\n"
            "**Линус Торвальдс:** Этого достаточно.\n\n## まとめ\n\n**Ada Lovelace:** ありがとうございました。\n",
        "content/episodes/001-что-нового-в-python.md":
            f"---\ntitle: {RUSSIAN_TITLE}\nnumber: 1\ndate: 2023-05-20\nguests: [Grace Hopper]\ntopics: [Python]\n"
            "---\n\n## Новости\n\n**Ada Lovelace:** Что нового в Python?\n\n"
            "**Grace Hopper:** Многое.\n\n## Новости\n\n**Ada Lovelace:** Ещё новости.\n",
    }


def make(root: Path, language: str = "en") -> tuple[Path, Path]:
    """Write the showcase site under root/site-LANG and build it into root/output-LANG; (site, output)."""
    from shownotes.pipeline import build

    site, output = root / f"site-{language}", root / f"output-{language}"
    write_files(site, files(language))
    build(site, output)
    return site, output


def section_title(language: str, index: int) -> str:
    """The title of the episode with audio's section `index` (0, 1, 2) in `language`."""
    return str(_TEXT[language]["sections"][index])
