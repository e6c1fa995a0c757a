"""The theme in the site's language: its strings from gettext catalogs, its dates and numbers from Babel.

A theme keeps its translations as `locale/LANG/LC_MESSAGES/messages.po`. The build compiles
the catalogs it needs in memory (Babel's reader and .mo writer, byte-identical every time), so
no compiled file can go stale beside its source. A site's own theme may add or change strings:
its catalog is read over the default theme's.
"""
from __future__ import annotations

import datetime
import gettext
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import Translations

from .errors import fail

CATALOG = Path("LC_MESSAGES") / "messages.po"
FALLBACK = "en"


@dataclass(frozen=True)
class Language:
    """The site's language as the theme uses it: Babel's locale, the theme's strings, and a digest of
    the catalogs read (a page depends on them like on its template)."""

    locale: Locale
    translations: gettext.NullTranslations
    digest: str

    @property
    def direction(self) -> str:
        """"rtl" for Arabic, Hebrew, Persian...; "ltr" otherwise."""
        return "rtl" if self.locale.text_direction == "rtl" else "ltr"


def _locale(language: str) -> Locale:
    """Babel's locale for a language code like `de`, `pt-BR` or `en-us`; English if Babel has none."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        try:
            return Locale.parse(language.split("-")[0])
        except (ValueError, UnknownLocaleError):
            return Locale.parse(FALLBACK)


def catalog_names(locale: Locale) -> list[str]:
    """The folder names under locale/ that may hold the strings, most specific first: pt_BR, pt."""
    names = [str(locale)]
    if locale.territory or locale.script:
        names.append(locale.language)
    return names


def compile_catalog(path: Path, locale: Locale) -> bytes:
    """A .po file compiled to .mo bytes; the same source always gives the same bytes. A catalog that
    cannot be read stops the build, naming the file and, where Babel knows it, the line."""
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale, abort_invalid=True)
    except PoFileError as error:
        message = str(error).rsplit(" on ", 1)[0]  # Babel ends with its own count of the line
        raise fail(path, error.lineno + 1, f"not a gettext catalog: {message}") from None
    except UnicodeDecodeError:
        raise fail(path, None, "not UTF-8: save the catalog as UTF-8") from None
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    return compiled.getvalue()


def load(folders: tuple[Path, ...], language: str) -> Language:
    """The strings of the theme `folders` (first folder first) in `language`, with Babel's locale."""
    locale = _locale(language)
    sha = hashlib.sha256(str(locale).encode())
    translations: gettext.NullTranslations = gettext.NullTranslations()
    found: list[Translations] = []
    for folder in folders:
        for name in catalog_names(locale):
            path = folder / "locale" / name / CATALOG
            if path.is_file():
                data = compile_catalog(path, locale)
                sha.update(name.encode() + b"\0" + data)
                found.append(Translations(io.BytesIO(data)))
    if found:
        # The least specific catalog is the fallback of the more specific one, the default theme's of the site's.
        translations = found[-1]
        for catalog in reversed(found[:-1]):
            catalog.add_fallback(translations)
            translations = catalog
    return Language(locale, translations, sha.hexdigest())


def install(environment: jinja2.Environment, language: Language) -> None:
    """Give the theme's templates `_`, `gettext`, `ngettext`, `format_date`, `format_number` and
    `text_direction`, all in the site's language."""
    environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_translations(language.translations, newstyle=True)  # type: ignore[attr-defined]
    locale = language.locale

    def format_date(date: datetime.date, form: str = "long") -> str:
        """A date as the site's language writes it: "February 25, 2022", "25. Februar 2022"."""
        return babel_format_date(date, format=form, locale=locale)

    def format_number(number: Any) -> str:
        """A number with the site's language's separators: "4,834", "4.834"."""
        return format_decimal(number, locale=locale)

    environment.globals.update(format_date=format_date, format_number=format_number,
                               text_direction=language.direction)
    environment.filters.update(format_date=format_date, format_number=format_number)
