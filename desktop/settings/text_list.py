"""An editor for a list of long texts (alternate greetings, group-only greetings).

Each greeting can be several paragraphs, which a list cell cannot edit, so:
a list of short previews on the left, the selected text in a multi-line
editor on the right, Add and Remove below.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ..i18n import translate
from .form import multi_line, set_read_only

PREVIEW_CHARS = 40


class TextListEditor(QtWidgets.QWidget):
    changed = QtCore.Signal()

    def __init__(self, noun: str) -> None:
        super().__init__()
        self._noun = noun
        said = _words(noun)
        self._texts: list[str] = []
        self._read_only = False
        self.items = QtWidgets.QListWidget()
        self.items.setAccessibleName(said["listed"])
        self.items.currentRowChanged.connect(self._show_row)
        self.editor = multi_line(4, said["placeholder"])
        self.editor.setAccessibleName(said["editor"])
        self.editor.textChanged.connect(self._edited)
        self.add_button = QtWidgets.QPushButton(said["add"])
        self.add_button.clicked.connect(self.add)
        self.remove_button = QtWidgets.QPushButton(self.tr("Remove"))
        self.remove_button.setAccessibleName(said["remove"])
        self.remove_button.clicked.connect(self.remove)

        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        left = QtWidgets.QVBoxLayout()
        left.addWidget(self.items, 1)
        left.addLayout(buttons)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addWidget(self.editor, 2)
        self.items.setMaximumHeight(self.editor.minimumHeight() + 40)
        self.setFocusProxy(self.items)
        self._refresh_enabled()

    def values(self) -> list[str]:
        return list(self._texts)

    def set_values(self, texts: list[str]) -> None:
        self._texts = list(texts)
        blocked = self.blockSignals(True)
        self.items.clear()
        self.items.addItems([self._preview(i) for i in range(len(self._texts))])
        self.items.setCurrentRow(0 if self._texts else -1)
        self._show_row(self.items.currentRow())
        self.blockSignals(blocked)

    def add(self) -> None:
        self._texts.append("")
        self.items.addItem(self._preview(len(self._texts) - 1))
        self.items.setCurrentRow(len(self._texts) - 1)
        self.editor.setFocus()
        self.changed.emit()

    def remove(self) -> None:
        row = self.items.currentRow()
        if row < 0:
            return
        del self._texts[row]
        self.items.takeItem(row)
        for index in range(row, len(self._texts)):
            self.items.item(index).setText(self._preview(index))
        self._show_row(self.items.currentRow())
        self.changed.emit()

    def _show_row(self, row: int) -> None:
        blocked = self.editor.blockSignals(True)
        self.editor.setPlainText(self._texts[row] if 0 <= row < len(self._texts) else "")
        self.editor.blockSignals(blocked)
        self._refresh_enabled()

    def _edited(self) -> None:
        row = self.items.currentRow()
        if not 0 <= row < len(self._texts):
            return
        self._texts[row] = self.editor.toPlainText()
        self.items.item(row).setText(self._preview(row))
        self.changed.emit()

    def _preview(self, index: int) -> str:
        text = " ".join(self._texts[index].split())
        if len(text) > PREVIEW_CHARS:
            text = text[: PREVIEW_CHARS - 1] + "…"
        return f"{index + 1}. {text}" if text else f"{index + 1}. " + self.tr("(empty)")

    def _refresh_enabled(self) -> None:
        has_row = 0 <= self.items.currentRow() < len(self._texts)
        self.editor.setEnabled(has_row)
        self.remove_button.setEnabled(has_row and not self._read_only)
        self.add_button.setEnabled(not self._read_only)

    def setReadOnly(self, read_only: bool) -> None:
        self._read_only = read_only
        set_read_only(self.editor, read_only)
        self._refresh_enabled()


def _words(noun: str) -> dict[str, str]:
    """Whole sentences for the kind of text listed (a translation cannot slot a noun in)."""
    if noun == "greeting":
        return {
            "listed": translate("TextListEditor", "Greetings"),
            "placeholder": translate("TextListEditor", "The text of this greeting"),
            "editor": translate("TextListEditor", "Text of the selected greeting"),
            "add": translate("TextListEditor", "Add greeting"),
            "remove": translate("TextListEditor", "Remove the selected greeting"),
        }
    raise ValueError(f"no words for {noun!r}")
