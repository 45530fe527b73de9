"""Logs: the live log with a level filter and a search box; copy, and open the log folder."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from .. import tray as tray_module
from .form import add_row, new_form
from .log_buffer import Line, LogBuffer
from .page import Page

log = logging.getLogger(__name__)

#: How often new lines are drained from the buffer into the view.
REFRESH_MS = 250
LEVELS = (
    ("Everything (debug)", logging.DEBUG),
    ("Information and above", logging.INFO),
    ("Warnings and errors", logging.WARNING),
    ("Errors only", logging.ERROR),
)


class LogsPage(Page):
    title = "Logs"

    def __init__(self, buffer: LogBuffer, log_folder: Path) -> None:
        super().__init__()
        self._buffer = buffer
        self._log_folder = log_folder
        self._shown_serial = 0

        self.level = QtWidgets.QComboBox()
        for text, level in LEVELS:
            self.level.addItem(text, level)
        self.level.setCurrentIndex(1)
        self.level.currentIndexChanged.connect(lambda _i: self.rebuild())
        self.search = QtWidgets.QLineEdit()
        self.search.setPlaceholderText("Show only lines containing…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.rebuild())
        self.view = QtWidgets.QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setAccessibleName("Log")
        self.view.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap)
        self.view.setMaximumBlockCount(10_000)
        self.view.setFont(QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont))
        self.view.setTabChangesFocus(True)
        self.copy_button = QtWidgets.QPushButton("&Copy shown lines")
        self.copy_button.clicked.connect(self.copy)
        self.open_button = QtWidgets.QPushButton("&Open log folder")
        self.open_button.clicked.connect(self.open_folder)
        self.follow = QtWidgets.QCheckBox("&Follow new lines")
        self.follow.setChecked(True)

        filters = new_form()
        add_row(filters, "&Level", self.level)
        add_row(filters, "&Search", self.search)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.follow)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.open_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        # Drained from the GUI thread: the handler may run in any thread (see log_buffer).
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.drain)

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # Qt override
        self.drain()
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QtGui.QHideEvent) -> None:  # Qt override
        self._timer.stop()  # nothing to draw while hidden; the buffer keeps the lines
        super().hideEvent(event)

    def rebuild(self) -> None:
        self.view.clear()
        self._shown_serial = 0
        self.drain()

    def drain(self) -> None:
        fresh = self._buffer.since(self._shown_serial)
        lines = [line for line in fresh if self._matches(line)]
        if fresh:
            self._shown_serial = fresh[-1].serial
        if not lines:
            return
        bar = self.view.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 2
        self.view.appendPlainText("\n".join(line.text for line in lines))
        if self.follow.isChecked() or at_end:
            bar.setValue(bar.maximum())

    def _matches(self, line: Line) -> bool:
        if line.level < int(self.level.currentData()):
            return False
        needle = self.search.text().strip().casefold()
        return not needle or needle in line.text.casefold()

    def copy(self) -> None:
        QtGui.QGuiApplication.clipboard().setText(self.view.toPlainText())

    def open_folder(self) -> None:
        self._log_folder.mkdir(parents=True, exist_ok=True)
        if not tray_module.open_folder(self._log_folder):
            log.warning("Could not open the log folder %s with the file manager", self._log_folder)
