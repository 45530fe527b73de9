"""Picking Discord servers and channels: from the live list when connected, or typed as IDs.

`IdPicker` is an editable combo box listing what the connected bot can see;
the user may instead type (or paste) a numeric ID. `IdListEditor` keeps a
list of such IDs (allow-lists, always-reply channels) with Add and Remove.
"""

from __future__ import annotations

import re

from PySide6 import QtCore, QtWidgets

from bot.checks import ServerInfo

from .form import line_edit

#: Discord IDs (snowflakes) are up to 20 digits.
_ID = re.compile(r"\d{1,20}")
_ID_IN_TEXT = re.compile(r"\((\d{1,20})\)\s*$")


def server_choices(servers: list[ServerInfo]) -> list[tuple[int, str]]:
    return [(server.id, f"{server.name} ({server.id})") for server in servers]


def channel_choices(servers: list[ServerInfo]) -> list[tuple[int, str]]:
    return [
        (channel.id, f"#{channel.name} in {server.name} ({channel.id})")
        for server in servers
        for channel in server.channels
    ]


class IdPicker(QtWidgets.QComboBox):
    """An editable combo: a known server/channel, or a typed ID."""

    def __init__(self, noun: str) -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QtWidgets.QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(20)
        line_edit(self).setPlaceholderText(f"Pick a {noun} or type its ID")
        self.setAccessibleName(f"{noun.capitalize()} to add")

    def set_choices(self, choices: list[tuple[int, str]]) -> None:
        typed = self.currentText()
        self.clear()
        for ident, label in choices:
            self.addItem(label, ident)
        self.setCurrentIndex(-1)
        self.setEditText(typed if not choices else "")

    def chosen_id(self) -> int | None:
        """The ID picked or typed; None if the text is neither."""
        text = self.currentText().strip()
        index = self.findText(text)
        if index >= 0:
            return int(self.itemData(index))
        if _ID.fullmatch(text):
            return int(text)
        match = _ID_IN_TEXT.search(text)
        return int(match[1]) if match else None


class IdListEditor(QtWidgets.QWidget):
    """A list of Discord IDs with names where known; Add (picked or typed) and Remove."""

    changed = QtCore.Signal()

    def __init__(self, noun: str, empty_means: str) -> None:
        super().__init__()
        self._noun = noun
        self._ids: list[int] = []
        self._names: dict[int, str] = {}
        self.items = QtWidgets.QListWidget()
        self.items.setAccessibleName(f"{noun.capitalize()}s")
        self.items.setMaximumHeight(self.items.fontMetrics().lineSpacing() * 5 + 12)
        self.empty_note = QtWidgets.QLabel(empty_means)
        self.empty_note.setWordWrap(True)
        self.picker = IdPicker(noun)
        line_edit(self.picker).returnPressed.connect(self.add)
        self.add_button = QtWidgets.QPushButton("Add")
        self.add_button.setAccessibleName(f"Add the {noun}")
        self.add_button.clicked.connect(self.add)
        self.remove_button = QtWidgets.QPushButton("Remove")
        self.remove_button.setAccessibleName(f"Remove the selected {noun}")
        self.remove_button.clicked.connect(self.remove)
        self.problem = QtWidgets.QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()

        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.picker, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.items)
        layout.addWidget(self.empty_note)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        self.setFocusProxy(self.picker)
        self._refresh()

    def values(self) -> list[int]:
        return list(self._ids)

    def set_values(self, ids: list[int]) -> None:
        self._ids = list(dict.fromkeys(ids))
        self._refresh()

    def set_choices(self, choices: list[tuple[int, str]]) -> None:
        self._names = dict(choices)
        self.picker.set_choices(choices)
        self._refresh()

    def add(self) -> None:
        ident = self.picker.chosen_id()
        if ident is None:
            self._say(f"Pick a {self._noun} from the list or type its numeric ID.")
            return
        self._say("")
        if ident not in self._ids:
            self._ids.append(ident)
            self._refresh()
            self.changed.emit()
        self.picker.setEditText("")

    def remove(self) -> None:
        row = self.items.currentRow()
        if 0 <= row < len(self._ids):
            del self._ids[row]
            self._refresh()
            self.changed.emit()

    def _refresh(self) -> None:
        self.items.clear()
        for ident in self._ids:
            self.items.addItem(self._names.get(ident, f"{ident} (not seen by the bot right now)"))
        self.items.setVisible(bool(self._ids))
        self.empty_note.setVisible(not self._ids)
        self.remove_button.setEnabled(bool(self._ids))

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setVisible(bool(text))

