"""The editor for one character: every Character Card V2/V3 field, in tabs.

Long fields get multi-line editors; structured fields the spec leaves open
(lorebook, extensions, assets, multilingual notes) are edited as JSON. What
is valid is decided by `bot.characters.Character`; this form only turns
widget text into values (JSON, comma lists, numbers) and shows the reasons.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from PySide6 import QtCore, QtGui, QtWidgets

from bot.characters import Character

from ..i18n import translate
from .form import (
    FieldErrors,
    add_row,
    connect_changed,
    errors_by_field,
    json_text,
    multi_line,
    new_form,
    parse_json,
    scrolled,
    set_read_only,
)
from .text_list import TextListEditor

Raw = dict[str, Any]

_JSON_FIELDS = ("character_book", "extensions", "assets", "creator_notes_multilingual")
_DATE_FIELDS = ("creation_date", "modification_date")
_LIST_FIELDS = ("alternate_greetings", "group_only_greetings")


def raw_from(character: Character) -> Raw:
    """A character as the form's text values."""
    raw: Raw = {}
    for name in Character.model_fields:
        value = getattr(character, name)
        if name in _JSON_FIELDS:
            raw[name] = json_text(value if value else None)
        elif name in _DATE_FIELDS:
            raw[name] = "" if value is None else f"{value:g}"
        elif name in _LIST_FIELDS:
            raw[name] = list(value)
        elif name == "tags":
            raw[name] = ", ".join(value)
        elif name == "source":
            raw[name] = "\n".join(value or [])
        elif name == "nickname":
            raw[name] = value or ""
        else:
            raw[name] = value
    return raw


def character_from(raw: Raw, base: Character) -> tuple[Character | None, dict[str, str]]:
    """The character the form describes, or None and {field: reason}."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name, text in raw.items():
        if name in _JSON_FIELDS:
            try:
                parsed = parse_json(text)
            except ValueError as error:
                errors[name] = str(error)
                continue
            values[name] = ({} if name == "extensions" else None) if parsed is None else parsed
        elif name in _DATE_FIELDS:
            values[name] = _number(text, name, errors)
        elif name == "tags":
            values[name] = [tag.strip() for tag in text.split(",") if tag.strip()]
        elif name == "source":
            values[name] = [line.strip() for line in text.splitlines() if line.strip()] or None
        elif name == "nickname":
            values[name] = text.strip() or None
        elif name == "name":
            values[name] = text.strip()
        else:
            values[name] = text
    if errors:
        return None, errors
    try:
        return Character.model_validate({**base.model_dump(), **values, "id": base.id}), {}
    except ValidationError as error:
        return None, errors_by_field(error)


def _number(text: str, name: str, errors: dict[str, str]) -> float | int | None:
    text = text.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        errors[name] = translate("CharacterForm", "must be a number (Unix time in seconds) or empty")
        return None
    return int(number) if number.is_integer() else number


class CharacterForm(QtWidgets.QWidget):
    changed = QtCore.Signal()
    avatar_requested = QtCore.Signal()
    export_lorebook_requested = QtCore.Signal()

    def __init__(self) -> None:
        super().__init__()
        self.errors = FieldErrors()
        self.fields: dict[str, QtWidgets.QWidget] = {}
        self._quiet = False

        self.read_only_note = QtWidgets.QLabel(
            self.tr("This is the built-in character: it cannot be changed. Press Duplicate to make your own copy.")
        )
        self.read_only_note.setWordWrap(True)
        self.read_only_note.hide()

        self.avatar = QtWidgets.QLabel()
        self.avatar.setAccessibleName(self.tr("Avatar"))
        self.avatar.setMinimumSize(96, 96)
        self.avatar.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.change_avatar = QtWidgets.QPushButton(self.tr("Change a&vatar…"))
        self.change_avatar.clicked.connect(self.avatar_requested.emit)
        avatar_box = QtWidgets.QWidget()
        avatar_row = QtWidgets.QHBoxLayout(avatar_box)
        avatar_row.setContentsMargins(0, 0, 0, 0)
        avatar_row.addWidget(self.avatar)
        avatar_row.addWidget(self.change_avatar, 0, QtCore.Qt.AlignmentFlag.AlignBottom)
        avatar_row.addStretch(1)

        self.tabs = QtWidgets.QTabWidget()
        self.tabs.setDocumentMode(True)

        card = self._tab(self.tr("Card"))
        self._line(card, "name", self.tr("&Name"), placeholder=self.tr("What the character is called"))
        self._line(
            card, "nickname", self.tr("Nic&kname"), placeholder=self.tr("A shorter name some tools show (V3 cards)")
        )
        add_row(card, self.tr("Avatar"), avatar_box, field=self.change_avatar)
        self._line(card, "tags", self.tr("Ta&gs"), hint=self.tr("Separated by commas."))
        self._text(card, "description", self.tr("&Description"), 6)
        self._text(card, "personality", self.tr("&Personality"), 4)
        self._text(card, "scenario", self.tr("&Scenario"), 4)

        greetings = self._tab(self.tr("Greetings"))
        self._text(greetings, "first_mes", self.tr("&First message"), 5)
        self._list(greetings, "alternate_greetings", self.tr("&Alternate greetings"), "greeting")
        self._list(greetings, "group_only_greetings", self.tr("&Group-only greetings"), "greeting")

        prompt = self._tab(self.tr("Prompt"))
        self._text(
            prompt,
            "system_prompt",
            self.tr("S&ystem prompt"),
            6,
            hint=self.tr("Empty: Familiar writes one from the description. {{original}} inserts that default."),
        )
        self._text(
            prompt,
            "post_history_instructions",
            self.tr("Post-history &instructions"),
            4,
            hint=self.tr("Sent after the conversation, just before the reply."),
        )
        self._text(
            prompt,
            "mes_example",
            self.tr("&Example dialogues"),
            6,
            hint=self.tr("Separate example conversations with a line holding <START>."),
        )

        creator = self._tab(self.tr("Creator"))
        self._line(creator, "creator", self.tr("C&reator"))
        self._line(creator, "character_version", self.tr("Character &version"))
        self._text(creator, "creator_notes", self.tr("Creator &notes"), 4)
        self._text(
            creator,
            "creator_notes_multilingual",
            self.tr("Notes by &language (JSON)"),
            3,
            hint=self.tr('For example {"fr": "Bonjour"}; empty for none.'),
        )
        self._text(creator, "source", self.tr("&Sources"), 2, hint=self.tr("One URL or id per line."))
        self._line(creator, "creation_date", self.tr("Created (Unix &time)"))
        self._line(creator, "modification_date", self.tr("&Modified (Unix time)"), hint=self.tr("Set when you save."))

        extras = self._tab(self.tr("Lorebook && extras"))
        self.lorebook_info = QtWidgets.QLabel()
        self.lorebook_info.setWordWrap(True)
        self.export_lorebook = QtWidgets.QPushButton(self.tr("Export lore&book…"))
        self.export_lorebook.setToolTip(
            self.tr("Save this card's lorebook as a World Info file SillyTavern can import.")
        )
        self.export_lorebook.clicked.connect(self.export_lorebook_requested.emit)
        lorebook_row = QtWidgets.QHBoxLayout()
        lorebook_row.setContentsMargins(0, 0, 0, 0)
        lorebook_row.addWidget(self.export_lorebook)
        lorebook_row.addStretch(1)
        self._text(
            extras,
            "character_book",
            self.tr("&Lorebook (JSON)"),
            6,
            hint=self.tr("The card's character_book, kept as is. Lorebooks of their own are on the Lorebooks page."),
            below=[self.lorebook_info, lorebook_row],
        )
        self._text(
            extras, "extensions", self.tr("E&xtensions (JSON)"), 4, hint=self.tr("Data other tools keep in the card.")
        )
        self._text(extras, "assets", self.tr("A&ssets (JSON)"), 3, hint=self.tr("V3 assets list; empty for none."))

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.tabs)
        self.setFocusProxy(self.fields["name"])

    # ----- building -----

    def _tab(self, title: str) -> QtWidgets.QFormLayout:
        body = QtWidgets.QWidget()
        form = new_form()
        body.setLayout(form)
        self.tabs.addTab(scrolled(body), title)
        return form

    def _line(
        self, form: QtWidgets.QFormLayout, name: str, label: str, *, placeholder: str = "", hint: str | None = None
    ) -> None:
        edit = QtWidgets.QLineEdit()
        edit.setPlaceholderText(placeholder)
        self._add(form, name, label, edit, hint)

    def _text(
        self,
        form: QtWidgets.QFormLayout,
        name: str,
        label: str,
        lines: int,
        *,
        hint: str | None = None,
        below: Sequence[QtWidgets.QWidget | QtWidgets.QLayout] = (),
    ) -> None:
        self._add(form, name, label, multi_line(lines), hint, below)

    def _list(self, form: QtWidgets.QFormLayout, name: str, label: str, noun: str) -> None:
        editor = TextListEditor(noun)
        editor.changed.connect(self._edited)
        self.fields[name] = editor
        add_row(form, label, editor, field=editor.items, errors=self.errors, name=name)

    def _add(
        self,
        form: QtWidgets.QFormLayout,
        name: str,
        label: str,
        widget: QtWidgets.QWidget,
        hint: str | None,
        below: Sequence[QtWidgets.QWidget | QtWidgets.QLayout] = (),
    ) -> None:
        self.fields[name] = widget
        connect_changed(widget, self._edited)
        add_row(form, label, widget, errors=self.errors, name=name, hint=hint, below=below)

    def _edited(self) -> None:
        if not self._quiet:
            self.changed.emit()

    # ----- values -----

    def raw(self) -> Raw:
        values: Raw = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QtWidgets.QLineEdit):
                values[name] = widget.text()
            elif isinstance(widget, QtWidgets.QPlainTextEdit):
                values[name] = widget.toPlainText()
            elif isinstance(widget, TextListEditor):
                values[name] = widget.values()
        return values

    def set_raw(self, raw: Raw, *, read_only: bool) -> None:
        self._quiet = True
        try:
            for name, widget in self.fields.items():
                value = raw.get(name, "")
                if isinstance(widget, QtWidgets.QLineEdit):
                    widget.setText(str(value))
                    widget.setCursorPosition(0)
                    set_read_only(widget, read_only)
                elif isinstance(widget, QtWidgets.QPlainTextEdit):
                    widget.setPlainText(str(value))
                    set_read_only(widget, read_only)
                elif isinstance(widget, TextListEditor):
                    widget.set_values(list(value))
                    widget.setReadOnly(read_only)
        finally:
            self._quiet = False
        self.change_avatar.setEnabled(not read_only)
        self.read_only_note.setVisible(read_only)
        self.errors.clear()

    def set_avatar(self, pixmap: QtGui.QPixmap) -> None:
        self.avatar.setPixmap(pixmap)

    def show_errors(self, errors: dict[str, str]) -> QtWidgets.QWidget | None:
        """Mark the fields; switch to the tab of the first invalid one."""
        first = self.errors.show(errors)
        if first is not None:
            for index in range(self.tabs.count()):
                tab = self.tabs.widget(index)
                if tab is not None and tab.isAncestorOf(first):
                    self.tabs.setCurrentIndex(index)
                    break
        return first
