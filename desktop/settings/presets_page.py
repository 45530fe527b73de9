"""Presets: which one the bot uses, the built-ins (read-only), and the user's own.

Ranges of every spin box and slider come from `bot.presets.preset_bounds()`,
and a preset is valid when `Preset` says so. Like characters, New, Duplicate
and Delete act on the files at once; edits are drafts until Save.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from pydantic import ValidationError
from PySide6 import QtCore, QtWidgets

from bot.folders import Folders
from bot.presets import (
    BUILTIN_PRESETS,
    DEFAULT_PRESET_ID,
    Preset,
    PresetError,
    PresetNotFound,
    PresetStore,
    preset_bounds,
)

from ..i18n import QT_TRANSLATE_NOOP, translate
from ..tasks import UiTasks
from . import dialogs
from .field_rows import FieldRows
from .form import (
    FieldErrors,
    add_row,
    connect_changed,
    errors_by_field,
    multi_line,
    new_form,
    scrolled,
    select_item,
    set_read_only,
)
from .page import Loaded, StorePage

log = logging.getLogger(__name__)

#: Slider resolution for fractional fields (temperature 0.00-2.00 in steps of 0.01).
SLIDER_STEPS = 100
_LABELS = {
    "temperature": (
        QT_TRANSLATE_NOOP("PresetsPage", "&Temperature"),
        QT_TRANSLATE_NOOP("PresetsPage", "Higher is more varied and surprising; lower is steadier."),
    ),
    "top_p": (
        QT_TRANSLATE_NOOP("PresetsPage", "Top &p"),
        QT_TRANSLATE_NOOP("PresetsPage", "Only the most likely words whose chances add up to this are considered."),
    ),
    "max_tokens": (
        QT_TRANSLATE_NOOP("PresetsPage", "Longest &reply"),
        QT_TRANSLATE_NOOP("PresetsPage", "In tokens (about ¾ of a word each)."),
    ),
    "frequency_penalty": (
        QT_TRANSLATE_NOOP("PresetsPage", "&Frequency penalty"),
        QT_TRANSLATE_NOOP("PresetsPage", "Above 0 discourages repeating the same words."),
    ),
    "presence_penalty": (
        QT_TRANSLATE_NOOP("PresetsPage", "Pr&esence penalty"),
        QT_TRANSLATE_NOOP("PresetsPage", "Above 0 encourages new topics."),
    ),
    "context_tokens": (
        QT_TRANSLATE_NOOP("PresetsPage", "Conte&xt budget"),
        QT_TRANSLATE_NOOP("PresetsPage", "How much conversation, in tokens, goes into each prompt."),
    ),
}
#: The built-in presets' names (bot/presets.py), shown in the user's language.
_BUILTIN_NAMES = (
    QT_TRANSLATE_NOOP("PresetsPage", "Balanced"),
    QT_TRANSLATE_NOOP("PresetsPage", "Creative"),
    QT_TRANSLATE_NOOP("PresetsPage", "Precise"),
)


class SliderSpin(QtWidgets.QWidget):
    """A slider and a spin box showing one fractional value, kept in step."""

    valueChanged = QtCore.Signal(float)

    def __init__(self, low: float, high: float) -> None:
        super().__init__()
        self.spin = QtWidgets.QDoubleSpinBox()
        self.spin.setRange(low, high)
        self.spin.setDecimals(2)
        self.spin.setSingleStep(0.05)
        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.slider.setRange(round(low * SLIDER_STEPS), round(high * SLIDER_STEPS))
        self.slider.setPageStep(10)
        self.slider.valueChanged.connect(lambda v: self.spin.setValue(v / SLIDER_STEPS))
        self.spin.valueChanged.connect(self._spin_changed)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.slider, 1)
        row.addWidget(self.spin)
        self.setFocusProxy(self.spin)

    def _spin_changed(self, value: float) -> None:
        blocked = self.slider.blockSignals(True)
        self.slider.setValue(round(value * SLIDER_STEPS))
        self.slider.blockSignals(blocked)
        self.valueChanged.emit(value)

    def value(self) -> float:
        return self.spin.value()

    def setValue(self, value: float) -> None:
        self.spin.setValue(value)

    def setReadOnly(self, read_only: bool) -> None:
        set_read_only(self.spin, read_only)
        self.slider.setEnabled(not read_only)


class PresetsPage(StorePage):
    action_errors = (PresetError, PresetNotFound, OSError)
    action_name = "preset"
    title = QT_TRANSLATE_NOOP("SettingsWindow", "Presets")
    presets_changed = QtCore.Signal()

    def __init__(self, folders: Folders, tasks: UiTasks, store: PresetStore | None = None) -> None:
        super().__init__(tasks)
        self.store = store or PresetStore(folders.presets)
        self._presets: dict[str, Preset] = {}
        self._order: list[str] = []
        self._drafts: dict[str, dict[str, Any]] = {}
        self._current: str | None = None
        self._quiet = False
        self.editor_errors = FieldErrors()

        self.in_use = QtWidgets.QComboBox()
        self.in_use.currentIndexChanged.connect(lambda _i: self.mark_changed())
        self.list = QtWidgets.QListWidget()
        self.list.setAccessibleName(self.tr("Presets"))
        self.list.currentItemChanged.connect(self._on_current_item)
        self.new_button = QtWidgets.QPushButton(self.tr("Ne&w"))
        self.new_button.clicked.connect(
            lambda: self._run(self._duplicate(DEFAULT_PRESET_ID, self.tr("My preset")), "new")
        )
        self.duplicate_button = QtWidgets.QPushButton(self.tr("D&uplicate"))
        self.duplicate_button.clicked.connect(
            lambda: self._run(self._duplicate(self._current or DEFAULT_PRESET_ID, None), "duplicate")
        )
        self.delete_button = QtWidgets.QPushButton(self.tr("Dele&te…"))
        self.delete_button.clicked.connect(self._confirm_delete)
        self.message.setWordWrap(True)

        # ----- editor -----
        self.read_only_note = QtWidgets.QLabel(
            self.tr("Built-in presets cannot be changed. Press Duplicate to make your own copy.")
        )
        self.read_only_note.setWordWrap(True)
        self.fields: dict[str, QtWidgets.QWidget] = {}
        editor_form = new_form()
        self.name = QtWidgets.QLineEdit()
        self.fields["name"] = self.name
        add_row(editor_form, self.tr("&Name"), self.name, errors=self.editor_errors, name="name")
        for name, (low, high) in preset_bounds().items():
            label, hint = _LABELS.get(name, (name.replace("_", " ").capitalize(), ""))
            label, hint = self.tr(label), self.tr(hint) if hint else ""
            widget: QtWidgets.QWidget
            field: QtWidgets.QAbstractSpinBox
            if isinstance(low, int) and isinstance(high, int):
                spin = QtWidgets.QSpinBox()
                spin.setRange(low, high)
                spin.setSingleStep(64 if high > 10_000 else 16)
                spin.setGroupSeparatorShown(True)
                widget = field = spin
                ends = (spin.textFromValue(low), spin.textFromValue(high))
            else:
                widget = SliderSpin(float(low), float(high))
                widget.slider.setAccessibleName(self.tr("{field} slider").format(field=label.replace("&", "")))
                field = widget.spin
                ends = (widget.spin.textFromValue(float(low)), widget.spin.textFromValue(float(high)))
            self.fields[name] = widget
            # The range written as its field writes numbers (the locale's grouping and decimals):
            # "8,192" beside "From 512 to 1,000,000", not "1000000".
            add_row(
                editor_form,
                label,
                widget,
                field=field,
                errors=self.editor_errors,
                name=name,
                hint=" ".join(filter(None, (hint, self.tr("From {low} to {high}.").format(low=ends[0], high=ends[1])))),
            )
        self.stop = multi_line(3)
        self.fields["stop"] = self.stop
        add_row(
            editor_form,
            self.tr("&Stop sequences"),
            self.stop,
            errors=self.editor_errors,
            name="stop",
            hint=self.tr("One per line, at most four; the reply ends where one appears."),
        )
        for widget in self.fields.values():
            if isinstance(widget, SliderSpin):
                widget.valueChanged.connect(lambda _v: self._on_edited())
            else:
                connect_changed(widget, self._on_edited)
        editor_body = QtWidgets.QWidget()
        editor_layout = QtWidgets.QVBoxLayout(editor_body)
        editor_layout.addWidget(self.read_only_note)
        editor_layout.addLayout(editor_form)
        editor_layout.addStretch(1)

        top = new_form()
        self.rows = FieldRows(self, "presets")  # the settings fields' rows (bot/settings.py describes them)
        self.rows.custom("preset_id", self.in_use)
        self.rows.add_group(top, "in use")
        buttons = QtWidgets.QHBoxLayout()
        for button in (self.new_button, self.duplicate_button, self.delete_button):
            buttons.addWidget(button)
        left = QtWidgets.QWidget()
        left_layout = QtWidgets.QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.message)
        splitter = QtWidgets.QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(scrolled(editor_body))
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    # ----- load / save -----

    def load(self, loaded: Loaded) -> None:
        self._drafts.clear()
        self.rows.load(loaded.settings)
        self._set_list(loaded.presets, loaded.settings.preset_id)
        self._select_in_use(loaded.settings.preset_id)
        self._say("")

    def contribute(self, data: dict[str, Any]) -> None:
        self.rows.contribute(data)
        data["preset_id"] = self.in_use.currentData() or ""

    def check(self) -> QtWidgets.QWidget | None:
        for ident, values in self._drafts.items():
            errors = _validate(values)[1]
            if errors:
                self._select(ident)
                self._say(self.tr("Not saved: fix the marked fields of this preset."), error=True)
                return self.editor_errors.show(errors)
        return None

    async def save_own(self) -> None:
        if not self._drafts:
            return
        for ident, values in list(self._drafts.items()):
            preset, _errors = _validate(values)
            assert preset is not None
            await asyncio.to_thread(self.store.save, preset)
            self._drafts.pop(ident)
        await self.reload(select=self._current)

    # ----- what other pages use -----

    def choices(self) -> list[tuple[str, str]]:
        return [(ident, self._label(ident)) for ident in self._order]

    def preset(self, ident: str) -> Preset | None:
        base = self._presets.get(ident)
        if base is not None and ident in self._drafts:
            edited, _errors = _validate(self._drafts[ident])
            return edited or base
        return base

    @property
    def in_use_id(self) -> str:
        return str(self.in_use.currentData() or DEFAULT_PRESET_ID)

    # ----- list -----

    async def reload(self, select: str | None = None) -> None:
        presets = await asyncio.to_thread(self.store.list)
        self._set_list(presets, select or self._current)

    def _set_list(self, presets: list[Preset], select: str | None) -> None:
        self._presets = {p.id: p for p in presets}
        self._order = [p.id for p in presets]
        for gone in set(self._drafts) - set(self._presets):
            self._drafts.pop(gone)
        blocked = self.list.blockSignals(True)
        self.list.clear()
        for ident in self._order:
            item = QtWidgets.QListWidgetItem(self._label(ident))
            item.setData(QtCore.Qt.ItemDataRole.UserRole, ident)
            self.list.addItem(item)
        self.list.blockSignals(blocked)
        current = self.in_use.currentData()
        with self.loading():
            self.in_use.clear()
            for ident, label in self.choices():
                self.in_use.addItem(label, ident)
            if current is not None:
                self._select_in_use(current)
        chosen = select if select in self._presets else (self._order[0] if self._order else None)
        if chosen is not None:
            self._select(chosen)
        self.presets_changed.emit()

    def _select_in_use(self, ident: str) -> None:
        with self.loading():
            select_item(self.in_use, ident)

    def _label(self, ident: str) -> str:
        draft = self._drafts.get(ident)
        name = str(draft.get("name", "")).strip() if draft else ""
        return preset_label(self._presets[ident], name)

    def _select(self, ident: str) -> None:
        blocked = self.list.blockSignals(True)
        self.list.setCurrentRow(self._order.index(ident))
        self.list.blockSignals(blocked)
        self._show(ident)

    def _on_current_item(self, item: QtWidgets.QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self._show(str(item.data(QtCore.Qt.ItemDataRole.UserRole)))

    def _show(self, ident: str) -> None:
        self._current = ident
        values = self._drafts.get(ident) or self._presets[ident].model_dump()
        read_only = ident in BUILTIN_PRESETS
        self._quiet = True
        try:
            for name, widget in self.fields.items():
                value = values.get(name)
                if isinstance(widget, QtWidgets.QLineEdit):
                    widget.setText(str(value or ""))
                    set_read_only(widget, read_only)
                elif isinstance(widget, QtWidgets.QPlainTextEdit):
                    widget.setPlainText("\n".join(value or []) if isinstance(value, list) else str(value or ""))
                    set_read_only(widget, read_only)
                elif isinstance(widget, SliderSpin):
                    widget.setValue(float(value or 0))
                    widget.setReadOnly(read_only)
                elif isinstance(widget, QtWidgets.QSpinBox):
                    widget.setValue(int(value or 0))
                    set_read_only(widget, read_only)
        finally:
            self._quiet = False
        self.read_only_note.setVisible(read_only)
        self.delete_button.setEnabled(not read_only)
        self.editor_errors.clear()

    def _values(self) -> dict[str, Any]:
        assert self._current is not None
        values: dict[str, Any] = {"id": self._current}
        for name, widget in self.fields.items():
            if isinstance(widget, QtWidgets.QLineEdit):
                values[name] = widget.text().strip()
            elif isinstance(widget, QtWidgets.QPlainTextEdit):
                values[name] = [line for line in widget.toPlainText().splitlines() if line != ""]
            elif isinstance(widget, (SliderSpin, QtWidgets.QSpinBox)):
                values[name] = widget.value()
        return values

    def _on_edited(self) -> None:
        if self._quiet or self._current is None or self._current in BUILTIN_PRESETS:
            return
        self._drafts[self._current] = self._values()
        label = self._label(self._current)
        item = self.list.currentItem()
        if item is not None:
            item.setText(label)
        index = self.in_use.findData(self._current)
        if index >= 0:
            self.in_use.setItemText(index, label)  # renamed: "Preset in use" says the new name at once
        if self.message.fading:
            self._say("")  # "Made “X”: change it, then Save": being done, and X may be renamed
        self.mark_changed()

    # ----- file actions -----

    async def _duplicate(self, ident: str, name: str | None) -> None:
        source = self._presets.get(ident) or self._presets[DEFAULT_PRESET_ID]
        new_name = name or self.tr("{name} (copy)").format(name=source.name)
        copy = await asyncio.to_thread(self.store.duplicate, source.id, new_name)
        await self.reload(select=copy.id)
        self._say(self.tr("Made “{name}”: change it, then Save.").format(name=copy.name), fade=True)
        self.name.setFocus()

    def _confirm_delete(self) -> None:
        ident = self._current
        if ident is None or ident in BUILTIN_PRESETS:
            return

        def answered(button: dialogs.Button) -> None:
            if button == dialogs.Button.Yes:
                self._run(self._delete(ident), "delete")

        self.delete_prompt = dialogs.ask(
            self,
            self.tr("Delete preset"),
            self.tr("Delete the preset “{name}”?").format(name=self._label(ident)),
            [dialogs.Button.Yes, dialogs.Button.Cancel],
            answered,
            default=dialogs.Button.Cancel,
            escape=dialogs.Button.Cancel,
            icon=QtWidgets.QMessageBox.Icon.Warning,
        )

    async def _delete(self, ident: str) -> None:
        label = self._label(ident)
        await asyncio.to_thread(self.store.delete, ident)
        self._drafts.pop(ident, None)
        await self.reload()
        if self.in_use.currentData() == ident:  # it was in use: the default takes over
            self.in_use.setCurrentIndex(max(0, self.in_use.findData(DEFAULT_PRESET_ID)))
            self.in_use.removeItem(self.in_use.findData(ident))
            self.mark_changed()
        self._say(self.tr("Deleted “{name}”.").format(name=label), fade=True)


def preset_label(preset: Preset, name: str = "") -> str:
    """How a preset is listed: its name (as edited, if given), built-ins marked as such."""
    name = name or preset.name
    if preset.id not in BUILTIN_PRESETS:
        return name
    return translate("PresetsPage", "{name} (built-in)").format(name=translate("PresetsPage", name))


def _validate(values: dict[str, Any]) -> tuple[Preset | None, dict[str, str]]:
    try:
        return Preset.model_validate(values), {}
    except ValidationError as error:
        return None, errors_by_field(error)
