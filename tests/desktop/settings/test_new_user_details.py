"""The smaller things a new user met (issue 14): open a folder without a file manager,
the header's wording, a steady field column, the invite link after Test token, plurals,
numbers written alike, preset names as edited, labels never clipped."""

from __future__ import annotations

import logging
import math
from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from bot.supervisor import ErrorKind, State
from desktop import tray as tray_module
from desktop.settings.form import RowLabel
from desktop.settings.presets_page import SliderSpin
from tests.conftest import SupervisorFactory, wait_for_state
from tests.desktop.settings.conftest import WindowFactory, settled, shoot
from tests.fakes.discord_server import FakeDiscord


def settle_layouts() -> None:
    QtWidgets.QApplication.sendPostedEvents()
    QtWidgets.QApplication.sendPostedEvents()


# ----- open a folder where no file manager is registered -----


async def test_open_log_folder_without_a_file_manager_shows_the_path(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    offline_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tray_module, "open_folder", lambda path: False)  # QDesktopServices.openUrl said no
    supervisor = await make_supervisor(env=offline_env)
    window = await open_window(supervisor)
    page = window.logs
    window.show_page(page)
    assert not page.folder_note.isVisibleTo(page)
    page.open_button.click()
    note = page.folder_note
    assert note.isVisibleTo(page)
    assert "No file manager" in note.text() and str(supervisor.folders.logs) in note.text()
    assert note.textInteractionFlags() & QtCore.Qt.TextInteractionFlag.TextSelectableByMouse  # copyable

    about = window.about
    folder = supervisor.folders.characters
    about.open_location(folder)
    assert str(folder) in about.folder_note.text() and about.folder_note.isVisibleTo(about)

    # With a file manager: nothing to say (and an old note goes).
    monkeypatch.setattr(tray_module, "open_folder", lambda path: True)
    page.open_button.click()
    assert not note.isVisibleTo(page)


# ----- the header inside Settings -----


async def test_the_header_says_where_in_settings_not_open_settings(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, fake_discord: FakeDiscord, home: Path
) -> None:
    supervisor = await make_supervisor(env={"FAMILIAR_HOME": str(home)})
    await wait_for_state(supervisor, State.NOT_CONFIGURED)
    window = await open_window(supervisor)
    assert "Settings" not in window.status.text()
    assert window.status.text() == "Not set up yet: paste the bot token on the Connection page, then Save"


async def test_the_intents_header_says_what_to_do(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, fake_discord: FakeDiscord
) -> None:
    fake_discord.allowed_privileged_intents = 0
    supervisor = await make_supervisor()
    snapshot = await wait_for_state(supervisor, State.ERROR)
    assert snapshot.error_kind is ErrorKind.INTENTS
    window = await open_window(supervisor)
    assert "see Settings" not in window.status.text()
    assert "Developer Portal" in window.status.text() and "Reconnect now" in window.status.text()


# ----- Connection page layout and the invite link -----


async def test_expanding_advanced_does_not_move_the_fields(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str]
) -> None:
    supervisor = await make_supervisor(env=offline_env)
    window = await open_window(supervisor)
    page = window.connection
    window.show_page(page)
    page._show_advanced(False)
    settle_layouts()
    before = page.token.mapTo(page, QtCore.QPoint(0, 0)).x()
    page.advanced_toggle.click()
    assert page.advanced_shown and page.api_base.isVisibleTo(page)
    settle_layouts()
    assert page.token.mapTo(page, QtCore.QPoint(0, 0)).x() == before
    assert page.api_base.mapTo(page, QtCore.QPoint(0, 0)).x() == before


async def test_after_test_token_the_invite_link_shows_its_start_unselected(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    fake_discord: FakeDiscord,
    home: Path,
    tmp_path: Path,
) -> None:
    supervisor = await make_supervisor(env={"FAMILIAR_HOME": str(home)})
    window = await open_window(supervisor)
    page = window.connection
    window.show_page(page)
    window.activateWindow()
    page.token.setText(fake_discord.token)
    page.api_base.setText(fake_discord.api_base)
    page.test_token_button.setFocus()
    page.test_token_button.click()
    assert page.token_action.task is not None
    await page.token_action.task
    settle_layouts()
    assert page.invite.text().startswith("https://")
    assert not page.invite.hasSelectedText() and page.invite.cursorPosition() == 0
    assert window.focusWidget() is page.test_token_button  # back where the user was, not on the link
    assert "1 server" in page.bot_name.text() and "1 servers" not in page.bot_name.text()
    shoot(window, "connection-after-token-test", tmp_path)


# ----- plurals in the log -----


async def test_connected_log_line_says_one_server(
    make_supervisor: SupervisorFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.supervisor")
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    await settled(supervisor)
    lines = [record.getMessage() for record in caplog.records if "connected as" in record.getMessage()]
    assert lines and all(" in 1 server" in line and "1 servers" not in line for line in lines), lines


# ----- Presets page -----


async def test_preset_ranges_are_written_like_their_fields_and_renames_show_in_use(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str]
) -> None:
    supervisor = await make_supervisor(env=offline_env)
    window = await open_window(supervisor)
    page = window.presets
    hints = [
        label.text()
        for label in page.findChildren(QtWidgets.QLabel)
        if label.text().startswith("How much conversation")
    ]
    assert len(hints) == 1
    budget = page.fields["context_tokens"]
    assert isinstance(budget, QtWidgets.QSpinBox)
    assert f"From {budget.textFromValue(512)} to {budget.textFromValue(1_000_000)}." in hints[0]
    separator = budget.locale().groupSeparator()
    if separator:  # a locale that groups digits: "8,192" beside "1,000,000", never "1000000"
        assert "1000000" not in hints[0] and separator in budget.text()
    temperature = page.fields["temperature"]
    assert isinstance(temperature, SliderSpin)
    temperature_hint = next(
        label.text() for label in page.findChildren(QtWidgets.QLabel) if label.text().startswith("Higher is")
    )
    assert f"From {temperature.spin.textFromValue(0.0)} to {temperature.spin.textFromValue(2.0)}." in temperature_hint

    page.duplicate_button.click()
    await page.last_task  # type: ignore[misc]
    ident = page.choices()[-1][0]
    assert page.in_use.itemText(page.in_use.findData(ident)) == "Balanced (copy)"
    page.name.setText("Stormy nights")
    page.name.textEdited.emit("Stormy nights")
    assert page.in_use.itemText(page.in_use.findData(ident)) == "Stormy nights"  # before any save
    # And in the chat preview, the next time it shows.
    window.show_page(window.preview)
    settle_layouts()
    assert window.preview.preset.itemText(window.preview.preset.findData(ident)) == "Stormy nights"


# ----- labels are never clipped -----


async def test_no_form_label_is_narrower_than_its_ink(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str]
) -> None:
    """Temperature's last e was cut by a pixel or two (plainly seen at 200 %)."""
    supervisor = await make_supervisor(env=offline_env)
    window = await open_window(supervisor)
    window.resize(window.fontMetrics().averageCharWidth() * 170, window.height())
    checked = 0
    for page in window.pages:
        window.show_page(page)
        settle_layouts()
        for label in page.findChildren(RowLabel):
            if not label.isVisibleTo(page) or not label.text():
                continue
            text = label.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            ink = QtGui.QFontMetricsF(label.font()).boundingRect(text)
            assert label.width() >= math.ceil(ink.right()), (page.title, text, label.width(), ink.right())
            checked += 1
    assert checked > 20
