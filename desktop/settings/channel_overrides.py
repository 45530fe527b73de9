"""Casts per channel: which characters speak in which channel, first one first (settings.channel_casts).

`ChannelCasts` shows one row per channel with its cast, and edits the cast of
the channel picked below the table: add a character, remove one, make one
first (it answers a mention that names nobody), or drop the channel's cast.
"""

from __future__ import annotations

import logging
import re

from PySide6 import QtCore, QtGui, QtWidgets

from ..i18n import QT_TRANSLATE_NOOP
from .form import hint_label, line_edit
from .id_picker import IdPicker

log = logging.getLogger(__name__)

#: The " (id)" that ends a known channel's label: the table leaves it to the tooltip.
_ID_SUFFIX = re.compile(r"\s*\(\d{1,20}\)$")
#: The Channel column takes at most this share of the table's width; the cast the rest.
CHANNEL_SHARE = 0.55

EMPTY_NOTE = QT_TRANSLATE_NOOP("ChannelCasts", "Every channel uses the default character alone.")
HINT = QT_TRANSLATE_NOOP(
    "ChannelCasts",
    "A channel's cast answers together: a message that names a character is answered by it; "
    "a mention naming no one, by the first.",
)


class _CastTable(QtWidgets.QTableWidget):
    """Two columns sharing the width: the channel as wide as it needs (up to a share), the cast the rest."""

    def fit_columns(self) -> None:
        wanted = self.sizeHintForColumn(0) if self.rowCount() else 0
        wanted = max(wanted, self.horizontalHeader().sectionSizeHint(0))
        self.setColumnWidth(0, min(wanted, int(self.viewport().width() * CHANNEL_SHARE)))
        self.resizeRowsToContents()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()


class ChannelCasts(QtWidgets.QWidget):
    changed = QtCore.Signal()

    def __init__(self) -> None:
        super().__init__()
        self._casts: dict[str, list[str]] = {}  # channel id -> character ids, first one first
        self._channel_names: dict[int, str] = {}
        self._character_names: dict[str, str] = {}

        self.table = _CastTable(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Channel"), self.tr("Cast")])
        self.table.setAccessibleName(self.tr("Casts per channel"))
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)  # a long channel name or cast wraps in its cell
        self.table.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(self.table.fontMetrics().lineSpacing() * 6 + 16)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside
        self.table.itemSelectionChanged.connect(self._on_selected)
        self.empty_note = QtWidgets.QLabel(self.tr(EMPTY_NOTE))
        self.empty_note.setWordWrap(True)

        self.channel = IdPicker("channel")
        self.channel.setAccessibleName(self.tr("Channel whose cast to edit"))
        self.character = QtWidgets.QComboBox()
        self.character.setAccessibleName(self.tr("Character to add, remove or make first"))
        self.add_button = QtWidgets.QPushButton(self.tr("Add to cast"))
        self.add_button.setAccessibleName(self.tr("Add the character to that channel's cast"))
        self.add_button.clicked.connect(self.add)
        self.remove_member_button = QtWidgets.QPushButton(self.tr("Remove from cast"))
        self.remove_member_button.setAccessibleName(self.tr("Remove the character from that channel's cast"))
        self.remove_member_button.clicked.connect(self.remove_member)
        self.first_button = QtWidgets.QPushButton(self.tr("Make first"))
        self.first_button.setAccessibleName(self.tr("Make the character first in that channel's cast"))
        self.first_button.clicked.connect(self.make_first)
        self.remove_button = QtWidgets.QPushButton(self.tr("Remove channel"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected channel's cast"))
        self.remove_button.clicked.connect(self.remove)
        self.problem = QtWidgets.QLabel()
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.hint = hint_label(self.tr(HINT))

        pick = QtWidgets.QGridLayout()
        pick.addWidget(self.channel, 0, 0, 1, 2)
        pick.addWidget(self.character, 1, 0, 1, 2)
        pick.addWidget(self.add_button, 2, 0)
        pick.addWidget(self.remove_member_button, 2, 1)
        pick.addWidget(self.first_button, 3, 0)
        pick.addWidget(self.remove_button, 3, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.empty_note)
        layout.addLayout(pick)
        layout.addWidget(self.problem)
        layout.addWidget(self.hint)
        self.setFocusProxy(self.channel)
        self._refresh()

    # ----- values -----

    def values(self) -> dict[str, list[str]]:
        return {channel: list(cast) for channel, cast in self._casts.items() if cast}

    def set_values(self, casts: dict[str, list[str]]) -> None:
        # An empty cast means the default alone, like no row at all.
        self._casts = {str(channel): list(dict.fromkeys(cast)) for channel, cast in casts.items() if cast}
        self._say("")
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

    # ----- actions -----

    def add(self) -> None:
        picked = self._picked()
        if picked is None:
            return
        channel, character = picked
        cast = self._casts.setdefault(channel, [])
        if character in cast:
            self._say(
                self.tr("{character} is already in the cast of {channel}.").format(
                    character=self._member(character), channel=self._channel_label(channel)
                )
            )
            return
        self._say("")
        cast.append(character)
        self._edited(channel)

    def remove_member(self) -> None:
        found = self._picked_member()
        if found is None:
            return
        channel, character, cast = found
        cast.remove(character)
        if not cast:
            del self._casts[channel]
        self._edited(channel)

    def make_first(self) -> None:
        found = self._picked_member()
        if found is None:
            return
        channel, character, cast = found
        if cast[0] == character:
            return
        cast.remove(character)
        cast.insert(0, character)
        self._edited(channel)

    def remove(self) -> None:
        row = self.table.currentRow()
        keys = list(self._casts)
        if not 0 <= row < len(keys):
            self._say(self.tr("Select a channel in the table first."))
            return
        self._say("")
        del self._casts[keys[row]]
        self.channel.setEditText("")
        self._refresh()
        self.changed.emit()

    # ----- inside -----

    def _picked_member(self) -> tuple[str, str, list[str]] | None:
        """The picked channel, character and that channel's cast, if the character is in it (else says so)."""
        picked = self._picked()
        if picked is None:
            return None
        channel, character = picked
        cast = self._casts.get(channel)
        if not cast or character not in cast:
            self._say(
                self.tr("{character} is not in the cast of {channel}.").format(
                    character=self._member(character), channel=self._channel_label(channel)
                )
            )
            return None
        self._say("")
        return channel, character, cast

    def _picked(self) -> tuple[str, str] | None:
        """(channel id, character id) picked below the table; None (said why) if either is missing."""
        channel = self.channel.chosen_id()
        character = self.character.currentData()
        if channel is None or character is None:
            self._say(self.tr("Pick a channel (or type its ID) and a character."))
            return None
        # Unsaved channel keys are always the ID's digits, the form the settings keep.
        return str(channel), str(character)

    def _edited(self, channel: str) -> None:
        self._refresh(select=channel)
        self.changed.emit()

    def _on_selected(self) -> None:
        """Selecting a row picks its channel below, ready to edit its cast."""
        row = self.table.currentRow()
        keys = list(self._casts)
        if not 0 <= row < len(keys) or not self.table.selectedItems():
            return
        channel = keys[row]
        index = self.channel.findData(int(channel)) if channel.isdigit() else -1
        if index >= 0:
            self.channel.setCurrentIndex(index)
        else:
            self.channel.setEditText(channel)
        line_edit(self.channel).setCursorPosition(0)  # the channel's name, not the end of its ID

    def _channel_label(self, channel: str) -> str:
        known = self._channel_names.get(int(channel)) if channel.isdigit() else None
        return known or self.tr("{id} (not seen by the bot right now)").format(id=channel)

    def _channel_short(self, channel: str) -> str:
        """The label the table shows: a known channel without its ID (the tooltip has it)."""
        return _ID_SUFFIX.sub("", self._channel_label(channel)) or channel

    def _member(self, character: str) -> str:
        return self._character_names.get(character) or self.tr("{name} (missing)").format(name=character)

    def _refresh(self, select: str | None = None) -> None:
        blocked = self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(self._casts))
        for row, (channel, cast) in enumerate(self._casts.items()):
            members = ", ".join(self._member(character) for character in cast)
            cells = ((self._channel_short(channel), self._channel_label(channel)), (members, members))
            for column, (text, tip) in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                item.setToolTip(tip)  # the whole of a name cut in the cell
                self.table.setItem(row, column, item)
        if select in self._casts:
            self.table.setCurrentCell(list(self._casts).index(select), 0)
        else:
            self.table.setCurrentCell(-1, -1)
        self.table.blockSignals(blocked)
        self.table.fit_columns()
        self.table.setVisible(bool(self._casts))
        self.empty_note.setVisible(not self._casts)
        self.remove_button.setEnabled(bool(self._casts))

    def _say(self, text: str) -> None:
        if text:
            log.debug("channel casts: %s", text)
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
