"""A minimal settings window: bot token, model base URL, key and model, notifications.

A later issue replaces it with the full window; until then this one holds
what the bot needs to come online, and doubles as the main window when the
desktop has no system tray (then it shows the status and can quit the app).
"""

from __future__ import annotations

import logging

from pydantic import ValidationError
from PySide6 import QtCore, QtGui, QtWidgets

from bot.folders import Folders
from bot.secrets import Secrets, SecretStoreError
from bot.settings import Settings, SettingsError, load_settings
from bot.supervisor import Supervisor

from .. import icons
from ..status import Presentation
from ..tasks import UiTasks
from .saving import load_secrets, save_and_apply

log = logging.getLogger(__name__)

_LABELS = {"openai_base_url": "Model API base URL", "model": "Model"}
_ENV_NAMES = {
    "discord_token": "FAMILIAR_DISCORD_TOKEN",
    "discord_api_base": "FAMILIAR_DISCORD_API_BASE",
    "openai_base_url": "FAMILIAR_OPENAI_BASE_URL",
    "openai_api_key": "FAMILIAR_OPENAI_API_KEY",
    "model": "FAMILIAR_MODEL",
}


class SettingsWindow(QtWidgets.QWidget):
    quit_requested = QtCore.Signal()
    saved = QtCore.Signal()

    def __init__(self, supervisor: Supervisor, folders: Folders, tasks: UiTasks) -> None:
        super().__init__()
        self._supervisor = supervisor
        self._folders = folders
        self._tasks = tasks
        self._main_window = False
        self.setWindowTitle("Familiar settings")
        self.setWindowIcon(icons.app_icon())

        self.status = QtWidgets.QLabel("Starting…")
        self.status.setWordWrap(True)
        font = self.status.font()
        font.setBold(True)
        self.status.setFont(font)

        self.token = _secret_field("Paste the bot token from the Discord Developer Portal")
        self.base_url = QtWidgets.QLineEdit()
        self.base_url.setPlaceholderText("https://api.openai.com/v1")
        self.api_key = _secret_field("Leave empty for a local model (Ollama, LM Studio)")
        self.model = QtWidgets.QLineEdit()
        self.notifications = QtWidgets.QCheckBox("Notify me when the bot goes offline, comes back, or needs me")
        self.show_secrets = QtWidgets.QCheckBox("Show token and key")
        self.show_secrets.toggled.connect(self._on_show_secrets)
        self.overrides = QtWidgets.QLabel()
        self.overrides.setWordWrap(True)
        self.overrides.hide()
        self.message = QtWidgets.QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QtWidgets.QFormLayout()
        form.addRow("Discord bot token", self.token)
        form.addRow(_LABELS["openai_base_url"], self.base_url)
        form.addRow("Model API key", self.api_key)
        form.addRow(_LABELS["model"], self.model)
        form.addRow("", self.show_secrets)
        form.addRow("Notifications", self.notifications)

        self.save_button = QtWidgets.QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.quit_button = QtWidgets.QPushButton("Quit Familiar")
        self.quit_button.clicked.connect(self.quit_requested.emit)
        self.quit_button.hide()
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(form)
        layout.addWidget(self.overrides)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(520, self.sizeHint().height())

    # ----- modes -----

    def set_main_window(self, main: bool) -> None:
        """No tray: this window is the app, so it offers Quit and closing it quits."""
        self._main_window = main
        self.quit_button.setVisible(main)
        self.setWindowTitle("Familiar" if main else "Familiar settings")

    def show_status(self, presentation: Presentation) -> None:
        self.status.setText(presentation.status)
        self.status.setToolTip(presentation.tooltip)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # Qt override
        if self._main_window:
            self.quit_requested.emit()
        event.accept()

    # ----- open / load -----

    def open(self) -> None:
        """Show, raise, and (re)load the saved values off the loop."""
        self.show()
        self.raise_()
        self.activateWindow()
        self._tasks.spawn(self.load(), "familiar-settings-load")

    async def load(self) -> None:
        self.save_button.setEnabled(False)
        try:
            secrets = await load_secrets(self._folders)
        except SecretStoreError as error:
            self._say(str(error), error=True)
            secrets = Secrets()
        settings = self._supervisor.settings or Settings()
        self.token.setText(secrets.discord_token or "")
        self.api_key.setText(secrets.openai_api_key or "")
        self.base_url.setText(settings.openai_base_url)
        self.model.setText(settings.model)
        self.notifications.setChecked(settings.notifications)
        overridden = sorted(self._supervisor.config.overridden) if self._supervisor.config else []
        self.overrides.setVisible(bool(overridden))
        self.overrides.setText(
            "Set by the environment, which wins over what is saved here: "
            + ", ".join(_ENV_NAMES.get(name, name) for name in overridden)
        )
        self.save_button.setEnabled(True)

    # ----- save -----

    def save(self) -> None:
        self._tasks.spawn(self.save_now(), "familiar-settings-save")

    async def save_now(self) -> bool:
        """Validate, save and apply; True on success (the message says why not)."""
        settings = self._validated_settings()
        if settings is None:
            return False
        secrets = Secrets(
            discord_token=self.token.text().strip() or None,
            openai_api_key=self.api_key.text().strip() or None,
        )
        self.save_button.setEnabled(False)
        try:
            await save_and_apply(self._supervisor, self._folders, settings, secrets)
        except (SettingsError, SecretStoreError, OSError) as error:
            log.error("Saving settings failed: %s", error)
            self._say(f"Not saved: {error}", error=True)
            return False
        finally:
            self.save_button.setEnabled(True)
        log.info("Settings saved")
        self._say("Saved.")
        self.saved.emit()
        return True

    def _validated_settings(self) -> Settings | None:
        try:
            current = self._supervisor.settings or load_settings(self._folders)
            data = current.model_dump()
            data.update(
                openai_base_url=self.base_url.text().strip(),
                model=self.model.text().strip(),
                notifications=self.notifications.isChecked(),
            )
            return Settings.model_validate(data)
        except ValidationError as error:
            problems = [
                f"{_LABELS.get(str(e['loc'][0]) if e['loc'] else '', 'Settings')}: {e['msg'].removeprefix('Value error, ')}"
                for e in error.errors()
            ]
            self._say("; ".join(problems), error=True)
        except SettingsError as error:
            self._say(str(error), error=True)
        return None

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #c62828;" if error else "")

    def _on_show_secrets(self, shown: bool) -> None:
        mode = QtWidgets.QLineEdit.EchoMode.Normal if shown else QtWidgets.QLineEdit.EchoMode.Password
        self.token.setEchoMode(mode)
        self.api_key.setEchoMode(mode)


def _secret_field(placeholder: str) -> QtWidgets.QLineEdit:
    field = QtWidgets.QLineEdit()
    field.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field
