"""Fields a FAMILIAR_* variable sets cannot change by any path, and the banner says why (issue 14).

A new user set FAMILIAR_MODEL, fetched the model list, picked another model and
saved: the window said "Saved." and showed the new model while the bot kept the
environment's. Now the list, the provider presets, typing and Revert all leave
the environment's value in place.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtTest

from bot.settings import load_settings
from desktop.settings.form import line_edit
from tests.conftest import SupervisorFactory
from tests.desktop.settings.conftest import WindowFactory, shoot
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel

LOCKED = {"discord_token", "discord_api_base", "openai_base_url", "openai_api_key", "model"}


async def test_locked_fields_keep_the_environment_values_whatever_the_path(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    offline_env: dict[str, str],
    fake_model: FakeModel,
    fake_discord: FakeDiscord,
    tmp_path: Path,
) -> None:
    env = {**offline_env, "FAMILIAR_DISCORD_TOKEN": fake_discord.token}
    supervisor = await make_supervisor(env=env)
    window = await open_window(supervisor)
    page = window.connection
    assert page.locked_fields == LOCKED
    model = line_edit(page.model)
    assert page.model.currentText() == "fake-model" and model.isReadOnly()

    # The banner: which fields, which variables, why they are read-only, and what to do instead.
    banner = page.overrides.text()
    assert page.overrides.isVisibleTo(page)
    for words in (
        "Model (FAMILIAR_MODEL)",
        "Base URL (FAMILIAR_OPENAI_BASE_URL)",
        "Discord bot token (FAMILIAR_DISCORD_TOKEN)",
        "win over anything saved here",
        "cannot be changed",
        "change or remove the variable",
    ):
        assert words in banner, words

    # No list to pick another model from, and the list button says why it is off.
    assert not page.refresh_models_button.isEnabled()
    assert "FAMILIAR_MODEL" in page.refresh_models_button.toolTip()
    assert page.model.count() == 0
    assert "set by FAMILIAR_MODEL" in page._on_models(["gpt-4o", "fake-model"])
    assert page.model.count() == 0 and page.model.currentText() == "fake-model"
    window.show_page(page)
    shoot(window, "connection-environment-locked", tmp_path)

    # A pick from the list however it got there, a programmatic set, typing: all undone at once.
    page.model.addItem("gpt-4o")
    page.model.setCurrentIndex(page.model.findText("gpt-4o"))
    page.model.activated.emit(page.model.currentIndex())
    assert page.model.currentText() == "fake-model"
    page.model.setCurrentText("something-else")
    assert page.model.currentText() == "fake-model"
    model.setFocus()
    QtTest.QTest.keyClicks(model, "xyz")
    QtTest.QTest.keyClick(model, QtCore.Qt.Key.Key_Backspace)
    assert page.model.currentText() == "fake-model"

    # A provider preset does not replace the environment's base URL (the picker is off, and ignored).
    assert not page.provider.isEnabled()
    page.provider.setCurrentIndex(0)
    page.provider.activated.emit(0)
    assert page.base_url.text() == fake_model.base_url
    assert page.provider.currentText() == "Custom"
    page.token.setText("typed-over")
    assert page.token.text() == fake_discord.token

    # Save: the saved settings keep their own model, the field keeps the environment's.
    page.timeout.setValue(45)
    assert await window.save_now()
    assert window.message.text() == "Saved."
    assert page.model.currentText() == "fake-model"
    assert load_settings(supervisor.folders).model == "gpt-4o-mini"  # what was saved before, untouched
    assert supervisor.config is not None and supervisor.config.model == "fake-model"

    # Revert reloads what is saved, and the environment's values over it.
    page.timeout.setValue(90)
    page.timeout.valueChanged.emit(90)
    assert window.dirty
    window.revert()
    await window._load_task  # type: ignore[misc]
    assert page.model.currentText() == "fake-model" and page.base_url.text() == fake_model.base_url
    assert page.timeout.value() == 45


async def test_unlocked_fields_still_take_a_pick_from_the_list(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, fake_model: FakeModel, home: Path
) -> None:
    supervisor = await make_supervisor(env={"FAMILIAR_HOME": str(home)})
    window = await open_window(supervisor)
    page = window.connection
    assert page.locked_fields == set() and not page.overrides.isVisibleTo(page)
    assert page.refresh_models_button.isEnabled() and page.provider.isEnabled()
    page._on_models(["gpt-4o", "fake-model"])
    page.model.setCurrentIndex(page.model.findText("gpt-4o"))
    assert page.model.currentText() == "gpt-4o"
    assert await window.save_now()
    assert load_settings(supervisor.folders).model == "gpt-4o"
