"""Clear errors for bad site_config.yaml and episode files: exact text, right line, all at once."""
from __future__ import annotations

import pytest

from shownotes.config import load_config
from shownotes.errors import SiteError

from .conftest import episode_file, load_episodes


def errors_of(call) -> list[str]:
    with pytest.raises(SiteError) as error:
        call()
    return [str(p) for p in error.value.problems]


def test_config_reports_unknown_keys_and_wrong_types_together(make_site):
    site = make_site({"site_config.yaml": "title: Show\ntheem: dark\nhost: 42\naliases: [a, b]\n"})
    assert errors_of(lambda: load_config(site)) == [
        f"{site}/site_config.yaml:2: unknown setting `theem` (known: aliases, allow_html, audio_base_url, author, "
        "base_url, block, categories, category, complete, copyright, custom_domain, description, explicit, "
        "feed_limit, funding, host, image, language, locked, medium, new_feed_url, owner_email, owner_name, "
        "people, podcast_guid, podcast_type, subcategory, subscribe, theme, title)",
        f"{site}/site_config.yaml:3: `host` must be a name or a list of names",
        f"{site}/site_config.yaml:4: `aliases` must map each misspelt or alternative name to the speaker's name",
    ]


def test_config_needs_a_title_and_valid_yaml(make_site):
    site = make_site({"site_config.yaml": "description: x\n"})
    assert errors_of(lambda: load_config(site)) == [f"{site}/site_config.yaml:1: `title` is required: the show's name"]
    site = make_site({"site_config.yaml": "title: Show\ndescription: [unclosed\n"})
    assert errors_of(lambda: load_config(site))[0].startswith(f"{site}/site_config.yaml:3: invalid YAML")


def test_config_values_are_typed(make_site):
    site = make_site({"site_config.yaml": "title: Show\nbase_url: https://u.github.io/show\nhost: [A, B]\n"
                                          "aliases: {Jo: Joanne}\n"})
    config = load_config(site)
    assert config.base_url == "https://u.github.io/show/"
    assert config.host == ("A", "B")
    assert config.canonical_speaker("Jo") == "Joanne"


def test_missing_config_says_where_it_looked(tmp_path):
    assert errors_of(lambda: load_config(tmp_path)) == [
        f"{tmp_path}/site_config.yaml: no site_config.yaml here; is --site pointing at the folder that holds it?"]


def test_every_bad_episode_file_is_reported_with_its_line(make_site):
    site = make_site({
        "content/episodes/001-a.md": episode_file(1, "A", "**Host:** hi\n", extra="date: someday\n"),
        "content/episodes/002-b.md": "---\ntitle: B\nnumber: two\n---\n\ntext\n",
        "content/episodes/003-c.md": "---\ntitle: C\nnumber: 3\n\nno closing line\n",
        "content/episodes/004-d.md": "---\ntitle: D\nnumber: 4\ndescription: [broken\n---\n",
        "content/episodes/005-e.md": "just text\n",
        "content/episodes/006-f.md": episode_file(6, "F", "x\n"),
        "content/episodes/007-g.md": episode_file(6, "G", "x\n"),
    })
    config = load_config(site)
    assert errors_of(lambda: load_episodes(site, config)) == [
        "content/episodes/001-a.md:4: `date` must be a date like 2024-05-31, not 'someday'",
        "content/episodes/002-b.md:3: `number` must be a whole number like `number: 12`, not 'two'",
        "content/episodes/003-c.md:1: front matter is not closed: did you forget the closing `---` line?",
        "content/episodes/004-d.md:5: invalid YAML: did not find expected ',' or ']'",
        "content/episodes/005-e.md:1: missing front matter: the file must start with a line `---`, then `title:` "
        "and `number:`, then a closing `---`",
        "content/episodes/007-g.md:3: number 6 is also used by content/episodes/006-f.md:3; each episode needs its own",
    ]


def test_episode_defaults_come_from_the_body_and_config(make_site):
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", """\
        **Ada Host:** Welcome.

        ## Part One

        **Guest Star:** Thanks.

        More from the guest.
        """)})
    [episode] = load_episodes(site, load_config(site))
    assert episode.speakers == ("Ada Host", "Guest Star")
    assert episode.hosts == ("Ada Host",) and episode.guests == ("Guest Star",)
    assert episode.sections[1].heading == "Part One"
    assert episode.sections[1].turns[0].paragraphs == ("Thanks.", "More from the guest.")
    assert episode.sections[1].line == 8


def test_episodes_are_newest_first(make_site):
    site = make_site({f"content/episodes/{n:03d}-e.md": episode_file(n, f"E{n}", "x\n") for n in (3, 10, 1)})
    assert [e.number for e in load_episodes(site, load_config(site))] == [10, 3, 1]


def test_a_front_matter_read_keeps_no_body(make_site):
    """The build reads every episode's front matter first and holds all of them at once: the
    part of the body that came with the bytes read must not ride along (5,000 episodes held
    80 MB of it)."""
    from shownotes.content import read_episode

    long_body = "".join(f"**Ada:** Line {i} of a transcript long enough to pass the first read.\n\n" for i in range(400))
    site = make_site({"content/episodes/001-a.md": episode_file(1, "A", body=long_body)})
    path = site / "content/episodes/001-a.md"
    head = read_episode(site, path, load_config(site), with_body=False)
    whole = read_episode(site, path, load_config(site))
    assert (head.title, head.number, head.body) == ("A", 1, "")
    assert whole.body.lstrip().startswith("**Ada:** Line 0") and len(whole.body) > 16_384
