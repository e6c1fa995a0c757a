"""Reading offline: pages that only ask for local files, and a service worker whose version comes from content."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from shownotes import offline
from shownotes.config import load_config
from shownotes.pipeline import build
from shownotes.theme import load_theme

from .conftest import REPO, episode_file

# A link that is no request: where the page lives on the web.
NOT_FETCHED = {"canonical"}
# The host serves 404.html at any missing address, so it must use root-absolute links; nobody opens it from disk.
SERVED_ANYWHERE = {"404.html"}




def environment():
    return load_theme(REPO, load_config(REPO)).environment


def local_target(output: Path, page: str, url: str) -> Path | None:
    """The output file a relative URL on `page` leads to; None for a link into the same page."""
    parts = urlsplit(url)
    assert not parts.scheme and not parts.netloc and not url.startswith("/"), f"{page}: {url} is not relative"
    if not parts.path:
        return None
    return (output / page).parent.joinpath(unquote(parts.path)).resolve()


def test_every_page_asks_only_for_files_in_the_output_folder(sample_output):
    pages = sorted(p.relative_to(sample_output).as_posix() for p in sample_output.rglob("*.html"))
    assert len(pages) > 3
    for page in pages:
        if page in SERVED_ANYWHERE:
            continue
        soup = BeautifulSoup((sample_output / page).read_text(encoding="utf-8"), "html5lib")
        urls = [el["src"] for el in soup.select("[src]")]
        urls += [el["href"] for el in soup.select("link[href]") if not NOT_FETCHED & set(el.get("rel", []))]
        urls += [el["href"] for el in soup.select("a[href]") if not re.match(r"^(https?:|mailto:)", el["href"])]
        for url in urls:
            target = local_target(sample_output, page, url)
            # A folder would show as a directory listing from file://: every link names a file.
            assert target is None or target.is_file(), f"{page}: {url} leads to no file"


def test_stylesheets_load_nothing_from_elsewhere(sample_output):
    for css in sample_output.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@import" not in text and "@font-face" not in text, css
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
            assert url.startswith("data:") or not re.match(r"^([a-z]+:|/)", url), f"{css}: {url}"


def test_scripts_and_the_worker_are_part_of_every_page_and_of_the_output(sample_output):
    page = (sample_output / "index.html").read_text(encoding="utf-8")
    assert '<script src="static/search.js" defer></script>' in page
    assert '<script src="static/offline.js" data-root="" defer></script>' in page
    for name in ("sw.js", "sw-files.json", "static/search.js", "search/index.js", "static/print.css"):
        assert (sample_output / name).is_file(), name


def saved(output) -> dict[str, str]:
    """Every file the worker's list names, with its digest, from all its parts."""
    listed = json.loads((output / "sw-files.json").read_text(encoding="utf-8"))
    files: dict[str, str] = {}
    for part, digest in listed["parts"].items():
        data = (output / part).read_bytes()
        assert offline._digest(data)[:16] == digest
        files.update(json.loads(data)["files"])
    return files


def lists(path: Path) -> bool:
    return path.name in ("sw.js", "sw-files.json") or path.parent.name == "sw-files"


def test_the_version_is_a_hash_of_every_other_output_file(sample_output):
    digests = {p.relative_to(sample_output).as_posix(): offline._digest(p.read_bytes())
               for p in sample_output.rglob("*") if p.is_file() and not lists(p)
               and not p.name.startswith(".shownotes")}
    version = offline.build_version(digests)
    assert f"var VERSION = '{version}';" in (sample_output / "sw.js").read_text(encoding="utf-8")
    listed = json.loads((sample_output / "sw-files.json").read_text(encoding="utf-8"))
    assert listed["version"] == version


def test_save_all_lists_every_page_and_asset_but_not_feeds_or_itself(sample_output):
    listed = json.loads((sample_output / "sw-files.json").read_text(encoding="utf-8"))
    files = saved(sample_output)
    pages = {p.relative_to(sample_output).as_posix() for p in sample_output.rglob("*.html")}
    assert pages <= set(files)
    search = {p.relative_to(sample_output).as_posix() for p in (sample_output / "search").rglob("*.js")}
    assert {"static/style.css", "static/search.js", "search/index.js"} | search <= set(files)
    assert not {"sw.js", "sw-files.json", "feed.xml"} & set(files)
    assert listed["core"] == sorted(name for name in files if name.startswith("static/"))
    assert all(re.fullmatch(r"[0-9a-f]{16}", digest) for digest in files.values())


def test_the_list_comes_in_parts_that_do_not_grow_with_the_site():
    digests = {f"episodes/{n:05d}-an-episode-with-a-long-title/index.html": f"{n:064x}" for n in range(5000)}
    files = offline.service_worker_files(environment(), digests)
    main = json.loads(files["sw-files.json"])
    assert len(main["parts"]) == 8 and len(files["sw-files.json"]) < 1000
    for part, digest in main["parts"].items():
        held = json.loads(files[part])["files"]
        assert offline._digest(files[part])[:16] == digest
        assert all(offline.part_of(name, 8) == part for name in held)
        assert len(files[part]) < 200_000
    assert sum(len(json.loads(files[p])["files"]) for p in main["parts"]) == 5000


def test_same_files_same_worker_and_any_changed_byte_a_new_one():
    files = {"index.html": "a1", "static/style.css": "b2", "feed.xml": "c3"}  # name -> SHA-256
    first = offline.service_worker_files(environment(), files)
    assert offline.service_worker_files(environment(), dict(reversed(files.items()))) == first
    for name in files:
        changed = {**files, name: files[name] + "0"}
        assert offline.service_worker_files(environment(), changed)["sw.js"] != first["sw.js"], name
    assert offline.service_worker_files(environment(), {**files, "sw.js": "old"}) == first


def test_building_again_gives_the_same_worker_and_an_edit_a_new_one(make_site, tmp_path):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** Hello.\n")})
    build(site, tmp_path / "one")
    build(site, tmp_path / "two")
    worker = (tmp_path / "one" / "sw.js").read_bytes()
    assert (tmp_path / "two" / "sw.js").read_bytes() == worker
    (site / "content/episodes/001-a.md").write_text(episode_file(1, "A", "**Ada Host:** Hello again.\n"))
    build(site, tmp_path / "one")
    assert (tmp_path / "one" / "sw.js").read_bytes() != worker


def test_the_worker_version_covers_every_other_output_file(make_site, tmp_path):
    import hashlib

    from shownotes.offline import build_version

    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** Hello.\n")})
    out = tmp_path / "out"
    build(site, out)
    digests = {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
               for p in out.rglob("*") if p.is_file() and not lists(p)}
    listed = json.loads((out / "sw-files.json").read_text(encoding="utf-8"))
    assert listed["version"] == build_version(digests)
