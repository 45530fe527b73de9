"""Status lines tell the present, or fade (issue 14).

"Saved. Reconnecting to Discord…" stayed minutes after the bot was connected,
"The token works: this is Aria" stayed while the header said Discord rejected
it, "Made “Balanced (copy)”…" stayed after the copy was renamed and saved.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.supervisor import ErrorKind, State
from desktop.settings import status_line
from tests.conftest import SupervisorFactory, wait_for_state
from tests.desktop.conftest import wait_until
from tests.desktop.settings.conftest import WindowFactory, settled
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel

#: Confirmations fade after FADE_SECONDS; the tests do not wait ten seconds for it.
FADE = 0.3


@pytest.fixture(autouse=True)
def quick_fade(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(status_line, "FADE_SECONDS", FADE)


async def test_saved_reconnecting_becomes_connected_then_fades(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    home: Path,
) -> None:
    env = {"FAMILIAR_HOME": str(home), "FAMILIAR_OPENAI_BASE_URL": fake_model.base_url, "FAMILIAR_MODEL": "fake-model"}
    supervisor = await make_supervisor(env=env)
    await wait_for_state(supervisor, State.NOT_CONFIGURED)
    window = await open_window(supervisor)
    page = window.connection
    page.token.setText(fake_discord.token)
    page.api_base.setText(fake_discord.api_base)
    assert await window.save_now()
    assert window.message.text() == "Saved. Reconnecting to Discord with the new connection settings…"
    assert not window.message.fading  # true until the bot is connected: it does not fade on its own

    await wait_for_state(supervisor, State.CONNECTED)
    assert window.message.text() == "Saved, and connected to Discord with the new settings."
    assert window.message.fading
    await wait_until(lambda: window.message.text() == "", timeout=FADE + 5, what="the confirmation to fade")
    await settled(supervisor)

    # A save that does not reconnect: "Saved." and gone soon; an edit clears it at once.
    page.timeout.setValue(42)
    assert await window.save_now()
    assert window.message.text() == "Saved." and window.message.fading
    await wait_until(lambda: window.message.text() == "", timeout=FADE + 5, what="Saved. to fade")


async def test_saved_reconnecting_is_cleared_when_the_bot_will_not_connect(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    home: Path,
) -> None:
    env = {"FAMILIAR_HOME": str(home), "FAMILIAR_OPENAI_BASE_URL": fake_model.base_url, "FAMILIAR_MODEL": "fake-model"}
    supervisor = await make_supervisor(env=env)
    window = await open_window(supervisor)
    page = window.connection
    page.token.setText("not-the-token")
    page.api_base.setText(fake_discord.api_base)
    assert await window.save_now()
    assert window.message.text().startswith("Saved. Reconnecting")
    await wait_for_state(supervisor, State.ERROR)
    assert window.message.text() == ""  # the header says what is wrong now
    assert "Discord rejected the token" in window.status.text()


async def test_a_token_test_is_forgotten_when_discord_rejects_that_token_later(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, fake_discord: FakeDiscord
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    window = await open_window(supervisor)
    page = window.connection
    page.test_token_button.click()
    assert page.token_action.task is not None
    await page.token_action.task
    assert page.token_action.result.text().startswith("The token works: this is Aria.")
    assert page.identity_box.isVisibleTo(page)

    # The token is reset in the Developer Portal: Discord now refuses it.
    fake_discord.reject_identify_with(4004)
    supervisor.reconnect_now()
    snapshot = await wait_for_state(supervisor, State.ERROR)
    assert snapshot.error_kind is ErrorKind.AUTH
    assert page.token_action.result.text() == "" and not page.token_action.result.isVisibleTo(page)
    assert not page.identity_box.isVisibleTo(page)
    assert "FAMILIAR_DISCORD_TOKEN" in window.status.text()  # the header: the environment's token, and what to do


async def test_a_token_test_is_forgotten_when_the_token_is_edited(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, fake_discord: FakeDiscord, home: Path
) -> None:
    supervisor = await make_supervisor(env={"FAMILIAR_HOME": str(home)})
    window = await open_window(supervisor)
    page = window.connection
    page.token.setText(fake_discord.token)
    page.api_base.setText(fake_discord.api_base)
    page.test_token_button.click()
    assert page.token_action.task is not None
    await page.token_action.task
    assert page.token_action.result.text().startswith("The token works")
    page.token.setFocus()
    page.token.end(False)
    page.token.insert("x")  # the user types: a different token from the one tested
    page.token.textEdited.emit(page.token.text())
    assert page.token_action.result.text() == "" and not page.identity_box.isVisibleTo(page)

    page.copy_invite.click()
    assert page.token_action.result.text() == "Invite link copied." and page.token_action.result.fading
    await wait_until(lambda: not page.token_action.result.isVisibleTo(page), timeout=FADE + 5, what="the note to fade")


async def test_made_a_copy_fades_and_is_gone_after_the_rename_and_save(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str]
) -> None:
    supervisor = await make_supervisor(env=offline_env)
    window = await open_window(supervisor)
    page = window.presets
    page.duplicate_button.click()
    await page.last_task  # type: ignore[misc]
    assert page.message.text() == "Made “Balanced (copy)”: change it, then Save." and page.message.fading
    await wait_until(lambda: not page.message.isVisibleTo(page), timeout=FADE + 5, what="the note to fade")

    page.duplicate_button.click()
    await page.last_task  # type: ignore[misc]
    assert page.message.text().startswith("Made “Balanced (copy) (copy)”")
    page.name.setText("Stormy")
    page.name.textEdited.emit("Stormy")  # renamed: the note named the old name
    assert page.message.text() == ""

    # An instruction that does not fade (a character's new avatar waits for Save) goes with the save.
    page._say("Something to Save for.")
    assert await window.save_now()
    assert page.message.text() == ""
    page._say("A problem.", error=True)
    assert await window.save_now()
    assert page.message.text() == "A problem."  # errors stay until something replaces them


async def test_model_results_are_forgotten_when_the_server_key_or_model_is_edited(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, fake_model: FakeModel, home: Path
) -> None:
    supervisor = await make_supervisor(env={"FAMILIAR_HOME": str(home)})
    window = await open_window(supervisor)
    page = window.connection
    page.base_url.setText(fake_model.base_url)
    page.api_key.setText(fake_model.api_key or "")
    page.model.setCurrentText("fake-model")
    page.refresh_models_button.click()
    assert page.models_action.task is not None
    await page.models_action.task
    page.test_model_button.click()
    assert page.model_action.task is not None
    await page.model_action.task
    assert "models available" in page.models_action.result.text()
    assert page.model_action.result.text().startswith("The model answered")

    page.model.lineEdit().textEdited.emit("other-model")  # type: ignore[union-attr]
    assert page.model_action.result.text() == ""  # about another model now
    assert "models available" in page.models_action.result.text()  # the same server's list still
    page.api_key.textEdited.emit("another-key")
    assert page.models_action.result.text() == ""
