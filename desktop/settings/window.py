"""The settings window: a sidebar of pages, the bot's status, Save and Revert.

Everything the old web UI configured, as a native window. The pages edit;
the window loads the saved state for them (off the loop), validates what they
contribute with the settings model, saves atomically and hands the result to
the supervisor, which reconnects only when the token or API base changed.

Without a system tray the window is the app: it then shows Quit, and closing
it quits. No dialog here is ever `exec()`ed (see dialogs.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from PySide6 import QtCore, QtGui, QtWidgets

from bot.characters import CardError, Character, ParsedCard, ReadOnlyCharacter
from bot.checks import ServerInfo, live_servers
from bot.folders import Folders
from bot.presets import PresetError
from bot.secrets import Secrets, SecretStore, SecretStoreError
from bot.settings import Settings, SettingsError
from bot.supervisor import Snapshot, State, Supervisor

from .. import icons
from ..status import Presentation, present
from ..tasks import UiTasks
from . import dialogs
from .about_page import AboutPage
from .behaviour_page import BehaviourPage
from .characters_page import CharactersPage
from .connection_page import ConnectionPage
from .form import ERROR_COLOUR, INVALID_PROPERTY, errors_by_field
from .id_picker import channel_choices
from .log_buffer import LogBuffer
from .logs_page import LogsPage
from .lorebooks_page import LorebooksPage
from .page import Loaded, Page
from .presets_page import PresetsPage
from .preview_page import PreviewPage
from .saving import load_saved_settings, load_secrets, save_and_apply, secrets_location
from .usage_page import UsagePage

log = logging.getLogger(__name__)

TITLE = "Familiar settings"
#: Invalid fields get a red frame (the reason is written under them too, so colour is not the only cue).
STYLE = (
    f'*[{INVALID_PROPERTY}="true"] {{ border: 2px solid {ERROR_COLOUR}; border-radius: 3px; }}'
    "QListWidget#sidebar::item { padding: 0.3em 0.5em; }"
    # Fields set by the environment (or built-ins) are read-only: make that visible.
    'QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] { background: palette(window); }'
)
#: What saving can fail with; each `str()` is a sentence.
SAVE_ERRORS = (SettingsError, SecretStoreError, CardError, ReadOnlyCharacter, PresetError, OSError)


class SettingsWindow(QtWidgets.QWidget):
    quit_requested = QtCore.Signal()
    saved = QtCore.Signal()
    loaded = QtCore.Signal()
    start_at_login_changed = QtCore.Signal(bool)

    def __init__(self, supervisor: Supervisor, folders: Folders, tasks: UiTasks) -> None:
        super().__init__()
        self._supervisor = supervisor
        self._folders = folders
        self._tasks = tasks
        self._secret_store = SecretStore(folders)
        self._settings: Settings | None = None
        self._servers: list[ServerInfo] = []
        self._main_window = False
        self._dirty = False
        self._settings_revision = 0  # the bot's own changes to the saved settings seen so far (slash commands)
        self._loading = False
        self._saving = False
        self._disposed = False
        self._shown_once = False
        self._load_task: asyncio.Task[Any] | None = None
        self.close_prompt: QtWidgets.QMessageBox | None = None
        self.setWindowTitle(f"{TITLE}[*]")
        self.setWindowIcon(icons.app_icon())
        self.setStyleSheet(STYLE)
        self.setAcceptDrops(True)  # character cards and lorebooks can be dropped anywhere on the window
        self.drop_task: asyncio.Task[Any] | None = None  # the latest drop's imports (tests await it)

        # The Logs page shows records from the moment the window exists (app start).
        self.log_buffer = LogBuffer()
        self.log_buffer.attach()

        self.connection = ConnectionPage(supervisor, tasks)
        self.characters = CharactersPage(folders, tasks)
        self.lorebooks = LorebooksPage(folders, tasks)
        self.presets = PresetsPage(folders, tasks)
        self.behaviour = BehaviourPage(resync=supervisor.resync_commands)
        self.usage = UsagePage(
            tasks,
            folders.memory_db,
            servers=lambda: self._servers,
            cost_per_million=self.behaviour.cost.value,  # as edited, saved or not
            user_name=self._user_name,
        )
        self.behaviour.cost.valueChanged.connect(lambda _value: self.usage.refresh_cost())
        self.preview = PreviewPage(
            tasks,
            self.connection.model_access,
            self._preview_choices,
            self._preview_character,
            self.presets.choices,
            self.presets.preset,
            self.edited_settings,
            self.lorebooks.store,
            self._preview_avatar,
        )
        self.logs = LogsPage(self.log_buffer, folders.logs)
        self.about = AboutPage(folders)
        self.pages: list[Page] = [
            self.connection, self.characters, self.lorebooks, self.presets, self.behaviour, self.usage,
            self.preview, self.logs, self.about,
        ]
        self.characters.characters_changed.connect(lambda: self.lorebooks.set_characters(self.characters.choices()))
        self.characters.characters_changed.connect(lambda: self.preview.refresh_choices())
        self.presets.presets_changed.connect(lambda: self.preview.refresh_choices())

        # ----- sidebar and pages -----
        self.sidebar = QtWidgets.QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName("Settings pages")
        self.stack = QtWidgets.QStackedWidget()
        for number, page in enumerate(self.pages, start=1):
            item = QtWidgets.QListWidgetItem(page.title)
            item.setToolTip(f"{page.title} (Ctrl+{number})")
            self.sidebar.addItem(item)
            self.stack.addWidget(page)
            page.changed.connect(self._on_page_changed)
            QtGui.QShortcut(QtGui.QKeySequence(f"Ctrl+{number}"), self, lambda p=page: self.show_page(p))
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.sidebar.setCurrentRow(0)
        width = max(self.sidebar.sizeHintForColumn(0), self.sidebar.fontMetrics().horizontalAdvance("M" * 9))
        self.sidebar.setFixedWidth(width + 24)

        # ----- status line -----
        self.status = QtWidgets.QLabel("Starting…")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.status.font()
        font.setBold(True)
        self.status.setFont(font)
        self.reconnect_button = QtWidgets.QPushButton("Reco&nnect now")
        self.reconnect_button.clicked.connect(self._reconnect)
        self.reconnect_button.setEnabled(False)
        status_row = QtWidgets.QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.reconnect_button)

        # ----- bottom bar -----
        self.message = QtWidgets.QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QtWidgets.QPushButton("&Save")
        self.save_button.setToolTip("Save and apply (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        self.revert_button = QtWidgets.QPushButton("Re&vert")
        self.revert_button.setToolTip("Forget unsaved changes and show what is saved")
        self.revert_button.clicked.connect(self.revert)
        self.revert_button.setEnabled(False)
        self.quit_button = QtWidgets.QPushButton("&Quit Familiar")
        self.quit_button.clicked.connect(self.quit_requested.emit)
        self.quit_button.hide()
        QtGui.QShortcut(QtGui.QKeySequence.StandardKey.Save, self, self.save)
        bottom = QtWidgets.QHBoxLayout()
        bottom.addWidget(self.quit_button)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.revert_button)
        bottom.addWidget(self.save_button)

        body = QtWidgets.QHBoxLayout()
        body.addWidget(self.sidebar)
        body.addWidget(self.stack, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(status_row)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)

        # Sized in text units, so it grows with the font and the scale factor.
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 150, metrics.lineSpacing() * 48)
        self.setMinimumSize(metrics.averageCharWidth() * 70, metrics.lineSpacing() * 24)
        self._unsubscribe = supervisor.subscribe(self._on_snapshot)
        # Deleted without dispose() (e.g. a self-test's deleteLater): stop observing and
        # collecting all the same. The slot must not hold `self`: it runs in the destructor.
        unsubscribe, buffer = self._unsubscribe, self.log_buffer

        def forget(*_args: object) -> None:
            unsubscribe()
            buffer.detach()

        self.destroyed.connect(forget)

    # ----- modes and status -----

    def set_main_window(self, main: bool) -> None:
        """No tray: this window is the app, so it offers Quit and closing it quits."""
        self._main_window = main
        self.quit_button.setVisible(main)

    def show_status(self, presentation: Presentation) -> None:
        self.status.setText(presentation.status)
        self.status.setToolTip(presentation.tooltip)
        self.reconnect_button.setEnabled(presentation.can_reconnect)

    def show_page(self, page: Page) -> None:
        self.sidebar.setCurrentRow(self.pages.index(page))

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def loading(self) -> bool:
        return self._load_task is not None and not self._load_task.done()

    def _reconnect(self) -> None:
        self._supervisor.reconnect_now()

    def _user_name(self, user_id: int) -> str | None:
        """A person's name, if the connected bot has them in its cache (the Usage page's top people)."""
        client = self._supervisor.client
        if client is None or client.is_closed() or not client.is_ready():
            return None
        user = client.get_user(user_id)
        return user.display_name if user is not None else None

    def _on_snapshot(self, snapshot: Snapshot) -> None:
        if self._disposed:
            return
        # The shell forwards the tray's presentation too (with countdowns); this one
        # makes the window tell the truth on its own (no tray yet, self-test, tests).
        self.show_status(present(snapshot, time.time()))
        self.connection.refresh_model_note()  # the model may have turned out to be text-only
        self.behaviour.set_webhooks_missing(snapshot.webhooks_missing)  # channels where characters speak as the bot
        self.behaviour.set_limits_hit(snapshot.limits_hit)  # daily token limits reached today
        self.behaviour.set_connected(snapshot.state is State.CONNECTED)  # re-sync now, or at the next connect
        if snapshot.settings_revision != self._settings_revision:
            # A slash command changed the saved settings (a cast, a character): show them, unless the
            # user is editing, in which case their Save decides (the save writes what they see).
            self._settings_revision = snapshot.settings_revision
            if self.isVisible() and not self._dirty and not self.loading:
                self._load_task = self._tasks.spawn(self.load(), "familiar-settings-reload")
        # The live list of servers and channels appears once the bot is connected.
        if snapshot.state is State.CONNECTED:
            servers = live_servers(self._supervisor.client)
            if servers != self._servers:
                self._servers = servers
                self.behaviour.set_servers(servers)
                self.characters.overrides.set_channels(channel_choices(servers))
                self.usage.refresh_names()

    # ----- open / load -----

    def open(self) -> None:
        """Show and raise; (re)load the saved values unless there are unsaved edits."""
        if not self._shown_once:
            self._shown_once = True
            self._fit_screen()
        self.show()
        self.raise_()
        self.activateWindow()
        if not self._dirty and not self.loading:
            self._load_task = self._tasks.spawn(self.load(), "familiar-settings-load")

    def _fit_screen(self) -> None:
        """At most 85 % of the screen: a small screen, or 200 % scaling, must still show it all."""
        screen = self.screen() or QtGui.QGuiApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry().size() * 0.85
        self.resize(self.size().boundedTo(room).expandedTo(self.minimumSize().boundedTo(room)))

    async def load(self) -> None:
        """Read the saved state off the loop and show it on every page."""
        self.save_button.setEnabled(False)
        self.revert_button.setEnabled(False)
        # No edits while the saved state is on its way: it would overwrite them.
        self.stack.setEnabled(False)
        try:
            await self._load()
        finally:
            self.stack.setEnabled(True)

    async def _load(self) -> None:
        problems: list[str] = []
        try:
            secrets = await load_secrets(self._folders, self._secret_store)
        except SecretStoreError as error:
            problems.append(str(error))
            secrets = Secrets()
        try:
            settings = await load_saved_settings(self._supervisor, self._folders)
        except SettingsError as error:
            problems.append(f"{error} Saving here replaces that file.")
            settings = Settings()
        characters = await asyncio.to_thread(self.characters.store.list)
        presets = await asyncio.to_thread(self.presets.store.list)
        lorebooks = await asyncio.to_thread(self.lorebooks.store.list)
        self._servers = live_servers(self._supervisor.client)
        config = self._supervisor.config
        card = self._env_card()
        loaded = Loaded(
            settings=settings,
            secrets=secrets,
            characters=characters,
            presets=presets,
            servers=self._servers,
            overridden=config.overridden if config is not None else frozenset(),
            lorebooks=lorebooks,
            env_character=config.character_reference if config is not None else None,
            env_character_name=card.character.name if card is not None else None,
        )
        self._settings = settings
        environment = self._environment_errors()
        problems.extend(dict.fromkeys(environment.values()))
        self._loading = True
        try:
            for page in self.pages:
                with page.loading():
                    page.load(loaded)
                page.show_errors(environment)
            self.preview.refresh_choices(card.character.id if card else settings.character_id, settings.preset_id)
        finally:
            self._loading = False
        self._set_dirty(False)
        self._say(" ".join(problems), error=bool(problems))
        self.save_button.setEnabled(True)
        await self.characters.load_avatars()
        self.about.set_secrets_location(await secrets_location(self._secret_store))
        self.loaded.emit()

    def _environment_errors(self) -> dict[str, str]:
        """Field name -> sentence, for FAMILIAR_* variables whose value cannot be used."""
        config = self._supervisor.config
        if config is None:
            return {}
        return {error.field: str(error) for error in config.env_errors if error.field}

    def _env_card(self) -> ParsedCard | None:
        """The default character FAMILIAR_CHARACTER chose, if it names a usable one."""
        config, brain = self._supervisor.config, self._supervisor.brain
        if config is None or config.character_reference is None or brain is None:
            return None
        return brain.default_card

    def _preview_choices(self) -> list[tuple[str, str]]:
        """The characters to try in the preview: the saved ones, and a card FAMILIAR_CHARACTER names."""
        choices = self.characters.choices()
        card = self._env_card()
        if card is not None and card.character.id not in dict(choices):
            choices.append((card.character.id, f"{card.character.name} (from FAMILIAR_CHARACTER)"))
        return choices

    def _preview_character(self, ident: str) -> Character | None:
        found = self.characters.character(ident)
        card = self._env_card()
        if found is None and card is not None and card.character.id == ident:
            return card.character
        return found

    def _preview_avatar(self, ident: str) -> bytes | None:
        """The picture the preview shows for a character: FAMILIAR_CHARACTER's card's, else as edited."""
        card = self._env_card()
        if card is not None and card.character.id == ident and card.avatar_png:
            return card.avatar_png
        return self.characters.avatar_png(ident)

    def edited_settings(self) -> Settings:
        """The settings as edited on every page, unsaved edits included (the saved ones while
        some edit is not valid yet): what the chat preview behaves by."""
        base = self._settings or Settings()
        data = base.model_dump()
        for page in self.pages:
            page.contribute(data)
        try:
            return Settings.model_validate(data)
        except ValidationError:
            return base

    def revert(self) -> None:
        self._set_dirty(False)
        self._load_task = self._tasks.spawn(self.load(), "familiar-settings-revert")

    # ----- save -----

    def save(self) -> None:
        self._tasks.spawn(self.save_now(), "familiar-settings-save")

    async def save_now(self) -> bool:
        """Validate every page, save, apply; True on success (the message says why not)."""
        if self._saving or self._settings is None:
            return False
        data = self._settings.model_dump()
        for page in self.pages:
            page.contribute(data)
        errors: dict[str, str] = {}
        settings: Settings | None = None
        try:
            settings = Settings.model_validate(data)
        except ValidationError as error:
            errors = errors_by_field(error)
        first: tuple[Page, QtWidgets.QWidget] | None = None
        # A bad FAMILIAR_* variable stays marked at its (read-only) field, but only
        # the user's own fields can block a save.
        shown = {**self._environment_errors(), **errors}
        for page in self.pages:
            widget = page.show_errors(shown)
            if widget is not None and first is None and errors.keys() & page.settings_fields():
                first = (page, widget)
        for page in self.pages:
            widget = page.check()
            if widget is not None and first is None:
                first = (page, widget)
        if settings is None or first is not None:
            placed = set().union(*(page.settings_fields() for page in self.pages))
            elsewhere = [f"{name}: {reason}" for name, reason in errors.items() if name not in placed]
            self._say("Not saved: " + ("; ".join(elsewhere) or "fix the marked fields."), error=True)
            if first is not None:
                self.show_page(first[0])
                first[1].setFocus()
            return False

        previous = self._settings
        self._saving = True
        self.save_button.setEnabled(False)
        self._say("Saving…")
        try:
            for page in self.pages:
                await page.save_own()
            reconnected = await save_and_apply(
                self._supervisor, self._folders, settings, self.connection.secrets(), self._secret_store
            )
        except SAVE_ERRORS as error:
            log.error("Saving settings failed: %s", error)
            self._say(f"Not saved: {error}", error=True)
            return False
        finally:
            self._saving = False
            self.save_button.setEnabled(True)
        self._settings = settings
        self._set_dirty(False)
        log.info("Settings saved%s", "; reconnecting to Discord" if reconnected else "")
        self._say("Saved. Reconnecting to Discord with the new connection settings…" if reconnected else "Saved.")
        self.connection.refresh_model_note()  # a new model is not known to refuse images
        self.saved.emit()
        if settings.start_at_login != previous.start_at_login:
            self.start_at_login_changed.emit(settings.start_at_login)
        return True

    # ----- dirty state -----

    def _on_page_changed(self) -> None:
        if not self._loading:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.setWindowModified(dirty)
        self.revert_button.setEnabled(dirty)
        if dirty and self.message.text().startswith("Saved."):
            self._say("")  # the last save no longer describes what is on screen

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")

    # ----- closing -----

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # Qt override
        if self._dirty and not self._disposed:
            event.ignore()
            self._ask_about_unsaved_changes()
            return
        event.accept()
        if self._main_window and not self._disposed:
            self.quit_requested.emit()

    def _ask_about_unsaved_changes(self) -> None:
        if self.close_prompt is not None and self.close_prompt.isVisible():
            self.close_prompt.raise_()
            return
        self.close_prompt = dialogs.ask(
            self,
            "Unsaved changes",
            "Save your changes before closing?",
            [dialogs.Button.Save, dialogs.Button.Discard, dialogs.Button.Cancel],
            self._on_unsaved_answer,
            default=dialogs.Button.Save,
            escape=dialogs.Button.Cancel,
            informative="Discard forgets them; Cancel keeps the window open.",
            icon=QtWidgets.QMessageBox.Icon.Warning,
        )

    def _on_unsaved_answer(self, answer: dialogs.Button) -> None:
        self.close_prompt = None
        if answer == dialogs.Button.Save:
            self._tasks.spawn(self._save_then_close(), "familiar-settings-save-close")
        elif answer == dialogs.Button.Discard:
            self._set_dirty(False)
            self.close()
            self._load_task = self._tasks.spawn(self.load(), "familiar-settings-discard")

    async def _save_then_close(self) -> None:
        if await self.save_now():
            self.close()

    def dispose(self) -> None:
        """App teardown: close without asking, stop observing, stop collecting log lines. Idempotent."""
        if self._disposed:
            return
        self._disposed = True
        self._unsubscribe()
        self.log_buffer.detach()
        if self.close_prompt is not None:
            self.close_prompt.close()
            self.close_prompt = None
        self.close()

    # ----- dropped card and lorebook files -----

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:  # Qt override
        if CharactersPage.card_paths(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QtGui.QDragMoveEvent) -> None:  # Qt override
        if CharactersPage.card_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:  # Qt override
        paths = CharactersPage.card_paths(event.mimeData())
        if not paths:
            return
        event.acceptProposedAction()
        self.drop_task = self._tasks.spawn(self._import_dropped(paths), "familiar-settings-drop")

    async def _import_dropped(self, paths: list[Path]) -> None:
        """Cards go to the Characters page, lorebooks (told apart by their JSON) to the Lorebooks page."""
        kinds = await asyncio.to_thread(
            lambda: [path.suffix.lower() == ".json" and LorebooksPage.is_lorebook_file(path) for path in paths]
        )
        books = [path for path, is_book in zip(paths, kinds) if is_book]
        cards = [path for path, is_book in zip(paths, kinds) if not is_book]
        self.show_page(self.characters if cards else self.lorebooks)
        started = []
        if cards:
            self.characters.import_files(cards)
            started.append(self.characters.last_task)
        if books:
            self.lorebooks.import_files(books)
            started.append(self.lorebooks.last_task)
        await asyncio.gather(*(task for task in started if task is not None))
