"""Reading offline on the published site: the service worker, its build version and what it may save.

The version is a hash of every other output file's bytes, never the clock: the same
content gives the same worker, and any change gives a new one, whose caches replace the old.
"""
from __future__ import annotations

import hashlib
import json
import zlib

import jinja2

from .theme import render_template

SERVICE_WORKER = "sw.js"
FILE_LIST = "sw-files.json"
# The list of every saved file is split into parts, each file in the part its path's CRC-32 picks,
# so that no list a browser loads grows with the site: FILE_LIST names the parts and their digests.
PARTS = "sw-files"
FILES_A_PART = 1000
TEMPLATE = "sw.js"
# What a reader needs to read and search offline; feeds, licences and site files are left to the network.
SAVED_SUFFIXES = (".html", ".css", ".js", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico",
                  ".woff", ".woff2", ".webmanifest")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_version(digests: dict[str, str]) -> str:
    """A short name for one build's output, from every file's name and digest."""
    lines = "".join(f"{name}\0{digests[name]}\n" for name in sorted(digests))
    return _digest(lines.encode("utf-8"))[:16]


def saved_files(digests: dict[str, str]) -> dict[str, str]:
    """Output path -> digest of every file "save all" caches: the pages and their assets."""
    return {name: digest[:16] for name, digest in sorted(digests.items())
            if name.endswith(SAVED_SUFFIXES) and not _is_list(name)}


def _is_list(name: str) -> bool:
    return name in (SERVICE_WORKER, FILE_LIST) or name.startswith(PARTS + "/")


def part_of(name: str, parts: int) -> str:
    """The part of the file list that holds a file (sw.js finds it the same way)."""
    return f"{PARTS}/{zlib.crc32(name.encode('utf-8')) & (parts - 1)}.json"


def _json(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def file_lists(version: str, saved: dict[str, str]) -> dict[str, bytes]:
    """The worker's lists: FILE_LIST with the version, the assets every cached page needs and
    each part's digest; each part with the files it holds and their digests.

    Digests let a new worker keep what an old one saved when the file did not change, and skip
    reading a part whose digest did not change."""
    parts = 1
    while parts * FILES_A_PART < len(saved):
        parts *= 2
    held: dict[str, dict[str, str]] = {f"{PARTS}/{n}.json": {} for n in range(parts)}
    for name, digest in saved.items():
        held[part_of(name, parts)][name] = digest
    files = {name: _json({"files": part}) for name, part in held.items()}
    core = [name for name in saved if name.startswith("static/")]
    files[FILE_LIST] = _json({"version": version, "core": core,
                              "parts": {name: _digest(data)[:16] for name, data in files.items()}})
    return files


def service_worker_files(environment: jinja2.Environment, digests: dict[str, str]) -> dict[str, bytes]:
    """sw.js and its file lists, from the SHA-256 of every other output file: run this step last."""
    digests = {name: digest for name, digest in digests.items() if not _is_list(name)}
    version = build_version(digests)
    worker = render_template(environment, TEMPLATE, {"version": version, "file_list": FILE_LIST})
    return {SERVICE_WORKER: worker.encode("utf-8"), **file_lists(version, saved_files(digests))}
