"""About: version, the folders in use, where secrets are kept, and links."""

from __future__ import annotations

import html
import platform
from pathlib import Path

import PySide6
from PySide6 import QtCore, QtWidgets

from bot import __version__
from bot.folders import Folders

from .. import tray as tray_module
from .form import heading, scrolled
from .page import Page

LINKS = (
    ("Discord Developer Portal (your bot, its token and intents)", "https://discord.com/developers/applications"),
    ("Character Card V2 spec", "https://github.com/malfoyslastname/character-card-spec-v2"),
    ("Character Card V3 spec", "https://github.com/kwaroran/character-card-spec-v3"),
    ("OpenRouter models", "https://openrouter.ai/models"),
    ("Ollama", "https://ollama.com"),
    ("LM Studio", "https://lmstudio.ai"),
)


class AboutPage(Page):
    title = "About"

    def __init__(self, folders: Folders) -> None:
        super().__init__()
        self._folders = folders
        title = heading(f"Familiar {__version__}")
        blurb = QtWidgets.QLabel("Your AI character's Discord bot, in the system tray.")
        blurb.setWordWrap(True)
        versions = QtWidgets.QLabel(
            f"Python {platform.python_version()} · Qt {QtCore.qVersion()} · PySide6 {PySide6.__version__}"
        )
        versions.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)

        grid = QtWidgets.QGridLayout()
        rows = (
            ("Settings", folders.settings_file),
            ("Characters", folders.characters),
            ("Presets", folders.presets),
            ("Conversation memory", folders.memory_db),
            ("Logs", folders.logs),
        )
        for row, (label, path) in enumerate(rows):
            name = QtWidgets.QLabel(label)
            value = QtWidgets.QLabel(str(path))
            value.setWordWrap(True)
            value.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(f"{label} location")
            button = QtWidgets.QPushButton("Open")
            button.setAccessibleName(f"Open the {label.lower()} folder")
            folder = path if path.suffix == "" else path.parent
            button.clicked.connect(lambda _checked=False, f=folder: _open(f))
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            grid.addWidget(button, row, 2)
        grid.setColumnStretch(1, 1)
        self.secrets_where = QtWidgets.QLabel("Secrets: …")
        self.secrets_where.setWordWrap(True)

        links = QtWidgets.QLabel(
            "<br>".join(f'<a href="{html.escape(url)}">{html.escape(text)}</a>' for text, url in LINKS)
        )
        links.setOpenExternalLinks(True)
        links.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextBrowserInteraction)

        body = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(body)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addWidget(versions)
        layout.addSpacing(8)
        layout.addWidget(heading("Folders in use"))
        layout.addLayout(grid)
        layout.addWidget(self.secrets_where)
        layout.addSpacing(8)
        layout.addWidget(heading("Links"))
        layout.addWidget(links)
        layout.addStretch(1)
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolled(body))

    def set_secrets_location(self, where: str) -> None:
        """Where the token and key are kept (asking the keyring is slow: the window does it off the loop)."""
        self.secrets_where.setText(f"Token and API key are kept in: {where}.")


def _open(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    tray_module.open_folder(folder)
