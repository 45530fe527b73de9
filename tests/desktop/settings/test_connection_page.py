"""Connection page against the fake Discord and model servers: token test, model list, model test."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6 import QtGui

from bot.checks import INVITE_PERMISSIONS
from bot.settings import Settings
from bot.supervisor import State
from tests.conftest import SupervisorFactory, wait_for_state
from tests.desktop.conftest import wait_until
from tests.desktop.settings.conftest import WindowFactory, shoot
from tests.desktop.settings.test_characters_page import avatar_png
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel


async def test_token_test_shows_the_bot_name_and_the_invite_link(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    fake_discord: FakeDiscord,
    home: Path,
    tmp_path: Path,
) -> None:
    # Not configured: the token is typed into the window, the test logs in through the gateway.
    supervisor = await make_supervisor(env={"FAMILIAR_HOME": str(home)})
    await wait_for_state(supervisor, State.NOT_CONFIGURED)
    window = await open_window(supervisor)
    page = window.connection
    assert page.token.echoMode() == page.token.EchoMode.Password
    page.show_token.setChecked(True)
    assert page.token.echoMode() == page.token.EchoMode.Normal
    page.show_token.setChecked(False)

    page.token.setText(fake_discord.token)
    page.api_base.setText(fake_discord.api_base)
    identifies = fake_discord.identify_count
    page.test_token_button.click()
    assert page.token_action.running and not page.test_token_button.isEnabled()
    assert page.token_action.progress.isVisibleTo(page) and page.token_action.cancel_button.isVisibleTo(page)
    await asyncio.wait_for(asyncio.shield(page.token_action.task), 10)  # type: ignore[arg-type]

    assert "Aria" in page.bot_name.text() and "1 server" in page.bot_name.text()
    assert "The token works: this is Aria." in page.token_action.result.text()
    assert fake_discord.identify_count == identifies + 1  # a real gateway handshake...
    assert supervisor.snapshot.state is State.NOT_CONFIGURED  # ...that changed nothing
    assert page.test_token_button.isEnabled() and not page.token_action.progress.isVisibleTo(page)
    invite = page.invite.text()
    assert f"client_id={fake_discord.application_id}" in invite and f"permissions={INVITE_PERMISSIONS}" in invite
    assert INVITE_PERMISSIONS == 277562330112
    page.copy_invite.click()
    assert QtGui.QGuiApplication.clipboard().text() == invite
    window.show_page(page)
    shoot(window, "connection", tmp_path)


async def test_bad_token_and_intents_off_show_the_problem(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, fake_discord: FakeDiscord, home: Path
) -> None:
    supervisor = await make_supervisor(env={"FAMILIAR_HOME": str(home)})
    window = await open_window(supervisor)
    page = window.connection
    page.api_base.setText(fake_discord.api_base)

    page.token.setText("not-the-token")
    page.test_token_button.click()
    await asyncio.wait_for(asyncio.shield(page.token_action.task), 10)  # type: ignore[arg-type]
    assert page.token_action.result.text().startswith("Discord rejected this bot token.")
    assert "Traceback" not in page.token_action.result.text()
    assert not page.identity_box.isVisibleTo(page)

    page.token.setText("")
    page.test_token_button.click()
    await asyncio.wait_for(asyncio.shield(page.token_action.task), 10)  # type: ignore[arg-type]
    assert page.token_action.result.text() == "Paste the bot token first."

    # The portal's switch is off: Discord closes the IDENTIFY with 4014.
    fake_discord.allowed_privileged_intents = 0
    page.token.setText(fake_discord.token)
    page.test_token_button.click()
    await asyncio.wait_for(asyncio.shield(page.token_action.task), 10)  # type: ignore[arg-type]
    assert "Message Content intent is off" in page.token_action.result.text()

    page.api_base.setText("not a url")
    page.test_token_button.click()
    assert "http:// or https://" in page.errors._fields["discord_api_base"][1].text()
    assert page.advanced_shown and page.api_base.isVisibleTo(page)


async def test_live_token_is_checked_without_a_second_session(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, fake_discord: FakeDiscord
) -> None:
    supervisor = await make_supervisor()  # connected through the environment's token
    await wait_for_state(supervisor, State.CONNECTED)
    window = await open_window(supervisor)
    page = window.connection
    assert f"client_id={fake_discord.application_id}" in page.invite.text()  # known from the live client
    page.token.setText(fake_discord.token)
    page.api_base.setText(fake_discord.api_base)
    identifies = fake_discord.identify_count
    page.test_token_button.click()
    await asyncio.wait_for(asyncio.shield(page.token_action.task), 10)  # type: ignore[arg-type]
    assert "Aria" in page.bot_name.text() and "1 server" in page.bot_name.text()
    assert fake_discord.identify_count == identifies
    assert supervisor.snapshot.state is State.CONNECTED


async def test_model_list_fills_and_model_test_shows_reply_and_latency(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, fake_model: FakeModel, home: Path
) -> None:
    # The model fields typed here, not set by FAMILIAR_* variables (those lock them: test_locked_fields).
    supervisor = await make_supervisor(env={"FAMILIAR_HOME": str(home)})
    window = await open_window(supervisor)
    page = window.connection
    page.base_url.setText(fake_model.base_url)
    page._sync_provider()
    assert page.provider.currentText() == "Custom"
    page.api_key.setText(fake_model.api_key or "")
    page.model.setCurrentText("fake-model")

    page.refresh_models_button.click()
    await asyncio.wait_for(asyncio.shield(page.models_action.task), 10)  # type: ignore[arg-type]
    assert [page.model.itemText(i) for i in range(page.model.count())] == fake_model.models
    assert page.model.currentText() == "fake-model"
    assert "2 models available" in page.models_action.result.text()

    fake_model.reply = "Hello there, friend!"
    page.test_model_button.click()
    await asyncio.wait_for(asyncio.shield(page.model_action.task), 10)  # type: ignore[arg-type]
    text = page.model_action.result.text()
    assert "“Hello there, friend!”" in text and " s:" in text
    assert fake_model.completions[-1]["model"] == "fake-model"

    page.api_key.setText("wrong-key")
    page.test_model_button.click()
    await asyncio.wait_for(asyncio.shield(page.model_action.task), 10)  # type: ignore[arg-type]
    assert page.model_action.result.text() == "The model server rejected the API key."

    # Provider presets fill the base URL.
    page.provider.setCurrentIndex(2)
    page.provider.activated.emit(2)
    assert page.base_url.text() == "http://localhost:11434/v1"
    assert window.dirty


async def test_a_slow_model_test_can_be_cancelled_and_the_window_stays_responsive(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor()
    window = await open_window(supervisor)
    page = window.connection
    page.base_url.setText(fake_model.base_url)
    page.api_key.setText(fake_model.api_key or "")
    page.model.setCurrentText("fake-model")
    fake_model.delay = 30
    page.test_model_button.click()
    task = page.model_action.task
    assert task is not None
    # The loop keeps turning while the request hangs: other coroutines and Qt events run.
    await asyncio.sleep(0.2)
    assert page.model_action.running and page.model_action.result.text() == "Sending one short request…"
    page.model_action.cancel_button.click()
    await asyncio.wait_for(asyncio.shield(task), 5)
    assert page.model_action.result.text() == "Cancelled."
    assert page.test_model_button.isEnabled() and not page.model_action.cancel_button.isVisibleTo(page)


async def test_a_model_that_refuses_images_is_noted_until_the_model_changes(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    home: Path,
    tmp_path: Path,
) -> None:
    # Saved (not environment) model settings, so that the model can be changed here.
    env = {
        "FAMILIAR_HOME": str(home),
        "FAMILIAR_DISCORD_TOKEN": fake_discord.token,
        "FAMILIAR_DISCORD_API_BASE": fake_discord.api_base,
        "FAMILIAR_OPENAI_API_KEY": fake_model.api_key or "",
    }
    supervisor = await make_supervisor(Settings(openai_base_url=fake_model.base_url, model="fake-model"), env=env)
    await wait_for_state(supervisor, State.CONNECTED)
    window = await open_window(supervisor)
    page = window.connection
    window.show_page(page)
    assert not page.images_note.isVisibleTo(page)

    # Someone posts a picture; the model answers that it cannot take images.
    fake_model.text_only = True
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    said = await fake_discord.user_says(
        general,
        fake_discord.alice,
        "look",
        mentions_bot=True,  # type: ignore[attr-defined]
        attachments=[("red.png", avatar_png(), "image/png")],
    )
    await fake_discord.wait_for_replies(said)
    assert fake_model.image_rejections == 1
    # The page finds out on its own while it is shown (the bot publishes no snapshot for it).
    await wait_until(lambda: page.images_note.isVisibleTo(page), timeout=5, what="the text-only note")
    assert "fake-model answered that it cannot take images" in page.images_note.text()
    assert "until the model changes" in page.images_note.text()
    shoot(window, "connection-text-only-model", tmp_path)

    # A model change through Save: a new model is not known to refuse images.
    page.model.setCurrentText("fake-model-large")
    assert await window.save_now()
    assert not page.images_note.isVisibleTo(page)
    # End at rest: a connected bot's watchdog could wake while pytest-qt processes events after the test.
    supervisor.pause()
    await wait_for_state(supervisor, State.PAUSED)
