"""The window and the tray in another language: nothing visible escapes translation.

A pseudo-locale marks every text lupdate extracted from the code ("⟦Save⟧"); the test then
opens every page, the tray menu and the boxes that open without blocking, and reads every
widget's text, tooltip, accessible name and description, placeholder, title, item and header.
A visible string that is not marked was never translated (a literal, or a string built before
translation that lupdate cannot see) and fails with the widget's path. What may stay as it is
(the user's data, names of products, paths, numbers) is listed below, each with its reason.

Then the real German, Russian and Spanish translations, loaded as the app loads them: spot checks and
screenshots (SCREENS).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from bot.supervisor import Supervisor
from desktop import i18n
from desktop import tray as tray_module
from desktop.settings.window import SettingsWindow
from desktop.tray import Tray
from tests.conftest import SupervisorFactory
from tests.desktop.conftest import wait_until
from tests.desktop.settings.conftest import WindowFactory, shoot
from tests.desktop.ts_files import read_ts

OPEN, CLOSE = "⟦", "⟧"
_MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
_URL = re.compile(r"\b(?:https?|avatar|reasoning|spoiler)://?\S+|\b[\w.-]+\.(?:com|ai|json|png|sqlite3|log)\b")
_PATH = re.compile(r"(?:[A-Za-z]:)?[/\\][^\s,;:()]+")
_WORD = re.compile(r"[^\W\d_]{2,}")

#: Words that are the same in every language: names of products and of the app, and what
#: Discord itself never translates. Anything else left unmarked is a bug.
NAMES = {
    "Familiar",  # the app's name
    "Discord",
    "Python",
    "Qt",
    "PySide",  # products
    "OpenAI",
    "OpenRouter",
    "Ollama",
    "LM",
    "Studio",  # model providers (the Provider list, links)
    "APP",  # Discord's tag beside a bot's message, as Discord writes it
    "English",
    "Español",
    "Deutsch",
    "Português",
    "Brasil",
    "Русский",  # each language in its own words
    "FAMILIAR_CHARACTER",
    "FAMILIAR_DISCORD_TOKEN",
    "FAMILIAR_DISCORD_API_BASE",  # environment variables
    "FAMILIAR_OPENAI_BASE_URL",
    "FAMILIAR_OPENAI_API_KEY",
    "FAMILIAR_MODEL",
    "gpt",
    "mini",  # the model field's example, gpt-4o-mini
    "fake",
    "model",  # the test's model name (FAMILIAR_MODEL=fake-model), shown as set
}


class PseudoTranslator(QtCore.QTranslator):
    """Marks every message the translation files have (and Qt's own words, which qtbase_xx.qm
    translates in the app), as a translation to a new language would show it."""

    def __init__(self, messages: set[tuple[str, str, str]]) -> None:
        super().__init__()
        self._messages = messages
        self.asked: set[tuple[str, str, str]] = set()

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:  # type: ignore[override]
        key = (context, source, disambiguation or "")
        if key in self._messages:
            self.asked.add(key)
            return f"{OPEN}{source}{CLOSE}"
        if context.startswith("Q") and not context.startswith("QT_") and source != "QT_LAYOUT_DIRECTION":
            return f"{OPEN}{source}{CLOSE}"  # Qt's own (QPlatformTheme's button texts, QShortcut's Ctrl)
        return None

    def isEmpty(self) -> bool:
        return False


@pytest.fixture(scope="module")
def source_messages(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str, str]]:
    ts = tmp_path_factory.mktemp("pseudo") / "pseudo.ts"
    i18n.extract(ts)
    return set(read_ts(ts)[1])


@pytest.fixture
def pseudo(qapp: QtWidgets.QApplication, source_messages: set[tuple[str, str, str]]) -> Iterator[PseudoTranslator]:
    translator = PseudoTranslator(source_messages)
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


@pytest.fixture
def language(qapp: QtWidgets.QApplication) -> Iterator[object]:
    """Load a real translation as the app does (`i18n.install`), undone afterwards."""
    installed: list[QtCore.QTranslator] = []
    before = set(qapp.findChildren(QtCore.QTranslator))

    def load(code: str) -> str | None:
        loaded = i18n.install(qapp, code)
        installed.extend(t for t in qapp.findChildren(QtCore.QTranslator) if t not in before)
        return loaded

    yield load
    for translator in installed:
        qapp.removeTranslator(translator)
        translator.deleteLater()
    QtCore.QLocale.setDefault(QtCore.QLocale.system())


# ----- reading what is shown -----


def texts_of(widget: QtWidgets.QWidget) -> Iterator[tuple[str, str]]:
    """(what, text) for every string `widget` shows or says to a screen reader."""
    yield "toolTip", widget.toolTip()
    yield "accessibleName", widget.accessibleName()
    yield "accessibleDescription", widget.accessibleDescription()
    yield "statusTip", widget.statusTip()
    yield "whatsThis", widget.whatsThis()
    if widget.isWindow():
        yield "windowTitle", widget.windowTitle().replace("[*]", "")
    if isinstance(widget, QtWidgets.QMessageBox):
        yield "informativeText", widget.informativeText()
    if isinstance(widget, (QtWidgets.QLabel, QtWidgets.QAbstractButton)):
        yield "text", widget.text()
    elif isinstance(widget, (QtWidgets.QLineEdit, QtWidgets.QPlainTextEdit, QtWidgets.QTextEdit)):
        yield "placeholderText", widget.placeholderText()
    if isinstance(widget, QtWidgets.QGroupBox):
        yield "title", widget.title()
    if isinstance(widget, QtWidgets.QAbstractSpinBox) and isinstance(
        widget, (QtWidgets.QSpinBox, QtWidgets.QDoubleSpinBox)
    ):
        yield "suffix", widget.suffix()
        yield "prefix", widget.prefix()
        yield "specialValueText", widget.specialValueText()
    if isinstance(widget, QtWidgets.QComboBox):
        for index in range(widget.count()):
            yield f"item {index}", widget.itemText(index)
    if isinstance(widget, QtWidgets.QTabBar):
        for index in range(widget.count()):
            yield f"tab {index}", widget.tabText(index)
            yield f"tab {index} toolTip", widget.tabToolTip(index)
    if isinstance(widget, QtWidgets.QListWidget):
        for row in range(widget.count()):
            item = widget.item(row)
            yield f"item {row}", item.text()
            yield f"item {row} toolTip", item.toolTip()
    if isinstance(widget, QtWidgets.QTableWidget):
        for column in range(widget.columnCount()):
            header = widget.horizontalHeaderItem(column)
            if header is not None:
                yield f"header {column}", header.text()
    for action in widget.actions():
        yield f"action {action.objectName() or action.text()!r}", action.text()
        yield f"action {action.objectName() or action.text()!r} toolTip", action.toolTip()


def path_of(widget: QtWidgets.QWidget) -> str:
    parts = []
    current: QtCore.QObject | None = widget
    while current is not None:
        parts.append(current.objectName() or type(current).__name__)
        current = current.parent()
    return "/".join(reversed(parts))


def untranslated(text: str, data: set[str]) -> list[str]:
    """The words of `text` that no translation marked and that are not data or names."""
    if "<" in text and ">" in text:  # rich text: what it reads as
        text = QtGui.QTextDocumentFragment.fromHtml(text).toPlainText()
    for value in sorted(data, key=len, reverse=True):  # the user's data, as it is
        text = text.replace(value, " ")
    previous = None
    while previous != text:  # innermost first: a marked template filled with marked words
        previous, text = text, _MARKED.sub(" ", text)
    text = _PATH.sub(" ", _URL.sub(" ", text))
    return [word for word in _WORD.findall(text) if word not in NAMES]


def unmarked_strings(roots: list[QtWidgets.QWidget], data: set[str], skip: set[int]) -> list[str]:
    problems = []
    for root in roots:
        for widget in [root, *root.findChildren(QtWidgets.QWidget)]:
            if id(widget) in skip or any(id(parent) in skip for parent in _parents(widget)):
                continue
            for what, text in texts_of(widget):
                if text and (words := untranslated(text, data)):
                    problems.append(f"{path_of(widget)} {what}: {text!r} (unmarked: {', '.join(words)})")
    return problems


def _parents(widget: QtWidgets.QWidget) -> Iterator[QtWidgets.QWidget]:
    parent = widget.parentWidget()
    while parent is not None:
        yield parent
        parent = parent.parentWidget()


def user_data(window: SettingsWindow) -> tuple[set[str], set[int]]:
    """What the window shows of the user's own (names of characters, servers, channels, greetings)
    and the widgets that show only that (their items are data: lists of names and texts)."""
    loaded = window._loaded
    assert loaded is not None
    names = {c.name for c in loaded.characters} | {
        p.name for p in loaded.presets if p.id not in ("balanced", "creative", "precise")
    }
    for server in loaded.servers:
        names.add(server.name)
        names.update(channel.name for channel in server.channels)
    names.add(window.preview.user_name.text())
    characters = window.characters
    data_widgets = {
        id(characters.list),  # character names
        id(characters.default_character),  # character names
        id(characters.form.fields["alternate_greetings"]),  # the card's greetings, previewed
        id(characters.form.fields["group_only_greetings"]),
        id(window.preview.character),  # character names
        id(window.preview.cast_list),  # character names
        id(window.preview.transcript),  # the conversation
        id(window.lorebooks.characters),  # character names to tick
        id(window.logs.view),  # log lines are English, for the operator
    }
    return {name for name in names if name and OPEN not in name}, data_widgets


# ----- the tests -----


async def _every_page(window: SettingsWindow) -> None:
    """Build and show every page (some say more once shown: the preview, the usage counts)."""
    for row, page in enumerate(window.pages):
        window.sidebar.setCurrentRow(row)
        await wait_until(lambda: window.stack.currentWidget() is page, what=f"{page.title} shown")  # noqa: B023
    window.sidebar.setCurrentRow(0)
    await wait_until(lambda: window.stack.currentIndex() == 0, what="first page shown")
    for task in (window.usage.last_task, window.preview.avatar_task):
        if task is not None:
            await task


async def test_every_visible_string_goes_through_the_translator(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    pseudo: PseudoTranslator,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    supervisor = await make_supervisor()
    window = await open_window(supervisor)
    await _every_page(window)
    # The messages pages show after an action, and the boxes that open without blocking.
    window.connection._show_advanced(True)
    window.about.language.setCurrentIndex(window.about.language.findData("de"))  # "from the next start"
    window.about.open_location(tmp_path / "nowhere-to-open")
    window._set_dirty(True)
    window.close()  # asks about the unsaved changes
    assert window.close_prompt is not None
    tray = _tray(supervisor, tmp_path, monkeypatch)
    try:
        tray.trigger("about")
        tray.trigger("logs")  # no file manager here (patched): the box with the path
        boxes = [box for box in QtWidgets.QApplication.topLevelWidgets() if isinstance(box, QtWidgets.QMessageBox)]
        assert len(boxes) >= 3, boxes
        data, skip = user_data(window)
        problems = unmarked_strings([window, tray.menu, *boxes], data, skip)
        if words := untranslated(tray.icon.toolTip(), data):
            problems.append(f"tray icon toolTip: {tray.icon.toolTip()!r} (unmarked: {', '.join(words)})")
        shoot(window, "pseudo-locale", tmp_path)
    finally:
        window.close_prompt.close()
        tray.close()
    assert not problems, f"{len(problems)} strings shown without translation:\n" + "\n".join(problems)
    assert pseudo.asked, "the pseudo translator was never asked: the test reads nothing"


def _tray(supervisor: Supervisor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Tray:
    monkeypatch.setattr(tray_module, "open_folder", lambda _path: False)
    tray = Tray(supervisor, tmp_path / "logs")
    tray._on_snapshot(supervisor.snapshot)
    return tray


async def test_settings_window_in_german(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, language: object, tmp_path: Path
) -> None:
    assert language("de") == "de"  # type: ignore[operator]
    supervisor = await make_supervisor()
    window = await open_window(supervisor)
    assert window.windowTitle().replace("[*]", "") == "Familiar-Einstellungen"
    assert [window.sidebar.item(row).text() for row in (0, 1, 4)] == ["Verbindung", "Charaktere", "Verhalten"]
    assert window.save_button.text() == "&Speichern"
    assert window.connection.test_token_button.text() == "Token &testen"
    assert window.behaviour.reply_in_dms.text() == "In &Direktnachrichten"
    assert "Server" in window.behaviour.live_note.text()  # a plural form, in German
    # Numbers the German way: the daily limit's thousands.
    window.behaviour.limit_total.setValue(1_500_000)
    assert "1.500.000" in window.behaviour.limit_total.text()
    # Qt's own words come in the same language (qtbase_de.qm): the box's buttons.
    window._set_dirty(True)
    window.close()
    assert window.close_prompt is not None
    buttons = {button.text().replace("&", "") for button in window.close_prompt.buttons()}
    window.close_prompt.close()
    assert "Abbrechen" in buttons, buttons
    for row, name in ((4, "de-behaviour"), (8, "de-about")):
        window.sidebar.setCurrentRow(row)
        await wait_until(lambda: window.stack.currentIndex() == row, what="page shown")  # noqa: B023
        shoot(window, name, tmp_path)


async def test_settings_window_and_tray_in_russian(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    language: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert language("ru") == "ru"  # type: ignore[operator]
    supervisor = await make_supervisor()
    window = await open_window(supervisor)
    assert window.sidebar.item(0).text() == "Подключение"
    # Russian has three plural forms: 1 сервер, 3 сервера, 5 серверов.
    forms = [QtCore.QCoreApplication.translate("Status", "%n server(s)", None, n) for n in (1, 3, 5, 21)]
    assert forms == ["1 сервер", "3 сервера", "5 серверов", "21 сервер"]
    tray = _tray(supervisor, tmp_path, monkeypatch)
    try:
        assert tray.actions["quit"].text() == "Выйти"
        assert tray.actions["settings"].text() == "Настройки…"
    finally:
        tray.close()
    for row, name in ((0, "ru-connection"), (6, "ru-preview")):
        window.sidebar.setCurrentRow(row)
        await wait_until(lambda: window.stack.currentIndex() == row, what="page shown")  # noqa: B023
        shoot(window, name, tmp_path)


async def test_settings_window_in_spanish(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, language: object, tmp_path: Path
) -> None:
    assert language("es") == "es"  # type: ignore[operator]
    supervisor = await make_supervisor()
    window = await open_window(supervisor)
    assert window.windowTitle().replace("[*]", "") == "Ajustes de Familiar"
    assert [window.sidebar.item(row).text() for row in (0, 4, 6)] == [
        "Conexión",
        "Comportamiento",
        "Vista previa del chat",
    ]
    assert window.save_button.text() == "&Guardar"
    assert window.behaviour.reply_in_dms.text() == "En mensajes &directos"
    assert "el servidor en el que está ahora el bot" in window.behaviour.live_note.text()  # the singular form
    assert [window.preview.send_button.text(), window.preview.clear_button.text()] == ["&Enviar", "&Limpiar"]
    for row, name in ((4, "es-behaviour"), (6, "es-preview")):
        window.sidebar.setCurrentRow(row)
        await wait_until(lambda: window.stack.currentIndex() == row, what="page shown")  # noqa: B023
        shoot(window, name, tmp_path)
    # Numbers the Spanish way: the daily limit's thousands.
    window.behaviour.limit_total.setValue(1_500_000)
    assert "1.500.000" in window.behaviour.limit_total.text()


def test_the_language_choice_is_kept_for_the_next_start(tmp_path: Path) -> None:
    assert i18n.load_choice(tmp_path) == ""  # nothing chosen: the system's language
    i18n.save_choice(tmp_path, "pt_BR")
    assert i18n.load_choice(tmp_path) == "pt_BR"
    (tmp_path / i18n.PREFERENCES_FILE).write_text("{not json", encoding="utf-8")
    assert i18n.load_choice(tmp_path) == ""  # a broken file: the system's language, no error
    i18n.save_choice(tmp_path, "")
    assert i18n.load_choice(tmp_path) == ""
