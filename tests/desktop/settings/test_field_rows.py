"""Settings described once: every field's row comes from its metadata in bot/settings.py (`ui`).

Every setting a page edits is on that page, under the label and help its field gives; and a
setting added with nothing but that metadata gets its row, loads, marks the window unsaved, shows
its validation error and saves, without a change to any page.
"""

from __future__ import annotations

import typing
from typing import Literal

import pytest
from pydantic import Field
from PySide6 import QtTest, QtWidgets

from bot import settings as settings_module
from bot import supervisor as supervisor_module
from bot.settings import Settings, SettingsPage, field_ui, load_settings, ui
from desktop.settings import field_rows
from desktop.settings import window as window_module
from desktop.settings.page import Page
from desktop.settings.window import SettingsWindow
from tests.conftest import SupervisorFactory
from tests.desktop.settings.conftest import WindowFactory
from tests.test_settings import NOT_ON_A_PAGE


def pages_by_name(window: SettingsWindow) -> dict[SettingsPage, Page]:
    return {
        "connection": window.connection,
        "characters": window.characters,
        "lorebooks": window.lorebooks,
        "presets": window.presets,
        "behaviour": window.behaviour,
    }


def shown_texts(page: Page) -> set[str]:
    """The labels (rows' and hint lines) and box titles of `page`, hidden ones too (Advanced)."""
    labels = {label.text() for label in page.findChildren(QtWidgets.QLabel)}
    return labels | {box.title() for box in page.findChildren(QtWidgets.QGroupBox)}


def row_label(page: Page, text: str) -> QtWidgets.QLabel:
    found = [label for label in page.findChildren(QtWidgets.QLabel) if label.text() == text and label.buddy()]
    assert len(found) == 1, f"{page.title}: {len(found)} row labels {text!r}"
    return found[0]


def section_of(widget: QtWidgets.QWidget) -> str:
    """The title of the group box holding `widget` ("" if none)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QtWidgets.QGroupBox):
        parent = parent.parentWidget()
    return parent.title() if parent is not None else ""


async def test_every_setting_is_on_its_page_under_the_words_of_its_field(
    make_supervisor: SupervisorFactory, open_window: WindowFactory
) -> None:
    supervisor = await make_supervisor()
    window = await open_window(supervisor)
    pages = pages_by_name(window)
    assert set(pages) == set(typing.get_args(SettingsPage))
    for name in Settings.model_fields:
        described = field_ui(name)
        if name in NOT_ON_A_PAGE:
            assert described is None, f"{name} is described for a page but listed as on none"
            continue
        assert described is not None, f"{name}: no ui(...) metadata (or add it to NOT_ON_A_PAGE with why)"
        page = pages[described.page]
        edited: dict[str, object] = {}
        page.contribute(edited)
        assert name in edited, f"{name}: the {described.page} page does not save it"
        texts = shown_texts(page)
        assert page.tr(described.label) in texts, f"{name}: label {described.label!r} not on the {described.page} page"
        if described.help:
            assert page.tr(described.help) in texts, f"{name}: its help is not on the {described.page} page"
    for page in pages.values():
        rows = getattr(page, "rows", None)
        if rows is not None:
            assert rows.unplaced() == [], f"{page.title}: fields in a section the page does not lay out"


class MoreSettings(Settings):
    """Settings with fields only their metadata describes (as a new setting would be added)."""

    reply_delay: float = Field(
        default=1.5,
        ge=0,
        le=10,
        json_schema_extra=ui("behaviour", "pace", "Reply &delay", "Wait this long before answering.", unit=" s"),
    )
    mood: Literal["calm", "lively"] = Field(
        default="calm",
        json_schema_extra=ui("behaviour", "character", "&Mood", choices={"calm": "Calm", "lively": "Lively"}),
    )
    whisper: bool = Field(default=False, json_schema_extra=ui("behaviour", "app", "Whispers", text="&Whisper"))
    signature: str = Field(default="", max_length=8, json_schema_extra=ui("behaviour", "cast", "Si&gnature"))
    retries: int = Field(default=2, ge=0, le=5, json_schema_extra=ui("connection", "advanced", "Retries", zero="Never"))


@pytest.fixture
def more_settings(monkeypatch: pytest.MonkeyPatch) -> type[MoreSettings]:
    """MoreSettings wherever the app names the settings model: loading and saving (bot.settings),
    the supervisor, the window's validation and the rows' descriptions."""
    for module in (settings_module, supervisor_module, window_module, field_rows):
        monkeypatch.setattr(module, "Settings", MoreSettings)
    return MoreSettings


async def test_a_setting_described_once_gets_its_row_and_loads_and_saves(
    more_settings: type[MoreSettings],
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    offline_env: dict[str, str],
) -> None:
    saved = more_settings(reply_delay=2.5, mood="lively", whisper=True, signature="Aria", retries=0)
    supervisor = await make_supervisor(saved, env=offline_env)
    window = await open_window(supervisor)
    behaviour, connection = window.behaviour, window.connection

    # Each in its section, under its label, with its help; the widget follows the field's type.
    delay = row_label(behaviour, "Reply &delay").buddy()
    assert isinstance(delay, QtWidgets.QDoubleSpinBox) and section_of(delay) == "Pace"
    assert (delay.minimum(), delay.maximum(), delay.value(), delay.suffix()) == (0, 10, 2.5, " s")
    assert "Wait this long before answering." in shown_texts(behaviour)
    mood = row_label(behaviour, "&Mood").buddy()
    assert isinstance(mood, QtWidgets.QComboBox) and section_of(mood) == "Character"
    assert [mood.itemText(i) for i in range(mood.count())] == ["Calm", "Lively"] and mood.currentData() == "lively"
    whisper = row_label(behaviour, "Whispers").buddy()
    assert isinstance(whisper, QtWidgets.QCheckBox) and section_of(whisper) == "App"
    assert whisper.text() == "&Whisper" and whisper.isChecked()
    signature = row_label(behaviour, "Si&gnature").buddy()
    assert isinstance(signature, QtWidgets.QLineEdit) and section_of(signature) == "Characters in Discord"
    assert signature.text() == "Aria"
    retries = row_label(connection, "Retries").buddy()
    assert isinstance(retries, QtWidgets.QSpinBox) and retries.text() == "Never"  # 0, said in words
    connection._show_advanced(False)  # under Advanced: folded and unfolded with the rest of it
    assert not retries.isVisibleTo(connection)
    connection._show_advanced(True)
    assert retries.isVisibleTo(connection)
    assert not window.dirty
    before = load_settings(supervisor.folders)

    # An edit marks the window unsaved; an invalid value is marked at its field and not saved.
    signature.selectAll()
    QtTest.QTest.keyClicks(signature, "far too long")  # as typed: the page hears it
    assert window.dirty
    assert not await window.save_now()
    assert behaviour.errors.message("signature") and "8 characters" in str(behaviour.errors.message("signature"))
    assert load_settings(supervisor.folders).signature == "Aria"

    signature.setText("Ari")
    delay.setValue(4)
    mood.setCurrentIndex(mood.findData("calm"))
    whisper.setChecked(False)
    retries.setValue(3)
    assert await window.save_now()
    assert behaviour.errors.message("signature") is None
    again = load_settings(supervisor.folders)
    assert isinstance(again, MoreSettings)
    new = {"reply_delay": 4, "mood": "calm", "whisper": False, "signature": "Ari", "retries": 3}
    assert again.model_dump(include=set(new)) == new
    assert again.model_dump(exclude=set(new)) == before.model_dump(exclude=set(new))  # the rest as it was
