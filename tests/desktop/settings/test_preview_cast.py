"""Chat preview with a cast: a group chat without Discord.

Who answers follows `bot.cast` as in a channel with a cast; each character gets
its own prompt (its card, the others listed); every turn shows its speaker's
avatar and name; characters talking to each other stop at the chain limit.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6 import QtCore, QtGui

from bot.characters import Character, CharacterStore
from bot.settings import Settings
from desktop.settings.preview_page import AVATAR_SIZE, PreviewPage
from desktop.settings.window import SettingsWindow
from tests.conftest import SupervisorFactory
from tests.desktop.conftest import wait_until
from tests.desktop.settings.conftest import WindowFactory, shoot
from tests.fakes.openai_server import FakeModel

ANN = Character(
    id="ann",
    name="Ann",
    description="A retired sea captain who tells tall tales.",
    first_mes="Ahoy, {{user}}!",
)
BRAM = Character(
    id="bram",
    name="Bram",
    description="A baker from the hills who hums while he kneads.",
    first_mes="Fresh bread, {{user}}?",
)
#: Bram's avatar: a plain orange picture, so the test can tell it from Ann's placeholder disc.
ORANGE = (240, 140, 20)
WRITE_ONLY = re.compile(r"Write only (.+?)'s next reply\.")


def orange_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (200, 120), ORANGE).save(out, "PNG")
    return out.getvalue()


def speaker_of(body: dict[str, Any]) -> str:
    """Whose reply the prompt asks for (a group prompt's last line says it)."""
    for message in body["messages"]:
        found = WRITE_ONLY.search(message["content"]) if message["role"] == "system" else None
        if found:
            return found.group(1)
    return "?"


def system_of(body: dict[str, Any]) -> str:
    return str(body["messages"][0]["content"])


async def cast_window(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    env: dict[str, str],
    settings: Settings | None = None,
) -> tuple[SettingsWindow, PreviewPage]:
    supervisor = await make_supervisor(settings, env=env)
    store = CharacterStore(supervisor.folders.characters)
    store.save(ANN)
    store.save(BRAM, avatar_png=orange_png())
    window = await open_window(supervisor)
    window.connection.model.setCurrentText("fake-model")
    page = window.preview
    window.show_page(page)
    page.character.setCurrentIndex(page.character.findData("ann"))
    item = next(
        page.cast_list.item(row)
        for row in range(page.cast_list.count())
        if page.cast_list.item(row).data(QtCore.Qt.ItemDataRole.UserRole) == "bram"
    )
    item.setCheckState(QtCore.Qt.CheckState.Checked)  # as a click on its box does
    assert page.cast_ids() == ["ann", "bram"]
    assert page.avatar_task is not None
    await asyncio.wait_for(asyncio.shield(page.avatar_task), 10)
    return window, page


async def say(page: PreviewPage, text: str) -> None:
    page.input.setPlainText(text)
    page.send_button.click()
    assert page.action.task is not None
    await asyncio.wait_for(asyncio.shield(page.action.task), 10)
    assert page.action.result.text() == "", page.action.result.text()


def spoke(page: PreviewPage) -> list[str | None]:
    """Who said each character turn, by character id."""
    return [turn.character_id for turn in page.history if turn.is_bot]


def rgb(image: QtGui.QImage, at: int) -> tuple[int, int, int]:
    colour = image.pixelColor(at, at)
    return colour.red(), colour.green(), colour.blue()


def image_at(page: PreviewPage, url: str) -> QtGui.QImage:
    resource = page.transcript.document().resource(QtGui.QTextDocument.ResourceType.ImageResource, QtCore.QUrl(url))
    assert isinstance(resource, QtGui.QImage), f"no image for {url}: {resource!r}"
    return resource


async def test_the_characters_a_message_names_answer_it_in_order_each_with_its_own_card(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    fake_model: FakeModel,
    offline_env: dict[str, str],
    tmp_path: Path,
) -> None:
    window, page = await cast_window(make_supervisor, open_window, offline_env)
    # Each reply names the other character: with talking off (the default) nobody answers it.
    lines = {"Ann": "Ann here, the tide is high. What say you, Bram?", "Bram": "Bram here, the loaves are rising, Ann."}
    fake_model.reply = lambda body: lines.get(speaker_of(body), "Nobody asked me.")

    # The second character, named: it alone answers.
    await say(page, "Bram, is the bread ready?")
    assert spoke(page) == ["bram"]
    assert len(fake_model.completions) == 1
    request = fake_model.completions[-1]
    system = system_of(request)
    assert "hums while he kneads" in system and "Also in this conversation:" in system
    assert "- Ann: A retired sea captain who tells tall tales." in system
    assert speaker_of(request) == "Bram"
    assert request["messages"][-2] == {"role": "user", "content": "You: Bram, is the bread ready?"}

    # Both named: each answers, in the order named, with its own card; the second sees the first's reply.
    fake_model.chunk_delay = 0.03
    page.input.setPlainText("Ann, and you too Bram: any news?")
    page.send_button.click()
    assert page.action.task is not None
    # Streamed: the second reply grows in the view while it arrives, under its speaker's name.
    await wait_until(
        lambda: "Bram: Bram here, the" in page.transcript_text().split("any news?")[-1] and page.action.running,
        what="Bram's partial reply",
    )
    assert "rising, Ann." not in page.transcript_text().split("any news?")[-1]
    await asyncio.wait_for(asyncio.shield(page.action.task), 10)
    assert spoke(page) == ["bram", "ann", "bram"]
    ann_request, bram_request = fake_model.completions[-2:]
    assert speaker_of(ann_request) == "Ann" and speaker_of(bram_request) == "Bram"
    assert "tells tall tales" in system_of(ann_request) and "- Bram: A baker from the hills" in system_of(ann_request)
    assert "hums while he kneads" in system_of(bram_request) and "- Ann: A retired sea captain" in system_of(
        bram_request
    )
    assert "hums while he kneads" not in system_of(ann_request).split("Also in this conversation:")[0]
    # Bram's own turns are its assistant turns; Ann's reach it as a named user turn.
    assert {"role": "assistant", "content": lines["Bram"]} in bram_request["messages"]
    assert {"role": "user", "content": f"Ann: {lines['Ann']}"} in bram_request["messages"]
    assert {"role": "user", "content": f"Bram: {lines['Bram']}"} in ann_request["messages"]

    # Named the other way round: the other order. Naming no one: the first of the cast.
    fake_model.chunk_delay = 0
    await say(page, "Bram then Ann, good night.")
    assert spoke(page)[-2:] == ["bram", "ann"]
    assert {"role": "assistant", "content": lines["Ann"]} in fake_model.completions[-1]["messages"]
    await say(page, "Anyone awake?")
    assert spoke(page)[-1] == "ann"
    assert len(fake_model.completions) == 6

    # Regenerate asks the last reply's character again, and only it.
    fake_model.reply = lambda body: f"{speaker_of(body)} again."
    page.input.setPlainText("Bram, one more?")
    page.send_button.click()
    await asyncio.wait_for(asyncio.shield(page.action.task), 10)  # type: ignore[arg-type]
    page.regenerate_button.click()
    await asyncio.wait_for(asyncio.shield(page.action.task), 10)  # type: ignore[arg-type]
    assert spoke(page)[-1] == "bram" and page.history[-1].content == "Bram again."
    assert [turn.content for turn in page.history[-2:]] == ["Bram, one more?", "Bram again."]
    assert len(fake_model.completions) == 8

    # The view: each turn under its speaker's name and avatar.
    text = page.transcript_text()
    assert text.startswith("You: Bram, is the bread ready?\nBram: Bram here, the loaves are rising, Ann.\n")
    assert f"Ann: {lines['Ann']}" in text and text.endswith("You: Bram, one more?\nBram: Bram again.")
    document = page.transcript.toHtml()
    for url in ("avatar:character/ann", "avatar:character/bram", "avatar:person/You"):
        assert f'src="{url}"' in document, url
    assert document.count('src="avatar:character/bram"') == 4
    bram, ann, you = (
        image_at(page, url) for url in ("avatar:character/bram", "avatar:character/ann", "avatar:person/You")
    )
    ratio = page.transcript.devicePixelRatioF()
    for image in (bram, ann, you):
        assert not image.isNull() and image.width() == round(AVATAR_SIZE * ratio)
    centre = bram.width() // 2
    assert rgb(bram, centre) == ORANGE  # Bram's own picture
    assert bram.pixelColor(0, 0).alpha() == 0  # drawn as a disc
    assert rgb(ann, centre) != ORANGE  # Ann has none: her initial on a disc
    assert ann != you  # a placeholder per name
    # The cast list shows the avatars too.
    assert not page.cast_list.item(0).icon().isNull()

    # A short conversation for the picture.
    page.clear_button.click()
    fake_model.reply = lambda body: {
        "Ann": "Ahoy! The gulls say a storm is coming by dusk.",
        "Bram": "Then I'll bake the storm loaf, the one with the seeds.",
    }.get(speaker_of(body), "?")
    await say(page, "Ann, Bram, what are you two up to today?")
    shoot(window, "chat-preview-cast", tmp_path)


async def test_each_character_greets_once_and_clear_starts_over(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    fake_model: FakeModel,
    offline_env: dict[str, str],
) -> None:
    _window, page = await cast_window(make_supervisor, open_window, offline_env, Settings(greeting_mode="first"))
    assert page.transcript_text() == "Ann: Ahoy, You!"  # the first character opens
    fake_model.reply = lambda body: f"{speaker_of(body)} says hi."

    await say(page, "Bram?")
    # Bram greets the first time he speaks, before the message (as in a channel), then answers it.
    assert [(turn.author_name, turn.content) for turn in page.history] == [
        ("Ann", "Ahoy, You!"),
        ("Bram", "Fresh bread, You?"),
        ("You", "Bram?"),
        ("Bram", "Bram says hi."),
    ]
    messages = fake_model.completions[-1]["messages"]
    assert messages[-4:-1] == [
        {"role": "user", "content": "Ann: Ahoy, You!"},
        {"role": "assistant", "content": "Fresh bread, You?"},
        {"role": "user", "content": "You: Bram?"},
    ]
    await say(page, "Ann and Bram!")
    assert [turn.content for turn in page.history].count("Fresh bread, You?") == 1
    assert spoke(page) == ["ann", "bram", "bram", "ann", "bram"]

    page.clear_button.click()
    assert page.transcript_text() == "Ann: Ahoy, You!"
    await say(page, "Bram, hello again.")
    assert [turn.content for turn in page.history[:3]] == ["Ahoy, You!", "Fresh bread, You?", "Bram, hello again."]


async def test_characters_talking_to_each_other_stop_at_the_chain_limit(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    fake_model: FakeModel,
    offline_env: dict[str, str],
) -> None:
    settings = Settings(characters_talk=True, character_chain_limit=3)
    _window, page = await cast_window(make_supervisor, open_window, offline_env, settings)
    # Each names the other: without a limit they would talk forever.
    fake_model.reply = lambda body: {"Ann": "Bram, your turn.", "Bram": "No, Ann, yours."}[speaker_of(body)]

    await say(page, "Ann, start us off.")
    assert spoke(page) == ["ann", "bram", "ann"]
    assert len(fake_model.completions) == 3
    # In the chain the character answered is the {{user}} of the prompt and its last user turn.
    bram_request = fake_model.completions[1]
    assert speaker_of(bram_request) == "Bram"
    assert bram_request["messages"][-2] == {"role": "user", "content": "Ann: Bram, your turn."}
    assert page.transcript_text().endswith("Ann: Bram, your turn.\nBram: No, Ann, yours.\nAnn: Bram, your turn.")

    # A human message starts a new chain.
    await say(page, "Bram?")
    assert spoke(page)[3:] == ["bram", "ann", "bram"]
    assert len(fake_model.completions) == 6
    assert json.dumps(fake_model.completions[-1]["messages"]).count("You: Bram?") == 1


async def test_a_message_naming_no_one_goes_to_the_last_speaker_when_set(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    fake_model: FakeModel,
    offline_env: dict[str, str],
) -> None:
    _window, page = await cast_window(make_supervisor, open_window, offline_env, Settings(mention_answered_by="last"))
    fake_model.reply = lambda body: f"{speaker_of(body)} speaking."
    await say(page, "Hello?")
    assert spoke(page) == ["ann"]  # nobody spoke yet: the first
    await say(page, "Bram, a word.")
    await say(page, "And the weather?")
    assert spoke(page) == ["ann", "bram", "bram"]
