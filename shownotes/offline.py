"""Reading offline on the published site: the service worker, its build version and what it may save.

The version is a hash of every other output file's bytes, never the clock: the same
content gives the same worker, and any change gives a new one, whose caches replace the old.
"""
from __future__ import annotations

import hashlib
import json

import jinja2

from .theme import render_template

SERVICE_WORKER = "sw.js"
FILE_LIST = "sw-files.json"
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
            if name.endswith(SAVED_SUFFIXES) and name not in (SERVICE_WORKER, FILE_LIST)}


def file_list(version: str, saved: dict[str, str]) -> bytes:
    """The worker's list: the version, the assets every cached page needs, and every file with its digest.

    Digests let a new worker keep what an old one saved when the file did not change.
    """
    core = [name for name in saved if name.startswith("static/")]
    data = {"version": version, "core": core, "files": saved}
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def service_worker_files(environment: jinja2.Environment, digests: dict[str, str]) -> dict[str, bytes]:
    """sw.js and its file list, from the SHA-256 of every other output file: run this step last."""
    digests = {name: digest for name, digest in digests.items() if name not in (SERVICE_WORKER, FILE_LIST)}
    version = build_version(digests)
    worker = render_template(environment, TEMPLATE, {"version": version, "file_list": FILE_LIST})
    return {SERVICE_WORKER: worker.encode("utf-8"), FILE_LIST: file_list(version, saved_files(digests))}
