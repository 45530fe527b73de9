"""Characters: the list with avatars, add/duplicate/delete, import and export, the card
editor, and which characters answer (the default and the cast of each channel).

List operations (new, import, duplicate, delete) act on the character files at
once, like a file manager; edits to a card are drafts until the window's Save.
All file I/O and image decoding run in worker threads.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from bot.atomic import atomic_write_bytes
from bot.characters import (
    DEFAULT_CHARACTER_ID,
    CardError,
    Character,
    CharacterNotFound,
    CharacterStore,
    ReadOnlyCharacter,
    card_json,
    card_png,
)
from bot.folders import Folders
from bot.lorebooks import LorebookError, card_lorebook_bytes
from bot.settings import ENV_CHARACTER

from ..i18n import QT_TRANSLATE_NOOP, translate
from ..tasks import UiTasks
from . import avatars, dialogs
from .channel_overrides import ChannelCasts
from .character_form import CharacterForm, Raw, character_from, raw_from
from .field_rows import FieldRows
from .form import hint_label, new_form, parse_json, scrolled, select_item
from .id_picker import channel_choices
from .page import Loaded, StorePage

log = logging.getLogger(__name__)

CARD_FILTERS = (
    QT_TRANSLATE_NOOP("CharactersPage", "Character cards (*.png *.json)"),
    QT_TRANSLATE_NOOP("CharactersPage", "All files (*)"),
)
IMAGE_FILTERS = (
    QT_TRANSLATE_NOOP("CharactersPage", "Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp)"),
    QT_TRANSLATE_NOOP("CharactersPage", "All files (*)"),
)
#: The errors an action on the character files can end with; each `str()` is a sentence.
FILE_ERRORS = (CardError, ReadOnlyCharacter, CharacterNotFound, LorebookError, OSError)
#: Suffixes accepted when files are dropped on the window.
CARD_SUFFIXES = (".png", ".json")
LOREBOOK_EXPORT_FILTERS = (QT_TRANSLATE_NOOP("CharactersPage", "World Info for SillyTavern (*.json)"),)
#: The lorebook summary waits for a pause in typing (its JSON is read in a worker thread).
LOREBOOK_SUMMARY_DELAY_MS = 400
#: List pictures drawn per loop pass when none needs decoding (a few ms on a slow machine).
ICONS_PER_PASS = 16


def lorebook_summary(book: Any) -> str:
    """The card's own lorebook in one sentence (its entry count)."""
    if not book:
        return translate("CharactersPage", "This card has no lorebook of its own.")
    entries = book.get("entries") if isinstance(book, dict) else None
    count = len(entries) if isinstance(entries, (list, dict)) else 0
    return translate(
        "CharactersPage",
        "This card's own lorebook has %n entry(s); it is used whenever this character answers.",
        None,
        count,
    )


def lorebook_summary_from_text(text: str) -> str:
    """`lorebook_summary` of the JSON as typed (a big lorebook takes a while: call it in a thread)."""
    try:
        return lorebook_summary(parse_json(text))
    except ValueError:
        return translate("CharactersPage", "The lorebook is not valid JSON yet (the field says where).")


class CharacterList(QtWidgets.QListWidget):
    """The characters; it prefers a few rows' height (the column scrolls), and takes any room left."""

    def sizeHint(self) -> QtCore.QSize:
        hint = super().sizeHint()
        return QtCore.QSize(hint.width(), min(hint.height(), (avatars.LIST_SIZE + 4) * 3 + 2 * self.frameWidth()))


class CharactersPage(StorePage):
    action_errors = FILE_ERRORS
    action_name = "character"
    title = QT_TRANSLATE_NOOP("SettingsWindow", "Characters")
    characters_changed = QtCore.Signal()  # the list or a name changed (the preview follows)

    def __init__(self, folders: Folders, tasks: UiTasks, store: CharacterStore | None = None) -> None:
        super().__init__(tasks)
        self.store = store or CharacterStore(folders.characters)
        self._characters: dict[str, Character] = {}
        self._order: list[str] = []
        self._drafts: dict[str, Raw] = {}
        self._new_avatars: dict[str, bytes] = {}
        self._images: dict[str, QtGui.QImage | None] = {}
        self._blank: QtGui.QIcon | None = None
        self._current: str | None = None
        # FAMILIAR_CHARACTER: it chooses the default character, and the picker only shows it.
        self._saved_character_id = ""
        self._env_reference: str | None = None
        self._env_name: str | None = None
        self.summary_task: asyncio.Task[Any] | None = None  # the latest lorebook summary (tests await it)

        self.list = CharacterList()
        self.list.setAccessibleName(self.tr("Characters"))
        self.list.setIconSize(QtCore.QSize(avatars.LIST_SIZE, avatars.LIST_SIZE))
        self.list.currentItemChanged.connect(self._on_current_item)
        self.new_button = QtWidgets.QPushButton(self.tr("Ne&w"))
        self.new_button.clicked.connect(lambda: self._run(self._create(), "new"))
        self.import_button = QtWidgets.QPushButton(self.tr("&Import…"))
        self.import_button.setToolTip(
            self.tr("Import PNG or JSON character cards (V1, V2, V3); you can also drop them on this window.")
        )
        self.import_button.clicked.connect(self._choose_imports)
        self.duplicate_button = QtWidgets.QPushButton(self.tr("D&uplicate"))
        self.duplicate_button.clicked.connect(lambda: self._run(self._duplicate(), "duplicate"))
        self.delete_button = QtWidgets.QPushButton(self.tr("Dele&te…"))
        self.delete_button.clicked.connect(self._confirm_delete)
        self.export_button = QtWidgets.QPushButton(self.tr("E&xport"))
        export_menu = QtWidgets.QMenu(self.export_button)
        export_menu.addAction(self.tr("PNG card (V3, readable by V2 tools)…"), lambda: self._choose_export("png"))
        export_menu.addAction(self.tr("JSON card (V3)…"), lambda: self._choose_export("v3"))
        export_menu.addAction(self.tr("JSON card (V2)…"), lambda: self._choose_export("v2"))
        self.export_button.setMenu(export_menu)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)

        self.default_character = QtWidgets.QComboBox()
        self.default_character.currentIndexChanged.connect(lambda _i: self.mark_changed())
        self.env_note = hint_label("")
        self.env_note.hide()
        self.overrides = ChannelCasts()
        self.overrides.changed.connect(self.mark_changed)

        self.form = CharacterForm()
        self.form.changed.connect(self._on_form_edited)
        self.form.avatar_requested.connect(self._choose_avatar)
        self.form.export_lorebook_requested.connect(self._choose_lorebook_export)
        self._summary_timer = QtCore.QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(LOREBOOK_SUMMARY_DELAY_MS)
        self._summary_timer.timeout.connect(self._summarise_typed_lorebook)

        buttons = QtWidgets.QGridLayout()
        for index, button in enumerate(
            (self.new_button, self.import_button, self.duplicate_button, self.delete_button, self.export_button)
        ):
            buttons.addWidget(button, index // 3, index % 3)
        who = new_form()
        self.rows = FieldRows(self, "characters")  # the settings fields' rows (bot/settings.py describes them)
        self.rows.custom("character_id", self.default_character)
        self.rows.custom("channel_casts", self.overrides, field=self.overrides.channel)
        self.rows.add(who, "character_id")
        who.addRow(self.env_note)  # the whole width: the field column is narrow
        self.rows.add(who, "channel_casts")
        self.rows.add_group(who, "who")  # any other field of this section
        who_box = QtWidgets.QGroupBox(self.tr("Who answers"))
        who_box.setLayout(who)

        left = QtWidgets.QWidget()
        left_layout = QtWidgets.QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.message)
        left_layout.addWidget(who_box)
        splitter = QtWidgets.QSplitter()
        splitter.setChildrenCollapsible(False)
        # The left column scrolls rather than squeezing its fields on a small screen (200 %).
        self.list.setMinimumHeight(avatars.LIST_SIZE * 2 + 12)
        self.left_area = scrolled(left)
        self.left_area.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # As wide as the column needs with the scroll bar beside it: the buttons are never cut.
        self.left_area.setMinimumWidth(
            left.minimumSizeHint().width() + self.left_area.verticalScrollBar().sizeHint().width()
        )
        splitter.addWidget(self.left_area)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # ----- load / save -----

    def load(self, loaded: Loaded) -> None:
        self._drafts.clear()
        self._new_avatars.clear()
        self._saved_character_id = loaded.settings.character_id
        self.rows.load(loaded.settings)
        locked = "character_id" in loaded.overridden and loaded.env_character is not None
        self._env_reference = loaded.env_character if locked else None
        self._env_name = loaded.env_character_name if locked else None
        self._show_environment()
        self._set_list(loaded.characters, loaded.settings.character_id)
        if not self.env_locked:
            self._select_default(loaded.settings.character_id)
        self.overrides.set_values(loaded.settings.channel_casts)
        self.overrides.set_channels(channel_choices(loaded.servers))
        self._say("")

    async def load_avatars(self) -> None:
        """Decode the avatars the list and editor show (the window awaits it after `load`)."""
        await self._load_avatars()

    def contribute(self, data: dict[str, Any]) -> None:
        self.rows.contribute(data)
        # The environment's choice is never written back: keep what was saved.
        data["character_id"] = (
            self._saved_character_id if self.env_locked else self.default_character.currentData() or ""
        )
        data["channel_casts"] = self.overrides.values()

    def check(self) -> QtWidgets.QWidget | None:
        for ident, raw in self._drafts.items():
            _character, errors = character_from(raw, self._characters[ident])
            if errors:
                self._select(ident)
                self._say(self.tr("Not saved: fix the marked fields of this character."), error=True)
                return self.form.show_errors(errors)
        return None

    async def save_own(self) -> None:
        saved = []
        for ident, raw in list(self._drafts.items()):
            character, _errors = character_from(raw, self._characters[ident])
            assert character is not None  # check() passed
            character = character.model_copy(update={"modification_date": int(time.time())})
            await asyncio.to_thread(self.store.save, character, self._new_avatars.get(ident))
            saved.append(ident)
            self._drafts.pop(ident, None)
            self._new_avatars.pop(ident, None)
        if saved:
            await self.reload(select=self._current)

    # ----- FAMILIAR_CHARACTER -----

    @property
    def env_locked(self) -> bool:
        """The environment chooses the default character; the picker is read-only."""
        return self._env_reference is not None

    def _show_environment(self) -> None:
        locked = self.env_locked
        self.default_character.setEnabled(not locked)
        self.env_note.setVisible(locked)
        if not locked:
            self.default_character.setToolTip("")
            return
        if self._env_name is not None:
            text = self.tr(
                "The environment variable {variable} chooses the default character: {name}. "
                "It wins over what is saved here; the casts per channel still apply."
            ).format(variable=ENV_CHARACTER, name=self._env_name)
        else:
            text = self.tr(
                "The environment variable {variable} is “{value}”, but it names no character "
                "Familiar can use (the status line above says why). It wins over what is saved here."
            ).format(variable=ENV_CHARACTER, value=self._env_reference)
        self.env_note.setText(text)
        self.default_character.setToolTip(
            self.tr("Set by the environment variable {variable}").format(variable=ENV_CHARACTER)
        )

    # ----- what other pages use -----

    def choices(self) -> list[tuple[str, str]]:
        """(id, name) of every character, names as edited."""
        return [(ident, self._name_of(ident)) for ident in self._order]

    def character(self, ident: str) -> Character | None:
        """The character as edited if the edits are valid, else as saved."""
        base = self._characters.get(ident)
        if base is None:
            return None
        if ident in self._drafts:
            edited, _errors = character_from(self._drafts[ident], base)
            return edited or base
        return base

    @property
    def current_id(self) -> str | None:
        return self._current

    # ----- the list -----

    async def reload(self, select: str | None = None) -> None:
        characters = await asyncio.to_thread(self.store.list)
        self._set_list(characters, select or self._current)
        await self._load_avatars()

    def _set_list(self, characters: list[Character], select: str | None) -> None:
        self._characters = {c.id: c for c in characters}
        self._order = [c.id for c in characters]
        for gone in set(self._drafts) - set(self._characters):
            self._drafts.pop(gone)
            self._new_avatars.pop(gone, None)
        blocked = self.list.blockSignals(True)
        self.list.clear()
        blank = self._blank_icon()
        for ident in self._order:
            # Names now; each picture (decoded, or the initial's disc) follows in `_load_avatars`,
            # a few at a time, so a long list never holds the loop.
            item = QtWidgets.QListWidgetItem(blank, self._name_of(ident))
            item.setData(QtCore.Qt.ItemDataRole.UserRole, ident)
            self.list.addItem(item)
        self.list.blockSignals(blocked)
        chosen = select if select in self._characters else (self._order[0] if self._order else None)
        self._refresh_choices()
        if chosen is not None:
            self._select(chosen)
        self.characters_changed.emit()

    def _refresh_choices(self) -> None:
        current = self.default_character.currentData()
        blocked = self.default_character.blockSignals(True)
        self.default_character.clear()
        if self.env_locked:
            shown = self._env_name or self.tr("“{value}” (not usable)").format(value=self._env_reference)
            self.default_character.addItem(shown, None)
        else:
            for ident, name in self.choices():
                self.default_character.addItem(name, ident)
            if current is not None:
                self._select_default(current)
        self.default_character.blockSignals(blocked)
        self.overrides.set_characters(self.choices())

    def _select_default(self, ident: str) -> None:
        with self.loading():
            select_item(self.default_character, ident)

    def _select(self, ident: str) -> None:
        row = self._order.index(ident)
        blocked = self.list.blockSignals(True)
        self.list.setCurrentRow(row)
        self.list.blockSignals(blocked)
        self._show(ident)

    def _on_current_item(self, item: QtWidgets.QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self._show(str(item.data(QtCore.Qt.ItemDataRole.UserRole)))

    def _show(self, ident: str) -> None:
        self._current = ident
        character = self._characters[ident]
        read_only = ident == DEFAULT_CHARACTER_ID
        self.form.set_raw(self._drafts.get(ident) or raw_from(character), read_only=read_only)
        self.form.set_avatar(self._pixmap(ident, avatars.PREVIEW_SIZE))
        self.delete_button.setEnabled(not read_only)
        if ident in self._drafts:
            self._summarise_typed_lorebook()  # the JSON as typed, read in a worker thread
        else:
            self._show_lorebook_summary(lorebook_summary(character.character_book), bool(character.character_book))

    def _on_form_edited(self) -> None:
        if self._current is None or self._current == DEFAULT_CHARACTER_ID:
            return
        self._drafts[self._current] = self.form.raw()
        self._summary_timer.start()  # restarted by every edit: summarised once typing pauses
        item = self.list.currentItem()
        if item is not None:
            item.setText(self._name_of(self._current))
        self.mark_changed()

    def _name_of(self, ident: str) -> str:
        draft = self._drafts.get(ident)
        name = str(draft.get("name", "")).strip() if draft else ""
        return name or self._characters[ident].name

    # ----- the card's own lorebook -----

    def _show_lorebook_summary(self, text: str, has_book: bool) -> None:
        self.form.lorebook_info.setText(text)
        self.form.export_lorebook.setEnabled(has_book)

    def _summarise_typed_lorebook(self) -> None:
        ident, text = self._current, self.form.fields["character_book"].toPlainText()  # type: ignore[attr-defined]
        self.summary_task = self._tasks.spawn(self._summarise(ident, text), "familiar-character-lorebook-summary")

    async def _summarise(self, ident: str | None, text: str) -> None:
        summary = await asyncio.to_thread(lorebook_summary_from_text, text)
        if ident == self._current and text == self.form.fields["character_book"].toPlainText():  # type: ignore[attr-defined]
            self._show_lorebook_summary(summary, bool(text.strip()))

    def _choose_lorebook_export(self) -> None:
        character = self._valid_current()
        if character is None:
            return
        if not character.character_book:
            self._say(self.tr("“{name}” has no lorebook in its card.").format(name=character.name), error=True)
            return
        suggested = Path.home() / f"{character.id or 'character'}-lorebook.json"
        filters = [self.tr(text) for text in LOREBOOK_EXPORT_FILTERS]
        dialogs.save_file(
            self,
            self.tr("Export the card's lorebook"),
            suggested,
            filters,
            lambda path: self._run(self.export_lorebook_to(path), "export-lorebook"),
        )

    async def export_lorebook_to(self, path: Path) -> None:
        """Write the current card's lorebook (as edited) as a World Info file for SillyTavern."""
        character = self._valid_current()
        if character is None:
            return
        if not character.character_book:
            self._say(self.tr("“{name}” has no lorebook in its card.").format(name=character.name), error=True)
            return
        data = await asyncio.to_thread(card_lorebook_bytes, character.character_book, character.name)
        await asyncio.to_thread(atomic_write_bytes, path, data)
        self._say(
            self.tr("Exported the lorebook of “{name}” to {path}; SillyTavern can import it as World Info.").format(
                name=character.name, path=path
            )
        )

    # ----- avatars -----

    def avatar_png(self, ident: str) -> bytes | None:
        """A character's picture as edited: a new one not saved yet, else the saved file. Reads a file:
        call it off the loop."""
        return self._new_avatars.get(ident) or self.store.avatar_bytes(ident)

    async def _load_avatars(self) -> None:
        """Give every row its picture: decoded in a worker thread the first time, drawn on the loop
        (a handful of rows per loop pass: each is a pixmap scaled or a disc painted)."""
        ratio = self.devicePixelRatioF()
        for drawn, ident in enumerate(list(self._order), start=1):
            if ident not in self._images or ident in self._new_avatars:
                if ident in self._new_avatars:
                    image = await avatars.decode(self._new_avatars[ident], avatars.PREVIEW_SIZE, ratio)
                else:
                    path = await asyncio.to_thread(self.store.avatar_path, ident)
                    image = await avatars.decode_file(path, avatars.PREVIEW_SIZE, ratio)
                self._images[ident] = image
            elif drawn % ICONS_PER_PASS == 0:
                await asyncio.sleep(0)
            self._update_icon(ident)

    def _blank_icon(self) -> QtGui.QIcon:
        """A transparent icon the size of an avatar: rows keep their height until their picture comes."""
        if self._blank is None:
            edge = max(1, round(avatars.LIST_SIZE * self.devicePixelRatioF()))
            pixmap = QtGui.QPixmap(edge, edge)
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            pixmap.fill(QtCore.Qt.GlobalColor.transparent)
            self._blank = QtGui.QIcon(pixmap)
        return self._blank

    def _update_icon(self, ident: str) -> None:
        if ident in self._order:
            item = self.list.item(self._order.index(ident))
            if item is not None:
                item.setIcon(self._icon(ident))
        if ident == self._current:
            self.form.set_avatar(self._pixmap(ident, avatars.PREVIEW_SIZE))

    def _icon(self, ident: str) -> QtGui.QIcon:
        return QtGui.QIcon(self._pixmap(ident, avatars.LIST_SIZE))

    def _pixmap(self, ident: str, size: int) -> QtGui.QPixmap:
        ratio = self.devicePixelRatioF()
        image = self._images.get(ident)
        name = self._characters[ident].name if ident in self._characters else ident
        if image is None:
            return avatars.placeholder(name, size, ratio)
        pixmap = QtGui.QPixmap.fromImage(image)
        return pixmap.scaled(
            round(size * ratio),
            round(size * ratio),
            QtCore.Qt.AspectRatioMode.KeepAspectRatio,
            QtCore.Qt.TransformationMode.SmoothTransformation,
        )

    def _choose_avatar(self) -> None:
        filters = [self.tr(text) for text in IMAGE_FILTERS]
        dialogs.open_files(
            self,
            self.tr("Choose an avatar"),
            filters,
            lambda paths: self._run(self.set_avatar_from(paths[0]), "avatar") if paths else None,
        )

    async def set_avatar_from(self, path: Path) -> None:
        ident = self._current
        if ident is None or ident == DEFAULT_CHARACTER_ID:
            return
        data = await asyncio.to_thread(path.read_bytes)
        image = await avatars.decode(data, avatars.PREVIEW_SIZE, self.devicePixelRatioF())
        if image is None:
            self._say(self.tr("'{file}' is not an image Familiar can read.").format(file=path.name), error=True)
            return
        self._new_avatars[ident] = data
        self._images[ident] = image
        self._drafts[ident] = self.form.raw()
        self._update_icon(ident)
        self._say(self.tr("New avatar: press Save to keep it."))
        self.mark_changed()

    # ----- file actions -----

    async def _create(self) -> None:
        name = self.tr("New character")
        created = await asyncio.to_thread(self.store.save, Character(name=name))
        await self.reload(select=created.id)
        self._say(self.tr("Added “{name}”: give it a name and a description, then Save.").format(name=name), fade=True)
        self.form.tabs.setCurrentIndex(0)
        self.form.fields["name"].setFocus()

    async def _duplicate(self) -> None:
        if self._current is None:
            return
        copy = await asyncio.to_thread(self.store.duplicate, self._current)
        await self.reload(select=copy.id)
        self._say(self.tr("Made “{name}”, a copy you can edit.").format(name=copy.name), fade=True)

    def _confirm_delete(self) -> None:
        ident = self._current
        if ident is None or ident == DEFAULT_CHARACTER_ID:
            return
        name = self._name_of(ident)

        def answered(button: dialogs.Button) -> None:
            if button == dialogs.Button.Yes:
                self._run(self._delete(ident), "delete")

        self.delete_prompt = dialogs.ask(
            self,
            self.tr("Delete character"),
            self.tr("Delete “{name}”?").format(name=name),
            [dialogs.Button.Yes, dialogs.Button.Cancel],
            answered,
            default=dialogs.Button.Cancel,
            escape=dialogs.Button.Cancel,
            informative=self.tr(
                "Its card and avatar files are removed. This cannot be undone (export it first to keep a copy)."
            ),
            icon=QtWidgets.QMessageBox.Icon.Warning,
        )

    async def _delete(self, ident: str) -> None:
        name = self._name_of(ident)
        await asyncio.to_thread(self.store.delete, ident)
        self._drafts.pop(ident, None)
        self._images.pop(ident, None)
        await self.reload()
        if self.default_character.currentData() == ident:
            self.default_character.setCurrentIndex(max(0, self.default_character.findData(DEFAULT_CHARACTER_ID)))
        casts = self.overrides.values()
        if any(ident in cast for cast in casts.values()):
            # Gone from every cast; a cast left empty goes too (the default answers there alone).
            kept = {channel: [member for member in cast if member != ident] for channel, cast in casts.items()}
            self.overrides.set_values({channel: cast for channel, cast in kept.items() if cast})
            self.mark_changed()
        self._say(self.tr("Deleted “{name}”.").format(name=name), fade=True)

    def _choose_imports(self) -> None:
        filters = [self.tr(text) for text in CARD_FILTERS]
        dialogs.open_files(self, self.tr("Import character cards"), filters, lambda paths: self.import_files(paths))

    def import_files(self, paths: list[Path]) -> None:
        self._run(self.import_paths(paths), "import")

    async def import_paths(self, paths: list[Path]) -> list[Character]:
        """Import each card; one bad file does not stop the others."""
        imported: list[Character] = []
        problems: list[str] = []
        for path in paths:
            try:
                imported.append(await asyncio.to_thread(self.store.import_file, path))
            except CardError as error:
                problems.append(str(error))
        if imported:
            await self.reload(select=imported[-1].id)
        names = ", ".join(f"“{c.name}”" for c in imported)
        text = self.tr("Imported {names}.").format(names=names) if imported else ""
        self._say(" ".join([text, *problems]).strip(), error=bool(problems))
        return imported

    def _choose_export(self, kind: str) -> None:
        character = self._valid_current()
        if character is None:
            return
        suffix = ".png" if kind == "png" else ".json"
        suggested = Path.home() / f"{character.id or 'character'}{suffix}"
        filters = (self.tr("PNG card (*.png)"),) if kind == "png" else (self.tr("JSON card (*.json)"),)
        dialogs.save_file(
            self,
            self.tr("Export character"),
            suggested,
            filters,
            lambda path: self._run(self.export_to(path, kind), "export"),
        )

    async def export_to(self, path: Path, kind: str) -> None:
        """Write the current character (as edited) as a PNG card or V2/V3 JSON card."""
        character = self._valid_current()
        if character is None:
            return
        if kind == "png":
            avatar = self._new_avatars.get(character.id)
            if avatar is None:
                avatar = await asyncio.to_thread(self.store.avatar_bytes, character.id)
            data = await asyncio.to_thread(card_png, character, avatar)
        else:
            text = json.dumps(card_json(character, "v2" if kind == "v2" else "v3"), indent=2, ensure_ascii=False)
            data = (text + "\n").encode("utf-8")
        await asyncio.to_thread(atomic_write_bytes, path, data)
        self._say(self.tr("Exported “{name}” to {path}.").format(name=character.name, path=path))

    def _valid_current(self) -> Character | None:
        if self._current is None:
            return None
        raw = self._drafts.get(self._current)
        if raw is None:
            return self._characters[self._current]
        character, errors = character_from(raw, self._characters[self._current])
        if character is None:
            self.form.show_errors(errors)
            self._say(self.tr("Fix the marked fields first."), error=True)
        return character

    # ----- drops on the window -----

    @staticmethod
    def card_paths(mime: QtCore.QMimeData) -> list[Path]:
        """The local card files in a drag, if any."""
        if not mime.hasUrls():
            return []
        paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        return [path for path in paths if path.suffix.lower() in CARD_SUFFIXES]
