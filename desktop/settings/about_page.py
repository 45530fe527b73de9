"""About: version, the language, the folders in use, where secrets are kept, and links."""

from __future__ import annotations

import html
import platform
from pathlib import Path

import PySide6
from PySide6 import QtCore, QtWidgets

from bot import __version__
from bot.folders import Folders

from .. import i18n
from ..i18n import QT_TRANSLATE_NOOP
from .form import heading, scrolled
from .open_folder import open_folder
from .page import Page
from .status_line import StatusLine

LINKS = (
    (
        QT_TRANSLATE_NOOP("AboutPage", "Discord Developer Portal (your bot, its token and intents)"),
        "https://discord.com/developers/applications",
    ),
    (
        QT_TRANSLATE_NOOP("AboutPage", "Character Card V2 spec"),
        "https://github.com/malfoyslastname/character-card-spec-v2",
    ),
    (QT_TRANSLATE_NOOP("AboutPage", "Character Card V3 spec"), "https://github.com/kwaroran/character-card-spec-v3"),
    (QT_TRANSLATE_NOOP("AboutPage", "OpenRouter models"), "https://openrouter.ai/models"),
    ("Ollama", "https://ollama.com"),  # names: the same in every language
    ("LM Studio", "https://lmstudio.ai"),
)


class AboutPage(Page):
    title = QT_TRANSLATE_NOOP("SettingsWindow", "About")

    def __init__(self, folders: Folders) -> None:
        super().__init__()
        self._folders = folders
        title = heading(f"Familiar {__version__}")
        blurb = QtWidgets.QLabel(self.tr("Your AI character's Discord bot, in the system tray."))
        blurb.setWordWrap(True)
        versions = QtWidgets.QLabel(
            f"Python {platform.python_version()} · Qt {QtCore.qVersion()} · PySide6 {PySide6.__version__}"
        )
        versions.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)

        grid = QtWidgets.QGridLayout()
        # (label, the path's accessible name, the Open button's accessible name, path)
        rows = (
            (
                self.tr("Settings"),
                self.tr("Settings location"),
                self.tr("Open the settings folder"),
                folders.settings_file,
            ),
            (
                self.tr("Characters"),
                self.tr("Characters location"),
                self.tr("Open the characters folder"),
                folders.characters,
            ),
            (self.tr("Presets"), self.tr("Presets location"), self.tr("Open the presets folder"), folders.presets),
            (
                self.tr("Conversation memory"),
                self.tr("Conversation memory location"),
                self.tr("Open the conversation memory folder"),
                folders.memory_db,
            ),
            (self.tr("Logs"), self.tr("Logs location"), self.tr("Open the logs folder"), folders.logs),
        )
        for row, (label, location, open_name, path) in enumerate(rows):
            name = QtWidgets.QLabel(label)
            value = QtWidgets.QLabel(str(path))
            value.setWordWrap(True)
            value.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(location)
            button = QtWidgets.QPushButton(self.tr("Open"))
            button.setAccessibleName(open_name)
            folder = path if path.suffix == "" else path.parent
            button.clicked.connect(lambda _checked=False, f=folder: self.open_location(f))
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            grid.addWidget(button, row, 2)
        grid.setColumnStretch(1, 1)
        self.folder_note = StatusLine(hide_when_empty=True)  # with no file manager: say so
        self.secrets_where = QtWidgets.QLabel(self.tr("Secrets: …"))
        self.secrets_where.setWordWrap(True)

        links = QtWidgets.QLabel(
            "<br>".join(f'<a href="{html.escape(url)}">{html.escape(self.tr(text))}</a>' for text, url in LINKS)
        )
        links.setOpenExternalLinks(True)
        links.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextBrowserInteraction)

        body = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(body)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addWidget(versions)
        layout.addSpacing(8)
        layout.addWidget(heading(self.tr("Language")))
        layout.addLayout(self._language_row())
        layout.addWidget(self.language_note)
        layout.addSpacing(8)
        layout.addWidget(heading(self.tr("Folders in use")))
        layout.addLayout(grid)
        layout.addWidget(self.folder_note)
        layout.addWidget(self.secrets_where)
        layout.addSpacing(8)
        layout.addWidget(heading(self.tr("Links")))
        layout.addWidget(links)
        layout.addStretch(1)
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolled(body))

    def _language_row(self) -> QtWidgets.QHBoxLayout:
        """The language of the window and the tray: the system's, or one of the translations.

        Kept apart from the settings (not part of Save: settings.json is the bot's) and used
        from the next start: every page would otherwise have to set all its words again."""
        self.language = QtWidgets.QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        native = QtCore.QLocale.system().nativeLanguageName()  # "" for the C locale
        if native:
            self.language.addItem(self.tr("System default ({language})").format(language=native), "")
        else:
            self.language.addItem(self.tr("System default"), "")
        for code, name in i18n.LANGUAGES:
            self.language.addItem(name, code)  # each in its own language: findable whatever is shown
        self._language_choice = i18n.load_choice(self._folders.config)
        self.language.setCurrentIndex(max(0, self.language.findData(self._language_choice)))
        self.language.currentIndexChanged.connect(self._on_language)
        self.language_note = StatusLine(hide_when_empty=True)
        row = QtWidgets.QHBoxLayout()
        label = QtWidgets.QLabel(self.tr("&Language"))
        label.setBuddy(self.language)
        row.addWidget(label)
        row.addWidget(self.language)
        row.addStretch(1)
        return row

    def _on_language(self, _index: int) -> None:
        code = str(self.language.currentData() or "")
        try:
            i18n.save_choice(self._folders.config, code)
        except OSError as error:
            self.language_note.say(self.tr("Could not keep the language: {error}").format(error=error), error=True)
            return
        if code == self._language_choice:
            self.language_note.say("")
        else:
            self.language_note.say(self.tr("Familiar will use this language from its next start."))

    def set_secrets_location(self, where: str) -> None:
        """Where the token and key are kept (asking the keyring is slow: the window does it off the loop)."""
        self.secrets_where.setText(self.tr("Token and API key are kept in: {where}.").format(where=where))

    def open_location(self, folder: Path) -> None:
        self.folder_note.say(open_folder(folder) or "")
