"""Saving: invalid values block it, it writes atomically, reconnects only when needed; closing asks."""

from __future__ import annotations

import json
from pathlib import Path

from bot.secrets import SecretStore
from bot.settings import load_settings
from bot.supervisor import State
from desktop.settings import dialogs
from tests.conftest import SupervisorFactory, wait_for_state
from tests.desktop.conftest import wait_until
from tests.desktop.settings.conftest import WindowFactory, loaded, settled, shoot
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel


async def test_invalid_values_are_marked_at_the_field_and_block_saving(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, home: Path, tmp_path: Path
) -> None:
    supervisor = await make_supervisor(env={"FAMILIAR_HOME": str(home)})
    window = await open_window(supervisor)
    page = window.connection
    settings_file = supervisor.folders.settings_file
    before = settings_file.read_bytes() if settings_file.exists() else None

    window.show_page(window.about)
    page.base_url.setText("not a url")
    page.model.setCurrentText("")
    page.api_base.setText("ftp://example.com")
    assert not await window.save_now()

    assert window.stack.currentWidget() is page  # taken to the first problem
    for name, reason in (
        ("openai_base_url", "must be an http:// or https:// URL"),
        ("model", "String should have at least 1 character"),
        ("discord_api_base", "must be an http:// or https:// URL"),
    ):
        field, label = page.errors._fields[name]
        assert label.text() == reason and label.isVisibleTo(page), name
        assert field.property("invalid") is True and field.accessibleDescription() == reason
    assert page.advanced_shown  # the Discord API base row was revealed to show its error
    assert window.message.text() == "Not saved: fix the marked fields."
    assert (settings_file.read_bytes() if settings_file.exists() else None) == before
    shoot(window, "invalid-fields", tmp_path)

    # Fixing them clears the marks and saves.
    page.base_url.setText("http://localhost:11434/v1")
    page.model.setCurrentText("llama3.1")
    page.api_base.setText("https://discord.com/api/v10")
    assert await window.save_now()
    assert not page.errors._fields["openai_base_url"][1].isVisibleTo(page)
    assert page.base_url.property("invalid") is False
    assert load_settings(supervisor.folders).model == "llama3.1"


async def test_saving_is_atomic_and_reconnects_only_when_the_connection_changed(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    home: Path,
) -> None:
    supervisor = await make_supervisor(env={"FAMILIAR_HOME": str(home)})
    await wait_for_state(supervisor, State.NOT_CONFIGURED)
    window = await open_window(supervisor)
    page = window.connection
    folders = supervisor.folders

    # First save with a token: the bot comes online (one IDENTIFY).
    page.token.setText(fake_discord.token)
    page.api_base.setText(fake_discord.api_base)
    page.base_url.setText(fake_model.base_url)
    page.api_key.setText(fake_model.api_key or "")
    page.model.setCurrentText("fake-model")
    assert await window.save_now()
    assert window.message.text().startswith("Saved. Reconnecting to Discord")
    await wait_for_state(supervisor, State.CONNECTED)
    assert fake_discord.identify_count == 1
    assert SecretStore(folders).load().discord_token == fake_discord.token
    assert fake_discord.token not in folders.settings_file.read_text()  # secrets never in settings.json

    # A model change: saved atomically (a new file replaces the old), applied, no reconnect.
    inode = folders.settings_file.stat().st_ino
    page.model.setCurrentText("fake-model-large")
    window.behaviour.cooldown.setValue(5)
    assert window.dirty
    assert await window.save_now()
    assert window.message.text() == "Saved." and not window.dirty
    assert folders.settings_file.stat().st_ino != inode
    assert not [p.name for p in folders.config.iterdir() if p.name.endswith(".tmp")]
    saved = json.loads(folders.settings_file.read_text())
    assert (saved["model"], saved["user_cooldown_seconds"]) == ("fake-model-large", 5)
    assert supervisor.config is not None and supervisor.config.model == "fake-model-large"
    assert fake_discord.identify_count == 1 and supervisor.snapshot.state is State.CONNECTED

    # Saving with nothing changed does not reconnect either.
    assert await window.save_now()
    assert fake_discord.identify_count == 1

    # The Discord API base changed (same server, another spelling): reconnect.
    page.api_base.setText(fake_discord.api_base.replace("127.0.0.1", "localhost"))
    assert await window.save_now()
    await fake_discord.wait_for_identify(2)
    await wait_for_state(supervisor, State.CONNECTED)
    assert load_settings(folders).discord_api_base.startswith("http://localhost:")
    await settled(supervisor)


async def test_closing_with_unsaved_changes_asks_save_discard_or_cancel(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, tmp_path: Path
) -> None:
    supervisor = await make_supervisor()
    window = await open_window(supervisor)
    assert not window.close_prompt
    window.close()  # nothing changed: closes without asking
    assert not window.isVisible() and window.close_prompt is None

    window.open()
    await loaded(window)
    window.behaviour.reply_in_dms.setChecked(False)
    assert window.dirty and window.isWindowModified()

    # Cancel: the window stays open with the change.
    window.close()
    prompt = window.close_prompt
    assert prompt is not None and prompt.isVisible() and window.isVisible()
    assert prompt.text() == "Save your changes before closing?"
    shoot(prompt, "unsaved-changes-prompt", tmp_path)
    prompt.button(dialogs.Button.Cancel).click()
    await wait_until(lambda: not prompt.isVisible(), what="prompt gone")
    assert window.isVisible() and window.dirty and not window.behaviour.reply_in_dms.isChecked()

    # Discard: closes, and the saved value comes back.
    window.close()
    window.close_prompt.button(dialogs.Button.Discard).click()  # type: ignore[union-attr]
    await wait_until(lambda: not window.isVisible(), what="closed")
    await loaded(window)
    assert window.behaviour.reply_in_dms.isChecked() and not window.dirty  # reverted
    assert load_settings(supervisor.folders).reply_in_dms

    # Save: saves, then closes.
    window.open()
    await loaded(window)
    window.behaviour.reply_in_dms.setChecked(False)
    window.close()
    window.close_prompt.button(dialogs.Button.Save).click()  # type: ignore[union-attr]
    await wait_until(lambda: not window.isVisible(), what="saved and closed")
    assert not load_settings(supervisor.folders).reply_in_dms


async def test_main_window_mode_quits_after_asking(
    make_supervisor: SupervisorFactory, open_window: WindowFactory
) -> None:
    supervisor = await make_supervisor()
    window = await open_window(supervisor)
    quits: list[bool] = []
    window.quit_requested.connect(lambda: quits.append(True))
    window.set_main_window(True)
    assert window.quit_button.isVisible()
    window.behaviour.cooldown.setValue(12)
    window.close()
    assert quits == [] and window.close_prompt is not None
    window.close_prompt.button(dialogs.Button.Discard).click()
    await wait_until(lambda: quits == [True], what="quit after discarding")
