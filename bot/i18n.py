"""The bot's own words in Discord, in the reader's language.

What the bot itself says (model error notices, limit notices, command replies, the
slash commands' descriptions) is looked up here; what characters say comes from the
model and is never translated. Log lines stay English: they are for the operator.

Who reads decides the language (the callers choose, see `bot.commands` and `bot.replies`):
an ephemeral command reply is in the asker's Discord language (`interaction.locale`);
a message posted in a server channel is in the server's (`guild.preferred_locale`,
`interaction.guild_locale`); in a DM, the person's language once an interaction told
it, else English.

Why this format: a JSON catalog per language under `resources/translations/bot/`
(package data, shipped as is), keyed by the English sentence as the code writes it,
as in gettext. English needs no catalog at run time, so English output is exactly the
code's text; `en.json` is the template every translation is checked against
(tests/test_bot_i18n.py: same keys, same {fields}, every plural form), and is itself
checked against the sentences the code marks (`N_`, `NP_`, `translate`, `plural`,
`locale_str`). gettext's .po/.mo would need a compiler at build time (msgfmt is not
installed with Python; Babel would be a new dependency) and Qt's translator cannot be
used here: `bot/` never imports Qt. Plural forms follow CLDR's rules, written out for
the languages shipped (`PLURAL_RULES`; Russian has one/few/many/other).

Placeholders are `{name}` (no format specs): whole numbers are written the reader's
way (1,234 / 1.234 / 1 234) by `translate` itself; decimals and times are passed as
text (`number`). A translation that is missing, or that breaks (a bad field), falls
back to English, logged, never to an error in front of the user.
"""

from __future__ import annotations

import json
import logging
import re
import string
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from resources import resource_path

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_LANGUAGE",
    "NP_",
    "N_",
    "PLURAL_RULES",
    "catalog",
    "catalog_folder",
    "fields_of",
    "language",
    "languages",
    "number",
    "plural",
    "plural_category",
    "translate",
]

#: What the code is written in, and what a reader without a shipped language gets.
DEFAULT_LANGUAGE = "en"

PluralRule = Callable[[int], str]


def _one_other(n: int) -> str:
    # English, German: "one" only for exactly 1.
    return "one" if n == 1 else "other"


def _millions(n: int) -> bool:
    # CLDR's "many" of Spanish and Portuguese: whole millions ("1.000.000 de tokens").
    return n != 0 and n % 1_000_000 == 0


def _spanish(n: int) -> str:
    return "one" if n == 1 else "many" if _millions(n) else "other"


def _brazilian(n: int) -> str:
    # pt (Brazil): 0 and 1 are singular ("0 token").
    return "one" if n in (0, 1) else "many" if _millions(n) else "other"


def _russian(n: int) -> str:
    # Whole numbers only reach one/few/many; "other" is for fractions (kept complete all the same).
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


#: CLDR plural rules for whole numbers, by base language, with every category the language has.
PLURAL_RULES: dict[str, tuple[PluralRule, tuple[str, ...]]] = {
    "en": (_one_other, ("one", "other")),
    "de": (_one_other, ("one", "other")),
    "es": (_spanish, ("one", "many", "other")),
    "pt": (_brazilian, ("one", "many", "other")),
    "ru": (_russian, ("one", "few", "many", "other")),
}

#: Thousands separator, decimal separator, and whether a four-digit number is grouped (CLDR).
_NUMBERS: dict[str, tuple[str, str, bool]] = {
    "en": (",", ".", True),
    "de": (".", ",", True),
    "es": (".", ",", False),  # Spanish writes 1234 but 12.345
    "pt": (".", ",", True),
    "ru": ("\u00a0", ",", True),  # a no-break space, as CLDR has it
}


def N_(msgid: str) -> str:
    """Mark a sentence for translation where it is written (gettext's name); it is translated where shown."""
    return msgid


def NP_(singular: str, plural_: str) -> tuple[str, str]:
    """Mark a sentence with a plural for translation (see `plural`)."""
    return singular, plural_


# ----- catalogs -----


def catalog_folder() -> Path:
    return resource_path("translations", "bot")


_lock = threading.Lock()
_catalogs: dict[str, Mapping[str, Any]] = {}
_available: tuple[str, ...] | None = None


def languages() -> tuple[str, ...]:
    """The languages with a catalog (English always)."""
    global _available
    if _available is None:
        try:
            found = {path.stem for path in catalog_folder().glob("*.json")}
        except OSError as error:
            log.warning("Cannot list the bot's translations in %s: %s", catalog_folder(), error)
            found = set()
        _available = tuple(sorted(found | {DEFAULT_LANGUAGE}))
    return _available


def catalog(lang: str) -> Mapping[str, Any]:
    """One language's messages (English sentence -> translation, or plural forms by category); read once."""
    with _lock:
        cached = _catalogs.get(lang)
        if cached is not None:
            return cached
        path = catalog_folder() / f"{lang}.json"
        messages: Mapping[str, Any] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("messages"), dict):
                messages = data["messages"]
            else:
                log.warning('The bot\'s translation %s has no "messages" object; using English', path)
        except (OSError, ValueError) as error:
            log.warning("Cannot read the bot's translation %s (%s); using English", path, error)
        _catalogs[lang] = messages
        return messages


def language(locale: object | None) -> str:
    """The shipped language that serves a Discord locale ("es-419", discord.Locale.german, None).

    The exact tag first ("pt-BR"), then its base language ("es" for es-ES and es-419),
    else English.
    """
    if locale is None:
        return DEFAULT_LANGUAGE
    tag = str(getattr(locale, "value", locale)).strip().replace("_", "-")
    if not tag:
        return DEFAULT_LANGUAGE
    available = {name.casefold(): name for name in languages()}
    for candidate in (tag, tag.split("-", 1)[0]):
        found = available.get(candidate.casefold())
        if found is not None:
            return found
    return DEFAULT_LANGUAGE


def _base(lang: str) -> str:
    return lang.split("-", 1)[0].casefold()


# ----- numbers and plurals -----


def plural_category(count: int, lang: str) -> str:
    """CLDR's plural category of a whole number in a language ("one", "few", "many", "other")."""
    rule, _ = PLURAL_RULES.get(_base(lang), PLURAL_RULES[DEFAULT_LANGUAGE])
    return rule(count)


def number(value: float, locale: object | None = None, places: int | None = None) -> str:
    """A number written the reader's way: whole numbers grouped (1,234), decimals with `places` (1.5 / 1,5)."""
    group, decimal, four_digits = _NUMBERS.get(_base(language(locale)), _NUMBERS[DEFAULT_LANGUAGE])
    if places is not None:
        return f"{value:.{places}f}".replace(".", decimal)
    whole = int(value)
    if not four_digits and abs(whole) < 10_000:
        return str(whole)
    return f"{whole:,}".replace(",", group)


# ----- lookup -----


_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def fields_of(text: str) -> set[str]:
    """The {fields} a sentence uses; ValueError for anything but plain {name} fields."""
    found: set[str] = set()
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not _FIELD.match(name) or spec or conversion:
            raise ValueError(f"only plain {{name}} fields may be used, not {{{name}!{conversion}:{spec}}} in {text!r}")
        found.add(name)
    return found


def _format(text: str, english: str, lang: str, fields: Mapping[str, object]) -> str:
    shown = {
        name: number(value, lang) if isinstance(value, int) and not isinstance(value, bool) else value
        for name, value in fields.items()
    }
    try:
        return text.format_map(shown)
    except (KeyError, ValueError, IndexError, AttributeError) as error:
        if text is english:
            raise
        log.warning("The %s translation of %r is broken (%s); saying it in English", lang, english, error)
        return english.format_map(shown)


def translate(msgid: str, locale: object | None = None, **fields: object) -> str:
    """`msgid` (the English sentence, as marked in the code) in the language serving `locale`."""
    lang = language(locale)
    text = msgid
    if lang != DEFAULT_LANGUAGE:
        found = catalog(lang).get(msgid)
        if isinstance(found, str) and found:
            text = found
        else:
            log.debug("No %s translation of %r", lang, msgid)
    return _format(text, msgid, lang, fields) if fields else text


def plural(singular: str, plural_: str, count: int, locale: object | None = None, **fields: object) -> str:
    """The sentence for `count` (given to it as {count}), in the form the language wants for that number.

    The catalog entry is keyed by `singular` and holds one sentence per CLDR category.
    """
    lang = language(locale)
    english = singular if plural_category(count, DEFAULT_LANGUAGE) == "one" else plural_
    text = english
    if lang != DEFAULT_LANGUAGE:
        forms = catalog(lang).get(singular)
        chosen = forms.get(plural_category(count, lang)) if isinstance(forms, dict) else None
        if isinstance(chosen, str) and chosen:
            text = chosen
        else:
            log.debug("No %s plural translation of %r", lang, singular)
    return _format(text, english, lang, {"count": count, **fields})
