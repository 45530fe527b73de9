"""Form helpers shared by the pages: labelled rows, field errors, multi-line editors.

Errors come from the models' own validation (pydantic), never from checks
repeated here: `errors_by_field` turns a ValidationError into {field: reason}
and `FieldErrors` shows each reason under its field and marks the field.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import ValidationError
from PySide6 import QtCore, QtGui, QtWidgets

from ..i18n import translate

#: Marks an invalid field; the window's style sheet draws it (see window.STYLE).
INVALID_PROPERTY = "invalid"
ERROR_COLOUR = "#c62828"


def errors_by_field(error: ValidationError) -> dict[str, str]:
    """{top-level field name: first reason}, in pydantic's order."""
    found: dict[str, str] = {}
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else ""
        message = str(item["msg"]).removeprefix("Value error, ")
        if len(item["loc"]) > 1:  # a list item or dict entry: say which
            where = ".".join(str(p) for p in item["loc"][1:])
            message = translate("Form", "item {index}: {reason}").format(index=where, reason=message)
        found.setdefault(name, message)
    return found


class ErrorLabel(QtWidgets.QLabel):
    """The reason a field is invalid, shown under it; hidden while the field is fine."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()


class FieldErrors:
    """The fields of one page, by model field name, and how to mark them."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QtWidgets.QWidget, ErrorLabel]] = {}

    def register(self, name: str, widget: QtWidgets.QWidget, label: ErrorLabel) -> None:
        self._fields[name] = (widget, label)

    def names(self) -> Iterable[str]:
        return self._fields.keys()

    def message(self, name: str) -> str | None:
        """The reason shown under field `name`, or None while it is fine."""
        _, label = self._fields[name]
        return label.text() if not label.isHidden() else None

    def show(self, errors: dict[str, str]) -> QtWidgets.QWidget | None:
        """Mark the fields in `errors`, clear the others; returns the first invalid widget."""
        first: QtWidgets.QWidget | None = None
        for name, (widget, label) in self._fields.items():
            message = errors.get(name)
            label.setText(message or "")
            label.setVisible(message is not None)
            set_invalid(widget, message)
            if message is not None and first is None:
                first = widget
        return first

    def clear(self) -> None:
        self.show({})


def set_invalid(widget: QtWidgets.QWidget, message: str | None) -> None:
    widget.setProperty(INVALID_PROPERTY, message is not None)
    widget.setAccessibleDescription(message or "")
    widget.setToolTip(message or "")
    # A dynamic property only restyles after an unpolish/polish.
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_read_only(
    widget: QtWidgets.QLineEdit | QtWidgets.QPlainTextEdit | QtWidgets.QAbstractSpinBox, read_only: bool
) -> None:
    """Read-only, and drawn so (the window's style sheet keys on the property)."""
    if widget.isReadOnly() != read_only:
        widget.setReadOnly(read_only)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class RowLabel(QtWidgets.QLabel):
    """A form row's label that is never clipped.

    QLabel asks for the advance width of its text, but a glyph's ink can reach past
    its advance ("Temperature"'s last e, a pixel or so, which at 200 % shows): the form
    gives a label exactly what it asks for, so ask for the ink's width too.
    """

    def sizeHint(self) -> QtCore.QSize:  # Qt override
        return self._with_ink(super().sizeHint())

    def minimumSizeHint(self) -> QtCore.QSize:  # Qt override
        return self._with_ink(super().minimumSizeHint())

    def _with_ink(self, hint: QtCore.QSize) -> QtCore.QSize:
        if self.wordWrap() or not self.text():
            return hint
        shown = self.text().replace("&&", "\0").replace("&", "").replace("\0", "&") if self.buddy() else self.text()
        ink = QtGui.QFontMetricsF(self.font()).boundingRect(shown)
        margins = self.contentsMargins()
        needed = math.ceil(max(ink.right(), ink.width())) + 1 + margins.left() + margins.right() + 2 * self.margin()
        return QtCore.QSize(max(hint.width(), needed), hint.height())


def add_row(
    form: QtWidgets.QFormLayout,
    text: str,
    widget: QtWidgets.QWidget,
    *,
    field: QtWidgets.QWidget | None = None,
    errors: FieldErrors | None = None,
    name: str | None = None,
    hint: str | None = None,
    below: Sequence[QtWidgets.QWidget | QtWidgets.QLayout] = (),
) -> QtWidgets.QLabel:
    """A labelled row with an error line under it.

    `widget` is what the row shows (a field, or a field with buttons beside it);
    `field` (default: `widget`) is the input itself: the label's buddy (Alt+letter
    focuses it), its accessible name, and what is marked when invalid. `below` are
    shown under the field in the same column (buttons and results that belong to it).
    """
    field = field or widget
    label = RowLabel(text)
    label.setBuddy(field)
    if field.accessibleName() == "":
        field.setAccessibleName(text.replace("&", ""))
    column = QtWidgets.QWidget()
    box = QtWidgets.QVBoxLayout(column)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(2)
    box.addWidget(widget)
    if errors is not None and name is not None:
        error_label = ErrorLabel()
        box.addWidget(error_label)
        errors.register(name, field, error_label)
    if hint:
        box.addWidget(hint_label(hint))
    for extra in below:
        if isinstance(extra, QtWidgets.QLayout):
            box.addLayout(extra)
        else:
            box.addWidget(extra)
    form.addRow(label, column)
    return label


def even_label_column(form: QtWidgets.QFormLayout) -> None:
    """Make the label column as wide as its widest label, hidden rows' included, so that
    showing a row (the Connection page's Advanced) does not shift every field sideways."""
    labels = []
    for row in range(form.rowCount()):
        item = form.itemAt(row, QtWidgets.QFormLayout.ItemRole.LabelRole)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.setMinimumWidth(0)  # measured afresh (a font change calls this again)
            labels.append(widget)
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)


def hint_label(text: str) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.9)
    label.setFont(font)
    label.setForegroundRole(QtGui.QPalette.ColorRole.PlaceholderText)
    return label


def new_form() -> QtWidgets.QFormLayout:
    form = QtWidgets.QFormLayout()
    # Wrap long labels and grow fields: stays usable in a narrow window at 200 %.
    form.setRowWrapPolicy(QtWidgets.QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def multi_line(lines: int = 5, placeholder: str = "") -> QtWidgets.QPlainTextEdit:
    """A long-text editor; Tab moves focus on (keyboard users are never trapped in it)."""
    edit = QtWidgets.QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    return edit


def scrolled(widget: QtWidgets.QWidget) -> QtWidgets.QScrollArea:
    """Long forms scroll rather than push the window past the screen at 200 %."""
    area = QtWidgets.QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


def json_text(value: Any) -> str:
    """An optional JSON value as editable text ('' for None)."""
    return "" if value is None else json.dumps(value, indent=2, ensure_ascii=False)


def parse_json(text: str) -> Any:
    """'' → None; otherwise JSON, or ValueError with a sentence."""
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            translate("Form", "not valid JSON: {problem} at line {line}, column {column}").format(
                problem=error.msg, line=error.lineno, column=error.colno
            )
        ) from None


def line_edit(combo: QtWidgets.QComboBox) -> QtWidgets.QLineEdit:
    """The text field of an editable combo box."""
    edit = combo.lineEdit()
    assert edit is not None, "the combo box is not editable"
    return edit


def heading(text: str) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


def connect_changed(signal_owner: QtWidgets.QWidget, emit: Any) -> None:
    """Call `emit()` whenever the user edits `signal_owner` (whatever kind of field it is)."""
    if isinstance(signal_owner, QtWidgets.QLineEdit):
        signal_owner.textEdited.connect(lambda _text: emit())
    elif isinstance(signal_owner, QtWidgets.QPlainTextEdit):
        signal_owner.textChanged.connect(emit)
    elif isinstance(signal_owner, QtWidgets.QAbstractButton):
        signal_owner.toggled.connect(lambda _on: emit())
    elif isinstance(signal_owner, (QtWidgets.QSpinBox, QtWidgets.QDoubleSpinBox)):
        signal_owner.valueChanged.connect(lambda _value: emit())
    elif isinstance(signal_owner, QtWidgets.QComboBox):
        signal_owner.currentIndexChanged.connect(lambda _index: emit())
        if signal_owner.isEditable():
            signal_owner.editTextChanged.connect(lambda _text: emit())
    else:
        raise TypeError(f"no change signal known for {type(signal_owner).__name__}")


def select_item(combo: QtWidgets.QComboBox, ident: str) -> None:
    """Select the entry whose data is `ident`, adding "<ident> (missing)" if the saved
    choice no longer exists, so the user sees it rather than a silent switch."""
    index = combo.findData(ident)
    if index < 0:
        combo.addItem(translate("Form", "{name} (missing)").format(name=ident), ident)
        index = combo.count() - 1
    combo.setCurrentIndex(index)
