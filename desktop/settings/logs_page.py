"""Logs: the live log with a level filter and a search box; copy, and open the log folder
(or, with no file manager to open it, its path to copy)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from ..i18n import QT_TRANSLATE_NOOP
from .form import add_row, new_form
from .log_buffer import Line, LogBuffer
from .open_folder import open_folder
from .page import Page
from .status_line import StatusLine

log = logging.getLogger(__name__)

#: How often new lines are drained from the buffer into the view.
REFRESH_MS = 250
#: Lines taken from the buffer at a time, and how long one pass may add batches before the
#: loop (the bot's too) runs again: 10,000 waiting lines fill the view over several passes.
BATCH_LINES = 100
PASS_BUDGET = 0.005
LEVELS = (
    (QT_TRANSLATE_NOOP("LogsPage", "Everything (debug)"), logging.DEBUG),
    (QT_TRANSLATE_NOOP("LogsPage", "Information and above"), logging.INFO),
    (QT_TRANSLATE_NOOP("LogsPage", "Warnings and errors"), logging.WARNING),
    (QT_TRANSLATE_NOOP("LogsPage", "Errors only"), logging.ERROR),
)


class LogsPage(Page):
    title = QT_TRANSLATE_NOOP("SettingsWindow", "Logs")

    def __init__(self, buffer: LogBuffer, log_folder: Path) -> None:
        super().__init__()
        self._buffer = buffer
        self._log_folder = log_folder
        self._shown_serial = 0

        self.level = QtWidgets.QComboBox()
        for text, level in LEVELS:
            self.level.addItem(self.tr(text), level)
        self.level.setCurrentIndex(1)
        self.level.currentIndexChanged.connect(lambda _i: self.rebuild())
        self.search = QtWidgets.QLineEdit()
        self.search.setPlaceholderText(self.tr("Show only lines containing…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.rebuild())
        self.view = QtWidgets.QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setAccessibleName(self.tr("Log"))
        self.view.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap)
        self.view.setMaximumBlockCount(10_000)
        self.view.setFont(QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont))
        self.view.setTabChangesFocus(True)
        self.copy_button = QtWidgets.QPushButton(self.tr("&Copy shown lines"))
        self.copy_button.clicked.connect(self.copy)
        self.open_button = QtWidgets.QPushButton(self.tr("&Open log folder"))
        self.open_button.clicked.connect(self.open_folder)
        self.follow = QtWidgets.QCheckBox(self.tr("&Follow new lines"))
        self.follow.setChecked(True)
        self.folder_note = StatusLine(hide_when_empty=True)  # where the logs are, when they cannot be shown
        self.folder_note.setAccessibleName(self.tr("Log folder"))

        filters = new_form()
        add_row(filters, self.tr("&Level"), self.level)
        add_row(filters, self.tr("&Search"), self.search)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.follow)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.open_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.folder_note)

        # Drained from the GUI thread: the handler may run in any thread (see log_buffer).
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.drain)
        # The next pass of a drain that had more lines than one pass takes.
        self._next_pass = QtCore.QTimer(self)
        self._next_pass.setSingleShot(True)
        self._next_pass.setInterval(0)
        self._next_pass.timeout.connect(self.drain)

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # Qt override
        self.drain()
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QtGui.QHideEvent) -> None:  # Qt override
        self._timer.stop()  # nothing to draw while hidden; the buffer keeps the lines
        self._next_pass.stop()
        super().hideEvent(event)

    def rebuild(self) -> None:
        self.view.clear()
        self._shown_serial = 0
        self.drain()

    def drain(self) -> None:
        """Add the lines logged since the last pass, in batches, for at most `PASS_BUDGET` seconds;
        what is left waits for the next pass (the loop runs in between)."""
        self._next_pass.stop()
        level = int(self.level.currentData())
        needle = self.search.text().strip().casefold()
        started = time.monotonic()
        while True:
            fresh = self._buffer.since(self._shown_serial, BATCH_LINES)
            if not fresh:
                return
            self._shown_serial = fresh[-1].serial
            self._append([line.text for line in fresh if _matches(line, level, needle)])
            if len(fresh) < BATCH_LINES:
                return
            if time.monotonic() - started >= PASS_BUDGET:
                self._next_pass.start()
                return

    def _append(self, lines: list[str]) -> None:
        if not lines:
            return
        bar = self.view.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 2
        self.view.appendPlainText("\n".join(lines))
        if self.follow.isChecked() or at_end:
            bar.setValue(bar.maximum())

    @property
    def caught_up(self) -> bool:
        """Every line the buffer holds has been through the filter (tests, benchmarks)."""
        return not self._buffer.since(self._shown_serial, 1)

    def copy(self) -> None:
        QtGui.QGuiApplication.clipboard().setText(self.view.toPlainText())

    def open_folder(self) -> None:
        self.folder_note.say(open_folder(self._log_folder) or "")


def _matches(line: Line, level: int, needle: str) -> bool:
    return line.level >= level and (not needle or needle in line.text.casefold())
