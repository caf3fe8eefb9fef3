"""Languages: gettext catalogs from ``locales/``, Babel formatting, one Jinja2 env per locale.

Catalogs are read from the ``.po`` files and compiled in memory at start-up, so there is no
manual ``pybabel compile`` step and no stale ``.mo`` file can hide a change. The current locale
of an update lives in a ContextVar: handlers set it once, gettext and templates read it.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from contextvars import ContextVar
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import Translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bot.platform.config import SUPPORTED_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
LOCALES_DIR = ROOT / "locales"
TEMPLATES_DIR = ROOT / "content" / "templates"
DOMAIN = "messages"
SOURCE_LANGUAGE = "id"

current_locale: ContextVar[str] = ContextVar("current_locale", default=SOURCE_LANGUAGE)


def pick_language(telegram_code: str | None) -> str:
    """Telegram's ``language_code`` (e.g. ``en-US``, ``jv``) to one of ours; ``id`` otherwise."""
    if not telegram_code:
        return SOURCE_LANGUAGE
    base = telegram_code.replace("_", "-").split("-")[0].lower()
    return base if base in SUPPORTED_LANGUAGES else SOURCE_LANGUAGE


def load_translations(locales_dir: Path = LOCALES_DIR) -> dict[str, Translations]:
    """Compile every ``<lang>/LC_MESSAGES/messages.po`` in memory."""
    catalogs: dict[str, Translations] = {}
    for lang in SUPPORTED_LANGUAGES:
        po_path = locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not po_path.is_file():
            raise FileNotFoundError(f"{po_path}: gettext catalog for '{lang}' is missing")
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        catalogs[lang] = Translations(buffer, domain=DOMAIN)
    return catalogs


def rupiah(amount: int | Decimal, _locale: str | None = None) -> str:
    """``Rp16.800`` in every language: the notation villagers and BPJS TK documents use.

    An explicit pattern keeps the output stable across Babel/CLDR versions (DESIGN §5), and
    amounts are rounded half-up first because Babel rounds half-even.
    """
    whole = Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return format_currency(whole, "IDR", locale="id", format="¤#,##0", currency_digits=False)


def number(value: int | float | Decimal, locale: str | None = None) -> str:
    return format_decimal(value, locale=_babel_locale(locale or current_locale.get()))


def long_date(value: date | datetime, locale: str | None = None) -> str:
    """``Kamis, 5 Juli 2018`` (id) / ``Thursday, 5 July 2018`` (en)."""
    loc = _babel_locale(locale or current_locale.get())
    if isinstance(value, datetime):
        return format_datetime(value, "EEEE, d MMMM y HH.mm", locale=loc)
    return format_date(value, "EEEE, d MMMM y", locale=loc)


def short_date(value: date, locale: str | None = None) -> str:
    return format_date(value, "d MMMM y", locale=_babel_locale(locale or current_locale.get()))


def _babel_locale(lang: str) -> str:
    # English for an Indonesian audience: en_ID keeps day-month order and Indonesian context.
    return {"en": "en_ID"}.get(lang, lang)


class I18n:
    """Translations plus one Jinja2 Environment per locale (never shared between locales)."""

    def __init__(
        self,
        locales_dir: Path = LOCALES_DIR,
        templates_dir: Path = TEMPLATES_DIR,
        default_language: str = SOURCE_LANGUAGE,
    ) -> None:
        self.default_language = default_language
        self.translations = load_translations(locales_dir)
        self.environments = {
            lang: self._environment(templates_dir, tr) for lang, tr in self.translations.items()
        }

    def _environment(self, templates_dir: Path, translations: Translations) -> Environment:
        env = Environment(
            loader=FileSystemLoader(templates_dir),
            autoescape=select_autoescape(default=True, default_for_string=True),
            extensions=["jinja2.ext.i18n"],
            # Telegram keeps newlines literally: block tags must not leave blank lines.
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            undefined=StrictUndefined,
        )
        env.policies["ext.i18n.trimmed"] = True  # same msgids as `pybabel extract` (trimmed = true)
        env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
        env.filters.update(rupiah=rupiah, number=number, long_date=long_date)
        env.filters["short_date"] = short_date
        return env

    def gettext(self, message: str, lang: str | None = None, **params: Any) -> str:
        translated = self.translations[lang or current_locale.get()].gettext(message)
        return translated % params if params else translated

    def render(self, template: str, lang: str | None = None, **context: Any) -> str:
        """Render ``content/templates/<template>.html.j2`` in ``lang`` (HTML for Telegram)."""
        language = lang or current_locale.get()
        env = self.environments[language]
        token = current_locale.set(language)
        try:
            text = env.get_template(f"{template}.html.j2").render(lang=language, **context)
        finally:
            current_locale.reset(token)
        return text.strip()

    def template_names(self) -> list[str]:
        env = self.environments[SOURCE_LANGUAGE]
        names = env.list_templates(extensions=["j2"])
        # Files starting with "_" hold macros for other templates, not messages.
        return sorted(n[: -len(".html.j2")] for n in names if not n.startswith("_"))


_active: I18n | None = None


def activate(i18n: I18n) -> None:
    """Make ``i18n`` the catalog behind the module-level :func:`_` (done once at start-up)."""
    global _active
    _active = i18n


def _(message: str, **params: Any) -> str:
    """gettext in the current update's locale; ``%(name)s`` placeholders filled from params."""
    if _active is None:
        return message % params if params else message
    return _active.gettext(message, **params)


def N_(message: str) -> str:
    """Mark a string for extraction where it is translated later (e.g. command descriptions)."""
    return message


def localized(values: Mapping[str, str], lang: str | None = None) -> str:
    """Pick a content text in the user's language, falling back to Indonesian."""
    language = lang or current_locale.get()
    return values.get(language) or values[SOURCE_LANGUAGE]


def untranslated(locales_dir: Path = LOCALES_DIR) -> dict[str, list[str]]:
    """Msgids with an empty (or fuzzy) translation, per non-source language."""
    missing: dict[str, list[str]] = {}
    for lang in SUPPORTED_LANGUAGES:
        if lang == SOURCE_LANGUAGE:
            continue
        po_path = locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        missing[lang] = [str(m.id) for m in catalog if m.id and (not m.string or m.fuzzy)]
    return {lang: ids for lang, ids in missing.items() if ids}


def not_in_catalog(root: Path = ROOT) -> list[str]:
    """Msgids in the code and templates that the catalogs do not have yet.

    A string added without `pybabel extract/update` would silently stay Indonesian for every
    language; this runs the same extraction as babel.cfg and compares.
    """
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (root / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        root, method_map, options_map, keywords=keywords, directory_filter=_source_directory
    ):
        found.add(message if isinstance(message, str) else message[0])
    with (root / "locales" / SOURCE_LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        known = {str(m.id) for m in read_po(po) if m.id}
    return sorted(found - known)


def _source_directory(path: str) -> bool:
    """Walk the project's sources only: not .venv, caches or data."""
    name = Path(path).name
    return not name.startswith((".", "_")) and name not in {"data", "tests", "bench", "build"}
