"""A page's settings rows, built from the fields' own description (`bot.settings.ui`).

A settings field says once which page and section it is on, its label and its help; this module
makes its widget from its type and constraints, lays out its row (label, error line, help),
registers it for error display, shows its saved value and reads it back. Adding a simple setting
(a switch, a choice among a Literal's values, a number, a line of text) is then one field in
bot/settings.py: the page's section picks it up. A page gives its own widget for the other kinds
(id lists, casts, the model picker) with `custom`; the row's label and help still come from the field.

Texts are translated under the page's context (`page.tr`): bot/settings.py marks them with that
context, the page's class name.
"""

from __future__ import annotations

import itertools
import typing
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel
from PySide6 import QtWidgets

from bot.settings import FieldUi, Settings, SettingsPage, field_ui

from .form import ErrorLabel, add_row, connect_changed
from .page import Page
from .ranges import field_bounds

#: Where a number the model leaves unbounded stops (a QSpinBox holds 32 bits).
SPIN_LIMIT = 2_000_000_000
#: Numbers that can reach this show thousands separators.
GROUPED_FROM = 10_000

W = TypeVar("W", bound=QtWidgets.QWidget)


class FieldRows:
    """The settings fields one page shows: widgets (built on first use), rows, values, errors."""

    def __init__(self, page: Page, name: SettingsPage, model: type[BaseModel] | None = None) -> None:
        self._page = page
        self._model = model or Settings  # looked up per page, so a test can put a subclass here
        described = ((field, field_ui(field, self._model)) for field in self._model.model_fields)
        self._ui = {field: ui for field, ui in described if ui is not None and ui.page == name}
        self._widgets: dict[str, QtWidgets.QWidget] = {}  # the generic ones
        self._custom: dict[str, tuple[QtWidgets.QWidget, QtWidgets.QWidget]] = {}  # (shown, input)
        self._placed: set[str] = set()

    # ----- what the fields say -----

    def names(self, group: str | None = None) -> list[str]:
        """The page's fields (of one section), in the model's order."""
        return [name for name, ui in self._ui.items() if group is None or ui.group == group]

    def label(self, name: str) -> str:
        return self._page.tr(self._ui[name].label)

    def help(self, name: str) -> str:
        text = self._ui[name].help
        return self._page.tr(text) if text else ""

    def unplaced(self) -> list[str]:
        """Fields of the page that no row shows (a section the page does not lay out)."""
        return [name for name in self._ui if name not in self._placed]

    # ----- widgets -----

    def custom(self, name: str, widget: QtWidgets.QWidget, *, field: QtWidgets.QWidget | None = None) -> None:
        """Show the page's own `widget` in the row of `name`; `field` is its input (default: the widget).
        The page loads and reads it itself."""
        if name in self._widgets:
            raise ValueError(f"{name} already has its generic widget")
        self._custom[name] = (widget, field or widget)

    def widget(self, name: str) -> QtWidgets.QWidget:
        """The generic widget of `name`, made from its type the first time."""
        if name in self._custom:
            raise ValueError(f"{name} is shown by the page's own widget")
        if name not in self._widgets:
            self._widgets[name] = self._build(name)
        return self._widgets[name]

    def check(self, name: str) -> QtWidgets.QCheckBox:
        return self._typed(name, QtWidgets.QCheckBox)

    def combo(self, name: str) -> QtWidgets.QComboBox:
        return self._typed(name, QtWidgets.QComboBox)

    def spin(self, name: str) -> QtWidgets.QSpinBox:
        return self._typed(name, QtWidgets.QSpinBox)

    def double_spin(self, name: str) -> QtWidgets.QDoubleSpinBox:
        return self._typed(name, QtWidgets.QDoubleSpinBox)

    def line(self, name: str) -> QtWidgets.QLineEdit:
        return self._typed(name, QtWidgets.QLineEdit)

    def _typed(self, name: str, kind: type[W]) -> W:
        widget = self.widget(name)
        if not isinstance(widget, kind):
            raise TypeError(f"{name} is shown as a {type(widget).__name__}, not a {kind.__name__}")
        return widget

    def _input(self, name: str) -> tuple[QtWidgets.QWidget, QtWidgets.QWidget]:
        if name in self._custom:
            return self._custom[name]
        widget = self.widget(name)
        return widget, widget

    # ----- rows -----

    def add(
        self,
        form: QtWidgets.QFormLayout,
        *names: str,
        below: Sequence[QtWidgets.QWidget | QtWidgets.QLayout] = (),
    ) -> None:
        """One row for `names`, under the first one's label and help: several fields (switches
        sharing a label) are stacked, each with its own error line."""
        inputs = [self._input(name) for name in names]
        shown = inputs[0][0] if len(inputs) == 1 else _stack(*(widget for widget, _field in inputs))
        more_errors = [ErrorLabel() for _name in names[1:]]
        first = names[0]
        add_row(
            form,
            self.label(first),
            shown,
            field=inputs[0][1],
            errors=self._page.errors,
            name=first,
            hint=self.help(first) or None,
            below=[*more_errors, *below],
        )
        for name, (_widget, field), error in zip(names[1:], inputs[1:], more_errors, strict=True):
            self._page.errors.register(name, field, error)
        self._placed.update(names)

    def add_group(
        self,
        form: QtWidgets.QFormLayout,
        group: str,
        *,
        below: Mapping[str, Sequence[QtWidgets.QWidget | QtWidgets.QLayout]] | None = None,
    ) -> None:
        """A row for each field of section `group` not placed yet, in the model's order (fields in
        a run with the same label share one row); `below`: what goes under a field's row."""
        below = below or {}
        waiting = [name for name in self.names(group) if name not in self._placed]
        for _label, run in itertools.groupby(waiting, key=lambda name: self._ui[name].label):
            names = list(run)
            self.add(form, *names, below=[extra for name in names for extra in below.get(name, ())])

    # ----- values -----

    def load(self, settings: BaseModel) -> None:
        """Show the saved values in the generic widgets (the page loads its own)."""
        for name, widget in self._widgets.items():
            _show(widget, getattr(settings, name))

    def contribute(self, data: dict[str, Any]) -> None:
        """The generic widgets' values, as the model takes them."""
        for name, widget in self._widgets.items():
            data[name] = _value(widget)

    # ----- building -----

    def _build(self, name: str) -> QtWidgets.QWidget:
        info = self._model.model_fields[name]
        ui = self._ui[name]
        kind = info.annotation
        widget: QtWidgets.QWidget
        if kind is bool:
            widget = QtWidgets.QCheckBox(self._page.tr(ui.text or ui.label))
        elif typing.get_origin(kind) is typing.Literal:
            widget = QtWidgets.QComboBox()
            for value in typing.get_args(kind):
                text = ui.choices.get(value)
                widget.addItem(self._page.tr(text) if text else str(value), value)
        elif kind is int or kind is float:
            widget = self._number(name, ui, fractional=kind is float)
        elif kind is str:
            widget = QtWidgets.QLineEdit()
            if isinstance(info.default, str):
                widget.setPlaceholderText(info.default)  # what the field holds when left as it came
        else:
            raise TypeError(f"{name} ({kind}) has no generic widget: the page gives its own (FieldRows.custom)")
        connect_changed(widget, self._page.mark_changed)
        return widget

    def _number(self, name: str, ui: FieldUi, *, fractional: bool) -> QtWidgets.QAbstractSpinBox:
        low, high = field_bounds(self._model, name)
        low = -SPIN_LIMIT if low is None else low
        high = SPIN_LIMIT if high is None else high
        spin: QtWidgets.QSpinBox | QtWidgets.QDoubleSpinBox
        if fractional:
            spin = QtWidgets.QDoubleSpinBox()
            spin.setDecimals(ui.decimals)
            spin.setRange(low, high)
            spin.setSingleStep(ui.step)
        else:
            spin = QtWidgets.QSpinBox()
            spin.setRange(int(low), int(high))
            spin.setSingleStep(int(ui.step))
        spin.setGroupSeparatorShown(high >= GROUPED_FROM)
        if ui.unit:
            spin.setSuffix(self._page.tr(ui.unit))
        if ui.zero and low == 0:  # Qt shows it at the minimum: only say what 0 means
            spin.setSpecialValueText(self._page.tr(ui.zero))
        return spin


def _show(widget: QtWidgets.QWidget, value: Any) -> None:
    if isinstance(widget, QtWidgets.QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QtWidgets.QComboBox):
        widget.setCurrentIndex(max(0, widget.findData(value)))
    elif isinstance(widget, QtWidgets.QSpinBox):
        widget.setValue(int(value))
    elif isinstance(widget, QtWidgets.QDoubleSpinBox):
        widget.setValue(float(value))
    elif isinstance(widget, QtWidgets.QLineEdit):
        widget.setText(str(value))


def _value(widget: QtWidgets.QWidget) -> Any:
    if isinstance(widget, QtWidgets.QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QtWidgets.QComboBox):
        return widget.currentData()
    if isinstance(widget, (QtWidgets.QSpinBox, QtWidgets.QDoubleSpinBox)):
        return widget.value()
    if isinstance(widget, QtWidgets.QLineEdit):
        return widget.text().strip()
    raise TypeError(f"no value known for {type(widget).__name__}")


def _stack(*widgets: QtWidgets.QWidget) -> QtWidgets.QWidget:
    box = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return box
