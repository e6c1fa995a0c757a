"""A page per person: every episode they are in, as host or guest, linked from episode pages."""
from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from shownotes.config import Person, load_config
from shownotes.errors import SiteError
from shownotes.pipeline import build

from .conftest import episode_file, soup

EP1 = "episodes/001-anaconda-python-data-science-platform-with-peter-wang/index.html"
EP2 = "episodes/002-netgate-secure-networking-software-with-jamie-thompson/index.html"
EP0 = "episodes/000-intro-and-words-from-our-sponsor-the-linux-journal/index.html"




@pytest.fixture
def sample(sample_output: Path) -> Path:
    return sample_output


def episodes_on(page: BeautifulSoup) -> list[tuple[str, str]]:
    return [(li.select_one("a.episode-link")["href"], li["data-role"]) for li in page.select("li.episode")]


def test_every_host_and_guest_has_a_page(sample):
    assert sorted(p.parent.name for p in (sample / "people").glob("*/index.html")) == [
        "jamie-thompson", "jim-thompson", "michael-schwartz", "peter-wang"]


def test_a_page_lists_every_episode_with_the_role_newest_first(sample):
    host = soup(sample / "people/michael-schwartz/index.html")
    assert host.h1.get_text() == "Michael Schwartz"
    assert episodes_on(host) == [("../../" + EP2, "host"), ("../../" + EP1, "host"), ("../../" + EP0, "host")]
    assert host.select_one(".person-roles").get_text() == "Host on Open Source Underdogs"
    guest = soup(sample / "people/jim-thompson/index.html")
    assert episodes_on(guest) == [("../../" + EP2, "guest")]
    assert guest.select_one("li.episode").get_text(" ", strip=True) == (
        "Episode 2 Netgate – Secure Networking Software with Jamie Thompson guest")
    assert guest.title.get_text() == "Jim Thompson · Open Source Underdogs"


def test_episode_pages_link_each_host_and_guest_to_their_page(sample):
    page = soup(sample / EP2)
    links = [(a.get_text(), a["href"]) for a in page.select(".episode-header a.person-link")]
    assert links == [("Michael Schwartz", "../../people/michael-schwartz/index.html"),
                     ("Jamie Thompson", "../../people/jamie-thompson/index.html"),
                     ("Jim Thompson", "../../people/jim-thompson/index.html")]
    assert page.select_one(".episode-guests").get_text() == "With Jamie Thompson, Jim Thompson"
    for _, href in links:
        assert (sample / EP2).parent.joinpath(href).resolve().is_file()


def test_people_settings_give_a_bio_link_and_image(make_site, tmp_path):
    site = make_site({
        "site_config.yaml": "title: Show\nhost: Ada Host\npeople:\n  Ada Host:\n    bio: Hosts the show.\n"
                            "    link: https://ada.example.org/\n    image: static/people/ada.jpg\n"
                            "  Bob Guest:\n    image: https://cdn.example.org/bob.png\n  Cy Later: {}\n",
        "content/episodes/001-a.md": episode_file(1, "A", "**Ada Host:** Hi.\n\n**Bob Guest:** Hello.\n"),
        "content/episodes/002-b.md": episode_file(2, "B", "**Bob Guest:** Hosting today.\n",
                                                  extra="hosts: [Bob Guest]\nguests: [Ada Host]\n"),
    })
    assert load_config(site).people["Ada Host"] == Person("Hosts the show.", "https://ada.example.org/",
                                                          "static/people/ada.jpg")
    build(site, tmp_path)
    ada = soup(tmp_path / "people/ada-host/index.html")
    assert ada.select_one(".person-bio").get_text() == "Hosts the show."
    assert ada.select_one(".person-link a")["href"] == "https://ada.example.org/"
    assert ada.select_one("img.person-image")["src"] == "../../static/people/ada.jpg"
    assert ada.select_one(".person-roles").get_text() == "Host and Guest on Show"
    assert episodes_on(ada) == [("../../episodes/002-b/index.html", "guest"),
                                ("../../episodes/001-a/index.html", "host")]
    bob = soup(tmp_path / "people/bob-guest/index.html")
    assert bob.select_one("img.person-image")["src"] == "https://cdn.example.org/bob.png"
    assert bob.select_one(".person-bio") is None
    later = soup(tmp_path / "people/cy-later/index.html")
    assert later.select_one(".no-episodes").get_text() == "No episodes yet."


@pytest.mark.parametrize("people,line,message", [
    ("people: [Ada]\n", 2, "`people` must map each person's name to their `bio:`, `link:` and `image:`"),
    ("people:\n  Ada: [a, b]\n", 3, "`people` entry 'Ada' must be a mapping of text: `bio:`, `link:`, `image:`"),
    ("people:\n  Ada:\n    link: https://a.example/\n    bio: 3\n", 5, "`people` entry 'Ada': `bio` must be text"),
    ("people:\n  Ada: {photo: a.jpg}\n", 3, "`people` entry 'Ada' has unknown field(s) photo (known: bio, link, image)"),
    ("people:\n  Bo: {bio: Fine.}\n  Ada:\n    bio: Hosts.\n    link: 'javascript:alert(1)'\n", 6,
     "`people` entry 'Ada': `link` must be a full address like https://example.org/ or mailto:..."),
    ("people:\n  Ada:\n    image: /etc/a.jpg\n", 4,
     "`people` entry 'Ada': `image` must be a full URL or a path inside the site like static/people/ada.jpg"),
    # A repeated name: YAML keeps the last entry, and that is where the problem is.
    ("people:\n  Ada:\n    bio: Fine.\n  Bob: {bio: Fine.}\n  Ada:\n    bio: 5\n", 7,
     "`people` entry 'Ada': `bio` must be text"),
    ("people:\n  Ada: {bio: Fine., age: 36}\n", 3,
     "`people` entry 'Ada' has unknown field(s) age (known: bio, link, image)"),
])
def test_bad_people_settings_say_what_is_expected_at_their_own_line(make_site, people, line, message):
    site = make_site({"site_config.yaml": "title: Show\n" + people})
    with pytest.raises(SiteError) as error:
        load_config(site)
    assert [str(p) for p in error.value.problems] == [f"{site}/site_config.yaml:{line}: {message}"]


def test_two_names_that_would_share_a_page_are_an_error(make_site, tmp_path):
    body = "**José Pérez:** Hola.\n\n**Jose Perez:** Hi.\n"
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", body)})
    with pytest.raises(SiteError) as error:
        build(site, tmp_path / "out")
    assert str(error.value) == (
        "'Jose Perez' and 'José Pérez' would share the page people/jose-perez/index.html; if "
        "they are one person, add `José Pérez: Jose Perez` under `aliases:` in site_config.yaml")
    assert not (tmp_path / "out").exists()
