"""Picking Discord servers and channels: from the live list when connected, or typed as IDs.

`IdPicker` is an editable combo box listing what the connected bot can see;
the user may instead type (or paste) a numeric ID. `IdListEditor` keeps a
list of such IDs (allow-lists, always-reply channels) with Add and Remove.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6 import QtCore, QtWidgets

from bot.checks import ServerInfo

from ..i18n import translate
from .form import line_edit

#: Discord IDs (snowflakes) are up to 20 digits.
_ID = re.compile(r"\d{1,20}")
_ID_IN_TEXT = re.compile(r"\((\d{1,20})\)\s*$")


@dataclass(frozen=True)
class Words:
    """Every sentence that names the kind of thing listed, whole: a translation cannot
    put a noun into another language's sentence the way English can."""

    pick: str  # the picker's placeholder
    to_add: str  # the picker's accessible name
    listed: str  # the list's accessible name
    add: str  # the Add button's accessible name
    remove: str  # the Remove button's accessible name
    not_picked: str  # Add pressed with nothing usable typed
    type_id: str = ""  # the placeholder where only an ID can be typed (people, roles)
    not_typed: str = ""  # Add pressed with no ID typed there
    id_to_add: str = ""  # the picker's accessible name there ("{list}": the list's name)


def words(noun: str) -> Words:
    """The words for "channel", "server", "person" or "role"."""
    if noun == "channel":
        return Words(
            pick=translate("IdPicker", "Pick a channel or type its ID"),
            to_add=translate("IdPicker", "Channel to add"),
            listed=translate("IdPicker", "Channels"),
            add=translate("IdPicker", "Add the channel"),
            remove=translate("IdPicker", "Remove the selected channel"),
            not_picked=translate("IdPicker", "Pick a channel from the list or type its numeric ID."),
        )
    if noun == "server":
        return Words(
            pick=translate("IdPicker", "Pick a server or type its ID"),
            to_add=translate("IdPicker", "Server to add"),
            listed=translate("IdPicker", "Servers"),
            add=translate("IdPicker", "Add the server"),
            remove=translate("IdPicker", "Remove the selected server"),
            not_picked=translate("IdPicker", "Pick a server from the list or type its numeric ID."),
        )
    if noun == "person":
        return Words(
            pick=translate("IdPicker", "Type the person's ID"),
            to_add=translate("IdPicker", "Person to add"),
            listed=translate("IdPicker", "People"),
            add=translate("IdPicker", "Add the person"),
            remove=translate("IdPicker", "Remove the selected person"),
            not_picked=translate("IdPicker", "Type the person's numeric ID."),
            type_id=translate("IdPicker", "Type the person's ID"),
            not_typed=translate("IdPicker", "Type the person's numeric ID."),
            id_to_add=translate("IdPicker", "{list}: person ID to add"),
        )
    if noun == "role":
        return Words(
            pick=translate("IdPicker", "Type the role's ID"),
            to_add=translate("IdPicker", "Role to add"),
            listed=translate("IdPicker", "Roles"),
            add=translate("IdPicker", "Add the role"),
            remove=translate("IdPicker", "Remove the selected role"),
            not_picked=translate("IdPicker", "Type the role's numeric ID."),
            type_id=translate("IdPicker", "Type the role's ID"),
            not_typed=translate("IdPicker", "Type the role's numeric ID."),
            id_to_add=translate("IdPicker", "{list}: role ID to add"),
        )
    raise ValueError(f"no words for {noun!r}")


def server_choices(servers: list[ServerInfo]) -> list[tuple[int, str]]:
    return [(server.id, f"{server.name} ({server.id})") for server in servers]


def channel_choices(servers: list[ServerInfo]) -> list[tuple[int, str]]:
    template = translate(
        "IdPicker", "#{channel} in {server} ({id})", "keep ({id}) at the end: the ID is read back from there"
    )
    return [
        (channel.id, template.format(channel=channel.name, server=server.name, id=channel.id))
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
        said = words(noun)
        line_edit(self).setPlaceholderText(said.pick)
        self.setAccessibleName(said.to_add)

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
        self._words = said = words(noun)
        self._ids: list[int] = []
        self._names: dict[int, str] = {}
        self.items = QtWidgets.QListWidget()
        self.items.setAccessibleName(said.listed)
        self.items.setMaximumHeight(self.items.fontMetrics().lineSpacing() * 5 + 12)
        self.empty_note = QtWidgets.QLabel(empty_means)
        self.empty_note.setWordWrap(True)
        self.picker = IdPicker(noun)
        line_edit(self.picker).returnPressed.connect(self.add)
        self.add_button = QtWidgets.QPushButton(self.tr("Add"))
        self.add_button.setAccessibleName(said.add)
        self.add_button.clicked.connect(self.add)
        self.remove_button = QtWidgets.QPushButton(self.tr("Remove"))
        self.remove_button.setAccessibleName(said.remove)
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
            self._say(self._words.not_picked)
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
            shown = self._names.get(ident)
            self.items.addItem(shown or self.tr("{id} (not seen by the bot right now)").format(id=ident))
        self.items.setVisible(bool(self._ids))
        self.empty_note.setVisible(not self._ids)
        self.remove_button.setEnabled(bool(self._ids))

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setVisible(bool(text))
