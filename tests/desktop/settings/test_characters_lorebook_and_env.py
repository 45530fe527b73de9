"""Characters page: the card's own lorebook (entry count, export for SillyTavern) and a default
character chosen by FAMILIAR_CHARACTER (shown read-only, never saved over)."""

from __future__ import annotations

import json
from pathlib import Path

from bot.characters import Character, CharacterStore, card_png
from bot.lorebooks import parse_lorebook_bytes
from bot.settings import load_settings
from tests.conftest import SupervisorFactory
from tests.desktop.conftest import wait_until
from tests.desktop.settings.conftest import WindowFactory, shoot
from tests.desktop.settings.test_characters_page import avatar_png

BOOK = {
    "name": "Zed's lore",
    "entries": [
        {
            "keys": ["lamp"],
            "content": "The lamp never goes out.",
            "enabled": True,
            "insertion_order": 10,
            "comment": "Lamp",
        },
        {"keys": ["sea"], "content": "The sea is cold.", "enabled": True, "insertion_order": 20},
    ],
}


async def test_the_cards_lorebook_shows_its_entry_count_and_exports_as_world_info(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str], tmp_path: Path
) -> None:
    supervisor = await make_supervisor(env=offline_env)
    CharacterStore(supervisor.folders.characters).save(
        Character(id="zed", name="Zed", description="A keeper.", character_book=BOOK)
    )
    window = await open_window(supervisor)
    page = window.characters
    info, export = page.form.lorebook_info, page.form.export_lorebook
    assert info.text() == "This card has no lorebook of its own." and not export.isEnabled()  # the built-in
    page._select("zed")
    assert info.text().startswith("This card's own lorebook has 2 entries") and export.isEnabled()

    out = tmp_path / "zed-lorebook.json"
    await page.export_lorebook_to(out)
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(exported["entries"], dict)  # World Info, as SillyTavern writes it
    assert [entry.keys for entry in parse_lorebook_bytes(out.read_bytes(), out.name).entries] == [("lamp",), ("sea",)]
    assert f"Exported the lorebook of “Zed” to {out}" in page.message.text()

    # Typing in the JSON editor updates the count once typing pauses (read off the loop).
    editor = page.form.fields["character_book"]
    editor.setPlainText(json.dumps({"entries": [BOOK["entries"][0]]}))  # type: ignore[attr-defined]
    await wait_until(lambda: "has 1 entry;" in info.text(), what="the new count")
    editor.setPlainText("{not json")  # type: ignore[attr-defined]
    await wait_until(lambda: "not valid JSON yet" in info.text(), what="the JSON complaint")
    page.form.tabs.setCurrentIndex(page.form.tabs.count() - 1)
    editor.setPlainText(json.dumps(BOOK, indent=2))  # type: ignore[attr-defined]
    await wait_until(lambda: "has 2 entries" in info.text(), what="the count again")
    window.show_page(page)
    shoot(window, "characters-lorebook", tmp_path)

    # A card without a lorebook: nothing to export, said in a sentence.
    editor.setPlainText("")  # type: ignore[attr-defined]
    await wait_until(lambda: info.text() == "This card has no lorebook of its own.", what="no lorebook")
    assert not export.isEnabled()
    await page.export_lorebook_to(tmp_path / "none.json")
    assert page.message.text() == "“Zed” has no lorebook in its card." and not (tmp_path / "none.json").exists()


async def test_a_default_character_set_by_the_environment_is_shown_read_only(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str], tmp_path: Path
) -> None:
    card = tmp_path / "nyx.png"
    card.write_bytes(card_png(Character(name="Nyx", description="Nyx is a night owl."), avatar_png()))
    env = {**offline_env, "FAMILIAR_CHARACTER": str(card)}
    supervisor = await make_supervisor(env=env)
    assert supervisor.brain is not None and supervisor.brain.default_card is not None
    window = await open_window(supervisor)
    page = window.characters
    picker = page.default_character
    assert not picker.isEnabled() and picker.currentText() == "Nyx"
    assert page.env_note.isVisibleTo(page)
    assert "FAMILIAR_CHARACTER chooses the default character: Nyx" in page.env_note.text()
    window.show_page(page)
    shoot(window, "characters-env-default", tmp_path)

    # The chat preview offers that character (a card file, not a saved one), and starts with it.
    assert window.preview.character.currentText() == "Nyx (from FAMILIAR_CHARACTER)"

    # Saving never writes the environment's choice over the saved one.
    window.behaviour.cooldown.setValue(3)
    assert await window.save_now()
    assert load_settings(supervisor.folders).character_id == "default"
