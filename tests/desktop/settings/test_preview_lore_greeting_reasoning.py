"""Chat preview, like the bot: lorebook entries of the last reply (used and left out), the
character's greeting, and a reasoning model's thoughts kept apart from its answer."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path

import pytest
from PySide6 import QtCore

from bot.characters import Character, CharacterStore
from bot.lorebooks import LorebookStore
from desktop.settings.lorebooks_page import CHOSEN
from desktop.settings.preview_page import PreviewPage
from desktop.settings.window import SettingsWindow
from tests.conftest import SupervisorFactory
from tests.desktop.settings.conftest import WindowFactory, shoot
from tests.fakes.openai_server import FakeModel

HARBOUR_TEXT = "The harbour of Eldoria " + "is crowded with sky ships and fishing boats, " * 14
ZED = Character(
    id="zed",
    name="Zed",
    description="A quiet lighthouse keeper.",
    first_mes="Evening, {{user}}. Mind the stairs.",
    alternate_greetings=["Storm's coming, {{user}}.", "The lamp is lit."],
    character_book={
        "name": "Zed's lore",
        "entries": [
            {
                "keys": [],
                "constant": True,
                "content": "The lamp must never go out.",
                "enabled": True,
                "insertion_order": 1,
                "comment": "Lamp rule",
                "position": "before_char",
            },
            {
                "keys": ["sea", "tide"],
                "content": "The sea here is cold and grey.",
                "enabled": True,
                "insertion_order": 2,
                "comment": "The sea",
                "position": "after_char",
            },
            {"keys": ["whale"], "content": "Whales pass in spring.", "enabled": True, "comment": "Whales"},
        ],
    },
)
ELDORIA = {
    "name": "Eldoria",
    "entries": {
        "0": {"uid": 0, "key": ["harbour"], "comment": "The harbour", "content": HARBOUR_TEXT, "position": 0},
    },
}


async def preview_window(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, env: dict[str, str], tmp_path: Path
) -> tuple[SettingsWindow, PreviewPage]:
    supervisor = await make_supervisor(env=env)
    CharacterStore(supervisor.folders.characters).save(ZED)
    world = tmp_path / "eldoria.json"
    world.write_text(json.dumps(ELDORIA), encoding="utf-8")
    LorebookStore(supervisor.folders.lorebooks).import_file(world)
    window = await open_window(supervisor)
    window.connection.model.setCurrentText("fake-model")
    page = window.preview
    page.character.setCurrentIndex(page.character.findData("zed"))
    return window, page


async def reply(page: PreviewPage, text: str) -> None:
    page.input.setPlainText(text)
    page.send_button.click()
    assert page.action.task is not None
    await asyncio.wait_for(asyncio.shield(page.action.task), 10)
    assert page.action.result.text() == "", page.action.result.text()


async def test_the_preview_lists_the_lorebook_entries_of_the_last_reply(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    fake_model: FakeModel,
    offline_env: dict[str, str],
    tmp_path: Path,
) -> None:
    window, page = await preview_window(make_supervisor, open_window, offline_env, tmp_path)
    # Unsaved edits count, as everywhere in the preview: Eldoria for Zed, and a tiny lorebook budget.
    window.lorebooks._select("eldoria")
    window.lorebooks.set_usage(CHOSEN, ["zed"])
    window.behaviour.lore_budget.setValue(1)
    window.show_page(page)
    assert "After a reply" in page.lore_hint.text() and page.lore_hint.wordWrap()
    fake_model.reply = "The tide is turning."

    await reply(page, "Is the sea calm by the harbour tonight?")
    lore = page.lore_text()
    assert "Used for the last reply: 2" in lore
    assert "• Lamp rule (Zed's lore): always on; goes before the character's description." in lore
    assert "• The sea (Zed's lore): matched “sea”; goes after the character's description." in lore
    assert "Matched but left out: 1" in lore
    assert "• The harbour (Eldoria): matched “harbour”; left out: it needs " in lore and "were left." in lore
    assert "Whales" not in lore  # not mentioned, not listed

    # What went to the model is what the panel says.
    system = fake_model.completions[-1]["messages"][0]["content"]
    assert "The lamp must never go out." in system and "The sea here is cold and grey." in system
    assert "crowded with sky ships" not in json.dumps(fake_model.completions[-1]["messages"])
    assert page.last_prompt is not None and len(page.last_prompt.lore.dropped) == 1
    shoot(window, "chat-preview-lorebook", tmp_path)

    # With room in the budget, the harbour entry goes in too.
    window.behaviour.lore_budget.setValue(50)
    page.regenerate_button.click()
    assert page.action.task is not None
    await asyncio.wait_for(asyncio.shield(page.action.task), 10)
    assert "Used for the last reply: 3" in page.lore_text() and "left out" not in page.lore_text()
    assert "crowded with sky ships" in fake_model.completions[-1]["messages"][0]["content"]

    # Not attached to this character: the standalone lorebook is not used.
    window.lorebooks.set_usage(CHOSEN, [])
    window.lorebooks.characters.item(1).setCheckState(QtCore.Qt.CheckState.Unchecked)
    assert window.lorebooks.users("eldoria") == []
    page.regenerate_button.click()
    await asyncio.wait_for(asyncio.shield(page.action.task), 10)
    assert "harbour" not in page.lore_text()
    page.clear_button.click()
    assert page.lore_text() == ""


async def test_the_preview_opens_with_the_greeting_the_setting_picks(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    fake_model: FakeModel,
    offline_env: dict[str, str],
    tmp_path: Path,
) -> None:
    window, page = await preview_window(make_supervisor, open_window, offline_env, tmp_path)
    page.user_name.setText("Ann")
    page.user_name.editingFinished.emit()
    window.show_page(page)
    assert page.transcript_text() == ""  # the tests' saved setting: no greeting

    window.behaviour.greeting.setCurrentIndex(window.behaviour.greeting.findData("first"))
    window.show_page(window.behaviour)
    window.show_page(page)
    assert page.transcript_text() == "Zed: Evening, Ann. Mind the stairs."  # macros, with the preview's name
    fake_model.reply = "Careful on the steps."
    await reply(page, "Hello!")
    messages = fake_model.completions[-1]["messages"]
    assert messages[-2:] == [
        {"role": "assistant", "content": "Evening, Ann. Mind the stairs."},
        {"role": "user", "content": "Ann: Hello!"},
    ]
    page.regenerate_button.click()  # the greeting stays; only the reply is asked again
    await asyncio.wait_for(asyncio.shield(page.action.task), 10)  # type: ignore[arg-type]
    assert [turn.content for turn in page.history][:2] == ["Evening, Ann. Mind the stairs.", "Hello!"]

    page.clear_button.click()
    assert page.transcript_text() == "Zed: Evening, Ann. Mind the stairs."  # a new conversation, greeted

    window.behaviour.greeting.setCurrentIndex(window.behaviour.greeting.findData("random"))
    page._rng = random.Random(7)
    seen = set()
    for _ in range(12):
        page.clear_button.click()
        seen.add(page.transcript_text())
    assert seen == {"Zed: Evening, Ann. Mind the stairs.", "Zed: Storm's coming, Ann.", "Zed: The lamp is lit."}
    # The greeting drawn stays while nothing changes (showing the page again does not draw again).
    shown = page.transcript_text()
    window.show_page(window.behaviour)
    window.show_page(page)
    assert page.transcript_text() == shown

    window.behaviour.greeting.setCurrentIndex(window.behaviour.greeting.findData("off"))
    page.clear_button.click()
    assert page.transcript_text() == "" and page.history == []


@pytest.mark.parametrize("where", ["field", "tags"])
async def test_a_reasoning_models_thoughts_never_pass_for_its_answer(
    where: str,
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    fake_model: FakeModel,
    offline_env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, page = await preview_window(make_supervisor, open_window, offline_env, tmp_path)
    window.show_page(page)
    thoughts = "First I check the tide tables and the secret cove."
    if where == "field":
        fake_model.reasoning = thoughts
        fake_model.reasoning_field = "reasoning"  # OpenRouter and Ollama's name for it
        fake_model.reply = "The tide is low."
    else:
        fake_model.reply = f"<think>{thoughts}</think>\n\nThe tide is low."
    shown: list[str] = []
    original = page._show_partial

    def spy(visible: str, thinking: bool) -> None:
        shown.append(page.transcript_text())
        original(visible, thinking)
        shown.append(page.transcript_text())

    monkeypatch.setattr(page, "_show_partial", spy)

    await reply(page, "How is the tide?")
    assert shown and not [text for text in shown if "secret cove" in text or "<think" in text]
    assert page.transcript_text() == "You: How is the tide?\nZed: The tide is low."  # show_reasoning is off
    assert page.history[-1].content == "The tide is low."

    # Shown, folded and greyed above the answer, when the setting is on (here: unsaved).
    window.behaviour.show_reasoning.setChecked(True)
    window.show_page(window.behaviour)
    window.show_page(page)
    assert "The model's reasoning (10 words; click to show)" in page.transcript_text()
    assert "secret cove" not in page.transcript_text()
    page.transcript.anchorClicked.emit(QtCore.QUrl("reasoning:1"))
    assert "secret cove" in page.transcript_text() and "click to hide" in page.transcript_text()
    assert page.transcript_text().endswith("Zed: The tide is low.")
    if where == "field":
        shoot(window, "chat-preview-reasoning", tmp_path)
    # Never back to the model as the character's words.
    await reply(page, "And tomorrow?")
    assert "secret cove" not in json.dumps(fake_model.completions[-1]["messages"])
