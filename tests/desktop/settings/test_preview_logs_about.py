"""Chat preview (streamed, no Discord), Logs (filter, search, copy, open folder), About."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from PySide6 import QtGui

from bot import __version__
from bot.characters import Character, CharacterStore
from desktop import tray as tray_module
from tests.conftest import SupervisorFactory
from tests.desktop.conftest import wait_until
from tests.desktop.settings.conftest import WindowFactory, shoot
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel


async def test_preview_streams_a_reply_with_the_selected_character_and_preset(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    fake_model: FakeModel,
    fake_discord: FakeDiscord,
    tmp_path: Path,
) -> None:
    supervisor = await make_supervisor()
    CharacterStore(supervisor.folders.characters).save(
        Character(id="zed", name="Zed", description="A quiet lighthouse keeper.")
    )
    window = await open_window(supervisor)
    window.connection.model.setCurrentText("fake-model")  # typed, not saved: the preview uses it
    page = window.preview
    window.show_page(page)
    page.character.setCurrentIndex(page.character.findData("zed"))
    page.preset.setCurrentIndex(page.preset.findData("precise"))
    assert "fake-model" in page.model_note.text()
    fake_model.reply = "The lamp is lit and the sea is calm tonight."
    fake_model.chunk_delay = 0.01
    sent_before = len(fake_discord.sent)

    page.input.setPlainText("Hello there")
    page.send_button.click()
    assert page.action.running and not page.send_button.isEnabled()
    assert page.action.task is not None
    # Streamed: the transcript grows while the reply is still arriving.
    await wait_until(lambda: "The lamp" in page.transcript_text() and page.action.running, what="a partial reply")
    assert "calm tonight." not in page.transcript_text()
    await asyncio.wait_for(asyncio.shield(page.action.task), 10)
    assert page.deltas > 3
    assert "Zed: The lamp is lit and the sea is calm tonight." in page.transcript_text()
    assert "You: Hello there" in page.transcript_text()

    request = fake_model.completions[-1]
    assert request["model"] == "fake-model" and request["stream"] is True
    assert request["temperature"] == 0.3  # the Precise preset
    assert "lighthouse keeper" in request["messages"][0]["content"]
    assert request["messages"][-1] == {"role": "user", "content": "You: Hello there"}
    assert len(fake_discord.sent) == sent_before  # nothing went to Discord
    shoot(window, "chat-preview", tmp_path)

    fake_model.reply = "A different answer."
    page.regenerate_button.click()
    await asyncio.wait_for(asyncio.shield(page.action.task), 10)  # type: ignore[arg-type]
    assert "A different answer." in page.transcript_text() and "calm tonight" not in page.transcript_text()
    assert [turn.is_bot for turn in page.history] == [False, True]

    page.clear_button.click()
    assert page.history == [] and page.transcript_text() == ""

    fake_model.fail_next(401)
    page.input.setPlainText("Again")
    page.send_button.click()
    await asyncio.wait_for(asyncio.shield(page.action.task), 10)  # type: ignore[arg-type]
    assert page.action.result.text() == "The model server rejected the API key."


async def test_logs_page_filters_searches_copies_and_opens_the_folder(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(tray_module, "open_folder", lambda path: opened.append(path) or True)
    supervisor = await make_supervisor()
    window = await open_window(supervisor)
    page = window.logs
    window.show_page(page)
    logger = logging.getLogger("familiar.test")
    logger.setLevel(logging.INFO)
    logger.info("an ordinary line about the weather")
    logger.warning("a warning about the lamp")
    await wait_until(lambda: "about the lamp" in page.view.toPlainText(), what="live log line")
    assert "about the weather" in page.view.toPlainText()

    page.level.setCurrentIndex(page.level.findData(logging.WARNING))
    assert "about the weather" not in page.view.toPlainText() and "about the lamp" in page.view.toPlainText()
    page.level.setCurrentIndex(page.level.findData(logging.INFO))
    page.search.setText("WEATHER")
    assert "about the weather" in page.view.toPlainText() and "about the lamp" not in page.view.toPlainText()
    page.copy_button.click()
    assert "about the weather" in QtGui.QGuiApplication.clipboard().text()
    page.search.clear()
    shoot(window, "logs", tmp_path)

    page.open_button.click()
    assert opened == [supervisor.folders.logs]


async def test_about_page_shows_version_and_folders(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, tmp_path: Path
) -> None:
    supervisor = await make_supervisor()
    window = await open_window(supervisor)
    window.show_page(window.about)
    texts = [label.text() for label in window.about.findChildren(type(window.status))]
    assert f"Familiar {__version__}" in texts
    assert str(supervisor.folders.settings_file) in texts and str(supervisor.folders.logs) in texts
    assert "secrets.json" in window.about.secrets_where.text()  # the file fallback in tests
    shoot(window, "about", tmp_path)
