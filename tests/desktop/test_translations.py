"""The translation files: complete, in step with the code, and compiled as committed.

What the window looks like in a translation (and that nothing visible escapes translation)
is tested in tests/desktop/settings/test_languages.py.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from PySide6 import QtCore

from desktop import i18n
from tests.desktop.ts_files import Key, Message, read_ts

#: Plural forms per language, as Qt counts them (Russian: one, few, many).
PLURAL_FORMS = {"en": 2, "es": 2, "de": 2, "pt_BR": 2, "ru": 3}
#: Placeholders a translation must keep: {name} for str.format, %n for the count.
PLACEHOLDER = re.compile(r"\{\w*\}|%L?n")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[Key, Message]:
    """What lupdate finds in the code now (a fresh file: every message unfinished)."""
    ts = tmp_path_factory.mktemp("lupdate") / "extracted.ts"
    i18n.extract(ts)
    return read_ts(ts)[1]


def test_every_language_of_the_menu_has_its_files() -> None:
    assert set(PLURAL_FORMS) == set(i18n.CATALOGS) == {code for code, _name in i18n.LANGUAGES}
    for code in i18n.CATALOGS:
        assert i18n.ts_path(code).is_file(), f"{i18n.ts_path(code).name} is missing"
        assert i18n.qm_path(code).is_file(), f"{i18n.qm_path(code).name} is missing: run python -m desktop.i18n release"


@pytest.mark.parametrize("code", i18n.TRANSLATED)
def test_translation_has_every_message_of_the_code_and_no_other(code: str, extracted: dict[Key, Message]) -> None:
    language, messages = read_ts(i18n.ts_path(code))
    assert language == code
    missing = sorted(set(extracted) - set(messages))
    stale = sorted(set(messages) - set(extracted))
    assert not missing, f"{code}: not in the .ts (run python -m desktop.i18n update, then translate): {missing[:10]}"
    assert not stale, f"{code}: no longer in the code (run python -m desktop.i18n update): {stale[:10]}"


def test_english_file_holds_the_plural_forms_of_the_code(extracted: dict[Key, Message]) -> None:
    language, messages = read_ts(i18n.ts_path("en"))
    assert language == "en"
    assert set(messages) == {key for key, message in extracted.items() if message.numerus}


@pytest.mark.parametrize("code", i18n.CATALOGS)
def test_every_message_is_translated_with_its_placeholders_and_plural_forms(code: str) -> None:
    _language, messages = read_ts(i18n.ts_path(code))
    problems = []
    for (context, source, _comment), message in messages.items():
        where = f"{context}: {source!r}"
        if message.unfinished:
            problems.append(f"{where}: unfinished")
            continue
        if message.numerus and len(message.forms) != PLURAL_FORMS[code]:
            problems.append(f"{where}: {len(message.forms)} plural forms, {code} has {PLURAL_FORMS[code]}")
        wanted = sorted(set(PLACEHOLDER.findall(source)))
        for form in message.forms:
            if not form.strip():
                problems.append(f"{where}: empty translation")
            elif sorted(set(PLACEHOLDER.findall(form))) != wanted and not (
                # A plural form may spell the count out ("one day") instead of showing it.
                message.numerus and sorted(set(PLACEHOLDER.findall(form)) | {"%n"}) == wanted
            ):
                problems.append(f"{where}: placeholders {PLACEHOLDER.findall(form)} in {form!r}, source has {wanted}")
            if source.count("&") - 2 * source.count("&&") > 0 and "&" not in form:
                problems.append(f"{where}: the keyboard accelerator (&) is missing in {form!r}")
    assert not problems, f"{code}:\n" + "\n".join(problems)


#: Counts that reach every plural form of the shipped languages (Russian: 1, 3, 5, 21, 22, 25, 11).
SAMPLE_COUNTS = (-1, 0, 1, 2, 3, 5, 11, 21, 22, 25, 101)


@pytest.mark.parametrize("code", i18n.CATALOGS)
def test_committed_qm_is_what_lrelease_makes_of_the_ts(code: str, tmp_path: Path) -> None:
    """The .qm ship as committed (pip runs no build step): they must be the .ts compiled. Compared by
    what they answer for every message and plural form, not byte for byte, so that another release of
    lrelease writing the same catalog differently does not fail CI."""
    fresh = tmp_path / f"familiar_{code}.qm"
    i18n.lrelease(i18n.ts_path(code), fresh)
    committed, compiled = QtCore.QTranslator(), QtCore.QTranslator()
    assert committed.load(str(i18n.qm_path(code))), f"{i18n.qm_path(code).name} does not load"
    assert compiled.load(str(fresh))
    stale = []
    for (context, source, comment), message in read_ts(i18n.ts_path(code))[1].items():
        for n in SAMPLE_COUNTS if message.numerus else (-1,):
            wanted = compiled.translate(context, source, comment or None, n)
            if committed.translate(context, source, comment or None, n) != wanted:
                stale.append(f"{context}: {source!r} (n={n})")
    assert not stale, f"{i18n.qm_path(code).name} is out of date (run python -m desktop.i18n release): {stale[:5]}"


def test_no_translated_string_is_built_before_translation() -> None:
    """tr()/translate() of an f-string or a variable cannot be found by lupdate (the text differs at
    run time): translate the template, then fill it in. Variables are allowed only when the value is
    marked with QT_TRANSLATE_NOOP (a table's entry), which the widget test then sees translated."""
    problems = []
    for relative in i18n.sources():
        path = i18n.repository_root() / relative
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in ("tr", "translate", "QT_TRANSLATE_NOOP") or not node.args:
                continue
            texts = node.args[1:2] if name in ("translate", "QT_TRANSLATE_NOOP") else node.args[:1]
            for text in texts:
                if isinstance(text, ast.JoinedStr) or (
                    isinstance(text, ast.BinOp) and not isinstance(text.left, ast.Constant)
                ):
                    problems.append(f"{relative}:{node.lineno}: {ast.unparse(node)[:100]}")
    assert not problems, "translated strings built at run time:\n" + "\n".join(problems)
