"""Lorebooks: the standalone World Info files, and which characters use them.

Import (SillyTavern World Info JSON, a bare `character_book`, a V3 lorebook),
Export (World Info, for SillyTavern) and Delete act on the files at once, like
the Characters page does. Where a lorebook is used (every character, or only
the ones ticked) is part of the settings (`global_lorebooks`,
`character_lorebooks`) and waits for Save like every other setting. File work
runs in worker threads.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtWidgets

from bot.atomic import atomic_write_bytes
from bot.folders import Folders
from bot.lorebooks import LorebookError, LorebookNotFound, LorebookStore
from bot.world_info import Lorebook

from ..i18n import QT_TRANSLATE_NOOP, translate
from ..tasks import UiTasks
from . import dialogs
from .field_rows import FieldRows
from .form import ERROR_COLOUR, ErrorLabel, heading, hint_label
from .page import Loaded, StorePage

log = logging.getLogger(__name__)

LOREBOOK_FILTERS = (
    QT_TRANSLATE_NOOP("LorebooksPage", "Lorebooks: World Info JSON (*.json)"),
    QT_TRANSLATE_NOOP("LorebooksPage", "All files (*)"),
)
EXPORT_FILTERS = (QT_TRANSLATE_NOOP("LorebooksPage", "World Info for SillyTavern (*.json)"),)
FILE_ERRORS = (LorebookError, LorebookNotFound, OSError)

#: Where a lorebook is used (the radio buttons' ids).
NOT_USED, EVERYONE, CHOSEN = 0, 1, 2


def entries_phrase(count: int) -> str:
    return translate("LorebooksPage", "%n entry(s)", None, count)


def looks_like_lorebook(doc: Any) -> bool:
    """A dropped JSON document that is a lorebook rather than a character card.

    World Info has an `entries` object, a bare `character_book` an `entries`
    list, a V3 lorebook `spec: lorebook_v3`; a card keeps its book inside `data`.
    """
    if not isinstance(doc, dict):
        return False
    spec = doc.get("spec")
    if spec == "lorebook_v3":
        return True
    return spec is None and isinstance(doc.get("entries"), (dict, list))


class LorebooksPage(StorePage):
    action_errors = FILE_ERRORS
    action_name = "lorebook"
    title = QT_TRANSLATE_NOOP("SettingsWindow", "Lorebooks")

    def __init__(self, folders: Folders, tasks: UiTasks, store: LorebookStore | None = None) -> None:
        super().__init__(tasks)
        self.store = store or LorebookStore(folders.lorebooks)
        self._books: dict[str, Lorebook] = {}
        self._order: list[str] = []
        self._current: str | None = None
        # What Save writes: the settings as edited here.
        self._global: list[str] = []
        self._per_character: dict[str, list[str]] = {}
        # Ticks set aside while a book is switched to "every character" or "not used",
        # so switching back to "only these" brings them back (this session only).
        self._set_aside: dict[str, list[str]] = {}
        self._chosen: set[str] = set()  # "only these" picked, even before any tick
        self._characters: list[tuple[str, str]] = []
        self.delete_prompt: QtWidgets.QMessageBox | None = None

        # ----- the list -----
        self.list = QtWidgets.QListWidget()
        self.list.setAccessibleName(self.tr("Lorebooks"))
        self.list.setWordWrap(True)  # long names wrap rather than hide behind a scroll bar
        self.list.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(2)
        self.list.currentItemChanged.connect(self._on_current_item)
        self.empty_note = QtWidgets.QLabel(
            self.tr(
                "No lorebooks yet. Import World Info files exported from SillyTavern (.json), "
                "or drop them on this window."
            )
        )
        self.empty_note.setWordWrap(True)
        self.import_button = QtWidgets.QPushButton(self.tr("&Import…"))
        self.import_button.setToolTip(
            self.tr(
                "Import SillyTavern World Info files (or a card's lorebook saved as JSON); "
                "you can also drop them on this window."
            )
        )
        self.import_button.clicked.connect(self._choose_imports)
        self.export_button = QtWidgets.QPushButton(self.tr("E&xport…"))
        self.export_button.setToolTip(
            self.tr("Save the selected lorebook as a World Info file SillyTavern can import.")
        )
        self.export_button.clicked.connect(self._choose_export)
        self.delete_button = QtWidgets.QPushButton(self.tr("Dele&te…"))
        self.delete_button.clicked.connect(self._confirm_delete)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        buttons = QtWidgets.QHBoxLayout()
        for button in (self.import_button, self.export_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left = QtWidgets.QWidget()
        left_layout = QtWidgets.QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.empty_note)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.message)

        # ----- the selected lorebook -----
        self.name_label = heading("")
        self.name_label.setWordWrap(True)
        self.summary = QtWidgets.QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setSizePolicy(QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Maximum)
        self.problems = QtWidgets.QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.problems.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.problems.hide()
        self.entries = QtWidgets.QTableWidget(0, 3)
        self.entries.setHorizontalHeaderLabels([self.tr("Entry"), self.tr("Keys"), self.tr("Used when")])
        self.entries.setAccessibleName(self.tr("Entries of the lorebook"))
        self.entries.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.entries.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.entries.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside
        self.entries.verticalHeader().hide()
        self.entries.verticalHeader().setDefaultSectionSize(
            self.entries.fontMetrics().lineSpacing() + 6
        )  # compact rows
        self.entries.setWordWrap(False)
        header = self.entries.horizontalHeader()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)

        self.not_used = QtWidgets.QRadioButton(self.tr("&Not used"))
        self.everyone = QtWidgets.QRadioButton(self.tr("For &every character"))
        self.chosen = QtWidgets.QRadioButton(self.tr("Only for the c&haracters ticked below"))
        self.where = QtWidgets.QButtonGroup(self)
        for ident, radio in ((NOT_USED, self.not_used), (EVERYONE, self.everyone), (CHOSEN, self.chosen)):
            self.where.addButton(radio, ident)
        self.where.idClicked.connect(self._on_where)
        self.characters = QtWidgets.QListWidget()
        self.characters.setAccessibleName(self.tr("Characters that use this lorebook"))
        self.characters.setMaximumHeight(self.characters.fontMetrics().lineSpacing() * 5 + 12)
        self.characters.itemChanged.connect(self._on_tick)
        # The settings fields this page edits, named as they describe themselves (bot/settings.py).
        fields = FieldRows(self, "lorebooks")
        self.where_group = QtWidgets.QGroupBox(fields.label("global_lorebooks"))
        where_layout = QtWidgets.QVBoxLayout(self.where_group)
        for widget in (self.not_used, self.everyone, self.chosen, self.characters):
            where_layout.addWidget(widget)
        where_error = ErrorLabel()
        where_layout.addWidget(where_error)
        self.errors.register("global_lorebooks", self.not_used, where_error)
        where_layout.addWidget(hint_label(fields.help("global_lorebooks")))

        self.details = QtWidgets.QWidget()
        details_layout = QtWidgets.QVBoxLayout(self.details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.name_label)
        details_layout.addWidget(self.summary)
        details_layout.addWidget(self.problems)
        details_layout.addWidget(self.entries, 1)
        details_layout.addWidget(self.where_group)

        splitter = QtWidgets.QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._show(None)

    # ----- load / save -----

    def load(self, loaded: Loaded) -> None:
        self._global = list(dict.fromkeys(loaded.settings.global_lorebooks))
        self._per_character = {
            character: list(dict.fromkeys(books)) for character, books in loaded.settings.character_lorebooks.items()
        }
        self._set_aside.clear()
        self._chosen.clear()
        self._set_list(loaded.lorebooks, self._current)
        self._say("")

    def contribute(self, data: dict[str, Any]) -> None:
        data["global_lorebooks"] = list(self._global)
        data["character_lorebooks"] = {
            character: list(books) for character, books in self._per_character.items() if books
        }

    # ----- what other pages use -----

    def set_characters(self, characters: list[tuple[str, str]]) -> None:
        """(id, name) of every character, names as edited (the Characters page's list)."""
        self._characters = list(characters)
        self._show_where()

    @property
    def current_id(self) -> str | None:
        return self._current

    def ids(self) -> list[str]:
        return list(self._order)

    def usage(self, book_id: str) -> int:
        """NOT_USED, EVERYONE or CHOSEN, as edited."""
        if book_id in self._global:
            return EVERYONE
        if book_id in self._chosen or any(book_id in books for books in self._per_character.values()):
            return CHOSEN
        return NOT_USED

    def users(self, book_id: str) -> list[str]:
        """Ids of the characters this book is attached to, as edited."""
        return [character for character, books in self._per_character.items() if book_id in books]

    # ----- the list -----

    async def reload(self, select: str | None = None) -> None:
        books = await asyncio.to_thread(self.store.list)
        self._set_list(books, select or self._current)

    def _set_list(self, books: list[Lorebook], select: str | None) -> None:
        self._books = {book.id: book for book in books}
        self._order = [book.id for book in books]
        blocked = self.list.blockSignals(True)
        self.list.clear()
        for ident in self._order:
            item = QtWidgets.QListWidgetItem(self._item_text(ident))
            item.setData(QtCore.Qt.ItemDataRole.UserRole, ident)
            self.list.addItem(item)
        self.list.blockSignals(blocked)
        self.list.setVisible(bool(self._order))
        self.empty_note.setVisible(not self._order)
        chosen = select if select in self._books else (self._order[0] if self._order else None)
        if chosen is not None:
            self._select(chosen)
        else:
            self._show(None)

    def _item_text(self, ident: str) -> str:
        book = self._books[ident]
        parts = [entries_phrase(len(book.entries))]
        if book.problems:
            parts.append(self.tr("%n problem(s)", "", len(book.problems)))
        usage = self.usage(ident)
        if usage == EVERYONE:
            parts.append(self.tr("every character"))
        elif usage == CHOSEN:
            parts.append(self.tr("%n character(s)", "", len(self.users(ident))))
        else:
            parts.append(self.tr("not used"))
        return f"{book.name or ident}\n{' · '.join(parts)}"

    def _refresh_item(self, ident: str) -> None:
        if ident in self._order:
            item = self.list.item(self._order.index(ident))
            if item is not None:
                item.setText(self._item_text(ident))

    def _select(self, ident: str) -> None:
        blocked = self.list.blockSignals(True)
        self.list.setCurrentRow(self._order.index(ident))
        self.list.blockSignals(blocked)
        self._show(ident)

    def _on_current_item(self, item: QtWidgets.QListWidgetItem | None, _previous: object) -> None:
        self._show(str(item.data(QtCore.Qt.ItemDataRole.UserRole)) if item is not None else None)

    def _show(self, ident: str | None) -> None:
        self._current = ident
        book = self._books.get(ident) if ident is not None else None
        self.export_button.setEnabled(book is not None)
        self.delete_button.setEnabled(book is not None)
        # Not the whole panel: a splitter does not give a hidden side its room back.
        self.entries.setVisible(book is not None)
        self.where_group.setVisible(book is not None)
        if book is None:
            self.name_label.setText(self.tr("Its entries, and where it is used, show here.") if not self._order else "")
            self.summary.setText("")
            self.problems.hide()
            self.entries.setRowCount(0)
            self._show_where()
            return
        self.name_label.setText(book.name or book.id)
        summary = [
            self.tr("%n entry(s), kept as {file} in Familiar's lorebook folder.", "", len(book.entries)).format(
                file=f"{book.id}.json"
            )
        ]
        if book.description.strip():
            summary.append(book.description.strip())
        self.summary.setText("\n".join(summary))
        if book.problems:
            shown = list(book.problems[:10])
            more = len(book.problems) - len(shown)
            if more:
                shown.append(self.tr("…and %n more (see the log).", "", more))
            self.problems.setText(self.tr("When it was read:") + "\n" + "\n".join(f"• {line}" for line in shown))
        self.problems.setVisible(bool(book.problems))
        self._fill_entries(book)
        self._show_where()

    def _fill_entries(self, book: Lorebook) -> None:
        self.entries.setRowCount(len(book.entries))
        for row, entry in enumerate(book.entries):
            keys = ", ".join(entry.keys)
            if entry.selective and entry.secondary_keys:
                keys += "  " + self.tr("(with: {keys})").format(keys=", ".join(entry.secondary_keys))
            if not entry.enabled:
                when = self.tr("never (switched off)")
            elif entry.constant:
                when = self.tr("always")
            else:
                when = self.tr("a key is mentioned")
            for column, text in enumerate((entry.label, keys, when)):
                cell = QtWidgets.QTableWidgetItem(text)
                cell.setToolTip(text)
                self.entries.setItem(row, column, cell)

    # ----- where it is used -----

    def _show_where(self) -> None:
        ident = self._current
        usage = self.usage(ident) if ident is not None else NOT_USED
        {NOT_USED: self.not_used, EVERYONE: self.everyone, CHOSEN: self.chosen}[usage].setChecked(True)
        ticked = set(self.users(ident)) if ident is not None else set()
        if ident is not None and usage != CHOSEN:
            ticked = set(self._set_aside.get(ident, []))
        known = dict(self._characters)
        listed = [*self._characters]
        unsaved = self.tr("{id} (not a saved character)")
        listed += [
            (c, unsaved.format(id=c)) for c in self._per_character if c not in known and ident in self._per_character[c]
        ]
        blocked = self.characters.blockSignals(True)
        self.characters.clear()
        for character, name in listed:
            item = QtWidgets.QListWidgetItem(name)
            item.setData(QtCore.Qt.ItemDataRole.UserRole, character)
            item.setFlags(item.flags() | QtCore.Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(QtCore.Qt.CheckState.Checked if character in ticked else QtCore.Qt.CheckState.Unchecked)
            self.characters.addItem(item)
        self.characters.blockSignals(blocked)
        self.characters.setEnabled(usage == CHOSEN)

    def _on_where(self, usage: int) -> None:
        ident = self._current
        if ident is None or usage == self.usage(ident):
            return
        users = self.users(ident)
        if users:
            self._set_aside[ident] = users
        for books in self._per_character.values():
            if ident in books:
                books.remove(ident)
        if ident in self._global:
            self._global.remove(ident)
        self._chosen.discard(ident)
        if usage == EVERYONE:
            self._global.append(ident)
        elif usage == CHOSEN:
            self._chosen.add(ident)
            for character in self._set_aside.pop(ident, []):
                self._per_character.setdefault(character, []).append(ident)
        self._show_where()
        self._refresh_item(ident)
        self.mark_changed()

    def _on_tick(self, item: QtWidgets.QListWidgetItem) -> None:
        ident = self._current
        if ident is None or self.usage(ident) != CHOSEN:
            return
        character = str(item.data(QtCore.Qt.ItemDataRole.UserRole))
        books = self._per_character.setdefault(character, [])
        if item.checkState() == QtCore.Qt.CheckState.Checked:
            if ident not in books:
                books.append(ident)
        elif ident in books:
            books.remove(ident)
        self._refresh_item(ident)
        self.mark_changed()

    def set_usage(self, usage: int, characters: Sequence[str] = ()) -> None:
        """For keyboard-less callers (tests): what clicking the radio button and ticking does."""
        {NOT_USED: self.not_used, EVERYONE: self.everyone, CHOSEN: self.chosen}[usage].click()
        for row in range(self.characters.count()):
            item = self.characters.item(row)
            if item is not None and item.data(QtCore.Qt.ItemDataRole.UserRole) in characters:
                item.setCheckState(QtCore.Qt.CheckState.Checked)

    def _forget(self, ident: str) -> bool:
        """Take a deleted book out of the settings as edited; True if anything used it."""
        used = ident in self._global or any(ident in books for books in self._per_character.values())
        if ident in self._global:
            self._global.remove(ident)
        for books in self._per_character.values():
            if ident in books:
                books.remove(ident)
        self._set_aside.pop(ident, None)
        self._chosen.discard(ident)
        return used

    # ----- file actions -----

    def _choose_imports(self) -> None:
        filters = [self.tr(text) for text in LOREBOOK_FILTERS]
        dialogs.open_files(self, self.tr("Import lorebooks"), filters, self.import_files)

    def import_files(self, paths: list[Path]) -> None:
        self._run(self.import_paths(paths), "import")

    async def import_paths(self, paths: list[Path]) -> list[Lorebook]:
        """Import each file; one bad file does not stop the others."""
        imported: list[Lorebook] = []
        problems: list[str] = []
        for path in paths:
            try:
                imported.append(await asyncio.to_thread(self.store.import_file, path))
            except LorebookError as error:
                problems.append(str(error))
        if imported:
            await self.reload(select=imported[-1].id)
        names = ", ".join(f"“{book.name or book.id}” ({entries_phrase(len(book.entries))})" for book in imported)
        text = self.tr("Imported {names}.").format(names=names) if imported else ""
        if imported:
            text += " " + (
                self.tr("Choose below where it is used, then Save.")
                if len(imported) == 1
                else self.tr("Choose where each is used, then Save.")
            )
        self._say(" ".join([text, *problems]).strip(), error=bool(problems))
        return imported

    def _choose_export(self) -> None:
        book = self._books.get(self._current or "")
        if book is None:
            return
        suggested = Path.home() / f"{book.id}.json"
        filters = [self.tr(text) for text in EXPORT_FILTERS]
        dialogs.save_file(
            self, self.tr("Export lorebook"), suggested, filters, lambda path: self._run(self.export_to(path), "export")
        )

    async def export_to(self, path: Path) -> None:
        """Write the selected lorebook as a World Info file (what SillyTavern imports)."""
        book = self._books.get(self._current or "")
        if book is None:
            return
        data = await asyncio.to_thread(self.store.export, book.id)
        await asyncio.to_thread(atomic_write_bytes, path, data)
        self._say(
            self.tr("Exported “{name}” to {path}; SillyTavern can import it as World Info.").format(
                name=book.name or book.id, path=path
            )
        )

    def _confirm_delete(self) -> None:
        ident = self._current
        book = self._books.get(ident or "")
        if ident is None or book is None:
            return

        def answered(button: dialogs.Button) -> None:
            if button == dialogs.Button.Yes:
                self._run(self._delete(ident), "delete")

        self.delete_prompt = dialogs.ask(
            self,
            self.tr("Delete lorebook"),
            self.tr("Delete “{name}”?").format(name=book.name or ident),
            [dialogs.Button.Yes, dialogs.Button.Cancel],
            answered,
            default=dialogs.Button.Cancel,
            escape=dialogs.Button.Cancel,
            informative=self.tr("Its file is removed. This cannot be undone (export it first to keep a copy)."),
            icon=QtWidgets.QMessageBox.Icon.Warning,
        )

    async def _delete(self, ident: str) -> None:
        book = self._books.get(ident)
        name = (book.name if book else "") or ident
        await asyncio.to_thread(self.store.delete, ident)
        used = self._forget(ident)
        await self.reload()
        if used:
            self._say(
                self.tr("Deleted “{name}”. Press Save to stop using it for the characters it was attached to.").format(
                    name=name
                )
            )
            self.mark_changed()
        else:
            self._say(self.tr("Deleted “{name}”.").format(name=name), fade=True)

    # ----- drops on the window -----

    @staticmethod
    def is_lorebook_file(path: Path) -> bool:
        """Whether a dropped .json file is a lorebook (reads the file: call it in a worker thread)."""
        try:
            with path.open("rb") as file:
                doc = json.load(file)
        except (OSError, ValueError, RecursionError):
            return False  # the character import says what is wrong with it
        return looks_like_lorebook(doc)
