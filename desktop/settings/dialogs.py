"""Questions and file pickers that never block: `open()` plus a callback, never `exec()`.

A nested Qt loop (`exec()`, the static `QFileDialog.get*` helpers) would run
asyncio callbacks in the middle of whatever task step opened it, the bot's
included (see desktop/shell.py). These helpers show a window-modal dialog and
call back when the user answers; the caller's code simply continues there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6 import QtCore, QtWidgets

Button = QtWidgets.QMessageBox.StandardButton


def ask(
    parent: QtWidgets.QWidget,
    title: str,
    text: str,
    buttons: Sequence[Button],
    on_answer: Callable[[Button], None],
    *,
    default: Button | None = None,
    escape: Button | None = None,
    informative: str = "",
    icon: QtWidgets.QMessageBox.Icon = QtWidgets.QMessageBox.Icon.Question,
) -> QtWidgets.QMessageBox:
    """Show a question; `on_answer(button)` runs once with the button chosen (Escape = `escape`)."""
    flags = Button.NoButton
    for button in buttons:
        flags |= button
    box = QtWidgets.QMessageBox(icon, title, text, flags, parent)
    box.setInformativeText(informative)
    box.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
    box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    if default is not None:
        box.setDefaultButton(default)
    if escape is not None:
        box.setEscapeButton(escape)

    def finished(_result: int) -> None:
        clicked = box.clickedButton()
        answer = box.standardButton(clicked) if clicked is not None else (escape or Button.Cancel)
        on_answer(answer)

    box.finished.connect(finished)
    box.open()
    return box


def open_files(
    parent: QtWidgets.QWidget, title: str, filters: Sequence[str], on_chosen: Callable[[list[Path]], None]
) -> QtWidgets.QFileDialog:
    dialog = QtWidgets.QFileDialog(parent, title)
    dialog.setFileMode(QtWidgets.QFileDialog.FileMode.ExistingFiles)
    dialog.setNameFilters(list(filters))
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.filesSelected.connect(lambda files: on_chosen([Path(f) for f in files]))
    dialog.open()
    return dialog


def save_file(
    parent: QtWidgets.QWidget,
    title: str,
    suggested: Path,
    filters: Sequence[str],
    on_chosen: Callable[[Path], None],
) -> QtWidgets.QFileDialog:
    dialog = QtWidgets.QFileDialog(parent, title)
    dialog.setAcceptMode(QtWidgets.QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilters(list(filters))
    dialog.setDefaultSuffix(suggested.suffix.lstrip("."))
    dialog.selectFile(str(suggested))
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda file: on_chosen(Path(file)))
    dialog.open()
    return dialog
