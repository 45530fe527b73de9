"""Per-channel characters: which character answers in which channel (settings.channel_characters)."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from .id_picker import IdPicker


class ChannelOverrides(QtWidgets.QWidget):
    changed = QtCore.Signal()

    def __init__(self) -> None:
        super().__init__()
        self._overrides: dict[str, str] = {}  # channel id -> character id
        self._channel_names: dict[int, str] = {}
        self._character_names: dict[str, str] = {}

        self.table = QtWidgets.QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Channel", "Character"])
        self.table.setAccessibleName("Per-channel characters")
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(self.table.fontMetrics().lineSpacing() * 6 + 16)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside
        self.empty_note = QtWidgets.QLabel("Every channel uses the default character.")
        self.empty_note.setWordWrap(True)

        self.channel = IdPicker("channel")
        self.character = QtWidgets.QComboBox()
        self.character.setAccessibleName("Character for that channel")
        self.add_button = QtWidgets.QPushButton("Set")
        self.add_button.setAccessibleName("Use this character in that channel")
        self.add_button.clicked.connect(self.add)
        self.remove_button = QtWidgets.QPushButton("Remove")
        self.remove_button.setAccessibleName("Remove the selected channel override")
        self.remove_button.clicked.connect(self.remove)
        self.problem = QtWidgets.QLabel()
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setWordWrap(True)
        self.problem.hide()

        pick = QtWidgets.QGridLayout()
        pick.addWidget(self.channel, 0, 0, 1, 2)
        pick.addWidget(self.character, 1, 0)
        pick.addWidget(self.add_button, 1, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.empty_note)
        layout.addLayout(pick)
        layout.addWidget(self.remove_button, 0, QtCore.Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.problem)
        self.setFocusProxy(self.channel)
        self._refresh()

    def values(self) -> dict[str, str]:
        return dict(self._overrides)

    def set_values(self, overrides: dict[str, str]) -> None:
        self._overrides = dict(overrides)
        self._refresh()

    def set_channels(self, choices: list[tuple[int, str]]) -> None:
        self._channel_names = dict(choices)
        self.channel.set_choices(choices)
        self._refresh()

    def set_characters(self, characters: list[tuple[str, str]]) -> None:
        """(id, name) of every character, for the picker and the table."""
        self._character_names = dict(characters)
        current = self.character.currentData()
        self.character.clear()
        for ident, name in characters:
            self.character.addItem(name, ident)
        index = self.character.findData(current)
        self.character.setCurrentIndex(max(0, index))
        self._refresh()

    def add(self) -> None:
        channel = self.channel.chosen_id()
        character = self.character.currentData()
        if channel is None or character is None:
            self._say("Pick a channel (or type its ID) and a character.")
            return
        self._say("")
        self._overrides[str(channel)] = str(character)
        self.channel.setEditText("")
        self._refresh()
        self.changed.emit()

    def remove(self) -> None:
        row = self.table.currentRow()
        keys = list(self._overrides)
        if 0 <= row < len(keys):
            del self._overrides[keys[row]]
            self._refresh()
            self.changed.emit()

    def _refresh(self) -> None:
        self.table.setRowCount(len(self._overrides))
        for row, (channel, character) in enumerate(self._overrides.items()):
            known = self._channel_names.get(int(channel)) if channel.isdigit() else None
            name = known or f"{channel} (not seen by the bot right now)"
            who = self._character_names.get(character, f"{character} (missing: the default answers)")
            self.table.setItem(row, 0, QtWidgets.QTableWidgetItem(name))
            self.table.setItem(row, 1, QtWidgets.QTableWidgetItem(who))
        self.table.setVisible(bool(self._overrides))
        self.empty_note.setVisible(not self._overrides)
        self.remove_button.setEnabled(bool(self._overrides))

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
