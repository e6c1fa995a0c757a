"""Smaller faults from the same hunt: terminal escape sequences in file names, files imported without
regard for the umask, and a `base_url` whose `//` made 404.html load scripts from another host."""
from __future__ import annotations

import os
import stat

import pytest

from shownotes import cli
from shownotes.config import SiteConfig

from .conftest import episode_file, soup

VTT = "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ada Host>Hi.\n"


@pytest.mark.parametrize("name, shown", [("001-\x1b]0;pwned\x07.md", "001-\\x1b]0;pwned\\x07.md"),
                                         ("001-\x1b[2J\x1b[31mred.md", "001-\\x1b[2J\\x1b[31mred.md"),
                                         ("001-\u202etxt.exe.md", "001-\\u202etxt.exe.md")])
def test_control_characters_in_file_names_are_printed_escaped(make_site, tmp_path, capsys, name, shown):
    site = make_site({f"content/episodes/{name}": "---\ntitle: A\nnumber: one\n---\n"})
    assert cli.main(["-q", "--site", str(site), "--output", str(tmp_path / "out")]) == 1
    said = capsys.readouterr().err
    assert f"error: content/episodes/{shown}:3: `number` must be a whole number" in said
    assert "\x1b" not in said and "\x07" not in said and "\u202e" not in said


def test_warnings_with_control_characters_are_printed_escaped(make_site, tmp_path, capsys):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** hi\n"),
                      "content/episodes/002-\x1b[31m.md": "---\ntitle: B\nnumber: 2\n---\n"})
    (site / "content/episodes/003-\x1b[1mfolder.md").mkdir()
    assert cli.main(["--site", str(site), "--output", str(tmp_path / "out")]) in (0, 1)
    said = capsys.readouterr().err
    assert "\x1b" not in said and "003-\\x1b[1mfolder.md: not a file; skipped" in said


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_imported_files_honour_the_umask(make_site, tmp_path, umask):
    site = make_site({"content/transcripts/005-inbox.vtt": VTT})
    transcript = tmp_path / "012-moon.vtt"
    transcript.write_text(VTT, encoding="utf-8")
    old = os.umask(umask)
    try:
        assert cli.main(["-q", "import", "--site", str(site), str(transcript)]) == 0
        assert cli.main(["-q", "--site", str(site), "--output", str(tmp_path / "out")]) == 0
    finally:
        os.umask(old)
    wanted = 0o666 & ~umask
    for path in [*(site / "content/episodes").iterdir(), site / "content/transcripts/.imported.json",
                 tmp_path / "out/index.html"]:
        assert stat.S_IMODE(path.stat().st_mode) == wanted, path


def test_reimporting_keeps_the_mode_the_user_gave_the_file(make_site, tmp_path):
    site = make_site({})
    transcript = tmp_path / "012-moon.vtt"
    transcript.write_text(VTT, encoding="utf-8")
    assert cli.main(["-q", "import", "--site", str(site), str(transcript)]) == 0
    [episode] = (site / "content/episodes").iterdir()
    episode.chmod(0o600)
    transcript.write_text(VTT.replace("Hi.", "Hello."), encoding="utf-8")
    assert cli.main(["-q", "import", "--site", str(site), str(transcript)]) == 0
    assert "Hello." in episode.read_text(encoding="utf-8") and stat.S_IMODE(episode.stat().st_mode) == 0o600


@pytest.mark.parametrize("base_url", ["https://example.org//evil.example/", "https://example.org/show//evil.example/",
                                      "https://example.org/\\evil.example/", "https:////evil.example/",
                                      "https://example.org/ sh ow/", "https://"])
def test_a_base_url_that_could_point_404_html_at_another_host_is_refused(make_site, tmp_path, capsys, base_url):
    site = make_site({"site_config.yaml": f"title: Show\nbase_url: '{base_url}'\n"})
    assert cli.main(["-q", "--site", str(site), "--output", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.startswith(f"error: {site / 'site_config.yaml'}:2: `base_url` must ")
    assert not (tmp_path / "out").exists()


def test_404_html_links_stay_on_the_sites_host(make_site, tmp_path):
    site = make_site({"site_config.yaml": "title: Show\nbase_url: https://example.org/show/\n",
                      "content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** hi\n")})
    assert cli.main(["-q", "--site", str(site), "--output", str(tmp_path / "out")]) == 0
    page = soup(tmp_path / "out/404.html")
    links = [tag.get("src") or tag.get("href") for tag in page.find_all(["script", "link", "a", "img"])]
    assert links and all(not link.startswith("//") for link in links if link)
    assert SiteConfig("t", base_url="https://example.org//evil.example/").base_path == "/evil.example/"
