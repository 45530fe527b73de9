"""Connection: the Discord bot token and the model server, each with a Test button.

The token test logs in (REST + one gateway handshake, `bot.checks`) and shows
the bot's name and avatar or the exact problem; the invite link follows from
the application id. The model part offers provider presets that fill the base
URL, the server's model list, and a one-request test with its latency.

A field a FAMILIAR_* variable sets shows the environment's value and cannot be
changed by any path (typing, a pick from the model list, a provider preset,
Revert): the bot uses the environment's value whatever is saved, and the
banner at the top says so. A test's outcome is cleared when it stops being
true (the token edited, or rejected by Discord since).
"""

from __future__ import annotations

import logging
import time
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
from bot.supervisor import ErrorKind, Snapshot, State, Supervisor

from .. import i18n
from ..i18n import QT_TRANSLATE_NOOP
from ..tasks import UiTasks
from . import avatars
from .busy import NetworkAction
from .field_rows import FieldRows
from .form import (
    add_row,
    connect_changed,
    errors_by_field,
    even_label_column,
    heading,
    line_edit,
    new_form,
    scrolled,
    set_read_only,
)
from .page import Loaded, Page

log = logging.getLogger(__name__)

#: (name, base URL or None for "type your own", what the key field should say); the words are
#: translated where shown, the providers' names are names.
PROVIDERS: tuple[tuple[str, str | None, str], ...] = (
    ("OpenAI", "https://api.openai.com/v1", QT_TRANSLATE_NOOP("ConnectionPage", "Your OpenAI key (sk-…)")),
    (
        "OpenRouter",
        "https://openrouter.ai/api/v1",
        QT_TRANSLATE_NOOP("ConnectionPage", "Your OpenRouter key (sk-or-…)"),
    ),
    ("Ollama", "http://localhost:11434/v1", QT_TRANSLATE_NOOP("ConnectionPage", "Leave empty: Ollama needs no key")),
    (
        "LM Studio",
        "http://localhost:1234/v1",
        QT_TRANSLATE_NOOP("ConnectionPage", "Leave empty: LM Studio needs no key"),
    ),
    (
        QT_TRANSLATE_NOOP("ConnectionPage", "Custom"),
        None,
        QT_TRANSLATE_NOOP("ConnectionPage", "The server's key, if it needs one"),
    ),
)
CUSTOM = len(PROVIDERS) - 1

_ENV_NAMES = {
    "discord_token": ENV_DISCORD_TOKEN,
    "discord_api_base": ENV_DISCORD_API_BASE,
    "openai_base_url": ENV_OPENAI_BASE_URL,
    "openai_api_key": ENV_OPENAI_API_KEY,
    "model": ENV_MODEL,
}
#: How the banner names each field (as its label does).
_FIELD_NAMES = {
    "discord_token": QT_TRANSLATE_NOOP("ConnectionPage", "Discord bot token"),
    "discord_api_base": QT_TRANSLATE_NOOP("ConnectionPage", "Discord API base"),
    "openai_base_url": QT_TRANSLATE_NOOP("ConnectionPage", "Base URL"),
    "openai_api_key": QT_TRANSLATE_NOOP("ConnectionPage", "API key"),
    "model": QT_TRANSLATE_NOOP("ConnectionPage", "Model"),
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
    title = QT_TRANSLATE_NOOP("SettingsWindow", "Connection")

    def __init__(self, supervisor: Supervisor, tasks: UiTasks) -> None:
        super().__init__()
        self._supervisor = supervisor
        self._tasks = tasks
        self.identity: BotIdentity | None = None
        self._saved: tuple[Settings, Secrets] = (Settings(), Secrets())
        self._overridden: frozenset[str] = frozenset()
        self._locked: dict[str, str] = {}  # field -> the environment's value it must keep showing
        self._testing: tuple[str, str] = ("", "")  # (token, API base) of the token test under way
        #: (token, API base) the last token test found working, and when: what its sentence is about.
        self._tested: tuple[str, str] | None = None
        self._tested_at = 0.0

        # ----- Discord -----
        self.token = _secret_field(self.tr("Paste the bot token from the Developer Portal (your app → Bot)"))
        self.show_token = QtWidgets.QCheckBox(self.tr("&Show"))
        self.show_token.setAccessibleName(self.tr("Show the bot token"))
        self.show_token.toggled.connect(lambda shown: _reveal(self.token, shown))
        self.test_token_button = QtWidgets.QPushButton(self.tr("&Test token"))
        self.token_action = NetworkAction(
            tasks, self.test_token_button, "familiar-token-test", self.tr("Logging in to Discord…")
        )
        self.test_token_button.clicked.connect(self.test_token)

        self.bot_avatar = QtWidgets.QLabel()
        self.bot_avatar.setFixedSize(AVATAR_SIZE, AVATAR_SIZE)
        self.bot_avatar.setAccessibleName(self.tr("Bot avatar"))
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
        self.invite.setPlaceholderText(self.tr("Test the token to get the invite link"))
        self.copy_invite = QtWidgets.QPushButton(self.tr("&Copy link"))
        self.copy_invite.clicked.connect(self._copy_invite)
        self.open_invite = QtWidgets.QPushButton(self.tr("Open in &browser"))
        self.open_invite.clicked.connect(self._open_invite)
        invite_row = QtWidgets.QHBoxLayout()
        invite_row.setContentsMargins(0, 0, 0, 0)
        invite_row.addWidget(self.invite, 1)
        invite_row.addWidget(self.copy_invite)
        invite_row.addWidget(self.open_invite)
        invite_box = QtWidgets.QWidget()
        invite_box.setLayout(invite_row)

        # ----- model server -----
        # The settings fields: their rows and widgets come from their description (bot/settings.py).
        self.rows = rows = FieldRows(self, "connection")
        self.provider = QtWidgets.QComboBox()
        for name, base, _hint in PROVIDERS:
            self.provider.addItem(name if base is not None else self.tr(name), base)
        self.provider.activated.connect(self._on_provider)
        self.base_url = rows.line("openai_base_url")
        self.base_url.textEdited.connect(self._on_base_url_edited)
        self.api_key = _secret_field(self.tr(PROVIDERS[0][2]))
        self.show_key = QtWidgets.QCheckBox(self.tr("S&how"))
        self.show_key.setAccessibleName(self.tr("Show the API key"))
        self.show_key.toggled.connect(lambda shown: _reveal(self.api_key, shown))
        self.model = QtWidgets.QComboBox()
        self.model.setEditable(True)
        self.model.setInsertPolicy(QtWidgets.QComboBox.InsertPolicy.NoInsert)
        self.model.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model.setMinimumContentsLength(24)
        line_edit(self.model).setPlaceholderText("gpt-4o-mini")
        self.refresh_models_button = QtWidgets.QPushButton(self.tr("&Get model list"))
        self.models_action = NetworkAction(
            tasks, self.refresh_models_button, "familiar-model-list", self.tr("Asking the server for its models…")
        )
        self.refresh_models_button.clicked.connect(self.refresh_models)
        self.test_model_button = QtWidgets.QPushButton(self.tr("Test &model"))
        self.model_action = NetworkAction(
            tasks, self.test_model_button, "familiar-model-test", self.tr("Sending one short request…")
        )
        self.test_model_button.clicked.connect(self.test_model)
        # What the running bot learned about its model: a text-only one gets notes instead of images.
        self.images_note = QtWidgets.QLabel()
        self.images_note.setWordWrap(True)
        self.images_note.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.images_note.hide()

        # ----- advanced -----
        self.api_base = rows.line("discord_api_base")
        self.timeout = rows.double_spin("request_timeout")
        # Its unit here, not in the field's description: the translations have it with a disambiguation.
        self.timeout.setSuffix(self.tr(" s", "unit after a number of seconds"))
        self.advanced_toggle = QtWidgets.QToolButton()
        self.advanced_toggle.setText(self.tr("Advanced"))
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setArrowType(QtCore.Qt.ArrowType.RightArrow)
        self.advanced_toggle.toggled.connect(self._show_advanced)

        self.overrides = QtWidgets.QLabel()
        self.overrides.setWordWrap(True)
        self.overrides.hide()

        for widget in (self.token, self.api_key, self.model):  # the generic fields' rows do it themselves
            connect_changed(widget, self.mark_changed)
        self.provider.activated.connect(lambda _index: self.mark_changed())
        # Whatever changes a locked field (a list pick, a preset, code), it goes back at once.
        for edit in self._fields().values():
            edit.textChanged.connect(lambda _text: self._keep_locked())
        self.model.currentIndexChanged.connect(lambda _index: self._keep_locked())
        # What the token test said is about the token as it was: an edit makes it history.
        self.token.textEdited.connect(lambda _text: self._forget_token_test())
        self.api_base.textEdited.connect(lambda _text: self._forget_token_test())
        # Likewise the model server's: a list or an answer from another server, key or model.
        for edit in (self.base_url, self.api_key):
            edit.textEdited.connect(lambda _text: self._forget_model_tests(list_too=True))
        self.provider.activated.connect(lambda _index: self._forget_model_tests(list_too=True))
        line_edit(self.model).textEdited.connect(lambda _text: self._forget_model_tests(list_too=False))

        # ----- layout: one form, so every label lines up -----
        form = new_form()
        form.addRow(heading("Discord"))
        add_row(
            form,
            self.tr("Discord &bot token"),
            _with(self.token, self.show_token),
            field=self.token,
            below=[self.token_action.row(), self.token_action.result, self.identity_box],
        )
        add_row(
            form,
            self.tr("&Invite link"),
            invite_box,
            field=self.invite,
            hint=self.tr(
                "Open it to add the bot to one of your servers. It asks only for: View Channels, "
                "Send Messages, Send Messages in Threads, Read Message History, Use Application Commands (the "
                "slash commands), and Manage Webhooks (so characters speak under their own name and avatar)."
            ),
        )
        form.addRow(heading(self.tr("Model server")))
        add_row(
            form,
            self.tr("&Provider"),
            self.provider,
            hint=self.tr("Fills in the base URL; pick Custom for any other server."),
        )
        rows.add(form, "openai_base_url")
        add_row(form, self.tr("API &key"), _with(self.api_key, self.show_key), field=self.api_key)
        rows.custom("model", _layout_widget(self.models_action.row(self.model)), field=self.model)
        rows.add(
            form,
            "model",
            below=[self.models_action.result, self.model_action.row(), self.model_action.result, self.images_note],
        )
        rows.add_group(form, "model")  # any other field of the model server's section
        form.addRow(self.advanced_toggle)
        first_advanced = form.rowCount()
        rows.add_group(form, "advanced")
        self._advanced_rows = list(range(first_advanced, form.rowCount()))
        self._form = form
        self._show_advanced(False)
        even_label_column(form)  # Advanced's longer labels, hidden or not, set the column's width

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
        self.rows.load(settings)
        self.model.setCurrentText(settings.model)
        self._show_environment(loaded.overridden)
        self.refresh_model_note()
        self._sync_provider()
        self._show_advanced(self.advanced_toggle.isChecked() or self.api_base.text() != DEFAULT_DISCORD_API_BASE)
        application_id = self._supervisor.view.application_id
        if self.identity is None and application_id:
            self.invite.setText(invite_url(application_id))
            self.invite.setCursorPosition(0)

    def refresh_model_note(self) -> None:
        """Say so when the running model answered that it cannot take images (until the model changes)."""
        text_only = self._supervisor.snapshot.model_text_only
        config = self._supervisor.view.config
        if text_only and config is not None:
            self.images_note.setText(
                self.tr(
                    "Images: the model {model} answered that it cannot take images, so pictures reach it "
                    "as short text notes until the model changes."
                ).format(model=config.model)
            )
        self.images_note.setVisible(text_only)

    def _fields(self) -> dict[str, QtWidgets.QLineEdit]:
        """The text of each field the environment can set."""
        return {
            "discord_token": self.token,
            "discord_api_base": self.api_base,
            "openai_base_url": self.base_url,
            "openai_api_key": self.api_key,
            "model": line_edit(self.model),
        }

    def _show_environment(self, overridden: frozenset[str]) -> None:
        """Fields set by FAMILIAR_* variables show the value the bot really uses, and keep it."""
        config = self._supervisor.view.config
        rejected = {error.field: error.value for error in config.env_errors} if config is not None else {}
        self._locked = {}
        for name, field in self._fields().items():
            locked = name in overridden and config is not None
            if locked:
                # What the environment says, even when unusable (its error shows under the field).
                self._locked[name] = str(rejected.get(name) or getattr(config, name) or "")
            set_read_only(field, locked)
            field.setToolTip(
                self.tr("Set by the environment variable {variable}").format(variable=_ENV_NAMES[name])
                if locked
                else ""
            )
        model_locked = "model" in self._locked
        if model_locked:
            with self.loading():
                self.model.clear()  # no list to pick another from
        self.refresh_models_button.setEnabled(not model_locked)
        self.refresh_models_button.setToolTip(
            self.tr("The model is set by {variable}").format(variable=ENV_MODEL) if model_locked else ""
        )
        self.provider.setEnabled("openai_base_url" not in self._locked)
        self.provider.setToolTip(
            self.tr("The base URL is set by {variable}").format(variable=ENV_OPENAI_BASE_URL)
            if "openai_base_url" in self._locked
            else ""
        )
        self._keep_locked()
        shown = [name for name in _FIELD_NAMES if name in self._locked]
        self.overrides.setVisible(bool(shown))
        self.overrides.setText(
            self.tr(
                "Set by environment variables, which win over anything saved here, so they cannot be changed in "
                "this window: {fields}. To change one, change or remove the variable where Familiar is started, "
                "then start it again."
            ).format(fields=", ".join(f"{self.tr(_FIELD_NAMES[name])} ({_ENV_NAMES[name]})" for name in shown))
        )

    def _keep_locked(self) -> None:
        """Put back the environment's value in any locked field that shows something else."""
        fields = self._fields()
        with self.loading():
            for name, value in self._locked.items():
                if fields[name].text() != value:
                    if name == "model":
                        self.model.setCurrentText(value)
                    else:
                        fields[name].setText(value)

    @property
    def locked_fields(self) -> frozenset[str]:
        """The fields FAMILIAR_* variables set (tests)."""
        return frozenset(self._locked)

    def contribute(self, data: dict[str, Any]) -> None:
        self.rows.contribute(data)
        data["model"] = self.model.currentText().strip()
        data["discord_api_base"] = data["discord_api_base"] or DEFAULT_DISCORD_API_BASE  # empty: Discord's own
        saved = self._saved[0]
        for name in ("openai_base_url", "model", "discord_api_base"):
            if name in self._overridden:  # an environment value is never written back: keep what was saved
                data[name] = getattr(saved, name)

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
            self.token_action.say(self.tr("Fix the Discord API base under Advanced first."), error=True)
            return
        redact.register_secret(token)  # typed, not saved yet: keep it out of the log anyway
        config = self._supervisor.view.config
        live = (
            self._supervisor.snapshot.state is State.CONNECTED
            and config is not None
            and (config.discord_token, config.discord_api_base) == (token, api_base)
        )
        # A live connection with this token already proves the intents; a second IDENTIFY
        # would only open a second session.
        self.identity_box.hide()
        self._tested = None
        self._testing = (token, api_base)
        self.token_action.start(check_discord_token(token, api_base, identify=not live), self._on_identity)

    def _forget_token_test(self) -> None:
        """The token (or API base) was edited: the last test's outcome was about another one."""
        if self.token_action.running:
            return
        self._tested = None
        self.identity_box.hide()
        self.token_action.say("")

    def _forget_model_tests(self, *, list_too: bool) -> None:
        for action, forget in ((self.models_action, list_too), (self.model_action, True)):
            if forget and not action.running:
                action.say("")

    def show_state(self, snapshot: Snapshot) -> None:
        """The bot's news: Discord rejecting the token a test found working makes that test history."""
        config = self._supervisor.view.config
        if (
            self._tested is not None
            and snapshot.state is State.ERROR
            and snapshot.error_kind is ErrorKind.AUTH
            and snapshot.since >= self._tested_at
            and config is not None
            and (config.discord_token or "", config.discord_api_base) == self._tested
        ):
            self._forget_token_test()

    def _on_identity(self, identity: BotIdentity) -> str:
        self.identity = identity
        self._tested, self._tested_at = self._testing, time.time()
        servers = identity.server_count
        if servers is None and self._supervisor.snapshot.state is State.CONNECTED:
            servers = self._supervisor.snapshot.server_count
        if servers is None:
            self.bot_name.setText(identity.name)
        else:
            self.bot_name.setText(self.tr("{name} · in %n server(s)", "", servers).format(name=identity.name))
        self.bot_avatar.setPixmap(avatars.placeholder(identity.name, AVATAR_SIZE, self.devicePixelRatioF()))
        self.identity_box.show()
        self.invite.setText(identity.invite_url)
        self.invite.setCursorPosition(0)
        if identity.avatar:
            self._tasks.spawn(self._show_avatar(identity), "familiar-bot-avatar")
        sentences = [self.tr("The token works: this is {name}.").format(name=identity.name)]
        if not servers:
            sentences.append(self.tr("Use the invite link to add it to a server."))
        if self._supervisor.snapshot.state is State.ERROR:
            sentences.append(self.tr("Save if you changed the token, or press Reconnect now to try again."))
        return " ".join(sentences)

    async def _show_avatar(self, identity: BotIdentity) -> None:
        assert identity.avatar is not None
        ratio = self.devicePixelRatioF()
        image = await avatars.decode(identity.avatar, AVATAR_SIZE, ratio)
        if image is not None and self.identity is identity:
            self.bot_avatar.setPixmap(avatars.pixmap(image, identity.name, AVATAR_SIZE, ratio))

    def _copy_invite(self) -> None:
        if self.invite.text():
            QtGui.QGuiApplication.clipboard().setText(self.invite.text())
            self.token_action.say(self.tr("Invite link copied."), fade=True)

    def _open_invite(self) -> None:
        if self.invite.text():
            QtGui.QDesktopServices.openUrl(QtCore.QUrl(self.invite.text()))

    # ----- model -----

    def refresh_models(self) -> None:
        base_url = self._checked("openai_base_url", self.base_url.text().strip())
        if base_url is None:
            self.models_action.say(self.tr("Fix the base URL first."), error=True)
            return
        key = self.api_key.text().strip() or None
        redact.register_secret(key)
        self.models_action.start(list_models(base_url, key, timeout=self.timeout.value()), self._on_models)

    def _on_models(self, models: list[str]) -> str:
        if "model" in self._locked:  # set by the environment: nothing here to pick
            return self.tr("The server lists %n model(s); the model is set by {variable}.", "", len(models)).format(
                variable=ENV_MODEL
            )
        typed = self.model.currentText()
        with self.loading():
            self.model.clear()
            self.model.addItems(models)
            self.model.setCurrentText(typed)
        if not models:
            return self.tr("The server lists no models; type the model name.")
        return self.tr("%n model(s) available: pick one from the list or type a name.", "", len(models))

    def test_model(self) -> None:
        base_url = self._checked("openai_base_url", self.base_url.text().strip())
        if base_url is None:
            self.model_action.say(self.tr("Fix the base URL first."), error=True)
            return
        key = self.api_key.text().strip() or None
        redact.register_secret(key)
        model = self.model.currentText().strip()
        self.model_action.start(check_model(base_url, key, model, timeout=self.timeout.value()), self._on_model_check)

    def _on_model_check(self, result: ModelCheck) -> str:
        reply = result.reply if len(result.reply) <= 200 else result.reply[:199] + "…"
        return self.tr("The model answered in {seconds} s: “{reply}”").format(
            seconds=i18n.number(result.latency, 2), reply=reply or self.tr("(an empty reply)")
        )

    def _on_provider(self, index: int) -> None:
        if "openai_base_url" in self._locked:
            self._sync_provider()  # the environment's base URL stays, and so does its provider
            return
        base = PROVIDERS[index][1]
        if base is not None:
            self.base_url.setText(base)
            self.errors.show({})
        self.api_key.setPlaceholderText(self.tr(PROVIDERS[index][2]))

    def _on_base_url_edited(self, text: str) -> None:
        self._sync_provider()

    def _sync_provider(self) -> None:
        index = provider_for(self.base_url.text())
        self.provider.setCurrentIndex(index)
        self.api_key.setPlaceholderText(self.tr(PROVIDERS[index][2]))

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

    def changeEvent(self, event: QtCore.QEvent) -> None:  # Qt override
        # A new font or style measures the labels differently: even the column out again.
        if event.type() in (QtCore.QEvent.Type.FontChange, QtCore.QEvent.Type.StyleChange) and hasattr(self, "_form"):
            even_label_column(self._form)
        super().changeEvent(event)

    @property
    def advanced_shown(self) -> bool:
        return self.advanced_toggle.isChecked()

    def show_errors(self, errors: dict[str, str]) -> QtWidgets.QWidget | None:
        if errors.keys() & set(self.rows.names("advanced")):  # a marked field must not stay folded away
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
