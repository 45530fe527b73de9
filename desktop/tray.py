"""The tray icon, its menu and its notifications; it observes the supervisor.

What it shows comes from `tray_presentation(snapshot)` (`status.present`, plus
"Starting…" while the supervisor has not started yet); when to notify comes
from `notify.OutageNotifier`. The tray itself only applies them and turns
menu clicks into supervisor calls (Reconnect, Pause/Resume) or into signals
the shell handles (Settings, Start at login, Quit).

No dialog here is ever `exec()`ed: a nested Qt loop would run asyncio
callbacks in the middle of whatever task step triggered it.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from bot import __version__
from bot.supervisor import Snapshot, State, Supervisor

from . import icons
from .e2e_state_file import StateFile
from .i18n import translate
from .notify import Notice, OutageNotifier
from .status import Presentation, present

log = logging.getLogger(__name__)

NOTIFICATION_MS = 10_000

#: Names of the menu actions (QAction objectName), for `menu <name>` over the single-instance socket.
ACTIONS = ("status", "reconnect", "pause", "settings", "logs", "autostart", "about", "quit")


def tray_presentation(snapshot: Snapshot, now: float, *, started: bool) -> Presentation:
    """What the tray shows for `snapshot`: `status.present`, except before the supervisor has started.

    The icon appears as soon as the app is up, while the supervisor starts (settings and secrets
    read, the model client built, in worker threads). Until then its snapshot is still the
    `stopped` it was made with, which is not news about the bot: `started` is False until the
    snapshot has been anything else. That moment reads "Starting…" with the connecting icon: the
    bot is on its way (the next state is `connecting`, or `not_configured`/`error` when start-up
    finds nothing to connect with). Pause works (the bot then starts paused); there is nothing to
    reconnect yet.
    """
    if started or snapshot.state is not State.STOPPED:
        return present(snapshot, now)
    status = translate("Tray", "Starting…")
    return Presentation(
        icon="connecting",
        status=status,
        tooltip=f"Familiar: {status}",
        can_reconnect=False,
        pause_label=translate("Status", "Pause"),
        can_pause=True,
    )


def open_folder(path: Path) -> bool:
    """Open `path` in the desktop's file manager (module-level so tests can replace it)."""
    return bool(QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(path))))


class Tray(QtCore.QObject):
    settings_requested = QtCore.Signal()
    quit_requested = QtCore.Signal()
    start_at_login_toggled = QtCore.Signal(bool)
    presented = QtCore.Signal(object)  # Presentation, for the settings window's status line

    def __init__(
        self,
        supervisor: Supervisor,
        log_folder: Path,
        *,
        start_at_login: bool = False,
        clock: Callable[[], float] = time.time,
        notifier: OutageNotifier | None = None,
        state_file: StateFile | None = None,
    ) -> None:
        super().__init__()
        self._supervisor = supervisor
        self._log_folder = log_folder
        self._clock = clock
        self._notifier = notifier or OutageNotifier()
        self._state_file = state_file
        self._snapshot: Snapshot | None = None
        self._started = False  # the supervisor has left the `stopped` it was made with (tray_presentation)
        self.presentation: Presentation | None = None
        self._icon_key: tuple[str, bool] | None = None
        self.notices: list[Notice] = []  # every notice shown, newest last (diagnostics, tests)
        self._boxes: dict[str, QtWidgets.QMessageBox] = {}  # About, "no file manager": open ones

        self.icon = QtWidgets.QSystemTrayIcon(self)
        self.menu = QtWidgets.QMenu()
        self.actions = self._build_menu(start_at_login)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)

        # One-shot timers: the countdown text, and the moment an outage becomes worth a notice.
        self._refresh_timer = _single_shot(self, self._refresh)
        self._outage_timer = _single_shot(self, self._check_outage)
        app = QtGui.QGuiApplication.instance()
        if isinstance(app, QtGui.QGuiApplication):
            app.styleHints().colorSchemeChanged.connect(lambda _scheme: self._refresh())
        if state_file is not None:
            # After popup() has placed the menu: where each item is, for tests that click it.
            self.menu.aboutToShow.connect(lambda: QtCore.QTimer.singleShot(0, self._record_menu))
        self._unsubscribe: Callable[[], None] | None = supervisor.subscribe(self._on_snapshot)

    # ----- menu -----

    def _build_menu(self, start_at_login: bool) -> dict[str, QtGui.QAction]:
        def add(name: str, text: str, slot: Callable[[], object] | None = None) -> QtGui.QAction:
            action = self.menu.addAction(text)
            action.setObjectName(name)
            if slot is not None:
                action.triggered.connect(lambda _checked=False: slot())
            return action

        actions = {"status": add("status", self.tr("Starting…"))}
        actions["status"].setEnabled(False)
        self.menu.addSeparator()
        actions["reconnect"] = add("reconnect", self.tr("Reconnect now"), self._reconnect)
        actions["pause"] = add("pause", self.tr("Pause"), self._toggle_pause)
        self.menu.addSeparator()
        actions["settings"] = add("settings", self.tr("Settings…"), self.settings_requested.emit)
        actions["logs"] = add("logs", self.tr("Open log folder"), self._open_logs)
        autostart = add("autostart", self.tr("Start at login"))
        autostart.setCheckable(True)
        autostart.setChecked(start_at_login)
        autostart.toggled.connect(self.start_at_login_toggled.emit)
        actions["autostart"] = autostart
        actions["about"] = add("about", self.tr("About Familiar"), self._about)
        self.menu.addSeparator()
        actions["quit"] = add("quit", self.tr("Quit"), self.quit_requested.emit)
        return actions

    def trigger(self, name: str) -> bool:
        """Trigger a menu action by name, as a click would; False if unknown or disabled."""
        action = self.actions.get(name)
        if action is None or not action.isEnabled():
            return False
        action.trigger()
        return True

    def set_start_at_login(self, checked: bool) -> None:
        """Reflect the OS state without emitting `start_at_login_toggled` again."""
        action = self.actions["autostart"]
        blocked = action.blockSignals(True)
        action.setChecked(checked)
        action.blockSignals(blocked)

    def _reconnect(self) -> None:
        self._supervisor.reconnect_now()

    def _toggle_pause(self) -> None:
        if self._supervisor.snapshot.state is State.PAUSED:
            self._supervisor.resume()
        else:
            self._supervisor.pause()

    def _open_logs(self) -> None:
        self._log_folder.mkdir(parents=True, exist_ok=True)
        if not open_folder(self._log_folder):
            log.warning("Could not open the log folder %s with the file manager", self._log_folder)
            self._show_box(
                "no-file-manager",
                self.tr("Open log folder"),
                self.tr("No file manager is set up to open folders here. The logs are in:"),
                detail=str(self._log_folder),
            )

    def _about(self) -> None:
        self._show_box(
            "about",
            self.tr("About Familiar"),
            f"Familiar {__version__}\n\n"
            + self.tr("Your AI character's Discord bot, in the system tray.")
            + "\n\n"
            + self.tr("Logs:"),
            detail=str(self._log_folder),
        )

    def _show_box(self, name: str, title: str, text: str, *, detail: str = "") -> QtWidgets.QMessageBox:
        """A small window of the tray's, shown once (a second click raises it); `detail` is selectable."""
        box = self._boxes.get(name)
        if box is None:
            box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, title, text)
            box.setObjectName(name)
            box.setWindowIcon(icons.app_icon())
            box.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            if detail:
                box.setInformativeText(detail)
            # Held here: a box without a parent and without a reference is gone before it shows.
            self._boxes[name] = box
            box.finished.connect(lambda _result, name=name: self._boxes.pop(name, None))
        box.show()  # not exec(): see the module docstring
        box.raise_()
        box.activateWindow()
        return box

    def _on_activated(self, reason: QtWidgets.QSystemTrayIcon.ActivationReason) -> None:
        # A click opens Settings on Linux and Windows; on macOS a click shows the menu.
        if sys.platform != "darwin" and reason in (
            QtWidgets.QSystemTrayIcon.ActivationReason.Trigger,
            QtWidgets.QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.settings_requested.emit()

    # ----- state -----

    def _on_snapshot(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self._started = self._started or snapshot.state is not State.STOPPED
        now = self._clock()
        self._show_notices(self._notifier.observe(snapshot, now))
        self._schedule_outage_check(now)
        self._refresh()

    def _refresh(self) -> None:
        if self._snapshot is None:
            return
        presentation = tray_presentation(self._snapshot, self._clock(), started=self._started)
        self._apply(presentation)
        if presentation.refresh_in is not None:
            self._refresh_timer.start(max(1, int(presentation.refresh_in * 1000)))
        else:
            self._refresh_timer.stop()

    def _apply(self, presentation: Presentation) -> None:
        dark = icons.panel_is_dark()
        if self._icon_key != (presentation.icon, dark):
            self._icon_key = (presentation.icon, dark)
            self.icon.setIcon(icons.tray_icon(presentation.icon, dark))
        changed = presentation != self.presentation
        self.presentation = presentation
        self.icon.setToolTip(presentation.tooltip)
        self.actions["status"].setText(presentation.status)
        self.actions["reconnect"].setEnabled(presentation.can_reconnect)
        self.actions["pause"].setText(presentation.pause_label)
        self.actions["pause"].setEnabled(presentation.can_pause)
        if changed:
            self.presented.emit(presentation)
            self.record()

    def record(self) -> None:
        """Write what is shown to the end-to-end tests' state file, if there is one (see e2e_state_file)."""
        if self._state_file is None or self.presentation is None or self._snapshot is None:
            return
        geometry = self.icon.geometry()
        self._state_file.write(
            {
                "event": "tray",
                "time": self._clock(),
                "state": self._snapshot.state.value,
                "icon": self.presentation.icon,
                "status": self.presentation.status,
                "tooltip": self.presentation.tooltip,
                "tray_available": QtWidgets.QSystemTrayIcon.isSystemTrayAvailable(),
                "tray_visible": self.icon.isVisible(),
                "geometry": [geometry.x(), geometry.y(), geometry.width(), geometry.height()],
            }
        )

    def _record_menu(self) -> None:
        if self._state_file is None or not self.menu.isVisible():
            return
        origin = self.menu.geometry().topLeft()
        items = {}
        for name, action in self.actions.items():
            rect = self.menu.actionGeometry(action).translated(origin)
            items[name] = [rect.x(), rect.y(), rect.width(), rect.height()]
        self._state_file.write({"event": "menu", "time": self._clock(), "items": items})

    def show(self) -> None:
        self.icon.show()
        self.record()

    # ----- notifications -----

    def _schedule_outage_check(self, now: float) -> None:
        check = self._notifier.next_check
        if check is None:
            self._outage_timer.stop()
        else:
            self._outage_timer.start(max(1, int((check - now) * 1000) + 1))

    def _check_outage(self) -> None:
        now = self._clock()
        self._show_notices(self._notifier.due(now))
        self._schedule_outage_check(now)

    def _show_notices(self, notices: list[Notice]) -> None:
        settings = self._supervisor.view.settings
        for notice in notices:
            self.notices.append(notice)
            if settings is not None and not settings.notifications:
                log.debug("Notification not shown (turned off): %s", notice.title)
                continue
            log.info("Notification: %s: %s", notice.title, notice.message)
            kind = (
                QtWidgets.QSystemTrayIcon.MessageIcon.Warning
                if notice.error
                else QtWidgets.QSystemTrayIcon.MessageIcon.Information
            )
            self.icon.showMessage(notice.title, notice.message, kind, NOTIFICATION_MS)

    # ----- teardown -----

    def close(self) -> None:
        """Idempotent: stop observing, hide the icon (no ghost icon on Windows)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._refresh_timer.stop()
        self._outage_timer.stop()
        for box in list(self._boxes.values()):
            box.close()
        self._boxes.clear()
        self.icon.hide()
        self.menu.deleteLater()  # the icon holds it through a QPointer: no dangling menu


def _single_shot(parent: QtCore.QObject, slot: Callable[[], None]) -> QtCore.QTimer:
    timer = QtCore.QTimer(parent)
    timer.setSingleShot(True)
    timer.timeout.connect(slot)
    return timer
