"""The bot's translations (bot/i18n.py, resources/translations/bot/): complete, consistent, and
English exactly as the code writes it.

en.json is the template: it must hold exactly the sentences the code marks for translation
(`N_`, `NP_`, `translate`, `plural`, `locale_str` with a literal), and every other catalog
must hold every one of them, with the same {fields} and every plural form its language has.
"""

from __future__ import annotations

import ast
import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
import pytest
from discord import app_commands
from discord.app_commands import locale_str

from bot import i18n
from bot.commands import CommandTranslator, _duration
from bot.i18n import (
    PLURAL_RULES,
    fields_of,
    language,
    number,
    plural,
    plural_category,
    translate,
)
from bot.llm import ModelAuthError, ModelNotFound, ModelUnreachable
from bot.usage import LimitHit

BOT = Path(__file__).resolve().parent.parent / "bot"
#: The languages issue 14 asks for, by Discord locale, and the catalog serving each.
SHIPPED = {"de": "de", "es-ES": "es", "es-419": "es", "pt-BR": "pt-BR", "ru": "ru"}
#: Discord's limit on a command's or option's description, in any language.
DESCRIPTION_LIMIT = 100


# ----- what the code marks -----


def _call_name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Call) and _call_name(node) == "N_" and node.args:
        node = node.args[0]
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def marked() -> tuple[dict[str, Any], set[str]]:
    """The sentences bot/ marks (English sentence -> itself, or {"one", "other"} for plurals), and
    which of them are slash command descriptions."""
    singles: dict[str, Any] = {}
    plurals: dict[str, Any] = {}
    descriptions: set[str] = set()
    for path in sorted(BOT.glob("*.py")):
        if path.name == "i18n.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            if name in ("N_", "translate", "locale_str") and node.args:
                text = _literal(node.args[0])
                if text is not None:
                    singles[text] = text
                    if name == "locale_str":
                        descriptions.add(text)
            elif name in ("NP_", "plural") and len(node.args) >= 2:
                one, other = _literal(node.args[0]), _literal(node.args[1])
                if one is not None and other is not None:
                    plurals[one] = {"one": one, "other": other}
    for key in plurals:
        singles.pop(key, None)
    return {**singles, **plurals}, descriptions


def load(lang: str) -> dict[str, Any]:
    data = json.loads((i18n.catalog_folder() / f"{lang}.json").read_text(encoding="utf-8"))
    assert data.get("language") == lang, f"{lang}.json says it is {data.get('language')!r}"
    messages = data["messages"]
    assert isinstance(messages, dict)
    return messages


def translations() -> list[str]:
    return [lang for lang in i18n.languages() if lang != "en"]


def forms(entry: Any) -> list[str]:
    return list(entry.values()) if isinstance(entry, dict) else [entry]


# ----- the catalogs -----


def test_the_english_template_holds_exactly_what_the_code_marks() -> None:
    english = load("en")
    code, _ = marked()
    missing = sorted(set(code) - set(english))
    stale = sorted(set(english) - set(code))
    assert not missing, f"marked in bot/ but not in en.json: {missing}"
    assert not stale, f"in en.json but no longer in bot/: {stale}"
    for key, entry in code.items():
        assert english[key] == entry, f"en.json's {key!r} differs from the code"


def test_the_issues_languages_are_shipped() -> None:
    for locale, lang in SHIPPED.items():
        assert language(locale) == lang
        assert lang in i18n.languages()


@pytest.mark.parametrize("lang", translations())
def test_every_translation_has_every_sentence_with_the_same_fields(lang: str) -> None:
    english = load("en")
    messages = load(lang)
    missing = [key for key in english if key not in messages]
    assert not missing, f"{lang}.json misses {len(missing)} sentence(s): {missing}"
    extra = [key for key in messages if key not in english]
    assert not extra, f"{lang}.json has sentences no longer in en.json: {extra}"
    for key, entry in english.items():
        wanted = set().union(*(fields_of(text) for text in forms(entry)))
        for text in forms(messages[key]):
            assert isinstance(text, str) and text.strip(), f"{lang}: empty translation of {key!r}"
            assert fields_of(text) == wanted, f"{lang}: {text!r} must use exactly {sorted(wanted)} ({key!r})"


@pytest.mark.parametrize("lang", [*translations(), "en"])
def test_plural_sentences_have_every_form_of_their_language(lang: str) -> None:
    english = load("en")
    messages = load(lang)
    assert lang.split("-")[0] in PLURAL_RULES, f"no plural rules for {lang}"
    _, categories = PLURAL_RULES[lang.split("-")[0]]
    for key, entry in english.items():
        assert key in messages, f"{lang}.json misses {key!r}"
        translated = messages[key]
        if isinstance(entry, dict):
            assert isinstance(translated, dict), f"{lang}: {key!r} needs its plural forms"
            assert sorted(translated) == sorted(categories), (
                f"{lang}: {key!r} has {sorted(translated)}, needs {categories}"
            )
        else:
            assert isinstance(translated, str), f"{lang}: {key!r} is no plural sentence"


@pytest.mark.parametrize("lang", translations())
def test_command_descriptions_fit_discords_limit(lang: str) -> None:
    _, descriptions = marked()
    assert descriptions, "the slash commands' descriptions are marked with locale_str"
    messages = load(lang)
    for key in descriptions:
        assert 1 <= len(messages[key]) <= DESCRIPTION_LIMIT, f"{lang}: {messages[key]!r} is too long for Discord"


# ----- plural rules and numbers -----


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", {0: "other", 1: "one", 2: "other", 21: "other"}),
        ("de", {0: "other", 1: "one", 2: "other"}),
        ("es", {0: "other", 1: "one", 2: "other", 1_000_000: "many", 2_000_000: "many", 1_000_001: "other"}),
        ("pt-BR", {0: "one", 1: "one", 2: "other", 1_000_000: "many"}),
        (
            "ru",
            {
                0: "many",
                1: "one",
                2: "few",
                4: "few",
                5: "many",
                11: "many",
                12: "many",
                14: "many",
                21: "one",
                22: "few",
                25: "many",
                101: "one",
                111: "many",
                112: "many",
                1_000: "many",
            },
        ),
    ],
)
def test_plural_categories_follow_cldr(lang: str, expected: dict[int, str]) -> None:
    assert {n: plural_category(n, lang) for n in expected} == expected


def test_russian_token_limits_take_the_right_form() -> None:
    def said(limit: int) -> str:
        return LimitHit("user", limit, limit, datetime(2024, 5, 2, tzinfo=UTC)).in_language("ru")

    assert "в 1 токен;" in said(1) and "в 21 токен;" in said(21)
    assert "в 2 токена;" in said(2) and "в 24 токена;" in said(24)
    assert "в 5 токенов;" in said(5) and "в 11 токенов;" in said(11) and "в 1\u00a0000 токенов;" in said(1000)


def test_numbers_are_written_the_readers_way() -> None:
    assert [number(1234567, lang) for lang in ("en", "de", "es", "pt-BR", "ru")] == [
        "1,234,567",
        "1.234.567",
        "1.234.567",
        "1.234.567",
        "1\u00a0234\u00a0567",
    ]
    assert number(1234, "es-419") == "1234" and number(12345, "es-ES") == "12.345"
    assert number(2.25, "en", places=1) == f"{2.25:.1f}" and number(2.5, "de", places=1) == "2,5"


# ----- lookup -----


def test_discord_locales_find_their_language_and_the_rest_get_english() -> None:
    assert language(discord.Locale.german) == "de"
    assert language(discord.Locale.latin_american_spanish) == language(discord.Locale.spain_spanish) == "es"
    assert language(discord.Locale.brazil_portuguese) == "pt-BR"
    assert language(discord.Locale.russian) == "ru"
    for other in (discord.Locale.american_english, discord.Locale.british_english, discord.Locale.japanese, None, ""):
        assert language(other) == "en"


def test_english_is_the_codes_own_text_byte_for_byte() -> None:
    assert str(ModelAuthError()) == "The model server rejected the API key."
    assert str(ModelNotFound("m", "http://x/v1")) == (
        "The model server has no model named 'm' (check the model name and the base URL http://x/v1)."
    )
    assert str(ModelUnreachable("http://x/v1")) == "Can't reach the model server at http://x/v1. Is it running?"
    hit = LimitHit("server", 50_000, 50_000, datetime(2024, 5, 2, tzinfo=UTC))
    assert hit.reason == "This server has used today's 50,000 tokens; the count starts over at 00:00 UTC."
    assert [_duration(s) for s in (5, 120, 3 * 3600 + 60, 2 * 86400 + 3600)] == ["5 s", "2 min", "3 h 1 min", "2 d 1 h"]
    for locale in (None, "en-US", "en-GB", "fr", discord.Locale.japanese):
        assert translate("{name} joins the cast here.", locale, name="Bram") == "Bram joins the cast here."


def test_other_languages_translate_and_fill_in_fields() -> None:
    assert ModelAuthError().in_language("de") == "Der Modellserver hat den API-Schlüssel abgelehnt."
    assert "http://x/v1" in ModelUnreachable("http://x/v1").in_language("pt-BR")
    assert translate("{name} joins the cast here.", "es-419", name="Bram") == "Bram se une al elenco aquí."
    assert _duration(2 * 86400 + 3600, "de") == "2 T. 1 Std."
    assert (
        plural(
            "**Replies:** {median} s (median of the last {count})",
            "**Replies:** {median} s (median of the last {count})",
            3,
            "ru",
            median="1,5",
        )
        == "**Ответы:** 1,5 с (медиана по 3 последним ответам)"
    )


def test_a_missing_or_broken_translation_falls_back_to_english(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    broken = {"{name} joins the cast here.": "{nom} rejoint la troupe.", "Here is a new reply.": ""}
    monkeypatch.setitem(i18n._catalogs, "de", broken)
    assert translate("A new conversation starts here.", "de") == "A new conversation starts here."
    assert translate("Here is a new reply.", "de") == "Here is a new reply."
    with caplog.at_level(logging.WARNING, logger="bot.i18n"):
        assert translate("{name} joins the cast here.", "de", name="Bram") == "Bram joins the cast here."
    assert "broken" in caplog.text


def test_an_unreadable_catalog_means_english(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "de.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(i18n, "catalog_folder", lambda: tmp_path)
    monkeypatch.setattr(i18n, "_catalogs", {})
    monkeypatch.setattr(i18n, "_available", None)
    with caplog.at_level(logging.WARNING, logger="bot.i18n"):
        assert translate("Here is a new reply.", "de") == "Here is a new reply."
    assert "de.json" in caplog.text


# ----- slash command descriptions -----


async def test_the_command_translator_translates_descriptions_and_keeps_names() -> None:
    translator = CommandTranslator()
    where = app_commands.TranslationContextLocation

    async def said(text: str, locale: discord.Locale, location: app_commands.TranslationContextLocation) -> str | None:
        context = app_commands.TranslationContext(location=location, data=None)  # type: ignore[call-overload]
        return await translator.translate(locale_str(text), locale, context)

    description = "How the bot is doing"
    assert await said(description, discord.Locale.german, where.command_description) == "Wie es dem Bot geht"
    assert (
        await said(description, discord.Locale.latin_american_spanish, where.command_description) == "Cómo está el bot"
    )
    assert await said(description, discord.Locale.american_english, where.command_description) is None
    assert await said(description, discord.Locale.japanese, where.command_description) is None
    assert await said("status", discord.Locale.german, where.command_name) is None
    assert await said("A saved character's name or id", discord.Locale.russian, where.parameter_description) == (
        "Имя или id сохранённого персонажа"
    )


def test_bot_i18n_needs_no_qt_nor_discord() -> None:
    tree = ast.parse((BOT / "i18n.py").read_text(encoding="utf-8"))
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    assert not any(name.split(".")[0] in ("PySide6", "discord", "desktop") for name in imported), imported
