"""The settings window: a sidebar of pages, the bot's status, Save and Revert.

Everything the old web UI configured, as a native window. The pages edit;
the window loads the saved state for them (off the loop), validates what they
contribute with the settings model, saves atomically and hands the result to
the supervisor, which reconnects only when the token or API base changed.

Without a system tray the window is the app: it then shows Quit, and closing
it quits. No dialog here is ever `exec()`ed (see dialogs.py).

Pages are built the first time they are shown (or asked for), not with the
window: the window is made at start-up, on the loop the bot shares, and
building all nine pages (about a thousand widgets) there stalled both. A page
built later is loaded from the saved state the window last read; a page never
built has no edits, so it contributes nothing to a save.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

from pydantic import ValidationError
from PySide6 import QtCore, QtGui, QtWidgets

from bot.characters import (
    CardError,
    Character,
    CharacterStore,
    ParsedCard,
    ReadOnlyCharacter,
)
from bot.checks import ServerInfo
from bot.folders import Folders
from bot.lorebooks import LorebookStore
from bot.presets import Preset, PresetError, PresetStore
from bot.secrets import Secrets, SecretStore, SecretStoreError
from bot.settings import ENV_DISCORD_TOKEN, Settings, SettingsError
from bot.supervisor import ErrorKind, Snapshot, State, Supervisor

from .. import icons
from ..i18n import QT_TRANSLATE_NOOP
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
from .presets_page import PresetsPage, preset_label
from .preview_page import PreviewPage
from .saving import load_saved_settings, load_secrets, save_and_apply, secrets_location
from .status_line import StatusLine
from .usage_page import UsagePage

log = logging.getLogger(__name__)

TITLE = QT_TRANSLATE_NOOP("SettingsWindow", "Familiar settings")
#: Invalid fields get a red frame (the reason is written under them too, so colour is not the only cue).
STYLE = (
    f'*[{INVALID_PROPERTY}="true"] {{ border: 2px solid {ERROR_COLOUR}; border-radius: 3px; }}'
    "QListWidget#sidebar::item { padding: 0.3em 0.5em; }"
    # Fields set by the environment (or built-ins) are read-only: make that visible.
    'QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] { background: palette(window); }'
)
#: What saving can fail with; each `str()` is a sentence.
SAVE_ERRORS = (SettingsError, SecretStoreError, CardError, ReadOnlyCharacter, PresetError, OSError)

P = TypeVar("P", bound=Page)


@dataclass
class _Slot:
    """A sidebar entry: its page once built, an empty stand-in in the stack until then."""

    kind: type[Page]
    build: Callable[[], Page]
    stand_in: QtWidgets.QWidget
    page: Page | None = None


class SettingsWindow(QtWidgets.QWidget):
    quit_requested = QtCore.Signal()
    saved = QtCore.Signal()
    loaded = QtCore.Signal()
    start_at_login_changed = QtCore.Signal(bool)

    def __init__(
        self, supervisor: Supervisor, folders: Folders, tasks: UiTasks, log_buffer: LogBuffer | None = None
    ) -> None:
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
        #: After a save that reconnects: (the bot's state then, whether it has left it since).
        self._reconnect_watch: tuple[State, bool] | None = None
        self._load_task: asyncio.Task[Any] | None = None
        self.close_prompt: QtWidgets.QMessageBox | None = None
        self._saved_said = False  # the bottom line says "Saved." (an edit then clears it)
        self.setWindowTitle(self.tr(TITLE) + "[*]")
        self.setWindowIcon(icons.app_icon())
        self.setStyleSheet(STYLE)
        self.setAcceptDrops(True)  # character cards and lorebooks can be dropped anywhere on the window
        self.drop_task: asyncio.Task[Any] | None = None  # the latest drop's imports (tests await it)

        # The Logs page shows records from app start: the app's buffer, collecting since then (the
        # window is built when first opened); without one, from the moment the window exists.
        self._owns_log_buffer = log_buffer is None
        self.log_buffer = log_buffer or LogBuffer()
        if self._owns_log_buffer:
            self.log_buffer.attach()

        # The stores the pages edit, shared with the window, which reads them for every load.
        self._character_store = CharacterStore(folders.characters)
        self._preset_store = PresetStore(folders.presets)
        self._lorebook_store = LorebookStore(folders.lorebooks)
        self._loaded: Loaded | None = None  # the saved state last read, for pages built later
        self._environment: dict[str, str] = {}  # field -> why its FAMILIAR_* variable cannot be used
        self._secrets_where: str | None = None
        self.avatars_task: asyncio.Task[Any] | None = None  # avatars of a Characters page built late (tests)
        self._slots = [
            _Slot(ConnectionPage, lambda: ConnectionPage(supervisor, tasks), QtWidgets.QWidget()),
            _Slot(CharactersPage, lambda: CharactersPage(folders, tasks, self._character_store), QtWidgets.QWidget()),
            _Slot(LorebooksPage, lambda: LorebooksPage(folders, tasks, self._lorebook_store), QtWidgets.QWidget()),
            _Slot(PresetsPage, lambda: PresetsPage(folders, tasks, self._preset_store), QtWidgets.QWidget()),
            _Slot(BehaviourPage, lambda: BehaviourPage(resync=supervisor.resync_commands), QtWidgets.QWidget()),
            _Slot(UsagePage, self._make_usage, QtWidgets.QWidget()),
            _Slot(PreviewPage, self._make_preview, QtWidgets.QWidget()),
            _Slot(LogsPage, lambda: LogsPage(self.log_buffer, folders.logs), QtWidgets.QWidget()),
            _Slot(AboutPage, lambda: AboutPage(folders), QtWidgets.QWidget()),
        ]

        # ----- sidebar and pages -----
        self.sidebar = QtWidgets.QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName(self.tr("Settings pages"))
        self.stack = QtWidgets.QStackedWidget()
        for row, slot in enumerate(self._slots):
            item = QtWidgets.QListWidgetItem(self.tr(slot.kind.title))  # QT_TRANSLATE_NOOP'd in each page
            shortcut = QtGui.QKeySequence(f"Ctrl+{row + 1}").toString(QtGui.QKeySequence.SequenceFormat.NativeText)
            item.setToolTip(f"{item.text()} ({shortcut})")
            self.sidebar.addItem(item)
            self.stack.addWidget(slot.stand_in)
            QtGui.QShortcut(
                QtGui.QKeySequence(f"Ctrl+{row + 1}"), self, lambda row=row: self.sidebar.setCurrentRow(row)
            )
        self.sidebar.setCurrentRow(0)
        self.sidebar.currentRowChanged.connect(self._on_row)  # after row 0: nothing is built yet
        width = max(self.sidebar.sizeHintForColumn(0), self.sidebar.fontMetrics().horizontalAdvance("M" * 9))
        self.sidebar.setFixedWidth(width + 24)

        # ----- status line -----
        self.status = QtWidgets.QLabel(self.tr("Starting…"))
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.status.font()
        font.setBold(True)
        self.status.setFont(font)
        self.reconnect_button = QtWidgets.QPushButton(self.tr("Reco&nnect now"))
        self.reconnect_button.clicked.connect(self._reconnect)
        self.reconnect_button.setEnabled(False)
        status_row = QtWidgets.QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.reconnect_button)

        # ----- bottom bar -----
        self.message = StatusLine()
        self.save_button = QtWidgets.QPushButton(self.tr("&Save"))
        save_keys = QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.Save).toString(
            QtGui.QKeySequence.SequenceFormat.NativeText
        )
        self.save_button.setToolTip(self.tr("Save and apply ({keys})").format(keys=save_keys or "Ctrl+S"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        self.revert_button = QtWidgets.QPushButton(self.tr("Re&vert"))
        self.revert_button.setToolTip(self.tr("Forget unsaved changes and show what is saved"))
        self.revert_button.clicked.connect(self.revert)
        self.revert_button.setEnabled(False)
        self.quit_button = QtWidgets.QPushButton(self.tr("&Quit Familiar"))
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
        unsubscribe, buffer = self._unsubscribe, self.log_buffer if self._owns_log_buffer else None

        def forget(*_args: object) -> None:
            unsubscribe()
            if buffer is not None:
                buffer.detach()

        self.destroyed.connect(forget)

    # ----- pages, built when first needed -----

    @property
    def connection(self) -> ConnectionPage:
        return self._page(ConnectionPage)

    @property
    def characters(self) -> CharactersPage:
        return self._page(CharactersPage)

    @property
    def lorebooks(self) -> LorebooksPage:
        return self._page(LorebooksPage)

    @property
    def presets(self) -> PresetsPage:
        return self._page(PresetsPage)

    @property
    def behaviour(self) -> BehaviourPage:
        return self._page(BehaviourPage)

    @property
    def usage(self) -> UsagePage:
        return self._page(UsagePage)

    @property
    def preview(self) -> PreviewPage:
        return self._page(PreviewPage)

    @property
    def logs(self) -> LogsPage:
        return self._page(LogsPage)

    @property
    def about(self) -> AboutPage:
        return self._page(AboutPage)

    @property
    def pages(self) -> list[Page]:
        """Every page, in sidebar order, building those not built yet (the layout tests walk them all)."""
        return [self._build(slot) for slot in self._slots]

    def built_pages(self) -> list[Page]:
        """The pages built so far, in sidebar order: the only ones that can hold edits."""
        return [slot.page for slot in self._slots if slot.page is not None]

    def _page(self, kind: type[P]) -> P:
        return cast(P, self._build(next(slot for slot in self._slots if slot.kind is kind)))

    def _built(self, kind: type[P]) -> P | None:
        """The page of that kind if it is built, else None (nothing on it to update or read)."""
        page = next(slot.page for slot in self._slots if slot.kind is kind)
        return cast(P, page) if page is not None else None

    def _on_row(self, row: int) -> None:
        if not 0 <= row < len(self._slots):
            return
        if self._slots[row].page is not None:
            self.stack.setCurrentIndex(row)
            return
        # First time: made and loaded now, shown (styled, laid out) at the next loop pass, so the
        # two halves of a big page's first appearance do not hold the loop back to back.
        self._build(self._slots[row])
        QtCore.QTimer.singleShot(0, self, lambda: self._show_row(row))

    def _show_row(self, row: int) -> None:
        if self.sidebar.currentRow() == row:  # not clicked away meanwhile
            self.stack.setCurrentIndex(row)

    def _build(self, slot: _Slot) -> Page:
        """Make the page, give it the saved state and the bot's news, and put it in its stand-in's place."""
        if slot.page is not None:
            return slot.page
        started = time.perf_counter()
        page = slot.build()
        slot.page = page
        index = self._slots.index(slot)
        self.stack.insertWidget(index, page)  # hidden: the stand-in stays current until the page is ready
        page.changed.connect(self._on_page_changed)
        self._connect_page(page)
        was_loading, self._loading = self._loading, True  # what loading sets off is no user edit
        try:
            if self._loaded is not None:
                self._load_page(page, self._loaded)
            if not self._disposed:
                self._show_snapshot(page, self._supervisor.snapshot)
                if self._servers:
                    self._show_servers(page)
        finally:
            self._loading = was_loading
        self._bottom_bar_last_in_tab_order()
        if self.stack.currentWidget() is slot.stand_in:
            self.stack.setCurrentWidget(page)
        self.stack.removeWidget(slot.stand_in)
        slot.stand_in.setParent(None)  # out of the window's tab order now, not at the next loop pass
        slot.stand_in.deleteLater()
        if isinstance(page, CharactersPage) and self._loaded is not None:
            # Decoded in worker threads; a load under way may do it too (decoded pictures are kept).
            self.avatars_task = self._tasks.spawn(page.load_avatars(), "familiar-character-avatars")
        log.debug("Built the %s page in %.0f ms", page.title, (time.perf_counter() - started) * 1000)
        return page

    def _bottom_bar_last_in_tab_order(self) -> None:
        """A page built now joins the tab order at the end, after Save: move the bottom bar back
        behind it, so Tab goes from the sidebar through the page's fields, then to the buttons."""
        for widget in (self.quit_button, self.revert_button, self.save_button):
            last = self.previousInFocusChain()  # a window's chain is a ring through the window itself
            if last is not None and last is not widget:
                QtWidgets.QWidget.setTabOrder(last, widget)

    def _make_usage(self) -> UsagePage:
        return UsagePage(
            self._tasks,
            self._folders.memory_db,
            servers=lambda: self._servers,
            cost_per_million=self._cost_per_million,  # as edited, saved or not
            user_name=self._user_name,
        )

    def _make_preview(self) -> PreviewPage:
        return PreviewPage(
            self._tasks,
            self._model_access,
            self._preview_choices,
            self._preview_character,
            self._preset_choices,
            self._preset,
            self.edited_settings,
            self._lorebook_store,
            self._preview_avatar,
        )

    def _connect_page(self, page: Page) -> None:
        """What one page tells the others (each only if built: a page not built shows nothing)."""
        if isinstance(page, CharactersPage):
            page.characters_changed.connect(self._on_characters_changed)
        elif isinstance(page, PresetsPage):
            page.presets_changed.connect(self._on_presets_changed)
        elif isinstance(page, BehaviourPage):
            page.cost.valueChanged.connect(lambda _value: self._refresh_usage_cost())

    def _on_characters_changed(self) -> None:
        lorebooks, preview = self._built(LorebooksPage), self._built(PreviewPage)
        if lorebooks is not None:
            lorebooks.set_characters(self._character_choices())
        if preview is not None:
            preview.refresh_choices()

    def _on_presets_changed(self) -> None:
        preview = self._built(PreviewPage)
        if preview is not None:
            preview.refresh_choices()

    def _refresh_usage_cost(self) -> None:
        usage = self._built(UsagePage)
        if usage is not None:
            usage.refresh_cost()

    # ----- modes and status -----

    def set_main_window(self, main: bool) -> None:
        """No tray: this window is the app, so it offers Quit and closing it quits."""
        self._main_window = main
        self.quit_button.setVisible(main)

    def show_status(self, presentation: Presentation) -> None:
        self.status.setText(self._headline(presentation))
        self.status.setToolTip(presentation.tooltip)
        self.reconnect_button.setEnabled(presentation.can_reconnect)

    def _headline(self, presentation: Presentation) -> str:
        """The tray's words, except where they send the user to Settings: here, say where in it."""
        snapshot = self._supervisor.snapshot
        expected = {State.NOT_CONFIGURED: "unconfigured", State.ERROR: "error"}.get(snapshot.state)
        if expected is None or presentation.icon != expected:
            return presentation.status  # not the snapshot's news (a test's presentation): as given
        config = self._supervisor.view.config
        from_env = config is not None and "discord_token" in config.overridden
        if snapshot.state is State.NOT_CONFIGURED:
            return self.tr("Not set up yet: paste the bot token on the Connection page, then Save")
        if snapshot.error_kind is ErrorKind.AUTH:
            if from_env:
                return self.tr(
                    "Discord rejected the token in {variable}: change the variable, then start Familiar again"
                ).format(variable=ENV_DISCORD_TOKEN)
            return self.tr("Discord rejected the token: paste a new one on the Connection page, then Save")
        if snapshot.error_kind is ErrorKind.INTENTS:
            return self.tr(
                "Message Content intent is off: turn it on in the Developer Portal (your app → Bot), "
                "then press Reconnect now"
            )
        if snapshot.error_kind is ErrorKind.CONFIG and snapshot.last_error:
            return self.tr("Settings problem: {reason}").format(reason=snapshot.last_error)
        return presentation.status

    def show_page(self, page: Page) -> None:
        self.sidebar.setCurrentRow(next(row for row, slot in enumerate(self._slots) if slot.page is page))

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
        return self._supervisor.view.user_name(user_id)

    def _on_snapshot(self, snapshot: Snapshot) -> None:
        if self._disposed:
            return
        # The shell forwards the tray's presentation too (with countdowns); this one
        # makes the window tell the truth on its own (no tray yet, self-test, tests).
        self.show_status(present(snapshot, time.time()))
        self._follow_reconnect(snapshot)
        for page in self.built_pages():
            self._show_snapshot(page, snapshot)
        if snapshot.settings_revision != self._settings_revision:
            # A slash command changed the saved settings (a cast, a character): show them, unless the
            # user is editing, in which case their Save decides (the save writes what they see).
            self._settings_revision = snapshot.settings_revision
            if self.isVisible() and not self._dirty and not self.loading:
                self._load_task = self._tasks.spawn(self.load(), "familiar-settings-reload")
        # The live list of servers and channels appears once the bot is connected.
        if snapshot.state is State.CONNECTED:
            servers = self._supervisor.view.servers()
            if servers != self._servers:
                self._servers = servers
                for page in self.built_pages():
                    self._show_servers(page)

    def _follow_reconnect(self, snapshot: Snapshot) -> None:
        """Keep "Saved. Reconnecting…" true: replaced once the bot is connected again, cleared when
        it is not going to be (paused, the token rejected: the status line above says which)."""
        if self._reconnect_watch is None:
            return
        state_at_save, left = self._reconnect_watch
        if snapshot.state in (State.CONNECTING, State.RECONNECTING):
            self._reconnect_watch = (state_at_save, True)
            return
        if not left and snapshot.state is state_at_save:
            return  # still the connection from before the save, on its way out
        if snapshot.state is State.CONNECTED:
            self._say(self.tr("Saved, and connected to Discord with the new settings."), fade=True)
        else:
            self._say("")

    @staticmethod
    def _show_snapshot(page: Page, snapshot: Snapshot) -> None:
        """What the bot's state says on a page that shows part of it."""
        if isinstance(page, ConnectionPage):
            page.refresh_model_note()  # the model may have turned out to be text-only
            page.show_state(snapshot)  # a token test contradicted by Discord since
        elif isinstance(page, BehaviourPage):
            page.set_webhooks_missing(snapshot.webhooks_missing)  # channels where characters speak as the bot
            page.set_limits_hit(snapshot.limits_hit)  # daily token limits reached today
            page.set_connected(snapshot.state is State.CONNECTED)  # re-sync now, or at the next connect

    def _show_servers(self, page: Page) -> None:
        """The live servers and channels, on the pages that offer or name them."""
        if isinstance(page, BehaviourPage):
            page.set_servers(self._servers)
        elif isinstance(page, CharactersPage):
            page.overrides.set_channels(channel_choices(self._servers))
        elif isinstance(page, UsagePage):
            page.refresh_names()

    # ----- open / load -----

    def open(self) -> None:
        """Show and raise; (re)load the saved values unless there are unsaved edits."""
        if not self._shown_once:
            self._shown_once = True
            self._fit_screen()
        self._build(self._slots[max(0, self.sidebar.currentRow())])  # the page it opens on, laid out with it
        self.show()
        self.raise_()
        self.activateWindow()
        if not self._dirty and not self.loading:
            self._load_task = self._tasks.spawn(self.load(), "familiar-settings-load")

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # Qt override
        # Shown without open() (the self-test, tests): the current page still gets built.
        self._build(self._slots[max(0, self.sidebar.currentRow())])
        super().showEvent(event)

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
            problems.append(self.tr("{error} Saving here replaces that file.").format(error=error))
            settings = Settings()
        characters = await asyncio.to_thread(self._character_store.list)
        presets = await asyncio.to_thread(self._preset_store.list)
        lorebooks = await asyncio.to_thread(self._lorebook_store.list)
        self._servers = self._supervisor.view.servers()
        config = self._supervisor.view.config
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
        self._loaded = loaded
        self._environment = self._environment_errors()
        problems.extend(dict.fromkeys(self._environment.values()))
        self._loading = True
        try:
            for page in self.built_pages():
                self._load_page(page, loaded)
        finally:
            self._loading = False
        self._set_dirty(False)
        self._say(" ".join(problems), error=bool(problems))
        self.save_button.setEnabled(True)
        characters_page = self._built(CharactersPage)
        if characters_page is not None:
            await characters_page.load_avatars()
        self._secrets_where = await secrets_location(self._secret_store)
        about = self._built(AboutPage)
        if about is not None:
            about.set_secrets_location(self._secrets_where)
        self.loaded.emit()

    def _load_page(self, page: Page, loaded: Loaded) -> None:
        """Show the saved state on one page (inside the window's `_loading`)."""
        with page.loading():
            page.load(loaded)
        page.show_errors(self._environment)
        if isinstance(page, LorebooksPage):
            page.set_characters(self._character_choices())
        elif isinstance(page, PreviewPage):
            page.follow_saved(*self._saved_choices(loaded.settings))
        elif isinstance(page, AboutPage) and self._secrets_where is not None:
            page.set_secrets_location(self._secrets_where)

    def _saved_choices(self, settings: Settings) -> tuple[str | None, str | None]:
        """The character the bot answers as (FAMILIAR_CHARACTER's, else the saved default) and the saved preset."""
        card = self._env_card()
        return (card.character.id if card else settings.character_id, settings.preset_id)

    def _environment_errors(self) -> dict[str, str]:
        """Field name -> sentence, for FAMILIAR_* variables whose value cannot be used."""
        config = self._supervisor.view.config
        if config is None:
            return {}
        return {error.field: str(error) for error in config.env_errors if error.field}

    def _env_card(self) -> ParsedCard | None:
        """The default character FAMILIAR_CHARACTER chose, if it names a usable one."""
        config = self._supervisor.view.config
        if config is None or config.character_reference is None:
            return None
        return self._supervisor.view.default_card

    # What the pages say as edited; from the saved state when the page is not built (then it has no edits).

    def _character_choices(self) -> list[tuple[str, str]]:
        characters = self._built(CharactersPage)
        if characters is not None:
            return characters.choices()
        return [(c.id, c.name) for c in self._loaded.characters] if self._loaded is not None else []

    def _preview_choices(self) -> list[tuple[str, str]]:
        """The characters to try in the preview: the saved ones, and a card FAMILIAR_CHARACTER names."""
        choices = self._character_choices()
        card = self._env_card()
        if card is not None and card.character.id not in dict(choices):
            choices.append(
                (card.character.id, self.tr("{name} (from FAMILIAR_CHARACTER)").format(name=card.character.name))
            )
        return choices

    def _preview_character(self, ident: str) -> Character | None:
        characters = self._built(CharactersPage)
        if characters is not None:
            found = characters.character(ident)
        else:
            saved = self._loaded.characters if self._loaded is not None else []
            found = next((c for c in saved if c.id == ident), None)
        card = self._env_card()
        if found is None and card is not None and card.character.id == ident:
            return card.character
        return found

    def _preview_avatar(self, ident: str) -> bytes | None:
        """The picture the preview shows for a character: FAMILIAR_CHARACTER's card's, else as edited.
        Reads a file: the preview calls it off the loop."""
        card = self._env_card()
        if card is not None and card.character.id == ident and card.avatar_png:
            return card.avatar_png
        characters = self._built(CharactersPage)
        return characters.avatar_png(ident) if characters is not None else self._character_store.avatar_bytes(ident)

    def _preset_choices(self) -> list[tuple[str, str]]:
        presets = self._built(PresetsPage)
        if presets is not None:
            return presets.choices()
        return [(p.id, preset_label(p)) for p in self._loaded.presets] if self._loaded is not None else []

    def _preset(self, ident: str) -> Preset | None:
        presets = self._built(PresetsPage)
        if presets is not None:
            return presets.preset(ident)
        saved = self._loaded.presets if self._loaded is not None else []
        return next((p for p in saved if p.id == ident), None)

    def _model_access(self) -> tuple[str, str | None, str, float]:
        """(base URL, key, model, timeout) as typed on the Connection page; as the bot runs, if not built."""
        connection = self._built(ConnectionPage)
        if connection is not None:
            return connection.model_access()
        config = self._supervisor.view.config
        settings = self._settings or Settings()
        if config is None:
            return settings.openai_base_url, None, settings.model, settings.request_timeout
        return config.openai_base_url, config.openai_api_key, config.model, settings.request_timeout

    def _cost_per_million(self) -> float:
        behaviour = self._built(BehaviourPage)
        return (
            behaviour.cost.value() if behaviour is not None else (self._settings or Settings()).cost_per_million_tokens
        )

    def edited_settings(self) -> Settings:
        """The settings as edited on every page, unsaved edits included (the saved ones while
        some edit is not valid yet): what the chat preview behaves by."""
        base = self._settings or Settings()
        data = base.model_dump()
        for page in self.built_pages():
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
        pages = self.built_pages()  # a page never built has no edits: the saved values stand
        data = self._settings.model_dump()
        for page in pages:
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
        for page in pages:
            widget = page.show_errors(shown)
            if widget is not None and first is None and errors.keys() & page.settings_fields():
                first = (page, widget)
        for page in pages:
            widget = page.check()
            if widget is not None and first is None:
                first = (page, widget)
        if settings is None or first is not None:
            placed = set().union(*(page.settings_fields() for page in pages))
            elsewhere = [f"{name}: {reason}" for name, reason in errors.items() if name not in placed]
            if elsewhere:
                self._say(self.tr("Not saved: {problems}").format(problems="; ".join(elsewhere)), error=True)
            else:
                self._say(self.tr("Not saved: fix the marked fields."), error=True)
            if first is not None:
                self.show_page(first[0])
                first[1].setFocus()
            return False

        previous = self._settings
        self._saving = True
        self.save_button.setEnabled(False)
        self._say(self.tr("Saving…"))
        try:
            for page in pages:
                await page.save_own()
            connection = self._built(ConnectionPage)
            secrets = connection.secrets() if connection is not None else None
            reconnected = await save_and_apply(self._supervisor, self._folders, settings, secrets, self._secret_store)
        except SAVE_ERRORS as error:
            log.error("Saving settings failed: %s", error)
            self._say(self.tr("Not saved: {problems}").format(problems=error), error=True)
            return False
        finally:
            self._saving = False
            self.save_button.setEnabled(True)
        self._settings = settings
        if self._loaded is not None:  # what a page built from now on shows: the saved state is this
            self._loaded = dataclasses.replace(self._loaded, settings=settings, secrets=secrets or self._loaded.secrets)
        self._set_dirty(False)
        log.info("Settings saved%s", "; reconnecting to Discord" if reconnected else "")
        if reconnected:
            self._say(self.tr("Saved. Reconnecting to Discord with the new connection settings…"), saved=True)
            self._reconnect_watch = (self._supervisor.snapshot.state, False)
        else:
            self._say(self.tr("Saved."), fade=True, saved=True)
        for page in pages:
            page.after_save()
        preview = self._built(PreviewPage)
        if preview is not None:  # the saved character and preset, unless picked there
            preview.follow_saved(*self._saved_choices(settings))
        connection = self._built(ConnectionPage)
        if connection is not None:
            connection.refresh_model_note()  # a new model is not known to refuse images
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
        if dirty and self._saved_said:
            self._say("")  # the last save no longer describes what is on screen

    def _say(self, text: str, *, error: bool = False, fade: bool = False, saved: bool = False) -> None:
        """The bottom line (`fade`: a passing confirmation; `saved`: it says "Saved.", which an edit
        makes untrue). Any new message ends a reconnect watch."""
        self._reconnect_watch = None
        self._saved_said = saved
        self.message.say(text, error=error, fade=fade)

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
            self.tr("Unsaved changes"),
            self.tr("Save your changes before closing?"),
            [dialogs.Button.Save, dialogs.Button.Discard, dialogs.Button.Cancel],
            self._on_unsaved_answer,
            default=dialogs.Button.Save,
            escape=dialogs.Button.Cancel,
            informative=self.tr("Discard forgets them; Cancel keeps the window open."),
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
        if self._owns_log_buffer:
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
        books = [path for path, is_book in zip(paths, kinds, strict=True) if is_book]
        cards = [path for path, is_book in zip(paths, kinds, strict=True) if not is_book]
        self.show_page(self.characters if cards else self.lorebooks)
        started = []
        if cards:
            self.characters.import_files(cards)
            started.append(self.characters.last_task)
        if books:
            self.lorebooks.import_files(books)
            started.append(self.lorebooks.last_task)
        await asyncio.gather(*(task for task in started if task is not None))
