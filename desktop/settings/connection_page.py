"""Connection: the Discord bot token and the model server, each with a Test button.

The token test logs in (REST + one gateway handshake, `bot.checks`) and shows
the bot's name and avatar or the exact problem; the invite link follows from
the application id. The model part offers provider presets that fill the base
URL, the server's model list, and a one-request test with its latency.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError
from PySide6 import QtCore, QtGui, QtWidgets

from bot import redact
from bot.checks import (
    BotIdentity,
    ModelCheck,
    check_discord_token,
    check_model,
    invite_url,
    list_models,
)
from bot.secrets import Secrets
from bot.settings import (
    DEFAULT_DISCORD_API_BASE,
    ENV_DISCORD_API_BASE,
    ENV_DISCORD_TOKEN,
    ENV_MODEL,
    ENV_OPENAI_API_KEY,
    ENV_OPENAI_BASE_URL,
    Settings,
)
from bot.supervisor import State, Supervisor

from ..tasks import UiTasks
from . import avatars
from .busy import NetworkAction
from .form import (
    add_row,
    connect_changed,
    errors_by_field,
    heading,
    line_edit,
    new_form,
    scrolled,
    set_read_only,
)
from .page import Loaded, Page
from .ranges import field_range

log = logging.getLogger(__name__)

#: (name, base URL or None for "type your own", what the key field should say)
PROVIDERS: tuple[tuple[str, str | None, str], ...] = (
    ("OpenAI", "https://api.openai.com/v1", "Your OpenAI key (sk-…)"),
    ("OpenRouter", "https://openrouter.ai/api/v1", "Your OpenRouter key (sk-or-…)"),
    ("Ollama", "http://localhost:11434/v1", "Leave empty: Ollama needs no key"),
    ("LM Studio", "http://localhost:1234/v1", "Leave empty: LM Studio needs no key"),
    ("Custom", None, "The server's key, if it needs one"),
)
CUSTOM = len(PROVIDERS) - 1

_ENV_NAMES = {
    "discord_token": ENV_DISCORD_TOKEN,
    "discord_api_base": ENV_DISCORD_API_BASE,
    "openai_base_url": ENV_OPENAI_BASE_URL,
    "openai_api_key": ENV_OPENAI_API_KEY,
    "model": ENV_MODEL,
}
AVATAR_SIZE = 48


def provider_for(url: str) -> int:
    """Index in PROVIDERS whose base URL is `url` (ignoring a trailing slash), else Custom."""
    wanted = url.strip().rstrip("/")
    for index, (_name, base, _hint) in enumerate(PROVIDERS):
        if base is not None and base == wanted:
            return index
    return CUSTOM


class ConnectionPage(Page):
    title = "Connection"

    def __init__(self, supervisor: Supervisor, tasks: UiTasks) -> None:
        super().__init__()
        self._supervisor = supervisor
        self._tasks = tasks
        self.identity: BotIdentity | None = None
        self._saved: tuple[Settings, Secrets] = (Settings(), Secrets())
        self._overridden: frozenset[str] = frozenset()

        # ----- Discord -----
        self.token = _secret_field("Paste the bot token from the Developer Portal (your app → Bot)")
        self.show_token = QtWidgets.QCheckBox("&Show")
        self.show_token.setAccessibleName("Show the bot token")
        self.show_token.toggled.connect(lambda shown: _reveal(self.token, shown))
        self.test_token_button = QtWidgets.QPushButton("&Test token")
        self.token_action = NetworkAction(tasks, self.test_token_button, "familiar-token-test", "Logging in to Discord…")
        self.test_token_button.clicked.connect(self.test_token)

        self.bot_avatar = QtWidgets.QLabel()
        self.bot_avatar.setFixedSize(AVATAR_SIZE, AVATAR_SIZE)
        self.bot_avatar.setAccessibleName("Bot avatar")
        self.bot_name = QtWidgets.QLabel()
        self.bot_name.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.bot_name.font()
        font.setBold(True)
        self.bot_name.setFont(font)
        identity_row = QtWidgets.QHBoxLayout()
        identity_row.addWidget(self.bot_avatar)
        identity_row.addWidget(self.bot_name, 1)
        self.identity_box = QtWidgets.QWidget()
        self.identity_box.setLayout(identity_row)
        identity_row.setContentsMargins(0, 0, 0, 0)
        self.identity_box.hide()

        self.invite = QtWidgets.QLineEdit()
        self.invite.setReadOnly(True)
        self.invite.setPlaceholderText("Test the token to get the invite link")
        self.copy_invite = QtWidgets.QPushButton("&Copy link")
        self.copy_invite.clicked.connect(self._copy_invite)
        self.open_invite = QtWidgets.QPushButton("Open in &browser")
        self.open_invite.clicked.connect(self._open_invite)
        invite_row = QtWidgets.QHBoxLayout()
        invite_row.setContentsMargins(0, 0, 0, 0)
        invite_row.addWidget(self.invite, 1)
        invite_row.addWidget(self.copy_invite)
        invite_row.addWidget(self.open_invite)
        invite_box = QtWidgets.QWidget()
        invite_box.setLayout(invite_row)

        # ----- model server -----
        self.provider = QtWidgets.QComboBox()
        for name, base, _hint in PROVIDERS:
            self.provider.addItem(name, base)
        self.provider.activated.connect(self._on_provider)
        self.base_url = QtWidgets.QLineEdit()
        self.base_url.setPlaceholderText("https://api.openai.com/v1")
        self.base_url.textEdited.connect(self._on_base_url_edited)
        self.api_key = _secret_field(PROVIDERS[0][2])
        self.show_key = QtWidgets.QCheckBox("S&how")
        self.show_key.setAccessibleName("Show the API key")
        self.show_key.toggled.connect(lambda shown: _reveal(self.api_key, shown))
        self.model = QtWidgets.QComboBox()
        self.model.setEditable(True)
        self.model.setInsertPolicy(QtWidgets.QComboBox.InsertPolicy.NoInsert)
        self.model.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model.setMinimumContentsLength(24)
        line_edit(self.model).setPlaceholderText("gpt-4o-mini")
        self.refresh_models_button = QtWidgets.QPushButton("&Get model list")
        self.models_action = NetworkAction(tasks, self.refresh_models_button, "familiar-model-list", "Asking the server for its models…")
        self.refresh_models_button.clicked.connect(self.refresh_models)
        self.test_model_button = QtWidgets.QPushButton("Test &model")
        self.model_action = NetworkAction(tasks, self.test_model_button, "familiar-model-test", "Sending one short request…")
        self.test_model_button.clicked.connect(self.test_model)
        # What the running bot learned about its model: a text-only one gets notes instead of images.
        self.images_note = QtWidgets.QLabel()
        self.images_note.setWordWrap(True)
        self.images_note.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.images_note.hide()

        # ----- advanced -----
        self.api_base = QtWidgets.QLineEdit()
        self.api_base.setPlaceholderText(DEFAULT_DISCORD_API_BASE)
        self.timeout = QtWidgets.QDoubleSpinBox()
        low, high = field_range(Settings, "request_timeout")
        self.timeout.setRange(low, high)
        self.timeout.setDecimals(0)
        self.timeout.setSuffix(" s")
        self.advanced_toggle = QtWidgets.QToolButton()
        self.advanced_toggle.setText("Advanced")
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setArrowType(QtCore.Qt.ArrowType.RightArrow)
        self.advanced_toggle.toggled.connect(self._show_advanced)

        self.overrides = QtWidgets.QLabel()
        self.overrides.setWordWrap(True)
        self.overrides.hide()

        for widget in (self.token, self.base_url, self.api_key, self.model, self.api_base, self.timeout):
            connect_changed(widget, self.mark_changed)
        self.provider.activated.connect(lambda _index: self.mark_changed())

        # ----- layout: one form, so every label lines up -----
        form = new_form()
        form.addRow(heading("Discord"))
        add_row(
            form, "Discord &bot token", _with(self.token, self.show_token), field=self.token,
            below=[self.token_action.row(), self.token_action.result, self.identity_box],
        )
        add_row(
            form, "&Invite link", invite_box, field=self.invite,
            hint="Open it to add the bot to one of your servers. It asks only for: View Channels, "
            "Send Messages, Send Messages in Threads, Read Message History, Use Application Commands (the "
            "slash commands), and Manage Webhooks (so characters speak under their own name and avatar).",
        )
        form.addRow(heading("Model server"))
        add_row(form, "&Provider", self.provider, hint="Fills in the base URL; pick Custom for any other server.")
        add_row(form, "Base &URL", self.base_url, errors=self.errors, name="openai_base_url")
        add_row(form, "API &key", _with(self.api_key, self.show_key), field=self.api_key)
        add_row(
            form, "Mo&del", _layout_widget(self.models_action.row(self.model)), field=self.model,
            errors=self.errors, name="model",
            below=[self.models_action.result, self.model_action.row(), self.model_action.result, self.images_note],
        )
        form.addRow(self.advanced_toggle)
        self._advanced_rows = [
            form.rowCount(),
            form.rowCount() + 1,
        ]
        add_row(
            form, "Discord &API base", self.api_base, errors=self.errors, name="discord_api_base",
            hint="Only for Discord-compatible servers; changing it reconnects the bot.",
        )
        add_row(form, "Model request &timeout", self.timeout, errors=self.errors, name="request_timeout")
        self._form = form
        self._show_advanced(False)

        body = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(body)
        layout.addWidget(self.overrides)
        layout.addLayout(form)
        layout.addStretch(1)
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolled(body))

    # ----- load / save -----

    def load(self, loaded: Loaded) -> None:
        settings, secrets = loaded.settings, loaded.secrets
        self._saved = (settings, secrets)
        self._overridden = loaded.overridden
        self.token.setText(secrets.discord_token or "")
        self.api_key.setText(secrets.openai_api_key or "")
        self.base_url.setText(settings.openai_base_url)
        self.model.setCurrentText(settings.model)
        self.api_base.setText(settings.discord_api_base)
        self.timeout.setValue(settings.request_timeout)
        self._show_environment(loaded.overridden)
        self.refresh_model_note()
        self._sync_provider()
        self._show_advanced(self.advanced_toggle.isChecked() or self.api_base.text() != DEFAULT_DISCORD_API_BASE)
        client = self._supervisor.client
        if self.identity is None and client is not None and client.application_id:
            self.invite.setText(invite_url(client.application_id))
            self.invite.setCursorPosition(0)

    def refresh_model_note(self) -> None:
        """Say so when the running model answered that it cannot take images (until the model changes)."""
        text_only = self._supervisor.snapshot.model_text_only
        config = self._supervisor.config
        if text_only and config is not None:
            self.images_note.setText(
                f"Images: the model {config.model} answered that it cannot take images, so pictures reach it "
                "as short text notes until the model changes."
            )
        self.images_note.setVisible(text_only)

    def _show_environment(self, overridden: frozenset[str]) -> None:
        """Fields set by FAMILIAR_* variables show the value the bot really uses, read-only."""
        config = self._supervisor.config
        fields = {
            "discord_token": self.token,
            "discord_api_base": self.api_base,
            "openai_base_url": self.base_url,
            "openai_api_key": self.api_key,
            "model": line_edit(self.model),
        }
        rejected = {error.field: error.value for error in config.env_errors} if config is not None else {}
        for name, field in fields.items():
            locked = name in overridden and config is not None
            if locked:
                # What the environment says, even when unusable (its error shows under the field).
                field.setText(str(rejected.get(name) or getattr(config, name) or ""))
            set_read_only(field, locked)
            field.setToolTip(f"Set by the environment variable {_ENV_NAMES[name]}" if locked else "")
        self.provider.setEnabled("openai_base_url" not in overridden)
        self.overrides.setVisible(bool(overridden))
        self.overrides.setText(
            "Some fields are set by environment variables, which win over what is saved here; they are shown "
            "read-only: " + ", ".join(_ENV_NAMES.get(name, name) for name in sorted(overridden))
        )

    def contribute(self, data: dict[str, Any]) -> None:
        typed = {
            "openai_base_url": self.base_url.text().strip(),
            "model": self.model.currentText().strip(),
            "discord_api_base": self.api_base.text().strip() or DEFAULT_DISCORD_API_BASE,
        }
        saved = self._saved[0]
        for name, value in typed.items():
            # An environment value is never written back: keep what was saved.
            data[name] = getattr(saved, name) if name in self._overridden else value
        data["request_timeout"] = self.timeout.value()

    def secrets(self) -> Secrets:
        saved = self._saved[1]
        token = saved.discord_token if "discord_token" in self._overridden else self.token.text().strip() or None
        key = saved.openai_api_key if "openai_api_key" in self._overridden else self.api_key.text().strip() or None
        return Secrets(discord_token=token, openai_api_key=key)

    def model_access(self) -> tuple[str, str | None, str, float]:
        """(base URL, key, model, timeout) as typed now: the preview uses them before saving."""
        return (
            self.base_url.text().strip(),
            self.api_key.text().strip() or None,
            self.model.currentText().strip(),
            self.timeout.value(),
        )

    # ----- Discord token -----

    def test_token(self) -> None:
        token = self.token.text().strip()
        api_base = self._checked("discord_api_base", self.api_base.text().strip() or DEFAULT_DISCORD_API_BASE)
        if api_base is None:
            self.token_action.say("Fix the Discord API base under Advanced first.", error=True)
            return
        redact.register_secret(token)  # typed, not saved yet: keep it out of the log anyway
        config = self._supervisor.config
        live = (
            self._supervisor.snapshot.state is State.CONNECTED
            and config is not None
            and (config.discord_token, config.discord_api_base) == (token, api_base)
        )
        # A live connection with this token already proves the intents; a second IDENTIFY
        # would only open a second session.
        self.identity_box.hide()
        self.token_action.start(check_discord_token(token, api_base, identify=not live), self._on_identity)

    def _on_identity(self, identity: BotIdentity) -> str:
        self.identity = identity
        servers = identity.server_count
        if servers is None and self._supervisor.snapshot.state is State.CONNECTED:
            servers = self._supervisor.snapshot.server_count
        where = "" if servers is None else f" · in {servers} server{'' if servers == 1 else 's'}"
        self.bot_name.setText(f"{identity.name}{where}")
        self.bot_avatar.setPixmap(avatars.placeholder(identity.name, AVATAR_SIZE, self.devicePixelRatioF()))
        self.identity_box.show()
        self.invite.setText(identity.invite_url)
        self.invite.setCursorPosition(0)
        if identity.avatar:
            self._tasks.spawn(self._show_avatar(identity), "familiar-bot-avatar")
        hint = "" if servers else " Use the invite link to add it to a server."
        if self._supervisor.snapshot.state is State.ERROR:
            hint += " Save if you changed the token, or press Reconnect now to try again."
        return f"The token works: this is {identity.name}.{hint}"

    async def _show_avatar(self, identity: BotIdentity) -> None:
        assert identity.avatar is not None
        ratio = self.devicePixelRatioF()
        image = await avatars.decode(identity.avatar, AVATAR_SIZE, ratio)
        if image is not None and self.identity is identity:
            self.bot_avatar.setPixmap(avatars.pixmap(image, identity.name, AVATAR_SIZE, ratio))

    def _copy_invite(self) -> None:
        if self.invite.text():
            QtGui.QGuiApplication.clipboard().setText(self.invite.text())
            self.token_action.say("Invite link copied.")

    def _open_invite(self) -> None:
        if self.invite.text():
            QtGui.QDesktopServices.openUrl(QtCore.QUrl(self.invite.text()))

    # ----- model -----

    def refresh_models(self) -> None:
        base_url = self._checked("openai_base_url", self.base_url.text().strip())
        if base_url is None:
            self.models_action.say("Fix the base URL first.", error=True)
            return
        key = self.api_key.text().strip() or None
        redact.register_secret(key)
        self.models_action.start(list_models(base_url, key, timeout=self.timeout.value()), self._on_models)

    def _on_models(self, models: list[str]) -> str:
        typed = self.model.currentText()
        with self.loading():
            self.model.clear()
            self.model.addItems(models)
            self.model.setCurrentText(typed)
        if not models:
            return "The server lists no models; type the model name."
        return f"{len(models)} model{'' if len(models) == 1 else 's'} available: pick one from the list or type a name."

    def test_model(self) -> None:
        base_url = self._checked("openai_base_url", self.base_url.text().strip())
        if base_url is None:
            self.model_action.say("Fix the base URL first.", error=True)
            return
        key = self.api_key.text().strip() or None
        redact.register_secret(key)
        model = self.model.currentText().strip()
        self.model_action.start(check_model(base_url, key, model, timeout=self.timeout.value()), self._on_model_check)

    def _on_model_check(self, result: ModelCheck) -> str:
        reply = result.reply if len(result.reply) <= 200 else result.reply[:199] + "…"
        return f"The model answered in {result.latency:.2f} s: “{reply or '(an empty reply)'}”"

    def _on_provider(self, index: int) -> None:
        base = PROVIDERS[index][1]
        if base is not None:
            self.base_url.setText(base)
            self.errors.show({})
        self.api_key.setPlaceholderText(PROVIDERS[index][2])

    def _on_base_url_edited(self, text: str) -> None:
        self._sync_provider()

    def _sync_provider(self) -> None:
        index = provider_for(self.base_url.text())
        self.provider.setCurrentIndex(index)
        self.api_key.setPlaceholderText(PROVIDERS[index][2])

    def _checked(self, name: str, value: str) -> str | None:
        """`value` as the settings model accepts it, or None with the reason shown at the field."""
        try:
            return str(getattr(Settings.model_validate({name: value}), name))
        except ValidationError as error:
            self.show_errors(errors_by_field(error))
            return None

    def _show_advanced(self, shown: bool) -> None:
        self.advanced_toggle.setChecked(shown)
        self.advanced_toggle.setArrowType(QtCore.Qt.ArrowType.DownArrow if shown else QtCore.Qt.ArrowType.RightArrow)
        for row in self._advanced_rows:
            self._form.setRowVisible(row, shown)

    @property
    def advanced_shown(self) -> bool:
        return self.advanced_toggle.isChecked()

    def show_errors(self, errors: dict[str, str]) -> QtWidgets.QWidget | None:
        if any(name in errors for name in ("discord_api_base", "request_timeout")):
            self._show_advanced(True)
        return super().show_errors(errors)


def _secret_field(placeholder: str) -> QtWidgets.QLineEdit:
    field = QtWidgets.QLineEdit()
    field.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


def _reveal(field: QtWidgets.QLineEdit, shown: bool) -> None:
    field.setEchoMode(QtWidgets.QLineEdit.EchoMode.Normal if shown else QtWidgets.QLineEdit.EchoMode.Password)


def _with(field: QtWidgets.QWidget, *extras: QtWidgets.QWidget) -> QtWidgets.QWidget:
    box = QtWidgets.QWidget()
    row = QtWidgets.QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(field, 1)
    for extra in extras:
        row.addWidget(extra)
    box.setFocusProxy(field)
    return box


def _layout_widget(layout: QtWidgets.QLayout) -> QtWidgets.QWidget:
    box = QtWidgets.QWidget()
    box.setLayout(layout)
    return box
