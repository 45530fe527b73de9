"""The chat preview looks like a chat: avatar, name and Discord's Markdown, streamed too (issue 14)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6 import QtCore, QtGui

from bot.characters import Character, CharacterStore
from desktop.settings.discord_markdown import SPOILER_SCHEME
from tests.conftest import SupervisorFactory
from tests.desktop.conftest import wait_until
from tests.desktop.settings.conftest import WindowFactory, shoot
from tests.desktop.settings.test_discord_markdown import styles
from tests.fakes.openai_server import FakeModel

ZED = Character(
    id="zed",
    name="Zed",
    description="A quiet lighthouse keeper.",
    first_mes="*looks up from the logbook* Evening, **{{user}}**.",
)
REPLY = (
    "## The lamp\n"
    "It is **lit**, the sea is __calm__ and the ~~storm~~ is gone.\n"
    "> A keeper keeps.\n"
    "Who rang? ||the ghost||\n"
    "-# the logbook says so\n"
    "```\nwind: 4 knots\n```\n"
    "Use `lamp.on()` at dusk."
)


def fragments(document: QtGui.QTextDocument) -> dict[str, frozenset[str]]:
    """{run text: styles} of every run drawn in the transcript."""
    found: dict[str, frozenset[str]] = {}
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid() and fragment.text().strip():
                found[fragment.text()] = styles(fragment.charFormat())
            iterator += 1
        block = block.next()
    return found


async def test_turns_show_avatar_name_and_discord_markdown(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    offline_env: dict[str, str],
    fake_model: FakeModel,
    tmp_path: Path,
) -> None:
    supervisor = await make_supervisor(env=offline_env)
    CharacterStore(supervisor.folders.characters).save(ZED)
    window = await open_window(supervisor)
    window.behaviour.greeting.setCurrentIndex(window.behaviour.greeting.findData("first"))
    page = window.preview
    window.show_page(page)
    page.character.setCurrentIndex(page.character.findData("zed"))
    page.greet()

    # The greeting: italics and bold from the card, the name beside its avatar, tagged APP.
    assert page.transcript_text() == "Zed: looks up from the logbook Evening, You."
    runs = fragments(page.transcript.document())
    assert runs["looks up from the logbook"] >= {"italic"}
    assert runs["You"] >= {"bold"}
    assert "\u00a0APP\u00a0" in runs
    assert page.transcript.document().toHtml().count("avatar:character/zed") >= 1

    fake_model.reply = REPLY
    fake_model.chunk_delay = 0.01
    page.input.setPlainText("Is the **lamp** lit?")
    page.send_button.click()
    assert page.action.task is not None
    # Streamed: Markdown already drawn while the reply arrives (the bold "lit" before the end).
    await wait_until(
        lambda: fragments(page.transcript.document()).get("lit", frozenset()) >= {"bold"} and page.action.running,
        what="a bold word mid-stream",
    )
    await asyncio.wait_for(asyncio.shield(page.action.task), 10)

    runs = fragments(page.transcript.document())
    assert runs["lamp"] >= {"bold"}  # the user's message is Markdown too
    assert runs["calm"] >= {"underline"} and runs["storm"] >= {"strike"}
    assert runs["the ghost"] >= {"link=spoiler:2.0"}  # hidden: a dark box, a click reveals it
    assert any("code" in style and "lamp.on()" in text for text, style in runs.items())
    assert "## " not in page.transcript_text() and "||" not in page.transcript_text()
    text = page.transcript_text()
    assert text.startswith("Zed: looks up from the logbook Evening, You.\nYou: Is the lamp lit?\nZed: The lamp\n")
    assert "wind: 4 knots" in text and "A keeper keeps." in text
    assert page.history[-1].content == REPLY  # the words are kept as the model wrote them
    shoot(window, "chat-preview-markdown", tmp_path)

    page._on_link(QtCore.QUrl(f"{SPOILER_SCHEME}:2.0"))
    runs = fragments(page.transcript.document())
    assert not any(style.startswith("link=") for style in runs["the ghost"])
    shoot(window, "chat-preview-spoiler-revealed", tmp_path)
    assert page.input.hasFocus() or page.window().focusWidget() is not page.action.cancel_button
