"""The theme in any language, and what makes a site look like a podcast's: catalogs that cover every
string, dates and numbers in the site's language, right-to-left pages, addresses in any script,
topics and years, subscribe links, and the episode's social card."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from shownotes.errors import SiteError
from shownotes.i18n import _locale, compile_catalog, load
from shownotes.pipeline import build
from shownotes.slugs import is_slug, slugify

from . import showcase
from .conftest import REPO, soup, write_files

THEME = REPO / "themes" / "default"
SHIPPED = ("de", "ar")
EPISODE = f"episodes/{showcase.PLAYING}-a-business/index.html"
JAPANESE = f"episodes/002-{showcase.JAPANESE_TITLE}/index.html"


def _template_messages() -> set[str | tuple[str, str]]:
    """Every string the templates mark for translation, as Babel's extractor finds it."""
    options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
    found = extract_from_dir(str(THEME / "templates"), method_map=[("**.html", "jinja2"), ("**.js", "jinja2")],
                             options_map={"**.html": options, "**.js": options})
    return {message if isinstance(message, str) else tuple(message)[:2] for _, _, message, _, _ in found}


def _catalog(language: str):  # type: ignore[no-untyped-def]
    with (THEME / "locale" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", SHIPPED)
def test_every_string_of_the_theme_is_translated(language: str) -> None:
    catalog = _catalog(language)
    wanted = _template_messages()
    with (THEME / "locale" / "messages.pot").open("rb") as handle:
        template = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(handle) if m.id}
    assert wanted == template, "messages.pot is out of date: see themes/default/README.md, Translating the theme"
    translated = {m.id if isinstance(m.id, str) else tuple(m.id): m for m in catalog if m.id}
    assert set(translated) == wanted
    for key, message in translated.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, f"{language}: {key!r} is not translated"
        assert len(strings) == (catalog.num_plurals if isinstance(key, tuple) else 1)
    assert not [(m.id, errors) for m, errors in catalog.check()]  # placeholders kept, plural forms complete


def test_catalogs_compile_to_the_same_bytes_every_time() -> None:
    path = THEME / "locale" / "ar" / "LC_MESSAGES" / "messages.po"
    assert compile_catalog(path, _locale("ar")) == compile_catalog(path, _locale("ar"))
    assert load((THEME,), "ar").digest == load((THEME,), "ar").digest != load((THEME,), "de").digest


def test_a_language_is_found_by_its_code_and_falls_back_to_english() -> None:
    assert load((THEME,), "de-AT").translations.gettext("Contents") == "Inhalt"
    assert load((THEME,), "pt-BR").translations.gettext("Contents") == "Contents"
    assert load((THEME,), "xx").locale.language == "en"
    assert load((THEME,), "he").direction == load((THEME,), "ar").direction == "rtl"


@pytest.fixture(scope="module")
def showcases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("showcase")
    return {language: showcase.make(root, language)[1] for language in showcase.LANGUAGES}


def test_english_dates_and_numbers_read_as_before(showcases: dict[str, Path]) -> None:
    page = soup(showcases["en"] / EPISODE)
    assert page.html["lang"] == "en" and page.html["dir"] == "ltr"
    assert page.select_one(".episode-kicker").get_text() == "Episode 3 · March 14, 2024"
    assert page.select_one(".toc-count").get_text() == "3 sections"


def test_a_german_site_speaks_german(showcases: dict[str, Path]) -> None:
    index, page = soup(showcases["de"] / "index.html"), soup(showcases["de"] / EPISODE)
    assert index.html["lang"] == "de" and index.html["dir"] == "ltr"
    assert page.select_one(".episode-kicker").get_text() == "Folge 3 · 14. März 2024"
    assert page.select_one(".toc-title").get_text(" ", strip=True) == "Inhalt 3 Abschnitte"
    assert page.select_one(".skip-link").get_text() == "Zum Inhalt springen"
    assert page.select_one(".player-play")["data-pause"] == "Pause"
    assert index.select_one(".show-hosts").get_text() == "Moderiert von Ada Lovelace · 3 Folgen"
    assert [o.get_text() for o in page.select(".player-speed option")] == ["0,75×", "1×", "1,25×", "1,5×", "1,75×", "2×"]


def test_an_arabic_site_reads_right_to_left(showcases: dict[str, Path]) -> None:
    page = soup(showcases["ar"] / EPISODE)
    assert page.html["lang"] == "ar" and page.html["dir"] == "rtl"
    assert page.select_one(".episode-number").get_text() == "الحلقة 3"
    assert page.select_one(".episode-date").get_text() == "14 مارس 2024"
    assert page.select_one("nav.toc")["aria-label"] == "المحتويات"


def strings_of(output: Path) -> dict[str, str]:
    """The scripts' words: static/strings.js sets window.ShownotesStrings to a JSON object."""
    import json

    text = (output / "static/strings.js").read_text(encoding="utf-8")
    assert text.startswith("window.ShownotesStrings = ") and text.endswith(";\n")
    return json.loads(text[len("window.ShownotesStrings = "):-2])


def test_the_scripts_get_their_words_from_one_file_every_page_loads_first(showcases: dict[str, Path]) -> None:
    strings = strings_of(showcases["de"])
    assert strings["copyLink"] == "Link kopieren"
    assert strings["linkCopied"] == "Link kopiert: %(address)s"  # the script fills in the address
    page = soup(showcases["de"] / EPISODE)
    scripts = [script["src"] for script in page.select("script[src]")]
    assert scripts[0] == "../../static/strings.js" and page.select_one("head script[src]")["src"] == scripts[0]
    assert page.select_one("#theme-strings") is None


def test_a_sites_own_theme_may_change_a_string_and_a_rebuild_uses_it(tmp_path: Path) -> None:
    site, output = showcase.make(tmp_path, "de")
    po = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
          'msgid "Contents"\nmsgstr "Kapitel"\n')
    write_files(site, {"themes/default/locale/de/LC_MESSAGES/messages.po": po})
    build(site, output)
    page = soup(output / EPISODE)
    assert page.select_one(".toc-title").get_text(" ", strip=True) == "Kapitel 3 Abschnitte"  # the rest from ours


# --- Addresses in any script ---------------------------------------------------------------------

@pytest.mark.parametrize("title,slug", [
    ("Founder Story", "founder-story"),
    ("How Much Profit Gets Re-Invested In R&D?", "how-much-profit-gets-re-invested-in-rd"),
    ("What’s Next For Netgate?", "whats-next-for-netgate"),
    ("Café Society", "cafe-society"),
    ("İstanbul ﬁne ²", "istanbul-fine-2"),
    ("Что нового в Python", "что-нового-в-python"),
    ("ポッドキャストの始め方", "ポッドキャストの始め方"),
    ("بودكاست عن البرمجيات!", "بودكاست-عن-البرمجيات"),
    ("한국어 팟캐스트", "한국어-팟캐스트"),
    ("Søren’s Straße", "sørens-straße"),
    ("¿¡…!?", ""),
])
def test_slugify_keeps_the_letters_of_every_script(title: str, slug: str) -> None:
    assert slugify(title) == slug
    assert not slug or is_slug(slug)


def test_a_long_title_in_any_script_gives_a_name_a_disk_can_hold() -> None:
    assert slugify("a" * 300) == "a" * 80
    name = slugify("日本語の題名 " * 40, 120)
    assert len(name.encode("utf-8")) <= 200 and not name.endswith("-") and is_slug(name)
    assert not is_slug("has space") and not is_slug("../up") and not is_slug("Upper") and not is_slug("")


def test_titles_in_any_script_give_readable_addresses_that_work(showcases: dict[str, Path]) -> None:
    output = showcases["en"]
    assert (output / JAPANESE).is_file()
    assert (output / "episodes/001-что-нового-в-python/index.html").is_file()
    assert (output / "people/линус-торвальдс/index.html").is_file()
    page = soup(output / JAPANESE)
    assert [h["id"] for h in page.select(".transcript h2")] == ["はじめに", "まとめ"]
    assert [a["href"] for a in page.select("nav.toc a")] == ["#はじめに", "#まとめ"]
    russian = soup(output / "episodes/001-что-нового-в-python/index.html")
    assert [h["id"] for h in russian.select(".transcript h2")] == ["новости", "новости-2"]
    assert page.select(".episode-guests a.person-link")[0]["href"] == "../../people/линус-торвальдс/index.html"
    # Addresses outside the page are percent-encoded, as URLs must be.
    assert page.select_one('link[rel="canonical"]')["href"] == \
        "https://example.org/show/episodes/002-%E3%83%9D%E3%83%83%E3%83%89%E3%82%AD%E3%83%A3%E3%82%B9%E3%83%88" \
        "%E3%81%AE%E5%A7%8B%E3%82%81%E6%96%B9/"
    locs = [u.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
            for u in ET.parse(output / "sitemap.xml").getroot()]
    assert all(loc.isascii() for loc in locs) and len(locs) == len(set(locs))


def test_an_episode_file_named_in_any_script_is_read(tmp_path: Path) -> None:
    site, output = tmp_path / "site", tmp_path / "out"
    write_files(site, {"site_config.yaml": "title: Show\n",
                       "content/episodes/004-über-ärger.md": "---\ntitle: Über Ärger\nnumber: 4\n---\n\nText.\n",
                       "content/episodes/005-x.md": "---\ntitle: X\nnumber: 5\nslug: 005-日本\n---\n\nText.\n"})
    build(site, output)
    assert (output / "episodes/004-uber-arger/index.html").is_file()  # Latin accents fold as they always have
    assert (output / "episodes/005-日本/index.html").is_file()


# --- Topics and years ------------------------------------------------------------------------------

def test_topics_have_pages_and_the_index_can_be_browsed_by_topic_and_year(showcases: dict[str, Path]) -> None:
    output = showcases["en"]
    index = soup(output / "index.html")
    assert [a.get_text() for a in index.select(".browse-topics a")] == ["Business", "Open source", "Podcasting",
                                                                        "Python"]
    assert [a["href"] for a in index.select(".browse-years a")] == ["years/2024/index.html", "years/2023/index.html"]
    topic = soup(output / "topics/open-source/index.html")
    assert topic.h1.get_text() == "Open source"
    assert [a["href"] for a in topic.select("a.episode-link")] == ["../../" + EPISODE, "../../" + JAPANESE]
    year = soup(output / "years/2023/index.html")
    assert year.h1.get_text() == "Episodes of 2023" and len(year.select("a.episode-link")) == 2
    browse = soup(output / "topics/index.html")
    assert [a.get_text() for a in browse.select("a.topic-link")] == ["Business", "Open source", "Podcasting", "Python"]
    episode = soup(output / EPISODE)
    assert [a["href"] for a in episode.select(".episode-topics a")] == ["../../topics/open-source/index.html",
                                                                        "../../topics/business/index.html"]
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "topics/open-source/" in sitemap and "years/2023/" in sitemap


def test_topics_are_read_at_their_line_and_tags_is_another_name_for_them(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_files(site, {"site_config.yaml": "title: Show\n",
                       "content/episodes/001-a.md": "---\ntitle: A\nnumber: 1\ntags: [Rust, rust]\n---\n\nText.\n",
                       "content/episodes/002-b.md": "---\ntitle: B\nnumber: 2\ntopics: {a: 1}\n---\n\nText.\n"})
    with pytest.raises(SiteError) as error:
        build(site, tmp_path / "out")
    assert str(error.value) == ("content/episodes/002-b.md:4: `topics` must be a list of topics, like "
                                "`topics: [Open source, Business models]`")
    (site / "content/episodes/002-b.md").unlink()
    with pytest.raises(SiteError) as error:
        build(site, tmp_path / "out")
    assert "the topics 'Rust' and 'rust' would share the page topics/rust/index.html" in str(error.value)


def test_one_year_of_episodes_and_no_topics_add_no_pages(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"content/episodes/001-a.md": "---\ntitle: A\nnumber: 1\ndate: 2024-01-02\n---\n\nText.\n"})
    build(site, tmp_path / "out")
    assert not (tmp_path / "out/topics").exists() and not (tmp_path / "out/years").exists()
    assert soup(tmp_path / "out/index.html").select_one(".browse") is None


# --- Subscribe links and social cards -------------------------------------------------------------

def test_subscribe_links_are_plain_links_in_the_apps_order_with_the_feed_last(showcases: dict[str, Path]) -> None:
    index = soup(showcases["en"] / "index.html")
    links = [(a.get_text(strip=True), a["href"]) for a in index.select(".show-header .subscribe-link")]
    assert links == [
        ("Apple Podcasts", "https://podcasts.apple.com/podcast/id1234567890"),
        ("Spotify", "https://open.spotify.com/show/4rOoJ6Egrf8K2IrywzwOMk"),
        ("YouTube", "https://www.youtube.com/@openair"),
        ("Overcast", "https://overcast.fm/itunes1234567890"),
        ("Pocket Casts", "https://pca.st/openair"),
        ("Castro", "https://castro.fm/itunes/1234567890"),
        ("Podcast Addict", "https://podcastaddict.com/podcast/4012345"),
        ("Fountain", "https://fountain.fm/show/openair1"),
        ("RSS feed", "feed.xml"),
    ]
    assert all(svg.get("aria-hidden") == "true" for svg in index.select(".subscribe-link svg"))
    assert not index.select("script[src^=http], iframe, img[src^=http]")


@pytest.mark.parametrize("entry,line,message", [
    ("  spotfy: abc", 4, "`subscribe` has an unknown app 'spotfy' (known: apple_podcasts, spotify, youtube, overcast, "
                         "pocket_casts, castro, podcast_addict, fountain, rss)"),
    ("  apple_podcasts: 12ab", 4, "`subscribe` apple_podcasts: must be the show's ID there, like 1234567890, or a "
                                  "full address like https://..., not '12ab'"),
    ("  youtube: javascript:alert(1)", 4, "`subscribe` youtube: must be the show's ID there, like PLxxxxxxxxxxxxxxxx "
                                          "(a playlist), @handle or a channel's UC... ID, or a full address like "
                                          "https://..., not 'javascript:alert(1)'"),
])
def test_a_wrong_subscribe_entry_is_reported_at_its_line(tmp_path: Path, entry: str, line: int, message: str) -> None:
    write_files(tmp_path, {"site_config.yaml": f"title: Show\nsubscribe:\n  rss: true\n{entry}\n"})
    with pytest.raises(SiteError) as error:
        build(tmp_path, tmp_path / "out")
    assert str(error.value) == f"{tmp_path}/site_config.yaml:{line}: {message}"


def test_a_full_address_is_kept_and_the_feed_may_live_elsewhere(tmp_path: Path) -> None:
    write_files(tmp_path, {"site_config.yaml": "title: Show\nsubscribe:\n  rss: https://feeds.example.org/show\n"
                                               "  spotify: https://open.spotify.com/show/abc\n"})
    build(tmp_path, tmp_path / "out")
    links = [a["href"] for a in soup(tmp_path / "out/index.html").select(".subscribe-link")]
    assert links == ["https://open.spotify.com/show/abc", "https://feeds.example.org/show"]


def test_an_episodes_card_shows_its_image_and_carries_its_audio(showcases: dict[str, Path]) -> None:
    page = soup(showcases["en"] / EPISODE)

    def meta(name: str) -> str:
        return (page.select_one(f'meta[property="{name}"]') or page.select_one(f'meta[name="{name}"]'))["content"]

    assert meta("og:title") == "Episode 3: Building a business on open source"
    assert meta("og:description") == "Grace Hopper on her first customers."
    assert meta("og:image") == "https://example.org/show/static/episode-003.png"
    assert meta("og:audio") == "https://example.org/show/static/episode.wav" and meta("og:audio:type") == "audio/wav"
    assert meta("twitter:card") == "summary_large_image"
    assert page.select_one("img.episode-artwork")["src"] == "../../static/episode-003.png"
    index = soup(showcases["en"] / "index.html")
    assert meta_of(index, "og:image") == "https://example.org/show/static/cover.png"
    cover = index.select_one("img.show-cover")
    assert cover["src"] == "static/cover.png" and cover["width"] == cover["height"] == "160"
    header = index.select_one("img.site-cover")
    assert header["loading"] == "lazy" and header["width"] == "28"
    assert len(index.select("img")) == 2  # one cover, twice: no episode's artwork on the list


def meta_of(page, name: str) -> str:  # type: ignore[no-untyped-def]
    return page.select_one(f'meta[property="{name}"]')["content"]


def test_a_cover_elsewhere_is_for_feeds_and_cards_not_for_pages(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"site_config.yaml": "title: Show\nimage: https://cdn.example.org/cover.jpg\n",
                      "content/episodes/001-a.md": "---\ntitle: A\nnumber: 1\n---\n\nText.\n"})
    build(site, tmp_path / "out")
    index = soup(tmp_path / "out/index.html")
    assert index.find("img") is None  # pages work offline and from disk: no image from elsewhere
    assert meta_of(index, "og:image") == "https://cdn.example.org/cover.jpg"


def test_the_player_works_without_javascript(showcases: dict[str, Path]) -> None:
    page = soup(showcases["en"] / EPISODE)
    audio = page.select_one("audio#episode-player")
    assert audio.has_attr("controls") and audio["src"] == "../../static/episode.wav"
    assert page.select_one(".player").has_attr("hidden")  # the script's controls, until it runs
    assert page.select_one(".episode-audio-link a")["href"] == "../../static/episode.wav"


def test_no_translation_can_break_out_of_the_strings_file(tmp_path: Path) -> None:
    po = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
          'msgid "Copied"\nmsgstr "</script><script>alert(1)</script>"\n')
    write_files(tmp_path, {"site_config.yaml": "title: Show\nlanguage: de\n",
                           "themes/default/locale/de/LC_MESSAGES/messages.po": po})
    build(tmp_path, tmp_path / "out")
    text = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in text and text.count("</script>") == text.count("<script")
    script = (tmp_path / "out/static/strings.js").read_text(encoding="utf-8")
    assert "</script" not in script and strings_of(tmp_path / "out")["copied"] == "</script><script>alert(1)</script>"


def test_every_link_of_every_page_leads_to_a_file(showcases: dict[str, Path]) -> None:
    from urllib.parse import unquote, urldefrag, urljoin

    output = showcases["ar"]
    for page_path in output.rglob("*.html"):
        if page_path.name == "404.html":
            continue  # links from base_url's path: tested in test_publish.py
        page = soup(page_path)
        base = page_path.relative_to(output).as_posix()
        for element in page.select("[href], [src]"):
            link = element.get("href") or element.get("src")
            if link.startswith(("#", "https://")):
                continue
            target = unquote(urldefrag(urljoin(base, link)).url)
            assert (output / target).is_file(), f"{base}: {link}"


def test_a_broken_catalog_is_named_at_its_line(tmp_path: Path) -> None:
    po = 'msgid ""\nmsgstr ""\n\nmsgid "Contents"\n\nmsgid "Copied"\nmsgstr "Kopiert"\n'
    write_files(tmp_path, {"site_config.yaml": "title: Show\nlanguage: de\n",
                           "themes/default/locale/de/LC_MESSAGES/messages.po": po})
    with pytest.raises(SiteError) as error:
        build(tmp_path, tmp_path / "out")
    assert str(error.value) == (f"{tmp_path}/themes/default/locale/de/LC_MESSAGES/messages.po:4: not a gettext "
                                f"catalog: missing msgstr for msgid 'Contents'")
